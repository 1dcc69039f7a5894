"""Many readers at once: slider moves in N concurrent dashboard sessions (issue 10).

Run: ``.venv/bin/python benchmarks/bench_load.py [--designs inpage,fragment,full]
[--sessions 1,5,10,20] [--moves 12]``

One server per design runs in this same run, on the bundled seeds, one after
the other (``FRONTLINE_DASHBOARD_DESIGN``):

* **inpage** (the dashboard's default): the page holds every date's headline,
  events and chart (sent once per timeline); a slider move swaps them in the
  page and writes ``?date=`` itself, with no message to the server;
* **fragment**: a slider move reruns only the fragment that
  follows the date (map report, headline, chart marker, events), the chart's
  spec is built once per timeline, and the server keeps the URL;
* **full rerun** (the naive design, ``FRONTLINE_DASHBOARD_FULL_RERUN=1`` and
  Streamlit's default ``runner.postScriptGC = true``): every move reruns the
  whole script, rebuilds the chart with Altair, and Streamlit then runs a full
  garbage collection over the whole heap (the pipeline's data and the language
  model: about 150 ms, most of a move's cost).

For each N, one Chromium (Debian's, every request leaving localhost blocked)
opens N contexts on the server; every session then makes ``--moves`` slider
moves (ArrowLeft/ArrowRight on the map's own slider, a walk over the
timeline), waiting for its panels to follow and then a random think time of
0.5-1.5 x ``--think-ms`` before the next. Measured in the page, from the key
press (``performance.timeOrigin + now()`` in the map frame):

* **map changes**: the map's date changed and the next frame was painted;
* **panels follow**: the headline (an ``h4`` in the page or in a panels frame)
  shows the new date and the URL holds it.

Server CPU per move (``/proc/<pid>/stat`` across the move phase, divided by
the moves made; and net of the server's idle CPU, measured over ``IDLE_S``
seconds just before the moves, for the phase's length) and the server's RSS
after the phase. First render: one fresh
context on a warm server, ``goto`` to the polygon drawn and to the panels
(headline metric) shown, median of three.

The load generator (Chromium with N pages) and the server share the machine's
cores, as in the issue's table.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from dashboard.devserver import running_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")
#: The walk over the seeds' six dates, from the third: right, right, left, left, ...
WALK = ("ArrowRight", "ArrowRight", "ArrowLeft", "ArrowLeft")
START_DATE = "2025-03-10"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

#: Installed in the map frame: time of the last key press and of the paint after the
#: date changed (absolute high-resolution times, comparable across frames).
_MAP_PROBE = """
() => {
  if (window.__loadProbe) return true;
  const now = () => performance.timeOrigin + performance.now();
  const p = window.__loadProbe = {kd: null, drawn: null, iso: null};
  document.addEventListener('keydown', () => { p.kd = now(); p.drawn = null; p.iso = null; },
                            true);
  window.frontlineMap.onDateChange((iso) => {
    p.iso = iso;
    requestAnimationFrame(() => { p.drawn = now(); });
  });
  return true;
}
"""

#: Installed in the top page: polls (every 5 ms) until the headline shows ``label``
#: and the URL holds ``iso``; records the absolute time.
_FOLLOW_PROBE = """
([iso, label]) => {
  const now = () => performance.timeOrigin + performance.now();
  const st = window.__follow = {done: null};
  const tick = () => {
    const heads = [...document.querySelectorAll('h4')];
    for (const f of document.querySelectorAll('iframe')) {   // the in-page panels
      try { heads.push(...f.contentDocument.querySelectorAll('h4')); } catch (e) { /* cross */ }
    }
    let shown = false;
    for (const h of heads) if (h.textContent.includes(label)) { shown = true; break; }
    if (shown && location.search.includes('date=' + iso)) { st.done = now(); return; }
    setTimeout(tick, 5);
  };
  tick();
}
"""


def _label(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{d} {MONTHS[m - 1]} {y}"


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    vals = sorted(values)
    return vals[min(len(vals) - 1, max(0, math.ceil(q * len(vals)) - 1))]


async def _route(route) -> None:
    if route.request.url.startswith(LOCAL):
        await route.continue_()
    else:
        await route.abort()


async def _map_frame(page, timeout_s: float = 90.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for f in page.frames:
            if f.name == "frontline-map":
                try:
                    if await f.evaluate("() => !!(window.frontlineMap && "
                                        "document.querySelector('path.fm-held'))"):
                        return f
                except Exception:  # noqa: BLE001 - still loading
                    pass
        await page.wait_for_timeout(20)
    raise RuntimeError("the map did not draw")


#: True once the headline's area is shown (a Streamlit metric, or the in-page panels').
_PANELS_SHOWN = """
() => {
  if (document.querySelector('[data-testid="stMetricValue"]')) return true;
  for (const f of document.querySelectorAll('iframe')) {
    try {
      const v = f.contentDocument.querySelector('.dp-area');
      if (v && v.textContent) return true;
    } catch (e) { /* another origin */ }
  }
  return false;
}
"""


async def _open(browser, url: str):
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
    await ctx.route("**/*", _route)
    page = await ctx.new_page()
    t0 = time.perf_counter()
    await page.goto(url, timeout=180_000)
    frame = await _map_frame(page)
    t_map = time.perf_counter() - t0
    await page.wait_for_function(_PANELS_SHOWN, timeout=60_000, polling=20)
    t_panels = time.perf_counter() - t0
    return ctx, page, frame, t_map, t_panels


async def _session(browser, url: str, moves: int, think_ms: float, rng: random.Random,
                   ready: asyncio.Event, out: dict) -> None:
    async with OPENING:  # a few first renders at a time, as readers arrive
        ctx, page, frame, _t_map, _t_panels = await _open(browser, url)
    try:
        await frame.evaluate(_MAP_PROBE)
        slider = frame.locator("input.fm-slider")
        out["opened"] += 1
        await ready.wait()
        await asyncio.sleep(rng.uniform(0, think_ms / 1000))  # sessions out of step
        for k in range(moves):
            key = WALK[k % len(WALK)]
            await slider.press(key)
            deadline = time.monotonic() + 20
            iso = None
            while time.monotonic() < deadline:
                iso = await frame.evaluate("() => window.__loadProbe.iso")
                if iso:
                    break
                await asyncio.sleep(0.005)
            if not iso:
                out["failed"] += 1
                continue
            await page.evaluate(_FOLLOW_PROBE, [iso, _label(iso)])
            while time.monotonic() < deadline:
                done = await page.evaluate("() => window.__follow.done")
                if done is not None:
                    probe = await frame.evaluate("() => window.__loadProbe")
                    if probe["drawn"] is not None:
                        out["map"].append(probe["drawn"] - probe["kd"])
                    out["follow"].append(done - probe["kd"])
                    break
                await asyncio.sleep(0.02)
            else:
                out["failed"] += 1
            await asyncio.sleep(rng.uniform(0.5, 1.5) * think_ms / 1000)
    finally:
        await ctx.close()


OPENING: asyncio.Semaphore
#: Seconds of quiet before the moves, to measure the server's idle CPU (its own
#: timers: file watcher, websocket keep-alives), subtracted in "net of idle".
IDLE_S = 3.0


async def _load(browser, url: str, pid: int, n: int, moves: int, think_ms: float) -> dict:
    global OPENING
    OPENING = asyncio.Semaphore(3)
    out = {"map": [], "follow": [], "failed": 0, "opened": 0}
    ready = asyncio.Event()
    rng = random.Random(n)
    tasks = [asyncio.create_task(_session(browser, url, moves, think_ms,
                                          random.Random(rng.random()), ready, out))
             for _ in range(n)]
    while out["opened"] < n:
        if any(t.done() for t in tasks):
            for t in tasks:
                if t.done() and t.exception():
                    raise t.exception()
        await asyncio.sleep(0.1)
    await asyncio.sleep(1.0)  # let the last first renders settle
    idle0, i0 = _cpu_s(pid), time.monotonic()
    await asyncio.sleep(IDLE_S)  # the server's own CPU while nobody moves
    out["idle_ms_s"] = (_cpu_s(pid) - idle0) * 1000 / (time.monotonic() - i0)
    cpu0, t0 = _cpu_s(pid), time.monotonic()
    ready.set()
    await asyncio.gather(*tasks)
    made = len(out["follow"]) + out["failed"]
    out["cpu_ms"] = (_cpu_s(pid) - cpu0) * 1000 / max(made, 1)
    out["rss_mb"] = _rss_mb(pid)
    out["seconds"] = time.monotonic() - t0
    out["net_ms"] = max(0.0, out["cpu_ms"] - out["idle_ms_s"] * out["seconds"] / max(made, 1))
    return out


#: The environment of each design's server.
DESIGN_ENV = {
    "inpage": {"FRONTLINE_DASHBOARD_DESIGN": "inpage"},
    "fragment": {"FRONTLINE_DASHBOARD_DESIGN": "fragment"},
    "full": {"FRONTLINE_DASHBOARD_FULL_RERUN": "1", "STREAMLIT_RUNNER_POST_SCRIPT_GC": "true"},
}
TITLES = {"inpage": "in-page panels (the dashboard's default)",
          "fragment": "fragment rerun per move",
          "full": "full rerun per move (naive baseline)"}


async def _design(browser, name: str, sessions: list[int], moves: int,
                  think_ms: float) -> dict:
    env = DESIGN_ENV[name]
    results: dict = {"rows": {}}
    with running_app(env) as app:
        url = f"{app.url}/?date={START_DATE}"
        ctx, *_ = await _open(browser, url)  # builds the caches (cold)
        await ctx.close()
        firsts = []
        for _ in range(3):
            ctx, _page, _frame, t_map, t_panels = await _open(browser, url)
            firsts.append((t_map, t_panels))
            await ctx.close()
        results["first_map"] = statistics.median(f[0] for f in firsts)
        results["first_panels"] = statistics.median(f[1] for f in firsts)
        results["rss_idle"] = _rss_mb(app.pid)
        for n in sessions:
            results["rows"][n] = await _load(browser, url, app.pid, n, moves, think_ms)
            print(f"  {name} N={n}: done", file=sys.stderr)
    return results


def _table(name: str, res: dict) -> None:
    print(f"{name}: first render (warm server, fresh page): map {res['first_map']:.2f} s, "
          f"panels {res['first_panels']:.2f} s; server RSS idle {res['rss_idle']:.0f} MB")
    print("| sessions | map changes (p50 / p95) | panels follow (p50 / p95) "
          "| server CPU per move (net of idle) | server idle CPU | server RSS "
          "| moves (failed) |")
    print("|---|---|---|---|---|---|---|")
    for n, r in res["rows"].items():
        print(f"| {n} | {statistics.median(r['map']) if r['map'] else float('nan'):.1f} / "
              f"{_pct(r['map'], 0.95):.1f} ms | "
              f"{statistics.median(r['follow']) if r['follow'] else float('nan'):,.0f} / "
              f"{_pct(r['follow'], 0.95):,.0f} ms | {r['cpu_ms']:.0f} ms "
              f"({r['net_ms']:.0f} ms) | {r['idle_ms_s']:.0f} ms/s | "
              f"{r['rss_mb']:.0f} MB | {len(r['follow']) + r['failed']} ({r['failed']}) |")


async def _main(args) -> int:
    from conftest import CHROMIUM_ARGS
    from playwright.async_api import async_playwright

    sessions = [int(s) for s in args.sessions.split(",")]
    designs = [d.strip() for d in args.designs.split(",") if d.strip()]
    if args.no_baseline:
        designs = [d for d in designs if d != "full"]
    unknown = sorted(set(designs) - set(DESIGN_ENV))
    if unknown:
        print(f"unknown design(s): {', '.join(unknown)}; choose from {', '.join(DESIGN_ENV)}",
              file=sys.stderr)
        return 2
    results: dict[str, dict] = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name in designs:
                results[name] = await _design(browser, name, sessions, args.moves,
                                              args.think_ms)
        finally:
            await browser.close()
    print(f"Seeds, {args.moves} moves per session, think time 0.5-1.5 x {args.think_ms:.0f} ms; "
          f"one Chromium with N contexts and the server on the same {os.cpu_count()} cores; "
          f"load average before the run {args.load_before}")
    for name, res in results.items():
        print()
        _table(TITLES[name], res)
        if name != "full" and "full" in results:
            print()
            for n in sessions:
                print(_ratio_line(n, res["rows"][n], results["full"]["rows"][n]))
    return 0


def _ratio_line(n: int, design: dict, full: dict) -> str:
    """``N=20: server CPU per move full/design 98.2x; panels follow p95 full/design 4.1x``."""
    cpu = full["cpu_ms"] / max(design["cpu_ms"], 0.1)
    follow = _pct(full["follow"], .95) / max(_pct(design["follow"], .95), 0.1)
    return (f"N={n}: server CPU per move full/this {cpu:.1f}x; "
            f"panels follow p95 full/this {follow:.1f}x")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sessions", default="1,5,10,20", help="comma-separated N")
    ap.add_argument("--moves", type=int, default=12, help="slider moves per session")
    ap.add_argument("--think-ms", type=float, default=1000.0,
                    help="mean pause between a session's moves")
    ap.add_argument("--designs", default="inpage,fragment,full",
                    help="comma-separated designs to measure: inpage, fragment, full")
    ap.add_argument("--no-baseline", action="store_true",
                    help="skip the naive full-rerun design")
    args = ap.parse_args(argv)
    args.load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return asyncio.run(_main(args))


if __name__ == "__main__":
    raise SystemExit(main())
