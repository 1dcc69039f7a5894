"""Words for the static maps: alt text, captions, titles and legend entries.

Everything here is built from the timeline (never hard-coded): the area on a
date, whether it was reported, interpolated or carried, who reported the
figure and in which outlet, and the settlements named in reporting. The output
is plain text; callers escape it where it reaches HTML or SVG (names and
claimants come from articles and are untrusted).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from geo import settings, wording
from geo.errors import CaptionError
from geo.models import Claim, DatedPolygon, ResolvedDate, Timeline
from geo.vocabulary import load_vocabulary

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


@dataclass(frozen=True)
class MapText:
    """The texts drawn on one map image.

    Attributes
    ----------
    title : str
        Headline ("Ukrainian-held ground in Kursk region").
    subtitle : str
        The "as of" date, the area in both units and how it was obtained.
    legend_current : str
        Legend entry of the (later) shaded area, with its date and area.
    legend_earlier : str or None
        Legend entry of the earlier outline (comparison maps only).
    sources : str
        Who reported the figure(s) behind the map, with outlets.
    note : str
        The statement that the polygon is an estimate.
    """

    title: str
    subtitle: str
    legend_current: str
    legend_earlier: str | None
    sources: str
    note: str


# --- small formatting helpers ----------------------------------------------
def data_credit(text: str) -> str:
    """A data credit for a slide or caption: the data and its licence, nothing else.

    ``"State border: © OpenStreetMap contributors, ODbL 1.0, via geo-maps
    countries-land-10m"`` gives ``"State border: © OpenStreetMap contributors,
    ODbL 1.0"``: the packages the data came through are for the README, not
    for a slide.
    """
    return re.sub(r",?\s+via\s+[^;]*$", "", clean(text)).strip()


def clean(text: str) -> str:
    """Collapse whitespace and drop control characters from untrusted text.

    Parameters
    ----------
    text : str
        A name or claimant as read from an article.

    Returns
    -------
    str
        One line of text, safe for PNG text chunks (still needs HTML/XML
        escaping where it reaches markup).
    """
    return " ".join(_CONTROL.sub(" ", text).split())


#: Dates and areas are worded by :mod:`geo.wording`, as on every other surface.
format_date = wording.day
format_short_date = wording.short_day


def format_area(km2: float, *, miles_first: bool = False) -> str:
    """Area in both units, e.g. ``30 sq mi (78 km²)`` (:func:`geo.wording.both_areas`)."""
    return wording.both_areas(km2, miles_first=miles_first)


def _qualifier(claim: Claim | None) -> str:
    """The qualifier to repeat before a reported figure ("about ", "barely ")."""
    if claim is None or not claim.qualifier:
        return ""
    q = clean(claim.qualifier).lower()
    shown = load_vocabulary().claims.qualifiers.get(q)
    if shown == "about":
        return "about "
    if shown == "as written":
        return q + " "
    return ""


def _when(rdate: ResolvedDate | None, day: dt.date) -> tuple[str, str]:
    """(preposition, text) for the date a figure refers to, at its precision."""
    text = wording.when(rdate, day)
    return ("on" if rdate is None or rdate.precision == "day" else "in"), text


# --- looking things up in the timeline ---------------------------------------
def polygon_on(timeline: Timeline, date: dt.date) -> DatedPolygon:
    """The polygon valid on ``date``: the latest timeline date on or before it.

    Parameters
    ----------
    timeline : Timeline
    date : datetime.date

    Returns
    -------
    DatedPolygon

    Raises
    ------
    CaptionError
        If the timeline has no polygons or ``date`` is before its first date.
    """
    if not timeline.polygons:
        raise CaptionError("the timeline has no dated polygons: no area figure was read "
                           "from the articles")
    best = timeline.polygon_on(date)
    if best is None:
        raise CaptionError(f"{date.isoformat()} is before the timeline's first date "
                           f"({min(timeline.dates).isoformat()})")
    return best


def _claims_by_id(timeline: Timeline) -> dict[str, Claim]:
    return {c.claim_id: c for c in timeline.claims}


def area_claims(timeline: Timeline, polygon: DatedPolygon) -> tuple[Claim, ...]:
    """The area-figure claims behind a reported polygon.

    Uses the polygon's ``claim_ids``; when none of them is an area figure,
    falls back to the timeline side's held/peak figures whose date covers the
    polygon's date.
    """
    by_id = _claims_by_id(timeline)
    found = tuple(by_id[i] for i in polygon.claim_ids
                  if i in by_id and by_id[i].kind == "area")
    if found:
        return found
    return tuple(
        c for c in timeline.claims
        if c.kind == "area" and c.side == timeline.side and c.measure in ("held", "peak")
        and c.date is not None and c.date.start <= polygon.date <= c.date.end
    )


def _outlet(timeline: Timeline, claim: Claim) -> str | None:
    for art in timeline.articles:
        if art.source_id == claim.source_id:
            return clean(art.outlet) if art.outlet else None
    return None


def _credit(timeline: Timeline, claim: Claim) -> str:
    """``Claimant (Outlet)``, or just the claimant when it is the outlet."""
    who = clean(claim.claimant) or "unnamed source"
    outlet = _outlet(timeline, claim)
    if outlet and outlet.lower() not in who.lower():
        return f"{who}, via {outlet}"
    return who


def _unique(items: list[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _reported_neighbours(timeline: Timeline, day: dt.date
                         ) -> tuple[DatedPolygon | None, DatedPolygon | None]:
    """Nearest reported polygons before and after ``day`` (exclusive)."""
    before = [p for p in timeline.polygons if p.basis == "reported" and p.date < day]
    after = [p for p in timeline.polygons if p.basis == "reported" and p.date > day]
    return (max(before, key=lambda p: p.date) if before else None,
            min(after, key=lambda p: p.date) if after else None)


def figure_claims(timeline: Timeline, polygon: DatedPolygon) -> tuple[Claim, ...]:
    """Area claims the polygon's area rests on, whatever its basis.

    The figures the timeline chose for the date (``figure_claim_ids``: the
    figure itself, the two an interpolation runs between, the one carried,
    or a derived figure); for a polygon without them, the reported figures
    around its date.
    """
    by_id = _claims_by_id(timeline)
    chosen = tuple(by_id[i] for i in polygon.figure_claim_ids if i in by_id)
    if chosen or polygon.figure_claim_ids:
        return chosen
    if polygon.basis == "reported":
        return area_claims(timeline, polygon)
    before, after = _reported_neighbours(timeline, polygon.date)
    out: list[Claim] = []
    for p in ((before, after) if polygon.basis == "interpolated"
              else ((before,) if before is not None else (after,))):
        if p is not None:
            out.extend(area_claims(timeline, p))
    return tuple(out)


def _figure_when(timeline: Timeline, polygon: DatedPolygon) -> tuple[str, str]:
    claims = area_claims(timeline, polygon) if polygon.basis == "reported" else ()
    return _when(claims[0].date if claims else None, polygon.date)


def _miles_first(claims: tuple[Claim, ...]) -> bool:
    return bool(claims) and "mi" in (claims[0].unit or "").lower()


def _area_text(timeline: Timeline, polygon: DatedPolygon, miles_first: bool) -> str:
    """``barely 30 sq mi (78 km²)`` for a reported figure; ``about`` otherwise."""
    if polygon.basis == "reported":
        claims = area_claims(timeline, polygon)
        return _qualifier(claims[0] if claims else None) + format_area(
            polygon.target_km2, miles_first=miles_first)
    if wording.rough(polygon):
        return wording.polygon_both(polygon, miles_first=miles_first)
    return "about " + format_area(polygon.target_km2, miles_first=miles_first)


def sources_line(timeline: Timeline, polygons: tuple[DatedPolygon, ...]) -> str:
    """``Figures: A (Outlet); B (Outlet)`` for the claims behind the polygons."""
    credits: list[str] = []
    for poly in polygons:
        credits.extend(_credit(timeline, c) for c in figure_claims(timeline, poly))
    credits = _unique(credits)
    if not credits:
        return "Figures: no attributed area figure"
    return "Figures: " + "; ".join(credits)


def basis_sentence(timeline: Timeline, polygon: DatedPolygon) -> str:
    """One sentence saying how the area was chosen, and from whose figures."""
    day = format_date(polygon.date)
    figs = figure_claims(timeline, polygon)

    def ref(c: Claim) -> str:
        return f"{_at(c, polygon)} ({_credit(timeline, c)})"

    if polygon.basis == "reported":
        who = "; ".join(_unique([_credit(timeline, c) for c in figs])) or "an unnamed source"
        when = wording.when(figs[0].date, polygon.date) if figs else day
        if when != day:
            return f"The figure for {when}, mapped on {day}, was reported by {who}."
        return f"The {day} figure was reported by {who}."
    if polygon.basis in ("derived", "implied") and figs:
        return (f"The {day} area is {polygon.basis} from reported figures: "
                f"{clean(figs[0].derivation)} ({_credit(timeline, figs[0])}).")
    rough = (f" It is uncertain: it lies {wording.range_text(*polygon.range_km2)}."
             if polygon.range_km2 and wording.rough(polygon) else "")
    if polygon.basis == "interpolated" and len(figs) == 2:
        credits = _unique([_credit(timeline, c) for c in figs])
        if len(credits) == 1:
            return (f"The {day} area is interpolated between the figures reported for "
                    f"{_at(figs[0], polygon)} and {_at(figs[1], polygon)}, both by {credits[0]}."
                    f"{rough}")
        return (f"The {day} area is interpolated between the figures reported for "
                f"{ref(figs[0])} and {ref(figs[1])}.{rough}")
    if polygon.basis == "interpolated" and figs:
        start = timeline.theater.start
        began = f" ({format_date(start)})" if start else ""
        return (f"The {day} area is interpolated between the start of the offensive{began} "
                f"and the figure reported for {ref(figs[0])}.{rough}")
    if not figs:
        return f"The {day} area is not backed by a reported figure."
    direction = "forward" if figs[0].date is None or figs[0].date.mid <= polygon.date else "back"
    far = (f", {polygon.gap_days} days away, so it is uncertain"
           if wording.rough(polygon) else "")
    return (f"The {day} area is carried {direction} from the figure reported for "
            f"{ref(figs[0])}{far}.")


def _at(c: Claim, polygon: DatedPolygon) -> str:
    return wording.when(c.date, c.date.mid if c.date else polygon.date)


def _basis_short(polygon: DatedPolygon) -> str:
    return wording.basis_label(polygon)


def _region_adj(timeline: Timeline) -> str:
    return clean(timeline.theater.holder_adjective)


def _places_sentence(timeline: Timeline, polygon: DatedPolygon) -> str:
    resolved = {p.name for p in timeline.places
                if p.resolution is not None and p.resolution.kind != "region"}
    named = [(clean(n), s) for n, s in polygon.place_status if n in resolved]
    if not named:
        return ""
    shown = named[: settings.CAPTION_MAX_PLACES]
    parts = [f"{n} ({s})" if s != "unknown" else n for n, s in shown]
    more = len(named) - len(shown)
    tail = f" and {more} more" if more > 0 else ""
    return (f"Settlements named in reporting, with their status for "
            f"{_region_adj(timeline)} forces: {', '.join(parts)}{tail}.")


def _ordered(timeline: Timeline, date: dt.date, compare: dt.date | None
             ) -> tuple[DatedPolygon, DatedPolygon | None]:
    """(later, earlier) polygons for a date and an optional comparison date."""
    main = polygon_on(timeline, date)
    if compare is None:
        return main, None
    other = polygon_on(timeline, compare)
    if other.date == main.date:
        return main, None
    return (main, other) if main.date > other.date else (other, main)


NOTE = ("The shaded area is an estimate derived from reported figures, "
        "not a surveyed front line.")


# --- public texts --------------------------------------------------------------
def alt_text(timeline: Timeline, date: dt.date, *, compare: dt.date | None = None,
             region_name: str | None = None) -> str:
    """One-paragraph description of the map of ``date`` for screen readers.

    Parameters
    ----------
    timeline : Timeline
    date : datetime.date
        The map's date; the latest timeline date on or before it is used.
    compare : datetime.date, optional
        A second date drawn as an outline (before/after map).
    region_name : str, optional
        How the theatre is called in the text (default: the theatre's
        region name, "Sumy Oblast").

    Returns
    -------
    str
        Plain text: date, area in both units, the trend, who reported the
        figure and whether it is reported or interpolated, the settlements.

    Raises
    ------
    CaptionError
        If a date is before the timeline's first date.
    """
    later, earlier = _ordered(timeline, date, compare)
    region = clean(region_name or timeline.theater.region_name)
    adj = _region_adj(timeline)
    miles = _miles_first(figure_claims(timeline, later))
    parts: list[str] = []
    if earlier is None:
        head = f"Map of {region}, {wording.drawn_when(later)}"
        if later.date != date:
            head = (f"Map of {region} as of {format_date(date)} (latest estimate: "
                    f"{format_date(later.date)})")
        sentence = (f"{head}: the {adj}-held area is estimated at "
                    f"{_area_text(timeline, later, miles)}")
        ref = _trend_reference(timeline, later)
        if ref is not None:
            word = "down" if ref.target_km2 > later.target_km2 else "up"
            prep, when = _figure_when(timeline, ref)
            sentence += (f", {word} from {_area_text(timeline, ref, miles)} {prep} {when}")
        parts.append(sentence + ".")
        parts.append(basis_sentence(timeline, later))
    else:
        parts.append(
            f"Map of {region} comparing {format_date(earlier.date)} and "
            f"{format_date(later.date)}: the {adj}-held area is estimated at "
            f"{_area_text(timeline, earlier, miles)} on the earlier date, drawn as a dashed "
            f"outline, and {_area_text(timeline, later, miles)} on the later date, shaded.")
        parts.append(basis_sentence(timeline, earlier))
        parts.append(basis_sentence(timeline, later))
    places = _places_sentence(timeline, later)
    if places:
        parts.append(places)
    parts.append(NOTE)
    return " ".join(parts)


def _trend_reference(timeline: Timeline, polygon: DatedPolygon) -> DatedPolygon | None:
    """The earlier polygon to compare with: the largest area before this date."""
    earlier = [p for p in timeline.polygons if p.date < polygon.date]
    if not earlier:
        return None
    ref = max(earlier, key=lambda p: (p.target_km2, -p.date.toordinal()))
    if abs(ref.target_km2 - polygon.target_km2) < 0.005 * max(ref.target_km2, 1e-9):
        return None
    return ref


def caption(timeline: Timeline, date: dt.date, *, compare: dt.date | None = None,
            region_name: str | None = None, credits: tuple[str, ...] = ()) -> str:
    """One-line caption with the figure's sources and the data credits.

    Parameters
    ----------
    timeline : Timeline
    date : datetime.date
    compare : datetime.date, optional
    region_name : str, optional
        Default: the theatre's region name.
    credits : tuple of str
        Data licence lines (``Boundaries.credits``).

    Returns
    -------
    str
        E.g. ``Ukrainian-held area in Kursk region, 16 March 2025: 30 sq mi
        (78 km²), reported figure. Estimate derived from reported figures.
        Figures: ...; map data: ...``.
    """
    later, earlier = _ordered(timeline, date, compare)
    adj = _region_adj(timeline)
    miles = _miles_first(figure_claims(timeline, later))
    region = clean(region_name or timeline.theater.region_name)
    if earlier is None:
        head = (f"{adj}-held area in {region}, {wording.drawn_when(later)}: "
                f"{_area_text(timeline, later, miles)}, {_basis_short(later)}.")
    else:
        head = (f"{adj}-held area in {region}: {_area_text(timeline, earlier, miles)} on "
                f"{format_date(earlier.date)} ({_basis_short(earlier)}), "
                f"{_area_text(timeline, later, miles)} on {format_date(later.date)} "
                f"({_basis_short(later)}).")
    polys = (later,) if earlier is None else (earlier, later)
    tail = f" {sources_line(timeline, polys)}."
    if credits:
        tail += " Map data: " + "; ".join(data_credit(c) for c in credits) + "."
    return head + " Estimate derived from reported figures." + tail


def map_text(timeline: Timeline, date: dt.date, *, compare: dt.date | None = None,
             region_name: str | None = None) -> MapText:
    """The title, subtitle, legend entries and source line drawn on a map.

    Parameters
    ----------
    timeline : Timeline
    date : datetime.date
    compare : datetime.date, optional
    region_name : str, optional
        Default: the theatre's region name.

    Returns
    -------
    MapText
    """
    later, earlier = _ordered(timeline, date, compare)
    adj = _region_adj(timeline)
    region = clean(region_name or timeline.theater.region_name)
    miles = _miles_first(figure_claims(timeline, later))
    area_later = format_area(later.target_km2, miles_first=miles)
    title = f"{adj}-held ground in {region}"
    if earlier is None:
        when = wording.drawn_when(later)
        if later.date != date:
            when = f"{format_date(date)} (latest estimate {format_date(later.date)})"
        subtitle = (f"{'As of ' if when[0].isdigit() else ''}{when}: "
                    f"{_area_text(timeline, later, miles)} · {_basis_short(later)}")
        legend_earlier = None
    else:
        area_earlier = format_area(earlier.target_km2, miles_first=miles)
        subtitle = (f"{format_date(earlier.date)}: {_area_text(timeline, earlier, miles)}"
                    f"  →  {format_date(later.date)}: {_area_text(timeline, later, miles)}")
        legend_earlier = f"Held {format_short_date(earlier.date)}: {area_earlier}"
    legend_current = f"Held {format_short_date(later.date)}: {area_later}"
    polys = (later,) if earlier is None else (earlier, later)
    return MapText(title=title, subtitle=subtitle, legend_current=legend_current,
                   legend_earlier=legend_earlier, sources=sources_line(timeline, polys),
                   note=NOTE)
