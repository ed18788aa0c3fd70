"""The fast Converter writes exactly what the stock Python-Markdown processors write.

The reference is a Converter built from the stock extensions (tables,
fenced_code, toc with hubgen's settings, sane_lists) and hubgen's own, with
SiteLinks as it was before its parent map was built lazily. Both convert the
same generated, hand-written and demo Markdown; the Rendered results (HTML,
links, pictures) must be equal.
"""

from __future__ import annotations

import random
import types
from collections.abc import Iterator, Mapping
from pathlib import Path
from xml.etree.ElementTree import Element

import markdown
import pytest
from markdown import inlinepatterns
from markdown.extensions.tables import TableProcessor
from markdown.extensions.toc import TocTreeprocessor
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from hubgen.content.frontmatter import split
from hubgen.content.images import ImageInfo
from hubgen.markup import fastblocks, fastmarkdown
from hubgen.markup.markdown import Converter, HubgenMarkdown, LinkState, Rendered, SiteLinks

try:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
except ImportError:  # the property test is skipped; the seeded one below still runs
    st = None

CONTENT = Path(__file__).parent.parent / "content"
TOC = {"permalink": False, "toc_depth": "2-4"}
PHOTO = ImageInfo("p.jpg", Path("p.jpg"), "content/images/p.jpg", 2000, 1500)


class AnyImage(Mapping[str, ImageInfo]):
    """Every /images/ name is a known photo, so every picture is built."""

    def __getitem__(self, key: str) -> ImageInfo:
        return PHOTO

    def __iter__(self) -> Iterator[str]:
        return iter(["p.jpg"])

    def __len__(self) -> int:
        return 1


class StockSiteLinks(SiteLinks):
    """SiteLinks as it was: the parent map of the whole tree built first, every time."""

    def run(self, root: Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        for element in list(root.iter()):
            self.visit(element, lambda: parents)


class StockHubgen(HubgenMarkdown):
    def extendMarkdown(self, md_instance: markdown.Markdown) -> None:
        super().extendMarkdown(md_instance)
        md_instance.treeprocessors.register(
            StockSiteLinks(md_instance, self.state), "hubgen_links", 5
        )


class StockConverter(Converter):
    """Converter's convert() over the stock extensions."""

    def __init__(self) -> None:
        self.state = LinkState()
        self.hubgen = StockHubgen(self.state)
        self.md = markdown.Markdown(
            extensions=["tables", "fenced_code", "toc", "sane_lists", self.hubgen],
            extension_configs={"toc": TOC},
            output_format="html",
        )


FAST, STOCK = Converter(), StockConverter()


def assert_same(text: str) -> None:
    page = ("static/", (), "es", "/communities/wausau/")  # relative links read from there
    for args in (("/",), ("/wi/", "/"), ("/es/wi/", "/wi/", AnyImage(), *page)):
        fast: Rendered = FAST.convert(text, *args)
        stock: Rendered = STOCK.convert(text, *args)
        assert fast == stock, text


def stock_class(item: object) -> type:
    """The class an item stands in for: the first in its MRO from none of the fast modules
    nor here."""
    ours = (fastmarkdown.__name__, fastblocks.__name__, __name__)
    return next(c for c in type(item).__mro__ if c.__module__ not in ours)


FAST_PATH = pytest.mark.skipif(
    not (fastmarkdown.INLINE_OK and fastmarkdown.TOC_OK),
    reason=f"Python-Markdown {markdown.__version__} lacks the internals of the fast processors: "
    "the stock ones run (tested by forcing that path)",
)


@pytest.mark.skipif(
    markdown.__version_info__[:2] != (3, 11),
    reason="the fast processors are "
    "tested on Python-Markdown 3.11; later releases may lack their internals",
)
def test_the_fast_processors_are_in_use_with_the_installed_markdown() -> None:
    assert fastmarkdown.INLINE_OK and fastmarkdown.TOC_OK, markdown.__version__
    assert type(FAST.md.treeprocessors["inline"]) is fastmarkdown.SkipInline
    assert type(FAST.md.treeprocessors["toc"]) is fastmarkdown.HeadingIds
    assert type(FAST.md.parser.blockprocessors["table"]) is fastblocks.PipeTables
    for registry in ("preprocessors", "treeprocessors", "inlinePatterns", "postprocessors"):
        fast, stock = getattr(FAST.md, registry), getattr(STOCK.md, registry)
        assert [stock_class(p) for p in fast] == [stock_class(p) for p in stock], registry
    fast_blocks, stock_blocks = FAST.md.parser.blockprocessors, STOCK.md.parser.blockprocessors
    assert [stock_class(p) for p in fast_blocks] == [stock_class(p) for p in stock_blocks]


def tried_patterns(monkeypatch: pytest.MonkeyPatch, converter: Converter, text: str) -> set[type]:
    """The kinds of inline pattern tried while ``converter`` converts ``text``."""
    inline = converter.md.treeprocessors["inline"]
    tried: list[type] = []
    apply = inline._InlineProcessor__applyPattern

    def spy(pattern: object, *args: object) -> object:
        tried.append(type(pattern))
        return apply(pattern, *args)

    monkeypatch.setattr(inline, "_InlineProcessor__applyPattern", spy)
    converter.convert(text)
    monkeypatch.undo()
    return set(tried)


@FAST_PATH
def test_patterns_without_their_trigger_are_never_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = "Plain words, nothing more.\n\n## A heading\n\n- an item\n"
    assert tried_patterns(monkeypatch, FAST, plain) == set()
    assert tried_patterns(monkeypatch, FAST, "Some *em* and `code`.\n") == {
        inlinepatterns.BacktickInlineProcessor, inlinepatterns.DelimiterProcessor}  # fmt: skip
    # no reference is defined: only the inline link is tried
    linked = tried_patterns(monkeypatch, FAST, "A [link](/x/).\n")
    assert linked == {inlinepatterns.LinkInlineProcessor}
    referred = tried_patterns(monkeypatch, FAST, "A [link][r].\n\n[r]: /x/\n")
    assert inlinepatterns.ReferenceInlineProcessor in referred


@FAST_PATH
def test_heading_ids_skip_tocs_run_unless_a_toc_is_due(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Element] = []
    monkeypatch.setattr(TocTreeprocessor, "run", lambda self, doc: calls.append(doc))
    html = FAST.convert("## Same\n\n## Same\n\n### Café *au* lait\n").html
    assert calls == []
    assert '<h2 id="same">' in html and '<h2 id="same_1">' in html
    assert '<h3 id="cafe-au-lait">' in html
    FAST.convert("[TOC]\n\n## Same\n")
    assert len(calls) == 1


def test_the_stock_processors_stand_in_without_the_internals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fastmarkdown, "INLINE_OK", False)
    monkeypatch.setattr(fastmarkdown, "TOC_OK", False)
    monkeypatch.setattr(fastblocks, "BLOCKS_OK", False)
    plain = Converter()
    assert type(plain.md.treeprocessors["inline"]) is InlineProcessor
    assert type(plain.md.treeprocessors["toc"]) is TocTreeprocessor
    assert not isinstance(plain.md.parser.parseBlocks, fastblocks.BlockLoop)
    for text in TRICKY:
        assert plain.convert(text, "/wi/") == STOCK.convert(text, "/wi/")


def test_block_levels_are_the_stock_answers_as_the_list_changes() -> None:
    stock = markdown.Markdown()
    fast = fastblocks.BlockLevel(stock)
    tags = ["p", "P", "div/", "details", "span", "em", "x-custom", "", "hr/", 3, None]
    assert [fast(t) for t in tags] == [stock.is_block_level(t) for t in tags]
    stock.block_level_elements.append("x-custom")  # as an extension may add one
    assert fast("x-custom") is stock.is_block_level("x-custom") is True


@pytest.mark.skipif(not fastblocks.BLOCKS_OK, reason="BlockLoop repeats 3.11's block loop only")
def test_the_block_loop_lists_the_processors_once() -> None:
    loop = FAST.md.parser.parseBlocks
    assert isinstance(loop, fastblocks.BlockLoop)
    FAST.convert("A paragraph.\n\n- an item\n")
    assert loop.listed == list(FAST.md.parser.blockprocessors)


@FAST_PATH
def test_the_internals_checks_notice_missing_names() -> None:
    assert fastmarkdown.has_inline_internals(InlineProcessor, inlinepatterns)
    assert not fastmarkdown.has_inline_internals(Treeprocessor, inlinepatterns)
    assert not fastmarkdown.has_inline_internals(InlineProcessor, types.ModuleType("empty"))
    toc = types.ModuleType("old_toc")
    toc.TocExtension, toc.TocTreeprocessor = object, object
    assert not fastmarkdown.has_toc_helpers(toc)


def test_an_unknown_or_replaced_pattern_is_always_tried() -> None:
    assert fastmarkdown.triggers_for("my_pattern", inlinepatterns.InlineProcessor("x")) is None
    assert fastmarkdown.triggers_for("link", inlinepatterns.InlineProcessor(r"\[\[")) is None
    assert fastmarkdown.triggers_for("html", inlinepatterns.InlineProcessor("<")) is None
    assert fastmarkdown.triggers_for("entity", FAST.md.inlinePatterns["entity"]) == ("&",)


def test_a_table_needs_a_pipe_either_way() -> None:
    fast, stock = FAST.md.parser.blockprocessors["table"], STOCK.md.parser.blockprocessors["table"]
    assert type(stock) is TableProcessor
    parent = Element("div")
    for block in ("a\n---", "a | b\n--|--", "| a |\n|---|", "a\nb", "`|`\n-", "| x\n| -"):
        assert fast.test(parent, block) == stock.test(parent, block), block


TRICKY = [
    "***strong em*** and **bold *nested* bold** and *em **strong** em*",
    "_under_ __double__ ___both___ snake_case_word and _a_b_",
    "**unclosed bold and *unclosed em\n\nmore *text",
    "2*3*4 and a * b * c and ** lone ** and *",
    "[*em link*](/x/) and [**bold** link](https://example.org/) and [`code`](/c/)",
    '[a [nested] text](/n/) and [text](/p/ "title") and [bad](/open',
    "`code with *asterisks* and _under_` then *em*",
    "``double `tick` code`` and ` ` and ```` x ````",
    "\\[not a link\\](/x/) and \\*not em\\* and \\`not code\\` and \\\\`code`",
    "<https://example.org/a> and <me@example.org> and <mailto:x@example.org>",
    'Raw <b>bold</b> <span title="x">s</span> &amp; &copy; &#169; &#x41; & alone',
    "<div>block html *no*</div>\n\npara *yes*",
    "<!-- comment -->\n\ntext <!-- inline --> more",
    "line one  \nline two  \n",
    "## Same\n\n## Same\n\n## Same\n\n## same_1\n\n## Same\n",
    "## a_1\n\n## a\n\n## a\n\n## a_2\n",
    "## `code` *em* &amp; <b>html</b> &lt;tag&gt;\n",
    "## Café & Crème\n\n## 日本語の見出し\n\n##\n\n## !!!\n",
    "# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six\n",
    "Setext\n======\n\nSub *em*\n---\n",
    "## Heading with trailing hashes ##\n\n#Tight\n",
    "## [link](/x/) heading\n\n## ![pic](/images/p.jpg) heading\n",
    '## <span id="x">html id</span>\n\n## x\n',
    "[TOC]\n\n## A\n\n### B\n",
    "Intro\n\n[TOC]\n\n| [TOC] |\n|---|\n| x |\n\n## A\n",
    '[ref link][r] and [r] and [R][]\n\n[r]: /ref/ "Title"\n',
    "![ref img][i] and ![i]\n\n[i]: /images/p.jpg\n",
    "![alt *em*](/images/p.jpg) and ![](/images/p.jpg) and ![x](/images/missing.png)",
    "![a](https://example.org/a.jpg) ![b](//cdn.example.org/b.jpg) [c](//x/)",
    "| a | b |\n|---|:-:|\n| `x|y` | *z* |\n| \\| | [l](/t/) |\n",
    "| one |\n|-----|\n| cell |\n",
    "not | a table\n\ntext",
    "```python\n*not em*\n<b>\n```\n\n~~~\n[x](/y/)\n~~~\n",
    "- [ ] task\n- [x] done\n  - nested *em*\n- [X] **big**\n",
    "1. one\n   - sub\n2. two\n\n3) three\n",
    "> quote with *em* and [link](/q/)\n>\n> - item\n",
    "Bring:\n- water\n  - more\n    - deeper\n- pen\n",
    "text with placeholder-like \x02klzzwxh:0000\x03 and \x02wzxhzdk:0\x03 chars",
    "&#91;TOC] and [TOC] in a sentence\n\n## H\n",
    "Tabs\tand\ttabs\n\n\tcode block\n",
    "",
    "\n\n\n",
    "*",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_markdown(text: str) -> None:
    assert_same(text)


def demo_bodies() -> list[tuple[str, str]]:
    bodies = []
    for path in sorted(CONTENT.rglob("*.md")):
        source, _ = split(path.read_text(encoding="utf-8"), str(path))
        bodies.append((str(path.relative_to(CONTENT)), source.body))
    return bodies


def test_every_demo_page() -> None:
    bodies = demo_bodies()
    assert len(bodies) > 20
    for _, body in bodies:
        assert_same(body)


FRAGMENTS = [
    *("*", "**", "***", "_", "__", "`", "``", "\\", "\\*", "\\[", "\\`", "[", "]", "(", ")"),
    *("[a](/x/)", "[b](https://e.org/)", "![alt](/images/p.jpg)", "![", "[ref]", "[ref][]"),
    *("\n[ref]: /r/\n", "<b>", "</b>", "<span>", "<!-- c -->", "<http://e.org>", "<me@e.org>"),
    *("&amp;", "&", "&#42;", "&copy;", "  \n", "\n", "\n\n", " ", "  ", "    ", "\t"),
    *("# ", "## ", "### ", "#### ", "\n## ", "- ", "\n- ", "\n  - ", "1. ", "\n2. ", "> "),
    *("\n| a | b |\n|---|---|\n| 1 | 2 |\n", "|", "\n---\n", "\n===\n", "[ ] ", "[x] "),
    *("\n```\ncode *x*\n```\n", "\n~~~\n", "`a*b*`", "[TOC]", "\x02", "\x03"),
    *("word", "Same", "same", "café", "x_y_z", "a_1", "日本", "!", ":", "."),
]


def soup(rng: random.Random, pieces: int) -> str:
    return "".join(rng.choice(FRAGMENTS) for _ in range(pieces))


def test_seeded_random_markdown() -> None:
    """Runs without hypothesis too: a few hundred documents from a fixed seed."""
    rng = random.Random(20261201)
    for _ in range(300):
        assert_same(soup(rng, rng.randint(1, 80)))


if st is not None:

    @settings(
        max_examples=300,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join))
    def test_generated_markdown(text: str) -> None:
        assert_same(text)

else:

    @pytest.mark.skip(reason="hypothesis is not installed")
    def test_generated_markdown() -> None:
        pass


@FAST_PATH
def test_heading_ids_match_toc_with_attr_list() -> None:
    """Ids already set (attr_list), a data-toc-label and other attributes, as toc does them."""
    text = (
        "## A {#custom}\n\n## custom\n\n## B {.cls}\n\n## C {data-toc-label='Label'}\n\n"
        "## custom\n\n# Top {#a}\n\n## A\n"
    )
    parts = ["A {#x}\n\n## x\n\n## y {.k}\n\n## y\n", "## x {#y}\n\n## y\n"]
    for config in (TOC, {**TOC, "permalink": True}, {"anchorlink": True}, {"marker": ""}):
        fast = markdown.Markdown(
            extensions=["attr_list", fastmarkdown.HeadingIdsExtension(**config)]
        )
        stock = markdown.Markdown(
            extensions=["attr_list", "toc"], extension_configs={"toc": config}
        )
        for doc in (text, *parts):
            assert fast.reset().convert(doc) == stock.reset().convert(doc), (config, doc)
