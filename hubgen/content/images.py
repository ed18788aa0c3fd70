"""Images in content: resized for phones, stripped of metadata, within a size budget.

Editors put photos in ``content/images/`` (every state) or
``content/<state>/images/`` (one state; the same name replaces the national
one) and write ``![what it shows](/images/office.jpg)`` in Markdown. The build
writes a few widths of each, as WebP and as JPEG or PNG, with EXIF and GPS
data removed (a photo's location can reveal a home), and the page gets a
``<picture>`` with ``srcset`` so a phone downloads the small one.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from hubgen.core.errors import Problem, relpath
from hubgen.core.symlinks import link_problem

WIDTHS = (480, 960, 1600)
SUFFIXES = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
FOLDER = "images"


@dataclass(frozen=True)
class ImageInfo:
    name: str  # 'office.jpg', as written after /images/
    source: Path
    shown: str
    width: int
    height: int
    digest: bytes = b""  # of the file's bytes

    @property
    def widths(self) -> tuple[int, ...]:
        fitting = tuple(w for w in WIDTHS if w < self.width)
        return (*fitting, min(self.width, WIDTHS[-1]))

    @property
    def stem(self) -> str:
        return self.name.rsplit(".", 1)[0]

    @property
    def fallback(self) -> str:
        return "png" if self.source.suffix.lower() == ".png" else "jpg"

    def file(self, width: int, ext: str) -> str:
        return f"{FOLDER}/{self.stem}-{width}.{ext}"

    def srcset(self, base: str, ext: str) -> str:
        return ", ".join(f"{base}{self.file(w, ext)} {w}w" for w in self.widths)

    def height_at(self, width: int) -> int:
        return round(self.height * width / self.width)


def find_images(
    content: Path, state_folder: Path, root: Path
) -> tuple[dict[str, ImageInfo], list[Problem]]:
    """The images one state can use: national ones, then the state's own."""
    found: dict[str, ImageInfo] = {}
    problems: list[Problem] = []
    for folder in (content / FOLDER, state_folder / FOLDER):
        shown_folder = f"{relpath(folder.parent, root)}/{FOLDER}"
        refused = link_problem(folder, shown_folder, content)
        if refused or not folder.is_dir():
            problems += [refused] if refused else []
            continue
        for path in sorted(folder.iterdir()):
            refused = link_problem(path, f"{shown_folder}/{path.name}", content)
            problems += [refused] if refused else []
            if path.name.startswith(".") or refused or not path.is_file():
                continue
            shown = relpath(path, root)
            if path.suffix.lower() not in SUFFIXES:
                hint = "use JPEG (.jpg) for photos and PNG (.png) for drawings"
                problems.append(
                    Problem(shown, None, f"'{path.name}' is not a JPEG or PNG image", hint)
                )
                continue
            from PIL import Image, ImageOps, UnidentifiedImageError  # only with images

            try:
                with Image.open(path) as image:
                    width, height = ImageOps.exif_transpose(image).size
            except (OSError, UnidentifiedImageError) as exc:
                problems.append(
                    Problem(
                        shown,
                        None,
                        f"the image cannot be read: {exc}",
                        "save it again as JPEG or PNG",
                    )
                )
                continue
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
            found[path.name] = ImageInfo(path.name, path, shown, width, height, digest)
    return found, problems


def variants(info: ImageInfo) -> Iterator[tuple[str, bytes]]:
    """(file, bytes) for every width and format; metadata is never copied."""
    from PIL import Image, ImageOps

    with Image.open(info.source) as opened:
        image = ImageOps.exif_transpose(opened)
        image = image.convert("RGBA" if info.fallback == "png" else "RGB")
        for width in info.widths:
            resized = image.resize((width, info.height_at(width)), Image.Resampling.LANCZOS)
            for ext, options in (("webp", {"quality": 78, "method": 4}), (info.fallback, {})):
                out = io.BytesIO()
                if ext == "jpg":
                    resized.save(out, "JPEG", quality=80, optimize=True, progressive=True)
                elif ext == "png":
                    resized.save(out, "PNG", optimize=True)
                else:
                    resized.save(out, "WEBP", **options)
                yield info.file(width, ext), out.getvalue()


def budget_problem(info: ImageInfo, sizes: dict[str, int], budget_kb: int) -> Problem | None:
    """The largest file a phone could be sent (the 960 px one, or the widest) must fit."""
    width = 960 if 960 in info.widths else info.widths[-1]
    size = min(sizes[info.file(width, "webp")], sizes[info.file(width, info.fallback)])
    if size <= budget_kb * 1024:
        return None
    hint = "crop it or compress it; the budget is set by image_budget_kb in content/site.yaml"
    message = f"the image is {size // 1024} KB at {width} px wide, over the {budget_kb} KB budget"
    return Problem(info.shown, None, message, hint)
