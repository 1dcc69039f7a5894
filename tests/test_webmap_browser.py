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


def _open(browser, site, name: str, page_html: str, viewport: tuple[int, int] = (1100, 720)):
    """Open ``page_html`` from localhost, aborting and recording any other request."""
    base, root = site
    (root / name).write_text(page_html, encoding="utf-8")
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
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
        assert area_last == "78 km² · 30 sq mi"  # as the image and the dashboard say it
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
        # the title (whose ground, where) stays: an embed must say what it shows
        assert page.evaluate("document.querySelector('.fm-title').textContent") == \
            "Ukrainian-held ground in Test Oblast"
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


def _rect(frame, selector: str) -> dict:
    return frame.evaluate(f"() => document.querySelector({selector!r}).getBoundingClientRect().toJSON()")


def _overlap(a: dict, b: dict) -> bool:
    return (a["left"] < b["right"] and a["right"] > b["left"]
            and a["top"] < b["bottom"] and a["bottom"] > b["top"])


def test_map_in_a_hidden_frame_works_and_frames_itself_when_shown(browser, site):
    """A display:none iframe (hidden tab, not-yet-shown component): the API is
    there at once, and the first view is framed when the frame gets a size."""
    base, root = site
    (root / "hidden.html").write_text(webmap.map_html(sample_timeline(), sample_boundaries()),
                                      encoding="utf-8")
    (root / "host.html").write_text(
        '<!DOCTYPE html><html><body style="margin:0">'
        '<iframe id="hid" name="hid" src="hidden.html" style="display:none;border:0;'
        'width:900px;height:600px"></iframe>'
        '<iframe id="vis" name="vis" src="hidden.html" style="border:0;'
        'width:900px;height:600px"></iframe></body></html>', encoding="utf-8")
    context = browser.new_context(viewport={"width": 1000, "height": 1300})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{base}/host.html")
        hid, vis = page.frame(name="hid"), page.frame(name="vis")
        for f in (hid, vis):
            f.wait_for_function("() => window.frontlineMap && document.querySelector('path.fm-held')")
        assert errors == []
        assert hid.evaluate("() => [innerWidth, innerHeight]") == [0, 0]
        # the API works while hidden
        assert hid.evaluate("frontlineMap.getDate()") == "2025-03-16"
        assert hid.evaluate("frontlineMap.setDate('2024-08-20')") == "2024-08-20"
        assert hid.inner_text(".fm-date") == "20 August 2024"
        vis.evaluate("frontlineMap.setDate('2024-08-20')")
        # show it (the page sits above the visible reference frame)
        page.evaluate("() => { document.getElementById('vis').style.display = 'none';"
                      " document.getElementById('hid').style.display = 'block'; }")
        hid.wait_for_function("() => document.querySelector('path.fm-held')"
                              ".getBoundingClientRect().width > 50")
        view = hid.evaluate("() => { const m = frontlineMap.map, c = m.getCenter();"
                            " return [m.getZoom(), +c.lat.toFixed(4), +c.lng.toFixed(4)]; }")
        page.evaluate("() => document.getElementById('vis').style.display = 'block'")
        ref = vis.evaluate("() => { const m = frontlineMap.map, c = m.getCenter();"
                           " return [m.getZoom(), +c.lat.toFixed(4), +c.lng.toFixed(4)]; }")
        # framed as a map that was visible from the start (to a pixel or two)
        assert view[0] == ref[0]
        assert view[1:] == pytest.approx(ref[1:], abs=0.002)
        held = _rect(hid, "path.fm-held")
        assert held["left"] >= 0 and held["top"] >= 0
        assert held["right"] <= 900 and held["bottom"] <= 600
        assert hid.evaluate("frontlineMap.getDate()") == "2024-08-20"
        assert errors == []
    finally:
        context.close()


def test_narrow_frame_folds_the_legend_and_keeps_the_area_clear(browser, site):
    """At 600 px the legend starts as a "Legend" button and the area is framed
    clear of the panels and the slider; wide again, the legend unfolds."""
    html = webmap.map_html(sample_timeline(), sample_boundaries(),
                           date=sample_timeline().polygons[0].date)
    base, root = site
    (root / "narrow.html").write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 600, "height": 700})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{base}/narrow.html")
        page.wait_for_function("() => window.frontlineMap && document.querySelector('path.fm-held')")
        assert page.is_visible(".fm-legend-toggle")
        assert page.is_hidden(".fm-legend-body")
        assert page.get_attribute(".fm-legend-toggle", "aria-expanded") == "false"
        held = _rect(page, "path.fm-held")
        assert held["width"] > 100 and held["height"] > 50
        for panel in (".fm-info", ".fm-legend", ".fm-bar"):
            assert not _overlap(held, _rect(page, panel)), panel
        assert held["left"] >= 0 and held["right"] <= 600
        page.click(".fm-legend-toggle")
        assert page.is_visible(".fm-legend-body")
        assert page.get_attribute(".fm-legend-toggle", "aria-expanded") == "true"
        # widened past the threshold: the full legend, no button
        page.set_viewport_size({"width": 1100, "height": 700})
        page.wait_for_function("() => document.querySelector('.fm-legend-toggle').hidden")
        assert page.is_visible(".fm-legend-body")
        assert errors == []
    finally:
        context.close()


# --- issue 9: popups, attribution, focus, phone layout, legend, offline tiles ---

PHONE = (390, 844)
DESKTOP = (1400, 1000)


def _inside(rect: dict, width: int, height: int) -> bool:
    return (rect["left"] >= 0 and rect["top"] >= 0
            and rect["right"] <= width and rect["bottom"] <= height)


def _click_latlng(page, lat: float, lon: float) -> None:
    xy = page.evaluate(f"() => {{ const p = frontlineMap.map.latLngToContainerPoint([{lat}, {lon}]);"
                       " const r = frontlineMap.map.getContainer().getBoundingClientRect();"
                       " return [p.x + r.left, p.y + r.top]; }")
    page.mouse.click(*xy)


def test_popup_at_phone_width_opens_above_the_panels_inside_the_viewport(browser, site):
    html = webmap.map_html(sample_timeline(), sample_boundaries())
    context, page, outbound, errors = _open(browser, site, "phone-popup.html", html, PHONE)
    try:
        # bring the village marker just under the info panel (left of the legend button)
        info = _rect(page, ".fm-info")
        page.evaluate(f"""() => {{ const m = frontlineMap.map;
            const p = m.latLngToContainerPoint([51.05, 35.25]);
            m.panBy([p.x - 200, p.y - {info["bottom"] + 50}], {{animate: false}}); }}""")
        _click_latlng(page, 51.05, 35.25)
        page.wait_for_selector(".leaflet-popup-content .fm-pop-title")
        page.wait_for_timeout(500)  # Leaflet's pan that brings the popup into view
        assert XSS_NAME in page.inner_text(".fm-pop-title")
        popup = _rect(page, ".leaflet-popup")
        assert _inside(popup, *PHONE), popup
        # the popup is where the panels are (so the test means something) ...
        panels = [sel for sel in (".fm-info", ".fm-legend", ".fm-bar", ".leaflet-control-zoom")
                  if _overlap(popup, _rect(page, sel))]
        assert panels, "the popup should overlap a panel in this set-up"
        # ... and drawn above them: every point of it shows the popup
        on_top = page.evaluate("""() => {
            const r = document.querySelector('.leaflet-popup-content-wrapper').getBoundingClientRect();
            const hits = [];
            for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) {
              const e = document.elementFromPoint(r.left + 3 + (r.width - 6) * i / 4,
                                                  r.top + 3 + (r.height - 6) * j / 4);
              hits.push(!!(e && e.closest('.leaflet-popup')));
            }
            return hits; }""")
        assert on_top == [True] * 25
        # it stays with its marker when the map is dragged
        before = _rect(page, ".leaflet-popup")
        page.evaluate("() => frontlineMap.map.panBy([0, -30], {animate: false})")
        after = _rect(page, ".leaflet-popup")
        assert after["top"] == pytest.approx(before["top"] + 30, abs=1)
        # and shows the status of the date picked while it is open
        assert page.inner_text(".leaflet-popup-content .fm-badge") == "lost"
        page.evaluate("frontlineMap.setDate('2024-08-20')")
        assert page.inner_text(".leaflet-popup-content .fm-badge") == "held"
        assert outbound == [] and errors == []
    finally:
        context.close()


def test_attribution_says_leaflet_without_a_flag(browser, site):
    html = webmap.map_html(sample_timeline(), sample_boundaries())
    context, page, outbound, errors = _open(browser, site, "attribution.html", html, DESKTOP)
    try:
        attribution = page.locator(".leaflet-control-attribution")
        assert attribution.inner_text().startswith("Leaflet | Data: GeoNames")
        assert page.evaluate("document.querySelectorAll('.leaflet-control-attribution svg, "
                             ".leaflet-control-attribution img').length") == 0
        assert page.get_attribute(".leaflet-control-attribution a", "href") == "https://leafletjs.com"
        assert page.is_hidden(".fm-tile-notice")  # no tiles, no tile message
        assert outbound == [] and errors == []
    finally:
        context.close()


def test_a_clicked_shape_keeps_no_focus_box(browser, site):
    html = webmap.map_html(sample_timeline(), sample_boundaries())
    context, page, outbound, errors = _open(browser, site, "focus.html", html)
    try:
        _click_latlng(page, 51.02, 35.2)   # inside the held area on 16 March
        page.wait_for_selector(".leaflet-popup-content .fm-pop-title")
        focused = page.evaluate("() => { const a = document.activeElement;"
                                " return [a.getAttribute('class'), getComputedStyle(a).outlineStyle]; }")
        assert focused == ["fm-held leaflet-interactive", "none"]
        assert errors == []
    finally:
        context.close()


def test_phone_bar_leaves_the_credits_and_its_dates_apart(browser, site):
    html = webmap.map_html(sample_timeline(), sample_boundaries())
    context, page, outbound, errors = _open(browser, site, "phone-bar.html", html, PHONE)
    try:
        bar = _rect(page, ".fm-bar")
        assert _inside(bar, *PHONE)
        attribution = _rect(page, ".leaflet-control-attribution")
        assert attribution["height"] > 20  # wrapped onto more than one line at 390 px
        assert bar["bottom"] <= attribution["top"]
        assert not _overlap(bar, _rect(page, ".leaflet-control-scale"))
        start, end = _rect(page, ".fm-tick-start"), _rect(page, ".fm-tick-end")
        assert start["right"] + 8 <= end["left"]
        assert page.inner_text(".fm-tick-start") == "20 Aug 2024"
        assert page.inner_text(".fm-tick-end") == "16 Mar 2025"
        # the slider spans the bar's width (its own row)
        assert _rect(page, "input.fm-slider")["width"] > bar["width"] - 40
        assert outbound == [] and errors == []
    finally:
        context.close()


def test_desktop_legend_is_compact(browser, site):
    html = webmap.map_html(sample_timeline(), sample_boundaries())
    context, page, outbound, errors = _open(browser, site, "legend.html", html, DESKTOP)
    try:
        legend, whole = _rect(page, ".fm-legend"), _rect(page, ".leaflet-container")
        share = legend["width"] * legend["height"] / (whole["width"] * whole["height"])
        assert share < 0.05  # 6.1% before the legend was compacted
        text = page.inner_text(".fm-legend-body")
        for entry in ("Held by Ukraine (estimate)", "Largest extent, 20 Aug 2024",
                      "held by Ukraine", "lost by Ukraine", "contested", "no report yet",
                      "State border", "Oblast boundary", "not surveyed front lines",
                      "1 place name could not be located"):
            assert entry in text, entry
        assert outbound == [] and errors == []
    finally:
        context.close()


def test_web_tiles_offline_say_they_need_the_internet(browser, site):
    html = webmap.map_html(sample_timeline(), sample_boundaries(), tiles=True)
    context, page, outbound, errors = _open(browser, site, "offline-tiles.html", html, PHONE)
    try:
        page.wait_for_selector(".fm-tile-notice", state="visible", timeout=5000)
        assert "need an internet connection" in page.inner_text(".fm-tile-notice")
        assert outbound  # the tiles were asked for, and blocked
        # the notice sits in the info panel, clear of the slider bar
        assert page.evaluate("!!document.querySelector('.fm-info .fm-tile-notice')")
        assert _inside(_rect(page, ".fm-info"), *PHONE)
        assert errors == []
    finally:
        context.close()
