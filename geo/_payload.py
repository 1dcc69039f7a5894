"""The data the map page holds: the one definition of the Python-to-JS payload.

``geo.webmap`` builds a :class:`MapData` (the timeline) and a
:class:`MapOptions` (how to show it) and passes both as JSON to
``FrontlineMapLib.init`` in the page. ``geo/static/frontline_core.js`` names
the same fields in ``PAYLOAD_SCHEMA`` (keyed by these class names) and the
page reads every one of them; ``tests/test_payload.py`` checks both, so a
field added here without a reader in the page (or the other way round)
fails the tests.

Field names are camelCase because they are read in JavaScript. Lists
indexed "per date" run parallel to ``MapData.dates``.

(No ``from __future__ import annotations`` here: ``NotRequired`` must be
seen by ``TypedDict`` at class creation.)
"""

from typing import NotRequired, TypedDict

__all__ = [
    "SCHEMA",
    "STATUS_CODES",
    "TOWN_LABEL_FIELDS",
    "Basemap",
    "Claim",
    "MapData",
    "MapOptions",
    "Mention",
    "Peak",
    "Place",
    "Region",
]


class Claim(TypedDict):
    """One sentence behind a polygon or a place status (popups)."""

    quote: str              #: the sentence, whitespace-collapsed and clipped
    claimant: str           #: who said it ("Ministry of Defence")
    claimantType: str       #: analyst, military, government, media, ...
    dateText: str           #: the claim's date with precision and wording
    dateStart: str | None   #: ISO start of the claim's date (greys out later claims)
    source: str             #: outlet, title, publication date, file
    hedged: int             #: 1 when hedged / unconfirmed
    negated: int            #: 1 when negated


class Mention(TypedDict):
    """A sentence naming a place that has no control claim."""

    quote: str
    source: str


class Place(TypedDict):
    """A located settlement, drawn as a marker."""

    name: str               #: as written in the reports
    resolvedName: str       #: the gazetteer's name (label, popup title)
    lat: float
    lon: float
    admin: str              #: "district, oblast"
    locatedBy: str          #: "provider, method"
    claimRefs: list[int]    #: indexes into MapData.claims, oldest first
    mentions: list[Mention]  #: up to three sentences naming it


class Peak(TypedDict):
    """The timeline's largest polygon (drawn as a dashed outline)."""

    date: str


class Region(TypedDict):
    """A region name on the offline basemap."""

    name: str
    lat: float
    lon: float
    isTheater: int          #: 1 for the theatre's region (darker label)


#: A town label is a row ``[name, lat, lon, population]`` (there are hundreds:
#: rows keep the page small); ``FrontlineCore.townLabel`` names the items.
TOWN_LABEL_FIELDS = ("name", "lat", "lon", "population")


class Basemap(TypedDict):
    """Labels of the offline basemap."""

    regions: list[Region]
    townLabels: list[list[str | float | int]]   #: rows in TOWN_LABEL_FIELDS order
    zoomPopulation: list[list[float]]           #: [[max zoom, min population], ...]


#: Place status codes in ``MapData.placeStatus`` (``FrontlineCore.STATUS``).
STATUS_CODES = {"held": "h", "lost": "l", "contested": "c", "unknown": "u"}


class MapData(TypedDict):
    """The whole timeline."""

    dates: list[str]                  #: ISO dates, ascending
    hasReport: list[int]              #: per date: 1 when a report falls on it
    geometries: list[list[list[str]]]  #: unique polygons: [[outer, hole, ...], ...] polylines
    geometryIndex: list[int]          #: per date: index into geometries, -1 when empty
    areaKm2: list[float]              #: per date
    areaSqMi: list[float]             #: per date
    basis: list[str]                  #: per date: reported, derived, implied, interpolated, carried
    areaText: list[str]               #: per date: the area as every surface says it
    basisText: list[str]              #: per date: how it was chosen, in a few words
    basisWhy: list[str]               #: per date: one sentence, from whose figures
    dateClaims: list[list[int]]       #: per date: indexes into claims
    dateNotes: list[list[str]]        #: per date: contradictions and caveats
    places: list[Place]
    placeStatus: list[str]            #: per date: one STATUS_CODES letter per place
    claims: list[Claim]
    unresolvedCount: int              #: place names that could not be located
    peak: NotRequired[Peak]           #: absent when no date has a polygon
    basemap: Basemap
    bounds: list[list[float]]         #: [[south, west], [north, east]] of the first view


class MapOptions(TypedDict):
    """How the page shows the timeline."""

    startIndex: int         #: date index shown first
    showControls: bool      #: the slider bar
    embed: bool             #: chrome-free (no title, legend folded)
    tiles: bool             #: web tiles under the map
    side: str               #: "Ukraine"
    sideAdjective: str      #: "Ukrainian"
    theaterName: str        #: "Kursk Oblast"
    colors: dict[str, str]  #: settings.WEBMAP_COLORS
    attribution: str        #: HTML for Leaflet's attribution corner (escaped)
    credits: list[str]      #: plain text, listed in the legend
    playIntervalMs: int
    compactWidthPx: int     #: below this width the legend folds
    coordDecimals: int      #: polyline precision


#: Every payload record by the name ``PAYLOAD_SCHEMA`` uses in the page.
SCHEMA: dict[str, type] = {
    "MapData": MapData,
    "MapOptions": MapOptions,
    "Claim": Claim,
    "Mention": Mention,
    "Place": Place,
    "Peak": Peak,
    "Basemap": Basemap,
    "Region": Region,
}
