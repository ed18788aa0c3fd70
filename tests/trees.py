"""Built folders compared file by file, and builds run as processes of their own."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under ``folder``, by relative path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


def differences(first: dict[str, bytes | None], second: dict[str, bytes | None]) -> list[str]:
    names = sorted(set(first) ^ set(second))
    return names + [name for name in first if name in second and first[name] != second[name]]


def demo_project(folder: Path) -> Path:
    shutil.copytree(REPO / "content", folder / "content")
    return folder


def hubgen(root: Path, *args: str, env: dict[str, str] | None = None,
           command: str = "build") -> subprocess.Popen:  # fmt: skip
    """``hubgen build`` of ``root`` in a process of its own (a new process group)."""
    line = [sys.executable, "-m", "hubgen", command, "--root", str(root), "-q", *args]
    return subprocess.Popen(line, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})}, start_new_session=True)  # fmt: skip


def finished(process: subprocess.Popen) -> str:
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr.decode()
    return stderr.decode()


def wait_for_writes(root: Path, since: int, process: subprocess.Popen, count: int) -> int:
    """Wait until the build has written ``count`` files beside public/ (in the spare, or in
    the new folder it makes); how many it had written."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        new = 0
        for folder in root.iterdir():
            if folder.name.startswith(".public.") and folder.is_dir():
                for base, _, names in os.walk(folder):
                    for name in names:
                        with contextlib.suppress(FileNotFoundError):
                            new += os.stat(os.path.join(base, name)).st_mtime_ns > since
        if new >= count:
            return new
        time.sleep(0.01)
    return 0


def leftovers(folder: Path) -> list[str]:
    """What builds keep beside public/ besides it, its spare and its lock: nothing."""
    keep = {"public", ".public.previous", ".public.lock"}
    return sorted(p.name for p in folder.iterdir() if "public" in p.name and p.name not in keep)


def modes_obeyed() -> list[str]:
    """A command prefix under which file modes apply (root ignores them): setpriv without
    the capabilities that override them; skips the test where that cannot be had."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: file modes cannot be made to apply")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small RAM disk at ``folder`` (root only: tests that need it skip elsewhere)."""
    folder.mkdir(parents=True, exist_ok=True)
    command = ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)]
    try:
        mounted = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as exc:  # no mount command
        pytest.skip(f"cannot mount a tmpfs here ({exc}); the tests mount one when run as root")
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()}); run tests as root")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True)
