"""Unit tests of geo/webmap.py: the HTML page's content, escaping and size."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import pytest
import shapely
from shapely.geometry import Point, Polygon, box

from geo import settings, webmap
from geo.projection import area_km2
from geo.theater import make_theater

from sample_data import XSS_NAME, XSS_QUOTE, sample_boundaries, sample_timeline


def _payload(page: str) -> tuple[dict, dict]:
    """The (data, opts) JSON objects the page passes to FrontlineMapLib.init."""
    m = re.search(r"FrontlineMapLib\.init\(map_\w+,\s*", page)
    assert m, "FrontlineMapLib.init call not found"
    dec = json.JSONDecoder()
    data, end = dec.raw_decode(page, m.end())
    rest = re.compile(r",\s*").match(page, end)
    opts, _ = dec.raw_decode(page, rest.end())
    return data, opts


@pytest.fixture(scope="module")
def page() -> str:
    return webmap.map_html(sample_timeline(), sample_boundaries())


# --- assets ------------------------------------------------------------------

def test_leaflet_assets_are_1_9_3_with_inlined_images():
    js, css = webmap.leaflet_assets()
    assert "Leaflet 1.9.3" in js[:300]
    assert "sourceMappingURL" not in js
    assert "url(images/" not in css
    assert css.count("url(data:image/png;base64,") == 3  # layers, layers-2x, marker-icon


# --- polyline encoding -------------------------------------------------------

def test_polyline_matches_googles_reference_example():
    # The example from Google's polyline algorithm documentation, (lon, lat).
    pts = [(-120.2, 38.5), (-120.95, 40.7), (-126.453, 43.252)]
    assert webmap._encode_polyline(pts) == "_p~iF~ps|U_ulLnnqC_mqNvxq`@"


def test_polyline_round_trip_keeps_five_decimals():
    pts = [(35.26412, 51.19633), (35.26399, 51.19634), (34.91522, 51.39101)]
    back = webmap._decode_polyline(webmap._encode_polyline(pts))
    assert back == [(51.19633, 35.26412), (51.19634, 35.26399), (51.39101, 34.91522)]


def test_encoded_polygon_keeps_holes_and_parts():
    outer = Polygon([(35.0, 51.0), (35.4, 51.0), (35.4, 51.3), (35.0, 51.3)],
                    [[(35.1, 51.1), (35.2, 51.1), (35.2, 51.2), (35.1, 51.2)]])
    multi = shapely.MultiPolygon([outer, box(35.6, 51.0, 35.7, 51.1)])
    enc = webmap._encode_polygons(multi)
    assert [len(p) for p in enc] == [2, 1]
    # rings are sent open (Leaflet closes them): 4 vertices each
    assert [len(webmap._decode_polyline(r)) for r in enc[0]] == [4, 4]


def test_simplification_cuts_vertices_but_keeps_area():
    # A circle of ~20 km radius with 4,000 vertices.
    circle = Point(35.3, 51.25).buffer(0.25, quad_segs=1000)
    simple = webmap._simplify(circle, settings.WEBMAP_SIMPLIFY_TOLERANCE_M,
                              "+proj=laea +lat_0=51.25 +lon_0=35.3 +datum=WGS84 +units=m")
    n_before = len(circle.exterior.coords)
    n_after = len(simple.exterior.coords)
    assert n_after < n_before / 10
    assert abs(area_km2(simple) - area_km2(circle)) / area_km2(circle) < 0.005


# --- page content -------------------------------------------------------------

def test_page_is_deterministic():
    a = webmap.map_html(sample_timeline(), sample_boundaries())
    b = webmap.map_html(sample_timeline(), sample_boundaries())
    assert a == b
    assert not re.search(r"[0-9a-f]{32}", a), "a random branca id leaked into the page"


def test_page_makes_no_external_request_without_tiles(page):
    assert not re.search(r"""\bsrc\s*=\s*["']?(?:https?:)?//""", page, re.I)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", page, re.I)
    assert "<link" not in page and "@import" not in page
    assert "cdn.jsdelivr" not in page and "cdnjs" not in page and "bootstrap" not in page.lower()
    assert "tile.openstreetmap.org" not in page and "basemaps.cartocdn" not in page
    # Leaflet is inlined, jQuery is not needed by any template used
    assert "Leaflet 1.9.3" in page
    assert "jquery" not in page.lower()


def test_tiles_option_adds_tile_layers_and_attribution():
    page = webmap.map_html(sample_timeline(), sample_boundaries(), tiles=True)
    assert "basemaps.cartocdn.com/light_all" in page
    assert "tile.openstreetmap.org" in page
    assert "OpenStreetMap" in page and "CARTO" in page
    data, opts = _payload(page)
    assert opts["tiles"] is True


def test_page_holds_whole_timeline(page):
    data, opts = _payload(page)
    assert data["dates"] == ["2024-08-20", "2025-03-10", "2025-03-16"]
    assert data["basis"] == ["reported", "interpolated", "reported"]
    assert data["areaKm2"] == [1295.0, 400.0, 77.7]
    assert data["areaSqMi"] == [500.0, 154.4, 30.0]
    assert len(data["geometries"]) == 3 and data["geometryIndex"] == [0, 1, 2]
    # statuses per date, one code per settlement marker (Alphaville, the XSS place)
    assert [p["resolvedName"] for p in data["places"]] == ["Alphaville", XSS_NAME]
    assert data["placeStatus"] == ["hh", "hl", "cl"]
    assert data["unresolvedCount"] == 1  # Nowhereburg
    assert data["peak"] == {"date": "2024-08-20"}
    assert opts["startIndex"] == 2  # latest date by default
    # the geometry decodes back to the sample's rectangle for the last date
    rings = data["geometries"][2][0]
    pts = webmap._decode_polyline(rings[0])
    lats = sorted({p[0] for p in pts})
    lons = sorted({p[1] for p in pts})
    assert lats == [51.0, 51.04] and lons == [35.1, 35.3]


def test_popup_data_cites_claimant_date_precision_and_source(page):
    data, _ = _payload(page)
    xss_place = data["places"][1]
    claim = data["claims"][xss_place["claimRefs"][0]]
    assert claim["quote"] == XSS_QUOTE
    assert claim["claimant"] == "Ministry of Defence" and claim["claimantType"] == "military"
    assert claim["dateText"].startswith("2025-03-10")
    assert claim["hedged"] == 1 and claim["negated"] == 0
    assert "Test Outlet" in claim["source"] and "test.txt" in claim["source"]
    peak_claim = data["claims"][data["dateClaims"][0][0]]
    assert peak_claim["dateText"].startswith("2024-08 (month)")
    assert peak_claim["quote"] == "At the peak the force held some 500 square miles."
    assert peak_claim["dateStart"] == "2024-08-01"


def test_identical_geometries_are_stored_once():
    tl = sample_timeline()
    last = tl.polygons[-1]
    carried = dataclasses.replace(last, date=last.date + dt.timedelta(days=1),
                                  basis="carried", claim_ids=())
    tl = dataclasses.replace(tl, polygons=tl.polygons + (carried,))
    data, _ = _payload(webmap.map_html(tl, sample_boundaries()))
    assert data["geometryIndex"] == [0, 1, 2, 2]
    assert data["hasReport"] == [1, 1, 1, 0]


def test_interpolated_days_citing_figures_are_not_report_dates():
    """An every-day timeline's in-between days cite the figures they are
    interpolated from; only days that a claim is dated count as reports, so
    the page offers its "every day" switch."""
    tl = sample_timeline()
    mid, last = tl.polygons[1], tl.polygons[2]
    days = [dataclasses.replace(mid, date=mid.date + dt.timedelta(days=k), basis="interpolated",
                                claim_ids=last.claim_ids + ("test.txt:area:0",))
            for k in (1, 2, 3)]
    tl = dataclasses.replace(tl, polygons=tl.polygons[:2] + tuple(days) + tl.polygons[2:])
    data, _ = _payload(webmap.map_html(tl, sample_boundaries()))
    assert data["dates"][1:5] == ["2025-03-10", "2025-03-11", "2025-03-12", "2025-03-13"]
    assert data["hasReport"] == [1, 1, 0, 0, 0, 1]


@pytest.mark.parametrize("day, expected", [
    (dt.date(2025, 3, 12), 1),   # on or before: 10 March
    (dt.date(2025, 3, 10), 1),
    (dt.date(2020, 1, 1), 0),    # before all: the first date
    (dt.date(2030, 1, 1), 2),
])
def test_start_date_snaps_to_timeline_date(day, expected):
    _, opts = _payload(webmap.map_html(sample_timeline(), sample_boundaries(), date=day))
    assert opts["startIndex"] == expected


def test_options_reach_the_page():
    _, opts = _payload(webmap.map_html(sample_timeline(), sample_boundaries(),
                                       show_controls=False, embed=True, height="480px"))
    assert opts["showControls"] is False and opts["embed"] is True
    page = webmap.map_html(sample_timeline(), sample_boundaries(), height="480px")
    assert "height: 480.0px" in page


def test_bad_height_is_refused():
    with pytest.raises(webmap.WebMapError, match="height"):
        webmap.map_html(sample_timeline(), sample_boundaries(), height="100%; color: red")


def test_empty_timeline_still_renders_basemap():
    tl = dataclasses.replace(sample_timeline(), polygons=(), places=())
    page = webmap.map_html(tl, sample_boundaries())
    data, opts = _payload(page)
    assert data["dates"] == [] and "peak" not in data
    assert data["bounds"] == [[51.0, 34.5], [52.0, 36.5]]  # the theatre oblast


# --- escaping ------------------------------------------------------------------

def test_article_text_never_appears_as_markup(page):
    assert XSS_NAME not in page
    assert "<script>window.__xss" not in page
    assert 'onerror="window.__xss' not in page
    assert page.count("<script") == page.count("</script>")
    # ... but it is there, escaped, for the page to insert as text
    assert "Evil\\u003cimg src=x onerror=" in page


def test_template_syntax_in_article_text_is_not_evaluated():
    tl = sample_timeline()
    name = "Village {{ 7*7 }} {% if true %}yes{% endif %}"
    places = tuple(dataclasses.replace(p, name=name, resolution=dataclasses.replace(
        p.resolution, resolved_name=name)) if p.name == "Alphaville" else p
        for p in tl.places)
    tl = dataclasses.replace(tl, places=places)
    data, _ = _payload(webmap.map_html(tl, sample_boundaries()))
    assert data["places"][0]["resolvedName"] == name


def test_credits_and_title_are_escaped():
    b = dataclasses.replace(sample_boundaries(), credits=("<b>Bold</b> & co",))
    b = dataclasses.replace(b, regions=(dataclasses.replace(b.regions[0], name="<i>Oblast</i>"),
                                        b.regions[1]))
    tl = sample_timeline()
    theater = make_theater("x", b, holder="Ukraine", land="Russia", region_ids=("RU-KRS",))
    page = webmap.map_html(dataclasses.replace(tl, theater=theater), b)
    assert "<b>Bold</b>" not in page and "<i>Oblast</i>" not in page
    _, opts = _payload(page)
    # credits are plain text for the page (inserted with textContent) ...
    assert opts["credits"][0] == "<b>Bold</b> & co"
    assert "Places: GeoNames (CC-BY 4.0)" in opts["credits"]
    # ... the corner attribution is HTML for Leaflet, so it is escaped here
    assert opts["attribution"].startswith("Data: GeoNames (CC-BY 4.0), \u00a9 OpenStreetMap")
    assert "<title>Ukrainian-held ground in &lt;i&gt;Oblast&lt;/i&gt; (estimate)</title>" in page


# --- standalone file and iframe -------------------------------------------------

def test_write_standalone_html_reports_bytes(tmp_path):
    out = tmp_path / "sub" / "map.html"
    n = webmap.write_standalone_html(sample_timeline(), sample_boundaries(), out)
    assert n == out.stat().st_size
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert n < 400_000


def test_iframe_snippet_escapes_attributes():
    snip = webmap.iframe_snippet('map.html?x="1"&y=<2>', title='Kursk "map" <live>', height=450)
    assert snip.startswith("<iframe ") and snip.endswith("</iframe>")
    assert 'src="map.html?x=&quot;1&quot;&amp;y=&lt;2&gt;"' in snip
    assert 'title="Kursk &quot;map&quot; &lt;live&gt;"' in snip
    assert 'height="450"' in snip


@pytest.mark.parametrize("src", ["javascript:alert(1)", " JavaScript:x", "data:text/html,x"])
def test_iframe_snippet_refuses_script_urls(src):
    with pytest.raises(webmap.WebMapError):
        webmap.iframe_snippet(src, title="t")


def test_iframe_snippet_refuses_bad_height():
    with pytest.raises(webmap.WebMapError, match="height"):
        webmap.iframe_snippet("map.html", title="t", height=0)


def test_webmap_does_not_import_streamlit():
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-c",
                          "import sys, geo.webmap; print('streamlit' in sys.modules)"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_first_view_frames_the_polygons_not_far_places():
    tl = sample_timeline()
    far = dataclasses.replace(
        tl.places[0], name="Farcity",
        resolution=dataclasses.replace(tl.places[0].resolution, resolved_name="Farcity",
                                       lat=51.9, lon=36.4))
    data, _ = _payload(webmap.map_html(dataclasses.replace(tl, places=tl.places + (far,)),
                                       sample_boundaries()))
    # the largest polygon spans 34.8-35.6 E, 51.0-51.3 N; the far place is not framed
    assert data["bounds"] == [[51.0, 34.8], [51.3, 35.6]]
    assert "Farcity" in [p["resolvedName"] for p in data["places"]]


def test_jquery_is_inlined_only_when_a_template_calls_it():
    assert webmap._uses_jquery("<body></body><script>$(document).ready(f);</script>")
    assert not webmap._uses_jquery("<body></body><script>var a = 1;</script>")
    assert "jQuery" in webmap._jquery_js()[:400]
