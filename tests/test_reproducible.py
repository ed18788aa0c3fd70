"""Reproducible and atomic output: the same sources and "now" give the same bytes, however
and wherever they are built, and a build that fails or is killed leaves public/ as it was."""

from __future__ import annotations

import os
import shutil
import signal
import time
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import NOW_DT, SITES, build_site, run
from tests.trees import (
    demo_project,
    differences,
    finished,
    hubgen,
    leftovers,
    tree,
    wait_for_writes,
)

EPOCH = str(int(NOW_DT.timestamp()))  # the tests' "now" as SOURCE_DATE_EPOCH


def test_clean_builds_of_the_same_sources_are_byte_identical(
    demo_public: Path, tmp_path: Path
) -> None:
    """Different folders, --now against SOURCE_DATE_EPOCH, other hash seeds, one process
    against several, and a build in this process: the same names and bytes."""
    first = demo_project(tmp_path / "first")
    second = demo_project(tmp_path / "second")
    one = hubgen(first, "--now", "2026-11-25 12:00", "--no-cache", env={"PYTHONHASHSEED": "1"})
    two = hubgen(second, "--jobs", "1", env={"PYTHONHASHSEED": "2", "SOURCE_DATE_EPOCH": EPOCH})
    finished(one), finished(two)
    built = tree(first / "public")
    assert len(built) > 400
    assert differences(built, tree(second / "public")) == []
    assert differences(built, tree(demo_public)) == []


def test_source_date_epoch_must_be_a_number(tmp_path: Path) -> None:
    process = hubgen(demo_project(tmp_path / "p"), env={"SOURCE_DATE_EPOCH": "2026-11-25"})
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 2
    assert "SOURCE_DATE_EPOCH is '2026-11-25', not a whole number of seconds" in stderr.decode()
    assert not (tmp_path / "p/public").exists()


def test_per_state_builds_put_together_equal_the_full_build(
    demo_public: Path, tmp_path: Path
) -> None:
    """Each state built alone (as on its own CI runner), and the landing page alone."""
    root = demo_project(tmp_path / "project")
    parts = []
    for job in ("wisconsin", "arizona", "pennsylvania", None):
        out = tmp_path / f"part-{job or 'landing'}"
        which = ("--state", job) if job else ("--landing",)
        result = run("build", "--root", root, "--out", out, "--now", "2026-11-25 12:00", *which)
        assert result.exit_code == 0, result.output
        parts.append(out)
    assert sorted(p.name for p in parts[-1].iterdir()) == [".hubgen", "_headers", "index.html",
                                                          "static"]  # fmt: skip
    merged = tmp_path / "merged"
    for part in parts:
        shutil.copytree(part, merged, dirs_exist_ok=True)
    assert differences(tree(merged), tree(demo_public)) == []


def test_landing_and_state_are_one_at_a_time(tmp_path: Path) -> None:
    result = run("build", "--root", tmp_path, "--landing", "--state", "north")
    assert result.exit_code == 2 and "--landing builds the landing page only" in result.output


def test_the_landing_page_alone_leaves_the_states_as_they_are(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    assert build_site(root).exit_code == 0
    before = tree(root / "public")
    site = root / "content/site.yaml"
    site.write_text(site.read_text().replace("A small site for tests.", "A new tagline."))
    assert build_site(root, "--landing").exit_code == 0
    after = tree(root / "public")
    assert differences(before, after) == ["index.html"]
    assert b"A new tagline." in after["index.html"]  # type: ignore[operator]


@pytest.mark.parametrize("cache", [True, False], ids=["into the spare", "into a new folder"])
def test_a_build_killed_part_way_leaves_the_previous_output(tmp_path: Path, cache: bool) -> None:
    root = demo_project(tmp_path / "project")
    no_cache = () if cache else ("--no-cache",)
    finished(hubgen(root, "--now", "2026-11-25 12:00", *no_cache))
    before = tree(root / "public")
    # every page of two states shows the disclaimer: the next build writes them all again
    site = root / "content/site.yaml"
    site.write_text(site.read_text().replace("Paid for by", "Paid for, again, by"))
    started = time.time_ns()
    process = hubgen(root, "--now", "2026-11-25 12:00", "--jobs", "1", *no_cache)
    written = wait_for_writes(root, started, process, count=25)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the build ended before it could be killed"
    assert written >= 25
    assert differences(tree(root / "public"), before) == []
    # and the next build is whole
    finished(hubgen(root, "--now", "2026-11-25 12:00", *no_cache))
    assert b"Paid for, again, by" in (root / "public/wisconsin/about/index.html").read_bytes()


def test_a_build_failing_while_it_renders_leaves_the_previous_output(tmp_path: Path) -> None:
    """A template error in one state's event pages, found after other pages were written."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    assert build_site(root).exit_code == 0
    before = tree(root / "public")
    override = root / "content/south/_templates/event.html"
    override.parent.mkdir()
    override.write_text('{% extends "default:event.html" %}{% block main %}{{ page.no_such }}'
                        "{% endblock %}")  # fmt: skip
    site = root / "content/site.yaml"
    site.write_text(site.read_text().replace("Paid for by", "Paid for, again, by"))
    result = build_site(root, "--jobs", "1")
    assert result.exit_code == 1
    assert "event.html:1: error: template error while rendering /events/" in result.stderr
    assert differences(tree(root / "public"), before) == []
    # north's pages had been written into the spare folder before south's failed
    assert b"Paid for, again, by" in (root / ".public.previous/north/index.html").read_bytes()
    assert leftovers(root) == []


def test_now_defaults_to_source_date_epoch(tmp_path: Path, monkeypatch) -> None:
    from hubgen.cli.options import build_now

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert build_now(None) == NOW_DT
    given = datetime(2027, 1, 1, tzinfo=NOW_DT.tzinfo)
    assert build_now(given) == given  # --now wins
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert build_now(None) != NOW_DT  # unset or empty: the clock
