"""Translations go through the privacy guard: a page in Spanish is as public as one in English.

A translation is read for what it wrote itself (its body and its own settings) and reported
at its own path and line, judged by the same rules as its original: role domains, a
partner's own website, the state's public lines and addresses.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import build_site, check_site

ABOUT = "content/testland/pages/about.md"
ABOUT_ES = "content/testland/pages/about.es.md"
ORIGINAL = "---\ntitle: About\ndescription: Who we are.\n---\nWe organize in Testland.\n"
PERSONAL = {
    "email": "sam.rivera@mail.example.com",
    "phone": "608-555-0177",
}
# Where the detail is written in the translation, and the line the error must name.
PLACES = {
    "body": ("---\ntitle: Acerca de\n---\nSomos vecinos.\n\nLlame a Sam: {value}.\n", 6),
    "description": (
        '---\ntitle: Acerca de\ndescription: "Escriba a Sam: {value}"\n---\nSomos vecinos.\n',
        3,
    ),
}


def errors(root: Path) -> list[dict[str, object]]:
    """The problems `check` reports, as the JSON tools read."""
    result = check_site(root, "--format", "json")
    return [p for p in json.loads(result.stdout) if p["severity"] == "error"]


@pytest.mark.parametrize("kind", sorted(PERSONAL))
@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_personal_detail_in_a_translation_is_an_error_at_its_line(
    tmp_site, place: str, kind: str
) -> None:
    text, line = PLACES[place]
    value = PERSONAL[kind]
    root = tmp_site({ABOUT: ORIGINAL, ABOUT_ES: text.format(value=value)})
    result = check_site(root)
    assert result.exit_code == 1, result.output
    assert f"{ABOUT_ES}:{line}: error: '{value}'" in result.stderr
    assert f"{ABOUT}:" not in result.stderr  # the original says nothing wrong
    assert "Traceback" not in result.output

    built = build_site(root)
    assert built.exit_code == 1, built.output
    assert value in built.stderr
    assert not (root / "public").exists()  # nothing published, in any language


def test_a_street_address_in_a_translation_is_an_error(tmp_site) -> None:
    text = "---\ntitle: Acerca de\n---\nNos reunimos en 12 Elm Street.\n"
    root = tmp_site({ABOUT: ORIGINAL, ABOUT_ES: text})
    assert [(p["path"], p["line"]) for p in errors(root)] == [(ABOUT_ES, 4)]


def test_a_translation_is_not_blamed_for_its_original(tmp_site) -> None:
    original = '---\ntitle: About\ndescription: "Call Sam at 608-555-0177"\n---\nText.\n'
    translation = "---\ntitle: Acerca de\n---\nTexto.\n"
    root = tmp_site({ABOUT: original, ABOUT_ES: translation})
    assert [(p["path"], p["line"]) for p in errors(root)] == [(ABOUT, 3)]


NATIONAL = "content/training/listening.md"
NATIONAL_ES = "content/training/listening.es.md"


def test_a_national_translation_is_reported_once_not_per_state(tmp_site) -> None:
    root = tmp_site(
        {
            NATIONAL: "---\ntitle: Listening\norder: 1\nduration: 30\n---\nListen first.\n",
            NATIONAL_ES: (
                "---\ntitle: Escuchar\n---\nEscuche primero.\n\n"
                "Dudas: sam.rivera@mail.example.com\n"
            ),
            "content/otherland/_state.yaml": (
                "name: Otherland\ncode: MN\ntimezone: America/Chicago\n"
                "base_url: https://example.org/ol/\n"
            ),
            "content/otherland/index.md": "---\ntitle: Otherland\n---\nWelcome.\n",
        }
    )
    found = errors(root)
    assert [(p["path"], p["line"]) for p in found] == [(NATIONAL_ES, 6)], found
    result = check_site(root)
    assert result.exit_code == 1
    assert result.stderr.count("sam.rivera@mail.example.com") == 1


def test_role_addresses_and_public_lines_may_appear_in_a_translation(tmp_site) -> None:
    office = (
        "---\ntitle: Main office\naddress: {street: 100 Main Street, city: Testville, "
        "zip: '53703'}\nphone: (608) 555-0100\n---\nOpen on weekdays.\n"
    )
    translation = (
        '---\ntitle: Acerca de\ndescription: "Escríbanos: equipo@example.org"\n---\n'
        "Llame al (608) 555-0100 o visítenos en 100 Main Street.\n"
    )
    root = tmp_site(
        {"content/testland/offices/main.md": office, ABOUT: ORIGINAL, ABOUT_ES: translation}
    )
    result = check_site(root)
    assert result.exit_code == 0, result.output


PARTNER = "content/testland/partners/riverside.md"
PARTNER_ES = "content/testland/partners/riverside.es.md"
PARTNER_TEXT = (
    "---\ntitle: Riverside Tenants\norganization: Riverside Tenants Union\n{website}---\n"
    "A tenants' union.\n"
)
PARTNER_ES_TEXT = (
    "---\ntitle: Inquilinos de Riverside\n---\nUn sindicato de inquilinos.\n\n"
    "Escriba a hola@riverside-tenants.example.com.\n"
)
WEBSITE = "website: https://www.riverside-tenants.example.com/\n"


def test_a_partner_translation_may_show_the_partners_own_domain(tmp_site) -> None:
    root = tmp_site({PARTNER: PARTNER_TEXT.format(website=WEBSITE), PARTNER_ES: PARTNER_ES_TEXT})
    result = check_site(root)
    assert result.exit_code == 0, result.output


def test_without_the_partners_website_its_address_is_refused(tmp_site) -> None:
    """Also: what the guard remembers is not reused when only the original changed."""
    root = tmp_site({PARTNER: PARTNER_TEXT.format(website=WEBSITE), PARTNER_ES: PARTNER_ES_TEXT})
    assert check_site(root).exit_code == 0  # fills the build cache
    (root / PARTNER).write_text(PARTNER_TEXT.format(website=""), encoding="utf-8")
    result = check_site(root)
    assert result.exit_code == 1, result.output
    assert f"{PARTNER_ES}:6: error: 'hola@riverside-tenants.example.com'" in result.stderr


def test_a_translation_the_state_does_not_publish_is_not_read(tmp_site) -> None:
    state = (
        "name: Testland\ncode: WI\ntimezone: America/Chicago\n"
        "base_url: https://example.org/tl/\nlanguages: [en]\n"
    )
    translation = "---\ntitle: Acerca de\n---\nLlame a Sam: 608-555-0177.\n"
    root = tmp_site({"content/testland/_state.yaml": state, ABOUT: ORIGINAL, ABOUT_ES: translation})
    result = check_site(root)
    assert "608-555-0177" not in result.stderr, result.output
