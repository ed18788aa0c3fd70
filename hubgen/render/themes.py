"""Themes: manifests, inheritance, and the Jinja environment each state renders with.

A theme is a folder with ``theme.yaml``, ``templates/`` and ``static/``. It
may extend another (``extends: default``). Templates are looked up in the
state's own ``_templates/`` folder, then the theme, then its parents; a
template names a parent's version explicitly as ``"default:base.html"``.
Project themes (``themes/<name>/``) come before the ones shipped with hubgen.
Every template is compiled when the environment is made, so a template
error stops the build before any content is rendered.

A theme's static files are published in a folder named for a hash of all of
them (``static/3f9c0a1b2d4e/hubgen.css``), so hosts may cache them for a year:
an edit gives them a new address. Templates name them by their plain path
through ``state.asset('/static/hubgen.css')``; files that refer to each other
by relative address (a stylesheet's ``url()``) stay side by side. Stylesheets are
published without their comments and spaces (the theme's own file keeps them, for
whoever edits it).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import jinja2
import rcssmin

from hubgen.content.fields import Field, Schema
from hubgen.content.frontmatter import read_yaml
from hubgen.content.schema import validate
from hubgen.core.errors import Problem, did_you_mean, relpath
from hubgen.core.textfile import SAVE_AS_UTF8, decode, line_at, read_regular
from hubgen.render.recording import RecordingEnvironment

MANIFEST = Schema(
    "theme.yaml",
    (
        Field("name", "text", "the theme's name", required=True),
        Field("description", "text", "what it looks like"),
        Field("extends", "slug", "the theme it builds on, like default"),
        Field("strings", "extra", "interface text per language: strings: {en: {...}, es: {...}}"),
    ),
)


@dataclass(frozen=True)
class Theme:
    name: str
    folder: Path
    parent: Theme | None
    strings: Mapping[str, Mapping[str, str]]  # language -> key -> text, parents merged in

    @property
    def chain(self) -> list[Theme]:
        """This theme, then its parents."""
        themes, theme = [], self
        while theme is not None:
            themes.append(theme)
            theme = theme.parent
        return themes

    @property
    def static_dirs(self) -> list[Path]:
        """Static folders, the farthest parent first, so children override."""
        return [t.folder / "static" for t in reversed(self.chain) if (t.folder / "static").is_dir()]


IGNORED_STATIC = (".", "__pycache__")


@dataclass(frozen=True)
class Statics:
    """A theme's static files (its parents' too, its own replacing theirs) and their folder."""

    files: tuple[tuple[str, bytes], ...]  # path inside static/, bytes
    path: str  # where they are published, under a site: 'static/3f9c0a1b2d4e/'


def static_asset(path: str, folder: str) -> str:
    """Where a file is published: 'static/x' in ``folder`` (a leading '/' is kept); any other
    path as it is."""
    inside = path.lstrip("/")
    if not inside.startswith("static/"):
        return path
    return path[: len(path) - len(inside)] + folder + inside[len("static/") :]


def read_statics(theme: Theme) -> Statics:
    """The theme's static files (no hidden, backup or Python files) and their folder's name."""
    found: dict[str, bytes] = {}
    for folder in theme.static_dirs:
        for base, dirs, names in os.walk(folder, onerror=_raise):  # an unreadable folder too
            dirs[:] = sorted(d for d in dirs if not d.startswith(IGNORED_STATIC))
            for name in sorted(names):
                if name.startswith(".") or name.endswith(("~", ".py")):
                    continue
                path = Path(base) / name
                found[path.relative_to(folder).as_posix()] = read_regular(path)
    files = tuple((name, _published(name, data)) for name, data in sorted(found.items()))
    digest = hashlib.blake2b(digest_size=6)
    for name, data in files:
        digest.update(f"{name}\0{len(data)}\0".encode() + data)
    return Statics(files, f"static/{digest.hexdigest()}/")


def _published(name: str, data: bytes) -> bytes:
    """A static file as it is published: a stylesheet minified (a quarter of the default
    theme's is comments and spaces), any other file as it is."""
    return rcssmin.cssmin(data) if name.endswith(".css") else data


def _raise(error: OSError) -> None:
    raise error


def builtin_themes() -> Path:
    """The themes shipped with hubgen.

    The repository's ``themes/`` folder is installed as ``hubgen/bundled_themes``
    (see pyproject.toml); running from a source checkout uses ``themes/`` itself.
    """
    bundled = Path(str(files("hubgen"))) / "bundled_themes"
    return bundled if bundled.is_dir() else Path(__file__).resolve().parents[2] / "themes"


def find_theme_folder(name: str, root: Path) -> Path | None:
    for base in (root / "themes", builtin_themes()):
        if (base / name / "theme.yaml").is_file():
            return base / name
    return None


def load_theme(
    name: str, root: Path, seen: tuple[str, ...] = ()
) -> tuple[Theme | None, list[Problem]]:
    folder = find_theme_folder(name, root)
    if folder is None:
        known = sorted(
            {
                p.parent.name
                for base in (root / "themes", builtin_themes())
                if base.is_dir()
                for p in base.glob("*/theme.yaml")
            }
        )
        guess = did_you_mean(name, known)
        hint = (guess + " " if guess else "") + "Themes: " + ", ".join(known)
        return None, [Problem("themes", None, f"theme '{name}' not found", hint)]
    manifest = folder / "theme.yaml"
    shown = relpath(manifest, root)
    text, problems = decode(manifest.read_bytes(), shown)
    doc, more = read_yaml(text, shown) if text is not None else (None, [])
    problems += more
    if problems or doc is None:
        return None, problems
    result = validate(doc, MANIFEST)
    if result.problems:
        return None, result.problems
    parent = None
    base = result.values.get("extends")
    if base:
        if base in seen + (name,):
            return None, [
                Problem(
                    shown,
                    result.lines.get("extends"),
                    f"theme '{name}' extends itself through '{base}'",
                    "remove the circular 'extends:'",
                )
            ]
        parent, problems = load_theme(base, root, seen + (name,))
        if parent is None:
            return None, problems
    strings: dict[str, dict[str, str]] = {}
    for theme_strings in (parent.strings if parent else {}, result.values.get("strings") or {}):
        for lang, table in theme_strings.items():
            strings.setdefault(lang, {}).update({str(k): str(v) for k, v in (table or {}).items()})
    return Theme(name, folder, parent, strings), []


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled by earlier builds (in the build cache's folder). Like the rest of
    the cache it can never stop a build: a damaged file is compiled again, and one that
    cannot be written (a full or read-only disk) is not kept."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def make_environment(
    theme: Theme, overrides: Path | None, compiled: Path | None = None
) -> jinja2.Environment:
    """The theme's environment; ``compiled`` keeps compiled templates between builds."""
    search = ([overrides] if overrides and overrides.is_dir() else []) + [
        t.folder / "templates" for t in theme.chain
    ]
    for folder in search:  # an unreadable folder is a problem of the machine, not a theme
        if folder.is_dir():  # without templates (Jinja would find none in it, silently)
            os.listdir(folder)
    named = {t.name: jinja2.FileSystemLoader(t.folder / "templates") for t in theme.chain}
    loader = jinja2.ChoiceLoader(
        [jinja2.FileSystemLoader([str(p) for p in search]), jinja2.PrefixLoader(named, ":")]
    )
    return RecordingEnvironment(
        loader=loader,
        bytecode_cache=CompiledTemplates(str(compiled)) if compiled else None,
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def compile_all(env: jinja2.Environment, root: Path) -> list[Problem]:
    """Compile every template now, so syntax errors surface before rendering."""
    problems = []
    for name in env.list_templates():
        try:
            if name.endswith((".html", ".xml", ".txt")):
                env.get_template(name)
            else:  # a file templates may include: it must be text too
                env.loader.get_source(env, name)  # type: ignore[union-attr]
        except jinja2.TemplateSyntaxError as exc:
            problems.append(template_problem(exc, root))
        except UnicodeDecodeError as exc:
            problems.append(_not_text(env, name, exc, root))
    return problems


def _not_text(env: jinja2.Environment, name: str, exc: UnicodeDecodeError, root: Path) -> Problem:
    """A template that is not UTF-8, at its file (first in the search path) and line."""
    loader = env.loader
    assert isinstance(loader, jinja2.ChoiceLoader)
    search = loader.loaders[0]
    assert isinstance(search, jinja2.FileSystemLoader)
    found = [Path(p) / name for p in search.searchpath if (Path(p) / name).is_file()]
    line = line_at(found[0].read_bytes(), exc.start) if found else None
    message = f"the template is not UTF-8 text: byte {exc.start} cannot be read"
    return Problem(relpath(found[0], root) if found else name, line, message, SAVE_AS_UTF8)


def missing_templates(
    env: jinja2.Environment, theme: Theme, names: tuple[str, ...], root: Path
) -> list[Problem]:
    """A problem for each template the theme (with its parents) does not have."""
    problems = []
    for name in names:
        try:
            env.get_template(name)
        except jinja2.TemplateNotFound:
            shown = relpath(theme.folder / "templates", root)
            hint = f"add {shown}/{name}, or add 'extends: default' to the theme's theme.yaml"
            problems.append(Problem(shown, None, f"theme '{theme.name}' has no {name}", hint))
        except (jinja2.TemplateSyntaxError, UnicodeDecodeError):
            pass  # reported by compile_all
    return problems


def template_problem(exc: Exception, root: Path, page: str = "") -> Problem:
    """A template error pinned to the template file and line that raised it."""
    where = f" while rendering {page}" if page else ""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        shown = relpath(Path(exc.filename), root) if exc.filename else str(exc.name)
        return Problem(
            shown,
            exc.lineno,
            f"template syntax error: {exc.message}",
            "check the {% %} and {{ }} tags on this line",
        )
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if _is_template(f.filename)]
    if frames:
        frame = frames[-1]
        shown, line = relpath(Path(frame.filename), root), frame.lineno
    else:
        shown, line = "templates", None
    hint = "a template may only use values the template contract gives it (see the README)"
    if isinstance(exc, jinja2.UndefinedError):
        return Problem(shown, line, f"template error{where}: {exc.message}", hint)
    message = f"template error{where}: {type(exc).__name__}: {exc}"
    return Problem(shown, line, message, "check the expression on this line of the template")


def _is_template(filename: str) -> bool:
    parts = Path(filename).parts
    return filename.endswith((".html", ".xml", ".txt")) and bool(
        {"templates", "_templates"} & set(parts)
    )
