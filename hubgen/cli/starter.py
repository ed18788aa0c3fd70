"""``hubgen init DIR``: a new hub project that builds and serves at once.

It writes site settings and one state's settings, every key with a comment
saying what it is for (taken from the schemas, so the comments never drift),
and a first community, office, event (two weeks from today) and page.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import click

from hubgen.content.config import SITE, STATE
from hubgen.content.fields import Schema
from hubgen.geo import counties


def _commented(schema: Schema, values: dict[str, str]) -> str:
    """YAML with a comment above every key: set ones written, the others shown commented out."""
    lines = []
    for field in schema.fields:
        required = " (required)" if field.required else ""
        lines.append(f"# {field.name}: {field.help}{required}")
        if field.name in values:
            lines.append(f"{field.name}: {values[field.name]}")
        else:
            lines.append(f"# {field.name}: ")
        lines.append("")
    return "\n".join(lines)


def starter_files(
    state_key: str, state_name: str, code: str, zone: str, today: date
) -> dict[str, str]:
    county = counties.counties(code)[0].name
    event_day = today + timedelta(days=14)
    site = _commented(SITE, {
        "name": "Our Organizing Program",
        "tagline": "Organizing early, close to home.",
        "languages": "[en, es]",
        "disclaimer": '"Paid for by Our Organizing Program (example.org)."',
        "role_email_domains": "[example.org]",
        "base_url": "https://example.org/",
        "contact": "{role: Organizing team, email: hello@example.org}",
        "training_paths": "\n  - key: new-volunteer\n    title: New volunteer",
    })  # fmt: skip
    state = _commented(STATE, {
        "name": state_name,
        "code": code,
        "timezone": zone,
        "base_url": f"https://{state_key}.example.org/",
        "tagline": f"Neighbors organizing across {state_name}.",
        "contact": f"{{role: {state_name} team, email: {state_key}@example.org}}",
    })  # fmt: skip
    base = f"content/{state_key}"
    return {
        "content/site.yaml": site,
        f"{base}/_state.yaml": state,
        f"{base}/index.md": (
            f"---\ntitle: {state_name}\ndescription: Find your community, the next event and "
            f"the training to get started.\n---\nWelcome. Start with [our first community]"
            f"(/communities/first-community/) or the [next events](/events/).\n"
        ),
        f"{base}/communities/first-community.md": (
            f"---\ntitle: First community\ndescription: Neighbors in {county} County.\n"
            f"counties: [{county}]\nschedule: {{every: month, weekday: tuesday, week: 2, "
            f'time: "18:30"}}\ncontact: {{role: First community team, email: '
            f"{state_key}@example.org}}\nstatus: forming\n---\nWe are just getting started. "
            f"Come to our first meeting.\n"
        ),
        f"{base}/offices/main-office.md": (
            "---\ntitle: Main office\naddress: {street: 100 Main Street, city: Springfield, "
            'zip: "00000"}\nhours:\n  tuesday: 10:00-18:00\n  saturday: 10:00-14:00\n'
            "communities: [first-community]\n---\nDrop in during open hours.\n"
        ).replace('"00000"', f'"{_zip_of(code)}"'),
        f"{base}/events/first-meeting.md": (
            f'---\ntitle: "First community: first team meeting"\nkind: meeting\n'
            f'start: {event_day.isoformat()} 18:30\nend: "20:00"\n'
            "place: {type: office, office: main-office}\ncommunity: first-community\n---\n"
            "Meet your neighbors and plan the first month together.\n"
        ),
        f"{base}/pages/about.md": (
            "---\ntitle: About us\nmenu: 1\n---\nWho we are, in a few sentences.\n"
        ),
    }


def _zip_of(code: str) -> str:
    from hubgen.geo import zips

    found = zips.zips_of(code)
    return found[0].zip if found else "00000"


def init_project(folder: Path, state_key: str, state_name: str, code: str, zone: str) -> list[Path]:
    """Write the starter project; refuses a folder that already has content/."""
    if (folder / "content").exists():
        raise click.UsageError(f"{folder / 'content'} already exists; hubgen init never overwrites")
    if code.upper() not in counties.state_codes():
        raise click.UsageError(f"'{code}' is not a US state code; use the postal code, like WI")
    written = []
    for name, text in starter_files(
        state_key, state_name, code.upper(), zone, date.today()
    ).items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    ignore = folder / ".gitignore"
    if not ignore.exists():  # the built sites and the build cache are not sources
        ignore.write_text("/public/\n/.public.*/\n/.hubgen-cache/\n", encoding="utf-8")
        written.append(ignore)
    return written
