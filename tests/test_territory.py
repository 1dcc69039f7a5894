"""Territory fitting on a synthetic region: area, contiguity, places, nesting."""

from __future__ import annotations

import datetime as dt

import pytest
from shapely.geometry import LineString, Point, Polygon

from geo.projection import area_km2, laea_crs, to_equal_area
from geo.territory import Constraint, PlacePoint, TerritoryError, fit_timeline

# A made-up region north of a straight border at 51.0 N, and a second border
# stretch far to the east that the front must not use.
REGION = Polygon([(34.5, 51.0), (36.5, 51.0), (36.5, 52.0), (34.5, 52.0)])
BORDER = LineString([(34.5, 51.0), (36.5, 51.0)])
TOWN = PlacePoint("Town", 35.20, 51.10)  # about 11 km from the border
VILLAGE = PlacePoint("Village", 35.32, 51.04)  # about 4.5 km from the border
CRS = laea_crs(35.5, 51.5)  # the made-up region's own equal-area projection
D1, D2, D3, D4 = (dt.date(2024, 8, 15), dt.date(2024, 11, 1), dt.date(2025, 3, 10),
                  dt.date(2025, 3, 16))


def fits_for(targets, held=(TOWN,), lost_last=()):
    cs = [Constraint(d, a, held=held if i < len(targets) - 1 else (), lost=lost_last
                     if i == len(targets) - 1 else ())
          for i, (d, a) in enumerate(targets)]
    return fit_timeline(cs, REGION, BORDER, anchors=[TOWN], crs=CRS)


@pytest.mark.parametrize("target", [30.0, 77.7, 400.0, 1295.0, 3000.0])
def test_area_matches_target_within_two_percent(target):
    (fit,) = fit_timeline([Constraint(D1, target, held=(TOWN,))], REGION, BORDER, [TOWN], crs=CRS)
    assert fit.area_km2 == pytest.approx(target, rel=0.02)
    # measured independently in the equal-area projection from the WGS84 output
    assert area_km2(fit.geometry) == pytest.approx(target, rel=0.02)


def test_polygon_touches_border_and_stays_in_region():
    (fit,) = fit_timeline([Constraint(D1, 500.0, held=(TOWN,))], REGION, BORDER, [TOWN], crs=CRS)
    g = to_equal_area(fit.geometry, CRS)
    assert g.distance(to_equal_area(BORDER, CRS)) < 50
    assert to_equal_area(REGION, CRS).buffer(5).contains(g)
    assert fit.geometry.geom_type == "Polygon"  # one contiguous piece


def test_held_place_inside_lost_place_outside():
    c = Constraint(D1, 400.0, held=(TOWN,), lost=(VILLAGE,))
    (fit,) = fit_timeline([c], REGION, BORDER, [TOWN], crs=CRS)
    assert fit.geometry.contains(Point(TOWN.lon, TOWN.lat))
    assert not fit.geometry.contains(Point(VILLAGE.lon, VILLAGE.lat))
    assert fit.area_km2 == pytest.approx(400.0, rel=0.02)


def test_retreat_nests_each_polygon_in_the_last():
    fits = fits_for([(D1, 1295.0), (D2, 900.0), (D3, 300.0), (D4, 77.7)])
    for earlier, later in zip(fits, fits[1:]):
        assert later.geometry.difference(earlier.geometry.buffer(1e-5)).area < 1e-9
    assert [round(f.area_km2) for f in fits] == pytest.approx([1295, 900, 300, 78], abs=26)


def test_advance_contains_previous_polygon():
    fits = fits_for([(D1, 100.0), (D2, 600.0)])
    assert fits[1].geometry.buffer(1e-6).contains(fits[0].geometry)
    assert fits[1].area_km2 == pytest.approx(600.0, rel=0.02)


def test_front_is_centred_on_the_held_places():
    (fit,) = fit_timeline([Constraint(D1, 300.0, held=(TOWN,))], REGION, BORDER, [TOWN], crs=CRS)
    centre = fit.geometry.centroid
    assert abs(centre.x - TOWN.lon) < 0.15  # within ~10 km east-west


def test_contradiction_is_surfaced_not_hidden():
    far = PlacePoint("Far", 35.2, 51.6)  # 66 km from the border
    (fit,) = fit_timeline([Constraint(D1, 30.0, held=(far,))], REGION, BORDER, [far], crs=CRS)
    assert fit.area_km2 == pytest.approx(30.0, rel=0.02)  # the figure is kept
    assert any("Far" in n and "cannot reach" in n for n in fit.notes)
    assert not fit.geometry.contains(Point(far.lon, far.lat))


def test_held_place_outside_region_is_noted():
    outside = PlacePoint("Across", 35.2, 50.8)
    (fit,) = fit_timeline([Constraint(D1, 100.0, held=(outside,))], REGION, BORDER, [], crs=CRS)
    assert any("outside the theatre region" in n for n in fit.notes)


def test_border_not_along_region_is_a_clear_error():
    far_border = LineString([(40.0, 45.0), (41.0, 45.0)])
    with pytest.raises(TerritoryError, match="border does not run along"):
        fit_timeline([Constraint(D1, 100.0)], REGION, far_border, crs=CRS)


def test_non_positive_target_is_rejected():
    with pytest.raises(TerritoryError, match="must be positive"):
        fit_timeline([Constraint(D1, 0.0)], REGION, BORDER, crs=CRS)
