"""The selected date, units and figures: one source of truth in the session state.

Three things can move the selected date: the map's own slider (reported by
the component as ``{date, n}``), a click in the events list, and the URL
(``?date=``) when a session starts. Only the last two are *commands* to the
map: they bump a sequence number that the map bridge watches, so a rerun
never pushes a stale date back into the map while the user is dragging.

The functions work on any mutable mapping (``st.session_state`` in the app,
a plain dict in tests).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from dashboard.views import (
    Units,
    order_claimant_types,
    parse_claimant_types,
    parse_iso_date,
    snap_date,
)

SELECTED = "selected_date"  # ISO date shown by every panel
COMMAND_DATE = "map_command_date"  # ISO date the map was last told to show
COMMAND_SEQ = "map_command_seq"  # bumped for every command to the map
LAST_REPORT = "map_last_report"  # (token, n) of the last report handled
UNITS = "units"  # "km2" / "sqmi"
MAP_TOKEN = "map_token"  # content token of the map on screen
MAP_READY = "map_ready"  # True once the map reported it is drawn (heavier panels follow)
FIGURES = "figures"  # claimant types whose area figures the user chose (list)
FIGURES_FOR = "figures_for"  # cache key of the timeline the choice was made for
FIGURE_OPTIONS = "figure_options"  # the control's options (stable per timeline)
FIGURES_SHOWN = "figures_shown"  # (timeline key, filter) of the last choice that gave a map
THEATER = "theater"  # slug of the front shown
MOVED = "date_moved"  # (asked ISO, shown ISO) when the URL's date had no estimate
KEEP = "keep_figures"  # claim ids of outliers the user draws anyway (list)
DROP = "drop_figures"  # claim ids of figures the user leaves out (list)


@dataclass(frozen=True)
class UrlParams:
    """What the URL asks for.

    Attributes
    ----------
    date : datetime.date or None
        ``?date=YYYY-MM-DD`` (None when absent or malformed).
    units : {"km2", "sqmi"} or None
        ``?units=km2|sqmi``.
    embed : bool
        ``?embed=true``: the chrome-free view for iframes (Streamlit hides
        ``embed`` from ``st.query_params``; the app also asks
        ``st.context.is_embedded``).
    figures : tuple of str or None
        ``?figures=analyst,military``: use only area figures from these
        claimant types (None: all figures).
    theater : str or None
        ``?theater=sumy``: the front shown (None: the default front).
    daily : bool
        ``?daily=true``: daily estimates (a polygon for every day).
    """

    date: dt.date | None = None
    units: Units | None = None
    embed: bool = False
    figures: tuple[str, ...] | None = None
    theater: str | None = None
    daily: bool = False


def read_params(query: Mapping[str, Any]) -> UrlParams:
    """Parse the query parameters the dashboard understands; ignore the rest."""
    def one(name: str) -> str | None:
        value = query.get(name)
        if isinstance(value, list):
            value = value[-1] if value else None
        return value if isinstance(value, str) else None

    units_raw = (one("units") or "").lower().replace(" ", "").replace("²", "2")
    units: Units | None = {"km2": "km2", "sqmi": "sqmi", "mi2": "sqmi",
                           "sq.mi": "sqmi"}.get(units_raw)  # type: ignore[assignment]
    embed = (one("embed") or "").lower() in ("true", "1", "yes")
    theater = (one("theater") or "").strip().lower()
    daily = (one("daily") or "").lower() in ("true", "1", "yes")
    return UrlParams(parse_iso_date(one("date")), units, embed,
                     parse_claimant_types(one("figures")),
                     theater if re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,40}", theater) else None,
                     daily)


def choose_front(state: MutableMapping[str, Any], slugs: Sequence[str],
                 default: str | None, url_front: str | None = None) -> str | None:
    """Make sure a front the atlas has is chosen, and return it.

    On a session's first run the URL's front is taken (when the atlas has
    it), else ``default``; a choice the (newly loaded) atlas lacks falls back
    to ``default`` as well.
    """
    current = state.get(THEATER)
    if current not in slugs:
        current = url_front if url_front in slugs and THEATER not in state else default
        state[THEATER] = current
    return current


def selected(state: Mapping[str, Any]) -> dt.date | None:
    """The selected date (None before :func:`ensure_selection`)."""
    return parse_iso_date(state.get(SELECTED))


def _set(state: MutableMapping[str, Any], day: dt.date, *, command: bool) -> None:
    state[SELECTED] = day.isoformat()
    if command:
        state[COMMAND_DATE] = day.isoformat()
        state[COMMAND_SEQ] = int(state.get(COMMAND_SEQ, 0)) + 1


def ensure_selection(state: MutableMapping[str, Any], dates: Sequence[dt.date],
                     url_date: dt.date | None = None) -> dt.date | None:
    """Make sure a valid timeline date is selected and the map was told so.

    On a session's first run the URL's date is honoured (snapped to the
    timeline date on or before it); later, a selection that is no longer a
    timeline date (another timeline was loaded) is snapped the same way.

    Returns
    -------
    datetime.date or None
        The selected date; None when the timeline has no dates.
    """
    if not dates:
        return None
    current = selected(state)
    if current is None:
        shown = snap_date(dates, url_date)
        _set(state, shown, command=True)
        if url_date is not None and shown != url_date:
            state[MOVED] = (url_date.isoformat(), shown.isoformat())
    elif current not in dates:
        _set(state, snap_date(dates, current), command=True)
    return selected(state)


def moved_message(state: Mapping[str, Any]) -> str | None:
    """The notice that the date asked for has no estimate, while it is replaced.

    "No estimate for 1 Dec 2024; showing 16 Aug 2024." while the date the URL
    asked for (which has no estimate) is replaced by the one shown.
    """
    moved = state.get(MOVED)
    if not (isinstance(moved, tuple) and len(moved) == 2 and state.get(SELECTED) == moved[1]):
        return None
    return _moved_text(moved)


def moved_notice(state: Mapping[str, Any]) -> dict[str, str] | None:
    """The moved-date notice and the date it applies to, for the in-page panels.

    ``{"shown": iso, "text": notice}``: the page shows the notice while it
    shows that date (see :func:`moved_message`); None when the URL's date was
    a timeline date.
    """
    moved = state.get(MOVED)
    if not (isinstance(moved, tuple) and len(moved) == 2):
        return None
    text = _moved_text(moved)
    return None if text is None else {"shown": str(moved[1]), "text": text}


def _moved_text(moved: tuple[Any, Any]) -> str | None:
    asked, shown = (parse_iso_date(d) for d in moved)
    if asked is None or shown is None:
        return None
    which = "the nearest earlier date with one" if shown < asked else "the first date with one"
    return (f"No estimate for {asked.day} {asked:%b %Y}; showing {shown.day} {shown:%b %Y}, "
            f"{which}.")


def request_move(state: MutableMapping[str, Any], dates: Sequence[dt.date],
                 day: dt.date) -> dt.date | None:
    """Select ``day`` (snapped) and tell the map to move there (events click)."""
    snapped = snap_date(dates, day)
    if snapped is not None:
        _set(state, snapped, command=True)
    return snapped


def apply_report(state: MutableMapping[str, Any], dates: Sequence[dt.date],
                 report: Any, token: str) -> bool:
    """Follow the map's report of its date, if it is a new one.

    Parameters
    ----------
    state : mutable mapping
    dates : sequence of datetime.date
    report : dict or None
        The component value ``{"date": iso, "n": count}``.
    token : str
        The map's content token (counts restart with a new map).

    Returns
    -------
    bool
        True when the selection changed.
    """
    state[MAP_TOKEN] = token
    if not isinstance(report, Mapping):
        return False
    stamp = (token, report.get("n"))
    if state.get(LAST_REPORT) == stamp:
        return False
    state[LAST_REPORT] = stamp
    day = parse_iso_date(report.get("date"))
    if day is None:
        return False
    snapped = snap_date(dates, day)
    if snapped is None or snapped == selected(state):
        return False
    _set(state, snapped, command=False)
    return True


def follow_map(state: MutableMapping[str, Any], token: str) -> bool:
    """Tell a newly shown map (another timeline or options) the selected date.

    A new map component starts from the last *command*, which may predate
    the user's own slider moves; so when the map's content token differs
    from the one on screen, the current selection becomes a command.

    Returns
    -------
    bool
        True when a command was issued.
    """
    shown = state.get(MAP_TOKEN)
    day = selected(state)
    if shown is None or shown == token or day is None:
        return False
    _set(state, day, command=True)
    return True


def adopt_page_date(state: MutableMapping[str, Any], dates: Sequence[dt.date],
                    page_iso: str | None) -> bool:
    """Follow the date the page shows, as its URL says (the in-page design).

    In the in-page design a slider move does not reach the server: the page
    swaps its panels and writes ``?date=`` into the browser's URL, which the
    server reads on its next run. A timeline date there that differs from
    the selection becomes the selection (not a command: the map is there).

    Returns
    -------
    bool
        True when the selection changed.
    """
    day = parse_iso_date(page_iso)
    if day is None or day not in dates or day == selected(state):
        return False
    _set(state, day, command=False)
    return True


def command(state: Mapping[str, Any]) -> tuple[str | None, int]:
    """The (date, seq) pair passed to the map component."""
    return state.get(COMMAND_DATE), int(state.get(COMMAND_SEQ, 0))


# --- whose figures --------------------------------------------------------------

def ensure_figures(state: MutableMapping[str, Any], key: str, present: Sequence[str],
                   url_types: Sequence[str] | None = None) -> tuple[list[str], tuple[str, ...]]:
    """Make sure the "Area figures from" choice fits the loaded timeline.

    On a session's first run the URL's choice is taken (``?figures=``; all
    present types when absent). When another timeline is loaded, the chosen
    types it has are kept (all of them if none is left). The control's
    options are fixed at those moments: the present types plus any chosen
    one the timeline lacks (a URL may name one; it then shows the "no
    figures" message), so they do not shift under the widget.

    Parameters
    ----------
    state : mutable mapping
    key : str
        Cache key of the loaded timeline (before any filter).
    present : sequence of str
        Claimant types among its area claims (:func:`dashboard.views.figure_counts`).
    url_types : sequence of str, optional
        The URL's choice.

    Returns
    -------
    (list of str, tuple of str)
        The control's options and the chosen types, in preference order.
    """
    if FIGURES in state and state.get(FIGURES_FOR) == key:
        chosen = order_claimant_types(state[FIGURES])
        options = list(state.get(FIGURE_OPTIONS) or figure_options(present, chosen))
        return options, chosen
    if FIGURES not in state:
        wanted = list(url_types) if url_types else list(present)
    else:  # another timeline: keep the chosen kinds it has, and add kinds new to the user
        seen = set(state.get(FIGURE_OPTIONS) or ())
        wanted = ([t for t in state[FIGURES] if t in present]
                  + [t for t in present if t not in seen]) or list(present)
    chosen = order_claimant_types(wanted)
    state[FIGURES] = list(chosen)
    state[FIGURES_FOR] = key
    state[FIGURE_OPTIONS] = figure_options(present, chosen)
    return list(state[FIGURE_OPTIONS]), chosen


def figure_options(present: Sequence[str], chosen: Sequence[str]) -> list[str]:
    """Options of the control: the present types plus any chosen one (from the URL)."""
    return list(order_claimant_types([*present, *chosen]))


def figure_filter(chosen: Sequence[str], present: Sequence[str]) -> tuple[str, ...] | None:
    """The ``claimant_types`` to build with: None when every present type is chosen.

    Returns
    -------
    tuple of str or None
        None (all figures: the default timeline, no rebuild), ``()`` when
        nothing is chosen, else the chosen types in preference order.
    """
    if set(chosen) >= set(present):
        return None
    return order_claimant_types(chosen)


def remember_shown(state: MutableMapping[str, Any], key: str,
                   types: tuple[str, ...] | None) -> None:
    """Record that the choice ``types`` gave a map for the timeline ``key``."""
    state[FIGURES_SHOWN] = (key, types)


def fallback_figures(state: Mapping[str, Any], key: str) -> tuple[str, ...] | None:
    """The last choice that gave a map for the timeline ``key`` (None: all figures)."""
    shown = state.get(FIGURES_SHOWN)
    if isinstance(shown, tuple) and len(shown) == 2 and shown[0] == key:
        return shown[1]
    return None


def figure_overrides(state: Mapping[str, Any], known: Sequence[str]
                     ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The figures the user keeps despite the checks and leaves out, among ``known`` ids.

    Ids of another timeline (a previous upload, another front) are ignored.
    """
    ids = set(known)
    keep = tuple(sorted(i for i in state.get(KEEP) or () if i in ids))
    drop = tuple(sorted(i for i in state.get(DROP) or () if i in ids and i not in keep))
    return keep, drop
