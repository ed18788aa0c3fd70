"""Markdown between HTML blocks, as GitHub reads it (hubgen.markup.htmlblocks).

An HTML block that starts with a block tag ends at a blank line, and what
follows is Markdown until the next HTML block: ``<details>``, a blank line, a
list, a blank line, ``</details>`` is a list in a box. Each case goes through
hubgen and through cmark-gfm (GitHub's renderer; both then through the
sanitizer) and the tags and text must agree.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hubgen.markup.htmlblocks import block_kind, html_blocks
from tests.conftest import build_site
from tests.test_gfm_inline import github, hub, reduce
from tests.test_markdown_equivalence import assert_same

__all__ = ["github"]  # the fixture, shared with the inline tests

BLOCK_TAGS = ("details", "summary", "div", "aside", "ul", "ol", "li", "p", "em", "strong")
BLOCK_TAGS += ("pre", "code", "h2", "a", "img", "span", "blockquote", "figure", "figcaption")
BLOCK_TAGS += ("table", "tr", "td", "th", "kbd", "del", "br", "hr", "input")

ITEM_INTERRUPTED = (
    "1. Call the office\n   <details>\n   <summary>Script</summary>\n\n   - Hello\n"
    "   - Thanks\n\n   </details>\n2. Knock"
)
CASES = [
    "<details>\n<summary>Steps</summary>\n\n- Knock\n- Listen\n\n</details>",
    "<details><summary>Before the shift</summary>\n\n1. Charge your phone\n"
    "2. Print the walk list\n\n</details>",
    "<details>\n<summary>Script</summary>\n- not a list yet\n- still raw\n\n</details>",
    "<details open>\n<summary>Shifts</summary>\n\n| Shift | Lead |\n|---|---|\n| 9am | Ana |\n"
    "\n</details>",
    "<details>\n<summary>Phone bank script</summary>\n\n> Hi, I'm a volunteer with Example Org."
    "\n\n```text\nScript line\n```\n\n</details>",
    "<aside>\n\n**Note:** bring *water*.\n\n</aside>",
    "<div>\n*not emphasis: still the HTML block*\n</div>",
    "<div>\n\n*emphasis*\n\n</div>",
    "<div>\n<div>\n\nnested *Markdown*\n\n</div>\n</div>",
    "<figure>\n\n![A canvass team](https://example.org/team.jpg)\n\n"
    "<figcaption>The Saturday team</figcaption>\n</figure>",
    "Text before.\n<div>\nA block interrupts a paragraph.\n</div>",
    "Text before.\n<span>\nA lone inline tag does not.",
    "  <div>\nIndented by two.\n\n*Markdown* again.",
    "<!-- a note\n\nfor editors -->\n*after*",
    "<pre>\n*a*\n\n*b*\n</pre>\n*c*",
    '<img src="https://example.org/logo.png" alt="Logo">\n*raw*\n\n*Markdown*',
    '<p align="center">\n<b>Bold</b> start\n</p>\n\nAfter.',
    "<table>\n<tr><td>*a*</td></tr>\n</table>",
    "Text\n<!-- comment -->\nmore",
    "<kbd>Ctrl</kbd> + <kbd>C</kbd> copies.",
    "Inline <div>in a paragraph</div> text.",
    "<br>\nNext line",
    '<a href="https://example.org/">\n  Link text\n</a>',
    "</details>",
    "<DIV>\nUpper case\n</DIV>",
    "- item\n<div>ends the list</div>",
    "- item\n\n  <div>\n  *in the item*\n\n  </div>",
    ITEM_INTERRUPTED,
    "- item\n\n<div>\n*after the list*\n</div>",
    "Before:\n<details>\n<summary>More</summary>\n\nHidden *text*.\n</details>",
    "<details>\n  <summary>Indented summary</summary>\n\n  Two-space text.\n\n</details>",
    "    <div>\n    indented code\n    </div>",
    "```\n<div>\n\n*not html*\n\n</div>\n```",
    "<div>\n````\nfence inside html\n````\n</div>",
    "> <details>\n> <summary>Quoted</summary>\n>\n> - a\n>\n> </details>",
    "<?php echo 1; ?>\n*x*",
    "<!DOCTYPE html>\n*x*",
    "<![CDATA[\nx\n]]>\n*x*",
]


# Blocks inside list items are hubgen.markup.gfmlists' to stash (it knows the containers).
DIFFERENT: dict[str, str] = {
    ITEM_INTERRUPTED: "where a block in a list item interrupts the item's text, gfmlists leaves an "
    "empty paragraph after </summary>",
}


def github_cases() -> list[object]:
    return [
        pytest.param(text, marks=pytest.mark.xfail(strict=True, reason=DIFFERENT[text]))
        if text in DIFFERENT
        else text
        for text in CASES
    ]


@pytest.mark.parametrize("text", github_cases())
def test_html_blocks_split_as_on_github(github: Callable[[str], str], text: str) -> None:
    ours, theirs = hub(text), github(text)
    assert reduce(ours, BLOCK_TAGS, tight=True) == reduce(theirs, BLOCK_TAGS, tight=True)


@pytest.mark.parametrize("text", CASES)
def test_the_fast_processors_agree_on_html_blocks(text: str) -> None:
    assert_same(text)


def test_a_details_box_holds_a_list() -> None:
    out = hub("<details>\n<summary>Steps</summary>\n\n- Knock\n- Listen\n\n</details>\n")
    assert out == (
        "<details>\n<summary>Steps</summary>\n<ul>\n<li>Knock</li>\n<li>Listen</li>\n</ul>\n"
        "</details>"
    )


def test_fenced_code_is_left_alone() -> None:
    text = "```html\n<details>\n\n- not a list\n\n</details>\n```\n"
    out = hub(text)
    assert "&lt;details&gt;\n\n- not a list\n\n&lt;/details&gt;" in out
    assert "<details" not in out


def test_a_raw_block_is_not_inside_a_paragraph() -> None:
    """An inline tag alone on its line is a block too: no <p> around it (GitHub's way)."""
    out = hub('Intro.\n\n<img src="https://example.org/logo.png" alt="Logo">\n\nAfter.')
    assert (
        out == '<p>Intro.</p>\n<img src="https://example.org/logo.png" alt="Logo">\n<p>After.</p>'
    )


def test_blocks_are_found_in_one_pass() -> None:
    lines = [
        "Intro",  # 0
        "<details>",  # 1: kind 6, interrupts the paragraph
        "<summary>S</summary>",  # 2
        "",  # 3
        "- a",  # 4
        "",  # 5
        "  <div>in the item</div>",  # 6: in the item's content column: gfmlists' to stash
        "",  # 7
        "```",  # 8
        "<div>",  # 9: fenced
        "```",  # 10
        "</details>",  # 11: kind 6, to the blank line
        "text of the block",  # 12
        "",  # 13
        "<!-- open comment",  # 14: kind 2, to its end
        "",  # 15
        "closed -->",  # 16
        "*Markdown*",  # 17
    ]
    assert list(html_blocks(lines)) == [(1, 3), (11, 13), (14, 17)]


def test_an_unclosed_fence_runs_to_the_end() -> None:
    assert list(html_blocks(["~~~", "<div>", "", "text"])) == []


def test_block_kinds() -> None:
    assert block_kind("<script>", True) == 1
    assert block_kind("<!-- x", True) == 2
    assert block_kind("<?x", True) == 3
    assert block_kind("<!DOCTYPE html>", True) == 4
    assert block_kind("<![CDATA[", True) == 5
    assert block_kind("</details>", True) == 6
    assert block_kind('<span title="x">', False) == 7
    assert block_kind('<span title="x">', True) == 0  # kind 7 cannot interrupt a paragraph
    assert block_kind("<span>text</span>", False) == 0  # not alone on its line
    assert block_kind("<pre/>", False) == 0  # neither kind 1 nor, being pre, kind 7
    assert block_kind("<textareas>", False) == 7


def test_text_with_the_marker_characters_still_splits() -> None:
    """The markers are made of a private-use character the text does not have."""
    text = "\ue000 and \ue001 in the text\n\n<div>\n\n*em*\n\n</div>\n"
    out = hub(text)
    assert "<div>\n<p><em>em</em></p>\n</div>" in out and "\ue000 and \ue001" in out


def test_placeholder_characters_in_a_block_are_dropped() -> None:
    """Python-Markdown's placeholder characters (STX, ETX) never reach the stash."""
    out = hub("<div>\n\x02wzxhzdk:0\x03 raw\n</div>\n")
    assert "\x02" not in out and "wzxhzdk:0 raw" in out


def test_a_built_page_has_markdown_in_its_details(tmp_site: Callable[..., Path]) -> None:
    page = """\
        ---
        title: Phone bank
        ---
        <details>
        <summary>Before you call</summary>

        - [ ] Headset charged
        - [x] [This page](/phones/) open

        </details>

        <aside>

        **Remember:** ~~skip~~ log every call.

        </aside>
        """
    root = tmp_site({"content/testland/pages/phones.md": page})
    result = build_site(root)
    assert result.exit_code == 0, result.output
    built = (root / "public/testland/phones/index.html").read_text(encoding="utf-8")
    assert "<details>\n<summary>Before you call</summary>\n<ul>\n" in built
    assert '<label><input disabled="" type="checkbox"> Headset charged</label>' in built
    assert '<a href="/tl/phones/">This page</a>' in built
    assert (
        "<aside>\n<p><strong>Remember:</strong> <del>skip</del> log every call.</p>\n</aside>"
        in (built)
    )
