"""Broken sites: each pins its errors' (and warnings') path, line and message, and loses
nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SITES, build_site

CASES = sorted(p.name for p in (SITES / "broken").iterdir() if p.is_dir())


def make_broken(tmp_path: Path, case: str) -> Path:
    root = tmp_path / case
    shutil.copytree(SITES / "basic", root)
    shutil.copytree(SITES / "broken" / case / "content", root / "content", dirs_exist_ok=True)
    return root


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]


def is_problem(line: str) -> bool:
    return ": error: " in line or ": warning: " in line


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if is_problem(line)]


def told_with_hints(told: str | list[str]) -> list[tuple[str, str]]:
    """Each problem line with its hint: the hint line after it and the lines under that."""
    lines = told.splitlines() if isinstance(told, str) else told
    pairs = []
    for index, line in enumerate(lines):
        if is_problem(line):
            hint = lines[index + 1 : index + 2]
            for more in lines[index + 2 :]:
                if not more.startswith("      "):
                    break
                hint.append(more)
            pairs.append((line, "\n".join(hint)))
    return pairs


@pytest.mark.parametrize("case", CASES)
def test_broken_site_reports_exactly_its_errors(tmp_path: Path, case: str) -> None:
    root = make_broken(tmp_path, case)
    result = build_site(root)
    expected = (SITES / "broken" / case / "expected.txt").read_text().splitlines()
    assert result.exit_code == 1, result.output
    if any(line.startswith("    hint: ") for line in expected):  # pinned with their hints
        assert sorted(told_with_hints(result.stderr)) == sorted(told_with_hints(expected))
    else:
        assert sorted(problem_lines(result.stderr)) == sorted(expected)
    assert "Traceback" not in result.output
    assert not (root / "public").exists()


@pytest.mark.parametrize("case", CASES)
def test_every_problem_has_a_hint(tmp_path: Path, case: str) -> None:
    result = build_site(make_broken(tmp_path, case))
    lines = result.stderr.splitlines()
    for index, line in enumerate(lines):
        if is_problem(line):
            assert lines[index + 1].startswith("    hint: "), line


def test_a_failed_build_leaves_the_previous_output_untouched(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    assert build_site(root).exit_code == 0
    before = {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()}
    shutil.copytree(SITES / "broken/four-errors/content", root / "content", dirs_exist_ok=True)
    result = build_site(root)
    assert result.exit_code == 1
    assert len(error_lines(result.stderr)) == 4
    after = {p: p.read_bytes() for p in (root / "public").rglob("*") if p.is_file()}
    assert after == before
    # no staging folder is left behind; the spare the next build writes into stays
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".public")]
    assert leftovers == [".public.previous"]


def test_a_template_error_with_state_option_leaves_the_state_untouched(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    assert build_site(root).exit_code == 0
    page = (root / "public/north/communities/lake/index.html").read_bytes()
    shutil.copytree(
        SITES / "broken/template-undefined/content", root / "content", dirs_exist_ok=True
    )
    assert build_site(root, "--state", "north").exit_code == 1
    assert (root / "public/north/communities/lake/index.html").read_bytes() == page
    assert sorted(p.name for p in (root / "public").iterdir()) == [
        ".hubgen",
        "_headers",
        "index.html",
        "north",
        "south",
        "static",
    ]


def test_a_failed_state_build_creates_nothing(tmp_path: Path) -> None:
    root = make_broken(tmp_path, "template-undefined")
    assert build_site(root, "--state", "north").exit_code == 1
    # no output folder, no staging folder left behind; only the build cache
    assert sorted(p.name for p in root.iterdir()) == [".hubgen-cache", "content"]


def test_yaml_mistakes_get_hints_in_an_organizers_words(tmp_path: Path) -> None:
    result = build_site(make_broken(tmp_path, "yaml-words"))
    hints = [line.strip() for line in result.stderr.splitlines() if "hint: " in line]
    assert hints == [
        "hint: write America/New_York",
        'hint: write it as title: "Phone bank: Milwaukee"',
        "hint: indent with spaces (two per level), never tabs",
        "hint: write America/Phoenix",  # south is Arizona (code AZ), read from its own file
    ]
