"""The command line: exit codes, messages without tracebacks, and `hubgen new`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import NOW, REPO, build_site, run


def test_help_for_every_command() -> None:
    for command in ([], ["build"], ["check"], ["changed"], ["new"], ["serve"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_wrong_usage_exits_2() -> None:
    assert run("build", "--no-such-option").exit_code == 2
    assert run("build", "--now", "someday").exit_code == 2
    assert run("new", "event").exit_code == 2


def test_not_a_project_exits_1_with_a_hint(tmp_path: Path) -> None:
    result = run("build", "--root", tmp_path, "--now", NOW)
    assert result.exit_code == 1
    assert "content/site.yaml not found" in result.stderr
    assert "hint: run hubgen in the project folder" in result.stderr


def test_python_m_hubgen_runs_without_a_traceback(tmp_site) -> None:
    root = tmp_site({"content/testland/events/x.md": "---\ntitle: [x\n---\n"})
    proc = subprocess.run(
        [sys.executable, "-m", "hubgen", "build", "--root", str(root), "--now", NOW],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert proc.returncode == 1
    assert "content/testland/events/x.md:2: error: YAML syntax error" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_missing_library_is_named_without_a_traceback() -> None:
    """An installation without nh3 (imported with the command line itself) says so."""
    starter = "import runpy, sys; sys.modules['nh3'] = None; runpy.run_module('hubgen')"
    proc = subprocess.run(
        [sys.executable, "-c", starter, "build"], capture_output=True, text=True, cwd=REPO,
        check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "hubgen: a library it needs is not installed: nh3" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_file_in_the_wrong_place_is_named(tmp_site) -> None:
    root = tmp_site(
        {
            "content/testland/notes.md": "---\ntitle: x\n---\n",
            "content/testland/event/x.md": "---\ntitle: x\n---\n",
        }
    )
    result = build_site(root)
    assert (
        "content/testland/notes.md: error: 'notes.md' is not in a content folder" in result.stderr
    )
    assert "content/testland/event: error: 'event' is not in a content folder" in result.stderr


def test_a_state_without_settings(tmp_site) -> None:
    root = tmp_site({"content/ohio/index.md": "---\ntitle: Ohio\n---\n"})
    result = build_site(root)
    assert "content/ohio: error: state folder 'ohio' has no _state.yaml" in result.stderr


def test_missing_site_setting_names_the_key(tmp_site) -> None:
    root = tmp_site({"content/site.yaml": "name: X\nrole_email_domains: [example.org]\n"})
    result = build_site(root)
    assert "content/site.yaml:1: error: 'disclaimer' is required but missing" in result.stderr


def test_new_writes_a_valid_file_from_options(tmp_site) -> None:
    root = tmp_site()
    result = run(
        "new",
        "event",
        "testland/fall-canvass",
        "--root",
        root,
        "--title",
        "Madison: fall canvass",
        "-f",
        "kind=canvass",
        "-f",
        "start=2027-01-09 10:00",
        "-f",
        "end=12:00",
        "-f",
        "place.type=online",
    )
    assert result.exit_code == 0, result.output
    text = (root / "content/testland/events/fall-canvass.md").read_text()
    assert text.startswith("---\ntitle: 'Madison: fall canvass'\nkind: canvass\n")
    assert build_site(root).exit_code == 0


def test_new_without_a_terminal_names_missing_fields(tmp_site) -> None:
    root = tmp_site()
    result = run("new", "office", "testland/downtown", "--root", root, "--title", "Downtown")
    assert result.exit_code == 2
    assert "missing required field(s): address.street, address.city, address.zip" in result.stderr
    assert not (root / "content/testland/offices/downtown.md").exists()


def test_new_asks_in_a_terminal_and_rechecks_bad_answers(tmp_site, monkeypatch) -> None:
    root = tmp_site()
    monkeypatch.setattr("hubgen.cli.commands.stdin_is_terminal", lambda: True)
    from click.testing import CliRunner

    from hubgen.cli.commands import main

    answers = "Lake Country\nDain\nDane, Rock\n"
    result = CliRunner().invoke(
        main, ["new", "community", "testland/lake", "--root", str(root)], input=answers
    )
    assert result.exit_code == 0, result.output
    assert "'Dain' is not a county of WI" in result.output
    text = (root / "content/testland/communities/lake.md").read_text()
    assert "counties:\n- Dane\n- Rock\n" in text


def test_new_never_overwrites(tmp_site) -> None:
    root = tmp_site({"content/testland/pages/about.md": "---\ntitle: About\n---\nMine.\n"})
    result = run("new", "page", "testland/about", "--root", root, "--title", "About")
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert "Mine." in (root / "content/testland/pages/about.md").read_text()


def test_new_refuses_paths_outside_content(tmp_site) -> None:
    root = tmp_site()
    for where in ("testland/../x", "../x/y", "testland/a/b", "nowhere/x"):
        result = run("new", "page", where, "--root", root, "--title", "X")
        assert result.exit_code == 2, where
    assert run("new", "event", "national/x", "--root", root, "--title", "X").exit_code == 2


def test_new_national_training(tmp_site) -> None:
    root = tmp_site()
    result = run(
        "new",
        "training",
        "national/door-knocking",
        "--root",
        root,
        "--title",
        "Door knocking",
        "-f",
        "order=3",
        "-f",
        "duration=40",
    )
    assert result.exit_code == 0, result.output
    assert (root / "content/training/door-knocking.md").is_file()


def test_new_help_lists_every_type_with_its_required_fields() -> None:
    from hubgen.content.types import REGISTRY

    text = run("new", "--help").output
    for spec in REGISTRY.types:
        if spec.folder:
            assert f"\n    {spec.name} " in text, spec.name
    assert "event      title, kind, start, end, place.type" in text
    assert "office     title, address.street, address.city, address.zip" in text
    assert "--kind TEXT" in text and "One of: canvass," in text


def test_new_type_help_lists_its_fields_and_choices() -> None:
    text = run("new", "event", "--help").output
    assert "The fields of the event type:" in text
    assert "--place-type           Required." in text and "office, address, home," in text
    assert "--place-neighborhood   With place type home:" in text
    assert "--counties" not in text.split("The fields")[1]  # a community's, not an event's
    assert "The fields of the training type (training module):" in run(
        "new", "training", "--help").output  # fmt: skip


def test_a_bad_choice_in_new_names_its_own_option(tmp_site) -> None:
    root = tmp_site()
    result = run("new", "event", "testland/x", "--root", root, "--title", "X", "--kind",
                 "cnavass", "--start", "2026-12-20 10:00", "--end", "12:00",
                 "--place-type", "online")  # fmt: skip
    assert result.exit_code == 2
    assert "Invalid value for --kind (-f kind=...): 'cnavass' is not allowed" in result.output
    assert "did you mean 'canvass'" in result.output
