"""The tables of fields editors read, in README.md and docs/guide/, list exactly the fields of
each content type's schema and of the settings files, and mark the same ones required."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from hubgen.content.config import SITE, STATE
from hubgen.content.fields import Field, Schema
from hubgen.content.types import COMMON, REGISTRY

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GUIDE = ROOT / "docs" / "guide"
EVERY_TYPE = "### Fields every type has"

# Most types are documented in two places: README.md has the table of the fields every
# type has and a table of the type's own fields under "### <type> (", and the guide's page
# docs/guide/<type>.md has one table of all its fields after "## Every setting". The others
# are here: (README's heading, or None for no table of its own; the guide's page; heading).
PLACES: dict[str, tuple[str | None, str, str]] = {
    "home": (None, "page.md", "## The state's home page"),
    "page": ("### page (", "page.md", "## Pages"),
}
# The settings files: their schema, their heading in README.md and in docs/guide/settings.md.
SETTINGS = (
    (SITE, "### `content/site.yaml`", "## `content/site.yaml`"),
    (STATE, "### `content/<state>/_state.yaml`", "## `content/<state>/_state.yaml`"),
)

Documented = dict[str, bool]  # field name -> whether the table marks it required


def table_after(text: str, heading: str) -> list[list[str]] | None:
    """The body rows (cells) of the first table after the heading line that starts with
    ``heading``, before the next heading of its level or higher (fenced code is skipped);
    None if there is none."""
    level = len(heading) - len(heading.lstrip("#"))
    rows: list[list[str]] = []
    found = fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        if not found:
            found = line.startswith(heading)
            continue
        depth = len(line) - len(line.lstrip("#"))
        if 0 < depth <= level and line[depth : depth + 1] == " ":
            break
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows:
            break
    return rows[2:] if len(rows) > 2 else None  # after the header and the line under it


def documented(rows: list[list[str]], column: int, mark: str) -> Documented:
    """The fields a table names in its first column (rows of a nested setting, written
    'a → b', are left out), and whether the given column starts with ``mark``."""
    found: Documented = {}
    for cells in rows:
        if "→" in cells[0]:
            continue
        for name in re.findall(r"`([^`]+)`", cells[0]):
            found[name] = cells[column].startswith(mark)
    return found


def readme_table(heading: str) -> Documented | None:
    rows = table_after(README.read_text(encoding="utf-8"), heading)
    return None if rows is None else documented(rows, 2, "**required**")


def guide_table(page: str, heading: str) -> Documented | None:
    path = GUIDE / page
    rows = table_after(path.read_text(encoding="utf-8"), heading) if path.exists() else None
    return None if rows is None else documented(rows, 1, "**yes**")


def mismatches(schema: Schema, table: Documented | None, where: str) -> list[str]:
    """How the table differs from the schema's top-level fields, as messages that say
    what to write where."""
    if table is None:
        return [f"{where}: no table of {schema.name}'s fields: write one"]
    fields = {f.name: f.required for f in schema.fields}
    problems = [f"{where}: no row for {schema.name}'s field '{name}': add one"
                for name in fields if name not in table]  # fmt: skip
    problems += [f"{where}: a row for '{name}', which {schema.name} does not have: remove it"
                 for name in table if name not in fields]  # fmt: skip
    for name, required in fields.items():
        if name in table and table[name] != required:
            should = "required" if required else "not required"
            problems.append(f"{where}: '{name}' is {should} in {schema.name}'s schema: "
                            "mark it so")  # fmt: skip
    return problems


def type_problems(name: str, schema: Schema) -> list[str]:
    """What README.md's and the guide's tables of one content type lack or have too many."""
    own, page, heading = PLACES.get(name, (f"### {name} (", f"{name}.md", "## Every setting"))
    common, mine = readme_table(EVERY_TYPE), readme_table(own) if own else {}
    readme = None if common is None or mine is None else {**common, **mine}
    where = f"README.md, {EVERY_TYPE!r}" + (f" and {own!r}" if own else "")
    problems = mismatches(schema, readme, where)
    problems += mismatches(schema, guide_table(page, heading), f"docs/guide/{page}, {heading!r}")
    return problems


def test_every_type_has_its_fields_documented() -> None:
    problems = [p for spec in REGISTRY.types for p in type_problems(spec.name, spec.schema)]
    assert problems == [], "\n".join(problems)


def test_the_settings_files_have_their_fields_documented() -> None:
    problems = []
    for schema, readme, guide in SETTINGS:
        problems += mismatches(schema, readme_table(readme), f"README.md, {readme!r}")
        problems += mismatches(schema, guide_table("settings.md", guide),
                               f"docs/guide/settings.md, {guide!r}")  # fmt: skip
    assert problems == [], "\n".join(problems)


def test_a_field_added_to_a_schema_is_missed_until_documented() -> None:
    """The comparison, on schemas that differ from the documented ones by one field."""
    schema = REGISTRY["community"].schema
    wider = Schema(schema.name, (*schema.fields, Field("banner", "text", "a wide photo")))
    found = type_problems("community", wider)
    assert len(found) == 2 and all("'banner': add one" in p for p in found), found
    assert found[0].startswith("README.md") and found[1].startswith("docs/guide/community.md")
    stricter = Schema(SITE.name, tuple(replace(f, required=f.name == "tagline" or f.required)
                                       for f in SITE.fields))  # fmt: skip
    found = mismatches(stricter, readme_table(SETTINGS[0][1]), "README.md")
    assert found == ["README.md: 'tagline' is required in site.yaml's schema: mark it so"]
    fewer = Schema(schema.name, tuple(f for f in schema.fields if f.name != "market"))
    assert any("a row for 'market'" in p for p in type_problems("community", fewer))


def test_a_new_type_needs_its_own_tables() -> None:
    """A type declared without documentation fails, naming both places to write."""
    assert type_problems("petition", Schema("petition", COMMON)) == [
        "README.md, '### Fields every type has' and '### petition (': no table of petition's "
        "fields: write one",
        "docs/guide/petition.md, '## Every setting': no table of petition's fields: write one",
    ]
