"""The shipped theatre boundaries: real outlines, consistent with each other."""

from __future__ import annotations

import time

import numpy as np
import pytest
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import Point

from geo import settings
from geo.boundaries import BoundaryDataError, load_boundaries

GEOD = Geod(ellps="WGS84")
TO_M = Transformer.from_crs(settings.WGS84, settings.EQUAL_AREA_CRS, always_xy=True)


def to_m(geom):
    return shapely.transform(geom, lambda xy: np.column_stack(TO_M.transform(xy[:, 0], xy[:, 1])))


def area_km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def test_loads_fast_and_is_cached():
    load_boundaries.cache_clear()
    t = time.perf_counter()
    b = load_boundaries()
    assert time.perf_counter() - t < 1.0
    assert load_boundaries() is b


@pytest.mark.parametrize("rid,official_km2", [("RU-KRS", 29_997), ("RU-BEL", 27_134), ("UA-SUM", 23_834)])
def test_region_areas_match_official_within_2_percent(rid, official_km2):
    region = load_boundaries().region(rid)
    assert region.geometry.is_valid
    assert abs(area_km2(region.geometry) - official_km2) / official_km2 < 0.02


@pytest.mark.parametrize("name,lon,lat,rid", [
    ("Sudzha", 35.264, 51.196, "RU-KRS"), ("Kursk", 36.194, 51.730, "RU-KRS"),
    ("Korenevo", 34.915, 51.391, "RU-KRS"), ("Belgorod", 36.587, 50.597, "RU-BEL"),
])
def test_towns_fall_in_their_oblast_only(name, lon, lat, rid):
    b = load_boundaries()
    inside = [r.id for r in b.regions if r.geometry.contains(Point(lon, lat))]
    assert inside == [rid], name


def test_regions_do_not_overlap():
    b = load_boundaries()
    krs, bel, sum_ = (to_m(b.region(r).geometry) for r in ("RU-KRS", "RU-BEL", "UA-SUM"))
    assert krs.intersection(bel).area < 1e6  # < 1 km² of simplification crumbs
    assert krs.intersection(sum_).area < 1e6
    assert bel.intersection(sum_).area < 1e6


def test_border_lies_on_kursk_edge_within_100_m():
    b = load_boundaries()
    krs = to_m(b.region("RU-KRS").geometry)
    border = to_m(b.border)
    kursk_stretch = border.intersection(krs.buffer(100))
    assert kursk_stretch.length / 1000 > 200  # Kursk's border with Sumy is ~245 km
    pts = shapely.points(shapely.get_coordinates(kursk_stretch))
    assert shapely.distance(pts, krs.boundary).max() < 100


def test_border_also_follows_sumy_edge():
    b = load_boundaries()
    sumy = to_m(b.region("UA-SUM").geometry)
    krs = to_m(b.region("RU-KRS").geometry)
    stretch = to_m(b.border).intersection(krs.buffer(100))
    pts = shapely.points(shapely.get_coordinates(stretch))
    assert np.median(shapely.distance(pts, sumy.boundary)) < 100


def test_border_covers_kursk_and_belgorod_and_is_one_line():
    b = load_boundaries()
    assert b.border.geom_type == "LineString"
    length_km = GEOD.geometry_length(b.border) / 1000
    assert 700 < length_km < 1100
    bel = to_m(b.region("RU-BEL").geometry)
    assert to_m(b.border).intersection(bel.buffer(100)).length / 1000 > 400


def test_labels_and_credits():
    b = load_boundaries()
    names = [lab.name for lab in b.labels]
    assert names[0] == "Kursk"
    assert {"Sudzha", "Sumy", "Belgorod", "Rylsk"} <= set(names)
    assert all(lab.population >= settings.LABEL_MIN_POPULATION for lab in b.labels)
    text = " ".join(b.credits)
    for who in ("GeoNames", "OpenStreetMap", "Natural Earth"):
        assert who in text


def test_missing_file_raises_clear_error(tmp_path):
    with pytest.raises(BoundaryDataError, match="nothing.geojson"):
        load_boundaries(tmp_path / "nothing.geojson")
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(BoundaryDataError, match="RU-KRS"):
        load_boundaries(bad)
