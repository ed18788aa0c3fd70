"""The search index: the same bundle on any disk, checked before it is published, and a
missing, broken or stalled Pagefind is a problem for the organizer, never a bad site."""

from __future__ import annotations

import base64
import os
import shlex
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import hubgen.build.search
from hubgen.build.search import BUNDLE, ENTRY, SearchFailed, checked, site_pages
from tests.conftest import build_site
from tests.trees import differences, tmpfs, tree

TOPICS = ["canvassing", "phone banking", "voter registration", "rides to the polls",
          "house meetings", "tabling", "letters to the editor", "town halls"]  # fmt: skip

PAGES = {
    f"content/testland/pages/topic-{number}.md": f"""\
        ---
        title: Topic {number}
        ---
        Volunteers in Testland talk about {topic} at every meeting of the month.
        """
    for number, topic in enumerate(TOPICS)
}


@pytest.fixture
def project(tmp_site: Callable[..., Path]) -> Path:
    """One state, two languages, a home page and eight pages to find."""
    return tmp_site(PAGES)


@pytest.fixture
def ram_disk(tmp_path: Path) -> Iterator[Path]:
    """A small tmpfs (it lists a folder's files newest first; ext4 in a hash order)."""
    with tmpfs(tmp_path / "tmpfs", "64m") as mount:
        yield mount


def test_the_bundle_is_the_same_on_tmpfs_and_on_disk(project: Path, ram_disk: Path) -> None:
    """Pagefind gets the pages in the order of their paths, never in the disk's order, so
    the index of a state built on one CI runner is the one a full build makes on another."""
    for out in (ram_disk / "public", project / "public"):
        result = build_site(project, "--no-cache", "--out", out)
        assert result.exit_code == 0, result.output
    on_disk = tree(project / "public")
    assert len([name for name in on_disk if f"/{BUNDLE}/" in name]) > 20
    assert differences(tree(ram_disk / "public"), on_disk) == []


def test_pages_go_to_pagefind_sorted_by_path_without_the_bundle(tmp_path: Path) -> None:
    for name in ("z/index.html", "a/index.html", "index.html", "a-b/index.html", "feed.xml",
                 f"{BUNDLE}/x.html", f"es/{BUNDLE}/index.html"):  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<html></html>")
    assert site_pages(tmp_path) == ["a-b/index.html", "a/index.html", f"es/{BUNDLE}/index.html",
                                    "index.html", "z/index.html"]  # fmt: skip


def test_the_table_of_contents_lists_the_languages_in_order() -> None:
    entry = b'{"version":"1.5.2","languages":{"es":{"page_count":1},"en":{"page_count":2}}}'
    files = checked({"pagefind.js": b"//", ENTRY: entry, "fragment/en_1.pf_fragment": b"x"})
    assert files[ENTRY] == (b'{"version":"1.5.2","languages":{"en":{"page_count":2},'
                            b'"es":{"page_count":1}}}')  # fmt: skip


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"pagefind.js": b"//", ENTRY: b""}, f"{BUNDLE}/{ENTRY} is empty"),
        ({ENTRY: b'{"languages":{}}'}, f"{BUNDLE}/pagefind.js is missing"),
        ({"pagefind.js": b"//", ENTRY: b"[1]"}, "its table of contents, cannot be read"),
        ({"pagefind.js": b"//", ENTRY: b'{"languages":{}}', "../x": b"1"}, "a strange name"),
    ],
    ids=["empty", "missing", "no table", "outside"],
)
def test_an_incomplete_bundle_is_refused(files: dict[str, bytes], message: str) -> None:
    with pytest.raises(SearchFailed, match=message.replace(".", r"\.").replace("(", r"\(")):
        checked(files)


def answers_changed(monkeypatch: pytest.MonkeyPatch, change: Callable[[list[Any]], None]) -> None:
    """Let Pagefind's real answer to GetFiles (its bundle) be changed before hubgen sees it."""
    ask = hubgen.build.search.Pagefind.ask

    def changed_ask(self: Any, payload: dict[str, Any], *args: Any) -> dict[str, Any]:
        reply = ask(self, payload, *args)
        if payload["type"] == "GetFiles":
            change(reply["files"])
        return reply

    monkeypatch.setattr(hubgen.build.search.Pagefind, "ask", changed_ask)


def built_then_edited(project: Path) -> dict[str, bytes | None]:
    """A first build (the published site), then an edit that the next build must index."""
    result = build_site(project)
    assert result.exit_code == 0, result.output
    page = project / "content/testland/pages/topic-4.md"
    text = page.read_text()
    assert "house meetings" in text
    page.write_text(text.replace("house meetings", "neighborhood meetings"))
    return tree(project / "public")


def empty_fragment(files: list[Any]) -> None:
    fragment = next(f for f in files if f["path"].startswith("fragment/"))
    fragment["content"] = ""


def entry_not_json(files: list[Any]) -> None:
    entry = next(f for f in files if f["path"] == ENTRY)
    entry["content"] = base64.b64encode(b"Disk full").decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (empty_fragment, "the search index came out incomplete: pagefind/fragment/"),
        (entry_not_json, "the search index came out damaged: pagefind/pagefind-entry.json"),
    ],
    ids=["an empty file", "a table of contents that is not JSON"],
)
def test_a_bad_bundle_fails_the_build_and_leaves_the_site(
    project: Path, monkeypatch: pytest.MonkeyPatch, change: Callable, message: str
) -> None:
    """Nothing of a bundle is written before all of it is checked; the next build is whole."""
    before = built_then_edited(project)
    answers_changed(monkeypatch, change)
    result = build_site(project)
    assert result.exit_code == 1
    assert f"content/testland: error: {message}" in result.stderr
    assert "hint: build again (the sites published before are unchanged)" in result.stderr
    assert "Traceback" not in result.output
    assert differences(tree(project / "public"), before) == []
    monkeypatch.undo()  # and the next build, with Pagefind as it is, publishes the edit
    assert build_site(project).exit_code == 0
    published = project / "public/testland/topic-4/index.html"
    assert b"neighborhood meetings" in published.read_bytes()
    fresh = project.parent / "fresh"
    assert build_site(project, "--no-cache", "--out", fresh).exit_code == 0
    assert differences(tree(project / "public"), tree(fresh)) == []


def program(folder: Path, script: str) -> Path:
    """A stand-in for Pagefind's program: a shell script."""
    path = folder / "fake-pagefind"
    path.write_text("#!/bin/sh\n" + textwrap.dedent(script))
    path.chmod(0o755)
    return path


ANSWERS_ERROR = f"""\
    exec {shlex.quote(sys.executable)} -c '
    import base64, json, sys
    data = b""
    while True:
        byte = sys.stdin.buffer.read(1)
        if not byte:
            break
        if byte != b",":
            data += byte
            continue
        asked = json.loads(base64.b64decode(data))
        data = b""
        answer = {{"message_id": asked["message_id"],
                  "payload": {{"type": "Error", "message": "Invalid config supplied"}}}}
        sys.stdout.buffer.write(base64.b64encode(json.dumps(answer).encode()) + b",")
        sys.stdout.flush()
    '
    """


@pytest.mark.skipif(os.name != "posix", reason="the stand-ins for Pagefind are shell scripts")
@pytest.mark.parametrize(
    ("script", "message"),
    [
        (None, "the search program (Pagefind) could not be started (No such file or directory"),
        ("echo 'pagefind: cannot open shared object file' >&2\nexit 127\n",
         "the search program (Pagefind) stopped before the search index was made (pagefind: "
         "cannot open shared object file)"),
        ("exit 0\n", "the search program (Pagefind) stopped before the search index was made "
                     "(exit status 0)"),
        ("exec sleep 30\n", "the search program (Pagefind) gave no answer for 0.5 seconds"),
        (ANSWERS_ERROR, "the search program (Pagefind) could not make the index: Invalid config "
                        "supplied"),
    ],
    ids=["missing", "fails to start", "exits at once", "never answers", "answers an error"],
)  # fmt: skip
def test_a_pagefind_that_does_not_work_is_a_problem(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str | None,
    message: str,
) -> None:  # fmt: skip
    before = built_then_edited(project)
    path = program(tmp_path, script) if script else tmp_path / "no-such-pagefind"
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(path))  # as the pagefind package reads it
    monkeypatch.setattr(hubgen.build.search, "TIMEOUT", 0.5)
    result = build_site(project)
    assert result.exit_code == 1
    assert f"content/testland: error: {message}" in result.stderr
    assert "Traceback" not in result.output
    assert differences(tree(project / "public"), before) == []


def test_pagefind_not_installed_is_a_problem(project: Path, monkeypatch) -> None:
    before = built_then_edited(project)
    monkeypatch.setattr("pagefind.service.get_executable", lambda: None)
    result = build_site(project)
    assert result.exit_code == 1
    assert "content/testland: error: the search program (Pagefind) is not installed" in (
        result.stderr
    )
    assert "hint: install hubgen again with its dependencies" in result.stderr
    assert differences(tree(project / "public"), before) == []


def test_a_rebuild_writes_the_bundle_files_that_changed_and_removes_the_old(
    project: Path, tmp_path: Path
) -> None:
    """Rebuilds index again where pages changed, write what differs into the spare folder and
    take out the old bundle's files; the result is what a build from scratch makes."""
    built_then_edited(project)  # a first build and an edit
    bundle = [name for name in tree(project / "public") if f"/{BUNDLE}/" in name]
    page = project / "content/testland/pages/topic-4.md"
    for word in ("", "door knocking", "block parties"):  # each build into the spare, in turn
        page.write_text(page.read_text() + (f"\nAnd about {word}.\n" if word else ""))
        result = build_site(project)
        assert result.exit_code == 0, result.output
        written = int(result.output.split("wrote ")[1].split()[0])
        assert 3 <= written < len(bundle) / 2  # two pages and the bundle files that changed
    fresh = tmp_path / "fresh"
    assert build_site(project, "--no-cache", "--out", fresh).exit_code == 0
    assert differences(tree(project / "public"), tree(fresh)) == []
    assert build_site(project).output.rstrip().endswith("wrote 0 changed files")
