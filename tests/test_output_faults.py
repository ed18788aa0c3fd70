"""Problems of the machine: a full or read-only disk, files hubgen may not read, folders it
may not write. Each is one error at its path with what to do, never "a bug in hubgen"; the
site published before stays as it was, and nothing is left beside it."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

import hubgen.build.incremental
import hubgen.build.swap
from hubgen.core.errors import machine_problem
from hubgen.render.themes import builtin_themes
from tests.conftest import NOW, SITES, build_site, run
from tests.trees import differences, leftovers, modes_obeyed, remount, tmpfs, tree


def _project(folder: Path) -> Path:
    shutil.copytree(SITES / "basic", folder)
    return folder


def _rename(root: Path, name: str) -> None:
    """An edit that changes every page, and what the search finds on one."""
    site = root / "content/site.yaml"
    site.write_text(site.read_text().replace("Paid for by", f"Paid for by {name} and"))
    home = root / "content/north/index.md"
    home.write_text(home.read_text() + f"\nA word from {name}.\n")


def _no_bug_no_traceback(output: str) -> None:
    assert "internal error" not in output and "bug in hubgen" not in output, output
    assert "Traceback" not in output, output


def test_a_full_output_disk_is_an_error_and_the_site_stays(tmp_path: Path) -> None:
    root = _project(tmp_path / "site")
    disk = tmp_path / "disk"
    with tmpfs(disk, "64m"):
        out = disk / "public"
        assert build_site(root, "--out", out).exit_code == 0
        before = tree(out)
        used = shutil.disk_usage(disk).used // 1024
        remount(disk, f"size={used + 64}k")  # no room for a second copy of every page
        _rename(root, "a Full Disk")
        for extra in ((), ("--no-cache",)):  # into the spare, and into a new folder
            result = run("build", "--root", root, "--out", out, "--now", NOW, *extra)
            assert result.exit_code == 1, result.output
            assert "error: the disk is full: hubgen could not write here" in result.output
            assert "hint: free some space on that disk" in result.output
            assert f"{out}/" in result.output, "the error names a file of the output"
            _no_bug_no_traceback(result.output)
            assert differences(tree(out), before) == []
            assert leftovers(disk) == []
        remount(disk, "size=64m")
        result = run("build", "--root", root, "--out", out, "--now", NOW)
        assert result.exit_code == 0, result.output
        clean = run("build", "--root", root, "--out", tmp_path / "clean", "--now", NOW,
                    "--no-cache")  # fmt: skip
        assert clean.exit_code == 0
        assert differences(tree(out), tree(tmp_path / "clean")) == []


def _failing_after(count: int, number: int, where: str = "") -> Callable[..., Any]:
    """write_file that fails like a disk would (``number``) from its ``count``-th call on
    (only for paths holding ``where``)."""
    original, calls = hubgen.build.swap.write_file, []

    def write(folder: Path, relative: str, data: bytes) -> None:
        if where in relative:
            calls.append(relative)
            if len(calls) >= count:
                name = os.path.join(folder, relative)
                raise OSError(number, os.strerror(number), name)
        original(folder, relative, data)

    return write


WORDS = {
    errno.ENOSPC: "the disk is full: hubgen could not write here",
    errno.EROFS: "the disk is read-only: hubgen could not write here",
    errno.EDQUOT: "your disk quota is used up",
    errno.EIO: "the disk could not read or write this (an input/output error)",
}


@pytest.mark.parametrize("number", list(WORDS), ids=[errno.errorcode[n] for n in WORDS])
@pytest.mark.parametrize("step", ["pages", "search"])
def test_a_write_error_fails_the_build_in_plain_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: int, step: str
) -> None:
    root = _project(tmp_path / "site")
    assert build_site(root).exit_code == 0
    before = tree(root / "public")
    _rename(root, "a Failing Disk")
    failing = _failing_after(5, number, "pagefind/" if step == "search" else "")
    for module in (hubgen.build.swap, hubgen.build.incremental):
        monkeypatch.setattr(module, "write_file", failing)
    result = build_site(root, "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert f"error: {WORDS[number]}" in result.output
    assert "public/" in result.output, "the error names the file in the output"
    _no_bug_no_traceback(result.output)
    assert differences(tree(root / "public"), before) == []
    assert leftovers(root) == []


def test_machine_problems_show_working_folders_as_the_output(tmp_path: Path) -> None:
    root, out = tmp_path / "p", tmp_path / "p/public"
    spare = OSError(errno.ENOSPC, "No space left", str(tmp_path / "p/.public.previous/a/b.html"))
    assert machine_problem(spare, root, out).path == "public/a/b.html"
    made = OSError(errno.EACCES, "Permission denied", str(tmp_path / "p/.public.tmp-1a2b"))
    problem = machine_problem(made, root, out)
    assert problem.path == "." and problem.hint.endswith("or build with --out somewhere else")
    page = OSError(errno.EACCES, "Permission denied", str(tmp_path / "p/content/x/a.md"))
    problem = machine_problem(page, root, out)
    assert problem.path == "content/x/a.md" and "--out" not in problem.hint


def _hubgen(prefix: list[str], root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [*prefix, sys.executable, "-m", "hubgen", "build", "--root", str(root), "-q",
               "--now", NOW, *args]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


UNREADABLE = {
    "a content folder": ("content/north/events", "content/north/events"),
    "a page": ("content/north/events/door-knock.md", "content/north/events/door-knock.md"),
    "the settings": ("content/site.yaml", "content/site.yaml"),
    "a template": ("themes/plain/templates/event.html", "themes/plain/templates/event.html"),
    "a templates folder": ("themes/plain/templates", "themes/plain/templates"),
    "a theme file": ("themes/plain/static/hubgen.css", "themes/plain/static/hubgen.css"),
    "an image": ("content/north/images/door.png", "content/north/images/door.png"),
}


@pytest.mark.parametrize("what", list(UNREADABLE))
def test_a_file_hubgen_may_not_read_is_an_error_at_its_path(tmp_path: Path, what: str) -> None:
    prefix = modes_obeyed()
    root = _project(tmp_path / "site")
    theme = root / "themes/plain"
    shutil.copytree(builtin_themes() / "default", theme)
    (theme / "theme.yaml").write_text("name: plain\nextends: default\n")
    site = root / "content/site.yaml"
    site.write_text(site.read_text() + "theme: plain\n")
    images = root / "content/north/images"
    images.mkdir()
    Image.new("RGB", (40, 30), "teal").save(images / "door.png")
    done = _hubgen(prefix, root)
    assert done.returncode == 0, done.stderr
    before = tree(root / "public")
    target, shown = UNREADABLE[what]
    (root / target).chmod(0)
    try:
        done = _hubgen(prefix, root)
    finally:
        (root / target).chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert f"{shown}: error: hubgen has no permission to use this" in done.stderr, done.stderr
    assert "hint: give your user access to it (ls -l shows" in done.stderr
    _no_bug_no_traceback(done.stderr)
    assert differences(tree(root / "public"), before) == []


def test_an_output_folder_in_a_folder_hubgen_may_not_write(tmp_path: Path) -> None:
    prefix = modes_obeyed()
    root = _project(tmp_path / "site")
    parent = tmp_path / "shared"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        done = _hubgen(prefix, root, "--out", str(parent / "public"))
    finally:
        parent.chmod(0o755)
    assert done.returncode == 1
    assert f"{parent}: error: hubgen has no permission to use this" in done.stderr, done.stderr
    assert "or build with --out somewhere else" in done.stderr
    _no_bug_no_traceback(done.stderr)
    assert list(parent.iterdir()) == []


def _modes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): stat.S_IMODE(p.stat().st_mode)
            for p in [folder, *folder.rglob("*")]}  # fmt: skip


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_output_permissions_do_not_depend_on_the_cache(tmp_path: Path, umask: int) -> None:
    root = _project(tmp_path / "site")
    modes = {}
    for name, extra in (("cached", ()), ("uncached", ("--no-cache",))):
        out = tmp_path / name
        command = [sys.executable, "-m", "hubgen", "build", "--root", str(root), "--out",
                   str(out), "-q", "--now", NOW, *extra]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=300,
                              check=False, preexec_fn=lambda: os.umask(umask))  # fmt: skip
        assert done.returncode == 0, done.stderr
        modes[name] = _modes(out)
    assert modes["cached"] == modes["uncached"]
    folder, file = 0o777 & ~umask, 0o644 & ~umask
    assert modes["uncached"]["."] == folder == modes["uncached"]["north"]
    assert modes["uncached"]["north/index.html"] == 0o644 & ~umask
    assert set(modes["uncached"].values()) == {folder, file}
