"""A small synthetic timeline and boundaries for tests of the outputs.

Nothing here comes from the seeds: the places, figures and sentences are
made up, so output tests (maps, images, dashboard) do not depend on the
pipeline's extraction. Includes hostile text (HTML/script) in a place name
and a quote, to prove escaping.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from shapely.geometry import LineString, Polygon, box

from geo.models import (
    AreaFigure,
    Article,
    Boundaries,
    Claim,
    DatedPolygon,
    Label,
    PlaceMention,
    PlaceRecord,
    Problem,
    Region,
    Resolution,
    ResolvedDate,
    Timeline,
)
from geo.theater import Theater, make_theater

XSS_NAME = 'Evil<img src=x onerror="window.__xss=1">ville'
XSS_QUOTE = 'They said <script>window.__xss=2</script> it fell & "burned".'


def sample_boundaries() -> Boundaries:
    """A made-up oblast north of a straight east-west border at 51.0 N."""
    oblast = Polygon([(34.5, 51.0), (36.5, 51.0), (36.5, 52.0), (34.5, 52.0)])
    neighbour = Polygon([(34.5, 50.5), (36.5, 50.5), (36.5, 51.0), (34.5, 51.0)])
    return Boundaries(
        regions=(
            Region("RU-KRS", "Test Oblast", "RU", oblast, "synthetic"),
            Region("UA-SUM", "Neighbour Oblast", "UA", neighbour, "synthetic"),
        ),
        border=LineString([(34.5, 51.0), (36.5, 51.0)]),
        labels=(
            Label("Alphaville", 51.10, 35.20, 5000, "Test Oblast"),
            Label("Betagrad", 51.50, 35.90, 20000, "Test Oblast"),
        ),
        credits=("Synthetic test data",),
    )


def sample_theater() -> Theater:
    """A made-up front: Ukraine holds ground in the synthetic "Test Oblast"."""
    return make_theater("test", sample_boundaries(), holder="Ukraine", land="Russia",
                        region_ids=("RU-KRS",), context_ids=("UA-SUM",), name="Test",
                        title="A made-up front")


def _rdate(day: dt.date, text: str) -> ResolvedDate:
    return ResolvedDate(day, day, "day", text, "explicit date")


def sample_timeline() -> Timeline:
    """Three dates of a shrinking rectangle against the synthetic border."""
    art = Article(
        source_id="test.txt", path="test.txt", text="(synthetic)", title="Test story",
        outlet="Test Outlet", published=dt.date(2025, 3, 20), published_basis="sidecar",
    )
    undated = Article(
        source_id="undated.txt", path="undated.txt", text="(synthetic)", title=None,
        outlet=None, published=None, published_basis="unknown",
    )
    d1, d2, d3 = dt.date(2024, 8, 20), dt.date(2025, 3, 10), dt.date(2025, 3, 16)
    claims = (
        Claim("test.txt:area:0", "test.txt", "test.txt", "area",
              "At the peak the force held some 500 square miles.", 0, 50,
              "Analyst One, Test Institute", "analyst", "Ukraine",
              date=ResolvedDate(dt.date(2024, 8, 1), dt.date(2024, 8, 31), "month",
                                "in August", "month before publication"),
              value=500, unit="sq mi", qualifier="some", measure="peak",
              area_km2=1295.0, area_sq_mi=500.0),
        Claim("test.txt:event:60", "test.txt", "test.txt", "event", XSS_QUOTE, 60, 120,
              "Ministry of Defence", "military", "Russia", place=XSS_NAME,
              date=_rdate(d2, "March 10"), action="captured", hedged=True, confidence=0.6),
        Claim("test.txt:area:130", "test.txt", "test.txt", "area",
              "By Sunday they held barely 30 square miles.", 130, 175,
              "Analyst One, Test Institute", "analyst", "Ukraine",
              date=_rdate(d3, "by Sunday"), value=30, unit="sq mi", qualifier="barely",
              measure="held", area_km2=77.7, area_sq_mi=30.0),
        Claim("undated.txt:event:0", "undated.txt", "undated.txt", "event",
              "Troops entered Alphaville.", 0, 26, "Undated Outlet", "outlet", "Ukraine",
              place="Alphaville", date=None, action="captured"),
    )

    def poly(day: dt.date, w: float, h: float, basis: str, km2: float,
             ids: tuple[str, ...], status: tuple, figures: tuple[str, ...],
             precision: str = "day") -> DatedPolygon:
        g = box(35.2 - w / 2, 51.0, 35.2 + w / 2, 51.0 + h)
        return DatedPolygon(day, "Ukraine", g, km2, km2 / 2.589988110336, km2, basis,
                            ids, status, series="independent analysts",
                            figure_claim_ids=figures, precision=precision)

    peak, now = "test.txt:area:0", "test.txt:area:130"
    polygons = (
        poly(d1, 0.8, 0.3, "reported", 1295.0, (peak,),
             (("Alphaville", "held"), (XSS_NAME, "held")), (peak,)),
        poly(d2, 0.4, 0.12, "interpolated", 400.0, ("test.txt:event:60",),
             (("Alphaville", "held"), (XSS_NAME, "lost")), (peak, now)),
        poly(d3, 0.2, 0.04, "reported", 77.7, (now,),
             (("Alphaville", "contested"), (XSS_NAME, "lost")), (now,)),
    )
    figures = (AreaFigure(peak, dt.date(2024, 8, 16), 1295.0, "independent analysts",
                          "reported", True),
               AreaFigure(now, d3, 77.7, "independent analysts", "reported", True))
    places = (
        PlaceRecord("Alphaville",
                    (PlaceMention("Alphaville", "undated.txt", "undated.txt", 15, 25,
                                  "Troops entered Alphaville."),),
                    Resolution("Alphaville", "Alphaville", 51.10, 35.20, "settlement",
                               "gazetteer", 100.0, "exact", admin1="Test Oblast"),
                    ("undated.txt:event:0",)),
        PlaceRecord(XSS_NAME,
                    (PlaceMention(XSS_NAME, "test.txt", "test.txt", 60, 80, XSS_QUOTE),),
                    Resolution(XSS_NAME, XSS_NAME, 51.05, 35.25, "settlement", "overrides",
                               100.0, "exact"),
                    ("test.txt:event:60",)),
        PlaceRecord("Nowhereburg",
                    (PlaceMention("Nowhereburg", "test.txt", "test.txt", 5, 16,
                                  "Fighting near Nowhereburg continued."),),
                    None, ()),
    )
    return Timeline(
        articles=(art, undated),
        problems=(Problem("broken.bin", "broken.bin: not text (binary data); skipped."),),
        claims=claims,
        places=places,
        polygons=polygons,
        theater=sample_theater(),
        method="Synthetic test timeline.",
        figures=figures,
    )


def hostile_area_timeline() -> Timeline:
    """The sample with hostile text where the headline and the chart show it.

    The area claims' claimant and quote, and a note on every date, are
    XSS_NAME / XSS_QUOTE (the in-page panels' headline sources, basis
    sentence, notes and chart tooltips).
    """
    tl = sample_timeline()
    claims = tuple(dataclasses.replace(c, claimant=XSS_NAME, quote=XSS_QUOTE)
                   if c.kind == "area" else c for c in tl.claims)
    polygons = tuple(dataclasses.replace(p, notes=(XSS_QUOTE,)) for p in tl.polygons)
    return dataclasses.replace(tl, claims=claims, polygons=polygons)
