"""Benchmark the slider map in headless Chromium.

Measures, for the seeds' timeline (when the pipeline can build it) and for a
synthetic stress timeline (200 dates, ~500-vertex polygons, 30 places):

* in-page design (geo.webmap): slider ArrowRight/ArrowLeft -> the held
  polygon's new path in the DOM, and -> the next animation frame after it
  (the browser has drawn it), over >= 25 moves;
* the naive design: rebuild the folium map for the new date in Python and
  load the page fresh (what a server round trip per move amounts to);
* the HTML's size (bytes, gzip bytes) and the Python build time.

Run: ``.venv/bin/python benchmarks/bench_webmap.py [--moves 30] [--naive-moves 25]``
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import http.server
import math
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from shapely.geometry import Point  # noqa: E402

from geo import webmap  # noqa: E402
from geo.models import (  # noqa: E402
    Article,
    Boundaries,
    Claim,
    DatedPolygon,
    PlaceMention,
    PlaceRecord,
    Resolution,
    ResolvedDate,
    Timeline,
)
from geo.projection import area_km2, to_equal_area, to_wgs84  # noqa: E402
from geo.theater import Theater  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

# Installed in the page: time from the key press to the polygon's new path
# (MutationObserver) and to just after the next frame (rAF + setTimeout 0).
PROBE = """() => {
  window.__t = {down: 0, dom: [], frame: []};
  window.addEventListener('keydown', () => { window.__t.down = performance.now(); }, true);
  const path = document.querySelector('path.fm-held');
  new MutationObserver(() => {
    const t0 = window.__t.down;
    if (!t0) return;
    window.__t.dom.push(performance.now() - t0);
    requestAnimationFrame(() => setTimeout(() => window.__t.frame.push(performance.now() - t0), 0));
    window.__t.down = 0;
  }).observe(path, {attributes: true, attributeFilter: ['d']});
}"""


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(q * len(s)) - 1))]


def stress_timeline(theater: Theater, n_dates: int = 200, n_places: int = 30) -> Timeline:
    """200 dates of a wobbly ~500-vertex polygon shrinking from ~1,260 to ~80 km²."""
    region = theater.region
    crs = theater.crs
    centre = region.representative_point()
    for cand in ((35.26, 51.20), (35.2, 51.1)):
        if region.contains(Point(cand)):
            centre = Point(cand)
    c_ea = to_equal_area(centre, crs)
    region_ea = to_equal_area(region, crs)
    d0 = dt.date(2024, 8, 10)
    polys, claims = [], []
    places = []
    for k in range(n_places):
        ang = 2 * math.pi * k / n_places
        p = to_wgs84(Point(c_ea.x + 9000 * math.cos(ang) * (1 + k % 3),
                           c_ea.y + 9000 * math.sin(ang) * (1 + k % 3)), crs)
        places.append((f"Place {k}", p.y, p.x))
    for i in range(n_dates):
        frac = i / (n_dates - 1)
        target = 1262 * (1 - frac) + 78 * frac
        radius = math.sqrt(target * 1e6 / math.pi)
        pts = []
        for j in range(500):
            a = 2 * math.pi * j / 500
            r = radius * (1 + 0.08 * math.sin(7 * a + i * 0.3) + 0.04 * math.sin(23 * a))
            pts.append((c_ea.x + r * math.cos(a), c_ea.y + r * math.sin(a)))
        from shapely.geometry import Polygon
        geom_ea = Polygon(pts).intersection(region_ea)
        geom = to_wgs84(geom_ea, crs)
        status = tuple((name, "held" if geom.contains(Point(lon, lat)) else "lost")
                       for name, lat, lon in places)
        day = d0 + dt.timedelta(days=i)
        cid = f"stress.txt:area:{i}"
        claims.append(Claim(cid, "stress.txt", "stress.txt", "area",
                            f"Analysts put the area at about {target:.0f} square kilometres.",
                            0, 10, "Bench Analyst", "analyst", "Ukraine",
                            date=ResolvedDate(day, day, "day", "that day", "explicit"),
                            value=round(target), unit="km2", measure="held",
                            area_km2=target))
        km2 = area_km2(geom)
        polys.append(DatedPolygon(day, "Ukraine", geom, km2, km2 / 2.589988110336, target,
                                  "reported" if i % 5 == 0 else "interpolated",
                                  (cid,) if i % 5 == 0 else (), status))
    recs = tuple(PlaceRecord(name, (PlaceMention(name, "stress.txt", "stress.txt", 0, 5,
                                                 f"Fighting near {name}."),),
                             Resolution(name, name, lat, lon, "settlement", "bench", 100, "exact"))
                 for name, lat, lon in places)
    art = Article("stress.txt", "stress.txt", "", title="Stress", outlet="Bench",
                  published=d0, published_basis="sidecar")
    return Timeline((art,), (), tuple(claims), recs, tuple(polys), theater=theater)


def load_inputs() -> tuple[Theater, list[tuple[str, Timeline]]]:
    from geo.theater import available_theaters

    theaters = available_theaters()
    kursk = next(t for t in theaters if t.slug == "kursk")
    timelines = []
    try:
        from geo.pipeline import build
        seeds = build(REPO / "seeds", theaters).timeline("kursk")
        if seeds.polygons:
            timelines.append(("seeds", seeds))
        else:
            print("(the seeds' timeline has no polygons)")
    except Exception as exc:  # noqa: BLE001
        print(f"(seeds timeline unavailable: {type(exc).__name__}: {exc})")
    timelines.append(("stress 200 dates x ~500 vertices", stress_timeline(kursk)))
    return kursk.boundaries, timelines


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def bench(name: str, timeline: Timeline, boundaries: Boundaries, browser, base: str,
          root: Path, moves: int, naive_moves: int) -> None:
    print(f"\n== {name}: {len(timeline.polygons)} dates, {len(timeline.places)} places")
    builds = []
    for _ in range(5):
        t0 = time.perf_counter()
        page_html = webmap.map_html(timeline, boundaries)
        builds.append((time.perf_counter() - t0) * 1000)
    raw = page_html.encode("utf-8")
    print(f"HTML: {len(raw):,} bytes, gzip {len(gzip.compress(raw, 6)):,} bytes; "
          f"build in Python: median {statistics.median(builds):.0f} ms")
    (root / "inpage.html").write_bytes(raw)

    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    outbound: list[str] = []
    page.route("**/*", lambda r: r.continue_()
               if r.request.url.startswith((base, "data:", "about:"))
               else (outbound.append(r.request.url), r.abort()))
    t0 = time.perf_counter()
    page.goto(f"{base}/inpage.html")
    page.wait_for_function("() => window.frontlineMap && document.querySelector('path.fm-held')")
    print(f"first load to polygon drawn: {(time.perf_counter() - t0) * 1000:.0f} ms")
    page.evaluate(PROBE)
    page.focus("input.fm-slider")
    n_dates = len(page.evaluate("frontlineMap.dates"))
    key = "ArrowLeft"  # starts at the latest date
    done = 0
    pos = n_dates - 1
    while done < moves:
        if n_dates < 2:
            break
        if (key == "ArrowLeft" and pos == 0) or (key == "ArrowRight" and pos == n_dates - 1):
            key = "ArrowRight" if key == "ArrowLeft" else "ArrowLeft"
        before = page.evaluate("window.__t.frame.length")
        page.keyboard.press(key)
        page.wait_for_function(f"() => window.__t.frame.length > {before}")
        pos = page.evaluate("frontlineMap.dates.indexOf(frontlineMap.getDate())")
        done += 1
    t = page.evaluate("window.__t")
    ctx.close()
    if not t["dom"]:
        print("in-page: fewer than two dates, nothing to move")
        return
    dom, frame = t["dom"], t["frame"]
    print(f"in-page (design C2), {len(dom)} moves: key -> new path in DOM median "
          f"{statistics.median(dom):.1f} ms, p90 {_pct(dom, .9):.1f} ms; -> next frame median "
          f"{statistics.median(frame):.1f} ms, p90 {_pct(frame, .9):.1f} ms")
    print(f"outbound requests: {len(outbound)}")

    # naive: rebuild the folium map for each date and load it fresh
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    page = ctx.new_page()
    page.route("**/*", lambda r: r.continue_()
               if r.request.url.startswith((base, "data:", "about:"))
               else r.abort())
    dates = [p.date for p in timeline.polygons]
    naive = []
    idx = len(dates) - 1
    step = -1
    for k in range(naive_moves):
        if idx + step < 0 or idx + step >= len(dates):
            step = -step
        idx += step
        t0 = time.perf_counter()
        html_k = webmap.map_html(timeline, boundaries, date=dates[idx])
        (root / f"naive{k % 2}.html").write_text(html_k, encoding="utf-8")
        page.goto(f"{base}/naive{k % 2}.html")
        page.wait_for_function("() => window.frontlineMap && document.querySelector('path.fm-held')"
                               " && document.querySelector('path.fm-held').getAttribute('d')")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        naive.append((time.perf_counter() - t0) * 1000)
    ctx.close()
    print(f"naive (rebuild + reload per date), {len(naive)} moves: median "
          f"{statistics.median(naive):.0f} ms, p90 {_pct(naive, .9):.0f} ms")
    print(f"ratio naive / in-page (median, to next frame): "
          f"{statistics.median(naive) / statistics.median(frame):.0f}x")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--moves", type=int, default=30)
    ap.add_argument("--naive-moves", type=int, default=25)
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    boundaries, timelines = load_inputs()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        handler = functools.partial(_Quiet, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for name, tl in timelines:
                    bench(name, tl, boundaries, browser, base, root, args.moves, args.naive_moves)
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
