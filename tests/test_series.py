"""Choosing a date's area: series, derived figures, outliers, time bounds, precision.

Every test builds its own claims (no corpus text) and checks the area drawn
and the words said about it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from geo import series, wording
from geo.models import Claim, ResolvedDate
from geo.vocabulary import load_vocabulary

HOLDER, LAND = "Ukraine", "Russia"


def on(y: int, m: int, d: int, inferred: bool = False) -> ResolvedDate:
    x = dt.date(y, m, d)
    return ResolvedDate(x, x, "day", "on that day", "explicit date", inferred)


def month(y: int, m: int, inferred: bool = False) -> ResolvedDate:
    start = dt.date(y, m, 1)
    end = (dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1))
    return ResolvedDate(start, end, "month", "in that month", "month", inferred)


def fig(cid: str, km2: float, when: ResolvedDate | None, *, ctype: str = "analyst",
        side: str = HOLDER, measure: str = "held", claimant_side: str | None = None,
        action: str | None = None, unit: str = "km²", value: float | None = None,
        quote: str = "") -> Claim:
    return Claim(cid, "s.txt", "s.txt", "area", quote or f"figure {cid}", 0, 10,
                 f"Claimant {cid}", ctype, side, date=when,
                 value=km2 if value is None else value, unit=unit, measure=measure,
                 area_km2=km2, area_sq_mi=km2 / 2.59, claimant_side=claimant_side,
                 action=action)


def event(cid: str, place: str, action: str, when: ResolvedDate, side: str = HOLDER,
          quote: str = "") -> Claim:
    return Claim(cid, "s.txt", "s.txt", "event", quote or f"event {cid}", 0, 10,
                 "Someone", "military", side, place=place, date=when, action=action)


def plan(claims, **kw):
    kw.setdefault("region_names", {})
    return series.plan(claims, HOLDER, LAND, **kw)


def area_on(claims, day: dt.date, start: dt.date | None = None, **kw):
    _, points, evidence = plan(claims, start=start, **kw)
    return series.decide(points, day, start=start, evidence=evidence)


# --- series, not averages -------------------------------------------------------------
def test_two_figures_on_one_date_are_never_averaged_the_analysts_win():
    claims = [fig("isw", 600.0, on(2025, 2, 1)),
              fig("army", 1200.0, on(2025, 2, 1), ctype="military", claimant_side=HOLDER)]
    d = area_on(claims, dt.date(2025, 2, 1))
    assert (d.km2, d.basis, d.series, d.figure_ids) == (600.0, "reported",
                                                        "independent analysts", ("isw",))
    figures, points, _ = plan(claims)
    assert {f.claim.claim_id: f.series for f in figures} == {
        "isw": "independent analysts", "army": "Ukraine's officials"}
    assert [p.claim.claim_id for p in points] == ["isw"]  # the other stays a point only


def test_the_users_choice_of_claimants_picks_the_series():
    claims = [fig("isw", 600.0, on(2025, 2, 1)),
              fig("army", 1200.0, on(2025, 2, 1), ctype="military", claimant_side=HOLDER)]
    d = area_on(claims, dt.date(2025, 2, 1), claimant_types=["military"])
    assert (d.km2, d.series) == (1200.0, "Ukraine's officials")


def test_other_series_fill_only_before_and_after_the_followed_one():
    claims = [fig("isw1", 500.0, on(2025, 2, 1)), fig("isw2", 300.0, on(2025, 3, 1)),
              fig("mod-in", 900.0, on(2025, 2, 15), ctype="government", claimant_side=LAND),
              fig("mod-after", 100.0, on(2025, 4, 1), ctype="government", claimant_side=LAND)]
    _, points, _ = plan(claims)
    assert [p.claim.claim_id for p in points] == ["isw1", "isw2", "mod-after"]
    d = area_on(claims, dt.date(2025, 2, 15))
    assert d.km2 == pytest.approx(400.0) and d.basis == "interpolated"


# --- derived figures ------------------------------------------------------------------
def test_held_is_the_whole_less_the_ground_retaken():
    whole = fig("peak", 1000.0, None, measure="peak")
    retaken = fig("back", 800.0, on(2025, 3, 1), side=LAND, measure="cumulative",
                  ctype="government", claimant_side=LAND, action="captured")
    figures, points, _ = plan([whole, retaken])
    derived = [f for f in figures if f.kind == "derived"]
    assert [(f.km2, f.claim.derivation, f.claim.inputs) for f in derived] == [
        (200.0, "1,000 km² held at most, less 800 km² retaken = 200 km²", ("peak", "back"))]
    d = area_on([whole, retaken], dt.date(2025, 3, 1))
    assert (d.km2, d.basis) == (200.0, "derived")
    assert d.why.startswith("Derived: 1,000 km² held at most, less 800 km² retaken")


def test_a_share_lost_applies_to_the_most_held():
    peak = fig("peak", 900.0, on(2024, 9, 1), measure="peak")
    third = fig("share", 0.0, on(2025, 1, 10), side=HOLDER, measure="change", unit="%",
                value=100 / 3, action="withdrew", ctype="outlet")
    third = Claim(**{**third.__dict__, "area_km2": None, "area_sq_mi": None})
    figures, _, _ = plan([peak, third])
    derived = [f for f in figures if f.kind == "derived"]
    assert [round(f.km2) for f in derived] == [600]
    assert derived[0].claim.derivation == "900 km² held at most, less 33.3333% = 600 km²"


def test_a_change_applies_to_the_figure_just_before_its_period_only():
    base = fig("base", 1000.0, on(2025, 1, 10))
    next_day = fig("lost", 40.0, on(2025, 1, 11), measure="change", action="withdrew")
    figures, _, _ = plan([base, next_day])
    assert [(f.kind, f.km2) for f in figures] == [("reported", 1000.0), ("derived", 960.0)]
    a_week_later = fig("week", 40.0, on(2025, 1, 17), measure="change", action="withdrew")
    figures, _, _ = plan([base, a_week_later])  # the week's loss may overlap the figure
    assert [f.kind for f in figures] == ["reported"]


def test_fully_liberated_is_the_claimants_zero_but_almost_entirely_is_not():
    held = fig("isw", 200.0, on(2025, 3, 1))
    full = event("full", "the Southland region", "captured", on(2025, 4, 1), side=LAND,
                 quote="The ministry said its troops had fully liberated the Southland region.")
    almost = event("almost", "the Southland region", "withdrew", on(2025, 4, 1),
                   quote="The brigades have pulled almost entirely out of the Southland region.")
    names = {"the Southland region": "Southland Oblast"}
    figures, points, _ = plan([held, full], region_names=names)
    implied = [f for f in figures if f.kind == "implied"]
    assert [(f.km2, f.claim.derivation) for f in implied] == [
        (0.0, "Southland Oblast reported retaken entirely: no ground held")]
    assert points[-1].km2 == 0.0
    figures, _, _ = plan([held, almost], region_names=names)
    assert [f.kind for f in figures] == ["reported"]


@pytest.mark.parametrize("text, expected", [
    ("Troops completely withdrew from the region.", True),
    ("Moscow says the whole of the district is back under its control.", True),
    ("They have nearly all of the district.", False),
    ("Forces pulled almost entirely out.", False),
    ("The army said it controlled most of the region.", False),
    ("Troops withdrew from the region.", False),
])
def test_wholly_words_and_their_hedges(text, expected):
    assert series.wholly(text, load_vocabulary().events) is expected


# --- consistency ----------------------------------------------------------------------
def test_a_figure_above_the_known_peak_is_an_outlier_shown_not_drawn():
    claims = [fig("peak", 1000.0, None, measure="peak"), fig("a", 600.0, on(2025, 1, 1)),
              fig("wild", 4000.0, on(2025, 1, 5)), fig("b", 560.0, on(2025, 1, 10))]
    figures, points, _ = plan(claims)
    wild = next(f for f in figures if f.claim.claim_id == "wild")
    assert wild.outlier == ("4,000 km² is above the most ever reported (1,000 km², "
                            "Claimant peak)")
    assert "wild" not in [p.claim.claim_id for p in points]
    kept = area_on(claims, dt.date(2025, 1, 5), keep=["wild"])
    assert kept.km2 == 4000.0  # the user's say
    dropped = area_on(claims, dt.date(2025, 1, 10), drop=["b"])
    assert (dropped.km2, dropped.basis) == (600.0, "carried")


def test_a_jump_no_event_explains_is_an_outlier_and_an_explained_one_is_not():
    claims = [fig("a", 600.0, on(2025, 1, 1)), fig("jump", 150.0, on(2025, 1, 8)),
              fig("b", 580.0, on(2025, 1, 15))]
    figures, _, _ = plan(claims)
    jump = next(f for f in figures if f.claim.claim_id == "jump")
    assert jump.outlier.startswith("150 km² jumps from 600 km² (1 January 2025) and back to "
                                   "580 km² (15 January 2025)")
    retreat = event("r", "Alphaville", "withdrew", on(2025, 1, 6))
    figures, _, _ = plan(claims + [retreat])
    assert not next(f for f in figures if f.claim.claim_id == "jump").outlier


# --- time bounds ----------------------------------------------------------------------
def test_no_ground_before_the_offensive_began_and_a_line_up_from_it():
    start = dt.date(2024, 8, 6)
    claims = [fig("first", 1000.0, on(2024, 8, 16)), fig("old", 50.0, on(2024, 7, 1))]
    assert area_on(claims, dt.date(2024, 8, 5), start=start) is None
    d = area_on(claims, dt.date(2024, 8, 11), start=start)
    assert (d.km2, d.basis) == (500.0, "interpolated")
    assert d.why.startswith("Interpolated on a straight line between the start of the "
                            "offensive (6 August 2024) and 16 August 2024")
    figures, _, _ = plan(claims, start=start)
    old = next(f for f in figures if f.claim.claim_id == "old")
    assert old.outlier == "dated before the offensive began (6 August 2024)"


def test_without_a_start_the_first_figure_goes_back_only_through_recent_reports():
    claims = [fig("first", 13.0, on(2025, 4, 8)),
              event("raid", "Alphaville", "captured", on(2024, 3, 17)),
              event("push", "Betaville", "captured", on(2025, 3, 18)),
              event("hold", "Betaville", "held", on(2025, 3, 25))]
    _, points, evidence = plan(claims)
    assert evidence == dt.date(2025, 3, 18)  # the raid a year before carries nothing
    assert series.decide(points, dt.date(2024, 3, 17), start=None, evidence=evidence) is None
    d = series.decide(points, dt.date(2025, 3, 18), start=None, evidence=evidence)
    assert (d.km2, d.basis, d.gap_days) == (13.0, "carried", 21)


def test_a_peak_dated_only_by_another_offensive_is_not_drawn_on_that_date():
    start = dt.date(2024, 8, 6)
    stray = fig("stray", 1400.0, month(2025, 2, inferred=True), measure="peak")
    right = fig("right", 1300.0, month(2024, 8, inferred=True), measure="peak")
    figures, points, _ = plan([stray, right], start=start)
    assert next(f for f in figures if f.claim.claim_id == "stray").outlier.startswith(
        "a peak whose date (2025-02) was only inferred")
    assert [p.claim.claim_id for p in points] == ["right"]


# --- honest precision -----------------------------------------------------------------
def test_a_long_interpolation_says_so_with_its_range_and_two_significant_figures():
    claims = [fig("a", 1295.0, month(2024, 8)), fig("b", 78.0, on(2025, 3, 16))]
    d = area_on(claims, dt.date(2025, 3, 8))
    assert d.basis == "interpolated" and d.range_km2 == (78.0, 1295.0)
    assert d.gap_days == 212 and d.precision == "month"
    assert d.why.endswith("212 days without a figure: uncertain.")
    assert wording.number(d.km2, rough=True) == "120"
    assert wording.range_text(*d.range_km2) == "between 78 and 1,300 km²"


def test_a_month_figure_is_labelled_with_its_month():
    d = area_on([fig("m", 1295.0, month(2024, 8))], dt.date(2024, 8, 16))
    assert (d.basis, d.precision) == ("reported", "month")
    assert d.why == "The independent analysts' figure, reported for August 2024 (Claimant m)."
    assert series.possessive("the outlet") == "The outlet's"
