"""The theatre packs' boundaries: real outlines, consistent with each other."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Point

from geo import settings
from geo.boundaries import BoundaryDataError, load_boundaries
from geo.projection import to_equal_area
from geo.theater import PACKS_DIR, available_theaters

GEOD = Geod(ellps="WGS84")
#: Official areas (km²) of the oblasts the shipped packs name.
OFFICIAL_KM2 = {"RU-KRS": 29_997, "RU-BEL": 27_134, "UA-SUM": 23_834, "UA-KHA": 31_415}
THEATERS = {t.slug: t for t in available_theaters()}


def area_km2(geom) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def test_cached_per_path():
    path = PACKS_DIR / "kursk" / settings.PACK_BOUNDARIES_FILE
    assert load_boundaries(path) is load_boundaries(str(path)) or \
        load_boundaries(path) is load_boundaries(path)


@pytest.mark.parametrize("slug", sorted(THEATERS))
def test_region_areas_match_official_within_2_percent(slug):
    b = THEATERS[slug].boundaries
    for region in b.regions:
        assert region.geometry.is_valid, (slug, region.id)
        if region.id in OFFICIAL_KM2:
            official = OFFICIAL_KM2[region.id]
            assert abs(area_km2(region.geometry) - official) / official < 0.02, (slug, region.id)


@pytest.mark.parametrize("name,lon,lat,rid", [
    ("Sudzha", 35.264, 51.196, "RU-KRS"), ("Kursk", 36.194, 51.730, "RU-KRS"),
    ("Korenevo", 34.915, 51.391, "RU-KRS"), ("Belgorod", 36.587, 50.597, "RU-BEL"),
    ("Sumy", 34.800, 50.922, "UA-SUM"), ("Vovchansk", 36.940, 50.290, "UA-KHA"),
])
def test_towns_fall_in_their_oblast_only(name, lon, lat, rid):
    for t in THEATERS.values():
        inside = [r.id for r in t.boundaries.regions if r.geometry.contains(Point(lon, lat))]
        if rid in {r.id for r in t.boundaries.regions}:
            assert inside == [rid], (t.slug, name)


@pytest.mark.parametrize("slug", sorted(THEATERS))
def test_regions_do_not_overlap(slug):
    t = THEATERS[slug]
    geoms = [to_equal_area(r.geometry, t.crs) for r in t.boundaries.regions]
    for i, a in enumerate(geoms):
        for b in geoms[i + 1:]:
            assert a.intersection(b).area < 1e6  # < 1 km² of simplification crumbs


@pytest.mark.parametrize("slug", sorted(THEATERS))
def test_border_lies_on_the_theatre_regions_edge(slug):
    """The border the ground grows from is the theatre region's own edge (within 100 m)."""
    t = THEATERS[slug]
    region = to_equal_area(t.region, t.crs)
    border = to_equal_area(t.boundaries.border, t.crs)
    assert border.length / 1000 > 100
    pts = shapely.points(shapely.get_coordinates(border))
    assert np.median(shapely.distance(pts, region.boundary)) < 100


@pytest.mark.parametrize("slug", sorted(THEATERS))
def test_labels_and_credits(slug):
    b = THEATERS[slug].boundaries
    assert all(lab.population >= settings.LABEL_MIN_POPULATION for lab in b.labels)
    assert [lab.population for lab in b.labels] == sorted((lab.population for lab in b.labels),
                                                          reverse=True)
    text = " ".join(b.credits)
    for who in ("GeoNames", "OpenStreetMap", "Natural Earth"):
        assert who in text


def test_missing_file_raises_clear_error(tmp_path):
    with pytest.raises(BoundaryDataError, match="nothing.geojson"):
        load_boundaries(tmp_path / "nothing.geojson")
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(BoundaryDataError, match="has no region"):
        load_boundaries(bad)
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", '
                      '"features": [{"properties": {"kind": "region"}}]}')
    with pytest.raises(BoundaryDataError, match=r"broken.geojson: 'id'"):
        load_boundaries(broken)


def test_a_self_crossing_outline_is_repaired_on_load(tmp_path):
    """A hand-made pack may ship a bow-tie outline; it is made valid, not refused."""
    import json

    bow_tie = {"type": "Polygon", "coordinates": [[[35, 51], [36, 52], [36, 51], [35, 52],
                                                   [35, 51]]]}
    path = tmp_path / "b.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": bow_tie,
         "properties": {"kind": "region", "id": "XX-ONE", "name": "One", "country": "XX"}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[35, 51],
                                                                               [36, 51]]},
         "properties": {"kind": "border"}}]}))
    (region,) = load_boundaries(path).regions
    assert region.geometry.is_valid
    assert round(region.geometry.area, 6) == 0.5  # both triangles kept
