"""Parse each content file into a validated :class:`Document`.

Parsing reads front matter
with the type's schema and runs the type's cross-field checks; it never
renders Markdown, which waits for the render stage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from types import MappingProxyType
from typing import Any

from hubgen.content.config import Config, StateConfig
from hubgen.content.discovery import SourceFile
from hubgen.content.fields import Field, Schema
from hubgen.content.frontmatter import split
from hubgen.content.rules import Draft, check_document
from hubgen.content.schema import validate
from hubgen.content.types import SCHEMAS
from hubgen.core.errors import BuildFailed, Problem
from hubgen.core.fingerprints import digest
from hubgen.core.textfile import (
    NotAFile,
    decode,
    normalized,
    read_regular,
    unreadable,
)


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


def translation_schema(schema: Schema) -> Schema:
    """A translation may set only the fields people read: title, description... A list
    of texts people read is set whole; a record (or a place) only in its fields people
    read (``place: {directions: ...}``), which replace the original's in the merge
    (see :func:`translated_value`)."""
    kept = [f if f.name == "draft" else _translatable(f) for f in schema.fields]
    return Schema(schema.name + " translation", tuple(f for f in kept if f is not None))


def _translatable(spec: Field) -> Field | None:
    """What of a field a translation may set, as a field; None for nothing."""
    if spec.translatable or (spec.item is not None and spec.item.translatable):
        return spec
    inner = [*(spec.schema.fields if spec.schema else ())]
    for variant in spec.variants.values():
        inner += [f for f in variant.fields if f.name not in {g.name for g in inner}]
    texts = tuple(replace(f, required=False) for f in inner if f.translatable)
    if not texts:
        return None
    return Field(spec.name, "record", spec.help, schema=Schema(spec.name, texts))


def translated_value(original: Any, written: Any) -> Any:
    """A field's value on a translated page: what the translation wrote, and for a
    record the original's with the fields the translation wrote replaced."""
    if not isinstance(written, dict) or not is_dataclass(original):
        return written
    own = {k: v for k, v in written.items() if k in {f.name for f in fields(original)}}
    rest = {k: v for k, v in written.items() if k not in own}
    inner = getattr(original, "address", None)  # an event's public place: its address
    if rest and is_dataclass(inner):
        own["address"] = translated_value(inner, rest)
    return replace(original, **own)


def parse(
    source: SourceFile,
    config: Config,
    state: StateConfig | None,
    default_lang: str,
    content: bytes | None = None,
) -> tuple[Document | None, list[Problem]]:
    """Read one file (or its ``content``); ``None`` with its problems when it cannot be read.

    A file with wrong values is still a document, made of the values that are right, so
    it keeps its place in the site and the later stages check the rest of it: its errors
    stop the build all the same."""
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
