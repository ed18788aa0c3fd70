"""Field kinds and declared schemas: what each front-matter key of a type may hold.

A :class:`Schema` is data: a tuple of :class:`Field` values, each with a kind,
whether it is required, its default, its allowed values or reference target.
:mod:`hubgen.content.schema` reads YAML against it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal[
    "text",
    "host",
    "int",
    "bool",
    "date",
    "datetime",
    "time",
    "url",
    "email",
    "phone",
    "ref",
    "enum",
    "list",
    "record",
    "variant",
    "timezone",
    "county",
    "zip",
    "slug",
    "extra",
    "weekly",
    "float",
    "end",
    "new_date",
    "public_email",
    "language",
]


@dataclass(frozen=True)
class Field:
    """One front-matter key: its kind and the rules its value follows."""

    name: str
    kind: Kind
    help: str = ""
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    target: str = ""  # for "ref": the content type referred to
    item: Field | None = None  # for "list"
    schema: Schema | None = None  # for "record"
    variants: Mapping[str, Schema] = field(default_factory=dict)  # for "variant", by `type:`
    make: Callable[[dict[str, Any]], Any] | None = None  # builds a typed value from a record
    minimum: float | None = None
    maximum: float | None = None
    translatable: bool = False  # a translation (slug.es.md) may set it


@dataclass(frozen=True)
class Schema:
    """The fields of one content type or settings file."""

    name: str
    fields: tuple[Field, ...]
    forbidden: Mapping[str, str] = field(default_factory=dict)  # key -> why it is refused
    # for a record: reads a value written as words ("every 2nd tuesday") into the record's
    # lines, (key, value as YAML) for each it could tell, to show how to write it
    from_words: Callable[[str], tuple[tuple[str, str], ...]] | None = None

    def get(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


@dataclass(frozen=True)
class Context:
    """What validation needs to know beyond the file: the state and allowed domains."""

    state_code: str = ""
    role_domains: tuple[str, ...] = ()
