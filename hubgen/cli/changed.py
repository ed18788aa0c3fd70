"""Which states' sites a change touches, so CI builds and publishes only those.

A file in ``content/<state>/`` touches that state. Whatever every build reads
touches every state: the rest of ``content/`` (site.yaml, the national training
library and partners, shared images), the themes, hubgen itself and the pinned
dependencies, and the workflows that publish. Files no build reads (docs,
tests, the README) touch none. A state folder that is gone is reported, not
rebuilt: its site has to be taken down at its host.

The changed files come from git (``--since REF``: the commits since REF and
what is not committed yet) or from a list of paths.
"""

from __future__ import annotations

import fnmatch
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import click

from hubgen.content.config import is_state_folder, state_keys
from hubgen.core.errors import Problem, count, did_you_mean, print_problems

# What every state's build reads, besides content/ outside the state folders:
# folders end with '/', the other patterns name files at the project's top.
SHARED = (
    "themes/",
    "hubgen/",
    ".github/workflows/",
    "pyproject.toml",
    "setup.cfg",
    "setup.py",
    "requirements*.txt",
    "constraints*.txt",
    "*.lock",
)


@dataclass(frozen=True)
class Affected:
    """The states to build, why (for people), and state folders that are gone."""

    states: tuple[str, ...]
    reasons: tuple[str, ...]
    gone: tuple[str, ...] = ()


class ChangesFailed(click.ClickException):
    """The changed states cannot be worked out; printed as a problem, exit 1."""

    exit_code = 1

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.message)

    def show(self, file: IO[str] | None = None) -> None:
        print_problems([self.problem])


def is_shared(path: str) -> bool:
    """Whether every state's build reads this file (a path relative to the project)."""
    if path.startswith("content/"):
        parts = path.split("/")
        return len(parts) == 2 or not is_state_folder(parts[1])
    if "/" not in path:
        return any(fnmatch.fnmatchcase(path, p) for p in SHARED if not p.endswith("/"))
    return any(path.startswith(p) for p in SHARED if p.endswith("/"))


def affected(paths: Iterable[str], states: Sequence[str]) -> Affected:
    """The states that changed paths touch, among the states there are now."""
    every = tuple(sorted(states))
    touched: dict[str, int] = {}
    gone: set[str] = set()
    shared: list[str] = []
    for raw in paths:
        path = raw.strip().removeprefix("./")
        if not path:
            continue
        if is_shared(path):
            shared.append(path)
        elif path.startswith("content/"):
            key = path.split("/")[1]
            if key in every:
                touched[key] = touched.get(key, 0) + 1
            else:
                gone.add(key)
    if shared:
        more = f" and {len(shared) - 1} more shared files" if len(shared) > 1 else ""
        reason = f"{shared[0]}{more}: read by every state's build, so every state"
        return Affected(every, (reason,), tuple(sorted(gone)))
    reasons = tuple(
        f"{key}: {count(files, 'changed file')} in content/{key}/"
        for key, files in sorted(touched.items())
    )
    return Affected(tuple(sorted(touched)), reasons, tuple(sorted(gone)))


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        hint = "install git, or pass the changed files with --files"
        raise ChangesFailed(Problem(".", None, "git is not installed", hint)) from None


def git_changes(root: Path, since: str) -> tuple[list[str] | None, str]:
    """Files changed since the commit ``since``, committed or not, relative to ``root``.

    ``None`` with the reason when there is nothing to compare with: no earlier
    commit (GitHub gives forty zeros for a new branch) or one this clone lacks.
    """
    if not since.strip("0"):
        return None, "there is no earlier commit to compare with"
    if _git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        hint = "run it in a git checkout of the project, or pass the changed files with --files"
        raise ChangesFailed(Problem(".", None, "the project is not in a git repository", hint))
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{since}^{{commit}}")
    if found.returncode != 0:
        return None, f"commit '{since}' is not in this clone (a shallow clone, or a force push?)"
    commit = found.stdout.decode().strip()
    # --no-renames: a file moved from one state to another touches both
    diff = _git(root, "diff", "--name-only", "--no-renames", "--relative", "-z", commit, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    for done in (diff, untracked):
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip() or "git failed"
            raise ChangesFailed(Problem(".", None, message, "check the repository with git status"))
    names = (diff.stdout + untracked.stdout).decode("utf-8", errors="surrogateescape")
    return [name for name in names.split("\0") if name], ""


def select(
    root: Path,
    since: str | None = None,
    files: Iterable[str] | None = None,
    every: bool = False,
    state: str | None = None,
) -> Affected:
    """The states to build: one named, every one, or those that the changes touch."""
    content = root / "content"
    if not content.is_dir():
        hint = "run hubgen in the project folder, or name it with --root DIR"
        raise ChangesFailed(Problem("content", None, "content/ not found", hint))
    keys = tuple(state_keys(content))
    if state is not None:
        if state not in keys:
            guess = did_you_mean(state, list(keys))
            hint = (guess + " " if guess else "") + "States: " + (", ".join(keys) or "none yet")
            raise ChangesFailed(Problem("content", None, f"there is no state '{state}'", hint))
        return Affected((state,), (f"{state}: asked for",))
    if every:
        return Affected(keys, ("every state: asked for",))
    if files is None:
        paths, why = git_changes(root, since or "")
        if paths is None:
            return Affected(keys, (f"{why}, so every state",))
        files = paths
    return affected(files, keys)
