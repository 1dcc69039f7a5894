"""Timeline assembly: area series, interpolation, place status, polygons."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from shapely.geometry import Point

from geo import series
from geo.models import Article, Claim, PlaceMention, Problem, Resolution, ResolvedDate
from geo.timeline import (
    assemble,
    place_records,
    status_changes,
    status_on,
    timeline_days,
)

from sample_data import sample_theater


def day(y, m, d, text="on that day"):
    x = dt.date(y, m, d)
    return ResolvedDate(x, x, "day", text, "explicit date")


def area(cid, km2, when, ctype="analyst", side="Ukraine", measure="held"):
    return Claim(cid, "a.txt", "a.txt", "area", f"quote {cid}", 0, 10, "Someone", ctype, side,
                 date=when, value=km2, unit="km2", measure=measure, area_km2=km2,
                 area_sq_mi=km2 / 2.59)


def event(cid, place, action, when, side="Ukraine", hedged=False, negated=False):
    return Claim(cid, "a.txt", "a.txt", "event", f"quote {cid}", 0, 10, "Someone", "military",
                 side, place=place, date=when, action=action, hedged=hedged, negated=negated)


class FakeGeocoder:
    """Resolves the names it is given, case-insensitively; nothing else."""

    def __init__(self, *known: Resolution):
        self.known = {r.query.lower(): r for r in known}

    def geocode(self, query):
        return self.known.get(query.lower())


NOBODY = FakeGeocoder()
MONTH = ResolvedDate(dt.date(2024, 9, 1), dt.date(2024, 9, 30), "month", "in September",
                     "month before publication")


def _drawn(claims, **kw):
    _, points, evidence = series.plan(claims, "Ukraine", "Russia", region_names={}, **kw)
    return points, evidence


def test_figures_follow_the_analysts_and_skip_changes_and_undated():
    claims = [
        area("c1", 1000.0, MONTH),
        area("c2", 2000.0, MONTH, ctype="military"),  # same date, another series
        area("c3", 90.0, day(2024, 10, 1), measure="change"),
        area("c4", 500.0, None),
        area("c5", 700.0, day(2024, 10, 5), side="Russia"),
    ]
    points, _ = _drawn(claims)
    assert [(p.date, p.km2, p.claim.claim_id) for p in points] == [
        (dt.date(2024, 9, 15), 1000.0, "c1")]  # never the average, 1,500
    only_military, _ = _drawn(claims, claimant_types=["military"])
    assert [p.km2 for p in only_military] == [2000.0]


def test_area_is_interpolated_linearly_and_carried_after_the_last():
    points, evidence = _drawn([area("a", 1000.0, day(2025, 1, 1)),
                               area("b", 100.0, day(2025, 1, 11))])
    mid = series.decide(points, dt.date(2025, 1, 5), start=None, evidence=evidence)
    assert mid.km2 == pytest.approx(640.0) and mid.basis == "interpolated"
    assert mid.figure_ids == ("a", "b") and mid.range_km2 is None
    assert series.decide(points, dt.date(2024, 12, 1), start=None, evidence=evidence) is None
    late = series.decide(points, dt.date(2025, 2, 1), start=None, evidence=evidence)
    assert (late.km2, late.basis, late.gap_days) == (100.0, "carried", 21)


def test_status_follows_latest_dated_event_from_the_side_view():
    places = place_records([], [event("e1", "Alphaville", "held", MONTH)], NOBODY)
    claims = [
        event("e1", "Alphaville", "held", MONTH),
        event("e2", "Alphaville", "withdrew", day(2025, 3, 10)),
        event("e3", "Alphaville", "captured", day(2025, 3, 13), side="Russia"),
        event("e4", "Alphaville", "captured", day(2025, 3, 20), negated=True),
    ]
    ch = status_changes(claims, places, "Ukraine")["Alphaville"]
    assert status_on(ch, dt.date(2024, 8, 1)) == "unknown"
    assert status_on(ch, dt.date(2024, 10, 1)) == "held"
    assert status_on(ch, dt.date(2025, 3, 11)) == "lost"
    assert status_on(ch, dt.date(2025, 3, 25)) == "lost"  # negated claim changes nothing


def test_hedged_event_makes_a_place_contested():
    places = place_records([], [event("e1", "Betagrad", "captured", MONTH, side="Russia",
                                      hedged=True)], NOBODY)
    ch = status_changes([event("e1", "Betagrad", "captured", MONTH, side="Russia",
                               hedged=True)], places, "Ukraine")
    assert ch["Betagrad"][0][1] == "contested"


def test_place_records_group_spellings_and_keep_unresolved():
    ms = [PlaceMention("Alphaville", "a", "a.txt", 0, 10, "q1"),
          PlaceMention("ALPHAVILLE", "a", "a.txt", 20, 30, "q2"),
          PlaceMention("Nowhere", "a", "a.txt", 40, 47, "q3")]
    res = Resolution("Alphaville", "Alphaville", 51.1, 35.2, "settlement", "gazetteer", 100,
                     "exact")
    recs = place_records(ms, [], FakeGeocoder(res))
    assert [(r.name, len(r.mentions), r.resolved) for r in recs] == [
        ("Alphaville", 2, True), ("Nowhere", 1, False)]


def test_timeline_days_include_events_from_the_first_evidence_and_optionally_every_day():
    points, evidence = _drawn([area("a", 1000.0, day(2025, 1, 1)),
                               area("b", 100.0, day(2025, 1, 5))])
    ev = [event("e", "X", "withdrew", day(2025, 1, 3)), event("u", "X", "withdrew", None),
          event("old", "X", "captured", day(2024, 6, 1))]  # months before any ground
    assert timeline_days(points, ev, evidence) == [dt.date(2025, 1, 1), dt.date(2025, 1, 3),
                                                   dt.date(2025, 1, 5)]
    assert len(timeline_days(points, ev, evidence, every_day=True)) == 5
    assert timeline_days(points, ev, None) == []


def test_assemble_fits_polygons_with_statuses_and_provenance():
    b = sample_theater()
    town = Resolution("Alphaville", "Alphaville", 51.10, 35.20, "settlement", "gazetteer",
                      100, "exact")
    claims = [
        area("peak", 1295.0, MONTH, measure="peak"),
        event("since", "Alphaville", "held", MONTH),
        event("out", "Alphaville", "withdrew", day(2025, 3, 10)),
        area("now", 77.7, day(2025, 3, 16)),
    ]
    places = place_records([], claims, FakeGeocoder(town))
    arts = [Article("a.txt", "a.txt", "text", published=dt.date(2025, 3, 17))]
    t = assemble(arts, [], claims, places, b)
    assert [p.date for p in t.polygons] == [dt.date(2024, 9, 15), dt.date(2025, 3, 10),
                                           dt.date(2025, 3, 16)]
    first, middle, last = t.polygons
    assert first.area_km2 == pytest.approx(1295.0, rel=0.02) and first.basis == "reported"
    assert middle.basis == "interpolated"
    assert last.area_km2 == pytest.approx(77.7, rel=0.02)
    assert last.area_sq_mi == pytest.approx(30.0, rel=0.02)
    assert dict(first.place_status)["Alphaville"] == "held"
    assert first.geometry.contains(Point(35.20, 51.10))
    assert dict(last.place_status)["Alphaville"] == "lost"
    assert not last.geometry.contains(Point(35.20, 51.10))
    assert "out" in middle.claim_ids and "peak" in first.claim_ids
    assert last.geometry.difference(middle.geometry.buffer(1e-5)).area < 1e-9


def test_assemble_without_area_figures_warns_and_keeps_claims():
    b = sample_theater()
    claims = [event("e", "Alphaville", "held", MONTH)]
    t = assemble([], [], claims, place_records([], claims, NOBODY), b)
    assert t.polygons == () and len(t.claims) == 1
    assert any(p.message.startswith("Test: no dated area figure for Ukraine-held ground")
               for p in t.problems)


def test_two_spellings_of_one_village_share_a_record_and_its_events():
    a = Resolution("Gammovka", "Gammovka", 51.2, 35.3, "settlement", "gazetteer", 100, "exact",
                   source_row="row 7")
    b = Resolution("Hammivka", "Gammovka", 51.2, 35.3, "settlement", "gazetteer", 100,
                   "variant", source_row="row 7")
    claims = [event("e1", "Gammovka", "captured", MONTH),
              event("e2", "Hammivka", "withdrew", day(2025, 1, 1))]
    recs = place_records([], claims, FakeGeocoder(a, b))
    assert len(recs) == 1 and set(recs[0].claim_ids) == {"e1", "e2"}
    ch = status_changes(claims, recs, "Ukraine")[recs[0].name]
    assert [s for _, s, _ in ch] == ["held", "lost"]


def test_area_figure_about_another_region_is_not_used_and_is_reported():
    b = sample_theater()
    far = Resolution("Farland", "Farland", 48.0, 37.8, "region", "gazetteer", 100, "exact",
                     region_id="UA-DON")
    here = Claim("k1", "a.txt", "a.txt", "area", "held 100 km2", 0, 10, "X", "analyst",
                 "Ukraine", date=day(2025, 1, 1), value=100, unit="km2", measure="held",
                 area_km2=100.0, area_sq_mi=38.6)
    there = replace(here, claim_id="k2", place="Farland", value=4000, area_km2=4000.0,
                    quote="Russia seized 4,000 km2 in Farland")
    places = place_records([], [there], FakeGeocoder(far))
    t = assemble([], [], [here, there], places, b)
    assert [round(p.target_km2) for p in t.polygons] == [100]
    assert any("is about Farland, outside Test Oblast; not used" in p.message
               for p in t.problems)


def test_events_without_a_side_only_ever_make_a_place_contested():
    claims = [event("e1", "Deltino", "captured", MONTH, side=None),
              event("e2", "Deltino", "contested", day(2025, 1, 1), side=None)]
    recs = place_records([], claims, NOBODY)
    ch = status_changes(claims, recs, "Ukraine")["Deltino"]
    assert [(s, cid) for _, s, cid in ch] == [("contested", "e2")]


def test_rebuilding_from_a_timeline_lists_each_problem_once():
    b = sample_theater()
    claims = [event("e", "Alphaville", "held", MONTH)]
    places = place_records([], claims, NOBODY)
    first = assemble([], [Problem("x.txt", "x.txt is empty")], claims, places, b)
    again = assemble([], first.problems, claims, places, b)
    assert again.problems == first.problems and len(first.problems) == 2
