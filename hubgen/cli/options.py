"""The options build, check and serve share, and the build's "now" (--now, SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import click

from hubgen.content.scalars import parse_date, parse_datetime


def parse_now(value: str) -> datetime:
    """--now: 'YYYY-MM-DD', 'YYYY-MM-DD HH:MM' (UTC) or with an offset."""
    moment, message = parse_datetime(value)
    if moment is None:
        day, day_message = parse_date(value)
        if day is None:
            raise click.BadParameter(
                f"{message or day_message}; write 2026-11-25 or "
                "'2026-11-25 18:00' (UTC) or '2026-11-25T18:00-06:00'"
            )
        moment = datetime(day.year, day.month, day.day)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def build_now(given: datetime | None) -> datetime:
    """The build's "now": --now, else SOURCE_DATE_EPOCH (seconds since 1970 UTC, the
    reproducible-builds convention), else the clock."""
    if given is not None:
        return given
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.now(timezone.utc)
    if not epoch.isdigit():
        raise click.UsageError(
            f"SOURCE_DATE_EPOCH is {epoch!r}, not a whole number of seconds since "
            "1970-01-01 UTC; set it like SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it"
        )
    return datetime.fromtimestamp(int(epoch), timezone.utc)


def build_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by build, check and serve."""
    options = [
        click.option(
            "--root",
            type=click.Path(file_okay=False, path_type=Path),
            default=".",
            show_default=True,
            help="The project folder (it holds content/).",
        ),
        click.option(
            "--state", "state", metavar="KEY", help="Build only this state, like wisconsin."
        ),
        click.option(
            "--now",
            metavar="DATETIME",
            callback=lambda _ctx, _param, value: None if value is None else parse_now(value),
            help="Pretend it is this time (UTC unless an "
            "offset is given): decides upcoming events, publish and expiry dates. Without it, "
            "build and check take SOURCE_DATE_EPOCH when it is set.",
        ),
        click.option("--drafts", is_flag=True, help="Include documents marked draft: true."),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=1),
            default=None,
            help="Processes to use (default: one per core).",
        ),
        click.option(
            "--no-cache",
            "no_cache",
            is_flag=True,
            help="Neither use nor update the build cache (.hubgen-cache/).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func
