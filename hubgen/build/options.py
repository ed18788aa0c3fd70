"""What a build is asked to do, what it reports back, and how it shows its progress."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from hubgen.core.errors import Problem

Progress = Callable[[str], None]


class Bar(Protocol):
    """A progress bar for the render stage: told the total, then each page."""

    def start(self, total: int) -> None: ...

    def advance(self, count: int = 1) -> None: ...


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path | None = None  # None: check only, write nothing
    state: str | None = None
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    base_url: str | None = None
    drafts: bool = False
    jobs: int = 0  # processes to use; 0: one per core
    cache: bool = True  # use and update .hubgen-cache/
    search: bool = True  # False: leave the search index as the last build made it
    landing: bool = False  # only the landing page and its files, at the top of the output


@dataclass(frozen=True)
class BuildResult:
    states: tuple[str, ...]
    pages: int
    warnings: tuple[Problem, ...]
    out: Path | None
    parsed: int = 0  # files parsed (the others came from the cache)
    rendered: int = 0  # pages rendered (the others were unchanged)
    written: int = 0  # output files that changed
    rendered_paths: tuple[str, ...] = ()  # the pages rendered, under the output folder
    notices: tuple[Problem, ...] = ()  # warnings of the build cache (never fail --strict)
