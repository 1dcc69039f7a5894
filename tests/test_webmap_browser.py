"""The slider map in a real headless Chromium: in-page date changes, no
requests, no script injection."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import CHROMIUM_ARGS
from geo import webmap
from sample_data import XSS_NAME, XSS_QUOTE, sample_boundaries, sample_timeline

pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """A localhost HTTP server over a temporary directory: (base URL, dir)."""
    root = tmp_path_factory.mktemp("webmap")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser(chromium_path):
    with playwright_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser, site, name: str, page_html: str):
    """Open ``page_html`` from localhost, aborting and recording any other request."""
    base, root = site
    (root / name).write_text(page_html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1100, "height": 720})
    page = context.new_page()
    outbound: list[str] = []
    errors: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith((base, "data:", "about:")):
            r.continue_()
        else:
            outbound.append(url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/{name}")
    page.wait_for_function("() => window.frontlineMap && document.querySelector('path.fm-held')")
    return context, page, outbound, errors


def _held_path(page) -> str:
    return page.get_attribute("path.fm-held", "d")


def test_slider_swaps_polygon_in_place_and_keeps_the_view(browser, site):
    html = webmap.map_html(sample_timeline(), sample_boundaries())
    context, page, outbound, errors = _open(browser, site, "slider.html", html)
    try:
        assert page.evaluate("frontlineMap.getDate()") == "2025-03-16"
        # the user pans and zooms; mark the map object
        page.evaluate("""() => { const m = frontlineMap.map; m.__mapMarker = 1;
                                 m.setView([51.1, 35.25], 10, {animate: false}); }""")
        view_before = page.evaluate("() => [frontlineMap.map.getCenter(), frontlineMap.map.getZoom()]")
        path_last = _held_path(page)
        area_last = page.inner_text(".fm-area")
        page.focus("input.fm-slider")
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(f"() => document.querySelector('path.fm-held').getAttribute('d') !== {path_last!r}")
        assert page.evaluate("frontlineMap.getDate()") == "2025-03-10"
        path_mid = _held_path(page)
        assert page.inner_text(".fm-date") == "10 March 2025"
        assert page.inner_text(".fm-area") == "400 km² · 154 sq mi"
        assert area_last == "77.7 km² · 30 sq mi"
        assert "interpolated" in page.inner_text(".fm-basis")
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(f"() => document.querySelector('path.fm-held').getAttribute('d') !== {path_mid!r}")
        assert page.evaluate("frontlineMap.getDate()") == "2024-08-20"
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => frontlineMap.getDate() === '2025-03-10'")
        assert _held_path(page) == path_mid
        # same map object, same single polygon element, same view
        assert page.evaluate("frontlineMap.map.__mapMarker") == 1
        assert page.evaluate("document.querySelectorAll('path.fm-held').length") == 1
        assert page.evaluate("document.querySelectorAll('.leaflet-container').length") == 1
        assert page.evaluate("() => [frontlineMap.map.getCenter(), frontlineMap.map.getZoom()]") == view_before
        # settlement markers recoloured: the XSS village is lost (red) on 10 March
        fills = page.evaluate("() => [...document.querySelectorAll('path.fm-place')].map(p => p.getAttribute('fill'))")
        assert fills == ["#1d4f8c", "#b23a2b"]
        assert outbound == [] and errors == []
    finally:
        context.close()


def test_buttons_play_and_api_callbacks(browser, site):
    html = webmap.map_html(sample_timeline(), sample_boundaries())
    context, page, outbound, errors = _open(browser, site, "api.html", html)
    try:
        assert page.evaluate("frontlineMap.dates") == ["2024-08-20", "2025-03-10", "2025-03-16"]
        page.evaluate("() => { window.__seen = []; frontlineMap.onDateChange((iso, d) => "
                      "window.__seen.push([iso, d.source, d.basis])); }")
        # setDate snaps to the date on or before
        assert page.evaluate("frontlineMap.setDate('2025-03-12')") == "2025-03-10"
        page.click("button.fm-prev")
        assert page.evaluate("frontlineMap.getDate()") == "2024-08-20"
        assert page.is_disabled("button.fm-prev")
        page.click("button.fm-next")
        page.click("button.fm-play")
        page.wait_for_function("() => frontlineMap.getDate() === '2025-03-16'", timeout=5000)
        page.wait_for_function("() => document.querySelector('button.fm-play').getAttribute('aria-label') === 'Play'")
        seen = page.evaluate("window.__seen")
        assert seen == [["2025-03-10", "api", "interpolated"],
                        ["2024-08-20", "user", "reported"],
                        ["2025-03-10", "user", "interpolated"],
                        ["2025-03-16", "play", "reported"]]
        # setting the current date again fires nothing
        page.evaluate("frontlineMap.setDate('2025-03-16')")
        assert len(page.evaluate("window.__seen")) == 4
        assert outbound == [] and errors == []
    finally:
        context.close()


def test_article_text_is_shown_as_text_never_run(browser, site):
    html = webmap.map_html(sample_timeline(), sample_boundaries(),
                           date=sample_timeline().polygons[1].date)
    context, page, outbound, errors = _open(browser, site, "xss.html", html)
    try:
        # the label of the hostile place shows its name literally
        labels = page.evaluate("() => [...document.querySelectorAll('.fm-place-name')].map(e => e.textContent)")
        assert XSS_NAME in labels
        # click the hostile village's marker like a reader would
        xy = page.evaluate("() => { const p = frontlineMap.map.latLngToContainerPoint([51.05, 35.25]);"
                           " const r = frontlineMap.map.getContainer().getBoundingClientRect();"
                           " return [p.x + r.left, p.y + r.top]; }")
        page.mouse.click(*xy)
        page.wait_for_selector(".leaflet-popup-content")
        text = page.inner_text(".leaflet-popup-content")
        assert XSS_NAME in text
        assert XSS_QUOTE in text
        assert "Ministry of Defence" in text and "2025-03-10" in text and "hedged" in text
        assert page.evaluate("document.querySelectorAll('.leaflet-popup-content img, "
                             ".leaflet-popup-content script').length") == 0
        # the held area's popup quotes the claim behind the date
        page.evaluate("() => { frontlineMap.map.closePopup(); "
                      "frontlineMap.map.eachLayer(l => { if (l.options && l.options.className === 'fm-held') l.openPopup(); }); }")
        page.wait_for_selector(".leaflet-popup-content .fm-quote")
        assert XSS_QUOTE in page.inner_text(".leaflet-popup-content")
        # hover tooltips too
        page.mouse.move(*xy)
        page.wait_for_selector(".leaflet-tooltip")
        assert page.evaluate("window.__xss") is None
        assert outbound == [] and errors == []
    finally:
        context.close()


def test_outbound_requests_are_caught_when_tiles_are_on(browser, site):
    """The request trap works: with web tiles on, tile requests are seen."""
    html = webmap.map_html(sample_timeline(), sample_boundaries(), tiles=True)
    context, page, outbound, errors = _open(browser, site, "tiles.html", html)
    try:
        page.wait_for_timeout(300)
        assert outbound, "tile requests should have been recorded"
        assert all("cartocdn.com" in u for u in outbound)
        assert errors == []
    finally:
        context.close()


def test_embed_without_controls_hides_chrome_but_keeps_api(browser, site):
    html = webmap.map_html(sample_timeline(), sample_boundaries(), show_controls=False, embed=True)
    context, page, outbound, errors = _open(browser, site, "embed.html", html)
    try:
        assert page.evaluate("document.querySelector('.fm-bar')") is None
        assert page.evaluate("document.querySelector('.fm-title')") is None
        assert page.is_hidden(".fm-legend-body")
        page.click(".fm-legend-toggle")
        assert page.is_visible(".fm-legend-body")
        path = _held_path(page)
        page.evaluate("frontlineMap.setDate('2024-08-20')")
        assert _held_path(page) != path
        assert page.inner_text(".fm-date") == "20 August 2024"
        assert outbound == [] and errors == []
    finally:
        context.close()
