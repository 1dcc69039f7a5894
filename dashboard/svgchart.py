"""The area-over-time chart as one server-built SVG (the in-page date panels).

The same content as :func:`dashboard.views.area_chart` (the estimate's line,
the uncertainty band, every area figure weighed coloured by whose figures it
is and shaped by its kind, outliers as crosses), drawn once per timeline and
units, with a dashed marker line (class ``dp-marker``) that the page moves
to the selected date. Every text in it (tooltips, legend, axis labels) is
escaped with :func:`html.escape`: article text never becomes markup.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from html import escape

import pandas as pd

from geo import wording
from geo.models import Timeline

from dashboard import views as V

#: Colours of the claimant groups (Vega's "tableau10", as the Vega-Lite chart uses).
PALETTE = ("#4c78a8", "#f58518", "#e45756", "#72b7b2", "#54a24b", "#eeca3b", "#b279a2",
           "#ff9da6", "#9d755d", "#bab0ac")
LINE_COLOR = "#1d4f8c"
MARKER_COLOR = "#b23a2b"
WIDTH = 640
PLOT_HEIGHT = 230
LEFT, RIGHT, TOP = 64, 14, 10
AXIS_HEIGHT = 26
LEGEND_ROW = 18
#: The kinds of figure and their shapes, in legend order.
SHAPES = ("reported", "derived", "implied", "not drawn")


@dataclass(frozen=True)
class Scale:
    """Maps dates and areas to the SVG's user units."""

    d0: dt.date
    d1: dt.date
    top: float

    def x(self, day: dt.date) -> float:
        """The x of a date."""
        span = max((self.d1 - self.d0).days, 1)
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - self.d0).days / span, 2)

    def y(self, value: float) -> float:
        """The y of an area (in the chart's units)."""
        frac = 0.0 if self.top <= 0 else max(0.0, value) / self.top
        return round(TOP + PLOT_HEIGHT * (1 - frac), 2)


def nice_step(top: float, ticks: int = 4) -> float:
    """A round tick step (1, 2 or 5 times a power of ten) giving about ``ticks`` ticks.

    >>> nice_step(1295)
    500.0
    >>> nice_step(0)
    1.0
    """
    if top <= 0:
        return 1.0
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return float(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def _day(value: object) -> dt.date:
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


def _scale(series: pd.DataFrame, points: pd.DataFrame, units: V.Units) -> Scale:
    days = [_day(d) for d in [*series["date"], *points["date"]]]
    d0, d1 = (min(days), max(days)) if days else (dt.date.today(), dt.date.today())
    if d0 == d1:
        d0, d1 = d0 - dt.timedelta(days=1), d1 + dt.timedelta(days=1)
    values = [v for col in (units, f"{units}_high") for v in series[col].dropna()]
    values += list(points[units].dropna())
    peak = max(values, default=0.0)
    step = nice_step(peak)
    return Scale(d0, d1, step * max(1, math.ceil(peak / step)))


def _shape(measure: str, x: float, y: float, color: str) -> str:
    if measure == "derived":
        return (f'<rect x="{x - 4.5:.2f}" y="{y - 4.5:.2f}" width="9" height="9" '
                f'fill="{color}" stroke="#fff"/>')
    if measure == "implied":
        return (f'<path d="M{x:.2f} {y - 6:.2f}L{x + 6:.2f} {y:.2f}L{x:.2f} {y + 6:.2f}'
                f'L{x - 6:.2f} {y:.2f}Z" fill="{color}" stroke="#fff"/>')
    if measure == "not drawn":
        return (f'<path d="M{x - 5:.2f} {y - 5:.2f}L{x + 5:.2f} {y + 5:.2f}M{x - 5:.2f} '
                f'{y + 5:.2f}L{x + 5:.2f} {y - 5:.2f}" stroke="{color}" stroke-width="3"/>')
    return f'<circle cx="{x:.2f}" cy="{y:.2f}" r="5.5" fill="{color}" stroke="#fff"/>'


def _point_title(row: object, units: V.Units) -> str:
    label = V.UNIT_LABELS[units]
    value = getattr(row, units)
    lines = [f"Date: {row.when}", f"Figure as written: {row.figure}",  # type: ignore[attr-defined]
             f"{label}: {wording.number(value)}",
             f"Claimant: {row.claimant}"]  # type: ignore[attr-defined]
    if getattr(row, "why", ""):
        lines.append(f"Why: {row.why}")  # type: ignore[attr-defined]
    lines += [f"Quote: {row.quote}", f"Source: {row.source}"]  # type: ignore[attr-defined]
    return escape("\n".join(" ".join(str(x).split()) for x in lines))


def _axes(scale: Scale, units: V.Units) -> list[str]:
    out = []
    step = nice_step(scale.top)
    v = 0.0
    while v <= scale.top + 1e-9:
        y = scale.y(v)
        out.append(f'<line class="dp-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y}" y2="{y}"/>'
                   f'<text class="dp-tick" x="{LEFT - 6}" y="{y + 4}" text-anchor="end">'
                   f"{escape(wording.number(v))}</text>")
        v += step
    span = (scale.d1 - scale.d0).days
    for k in range(4):
        day = scale.d0 + dt.timedelta(days=round(span * k / 3))
        anchor = ("start", "middle", "middle", "end")[k]
        out.append(f'<text class="dp-tick" x="{scale.x(day)}" y="{TOP + PLOT_HEIGHT + 17}" '
                   f'text-anchor="{anchor}">{escape(wording.short_day(day))}</text>')
    out.append(f'<text class="dp-axis-title" transform="rotate(-90)" x="{-(TOP + PLOT_HEIGHT / 2)}"'
               f' y="14" text-anchor="middle">Area held ({escape(V.UNIT_LABELS[units])})</text>')
    return out


def _band_and_line(series: pd.DataFrame, scale: Scale, units: V.Units) -> list[str]:
    out = []
    run: list[tuple[float, float, float]] = []
    for row in [*series.itertuples(index=False), None]:
        low = None if row is None else getattr(row, f"{units}_low")
        if row is not None and low is not None and not pd.isna(low):
            high = getattr(row, f"{units}_high")
            run.append((scale.x(_day(row.date)), scale.y(low), scale.y(high)))
            continue
        if len(run) > 1:
            ring = [f"{x},{yh}" for x, _, yh in run] + [f"{x},{yl}" for x, yl, _ in reversed(run)]
            out.append(f'<polygon class="dp-band" points="{" ".join(ring)}"/>')
        run = []
    pts = " ".join(f"{scale.x(_day(r.date))},{scale.y(getattr(r, units))}"
                   for r in series.itertuples(index=False))
    if pts:
        out.append(f'<polyline class="dp-line" points="{pts}"/>')
    for r in series.itertuples(index=False):
        out.append(f'<circle class="dp-est" cx="{scale.x(_day(r.date))}" '
                   f'cy="{scale.y(getattr(r, units))}" r="6"><title>'
                   f'{escape(f"{wording.day(_day(r.date))}: {r.area} ({r.basis})")}'
                   f"</title></circle>")
    return out


def _legend(groups: list[str], measures: list[str], y0: float) -> list[str]:
    out = []
    y = y0
    for k, name in enumerate(groups):
        color = PALETTE[k % len(PALETTE)]
        out.append(f'<circle cx="{LEFT + 6}" cy="{y - 4}" r="5" fill="{color}"/>'
                   f'<text class="dp-legend" x="{LEFT + 16}" y="{y}">{escape(name)}</text>')
        y += LEGEND_ROW
    x = LEFT
    for m in measures:
        out.append(_shape(m, x + 6, y - 4, "#666"))
        out.append(f'<text class="dp-legend" x="{x + 16}" y="{y}">{escape(m)}</text>')
        x += 16 + 8 * len(m) + 18
    return out


def area_svg(timeline: Timeline, units: V.Units) -> tuple[str, list[float]]:
    """The chart's SVG and, per timeline date, the x of its marker.

    Parameters
    ----------
    timeline : Timeline
    units : {"km2", "sqmi"}

    Returns
    -------
    (str, list of float)
        The SVG markup (its width scales to the page; every text escaped) and
        the marker's x for each of ``timeline.dates``.
    """
    series = V.series_frame(timeline)
    points = V.area_points_frame(timeline)
    scale = _scale(series, points, units)
    groups = list(dict.fromkeys(points["series"]))
    measures = [m for m in SHAPES if m in set(points["measure"])]
    height = TOP + PLOT_HEIGHT + AXIS_HEIGHT + LEGEND_ROW * (len(groups) + (1 if measures else 0))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="dp-chart" viewBox="0 0 {WIDTH} '
             f'{height}" role="img" aria-label="Area held over time">']
    parts += _axes(scale, units)
    parts += _band_and_line(series, scale, units)
    for row in points.itertuples(index=False):
        color = PALETTE[groups.index(row.series) % len(PALETTE)]
        mark = _shape(row.measure, scale.x(_day(row.date)), scale.y(getattr(row, units)), color)
        parts.append(f'<g class="dp-point">{mark}'
                     f"<title>{_point_title(row, units)}</title></g>")
    first = scale.x(timeline.dates[0]) if timeline.dates else LEFT
    parts.append(f'<line class="dp-marker" x1="{first}" x2="{first}" y1="{TOP}" '
                 f'y2="{TOP + PLOT_HEIGHT}" stroke="{MARKER_COLOR}"/>')
    parts += _legend(groups, measures, TOP + PLOT_HEIGHT + AXIS_HEIGHT + 14)
    parts.append("</svg>")
    return "".join(parts), [scale.x(d) for d in timeline.dates]
