"""The dashboard in a real headless Chromium, with every request leaving localhost blocked.

Starts ``streamlit run dashboard/app.py`` on a free port (always terminated),
drives Debian's Chromium with Playwright and checks what a user would see:
the slider moves the polygon without re-creating the map, the other panels and
the URL follow, the URL's date is honoured, an events-list click moves the
map, hostile text from articles never executes, and nothing is fetched from
outside. The seeds' dashboard is screenshotted to ``docs/images/dashboard.png``.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CHROMIUM_ARGS

from dashboard.devserver import RunningApp, running_app
from sample_data import XSS_NAME

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
SCREENSHOT = REPO / "docs" / "images" / "dashboard.png"
SAMPLE_ENV = {"FRONTLINE_SOURCE": "sample_data:sample_timeline",
              "PYTHONPATH": str(REPO / "tests")}
LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def sample_app() -> Iterator[RunningApp]:
    with running_app(SAMPLE_ENV) as app:
        yield app


class Session:
    """A browser page on the app that records every request it had to block."""

    def __init__(self, browser, *, width: int = 1440, height: int = 1000) -> None:
        self.blocked: list[str] = []
        self.requested: list[str] = []
        self.ctx = browser.new_context(viewport={"width": width, "height": height})
        self.ctx.route("**/*", self._route)
        self.page = self.ctx.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route) -> None:
        url = route.request.url
        self.requested.append(url)
        if url.startswith(LOCAL):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def open(self, url: str):
        """Open the app; return the map's frame once its polygon is drawn."""
        self.page.goto(url)
        return self.map_frame()

    def map_frame(self, timeout_s: float = 60.0):
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for f in self.page.frames:
                if f.name == "frontline-map":
                    try:
                        if f.evaluate("() => !!(window.frontlineMap && "
                                      "document.querySelector('path.fm-held'))"):
                            return f
                    except Exception:  # noqa: BLE001 - frame still loading
                        pass
            self.page.wait_for_timeout(100)  # (lets Playwright process frame events)
        raise AssertionError("the map did not draw its polygon")

    def bridge_frame(self):
        return next(f for f in self.page.frames
                    if "frontline_map" in f.url and f.url.split("?")[0].endswith("index.html"))

    def panel_frame(self, part: str = "summary", timeout_s: float = 60.0):
        """The in-page date panels' frame (``summary`` or ``events``), once it
        follows the map."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for f in self.page.frames:
                if "frontline_panels" not in f.url:
                    continue
                try:
                    if f.evaluate("(p) => !!(window.__datePanels && "
                                  "window.__datePanels.part === p)", part):
                        return f
                except Exception:  # noqa: BLE001 - frame still loading
                    pass
            self.page.wait_for_timeout(100)
        raise AssertionError(f"the {part} panels did not attach to the map")

    def panel_text(self, part: str = "summary") -> str:
        return self.panel_frame(part).evaluate(
            "() => document.getElementById('dp-root').textContent")

    def wait_text(self, text: str, part: str = "summary", timeout_s: float = 15.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if text in self.panel_text(part):
                return
            self.page.wait_for_timeout(50)
        raise AssertionError(f"{text!r} not in the {part} panels: {self.panel_text(part)!r}")

    def metric_values(self) -> list[str]:
        """The headline's area and basis (the in-page panels)."""
        return self.panel_frame().evaluate(
            "() => [...document.querySelectorAll('.dp-metric-value')].map(e => e.textContent)")

    def wait_metric(self, text: str, timeout_s: float = 15.0) -> float:
        start = time.monotonic()
        while time.monotonic() - start < timeout_s:
            if any(text in v for v in self.metric_values()):
                return time.monotonic() - start
            self.page.wait_for_timeout(50)
        raise AssertionError(f"metric {text!r} not shown; have {self.metric_values()}")

    def close(self) -> None:
        self.ctx.close()


def _held_path(frame) -> str:
    return frame.evaluate("() => document.querySelector('path.fm-held').getAttribute('d')")


def _wait_date(frame, iso: str, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if frame.evaluate("() => window.frontlineMap.getDate()") == iso:
            return
        frame.page.wait_for_timeout(50)
    raise AssertionError(f"map is at {frame.evaluate('() => window.frontlineMap.getDate()')}, "
                         f"not {iso}")


def test_slider_moves_polygon_without_remount_and_panels_follow(browser, sample_app) -> None:
    s = Session(browser)
    try:
        frame = s.open(sample_app.url)
        assert frame.evaluate("() => window.frontlineMap.getDate()") == "2025-03-16"
        s.wait_metric("78 km²")
        # mark the iframe element and the Leaflet map object: a remount loses both
        s.page.evaluate("() => { document.querySelector('iframe[title*=frontline_map]')"
                        ".__fmMark = 1; }")
        frame.evaluate("() => { window.frontlineMap.map.__mapMarker = 1; }")
        before = _held_path(frame)
        frame.locator("input.fm-slider").focus()
        frame.locator("input.fm-slider").press("ArrowLeft")
        _wait_date(frame, "2025-03-10")
        assert _held_path(frame) != before
        # the other panels and the URL follow the map's date
        s.wait_metric("400 km²")
        deadline = time.monotonic() + 5
        while "date=2025-03-10" not in s.page.url and time.monotonic() < deadline:
            s.page.wait_for_timeout(50)
        assert "date=2025-03-10" in s.page.url
        s.page.wait_for_timeout(500)  # let the rerun settle; was anything re-created?
        assert s.page.evaluate("() => document.querySelector('iframe[title*=frontline_map]')"
                               ".__fmMark") == 1
        assert s.map_frame() == frame
        assert frame.evaluate("() => window.frontlineMap.map.__mapMarker") == 1
        assert frame.evaluate("() => window.frontlineMap.getDate()") == "2025-03-10"
        # one more step: still the same map, area follows again
        frame.locator("input.fm-slider").press("ArrowLeft")
        _wait_date(frame, "2024-08-20")
        s.wait_metric("1,295 km²")
        assert frame.evaluate("() => window.frontlineMap.map.__mapMarker") == 1
        assert s.blocked == [] and s.errors == []
    finally:
        s.close()


def test_url_date_is_restored_and_events_click_moves_the_map(browser, sample_app) -> None:
    s = Session(browser)
    try:
        frame = s.open(f"{sample_app.url}/?date=2024-08-20&units=sqmi")
        _wait_date(frame, "2024-08-20")
        s.wait_metric("500 sq mi")
        frame.evaluate("() => { window.frontlineMap.map.__mapMarker = 1; }")
        events = s.panel_frame("events")
        show = events.get_by_role("link", name="Show on map").first
        show.scroll_into_view_if_needed()  # the map is now scrolled out of view
        assert not _map_in_view(s.page)
        show.click()
        _wait_date(frame, "2025-03-10")
        s.wait_metric("154 sq mi")
        assert frame.evaluate("() => window.frontlineMap.map.__mapMarker") == 1
        deadline = time.monotonic() + 3  # "Show on map" brings the map into view
        while not _map_in_view(s.page) and time.monotonic() < deadline:
            s.page.wait_for_timeout(50)
        assert _map_in_view(s.page)
        assert "#fm-date" not in s.page.url
        assert s.blocked == [] and s.errors == []
    finally:
        s.close()


def _map_in_view(page) -> bool:
    return page.evaluate("""() => {
        const r = document.querySelector('iframe[title*=frontline_map]').getBoundingClientRect();
        return r.top >= -5 && r.bottom <= innerHeight + 5;
    }""")


def test_hostile_article_text_never_executes(browser, sample_app) -> None:
    """XSS_NAME / XSS_QUOTE of sample_data reach popups, tooltips, tables, messages."""
    s = Session(browser)
    try:
        frame = s.open(f"{sample_app.url}/?date=2025-03-10")
        s.wait_metric("400 km²")
        # open every settlement popup on the map (one of them is the hostile name)
        n = frame.evaluate("() => document.querySelectorAll('path.fm-place').length")
        assert n >= 2
        shown = []
        for i in range(n):
            frame.evaluate("(i) => document.querySelectorAll('path.fm-place')[i]"
                           ".dispatchEvent(new MouseEvent('click', {bubbles: true}))", i)
            s.page.wait_for_timeout(200)
            shown.append(frame.evaluate(
                "() => (document.querySelector('.leaflet-popup-content') || {}).textContent"
                " || ''"))
        assert any("<img src=x" in t for t in shown), shown
        assert any("<script>window.__xss=2</script>" in t for t in shown), shown
        # the events list shows the hostile name and quote as literal text
        events = s.panel_frame("events")
        events.get_by_text('Evil<img src=x onerror="window.__xss=1">ville').first.wait_for()
        events.get_by_text("They said <script>window.__xss=2</script>", exact=False).first \
            .wait_for()
        assert events.evaluate("() => document.querySelector('.dp-place').textContent") \
            == XSS_NAME
        assert events.evaluate("() => document.querySelectorAll('.dp-events script, "
                               ".dp-events img').length") == 0
        # the sources tab (unresolved places, problems) and the chart tooltips
        s.page.get_by_role("tab", name="Sources").click()
        s.page.get_by_text("Problems with the input files").wait_for()
        s.page.get_by_role("tab", name="Events").click()
        chart = s.panel_frame().locator(".dp-chart .dp-point").first
        chart.hover()
        s.page.wait_for_timeout(500)
        for f in s.page.frames:
            assert f.evaluate("() => window.__xss") is None, f.url
            assert f.evaluate("() => document.querySelectorAll('img[src=\"x\"]').length") == 0
        assert not [u for u in s.requested if re.search(r"/x(\?|$)", u)]
        assert s.blocked == []
    finally:
        s.close()


def test_seeds_dashboard_offline_screenshot(browser, tmp_path) -> None:
    """The dashboard on the bundled seeds, offline: polygon, markers, chart.

    The README's screenshot is this test's: with ``UPDATE_DOCS_IMAGES=1``
    (``make docs-images``) it is written to ``docs/images/dashboard.png``,
    otherwise to a temporary folder so a test run leaves the tree clean.
    """
    shot = SCREENSHOT if os.environ.get("UPDATE_DOCS_IMAGES") else tmp_path / "dashboard.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    with running_app() as app:
        s = Session(browser, width=1440, height=1250)
        try:
            frame = s.open(app.url)
            assert frame.evaluate("() => document.querySelectorAll('path.fm-place').length") > 0
            s.panel_frame().locator(".dp-chart .dp-point").first.wait_for()
            s.wait_metric("km²", timeout_s=60)
            s.page.wait_for_timeout(1000)
            s.page.screenshot(path=str(shot))
            assert shot.stat().st_size > 50_000
            assert s.blocked == [] and s.errors == []
        finally:
            s.close()


def test_map_loads_at_once_frames_itself_and_panels_follow(browser, sample_app) -> None:
    """The map page loads while Streamlit may still hide the component frame;
    it frames the polygon once shown, and reports ready, after which the
    chart, the metrics and the sidebar widgets arrive."""
    s = Session(browser)
    try:
        frame = s.open(f"{sample_app.url}/?date=2024-08-20")
        _wait_date(frame, "2024-08-20")
        view = frame.evaluate("() => [innerWidth, innerHeight]")
        rect = frame.evaluate("() => document.querySelector('path.fm-held')"
                              ".getBoundingClientRect().toJSON()")
        assert view[0] > 600 and view[1] > 400
        assert rect["width"] > 50 and rect["height"] > 50
        assert 0 <= rect["left"] and rect["right"] <= view[0]
        assert 0 <= rect["top"] and rect["bottom"] <= view[1]
        assert frame.evaluate("() => isFinite(frontlineMap.map.getZoom())")
        s.panel_frame().locator(".dp-chart .dp-marker").wait_for(state="attached")
        s.wait_metric("1,295 km²")
        s.page.get_by_text("Daily estimates (every day)").wait_for()
        assert s.page.get_by_text("Loading the options…").count() == 0
        assert s.blocked == [] and s.errors == []
    finally:
        s.close()


#: Where the phone, desktop and embed screenshots go: docs/images with UPDATE_DOCS_IMAGES=1
#: (``make docs-images``), else FRONTLINE_SHOTS or a folder under /tmp.
SHOTS = (SCREENSHOT.parent if os.environ.get("UPDATE_DOCS_IMAGES")
         else Path(os.environ.get("FRONTLINE_SHOTS", "/tmp/frontline-shots")))


@pytest.mark.parametrize("height", [400, 600, 800])
def test_embed_fits_its_snippet_with_title_slider_and_credits(browser, sample_app,
                                                               height: int) -> None:
    """The live embed in an iframe of each height the snippet offers: no inner
    scrollbar, and the title, the slider and the credits (attribution line) all
    inside the frame and on top (not covered)."""
    from geo.webmap import iframe_snippet

    s = Session(browser, width=900, height=height + 200)
    try:
        snippet = iframe_snippet(f"{sample_app.url}/?embed=true&date=2025-03-10",
                                 title="Front-line map", height=height)
        s.page.set_content(f"<!DOCTYPE html><body style='margin:0'>{snippet}</body>")
        frame = s.map_frame()
        _wait_date(frame, "2025-03-10")
        app = next(f for f in s.page.frames if f.url.startswith(sample_app.url)
                   and "embed=true" in f.url)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the map grows to the window once shown
            inner = app.evaluate("() => document.querySelector('iframe[title*=frontline_map]')"
                                 ".getBoundingClientRect().bottom")
            if height - 24 <= inner <= height:
                break
            s.page.wait_for_timeout(100)
        assert height - 24 <= inner <= height, inner
        scroll = app.evaluate("() => { const m = document.querySelector("
                              "'[data-testid=stMain]') || document.scrollingElement; "
                              "return [m.scrollHeight, m.clientHeight]; }")
        assert scroll[0] <= scroll[1] + 1, scroll  # no inner scrollbar
        map_top = app.evaluate("() => document.querySelector('iframe[title*=frontline_map]')"
                               ".getBoundingClientRect().top")
        view_h = height - map_top
        for sel in (".fm-title", "input.fm-slider", ".leaflet-control-attribution"):
            box = frame.evaluate(
                """(sel) => { const e = document.querySelector(sel);
                   const r = e.getBoundingClientRect();
                   const hit = document.elementFromPoint(r.left + r.width / 2,
                                                         r.top + r.height / 2);
                   return [r.top, r.bottom, r.left, r.right, innerWidth,
                           !!hit && (e === hit || e.contains(hit))]; }""", sel)
            assert box[0] >= 0 and box[1] <= view_h + 1, (sel, box, view_h)
            assert box[2] >= 0 and box[3] <= box[4] + 1, (sel, box)
            assert box[5], f"{sel} is covered"
        credits = frame.evaluate(
            "() => document.querySelector('.leaflet-control-attribution').textContent")
        assert "GeoNames" in credits and "OpenStreetMap" in credits, credits
        assert frame.evaluate("() => document.querySelector('.fm-title').textContent") \
            .endswith("-held ground in Test Oblast")
        SHOTS.mkdir(parents=True, exist_ok=True)
        s.page.screenshot(path=str(SHOTS / f"embed-{height}.png"))
        assert s.blocked == [] and s.errors == []
    finally:
        s.close()


def test_moved_date_is_announced(browser, sample_app) -> None:
    s = Session(browser)
    try:
        frame = s.open(f"{sample_app.url}/?date=2025-03-14")
        _wait_date(frame, "2025-03-10")
        s.wait_text("No estimate for 14 Mar 2025; showing 10 Mar 2025")
        assert s.panel_frame().evaluate(
            "() => document.querySelector('.dp-moved').getAttribute('role')") == "status"
        assert s.blocked == [] and s.errors == []
    finally:
        s.close()


@pytest.fixture(scope="module")
def seeds_app() -> Iterator[RunningApp]:
    with running_app() as app:
        yield app


def test_seeds_embed_screenshot_in_its_600_px_snippet(browser, seeds_app) -> None:
    """The seeds' live embed in the snippet's 600 px iframe, as a wiki shows it: the
    front's title and the credits inside the frame (``embed-seeds-600.png``)."""
    from geo.webmap import iframe_snippet

    s = Session(browser, width=900, height=640)
    try:
        snippet = iframe_snippet(f"{seeds_app.url}/?embed=true&date=2025-03-16",
                                 title="Front-line map", height=600)
        s.page.set_content(f"<!DOCTYPE html><body style='margin:0'>{snippet}</body>")
        frame = s.map_frame()
        _wait_date(frame, "2025-03-16")
        assert frame.evaluate("() => document.querySelector('.fm-title').textContent") == \
            "Ukrainian-held ground in Kursk Oblast"
        credits = frame.evaluate(
            "() => document.querySelector('.leaflet-control-attribution').textContent")
        assert "GeoNames" in credits and "OpenStreetMap" in credits, credits
        s.page.wait_for_timeout(800)
        SHOTS.mkdir(parents=True, exist_ok=True)
        s.page.screenshot(path=str(SHOTS / "embed-seeds-600.png"))
        assert s.blocked == [] and s.errors == []
    finally:
        s.close()


def test_daily_permalink_restores_the_same_date_and_area(browser, seeds_app) -> None:
    """A link made in daily mode opens on that day with that day's area (not the
    report date before it), steps day by day, and shows one "every day" switch."""
    s = Session(browser)
    try:
        frame = s.open(f"{seeds_app.url}/?date=2024-11-08&units=sqmi&daily=true")
        _wait_date(frame, "2024-11-08", timeout_s=60)
        s.wait_text("8 November 2024", timeout_s=60)
        s.wait_metric("sq mi", timeout_s=60)
        area = next(v for v in s.metric_values() if "sq mi" in v)
        assert area != "499 sq mi" and area != "500 sq mi", area  # not 16 Aug's figure
        assert "daily=true" in s.page.url and "date=2024-11-08" in s.page.url
        assert frame.evaluate("() => { const m = document.querySelector('.fm-mode');"
                              " return !m || m.hidden; }")  # the sidebar's switch only
        frame.locator("input.fm-slider").focus()
        frame.locator("input.fm-slider").press("ArrowRight")
        _wait_date(frame, "2024-11-09")
        s.wait_text("9 November 2024")
        assert s.blocked == [] and s.errors == []
    finally:
        s.close()


@pytest.mark.parametrize("width,height", [(1400, 1000), (390, 844)])
def test_dashboard_screenshots_title_clear_of_the_header(browser, seeds_app, width: int,
                                                         height: int) -> None:
    """The seeds' dashboard on a desktop and a phone: the page title is not covered by
    Streamlit's header bar; the default date is the publication date, figure carried."""
    s = Session(browser, width=width, height=height)
    try:
        frame = s.open(seeds_app.url)
        assert frame.evaluate("() => window.frontlineMap.getDate()") == "2025-03-17"
        s.wait_metric("carried", timeout_s=60)
        boxes = s.page.evaluate("""() => {
            const h = document.querySelector('h3').getBoundingClientRect();
            const bar = document.querySelector('[data-testid=stHeader]');
            return [h.top, bar ? bar.getBoundingClientRect().bottom : 0];
        }""")
        if width < 640:  # a phone: Streamlit's header bar is opaque there
            assert boxes[0] >= boxes[1], boxes
        assert boxes[0] >= 0, boxes
        s.page.wait_for_timeout(800)
        SHOTS.mkdir(parents=True, exist_ok=True)
        s.page.screenshot(path=str(SHOTS / f"dashboard-{width}.png"))
        assert s.blocked == [] and s.errors == []
    finally:
        s.close()


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_inpage_panels_follow_a_slider_move_with_no_streamlit_rerun(browser,
                                                                    sample_app) -> None:
    """The in-page design: the headline, the events' on-date marks, the chart's
    marker and ``?date=`` follow two slider moves while the page sends nothing
    to the server (no rerun) and the server spends next to no CPU; the URL
    written is a permalink to the date."""
    s = Session(browser)
    sent: list[object] = []
    s.page.on("websocket", lambda ws: ws.on("framesent", lambda data: sent.append(data)))
    try:
        frame = s.open(f"{sample_app.url}/?date=2025-03-16")
        s.wait_metric("78 km²")
        summary, events = s.panel_frame(), s.panel_frame("events")
        s.page.wait_for_timeout(1500)  # the map's first report and its one rerun settle
        marker = "() => document.querySelector('.dp-marker').getAttribute('x1')"
        on_date = "() => document.querySelectorAll('.dp-on').length"
        x_first = summary.evaluate(marker)
        assert events.evaluate(on_date) == 0
        before, cpu0 = len(sent), _cpu_s(sample_app.pid)
        frame.locator("input.fm-slider").focus()
        frame.locator("input.fm-slider").press("ArrowLeft")
        _wait_date(frame, "2025-03-10")
        s.wait_metric("400 km²")
        s.wait_text("10 March 2025")
        assert s.metric_values() == ["400 km²", "interpolated"]
        assert summary.evaluate(marker) != x_first
        deadline = time.monotonic() + 5
        while events.evaluate(on_date) != 1 and time.monotonic() < deadline:
            s.page.wait_for_timeout(50)
        assert events.evaluate(on_date) == 1  # the event of 10 March is on the date
        frame.locator("input.fm-slider").press("ArrowLeft")
        _wait_date(frame, "2024-08-20")
        s.wait_metric("1,295 km²")
        deadline = time.monotonic() + 5
        while "date=2024-08-20" not in s.page.url and time.monotonic() < deadline:
            s.page.wait_for_timeout(50)
        assert "date=2024-08-20" in s.page.url
        assert events.evaluate(on_date) == 0
        s.page.wait_for_timeout(800)  # a debounced report would have gone by now
        assert len(sent) == before, "a slider move sent a message to the server"
        assert _cpu_s(sample_app.pid) - cpu0 < 0.5  # no rerun (one costs 20-250 ms)
        # the URL the page wrote is a permalink to the date shown
        frame = s.open(s.page.url)
        _wait_date(frame, "2024-08-20")
        s.wait_metric("1,295 km²")
        assert s.blocked == [] and s.errors == []
    finally:
        s.close()


def test_inpage_downloads_tab_follows_the_date_while_open(browser, sample_app) -> None:
    """While the Downloads tab is open the server needs the date (the image is
    made for it): the map reports its moves again, and the tab follows."""
    s = Session(browser)
    try:
        frame = s.open(f"{sample_app.url}/?date=2025-03-16")
        s.wait_metric("78 km²")
        s.page.get_by_role("tab", name="Downloads & embed").click()
        s.page.get_by_text("Downloads for 16 March 2025").wait_for(timeout=30_000)
        s.page.wait_for_timeout(500)
        frame.locator("input.fm-slider").focus()
        frame.locator("input.fm-slider").press("ArrowLeft")
        _wait_date(frame, "2025-03-10")
        s.page.get_by_text("Downloads for 10 March 2025").wait_for(timeout=30_000)
        s.wait_metric("400 km²")
        assert s.blocked == [] and s.errors == []
    finally:
        s.close()


def test_inpage_headline_and_chart_show_hostile_text_literally(browser) -> None:
    """Hostile claimant, quote and note text in the in-page summary (headline
    sources, basis sentence, notes, chart tooltips) is shown as text; nothing
    runs and nothing is fetched."""
    from sample_data import XSS_QUOTE

    env = {**SAMPLE_ENV, "FRONTLINE_SOURCE": "sample_data:hostile_area_timeline"}
    with running_app(env) as app:
        s = Session(browser)
        try:
            frame = s.open(f"{app.url}/?date=2025-03-16")
            s.wait_metric("78 km²")
            summary = s.panel_frame()
            text = s.panel_text()
            assert f"— {XSS_NAME}" in text  # the quote's claimant
            assert f"⚠ {XSS_QUOTE}" in text  # the date's note
            titles = summary.evaluate(
                "() => [...document.querySelectorAll('.dp-chart title')]"
                ".map(t => t.textContent).join('\\n')")
            assert f"Claimant: {XSS_NAME}" in titles and XSS_QUOTE in titles
            summary.locator(".dp-chart .dp-point").first.hover()
            frame.locator("input.fm-slider").focus()
            frame.locator("input.fm-slider").press("ArrowLeft")
            s.wait_metric("400 km²")
            s.page.wait_for_timeout(300)
            for f in s.page.frames:
                assert f.evaluate("() => window.__xss") is None, f.url
                assert f.evaluate("() => document.querySelectorAll("
                                  "'img[src=\"x\"], .dp-caption script').length") == 0
            assert not [u for u in s.requested if re.search(r"/x(\?|$)", u)]
            assert s.blocked == [] and s.errors == []
        finally:
            s.close()


def test_fragment_design_still_follows_the_slider_through_the_server(browser) -> None:
    """``FRONTLINE_DASHBOARD_DESIGN=fragment`` (kept for the load benchmark): the
    map reports a move, the fragment reruns and its Streamlit panels and the
    URL follow."""
    env = {**SAMPLE_ENV, "FRONTLINE_DASHBOARD_DESIGN": "fragment"}
    with running_app(env) as app:
        s = Session(browser)
        try:
            frame = s.open(f"{app.url}/?date=2025-03-16")
            metric = s.page.locator('[data-testid="stMetricValue"]')
            metric.first.wait_for(timeout=60_000)
            assert "78 km²" in metric.all_inner_texts()
            assert not [f for f in s.page.frames if "frontline_panels" in f.url]
            frame.locator("input.fm-slider").focus()
            frame.locator("input.fm-slider").press("ArrowLeft")
            _wait_date(frame, "2025-03-10")
            deadline = time.monotonic() + 15
            while "400 km²" not in metric.all_inner_texts() and time.monotonic() < deadline:
                s.page.wait_for_timeout(50)
            assert "400 km²" in metric.all_inner_texts()
            while "date=2025-03-10" not in s.page.url and time.monotonic() < deadline:
                s.page.wait_for_timeout(50)
            assert "date=2025-03-10" in s.page.url
            s.page.get_by_role("link", name="Show on map").first.wait_for()
            assert s.blocked == [] and s.errors == []
        finally:
            s.close()
