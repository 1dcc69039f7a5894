"""A CPU-time budget for one piece of work (reading or extracting one article).

:func:`run_within` runs a function in the calling thread while a small
watcher thread reads that thread's CPU clock; once the budget is spent the
watcher raises :class:`BudgetExceeded` inside the working thread (CPython's
``PyThreadState_SetAsyncExc``), which unwinds the work at its next Python
instruction. CPU time rather than wall time, so a busy shared machine does not
cut an article short; where no per-thread clock exists the wall clock is used.

The exception derives from :class:`BaseException`, so ``except Exception``
handlers inside the interrupted code do not swallow it. A long single call
into C (one regular-expression search) finishes before the interruption lands.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

#: How often the watcher reads the clock (seconds).
_POLL_S = 0.05


class BudgetExceeded(BaseException):
    """The work used up its time budget and was interrupted."""


def _clock(thread_id: int) -> Callable[[], float]:
    """CPU clock of the thread ``thread_id`` (wall clock where there is none)."""
    try:
        clock_id = time.pthread_getcpuclockid(thread_id)
        time.clock_gettime(clock_id)
    except (AttributeError, OSError):  # not POSIX: wall time
        return time.monotonic
    return lambda: time.clock_gettime(clock_id)


def _interrupt(thread_id: int) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(BudgetExceeded))


def run_within(seconds: float, work: Callable[[], T]) -> T:
    """Run ``work()`` and interrupt it after ``seconds`` of CPU time.

    Parameters
    ----------
    seconds : float
        The budget; zero or less means no budget.
    work : callable
        Called without arguments in the calling thread.

    Returns
    -------
    The value ``work`` returns.

    Raises
    ------
    BudgetExceeded
        When the budget was spent (the caller turns it into a message).
    """
    if seconds <= 0:
        return work()
    thread_id = threading.get_ident()
    clock = _clock(thread_id)
    start = clock()
    done = threading.Event()
    lock = threading.Lock()

    def watch() -> None:
        while not done.wait(_POLL_S):
            if clock() - start >= seconds:
                with lock:
                    if not done.is_set():
                        _interrupt(thread_id)
                return

    watcher = threading.Thread(target=watch, name="article-budget", daemon=True)
    watcher.start()
    try:
        return work()
    finally:
        with lock:  # after this the watcher can no longer interrupt
            done.set()
        watcher.join()  # gone before the next step (which may fork: geo._workers)
