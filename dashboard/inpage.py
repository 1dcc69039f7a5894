"""The in-page date panels' data: every date's headline, events and chart marker.

Built once per timeline and units (:func:`panel_data`), sent once to the page
as ``panels.json`` (:func:`dashboard.component.write_panels_dir`); a slider
move then swaps the panels in the page, with no server round trip. The text
is worded by :mod:`geo.wording` and :mod:`geo.caption`, as on every other
surface. See :mod:`dashboard._inpage_payload` for the fields.
"""

from __future__ import annotations

import datetime as dt
import json

from geo import caption, wording
from geo.models import Claim, DatedPolygon, Timeline
from geo.settings import DASHBOARD_EVENTS_NEAREST

from dashboard import svgchart
from dashboard import views as V
from dashboard._inpage_payload import Event, Headline, PanelData, Source

#: How many area claims behind a date the headline quotes.
HEADLINE_SOURCES = 2


def headline(timeline: Timeline, polygon: DatedPolygon, units: V.Units) -> Headline:
    """What the headline says for one date (the same words as the other surfaces)."""
    other: V.Units = "sqmi" if units == "km2" else "km2"
    counts = V.status_counts(polygon)
    sources = [Source(quote=" ".join(c.quote.split()), claimant=c.claimant)
               for c in V.area_sources(timeline, polygon)[:HEADLINE_SOURCES]]
    return Headline(dateText=wording.day(polygon.date),
                    area=wording.polygon_area(polygon, units),
                    areaOther=wording.polygon_area(polygon, other),
                    basis=polygon.basis, basisLabel=wording.basis_label(polygon),
                    basisWhy=caption.basis_sentence(timeline, polygon),
                    places=", ".join(f"{n} {k}" for k, n in counts.items() if n),
                    sources=sources, notes=[str(n) for n in polygon.notes])


def _event(claim: Claim, timeline: Timeline) -> Event:
    art = V.article_index(timeline).get(claim.source_id)
    action = V.event_action(claim)
    d = claim.date
    return Event(start=d.start.isoformat() if d else "", end=d.end.isoformat() if d else "",
                 goto=d.mid.isoformat() if d else "", when=V.date_label(claim),
                 place=claim.place or "", side=claim.side or "", action=action,
                 claimant=claim.claimant, quote=" ".join(claim.quote.split()),
                 source=V.source_label(art, claim.source),
                 link=(V.safe_url(art.url) or "") if art else "")


def nearest_events(events: list[Claim], day: dt.date, count: int) -> list[int]:
    """Indexes of the ``count`` dated events nearest ``day``, in list (date) order.

    The same choice as :func:`dashboard.views.events_frame`
    (:func:`dashboard.views.nearest_dated`).
    """
    chosen = {id(c) for c in V.nearest_dated(events, day, count)}
    return [k for k, c in enumerate(events) if id(c) in chosen]


def panel_data(timeline: Timeline, units: V.Units,
               nearest: int = DASHBOARD_EVENTS_NEAREST) -> PanelData:
    """Every date's headline, the events around it and the chart, for the page.

    Parameters
    ----------
    timeline : Timeline
    units : {"km2", "sqmi"}
        The headline's first unit and the chart's.
    nearest : int
        How many events the list keeps around a date ("Show all" lists all).

    Returns
    -------
    PanelData
    """
    events = V.ordered_events(timeline)
    svg, marker_x = svgchart.area_svg(timeline, units)
    headlines = []
    for day in timeline.dates:
        polygon = timeline.polygon_on(day)
        headlines.append(headline(timeline, polygon, units))
    return PanelData(dates=[d.isoformat() for d in timeline.dates],
                     title=timeline.theater.headline, headlines=headlines,
                     events=[_event(c, timeline) for c in events],
                     nearest=[nearest_events(events, d, nearest) for d in timeline.dates],
                     nearestCount=nearest, chart={"svg": svg, "markerX": marker_x})


def panel_json(data: PanelData) -> str:
    """The payload as JSON (``<``, ``>`` and ``&`` as escapes, so it is inert anywhere)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
