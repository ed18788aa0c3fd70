"""One build at a time writes an output folder, whatever path names it: through a symbolic
link, or from a second copy of the project; with or without the cache."""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from pathlib import Path

import pytest

from hubgen.build.output import MARKER
from tests.conftest import NOW, SITES, build_site, run
from tests.trees import differences, finished, hubgen, leftovers, tree, wait_for_writes


def _copy(folder: Path) -> Path:
    shutil.copytree(SITES / "basic", folder)
    return folder


@pytest.mark.parametrize("cache", [True, False], ids=["cached", "no cache"])
def test_two_builds_of_one_folder_take_turns(tmp_path: Path, cache: bool) -> None:
    """Two copies of a project write the same folder at once, one of them through a
    symbolic link: the second waits for the first, and the folder is whole after both."""
    first, second = _copy(tmp_path / "first"), _copy(tmp_path / "second")
    shared = tmp_path / "shared"
    shared.mkdir()
    link = tmp_path / "link"
    link.symlink_to(shared)
    extra = () if cache else ("--no-cache",)
    waiting = {"HUBGEN_LOCK_WAIT": "300"}
    started = time.time_ns()
    one = hubgen(first, "--out", str(shared / "public"), "--now", NOW, "--jobs", "1", *extra,
                 env=waiting)  # fmt: skip
    assert wait_for_writes(shared, started, one, count=5) >= 5
    two = hubgen(second, "--out", str(link / "public"), "--now", NOW, "--jobs", "1", *extra,
                 env=waiting)  # fmt: skip
    finished(one), finished(two)
    out = shared / "public"
    assert (out / MARKER).is_file()
    assert not (link / "public").is_symlink(), "the folder itself was replaced, not the link"
    clean = run("build", "--root", first, "--out", tmp_path / "clean", "--now", NOW,
                "--no-cache")  # fmt: skip
    assert clean.exit_code == 0
    assert differences(tree(out), tree(tmp_path / "clean")) == []
    assert leftovers(shared) == []
    # and later builds from either copy are not refused
    for root, path in ((first, shared / "public"), (second, link / "public")):
        result = run("build", "--root", root, "--out", path, "--now", NOW, *extra)
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("cache", [True, False], ids=["cached", "no cache"])
def test_a_build_refuses_after_waiting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: bool
) -> None:
    root = _copy(tmp_path / "site")
    assert build_site(root).exit_code == 0
    before = tree(root / "public")
    lock = os.open(root / ".public.lock", os.O_RDWR | os.O_CREAT)
    os.pwrite(lock, b"4242\n", 0)
    fcntl.flock(lock, fcntl.LOCK_EX)  # another build writing it
    monkeypatch.setenv("HUBGEN_LOCK_WAIT", "0.3")
    try:
        result = build_site(root, *(() if cache else ("--no-cache",)))
    finally:
        os.close(lock)
    assert result.exit_code == 1
    assert ("public: error: another hubgen build is writing this output folder (process 4242);"
            " waited 0.3 s") in result.output  # fmt: skip
    assert "hint: let it finish, then build again" in result.output
    assert differences(tree(root / "public"), before) == []
    assert build_site(root).exit_code == 0  # once it is free
