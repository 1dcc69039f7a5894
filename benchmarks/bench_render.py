"""Time the static map renderer per format and size.

Run: ``.venv/bin/python benchmarks/bench_render.py [--runs N] [--seeds DIR]``

Renders the seeds' timeline (``geo.pipeline.build``) on its last date over the
shipped boundaries (``geo.boundaries.load_boundaries``); falls back to the
synthetic test data when either is unavailable. Prints the median wall time of
a few runs for PNG 1x, PNG 2x and SVG in each named size, with the output size.
The goal: a 16:9 PNG at 2x in under 2 s (once asserted by a test; timings live here).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from geo import render  # noqa: E402


def load_inputs(seeds: Path):
    """(timeline, boundaries, description) — real data when available."""
    try:
        from geo.pipeline import build
        from geo.theater import available_theaters

        timeline = build(seeds, available_theaters()).timeline("kursk")
        boundaries = timeline.theater.boundaries
        if timeline.polygons:
            return timeline, boundaries, f"seeds timeline ({seeds})"
    except Exception as exc:  # noqa: BLE001 - a benchmark falls back, it does not fail
        print(f"(real data unavailable: {exc}; using synthetic test data)")
    from sample_data import sample_boundaries, sample_timeline

    return sample_timeline(), sample_boundaries(), "synthetic test data"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per case (median reported)")
    ap.add_argument("--seeds", type=Path, default=REPO / "seeds")
    args = ap.parse_args(argv)

    timeline, boundaries, what = load_inputs(args.seeds)
    date = timeline.dates[-1]
    compare = timeline.dates[0] if len(timeline.dates) > 1 else None
    print(f"input: {what}; date {date}; {len(timeline.polygons)} timeline dates")
    render.render_map(timeline, boundaries, date=date)  # warm up fonts and caches

    cases = [(fmt, scale) for fmt, scale in (("png", 1), ("png", 2), ("svg", 1))]
    rows = []
    for size in render.SIZES:
        for fmt, scale in cases:
            times, img = [], None
            for _ in range(args.runs):
                t0 = time.perf_counter()
                img = render.render_map(timeline, boundaries, date=date, size=size, fmt=fmt,
                                        scale=scale)
                times.append(time.perf_counter() - t0)
            rows.append((size, f"{fmt} {scale}x", img.width, img.height,
                         statistics.median(times), max(times), len(img.data)))
    if compare is not None:
        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            img = render.render_map(timeline, boundaries, date=date, compare=compare)
            times.append(time.perf_counter() - t0)
        rows.append(("16:9", "png 1x compare", img.width, img.height,
                     statistics.median(times), max(times), len(img.data)))

    print(f"\n{'size':<6} {'format':<15} {'pixels':>11} {'median ms':>10} {'max ms':>8} "
          f"{'KB':>7}")
    print("-" * 62)
    for size, fmt, w, h, med, mx, nbytes in rows:
        goal = "  (goal: < 2000 ms)" if (size, fmt) == ("16:9", "png 2x") else ""
        print(f"{size:<6} {fmt:<15} {f'{w}x{h}':>11} {med * 1000:>10.0f} {mx * 1000:>8.0f} "
              f"{nbytes / 1024:>7.0f}{goal}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
