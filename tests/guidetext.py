"""The editors' guide (docs/guide/) read as data: its example files, its mistakes, and every
message it quotes as hubgen's output. tests/test_guide_messages.py makes hubgen print them."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "guide"
FENCE = re.compile(r"^(`{3,})(\w*)\n(.*?)^\1$", re.S | re.M)
HEADING = re.compile(r"^#{2,4} .*$", re.M)
OUTPUT = re.compile(r"^(?P<where>[^\s:]+(?::\d+)?): (?P<severity>error|warning): (?P<message>.+)$")
PATH = re.compile(r"`(content/[a-z0-9/._-]+\.(?:md|yaml))`")
CODE = re.compile(r"(?<!`)`([^`]+)`(?!`)")


@dataclass(frozen=True)
class Quote:
    """A message the guide quotes: where (page:line), the message as hubgen says it, and the
    file the guide says it is about ('' when a table quotes it without one)."""

    page: str
    line: int
    message: str
    file: str = ""
    line_in_file: int = 0

    def __str__(self) -> str:
        return f"docs/guide/{self.page}:{self.line}: {self.message!r}"


@dataclass(frozen=True)
class Mistake:
    """A fenced example of a mistake (the lines written wrong) and the output after it."""

    page: str
    lang: str
    snippet: str
    quotes: tuple[Quote, ...]


def pages() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(GUIDE.glob("*.md"))}


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def output_quotes(page: str, text: str) -> list[Quote]:
    """Every ``path:line: error: ...`` line of the page's fenced output blocks."""
    quotes = []
    for fence in FENCE.finditer(text):
        if fence.group(2) not in ("", "text"):
            continue
        for number, line in enumerate(fence.group(3).splitlines()):
            found = OUTPUT.match(line)
            if found:
                file, _, line = found.group("where").partition(":")
                quotes.append(Quote(page, _line(text, fence.start(3)) + number,
                                    found.group("message"), file, int(line or 0)))  # fmt: skip
    return quotes


def table_quotes(page: str, text: str) -> list[Quote]:
    """The code spans of the columns of tables headed 'what hubgen prints' or 'message',
    with the 'path: error: ' or 'Error: ' before a message taken off."""
    quotes = []
    header: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("|"):
            header = []
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if not header:
            header = cells
            continue
        for name, cell in zip(header, cells, strict=False):
            if "prints" not in name and name != "message":
                continue
            for span in CODE.findall(cell):
                found = OUTPUT.match(span)
                cut = re.sub(r"^(error|warning|Error): ", "", span)
                message = found.group("message") if found else cut
                if message:
                    quotes.append(Quote(page, number, message))
    return quotes


def quotes() -> list[Quote]:
    return [q for page, text in pages().items()
            for q in output_quotes(page, text) + table_quotes(page, text)]  # fmt: skip


def examples() -> dict[str, str]:
    """The complete example files, by their path: each page's first code block after a
    heading '... A complete example', at the last content/... path named before it."""
    found: dict[str, str] = {}
    for text in pages().values():
        for heading in re.finditer(r"^#{2,3} A complete example$", text, re.M):
            fence = FENCE.search(text, heading.end())
            before = PATH.findall(text, 0, fence.start()) if fence else []
            if fence and before:
                found[before[-1]] = fence.group(3)
    return found


def mistakes() -> list[Mistake]:
    """Each output block right after a yaml or markdown block, with that block."""
    found = []
    for page, text in pages().items():
        bounds = [m.start() for m in HEADING.finditer(text)] + [len(text)]
        for start, end in itertools.pairwise(bounds):
            snippet: tuple[str, str] | None = None
            for fence in FENCE.finditer(text, start, end):
                lang, body = fence.group(2), fence.group(3)
                if lang in ("yaml", "markdown"):
                    snippet = (lang, body)
                    continue
                if lang not in ("", "text"):
                    snippet = None
                said = [q for q in output_quotes(page, text) if q.line > _line(text, fence.start())
                        and q.line <= _line(text, fence.end())]  # fmt: skip
                if said and snippet:
                    found.append(Mistake(page, snippet[0], snippet[1], tuple(said)))
                snippet = None
    return found
