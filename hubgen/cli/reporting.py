"""What build and check print on stderr: stage messages, a progress bar, the summary."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import click

from hubgen.build.options import BuildResult
from hubgen.core.errors import count, print_problems


def stage_printer(quiet: bool, verbose: bool) -> Callable[[str], None]:
    """Stage messages on stderr: none with --quiet, with the time since the start with --verbose."""
    started = time.monotonic()

    def say(text: str) -> None:
        if not quiet:
            stamp = f"[{time.monotonic() - started:6.2f} s] " if verbose else ""
            click.echo(stamp + text, err=True)

    return say


class TerminalBar:
    """A progress bar on a terminal's stderr while pages render; silent when piped."""

    def __init__(self) -> None:
        self.bar: Any = None

    def start(self, total: int) -> None:
        stream = sys.stderr
        if stream.isatty():
            self.bar = click.progressbar(length=total, label="Rendering", file=stream)
            self.bar.__enter__()

    def advance(self, count: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def report(result: BuildResult, verb: str, seconds: float) -> None:
    """After a build or check: its notices and warnings, then what it did and in how long."""
    print_problems((*result.notices, *result.warnings))
    states = ", ".join(result.states) or "no states"
    warnings = len(result.warnings)
    warned = f", {count(warnings, 'warning')}" if warnings else ""
    click.secho(f"{verb} {count(result.pages, 'page')} for {states}{warned}, no errors, in "
                f"{seconds:.1f} s.", fg="green", err=True)  # fmt: skip
    wrote = f", wrote {count(result.written, 'changed file')}" if result.out is not None else ""
    click.echo(f"  parsed {count(result.parsed, 'file')}, rendered "
               f"{count(result.rendered, 'page')}{wrote}", err=True)  # fmt: skip

