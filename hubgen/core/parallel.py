"""Run one function over many items on several cores.

The worker processes are forked, so they start with everything the build has
read so far (settings, parsed documents, compiled templates) without copying
it through a pipe; only the items and the (small) results travel. Results
come back in the order of the items, so a build's output does not depend on
how the work was shared out. Where fork is not available, or there is too
little work to be worth a process, everything runs in this process.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from hubgen.core.interrupts import blocked_while_forking, quiet_worker

Item = TypeVar("Item")
Result = TypeVar("Result")

# The function and its shared argument, set just before the workers fork and
# read by them: the one way to hand them objects that cannot be pickled.
_WORK: tuple[Callable[[Any, Any], list[Any]], Any] | None = None


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return hasattr(os, "fork") and os.name == "posix"


def run_chunks(
    func: Callable[[Any, Sequence[Item]], list[Result]],
    shared: Any,
    items: Sequence[Item],
    jobs: int,
    least: int = 64,
) -> Iterator[list[Result]]:
    """``func(shared, chunk)`` for consecutive chunks of the items, yielded in order.

    ``func`` returns one result per item of its chunk. With ``jobs`` > 1 and at
    least ``least`` items, this process and ``jobs - 1`` forked ones share the
    chunks, which are small enough to keep them all busy to the end; ``shared``
    is whatever the workers need, inherited through the fork (whatever a worker
    adds to it stays in that worker).
    """
    if jobs <= 1 or len(items) < least or not can_fork():
        size = max(1, min(len(items), 256))
        for start in range(0, len(items), size):
            yield func(shared, items[start : start + size])
        return
    global _WORK
    size = max(1, min(64, len(items) // (jobs * 8) or 1))
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    _WORK = (func, shared)
    gc.freeze()  # what the workers inherit stays shared: the collector will not touch it
    try:
        import multiprocessing  # only when there is work for other processes

        context = multiprocessing.get_context("fork")
        with contextlib.ExitStack() as stack:
            # a worker caught by Ctrl-C before quiet_worker ran would print a traceback
            with blocked_while_forking():
                pool = stack.enter_context(context.Pool(jobs - 1, initializer=quiet_worker))
            # every jobs-th chunk is done here, the others by the workers meanwhile
            theirs = pool.imap(_run_chunk, [c for i, c in enumerate(chunks) if i % jobs])
            for index, chunk in enumerate(chunks):
                yield func(shared, chunk) if index % jobs == 0 else next(theirs)
    finally:
        _WORK = None
        gc.unfreeze()


def _run_chunk(chunk: Sequence[Any]) -> list[Any]:
    assert _WORK is not None, "a worker started without its work"
    func, shared = _WORK
    return func(shared, chunk)
