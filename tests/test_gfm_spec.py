"""The CommonMark spec's examples of block structure render the way GitHub renders them.

Each example of the spec's sections on lists, list items, block quotes, code
blocks, paragraphs, thematic breaks, HTML blocks and tabs (tests/gfm/, see its
SOURCES.md) goes through hubgen's converter, sanitizer included, and through
cmark-gfm, GitHub's renderer; their block structures (bench.fidelity) must be
the same. The few that differ on purpose are listed with the reason; they are
expected to differ, so that one which starts to match is taken off the list.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("cmarkgfm", reason="cmarkgfm (the test extra) is GitHub's renderer")

from bench.fidelity import block_structure, github_html, hubgen_html

SPEC = json.loads((Path(__file__).parent / "gfm" / "spec_examples.json").read_text("utf-8"))
EXAMPLES: list[dict[str, object]] = SPEC["examples"]
SECTIONS = {"Tabs", "Thematic breaks", "Indented code blocks", "Fenced code blocks",
            "HTML blocks", "Paragraphs", "Block quotes", "List items", "Lists"}  # fmt: skip

DIFFERENT_ON_PURPOSE: dict[int, str] = {
    191: "raw HTML: the sanitizer parses <table><tr><pre> as a browser does and moves the "
    "<pre> (the indented code block inside a raw table) out before the table",
}


def cases() -> list[object]:
    params = []
    for example in EXAMPLES:
        number = int(str(example["example"]))
        reason = DIFFERENT_ON_PURPOSE.get(number)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(example, id=f"{number}-{example['section']}", marks=marks))
    return params


def test_the_fixture_holds_every_example_of_its_sections() -> None:
    assert {e["section"] for e in EXAMPLES} == SECTIONS
    numbers = [int(str(e["example"])) for e in EXAMPLES]
    assert len(numbers) == len(set(numbers)) == 222
    assert set(DIFFERENT_ON_PURPOSE) <= set(numbers)


@pytest.mark.parametrize("example", cases())
def test_block_structure_is_githubs(example: dict[str, object]) -> None:
    text = str(example["markdown"])
    assert block_structure(hubgen_html(text)) == block_structure(github_html(text)), text
