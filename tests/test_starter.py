"""`hubgen init`, then `new`, `check` and `build`, as a new organizer would."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run


def test_init_new_check_build(tmp_path: Path) -> None:
    root = tmp_path / "hub"
    assert run("init", root, "--state", "ohio", "--name", "Ohio", "--code", "OH",
               "--timezone", "America/New_York").exit_code == 0  # fmt: skip
    state = (root / "content/ohio/_state.yaml").read_text()
    assert "# timezone: the IANA time zone, like America/Chicago (required)" in state
    assert run("build", "--root", root, "--out", root / "public").exit_code == 0
    result = run("new", "community", "ohio/athens", "--root", root, "--title", "Athens",
                 "--counties", "Athens, Meigs")  # fmt: skip
    assert result.exit_code == 0, result.output
    result = run("new", "event", "ohio/athens-canvass", "--root", root, "--title",
                 "Athens: Saturday canvass", "--kind", "canvass", "--start", "2030-03-02 10:00",
                 "--end", "13:00", "--place-type", "online", "--community", "athens")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert run("check", "--root", root).exit_code == 0
    assert run("build", "--root", root, "--out", root / "public").exit_code == 0
    page = (root / "public/ohio/events/athens-canvass/index.html").read_text()
    assert "Athens: Saturday canvass" in page
    assert (root / "public/ohio/communities/athens/index.html").is_file()


def test_init_never_overwrites(tmp_path: Path) -> None:
    root = tmp_path / "hub"
    assert run("init", root).exit_code == 0
    assert run("init", root).exit_code == 2
