"""Dashboard speed in a real browser: in-page slider map vs the naive st_folium rebuild.

Run: ``.venv/bin/python benchmarks/bench_dashboard.py [--moves 30]``

Both designs run as real Streamlit servers in this run, on the same synthetic
timeline (120 dates, ~400-vertex polygons, 30 settlements; deterministic),
driven by Debian's Chromium with every request leaving localhost blocked
(the naive page's CDN scripts are served from the local xstatic packages so
it can draw at all offline):

* **in-page** (the dashboard): ArrowRight on the map's own slider; the map
  swaps the polygon in the page, and the in-page date panels follow and write
  the URL (``FRONTLINE_DASHBOARD_DESIGN=fragment``: the map reports the date
  to Streamlit, whose rerun updates the other panels and the URL).
* **naive** (design A of ``map-performance.md``): a ``st.select_slider``; every
  rerun rebuilds a ``folium.Map`` and shows it with ``st_folium``.

Measured per move, in the page (``performance.now()`` across same-origin
frames, 1 ms polling): key press -> a polygon path with new geometry drawn
(after the next animation frame); for the dashboard also key press -> the
URL shows the new date (end of the rerun that updated the panels). Also:
first render with a warm server cache, bytes sent to the browser (HTTP bodies
as encoded on the wire + websocket payloads), and server CPU per move (from
``/proc/<pid>/stat``). Finally the dashboard on the bundled seeds: first
render and bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from shapely.geometry import Polygon  # noqa: E402

from geo.models import (  # noqa: E402
    Article,
    Claim,
    DatedPolygon,
    PlaceMention,
    PlaceRecord,
    Resolution,
    ResolvedDate,
    Timeline,
)
from geo.settings import KM2_PER_SQ_MI  # noqa: E402

from dashboard.devserver import running_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")
N_DATES, N_VERTICES, N_PLACES = 120, 400, 30


# --- the synthetic timeline (importable as a FRONTLINE_SOURCE factory) -------

def synthetic_timeline() -> Timeline:
    """120 daily polygons shrinking near Sudzha, 30 places, one area claim per date."""
    rng = random.Random(42)
    start = dt.date(2024, 8, 10)
    lat0, lon0 = 51.25, 35.25
    art = Article("bench.txt", "bench.txt", "(synthetic)", title="Benchmark",
                  outlet="Bench", published=start + dt.timedelta(days=N_DATES),
                  published_basis="sidecar")
    places, claims, polygons = [], [], []
    pts = [(lat0 + rng.uniform(-0.25, 0.25), lon0 + rng.uniform(-0.35, 0.35))
           for _ in range(N_PLACES)]
    for i, (lat, lon) in enumerate(pts):
        name = f"Place {i:02d}"
        places.append(PlaceRecord(
            name, (PlaceMention(name, "bench.txt", "bench.txt", 0, 1, f"Fighting in {name}."),),
            Resolution(name, name, lat, lon, "settlement", "gazetteer", 100.0, "exact")))
    for k in range(N_DATES):
        day = start + dt.timedelta(days=k)
        scale = 1.0 - 0.8 * k / N_DATES
        ring = []
        for v in range(N_VERTICES):
            a = 2 * math.pi * v / N_VERTICES
            r = scale * (0.3 + 0.04 * math.sin(7 * a + k) + rng.uniform(-0.01, 0.01))
            ring.append((lon0 + 1.4 * r * math.cos(a), lat0 + 0.9 * r * math.sin(a)))
        geom = Polygon(ring)
        km2 = 2000.0 * scale * scale
        cid = f"bench.txt:area:{k}"
        claims.append(Claim(cid, "bench.txt", "bench.txt", "area", f"They held {km2:.0f} km2.",
                            k, k + 1, "Bench Analyst", "analyst", "Ukraine",
                            date=ResolvedDate(day, day, "day", "that day", "explicit"),
                            value=round(km2), unit="km2", measure="held", area_km2=km2,
                            area_sq_mi=km2 / KM2_PER_SQ_MI))
        status = tuple((p.name, ("held", "lost", "contested", "unknown")[(j + k // 10) % 4])
                       for j, p in enumerate(places))
        polygons.append(DatedPolygon(day, "Ukraine", geom, km2, km2 / KM2_PER_SQ_MI, km2,
                                     "reported", (cid,), status))
    from geo.theater import load_theater

    return Timeline((art,), (), tuple(claims), tuple(places), tuple(polygons),
                    theater=load_theater("kursk"), method="Synthetic benchmark timeline.")


NAIVE_APP = textwrap.dedent('''
    """Design A: rebuild the folium map on every rerun and show it with st_folium."""
    import sys
    sys.path.insert(0, {bench_dir!r})
    import folium
    import streamlit as st
    from streamlit_folium import st_folium
    from shapely.geometry import mapping
    from bench_dashboard import synthetic_timeline

    @st.cache_resource
    def timeline():
        return synthetic_timeline()

    tl = timeline()
    dates = [p.date for p in tl.polygons]
    day = st.select_slider("Date", options=dates, value=dates[{start}], key="day")
    poly = next(p for p in tl.polygons if p.date == day)
    status = dict(poly.place_status)
    colors = {{"held": "#1d4f8c", "lost": "#b23a2b", "contested": "#d08a1c",
               "unknown": "#8c8880"}}
    m = folium.Map(location=[51.25, 35.25], zoom_start=9, tiles=None)
    folium.GeoJson(mapping(poly.geometry), style_function=lambda f: {{
        "fillColor": "#2f6db5", "color": "#1d4f8c", "weight": 2}}).add_to(m)
    for place in tl.places:
        r = place.resolution
        c = colors[status.get(place.name, "unknown")]
        folium.CircleMarker([r.lat, r.lon], radius=6, color="white", fill_color=c,
                            fill_opacity=1, popup=folium.Popup(place.mentions[0].quote),
                            tooltip=place.name).add_to(m)
    st.write(f"{{day}}: {{poly.area_km2:,.0f}} km²")
    st_folium(m, height=600, width=900, returned_objects=[])
''')


# --- browser side -------------------------------------------------------------

_PROBE_JS = """
() => {
  const docs = (doc, out) => {
    out.push(doc);
    for (const f of doc.querySelectorAll('iframe')) {
      try { if (f.contentDocument) docs(f.contentDocument, out); } catch (e) {}
    }
    return out;
  };
  const paths = () => {
    const ds = [];
    for (const d of docs(document, [])) for (const p of d.querySelectorAll('path')) {
      const v = p.getAttribute('d'); if (v && v.length > 200) ds.push(v);
    }
    return ds;
  };
  const mapDate = () => {
    for (const d of docs(document, [])) {
      const w = d.defaultView;
      if (w && w.frontlineMap && w.frontlineMap.getDate) return w.frontlineMap.getDate();
    }
    return null;
  };
  window.__bench = {
    arm() {
      const before = new Set(paths());
      const b = {t0: performance.now(), drawn: null, url: null, iso: null};
      window.__benchState = b;
      const tick = () => {
        if (b.drawn === null) {
          if (paths().some(d => !before.has(d))) {
            requestAnimationFrame(() => { b.drawn = performance.now() - b.t0; });
            b.iso = mapDate();
          }
        } else if (b.url === null && b.iso && location.search.includes('date=' + b.iso)) {
          b.url = performance.now() - b.t0;
        }
        if (b.drawn === null || (b.iso && b.url === null)) setTimeout(tick, 1);
      };
      setTimeout(tick, 0);
    },
    hasPolygon() { return paths().length > 0; },
  };
}
"""


class Meter:
    """A browser page with byte counters and offline routing."""

    def __init__(self, browser) -> None:
        self.ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
        self.blocked: list[str] = []
        self.ctx.route("**/*", self._route)
        self.page = self.ctx.new_page()
        self.http_bytes = 0  # everything but Streamlit's own frontend bundle
        self.static_bytes = 0  # Streamlit's frontend (/static/: same for every app, cached)
        self.ws_bytes = 0
        self.page.on("websocket", self._ws)
        self.page.on("requestfinished", self._finished)

    def _ws(self, ws) -> None:
        ws.on("framereceived", lambda payload: self._add_ws(payload))

    def _add_ws(self, payload) -> None:
        self.ws_bytes += len(payload)

    def _finished(self, request) -> None:
        try:
            size = request.sizes()["responseBodySize"]
        except Exception:  # noqa: BLE001
            return
        if "/static/" in request.url:
            self.static_bytes += size
        else:
            self.http_bytes += size

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(LOCAL):
            route.continue_()
            return
        local = _cdn_substitute(url)
        if local is not None:  # the naive page's CDN assets, served locally
            body, ctype = local
            route.fulfill(status=200, body=body, content_type=ctype)
            return
        self.blocked.append(url)
        route.abort()

    def first_render(self, url: str, timeout_s: float = 90.0) -> float:
        t0 = time.perf_counter()
        self.page.goto(url)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self.page.evaluate(_PROBE_JS)
            if self.page.evaluate("() => window.__bench.hasPolygon()"):
                return time.perf_counter() - t0
            self.page.wait_for_timeout(10)
        raise RuntimeError(f"no polygon drawn at {url}")

    def move(self, press, *, want_url: bool, timeout_s: float = 10.0) -> tuple[float, float | None]:
        self.page.evaluate(_PROBE_JS)
        self.page.evaluate("() => window.__bench.arm()")
        press()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            st = self.page.evaluate("() => window.__benchState")
            if st["drawn"] is not None and (not want_url or st["url"] is not None):
                return st["drawn"], st["url"]
            self.page.wait_for_timeout(5)
        raise RuntimeError(f"move not completed: {st}")

    def close(self) -> None:
        self.ctx.close()


def _cdn_substitute(url: str) -> tuple[bytes, str] | None:
    import xstatic.pkg.jquery as xj
    import xstatic.pkg.leaflet as xl

    name = url.split("?")[0].rsplit("/", 1)[-1]
    if name == "leaflet.js":
        return (Path(xl.BASE_DIR) / "leaflet.js").read_bytes(), "application/javascript"
    if name == "leaflet.css":
        return (Path(xl.BASE_DIR) / "leaflet.css").read_bytes(), "text/css"
    if name.startswith("jquery") and name.endswith(".js"):
        return (Path(xj.BASE_DIR) / "jquery.min.js").read_bytes(), "application/javascript"
    if name.endswith(".js"):
        return b"", "application/javascript"
    if name.endswith(".css"):
        return b"", "text/css"
    return None


def _cpu_s(pid: int) -> float:
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _stats(values: list[float]) -> tuple[float, float]:
    vals = sorted(values)
    p90 = vals[min(len(vals) - 1, math.ceil(0.9 * len(vals)) - 1)]
    return statistics.median(vals), p90


def bench_dashboard(browser, moves: int) -> dict:
    env = {"FRONTLINE_SOURCE": "bench_dashboard:synthetic_timeline",
           "PYTHONPATH": str(REPO / "benchmarks")}
    start = synthetic_timeline().dates[40].isoformat()
    with running_app(env) as app:
        warmup = Meter(browser)
        cold = warmup.first_render(f"{app.url}/?date={start}")
        warmup.close()
        m = Meter(browser)
        warm = m.first_render(f"{app.url}/?date={start}")
        m.page.wait_for_timeout(1500)
        load_bytes = (m.http_bytes, m.ws_bytes)
        frame = next(f for f in m.page.frames if f.name == "frontline-map")
        slider = frame.locator("input.fm-slider")
        slider.focus()
        m.http_bytes = m.ws_bytes = 0
        cpu0 = _cpu_s(app.pid)
        drawn, follow = [], []
        for _ in range(moves):
            d, u = m.move(lambda: slider.press("ArrowRight"), want_url=True)
            drawn.append(d)
            follow.append(u)
        m.page.wait_for_timeout(300)
        cpu = (_cpu_s(app.pid) - cpu0) / moves
        per_move = (m.http_bytes + m.ws_bytes) / moves
        blocked = list(m.blocked)
        m.close()
    return {"cold": cold, "warm": warm, "load_bytes": load_bytes, "drawn": drawn,
            "follow": follow, "cpu": cpu, "per_move": per_move, "blocked": blocked}


def bench_naive(browser, moves: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="frontline-naive-") as tmp:
        app_file = Path(tmp) / "naive_app.py"
        app_file.write_text(NAIVE_APP.format(bench_dir=str(REPO / "benchmarks"), start=40))
        with running_app({}, app=app_file) as app:
            warmup = Meter(browser)
            warmup.first_render(app.url)
            warmup.close()
            m = Meter(browser)
            warm = m.first_render(app.url)
            m.page.wait_for_timeout(1500)
            load_bytes = (m.http_bytes, m.ws_bytes)
            thumb = m.page.get_by_role("slider").first
            thumb.focus()
            m.http_bytes = m.ws_bytes = 0
            cpu0 = _cpu_s(app.pid)
            drawn = []
            for _ in range(moves):
                d, _u = m.move(lambda: thumb.press("ArrowRight"), want_url=False)
                drawn.append(d)
                m.page.wait_for_timeout(150)  # let the rerun finish before the next move
            cpu = (_cpu_s(app.pid) - cpu0) / moves
            per_move = (m.http_bytes + m.ws_bytes) / moves
            m.close()
    return {"warm": warm, "load_bytes": load_bytes, "drawn": drawn, "cpu": cpu,
            "per_move": per_move}


def bench_seeds(browser) -> dict:
    with running_app() as app:
        warmup = Meter(browser)
        cold = warmup.first_render(app.url)
        warmup.close()
        m = Meter(browser)
        warm = m.first_render(app.url)
        m.page.wait_for_timeout(1500)
        out = {"cold": cold, "warm": warm, "load_bytes": (m.http_bytes, m.ws_bytes),
               "static": m.static_bytes, "blocked": list(m.blocked)}
        m.close()
    return out


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(REPO / "tests"))
    from conftest import CHROMIUM_ARGS

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--moves", type=int, default=30, help="slider moves per design")
    args = ap.parse_args(argv)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            dash = bench_dashboard(browser, args.moves)
            naive = bench_naive(browser, args.moves)
            seeds = bench_seeds(browser)
        finally:
            browser.close()

    dm, dp = _stats(dash["drawn"])
    nm, np90 = _stats(naive["drawn"])
    fm, fp = _stats(dash["follow"])
    kb = 1024
    print(f"Synthetic timeline: {N_DATES} dates x ~{N_VERTICES} vertices, {N_PLACES} places; "
          f"{args.moves} moves per design (ArrowRight)")
    print()
    print(f"{'design':<34}{'median ms':>11}{'p90 ms':>9}{'CPU/move ms':>13}{'bytes/move':>12}")
    print(f"{'in-page slider (dashboard)':<34}{dm:>11.1f}{dp:>9.1f}"
          f"{dash['cpu'] * 1000:>13.0f}{dash['per_move']:>12,.0f}")
    print(f"{'naive: folium rebuild + st_folium':<34}{nm:>11.1f}{np90:>9.1f}"
          f"{naive['cpu'] * 1000:>13.0f}{naive['per_move']:>12,.0f}")
    print(f"ratio naive / in-page: median {nm / dm:.1f}x, p90 {np90 / dp:.1f}x")
    print(f"dashboard panels + URL follow (press -> rerun done): median {fm:.0f} ms, "
          f"p90 {fp:.0f} ms")
    print()
    print(f"first render, dashboard (synthetic): cold cache {dash['cold']:.2f} s, "
          f"warm {dash['warm']:.2f} s; bytes: HTTP {dash['load_bytes'][0] / kb:,.0f} KB "
          f"+ websocket {dash['load_bytes'][1] / kb:,.0f} KB")
    print(f"first render, naive (synthetic): warm {naive['warm']:.2f} s; bytes: HTTP "
          f"{naive['load_bytes'][0] / kb:,.0f} KB + websocket "
          f"{naive['load_bytes'][1] / kb:,.0f} KB")
    print(f"first render, dashboard on the seeds: cold cache {seeds['cold']:.2f} s, warm "
          f"{seeds['warm']:.2f} s; bytes for the seeds' timeline: HTTP (map page) "
          f"{seeds['load_bytes'][0] / kb:,.0f} KB + websocket "
          f"{seeds['load_bytes'][1] / kb:,.0f} KB = {sum(seeds['load_bytes']) / kb:,.0f} KB; "
          f"plus Streamlit's own frontend bundle {seeds['static'] / kb:,.0f} KB "
          "(identical for every Streamlit app, browser-cached)")
    print("(bytes excluding Streamlit's bundle unless stated; HTTP bodies as encoded on the "
          "wire; websocket payloads before per-message compression, which is on)")
    blocked = dash["blocked"] + seeds["blocked"]
    print(f"requests leaving localhost from the dashboard: {len(blocked)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
