"""Date expressions resolved against a publication date (geo.dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.dates import find_dates, resolve

PUB = dt.date(2024, 11, 20)  # a Wednesday
D = dt.date


@pytest.mark.parametrize("expr, start, end, precision", [
    ("by Sunday", D(2024, 11, 17), D(2024, 11, 17), "day"),
    ("on Monday evening", D(2024, 11, 18), D(2024, 11, 18), "day"),
    ("on Wednesday", D(2024, 11, 20), D(2024, 11, 20), "day"),  # publication day itself
    ("last Wednesday", D(2024, 11, 13), D(2024, 11, 13), "day"),
    ("yesterday", D(2024, 11, 19), D(2024, 11, 19), "day"),
    ("October 2", D(2024, 10, 2), D(2024, 10, 2), "day"),
    ("on 4 November", D(2024, 11, 4), D(2024, 11, 4), "day"),
    ("December 28", D(2023, 12, 28), D(2023, 12, 28), "day"),  # year puts it before publication
    ("Sept. 9, 2023", D(2023, 9, 9), D(2023, 9, 9), "day"),
    ("2024-06-30", D(2024, 6, 30), D(2024, 6, 30), "day"),
    ("less than a week ago", D(2024, 11, 13), D(2024, 11, 20), "week"),
    ("about a fortnight ago", D(2024, 11, 3), D(2024, 11, 9), "week"),
    ("five days ago", D(2024, 11, 15), D(2024, 11, 15), "day"),
    ("last week", D(2024, 11, 11), D(2024, 11, 17), "week"),
    ("last month", D(2024, 10, 1), D(2024, 10, 31), "month"),
    ("late last month", D(2024, 10, 21), D(2024, 10, 31), "week"),
    ("last August", D(2024, 8, 1), D(2024, 8, 31), "month"),
    ("last December", D(2023, 12, 1), D(2023, 12, 31), "month"),
    ("in September", D(2024, 9, 1), D(2024, 9, 30), "month"),
    ("late January", D(2024, 1, 21), D(2024, 1, 31), "week"),
    ("mid-February", D(2024, 2, 11), D(2024, 2, 20), "week"),
    ("by early October", D(2024, 10, 1), D(2024, 10, 10), "week"),
    ("over the summer", D(2024, 6, 1), D(2024, 8, 31), "season"),
    ("in the spring of 2023", D(2023, 3, 1), D(2023, 5, 31), "season"),
    ("in 2022", D(2022, 1, 1), D(2022, 12, 31), "year"),
])
def test_resolve_against_publication(expr, start, end, precision):
    rd = resolve(expr, PUB)
    assert rd is not None, expr
    assert (rd.start, rd.end, rd.precision) == (start, end, precision)
    assert rd.text == expr


@pytest.mark.parametrize("expr, start, end, precision", [
    ("three days later", D(2024, 10, 8), D(2024, 10, 8), "day"),
    ("the next day", D(2024, 10, 6), D(2024, 10, 6), "day"),
    ("two days earlier", D(2024, 10, 3), D(2024, 10, 3), "day"),
    ("around the same time", D(2024, 10, 2), D(2024, 10, 8), "week"),
])
def test_resolve_against_anchor(expr, start, end, precision):
    rd = resolve(expr, PUB, anchor=D(2024, 10, 5))
    assert (rd.start, rd.end, rd.precision) == (start, end, precision)
    assert "2024-10-05" in rd.basis


def test_without_publication_relative_dates_stay_unresolved():
    for expr in ("by Sunday", "last August", "three weeks ago", "October 2", "three days later"):
        assert resolve(expr, None) is None, expr
    assert resolve("October 2, 2024", None).start == D(2024, 10, 2)


def test_not_dates():
    assert resolve("the platoon", PUB) is None
    assert resolve("", PUB) is None
    text = "She may return. The fall of the town was swift. They meet every Friday."
    assert [m for m in find_dates(text, PUB) if m.resolved] == []


def test_numeric_date_via_dateparser():
    assert resolve("21.09.2024", PUB).start == D(2024, 9, 21)


def test_relative_chain_uses_latest_explicit_date():
    text = ("The brigade entered the village on October 1. Fighting went on for a week. "
            "On October 9 the line broke. Two days later the garrison left. "
            "Around the same time, a second column moved north.")
    ms = [m for m in find_dates(text, PUB) if m.resolved]
    by_text = {text[m.start:m.end]: m.resolved for m in ms}
    assert by_text["Two days later"].start == D(2024, 10, 11)
    assert "October 9" in by_text["Two days later"].basis
    same = by_text["Around the same time"]
    assert (same.start, same.end, same.precision, same.inferred) == (
        D(2024, 10, 8), D(2024, 10, 14), "week", True)


def test_offsets_cover_expression_with_preposition():
    text = "Troops were seen near the river by Sunday, officials said."
    (m,) = find_dates(text, PUB)
    assert text[m.start:m.end] == "by Sunday"
    assert m.resolved.start == D(2024, 11, 17)


def test_year_from_earlier_full_date_when_unpublished():
    text = "The push began on Aug. 6, 2024. By August 20 the lines had moved."
    ms = find_dates(text, None)
    assert ms[-1].resolved.start == D(2024, 8, 20)
    assert ms[-1].resolved.inferred


def test_iso_text_at_precision():
    assert resolve("last August", PUB).iso() == "2024-08"
    assert resolve("by Sunday", PUB).iso() == "2024-11-17"


# --- windows ending at publication, weekends, weeks of a month --------------------
@pytest.mark.parametrize("expr, start, end, precision", [
    ("over the past week", D(2024, 11, 13), D(2024, 11, 20), "week"),
    ("in the past 24 hours", D(2024, 11, 20), D(2024, 11, 20), "day"),
    ("over the past day", D(2024, 11, 20), D(2024, 11, 20), "day"),
    ("in the last two weeks", D(2024, 11, 6), D(2024, 11, 20), "week"),
    ("during the previous three days", D(2024, 11, 17), D(2024, 11, 20), "week"),
    ("over the past month", D(2024, 10, 21), D(2024, 11, 20), "month"),
    ("over the past several months", D(2024, 8, 22), D(2024, 11, 20), "month"),
    ("over the weekend", D(2024, 11, 16), D(2024, 11, 17), "week"),
    ("last weekend", D(2024, 11, 16), D(2024, 11, 17), "week"),
    ("in the first week of October", D(2024, 10, 1), D(2024, 10, 7), "week"),
    ("the last week of June 2023", D(2023, 6, 24), D(2023, 6, 30), "week"),
    ("this week", D(2024, 11, 18), D(2024, 11, 20), "week"),
    ("earlier this month", D(2024, 11, 1), D(2024, 11, 20), "month"),
    ("a fortnight ago", D(2024, 11, 3), D(2024, 11, 9), "week"),
])
def test_resolve_windows_before_publication(expr, start, end, precision):
    rd = resolve(expr, PUB)
    assert rd is not None, expr
    assert (rd.start, rd.end, rd.precision) == (start, end, precision)


def test_weekend_on_a_sunday_publication_is_that_weekend():
    rd = resolve("over the weekend", D(2024, 11, 24))
    assert (rd.start, rd.end) == (D(2024, 11, 23), D(2024, 11, 24))


def test_bare_weekend_and_week_words_are_not_dates():
    text = "The weekend was calm. A week is a long time in war. Fighting lasted days."
    assert [m for m in find_dates(text, PUB) if m.resolved] == []


def test_abbreviated_months_resolve_inside_sentences():
    text = "The ministry said on Sept. 3 that the unit, which crossed on Feb. 28, was gone."
    got = [(text[m.start:m.end], m.resolved.start) for m in find_dates(text, PUB)]
    assert got == [("on Sept. 3", D(2024, 9, 3)), ("on Feb. 28", D(2024, 2, 28))]


def test_day_ranges_overnight_and_recently():
    text = ("Clashes went on near the river on Oct. 3 and 4, and again on October 9-11. "
            "Drones struck overnight. Moscow's troops recently crept forward.")
    got = [(text[d.start:d.end], d.resolved.start, d.resolved.end, d.resolved.precision)
           for d in find_dates(text, PUB)]
    assert got == [
        ("on Oct. 3 and 4", dt.date(2024, 10, 3), dt.date(2024, 10, 4), "week"),
        ("on October 9-11", dt.date(2024, 10, 9), dt.date(2024, 10, 11), "week"),
        ("overnight", PUB, PUB, "day"),
        ("recently", dt.date(2024, 11, 13), PUB, "week"),
    ]
    # a number after "and" that is no day stays out of the date
    (d,) = find_dates("On March 3 and 40 sq km more.", PUB)
    assert (d.resolved.start, d.resolved.end) == (dt.date(2024, 3, 3), dt.date(2024, 3, 3))
