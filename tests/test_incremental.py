"""Rebuilds do work in proportion to an edit, in any number of processes.

A one-page edit renders that page and the pages that list or link it, and
nothing else; unchanged output files are left as they were (same file, same
time); a build on several cores writes exactly what a one-process build does.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from hubgen.build.options import BuildOptions, BuildResult
from hubgen.build.pipeline import build
from tests.conftest import NOW_DT, REPO

MODULE = "content/training/phone-banking.md"
URL = "/training/phone-banking/"


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    site = root / "content/site.yaml"
    site.write_text(site.read_text() + "search: false\n")  # the index is not what is tested
    return root


def run(root: Path, out: str = "public", **options: object) -> BuildResult:
    return build(BuildOptions(root, out=root / out, now=NOW_DT, **options))  # type: ignore[arg-type]


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}  # fmt: skip


def edit(root: Path, old: str, new: str) -> None:
    path = root / MODULE
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_body_edit_renders_that_page_only(tmp_path: Path) -> None:
    root = project(tmp_path)
    first = run(root)
    edit(root, "\n## ", "\nOne more sentence for callers.\n\n## ")
    second = run(root)
    assert first.rendered > 100
    # the module's page in English (the Spanish page shows the translation), in the states
    # that use the national module (Pennsylvania has a phone-banking module of its own)
    assert sorted(second.rendered_paths) == [
        f"{state}/training/phone-banking/index.html" for state in ("arizona", "wisconsin")
    ]
    assert second.parsed == 1


def test_a_title_edit_renders_the_pages_that_list_or_link_it(tmp_path: Path) -> None:
    root = project(tmp_path)
    first = run(root)
    edit(root, "title: ", "title: Calling voters, ")
    second = run(root)
    rendered = set(second.rendered_paths)
    assert "wisconsin/training/phone-banking/index.html" in rendered
    assert "wisconsin/training/index.html" in rendered  # the library lists it
    assert len(rendered) < first.rendered / 3
    for path in rendered:  # every page rendered again shows or links the module
        html = (root / "public" / path).read_text()
        assert URL in html, path


def test_unchanged_files_are_not_written_again(tmp_path: Path) -> None:
    root = project(tmp_path)
    run(root)
    out = root / "public"
    before = {p: os.stat(p) for p in out.rglob("*") if p.is_file() and p.name != ".hubgen"}
    edit(root, "\n## ", "\nOne more sentence for callers.\n\n## ")
    result = run(root)
    changed = []
    for path, old in before.items():
        new = os.stat(path)
        if (new.st_ino, new.st_mtime_ns) != (old.st_ino, old.st_mtime_ns):
            changed.append(path.relative_to(out).as_posix())
    assert sorted(changed) == sorted(result.rendered_paths)
    assert result.written == len(changed)


def test_several_processes_write_what_one_does(tmp_path: Path) -> None:
    root = project(tmp_path)
    run(root, "one", jobs=1, cache=False)
    run(root, "two", jobs=2, cache=False)
    assert files(root / "one") == files(root / "two")
    run(root, "cached", jobs=2)  # with the cache, from nothing, then again
    run(root, "cached", jobs=2)
    assert files(root / "cached") == files(root / "one")


def test_a_cache_grown_too_big_starts_afresh_and_stays_right(tmp_path: Path, monkeypatch) -> None:
    root = project(tmp_path)
    first = run(root)
    monkeypatch.setenv("HUBGEN_CACHE_MAX_MB", "0")  # every build finds it too big
    edit(root, "title: ", "title: Calling voters, ")
    second = run(root)
    assert second.parsed > 1  # the parsed documents were dropped...
    run(root, "cold", cache=False)
    assert files(root / "public") == files(root / "cold")  # ...and nothing went stale
    assert first.pages == second.pages


def test_a_rebuild_does_not_read_the_templates_again(tmp_path: Path, monkeypatch) -> None:
    """Whether the theme reads "now" is worked out once for its templates, then kept."""
    import jinja2.meta

    root = project(tmp_path)
    run(root)
    edit(root, "\n## ", "\nOne more sentence for callers.\n\n## ")

    def parsed_again(_ast: object) -> set[str]:
        raise AssertionError("the templates were searched for 'now' again")

    monkeypatch.setattr(jinja2.meta, "find_undeclared_variables", parsed_again)
    assert run(root).rendered == 2
