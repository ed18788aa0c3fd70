"""Work shared between processes: results in order, and a Ctrl-C at any moment stays quiet."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Sequence

from hubgen.core.parallel import run_chunks


def _double(shared: int, chunk: Sequence[int]) -> list[int]:
    return [shared * item for item in chunk]


def test_results_come_back_in_the_order_of_the_items() -> None:
    items = list(range(1000))
    shared = [result for part in run_chunks(_double, 2, items, jobs=2) for result in part]
    assert shared == [2 * item for item in items]


def test_a_little_work_stays_in_this_process() -> None:
    assert [r for part in run_chunks(_double, 3, [1, 2], jobs=4) for r in part] == [3, 6]


# A worker that takes its time to start: Ctrl-C comes after it forked, before its
# initializer has told it to leave Ctrl-C to the build's process.
_SLOW_START = textwrap.dedent(
    """
    import sys, time
    from hubgen.core import interrupts, parallel

    def slow_start():
        time.sleep(1.5)
        interrupts.quiet_worker()

    parallel.quiet_worker = slow_start

    def work(shared, chunk):
        print("working", flush=True)
        time.sleep(0.2)
        return list(chunk)

    try:
        for part in parallel.run_chunks(work, None, list(range(400)), jobs=2):
            pass
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
        sys.exit(130)
    """
)


def test_ctrl_c_while_workers_start_prints_no_traceback() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_START],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert process.stdout is not None
    try:
        assert process.stdout.readline() == b"working\n"
        os.killpg(process.pid, signal.SIGINT)  # as a terminal does: the whole group
        _, stderr = process.communicate(timeout=60)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # nothing left behind if it hangs
    text = stderr.decode()
    assert process.returncode == 130, text
    assert text.strip() == "Stopped.", text
