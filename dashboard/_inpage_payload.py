"""The data the in-page date panels hold: the one definition of their payload.

:func:`dashboard.inpage.panel_data` builds a :class:`PanelData` once per
timeline and units; the dashboard writes it as ``panels.json`` next to the
panels component's page, and ``dashboard/static/date_panels.js`` swaps the
headline, the events list and the chart's marker from it when the map's
date changes (no server round trip). ``date_panels.js`` names the same
fields in ``PANEL_SCHEMA`` and reads every one of them;
``tests/test_inpage.py`` checks both.

Text fields hold article text as it is (plain text, JSON-encoded): the page
sets them with ``textContent`` only. The chart's ``svg`` is markup built on
the server with every text escaped (:mod:`dashboard.svgchart`).

(No ``from __future__ import annotations`` here: ``TypedDict`` must see
the field types at class creation.)
"""

from typing import TypedDict

__all__ = ["SCHEMA", "Chart", "Event", "Headline", "PanelData", "Source"]


class Source(TypedDict):
    """A sentence behind a date's area figure."""

    quote: str              #: the sentence (plain text)
    claimant: str           #: who said it


class Headline(TypedDict):
    """What the headline panel says for one date."""

    dateText: str           #: "16 March 2025" (``geo.wording.day``)
    area: str               #: the area in the chosen units ("78 km²")
    areaOther: str          #: the area in the other units ("30 sq mi")
    basis: str              #: the basis word (reported, derived, interpolated, ...)
    basisLabel: str         #: how the area was chosen, in a few words
    basisWhy: str           #: one sentence, from whose figures
    places: str             #: "2 held, 1 lost" (empty when no place has a status)
    sources: list[Source]   #: up to two area claims behind the date
    notes: list[str]        #: contradictions and caveats


class Event(TypedDict):
    """A control event (capture, withdrawal, fighting at a place)."""

    start: str              #: ISO start of the event's date ("" when undated)
    end: str                #: ISO end of the event's date ("" when undated)
    goto: str               #: ISO date "Show on map" moves to ("" when undated)
    when: str               #: the date as written, with its precision
    place: str
    side: str
    action: str             #: "captured", "not captured (claimed)", ...
    claimant: str
    quote: str
    source: str             #: outlet, title (file)
    link: str               #: a safe http(s) URL of the article, or ""


class Chart(TypedDict):
    """The area-over-time chart: server-built SVG and where its marker goes."""

    svg: str                #: the SVG markup (every text escaped); has a .dp-marker line
    markerX: list[float]    #: per date: the marker's x in the SVG's user units


class PanelData(TypedDict):
    """Everything the date panels show, for every date of one timeline."""

    dates: list[str]               #: ISO dates, ascending (the map's dates)
    title: str                     #: the theatre's headline
    headlines: list[Headline]      #: per date
    events: list[Event]            #: every event: dated ones by date, undated last
    nearest: list[list[int]]       #: per date: indexes into events, the nearest few
    nearestCount: int              #: how many events "nearest" keeps
    chart: Chart


#: Every payload record by the name ``PANEL_SCHEMA`` uses in the page.
SCHEMA: dict[str, type] = {
    "PanelData": PanelData,
    "Headline": Headline,
    "Source": Source,
    "Event": Event,
    "Chart": Chart,
}
