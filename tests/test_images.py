"""Images: resized into widths and formats, metadata stripped, alt text and size checked."""

from __future__ import annotations

import io
import random
from pathlib import Path

from PIL import Image

from tests.conftest import build_site, check_site

GPS = 0x8825


def photo(width: int, height: int, noise: bool = False) -> bytes:
    """A JPEG with camera and GPS metadata, like a phone photo."""
    image = Image.new("RGB", (width, height), "#4a7ab0")
    if noise:
        rng = random.Random(7)
        image.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256))
                       for _ in range(width * height)])  # fmt: skip
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2026:11:01 10:00:00"  # DateTime
    exif[GPS] = {1: "N", 2: (43.0, 4.0, 23.0), 3: "W", 4: (89.0, 24.0, 4.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


PAGE = "---\ntitle: Photos\n---\nIntro.\n\n![{alt}](/images/{name})\n"


def site_with(tmp_site, image: bytes, alt: str = "Volunteers at a table", name: str = "team.jpg"):
    root = tmp_site({"content/testland/pages/photos.md": PAGE.format(alt=alt, name=name)})
    (root / "content/images").mkdir(parents=True)
    (root / "content/images/team.jpg").write_bytes(image)
    return root


def test_images_are_resized_converted_and_stripped(tmp_site) -> None:
    source = photo(1200, 800)
    assert Image.open(io.BytesIO(source)).getexif().get(GPS) is not None
    root = site_with(tmp_site, source)
    result = build_site(root)
    assert result.exit_code == 0, result.output
    images = root / "public/testland/images"
    assert sorted(p.name for p in images.iterdir()) == [
        "team-1200.jpg", "team-1200.webp", "team-480.jpg", "team-480.webp",
        "team-960.jpg", "team-960.webp",
    ]  # fmt: skip
    for file in images.iterdir():
        with Image.open(file) as image:
            assert not image.getexif(), file  # no camera data, no GPS
            assert "exif" not in image.info and "xmp" not in image.info
    with Image.open(images / "team-480.jpg") as small:
        assert small.size == (480, 320)
    html = (root / "public/testland/photos/index.html").read_text()
    assert (
        '<source sizes="(max-width: 46rem) 100vw, 46rem" srcset="/tl/images/team-480.webp 480w'
        in html
    )
    assert 'alt="Volunteers at a table"' in html
    assert 'width="1200"' in html and 'height="800"' in html


def test_an_image_without_alt_text_is_an_error(tmp_site) -> None:
    root = site_with(tmp_site, photo(600, 400), alt="")
    result = check_site(root)
    assert result.exit_code == 1
    assert "content/testland/pages/photos.md:6: error: image /images/team.jpg has no alt text" in (
        result.stderr
    )


def test_a_missing_image_is_an_error(tmp_site) -> None:
    root = site_with(tmp_site, photo(600, 400), name="nobody.jpg")
    result = check_site(root)
    assert "photos.md:6: error: image /images/nobody.jpg does not exist" in result.stderr


def test_check_enforces_the_size_budget(tmp_site) -> None:
    root = site_with(tmp_site, photo(1200, 900, noise=True))
    site_yaml = root / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text() + "image_budget_kb: 40\n")
    result = check_site(root)
    assert result.exit_code == 1
    assert "content/images/team.jpg: error: the image is" in result.stderr
    assert "over the 40 KB budget" in result.stderr


def test_demo_image_is_published_small(demo_public: Path) -> None:
    images = demo_public / "wisconsin/images"
    assert (images / "eau-claire-office-480.webp").stat().st_size < 20_000
    page = (demo_public / "wisconsin/offices/eau-claire-office/index.html").read_text()
    assert "<picture>" in page and 'loading="lazy"' in page
