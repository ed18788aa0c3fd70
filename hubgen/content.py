"""Find content files and parse each into a validated :class:`Document`.

The folder gives the type (``events/`` holds events), the file name the slug
and language (``madison.md``, ``madison.es.md``). Parsing reads front matter
with the type's schema and runs the type's cross-field checks; it never
renders Markdown, which waits for the render stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from hubgen.config import NATIONAL_FOLDERS, Config, StateConfig
from hubgen.errors import Problem, relpath
from hubgen.frontmatter import split
from hubgen.models import FOLDERS, SCHEMAS, localize
from hubgen.schema import SLUG_RE, Schema, did_you_mean, validate

NATIONAL = ""  # the state key of national content


@dataclass(frozen=True)
class SourceFile:
    path: Path
    shown: str  # relative to the project, for messages
    state: str  # a state key, or NATIONAL
    type: str
    slug: str
    lang: str


@dataclass(frozen=True)
class Document:
    """A parsed file: typed front matter, key lines, and the Markdown body."""

    source: SourceFile
    meta: Mapping[str, Any]
    lines: Mapping[str, int]
    body: str
    body_line: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.source.type, self.source.slug)

    @property
    def title(self) -> str:
        return str(self.meta.get("title", self.source.slug))

    def line(self, key: str) -> int | None:
        return self.lines.get(key)


def _ignored(path: Path) -> bool:
    """Editor backups, swap files and hidden files are not content."""
    name = path.name
    return name.startswith((".", "#", "_")) or name.endswith(("~", ".swp", ".tmp"))


def discover(config: Config) -> tuple[list[SourceFile], list[Problem]]:
    """Every content file of the states being built, and national content."""
    sources: list[SourceFile] = []
    problems: list[Problem] = []
    languages = config.site.languages
    for folder in NATIONAL_FOLDERS:
        base = config.content / folder
        if base.is_dir():
            _scan(base, NATIONAL, FOLDERS[folder], config, languages, sources, problems)
    for state in config.states:
        for entry in sorted(state.folder.iterdir()):
            if _ignored(entry) and entry.name != "_templates":
                continue
            if entry.is_dir() and entry.name in FOLDERS:
                _scan(
                    entry,
                    state.key,
                    FOLDERS[entry.name],
                    config,
                    state.languages,
                    sources,
                    problems,
                )
            elif entry.is_file() and entry.suffix == ".md":
                name = entry.name.split(".")[0]
                if name == "index":
                    _add(entry, state.key, "home", config, state.languages, sources, problems)
                else:
                    problems.append(_misplaced(entry, config.root))
            elif entry.name != "_templates":
                problems.append(_misplaced(entry, config.root))
    return sources, problems


def _misplaced(path: Path, root: Path) -> Problem:
    folders = ", ".join(f"{name}/" for name in FOLDERS)
    hint = f"a state folder holds _state.yaml, index.md, _templates/ and the folders {folders}"
    return Problem(relpath(path, root), None, f"'{path.name}' is not in a content folder", hint)


def _scan(
    folder: Path,
    state: str,
    kind: str,
    config: Config,
    languages: tuple[str, ...],
    sources: list[SourceFile],
    problems: list[Problem],
) -> None:
    for path in sorted(folder.iterdir()):
        if _ignored(path):
            continue
        if path.is_file() and path.suffix == ".md":
            _add(path, state, kind, config, languages, sources, problems)
        elif path.is_dir():
            hint = f"put {kind} files directly in {folder.name}/"
            problems.append(Problem(relpath(path, config.root), None, "unexpected folder", hint))


def _add(
    path: Path,
    state: str,
    kind: str,
    config: Config,
    languages: tuple[str, ...],
    sources: list[SourceFile],
    problems: list[Problem],
) -> None:
    shown = relpath(path, config.root)
    parts = path.name[: -len(".md")].split(".")
    slug, lang = parts[0], parts[1] if len(parts) == 2 else languages[0]
    if len(parts) > 2 or not SLUG_RE.match(slug):
        hint = "name files with lowercase letters, digits and hyphens, like madison-east.md"
        problems.append(Problem(shown, None, f"'{path.name}' is not a valid file name", hint))
        return
    if lang not in config.site.languages:
        hint = "translations are named slug.LANG.md with a language from site.yaml: " + ", ".join(
            config.site.languages
        )
        problems.append(Problem(shown, None, f"'{lang}' is not a language of the site", hint))
        return
    sources.append(SourceFile(path, shown, state, kind, slug, lang))


def translation_schema(schema: Schema) -> Schema:
    """A translation may set only the fields people read: title, description..."""
    fields = tuple(f for f in schema.fields if f.translatable or f.name == "draft")
    return Schema(schema.name + " translation", fields)


def parse(
    source: SourceFile, config: Config, state: StateConfig | None, default_lang: str
) -> tuple[Document | None, list[Problem]]:
    """Read one file; ``None`` with its problems when it cannot be used."""
    try:
        text = source.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [
            Problem(source.shown, None, f"cannot read the file: {exc}", "save it as UTF-8 text")
        ]
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
        problems += _CHECKS.get(source.type, _no_checks)(
            result.values, result.lines, source, config, state
        )
    if any(p.severity == "error" for p in problems):
        return None, problems
    meta = MappingProxyType(result.values)
    doc = Document(source, meta, MappingProxyType(result.lines), parts.body, parts.body_line)
    return doc, problems


def _explain_translation(problem: Problem, source: SourceFile) -> Problem:
    if problem.message.startswith("unknown key"):
        hint = (
            f"a translation sets only the text people read; other settings come from "
            f"{source.slug}.md. {problem.hint}"
        )
        return Problem(problem.path, problem.line, problem.message, hint)
    return problem


Checks = dict[str, Any]


def _no_checks(*_: Any) -> list[Problem]:
    return []


def _check_event(
    values: Checks,
    lines: Mapping[str, int],
    source: SourceFile,
    config: Config,
    state: StateConfig | None,
) -> list[Problem]:
    start, end = values.get("start"), values.get("end")
    if state is None or start is None or end is None:
        return []
    zone = ZoneInfo(values.get("timezone") or state.timezone)
    start = values["start"] = localize(start, zone)
    if isinstance(end, time):
        end = datetime.combine(start.date(), end)
    end = values["end"] = localize(end, zone)
    if end <= start:
        hint = f"the event starts {start:%Y-%m-%d %H:%M}; check the end's date and time"
        return [Problem(source.shown, lines.get("end"), "the event ends before it starts", hint)]
    return []


def _check_community(
    values: Checks,
    lines: Mapping[str, int],
    source: SourceFile,
    config: Config,
    state: StateConfig | None,
) -> list[Problem]:
    schedule = values.get("schedule")
    if schedule is not None and schedule.every == "month" and not schedule.week:
        hint = "add 'week: 2' for the second weekday of the month (1, 2, 3, 4 or last)"
        line = lines.get("schedule.every")
        return [Problem(source.shown, line, "a monthly meeting needs 'week:'", hint)]
    if schedule is not None and schedule.every == "week" and schedule.week:
        hint = "remove 'week:', or use 'every: month'"
        line = lines.get("schedule.week")
        return [Problem(source.shown, line, "'week:' is only for monthly meetings", hint)]
    return []


def _check_training(
    values: Checks,
    lines: Mapping[str, int],
    source: SourceFile,
    config: Config,
    state: StateConfig | None,
) -> list[Problem]:
    known = tuple(p.key for p in config.site.training_paths)
    problems = []
    for path in values.get("paths", ()):
        if path not in known:
            guess = did_you_mean(path, known)
            hint = (guess + " " if guess else "") + "Paths are listed under training_paths in "
            hint += "content/site.yaml: " + (", ".join(known) or "none yet")
            problems.append(
                Problem(source.shown, lines.get("paths"), f"unknown training path '{path}'", hint)
            )
    return problems


def _check_partner(
    values: Checks,
    lines: Mapping[str, int],
    source: SourceFile,
    config: Config,
    state: StateConfig | None,
) -> list[Problem]:
    contact, website = values.get("contact"), values.get("website")
    if contact is None or not contact.email:
        return []
    domain = contact.email.rsplit("@", 1)[1].lower()
    allowed = set(config.site.role_email_domains)
    if website:
        allowed.add((urlsplit(website).hostname or "").removeprefix("www."))
    if any(domain == d or domain.endswith("." + d) for d in allowed):
        return []
    hint = "use the partner's public address at its own domain (its website's), never a person's"
    return [
        Problem(
            source.shown,
            lines.get("contact.email"),
            f"'{contact.email}' is not at the partner's domain",
            hint,
        )
    ]


_CHECKS = {
    "event": _check_event,
    "community": _check_community,
    "training": _check_training,
    "partner": _check_partner,
}
