"""The validator that reads YAML nodes with a declared schema.

:func:`validate` reads a composed YAML mapping against a schema and returns a
plain ``dict`` of typed values, the line of every key (dotted paths for nested
ones), and every problem found; it never stops at the first one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from hubgen.content.fields import Context, Field, Schema
from hubgen.content.frontmatter import YamlDoc, plain
from hubgen.content.scalars import SCALARS, WEEKDAYS, hint_choices, time_ranges
from hubgen.core.errors import Problem, closest


@dataclass
class Result:
    """What :func:`validate` found: values, key lines and problems."""

    values: dict[str, Any]
    lines: dict[str, int]
    problems: list[Problem]


class _Reader:
    """Walks nodes against fields; collects problems and key lines as it goes."""

    def __init__(self, doc: YamlDoc, context: Context) -> None:
        self.doc = doc
        self.context = context
        self.problems: list[Problem] = []
        self.lines: dict[str, int] = {}

    def problem(self, node: yaml.Node, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.doc.path, self.doc.line_of(node), message, hint))

    def mapping(self, node: yaml.Node, schema: Schema, prefix: str = "") -> dict[str, Any] | None:
        if not isinstance(node, yaml.MappingNode):
            shown = f"'{prefix.rstrip('.')}'" if prefix else "the settings"
            hint = _as_lines(node, schema, prefix) or _example(schema)
            self.problem(node, f"{shown} should be a set of 'key: value' lines", hint)
            return None
        values: dict[str, Any] = {}
        seen: set[str] = set()
        guessed: set[str] = set()  # names that a misspelt key was taken for
        for key_node, value_node in node.value:
            key = str(key_node.value)
            dotted = prefix + key  # a key set twice was refused with the YAML (frontmatter.py)
            seen.add(key)
            self.lines[dotted] = self.doc.line_of(key_node)
            spec = schema.get(key)
            if spec is None:
                guessed.add(self.unknown(key_node, key, dotted, schema))
                continue
            if _is_null(value_node):
                if spec.required:
                    self.problem(key_node, f"'{dotted}' is empty", f"write a value: {spec.help}")
                continue
            value = self.value(value_node, spec, dotted)
            if value is not None:
                values[key] = value
        for spec in schema.fields:
            if spec.name in values:
                continue
            if spec.required and (spec.name in seen or spec.name in guessed):
                continue  # reported as empty, or as the misspelt key, above
            if spec.required:
                where = f" under '{prefix.rstrip('.')}'" if prefix else ""
                hint = f"add a line '{spec.name}: ...'{where}" + (
                    f": {spec.help}" if spec.help else ""
                )
                self.problem(node, f"'{prefix}{spec.name}' is required but missing", hint)
            elif spec.default is not None:
                values[spec.name] = spec.default
        return values

    def unknown(self, key_node: yaml.Node, key: str, dotted: str, schema: Schema) -> str:
        """Report a key the schema does not know; return the name it was likely meant as."""
        if key in schema.forbidden:
            self.problem(key_node, f"'{dotted}' is not allowed here", schema.forbidden[key])
            return ""
        meant = closest(key, schema.names)
        guess = f"did you mean '{meant}'?" if meant else ""
        article = "an" if schema.name[:1] in "aeiou" else "a"
        where = f"{article} {schema.name}" if schema.name else "this place"
        known = ", ".join(schema.names)
        hint = f"{guess} " if guess else ""
        hint += f"Known keys: {known}."
        if schema.get("extra"):
            hint += " Put theme-specific values under 'extra:'."
        self.problem(key_node, f"unknown key '{dotted}' for {where}", hint)
        return meant

    def value(self, node: yaml.Node, spec: Field, dotted: str) -> Any:
        if _is_null(node):
            return None  # an empty value counts as missing
        if spec.kind == "extra":
            if not isinstance(node, yaml.MappingNode):
                self.problem(
                    node,
                    f"'{dotted}' should be a set of 'key: value' lines",
                    "for example: extra: {accent: teal}",
                )
                return None
            return plain(node)
        if spec.kind == "list":
            return self.list(node, spec, dotted)
        if spec.kind == "record":
            assert spec.schema is not None
            before = len(self.problems)
            record = self.mapping(node, spec.schema, dotted + ".")
            # a record with a bad or missing value is reported, never half built
            return None if record is None or len(self.problems) > before else _made(spec, record)
        if spec.kind == "variant":
            return self.variant(node, spec, dotted)
        if spec.kind == "weekly":
            return self.weekly(node, spec, dotted)
        if not isinstance(node, yaml.ScalarNode):
            hint = "write one value after the ':'" + (f": {spec.help}" if spec.help else "")
            self.problem(node, f"'{dotted}' should be a single value, not a list or a set", hint)
            return None
        return self.scalar(node, spec, dotted)

    def list(self, node: yaml.Node, spec: Field, dotted: str) -> tuple[Any, ...] | None:
        assert spec.item is not None
        if isinstance(node, yaml.MappingNode):
            self.problem(node, f"'{dotted}' should be a list", "write it like [first, second]")
            return None
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        out = []
        for index, item in enumerate(items):
            value = self.value(item, spec.item, f"{dotted}[{index + 1}]")
            if value is not None:
                out.append(value)
        return tuple(out)

    def variant(self, node: yaml.Node, spec: Field, dotted: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            hint = f"write it like {dotted}: {{type: {next(iter(spec.variants))}, ...}}"
            self.problem(node, f"'{dotted}' should be a set of 'key: value' lines", hint)
            return None
        kinds = tuple(spec.variants)
        tag_node = next((v for k, v in node.value if k.value == "type"), None)
        if tag_node is None or not isinstance(tag_node, yaml.ScalarNode):
            self.problem(
                node, f"'{dotted}' needs a 'type'", f"add 'type:', {hint_choices('', kinds)}"
            )
            return None
        chosen = spec.variants.get(str(tag_node.value).strip().lower())
        if chosen is None:
            hint = hint_choices(str(tag_node.value), kinds)
            self.problem(tag_node, f"'{tag_node.value}' is not a kind of {dotted}", hint)
            return None
        before = len(self.problems)
        record = self.mapping(node, chosen, dotted + ".")
        return None if record is None or len(self.problems) > before else _made(spec, record)

    def weekly(self, node: yaml.Node, spec: Field, dotted: str) -> dict[str, tuple] | None:
        """Opening hours: weekday names mapped to 'HH:MM-HH:MM' ranges."""
        if not isinstance(node, yaml.MappingNode):
            hint = "one line per open day, indented under it: '  monday: 10:00-18:00'"
            self.problem(node, f"'{dotted}' should list weekdays, like 'monday: 10:00-18:00'", hint)
            return None
        out: dict[str, tuple] = {}
        for key_node, value_node in node.value:
            day = str(key_node.value).strip().lower()
            self.lines[f"{dotted}.{day}"] = self.doc.line_of(key_node)
            if day not in WEEKDAYS:
                self.problem(
                    key_node, f"'{key_node.value}' is not a weekday", hint_choices(day, WEEKDAYS)
                )
                continue
            ranges = time_ranges(str(value_node.value))
            if ranges is None or not isinstance(value_node, yaml.ScalarNode):
                self.problem(
                    value_node,
                    f"'{dotted}.{day}' should be opening hours like '10:00-18:00'",
                    "use 24-hour times; separate two ranges with a comma: "
                    "'10:00-12:00, 13:00-17:00'",
                )
                continue
            out[day] = ranges
        return {day: out[day] for day in WEEKDAYS if day in out}

    def scalar(self, node: yaml.ScalarNode, spec: Field, dotted: str) -> Any:
        text = str(node.value).strip()
        reader = SCALARS[spec.kind]
        value, message, hint = reader(text, spec, self.context)
        if message:
            self.problem(node, f"'{dotted}': {message}", hint)
            return None
        return value


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def _made(spec: Field, record: dict[str, Any]) -> Any:
    return spec.make(record) if spec.make else record


def _as_lines(node: yaml.Node, schema: Schema, prefix: str) -> str:
    """For a record written as words its schema can read ("every 2nd tuesday"): the
    record as lines, and the required keys the words did not tell; '' when none."""
    if not prefix or schema.from_words is None or not isinstance(node, yaml.ScalarNode):
        return ""
    told = schema.from_words(str(node.value))
    if not told:
        return ""
    name = prefix.rstrip(".").rsplit(".", 1)[-1]
    hint = f"write it as:\n  {name}:" + "".join(f"\n    {key}: {value}" for key, value in told)
    missing = [f for f in schema.fields if f.required and f.name not in dict(told)]
    if missing:
        hint += "".join(f"\nand add a line for {f.name}: {f.help}" for f in missing)
    if dict(told).get("interval", "1") != "1" and schema.get("starting"):
        hint += "\nand starting: with the date of one meeting, so the right weeks are counted"
    return hint


def _example(schema: Schema) -> str:
    required = [f.name for f in schema.fields if f.required] or list(schema.names[:2])
    return "for example: " + ", ".join(f"{name}: ..." for name in required)


def validate(doc: YamlDoc, schema: Schema, context: Context | None = None) -> Result:
    """Read ``doc`` against ``schema``; an empty document is an empty mapping."""
    reader = _Reader(doc, context or Context())
    if doc.node is None:
        empty = yaml.MappingNode("tag:yaml.org,2002:map", [])
        empty.start_mark = yaml.Mark(doc.path, 0, 0, 0, None, None)
        values = reader.mapping(empty, schema)
    else:
        values = reader.mapping(doc.node, schema)
    return Result(values or {}, reader.lines, reader.problems)
