"""Territory: fit, for each date, a polygon of held ground to a reported area.

Reporting gives an area ("barely 30 square miles") and some places held or
lost, never a line on a map. This module turns those into a polygon that is
honest about being an estimate and obeys what was reported:

* it lies inside the theatre region (an oblast) and touches the state border
  the side crossed, along a stretch centred on the places reported held;
* it grows from that border stretch as a band of uniform depth, plus a
  corridor to every place reported held, and avoids a disc around every place
  reported lost;
* its depth is solved by bisection so that its area, measured in an
  equal-area projection, is within ``settings.AREA_TOLERANCE`` of the target;
* while the target shrinks each polygon lies inside the previous one, and
  while it grows each polygon contains the previous one.

Where the constraints contradict each other (a place reported held lies
further from the border than the reported area allows), the area figure is
kept and the contradiction is returned as a note, never hidden.

All geometry work happens in metres in the theatre's equal-area CRS (passed
in as ``crs``, see :attr:`geo.theater.Theater.crs`); inputs and outputs are WGS84.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Sequence

import shapely
from shapely.geometry import LineString, MultiLineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge, nearest_points, substring, unary_union

from geo import settings
from geo.errors import TerritoryError
from geo.projection import to_equal_area, to_wgs84

__all__ = ["Constraint", "Fit", "PlacePoint", "TerritoryError", "fit_one", "fit_timeline",
           "make_frame"]


@dataclass(frozen=True)
class PlacePoint:
    """A named point constraint in WGS84."""

    name: str
    lon: float
    lat: float


@dataclass(frozen=True)
class Constraint:
    """What the polygon for one date must satisfy.

    Attributes
    ----------
    date : datetime.date
    target_km2 : float
        Area to fit.
    held : tuple of PlacePoint
        Places reported held on the date (to be inside).
    lost : tuple of PlacePoint
        Places reported lost on the date (to be outside).
    """

    date: dt.date
    target_km2: float
    held: tuple[PlacePoint, ...] = ()
    lost: tuple[PlacePoint, ...] = ()


@dataclass(frozen=True)
class Fit:
    """A fitted polygon (WGS84) with its measured area and any notes."""

    date: dt.date
    geometry: BaseGeometry
    area_km2: float
    target_km2: float
    depth_m: float
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Frame:
    """The fixed geometry of the theatre, in metres."""

    region: BaseGeometry
    border: LineString
    centre_s: float  # position along ``border`` of the front's centre
    crs: str  # the equal-area CRS the metres are in


def _border_line(border_m: BaseGeometry, region_m: BaseGeometry,
                 anchors: Sequence[Point]) -> LineString:
    """The longest continuous border line along ``region_m`` near the anchors."""
    near = border_m.intersection(region_m.buffer(settings.BORDER_SNAP_M))
    if near.is_empty:
        raise TerritoryError("the border does not run along the theatre region; "
                             "check the theatre pack's boundaries.geojson")
    merged = linemerge(near) if not isinstance(near, LineString) else near
    parts = list(merged.geoms) if isinstance(merged, MultiLineString) else [merged]
    parts = [p for p in parts if isinstance(p, LineString) and p.length > 0]
    if not parts:
        raise TerritoryError("the border along the theatre region has no length")
    if anchors:
        cloud = unary_union(anchors)
        return min(parts, key=lambda p: (p.distance(cloud), -p.length))
    return max(parts, key=lambda p: p.length)


def make_frame(region_wgs84: BaseGeometry, border_wgs84: BaseGeometry,
               anchors: Sequence[PlacePoint] = (), *, crs: str) -> _Frame:
    """Project the region and border and find the front's centre.

    Parameters
    ----------
    region_wgs84 : shapely geometry
        The theatre region (e.g. Kursk Oblast).
    border_wgs84 : shapely geometry
        The state border the side crossed.
    anchors : sequence of PlacePoint
        Places the side was reported to hold at any time; the front is
        centred on their mean position along the border. With none, the
        middle of the border line is used.
    crs : str
        The theatre's equal-area CRS.
    """
    region = to_equal_area(region_wgs84, crs).buffer(0)
    border = to_equal_area(border_wgs84, crs)
    pts = [to_equal_area(Point(a.lon, a.lat), crs) for a in anchors]
    pts = [p for p in pts if region.buffer(settings.BORDER_SNAP_M).contains(p)]
    line = _border_line(border, region, pts)
    if pts:
        centre = sum(line.project(p) for p in pts) / len(pts)
    else:
        centre = line.length / 2
    return _Frame(region=region, border=line, centre_s=centre, crs=crs)


def _stretch(frame: _Frame, target_m2: float, held: Sequence[Point]) -> LineString:
    """Border stretch the band grows from: wider for larger areas."""
    half = max(settings.FRONT_MIN_HALF_WIDTH_M,
               settings.FRONT_WIDTH_PER_SQRT_AREA * math.sqrt(target_m2) / 2)
    lo, hi = frame.centre_s - half, frame.centre_s + half
    for p in held:
        s = frame.border.project(p)
        lo = min(lo, s - settings.BORDER_STRETCH_MARGIN_M)
        hi = max(hi, s + settings.BORDER_STRETCH_MARGIN_M)
    lo, hi = max(0.0, lo), min(frame.border.length, hi)
    # The band only needs the line's course: simplifying it makes each buffer
    # far cheaper; the region's own outline still gives the band its edge.
    return substring(frame.border, lo, hi).simplify(settings.STRETCH_SIMPLIFY_M)


def _touching(geom: BaseGeometry, seed: BaseGeometry) -> BaseGeometry:
    """Keep only the parts of ``geom`` that touch ``seed`` (contiguity)."""
    if geom.is_empty:
        return geom
    parts = getattr(geom, "geoms", [geom])
    keep = [p for p in parts if p.area > 0 and p.distance(seed) < settings.BORDER_SNAP_M]
    return unary_union(keep) if keep else shapely.Polygon()


def _grow(stretch: LineString, corridors: Sequence[LineString], domain: BaseGeometry,
          floor: BaseGeometry | None, depth: float) -> BaseGeometry:
    band = stretch.buffer(depth, quad_segs=settings.BUFFER_QUAD_SEGS)
    if corridors:
        width = max(depth, settings.HELD_PLACE_RADIUS_M)
        band = band.union(unary_union(corridors).buffer(width, quad_segs=settings.BUFFER_QUAD_SEGS))
    shape = _touching(band.intersection(domain), stretch)
    if floor is not None:
        shape = shape.union(floor)
    return shape


def _solve(target_m2: float, grow, guess: float,
           step: float = 2.0) -> tuple[BaseGeometry, float]:
    """Find the depth whose grown area matches ``target_m2``.

    Area grows monotonically with depth (and flattens where an earlier
    extent caps it). The search brackets the answer by doubling from
    ``guess`` by factors of ``step``, then narrows the
    bracket by regula falsi, falling back to bisection whenever a step fails
    to halve the bracket: a handful of evaluations per date.
    """
    tol = settings.AREA_TOLERANCE / 4 * target_m2
    lo, f_lo = 1.0, -target_m2  # a 1 m band has no area to speak of
    hi = min(max(guess, 2.0), settings.MAX_DEPTH_M)
    shape = grow(hi)
    f_hi = shape.area - target_m2
    while f_hi < -tol and hi < settings.MAX_DEPTH_M:
        lo, f_lo = hi, f_hi
        hi = min(hi * step, settings.MAX_DEPTH_M)
        shape = grow(hi)
        f_hi = shape.area - target_m2
    best, best_depth = shape, hi
    for _ in range(60):
        if abs(f_hi) <= tol or f_hi < 0:
            break
        width = hi - lo
        false_position = (lo * f_hi - hi * f_lo) / (f_hi - f_lo)
        candidates = [false_position if lo < false_position < hi else (lo + hi) / 2]
        for mid in candidates:
            shape = grow(mid)
            f_mid = shape.area - target_m2
            if abs(f_mid) <= tol:
                return shape, mid
            if f_mid < 0:
                lo, f_lo = mid, f_mid
            else:
                hi, f_hi, best, best_depth = mid, f_mid, shape, mid
            if len(candidates) == 1 and hi - lo > width / 2:  # slow progress: bisect once
                candidates.append((lo + hi) / 2)
    return best, best_depth


def fit_one(frame: _Frame, c: Constraint, previous: Fit | None = None,
            previous_m: BaseGeometry | None = None) -> tuple[Fit, BaseGeometry]:
    """Fit the polygon for one constraint; return it in WGS84 and metres."""
    target = c.target_km2 * 1e6
    notes: list[str] = []
    domain = frame.region
    for p in c.lost:
        pt = to_equal_area(Point(p.lon, p.lat), frame.crs)
        domain = domain.difference(pt.buffer(settings.LOST_PLACE_RADIUS_M))
    floor = None
    if previous is not None and previous_m is not None:
        if c.target_km2 <= previous.target_km2:
            domain = domain.intersection(previous_m)
        else:
            floor = previous_m
    held = []
    for p in c.held:
        pt = to_equal_area(Point(p.lon, p.lat), frame.crs)
        if not frame.region.contains(pt):
            notes.append(f"{p.name} is reported held but lies outside the theatre region; "
                         "not used as a constraint.")
            continue
        held.append((p, pt))
    # Drop the farthest held places until their corridors fit in the target area.
    while True:
        pts = [pt for _, pt in held]
        stretch = _stretch(frame, target, pts)
        corridors = [LineString(nearest_points(pt, stretch)[::-1]) for pt in pts]
        corridors = [cr for cr in corridors if cr.length > 0]
        minimal = _grow(stretch, corridors, domain, floor, 1.0)
        if not held or minimal.area <= target * (1 + settings.AREA_TOLERANCE / 2):
            break
        far_place, far_pt = max(held, key=lambda h: h[1].distance(stretch))
        notes.append(
            f"{far_place.name} is reported held on {c.date.isoformat()} but lies "
            f"{far_pt.distance(stretch) / 1000:.1f} km from the border: the reported area "
            f"({c.target_km2:.0f} km²) cannot reach it, so the polygon leaves it out.")
        held = [h for h in held if h[0] is not far_place]
    if previous is not None:  # consecutive dates have similar depths
        guess, step = previous.depth_m * 0.9, 1.25
    else:  # the depth of a straight band of that area
        guess, step = target / max(stretch.length, 1.0), 2.0
    shape, depth = _solve(target, lambda d: _grow(stretch, corridors, domain, floor, d),
                          guess, step)
    if abs(shape.area - target) > settings.AREA_TOLERANCE * target:
        notes.append(f"could only fit {shape.area / 1e6:.0f} km² of the {c.target_km2:.0f} km² "
                     "reported: the constraints (region, earlier extent, places lost) leave no "
                     "more room.")
    for p, pt in held:
        if not shape.buffer(1.0).contains(pt):
            notes.append(f"{p.name} is reported held but is cut off from the border by "
                         "places reported lost; left outside.")
    for p in c.lost:
        if shape.contains(to_equal_area(Point(p.lon, p.lat), frame.crs)):
            notes.append(f"{p.name} is reported lost but lies inside the earlier extent.")
    shape = shape.buffer(0)
    geom = to_wgs84(shape, frame.crs)
    fit = Fit(date=c.date, geometry=geom, area_km2=shape.area / 1e6,
              target_km2=c.target_km2, depth_m=depth, notes=tuple(notes))
    return fit, shape


def fit_timeline(constraints: Sequence[Constraint], region_wgs84: BaseGeometry,
                 border_wgs84: BaseGeometry,
                 anchors: Sequence[PlacePoint] = (), *, crs: str) -> list[Fit]:
    """Fit one polygon per constraint, in date order, each nested in the last.

    Parameters
    ----------
    constraints : sequence of Constraint
        One per date; sorted here by date.
    region_wgs84, border_wgs84 : shapely geometry
        Theatre region and the border the side crossed (WGS84).
    anchors : sequence of PlacePoint
        Places the side held at some time (centre the front on them).
    crs : str
        The theatre's equal-area CRS (every area is measured in it).

    Returns
    -------
    list of Fit
        In date order.
    """
    frame = make_frame(region_wgs84, border_wgs84, anchors, crs=crs)
    fits: list[Fit] = []
    prev: Fit | None = None
    prev_m: BaseGeometry | None = None
    for c in sorted(constraints, key=lambda c: c.date):
        if c.target_km2 <= 0:
            raise TerritoryError(f"target area for {c.date} must be positive, got "
                                 f"{c.target_km2}")
        prev, prev_m = fit_one(frame, c, prev, prev_m)
        fits.append(prev)
    return fits
