"""Ctrl-C, SIGTERM and SIGKILL at any moment: the published site is the old one or the new
one, whole; the cache describes what is really there, so the next build is right; and
nothing prints a traceback."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import hubgen.build.swap
import hubgen.build.writing
from hubgen.build.snapshots import States
from tests.conftest import NOW, SITES, build_site, run
from tests.trees import differences, leftovers, tree, wait_for_writes
from tests.trees import hubgen as start


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(SITES / "basic", root)
    return root


def _rename(root: Path, name: str) -> None:
    """An edit that changes every page: the program's name."""
    site = root / "content/site.yaml"
    text = site.read_text()
    old = next(line for line in text.splitlines() if line.startswith("name:"))
    site.write_text(text.replace(old, f"name: {name}"))


def _interrupt_after(func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = func(*args, **kwargs)
        signal.raise_signal(signal.SIGINT)  # as if Ctrl-C came just as it returned
        return result

    return wrapped


def _fail_after(func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        func(*args, **kwargs)
        raise RuntimeError("a failure planted by the test")

    return wrapped


def _first_call(func: Callable[..., Any], then: Callable[..., Any]) -> Callable[..., Any]:
    """``then(func)`` the first time, ``func`` afterwards."""
    calls = []

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return (then(func) if len(calls) == 1 else func)(*args, **kwargs)

    return wrapped


# (what is patched, the attribute, how, whether in the first build): moments around the swap
STEPS = {
    "after writing, before the commit": (
        hubgen.build.writing.Writer, "run", _interrupt_after, False
    ),
    "recording the new folder": (hubgen.build.swap.Swap, "_record", _interrupt_after, False),
    "as the swap returns": (hubgen.build.swap, "exchange", _interrupt_after, False),
    "as the first output is moved in": (hubgen.build.swap.os, "replace", _interrupt_after, True),
    "making the spare after the swap": (hubgen.build.swap, "share_file", _interrupt_after, True),
    "keeping the states' snapshots": (States, "remember", _interrupt_after, False),
    "a failure after the swap": (hubgen.build.swap.Swap, "_tidy", _fail_after, False),
    "a failure keeping snapshots": (States, "remember", _fail_after, False),
}


def _stopped_build(root: Path) -> int:
    try:
        return build_site(root, "--jobs", "1").exit_code
    except RuntimeError:  # the planted failure (the command line calls it an internal error)
        return 1


@pytest.mark.parametrize("step", list(STEPS))
def test_an_interrupt_around_the_swap_leaves_later_builds_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    root = _project(tmp_path)
    owner, name, how, first = STEPS[step]
    if not first:
        assert build_site(root, "--jobs", "1").exit_code == 0
    old = tree(root / "public") if not first else {}
    _rename(root, "First Rename Program")
    with monkeypatch.context() as patched:
        patched.setattr(owner, name, _first_call(getattr(owner, name), how))
        assert _stopped_build(root) != 0
    now = tree(root / "public") if (root / "public").exists() else {}
    assert differences(now, old) == [] or b"First Rename Program" in now["north/index.html"]  # type: ignore[operator]
    assert leftovers(root) == []
    # an edit of one page, then a cached build: the same as a clean build of the same sources
    home = root / "content/north/index.md"
    home.write_text(home.read_text() + "\nOne more line.\n")
    result = build_site(root, "--jobs", "1")
    assert result.exit_code == 0, result.output
    clean = run("build", "--root", root, "--out", tmp_path / "clean", "--now", NOW, "--no-cache")
    assert clean.exit_code == 0, clean.output
    assert differences(tree(root / "public"), tree(tmp_path / "clean")) == []
    # and once more, with nothing changed
    assert build_site(root, "--jobs", "1").exit_code == 0
    assert differences(tree(root / "public"), tree(tmp_path / "clean")) == []


def _demo_build(tmp_path: Path, *args: str) -> tuple[Path, Any]:
    root = tmp_path / "project"
    shutil.copytree(SITES / "basic", root)
    started = time.time_ns()
    process = start(root, "--now", NOW, "--no-cache", "--jobs", "2", *args)
    assert wait_for_writes(root, started, process, count=20) >= 20, "the build did not write"
    return root, process


def test_ctrl_c_while_rendering_stops_without_a_traceback(tmp_path: Path) -> None:
    root, process = _demo_build(tmp_path)
    os.killpg(process.pid, signal.SIGINT)  # a terminal sends it to the whole group
    _, stderr = process.communicate(timeout=120)
    text = stderr.decode()
    assert process.returncode == 130, text
    assert text.strip().endswith("Stopped."), text
    assert "Traceback" not in text and "Error" not in text, text
    assert not (root / "public").exists()
    assert leftovers(root) == []


def test_sigterm_stops_the_build_and_cleans_up(tmp_path: Path) -> None:
    root, process = _demo_build(tmp_path)
    os.kill(process.pid, signal.SIGTERM)  # the build's process only, as a CI runner does
    _, stderr = process.communicate(timeout=120)
    text = stderr.decode()
    assert process.returncode == 128 + signal.SIGTERM, text
    assert "Stopped." in text and "Traceback" not in text, text
    assert leftovers(root) == []


def test_a_killed_build_leaves_workers_quiet_and_the_next_build_cleans_up(
    tmp_path: Path,
) -> None:
    root, process = _demo_build(tmp_path)
    os.kill(process.pid, signal.SIGKILL)  # the workers are left without their parent
    _, stderr = process.communicate(timeout=120)  # until the workers are gone, too
    assert process.returncode == -signal.SIGKILL
    assert "Traceback" not in stderr.decode() and "Error" not in stderr.decode()
    assert leftovers(root), "the killed build's folder should be there"
    assert build_site(root).exit_code == 0
    assert leftovers(root) == []


def test_ctrl_c_while_hubgen_starts_says_stopped(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hubgen.cli.launch import main

    class Loading(types.ModuleType):
        def __getattr__(self, name: str) -> Any:
            raise KeyboardInterrupt  # Ctrl-C while the command line's libraries load

    monkeypatch.setitem(sys.modules, "hubgen.cli.commands", Loading("hubgen.cli.commands"))
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "Stopped.\n"
