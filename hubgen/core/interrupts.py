"""Ctrl-C and SIGTERM: stop cleanly, never in the middle of publishing.

A build stopped by Ctrl-C (SIGINT) or by SIGTERM (a CI job cancelled, a
container stopped) unwinds like an error: the folder it was writing is
removed and the published one is untouched. :func:`held_back` keeps both
signals waiting while the new output is swapped in and recorded, so a
stop can come before that step or after it, never inside it.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C would raise KeyboardInterrupt, so the same clean-up runs."""

    exit_code = 128 + signal.SIGTERM


def _terminate(_signum: int, _frame: FrameType | None) -> None:
    raise Terminated()


def install() -> None:
    """Make SIGTERM stop hubgen the way Ctrl-C does (in the main thread only)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminate)


@contextlib.contextmanager
def held_back() -> Iterator[None]:
    """Run the block to its end even if SIGINT or SIGTERM arrive; the signal takes effect
    just after it. Outside the main thread (where signals are not delivered) it does
    nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def hold(signum: int, _frame: FrameType | None) -> None:
        caught.append(signum)

    previous = {number: signal.signal(number, hold) for number in SIGNALS}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if caught:
            signal.raise_signal(caught[0])


@contextlib.contextmanager
def blocked_while_forking() -> Iterator[None]:
    """Keep SIGINT and SIGTERM blocked while worker processes fork. A worker starts with
    them blocked (the mask is inherited), so one that arrives before the worker has set
    its own handling waits for :func:`quiet_worker`; here it takes effect as the block
    ends."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def quiet_worker() -> None:
    """For a worker process: leave Ctrl-C to the build's process (which stops the
    workers), die at once on SIGTERM, and die silently when the build's process is gone
    (a write to its closed pipe, or, on Linux, the parent's death itself) instead of
    printing a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # a Ctrl-C that came while it forked is dropped, a SIGTERM ends it now
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL))
