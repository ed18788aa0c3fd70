"""Run a command and measure its wall time, CPU time and peak memory (Linux only).

CPU time is the user and system time that ``wait4`` reports for the child: its
own and that of every descendant it waited for. Memory is sampled from /proc
about every 10 ms while the child runs: the resident set sizes of the child and
all its descendants (found through the parent pid in ``/proc/<pid>/stat`` every
100 ms, their ``/proc/<pid>/statm`` read at each sample) are
added up, and the highest sum is the peak. Sampling can miss a spike shorter
than the interval, so the peak is never reported below the largest single
process's own peak (``ru_maxrss``), which the kernel tracks exactly. (Linux
counts in ``ru_maxrss`` the image the child had before its ``exec`` too, a copy
of the measuring process, so for a command smaller than this harness, some
tens of MiB, the floor overstates it.)
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

MIB = 1024 * 1024
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Measurement:
    """What one run of a command cost."""

    wall_s: float  # from just before the fork to the child's exit
    user_s: float  # user CPU of the child and its waited-for descendants
    sys_s: float  # system CPU of the same
    peak_mib: float  # highest summed RSS of the process tree
    largest_mib: float  # the peak RSS of the largest single process (ru_maxrss)
    samples: int  # how many times the tree's memory was sampled
    returncode: int  # exit status, or minus the signal number

    @property
    def cpu_s(self) -> float:
        return self.user_s + self.sys_s

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def _process_table() -> dict[int, tuple[int, int]]:
    """Every process now running: pid -> (parent pid, resident pages)."""
    table: dict[int, tuple[int, int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as stat:
                data = stat.read()
        except OSError:  # the process ended between the listing and the read
            continue
        # The command name is in parentheses and may hold spaces or ")".
        fields = data[data.rindex(b")") + 2 :].split()
        table[int(name)] = (int(fields[1]), int(fields[21]))  # ppid, rss
    return table


def tree_pids(root: int) -> set[int]:
    """``root`` and all its descendants now running."""
    table = _process_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, pending = set(), [root]
    while pending:
        pid = pending.pop()
        if pid in table:
            found.add(pid)
        pending.extend(children.get(pid, ()))
    return found


def rss_bytes(pids: set[int]) -> int:
    """The summed resident memory of these processes (those still running), in bytes."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm", "rb") as statm:
                total += int(statm.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total * PAGE_SIZE


RESCAN_EVERY = 10  # samples


class _Sampler(threading.Thread):
    """Samples a process tree's memory until stopped; keeps the peak."""

    def __init__(self, root: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval = interval
        self.peak = 0
        self.samples = 0
        self.done = threading.Event()

    def run(self) -> None:
        # Reading every process's stat to find the tree costs about 1 ms of a core, which
        # would be taken from the build measured: the tree is found afresh every 100 ms,
        # and in between only its own processes are read.
        pids: set[int] = set()
        while not self.done.is_set():
            if self.samples % RESCAN_EVERY == 0:
                pids = tree_pids(self.root)
            self.peak = max(self.peak, rss_bytes(pids))
            self.samples += 1
            self.done.wait(self.interval)


def measure(
    command: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    output: IO[bytes] | int | None = subprocess.DEVNULL,
    interval: float = 0.01,
) -> Measurement:
    """Run ``command`` to its end and measure it; ``output`` gets its stdout and stderr."""
    started = time.perf_counter()
    child = subprocess.Popen(
        list(command),
        cwd=cwd,
        env=None if env is None else dict(env),
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    sampler = _Sampler(child.pid, interval)
    sampler.start()
    try:
        _, status, usage = os.wait4(child.pid, 0)
    finally:
        sampler.done.set()
        sampler.join()
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    largest = usage.ru_maxrss * 1024  # KiB on Linux
    return Measurement(
        wall_s=wall,
        user_s=usage.ru_utime,
        sys_s=usage.ru_stime,
        peak_mib=max(sampler.peak, largest) / MIB,
        largest_mib=largest / MIB,
        samples=sampler.samples,
        returncode=child.returncode,
    )
