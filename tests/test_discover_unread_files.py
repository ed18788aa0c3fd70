"""A file in a content folder that is not a .md page is a warning, not silence.

``town-hall.markdown`` or ``flyer.docx`` next to the pages would be passed over and
vanish from the site. Each is named, with what to do: a Markdown file by another name
is renamed to its .md name; anything else is moved away. Backups and hidden files are
still passed over, and warnings fail only ``--strict``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hubgen.content.config import load_config
from hubgen.content.discovery import discover
from hubgen.core.errors import Problem
from tests.conftest import build_site, check_site

ABOUT = "---\ntitle: About\n---\nAbout us.\n"
MOVE = "move it out of content/, or into an images/ folder if it is a picture"


def found(root: Path) -> tuple[list[str], list[Problem]]:
    config, problems = load_config(root)
    assert problems == [] and config is not None
    sources, problems = discover(config)
    return sorted(s.shown for s in sources), problems


def one_warning(root: Path, shown: str) -> Problem:
    _, problems = found(root)
    assert [p.path for p in problems] == [shown]
    (problem,) = problems
    assert problem.severity == "warning"
    assert problem.line is None
    return problem


@pytest.mark.parametrize(
    ("name", "renamed"),
    [
        ("town-hall.markdown", "town-hall.md"),
        ("Notes.MD", "notes.md"),
        ("notes.Md", "notes.md"),
        ("phone-bank.mdown", "phone-bank.md"),
        ("phone-bank.mkd", "phone-bank.md"),
        ("Town-Hall.es.Markdown", "town-hall.es.md"),
    ],
)
def test_a_markdown_file_by_another_name_is_to_be_renamed(tmp_site, name: str,
                                                          renamed: str) -> None:  # fmt: skip
    shown = f"content/testland/events/{name}"
    root = tmp_site({shown: ABOUT})
    problem = one_warning(root, shown)
    assert problem.message == f"'{name}' is not published: only .md files are read"
    assert problem.hint == f"rename it to {renamed}"


@pytest.mark.parametrize("name", ["event.txt", "flyer.docx", "notes.html", "photo.jpg", "README"])
def test_any_other_file_is_to_be_moved(tmp_site, name: str) -> None:
    shown = f"content/testland/pages/{name}"
    root = tmp_site({"content/testland/pages/about.md": ABOUT, shown: "Some text.\n"})
    problem = one_warning(root, shown)
    assert problem.message == f"'{name}' is not published: only .md files are read"
    assert problem.hint == MOVE


@pytest.mark.parametrize("folder", ["training", "partners"])
def test_a_national_folder_warns_once(tmp_site, folder: str) -> None:
    shown = f"content/{folder}/flyer.docx"
    root = tmp_site({shown: "not really a document\n"})
    assert one_warning(root, shown).hint == MOVE


@pytest.mark.parametrize(
    "name", [".notes.txt", "#draft.md#", "_scratch.txt", "about.md~", ".about.md.swp", "x.tmp"]
)
def test_backups_and_hidden_files_are_still_passed_over(tmp_site, name: str) -> None:
    root = tmp_site(
        {"content/testland/pages/about.md": ABOUT, f"content/testland/pages/{name}": "x"}
    )
    shown, problems = found(root)
    assert problems == []
    assert shown == ["content/testland/index.md", "content/testland/pages/about.md"]


def test_a_file_at_the_top_of_a_state_is_still_an_error(tmp_site) -> None:
    root = tmp_site({"content/testland/notes.markdown": ABOUT})
    _, problems = found(root)
    assert [(p.path, p.severity, p.message) for p in problems] == [
        ("content/testland/notes.markdown", "error", "'notes.markdown' is not in a content folder")
    ]


def test_images_and_templates_keep_their_own_rules(tmp_site) -> None:
    root = tmp_site({
        "content/testland/images/notes.txt": "x",
        "content/testland/_templates/notes.txt": "x",
        "content/images/notes.txt": "x",
    })  # fmt: skip
    assert found(root)[1] == []


def test_warnings_fail_only_a_strict_check(tmp_site) -> None:
    root = tmp_site({"content/testland/pages/about.md": ABOUT,
                     "content/testland/pages/flyer.docx": "x"})  # fmt: skip
    line = (
        "content/testland/pages/flyer.docx: warning: 'flyer.docx' is not published: "
        "only .md files are read"
    )
    for result in (check_site(root), build_site(root)):
        assert result.exit_code == 0, result.output
        assert line in result.stderr
        assert f"    hint: {MOVE}" in result.stderr
    strict = check_site(root, "--strict")
    assert strict.exit_code == 1
    assert line in strict.stderr


def test_a_reused_state_warns_of_what_is_there_now(tmp_site) -> None:
    """Once the file is taken away, a build that reuses the state (its pages are
    unchanged) does not warn of it again."""
    root = tmp_site({"content/testland/pages/about.md": ABOUT,
                     "content/testland/pages/flyer.docx": "x"})  # fmt: skip
    assert "pages/flyer.docx: warning:" in build_site(root).stderr
    assert "pages/flyer.docx: warning:" in build_site(root).stderr
    (root / "content/testland/pages/flyer.docx").unlink()
    result = build_site(root)
    assert result.exit_code == 0, result.output
    assert "flyer.docx" not in result.stderr
    assert "1 state unchanged" in result.output  # the state was reused
