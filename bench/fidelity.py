"""How closely hubgen renders Markdown to what GitHub shows: block structure, document by document.

    python -m bench.fidelity DIR [--quiet]

Every ``.md`` file under DIR (or, where DIR has a ``MANIFEST.tsv`` with a
``file`` column, the documents it lists) is rendered twice: by hubgen's
:class:`~hubgen.markup.markdown.Converter` (sanitizer included) and by cmark-gfm,
GitHub's renderer, through the ``cmarkgfm`` package (a test dependency, never
used by hubgen itself). A leading YAML or TOML front-matter block is removed
first, as GitHub shows it apart from the document.

Only the block structure is compared (:func:`block_structure`): the nesting
of lists, items, paragraphs, code blocks, block quotes, tables, headings and
thematic breaks, with an ordered list's start number. Text, inline markup,
whitespace and other attributes are ignored, and a paragraph directly inside
a list item counts as absent, so a tight and a loose list compare equal: the
difference is a matter of spacing on the page, while a list that breaks in
two or swallows its next paragraph changes what the page says.

For each document that differs it prints the two outlines' diff and a guess at
the cause: the shortest beginning of the document that already renders
differently is found by halving at top-level block boundaries, and its last
chunk is named by what it holds (a raw HTML block, footnotes, fenced code in a
list item, a table, a list, a quote...). Then the share of documents that match.

The tests (tests/test_gfm_spec.py, tests/test_gfm_lists.py) import
:func:`block_structure`, :func:`github_html` and :func:`hubgen_html` from here.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

BLOCKS = frozenset(
    {"ul", "ol", "li", "p", "pre", "blockquote", "table", "hr"} | {f"h{n}" for n in range(1, 7)}
)
LEAVES = frozenset({"pre", "table", "hr"} | {f"h{n}" for n in range(1, 7)})  # inside: not compared
VOID = frozenset({"hr", "br", "img", "input", "source", "wbr", "col", "area", "embed", "meta"})
FRONT_MATTER = re.compile(
    r"\A(?:---[ \t]*\n.*?\n(?:---|\.\.\.)|\+\+\+[ \t]*\n.*?\n\+\+\+)[ \t]*(?:\n|\Z)", re.S
)


@dataclass
class Node:
    """One block: its tag (``ol`` with its start number: ``ol start=3``) and children."""

    tag: str
    children: list[Node] = field(default_factory=list)

    def outline(self, depth: int = 0) -> Iterator[str]:
        """One line per block, indented by depth."""
        yield "  " * depth + self.tag
        for child in self.children:
            yield from child.outline(depth + 1)


class StructureParser(HTMLParser):
    """Builds the tree of block elements, passing through every other tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("document")
        self.stack: list[tuple[str, Node | None]] = [("document", self.root)]
        self.leaf_depth = 0  # > 0 inside a pre/table/heading: nothing there is compared

    def parent(self) -> Node:
        return next(node for _, node in reversed(self.stack) if node is not None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            if tag == "hr" and not self.leaf_depth:
                self.parent().children.append(Node("hr"))
            return
        node: Node | None = None
        # a paragraph right inside a list item is left out: tight and loose items alike
        if tag in BLOCKS and not self.leaf_depth and not (tag == "p" and self.parent().tag == "li"):
            node = Node(tag_name(tag, attrs))
            self.parent().children.append(node)
        if tag in LEAVES:
            self.leaf_depth += 1
        self.stack.append((tag, node))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or all(open_tag != tag for open_tag, _ in self.stack[1:]):
            return  # a stray end tag closes nothing
        while len(self.stack) > 1:
            open_tag, _ = self.stack.pop()
            if open_tag in LEAVES:
                self.leaf_depth -= 1
            if open_tag == tag:
                break


def tag_name(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    """The tag as compared: an ordered list with its start number (1 when not given)."""
    if tag != "ol":
        return tag
    start = dict(attrs).get("start") or "1"
    return f"ol start={start.strip()}"


def block_tree(html: str) -> Node:
    """The block elements of ``html`` as a tree (see the module's docstring)."""
    parser = StructureParser()
    parser.feed(html)
    parser.close()
    return parser.root


def block_structure(html: str) -> str:
    """The block structure of ``html`` as an indented outline, one block a line."""
    return "\n".join(block_tree(html).outline())


def github_html(text: str) -> str:
    """What GitHub's renderer makes of ``text`` (raw HTML kept, footnotes on)."""
    import cmarkgfm  # a test-only oracle, imported here so that hubgen never needs it
    from cmarkgfm.cmark import Options

    options = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
    return cmarkgfm.github_flavored_markdown_to_html(text, options=options)


_CONVERTER = None


def hubgen_html(text: str) -> str:
    """What hubgen publishes for ``text`` (one converter, reused, as in a build)."""
    global _CONVERTER
    if _CONVERTER is None:
        from hubgen.markup.markdown import Converter

        _CONVERTER = Converter()
    return _CONVERTER.convert(text).html


def strip_front_matter(text: str) -> str:
    """The document without a leading ``---``/``+++`` block (GitHub shows it as a table)."""
    match = FRONT_MATTER.match(text)
    return text[match.end() :] if match else text


@dataclass(frozen=True)
class Comparison:
    name: str
    matches: bool
    diff: list[str]
    guess: str


def compare(name: str, text: str) -> Comparison:
    """hubgen's block structure of ``text`` against GitHub's, with a guess at any difference."""
    body = strip_front_matter(text)
    theirs = block_structure(github_html(body)).split("\n")
    ours = block_structure(hubgen_html(body)).split("\n")
    if theirs == ours:
        return Comparison(name, True, [], "")
    diff = list(difflib.unified_diff(theirs, ours, "github", "hubgen", n=2, lineterm=""))
    offset = text[: len(text) - len(body)].count("\n")  # the front matter's lines
    return Comparison(name, False, diff, guess_cause(body, locate(body), offset))


LIST_MARKER = re.compile(r"^[ >]*(?:[-*+]|\d{1,9}[.)])(?: |$)")
HTML_START = re.compile(r"^[ >]{0,3}</?[A-Za-z][A-Za-z0-9-]*(?:[\s/>]|$)|^[ >]{0,3}<!--")
FENCE_LINE = re.compile(r"^([ >]*)(`{3,}|~{3,})")
FOOTNOTE = re.compile(r"^\[\^[^\]]+\]:", re.M)
DELIMITER_ROW = re.compile(r"^[ >]*\|? *:?-+:? *\|")
SETEXT = re.compile(r"^ {0,3}(?:=+|-+) *$")


def same_structure(text: str) -> bool:
    return block_structure(github_html(text)) == block_structure(hubgen_html(text))


def block_starts(lines: list[str]) -> list[int]:
    """Indices of the lines after which a top-level block may start (a blank line followed
    by an unindented one, outside fenced code), and the end: places to cut the text."""
    cuts = []
    fence = ""
    for index, line in enumerate(lines):
        match = FENCE_LINE.match(line)
        if match and (not fence or match.group(2).startswith(fence)):
            fence = "" if fence else match.group(2)
        nxt = lines[index + 1] if index + 1 < len(lines) else ""
        if not fence and not line.strip() and nxt[:1] not in ("", " ", "\t"):
            cuts.append(index)
    return [*cuts, len(lines)]


def locate(body: str) -> tuple[int, int]:
    """The lines (first, last; 1-based) of the top-level chunk with which the structures
    start to differ: the shortest beginning of ``body`` that renders differently ends there
    (found by halving, a few renders)."""
    lines = body.split("\n")
    cuts = block_starts(lines)
    low, high = 0, len(cuts) - 1  # the whole text differs
    while low < high:
        middle = (low + high) // 2
        if same_structure("\n".join(lines[: cuts[middle]]) + "\n"):
            low = middle + 1
        else:
            high = middle
    first = cuts[low - 1] + 1 if low else 0
    return first + 1, cuts[low]


def guess_cause(body: str, chunk: tuple[int, int], offset: int = 0) -> str:
    """A one-line guess at why the structures differ, from the chunk of ``body`` where they
    start to (``offset``: the file's lines before ``body``, for the line number shown)."""
    lines = body.split("\n")
    first, last = chunk
    part = [line for line in lines[first - 1 : last] if line.strip()]
    if not part:
        return "unknown: the difference shows at the end of the document"
    line = first + next(n for n, text in enumerate(lines[first - 1 :]) if text.strip())
    text = f"line {line + offset}: {part[0].strip()[:60]!r}"
    if any(HTML_START.match(w) for w in part):
        return f"raw HTML block (the sanitizer, or Markdown between HTML blocks), {text}"
    if any(FOOTNOTE.match(w) for w in part) or (last == len(lines) and FOOTNOTE.search(body)):
        return f"footnotes (cmark-gfm adds a section of them at the end), {text}"
    fences = [m for m in map(FENCE_LINE.match, part) if m]
    if fences:
        inside = any(m.group(1) for m in fences) and any(LIST_MARKER.match(w) for w in part)
        return f"fenced code{' in a list item' if inside else ''}, {text}"
    if any(DELIMITER_ROW.match(w) for w in part):
        return f"table, {text}"
    if any(LIST_MARKER.match(w) for w in part):
        return f"list structure, {text}"
    if any(w.lstrip().startswith(">") for w in part):
        return f"block quote, {text}"
    if any(SETEXT.match(w) for w in part[1:]):
        return f"setext heading, {text}"
    if any(w.startswith("    ") for w in part):
        return f"indented code, {text}"
    return f"other block, {text}"


def documents(folder: Path) -> list[Path]:
    """The documents of a corpus: those MANIFEST.tsv lists, or else every .md file."""
    manifest = folder / "MANIFEST.tsv"
    if manifest.is_file():
        with manifest.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        if rows and "file" in rows[0]:
            listed = [folder / row.get("source", "") / row["file"] for row in rows]
            return sorted(path for path in listed if path.is_file())
    return sorted(folder.rglob("*.md"))


def run(folder: Path, quiet: bool = False, out: object = sys.stdout) -> float:
    """Compare every document; print the differing ones and the share that match."""
    paths = documents(folder)
    matched = 0
    for path in paths:
        name = str(path.relative_to(folder))
        result = compare(name, path.read_text(encoding="utf-8", errors="replace"))
        if result.matches:
            matched += 1
            continue
        print(f"DIFFERS {name}: {result.guess}", file=out)
        if not quiet:
            for line in result.diff[2:40]:
                print(f"    {line}", file=out)
            if len(result.diff) > 40:
                print(f"    ... ({len(result.diff) - 40} more diff lines)", file=out)
    share = 100.0 * matched / len(paths) if paths else 100.0
    print(f"{matched} of {len(paths)} documents match GitHub's block structure: {share:.1f}%",
          file=out)  # fmt: skip
    return share


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.fidelity", description=__doc__.split("\n")[0]
    )
    parser.add_argument("folder", type=Path, help="a folder of Markdown documents")
    parser.add_argument("--quiet", action="store_true", help="only the names, guesses and total")
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"{args.folder} is not a folder")
    run(args.folder, args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
