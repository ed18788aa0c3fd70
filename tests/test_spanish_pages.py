"""Spanish pages are Spanish all through: every English text hubgen could show on one is
either translated or inside an element marked ``lang="en"``; the interface catalogs match;
settings and record fields have their translations; a Spanish 404 page, and the language
switch keeps the page."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import pytest
import yaml

from hubgen.content.documents import translation_schema
from hubgen.content.fields import Field, Schema
from hubgen.content.types import SCHEMAS
from tests.conftest import BASE_FILES, REPO, build_site, check_site

STATES = ("wisconsin", "pennsylvania", "arizona")
CATALOGS = yaml.safe_load((REPO / "themes/default/theme.yaml").read_text())["strings"]
# interface words Spanish writes as English does
SAME_IN_SPANISH = {"minutes": "min"}
SETTINGS = ("tagline", "disclaimer")
# the titles of these types are names: a community's area, an office's, an organization's
NAMED = ("community", "office", "partner")
# a proper name: capitalized words, maybe joined by these ("Eau Claire and the Chippewa Valley")
NAME = re.compile(r"^[A-Z][\w'.-]*(?:\s+(?:[A-Z][\w'.-]*|and|of|the|de|del|la))*$")


# --- the interface catalogs ---------------------------------------------------------------


def test_every_interface_text_has_a_spanish_text() -> None:
    english, spanish = CATALOGS["en"], CATALOGS["es"]
    texts = [key for key in english if not key.startswith("locale_")]
    assert [key for key in texts if not spanish.get(key)] == []
    same = {key: english[key] for key in texts if spanish[key] == english[key]}
    assert same == SAME_IN_SPANISH, "a Spanish text that is the English one: translate it"
    assert spanish["rsvp"] == "Confirma tu asistencia"


# --- the English texts hubgen could show, and where they come from -------------------------


def _sentences(value: Any, spec: Field) -> Iterator[tuple[str, str]]:
    """(field path, text) of what a translation would translate in one field's value."""
    if value is None or value == "":
        return
    if spec.kind == "text":
        yield spec.name, str(value)
    elif spec.kind == "list" and spec.item is not None:
        for item in value:
            yield from ((spec.name, text) for _, text in _sentences(item, spec.item))
    elif spec.kind == "record" and spec.schema is not None and isinstance(value, dict):
        for inner in spec.schema.fields:
            for name, text in _sentences(value.get(inner.name), inner):
                yield f"{spec.name}.{name}", text


def _front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1]) or {}


def _body_sentences(path: Path) -> set[str]:
    """The first sentence of each plain paragraph of a file's body, as a page shows it."""
    body = path.read_text(encoding="utf-8").split("---", 2)[2]
    found = set()
    for paragraph in body.split("\n\n"):
        text = " ".join(paragraph.split())
        if not text or text[0] in "#!-*|<`>[" or text[0].isdigit():
            continue
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text).replace("**", "")
        sentence = re.split(r"(?<=[.!?:])\s", text)[0]
        if len(sentence.split()) >= 5 and not re.search(r"[_`*<>]", sentence):
            found.add(sentence)
    return found


def _type_of(path: Path) -> str:
    folder = path.parent.name
    kinds = {"communities": "community", "offices": "office", "events": "event",
             "training": "training", "partners": "partner", "pages": "page"}  # fmt: skip
    return kinds.get(folder, "home")


def _field_texts(meta: dict[str, Any], schema: Schema) -> dict[tuple[str, str], str]:
    """(field path, text) -> text of every sentence a translation of it could set."""
    return {(name, text): text for spec in schema.fields
            for name, text in _sentences(meta.get(spec.name), spec)}  # fmt: skip


def english_texts(state: str) -> dict[str, str]:
    """Every English text a Spanish page of ``state`` could show untranslated -> where it
    comes from: catalog texts that Spanish says otherwise, the sentence fields of every
    original (those its translation keeps as they are, like a name, left out) and the
    settings' sentences."""
    found: dict[str, str] = {}
    english, spanish = CATALOGS["en"], CATALOGS["es"]
    for key, text in english.items():
        if key.startswith("locale_") or "{" in text or spanish.get(key) == text:
            continue
        found[text.rstrip(":").strip()] = f"theme string '{key}'"
    content = REPO / "content"
    for folder in (content / state, content / "training", content / "partners"):
        for path in sorted(folder.rglob("*.md")):
            if len(path.suffixes) > 1:
                continue
            kind = _type_of(path)
            schema = translation_schema(SCHEMAS[kind])
            texts = _field_texts(_front_matter(path), schema)
            es = path.with_suffix(".es.md")
            kept = set(_field_texts(_front_matter(es), schema).values()) if es.exists() else set()
            for (name, text), _ in texts.items():
                named = name == "title" and kind in NAMED
                if text not in kept and not named and not NAME.match(text):
                    found[text] = f"{path.relative_to(REPO)}: {name}"
            kept = _body_sentences(es) if es.exists() else set()
            for sentence in _body_sentences(path) - kept:
                found[sentence] = f"{path.relative_to(REPO)}: the text"
    for settings in (content / "site.yaml", content / state / "_state.yaml"):
        values = yaml.safe_load(settings.read_text())
        for name in SETTINGS:
            if values.get(name):
                found[values[name]] = f"{settings.relative_to(REPO)}: {name}"
        if (values.get("contact") or {}).get("role"):
            found[values["contact"]["role"]] = f"{settings.relative_to(REPO)}: contact.role"
        for path in values.get("training_paths", ()):
            for part in ("title", "description"):
                if path.get(part):
                    found[path[part]] = f"{settings.relative_to(REPO)}: training path {part}"
    return found


# --- a page's text outside English-marked elements -----------------------------------------


class _Unmarked(HTMLParser):
    """The body's text (and alt, title, aria-label) outside any element whose nearest
    ``lang`` is not the page's language."""

    VOID: ClassVar[set[str]] = {"area", "base", "br", "col", "embed", "hr", "img", "input",
                                "link", "meta", "source", "track", "wbr"}  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.langs: list[str] = []
        self.tags: list[str] = []
        self.body = False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang") or (self.langs[-1] if self.langs else "")
        if tag == "body":
            self.body = True
        if self.body and lang == "es":
            self.parts += [values[a] or "" for a in ("alt", "title", "aria-label") if values.get(a)]
        if tag not in self.VOID:
            self.langs.append(lang)
            self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.tags:
            while self.tags and self.tags.pop() != tag:
                self.langs.pop()
            self.langs.pop()

    def handle_data(self, data: str) -> None:
        if self.body and self.langs and self.langs[-1] == "es" and self.tags[-1] != "script":
            self.parts.append(data)


def unmarked_text(html: str) -> str:
    parser = _Unmarked()
    parser.feed(html)
    return " ¦ ".join(" ".join(p.split()) for p in parser.parts if p.strip())


def english_found(html: str, texts: dict[str, str]) -> list[str]:
    """'"text" (from where)' for every English text in a Spanish page outside lang="en"."""
    shown = unmarked_text(html)
    return [
        f'"{text}" ({where})'
        for text, where in texts.items()
        if re.search(r"(?<!\w)" + re.escape(" ".join(text.split())) + r"(?!\w)", shown)
    ]


def spanish_pages(site: Path) -> list[Path]:
    return sorted(p for p in (site / "es").rglob("*.html") if "refresh" not in p.read_text())


@pytest.mark.parametrize("state", STATES)
def test_no_english_outside_lang_en_on_spanish_pages(demo_public: Path, state: str) -> None:
    texts = english_texts(state)
    site = demo_public / state
    failures = []
    for page in spanish_pages(site):
        for found in english_found(page.read_text(encoding="utf-8"), texts):
            failures.append(f"{page.relative_to(site)}: {found}")
    assert failures == [], "\n".join(failures)


def test_the_english_check_catches_a_planted_text(demo_public: Path) -> None:
    texts = english_texts("wisconsin")
    html = (demo_public / "wisconsin/es/about/index.html").read_text(encoding="utf-8")
    tagline = yaml.safe_load((REPO / "content/wisconsin/_state.yaml").read_text())["tagline"]
    planted = html.replace("</main>", f"<p>{tagline}</p></main>")
    assert english_found(planted, texts) == [
        f'"{tagline}" (content/wisconsin/_state.yaml: tagline)'
    ]
    marked = html.replace("</main>", f'<p lang="en">{tagline} <b>again</b></p></main>')
    assert english_found(marked, texts) == []
    # a page without a translation, had its text lost its mark
    partner = (demo_public / "wisconsin/es/partners/coulee-student-voters/index.html").read_text()
    unmarked = partner.replace('<div class="prose" lang="en">', '<div class="prose">')
    assert any("coulee-student-voters.md: the text" in f for f in english_found(unmarked, texts))
    assert english_found(partner, texts) == []
    catalog = html.replace("</main>", "<p>See all upcoming events</p></main>")
    assert english_found(catalog, texts) == [
        "\"See all upcoming events\" (theme string 'see_all_events')"
    ]


# --- the Spanish 404 page and the language switch ------------------------------------------


@pytest.mark.parametrize(("state", "base"), [("wisconsin", "/"), ("arizona", "/az/")])
def test_a_missing_spanish_address_gets_the_spanish_404(
    demo_public: Path, state: str, base: str
) -> None:
    page = (demo_public / state / "es/404.html").read_text(encoding="utf-8")
    assert page.startswith('<!doctype html>\n<html lang="es">')
    assert "<h1>Página no encontrada</h1>" in page and 'name="robots" content="noindex"' in page
    # it cannot know the page that was asked for: it offers the other language's home
    assert f'<a href="{base}" hreflang="en" lang="en">English</a>' in page
    english = (demo_public / state / "404.html").read_text(encoding="utf-8")
    assert f'<a href="{base}es/" hreflang="es" lang="es">Español</a>' in english
    rules = (demo_public / state / "_redirects").read_text().splitlines()
    assert rules[-1] == f"{base}es/* {base}es/404.html 404"


@pytest.mark.parametrize("state", STATES)
def test_the_language_switch_keeps_the_page_on_every_page(demo_public: Path, state: str) -> None:
    """Spanish pages of every kind (documents, lists, past events, search) switch to the
    same page in English; redirect pages carry no switch."""
    site = demo_public / state
    root = re.search(r'<a class="brand" href="([^"]*)"', (site / "index.html").read_text())
    assert root
    checked = set()
    for page in spanish_pages(site):
        path = page.relative_to(site / "es").as_posix()
        if path == "404.html":
            continue
        address = path.removesuffix("index.html")
        assert (site / path).is_file(), path
        switch = f'<a href="{root.group(1)}{address}" hreflang="en" lang="en">English</a>'
        assert switch in page.read_text(encoding="utf-8"), path
        checked.add(address.split("/")[0])
    assert {"", "events", "communities", "offices", "training", "partners", "search"} <= checked


# --- translations of settings and of fields inside records ---------------------------------


def test_settings_sentences_per_language_and_what_they_lack_is_marked(tmp_site) -> None:
    site_yaml = textwrap.dedent(BASE_FILES["content/site.yaml"]) + textwrap.dedent("""\
        tagline: Organizing close to home.
        translations:
          es:
            disclaimer: Pagado por Test Program (example.org).
            training_paths:
              - key: basics
                title: Lo básico
        """)
    module = "---\ntitle: Start\norder: 1\nduration: 30\npaths: [basics]\n---\nHi.\n"
    root = tmp_site({"content/site.yaml": site_yaml, "content/training/start.md": module})
    assert build_site(root).exit_code == 0
    home = (root / "public/testland/es/index.html").read_text()
    assert '<p class="disclaimer">Pagado por Test Program (example.org).</p>' in home
    assert '<p class="disclaimer">Paid for by' in (root / "public/testland/index.html").read_text()
    training = (root / "public/testland/es/training/index.html").read_text()
    assert "Lo básico" in training
    # what Spanish lacks shows in English, marked
    assert '<p class="lede" lang="en">Organizing close to home.</p>' in home


@pytest.mark.parametrize(
    ("extra", "message", "hint"),
    [
        ("translations:\n  fr:\n    tagline: Bonjour\n", "unknown key 'translations.fr'",
         "Known keys: es."),
        ("translations:\n  es:\n    tagline: Hola\n    name: Otro\n",
         "unknown key 'translations.es.name'", "Known keys: tagline, disclaimer, contact."),
    ],
)  # fmt: skip
def test_a_translation_of_the_settings_is_checked(tmp_site, extra, message, hint) -> None:
    state = (
        "name: Testland\ncode: WI\ntimezone: America/Chicago\n"
        "base_url: https://example.org/tl/\n" + extra
    )
    root = tmp_site({"content/testland/_state.yaml": state})
    result = check_site(root)
    assert result.exit_code != 0
    assert message in result.output and hint in result.output, result.output


def test_a_translated_training_path_must_exist(tmp_site) -> None:
    extra = (
        "translations:\n  es:\n    training_paths:\n      - key: basic\n        title: Lo básico\n"
    )
    root = tmp_site({"content/site.yaml": textwrap.dedent(BASE_FILES["content/site.yaml"]) + extra})
    result = check_site(root)
    assert result.exit_code != 0
    assert "content/site.yaml:11: error: there is no training path 'basic' to translate" in (
        result.output
    )
    assert "did you mean 'basics'?" in result.output


OFFICE = """\
---
title: Main office
address: {street: 1 Main St, city: Madison, zip: "53703"}
accessibility: Step-free entrance on the side.
---
"""
EVENT = """\
---
title: Doors
kind: canvass
start: 2026-12-05 10:00
end: 12:00
place: {type: address, name: Library, street: 1 Main St, city: Madison, zip: "53703",
        directions: Use the back door.}
rsvp: https://example.org/rsvp
---
"""


def built(tmp_site: Any, files: dict[str, str]) -> Path:
    """The public folder of the test state built with ``files`` (originals, translations)."""
    root = tmp_site({f"content/testland/{name}": text for name, text in files.items()})
    assert build_site(root).exit_code == 0
    return root / "public/testland"


def test_a_translation_sets_fields_inside_a_place_and_the_rest_is_marked(tmp_site) -> None:
    public = built(tmp_site, {
        "offices/main.md": OFFICE,
        "offices/main.es.md": "---\ntitle: Oficina principal\n---\n",
        "events/doors.md": EVENT,
        "events/doors.es.md":
            "---\ntitle: Puertas\nplace: {directions: Usa la puerta de atrás.}\n---\n",
    })  # fmt: skip
    office = (public / "es/offices/main/index.html").read_text()
    assert '<dd lang="en">Step-free entrance on the side.</dd>' in office
    event = (public / "es/events/doors/index.html").read_text()
    assert '">Usa la puerta de atrás.</' in event and "back door" not in event
    assert "1 Main St" in event  # the rest of the place is the original's
    english = (public / "events/doors/index.html").read_text()
    assert '">Use the back door.</' in english


COMMUNITY = """\
---
title: Harbor
counties: [Dane]
signup: https://example.org/join
schedule: {every: week, weekday: tuesday, time: "18:30", where: the back room of the library}
contact: {role: Harbor team, email: harbor@example.org}
---
"""


def test_a_translated_meeting_place_keeps_the_schedule(tmp_site) -> None:
    """A translation sets a field inside the schedule; the meetings still come from the
    original (the build works out when they change the pages)."""
    where = "schedule: {where: la sala del fondo de la biblioteca}"
    public = built(tmp_site, {
        "communities/harbor.md": COMMUNITY,
        "communities/harbor.es.md": f"---\ntitle: Harbor\n{where}\n---\n",
    })  # fmt: skip
    page = (public / "es/communities/harbor/index.html").read_text()
    assert "Todos los martes, 6:30 p. m., <span>la sala del fondo de la biblioteca</span>" in page
    assert '<strong lang="en">Harbor team</strong>' in page
