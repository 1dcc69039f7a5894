"""Alt text and captions are built from the timeline data, in newsroom style."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from shapely.geometry import box

from geo import caption as cap
from geo.models import Article, Claim, DatedPolygon, ResolvedDate, Timeline
from geo.theater import make_theater

from sample_data import XSS_NAME, sample_boundaries, sample_timeline

D_PEAK, D_MID, D_LAST = dt.date(2024, 8, 20), dt.date(2025, 3, 10), dt.date(2025, 3, 16)


@pytest.fixture(scope="module")
def tl() -> Timeline:
    return sample_timeline()


def _day(d: dt.date) -> ResolvedDate:
    return ResolvedDate(d, d, "day", d.isoformat(), "explicit")


def _km_timeline() -> Timeline:
    """A different made-up timeline: figures in km², another claimant, growth."""
    art = Article("k.txt", "k.txt", "(synthetic)", outlet="Daily Example",
                  published=dt.date(2023, 6, 2), published_basis="sidecar")
    d1, d2 = dt.date(2023, 5, 1), dt.date(2023, 6, 1)
    claims = (
        Claim("k.txt:area:0", "k.txt", "k.txt", "area", "It held 240 km2 on May 1.", 0, 20,
              "Jane Roe, Front Tracker", "analyst", "Russia", date=_day(d1), value=240,
              unit="km2", qualifier="around", measure="held", area_km2=240.0,
              area_sq_mi=92.7),
        Claim("k.txt:area:30", "k.txt", "k.txt", "area", "It held 1,150 km2 by June.", 30, 60,
              "Daily Example", "outlet", "Russia", date=_day(d2), value=1150, unit="km2",
              qualifier="more than", measure="held", area_km2=1150.0, area_sq_mi=444.0),
    )
    g = box(36.0, 50.0, 36.2, 50.1)
    polys = (
        DatedPolygon(d1, "Russia", g, 240.0, 92.7, 240.0, "reported", ("k.txt:area:0",)),
        DatedPolygon(d2, "Russia", g, 1150.0, 444.0, 1150.0, "reported", ("k.txt:area:30",)),
        DatedPolygon(dt.date(2023, 6, 20), "Russia", g, 1150.0, 444.0, 1150.0, "carried", ()),
    )
    theater = make_theater("kh", sample_boundaries(), holder="Russia", land="Ukraine",
                           region_ids=("UA-SUM",), name="Made-up")
    return Timeline((art,), (), claims, (), polys, theater=theater)


# --- formatting ---------------------------------------------------------------
@pytest.mark.parametrize("km2, miles_first, expected", [
    (77.7, False, "78 km² (30 sq mi)"),
    (1295.0, True, "500 sq mi (1,295 km²)"),
    (5.2, False, "5.2 km² (2 sq mi)"),
    (12_345.0, False, "12,345 km² (4,766 sq mi)"),
    (400.0, True, "154 sq mi (400 km²)"),
])
def test_format_area_both_units_whole_numbers_as_every_surface(km2, miles_first, expected):
    assert cap.format_area(km2, miles_first=miles_first) == expected


def test_format_date_newsroom_style():
    assert cap.format_date(dt.date(2025, 3, 6)) == "6 March 2025"
    assert cap.format_short_date(dt.date(2024, 8, 20)) == "20 Aug 2024"


def test_clean_drops_control_characters_and_newlines():
    assert cap.clean("Sud\x00zha\n  \tdistrict\x1b") == "Sud zha district"


# --- looking up the date -------------------------------------------------------
def test_polygon_on_uses_latest_date_on_or_before(tl):
    assert cap.polygon_on(tl, D_LAST).date == D_LAST
    assert cap.polygon_on(tl, dt.date(2025, 3, 12)).date == D_MID
    assert cap.polygon_on(tl, dt.date(2026, 1, 1)).date == D_LAST


def test_polygon_on_before_first_date_raises_naming_dates(tl):
    with pytest.raises(cap.CaptionError, match="2024-01-01 is before.*2024-08-20"):
        cap.polygon_on(tl, dt.date(2024, 1, 1))


def test_polygon_on_empty_timeline_raises(tl):
    with pytest.raises(cap.CaptionError, match="no dated polygons"):
        cap.polygon_on(dataclasses.replace(tl, polygons=()), D_LAST)


# --- alt text ------------------------------------------------------------------
def test_alt_text_reported_date_names_area_trend_and_claimant(tl):
    text = cap.alt_text(tl, D_LAST)
    assert text.startswith("Map of Test Oblast, 16 March 2025: the Ukrainian-held area is "
                           "estimated at barely 30 sq mi (78 km²), down from about 500 sq mi "
                           "(1,295 km²) in August 2024.")
    assert "The 16 March 2025 figure was reported by Analyst One, Test Institute, via " \
           "Test Outlet." in text
    assert "Alphaville (contested)" in text
    assert "estimate derived from reported figures" in text
    assert "\n" not in text


def test_alt_text_interpolated_date_says_so_and_names_both_figures(tl):
    text = cap.alt_text(tl, D_MID)
    assert "estimated at about 154 sq mi (400 km²)" in text
    assert ("The 10 March 2025 area is interpolated between the figures reported for "
            "August 2024 and 16 March 2025, both by Analyst One, Test Institute, via "
            "Test Outlet.") in text
    # two different claimants are named each with their own date
    claims = tuple(dataclasses.replace(c, claimant="Second Source")
                   if c.claim_id == "test.txt:area:130" else c for c in tl.claims)
    two = cap.alt_text(dataclasses.replace(tl, claims=claims), D_MID)
    assert ("interpolated between the figures reported for August 2024 (Analyst One, "
            "Test Institute, via Test Outlet) and 16 March 2025 (Second Source, via Test "
            "Outlet).") in two


def test_alt_text_date_between_timeline_dates_says_which_estimate(tl):
    text = cap.alt_text(tl, dt.date(2025, 3, 20), region_name="the border area")
    assert text.startswith("Map of the border area as of 20 March 2025 (latest estimate: "
                           "16 March 2025)")


def test_alt_text_first_date_has_no_trend_and_month_precision(tl):
    text = cap.alt_text(tl, D_PEAK)
    assert "down from" not in text and "up from" not in text
    assert "The figure for August 2024, mapped on 20 August 2024, was reported by" in text


def test_alt_text_compare_describes_both_dates(tl):
    text = cap.alt_text(tl, D_LAST, compare=D_PEAK)
    assert text.startswith("Map of Test Oblast comparing 20 August 2024 and 16 March 2025: "
                           "the Ukrainian-held area is estimated at about 500 sq mi (1,295 km²)"
                           " on the earlier date, drawn as a dashed outline, and barely 30 sq mi"
                           " (78 km²) on the later date, shaded.")
    # order of the arguments does not matter
    assert cap.alt_text(tl, D_PEAK, compare=D_LAST) == text


def test_alt_text_keeps_untrusted_names_as_plain_text(tl):
    text = cap.alt_text(tl, D_LAST)
    assert XSS_NAME in text  # escaping is the job of whoever puts it in markup


def test_alt_text_follows_the_data_not_fixed_wording():
    kt = _km_timeline()
    text = cap.alt_text(kt, dt.date(2023, 6, 1), region_name="Kharkiv region")
    assert text.startswith("Map of Kharkiv region, 1 June 2023: the Russian-held area is "
                           "estimated at more than 1,150 km² (444 sq mi), up from about "
                           "240 km² (93 sq mi) on 1 May 2023.")
    assert "reported by Daily Example." in text  # the outlet speaking itself: no "via"
    carried = cap.alt_text(kt, dt.date(2023, 6, 25), region_name="Kharkiv region")
    assert ("The 20 June 2023 area is carried forward from the figure reported for "
            "1 June 2023 (Daily Example).") in carried


def test_changed_claimant_changes_alt_text(tl):
    claims = tuple(dataclasses.replace(c, claimant="Someone Else, Other Group")
                   if c.claim_id == "test.txt:area:130" else c for c in tl.claims)
    text = cap.alt_text(dataclasses.replace(tl, claims=claims), D_LAST)
    assert "reported by Someone Else, Other Group, via Test Outlet" in text
    assert "Analyst One" not in text.split("figure was reported by")[1]


# --- caption and map texts -------------------------------------------------------
def test_caption_is_one_line_with_sources_and_credits(tl):
    line = cap.caption(tl, D_LAST, credits=("GeoNames (CC-BY 4.0)", "© OpenStreetMap (ODbL)"))
    assert line == ("Ukrainian-held area in Test Oblast, 16 March 2025: barely 30 sq mi "
                    "(78 km²), reported figure. Estimate derived from reported figures. "
                    "Figures: Analyst One, Test Institute, via Test Outlet. Map data: "
                    "GeoNames (CC-BY 4.0); © OpenStreetMap (ODbL).")


def test_caption_compare_names_both_bases(tl):
    line = cap.caption(tl, D_MID, compare=D_PEAK)
    assert "about 500 sq mi (1,295 km²) on 20 August 2024 (reported figure)" in line
    assert "about 154 sq mi (400 km²) on 10 March 2025 (interpolated between " \
           "figures)" in line


def test_map_text_legend_entries(tl):
    mt = cap.map_text(tl, D_LAST, compare=D_PEAK)
    assert mt.title == "Ukrainian-held ground in Test Oblast"
    assert mt.legend_current == "Held 16 Mar 2025: 30 sq mi (78 km²)"
    assert mt.legend_earlier == "Held 20 Aug 2024: 500 sq mi (1,295 km²)"
    single = cap.map_text(tl, dt.date(2025, 3, 11))
    assert single.subtitle == ("As of 11 March 2025 (latest estimate 10 March 2025): about "
                               "154 sq mi (400 km²) · interpolated between figures")
    assert single.legend_earlier is None
