"""Field types, declared schemas, and the validator that reads YAML nodes with them.

A :class:`Schema` is data: a tuple of :class:`Field` values, each with a kind,
whether it is required, its default, its allowed values or reference target.
:func:`validate` reads a composed YAML mapping against a schema and returns a
plain ``dict`` of typed values, the line of every key (dotted paths for nested
ones), and every problem found; it never stops at the first one.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from hubgen import counties
from hubgen.errors import Problem
from hubgen.frontmatter import YamlDoc, plain

Kind = Literal[
    "text",
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
    "public_email",
]

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$")
TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
DATETIME_RE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[ T]([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)
DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


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


@dataclass
class Result:
    """What :func:`validate` found: values, key lines and problems."""

    values: dict[str, Any]
    lines: dict[str, int]
    problems: list[Problem]


def did_you_mean(word: str, options: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word.lower(), list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _hint_choices(word: str, options: tuple[str, ...]) -> str:
    guess = did_you_mean(word, options)
    listing = "one of: " + ", ".join(options)
    return f"{guess} ({listing})" if guess else listing


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
            self.problem(node, f"{shown} should be a set of 'key: value' lines", _example(schema))
            return None
        values: dict[str, Any] = {}
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            dotted = prefix + key
            if key in seen:
                self.problem(key_node, f"'{dotted}' is set twice", "keep one of the two lines")
                continue
            seen.add(key)
            self.lines[dotted] = self.doc.line_of(key_node)
            spec = schema.get(key)
            if spec is None:
                self.unknown(key_node, key, dotted, schema)
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
            if spec.required and spec.name in seen:
                continue  # reported as empty above
            if spec.required:
                where = f" under '{prefix.rstrip('.')}'" if prefix else ""
                hint = f"add a line '{spec.name}: ...'{where}" + (
                    f": {spec.help}" if spec.help else ""
                )
                self.problem(node, f"'{prefix}{spec.name}' is required but missing", hint)
            elif spec.default is not None:
                values[spec.name] = spec.default
        return values

    def unknown(self, key_node: yaml.Node, key: str, dotted: str, schema: Schema) -> None:
        if key in schema.forbidden:
            self.problem(key_node, f"'{dotted}' is not allowed here", schema.forbidden[key])
            return
        guess = did_you_mean(key, schema.names)
        article = "an" if schema.name[:1] in "aeiou" else "a"
        where = f"{article} {schema.name}" if schema.name else "this place"
        known = ", ".join(schema.names)
        hint = f"{guess} " if guess else ""
        hint += f"Known keys: {known}."
        if schema.get("extra"):
            hint += " Put theme-specific values under 'extra:'."
        self.problem(key_node, f"unknown key '{dotted}' for {where}", hint)

    def value(self, node: yaml.Node, spec: Field, dotted: str) -> Any:
        if _is_null(node):
            return None  # an empty value counts as missing
        if spec.kind == "extra":
            return plain(node)
        if spec.kind == "list":
            return self.list(node, spec, dotted)
        if spec.kind == "record":
            assert spec.schema is not None
            record = self.mapping(node, spec.schema, dotted + ".")
            return None if record is None else _made(spec, record)
        if spec.kind == "variant":
            return self.variant(node, spec, dotted)
        if spec.kind == "weekly":
            return self.weekly(node, spec, dotted)
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, f"'{dotted}' should be a single value, not a list or a set")
            return None
        return self.scalar(node, spec, dotted)

    def list(self, node: yaml.Node, spec: Field, dotted: str) -> tuple[Any, ...] | None:
        assert spec.item is not None
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        out = []
        for index, item in enumerate(items):
            value = self.value(item, spec.item, f"{dotted}[{index + 1}]")
            if value is not None:
                out.append(value)
        return tuple(out)

    def variant(self, node: yaml.Node, spec: Field, dotted: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"'{dotted}' should be a set of 'key: value' lines")
            return None
        kinds = tuple(spec.variants)
        tag_node = next((v for k, v in node.value if k.value == "type"), None)
        if tag_node is None or not isinstance(tag_node, yaml.ScalarNode):
            self.problem(
                node, f"'{dotted}' needs a 'type'", f"add 'type:', {_hint_choices('', kinds)}"
            )
            return None
        chosen = spec.variants.get(str(tag_node.value).strip().lower())
        if chosen is None:
            hint = _hint_choices(str(tag_node.value), kinds)
            self.problem(tag_node, f"'{tag_node.value}' is not a kind of {dotted}", hint)
            return None
        record = self.mapping(node, chosen, dotted + ".")
        return None if record is None else _made(spec, record)

    def weekly(self, node: yaml.Node, spec: Field, dotted: str) -> dict[str, tuple] | None:
        """Opening hours: weekday names mapped to 'HH:MM-HH:MM' ranges."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, f"'{dotted}' should list weekdays, like 'monday: 10:00-18:00'")
            return None
        out: dict[str, tuple] = {}
        for key_node, value_node in node.value:
            day = str(key_node.value).strip().lower()
            self.lines[f"{dotted}.{day}"] = self.doc.line_of(key_node)
            if day not in WEEKDAYS:
                self.problem(
                    key_node, f"'{key_node.value}' is not a weekday", _hint_choices(day, WEEKDAYS)
                )
                continue
            ranges = _time_ranges(str(value_node.value))
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
        reader = _SCALARS[spec.kind]
        value, message, hint = reader(text, spec, self.context)
        if message:
            self.problem(node, f"'{dotted}': {message}", hint)
            return None
        return value


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")


def _made(spec: Field, record: dict[str, Any]) -> Any:
    return spec.make(record) if spec.make else record


def _example(schema: Schema) -> str:
    required = [f.name for f in schema.fields if f.required] or list(schema.names[:2])
    return "for example: " + ", ".join(f"{name}: ..." for name in required)


def _time_ranges(text: str) -> tuple[tuple[time, time], ...] | None:
    ranges = []
    for part in text.split(","):
        bits = [b.strip() for b in part.split("-")]
        if len(bits) != 2 or not all(TIME_RE.match(b) for b in bits):
            return None
        start, end = (parse_time(b) for b in bits)
        if end <= start:
            return None
        ranges.append((start, end))
    return tuple(ranges)


def parse_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


# Each scalar reader returns (value, error message, hint).
ScalarOut = tuple[Any, str, str]


def _text(text: str, spec: Field, ctx: Context) -> ScalarOut:
    if not text:
        return None, "is empty", "write a value or remove the line"
    return text, "", ""


def _int(text: str, spec: Field, ctx: Context) -> ScalarOut:
    try:
        number = int(text)
    except ValueError:
        return None, f"'{text}' is not a whole number", spec.help or "write digits only, like 45"
    if spec.minimum is not None and number < spec.minimum:
        return None, f"{number} is below the minimum of {spec.minimum}", spec.help
    if spec.maximum is not None and number > spec.maximum:
        return None, f"{number} is above the maximum of {spec.maximum}", spec.help
    return number, "", ""


def _float(text: str, spec: Field, ctx: Context) -> ScalarOut:
    try:
        number = float(text)
    except ValueError:
        return None, f"'{text}' is not a number", spec.help or "write a decimal number, like 43.07"
    low, high = spec.minimum, spec.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        return None, f"{number} is outside {low} to {high}", spec.help
    return number, "", ""


def _bool(text: str, spec: Field, ctx: Context) -> ScalarOut:
    lowered = text.lower()
    if lowered in {"true", "yes", "on"}:
        return True, "", ""
    if lowered in {"false", "no", "off"}:
        return False, "", ""
    return None, f"'{text}' is not true or false", "write true or false"


def parse_date(text: str) -> tuple[date | None, str]:
    match = DATE_RE.match(text)
    if not match:
        return None, f"'{text}' is not a date"
    try:
        return date(*(int(g) for g in match.groups())), ""
    except ValueError as exc:
        return None, f"'{text}' is not a real date ({exc})"


def _date(text: str, spec: Field, ctx: Context) -> ScalarOut:
    value, message = parse_date(text)
    return value, message, "write dates as YYYY-MM-DD, for example 2026-12-05" if message else ""


def parse_datetime(text: str) -> tuple[datetime | None, str]:
    """Read 'YYYY-MM-DD HH:MM' (seconds and a UTC offset optional); naive unless offset."""
    match = DATETIME_RE.match(text)
    if not match:
        return None, f"'{text}' is not a date and time"
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        value = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError as exc:
        return None, f"'{text}' is not a real date ({exc})"
    if offset:
        stamp = value.isoformat() + ("+00:00" if offset == "Z" else offset)
        return datetime.fromisoformat(stamp), ""
    return value, ""


def _datetime(text: str, spec: Field, ctx: Context) -> ScalarOut:
    value, message = parse_datetime(text)
    hint = "write 'YYYY-MM-DD HH:MM' in 24-hour time, for example 2026-12-05 18:30"
    return value, message, hint if message else ""


def _end(text: str, spec: Field, ctx: Context) -> ScalarOut:
    if TIME_RE.match(text):
        return parse_time(text), "", ""  # same day as the start
    return _datetime(text, spec, ctx)


def _time(text: str, spec: Field, ctx: Context) -> ScalarOut:
    if not TIME_RE.match(text):
        return None, f"'{text}' is not a time", 'write a 24-hour time in quotes, like "18:30"'
    return parse_time(text), "", ""


def _url(text: str, spec: Field, ctx: Context) -> ScalarOut:
    parts = urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None, f"'{text}' is not a web address", "write a full address starting with https://"
    return text, "", ""


def _public_email(text: str, spec: Field, ctx: Context) -> ScalarOut:
    if not EMAIL_RE.match(text):
        return None, f"'{text}' is not an email address", "write an address like team@example.org"
    return text, "", ""


def _email(text: str, spec: Field, ctx: Context) -> ScalarOut:
    value, message, hint = _public_email(text, spec, ctx)
    if message:
        return value, message, hint
    domain = text.rsplit("@", 1)[1].lower()
    allowed = ctx.role_domains
    if allowed and not any(domain == d or domain.endswith("." + d) for d in allowed):
        hint = (
            "never publish a volunteer's personal address; use a role address at "
            + " or ".join(allowed)
            + " (or add the domain to role_email_domains in content/site.yaml)"
        )
        return None, f"'{text}' is not a role address of the program", hint
    return text, "", ""


def _phone(text: str, spec: Field, ctx: Context) -> ScalarOut:
    digits = re.sub(r"\D", "", text)
    if len(digits) not in (10, 11) or not re.fullmatch(r"[+\d\s().-]+", text):
        return None, f"'{text}' is not a US phone number", 'write it like "(608) 555-0142"'
    return text, "", ""


def _slug(text: str, spec: Field, ctx: Context) -> ScalarOut:
    if not SLUG_RE.match(text):
        hint = "use lowercase letters, digits and hyphens, like madison-east"
        return None, f"'{text}' is not a valid name", hint
    return text, "", ""


def _enum(text: str, spec: Field, ctx: Context) -> ScalarOut:
    lowered = text.lower()
    if lowered not in spec.choices:
        return None, f"'{text}' is not allowed", _hint_choices(lowered, spec.choices)
    return lowered, "", ""


def _timezone(text: str, spec: Field, ctx: Context) -> ScalarOut:
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        return None, f"'{text}' is not a time zone", "use an IANA name like America/Chicago"
    return text, "", ""


def _county(text: str, spec: Field, ctx: Context) -> ScalarOut:
    found = counties.find_county(ctx.state_code, text)
    if found is None:
        close = counties.close_matches(ctx.state_code, text)
        hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
        hint += "Use the Census county name, like 'Dane' or 'Dane County'."
        return None, f"'{text}' is not a county of {ctx.state_code or 'this state'}", hint
    return found, "", ""


def _zip(text: str, spec: Field, ctx: Context) -> ScalarOut:
    if not re.fullmatch(r"\d{5}", text):
        return (
            None,
            f"'{text}' is not a 5-digit ZIP code",
            'write five digits in quotes, like "53703"',
        )
    return text, "", ""


_SCALARS: dict[str, Callable[[str, Field, Context], ScalarOut]] = {
    "text": _text,
    "int": _int,
    "bool": _bool,
    "date": _date,
    "float": _float,
    "end": _end,
    "public_email": _public_email,
    "datetime": _datetime,
    "time": _time,
    "url": _url,
    "email": _email,
    "phone": _phone,
    "ref": _slug,
    "slug": _slug,
    "enum": _enum,
    "timezone": _timezone,
    "county": _county,
    "zip": _zip,
}


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
