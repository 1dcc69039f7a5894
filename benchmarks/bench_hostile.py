"""Time and memory bounds on hostile input (issue 14).

Run: ``.venv/bin/python benchmarks/bench_hostile.py [--repo PATH] [--days 30,120,240]``

Each case runs in its own Python process (so its peak memory is its own):
wall time and CPU time of the work itself (after imports and after one build of
a good article, so the gazetteers and the language model are loaded before the
clock starts), and the process's peak resident memory (imports and the
language model included: the first row, the good article alone, is that
reference).

* **billion laughs**: a 0.6 KB front matter of nested YAML aliases read
  beside a good article (the goal: under 1 s and 200 MB);
* **every day, growing**: a folder of three articles whose figures grow from
  50 to 1,300 km² over N days, built with a polygon for every day (the goal
  for 240 days: under 5 s; time and memory linear in N);
* **2 MB article**: a 2 MB article of varied sentences beside a good one
  (the goal: under 10 s; extraction is held to ``ARTICLE_TIME_BUDGET_S``);
* **online, no network**: ``python -m geo build --online`` on an article
  naming two places no gazetteer knows, every connection refused (the goal:
  under 60 s, not a minute per name; once asserted by a test).

``--repo`` runs the same cases against another checkout (e.g. an export of the
commit before the fixes) for before/after figures; a case that exceeds
``--timeout`` seconds or ``--memory`` bytes is reported as such.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

GOOD = """---
title: Border offensive update
outlet: Example Wire
published: 2024-08-21
---
Ukrainian forces controlled about 1,000 square kilometres of the Kursk region on 20 August \
2024, analysts at the Institute for the Study of War said.

Ukrainian troops captured Sudzha on 15 August 2024, the general staff said.
"""


def billion_laughs() -> str:
    """Nine levels of nine aliases each: 0.6 KB that a YAML loader may expand 387 million-fold."""
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefg", "bcdefgh"):
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("---\n" + "\n".join(levels) + "\ntitle: *h\n---\n"
            "Russian troops entered Korenevo on 16 August 2024, officials said.\n")


_PLACES = ("Sudzha", "Korenevo", "Lyubimovka", "Malaya Loknya", "Plekhovo", "Guevo",
           "Kurilovka", "Tetkino", "Rylsk", "Glushkovo", "Martynovka", "Kazachya Loknya")
_MONTHS = ("August", "September", "October", "November", "December")
_TEMPLATES = (
    "Ukrainian troops captured {p} on {d} {m} 2024, the general staff said.",
    "Russian forces said they had retaken {p} on {d} {m} 2024 after days of fighting.",
    "Analysts estimated that Ukraine held about {a} square kilometres of the Kursk region on "
    "{d} {m} 2024.",
    "Fighting continued near {p}, where residents described heavy shelling overnight.",
    "A commander near {p} said his unit was digging in along a tree line on Tuesday.",
    "Officials in Kursk said long queues of cars were leaving the area around {p}.",
    "The ministry claimed its units had advanced towards {p} but the report could not be "
    "verified.",
    "By {d} {m}, Kyiv's forces were said to control some {s} square miles inside Russia.",
)


def big_article(size: int = 2_000_000, seed: int = 1) -> str:
    """An article of ``size`` bytes of varied sentences about the front (deterministic)."""
    rnd = random.Random(seed)
    paras, n = [], 0
    while n < size:
        para = " ".join(rnd.choice(_TEMPLATES).format(
            p=rnd.choice(_PLACES), d=rnd.randint(1, 28), m=rnd.choice(_MONTHS),
            a=rnd.randint(300, 1300), s=rnd.randint(100, 500))
            for _ in range(rnd.randint(2, 5)))
        paras.append(para)
        n += len(para) + 1
    head = "---\npublished: 2024-12-30\n---\n"
    return head + "\n".join(paras)[: size - len(head.encode()) - 10]


def growing(folder: Path, days: int) -> None:
    """Three articles: 50 km² on the first day, a capture, 1,300 km² ``days - 1`` later."""
    first = dt.date(2024, 8, 6)
    last = first + dt.timedelta(days=days - 1)
    for name, day, text in (
            ("start.txt", first, "Ukrainian forces controlled about 50 square kilometres of "
                                 f"the Kursk region on {first:%d %B %Y}, analysts said."),
            ("sudzha.txt", first + dt.timedelta(days=5),
             f"Ukrainian troops captured Sudzha on {first + dt.timedelta(days=5):%d %B %Y}, "
             "the general staff said."),
            ("end.txt", last, "Ukrainian forces controlled about 1,300 square kilometres of "
                              f"the Kursk region on {last:%d %B %Y}, analysts said.")):
        (folder / name).write_text(f"---\npublished: {day + dt.timedelta(days=1)}\n---\n"
                                   f"{text}\n", encoding="utf-8")


#: Code run in the measured process: imports first, then the timed work.
_PROBE = textwrap.dedent("""
    import json, resource, sys, time
    from pathlib import Path
    from geo import pipeline, settings
    folder, every_day = Path(sys.argv[1]), sys.argv[2] == "1"
    try:  # theatre packs (an older checkout, given with --repo, may predate them)
        from geo.theater import available_theaters
        packs = (available_theaters(),)
    except ImportError:
        packs = ()
    # warm: the gazetteers, dateparser and the language model load once, before the clock
    pipeline.build(Path(sys.argv[3]), *packs)
    t0, c0 = time.perf_counter(), time.process_time()
    tl = pipeline.build(folder, *packs, every_day=every_day)
    tl = tl.timeline("kursk") if hasattr(tl, "timeline") else tl  # an Atlas: its Kursk front
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"wall": wall, "cpu": cpu, "dates": len(tl.polygons), "peak_mb": peak,
                      "claims": {a.path: sum(1 for c in tl.claims if c.source == a.path)
                                 for a in tl.articles},
                      "problems": [p.message[:160] for p in tl.problems
                                   if p.path not in ("good.txt",)][:4]}))
""")


def measure(repo: Path, folder: Path, every_day: bool, timeout: float,
            memory: int) -> dict[str, object]:
    """Run the pipeline on ``folder`` with ``repo``'s code; times, peak memory, results."""
    import json

    warm = folder.parent / "warm"
    warm.mkdir(exist_ok=True)
    (warm / "good.txt").write_text(GOOD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(repo)}
    cmd = [sys.executable, "-c", _PROBE, str(folder), "1" if every_day else "0", str(warm)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=repo, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: _limit_memory(memory))
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return {"failed": f"still running after {timeout:.0f} s (killed)"}
    if proc.returncode != 0:
        last = (err.strip().splitlines() or ["?"])[-1]
        return {"failed": f"exit {proc.returncode} after {time.perf_counter() - t0:.1f} s: "
                          f"{last[:120]}"}
    return json.loads(out.strip().splitlines()[-1])


def online_without_network(repo: Path, folder: Path, timeout: float) -> str:
    """Wall time of ``python -m geo build --online`` when every connection is refused."""
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "far.txt").write_text(GOOD.replace(
        "Ukrainian troops captured Sudzha", "Fighting was reported near Zzyzxovka and "
        "Qwertyevo; Ukrainian troops captured Sudzha"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(repo), "HOME": str(folder),
           "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9",
           "no_proxy": ""}
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", "geo", "build", str(folder), "--out",
                               str(folder / "out"), "--online"], cwd=repo, env=env,
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"FAILED: still running after {timeout:.0f} s"
    wall = time.perf_counter() - t0
    said = [line.strip() for line in proc.stdout.splitlines() if "looked up online" in line]
    return f"{wall:7.2f} s wall, exit {proc.returncode}: {said[0] if said else 'no give-up note'}"


def _limit_memory(limit: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def show(name: str, r: dict[str, object], goal: str = "") -> None:
    if "failed" in r:
        print(f"{name:34s} FAILED: {r['failed']}")
        return
    print(f"{name:34s} {r['wall']:7.2f} s wall {r['cpu']:7.2f} s CPU  peak {r['peak_mb']:5.0f} MB  "
          f"{r['dates']:4d} dates  {goal}")
    claims = r.get("claims") or {}
    if claims:
        print(f"{'':34s} claims per file: {claims}")
    for p in r.get("problems") or []:
        print(f"{'':34s} - {p}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repo", type=Path, default=REPO, help="checkout whose geo/ to measure")
    ap.add_argument("--days", default="30,120,240,480", help="every-day spans to build")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per case")
    ap.add_argument("--memory", type=int, default=6_000_000_000, help="bytes per case")
    ap.add_argument("--skip-big", action="store_true", help="leave out the 2 MB article")
    args = ap.parse_args(argv)
    print(f"geo/ from {args.repo}; {os.cpu_count()} CPUs; load {os.getloadavg()[0]:.1f}; "
          "peaks include the imports and the language model (see the first row)")
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        root = Path(tmp)
        case = root / "good"
        case.mkdir()
        (case / "good.txt").write_text(GOOD, encoding="utf-8")
        show("the good article alone (reference)",
             measure(args.repo, case, False, args.timeout, args.memory))
        case = root / "laughs"
        case.mkdir()
        (case / "good.txt").write_text(GOOD, encoding="utf-8")
        (case / "laughs.md").write_text(billion_laughs(), encoding="utf-8")
        show(f"billion laughs ({len(billion_laughs())} B)",
             measure(args.repo, case, False, args.timeout, args.memory),
             "(goal: < 1 s, < 200 MB)")
        for days in (int(d) for d in args.days.split(",")):
            case = root / f"every-day-{days}"
            case.mkdir()
            growing(case, days)
            show(f"every day, growing, {days} days",
                 measure(args.repo, case, True, args.timeout, args.memory),
                 "(goal for 240: < 5 s)" if days == 240 else "")
        if not args.skip_big:
            case = root / "big"
            case.mkdir()
            (case / "good.txt").write_text(GOOD, encoding="utf-8")
            text = big_article()
            (case / "big.txt").write_text(text, encoding="utf-8")
            show(f"2 MB article ({len(text.encode()):,} B)",
                 measure(args.repo, case, False, args.timeout, args.memory),
                 "(goal: < 10 s)")
        case = root / "online"
        case.mkdir()
        print(f"{'online, no network (CLI)':34s} "
              f"{online_without_network(args.repo, case, args.timeout)} (goal: < 60 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
