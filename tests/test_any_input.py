"""Any input gives a page or problems with a path and a line: never a crash, never a file
written outside the output folder (property-based, with a fixed seed and bounded examples)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
import yaml

from hubgen.build.options import BuildOptions
from hubgen.build.pipeline import build
from hubgen.content.config import Config, load_config
from hubgen.content.discovery import SourceFile
from hubgen.content.documents import parse
from hubgen.core.errors import BuildFailed, Problem
from hubgen.markup.markdown import Converter
from tests.conftest import BASE_FILES, NOW_DT, write_files
from tests.harmless import unsafe_in, unsafe_parts
from tests.test_sanitize import ELEMENTS, HANDLERS, SCHEMES, SCRIPTS

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# problems about a file as a whole (its name, its place, its size) have no line
WHOLE_FILE = (
    "is not a valid file name",
    "unexpected folder",
    "is not in a content folder",
    "is not a language of the site",
    "more than the 1.0 MiB",
    "is not a JPEG or PNG image",
    "the image cannot be read",
)

KEYS = [
    "title",
    "description",
    "draft",
    "publish_date",
    "expiry_date",
    "aliases",
    "extra",
    "menu",
    "kind",
    "start",
    "end",
    "place",
    "community",
    "order",
    "duration",
    "tile",
    "x",
]
YAML_BITS = [
    ":",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    "&a",
    "*a",
    "!!",
    "!tag",
    "|",
    ">",
    "'",
    '"',
    "#",
    "%",
    "@",
    "`",
    "? ",
    "\t",
    "  ",
    "\n",
    "\n  ",
    "---",
    "...",
    "<<: ",
    "\\",
    "\u00e9",
    "\U0001f5f3",
    "\ufeff",
    "\x85",
    "\u2028",
    "yes",
    "no",
    "null",
    "~",
    "2026-02-30",
    "12:00",
    "0x1F",
    "1e9",
    "title",
    "place",
    "type",
]
MARKDOWN_BITS = [
    *SCRIPTS,
    *HANDLERS,
    *SCHEMES,
    *ELEMENTS,
    "# ",
    "## ",
    "- ",
    "  - ",
    "1. ",
    "> ",
    "```",
    "~~~",
    "    ",
    "|",
    "| a | b |\n|---|---|\n",
    "[a](/pages/x/)",
    "[a](/x/#y)",
    "![a](/images/a.jpg)",
    "![](x.png)",
    "<http://a.example.org>",
    "<team@example.org>",
    "*",
    "**",
    "_",
    "`",
    "\\",
    "&amp;",
    "&#0;",
    "&#x110000;",
    "<",
    ">",
    '<iframe src="https://www.youtube-nocookie.com/embed/x" title="v"></iframe>',
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "{{ 7*7 }}",
    "{% raw %}",
    "[TOC]",
    "\n",
    "\n\n",
    " ",
    "\t",
    "word",
    "\u202e",
    "\u200b",
    "\U0001f5f3",
    "\x0c",
    "\x1b[31m",
    "e\u0301",
]
values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30), st.dates()),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
front_matter = st.one_of(
    st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10), values, max_size=6).map(
        lambda d: yaml.safe_dump(d, allow_unicode=True)
    ),
    st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=6), max_size=40).map("".join),
)
markdown = st.lists(st.sampled_from(MARKDOWN_BITS) | st.text(max_size=12), max_size=40).map("".join)
file_text = st.one_of(
    st.tuples(front_matter, markdown).map(lambda fm: f"---\n{fm[0]}---\n{fm[1]}".encode()),
    st.tuples(front_matter, markdown).map(lambda fm: f"---\r\n{fm[0]}\n---\r\n{fm[1]}".encode()),
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
)
# a page that can build: a title, then any Markdown
titles = st.text(st.characters(categories=["L", "N", "P", "S"]), min_size=1, max_size=20)
valid_page = st.tuples(titles, markdown).map(
    lambda page: f"---\ntitle: {json.dumps(page[0], ensure_ascii=False)}\n---\n{page[1]}".encode()
)
names = st.one_of(
    st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8})?\Z"),
    st.sampled_from(
        [
            "about",
            "index",
            "a..b",
            "..",
            ".",
            "...",
            "con",
            "nul",
            "aux",
            "lpt1",
            "com1",
            "_private",
            ".hidden",
            "x~",
            "#x#",
            "x.swp",
            "a.es",
            "a.fr",
            "a.es.es",
            "A",
            "a b",
            "a%2f..%2fb",
            "-a",
            "a-",
            "a--b",
            "\u00e9t\u00e9",
            "\u0430",
            "x" * 120,
            "a/b",
            "a/../b",
            "index.es",
        ]
    ),
    st.text(st.characters(codec="utf-8", exclude_characters="\x00/"), min_size=1, max_size=20),
)
folders = st.sampled_from(
    [
        "pages",
        "events",
        "communities",
        "offices",
        "training",
        "partners",
        "",
        "images",
        "_templates",
        "unknown",
    ]
)


CONVERTER = Converter()


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    loaded, problems = load_config(write_files(tmp_path_factory.mktemp("any"), BASE_FILES))
    assert loaded is not None and not problems
    return loaded


def assert_clear(problems: list[Problem]) -> None:
    for problem in problems:
        assert problem.path, problem
        assert problem.hint, problem
        if not any(text in problem.message for text in WHOLE_FILE):
            assert problem.line is not None, problem


@settings(SETTINGS, max_examples=500)
@given(file_text)
def test_any_file_parses_to_a_document_or_problems_with_lines(config: Config, raw: bytes) -> None:
    source = SourceFile("x.md", "content/testland/pages/x.md", "testland", "page", "x", "en")
    doc, problems = parse(source, config, config.states[0], "en", raw)
    assert doc is not None or any(p.severity == "error" for p in problems)
    assert_clear(problems)


@settings(SETTINGS, max_examples=500)
@given(markdown)
def test_any_markdown_converts_to_harmless_html(text: str) -> None:
    out = CONVERTER.convert(text, "/tl/", embed_hosts=("www.youtube-nocookie.com",))
    assert unsafe_in(out.html, None, ("www.youtube-nocookie.com",)) == []


@settings(SETTINGS, max_examples=40)
@given(valid_page, st.lists(st.tuples(folders, names, valid_page | file_text), max_size=3))
def test_any_project_builds_or_reports_and_writes_only_its_output(
    page: bytes, others: list[tuple[str, str, bytes]]
) -> None:
    """A page of any Markdown, and any other files: often the build succeeds and renders the
    Markdown; when it fails, it says why."""
    files = [("pages", "any", page), *others]
    with tempfile.TemporaryDirectory() as folder:
        outer = Path(folder)
        root = write_files(outer / "project", BASE_FILES)
        (outer / "neighbour.txt").write_text("untouched")
        pages = root / "content/testland"
        for kind, name, raw in files:
            path = pages / kind / f"{name}.md"
            if not os.path.abspath(path).startswith(str(pages) + os.sep) or len(path.name) > 200:
                continue  # the test writes only inside the state's folder
            if path.parent.is_file():
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_dir():
                continue
            path.write_bytes(raw)
        before = _files(outer)
        try:
            result = build(BuildOptions(root, out=root / "public", now=NOW_DT, jobs=1))
            assert result.pages > 0
            assert unsafe_parts(root / "public") == []
            event("built")  # shown by pytest --hypothesis-show-statistics
        except BuildFailed as failed:
            event("refused")
            assert failed.problems
            assert_clear(failed.problems)
        written = {p for p in _files(outer) - before}
        allowed = (root / "public", root / ".public.previous", root / ".hubgen-cache")
        assert all(any(p.is_relative_to(a) for a in allowed) for p in written), written
        public = (root / "public").resolve()
        for path in (root / "public").rglob("*"):
            assert path.resolve().is_relative_to(public), path
        assert (outer / "neighbour.txt").read_text() == "untouched"


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}
