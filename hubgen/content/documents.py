"""Find content files and parse each into a validated :class:`Document`.

The folder gives the type (``events/`` holds events), the file name the slug
and language (``madison.md``, ``madison.es.md``). Parsing reads front matter
with the type's schema and runs the type's cross-field checks; it never
renders Markdown, which waits for the render stage.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from hubgen.content.config import NATIONAL_FOLDERS, Config, StateConfig
from hubgen.content.frontmatter import split
from hubgen.content.rules import Draft, check_document
from hubgen.content.scalars import SLUG_RE
from hubgen.content.schema import Schema, validate
from hubgen.content.types import FOLDERS, SCHEMAS
from hubgen.core.errors import BuildFailed, Problem, relpath
from hubgen.core.fingerprints import digest
from hubgen.core.symlinks import link_problem
from hubgen.core.textfile import (
    NotAFile,
    decode,
    normalized,
    read_regular,
    special_kind,
    unreadable,
)

NATIONAL = ""  # the state key of national content
_RENAME_SPECIAL = "remove it, or rename it so its name does not end in .md"
_MOVE_SPECIAL = "remove it, or move it out of content/"


@dataclass(frozen=True)
class SourceFile:
    file: str  # where the file is (a Path is made only when it is asked for)
    shown: str  # relative to the project, for messages
    state: str  # a state key, or NATIONAL
    type: str
    slug: str
    lang: str

    @property
    def path(self) -> Path:
        return Path(self.file)


class ChangedWhileBuilding(BuildFailed):
    """A file's text is not what it was when the build read its front matter."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        hint = "save your changes and build again"
        super().__init__([Problem(shown, None, "the file changed while hubgen was building", hint)])

    def __reduce__(self) -> tuple[Any, ...]:  # so it can come back from a worker process
        return (ChangedWhileBuilding, (self.shown,))


@dataclass(frozen=True)
class Document:
    """A parsed file: typed front matter, key lines, and the Markdown body.

    ``meta_hash`` and ``body_hash`` fingerprint the text the front matter and
    the body were read from, so later builds can tell what changed. The body
    may be left out (``text=None``, as in the build cache and in the results of
    worker processes): it is read again from the file, from ``body_start``,
    when it is first needed.
    """

    source: SourceFile
    meta: Mapping[str, Any]
    lines: Mapping[str, int]
    text: str | None
    body_line: int
    meta_hash: bytes = b""
    body_hash: bytes = b""
    body_start: int = 0

    @property
    def body(self) -> str:
        """The Markdown body; read from the file each time when it was left out, so
        memory never holds the whole site's text."""
        if self.text is not None:
            return self.text
        try:
            raw = read_regular(self.source.file)
        except NotAFile:  # replaced by a named pipe or the like since it was parsed
            raise ChangedWhileBuilding(self.source.shown) from None
        text = normalized(raw.decode("utf-8"))[self.body_start :]
        if body_digest(self.body_line, text) != self.body_hash:
            raise ChangedWhileBuilding(self.source.shown)
        return text

    def without_body(self) -> Document:
        return replace(self, text=None)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled without the body, which the file still holds."""
        return (_restore, (self.source, dict(self.meta), dict(self.lines), self.body_line,
                           self.meta_hash, self.body_hash, self.body_start))  # fmt: skip

    @property
    def key(self) -> tuple[str, str]:
        return (self.source.type, self.source.slug)

    @property
    def title(self) -> str:
        return str(self.meta.get("title", self.source.slug))

    def line(self, key: str) -> int | None:
        return self.lines.get(key)


def _restore(
    source: SourceFile, meta: dict[str, Any], lines: dict[str, int], *rest: Any
) -> Document:
    body_line, meta_hash, body_hash, body_start = rest
    return Document(source, MappingProxyType(meta), MappingProxyType(lines), None, body_line,
                    meta_hash, body_hash, body_start)  # fmt: skip


def body_digest(body_line: int, body: str) -> bytes:
    """The body's fingerprint: its text and first line, hashed as bytes (a ``repr`` of a
    whole page's text, as :func:`digest` takes, costs more than the hash itself)."""
    return hashlib.blake2b(b"body %d\n%s" % (body_line, body.encode()), digest_size=16).digest()


def _ignored(name: str) -> bool:
    """Editor backups, swap files and hidden files are not content."""
    return name.startswith((".", "#", "_")) or name.endswith(("~", ".swp", ".tmp"))


def discover(config: Config) -> tuple[list[SourceFile], list[Problem]]:
    """Every content file of the states being built, and national content."""
    finder = _Finder(config)
    for folder in NATIONAL_FOLDERS:
        path = config.content / folder
        if finder.followable(path) and path.is_dir():
            finder.scan(path, NATIONAL, FOLDERS[folder], config.site.languages)
    for state in config.states:
        for entry in sorted(state.folder.iterdir()):
            if entry.name in ("_templates", "images") or _ignored(entry.name):
                continue
            if not finder.followable(entry):
                continue
            if entry.is_dir() and entry.name in FOLDERS:
                finder.scan(entry, state.key, FOLDERS[entry.name], state.languages)
            elif entry.is_file() and entry.name.split(".")[0] == "index" and entry.suffix == ".md":
                finder.add(str(entry), entry.name, state.key, "home", state.languages)
            elif not finder.special(str(entry), _MOVE_SPECIAL):
                finder.misplaced(entry)
    return finder.sources, finder.problems


class _Finder:
    """Collects source files and the problems with their names and places."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.sources: list[SourceFile] = []
        self.problems: list[Problem] = []

    def followable(self, path: Path, shown: str = "") -> bool:
        """False, with the problem, for a link that leads outside content/ or nowhere."""
        shown = shown or f"{relpath(path.parent, self.config.root)}/{path.name}"
        problem = link_problem(path, shown, self.config.content)
        if problem:
            self.problems.append(problem)
        return problem is None

    def misplaced(self, path: Path) -> None:
        folders = ", ".join(f"{name}/" for name in FOLDERS)
        hint = (
            f"a state folder holds _state.yaml, index.md, _templates/, images/ and the folders "
            f"{folders}"
        )
        shown = relpath(path, self.config.root)
        self.problems.append(
            Problem(shown, None, f"'{path.name}' is not in a content folder", hint)
        )

    def special(self, path: str, remedy: str, shown: str = "") -> bool:
        """True, with the problem, for a named pipe, a socket or a device (or a link to one).

        Such a file is never opened: reading a named pipe waits until some program writes to
        it, which may be never. ``os.stat`` tells what it is without opening it.
        """
        try:
            kind, purpose = special_kind(os.stat(path).st_mode)
        except OSError:
            return False  # gone since the folder was listed: nothing to read
        if not kind:
            return False
        shown = shown or relpath(Path(path), self.config.root)
        what = f"a link to a {kind}" if os.path.islink(path) else f"a {kind}"
        hint = (
            f"it is {what}, {purpose}, not a page: hubgen reads only regular text files; {remedy}"
        )
        self.problems.append(Problem(shown, None, f"unexpected {what.removeprefix('a ')}", hint))
        return True

    def scan(self, folder: Path, state: str, kind: str, languages: tuple[str, ...]) -> None:
        shown_folder = relpath(folder, self.config.root)
        with os.scandir(folder) as entries:
            found = sorted(entries, key=lambda e: e.name)
        for entry in found:
            shown = f"{shown_folder}/{entry.name}"
            if _ignored(entry.name):
                continue
            if entry.is_symlink() and not self.followable(Path(entry.path), shown):
                continue
            if entry.name.endswith(".md") and entry.is_file():
                self.add(entry.path, entry.name, state, kind, languages, shown)
            elif entry.is_dir():
                hint = f"put {kind} files directly in {folder.name}/"
                self.problems.append(Problem(shown, None, "unexpected folder", hint))
            elif entry.name.endswith(".md"):
                self.special(entry.path, _RENAME_SPECIAL, shown)

    def add(self, file: str, name: str, state: str, kind: str, languages: tuple[str, ...],
            shown: str = "") -> None:  # fmt: skip
        shown = shown or relpath(Path(file), self.config.root)
        parts = name[: -len(".md")].split(".")
        slug, lang = parts[0], parts[1] if len(parts) == 2 else languages[0]
        if len(parts) > 2 or not SLUG_RE.match(slug):
            hint = "name files with lowercase letters, digits and hyphens, like madison-east.md"
            self.problems.append(Problem(shown, None, f"'{name}' is not a valid file name", hint))
            return
        known = self.config.site.languages
        if lang not in known:
            hint = "a translation is named SLUG.LANG.md with a language from site.yaml: "
            self.problems.append(
                Problem(
                    shown, None, f"'{lang}' is not a language of the site", hint + ", ".join(known)
                )
            )
            return
        self.sources.append(SourceFile(file, shown, state, kind, slug, lang))


def translation_schema(schema: Schema) -> Schema:
    """A translation may set only the fields people read: title, description..."""
    fields = tuple(f for f in schema.fields if f.translatable or f.name == "draft")
    return Schema(schema.name + " translation", fields)


def parse(
    source: SourceFile,
    config: Config,
    state: StateConfig | None,
    default_lang: str,
    content: bytes | None = None,
) -> tuple[Document | None, list[Problem]]:
    """Read one file (or its ``content``); ``None`` with its problems when it cannot be used."""
    try:
        raw = read_regular(source.file) if content is None else content
    except OSError as exc:
        return None, [unreadable(exc, source.shown)]
    text, problems = decode(raw, source.shown)
    if text is None:
        return None, problems
    parts, problems = split(text, source.shown)
    if problems:
        return None, problems
    schema = SCHEMAS[source.type]
    is_translation = source.lang != default_lang
    if is_translation:
        schema = translation_schema(schema)
    result = validate(parts.meta, schema, config.context(state))
    problems = result.problems
    if is_translation:
        problems = [_explain_translation(p, source) for p in problems]
    else:
        problems += check_document(Draft(result.values, result.lines, source, config, state))
    if any(p.severity == "error" for p in problems):
        return None, problems
    meta = MappingProxyType(result.values)
    start = len(text) - len(parts.body)
    doc = Document(source, meta, MappingProxyType(result.lines), parts.body, parts.body_line,
                   digest(("meta", source.shown, text[:start])),
                   body_digest(parts.body_line, parts.body), start)  # fmt: skip
    return doc, problems


def _explain_translation(problem: Problem, source: SourceFile) -> Problem:
    if problem.message.startswith("unknown key"):
        hint = (
            f"a translation sets only the text people read; other settings come from "
            f"{source.slug}.md. {problem.hint}"
        )
        return Problem(problem.path, problem.line, problem.message, hint)
    return problem
