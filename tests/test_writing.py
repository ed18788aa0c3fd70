"""The writer: each state and language keeps its own page records, only stale pages are
rendered, unchanged files stay the same files however many builds pass, pages kept from
before are still link-checked, and a broken template is one error, not one per page."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from hubgen.build.options import BuildOptions, BuildResult
from hubgen.build.pipeline import build
from hubgen.build.writing import _in_view
from hubgen.core.errors import BuildFailed
from tests.conftest import NOW_DT, SITES
from tests.viewkit import make_project


def run(root: Path, now: datetime = NOW_DT) -> BuildResult:
    return build(BuildOptions(root, out=root / "public", now=now, jobs=1))


def basic(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(SITES / "basic", root)
    site = root / "content/site.yaml"
    site.write_text(site.read_text() + "search: false\n")
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def files(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}  # fmt: skip


@pytest.mark.parametrize(
    ("path", "lang"),
    [("north/index.html", "en"), ("north/events/es-fair/index.html", "en"),
     ("north/es/index.html", "es"), ("north/es/events/x/index.html", "es"),
     ("north/fr/index.html", "fr"), ("south/es/index.html", None)],
)  # fmt: skip
def test_each_page_belongs_to_one_language(path: str, lang: str | None) -> None:
    site = SimpleNamespace(config=SimpleNamespace(languages=("en", "es", "fr")))
    setups: dict[str, Any] = {code: SimpleNamespace(site=site, lang=code)
                              for code in ("en", "es", "fr")}  # fmt: skip
    owners = [code for code, setup in setups.items() if _in_view(path, setup, "north/")]
    assert owners == ([lang] if lang else [])


def test_a_translation_edit_renders_its_language_only(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", {
        "content/site.yaml": "name: Test Program\ndisclaimer: Paid for by Test Program.\n"
                             "role_email_domains: [example.org]\nlanguages: [en, es]\n"
                             "search: false\ntraining_paths: [{key: basics, title: Basics}]\n",
        "content/testland/pages/about.md": "---\ntitle: About\nmenu: 2\n---\nAbout us.\n",
    })  # fmt: skip
    first = run(root)
    edit(root / "content/testland/communities/harbor.es.md", "segundo martes", "segundo jueves")
    second = run(root)
    assert first.rendered > 50
    assert second.rendered_paths == ("testland/es/communities/harbor/index.html",)
    assert run(root).rendered_paths == ()


def test_an_edit_renders_the_pages_that_show_it(tmp_path: Path) -> None:
    root = basic(tmp_path)
    run(root)
    edit(root / "content/north/events/door-knock.md", "door knocking", "door knocking day")
    rendered = set(run(root).rendered_paths)
    assert "north/events/door-knock/index.html" in rendered
    assert "north/events/index.html" in rendered  # lists it
    assert "north/about/index.html" not in rendered  # shows nothing of it
    assert not any(path.startswith("south/") for path in rendered)


def test_unchanged_files_stay_the_same_files_over_many_builds(tmp_path: Path) -> None:
    """Each build changes something else: a file that changed two builds ago, or one, but
    not in this build, is the same file (same inode, same time) after it."""
    root = basic(tmp_path)
    out = root / "public"
    run(root)
    edits = [
        ("content/north/events/door-knock.md", "door knocking", "door knocking day"),
        ("content/north/pages/about.md", "About us.", "About us, and more."),
        ("content/south/communities/desert.md", "---\n", "---\ndescription: Dry.\n"),
        ("content/north/pages/about.md", "and more.", "and even more."),
    ]
    for path, old, new in edits:
        before = files(out)
        edit(root / path, old, new)
        result = run(root)
        after = files(out)
        changed = sorted(p for p in after if after[p] != before.get(p) and p != ".hubgen")
        assert len(changed) == result.written, (path, changed)


def test_pages_kept_from_before_are_link_checked_again(tmp_path: Path) -> None:
    """A link to an event warns once the event is over, though the page with the link
    shows nothing that changed and is not rendered again."""
    root = basic(tmp_path)
    edit(root / "content/north/pages/about.md", "About us.",
         "About us. Join our [door knocking](/events/door-knock/).")  # fmt: skip
    ended = datetime(2026, 12, 5, 19, 0, tzinfo=timezone.utc)
    before = run(root, ended.replace(hour=18))
    assert not any("that event is over" in p.message for p in before.warnings)
    after = run(root, ended)
    assert "north/about/index.html" not in after.rendered_paths
    over = [p for p in after.warnings if "that event is over" in p.message]
    assert [(p.path, p.severity) for p in over] == [("content/north/pages/about.md", "warning")]


def test_a_broken_template_is_one_error_and_nothing_is_published(tmp_path: Path) -> None:
    root = basic(tmp_path)
    run(root)
    published = files(root / "public")
    template = root / "content/north/_templates/event.html"
    template.parent.mkdir()
    template.write_text("{{ page.no_such_value.title }}\n")
    with pytest.raises(BuildFailed) as failed:
        run(root)
    errors = [p for p in failed.value.problems if p.severity == "error"]
    assert [(p.path, p.line) for p in errors] == [("content/north/_templates/event.html", 1)]
    assert files(root / "public") == published
    template.unlink()
    assert run(root).rendered_paths == ()  # the published pages are still right


def test_nothing_is_written_when_checking(tmp_path: Path) -> None:
    root = basic(tmp_path)
    result = build(BuildOptions(root, out=None, now=NOW_DT, jobs=1))
    assert result.rendered == result.pages > 50 and result.written == 0
    assert not (root / "public").exists()
    assert sorted(os.listdir(root)) == [".hubgen-cache", "content"]
