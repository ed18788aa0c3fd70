"""The commands: build, check, changed, new, init, serve. Only argument handling lives here."""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import IO

import click

from hubgen import __version__
from hubgen.build.options import BuildOptions
from hubgen.build.pipeline import build
from hubgen.cli.newhelp import NewCommand, creatable, field_options
from hubgen.cli.options import build_now, build_options
from hubgen.cli.reporting import TerminalBar, report, stage_printer
from hubgen.core.errors import BuildFailed, format_problems, machine_problem, print_problems
from hubgen.core.interrupts import install as install_interrupts


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="hubgen")
def main() -> None:
    """hubgen builds one static volunteer hub per state from Markdown content.

    Run it in a project folder (one with content/site.yaml), or name one with --root.
    """


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
@click.option(
    "--landing",
    is_flag=True,
    help="Build only the national landing page (the files at the top of the output); with "
    "a --state build of each state elsewhere, the folders put together are a full build.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.option("-v", "--verbose", is_flag=True, help="Print each stage with its time.")
def build_command(
    root: Path,
    state: str | None,
    now: datetime | None,
    drafts: bool,
    out: Path | None,
    base_url: str | None,
    landing: bool,
    quiet: bool,
    verbose: bool,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Build public/<state>/ for every state, and the national landing page.

    Nothing is replaced unless the whole build succeeds. Exit status 1 means
    content, settings or templates have errors (all are listed).
    """
    if landing and state:
        raise click.UsageError("--landing builds the landing page only: leave out --state")
    options = BuildOptions(
        root=root,
        out=out or root / "public",
        state=state,
        now=build_now(now),
        base_url=base_url,
        drafts=drafts,
        jobs=jobs or 0,
        cache=not no_cache,
        landing=landing,
    )
    progress = stage_printer(quiet, verbose)
    started = time.monotonic()
    bar = TerminalBar()
    try:
        result = build(options, progress, None if quiet or verbose else bar)
    finally:
        bar.finish()
    if quiet:
        print_problems((*result.notices, *result.warnings))
    else:
        report(result, f"Built into {result.out}:", time.monotonic() - started)


@main.command("check")
@build_options
@click.option("--format", "output", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text for people; json for tools; github for annotations "
              "in GitHub Actions that point at the file and line.")  # fmt: skip
@click.option("--strict", is_flag=True, help="Fail (exit 1) on warnings too.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.option("-v", "--verbose", is_flag=True, help="Print each stage with its time.")
def check_command(root: Path, state: str | None, now: datetime | None, drafts: bool,
                  jobs: int | None, no_cache: bool, output: str, strict: bool, quiet: bool,
                  verbose: bool) -> None:  # fmt: skip
    """Validate everything a build would, and write nothing.

    Exit status 0: no errors (and with --strict, no warnings); 1: problems found;
    2: wrong usage.
    """
    options = BuildOptions(root=root, out=None, state=state, now=build_now(now), drafts=drafts,
                           jobs=jobs or 0, cache=not no_cache)  # fmt: skip
    started = time.monotonic()
    try:
        result = build(options, stage_printer(quiet or output != "text", verbose))
    except BuildFailed as failed:
        if output == "text":
            failed.checking = True
            raise
        click.echo(format_problems(failed.problems, output))
        sys.exit(1)
    if output != "text":
        click.echo(format_problems((*result.notices, *result.warnings), output))
    elif not quiet:
        report(result, "Checked:", time.monotonic() - started)
    else:
        print_problems((*result.notices, *result.warnings))
    if strict and result.warnings:
        if output == "text":
            click.secho("Failing: --strict turns warnings into failures.", fg="red", err=True)
        sys.exit(1)


@main.command("changed")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="The project folder (it holds content/).")  # fmt: skip
@click.option("--since", metavar="REF", help="States touched since this git commit (and by "
              "what is not committed yet).")  # fmt: skip
@click.option("--files", type=click.File("r"), help="States touched by these files, one path "
              "a line relative to the project ('-': standard input).")  # fmt: skip
@click.option("--all", "every", is_flag=True, help="Every state.")
@click.option("--state", metavar="KEY", help="Just this state, once it is checked to exist.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the list, not why.")
def changed_command(root: Path, since: str | None, files: IO[str] | None, every: bool,
                    state: str | None, quiet: bool) -> None:  # fmt: skip
    """Print the states to build as a JSON list, like ["arizona","wisconsin"].

    For CI: a matrix of one job per state. A change to shared content, themes
    or hubgen itself touches every state. Why goes to stderr.
    """
    from hubgen.cli.changed import select

    chosen = [name for name, value in (("--since", since), ("--files", files), ("--all", every),
              ("--state", state)) if value not in (None, False)]  # fmt: skip
    if len(chosen) != 1:
        raise click.UsageError("give one of --since REF, --files FILE, --all or --state KEY")
    result = select(root, since, files, every, state)
    if not quiet:
        for reason in result.reasons:
            click.echo(reason, err=True)
        for key in result.gone:
            click.secho(f"warning: content/{key}/ is gone, so its site is not rebuilt; "
                        "take it down at its host", fg="yellow", err=True)  # fmt: skip
    click.echo(json.dumps(list(result.states), separators=(",", ":")))


@main.command("serve")
@build_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
def serve_command(
    root: Path,
    state: str | None,
    now: datetime | None,
    drafts: bool,
    jobs: int | None,
    no_cache: bool,
    host: str,
    port: int,
) -> None:
    """Preview the sites at http://HOST:PORT/, rebuilding and reloading as you edit.

    Drafts and pages not yet published are shown, with a banner saying so. An
    edit inside one state's folder rebuilds only that state. A build with errors
    keeps the server running and shows the errors in the browser until fixed.
    """
    from hubgen.cli.serve import serve

    serve(root, host, port, state=state, now=now, drafts=True, jobs=jobs or 0,
          cache=not no_cache)  # fmt: skip


@main.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--state",
    "state_key",
    default="wisconsin",
    show_default=True,
    metavar="KEY",
    help="The first state's folder name.",
)
@click.option(
    "--name", "state_name", default="Wisconsin", show_default=True, help="The state's name."
)
@click.option("--code", default="WI", show_default=True, help="The state's postal code.")
@click.option(
    "--timezone",
    "zone",
    default="America/Chicago",
    show_default=True,
    help="The state's IANA time zone.",
)
def init_command(folder: Path, state_key: str, state_name: str, code: str, zone: str) -> None:
    """Start a new hub project in FOLDER: settings, one state, a community, an office,
    an event and a page, ready to build and preview."""
    from hubgen.cli.starter import init_project

    written = init_project(folder, state_key, state_name, code, zone)
    for path in written:
        click.echo(f"  wrote {path}", err=True)
    click.secho(f"Ready. Next: cd {folder} && hubgen serve", fg="green", err=True)


@main.command("new", cls=NewCommand)
@click.argument(
    "doc_type",
    metavar="TYPE",
    type=click.Choice(creatable()),
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
@field_options
def new_command(
    doc_type: str,
    where: str,
    root: Path,
    title: str | None,
    fields: tuple[str, ...],
    **named: str | None,
) -> None:
    """Create a new content file, asking for its required fields.

    KEY/SLUG is a state folder and a file name, like wisconsin/madison-east, or
    national/SLUG for the national training library and partners. Fields are
    given as options (--start "2027-02-06 10:00", --place-type online) or with
    -f; without a terminal, every required field must be given.
    """
    from hubgen.cli.new import create

    given = fields + tuple(
        f"{name.replace('__', '.')}={value}" for name, value in named.items() if value is not None
    )
    path = create(root, doc_type, where, title, given, interactive=stdin_is_terminal())
    click.secho(f"Created {path}", fg="green", err=True)


def run() -> None:
    """The command line, as :mod:`hubgen.cli.launch` starts it.

    A problem of the machine (a full disk, a file it may not read) is an error at
    its file; a bug in hubgen itself is reported in one line, not as a traceback
    (set HUBGEN_DEBUG=1 to see the traceback when reporting it). Ctrl-C and
    SIGTERM print "Stopped." (exit 130 and 143).
    """
    install_interrupts()
    try:
        main(prog_name="hubgen", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort as exc:  # click's name for KeyboardInterrupt
        click.echo("Stopped.", err=True)
        sys.exit(getattr(exc.__cause__, "exit_code", 130))
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt as exc:
        click.echo("Stopped.", err=True)
        sys.exit(getattr(exc, "exit_code", 130))
    except ModuleNotFoundError:  # a library imported only when it is needed: see launch
        raise
    except OSError as exc:  # outside a build, which reports its own
        if os.environ.get("HUBGEN_DEBUG"):
            raise
        print_problems([machine_problem(exc, Path.cwd())])
        sys.exit(1)
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
