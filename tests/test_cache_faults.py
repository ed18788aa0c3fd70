"""The build cache can never stop a build: damaged, truncated, read-only or on a full disk,
it is set aside with one warning, the build goes on, and its output is a clean build's."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

import hubgen.core.cache
from tests.conftest import NOW, SITES, build_site, check_site, run
from tests.trees import differences, remount, tmpfs, tree

DATABASE = ".hubgen-cache/cache.sqlite"


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    result = build_site(root, "--jobs", "1")
    assert result.exit_code == 0, result.output
    return root


def _edit(root: Path, words: str) -> None:
    home = root / "content/north/index.md"
    home.write_text(home.read_text() + f"\n{words}\n")


def _as_clean(root: Path, tmp_path: Path) -> None:
    """public/ is what a build without any cache makes of the same sources."""
    clean = tmp_path / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    result = run("build", "--root", root, "--out", clean, "--now", NOW, "--no-cache")
    assert result.exit_code == 0, result.output
    assert differences(tree(root / "public"), tree(clean)) == []


def _one_warning(result: Result, words: str) -> None:
    assert result.exit_code == 0, result.output
    assert result.output.count("build cache") == 1, result.output
    assert f".hubgen-cache: warning: {words}" in result.output, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output


def _header(db: Path) -> None:
    with db.open("r+b") as file:
        file.write(b"this is no database header")


def _pages(db: Path) -> None:
    """Every page but the first (the schema's root) zeroed: found only when read."""
    size = db.stat().st_size
    with db.open("r+b") as file:
        file.seek(4096)
        file.write(bytes(size - 4096))


def _truncated(db: Path) -> None:
    with db.open("r+b") as file:
        file.truncate(db.stat().st_size // 3)


@pytest.mark.parametrize(
    "damage", [_header, _pages, _truncated], ids=["header", "zeroed pages", "truncated"]
)
def test_a_damaged_cache_is_set_aside_and_the_build_goes_on(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    root = _project(tmp_path)
    damage(root / DATABASE)
    _edit(root, "Edited after the damage.")
    result = build_site(root, "--jobs", "1")
    _one_warning(result, "the build cache was damaged and has been")
    _as_clean(root, tmp_path)
    # the next builds know nothing of the damage, and the one after uses the new cache
    again = build_site(root, "--jobs", "1")
    assert again.exit_code == 0 and "build cache" not in again.output, again.output
    cached = build_site(root, "--jobs", "1")
    assert "parsed 0 files, rendered 0 pages, wrote 0 changed files" in cached.output
    _edit(root, "And once more.")
    assert build_site(root, "--jobs", "1").exit_code == 0
    _as_clean(root, tmp_path)


def test_a_damaged_cache_does_not_fail_a_strict_check(tmp_path: Path) -> None:
    root = _project(tmp_path)
    _header(root / DATABASE)
    result = check_site(root, "--strict")
    _one_warning(result, "the build cache was damaged and has been rebuilt")


def _bind_read_only(folder: Path) -> None:
    for command in (["mount", "--bind", str(folder), str(folder)],
                    ["mount", "-o", "remount,bind,ro", str(folder)]):  # fmt: skip
        done = subprocess.run(command, capture_output=True, check=False)
        if done.returncode != 0:
            subprocess.run(["umount", str(folder)], check=False)
            pytest.skip(f"cannot mount read-only here: {done.stderr.decode().strip()}")


def test_a_read_only_cache_is_not_used(tmp_path: Path) -> None:
    root = _project(tmp_path)
    cache = root / ".hubgen-cache"
    _edit(root, "Edited while the cache is read-only.")
    _bind_read_only(cache)
    try:
        result = build_site(root, "--jobs", "1")
        strict = check_site(root, "--strict")
    finally:
        subprocess.run(["umount", str(cache)], check=True)
    _one_warning(result, "the build cache cannot be written (its folder is read-only)")
    _as_clean(root, tmp_path)
    _one_warning(strict, "the build cache cannot be written")
    # the cache it could not write still describes the folders truly
    _edit(root, "Edited with the cache back.")
    result = build_site(root, "--jobs", "1")
    assert result.exit_code == 0 and "build cache" not in result.output, result.output
    _as_clean(root, tmp_path)


@pytest.mark.parametrize("removable", [True, False], ids=["removed", "left behind"])
def test_a_cache_on_a_full_disk_is_set_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, removable: bool
) -> None:
    """The cache (with what it knows of the output folders) on a disk with little room
    left: it opens, then fills during the build, while the build writes into the spare.
    Once there is room again, the next build is right, even where the cache that failed
    could not be removed (then no record it holds may describe the folders written)."""
    root = _project(tmp_path)
    cache = root / ".hubgen-cache"
    saved = shutil.copytree(cache, tmp_path / "saved")
    size = sum(p.stat().st_size for p in saved.rglob("*") if p.is_file()) // 1024 + 96
    settings = root / "content/site.yaml"
    before = settings.read_text()
    settings.write_text(before.replace("Paid for by", "Paid for, while the disk was full, by"))
    with tmpfs(cache, f"{size}k"):  # over the real cache, hiding it
        shutil.copytree(saved, cache, dirs_exist_ok=True)
        with monkeypatch.context() as patched:
            if not removable:
                patched.setattr(hubgen.core.cache, "_remove_database", lambda _folder: None)
            result = build_site(root, "--jobs", "1")
        _one_warning(result, "the build cache cannot be written (the disk is full)")
        assert "wrote 79 changed files" in result.output  # every page, into the spare
        _as_clean(root, tmp_path)
        remount(cache, "size=64m")
        settings.write_text(before)  # every page as it was before: none may be left behind
        for _ in range(2):  # into one folder, then into the other
            result = build_site(root, "--jobs", "1")
            assert result.exit_code == 0 and "build cache" not in result.output, result.output
            _as_clean(root, tmp_path)
            _edit(root, "One page edited.")
