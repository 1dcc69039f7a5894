"""How fast the pipeline reads: the seeds, and folders of 100 to 1,000 stories (issue 11).

Run: ``.venv/bin/python benchmarks/bench_reading.py [--stories 100,1000] [--timeout 600]``

Rows, each measured in a fresh process with this checkout's code:

* **seeds, cold**: ``python -m geo build seeds --out TMP`` as a user runs it, wall time
  from the command to its exit (imports, theatre packs, the language model, reading,
  placing, fitting, writing), median of three;
* **seeds, warm**: the same build a second time in one process (what the dashboard pays
  when a user adds an article), median of three;
* **N stories**: a folder of N generated stories (2-4 KB each of varied sentences about
  the front: captures, retakings, area figures, fighting, hedged claims; dates over five
  months; deterministic), built warm in one process; the time is split by the
  pipeline's own stages (reading, placing names, fitting polygons, the rest) from its
  progress reports, and the stories per second of reading are printed; then the same
  folder read by one process (``READ_WORKERS=1``), the baseline in the same run.

The goals in issue 11: the seeds in under 2 s, 1,000 stories in under 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_hostile import _MONTHS, _PLACES, _TEMPLATES  # noqa: E402


def stories(folder: Path, n: int, seed: int = 7) -> None:
    """Write ``n`` generated stories into ``folder`` (deterministic)."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        month = rnd.randrange(len(_MONTHS))
        paras = []
        for _ in range(rnd.randint(4, 7)):
            paras.append(" ".join(rnd.choice(_TEMPLATES).format(
                p=rnd.choice(_PLACES), d=rnd.randint(1, 28), m=_MONTHS[month],
                a=rnd.randint(300, 1300), s=rnd.randint(100, 500))
                for _ in range(rnd.randint(2, 4))))
        published = f"2024-{month + 9:02d}-{rnd.randint(1, 28):02d}" if month < 4 \
            else f"2024-12-{rnd.randint(1, 28):02d}"
        (folder / f"story_{i:04d}.txt").write_text(
            f"---\ntitle: Front update {i}\noutlet: Example Wire\npublished: {published}\n"
            "---\n" + "\n\n".join(paras) + "\n", encoding="utf-8")


#: Run in the measured process: one warm-up build, then the timed builds with stage times.
_PROBE = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from geo import pipeline, settings
    from geo.theater import available_theaters
    folder, warmup, repeats = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    if sys.argv[4]:
        settings.READ_WORKERS = int(sys.argv[4])
    packs = available_theaters()
    pipeline.build(warmup, packs)
    runs = []
    for _ in range(repeats):
        marks = []
        t0 = time.perf_counter()
        atlas = pipeline.build(folder, packs,
                               progress=lambda msg, f: marks.append((msg, time.perf_counter())))
        total = time.perf_counter() - t0
        def at(prefix):
            return next((t - t0 for m, t in marks if m.startswith(prefix)), total)
        read0, place, fit = at("Reading"), at("Placing"), at("Fitting")
        runs.append({"total": total, "before": read0, "reading": place - read0,
                     "placing": fit - place, "fitting_and_rest": total - fit,
                     "claims": sum(len(t.claims) for t in atlas.timelines),
                     "dates": sum(len(t.polygons) for t in atlas.timelines)})
    print(json.dumps(runs))
""")


def _probe(folder: Path, warmup: Path, repeats: int, timeout: float,
           workers: int | None = None) -> list[dict] | str:
    cmd = [sys.executable, "-c", _PROBE, str(folder), str(warmup), str(repeats),
           "" if workers is None else str(workers)]
    try:
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"still running after {timeout:.0f} s (killed)"
    if proc.returncode != 0:
        return f"exit {proc.returncode}: {(proc.stderr.strip().splitlines() or ['?'])[-1]}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def seeds_cold(out: Path, repeats: int = 3) -> list[float]:
    """Wall times of ``python -m geo build seeds`` in a fresh process."""
    times = []
    for i in range(repeats):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "geo", "build", str(REPO / "seeds"), "--out",
                        str(out / f"cold{i}")], cwd=REPO, check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return times


def _row(name: str, r: dict, goal: str = "") -> str:
    n = int(name.split()[0]) if name[0].isdigit() else 0
    rate = f"{n / r['reading']:6.1f} stories/s read" if n and r["reading"] > 0 else ""
    return (f"{name:18s} {r['total']:7.2f} s  (start {r['before']:5.2f}, reading "
            f"{r['reading']:6.2f}, placing {r['placing']:5.2f}, fitting+rest "
            f"{r['fitting_and_rest']:6.2f})  {r['claims']:6d} claims {r['dates']:4d} dates  "
            f"{rate} {goal}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", default="100,1000", help="comma-separated folder sizes")
    ap.add_argument("--timeout", type=float, default=600.0, help="seconds per folder")
    ap.add_argument("--no-baseline", dest="baseline", action="store_false",
                    help="skip the one-process reading of each folder (the baseline)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        warm = root / "warm"
        stories(warm, 1, seed=1)
        cold = seeds_cold(root)
        print(f"{'seeds, cold':18s} {statistics.median(cold):7.2f} s  median of "
              f"{', '.join(f'{t:.2f}' for t in cold)} (python -m geo build; goal < 2 s)")
        warm_runs = _probe(REPO / "seeds", warm, 3, args.timeout)
        if isinstance(warm_runs, str):
            print(f"{'seeds, warm':18s} FAILED: {warm_runs}")
        else:
            best = sorted(warm_runs, key=lambda r: r["total"])[1]
            print(_row("seeds, warm", best, "(median of 3)"))
        for n in (int(x) for x in args.stories.split(",")):
            folder = root / f"n{n}"
            stories(folder, n)
            runs = _probe(folder, warm, 1, args.timeout)
            goal = "(goal < 60 s)" if n == 1000 else ""
            print(f"{n} stories".ljust(18) + f" FAILED: {runs}" if isinstance(runs, str)
                  else _row(f"{n} stories", runs[0], goal), flush=True)
            if args.baseline and not isinstance(runs, str):
                one = _probe(folder, warm, 1, args.timeout, workers=1)
                if isinstance(one, str):
                    print(f"{'  one process':18s} FAILED: {one}")
                else:
                    print(_row(f"{n} (one process)", one[0],
                               f"(baseline: reading {one[0]['reading'] / runs[0]['reading']:.2f}x "
                               f"slower, total {one[0]['total'] / runs[0]['total']:.2f}x)"),
                          flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
