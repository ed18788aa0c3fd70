"""``hubgen new``: create a content file from its type's schema.

Required fields are asked for in a terminal (each answer checked as it is
typed) or given as options; without a terminal a missing required field is
a usage error naming it. The file is validated before it is written, is
never written with placeholder values, and never replaces an existing file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click
import yaml

from hubgen.content.config import load_config
from hubgen.content.discovery import SourceFile
from hubgen.content.documents import parse
from hubgen.content.fields import Context, Field, Schema
from hubgen.content.frontmatter import read_yaml
from hubgen.content.scalars import SLUG_RE
from hubgen.content.schema import validate
from hubgen.content.types import NATIONAL_TYPES, SCHEMAS, SECTIONS

NATIONAL_KEY = "national"


def _target(root: Path, kind: str, where: str) -> tuple[str, str, Path]:
    key, _, slug = where.partition("/")
    if not slug or "/" in slug or not SLUG_RE.match(slug):
        raise click.UsageError(
            f"'{where}' is not KEY/SLUG: write a state folder and a file name such as "
            "wisconsin/madison-east (lowercase letters, digits and hyphens)"
        )
    if key == NATIONAL_KEY:
        if kind not in NATIONAL_TYPES:
            raise click.UsageError(f"national content is training or partner, not {kind}")
        return key, slug, root / "content" / SECTIONS[kind] / f"{slug}.md"
    if not SLUG_RE.match(key) or not (root / "content" / key / "_state.yaml").is_file():
        raise click.UsageError(f"there is no state '{key}' (no content/{key}/_state.yaml)")
    return key, slug, root / "content" / key / SECTIONS[kind] / f"{slug}.md"


def _given(fields: tuple[str, ...], title: str | None) -> dict[str, str]:
    given = {"title": title} if title else {}
    for item in fields:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise click.UsageError(f"'{item}' is not KEY=VALUE, e.g. -f kind=canvass")
        given[name.strip()] = value.strip()
    return given


def _check_one(spec: Field, text: str, context: Context) -> str:
    """The validator's message for one answer, or '' when it is fine."""
    node = {"k": [t.strip() for t in text.split(",")] if spec.kind == "list" else text}
    doc, _ = read_yaml(yaml.safe_dump(node), "answer")
    probe = Schema(
        "answer",
        (
            Field(
                "k",
                spec.kind,
                item=spec.item,
                choices=spec.choices,
                minimum=spec.minimum,
                maximum=spec.maximum,
            ),
        ),
    )
    problems = validate(doc, probe, context).problems
    if not problems:
        return ""
    message = re.sub(r"^'k(\[\d+\])?': ", "", problems[0].message)
    return f"{message} ({problems[0].hint})" if problems[0].hint else message


def _ask(
    schema: Schema,
    given: dict[str, str],
    prefix: str,
    context: Context,
    interactive: bool,
    missing: list[str],
) -> dict[str, Any]:
    """Fill the required fields of ``schema`` from options or prompts."""
    values: dict[str, Any] = {}
    for spec in schema.fields:
        dotted = prefix + spec.name
        if spec.kind == "record" and spec.schema is not None:
            if spec.required or any(k.startswith(dotted + ".") for k in given):
                values[spec.name] = _ask(
                    spec.schema, given, dotted + ".", context, interactive, missing
                )
            continue
        if spec.kind == "variant":
            if spec.required or dotted + ".type" in given:
                kind = _answer(
                    Field("type", "enum", spec.help, choices=tuple(spec.variants)),
                    given,
                    dotted + ".type",
                    context,
                    interactive,
                    missing,
                )
                if kind:
                    chosen = spec.variants[kind.lower()]
                    values[spec.name] = {
                        "type": kind.lower(),
                        **_ask(chosen, given, dotted + ".", context, interactive, missing),
                    }
            continue
        if spec.name == "type" and prefix:
            continue
        if spec.required or dotted in given:
            answer = _answer(spec, given, dotted, context, interactive, missing)
            if answer:
                values[spec.name] = _yaml_value(spec, answer)
    return values


def _answer(
    spec: Field,
    given: dict[str, str],
    dotted: str,
    context: Context,
    interactive: bool,
    missing: list[str],
) -> str:
    if dotted in given:
        message = _check_one(spec, given[dotted], context)
        if message:
            flag = "--" + dotted.replace(".", "-").replace("_", "-")
            raise click.BadParameter(message, param_hint=f"{flag} (-f {dotted}=...)")
        return given[dotted]
    if not interactive:
        missing.append(dotted)
        return ""
    label = dotted + (f" ({spec.help})" if spec.help else "")
    if spec.choices:
        label += " [" + ", ".join(spec.choices) + "]"

    def check(text: str) -> str:
        message = _check_one(spec, text, context)
        if message:
            raise click.BadParameter(message)
        return text

    return str(click.prompt(label, value_proc=check, err=True))


def _yaml_value(spec: Field, text: str) -> Any:
    if spec.kind == "list":
        return [t.strip() for t in text.split(",") if t.strip()]
    if spec.kind in ("int",):
        return int(text)
    return text


def create(
    root: Path, kind: str, where: str, title: str | None, fields: tuple[str, ...], interactive: bool
) -> Path:
    """Write content/<key>/<section>/<slug>.md and return its path."""
    key, slug, path = _target(root, kind, where)
    if path.exists():
        raise click.UsageError(
            f"{path.relative_to(root)} already exists; hubgen never overwrites it"
        )
    config, problems = load_config(root, None if key == NATIONAL_KEY else key)
    if config is None:
        raise click.UsageError("; ".join(p.format() for p in problems))
    state = None if key == NATIONAL_KEY else config.states[0] if config.states else None
    given = _given(fields, title)
    schema = SCHEMAS[kind]
    unknown = sorted(k for k in given if k.split(".")[0] not in schema.names)
    if unknown:
        raise click.UsageError(
            f"unknown field(s) for a {kind}: {', '.join(unknown)}; known: {', '.join(schema.names)}"
        )
    missing: list[str] = []
    values = _ask(schema, given, "", config.context(state), interactive, missing)
    if missing:
        options = " ".join(f"-f {name}=..." for name in missing)
        raise click.UsageError(
            f"missing required field(s): {', '.join(missing)}. Give them as options: {options}"
        )
    text = "---\n" + yaml.safe_dump(values, sort_keys=False, allow_unicode=True) + "---\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    shown = path.relative_to(root).as_posix()
    source = SourceFile(
        str(path), shown, "" if state is None else state.key, kind, slug, config.site.languages[0]
    )
    path.write_text(text, encoding="utf-8")
    doc, found = parse(source, config, state, config.site.languages[0])
    if doc is None:
        path.unlink()
        raise click.UsageError("; ".join(p.format() for p in found))
    return path.relative_to(root)
