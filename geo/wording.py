"""Words for areas, dates and how a date's area was chosen: one formatter for every surface.

The dashboard, the map page, the images, their alt text and captions, and
the command line all say a date's area through these functions, so one date
reads the same everywhere ("78 km²" on the dashboard is "78 km²" on the
slide, never "77.7" on one and "78" on the other).

Rules
-----
* An area is a whole number of km² or sq mi from 10 up, with thousands
  separated, and one decimal below 10 ("7.5 km²").
* An area that is uncertain (an interpolation or a carry over more than
  ``settings.LONG_INTERPOLATION_DAYS`` without a figure) is given to two
  significant figures and preceded by "about" ("about 810 km²"), with the
  range between the figures around it where there is one.
* "Reported" is said only of a figure reported for that day; a figure for a
  month is "the figure for August 2024".
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

from geo import settings
from geo.models import DatedPolygon, ResolvedDate

Units = Literal["km2", "sqmi"]
UNIT_LABELS: dict[str, str] = {"km2": "km²", "sqmi": "sq mi"}


# --------------------------------------------------------------------------- numbers
def number(value: float, *, rough: bool = False) -> str:
    """An area's number: ``1,295``, ``78``, ``7.5``; ``rough`` gives two significant figures.

    >>> number(77.7), number(1294.9), number(7.46), number(813.4, rough=True), number(0)
    ('78', '1,295', '7.5', '810', '0')
    """
    if not math.isfinite(value) or value <= 0:
        return "0"
    if rough:
        digits = math.floor(math.log10(value)) + 1
        value = round(value, 2 - digits)
        return f"{value:,.0f}" if value >= 10 else f"{value:g}"
    if value < 10:
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{round(value):,}"


def in_units(km2: float, units: Units) -> float:
    """``km2`` in ``units``."""
    return km2 if units == "km2" else km2 / settings.KM2_PER_SQ_MI


def area(km2: float, units: Units = "km2", *, rough: bool = False) -> str:
    """``"78 km²"`` / ``"30 sq mi"``; ``rough``: ``"about 810 km²"``.

    >>> area(77.7), area(77.7, "sqmi"), area(813.4, rough=True)
    ('78 km²', '30 sq mi', 'about 810 km²')
    """
    text = f"{number(in_units(km2, units), rough=rough)} {UNIT_LABELS[units]}"
    return f"about {text}" if rough else text


def both_areas(km2: float, *, miles_first: bool = False, rough: bool = False) -> str:
    """``"78 km² (30 sq mi)"``, miles first when the figure was reported in miles.

    >>> both_areas(77.7, miles_first=True)
    '30 sq mi (78 km²)'
    """
    one: Units = "sqmi" if miles_first else "km2"
    two: Units = "km2" if miles_first else "sqmi"
    text = f"{number(in_units(km2, one), rough=rough)} {UNIT_LABELS[one]} " \
           f"({number(in_units(km2, two), rough=rough)} {UNIT_LABELS[two]})"
    return f"about {text}" if rough else text


def range_text(low: float, high: float, units: Units = "km2") -> str:
    """``"between 78 and 1,300 km²"`` (two significant figures: it is a range).

    >>> range_text(77.7, 1294.9)
    'between 78 and 1,300 km²'
    """
    return (f"between {number(in_units(low, units), rough=True)} and "
            f"{number(in_units(high, units), rough=True)} {UNIT_LABELS[units]}")


# --------------------------------------------------------------------------- dates
def day(d: dt.date) -> str:
    """Newsroom style: ``16 March 2025``."""
    return f"{d.day} {d:%B %Y}"


def short_day(d: dt.date) -> str:
    """Legends and axes: ``16 Mar 2025``."""
    return f"{d.day} {d:%b %Y}"


def when(rdate: ResolvedDate | None, d: dt.date) -> str:
    """A figure's date at its precision.

    ``16 March 2025``, ``August 2024``, ``the week of 10 March 2025``, ``2024``.
    """
    if rdate is None or rdate.precision == "day":
        return day(d)
    if rdate.precision == "month":
        return f"{rdate.start:%B %Y}"
    if rdate.precision == "year":
        return str(rdate.start.year)
    if rdate.precision == "week":
        return f"the week of {day(rdate.start)}"
    return f"{rdate.start:%B}–{rdate.end:%B %Y}"


def precision_when(precision: str, d: dt.date) -> str:
    """A drawn date at the precision of the figure it follows (``August 2024``)."""
    if precision == "month":
        return f"{d:%B %Y}"
    if precision == "year":
        return str(d.year)
    if precision == "week":
        return f"the week of {day(d - dt.timedelta(days=3))}"
    return day(d)


# --------------------------------------------------------------------------- a date's area
def drawn_when(p: DatedPolygon) -> str:
    """The date a polygon stands for.

    ``August 2024`` for a month's reported figure, else the day (``16 March 2025``).
    """
    return precision_when(p.precision, p.date) if p.basis == "reported" else day(p.date)


def rough(p: DatedPolygon) -> bool:
    """True when the area is uncertain: interpolated or carried across a long gap."""
    return p.basis in ("interpolated", "carried") and (
        p.range_km2 is not None or p.gap_days > settings.LONG_INTERPOLATION_DAYS)


def polygon_area(p: DatedPolygon, units: Units = "km2") -> str:
    """A date's area as every surface says it (``"78 km²"``, ``"about 810 km²"``)."""
    return area(p.target_km2, units, rough=rough(p))


def polygon_both(p: DatedPolygon, *, miles_first: bool = False) -> str:
    """A date's area in both units (``"78 km² (30 sq mi)"``)."""
    return both_areas(p.target_km2, miles_first=miles_first, rough=rough(p))


def basis_label(p: DatedPolygon) -> str:
    """How the area was chosen, in a few words (legends, metrics, the map page).

    >>> from geo.models import DatedPolygon
    >>> from shapely.geometry import Polygon
    >>> d = dt.date(2024, 8, 16)
    >>> basis_label(DatedPolygon(d, "Ukraine", Polygon(), 0, 0, 1295, "reported",
    ...                          precision="month"))
    'the figure for August 2024'
    """
    if p.basis == "reported":
        return ("reported figure" if p.precision == "day"
                else f"the figure for {precision_when(p.precision, p.date)}")
    if p.basis == "derived":
        return "worked out from reported figures"
    if p.basis == "implied":
        return "implied by a report (none held)" if p.target_km2 <= 0 else "implied by a report"
    if p.basis == "interpolated":
        if rough(p):
            return f"interpolated across {p.gap_days} days without a figure (uncertain)"
        return "interpolated between figures"
    if rough(p):
        return f"carried from a figure {p.gap_days} days away (uncertain)"
    return "carried from the nearest figure"


def basis_sentence(p: DatedPolygon) -> str:
    """One sentence: which figure the area follows and why.

    ``DatedPolygon.why``, with the range where the area is uncertain.
    """
    text = p.why or basis_label(p).capitalize() + "."
    if p.range_km2 and rough(p):
        text += f" The area lies {range_text(*p.range_km2)}."
    return text
