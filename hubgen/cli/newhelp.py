"""What hubgen new offers and says: the types, each type's fields and their choices, all from
the type registry, so its help never drifts from the schemas.

``hubgen new --help`` lists every type with its required fields; ``hubgen new
event --help`` lists every field of one type, each with what it holds and the
values it allows. Every field is also an option (``--start``, ``--place-type``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import click

from hubgen.content.fields import Field, Schema
from hubgen.content.types import REGISTRY

HELP = ("-h", "--help")


@dataclass(frozen=True)
class Offered:
    """One field as hubgen new offers it: ``place.type`` is given as --place-type."""

    dotted: str
    help: str
    choices: tuple[str, ...]
    required: bool

    @property
    def flag(self) -> str:
        return "--" + self.dotted.replace(".", "-").replace("_", "-")

    def described(self) -> str:
        allowed = f" One of: {', '.join(self.choices)}." if self.choices else ""
        return (self.help[:1].upper() + self.help[1:] + "." if self.help else "") + allowed


def offered(schema: Schema) -> Iterator[Offered]:
    """The fields of a type that hubgen new can set, nested ones by their dotted names."""
    for spec in schema.fields:
        if spec.kind == "weekly":  # opening hours: a table, written in the file itself
            continue
        if spec.kind == "variant":
            yield from _variant(spec)
        elif spec.kind in ("record", "extra"):
            inner = spec.schema.fields if spec.schema else ()
            yield from _inner(spec.name, inner, spec.required)
        else:
            yield Offered(spec.name, spec.help, spec.choices, spec.required)


def _variant(spec: Field) -> Iterator[Offered]:
    """A place's type, then each field of its variants once, saying which types have it."""
    yield Offered(f"{spec.name}.type", spec.help, tuple(spec.variants), spec.required)
    variants = spec.variants.values()
    names = dict.fromkeys(f.name for v in variants for f in v.fields if f.name != "type")
    for name in names:
        users = [kind for kind, v in spec.variants.items() if v.get(name)]
        field = next(found for v in variants if (found := v.get(name)) is not None)
        said = f"with {spec.name} type {' or '.join(users)}: {field.help}"
        yield Offered(f"{spec.name}.{name}", said, field.choices, False)


def _inner(name: str, fields: tuple[Field, ...], required: bool) -> Iterator[Offered]:
    for sub in fields:
        if sub.name != "type":
            yield Offered(f"{name}.{sub.name}", sub.help, sub.choices, required and sub.required)


def creatable() -> list[str]:
    """The types hubgen new makes: those with a folder (a state's home page is its index.md)."""
    return [spec.name for spec in REGISTRY.types if spec.folder]


def field_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """An option for every field of every type: --start, --place-type, --counties...; a name
    several types share says what it holds in each where they differ."""
    by_name: dict[str, dict[str, str]] = {}
    for kind in creatable():
        for field in offered(REGISTRY[kind].schema):
            if field.dotted != "title":
                by_name.setdefault(field.dotted, {})[kind] = field.described()
    for name in sorted(by_name, reverse=True):
        texts = by_name[name]
        said = next(iter(texts.values())) if len(set(texts.values())) == 1 else " ".join(
            f"{kind}: {text}" for kind, text in texts.items()
        )
        flag = "--" + name.replace(".", "-").replace("_", "-")
        func = click.option(flag, name.replace(".", "__"), help=said or None)(func)
    return func


def types_epilog() -> str:
    """Every type with its required fields."""
    lines = ["Types, with their required fields (hubgen new TYPE --help shows all of a type's):"]
    for kind in creatable():
        required = [f.dotted for f in offered(REGISTRY[kind].schema) if f.required]
        lines.append(f"  {kind:<10} {', '.join(required)}")
    return "\b\n" + "\n".join(lines)


def type_epilog(kind: str) -> str:
    """Every field of one type: its option, whether it is required, what it holds."""
    name = REGISTRY[kind].schema.name
    lines = [f"The fields of the {kind} type" + (f" ({name}):" if name != kind else ":")]
    for field in offered(REGISTRY[kind].schema):
        need = "Required. " if field.required else ""
        text = textwrap.wrap(need + field.described(), 50) or [""]
        lines.append(f"  {field.flag:<22} {text[0]}")
        lines += [" " * 25 + more for more in text[1:]]
    return "\b\n" + "\n".join(lines)


class NewCommand(click.Command):
    """hubgen new: its help lists the types, or with a type before --help, that type's fields."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] in creatable() and any(a in HELP for a in args[1:]):
            ctx.meta["hubgen_new_type"] = args[0]
        return super().parse_args(ctx, args)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        kind = ctx.meta.get("hubgen_new_type")
        text = type_epilog(kind) if kind else types_epilog()
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(text)
