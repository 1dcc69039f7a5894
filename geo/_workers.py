"""Work spread over forked worker processes, in order, with a safe way back.

Reading a story is pure Python (the parser, the rules) and holds the GIL, so
stories are read in parallel by processes, not threads. The workers are
*forked* from the caller: they inherit what it has loaded (the language model,
the gazetteers) without pickling it, and only the results travel back.

Forking a process that runs other threads (a web server, the dashboard) can
deadlock the child on a lock some thread held at the fork, so the work runs in
the calling process whenever more than one thread is alive, where fork is
missing, for fewer than ``min_items`` items, or with one worker. A worker that
dies or goes silent costs nothing but time: whatever it did not send back is
done again in the calling process.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue as queue_module
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Seconds the caller waits for the next result before checking its workers.
_POLL_S = 1.0


def usable_cores() -> int:
    """The CPU cores this process may run on (all of them where that is not known)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """True when forked workers are safe here: fork exists and no other thread runs."""
    return "fork" in mp.get_all_start_methods() and threading.active_count() == 1


def map_in_order(func: Callable[[T], R], items: Sequence[T], *, workers: int,
                 min_items: int, on_done: Callable[[int], None] | None = None) -> list[R]:
    """``[func(x) for x in items]``, spread over ``workers`` forked processes.

    Parameters
    ----------
    func : callable
        Called once per item; it must not raise (wrap failures in its result).
        Its results must be picklable.
    items : sequence
        The work, split round-robin between the workers.
    workers : int
        Processes to use; 1 or fewer runs everything in the calling process.
    min_items : int
        Fewer items than this are not worth a fork and run in the calling process.
    on_done : callable, optional
        ``on_done(n)`` after each result arrives, ``n`` results so far (progress).

    Returns
    -------
    list
        The results, in the order of ``items``.
    """
    done = on_done or (lambda _n: None)
    if workers <= 1 or len(items) < max(2, min_items) or not can_fork():
        results = []
        for i, item in enumerate(items):
            results.append(func(item))
            done(i + 1)
        return results
    got: dict[int, R] = {}
    _collect_forked(func, items, min(workers, len(items)), got, done)
    for i, item in enumerate(items):  # what a dead worker left undone
        if i not in got:
            got[i] = func(item)
            done(len(got))
    return [got[i] for i in range(len(items))]


def _collect_forked(func: Callable[[T], R], items: Sequence[T], workers: int,
                    got: dict[int, R], done: Callable[[int], None]) -> None:
    """Fork ``workers`` children over ``items`` and gather their results into ``got``."""
    ctx = mp.get_context("fork")
    results: mp.Queue[tuple[int, R]] = ctx.Queue()

    def work(share: range) -> None:
        for i in share:
            results.put((i, func(items[i])))

    children = [ctx.Process(target=work, args=(range(k, len(items), workers),), daemon=True)
                for k in range(workers)]
    for child in children:
        child.start()
    try:
        while len(got) < len(items):
            try:
                i, value = results.get(timeout=_POLL_S)
            except queue_module.Empty:
                if not any(child.is_alive() for child in children) and results.empty():
                    return
                continue
            got[i] = value
            done(len(got))
    finally:
        for child in children:
            child.join(timeout=_POLL_S)
            if child.is_alive():
                child.kill()
        results.close()
