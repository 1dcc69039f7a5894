"""Timeline: turn claims and resolved places into dated polygons.

Reads the claims of every story in the theatre and produces, for each date
that has a report:

* the area the side held: a reported figure on that date, or a straight-line
  (linear) interpolation between the reported figures before and after it,
  or the nearest figure carried forward / back beyond the first and last;
* the status of every resolved place on that date (held / lost / contested /
  unknown) from the latest dated event about it;
* a polygon fitted to that area and those places (:mod:`geo.territory`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from shapely.geometry import Point, Polygon

from geo import series, settings
from geo.geocode import Geocoder, resolve_mentions
from geo.ingest import date_window
from geo.models import (
    AreaFigure,
    Article,
    Claim,
    DatedPolygon,
    PlaceMention,
    PlaceRecord,
    PlaceStatus,
    Problem,
    Resolution,
    Side,
    Timeline,
)
from geo.projection import area_km2, km2_to_sq_mi
from geo.series import Decision, Figure
from geo.territory import Constraint, PlacePoint, fit_timeline

if TYPE_CHECKING:
    from geo.theater import Theater

METHOD = (
    "Each polygon is an estimate drawn to match a reported area figure, not a surveyed front "
    "line. How a date's area is chosen: figures are grouped by who gives them (independent "
    "analysts and open-source trackers, the outlet's own reporting, each warring side's "
    "officials) and the map follows one group's figures: independent analysts first, or the "
    "sources chosen under 'Area figures from'. The other figures stay on the chart as points; "
    "two figures are never averaged. Some figures are worked out from others and say so: a "
    "total less the ground retaken, a share of the most ever held, a day's change added to "
    "the figure of the day before, or none held after a report that a region was retaken "
    "entirely. A figure well above the most ever reported, or a jump that no reported capture "
    "or withdrawal explains, is shown but not drawn, with the reason (it can be drawn anyway). "
    "Between figures the area follows a straight line; across more than a month without a "
    "figure it is marked uncertain, given to two significant figures, with the range between "
    "the figures around it. A figure for a whole month is drawn mid-month and labelled with "
    "the month. No ground is drawn before the offensive began (where its start is not known, "
    "before the reports of places held that lead up to the first figure). The polygon grows "
    "from the stretch of border nearest the places reported held, reaches each place reported "
    "held that day and avoids each place reported lost; its area, measured in an equal-area "
    "projection, matches the figure within 2%."
)

#: Start of the warning given when the every-day build is refused (span too long).
EVERY_DAY_REFUSED = "Daily estimates were not drawn"

#: How an event changes the status of its place, from the theatre side's view.
#: Key: (action, whether the actor is the theatre side).
_STATUS: Mapping[tuple[str, bool], PlaceStatus] = {
    ("captured", True): "held",
    ("held", True): "held",
    ("advanced", True): "contested",
    ("withdrew", True): "lost",
    ("contested", True): "contested",
    ("captured", False): "lost",
    ("held", False): "lost",
    ("advanced", False): "contested",
    ("withdrew", False): "contested",
    ("contested", False): "contested",
}


def display_name(name: str) -> str:
    """A place name as written, without a leading article ("the Kursk region")."""
    words = name.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0].lower() == "the" else name


def key(name: str) -> str:
    """Grouping key for a place name as written (article, case and space folded)."""
    return " ".join(display_name(name).casefold().split())


def place_records(mentions: Sequence[PlaceMention], claims: Sequence[Claim],
                  geocoder: Geocoder) -> tuple[PlaceRecord, ...]:
    """Resolve every place named in mentions and claims, one record per place.

    Spellings that resolve to the same entry (``Kurilovka`` / ``Kurylivka``)
    share a record; unresolved names are kept, grouped by spelling, with
    their quotes. Each record lists the event claims about it.

    Parameters
    ----------
    mentions : sequence of PlaceMention
    claims : sequence of Claim
        A claim's place is resolved too, even where no mention covered it.
    geocoder : Geocoder
    """
    seen = {key(m.name) for m in mentions}
    extra = []
    for c in claims:
        if c.place and key(c.place) not in seen:
            seen.add(key(c.place))
            extra.append(PlaceMention(c.place, c.source_id, c.source, c.start, c.end, c.quote))
    grouped = resolve_mentions(list(mentions) + extra, geocoder)
    index = {key(m.name): i for i, r in enumerate(grouped) for m in r.mentions}
    ids: dict[int, list[str]] = defaultdict(list)
    for c in claims:
        if c.place and key(c.place) in index:
            ids[index[key(c.place)]].append(c.claim_id)
    records = [replace(r, name=display_name(r.name), claim_ids=tuple(ids.get(i, ())))
               for i, r in enumerate(grouped)]
    return tuple(sorted(records, key=lambda r: key(r.name)))


def _record_index(places: Sequence[PlaceRecord]) -> dict[str, str]:
    """Every spelling met (mention or record name) -> the record's name."""
    out = {key(p.name): p.name for p in places}
    for p in places:
        out.update({key(m.name): p.name for m in p.mentions})
    return out


def _in_region(res: Resolution | None, zone) -> bool:
    """True for a settlement inside ``zone``: a usable point constraint.

    ``zone`` is the theatre region, edge tolerance included.

    Regions and regional capitals are not: news usage says "in Kursk" or "held
    Kursk" for the region, so a bare capital's name would otherwise pin the
    polygon to a city nobody reported taken.
    """
    return (res is not None and res.kind == "settlement"
            and zone.contains(Point(res.lon, res.lat)))


def status_changes(claims: Sequence[Claim], places: Sequence[PlaceRecord],
                   side: Side) -> dict[str, list[tuple[dt.date, PlaceStatus, str]]]:
    """Dated status changes per place name (as recorded), in date order.

    Undated, negated and area claims change nothing. A hedged event ("claimed",
    "could not be confirmed") makes the place contested rather than held or
    lost.
    """
    by_key = _record_index(places)
    out: dict[str, list[tuple[dt.date, PlaceStatus, str]]] = defaultdict(list)
    for c in claims:
        if c.kind != "event" or not c.place or c.date is None or c.negated or not c.action:
            continue
        name = by_key.get(key(c.place))
        if name is None:
            continue
        status: PlaceStatus | None
        if c.side is None:  # nobody named: fighting there says contested, nothing more
            status = "contested" if c.action == "contested" else None
        else:
            status = _STATUS.get((c.action, c.side == side))
        if status is None:
            continue
        if c.hedged and status in ("held", "lost"):
            status = "contested"
        out[name].append((c.date.mid, status, c.claim_id))
    for name in out:
        out[name].sort(key=lambda t: t[0])
    return dict(out)


def status_on(changes: Sequence[tuple[dt.date, PlaceStatus, str]], day: dt.date) -> PlaceStatus:
    """Status on ``day``: the latest change on or before it, else unknown."""
    status: PlaceStatus = "unknown"
    for when, s, _ in changes:
        if when <= day:
            status = s
    return status


def about_theatre(claims: Sequence[Claim], places: Sequence[PlaceRecord], zone,
                  region_ids: Iterable[str]) -> tuple[list[Claim], list[Claim]]:
    """Split area claims into those about the theatre and those about elsewhere.

    An area figure counts when it names no place, an unresolved place, the
    theatre region, or a place inside it; a figure about another region or a
    place outside ("4,000 sq km in Donetsk") does not. ``zone`` is the theatre
    region with its edge tolerance.
    """
    index = _record_index(places)
    by_name = {p.name: p for p in places}
    regions = set(region_ids)
    keep, other = [], []
    for c in claims:
        rec = by_name.get(index.get(key(c.place), "")) if c.place else None
        res = rec.resolution if rec else None
        if res is None or (res.kind == "region" and res.region_id in regions) or (
                res.kind != "region" and zone.contains(Point(res.lon, res.lat))):
            keep.append(c)
        else:
            other.append(c)
    return keep, other


def timeline_days(points: Sequence[Figure], claims: Sequence[Claim],
                  evidence: dt.date | None, every_day: bool = False) -> list[dt.date]:
    """Dates of the timeline.

    Every drawn figure and dated event from the first evidence of held ground on
    (none before it), and every day between when asked.
    """
    if evidence is None:
        return []
    days = {p.date for p in points}
    days |= {c.date.mid for c in claims if c.kind == "event" and c.date is not None}
    days = {d for d in days if d >= evidence}
    if every_day and days:
        first, last = min(days), max(days)
        days |= {first + dt.timedelta(n) for n in range((last - first).days + 1)}
    return sorted(days)


def region_names(claims: Sequence[Claim], places: Sequence[PlaceRecord],
                 region_ids: Iterable[str]) -> dict[str, str]:
    """Claim places (as written) that name one of the theatre's regions -> its name."""
    index = _record_index(places)
    by_name = {p.name: p for p in places}
    regions = set(region_ids)
    out: dict[str, str] = {}
    for c in claims:
        rec = by_name.get(index.get(key(c.place), "")) if c.place else None
        res = rec.resolution if rec else None
        if (c.place and rec is not None and res is not None and res.kind == "region"
                and res.region_id in regions):
            out[c.place] = rec.name
    return out


def checked_claims(claims: Sequence[Claim], articles: Sequence[Article], *,
                   front_km2: Mapping[str, float] | None = None
                   ) -> tuple[list[Claim], list[Problem]]:
    """Claims fit to use: no unusable figure, no date outside the plausible window.

    An area figure that is not a finite number (a 400-digit figure) loses
    its value; one whose number cannot be drawn as written (negative, zero,
    scientific notation, a list of digits: :attr:`Claim.figure_problem`) or
    that is larger than the whole of its front (``front_km2``: each front's
    area by its slug) loses its area, so it
    is listed but never drawn; a date before ``settings.EARLIEST_DATE`` or more than
    ``settings.LATEST_DATE_AFTER_DAYS`` after the article's publication (a
    typo'd year 9999) is dropped, so the claim is kept undated. Each change
    is a warning naming the file.

    Returns
    -------
    (list of Claim, list of Problem)
    """
    published = {a.source_id: a.published for a in articles}
    out: list[Claim] = []
    problems: list[Problem] = []
    for c in claims:
        quote = c.quote if len(c.quote) <= 80 else c.quote[:77] + "..."
        numbers = (c.value, c.area_km2, c.area_sq_mi)
        if any(x is not None and not math.isfinite(x) for x in numbers):
            problems.append(Problem(c.source, f"{c.source}: the area figure in \u201c{quote}"
                                    "\u201d is not a finite number; it is not used.", "warning"))
            c = replace(c, value=None, area_km2=None, area_sq_mi=None)
        elif (why := _unusable_figure(c, (front_km2 or {}).get(c.theater or ""))) is not None:
            problems.append(Problem(c.source, f"{c.source}: the area figure in \u201c{quote}"
                                    f"\u201d is {why}; it is listed but not drawn.", "warning"))
            c = replace(c, area_km2=None, area_sq_mi=None, range_km2=None, figure_problem=why)
        if c.date is not None:
            earliest, latest = date_window(published.get(c.source_id))
            if c.date.start < earliest or c.date.end > latest:
                problems.append(Problem(c.source, f"{c.source}: the date {c.date.iso()} "
                                        f"(\u201c{c.date.text}\u201d) in \u201c{quote}\u201d "
                                        "lies outside the plausible window "
                                        f"({earliest.isoformat()} to {latest.isoformat()}); "
                                        "the claim is kept undated.", "warning"))
                c = replace(c, date=None)
        out.append(c)
    return out, problems


def _unusable_figure(c: Claim, region_km2: float | None) -> str | None:
    """Why an area figure cannot be drawn, or None (events and usable figures)."""
    if c.kind != "area" or c.area_km2 is None:
        return None
    if c.figure_problem:
        return c.figure_problem
    if c.area_km2 < settings.MIN_AREA_FIGURE_KM2:
        return (f"smaller than {settings.MIN_AREA_FIGURE_KM2} km\u00b2 "
                "(MIN_AREA_FIGURE_KM2), too small to draw")
    if region_km2 and c.area_km2 > region_km2:
        return (f"{c.area_km2:,.0f} km\u00b2, more than the whole front "
                f"({region_km2:,.0f} km\u00b2)")
    return None


def _every_day_refused(days: Sequence[dt.date]) -> Problem | None:
    """Why the every-day build is refused (too long a span), or None."""
    span = (days[-1] - days[0]).days + 1 if days else 0
    if span <= settings.EVERY_DAY_MAX_DAYS:
        return None
    return Problem("(all sources)", f"{EVERY_DAY_REFUSED}: the dates run from "
                   f"{days[0].isoformat()} to {days[-1].isoformat()}, {span:,} days, more than "
                   f"the limit of {settings.EVERY_DAY_MAX_DAYS:,} (EVERY_DAY_MAX_DAYS); only the "
                   f"{len(days)} report dates have polygons. Check the sources' dates.",
                   "warning")


def _once(problems: Sequence[Problem]) -> tuple[Problem, ...]:
    """Each problem once, in order.

    A rebuild from an earlier timeline passes its problems in again, and the
    assembly would add its own warnings twice.
    """
    return tuple(dict.fromkeys(problems))


def _figure_records(figures: Sequence[Figure], points: Sequence[Figure]) -> tuple[
        AreaFigure, ...]:
    drawn = {id(p) for p in points}
    return tuple(AreaFigure(f.claim.claim_id, f.date, round(f.km2, 1), f.series,
                            f.kind, id(f) in drawn, f.outlier)  # type: ignore[arg-type]
                 for f in sorted(figures, key=lambda f: (f.date, f.claim.claim_id)))


def _outlier_problems(figures: Sequence[Figure]) -> list[Problem]:
    return [Problem(f.claim.source, f"{f.claim.source}: the figure \u201c{f.claim.quote[:80]}"
                    f"\u201d is shown but not drawn: {f.outlier}.", "warning")
            for f in figures if f.outlier and f.kind == "reported"]


def _polygon(fit, decision: Decision, side: Side, status, events) -> DatedPolygon:
    return DatedPolygon(
        date=decision.date, side=side, geometry=fit.geometry if fit else Polygon(),
        area_km2=fit.area_km2 if fit else 0.0,
        area_sq_mi=km2_to_sq_mi(fit.area_km2) if fit else 0.0,
        target_km2=decision.km2, basis=decision.basis,  # type: ignore[arg-type]
        claim_ids=tuple(dict.fromkeys(decision.figure_ids + events)),
        place_status=tuple(sorted(status.items())), notes=fit.notes if fit else (),
        series=decision.series, figure_claim_ids=decision.figure_ids,
        range_km2=decision.range_km2, why=decision.why, precision=decision.precision,
        gap_days=decision.gap_days)


def assemble(articles: Sequence[Article], problems: Sequence[Problem],
             claims: Sequence[Claim], places: Sequence[PlaceRecord],
             theater: Theater, *, every_day: bool = False,
             claimant_types: Iterable[str] | None = None,
             keep_figures: Iterable[str] = (), drop_figures: Iterable[str] = ()) -> Timeline:
    """Build one front's :class:`Timeline` from the stages' outputs.

    Parameters
    ----------
    articles, problems, claims, places
        Outputs of ingest, extract and geocode, for this front.
    theater : Theater
        The front: its regions, border, projection, whose ground is drawn and
        the day its offensive began (no ground is drawn before it).
    every_day : bool
        Also produce a polygon for every day between the first and last date.
    claimant_types : iterable of str, optional
        Use only area figures from these claimant types (default: all).
    keep_figures, drop_figures : iterable of str
        Claim ids of figures to draw despite the consistency checks, or to
        leave out (the user's say; see :func:`geo.series.mark_outliers`).
    """
    problems = list(problems)
    side = theater.holder
    region = theater.region
    claims = [c for c in claims if not c.derivation]  # a rebuild works them out again
    claims, doubtful = checked_claims(claims, articles,
                                      front_km2={theater.slug: area_km2(region, theater.crs)})
    problems.extend(doubtful)
    zone = region.buffer(settings.REGION_EDGE_TOLERANCE_DEG)  # places on the edge count
    areas, elsewhere = about_theatre([c for c in claims if c.kind == "area"], places, zone,
                                     theater.region_ids)
    for c in elsewhere:
        problems.append(Problem(c.source, f"{c.source}: the figure \u201c{c.quote[:80]}\u201d is "
                                f"about {c.place}, outside {theater.region_name}; not used for "
                                "the area.", "warning"))
    events = [c for c in claims if c.kind == "event"]
    figures, points, evidence = series.plan(
        areas + events, side, theater.land,
        region_names=region_names(events, places, theater.region_ids), start=theater.start,
        claimant_types=claimant_types, keep=keep_figures, drop=drop_figures)
    problems.extend(_outlier_problems(figures))
    made = tuple(f.claim for f in figures if f.kind != "reported")
    records = _figure_records(figures, points)
    if not points or evidence is None:
        problems.append(Problem("(all sources)", f"{theater.name}: no dated area figure for "
                                f"{theater.holder}-held ground was found, so no polygon can be "
                                "drawn; the claims and places are still listed.", "warning"))
        return Timeline(tuple(articles), _once(problems), tuple(claims) + made, tuple(places),
                        (), theater, METHOD, records)
    changes = status_changes(claims, places, side)
    local = {p.name: PlacePoint(p.name, p.resolution.lon, p.resolution.lat) for p in places
             if p.resolution is not None and _in_region(p.resolution, zone)}
    anchors = [local[n] for n, ch in changes.items()
               if n in local and any(s == "held" for _, s, _ in ch)]
    days = timeline_days(points, claims, evidence)
    if every_day and (too_long := _every_day_refused(days)) is not None:
        problems.append(too_long)
    elif every_day:
        days = timeline_days(points, claims, evidence, every_day=True)
    events_on: dict[dt.date, list[str]] = defaultdict(list)
    for c in events:
        if c.date is not None:
            events_on[c.date.mid].append(c.claim_id)
    constraints, meta = [], []
    for day in days:
        decision = series.decide(points, day, start=theater.start, evidence=evidence)
        if decision is None:
            continue
        status = {n: status_on(changes.get(n, ()), day) for n in local}
        held = tuple(local[n] for n, s in status.items() if s == "held")
        lost = tuple(local[n] for n, s in status.items() if s == "lost")
        if decision.km2 > 0:
            constraints.append(Constraint(day, decision.km2, held, lost))
        meta.append((decision, status, tuple(events_on.get(day, ()))))
    fits = {f.date: f for f in fit_timeline(constraints, region, theater.boundaries.border,
                                            anchors, crs=theater.crs)} if constraints else {}
    polygons = tuple(_polygon(fits.get(d.date), d, side, status, ev) for d, status, ev in meta)
    return Timeline(tuple(articles), _once(problems), tuple(claims) + made, tuple(places),
                    polygons, theater, METHOD, records)
