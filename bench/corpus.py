"""Turn a benchmark corpus into a hubgen project.

The corpus (``CORPUS/content/<state>/<community>/<page>.md``, each page with
``title``, ``date``, ``tags`` and ``description``) becomes one state folder per
corpus state, a community per corpus community, and a plain page per corpus
page (named after it, with its community in front where two would collide).
Links between corpus pages are pointed at the pages they name, so every link
resolves.

The project uses the minimal layout every generator in the benchmark renders
(a title, the body, a link home), one language, and no search index.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hubgen.geo.counties import counties

# The corpus's states, with their postal codes and time zones.
STATES = {
    "arizona": ("Arizona", "AZ", "America/Phoenix"),
    "georgia": ("Georgia", "GA", "America/New_York"),
    "michigan": ("Michigan", "MI", "America/Detroit"),
    "nevada": ("Nevada", "NV", "America/Los_Angeles"),
    "new-mexico": ("New Mexico", "NM", "America/Denver"),
    "north-carolina": ("North Carolina", "NC", "America/New_York"),
    "pennsylvania": ("Pennsylvania", "PA", "America/New_York"),
    "wisconsin": ("Wisconsin", "WI", "America/Chicago"),
}

# Site-wide addresses the corpus links to, and the hubgen page that stands for each.
SHARED_PAGES = {
    "/volunteer/": "volunteer",
    "/contact/": "contact",
    "/resources/scripts/": "resources-scripts",
    "/resources/maps/": "resources-maps",
}

SITE_YAML = """\
name: Benchmark Hub
languages: [en]
theme: bench
search: false
disclaimer: Paid for by the Benchmark Hub, a fictional program.
role_email_domains: [example.org]
base_url: https://bench.example.org/
"""

# The layout of the anchors: the title, the body in <main>, a link home.
PAGE_TEMPLATE = """\
<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="bench" content="page">
<title>{{ page.title }}</title>
</head>
<body>
<h1>{{ page.title }}</h1>
<main>
{{ page.content }}
</main>
<p><a href="{{ state.url('/') }}">Home</a></p>
</body>
</html>
"""

LINK = re.compile(r"\]\(([^)\s]+)\)")
FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


Slugs = dict[tuple[str, str], str]  # (community, corpus page name) -> page slug


def page_slugs(state_dir: Path) -> Slugs:
    """A slug per page of one corpus state: its name, or community-name when taken."""
    slugs: Slugs = {}
    taken: set[str] = set()
    for page in sorted(state_dir.glob("*/*.md")):
        community, name = page.parent.name, page.stem
        slug = name if name not in taken else f"{community}-{name}"
        taken.add(slug)
        slugs[(community, name)] = slug
    return slugs


def _link(target: str, community: str, slugs: Slugs) -> str:
    if target.endswith(".md") and "/" not in target:
        return f"/{slugs[(community, target[:-3])]}/"
    if target == "./":
        return f"/communities/{community}/"
    if target in ("../", "../../"):
        return "/"
    return f"/{SHARED_PAGES[target]}/" if target in SHARED_PAGES else target


def convert_page(text: str, community: str, slugs: Slugs) -> str:
    """One corpus page as a hubgen page: title and description kept, date and tags as extra."""
    match = FRONT.match(text)
    if match is None:
        raise ValueError("a corpus page without front matter")
    kept, extra = [], []
    for line in match.group(1).splitlines():
        key = line.split(":", 1)[0]
        (kept if key in ("title", "description") else extra).append(line)
    front = "\n".join(kept + ["extra:"] + [f"  {line}" for line in extra])
    body = LINK.sub(lambda m: f"]({_link(m.group(1), community, slugs)})", text[match.end() :])
    return f"---\n{front}\n---\n{body}"


def write_project(corpus: Path, project: Path) -> int:
    """Write the hubgen project for ``corpus`` into ``project``; return the page count."""
    source = corpus / "content"
    if not source.is_dir():
        raise SystemExit(f"{source} not found: make the corpus first")
    if project.exists():
        shutil.rmtree(project)
    content = project / "content"
    content.mkdir(parents=True)
    (content / "site.yaml").write_text(SITE_YAML)
    theme = project / "themes" / "bench"
    (theme / "templates").mkdir(parents=True)
    (theme / "theme.yaml").write_text("name: bench\nextends: default\n")
    (theme / "templates" / "page.html").write_text(PAGE_TEMPLATE)
    pages = 0
    for state_dir in sorted(p for p in source.iterdir() if p.is_dir()):
        name, code, zone = STATES[state_dir.name]
        folder = content / state_dir.name
        for sub in ("communities", "pages"):
            (folder / sub).mkdir(parents=True)
        (folder / "_state.yaml").write_text(
            f"name: {name}\ncode: {code}\ntimezone: {zone}\n"
            f"base_url: https://bench.example.org/{state_dir.name}/\n"
        )
        (folder / "index.md").write_text(f"---\ntitle: {name}\n---\nThe {name} hub.\n")
        for slug in SHARED_PAGES.values():
            title = slug.replace("-", " ").capitalize()
            (folder / "pages" / f"{slug}.md").write_text(f"---\ntitle: {title}\n---\n{title}.\n")
        county_names = [c.name for c in counties(code)]
        slugs = page_slugs(state_dir)
        for index, community_dir in enumerate(sorted(p for p in state_dir.iterdir())):
            community = community_dir.name
            title = community.replace("-", " ").title()
            county = county_names[index % len(county_names)]
            (folder / "communities" / f"{community}.md").write_text(
                f"---\ntitle: {title}\ncounties: [{county}]\n---\nThe {title} team.\n"
            )
            for page in sorted(community_dir.glob("*.md")):
                text = convert_page(page.read_text(encoding="utf-8"), community, slugs)
                target = folder / "pages" / f"{slugs[(community, page.stem)]}.md"
                target.write_text(text, encoding="utf-8")
                pages += 1
    return pages
