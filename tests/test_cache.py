"""The build cache is never stale: after any edits, a cached build equals a cold one.

A fixture project (two states, national content, a theme that extends a
theme that extends the default one) takes random sequences of edits: text
and front matter, new, deleted and renamed files, translations, templates,
partials, the parent theme, interface text, settings, the clock moving on,
and builds killed part-way. After every few edits the project is built with
its cache and, in another process, from nothing; the two outputs must be the
same files with the same bytes, or both builds must fail with the same errors.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from hubgen.build.options import BuildOptions
from hubgen.build.pipeline import build
from hubgen.core.errors import BuildFailed
from tests.conftest import REPO, SITES

START = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
Outcome = tuple[str, object]  # ("ok", {path: bytes}) or ("failed", sorted error lines)


def make_project(root: Path) -> None:
    shutil.copytree(SITES / "basic", root)
    site = root / "content/site.yaml"
    site.write_text(site.read_text() + "theme: child\nsearch: false\n")
    default = REPO / "themes/default/templates"
    parent, child = root / "themes/parent", root / "themes/child"
    (parent / "templates").mkdir(parents=True)
    (child / "templates").mkdir(parents=True)
    (parent / "theme.yaml").write_text(
        "name: parent\nextends: default\nstrings:\n  en:\n    communities: Communities\n"
    )
    (child / "theme.yaml").write_text(
        "name: child\nextends: parent\nstrings:\n  en:\n    upcoming_events: Upcoming events\n"
    )
    shutil.copy(default / "base.html", parent / "templates/base.html")
    shutil.copy(default / "_macros.html", parent / "templates/_macros.html")
    shutil.copy(default / "page.html", child / "templates/page.html")


def outcome(root: Path, out: Path, now: datetime, cache: bool, said: list[str] | None = None
            ) -> Outcome:  # fmt: skip
    try:
        build(BuildOptions(root, out=out, now=now, jobs=1, cache=cache),
              said.append if said is not None else lambda _: None)  # fmt: skip
    except BuildFailed as failed:
        return ("failed", sorted(p.format() for p in failed.problems if p.severity == "error"))
    files = {}
    for path in sorted(out.rglob("*")):
        if path.is_file():
            files[path.relative_to(out).as_posix()] = path.read_bytes()
    return ("ok", files)


def _cold_child(root: str, out: str, now: datetime, pipe: object) -> None:
    result = outcome(Path(root), Path(out), now, cache=False)
    pipe.send(result)  # type: ignore[attr-defined]
    pipe.close()  # type: ignore[attr-defined]


def both(root: Path, cold: Path, now: datetime, said: list[str]) -> tuple[Outcome, Outcome]:
    """The cached build here and the cold one in another process, at the same time."""
    shutil.rmtree(cold, ignore_errors=True)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_cold_child, args=(str(root), str(cold), now, send))
    child.start()
    cached = outcome(root, root / "public", now, cache=True, said=said)
    expected = receive.recv()
    child.join()
    return cached, expected


# --- the edits ----------------------------------------------------------------------------


class Edits:
    """Random edits to the fixture project; each returns a short description."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root, self.rng, self.count = root, rng, 0
        self.now = START
        # deleted or renamed files to bring back, as (path, text, the renamed file), and
        # pages with a broken link to take away again, as (path, "", None)
        self.trash: list[tuple[Path, str, Path | None]] = []

    def docs(self, pattern: str = "*.md") -> list[Path]:
        return sorted(p for p in (self.root / "content").rglob(pattern) if p.is_file())

    def pick(self, pattern: str = "*.md", originals: bool = False) -> Path:
        found = [p for p in self.docs(pattern) if not originals or ".es." not in p.name]
        return self.rng.choice(found)

    def mark(self) -> str:
        self.count += 1
        return f"edit {self.count}"

    def body(self) -> str:
        path = self.pick()
        text = path.read_text()
        path.write_text(text.rstrip("\n") + f"\n\nA new line, {self.mark()}.\n")
        return f"body of {path.name}"

    def title(self) -> str:
        path = self.pick()
        text = re.sub(r"^title: .*$", f'title: "Retitled, {self.mark()}"', path.read_text(),
                      count=1, flags=re.M)  # fmt: skip
        path.write_text(text)
        return f"title of {path.name}"

    def description(self) -> str:
        path = self.pick()
        lines = path.read_text().split("\n")
        lines = [line for line in lines if not line.startswith("description:")]
        lines.insert(1, f'description: "Said again, {self.mark()}"')
        path.write_text("\n".join(lines))
        return f"description of {path.name}"

    def menu(self) -> str:
        path = self.pick("pages/*.md", originals=True)
        text = path.read_text()
        if "\nmenu:" in text:
            text = re.sub(r"\nmenu: .*", "", text, count=1)
        else:
            text = text.replace("---\n", f"---\nmenu: {self.rng.randint(1, 3)}\n", 1)
        path.write_text(text)
        return f"menu of {path.name}"

    def event_time(self) -> str:
        path = self.pick("events/*.md", originals=True)
        day = START + timedelta(days=self.rng.randint(-20, 60))
        hour = self.rng.randint(8, 17)
        text = re.sub(r"^start: .*$", f"start: {day:%Y-%m-%d} {hour}:00", path.read_text(),
                      count=1, flags=re.M)  # fmt: skip
        text = re.sub(r"^end: .*$", f'end: "{hour + 2}:00"', text, count=1, flags=re.M)
        path.write_text(text)
        return f"start of {path.name}"

    def event_status(self) -> str:
        path = self.pick("events/*.md", originals=True)
        status = self.rng.choice(["scheduled", "cancelled", "postponed"])
        text = re.sub(r"^status: .*\n", "", path.read_text(), flags=re.M)
        path.write_text(text.replace("---\n", f"---\nstatus: {status}\n", 1))
        return f"status of {path.name}"

    def new_page(self) -> str:
        state = self.rng.choice(["north", "south"])
        targets = ["/communities/", "/events/", "/training/first-steps/", "/start/"]
        target = self.rng.choice(targets * 3 + ["/missing/"])
        folder = self.root / "content" / state / "pages"
        folder.mkdir(exist_ok=True)
        name = f"added-{self.count + 1}.md"
        (folder / name).write_text(
            f"---\ntitle: Added page\n---\nSee [this]({target}), {self.mark()}.\n"
        )
        if target == "/missing/":  # a broken link: 'restore' takes the page away again
            self.trash.append((folder / name, "", None))
        return f"new page {state}/{name}"

    def delete(self) -> str:
        candidates = [p for p in self.docs() if p.name != "index.md"]
        path = self.rng.choice(candidates)
        self.trash.append((path, path.read_text(), None))
        path.unlink()
        return f"deleted {path.name}"

    def restore(self) -> str:
        """Undo every deletion, rename and broken link so far."""
        if not self.trash:
            return self.body()
        while self.trash:
            path, text, renamed = self.trash.pop()
            if renamed is not None and renamed.exists():
                renamed.unlink()
            if text:
                path.write_text(text)
            else:
                path.unlink(missing_ok=True)
        return "brought back what was deleted or renamed"

    def rename(self) -> str:
        candidates = [p for p in self.docs() if p.name != "index.md" and ".es." not in p.name]
        path = self.rng.choice(candidates)
        new = path.with_name(f"renamed-{self.count + 1}.md")
        self.mark()
        self.trash.append((path, path.read_text(), new))
        path.rename(new)
        return f"renamed {path.name} to {new.name}"

    def translation(self) -> str:
        originals = [p for p in self.docs() if ".es." not in p.name]
        path = self.rng.choice(originals)
        spanish = path.with_name(path.name.replace(".md", ".es.md"))
        if spanish.exists():
            spanish.unlink()
            return f"removed {spanish.name}"
        body = path.read_text().split("\n---\n", 1)[-1]  # the same sections, so links still hold
        spanish.write_text(f"---\ntitle: Traducido, {self.mark()}\n---\n{body}")
        return f"translated {path.name}"

    def template(self) -> str:
        choice = self.rng.choice(["child/templates/page.html", "parent/templates/base.html",
                                  "parent/templates/_macros.html"])  # fmt: skip
        path = self.root / "themes" / choice
        text = path.read_text()
        anchor = {"page.html": "</article>", "base.html": "</footer>",
                  "_macros.html": "{% endmacro %}"}[path.name]  # fmt: skip
        head, sep, tail = text.rpartition(anchor)
        path.write_text(f"{head}<span>{self.mark()}</span>{sep}{tail}")
        return f"template {choice}"

    def strings(self) -> str:
        path = self.root / "themes" / self.rng.choice(["child", "parent"]) / "theme.yaml"
        key = self.rng.choice(["upcoming_events", "communities", "home"])
        lines = [line for line in path.read_text().split("\n") if not line.startswith("    ")]
        lines.insert(lines.index("  en:") + 1, f'    {key}: "Text, {self.mark()}"')
        path.write_text("\n".join(lines))
        return f"interface text {key} in {path.parent.name}"

    def settings(self) -> str:
        path = self.rng.choice([self.root / "content/site.yaml",
                                self.root / "content/north/_state.yaml"])  # fmt: skip
        text = re.sub(r"^tagline: .*\n", "", path.read_text(), flags=re.M)
        path.write_text(text + f'tagline: "Said once more, {self.mark()}"\n')
        return f"tagline in {path.name}"

    def clock(self) -> str:
        self.now += timedelta(hours=self.rng.choice([1, 6, 30, 24 * 9]))
        return f"the clock moves to {self.now:%Y-%m-%d %H:%M}"

    def kill(self) -> str:
        """A build killed part-way, in its own process."""
        command = [sys.executable, "-m", "hubgen", "build", "--root", str(self.root), "-q",
                   "--now", self.now.strftime("%Y-%m-%d %H:%M"), "--jobs", "1"]  # fmt: skip
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)  # fmt: skip
        time.sleep(self.rng.uniform(0.05, 1.2))
        with contextlib.suppress(ProcessLookupError):  # it may have finished already
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return "a build killed part-way"

    def all(self) -> list[tuple[Callable[[], str], int]]:
        """Each edit with its weight."""
        return [(self.body, 8), (self.title, 5), (self.description, 3), (self.menu, 2),
                (self.event_time, 3), (self.event_status, 2), (self.new_page, 3),
                (self.delete, 2), (self.rename, 2), (self.restore, 5), (self.translation, 3),
                (self.template, 3),
                (self.strings, 2), (self.settings, 2), (self.clock, 5), (self.kill, 1)]  # fmt: skip


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cached_builds_equal_cold_builds_after_random_edits(tmp_path: Path, seed: int) -> None:
    root = tmp_path / "project"
    make_project(root)
    rng = random.Random(seed)
    edits = Edits(root, rng)
    choices, weights = zip(*edits.all(), strict=True)
    done: list[str] = []
    failures = builds = 0
    said: list[str] = []
    while len(done) < 200:
        for _ in range(rng.choice([1, 1, 2, 4, 6, 8])):
            done.append(rng.choices(choices, weights)[0]())
        cached, cold = both(root, tmp_path / "cold", edits.now, said)
        failures += cached[0] == "failed"
        builds += 1
        if cached != cold:
            changed = sorted(set(cached[1]) ^ set(cold[1])) if cached[0] == cold[0] == "ok" else []
            if cached[0] == cold[0] == "ok":
                assert isinstance(cached[1], dict) and isinstance(cold[1], dict)
                changed += [p for p in cached[1] if p in cold[1] and cached[1][p] != cold[1][p]]
            pytest.fail(f"after {done[-6:]}: cached {cached[0]}, cold {cold[0]}; differ: "
                        f"{changed[:10] or (cached[1], cold[1])}")  # fmt: skip
    assert failures < builds / 2, f"{failures} of {builds} builds failed: the edits test little"
    reused = [line for line in said if line.endswith("unchanged")]
    assert len(reused) > 10, "whole states should often be taken as they were"
