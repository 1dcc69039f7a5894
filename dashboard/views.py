"""Pure view helpers: tables, chart and formatting for the dashboard panels.

Nothing here imports Streamlit or re-implements the pipeline: every function
reads a :class:`geo.models.Timeline` and returns plain values, pandas frames
or an Altair chart, so the panels can be tested without a browser.
Text from articles is untrusted: it only ever reaches Streamlit through
:func:`md_escape` (Markdown) or as data cells (tables, chart tooltips), which
Streamlit renders as text.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import Literal
from urllib.parse import quote, urlsplit

import altair as alt
import pandas as pd

from geo import wording
from geo.models import Article, Claim, DatedPolygon, Timeline
from geo.settings import CLAIMANT_PREFERENCE, KM2_PER_SQ_MI

Units = Literal["km2", "sqmi"]
UNIT_LABELS: dict[str, str] = {"km2": "km²", "sqmi": "sq mi"}
#: Status colours of the settlement markers (kept in step with the legend).
STATUS_LABELS = {"held": "held", "lost": "lost", "contested": "contested",
                 "unknown": "unknown"}

#: How the claimant types read in the "Area figures from" control and its messages.
CLAIMANT_LABELS: dict[str, str] = {
    "analyst": "analysts", "outlet": "news outlets", "soldier": "soldiers",
    "military": "militaries", "government": "governments",
}

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&\"'=^%@/])")


def md_escape(text: object) -> str:
    """Escape untrusted text for ``st.markdown``/``st.caption``.

    Every ASCII punctuation character that Markdown, Streamlit's directives
    (``:red[...]``, ``:material/...:``) or LaTeX (``$``) could interpret is
    backslash-escaped, and line breaks become spaces, so article text is shown
    literally (HTML is off in Streamlit's Markdown anyway).

    Parameters
    ----------
    text : object
        Any value; ``None`` gives ``""``.

    Returns
    -------
    str
    """
    if missing(text):
        return ""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def missing(value: object) -> bool:
    """True for None and for pandas' missing values (NaN, NaT) in a frame cell.

    A column holding some strings and some gaps gives ``float("nan")`` for
    the gaps: it must never reach string code as if it were text.
    """
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array: not a single missing value
        return False


def safe_url(url: object) -> str | None:
    """Return ``url`` if it is an absolute http(s) URL, else None.

    Article metadata is untrusted: ``javascript:`` and other schemes never
    become links; anything that is not text (a missing value, NaN) is None.
    """
    if not isinstance(url, str) or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def md_link(label: str, url: object) -> str:
    """A Markdown link to a safe http(s) URL (``""`` when the URL is not safe).

    Parentheses, spaces and angle brackets in the URL are percent-encoded so
    the link cannot break out of its Markdown syntax.
    """
    safe = safe_url(url)
    if safe is None:
        return ""
    encoded = quote(safe, safe=":/?#@!$&'*+,;=%~-._[]")
    encoded = encoded.replace("[", "%5B").replace("]", "%5D")
    return f"[{md_escape(label)}]({encoded})"


_QUOTE_MARKS = "\"'“”‘’«»„"


def quoted(text: object) -> str:
    """``“text”``, escaped for Markdown; a quote already in quote marks keeps its own.

    Quotes taken whole from an article often carry their own marks
    (``"We hold 500 square miles."``); wrapping them again shows doubled marks.
    """
    flat = " ".join(str(text or "").split())
    if len(flat) >= 2 and flat[0] in _QUOTE_MARKS and flat[-1] in _QUOTE_MARKS:
        flat = flat[1:-1].strip()
    return f"“{md_escape(flat)}”"


def parse_iso_date(text: object) -> dt.date | None:
    """Parse ``YYYY-MM-DD`` (as in ``?date=``); None when absent or malformed."""
    if not isinstance(text, str):
        return None
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def snap_date(dates: Sequence[dt.date], day: dt.date | None) -> dt.date | None:
    """Return the timeline date on or before ``day`` (the first date if earlier).

    Parameters
    ----------
    dates : sequence of datetime.date
        Sorted timeline dates.
    day : datetime.date or None
        Wanted day; None gives the latest date.

    Returns
    -------
    datetime.date or None
        None only when ``dates`` is empty.
    """
    if not dates:
        return None
    if day is None:
        return dates[-1]
    i = bisect_right(list(dates), day)
    return dates[max(i - 1, 0)]


def polygon_on(timeline: Timeline, day: dt.date | None) -> DatedPolygon | None:
    """The timeline's polygon for ``day`` (snapped as :func:`snap_date`)."""
    snapped = snap_date(timeline.dates, day)
    return None if snapped is None else timeline.polygon_on(snapped)


def area_value(km2: float, units: Units) -> float:
    """``km2`` converted to ``units``."""
    return km2 if units == "km2" else km2 / KM2_PER_SQ_MI


def format_area(km2: float | None, units: Units) -> str:
    """``"1,295 km²"`` / ``"500 sq mi"`` (:func:`geo.wording.area`; "–" for none)."""
    return "–" if km2 is None else wording.area(km2, units)


def both_areas(km2: float) -> str:
    """``"78 km² (30 sq mi)"``."""
    return wording.both_areas(km2)


def claim_index(timeline: Timeline) -> dict[str, Claim]:
    """Claims of the timeline by id."""
    return {c.claim_id: c for c in timeline.claims}


def article_index(timeline: Timeline) -> dict[str, Article]:
    """Articles of the timeline by source id."""
    return {a.source_id: a for a in timeline.articles}


def source_label(article: Article | None, fallback: str) -> str:
    """``"Outlet — title (file)"`` for a claim's article."""
    if article is None:
        return fallback
    bits = [b for b in (article.outlet, article.title) if b]
    head = " — ".join(bits)
    return f"{head} ({article.path})" if head else article.path


def date_label(claim: Claim) -> str:
    """A claim's date at its precision, ``"undated"`` when it has none."""
    if claim.date is None:
        return "undated"
    text = claim.date.iso()
    if claim.date.precision != "day":
        text += f" ({claim.date.precision})"
    if claim.date.inferred:
        text += ", inferred"
    return text


def series_frame(timeline: Timeline) -> pd.DataFrame:
    """The estimated area per timeline date.

    Columns date, km2, sqmi, basis (in words), area (as every surface says
    it), and the credible range where the area is uncertain (km2_low,
    km2_high, sqmi_low, sqmi_high; empty elsewhere).
    """
    rows = []
    for p in timeline.polygons:
        low, high = p.range_km2 if p.range_km2 and wording.rough(p) else (None, None)
        rows.append({"date": pd.Timestamp(p.date), "km2": p.target_km2,
                     "sqmi": p.target_km2 / KM2_PER_SQ_MI, "basis": wording.basis_label(p),
                     "area": wording.polygon_area(p),
                     "km2_low": low, "km2_high": high,
                     "sqmi_low": low / KM2_PER_SQ_MI if low is not None else None,
                     "sqmi_high": high / KM2_PER_SQ_MI if high is not None else None})
    return pd.DataFrame(rows, columns=["date", "km2", "sqmi", "basis", "area", "km2_low",
                                       "km2_high", "sqmi_low", "sqmi_high"])


def area_points_frame(timeline: Timeline) -> pd.DataFrame:
    """Every area figure the timeline weighed, drawn or not, with its provenance.

    Returns
    -------
    pandas.DataFrame
        Columns date, km2, sqmi, claimant, series, measure (reported, derived,
        implied, or "not drawn" for an outlier), when, figure, quote, source,
        why (the arithmetic of a derived figure, the reason an outlier is not
        drawn). Undated figures cannot be placed on a time axis; the sources
        panel lists them.
    """
    arts = article_index(timeline)
    claims = claim_index(timeline)
    rows = []
    for f in timeline.figures:
        c = claims.get(f.claim_id)
        if c is None:
            continue
        figure = " ".join(str(b) for b in (c.qualifier, _num(c.value), c.unit) if b)
        rows.append({
            "date": pd.Timestamp(f.date), "km2": f.km2, "sqmi": f.km2 / KM2_PER_SQ_MI,
            "claimant": c.claimant, "series": f.series,
            "measure": "not drawn" if f.outlier else f.kind, "when": date_label(c),
            "figure": figure if f.kind == "reported" else wording.area(f.km2),
            "quote": c.quote, "source": source_label(arts.get(c.source_id), c.source),
            "why": f.outlier or c.derivation,
        })
    cols = ["date", "km2", "sqmi", "claimant", "series", "measure", "when", "figure", "quote",
            "source", "why"]
    return pd.DataFrame(rows, columns=cols)


def unsettled_frame(timeline: Timeline) -> pd.DataFrame:
    """Claims the reader could not settle, with what is unsettled and the quote.

    No side, no date, a side or date inferred, a place that has namesakes, or
    an area figure that cannot be drawn as written (negative, unreadable, larger
    than the front).
    """
    places = {}
    for p in timeline.places:
        for m in p.mentions:
            places[m.name.casefold()] = p
    rows = []
    for c in timeline.claims:
        if c.derivation:
            continue
        why = []
        if c.side is None:
            why.append("no side")
        elif c.side_basis.startswith("inferred"):
            why.append("side inferred")
        if c.date is None:
            why.append("no date")
        elif c.date.inferred:
            why.append("date inferred")
        rec = places.get((c.place or "").casefold())
        if rec is not None and rec.resolution is not None and "namesakes" in rec.resolution.method:
            why.append("place has namesakes")
        if c.figure_problem:
            why.append(f"figure {c.figure_problem}")
        if not why:
            continue
        what = (f"{c.measure or ''} {_num(c.value)} {c.unit or ''}".strip() if c.kind == "area"
                else f"{c.action or ''} {c.place or ''}".strip())
        rows.append({"unsettled": ", ".join(why), "kind": c.kind, "claim": what,
                     "side": c.side or "", "date": date_label(c), "claimant": c.claimant,
                     "quote": c.quote})
    return pd.DataFrame(rows, columns=["unsettled", "kind", "claim", "side", "date", "claimant",
                                       "quote"])


def figures_frame(timeline: Timeline) -> pd.DataFrame:
    """Every area figure weighed: date, area, whose, kind, drawn, why, claimant, quote."""
    claims = claim_index(timeline)
    rows = []
    for f in timeline.figures:
        c = claims.get(f.claim_id)
        rows.append({
            "date": f.date.isoformat(), "area": wording.area(f.km2), "series": f.series,
            "kind": f.kind, "drawn": "yes" if f.drawn else "no",
            "why": f.outlier or (c.derivation if c else ""),
            "claimant": c.claimant if c else "", "quote": c.quote if c else ""})
    return pd.DataFrame(rows, columns=["date", "area", "series", "kind", "drawn", "why",
                                       "claimant", "quote"])


def figure_labels(timeline: Timeline) -> dict[str, str]:
    """Claim id -> ``"12 Mar 2025 · 4,000 km² · claimant"`` for the figure choices."""
    claims = claim_index(timeline)
    return {f.claim_id: f"{wording.short_day(f.date)} · {wording.area(f.km2)} · "
            f"{claims[f.claim_id].claimant if f.claim_id in claims else f.series}"
            for f in timeline.figures}


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def area_chart(timeline: Timeline, selected: dt.date | None, units: Units,
               *, height: int = 260) -> alt.LayerChart:
    """Area over time: estimated line, reported figures, selected date rule.

    Parameters
    ----------
    timeline : Timeline
    selected : datetime.date or None
        Marked with a vertical rule.
    units : {"km2", "sqmi"}
    height : int
        Chart height in pixels.

    Returns
    -------
    altair.LayerChart
    """
    label = UNIT_LABELS[units]
    series = series_frame(timeline)
    points = area_points_frame(timeline)
    y = alt.Y(f"{units}:Q", title=f"Area held ({label})",
              scale=alt.Scale(zero=True))
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%d %b %Y", labelAngle=0))
    band = alt.Chart(series).mark_area(color="#1d4f8c", opacity=0.12).encode(
        x=x, y=alt.Y(f"{units}_low:Q"), y2=alt.Y2(f"{units}_high:Q"))
    line = alt.Chart(series).mark_line(color="#1d4f8c", strokeWidth=2,
                                       interpolate="linear").encode(
        x=x, y=y,
        tooltip=[alt.Tooltip("date:T", title="Date", format="%d %b %Y"),
                 alt.Tooltip("area:N", title="Estimate"),
                 alt.Tooltip("basis:N", title="Basis")])
    dots = alt.Chart(points).mark_point(filled=True, size=90, opacity=0.9,
                                        stroke="white", strokeWidth=1).encode(
        x=x, y=y,
        color=alt.Color("series:N", title="Whose figures",
                        legend=alt.Legend(orient="bottom", direction="vertical",
                                          labelLimit=360, titleFontWeight="normal")),
        shape=alt.Shape("measure:N", title="Figure",
                        legend=alt.Legend(orient="bottom", titleFontWeight="normal")),
        tooltip=[alt.Tooltip("when:N", title="Date"),
                 alt.Tooltip("figure:N", title="Figure as written"),
                 alt.Tooltip(f"{units}:Q", title=label, format=",.0f"),
                 alt.Tooltip("claimant:N", title="Claimant"),
                 alt.Tooltip("why:N", title="Why"),
                 alt.Tooltip("quote:N", title="Quote"),
                 alt.Tooltip("source:N", title="Source")])
    layers: list[alt.Chart] = [band, line, dots]
    if selected is not None:
        rule_df = pd.DataFrame({"date": [pd.Timestamp(selected)]})
        layers.append(alt.Chart(rule_df).mark_rule(color="#b23a2b", strokeWidth=2,
                                                   strokeDash=[4, 3]).encode(x="date:T"))
    return alt.layer(*layers).properties(height=height)


def area_chart_spec(timeline: Timeline, units: Units, *, height: int = 260) -> dict:
    """The chart of :func:`area_chart` without its marker, as a Vega-Lite spec.

    Built (and validated by Altair) once per timeline and units; a move of
    the date only adds the marker (:func:`with_date_marker`), which costs
    microseconds instead of the tens of milliseconds Altair takes.
    """
    return area_chart(timeline, None, units, height=height).to_dict()


def with_date_marker(spec: dict, selected: dt.date | None) -> dict:
    """``spec`` (from :func:`area_chart_spec`) with the selected date's rule added.

    The spec itself is not changed (it is shared through a cache).
    """
    if selected is None:
        return spec
    rule = {"data": {"values": [{"date": selected.isoformat()}]},
            "mark": {"type": "rule", "color": "#b23a2b", "strokeWidth": 2,
                     "strokeDash": [4, 3]},
            "encoding": {"x": {"field": "date", "type": "temporal"}}}
    return {**spec, "layer": [*spec["layer"], rule]}


def events_frame(timeline: Timeline, selected: dt.date | None, *,
                 nearest: int | None = 12) -> pd.DataFrame:
    """Control events around ``selected`` (or all of them), sorted by date.

    Parameters
    ----------
    timeline : Timeline
    selected : datetime.date or None
        Events nearest this date are kept; ``on_date`` marks those whose
        date interval contains it.
    nearest : int or None
        Keep this many dated events nearest ``selected``; None keeps all
        (undated events are then listed last).

    Returns
    -------
    pandas.DataFrame
        Columns on_date, date, when, place, side, action, claimant, quote,
        source, link, hedged, and the hidden ``goto`` (ISO date to move to).
    """
    arts = article_index(timeline)
    events = ordered_events(timeline)
    if nearest is not None and selected is not None:
        chosen = {id(c) for c in nearest_dated(events, selected, nearest)}
        events = [c for c in events if id(c) in chosen]
    elif nearest is not None:
        events = [c for c in events if c.date is not None]
    rows = []
    for c in events:
        art = arts.get(c.source_id)
        on = bool(selected and c.date and c.date.start <= selected <= c.date.end)
        action = event_action(c)
        rows.append({
            "on_date": "●" if on else "",
            "date": pd.Timestamp(c.date.mid) if c.date else pd.NaT,
            "when": date_label(c), "place": c.place or "", "side": c.side or "",
            "action": action, "claimant": c.claimant, "quote": c.quote,
            "source": source_label(art, c.source),
            "link": safe_url(art.url) if art else None,
            "goto": c.date.mid.isoformat() if c.date else None,
        })
    cols = ["on_date", "date", "when", "place", "side", "action", "claimant", "quote",
            "source", "link", "goto"]
    return pd.DataFrame(rows, columns=cols)


def ordered_events(timeline: Timeline) -> list[Claim]:
    """The timeline's events: dated ones by date (then id), undated ones last."""
    events = [c for c in timeline.claims if c.kind == "event"]
    dated = sorted((c for c in events if c.date is not None),
                   key=lambda c: (c.date.start, c.claim_id))  # type: ignore[union-attr]
    return dated + [c for c in events if c.date is None]


def nearest_dated(events: Sequence[Claim], day: dt.date, count: int) -> list[Claim]:
    """The ``count`` dated events nearest ``day``: by the distance of their middle day, then id."""
    dated = [c for c in events if c.date is not None]
    dated.sort(key=lambda c: (abs((c.date.mid - day).days), c.claim_id))  # type: ignore[union-attr]
    return dated[:count]


def event_action(claim: Claim) -> str:
    """An event's action as listed: "not ..." when negated, "(claimed)" when hedged."""
    action = claim.action or ""
    if claim.negated:
        action = f"not {action}".strip()
    if claim.hedged:
        action += " (claimed)"
    return action


def articles_frame(timeline: Timeline) -> pd.DataFrame:
    """The articles read, their dates (inferred marked) and claims found."""
    per_source: dict[str, list[int]] = {}
    for c in timeline.claims:
        counts = per_source.setdefault(c.source_id, [0, 0])
        counts[0 if c.kind == "area" else 1] += 1
    rows = []
    for a in timeline.articles:
        area, events = per_source.get(a.source_id, [0, 0])
        if a.published is None:
            published = "unknown"
        elif a.published_inferred:
            published = f"{a.published.isoformat()} (inferred)"
        else:
            published = a.published.isoformat()
        rows.append({
            "file": a.source_id, "outlet": a.outlet or "", "title": a.title or "",
            "published": published, "date basis": a.published_basis,
            "front": a.theater or "none",
            "area figures": area, "events": events, "note": a.topic_note,
            "link": safe_url(a.url),
        })
    cols = ["file", "outlet", "title", "published", "date basis", "front",
            "area figures", "events", "note", "link"]
    return pd.DataFrame(rows, columns=cols)


def unresolved_frame(timeline: Timeline) -> pd.DataFrame:
    """Place names that could not be placed on the map, with their quotes."""
    rows = []
    for p in timeline.places:
        if p.resolved:
            continue
        for m in p.mentions or ():
            rows.append({"place": p.name, "quote": m.quote, "source": m.source})
        if not p.mentions:
            rows.append({"place": p.name, "quote": "", "source": ""})
    return pd.DataFrame(rows, columns=["place", "quote", "source"])


def status_counts(polygon: DatedPolygon | None) -> dict[str, int]:
    """Number of places per status on a polygon's date."""
    counts = {k: 0 for k in STATUS_LABELS}
    if polygon is not None:
        for _, status in polygon.place_status:
            counts[status] = counts.get(status, 0) + 1
    return counts


def area_sources(timeline: Timeline, polygon: DatedPolygon | None) -> list[Claim]:
    """The area claims behind a polygon's date (its ``claim_ids``)."""
    if polygon is None:
        return []
    idx = claim_index(timeline)
    return [idx[i] for i in polygon.claim_ids if i in idx and idx[i].kind == "area"]


# --- whose figures --------------------------------------------------------------

def usable_area_figure(claim: Claim, side: str) -> bool:
    """True when ``claim`` is a dated held/peak area figure for ``side``.

    The same kind of figure the pipeline can fit a polygon to (it may still
    drop one that is about a place outside the theatre).
    """
    return (claim.kind == "area" and claim.side == side and claim.date is not None
            and bool(claim.area_km2) and claim.measure in ("held", "peak")
            and not claim.negated)


def _preference_rank(claimant_type: str) -> int:
    try:
        return CLAIMANT_PREFERENCE.index(claimant_type)
    except ValueError:
        return len(CLAIMANT_PREFERENCE)


def order_claimant_types(types: Iterable[str]) -> tuple[str, ...]:
    """Distinct claimant types in preference order (``settings.CLAIMANT_PREFERENCE``)."""
    return tuple(sorted(set(types), key=lambda t: (_preference_rank(t), t)))


def figure_counts(timeline: Timeline) -> dict[str, int]:
    """Usable area figures per claimant type, for the "Area figures from" control.

    Parameters
    ----------
    timeline : Timeline

    Returns
    -------
    dict of str to int
        Every claimant type present among the timeline's area claims, in
        preference order, with the number of its dated held/peak figures for
        the timeline's side (0 when it only gave, say, weekly gains).
    """
    counts = {t: 0 for t in order_claimant_types(
        c.claimant_type for c in timeline.claims if c.kind == "area")}
    for c in timeline.claims:
        if usable_area_figure(c, timeline.side):
            counts[c.claimant_type] += 1
    return counts


def parse_claimant_types(text: str | None) -> tuple[str, ...] | None:
    """Parse ``?figures=analyst,military``: the known types, in preference order.

    Unknown names are ignored; None when nothing known is given (all figures).
    """
    if not text:
        return None
    known = set(CLAIMANT_LABELS)
    wanted = [t.strip().lower() for t in text.split(",")]
    chosen = order_claimant_types(t for t in wanted if t in known)
    return chosen or None


def figure_option_label(claimant_type: str, counts: dict[str, int]) -> str:
    """``"analysts · 3"``: the control's label for one claimant type."""
    name = CLAIMANT_LABELS.get(claimant_type, claimant_type)
    return f"{name} · {counts.get(claimant_type, 0)}"


def join_types(types: Sequence[str]) -> str:
    """``"analysts, news outlets and militaries"``."""
    names = [CLAIMANT_LABELS.get(t, t) for t in types]
    if not names:
        return "nobody"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def figures_note(types: Sequence[str] | None, counts: dict[str, int]) -> str | None:
    """A one-line note on whose figures the polygons use; None for all figures."""
    if types is None:
        return None
    used = sum(counts.get(t, 0) for t in types)
    total = sum(counts.values())
    return (f"Area figures from {join_types(types)} only ({used} of {total} dated "
            "figures).")


def no_figures_message(chosen: Sequence[str], shown: Sequence[str] | None) -> str:
    """Why the map did not change when a choice of figures leaves none.

    Parameters
    ----------
    chosen : sequence of str
        The claimant types the user chose (may be empty).
    shown : sequence of str or None
        The types whose figures the map still shows (None: all figures).
    """
    still = "all area figures" if shown is None else f"the figures from {join_types(shown)}"
    if not chosen:
        head = "No source of area figures is chosen."
    else:
        head = (f"No dated area figure from {join_types(chosen)} was found in these "
                "articles, so there is no area to draw from them.")
    return (f"{head} The map still shows {still}; choose other sources under "
            "“Area figures from”.")
