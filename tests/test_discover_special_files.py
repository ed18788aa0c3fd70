"""A named pipe (FIFO) or a socket named like a page is an error, like a folder named x.md.

Such files are never opened: opening a named pipe for reading waits until some program
writes to it, so a build that tried would hang for ever. The command line runs in a
process of its own with a time limit, so a hang fails the test instead of stopping the run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from hubgen.content.discovery import SourceFile
from hubgen.content.documents import parse
from hubgen.core.textfile import NotAFile, read_regular
from tests.conftest import NOW, REPO, check_site

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")

ABOUT = "---\ntitle: About\n---\nAbout us.\n"


def check(root: Path) -> subprocess.CompletedProcess[str]:
    """`hubgen check` in its own process, stopped after a minute if it hangs."""
    command = [sys.executable, "-m", "hubgen", "check", "--root", str(root), "--now", NOW]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=REPO,
                          check=False)  # fmt: skip


@pytest.mark.parametrize(
    "name", ["content/testland/events/x.md", "content/training/x.md", "content/partners/x.md"]
)
def test_a_named_pipe_named_like_a_page_is_an_error(tmp_site, name: str) -> None:
    root = tmp_site({"content/testland/pages/about.md": ABOUT})
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(root / name)
    result = check(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{name}: error: unexpected named pipe (FIFO)" in result.stderr
    assert "hubgen reads only regular text files" in result.stderr
    assert "rename it" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count(name) == 1  # reported once, not for each state


def test_a_link_to_a_named_pipe_is_an_error_at_the_link(tmp_site) -> None:
    root = tmp_site({"content/testland/pages/about.md": ABOUT})
    os.mkfifo(root / "content/testland/pages/pipe")  # not named like a page: passed over
    (root / "content/testland/pages/linked.md").symlink_to("pipe")
    result = check(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "content/testland/pages/linked.md: error: unexpected link to a named pipe" in (
        result.stderr
    )
    assert "pages/pipe:" not in result.stderr


def test_a_named_pipe_at_the_top_of_a_state_is_an_error(tmp_site) -> None:
    root = tmp_site()
    os.mkfifo(root / "content/testland/notes.md")
    result = check(root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "content/testland/notes.md: error: unexpected named pipe (FIFO)" in result.stderr
    assert "move it out of content/" in result.stderr


def test_a_socket_named_like_a_page_is_an_error(tmp_site, monkeypatch) -> None:
    root = tmp_site()
    folder = root / "content/testland/pages"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)  # a short name: socket paths are limited to ~100 characters
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("chat.md")
    result = check_site(root)  # a socket cannot be opened as a file: no hang to guard against
    assert result.exit_code == 1, result.output
    assert "content/testland/pages/chat.md: error: unexpected socket" in result.stderr


def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    """A page replaced by a pipe after it was found is refused when it is read, at once."""
    pipe = tmp_path / "about.md"
    os.mkfifo(pipe)
    outcome: list[object] = []

    def read() -> None:
        try:
            outcome.append(read_regular(pipe))
        except NotAFile as exc:
            outcome.append(exc)
        source = SourceFile(str(pipe), "content/testland/pages/about.md", "testland", "page",
                            "about", "en")  # fmt: skip
        outcome.append(parse(source, None, None, "en"))  # type: ignore[arg-type]

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=30)
    assert not reader.is_alive(), "reading a named pipe waited for a writer"
    error, (doc, problems) = outcome
    assert isinstance(error, NotAFile) and "named pipe" in str(error)
    assert doc is None
    assert "it is a named pipe (FIFO), not a file hubgen can read" in problems[0].message
