"""Time hubgen builds of a benchmark corpus, next to the anchor generators, in one run.

    python -m bench.run --generator PATH/TO/gen_corpus.py --anchors PATH/TO/anchors.sh

See bench/README.md for what is measured and how.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from bench.anchors import SSGS, Anchors
from bench.measure import measure
from bench.project import Project, hubgen_version, page_count
from bench.report import (
    COLD,
    NOTHING,
    ONE_PAGE,
    SERVE,
    Row,
    Table,
    goals,
    machine,
    markdown_table,
    seconds,
    summarize,
    write_serve,
)
from bench.serve import serve_latencies


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Time cold builds and rebuilds of a benchmark corpus with hubgen and, "
        "through anchors.sh, with Hugo, Jekyll, Eleventy, Pelican and MkDocs.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--generator",
        type=Path,
        metavar="PATH",
        help="gen_corpus.py: makes WORK/corpus-N (--seed 1) for each --pages N that is missing",
    )
    source.add_argument(
        "--corpus",
        type=Path,
        action="append",
        metavar="DIR",
        help="an existing corpus (repeatable); --pages is then not used",
    )
    parser.add_argument(
        "--pages",
        type=int,
        nargs="+",
        default=[1000, 4000],
        metavar="N",
        help="corpus sizes (default: 1000 4000)",
    )
    parser.add_argument(
        "--anchors", type=Path, metavar="PATH", help="anchors.sh; without it only hubgen runs"
    )
    parser.add_argument(
        "--ssg",
        nargs="+",
        choices=SSGS,
        default=list(SSGS),
        metavar="NAME",
        help="the anchors to run (default: all five)",
    )
    parser.add_argument("--reps", type=int, default=3, help="timed rounds after a warm-up (3)")
    parser.add_argument(
        "--work",
        type=Path,
        default=Path(tempfile.gettempdir()) / "hubgen-bench",
        metavar="DIR",
        help="where corpora, projects, logs and results go (%(default)s)",
    )
    parser.add_argument("--jobs", type=int, metavar="N", help="passed as hubgen build --jobs N")
    parser.add_argument(
        "--hubgen",
        default=shlex.join([sys.executable, "-m", "hubgen"]),
        metavar="CMD",
        help="the hubgen command (%(default)s)",
    )
    parser.add_argument(
        "--serve",
        action="store_true",
        help="instead of builds: time hubgen serve from a saved edit to the browser's reload",
    )
    parser.add_argument("--edits", type=int, default=5, help="edits timed by --serve (5)")
    args = parser.parse_args(argv)
    if args.reps < 1 or args.edits < 1 or min(args.pages) < 1:
        parser.error("--reps, --edits and --pages must be at least 1")
    return args


def corpora(args: argparse.Namespace) -> list[Path]:
    if args.corpus:
        found = [c.resolve() for c in args.corpus]
    else:
        found = [(args.work / f"corpus-{n}").resolve() for n in args.pages]
    for corpus in found:
        if (corpus / "manifest.tsv").is_file():
            continue
        if args.corpus or args.generator is None:
            raise SystemExit(f"{corpus}/manifest.tsv not found: give --generator or --corpus")
        pages = corpus.name.removeprefix("corpus-")
        print(f"making {corpus} with {args.generator}", file=sys.stderr, flush=True)
        subprocess.run(
            [sys.executable, str(args.generator), "--pages", pages]
            + ["--out", str(corpus), "--seed", "1", "--force"],
            check=True,
        )
    return found


def run_builds(args: argparse.Namespace, corpus: Path, table: Table) -> int:
    """REPS rounds (after a warm-up) of cold builds, round-robin, then checks and the report.

    Returns how many goals were reported.
    """
    pages, name = page_count(corpus), corpus.name
    project = Project(corpus, args.work / f"hubgen-{name}", shlex.split(args.hubgen), args.jobs)
    anchors = Anchors(args.anchors) if args.anchors else None
    sites = anchors.prepare(corpus, args.ssg) if anchors else {}
    builds = (
        {ssg: anchors.build_command(ssg, site) for ssg, site in sites.items()} if anchors else {}
    )
    logs = args.work / "logs"
    logs.mkdir(exist_ok=True)

    def timed(generator: str, case: str, rep: int, command: list[str], cwd: Path) -> None:
        log = logs / f"{generator}-{name}.log"
        with log.open("ab") as output:
            output.write(f"== {generator} {case} round {rep}\n".encode())
            output.flush()
            m = measure(command, cwd=cwd, output=output)
        table.add(Row.of(name, pages, generator, case, rep, m))
        status = "" if m.ok else f", FAILED with exit status {m.returncode}: see {log}"
        print(
            f"  {generator} {case}: {seconds(m.wall_s)} s, {seconds(m.cpu_s)} s CPU, "
            f"{m.peak_mib:.0f} MiB{status}",
            file=sys.stderr,
            flush=True,
        )

    for rep in range(args.reps + 1):
        label = "warm-up" if rep == 0 else f"{rep}/{args.reps}"
        print(f"{name}: round {label}", file=sys.stderr, flush=True)
        project.make_cold()
        timed("hubgen", COLD, rep, project.build_command(), project.root)
        project.edit(rep)
        timed("hubgen", ONE_PAGE, rep, project.build_command(), project.root)
        timed("hubgen", NOTHING, rep, project.build_command(), project.root)
        for ssg, command in builds.items():
            Anchors.empty_trash(sites[ssg])
            timed(ssg, COLD, rep, command, sites[ssg])
    project.empty_trash()  # the outputs of the last round stay, for the checks
    checks = [project.verify()]
    for ssg, site in sites.items():
        Anchors.empty_trash(site)
        if anchors:
            checks.append(anchors.verify(ssg, site, corpus))
    return report(pages, name, args.reps, [r for r in table.rows if r.corpus == name], checks)


def report(
    pages: int, name: str, reps: int, rows: list[Row], checks: list[tuple[bool, str]]
) -> int:
    """Print one corpus's table, checks and goals; return how many goals were reported."""
    summaries = summarize(rows)
    rounds = "1 timed round" if reps == 1 else f"{reps} timed rounds"
    print(f"\n## {pages:,} pages ({name}): {rounds} after a warm-up\n")
    print(markdown_table(summaries))
    print("\nChecks of the output:\n")
    print("\n".join(f"- {line}" for _, line in checks))
    met = goals(pages, summaries)
    if met:
        print(f"\nGoals at {pages:,} pages:\n")
        print("\n".join(met))
    sys.stdout.flush()
    return len(met)


def run_serve(args: argparse.Namespace, corpus: Path, table: Table) -> None:
    pages, name = page_count(corpus), corpus.name
    project = Project(corpus, args.work / f"hubgen-{name}", shlex.split(args.hubgen), None)
    print(f"{name}: hubgen serve, {args.edits} edits", file=sys.stderr, flush=True)
    log = args.work / "logs" / f"serve-{name}.log"
    log.parent.mkdir(exist_ok=True)
    latencies = serve_latencies(project, args.edits, log, timeout=max(120, pages / 20))
    for number, latency in enumerate(latencies, start=1):
        table.add(Row(name, pages, "hubgen", SERVE, number, latency, 0, 0, 0, 0, 0))
    print(f"\n## hubgen serve, {pages:,} pages ({name})\n")
    write_serve(sys.stdout, latencies)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.anchors is not None:
        args.anchors = args.anchors.resolve()
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    found = corpora(args)
    table = Table(args.work / f"results-{stamp}.tsv")
    print(f"# hubgen benchmark, {stamp}\n")
    print(f"Machine: {machine(hubgen_version(shlex.split(args.hubgen), args.work))}")
    if args.serve:
        if args.anchors is not None:
            print("(--serve measures hubgen only: --anchors is not used)", file=sys.stderr)
        for corpus in found:
            run_serve(args, corpus, table)
    else:
        if args.anchors is not None:
            versions = "; ".join(
                " ".join(line.split()) for line in Anchors(args.anchors).versions()
            )
            print(f"Anchors: {versions or 'versions unknown'}")
        if args.jobs is not None:
            print(f"hubgen build --jobs {args.jobs}")
        reported = sum(run_builds(args, corpus, table) for corpus in found)
        if not reported:
            print(
                "\nNo goal reported: the goals are set at 4,000 pages (against the anchors) "
                "and 20,000 pages (memory)."
            )
    print(f"\nRaw rows: {table.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
