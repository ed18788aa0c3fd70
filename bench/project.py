"""The hubgen side of the benchmark: the project made from a corpus, its builds and checks."""

from __future__ import annotations

import csv
import itertools
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import page_slugs, write_project

MARKER = '<meta name="bench" content="page">'
# What a page with a table must show once rendered.
TABLE_PAGE_PARTS = ("<table", "<td", "<li", "<ol", "<blockquote", "<h2")
# A prime stride, so successive edits land on different pages far apart.
STRIDE = 7919


@dataclass(frozen=True)
class CorpusPage:
    state: str
    slug: str
    has_table: bool


def corpus_pages(corpus: Path) -> list[CorpusPage]:
    """The corpus's pages in manifest order, each with its hubgen state and slug."""
    with (corpus / "manifest.tsv").open(encoding="utf-8", newline="") as manifest:
        rows = list(csv.DictReader(manifest, delimiter="\t", quoting=csv.QUOTE_NONE))
    slugs = {}
    pages = []
    for row in rows:
        state, community, name = Path(row["path"]).with_suffix("").parts
        if state not in slugs:
            slugs[state] = page_slugs(corpus / "content" / state)
        pages.append(CorpusPage(state, slugs[state][(community, name)], row["has_table"] == "1"))
    return pages


def page_count(corpus: Path) -> int:
    with (corpus / "manifest.tsv").open(encoding="utf-8") as manifest:
        return sum(1 for _ in manifest) - 1


class Project:
    """A hubgen project written from a corpus, built with a given hubgen command."""

    def __init__(self, corpus: Path, root: Path, hubgen: list[str], jobs: int | None) -> None:
        self.corpus = corpus
        self.root = root
        self.hubgen = hubgen
        self.jobs = jobs
        self.trash = root.parent / "trash"
        self._moved = itertools.count()
        write_project(corpus, root)
        self.pages = corpus_pages(corpus)

    def build_command(self) -> list[str]:
        jobs = [] if self.jobs is None else ["--jobs", str(self.jobs)]
        return [*self.hubgen, "build", "--root", str(self.root), "-q", *jobs]

    def serve_command(self, port: int) -> list[str]:
        return [*self.hubgen, "serve", "--root", str(self.root), "--host", "127.0.0.1"] + [
            "--port",
            str(port),
        ]

    def empty_trash(self) -> None:
        shutil.rmtree(self.trash, ignore_errors=True)
        self.trash.mkdir(parents=True)

    def make_cold(self) -> None:
        """Empty the trash (slow), then rename the output and cache into it (instant)."""
        self.empty_trash()
        leftovers = [self.root / "public", self.root / ".hubgen-cache"]
        leftovers += sorted(self.root.glob(".public*"))
        for path in leftovers:
            if path.exists():
                path.rename(self.trash / f"{path.name.lstrip('.')}-{next(self._moved)}")

    def source(self, page: CorpusPage) -> Path:
        return self.root / "content" / page.state / "pages" / f"{page.slug}.md"

    def output(self, page: CorpusPage) -> Path:
        return self.root / "public" / page.state / page.slug / "index.html"

    def edit(self, number: int, offset: int = 0) -> CorpusPage:
        """Append one sentence to one page's body: a different page for each number."""
        page = self.pages[(offset + number * STRIDE) % len(self.pages)]
        with self.source(page).open("a", encoding="utf-8") as text:
            text.write(f"\nEdit {number} for the benchmark: the team knocked on more doors.\n")
        return page

    def verify(self) -> tuple[bool, str]:
        """Every corpus page built through the bench layout; one table page complete."""
        built = sum(1 for page in self.pages if MARKER in _read(self.output(page)))
        table_page = next(p for p in self.pages if p.has_table)
        text = _read(self.output(table_page))
        missing = [part for part in TABLE_PAGE_PARTS if part not in text] if text else ["page"]
        ok = built == len(self.pages) and not missing
        shown = os.path.relpath(self.output(table_page), self.root)
        verdict = "ok" if ok else "FAIL"
        found = ", ".join(f"no {m}" for m in missing) or "table, lists, blockquote, headings"
        counted = f"{built} of {len(self.pages)} pages via the layout"
        return ok, f"{verdict} hubgen: {counted}; {shown}: {found}"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""


def hubgen_version(hubgen: list[str], cwd: Path) -> str:
    done = subprocess.run([*hubgen, "--version"], cwd=cwd, capture_output=True, text=True)
    words = done.stdout.split()
    return words[-1] if done.returncode == 0 and words else "unknown"
