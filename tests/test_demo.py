"""The demo content: it builds, every document has its page, and every link resolves."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

from hubgen.content.discovery import NATIONAL
from hubgen.content.fields import Field
from hubgen.content.types import FOLDERS, SCHEMAS, SECTIONS
from tests.conftest import REPO

CONTENT = REPO / "content"
STATES = sorted(p.name for p in CONTENT.iterdir() if (p / "_state.yaml").is_file())
# TODO, TBD and FIXME in capitals only: "todo" is an everyday Spanish word ("all")
PLACEHOLDERS = re.compile(r"(?i:lorem|ipsum|placeholder|xxx)|\b(?:TODO|TBD|FIXME)\b")


@pytest.fixture(scope="module")
def public(demo_public: Path) -> Path:
    return demo_public


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            if values.get(name):
                self.hrefs.append(values[name] or "")


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_three_battleground_states() -> None:
    assert len(STATES) >= 3


@pytest.mark.parametrize("state", STATES)
def test_every_document_has_its_page(public: Path, state: str) -> None:
    site = public / state
    for folder, kind in FOLDERS.items():
        files = list((CONTENT / state / folder).glob("*.md"))
        if kind in ("training", "partner"):
            files += [f for f in (CONTENT / folder).glob("*.md")]
        for file in files:
            slug, _, lang = file.name[:-3].partition(".")
            text = file.read_text(encoding="utf-8")
            if lang or "draft: true" in text or "expiry_date" in text or "publish_date" in text:
                continue
            where = site / (slug if kind == "page" else f"{SECTIONS[kind]}/{slug}") / "index.html"
            assert where.is_file(), f"{file.relative_to(REPO)} has no page"


@pytest.mark.parametrize("state", STATES)
def test_demo_state_has_what_the_hub_needs(public: Path, state: str) -> None:
    site = public / state
    counts = {
        kind: len(list((site / SECTIONS[kind]).glob("*/index.html")))
        for kind in SECTIONS
        if kind != "page"
    }
    assert counts["community"] >= 3 and counts["office"] >= 2 and counts["partner"] >= 2
    upcoming = (site / "events/index.html").read_text()
    past = (site / "events/past/index.html").read_text()
    assert upcoming.count('class="card event-card') >= 3
    assert past.count('class="card event-card') >= 1
    assert len(list((CONTENT / state / "training").glob("*.md"))) >= 1


def test_every_internal_link_and_anchor_resolves(public: Path) -> None:
    pages = {p: parse(p) for p in public.rglob("*.html")}
    broken = []
    for page, links in pages.items():
        state = page.relative_to(public).parts[0] if page.parent != public else ""
        for href in links.hrefs:
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("mailto:", "tel:", "//")):
                continue
            url, fragment = urldefrag(href)
            if not url:
                target = page
            elif url.startswith("/"):
                # internal links start at the state's base path; in public/ it is the state folder
                base = _base_path(state)
                assert url.startswith(base), f"{page}: {href} is outside {base}"
                target = public / state / url[len(base) :]
            else:
                target = page.parent / url
            if target.is_dir() or not target.suffix:
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{page.relative_to(public)} -> {href}")
            elif fragment and fragment not in pages.get(target, parse(target)).ids:
                broken.append(f"{page.relative_to(public)} -> {href} (no #{fragment})")
    assert broken == []


def _base_path(state: str) -> str:
    text = (CONTENT / state / "_state.yaml").read_text()
    url = re.search(r"^base_url:\s*(\S+)", text, re.M).group(1)  # type: ignore[union-attr]
    return urlsplit(url).path or "/"


def test_national_training_library() -> None:
    modules = [m for m in (CONTENT / "training").glob("*.md") if "." not in m.stem]
    assert len(modules) >= 5
    for module in modules:
        body = module.read_text(encoding="utf-8").split("---", 2)[2]
        assert len(body.split()) >= 400, module.name


def test_no_placeholder_text_in_content() -> None:
    for file in CONTENT.rglob("*"):
        if file.is_file() and file.suffix in (".md", ".yaml"):
            text = file.read_text(encoding="utf-8")
            assert not PLACEHOLDERS.search(text), f"{file.relative_to(REPO)}: placeholder text"


def test_only_example_org_addresses() -> None:
    for file in CONTENT.rglob("*"):
        if file.is_file() and file.suffix in (".md", ".yaml"):
            text = file.read_text(encoding="utf-8")
            for address in re.findall(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)", text):
                assert address == "example.org" or address.endswith(".example.org"), file
            for url in re.findall(r"https?://([^/\s)\"']+)", text):
                assert url == "example.org" or url.endswith(".example.org"), (file, url)


def _used_keys(text: str) -> set[str]:
    return set(re.findall(r"^\s*-?\s*([a-z_]+):", text, re.M)) | set(
        re.findall(r"[{,]\s*([a-z_]+):", text)
    )


def _field_names(field: Field, prefix: str = "") -> set[str]:
    names = {prefix + field.name}
    if field.schema is not None:
        for inner in field.schema.fields:
            names |= _field_names(inner, "")
    for variant in field.variants.values():
        for inner in variant.fields:
            names |= _field_names(inner, "")
    return names


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_demo_uses_every_field(kind: str) -> None:
    """Every field of the type appears in its files; shared fields in some file of any type."""
    if kind == "home":
        files = list(CONTENT.glob("*/index.md"))
    else:
        folder = SECTIONS[kind]
        files = list(CONTENT.glob(f"*/{folder}/*.md")) + list(CONTENT.glob(f"{folder}/*.md"))
    used: set[str] = set()
    for file in files:
        used |= _used_keys(file.read_text(encoding="utf-8").split("---", 2)[1])
    anywhere: set[str] = set()
    for file in CONTENT.rglob("*.md"):
        anywhere |= _used_keys(file.read_text(encoding="utf-8").split("---", 2)[1])
    shared = {f.name for f in SCHEMAS["home"].fields}
    wanted: set[str] = set()
    for field in SCHEMAS[kind].fields:
        wanted |= _field_names(field)
    assert wanted - shared - used == set()
    assert shared - anywhere == set()


def test_national_content_is_in_every_state(public: Path) -> None:
    for state in STATES:
        for module in (CONTENT / "training").glob("*.md"):
            if "." in module.stem:
                continue  # a translation
            assert (public / state / "training" / module.stem / "index.html").is_file()
    assert NATIONAL == ""
