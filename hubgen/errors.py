"""Problems found in content, config and templates, and how they are printed.

Every stage collects :class:`Problem` values instead of stopping at the first
one; the build prints them all (``path:line: error: message`` and an indented
``hint:``) and exits with status 1. :class:`BuildFailed` is a
``click.ClickException`` so the CLI shows it without a traceback.
"""

from __future__ import annotations

import difflib
import errno
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import IO, Literal

import click

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake, pinned to a file (relative to the project) and a line."""

    path: str
    line: int | None
    message: str
    hint: str = ""
    severity: Severity = "error"
    # the state whose site it was found in ('' for settings, themes and national files
    # themselves); not part of what the problem is, so not compared
    state: str = field(default="", compare=False)

    def of(self, state: str) -> Problem:
        return replace(self, state=state)

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


def relpath(path: Path, root: Path) -> str:
    """A path as the user should see it: relative to the project when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# What a machine problem means to the person who runs hubgen, and what they can do about it.
_FULL = (
    "the disk is full: hubgen could not write here",
    "free some space on that disk (or build with --out on another one), then build again",
)
_MACHINE: dict[int, tuple[str, str]] = {
    errno.ENOSPC: _FULL,
    errno.EDQUOT: (_FULL[0].replace("the disk is full", "your disk quota is used up"), _FULL[1]),
    errno.EROFS: ("the disk is read-only: hubgen could not write here",
                  "build with --out on a disk you can write to, or make this one writable"),
    errno.EACCES: ("hubgen has no permission to read or write this",
                   "give your user access to it (ls -l shows its owner and permissions), "
                   "or build with --out somewhere else"),
    errno.EIO: ("the disk could not read or write this (an input/output error)",
                "check the disk for errors, or copy the project to another disk"),
    errno.ENOENT: ("this disappeared while hubgen was using it",
                   "build again; if another program moves or deletes files here, let it finish"),
    errno.EMFILE: ("too many files are open at once",
                   "build with fewer --jobs, or raise the limit (ulimit -n)"),
}  # fmt: skip
_MACHINE[errno.EPERM] = _MACHINE[errno.EACCES]
_MACHINE[errno.ENFILE] = _MACHINE[errno.EMFILE]


def machine_problem(exc: OSError, root: Path, where: Path | None = None) -> Problem:
    """A problem of the machine (a full or read-only disk, a file hubgen may not read),
    in the user's words, at the file it happened to (or ``where``, when the system did
    not say). Nothing about it is a bug in hubgen or a mistake in the content."""
    name = exc.filename if exc.filename is not None else where
    path = relpath(Path(os.fsdecode(name)), root) if name is not None else "."
    message, hint = _MACHINE.get(exc.errno or 0, ("", ""))
    if not message:
        why = exc.strerror or str(exc) or type(exc).__name__
        message = f"hubgen could not use this: {why[:1].lower()}{why[1:]}"
        hint = "check the file and the disk, then build again"
    return Problem(path, None, message, hint)


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order by file, then line, so a long report reads top to bottom."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))


class BuildFailed(click.ClickException):
    """Raised when a build or check found errors; printed as a list, exit 1."""

    exit_code = 1

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sort_problems(problems)
        count = len(errors_in(self.problems))
        super().__init__(f"{count} error{'s' if count != 1 else ''}; nothing was written.")

    def show(self, file: IO[str] | None = None) -> None:
        print_problems(self.problems)
        click.secho(f"Build failed: {self.message}", fg="red", err=True)


def format_problems(problems: Iterable[Problem], output: str) -> str:
    """Problems for tools: a JSON list, or GitHub Actions workflow commands."""
    listed = sort_problems(problems)
    if output == "json":
        fields = ("path", "line", "message", "hint", "severity")
        return json.dumps([{k: v for k, v in asdict(p).items() if k in fields} for p in listed],
                          indent=2)  # fmt: skip
    lines = []
    for p in listed:
        where = f"file={p.path}" + (f",line={p.line}" if p.line else "")
        text = p.message + (f" (hint: {p.hint})" if p.hint else "")
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        lines.append(f"::{p.severity} {where}::{text}")
    return "\n".join(lines)


def print_problems(problems: Iterable[Problem]) -> None:
    """Print problems to stderr; repeated warnings with one message are collapsed."""
    seen: dict[tuple[str, str], int] = {}
    for problem in problems:
        key = (problem.severity, problem.message)
        if problem.severity == "warning":
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 3:
                continue
        colour = "red" if problem.severity == "error" else "yellow"
        click.secho(problem.format(), fg=colour, err=True)
    for (severity, message), count in seen.items():
        if count > 3:
            click.secho(f"... and {count - 3} more {severity}s like '{message}'", err=True)


def closest(word: str, options: tuple[str, ...] | list[str]) -> str:
    """The option closest to a misspelt word, or '' when nothing is close."""
    close = difflib.get_close_matches(word.lower(), list(options), n=1, cutoff=0.6)
    return close[0] if close else ""


def did_you_mean(word: str, options: tuple[str, ...] | list[str]) -> str:
    """'did you mean 'x'?' for the closest option, or '' when nothing is close."""
    meant = closest(word, options)
    return f"did you mean '{meant}'?" if meant else ""
