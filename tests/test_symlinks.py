"""Symbolic links in content/: followed inside it, refused when they lead out of it or nowhere."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import build_site

PAGE = "---\ntitle: {title}\n---\n{body}\n"
OUTSIDE_LINK = "error: a link to a place outside content/"


@pytest.fixture
def project(tmp_site: Callable[..., Path], tmp_path: Path) -> Path:
    """A one-state project, and beside it (outside content/) a folder of private files."""
    root = tmp_site({"content/testland/pages/about.md": PAGE.format(title="About", body="Hi")})
    private = tmp_path / "private"
    (private / "folder").mkdir(parents=True)
    (private / "notes.md").write_text(PAGE.format(title="Private", body="secret-words"))
    (private / "folder" / "x.md").write_text(PAGE.format(title="X", body="secret-words"))
    (private / "photo.png").write_bytes(b"\x89PNG secret-words")
    (private / "base.html").write_text("secret-words")
    (private / "_state.yaml").write_text("name: X\ncode: WI\ntimezone: UTC\nbase_url: https://x/\n")
    return root


def link(root: Path, name: str, target: Path | str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target, path)
    return path


def refused(root: Path, shown: str, message: str = OUTSIDE_LINK) -> str:
    result = build_site(root)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"{shown}: {message}" in result.stderr
    assert "secret-words" not in result.output
    assert not (root / "public").exists()
    return result.stderr


def test_a_page_linked_from_outside_is_refused(project: Path) -> None:
    link(project, "content/testland/pages/notes.md", project.parent / "private/notes.md")
    refused(project, "content/testland/pages/notes.md")


def test_a_link_inside_content_is_followed(project: Path) -> None:
    link(project, "content/testland/pages/about-us.md", "about.md")
    result = build_site(project)
    assert result.exit_code == 0, result.output
    assert "Hi" in (project / "public/testland/about-us/index.html").read_text()


def test_folders_linked_from_outside_are_refused(project: Path) -> None:
    private = project.parent / "private"
    link(project, "content/testland/events", private / "folder")
    link(project, "content/training", private / "folder")
    link(project, "content/elsewhere", private)
    stderr = refused(project, "content/testland/events")
    assert f"content/training: {OUTSIDE_LINK}" in stderr
    assert f"content/elsewhere: {OUTSIDE_LINK}" in stderr


def test_settings_linked_from_outside_are_refused(project: Path) -> None:
    state = project / "content/testland/_state.yaml"
    state.unlink()
    link(project, "content/testland/_state.yaml", project.parent / "private/_state.yaml")
    refused(project, "content/testland/_state.yaml")


def test_images_and_templates_linked_from_outside_are_refused(project: Path) -> None:
    private = project.parent / "private"
    image = link(project, "content/images/photo.png", private / "photo.png")
    refused(project, "content/images/photo.png")
    image.unlink()
    link(project, "content/testland/_templates/base.html", private / "base.html")
    refused(project, "content/testland/_templates/base.html")


def test_an_images_folder_linked_from_outside_is_refused(project: Path) -> None:
    link(project, "content/testland/images", project.parent / "private")
    refused(project, "content/testland/images")


def test_links_to_nothing_and_loops_are_refused(project: Path) -> None:
    pages = project / "content/testland/pages"
    link(project, "content/testland/pages/gone.md", pages / "missing.md")
    link(project, "content/testland/pages/a.md", pages / "b.md")
    link(project, "content/testland/pages/b.md", pages / "a.md")
    message = "error: a link to a file that does not exist (or a loop of links)"
    stderr = refused(project, "content/testland/pages/gone.md", message)
    assert f"content/testland/pages/a.md: {message}" in stderr


def test_folder_links_that_loop_back_end(project: Path) -> None:
    link(project, "content/testland/pages/again", "..")
    link(project, "content/testland/_templates/again", ".")
    result = build_site(project)
    assert result.exit_code == 1
    assert "content/testland/pages/again: error: unexpected folder" in result.stderr
