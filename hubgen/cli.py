"""The command line: build, check, new, serve. Only argument handling lives here."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import click

from hubgen import __version__
from hubgen.build import BuildOptions, BuildResult, build
from hubgen.errors import print_problems
from hubgen.scalars import parse_date, parse_datetime


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


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


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
            "offset is given): decides upcoming events, publish and expiry dates.",
        ),
        click.option("--drafts", is_flag=True, help="Include documents marked draft: true."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hubgen")
def main() -> None:
    """hubgen builds one static volunteer hub per state from Markdown content.

    Run it in a project folder (one with content/site.yaml), or name one with --root.
    """


def _report(result: BuildResult, verb: str) -> None:
    print_problems(result.warnings)
    states = ", ".join(result.states) or "no states"
    click.secho(f"{verb} {result.pages} pages for {states}.", fg="green", err=True)


@main.command("build")
@build_options
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the sites (default: public/ in the project).",
)
@click.option(
    "--base-url",
    metavar="URL",
    help="Publish every state under URL/<key>/ instead of "
    "its own base_url, for previews of public/ on one host.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
def build_command(
    root: Path,
    state: str | None,
    now: datetime | None,
    drafts: bool,
    out: Path | None,
    base_url: str | None,
    quiet: bool,
) -> None:
    """Build public/<state>/ for every state, and the national landing page.

    Nothing is replaced unless the whole build succeeds. Exit status 1 means
    content, settings or templates have errors (all are listed).
    """
    options = BuildOptions(
        root=root,
        out=out or root / "public",
        state=state,
        now=now or datetime.now(timezone.utc),
        base_url=base_url,
        drafts=drafts,
    )
    progress = (lambda _: None) if quiet else (lambda text: click.echo(text, err=True))
    result = build(options, progress)
    _report(result, f"Built into {result.out}:")


@main.command("check")
@build_options
def check_command(root: Path, state: str | None, now: datetime | None, drafts: bool) -> None:
    """Validate everything a build would, and write nothing."""
    options = BuildOptions(
        root=root, out=None, state=state, now=now or datetime.now(timezone.utc), drafts=drafts
    )
    result = build(options, lambda text: click.echo(text, err=True))
    _report(result, "Checked:")


@main.command("serve")
@build_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
def serve_command(
    root: Path, state: str | None, now: datetime | None, drafts: bool, host: str, port: int
) -> None:
    """Preview the sites at http://HOST:PORT/, rebuilding and reloading as you edit.

    Drafts are shown with --drafts. A build with errors keeps the server
    running and shows the errors in the browser until they are fixed.
    """
    from hubgen.serve import serve

    serve(root, host, port, state=state, now=now, drafts=drafts)


@main.command("new")
@click.argument(
    "kind",
    metavar="TYPE",
    type=click.Choice(["community", "office", "event", "training", "partner", "page"]),
)
@click.argument("where", metavar="KEY/SLUG")
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The project folder (it holds content/).",
)
@click.option("--title", help="The title.")
@click.option(
    "-f",
    "--field",
    "fields",
    multiple=True,
    metavar="KEY=VALUE",
    help="Set a field, e.g. -f kind=canvass -f place.type=online. Repeatable; "
    "list fields take commas: -f counties=Dane,Rock.",
)
def new_command(
    kind: str, where: str, root: Path, title: str | None, fields: tuple[str, ...]
) -> None:
    """Create a new content file, asking for its required fields.

    KEY/SLUG is a state folder and a file name, like wisconsin/madison-east, or
    national/SLUG for the national training library and partners. Without a
    terminal, every required field must be given as an option.
    """
    from hubgen.scaffold import create

    path = create(root, kind, where, title, fields, interactive=stdin_is_terminal())
    click.secho(f"Created {path}", fg="green", err=True)


def run() -> None:
    """Entry point of the hubgen command and python -m hubgen.

    A bug in hubgen itself is reported in one line, not as a traceback (set
    HUBGEN_DEBUG=1 to see the traceback when reporting it).
    """
    try:
        main(prog_name="hubgen", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Stopped.", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("HUBGEN_DEBUG"):
            raise
        click.secho(f"hubgen: internal error: {type(exc).__name__}: {exc}", fg="red", err=True)
        click.echo(
            "    hint: this is a bug in hubgen, not in your content; run again with "
            "HUBGEN_DEBUG=1 to see where it happened, and report it",
            err=True,
        )
        sys.exit(1)
