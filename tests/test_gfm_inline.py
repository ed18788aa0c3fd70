"""GitHub's inline Markdown, measured against GitHub's renderer (cmark-gfm).

Each case is converted by hubgen and by cmark-gfm (the reference, in tests
only); both are reduced to the elements the feature is about (struck text,
links, line breaks, footnote references, checkboxes) and their text, and must
agree. The differences left are tested as such, each with its reason.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote
from xml.etree.ElementTree import Element

import pytest
from markdown.extensions.footnotes import FootnoteBlockProcessor, FootnoteInlineProcessor
from markdown.inlinepatterns import InlineProcessor as Pattern
from markdown.treeprocessors import InlineProcessor

from hubgen.markup import fastblocks, fastmarkdown, gfminline
from hubgen.markup.markdown import Converter
from hubgen.markup.sanitize import Sanitizer
from tests.conftest import build_site
from tests.test_markdown_equivalence import STOCK, assert_same, tried_patterns

HUB = Converter()
INLINE = ("del", "a", "br", "em", "strong", "code", "sup", "input")


class Reduced(HTMLParser):
    """HTML reduced to some tags (a link's address decoded, a checkbox's state) and text."""

    def __init__(self, keep: Iterable[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.keep = set(keep)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.keep:
            return
        values = dict(attrs)
        detail = ""
        if tag == "a" and values.get("href") is not None:
            detail = " href=" + unquote(values["href"] or "")
        elif tag == "li" and values.get("id"):
            detail = " id=" + (values["id"] or "")
        elif tag == "input":
            detail = " checkbox" + (" checked" if "checked" in values else "")
        self.out.append(f"<{tag}{detail}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.keep and tag not in ("br", "input", "hr", "img"):
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data)


def reduce(html: str, keep: Iterable[str] = INLINE, tight: bool = False) -> str:
    """The kept tags and the text, whitespace collapsed (a no-break space too); ``tight``:
    none around tags (for comparing block structure, where line breaks differ)."""
    parser = Reduced(keep)
    parser.feed(html)
    parser.close()
    reduced = re.sub(r"\s+", " ", "".join(parser.out)).strip()
    return re.sub(r" ?(<[^>]+>) ?", r"\1", reduced) if tight else reduced


@pytest.fixture(scope="session")
def github() -> Callable[[str], str]:
    """cmark-gfm as GitHub runs it: raw HTML kept, footnotes on (then our sanitizer, so both
    sides lose the same unsafe parts)."""
    cmarkgfm = pytest.importorskip("cmarkgfm")
    options = cmarkgfm.Options.CMARK_OPT_UNSAFE | cmarkgfm.Options.CMARK_OPT_FOOTNOTES

    def render(text: str) -> str:
        return Sanitizer().clean(cmarkgfm.github_flavored_markdown_to_html(text, options)).html

    return render


def hub(text: str) -> str:
    return HUB.convert(text, "/").html


STRIKETHROUGH = [
    "Bring ~~snacks~~ water to the phone bank.",
    "The meeting moved from ~Tuesday~ to Wednesday.",
    "Both: ~one~ and ~~two~~ tildes.",
    "Door~~knocking~~canvassing is a word.",
    "Three ~~~tildes~~~ stay as written.",
    "~~Mixed~ pairs~ stay as written.",
    "A lone ~ tilde and ~ another.",
    "~~Cancelled: ~rain~ date~~ for the picnic.",
    "~~a~b~~ keeps its middle tilde.",
    "~x ~~y~~ z~ nests the other way.",
    "Escaped \\~tilde\\~ stays.",
    "`~~code~~` is code, ~~this~~ is not.",
    '(~aside~) and "~quoted~".',
    "~~ spaced ~~ is not struck.",
    "~~*emphasis* inside~~ and *~~struck~~ inside*.",
    "~~[a link](https://example.org/old)~~ now [this](https://example.org/new).",
    "~~www.example.org~~ moved.",
]
URLS = [
    "Sign up at https://example.org/volunteer.",
    "See www.example.org/events, or call the office.",
    "Visit www.example.org!",
    "Details (https://example.org/faq_(2027)) are online.",
    "Too many: https://example.org/faq)).",
    "A map: https://example.org/map?zip=53703&ward=4!",
    "Old page: http://example.org/old-page:",
    "Forms at https://example.org/forms/; bring ID.",
    "Trailing entity https://example.org/a&hl; stays text.",
    "Quoted \"https://example.org/quoted\" and 'https://example.org/single'.",
    'Not after a quote: "www.example.org".',
    "Not after a letter: xhttps://example.org and xwww.example.org.",
    "After a digit: 1https://example.org.",
    "Case: HTTPS://EXAMPLE.ORG/SHOUT and Www.example.org (not www).",
    "Short hosts: http://localhost:8000/preview and www.example.",
    "Underscores: www.ex_ample.org is text, www.example.org/a_b_c is a link.",
    "Underscore at the end: _www.example.org_",
    "Emphasis around: *www.example.org* and **https://example.org/x**.",
    "In code: `https://example.org/code` is not a link.",
    "Angle brackets: <https://example.org/angle>.",
    "[Sign up](https://example.org/a) then https://example.org/b.",
    "[see https://example.org/inside](https://example.org/outer)",
    "Tilde path: https://example.org/~organizer/ and ~struck~.",
    "Stars: https://example.org/*a* and https://example.org/a*.",
    "Non-ASCII: https://example.org/café and www.exämple.org/x.",
    "Nothing after: https:// and https://. and www.",
    "Dashes: https://-example.org is text, https://a-b.example.org/x a link.",
    "https://example.org/a<b>bold</b>",
    "Slash and backslash: https://example.org/x\\\ny",
    "An address takes a backslash: ~~https://example.org/old~~\\\nnew",
]
BREAKS = [
    "Office hours:\\\nMonday 9-5\\\nTuesday 9-5",
    "Ends with a backslash\\",
    "An escaped backslash \\\\\nis not a break.",
    "Two spaces  \nstill a break.",
    "A backslash \\ in the middle.",
]
FOOTNOTES = [
    "Turnout rose by a third[^1].\n\n[^1]: Example County clerk, 2026.",
    "First[^b] then second[^a].\n\n[^a]: Defined first.\n\n[^b]: Defined second.",
    "A named note[^source].\n\n[^source]: The *county* [clerk](https://example.org/clerk).",
    "A missing note[^nothing] stays text.",
    "Two notes[^1][^2].\n\n[^1]: One.\n[^2]: Two.",
    "A note in a list:\n\n- item[^n]\n\n[^n]: The note.",
]
TASKS = [
    "- [ ] Bring water\n- [x] Print the walk list\n- [X] Charge your phone",
    "1. [ ] Call the office\n2. [x] Knock on doors",
    "- [ ] Pack the car\n  - [x] Clipboards\n  - [ ] Pens",
    "- [ ]no space is no task\n- [x]",
    "- [ ] *Bring* the [map](https://example.org/map)",
    "- [ ] Loose one\n\n- [x] Loose two",
    "* [ ] A star item",
    "- not a task [ ] here",
    "[ ] not in a list",
    "- [~] not a box",
]


@pytest.mark.parametrize("text", STRIKETHROUGH + URLS + BREAKS)
def test_inline_markup_matches_github(github: Callable[[str], str], text: str) -> None:
    assert reduce(hub(text)) == reduce(github(text))


@pytest.mark.parametrize("text", FOOTNOTES)
def test_footnotes_match_github(github: Callable[[str], str], text: str) -> None:
    keep = ("sup", "a", "ol", "li", "em")
    assert reduce(hub(text), keep) == reduce(github(text), keep)


@pytest.mark.parametrize("text", TASKS)
def test_task_lists_match_github(github: Callable[[str], str], text: str) -> None:
    keep = ("ul", "ol", "li", "input", "em", "a")
    assert reduce(hub(text), keep, tight=True) == reduce(github(text), keep, tight=True)


def tilde_soup(rng: random.Random) -> str:
    pieces = ["~", "~~", "~~~", "a", "b", " ", ".", "(", ")", '"', "é", "-"]
    return "x " + "".join(rng.choice(pieces) for _ in range(rng.randint(1, 16)))


def test_any_tildes_strike_as_on_github(github: Callable[[str], str]) -> None:
    """cmark-gfm's delimiter rules (flanking, equal runs, the rule of 3) on 500 random texts."""
    rng = random.Random(20270101)
    for _ in range(500):
        text = tilde_soup(rng)
        assert reduce(hub(text), ("del",)) == reduce(github(text), ("del",)), text


def url_soup(rng: random.Random) -> str:
    pieces = ["https://", "www.", "example", ".org", "/", "a", "_", "(", ")", ".", ",", " "]
    pieces += ["?", "!", ":", ";", "&", "-", "'", "é", "—", "\n", "x", "1"]
    return "x " + "".join(rng.choice(pieces) for _ in range(rng.randint(1, 16)))


def links(html: str) -> list[str]:
    return re.findall(r"<a href=[^>]*>[^<]*</a>", reduce(html, ("a",)))


def test_any_addresses_link_as_on_github(github: Callable[[str], str]) -> None:
    """GitHub's address rules (start, domain, trailing punctuation) on 500 random texts: the
    same links (the text around them may differ where Python-Markdown's emphasis rules,
    which are not GitHub's, read an underscore)."""
    rng = random.Random(20270102)
    for _ in range(500):
        text = url_soup(rng)
        assert links(hub(text)) == links(github(text)), text


def test_tildes_are_paired_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Closers that find no opener mark how far later ones look back (as in cmark-gfm), so
    thousands of unpaired runs are not compared with each other."""
    tries = 0
    can_pair = gfminline.can_pair

    def counted(opener: gfminline.Run, closer: gfminline.Run) -> bool:
        nonlocal tries
        tries += 1
        return can_pair(opener, closer)

    monkeypatch.setattr(gfminline, "can_pair", counted)
    gfminline.strike_pairs(" ~~b" * 2000 + " a~b" * 2000)
    assert tries < 3 * 4000


def test_a_text_is_paired_once_however_many_strikethroughs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Python-Markdown hands the pattern the text again after each match; the pairs found
    the first time are followed through the placeholders instead of being found again."""
    texts: list[str] = []
    pairs = gfminline.strike_pairs

    def counted(text: str) -> dict[int, tuple[int, int]]:
        texts.append(text)
        return pairs(text)

    monkeypatch.setattr(gfminline, "strike_pairs", counted)
    out = Converter().convert("Bring " + "~old~ new, " * 300 + "~~and~~ done.\n").html
    assert out.count("<del>") == 301 and len(texts) == 1


# Differences left, each on purpose or from Python-Markdown; each shown with what GitHub does.


def test_a_bare_email_address_stays_text(github: Callable[[str], str]) -> None:
    """GitHub links a bare e-mail address; hubgen leaves it as written (only web addresses
    were asked for; a mailto: link is still one [link](mailto:...) or <...> away)."""
    text = "Write to madison@example.org."
    assert 'href="mailto:madison@example.org"' in github(text)
    assert "<a" not in hub(text)


def test_ftp_addresses_stay_text(github: Callable[[str], str]) -> None:
    """GitHub links ftp://, which the sanitizer would leave a link to nowhere: hubgen leaves
    the address as text."""
    assert "<a>ftp://example.org/x</a>" in github("ftp://example.org/x")
    assert "<a" not in hub("ftp://example.org/x")


def test_an_entity_inside_an_address_is_the_character(github: Callable[[str], str]) -> None:
    """GitHub links the characters '&amp;' as written (the address ends up with '&amp;amp;');
    Python-Markdown writes the entity back as it was, so the link has '&'."""
    text = "https://example.org/map?zip=53703&amp;ward=4"
    assert 'href="https://example.org/map?zip=53703&amp;ward=4"' in hub(text)
    assert "&amp;amp;" in github(text)


def test_repeated_footnote_references(github: Callable[[str], str]) -> None:
    """Both link each reference to the note and back; the second reference's id differs
    (GitHub: fnref-1-2, Python-Markdown: fnref2-1), and both back links are there."""
    text = "Once[^1] and again[^1].\n\n[^1]: The note."
    ours, theirs = hub(text), github(text)
    assert ours.count('href="#fn-1"') == theirs.count('href="#fn-1"') == 2
    assert 'id="fnref-1"' in ours and 'id="fnref2-1"' in ours and 'href="#fnref2-1"' in ours


def test_an_unused_footnote_is_listed(github: Callable[[str], str]) -> None:
    """GitHub leaves out a note nothing refers to; Python-Markdown lists it (last)."""
    text = "Text.\n\n[^spare]: Never referred to."
    assert "Never referred to" not in github(text)
    assert "Never referred to" in hub(text)


# What the HTML looks like, for the theme and the sanitizer


def test_task_items_are_labelled_disabled_checkboxes() -> None:
    out = hub("Before you go:\n- [ ] Charge your phone\n- [x] Print the *walk list*\n")
    box, ticked = (
        '<input disabled="" type="checkbox">',
        '<input checked="" disabled="" type="checkbox">',
    )
    assert f'<li class="task"><label>{box} Charge your phone</label></li>' in out
    assert f'<li class="task"><label>{ticked} Print the <em>walk list</em></label></li>' in out


def test_a_task_label_ends_before_a_nested_list() -> None:
    out = hub("- [ ] Pack the car\n  - Clipboards\n")
    assert '<label><input disabled="" type="checkbox"> Pack the car</label><ul>' in out


def test_a_loose_task_has_its_label_in_the_paragraph() -> None:
    out = hub("- [ ] First\n\n- [x] Second\n")
    box = '<input disabled="" type="checkbox">'
    assert f'<li class="task">\n<p><label>{box} First</label></p>' in out


def test_a_box_with_nothing_after_it_is_no_task(github: Callable[[str], str]) -> None:
    """GitHub draws a box for '- [x] ' (a space, then nothing); hubgen leaves the text: a
    checkbox without a label is of no use to a screen reader."""
    assert "<input" in github("- [x] \n") and "<input" not in hub("- [x] \n")
    assert "<input" not in github("- [ ]\n") + hub("- [ ]\n")


def test_footnotes_keep_their_links_ids_and_classes() -> None:
    out = hub("Turnout rose[^1].\n\n[^1]: Example County clerk.\n")
    assert '<sup id="fnref-1"><a class="footnote-ref" href="#fn-1">1</a></sup>' in out
    assert '<div class="footnote">' in out and '<li id="fn-1">' in out
    assert 'class="footnote-backref" href="#fnref-1"' in out


def test_a_note_links_back_in_its_text_s_language(tmp_site: Callable[..., Path]) -> None:
    note = "---\ntitle: {title}\n---\n{text}[^1].\n\n[^1]: {note}\n"
    root = tmp_site({
        "content/testland/pages/turnout.md": note.format(title="Turnout", text="Turnout rose",
                                                         note="County clerk."),
        "content/testland/pages/turnout.es.md": note.format(
            title="Participación", text="La participación subió", note="Secretaría del condado."),
    })  # fmt: skip
    assert build_site(root).exit_code == 0
    english = (root / "public/testland/turnout/index.html").read_text()
    spanish = (root / "public/testland/es/turnout/index.html").read_text()
    assert 'title="Back to note 1 in the text"' in english
    assert 'title="Volver a la nota 1 en el texto"' in spanish


def test_a_struck_link_and_a_break() -> None:
    out = hub("~~Old: https://example.org/old~~ or\\\nnew: www.example.org/new\n")
    old = '<a href="https://example.org/old">https://example.org/old</a>'
    assert f"<del>Old: {old}</del> or<br>" in out
    assert '<a href="http://www.example.org/new">www.example.org/new</a>' in out


# The fast path: triggers, and the stock processors standing in


GFM_PATTERNS = {gfminline.Strikethrough, gfminline.BareUrl, gfminline.BackslashBreak}
FAST_FOOTNOTES = pytest.mark.skipif(
    not fastblocks.is_stock_footnote_blocks(STOCK.md.parser.blockprocessors["footnote"]),
    reason="this Python-Markdown's footnote block processor is not 3.11's: it runs as it is",
)
FAST_INLINE = pytest.mark.skipif(
    not fastmarkdown.INLINE_OK,
    reason="this Python-Markdown lacks the internals SkipInline uses: the stock inline "
    "processor runs (tested below to give the same HTML)",
)


@FAST_INLINE
def test_gfm_patterns_without_their_trigger_are_never_tried(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast = Converter()
    assert tried_patterns(monkeypatch, fast, "Plain words, nothing more.\n") == set()
    tried = tried_patterns(monkeypatch, fast, "Bring ~~snacks~~ water.\n")
    assert tried & (GFM_PATTERNS | {FootnoteInlineProcessor}) == {gfminline.Strikethrough}
    tried = tried_patterns(monkeypatch, fast, "See www.example.org today.\n")
    assert tried & (GFM_PATTERNS | {FootnoteInlineProcessor}) == {gfminline.BareUrl}
    tried = tried_patterns(monkeypatch, fast, "One\\\ntwo.\n")
    assert gfminline.BackslashBreak in tried and gfminline.Strikethrough not in tried


@FAST_INLINE
def test_footnote_references_are_tried_only_where_notes_are_defined(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fast = Converter()
    assert FootnoteInlineProcessor not in tried_patterns(monkeypatch, fast, "A [^1] here.\n")
    tried = tried_patterns(monkeypatch, fast, "A [^1] here.\n\n[^1]: The note.\n")
    assert FootnoteInlineProcessor in tried


@FAST_FOOTNOTES
def test_footnote_definitions_are_looked_for_only_in_blocks_with_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocks: list[str] = []
    run = FootnoteBlockProcessor.run

    def spy(self: FootnoteBlockProcessor, parent: Element, pieces: list[str]) -> bool:
        blocks.append(pieces[0])
        return run(self, parent, pieces)

    monkeypatch.setattr(FootnoteBlockProcessor, "run", spy)
    fast = Converter()
    assert type(fast.md.parser.blockprocessors["footnote"]) is fastblocks.FootnoteBlocks
    fast.convert("A paragraph.\n\nAnother[^1].\n\n[^1]: The note.\n")
    assert blocks == ["Another[^1].", "[^1]: The note."]


def test_an_extension_pattern_changed_is_always_tried() -> None:
    assert fastmarkdown.triggers_for("gfm_strike", Pattern("~")) is None
    assert fastmarkdown.triggers_for("gfm_url", gfminline.BareUrl("www")) is None
    strike = HUB.md.inlinePatterns["gfm_strike"]
    assert fastmarkdown.triggers_for("gfm_strike", strike) == ("~",)
    assert fastmarkdown.triggers_for("footnote", Pattern(fastmarkdown.FOOTNOTE_RE)) is None


@FAST_FOOTNOTES
def test_a_changed_footnote_block_processor_is_kept() -> None:
    processor = STOCK.md.parser.blockprocessors["footnote"]
    assert fastblocks.is_stock_footnote_blocks(processor)
    changed = FootnoteBlockProcessor(processor.footnotes)
    changed.RE = re.compile(r"^\[\^(\w+)\]: (.*)$", re.MULTILINE)
    assert not fastblocks.is_stock_footnote_blocks(changed)
    fast = fastblocks.FootnoteBlocks(processor.footnotes)
    assert not fastblocks.is_stock_footnote_blocks(fast)


GFM_TEXTS = [
    *STRIKETHROUGH,
    *URLS,
    *BREAKS,
    *FOOTNOTES,
    *TASKS,
    "## Notes[^1] ~~old~~ www.example.org\n\n[^1]: In a heading.",
    "| a | b |\n|---|---|\n| ~~x~~ | https://example.org/t |\n",
    "<details>\n<summary>Steps</summary>\n\n- [ ] Knock\n- [x] Listen\n\n</details>\n",
]


@pytest.mark.parametrize("text", GFM_TEXTS)
def test_the_fast_processors_give_the_stock_html(text: str) -> None:
    assert_same(text)


def test_the_stock_processors_stand_in_for_gfm_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the internals the fast path uses (a newer Python-Markdown), the stock inline,
    toc and footnote processors run, GitHub's patterns too, with the same HTML."""
    monkeypatch.setattr(fastmarkdown, "INLINE_OK", False)
    monkeypatch.setattr(fastmarkdown, "TOC_OK", False)
    monkeypatch.setattr(fastblocks, "is_stock_footnote_blocks", lambda processor: False)
    plain = Converter()
    assert type(plain.md.treeprocessors["inline"]) is InlineProcessor
    assert type(plain.md.parser.blockprocessors["footnote"]) is FootnoteBlockProcessor
    assert "gfm_strike" in plain.md.inlinePatterns
    for text in GFM_TEXTS:
        assert plain.convert(text, "/wi/") == STOCK.convert(text, "/wi/"), text


FRAGMENTS = [
    *("~", "~~", "~~~", "www.example.org", "https://example.org/x", "http://", "://", "www."),
    *("\\\n", "\\", "[^1]", "[^2]", "\n\n[^1]: A note.\n", "\n[^2]: Another.\n"),
    *("- [ ] ", "- [x] "),
    *("\n", "\n\n", " ", "word", "*", "_", "`", "(", ")", ".", ",", "<b>", "</b>", "&amp;"),
    *("\n<details>\n", "\n</details>\n", "<summary>S</summary>", "\n## ", "\n- ", "[a](/x/)"),
]


def test_seeded_random_gfm_markdown() -> None:
    """The fast and the stock processors agree on 300 documents of GitHub's constructs."""
    rng = random.Random(20270103)
    for _ in range(300):
        assert_same("".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 60))))


# A built page


def test_a_built_page_has_githubs_inline_markdown(tmp_site: Callable[..., Path]) -> None:
    page = """\
        ---
        title: Before the shift
        ---
        Meet at ~~the library~~ the office\\
        at 9am. Sign up at https://example.org/signup.

        - [ ] Charge your phone
        - [x] Print the walk list

        Turnout rose by a third[^1].

        [^1]: Example County clerk, 2026.
        """
    root = tmp_site({"content/testland/pages/shift.md": page})
    result = build_site(root)
    assert result.exit_code == 0, result.output
    built = (root / "public/testland/shift/index.html").read_text(encoding="utf-8")
    assert "<del>the library</del> the office<br>" in built
    assert '<a href="https://example.org/signup">https://example.org/signup</a>.' in built
    assert '<label><input disabled="" type="checkbox"> Charge your phone</label>' in built
    assert '<label><input checked="" disabled="" type="checkbox"> Print the walk list' in built
    assert '<a class="footnote-ref" href="#fn-1">1</a>' in built and '<li id="fn-1">' in built


def label_rule(page: object, axe: Path) -> dict[str, list[object]]:
    """axe's 'label' rule on the page: the nodes that pass it and those that violate it."""
    page.add_script_tag(path=str(axe))  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        "async () => await axe.run(document, {runOnly: {type: 'rule', values: ['label']}})"
    )
    return {
        kind: [node["target"] for rule in result[kind] for node in rule["nodes"]]
        for kind in ("passes", "violations")
    }


def test_a_built_task_list_passes_axes_label_rule(tmp_site: Callable[..., Path]) -> None:
    """Every checkbox has an accessible name (its label); a bare one, as a control, has none."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    axe_package = pytest.importorskip("axe_playwright_python")
    from tests.browsing import FLAGS, Site, chromium

    tasks = "---\ntitle: Before the shift\n---\n- [ ] Charge your phone\n- [x] Print the list\n"
    bare = '---\ntitle: Bare\n---\n<p><input type="checkbox"> Unlabelled box</p>\n'
    root = tmp_site({"content/testland/pages/tasks.md": tasks,
                     "content/testland/pages/bare.md": bare})  # fmt: skip
    assert build_site(root).exit_code == 0
    site = Site(root / "public/testland", "/tl/", host_headers=True)
    axe = Path(axe_package.__file__).parent / "axe.min.js"
    try:
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=FLAGS[1:])
            page = browser.new_page(bypass_csp=True)  # axe goes in as the test's own script
            page.goto(f"{site.url}/tl/tasks/")
            found = label_rule(page, axe)
            assert found["violations"] == [] and len(found["passes"]) == 2
            page.goto(f"{site.url}/tl/bare/")
            assert len(label_rule(page, axe)["violations"]) == 1
            browser.close()
    finally:
        site.httpd.shutdown()
