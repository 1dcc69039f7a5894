"""Territory: fit, for each date, a polygon of held ground to a reported area.

Reporting gives an area ("barely 30 square miles") and some places held or
lost, never a line on a map. This module turns those into a polygon that is
honest about being an estimate and obeys what was reported:

* it lies inside the theatre region (an oblast) and touches the state border
  the side crossed, along a stretch centred on the places reported held;
* it grows from that border stretch as a band of uniform depth, plus a
  corridor to every place reported held, and avoids a disc around every place
  reported lost;
* its depth is solved (regula falsi with bisection) so that its area,
  measured in an equal-area projection, is within ``settings.AREA_TOLERANCE``
  of the target;
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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

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
    # a border (lines) cut by a polygon: lines, which linemerge joins where they touch
    merged = linemerge(cast(MultiLineString, near)) if not isinstance(near, LineString) else near
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


def _half_width(target_m2: float) -> tuple[int, float]:
    """Half the width of the border stretch for an area: (ladder step, metres).

    Wider for larger areas (``FRONT_WIDTH_PER_SQRT_AREA``), rounded up to a
    geometric ladder of ratio ``FRONT_WIDTH_STEP`` so that a run of dates
    with slowly changing areas shares one stretch (see :class:`_Family`).
    """
    wanted = max(settings.FRONT_MIN_HALF_WIDTH_M,
                 settings.FRONT_WIDTH_PER_SQRT_AREA * math.sqrt(target_m2) / 2)
    step = max(0, math.ceil(math.log(wanted / settings.FRONT_MIN_HALF_WIDTH_M)
                            / math.log(settings.FRONT_WIDTH_STEP) - 1e-9))
    return step, settings.FRONT_MIN_HALF_WIDTH_M * settings.FRONT_WIDTH_STEP ** step


def _stretch(frame: _Frame, half: float, held: Sequence[Point]) -> LineString:
    """Border stretch the band grows from, ``half`` either side of the centre."""
    lo, hi = frame.centre_s - half, frame.centre_s + half
    for p in held:
        s = frame.border.project(p)
        lo = min(lo, s - settings.BORDER_STRETCH_MARGIN_M)
        hi = max(hi, s + settings.BORDER_STRETCH_MARGIN_M)
    lo, hi = max(0.0, lo), min(frame.border.length, hi)
    # The band only needs the line's course: simplifying it (more for a wider,
    # deeper front) makes each buffer far cheaper; the region's own outline
    # still gives the band its edge along the border.
    tolerance = max(settings.STRETCH_SIMPLIFY_M, settings.STRETCH_SIMPLIFY_SHARE * half)
    # a stretch of a line between two distances along it is a line
    return cast(LineString, substring(frame.border, lo, hi).simplify(tolerance))


def _touching(geom: BaseGeometry, seed: BaseGeometry) -> BaseGeometry:
    """Keep only the parts of ``geom`` that touch ``seed`` (contiguity)."""
    if geom.is_empty:
        return geom
    parts = getattr(geom, "geoms", [geom])
    keep = [p for p in parts if p.area > 0 and p.distance(seed) < settings.BORDER_SNAP_M]
    return unary_union(keep) if keep else shapely.Polygon()


def _grow(stretch: LineString, corridors: Sequence[LineString], domain: BaseGeometry,
          floor: BaseGeometry | None, depth: float) -> BaseGeometry:
    band: BaseGeometry = stretch.buffer(depth, quad_segs=settings.BUFFER_QUAD_SEGS)
    if corridors:
        width = max(depth, settings.HELD_PLACE_RADIUS_M)
        band = band.union(unary_union(corridors).buffer(width, quad_segs=settings.BUFFER_QUAD_SEGS))
    shape = _touching(band.intersection(domain), stretch)
    if floor is not None:
        shape = shape.union(floor)
    return shape


@dataclass(frozen=True)
class _Family:
    """The polygons of a run of dates that share their constraints.

    For fixed constraints (border stretch, corridors to the places held,
    gaps around the places lost, and the polygon the run started from as a
    floor or a ceiling) the grown shape is a function of one number, its
    depth, and grows with it: each date's polygon is that shape at the depth
    whose area matches the date's figure. Polygons of one family are
    therefore nested by construction, and the family remembers the areas it
    measured, so that the next date's depth comes from interpolating them (one
    or two evaluations per date instead of a fresh search). This is what makes
    the every-day build linear in the number of days.

    Attributes
    ----------
    key : tuple
        Places held and lost, and the stretch's width step.
    stretch, corridors, domain, floor
        As for :func:`_grow`.
    held : tuple of (PlacePoint, Point)
        Places held that the polygon reaches (corridors), in metres.
    dropped : tuple of (PlacePoint, float)
        Places held that the area cannot reach, with their distance (m).
    outside : tuple of str
        Notes on places held outside the theatre region.
    lost : tuple of (PlacePoint, Point)
    minimal_m2, floor_m2, ceiling_m2, regain_m2 : float
        Area at the smallest depth; area of the floor (0 without) and of the
        ceiling (inf without); the area above which a dropped place would
        fit again (inf when none was dropped).
    areas : dict of float to float
        Areas measured so far, by depth (a cache, filled as dates are fitted).
    """

    key: tuple
    stretch: LineString
    corridors: tuple[LineString, ...]
    domain: BaseGeometry
    floor: BaseGeometry | None
    held: tuple[tuple[PlacePoint, Point], ...]
    dropped: tuple[tuple[PlacePoint, float], ...]
    outside: tuple[str, ...]
    lost: tuple[tuple[PlacePoint, Point], ...]
    minimal_m2: float
    floor_m2: float
    ceiling_m2: float
    regain_m2: float
    areas: dict[float, float] = field(default_factory=dict, compare=False)
    crs: str = ""  # the equal-area CRS of the metres

    def grow(self, depth: float) -> BaseGeometry:
        """The family's shape at ``depth`` (its area is remembered)."""
        shape = _grow(self.stretch, self.corridors, self.domain, self.floor, depth)
        self.areas[depth] = shape.area
        return shape

    def serves(self, c: Constraint) -> bool:
        """True when ``c`` has this family's constraints and an area it can reach."""
        target = c.target_km2 * 1e6
        slack = 1 + settings.AREA_TOLERANCE / 2
        return (_family_key(c) == self.key and self.minimal_m2 <= target * slack
                and target * slack < self.regain_m2
                and self.floor_m2 <= target and target <= self.ceiling_m2)


def _family_key(c: Constraint) -> tuple:
    return (frozenset(c.held), frozenset(c.lost), _half_width(c.target_km2 * 1e6)[0])


def _start_family(frame: _Frame, c: Constraint, previous: Fit | None,
                  previous_m: BaseGeometry | None) -> _Family:
    """The family of ``c``: its domain, floor or ceiling, stretch and corridors."""
    target = c.target_km2 * 1e6
    lost = tuple((p, to_equal_area(Point(p.lon, p.lat), frame.crs)) for p in c.lost)
    domain = frame.region
    for _p, pt in lost:
        domain = domain.difference(pt.buffer(settings.LOST_PLACE_RADIUS_M))
    floor, floor_m2, ceiling_m2 = None, 0.0, math.inf
    if previous is not None and previous_m is not None:
        if c.target_km2 <= previous.target_km2:
            domain = domain.intersection(previous_m)
            ceiling_m2 = previous_m.area
        else:
            floor, floor_m2 = previous_m, previous_m.area
    held, outside = [], []
    for p in c.held:
        pt = to_equal_area(Point(p.lon, p.lat), frame.crs)
        if not frame.region.contains(pt):
            outside.append(f"{p.name} is reported held but lies outside the theatre region; "
                           "not used as a constraint.")
            continue
        held.append((p, pt))
    # Drop the farthest held places until their corridors fit in the target area.
    _step, half = _half_width(target)
    dropped: list[tuple[PlacePoint, float]] = []
    regain = math.inf
    while True:
        stretch = _stretch(frame, half, [pt for _, pt in held])
        corridors = tuple(cr for cr in (LineString(nearest_points(pt, stretch)[::-1])
                                        for _, pt in held) if cr.length > 0)
        minimal = _grow(stretch, corridors, domain, floor, 1.0).area
        if not held or minimal <= target * (1 + settings.AREA_TOLERANCE / 2):
            break
        far_place, far_pt = max(held, key=lambda h: h[1].distance(stretch))
        dropped.append((far_place, far_pt.distance(stretch)))
        regain = minimal
        held = [h for h in held if h[0] is not far_place]
    return _Family(_family_key(c), stretch, corridors, domain, floor, tuple(held),
                   tuple(dropped), tuple(outside), lost, minimal, floor_m2, ceiling_m2, regain,
                   {1.0: minimal}, frame.crs)


def _solve(target_m2: float, grow, guess: float, step: float = 2.0,
           known: Mapping[float, float] | None = None) -> tuple[BaseGeometry, float]:
    """Find the depth whose grown area matches ``target_m2``.

    Area grows monotonically with depth (and flattens where an earlier
    extent or the region caps it). Each step picks the next depth from the
    areas measured so far (``known`` ones included): regula falsi inside a
    bracket (bisection when a step fails to halve it), a secant through the
    two deepest measurements when the target lies beyond them, and
    multiplying ``guess`` by ``step`` while nothing better is known. Inside
    a family (where ``known`` holds the earlier dates' areas) that is one
    evaluation per date, rarely two; a fresh start takes a handful.

    Returns
    -------
    (shape, depth)
        The first shape within ``AREA_TOLERANCE / 4`` of the target; failing
        that, the smallest one above it, or the largest one reached.
    """
    tol = settings.AREA_TOLERANCE / 4 * target_m2
    areas: dict[float, float] = {1.0: 0.0, **(known or {})}  # a 1 m band has no area to speak of
    shapes: dict[float, BaseGeometry] = {}
    width = math.inf
    for _ in range(60):
        depth, width = _next_depth(areas, target_m2, guess, step, width)
        if depth is None:
            break
        shapes[depth] = shape = grow(depth)
        areas[depth] = shape.area
        if abs(shape.area - target_m2) <= tol:
            return shape, depth
    above = [d for d, a in areas.items() if a >= target_m2]
    best = min(above) if above else max(areas)
    return (shapes[best] if best in shapes else grow(best)), best


def _next_depth(areas: Mapping[float, float], target_m2: float, guess: float, step: float,
                last_width: float) -> tuple[float | None, float]:
    """The next depth to try (None: no better one) and the current bracket width."""
    below = sorted(d for d, a in areas.items() if a < target_m2)
    above = sorted(d for d, a in areas.items() if a >= target_m2)
    if not below:  # the smallest depth already covers the target
        return None, 0.0
    lo = below[-1]
    if above:
        hi = above[0]
        width = hi - lo
        if width <= 1e-3:
            return None, width
        f_lo, f_hi = areas[lo] - target_m2, areas[hi] - target_m2
        depth = (lo * f_hi - hi * f_lo) / (f_hi - f_lo)
        if not lo < depth < hi or width > last_width / 2:  # slow progress: bisect
            depth = (lo + hi) / 2
        return depth, width
    if lo >= settings.MAX_DEPTH_M:
        return None, math.inf
    if len(below) >= 2 and areas[lo] > areas[below[-2]]:  # secant beyond the deepest
        prev = below[-2]
        slope = (areas[lo] - areas[prev]) / (lo - prev)
        depth = lo + (target_m2 - areas[lo]) / slope * 1.02
        depth = min(max(depth, lo * 1.001), lo * max(step, 1.25))
    else:
        depth = max(guess, lo * step, 2.0)
    return min(depth, settings.MAX_DEPTH_M), math.inf


def _fit_in(family: _Family, c: Constraint, previous: Fit | None,
            previous_m: BaseGeometry | None) -> tuple[Fit, BaseGeometry]:
    """Fit ``c`` with its family's shape; nest it with the previous polygon."""
    target = c.target_km2 * 1e6
    notes = list(family.outside)
    for place, dist in family.dropped:
        notes.append(
            f"{place.name} is reported held on {c.date.isoformat()} but lies "
            f"{dist / 1000:.1f} km from the border: the reported area "
            f"({c.target_km2:.0f} km²) cannot reach it, so the polygon leaves it out.")
    if previous is not None:  # consecutive dates have similar depths
        guess, step = previous.depth_m, 1.25
    else:  # the depth of a straight band of that area
        guess, step = target / max(family.stretch.length, 1.0), 2.0
    shape, depth = _solve(target, family.grow, guess, step, family.areas)
    if previous is not None and previous_m is not None:
        shape = _nested(shape, previous_m, grows=c.target_km2 > previous.target_km2)
    if abs(shape.area - target) > settings.AREA_TOLERANCE * target:
        notes.append(f"could only fit {shape.area / 1e6:.0f} km² of the {c.target_km2:.0f} km² "
                     "reported: the constraints (region, earlier extent, places lost) leave no "
                     "more room.")
    for p, pt in family.held:
        if shape.distance(pt) > 1.0:
            notes.append(f"{p.name} is reported held but is cut off from the border by "
                         "places reported lost; left outside.")
    for p, pt in family.lost:
        if shape.contains(pt):
            notes.append(f"{p.name} is reported lost but lies inside the earlier extent.")
    shape = shape.buffer(0)
    fit = Fit(date=c.date, geometry=to_wgs84(shape, family.crs), area_km2=shape.area / 1e6,
              target_km2=c.target_km2, depth_m=depth, notes=tuple(notes))
    return fit, shape


def _nested(shape: BaseGeometry, previous_m: BaseGeometry, *, grows: bool) -> BaseGeometry:
    """``shape`` made to contain (growing) or lie inside (shrinking) the previous polygon.

    Within a family this holds already (up to rounding); across families the
    floor or ceiling gives it. Only a real excess (over
    ``settings.NEST_TOLERANCE_M2``) is repaired, so rounding noise never
    adds vertices.
    """
    outer, inner = (shape, previous_m) if grows else (previous_m, shape)
    if inner.difference(outer).area <= settings.NEST_TOLERANCE_M2:
        return shape
    return shape.union(previous_m) if grows else shape.intersection(previous_m)


def fit_one(frame: _Frame, c: Constraint, previous: Fit | None = None,
            previous_m: BaseGeometry | None = None) -> tuple[Fit, BaseGeometry]:
    """Fit the polygon for one constraint; return it in WGS84 and metres."""
    return _fit_in(_start_family(frame, c, previous, previous_m), c, previous, previous_m)


def fit_timeline(constraints: Sequence[Constraint], region_wgs84: BaseGeometry,
                 border_wgs84: BaseGeometry,
                 anchors: Sequence[PlacePoint] = (), *, crs: str) -> list[Fit]:
    """Fit one polygon per constraint, in date order, each nested in the last.

    Dates that share their constraints (places held and lost, the width of
    the front) form a family whose polygons come from one growing shape, so
    the work is linear in the number of dates (see :class:`_Family`).

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
    family: _Family | None = None
    for c in sorted(constraints, key=lambda c: c.date):
        if not c.target_km2 > 0 or not math.isfinite(c.target_km2):
            raise TerritoryError(f"target area for {c.date} must be positive, got "
                                 f"{c.target_km2}")
        if family is None or not family.serves(c):
            family = _start_family(frame, c, prev, prev_m)
        prev, prev_m = _fit_in(family, c, prev, prev_m)
        fits.append(prev)
    return fits
