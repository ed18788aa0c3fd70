"""Lists, quotes and code blocks as GitHub shows them, in documents like organizers paste.

Each document below renders, through hubgen's converter, with the block
structure cmark-gfm (GitHub's renderer) gives it (bench.fidelity): what belongs
to a list item is decided by the item's content column, lazy lines continue
paragraphs, lists and quotes start, nest and end where GitHub starts, nests
and ends them. The issue's own examples are checked as exact HTML in a built
page. The rewrite's shortcuts for common lines are checked against its long
way on every document here, the spec's examples and random ones.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path

import markdown
import pytest

from hubgen.markup.gfmlists import Rewriter, reindent_lists
from tests.conftest import build_site

pytest.importorskip("cmarkgfm", reason="cmarkgfm (the test extra) is GitHub's renderer")

from bench.fidelity import block_structure, github_html, hubgen_html

CASES: dict[str, str] = {
    "paragraph under a numbered step (3 spaces)": (
        "1. Print the walk list from example.org/turf.\n\n"
        "   Bring two copies: one for you, one for your partner.\n"
        "2. Meet at the field office.\n"
    ),
    "paragraph under a bullet (2 spaces)": (
        "- Knock, smile, say your name.\n\n"
        "  If nobody answers, leave the door hanger.\n"
        "- Mark the result on your list.\n"
    ),
    "four spaces under a bullet are a paragraph too": (
        "- Call the captain.\n\n    She keeps the spare clipboards.\n- Start at noon.\n"
    ),
    "fenced code under a step": (
        "1. Build the hub:\n\n   ```\n   hubgen build\n   ```\n2. Open public/index.html.\n"
    ),
    "fenced code right under a step, no blank line": (
        "1. Install it:\n   ```sh\n   pip install hubgen\n   ```\n2. Run it.\n"
    ),
    "tilde fence with a longer closing fence and an info string": (
        "- Settings:\n\n  ~~~yaml title\n  state: wisconsin\n  ~~~~~\n- Save the file.\n"
    ),
    "fence left open ends with its item": ("- A note:\n  ```\n  unfinished\n- The next step.\n"),
    "indented code inside an item stays code": (
        "1. Type this:\n\n       hubgen serve --port 8080\n\n2. Open the address it prints.\n"
    ),
    "bullets right under a numbered item, less indented than its text": (
        "1.  Brainstorm the words voters use\n"
        "  *   **What words do they use?** Write them down.\n"
        "  *   **Which ones repeat?** Circle them.\n"
    ),
    "bullets under a numbered item, at its text": (
        "1. Brainstorm the words voters use\n"
        "   * What words do they use?\n   * Which ones repeat?\n2. Share them.\n"
    ),
    "two-space nested bullets": "- Phone bank\n  - Monday\n    - 6 PM\n- Canvass\n",
    "three-space nested list under a number": "1. Sign in\n   - name\n   - email\n2. Pick a turf\n",
    "four-space nested list": "- Supplies\n    - clipboards\n    - pens\n- Snacks\n",
    "deeper-indented text under a number is a paragraph, not code": (
        "1. Door knocking\n\n      Bring water and a charged phone.\n2. Phone bank\n"
    ),
    "block quote inside an item": (
        "- What a volunteer said:\n\n  > I met three neighbors I never knew.\n"
        "  > We talked for an hour.\n"
        "- What the captain said:\n  > Same time next week.\n"
    ),
    "table inside an item": (
        "1. Check the shifts:\n\n   | Day | Lead |\n   | --- | --- |\n   | Saturday | Ana |\n\n"
        "2. Confirm by email to shifts@example.org.\n"
    ),
    "list inside a block quote": (
        "> Before you go:\n> - charge your phone\n> - print the list\n>\n> Thanks!\n"
    ),
    "lazy continuation lines": (
        "- Meet at the library on Main Street,\nnext to the bus stop.\n"
        "- Bring a friend.\n\n> The hub is open\nevery Saturday.\n"
    ),
    "a bullet list interrupts a paragraph": "Bring these:\n- water\n- a pen\n",
    "an ordered list starting at 1 interrupts a paragraph": "Steps:\n1. Sign in\n2. Go\n",
    "a number other than 1 does not interrupt a paragraph": (
        "We knocked on 3,000 doors in\n2025. It was fun.\n"
    ),
    "a number under an item starts a new list": "- We started in\n2025. It was fun.\n",
    "an ordered list keeps its start number": "3. Third shift\n4. Fourth shift\n",
    "a less-indented bullet after a numbered item ends the list": (
        "1. Call the office\n - ask for Sam\n2. Write it down\n"
    ),
    "a change of bullet starts a new list": "- pens\n- paper\n* snacks\n* water\n",
    "a change of delimiter starts a new list": "1. Sign in\n2. Train\n1) Knock\n2) Log\n",
    "loose and tight items": "- Monday\n\n- Tuesday\n- Wednesday\n",
    "a heading right after a list": "- The last item\n## Next steps\n",
    "quotes apart stay apart": "> One volunteer.\n\n> Another volunteer.\n",
    "an empty item": "- Water\n-\n- Snacks\n",
    "numbered steps with everything in them": (
        "1. **Prepare.** Read the script at https://example.org/script.\n\n"
        "   - Practice it out loud\n   - Time yourself\n\n"
        "   ```text\n   Hi, I'm a volunteer with Example Org.\n   ```\n\n"
        "   > Tip: smile.\n\n"
        "2. **Go.** Knock on every door on your list.\n"
        "10. **Report.** Send your numbers to data@example.org.\n"
    ),
    "a hashtag is text": "#GOTV this weekend!\n",
}


@pytest.mark.parametrize("text", list(CASES.values()), ids=list(CASES))
def test_block_structure_is_githubs(text: str) -> None:
    assert block_structure(hubgen_html(text)) == block_structure(github_html(text))


# Fragments of list, quote, code and heading syntax at assorted indentations: random
# documents of them, compared with GitHub. (Raw HTML and tables are left to the cases above:
# HTML blocks at the top level are hubgen.markup.htmlblocks' to find.)
INDENTS = ["", "", "", " ", "  ", "   ", "    ", "     ", "      ", "        "]
FRAGMENTS = ["- a", "* b", "+ c", "1. d", "2. e", "1) f", "10. g", "text", "more text", "> q",
             "> - qa", "```", "~~~", "    code", "# H", "---", "***", "===", "-", "1.", "> > n",
             "- - x", "1. - y", "- > z", "-   spaced", "2025. year", ">"]  # fmt: skip


def random_document(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(2, 9)):
        if rng.random() < 0.2:
            lines.append("")
        lines.append(rng.choice(INDENTS) + rng.choice(FRAGMENTS))
    return "\n".join(lines) + "\n"


def test_random_documents_have_githubs_structure() -> None:
    rng = random.Random(20261206)
    for _ in range(400):
        text = random_document(rng)
        assert block_structure(hubgen_html(text)) == block_structure(github_html(text)), text


def normalized(text: str) -> list[str]:
    """The lines as the rewrite gets them: after Python-Markdown's whitespace normalization."""
    return markdown.Markdown().preprocessors["normalize_whitespace"].run(text.split("\n"))


def counting_stash() -> Callable[[str], str]:
    stored: list[str] = []

    def store(html: str) -> str:
        stored.append(html)
        return f"\x02stash:{len(stored)}:{html}\x03"

    return store


def test_the_shortcuts_write_what_the_long_way_writes() -> None:
    spec = json.loads((Path(__file__).parent / "gfm" / "spec_examples.json").read_text("utf-8"))
    rng = random.Random(7)
    documents = [*CASES.values(), *(str(e["markdown"]) for e in spec["examples"])]
    documents += [random_document(rng) for _ in range(500)]
    documents += ["<div>\n\n- a\n  <p>b</p>\n\n</div>\n", "| a |\n|---|\n| b |\n- c\n"]
    for text in documents:
        lines = normalized(text)
        fast = Rewriter(counting_stash()).rewrite(list(lines))
        slow = Rewriter(counting_stash(), fast=False).rewrite(list(lines))
        assert fast == slow, text


def test_fenced_code_is_never_reindented_inside() -> None:
    text = "- Settings:\n\n  ```yaml\n  state: wisconsin\n    office: Madison\n  ```\n"
    html = hubgen_html(text)
    assert (
        '<pre><code class="language-yaml">state: wisconsin\n  office: Madison\n</code></pre>'
        in html
    )


def test_without_a_stash_fences_stay_fences_under_their_item() -> None:
    lines = reindent_lists(["1. Run:", "   ```", "   hubgen build", "   ```", "2. Done"])
    assert lines == ["1. Run:", "    ```", "    hubgen build", "    ```", "2. Done"]


def test_paragraph_lines_that_python_markdown_would_misread_stay_text() -> None:
    lines = reindent_lists(["We met in", "    # the hall", "    - at noon", "#GOTV"])
    assert lines == ["We met in", "\\# the hall", "\\- at noon", "\\#GOTV"]


# -- the examples, in a built page ----------------------------------------------------

PROSE = re.compile(r'<div class="prose"[^>]*>(.*?)</div>\s*</article>', re.S)


def built_body(tmp_site: Callable[..., Path], body: str) -> str:
    """The HTML hubgen publishes for ``body`` as a page of the test state."""
    page = "---\ntitle: Canvass steps\n---\n" + body
    root = tmp_site({"content/testland/pages/steps.md": page})
    result = build_site(root)
    assert result.exit_code == 0, result.output
    html = (root / "public" / "testland" / "steps" / "index.html").read_text("utf-8")
    match = PROSE.search(html)
    assert match, html
    return match.group(1)


def test_a_paragraph_under_a_numbered_step_stays_in_it(tmp_site: Callable[..., Path]) -> None:
    body = built_body(tmp_site, "1. First\n\n   More about first.\n2. Second\n")
    assert body == (
        "<ol>\n<li>\n<p>First</p>\n<p>More about first.</p>\n</li>\n"
        "<li>\n<p>Second</p>\n</li>\n</ol>"
    )


def test_a_paragraph_under_a_bullet_stays_in_it(tmp_site: Callable[..., Path]) -> None:
    body = built_body(tmp_site, "- Item one\n\n  Continuation.\n- Item two\n")
    assert body == (
        "<ul>\n<li>\n<p>Item one</p>\n<p>Continuation.</p>\n</li>\n"
        "<li>\n<p>Item two</p>\n</li>\n</ul>"
    )


def test_fenced_code_under_a_step_stays_in_it(tmp_site: Callable[..., Path]) -> None:
    body = built_body(tmp_site, "1. Run:\n\n   ```\n   hubgen build\n   ```\n2. Done\n")
    assert body == (
        "<ol>\n<li>\n<p>Run:</p>\n<pre><code>hubgen build\n</code></pre>\n</li>\n"
        "<li>\n<p>Done</p>\n</li>\n</ol>"
    )


def test_bullets_under_a_numbered_item_are_a_list(tmp_site: Callable[..., Path]) -> None:
    """Less indented than the item's text, so not inside it (as on GitHub), but a list."""
    text = "1.  Brainstorm the words\n  *   **What words?** Write them.\n  *   Circle repeats.\n"
    body = built_body(tmp_site, text)
    assert body == (
        "<ol>\n<li>Brainstorm the words</li>\n</ol>\n<ul>\n"
        "<li><strong>What words?</strong> Write them.</li>\n<li>Circle repeats.</li>\n</ul>"
    )


def test_a_year_after_a_line_break_is_text(tmp_site: Callable[..., Path]) -> None:
    body = built_body(tmp_site, "We knocked on 3,000 doors in\n2025. It was fun.\n")
    assert body == "<p>We knocked on 3,000 doors in\n2025. It was fun.</p>"


def test_an_ordered_list_keeps_its_start(tmp_site: Callable[..., Path]) -> None:
    body = built_body(tmp_site, "3. Third shift\n4. Fourth shift\n")
    assert body == '<ol start="3">\n<li>Third shift</li>\n<li>Fourth shift</li>\n</ol>'


def test_hubgen_itself_never_needs_cmarkgfm() -> None:
    """cmark-gfm is the tests' reference only: a build must not need the test extra."""
    package = Path(__file__).parent.parent / "hubgen"
    users = [p.name for p in package.rglob("*.py") if "cmarkgfm" in p.read_text("utf-8")]
    assert users == []
