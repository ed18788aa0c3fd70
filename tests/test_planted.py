"""`hubgen check` finds each planted mistake with the right file and line."""

from __future__ import annotations

from tests.conftest import check_site

PLANTED = {
    "content/testland/pages/links.md": (
        "---\ntitle: Links\n---\nIntro.\n\nSee [the list](/nowhere/).\n"
    ),
    "content/testland/pages/photo.md": "---\ntitle: Photo\n---\n![A table](/images/missing.jpg)\n",
    "content/testland/pages/alt.md": "---\ntitle: Alt\n---\nIntro.\n\n![](/images/team.png)\n",
    "content/testland/pages/phone.md": "---\ntitle: Phone\n---\nText Dana at 608.555.0177.\n",
    "content/testland/events/home.md": (
        '---\ntitle: House party\nkind: house party\nstart: 2026-12-05 18:00\nend: "20:00"\n'
        "place:\n  type: home\n  neighborhood: Tenney Park\n  street: 12 Elm Street\n"
        '  city: Madison\n  zip: "53704"\n---\nSnacks.\n'
    ),
    "content/testland/events/backwards.md": (
        '---\ntitle: Canvass\nkind: canvass\nstart: 2026-12-05 10:00\nend: "09:00"\n'
        "place: {type: online}\n---\nOops.\n"
    ),
}

EXPECTED = [
    "content/testland/pages/links.md:6: error: link to /nowhere/: no such page",
    "content/testland/pages/photo.md:4: error: image /images/missing.jpg does not exist",
    "content/testland/pages/alt.md:6: error: image /images/team.png has no alt text",
    "content/testland/pages/phone.md:4: error: '608.555.0177' in the text is not a public "
    "phone line",
    "content/testland/events/home.md:9: error: 'place.street' is not allowed here",
    "content/testland/events/backwards.md:5: error: the event ends before it starts",
]


def test_check_finds_every_planted_mistake(tmp_site) -> None:
    from PIL import Image

    root = tmp_site(PLANTED)
    (root / "content/images").mkdir()
    Image.new("RGB", (40, 30), "#336699").save(root / "content/images/team.png")
    first = check_site(root)
    assert first.exit_code == 1
    # a file that fails to parse is reported alone; fix the two parse errors to see the rest
    assert EXPECTED[4] in first.stderr and EXPECTED[5] in first.stderr
    (root / "content/testland/events/home.md").unlink()
    (root / "content/testland/events/backwards.md").unlink()
    second = check_site(root)
    assert second.exit_code == 1
    for line in EXPECTED[:4]:
        assert line in second.stderr, line
