"""Relative links and images in Markdown ('../bluff/', 'img/x.png', '#agenda') are read from
their document's own page, published as the root-relative address they name (with the
base path), and checked like root-relative ones, at the line they were written on."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import pytest

from hubgen.build.options import BuildOptions
from hubgen.build.pipeline import build
from hubgen.content.images import ImageInfo
from hubgen.core.errors import BuildFailed
from hubgen.markup.addresses import is_relative, resolve
from hubgen.markup.markdown import Converter
from tests.conftest import NOW_DT
from tests.viewkit import make_project, state_view

WAUSAU = "/communities/wausau/"


@pytest.mark.parametrize(("written", "named"), [
    ("../nowhere-else/", "/communities/nowhere-else/"),
    ("nowhere/", "/communities/wausau/nowhere/"),
    ("./", WAUSAU),
    (".", WAUSAU),
    ("..", "/communities/"),
    ("../../", "/"),
    ("../../about", "/about"),
    ("img/x.png", "/communities/wausau/img/x.png"),
    ("../../images/map.png", "/images/map.png"),
    ("x/../y/", "/communities/wausau/y/"),
    ("a//b/", "/communities/wausau/a/b/"),
    ("../plover/?page=2#agenda", "/communities/plover/?page=2#agenda"),
    ("#agenda", "/communities/wausau/#agenda"),
    ("?page=2", "/communities/wausau/?page=2"),
    ("../../../about/", None),  # above the site's root
    ("../../..", None),
])  # fmt: skip
def test_a_relative_address_is_read_from_the_page(written: str, named: str | None) -> None:
    assert resolve(WAUSAU, written) == named


def test_on_the_home_page_nothing_is_above() -> None:
    assert resolve("/", "communities/wausau/") == WAUSAU
    assert resolve("/", "./") == "/"
    assert resolve("/", "../about/") is None


@pytest.mark.parametrize(("address", "relative"), [
    ("../about/", True), ("about", True), ("#agenda", True), ("?page=2", True),
    ("bit.ly/x", True), ("/about/", False), ("//example.org/x", False),
    ("https://example.org/", False), ("mailto:team@example.org", False),
    ("tel:+15555550100", False), ("", False),
])  # fmt: skip
def test_what_is_relative(address: str, relative: bool) -> None:
    assert is_relative(address) is relative


# --- the converter ---------------------------------------------------------------------

MD = Converter()
PHOTO = ImageInfo("map.jpg", Path("map.jpg"), "content/images/map.jpg", 2000, 1500)


def test_relative_links_are_written_from_the_base_path_and_remembered_as_written() -> None:
    text = ("[a](../plover/) [b](./#agenda) [c](../../) [d](../../static/site.pdf) "
            "[e](https://example.org/) [f](/about/)")  # fmt: skip
    result = MD.convert(text, "/es/wi/", "/wi/", page=WAUSAU)
    assert 'href="/es/wi/communities/plover/"' in result.html
    assert 'href="/es/wi/communities/wausau/#agenda"' in result.html
    assert 'href="/es/wi/"' in result.html
    assert 'href="/wi/static/site.pdf"' in result.html  # theme files: shared by the languages
    assert 'href="https://example.org/"' in result.html
    assert result.links == ("../plover/", "./#agenda", "../../", "../../static/site.pdf",
                            "/about/")  # fmt: skip


def test_without_a_page_relative_links_stay_as_written_and_unchecked() -> None:
    result = MD.convert("[a](../plover/) [b](#agenda) [c](/about/)", "/wi/")
    assert 'href="../plover/"' in result.html and 'href="#agenda"' in result.html
    assert result.links == ("/about/",)


def test_sections_and_links_above_the_root_stay_as_written() -> None:
    result = MD.convert("[a](#agenda) [b](../../../up/)", "/wi/", page=WAUSAU)
    assert 'href="#agenda"' in result.html and 'href="../../../up/"' in result.html
    assert result.links == ("#agenda", "../../../up/")


def test_footnotes_and_written_out_email_addresses_are_not_links_to_check() -> None:
    result = MD.convert("Note[^1] <team@example.org>\n\n[^1]: Said.\n", "/wi/", page=WAUSAU)
    assert 'class="footnote-ref"' in result.html and "mailto" not in result.links
    assert result.links == ()


def test_addresses_are_read_as_a_browser_reads_them() -> None:
    text = "[a](jav&#x09;ascript:alert(1)) [b](&#106;avascript:alert(2)) [c](&#46;&#46;/x/)"
    result = MD.convert(text, "/wi/", page=WAUSAU)
    assert result.links == ("../x/",)  # the others are not links in the site
    assert 'href="/wi/communities/x/"' in result.html and "alert" not in result.html


def test_a_relative_image_in_images_becomes_a_picture() -> None:
    result = MD.convert("![A map](../../images/map.jpg)", "/wi/", images={"map.jpg": PHOTO},
                        page=WAUSAU)  # fmt: skip
    assert "<picture>" in result.html and 'srcset="/wi/images/map-' in result.html
    assert "../../images" not in result.html
    assert result.pictures == (("../../images/map.jpg", "A map"),)
    assert result.links == ()


def test_an_image_outside_images_is_a_picture_to_check() -> None:
    result = MD.convert("![A map](img/map.png) ![B](/img/b.png)", "/wi/", page=WAUSAU)
    assert 'src="/wi/communities/wausau/img/map.png"' in result.html
    assert result.pictures == (("img/map.png", "A map"), ("/img/b.png", "B"))
    assert result.links == ()


class Memo:
    """Keeps every result: the bodies below have one entry each only if their keys differ."""

    def __init__(self) -> None:
        self.kept: dict[Hashable, Any] = {}

    def remember(self, parts: Hashable, compute: Callable[[], Any]) -> Any:
        if parts not in self.kept:
            self.kept[parts] = compute()
        return self.kept[parts]


def test_the_same_body_in_two_documents_is_read_from_each_page(tmp_path: Path) -> None:
    body = ("---\ntitle: {}\ncounties: [Dane]\nsignup: https://example.org/join\n---\n"
            "See [this page](./).\n")
    root = make_project(tmp_path / "project", {
        "content/testland/communities/harbor.md": body.format("Harbor"),
        "content/testland/communities/bluff.md": body.format("Bluffs"),
    })  # fmt: skip
    state = state_view(root, memo=Memo())
    harbor, bluff = (state.view_of("community", slug) for slug in ("harbor", "bluff"))
    assert harbor is not None and bluff is not None
    assert harbor._doc.body_hash == bluff._doc.body_hash
    assert 'href="/tl/communities/harbor/"' in harbor.content
    assert 'href="/tl/communities/bluff/"' in bluff.content


# --- builds ------------------------------------------------------------------------------

COMMUNITY = """\
    ---
    title: {title}
    counties: [Dane]
    signup: https://example.org/join
    ---
    Back to [this page](./), or see [the other team](../{other}/).
    """
FILES: dict[str, str | None] = {
    # the same body (and line) in two documents: each is read from its own page
    "content/testland/communities/harbor.md": COMMUNITY.format(title="Harbor", other="bluff"),
    "content/testland/communities/bluff.md": COMMUNITY.format(title="Bluffs", other="bluff"),
    "content/testland/communities/harbor.es.md": """\
        ---
        title: Puerto
        ---
        Vea [el otro equipo](../bluff/) y [la lista](../).
        """,
    "content/testland/pages/agenda.md": """\
        ---
        title: Agenda
        ---
        ## What we do

        Back to [the top](#what-we-do), or [home](../).
        """,
    "content/testland/index.md": """\
        ---
        title: Testland
        ---
        Meet [Harbor](communities/harbor/) and read [the agenda](agenda/#what-we-do).
        """,
}


def built(tmp_site: Callable[..., Path], files: dict[str, str | None], cache: bool = True,
          out: str = "public") -> list[str]:  # fmt: skip
    """The errors and warnings of a build of the project, as printed."""
    root = tmp_site({**FILES, **files})
    try:
        result = build(BuildOptions(root, out=root / out, now=NOW_DT, jobs=1, cache=cache))
    except BuildFailed as failed:
        return [p.format() for p in failed.problems]
    return [p.format() for p in result.warnings]


def test_relative_links_to_pages_pass_and_work_under_the_base_path(
    tmp_site: Callable[..., Path],
) -> None:
    assert built(tmp_site, {}) == []
    public = tmp_site() / "public/testland"

    def page(path: str) -> str:
        return (public / path / "index.html").read_text()

    harbor = page("communities/harbor")
    assert 'href="/tl/communities/harbor/">this page' in harbor
    assert 'href="/tl/communities/bluff/">this page' in page("communities/bluff")
    assert 'href="/tl/communities/bluff/">the other team' in harbor
    spanish = page("es/communities/harbor")
    assert 'href="/tl/es/communities/bluff/"' in spanish and 'href="/tl/es/communities/"' in spanish
    assert 'href="#what-we-do"' in page("agenda") and 'href="/tl/"' in page("agenda")
    home = (public / "index.html").read_text()
    assert 'href="/tl/communities/harbor/"' in home and 'href="/tl/agenda/#what-we-do"' in home


BROKEN = {
    "content/testland/pages/agenda.md": """\
        ---
        title: Agenda
        ---
        ## What we do

        Our notes/ folder moved; see [the notes](notes/) and [the start](../../start/).
        Share [the old list](bit.ly/old-list) and [the page](../agenda.md#what-we-do).
        Skip to [the end](#the-end). ![A map](../images/map.png) ![](img/crowd.jpg)
        Or see [the same page](/agenda.md).
        """,
    "content/testland/communities/harbor.es.md": """\
        ---
        title: Puerto
        ---
        Vea [el equipo perdido](../perdido/).
        """,
}


def test_broken_relative_links_are_told_where_they_were_written(
    tmp_site: Callable[..., Path],
) -> None:
    problems = built(tmp_site, BROKEN)
    read = "is read from this page's address, /agenda/: write the address from the state " \
        "site's root, like /training/phone-banking/"
    agenda = "content/testland/pages/agenda.md"
    assert problems == [
        "content/testland/communities/harbor.es.md:4: error: link to ../perdido/ "
        "(/communities/perdido/): no such page in the testland site\n"
        "    hint: ../perdido/ is read from this page's address, /communities/harbor/: write "
        "the address from the state site's root, like /training/phone-banking/",
        f"{agenda}:6: error: link to ../../start/: it climbs above the root of the testland "
        f"site\n    hint: ../../start/ {read}",
        f"{agenda}:6: error: link to notes/ (/agenda/notes/): no such page in the testland "
        f"site\n    hint: notes/ {read}",
        f"{agenda}:7: error: link to ../agenda.md#what-we-do (/agenda.md#what-we-do): no "
        "such page in the testland site\n"
        "    hint: link to the page, not its file: /agenda/#what-we-do",
        f"{agenda}:7: error: link to bit.ly/old-list (/agenda/bit.ly/old-list): no such page "
        "in the testland site\n"
        "    hint: for a page of another site, write its whole address: https://bit.ly/old-list",
        f"{agenda}:8: error: image ../images/map.png (/images/map.png) does not exist\n"
        "    hint: put the file in content/images/ or content/<state>/images/",
        f"{agenda}:8: error: image img/crowd.jpg (/agenda/img/crowd.jpg) does not exist\n"
        "    hint: save the picture as content/testland/images/crowd.jpg and write "
        "/images/crowd.jpg",
        f"{agenda}:8: error: image img/crowd.jpg has no alt text\n"
        "    hint: describe what the image shows: ![Volunteers at the Eau Claire office](...)",
        f"{agenda}:8: error: link to #the-end: the page has no section '#the-end'\n"
        "    hint: link to a heading of this page: '## Before you call' is #before-you-call",
        f"{agenda}:9: error: link to /agenda.md: no such page in the testland site\n"
        "    hint: link to the page, not its file: /agenda/",
    ]


LOST = "content/testland/communities/perdido.md"
STEPS: list[dict[str, str | None]] = [
    BROKEN,
    {**BROKEN, LOST: "---\ntitle: Lost\ncounties: [Iowa]\nsignup: https://example.org/join\n"
                     "---\nFound.\n"},  # mended elsewhere
    {**BROKEN, LOST: None},  # and broken again
    {},
]


def test_a_cached_build_tells_what_a_clean_one_does(tmp_site: Callable[..., Path]) -> None:
    """What a link names is known from its document alone, so pages kept from the cache are
    checked against the pages of this build, like pages rendered again."""
    told = []
    for files in STEPS:
        cached = built(tmp_site, files)
        assert cached == built(tmp_site, files, cache=False, out="clean"), files
        told.append(len(cached))
    assert told == [10, 9, 10, 0]
