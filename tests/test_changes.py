"""Which states a change touches: `hubgen changed` (hubgen.cli.changed), on throwaway git repos."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from hubgen.cli.changed import affected, is_shared
from tests.conftest import BASE_FILES, run, write_files

STATES = ("arizona", "pennsylvania", "wisconsin")


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test Editor",
            "-c",
            "user.email=editor@example.org",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A project with three states and national training, in git with one commit."""
    files = {"content/site.yaml": BASE_FILES["content/site.yaml"]}
    for key in STATES:
        files[f"content/{key}/_state.yaml"] = BASE_FILES["content/testland/_state.yaml"]
        files[f"content/{key}/index.md"] = BASE_FILES["content/testland/index.md"]
    files["content/training/canvassing.md"] = "---\ntitle: Canvassing\n---\n"
    files["docs/guide.md"] = "How to edit.\n"
    root = write_files(tmp_path / "hub", files)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    return root


def changed(root: Path, *args: str) -> list[str]:
    result = run("changed", "--root", root, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def commit(root: Path, files: dict[str, str | None]) -> None:
    write_files(root, files)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "edit")


def test_an_edit_in_a_state_folder_touches_that_state_only(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    commit(repo, {"content/wisconsin/events/canvass.md": "---\ntitle: Canvass\n---\n"})
    assert changed(repo, "--since", base) == ["wisconsin"]
    result = run("changed", "--root", repo, "--since", base)
    assert "wisconsin: 1 changed file in content/wisconsin/" in result.stderr


def test_several_commits_and_states_since_a_ref(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    commit(repo, {"content/wisconsin/index.md": "---\ntitle: WI\n---\n"})
    commit(repo, {"content/arizona/pages/about.md": "---\ntitle: About\n---\n"})
    assert changed(repo, "--since", base) == ["arizona", "wisconsin"]
    assert changed(repo, "--since", "HEAD^1") == ["arizona"]


@pytest.mark.parametrize(
    "path",
    [
        "content/site.yaml",
        "content/training/canvassing.md",
        "content/partners/union.md",
        "content/images/crowd.jpg",
        "themes/default/templates/base.html",
        "hubgen/render.py",
        "pyproject.toml",
        "requirements.txt",
        "uv.lock",
        ".github/workflows/publish.yml",
    ],
)
def test_shared_inputs_touch_every_state(repo: Path, path: str) -> None:
    base = git(repo, "rev-parse", "HEAD")
    commit(repo, {path: "changed\n"})
    assert changed(repo, "--since", base) == list(STATES)


def test_files_no_build_reads_touch_nothing(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    commit(repo, {"docs/guide.md": "Changed.\n", "README.md": "Hub.\n", "tests/test_x.py": "\n"})
    assert changed(repo, "--since", base) == []


def test_a_page_deleted_for_a_takedown_touches_its_state(repo: Path) -> None:
    commit(repo, {"content/arizona/events/rally.md": "---\ntitle: Rally\n---\n"})
    base = git(repo, "rev-parse", "HEAD")
    commit(repo, {"content/arizona/events/rally.md": None})
    assert changed(repo, "--since", base) == ["arizona"]


def test_a_page_moved_between_states_touches_both(repo: Path) -> None:
    commit(repo, {"content/arizona/pages/join.md": "---\ntitle: Join us\n---\nText.\n"})
    base = git(repo, "rev-parse", "HEAD")
    (repo / "content/wisconsin/pages").mkdir()
    git(repo, "mv", "content/arizona/pages/join.md", "content/wisconsin/pages/join.md")
    git(repo, "commit", "-q", "-m", "move")
    assert changed(repo, "--since", base) == ["arizona", "wisconsin"]


def test_uncommitted_and_new_files_count(repo: Path) -> None:
    write_files(
        repo,
        {
            "content/pennsylvania/index.md": "---\ntitle: PA\n---\n",
            "content/arizona/events/new.md": "---\ntitle: New\n---\n",
        },
    )
    assert changed(repo, "--since", "HEAD") == ["arizona", "pennsylvania"]


def test_a_deleted_state_is_reported_not_built(repo: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    git(repo, "rm", "-q", "-r", "content/pennsylvania")
    git(repo, "commit", "-q", "-m", "remove")
    result = run("changed", "--root", repo, "--since", base)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "content/pennsylvania/ is gone" in result.stderr


def test_without_an_earlier_commit_every_state(repo: Path) -> None:
    # GitHub's 'before' of a push that creates a branch is forty zeros
    assert changed(repo, "--since", "0" * 40) == list(STATES)
    result = run("changed", "--root", repo, "--since", "f" * 40)
    assert json.loads(result.stdout) == list(STATES)
    assert "is not in this clone" in result.stderr


def test_outside_git_it_says_so(repo: Path, tmp_path: Path) -> None:
    plain = write_files(tmp_path / "plain", BASE_FILES)
    result = run("changed", "--root", plain, "--since", "HEAD")
    assert result.exit_code == 1
    assert "the project is not in a git repository" in result.stderr
    assert "hint: run it in a git checkout" in result.stderr
    assert "Traceback" not in result.output


def test_files_on_standard_input(repo: Path) -> None:
    listed = "content/arizona/index.md\n./content/wisconsin/events/x.md\n\ndocs/a.md\n"
    result = run("changed", "--root", repo, "--files", "-", input_text=listed)
    assert json.loads(result.stdout) == ["arizona", "wisconsin"]


def test_all_and_one_named_state(repo: Path) -> None:
    assert changed(repo, "--all") == list(STATES)
    assert changed(repo, "--state", "arizona") == ["arizona"]
    result = run("changed", "--root", repo, "--state", "arizonna")
    assert result.exit_code == 1
    assert "content: error: there is no state 'arizonna'" in result.stderr
    assert "did you mean 'arizona'?" in result.stderr
    assert result.stdout == ""


def test_exactly_one_source_of_changes(repo: Path) -> None:
    assert run("changed", "--root", repo).exit_code == 2
    assert run("changed", "--root", repo, "--all", "--state", "arizona").exit_code == 2


def test_not_a_project(tmp_path: Path) -> None:
    result = run("changed", "--root", tmp_path, "--all")
    assert result.exit_code == 1
    assert "content/ not found" in result.stderr


def test_the_rules_without_git() -> None:
    assert is_shared("content/site.yaml") and is_shared("content/training/x.md")
    assert is_shared("setup.cfg") and not is_shared("docs/setup.cfg")
    assert not is_shared("content/wisconsin/index.md") and not is_shared("bench/run.py")
    result = affected(["docs/a.md", "content/wisconsin/a.md", "content/wisconsin/b.md"], STATES)
    assert result.states == ("wisconsin",)
    assert result.reasons == ("wisconsin: 2 changed files in content/wisconsin/",)
    everything = affected(
        ["content/arizona/a.md", "themes/x/theme.yaml", "content/site.yaml"], STATES
    )
    assert everything.states == STATES
    assert everything.reasons[0].startswith("themes/x/theme.yaml and 1 more shared files")
