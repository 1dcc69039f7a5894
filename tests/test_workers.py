"""Stories read by forked workers: the same results, in order, and a safe way back."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from geo import _workers, pipeline, settings
from geo._workers import map_in_order


def _square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def test_results_come_back_in_order_from_two_children() -> None:
    seen: list[int] = []
    out = map_in_order(_square_and_pid, list(range(9)), workers=2, min_items=2,
                       on_done=seen.append)
    assert [v for v, _ in out] == [0, 1, 4, 9, 16, 25, 36, 49, 64]
    pids = {pid for _, pid in out}
    assert len(pids) == 2 and os.getpid() not in pids
    assert seen == list(range(1, 10))


def test_few_items_or_one_worker_stay_in_this_process() -> None:
    here = os.getpid()
    assert {pid for _, pid in map_in_order(_square_and_pid, [1, 2, 3], workers=2,
                                           min_items=4)} == {here}
    assert {pid for _, pid in map_in_order(_square_and_pid, list(range(6)), workers=1,
                                           min_items=2)} == {here}


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not _workers.can_fork()
        out = map_in_order(_square_and_pid, list(range(6)), workers=2, min_items=2)
    finally:
        stop.set()
        other.join()
    assert {pid for _, pid in out} == {os.getpid()}
    assert [v for v, _ in out] == [0, 1, 4, 9, 16, 25]


def test_work_a_dead_worker_left_is_done_here() -> None:
    parent = os.getpid()

    def dies_on_three(x: int) -> tuple[int, int]:
        if x == 3 and os.getpid() != parent:
            os._exit(1)  # the child holding item 3 dies without a word
        return _square_and_pid(x)

    out = map_in_order(dies_on_three, list(range(8)), workers=2, min_items=2)
    assert [v for v, _ in out] == [0, 1, 4, 9, 16, 25, 36, 49]
    assert out[3][1] == parent  # item 3 was read again in the calling process


STORY = """---
published: 2024-09-{day:02d}
---
Ukrainian troops captured Sudzha on {day} September 2024, the general staff said. Analysts
estimated that Ukraine held about {area} square kilometres of the Kursk region on {day}
September 2024.
"""


def _claims(atlas: pipeline.Atlas) -> list[tuple[str, str | None, str, float | None]]:
    return [(c.source, c.place, c.kind, c.area_km2) for t in atlas.timelines
            for c in t.claims]


def test_parallel_reading_gives_the_claims_sequential_reading_gives(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from _packs import shipped

    for day in range(1, 15):
        (tmp_path / f"s{day:02d}.txt").write_text(STORY.format(day=day, area=600 + 10 * day),
                                                  encoding="utf-8")
    monkeypatch.setattr(settings, "READ_PARALLEL_MIN_STORIES", 4)
    forks: list[int] = []
    real = _workers._collect_forked
    monkeypatch.setattr(_workers, "_collect_forked",
                        lambda *a: forks.append(a[2]) or real(*a))
    monkeypatch.setattr(settings, "READ_WORKERS", 1)
    alone = pipeline.build(tmp_path, shipped())
    monkeypatch.setattr(settings, "READ_WORKERS", 2)
    shared = pipeline.build(tmp_path, shipped())
    assert forks == [2]  # the second build forked two workers, the first none
    assert _claims(shared) == _claims(alone)
    areas = sorted(c[3] for c in _claims(shared) if c[2] == "area")
    assert areas == [610.0 + 10 * i for i in range(14)]
