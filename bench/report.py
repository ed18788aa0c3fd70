"""Rows of measurements, the TSV they are kept in, and the Markdown report."""

from __future__ import annotations

import math
import os
import platform
import statistics
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import TextIO

from bench.anchors import NAMES
from bench.measure import Measurement

COLD, ONE_PAGE, NOTHING, SERVE = "cold", "one-page", "no-change", "serve-reload"
CASE_LABELS = {COLD: "cold", ONE_PAGE: "rebuild one page", NOTHING: "rebuild nothing"}


@dataclass(frozen=True)
class Row:
    corpus: str
    pages: int
    generator: str
    case: str
    rep: int  # 0 is the warm-up round, left out of the medians
    wall_s: float
    user_s: float
    sys_s: float
    peak_mib: float
    largest_mib: float
    exit: int

    @classmethod
    def of(
        cls, corpus: str, pages: int, generator: str, case: str, rep: int, m: Measurement
    ) -> Row:
        return cls(
            corpus,
            pages,
            generator,
            case,
            rep,
            m.wall_s,
            m.user_s,
            m.sys_s,
            m.peak_mib,
            m.largest_mib,
            m.returncode,
        )


class Table:
    """Rows, appended to a TSV file as they come, so an interrupted run keeps them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.rows: list[Row] = []
        with path.open("w", encoding="utf-8") as out:
            out.write("\t".join(f.name for f in fields(Row)) + "\n")

    def add(self, row: Row) -> None:
        self.rows.append(row)
        with self.path.open("a", encoding="utf-8") as out:
            out.write("\t".join(_cell(value) for value in astuple(row)) + "\n")


def _cell(value: object) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class Summary:
    """The medians of one generator and case over the timed rounds that succeeded (if any)."""

    generator: str
    case: str
    wall: list[float]
    cpu: float
    peak: float
    runs: int
    failed: int

    @property
    def median(self) -> float:
        return statistics.median(self.wall)


def summarize(rows: list[Row]) -> list[Summary]:
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        if row.rep > 0:
            groups.setdefault((row.generator, row.case), []).append(row)
    summaries = []
    for (generator, case), group in groups.items():
        good = [r for r in group if r.exit == 0]
        cpu = statistics.median(r.user_s + r.sys_s for r in good) if good else math.nan
        peak = statistics.median(r.peak_mib for r in good) if good else math.nan
        wall = [r.wall_s for r in good]
        summaries.append(
            Summary(generator, case, wall, cpu, peak, len(good), len(group) - len(good))
        )
    return summaries


def succeeded(summaries: list[Summary]) -> dict[tuple[str, str], Summary]:
    return {(s.generator, s.case): s for s in summaries if s.wall}


def seconds(value: float) -> str:
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def times(ratio: float) -> str:
    return f"{ratio:.1f}×" if ratio >= 0.995 else f"{ratio:.2f}×"


def markdown_table(summaries: list[Summary]) -> str:
    base = succeeded(summaries).get(("hubgen", COLD))
    lines = [
        "| generator | case | wall s, median (min–max) | CPU s | peak MiB | runs |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for s in summaries:
        name = NAMES.get(s.generator, s.generator)
        if not s.wall:
            lines.append(f"| {name} | {CASE_LABELS[s.case]} | failed | | | 0 ({s.failed} failed) |")
            continue
        wall = f"{seconds(s.median)} ({seconds(min(s.wall))}–{seconds(max(s.wall))})"
        cpu, peak = seconds(s.cpu), f"{s.peak:.0f}"
        if base is not None:
            wall += f" = {times(s.median / base.median)}"
            cpu += f" = {times(s.cpu / base.cpu)}"
            peak += f" = {times(s.peak / base.peak)}"
        runs = f"{s.runs}" + (f" ({s.failed} failed)" if s.failed else "")
        lines.append(f"| {name} | {CASE_LABELS[s.case]} | {wall} | {cpu} | {peak} | {runs} |")
    if base is not None:
        lines.append("")
        lines.append("Each figure is followed by its ratio to hubgen's cold build (× hubgen).")
    return "\n".join(lines)


def goals(pages: int, summaries: list[Summary]) -> list[str]:
    """One line per goal of the issue whose figures this corpus measured."""
    found = succeeded(summaries)
    cold = found.get(("hubgen", COLD))
    one_page = found.get(("hubgen", ONE_PAGE))
    lines = []

    def line(met: bool, kind: str, text: str) -> None:
        lines.append(f"- {'met' if met else 'NOT met'} ({kind}): {text}")

    if pages == 4000 and cold is not None:
        for ssg in ("mkdocs", "pelican", "jekyll"):
            other = found.get((ssg, COLD))
            if other is not None:
                ratio = other.median / cold.median
                line(
                    ratio >= 2.5,
                    "required",
                    f"hubgen cold build ≥ 2.5× faster than {NAMES[ssg]}: "
                    f"{seconds(cold.median)} s vs {seconds(other.median)} s = {times(ratio)}",
                )
        eleventy = found.get(("eleventy", COLD))
        if eleventy is not None:
            ratio = cold.median / eleventy.median
            line(
                ratio <= 1,
                "aim",
                f"hubgen cold build ≤ Eleventy's time: {seconds(cold.median)} s vs "
                f"{seconds(eleventy.median)} s = {times(ratio)} Eleventy's",
            )
    hugo = found.get(("hugo", COLD))
    if pages == 4000 and one_page is not None and hugo is not None:
        ratio = hugo.median / one_page.median
        for factor, kind in ((5, "required"), (10, "aim")):
            line(
                ratio >= factor,
                kind,
                f"hubgen one-page rebuild ≥ {factor}× faster than Hugo's cold build: "
                f"{seconds(one_page.median)} s vs {seconds(hugo.median)} s = {times(ratio)}",
            )
    mine = [s for (generator, _), s in found.items() if generator == "hubgen"]
    if pages == 20000 and mine:
        peak = max(s.peak for s in mine)
        line(peak < 500, "goal", f"hubgen peak memory < 500 MiB: {peak:.0f} MiB (highest case)")
    return lines


def write_serve(out: TextIO, latencies: list[float]) -> None:
    ms = sorted(1000 * t for t in latencies)
    each = ", ".join(f"{t:.0f}" for t in ms)
    out.write(
        f"file write → reload message, {len(ms)} edits: median {statistics.median(ms):.0f} ms, "
        f"max {max(ms):.0f} ms (each, sorted: {each} ms)\n"
    )


def machine(hubgen: str) -> str:
    """The CPU, memory, Python and hubgen of this machine, on one line."""
    model, count = platform.processor() or platform.machine(), os.cpu_count() or 0
    try:
        info = Path("/proc/cpuinfo").read_text().splitlines()
        names = [line.split(":", 1)[1].strip() for line in info if line.startswith("model name")]
        processors = [line for line in info if line.startswith("processor")]
        model, count = (names[0] if names else model), len(processors) or count
    except OSError:
        pass
    memory = "unknown memory"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024**2:.1f} GiB memory"
    except OSError:
        pass
    return (
        f"{model}, {count} CPUs, {memory}; Linux {platform.release()}; "
        f"Python {platform.python_version()}; hubgen {hubgen}"
    )
