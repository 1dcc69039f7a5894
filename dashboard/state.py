"""The selected date and units: one source of truth in the session state.

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
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from dashboard.views import Units, parse_iso_date, snap_date

SELECTED = "selected_date"  # ISO date shown by every panel
COMMAND_DATE = "map_command_date"  # ISO date the map was last told to show
COMMAND_SEQ = "map_command_seq"  # bumped for every command to the map
LAST_REPORT = "map_last_report"  # (token, n) of the last report handled
UNITS = "units"  # "km2" / "sqmi"
MAP_TOKEN = "map_token"  # content token of the map on screen
MAP_READY = "map_ready"  # True once the map reported it is drawn (heavier panels follow)


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
    """

    date: dt.date | None = None
    units: Units | None = None
    embed: bool = False


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
    return UrlParams(parse_iso_date(one("date")), units, embed)


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
        _set(state, snap_date(dates, url_date), command=True)
    elif current not in dates:
        _set(state, snap_date(dates, current), command=True)
    return selected(state)


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


def command(state: Mapping[str, Any]) -> tuple[str | None, int]:
    """The (date, seq) pair passed to the map component."""
    return state.get(COMMAND_DATE), int(state.get(COMMAND_SEQ, 0))
