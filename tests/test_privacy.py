"""The privacy guard: personal phones, emails and street addresses, in every form and place."""

from __future__ import annotations

import itertools

import pytest

from hubgen.privacy.detect import EMAIL, PHONE, STREET, digits
from tests.conftest import check_site


def phone_forms(area: str, exchange: str, line: str) -> list[str]:
    """Every usual US way of writing one number."""
    plain = [
        f"({area}) {exchange}-{line}",
        f"{area}-{exchange}-{line}",
        f"{area}.{exchange}.{line}",
        f"{area} {exchange} {line}",
        f"{area}{exchange}{line}",
        f"({area}){exchange}-{line}",
    ]
    prefixed = [
        f"{prefix}{number}"
        for prefix, number in itertools.product(("+1 ", "1-", "+1-"), plain[1:4])
    ]
    return plain + prefixed


@pytest.mark.parametrize("written", phone_forms("608", "555", "0143"))
def test_every_form_of_a_phone_number_is_seen(written: str) -> None:
    for context in ("Call {} tonight.", "tel:{}", "({})", "{}."):
        found = PHONE.findall(context.format(written))
        assert [digits(f) for f in found] == ["6085550143"], (context, written)


NOT_PHONES = [
    "ZIP 53703-1234",
    "Order 12345678901234",
    "2026-11-25",
    "v1.2.3",
    "1600 px wide",
    "room 204",
    "https://example.org/6085550143/",
]


@pytest.mark.parametrize("text", NOT_PHONES)
def test_numbers_that_are_not_phones(text: str) -> None:
    assert PHONE.findall(text) == []


@pytest.mark.parametrize(
    "text",
    ["12 Elm Street", "1 Main St.", "4410 N Oakland Avenue", "77 Martin Luther King Jr Drive",
     "9 Old Mill Rd", "250 W. Johnson Street"],
)  # fmt: skip
def test_street_addresses_are_seen(text: str) -> None:
    assert STREET.search(f"We meet at {text}, upstairs.")


def test_emails_are_seen() -> None:
    assert EMAIL.findall("write jane.doe+votes@mail.example.com or x@y.co") == [
        "jane.doe+votes@mail.example.com",
        "x@y.co",
    ]


PLACES = {
    "body": "---\ntitle: About\n---\nText.\n\nReach Sam at {value}.\n",
    "description": '---\ntitle: About\ndescription: "Reach Sam at {value}"\n---\nText.\n',
    "extra": '---\ntitle: About\nextra:\n  note: "Sam: {value}"\n---\nText.\n',
    "alt": "---\ntitle: About\n---\nText.\n\n![Sam, {value}](/images/sam.jpg)\n",
    "link": "---\ntitle: About\n---\nText.\n\n[Call Sam](tel:{value})\n",
}
PERSONAL = {
    "phone": "608-555-0177",
    "email": "sam.rivera@mail.example.com",
    "street": "12 Elm Street",
}


@pytest.mark.parametrize(("place", "kind"), list(itertools.product(PLACES, PERSONAL)))
def test_check_refuses_personal_details_anywhere(tmp_site, place: str, kind: str) -> None:
    value = PERSONAL[kind]
    root = tmp_site({"content/testland/pages/about.md": PLACES[place].format(value=value)})
    result = check_site(root)
    assert result.exit_code == 1, result.output
    assert "content/testland/pages/about.md:" in result.stderr
    assert value in result.stderr


def test_public_lines_and_addresses_pass(tmp_site) -> None:
    root = tmp_site(
        {
            "content/testland/offices/main.md": (
                "---\ntitle: Main office\naddress: {street: '100 Main Street, Suite 2', city: X, "
                "zip: '53703'}\nphone: (608) 555-0100\n---\nAt 100 Main Street.\n"
            ),
            "content/testland/pages/about.md": (
                "---\ntitle: About\n---\nVisit us at 100 Main Street or call (608) 555-0100.\n"
                "The library is at 201 W Mifflin Street.\n"
            ),
        }
    )
    result = check_site(root)
    assert result.exit_code == 1 and "201 W Mifflin Street" in result.stderr
    site_yaml = root / "content/site.yaml"
    site_yaml.write_text(site_yaml.read_text() + "privacy_allow: [201 W Mifflin Street]\n")
    assert check_site(root).exit_code == 0


def test_a_personal_email_hint_names_the_domains_and_role_addresses_to_use(tmp_site) -> None:
    community = (
        "---\ntitle: Harbor\ncounties: [Dane]\n"
        "contact: {role: Harbor team, email: harbor@example.org}\n---\nHello.\n"
    )
    state = "content/testland/_state.yaml"
    root = tmp_site({
        "content/testland/communities/harbor.md": community,
        "content/testland/pages/about.md": "---\ntitle: About\n---\nWrite sam@mail.example.com\n",
    })  # fmt: skip
    (root / state).write_text(
        (root / state).read_text() + "contact: {role: State team, email: testland@example.org}\n"
    )
    result = check_site(root)
    assert result.exit_code == 1
    assert (
        "content/testland/pages/about.md:4: error: 'sam@mail.example.com' in the text is not "
        "a role address\n"
        "    hint: never publish a volunteer's own address; use a role address at example.org, "
        "like testland@example.org or harbor@example.org (or add the program's domain to "
        "role_email_domains in content/site.yaml)\n"
    ) in result.stderr
