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

    def warned(self) -> Problem:
        """The same problem as a warning: printed, but it fails only a strict check."""
        return replace(self, severity="warning")

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:  # the lines of a longer hint (YAML to copy) line up under its first
            text += "\n    hint: " + self.hint.replace("\n", "\n" + " " * len("    hint: "))
        return text


def relpath(path: Path, root: Path) -> str:
    """A path as the user should see it: relative to the project when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# What a machine problem means to the person who runs hubgen, and what they can do about it.
_FULL = "free some space on that disk (or build with --out on another one), then build again"
_ACCESS = "give your user access to it (ls -l shows its owner and permissions)"
_MACHINE: dict[int, tuple[str, str]] = {
    errno.ENOSPC: ("the disk is full: hubgen could not write here", _FULL),
    errno.EDQUOT: ("your disk quota is used up: hubgen could not write here", _FULL),
    errno.EROFS: ("the disk is read-only: hubgen could not write here",
                  "build with --out on a disk you can write to, or make this one writable"),
    errno.EACCES: ("hubgen has no permission to use this", _ACCESS),
    errno.EIO: ("the disk could not read or write this (an input/output error)",
                "check the disk for errors, or copy the project to another disk"),
    errno.ENOENT: ("this disappeared while hubgen was using it",
                   "build again; if another program moves or deletes files here, let it finish"),
    errno.EMFILE: ("too many files are open at once",
                   "build with fewer --jobs, or raise the limit (ulimit -n)"),
}  # fmt: skip
_MACHINE[errno.EPERM] = _MACHINE[errno.EACCES]
_MACHINE[errno.ENFILE] = _MACHINE[errno.EMFILE]


def machine_words(exc: OSError) -> tuple[str, str]:
    """What a problem of the machine (a full or read-only disk, a file hubgen may not
    read) means, and what to do, in the user's words. Nothing about it is a bug in
    hubgen or a mistake in the content."""
    found = _MACHINE.get(exc.errno or 0)
    if found:
        return found
    if getattr(exc, "hint", ""):  # an error that says what to do itself
        return str(exc.strerror or exc), exc.hint  # type: ignore[attr-defined]
    why = exc.strerror or str(exc) or type(exc).__name__
    return f"hubgen could not use this: {why[:1].lower()}{why[1:]}", (
        "check the file and the disk, then build again"
    )


def machine_problem(exc: OSError, root: Path, output: Path | None = None) -> Problem:
    """A machine problem at the file it happened to (relative to the project), or at the
    project when the system did not say which. The folders hubgen works in beside the
    output are its own business: a file in one is shown at its place in the output, and
    one of them that cannot be made, at the folder it is made in. A permission problem
    with the output also suggests building elsewhere."""
    path = Path(os.fsdecode(exc.filename)) if exc.filename is not None else root
    message, hint = machine_words(exc)
    if output is not None:
        path, beside = _in_output(path.absolute(), output.absolute())
        if beside and hint == _ACCESS:
            hint += ", or build with --out somewhere else"
    return Problem(relpath(path, root), None, message, hint)


def _in_output(path: Path, output: Path) -> tuple[Path, bool]:
    """Where to show a problem with ``path``, and whether it is the output's (the output
    folder, a file in it, or the spare, lock and working folders kept beside it)."""
    parent = output.parent
    if path in (parent, output):
        return path, True
    if not path.is_relative_to(parent):
        return path, False
    first, *rest = path.relative_to(parent).parts
    if first == output.name:
        return path, True
    if not first.startswith(f".{output.name}."):
        return path, False
    return (output.joinpath(*rest) if rest else parent), True


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
        errors = errors_in(self.problems)
        files = len({p.path for p in errors})
        self.counted = f"{count(len(errors), 'error')} in {count(files, 'file')}"
        self.checking = False  # a check writes nothing anyway: its last line says so
        super().__init__(f"{self.counted}; nothing was written.")

    def show(self, file: IO[str] | None = None) -> None:
        print_problems(self.problems)
        if self.checking:
            click.secho(f"Check found {self.counted}.", fg="red", err=True)
        else:
            click.secho(f"Build failed: {self.message}", fg="red", err=True)


def count(number: int, thing: str) -> str:
    """'1 file', '3 files'."""
    return f"{number} {thing}{'' if number == 1 else 's'}"


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
