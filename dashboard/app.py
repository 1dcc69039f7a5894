"""Front-line map dashboard: ``streamlit run dashboard/app.py`` (or ``make run``).

A thin layer over the ``geo`` library: it loads the atlas (a timeline per
front, cached), shows the chosen front's in-page slider map through a
bidirectional component, and lets the other panels follow the map's date.
In the default design (``FRONTLINE_DASHBOARD_DESIGN=inpage``) the headline,
the chart's marker and the events list follow it in the page, from data sent
once per timeline (:mod:`dashboard.inpage`), and the page keeps ``?date=`` in
the URL: a slider move reruns nothing on the server, which reads the date from
the URL on its next run (and asks the map to report its moves only while the
Downloads tab, which makes the image for the date, is open). ``fragment``
reruns a fragment per move, ``full`` the whole script (the load benchmark
compares the three). Reads ``FRONTLINE_SOURCE`` (a folder of articles; default the bundled
seeds). URL: ``?theater=sumy`` (the front), ``?date=YYYY-MM-DD``,
``?units=km2|sqmi``, ``?figures=analyst,military`` (whose area figures the
polygons use; default all), ``?embed=true``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

if __package__ in (None, ""):  # started as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit as st

from geo.models import Boundaries, Timeline
from geo.pipeline import Atlas
from geo.settings import (
    CLAIMANT_PREFERENCE,
    DASHBOARD_MAP_HEIGHT_PX,
)
from geo.settings import (
    DASHBOARD_FULL_RERUN_ENV as FULL_RERUN_ENV,
)

from dashboard import panels
from dashboard import state as S
from dashboard import views as V
from dashboard.component import map_component, map_ready, panels_component
from dashboard.loading import (
    DashboardError,
    UploadNotice,
    can_build_every_day,
    load_atlas,
    map_page,
    panels_dir,
    resolve_source,
    variant_timeline,
)

LOG = logging.getLogger("frontline.dashboard")
#: Page CSS (a constant: no article text ever goes in here).
PAGE_CSS = """<style>
.block-container { padding-top: 2.2rem; padding-bottom: 2rem; max-width: 1500px; }
[data-testid="stMetricValue"] { font-size: 1.9rem; }
@media (max-width: 640px) {  /* a phone: the title clears Streamlit's header bar */
  .block-container { padding-top: 4rem; }
  .block-container h3 { font-size: 1.35rem; }
}
</style>"""
#: The embed view: no padding, nothing but the map (which fills the window's height).
EMBED_CSS = """<style>
.block-container, [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: none; }
[data-testid="stHeader"], [data-testid="stToolbar"], footer { display: none !important; }
[data-testid="stAppViewContainer"], [data-testid="stMain"] { overflow: hidden !important; }
</style>"""
USER = "user_timeline"  # session key: (atlas, key, label) of the user's articles
NOTICE = "upload_notice"  # session key: what the last upload did, until dismissed
TOAST = "upload_toast"  # session key: an upload's outcome to pop up once, where the user looks
EVERY_DAY = "every_day"  # sidebar toggle: polygons for every day, not only report dates
IN_FULL_RUN = "_in_full_run"  # True while the whole script runs (not a fragment rerun)
#: ``FRONTLINE_DASHBOARD_DESIGN``: how the panels follow a slider move (the load
#: benchmark, ``benchmarks/bench_load.py``, compares the three).
DESIGN_ENV = "FRONTLINE_DASHBOARD_DESIGN"
#: "inpage" (the default): the page swaps the headline, events and chart marker
#: itself, from data sent once; a slider move does not rerun Streamlit.
#: "fragment": a slider move reruns the fragment that follows the date.
#: "full": the naive design, every slider move reruns the whole script and
#: rebuilds the chart (also ``FRONTLINE_DASHBOARD_FULL_RERUN=1``).
DESIGNS = ("inpage", "fragment", "full")
#: The Downloads tab's label: while it is open the server follows the date.
DOWNLOADS_TAB = "Downloads & embed"
PANEL_TAB = "panel_tab"  # session key of the tabs under the map


def design(environ: Mapping[str, str]) -> str:
    """The design chosen by the environment: inpage, fragment or full.

    ``FRONTLINE_DASHBOARD_FULL_RERUN=1`` means "full"; an unknown name
    means the default, "inpage".
    """
    if environ.get(FULL_RERUN_ENV, "").strip() not in ("", "0"):
        return "full"
    chosen = environ.get(DESIGN_ENV, "").strip().lower()
    return chosen if chosen in DESIGNS else "inpage"


DESIGN = design(os.environ)
FULL_RERUN = DESIGN == "full"
INPAGE = DESIGN == "inpage"


def _fragment(func):
    """``st.fragment``: a slider move reruns only what follows the date."""
    return func if FULL_RERUN else st.fragment(func)


def _use_user_timeline(atlas: Atlas, key: str, label: str, notice: UploadNotice) -> None:
    st.session_state[USER] = (atlas, key, label)
    st.session_state[NOTICE] = notice
    st.session_state[TOAST] = notice
    st.rerun()


def _note_upload(notice: UploadNotice) -> None:
    """Keep what an upload that left the map alone met, and show it."""
    st.session_state[NOTICE] = notice
    st.session_state[TOAST] = notice
    st.rerun()


def _dismiss_notice() -> None:
    st.session_state.pop(NOTICE, None)


def default_front(atlas: Atlas) -> str | None:
    """The front shown first: the one with polygons and the most claims."""
    drawn = [t for t in atlas.timelines if t.polygons] or list(atlas.timelines)
    if not drawn:
        return None
    return max(drawn, key=lambda t: (len(t.claims), -atlas.timelines.index(t))).theater.slug


def _sync_url(params: S.UrlParams, selected_iso: str | None, units: str,
              figures: tuple[str, ...] | None, front: str | None = None,
              daily: bool = False) -> None:
    """Keep every state that changes the map in the URL (permalink).

    ``?theater=``, ``?date=``, ``?units=``, ``?figures=`` and ``?daily=``.
    """
    qp = st.query_params
    if daily and qp.get("daily") != "true":
        qp["daily"] = "true"
    elif not daily and "daily" in qp:
        del qp["daily"]
    if front and qp.get("theater") != front:
        qp["theater"] = front
    if selected_iso and qp.get("date") != selected_iso:
        qp["date"] = selected_iso
    if units != "km2" or "units" in qp:
        if qp.get("units") != units:
            qp["units"] = units
    wanted = ",".join(figures) if figures else None  # all figures: no parameter
    if wanted and qp.get("figures") != wanted:
        qp["figures"] = wanted
    elif not wanted and "figures" in qp:
        del qp["figures"]


def _view_timeline(timeline: Timeline, key: str, types: tuple[str, ...] | None,
                   every_day: bool) -> tuple[Timeline, str, str | None]:
    """The timeline to show for the options chosen, and a notice for the user.

    When the chosen figures leave no dated area figure, the map of the last
    choice that had one (all figures if none) stays, with a message saying so.
    """
    ss = st.session_state
    overrides = S.figure_overrides(ss, [f.claim_id for f in timeline.figures])
    try:
        if types != ():  # () is "nothing chosen": nothing to build
            shown, shown_key = variant_timeline(key, timeline, every_day=every_day,
                                                claimant_types=types, overrides=overrides)
            if shown.polygons or not timeline.polygons:
                S.remember_shown(ss, key, types)
                return shown, shown_key, _every_day_refusal(shown) if every_day else None
        fallback = S.fallback_figures(ss, key)
        shown, shown_key = variant_timeline(key, timeline, every_day=every_day,
                                            claimant_types=fallback, overrides=overrides)
        return shown, shown_key, V.no_figures_message(types or (), fallback)
    except DashboardError as exc:
        return timeline, key, str(exc)


def _every_day_refusal(timeline: Timeline) -> str | None:
    """Why "Daily estimates" drew no daily polygons (too long a span), if so."""
    from geo.timeline import EVERY_DAY_REFUSED

    return next((p.message for p in timeline.problems
                 if p.message.startswith(EVERY_DAY_REFUSED)), None)


def main() -> None:
    """Draw the page: read the URL, load the articles, show the map and the panels."""
    params = S.read_params(st.query_params)
    if _is_embedded():  # Streamlit keeps ?embed= out of st.query_params
        params = dataclasses.replace(params, embed=True)
    st.set_page_config(page_title="Front-line map", page_icon="🗺️", layout="wide",
                       initial_sidebar_state="collapsed" if params.embed else "auto")
    ss = st.session_state
    try:
        source = resolve_source()
        base = load_atlas(source)
    except DashboardError as exc:
        st.error(V.md_escape(str(exc)))
        return
    atlas, atlas_key, label = ss.get(USER) or (base, source.key, source.label)
    slugs = [t.theater.slug for t in atlas.timelines]
    front = S.choose_front(ss, slugs, default_front(atlas), params.theater)
    if front is None:
        st.warning("None of the articles is about a known front, so there is nothing to "
                   "draw. The sources below list what was read.")
        panels.sources(atlas, label)
        return
    loaded = atlas.timeline(front)
    loaded_key = f"{atlas_key}:{front}"
    boundaries = loaded.theater.boundaries
    rebuild_ok = can_build_every_day(source, bool(ss.get(USER)))  # from articles
    counts = V.figure_counts(loaded)
    options, chosen = S.ensure_figures(ss, loaded_key, list(counts),
                                       params.figures if rebuild_ok else None)
    figures = S.figure_filter(chosen, list(counts)) if rebuild_ok else None
    ss.setdefault(EVERY_DAY, params.daily)  # the URL's choice, on a session's first run
    every_day = bool(ss.get(EVERY_DAY)) and rebuild_ok
    timeline, key, notice = _view_timeline(loaded, loaded_key, figures, every_day)
    ss.setdefault(S.UNITS, params.units or "km2")
    units: V.Units = ss[S.UNITS]

    toast = ss.pop(TOAST, None)
    if toast is not None:  # seen at once, whatever is scrolled into view
        problems = len(toast.details)
        st.toast(V.md_escape(toast.headline) + (f" ({problems} message"
                 f"{'s' if problems != 1 else ''} in the sidebar)" if problems else ""),
                 icon=":material/check_circle:" if toast.changed else ":material/warning:")
    if not params.embed:
        _header(timeline, atlas)
    else:
        st.html(EMBED_CSS)
    notice_slot = st.empty()  # a fixed slot: the map below keeps its place
    if notice:
        notice_slot.warning(V.md_escape(notice))
    dates = timeline.dates
    if not dates:
        st.warning("No dated area figure was found in the articles, so there is no area "
                   "to draw. The sources below list what was read.")
        panels.sources(timeline, label, ss.get(NOTICE))
    else:
        S.ensure_selection(ss, dates, params.date)
        if INPAGE:  # the page may have moved the date since the server last ran
            S.adopt_page_date(ss, dates, _page_date())
        try:
            token, folder = map_page(key, timeline, boundaries, tiles=bool(ss.get("tiles")),
                                     embed=params.embed)
        except DashboardError as exc:
            st.error(V.md_escape(str(exc)))
            return
        S.follow_map(ss, token)  # a new map (timeline, tiles) opens on the selected date
        ss[IN_FULL_RUN] = True
        try:
            _date_view(timeline, key, boundaries, label, units, token, folder, params.embed,
                       None if notice else V.figures_note(figures, counts), every_day,
                       bool(ss.get(USER)))
        finally:
            ss[IN_FULL_RUN] = False
    if not params.embed:
        with st.sidebar:  # after the map, so the map's element reaches the browser first
            if ss.get(S.MAP_READY) or not dates:
                _sidebar(loaded, atlas, atlas_key, label, rebuild_ok, counts, options)
            else:  # the widgets follow once the map is drawn (see _panels)
                st.caption("Loading the options…")
    _sync_url(params, ss.get(S.SELECTED), units, figures,
              front if len(slugs) > 1 or params.theater else None, every_day)


@_fragment
def _date_view(timeline: Timeline, key: str, boundaries: Boundaries, label: str,
               units: V.Units, token: str, folder: Path, embed: bool,
               figures_note: str | None, every_day: bool = False,
               uploaded: bool = False) -> None:
    """The map and everything that follows its date (a fragment).

    A slider move (the map's report), an event's "Show" and the tabs rerun
    only this function: the sidebar, the header and the data loading stay as
    they are, and the chart's spec is cached per timeline (only its marker
    moves). The map's first report (it is drawn) reruns the whole app once,
    so the sidebar's widgets arrive.
    """
    ss = st.session_state
    if INPAGE and not ss.get(IN_FULL_RUN):
        S.adopt_page_date(ss, timeline.dates, _page_date())
    cmd_date, seq = S.command(ss)
    report = map_component(token, folder, date=cmd_date, seq=seq,
                           height=DASHBOARD_MAP_HEIGHT_PX, every_day=every_day, fill=embed,
                           report=_server_follows_date(embed))
    S.apply_report(ss, timeline.dates, report, token)
    if map_ready(report) and not ss.get(S.MAP_READY):
        ss[S.MAP_READY] = True
        if not ss.get(IN_FULL_RUN) and not embed:
            st.rerun(scope="app")  # the sidebar's widgets and the full panels
    if embed:
        pass
    elif INPAGE:
        _inpage_panels(timeline, key, boundaries, label, units, token, figures_note,
                       uploaded)
    else:
        _panels(timeline, key, boundaries, label, units, bool(ss.get(S.MAP_READY)),
                figures_note, S.moved_message(ss), uploaded)
    if not ss.get(IN_FULL_RUN):  # a fragment rerun: keep the permalink's date in step
        _sync_date(ss.get(S.SELECTED))


def _server_follows_date(embed: bool) -> bool:
    """Whether the map reports every date change (a rerun per slider move).

    Always in the fragment and full designs; in the in-page design only while
    the Downloads tab (which makes the image for the date) is open.
    """
    if not INPAGE:
        return True
    return not embed and st.session_state.get(PANEL_TAB) == DOWNLOADS_TAB


def _page_date() -> str | None:
    """The ``?date=`` of the browser's URL as the page last wrote it, if known.

    Streamlit sends the page's URL with every rerun request; the in-page
    panels keep the date shown in it.
    """
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        info = getattr(get_script_run_ctx(), "context_info", None)
        url = info.url if info is not None and info.HasField("url") else ""
        found = parse_qs(urlsplit(url).query).get("date") if url else None
    except Exception:  # another runtime: the server's own date stays
        LOG.debug("no page URL", exc_info=True)
        return None
    return found[-1] if found else None


def _inpage_panels(timeline: Timeline, key: str, boundaries: Boundaries, label: str,
                   units: V.Units, map_token: str, figures_note: str | None = None,
                   uploaded: bool = False) -> None:
    """Everything under the map, in the in-page design.

    The headline, the chart and the events list are a component that follows
    the map's date in the page (``dashboard/static/date_panels.js``), from
    data sent once per timeline and units: a slider move reruns nothing. The
    other tabs are as in :func:`_panels`.
    """
    ss = st.session_state
    selected = S.selected(ss)
    try:
        token, folder = panels_dir(key, timeline, units)
    except DashboardError as exc:
        st.error(V.md_escape(str(exc)))
        return
    iso = selected.isoformat() if selected else None
    panels_component(token, folder, part="summary", map_token=map_token, date=iso,
                     figures_note=figures_note, moved=S.moved_notice(ss))
    tab_events, tab_sources, tab_method, tab_share = st.tabs(
        ["Events", "Sources", "Method", DOWNLOADS_TAB], key=PANEL_TAB, on_change="rerun")
    if tab_events.open:
        with tab_events:
            panels_component(token, folder, part="events", map_token=map_token, date=iso)
    _other_tabs(tab_sources, tab_method, tab_share, timeline, label, boundaries, selected,
                uploaded)


def _sync_date(selected_iso: str | None) -> None:
    qp = st.query_params
    if selected_iso and qp.get("date") != selected_iso:
        qp["date"] = selected_iso


def _header(timeline: Timeline, atlas: Atlas) -> None:
    st.html(PAGE_CSS)  # style only: no layout slot, and no Markdown-with-HTML bundle
    st.markdown(f"### Territorial control — {V.md_escape(timeline.theater.headline)}")
    if len(atlas.timelines) > 1:
        names = {t.theater.slug: f"{t.theater.name} ({t.theater.holder_adjective}-held)"
                 for t in atlas.timelines}
        st.segmented_control("Front", options=list(names), key=S.THEATER,
                             format_func=names.get, required=True,
                             help="The articles cover several fronts; each has its own map, "
                                  "area figures and events.")
    notice = st.session_state.get(NOTICE)
    if notice is not None and notice.changed:  # stays until dismissed (in the sidebar)
        st.success(V.md_escape(notice.headline))


def _panels(timeline: Timeline, key: str, boundaries: Boundaries, label: str,
            units: V.Units, ready: bool, figures_note: str | None = None,
            moved: str | None = None, uploaded: bool = False) -> None:
    """Everything under the map; follows the selected date.

    Until the map reports it is drawn (``ready``), only a light summary is
    shown: the metrics, the chart (Vega), the events list and the sidebar's
    widgets each make the browser load and run more code, which would hold
    back the map's first paint.
    """
    selected = S.selected(st.session_state)
    polygon = V.polygon_on(timeline, selected)
    if moved:  # the URL asked for a date with no estimate: say which is shown
        st.info(moved, icon=":material/event_busy:")
    left, right = st.columns([1, 1.5], gap="large")
    if not ready:
        with left:
            panels.headline_placeholder(polygon, units, figures_note)
        with right:
            panels.chart_placeholder()
        return
    with left:
        panels.headline(timeline, polygon, units, figures_note)
    with right:
        panels.area_chart(timeline, selected, units,
                          None if FULL_RERUN else f"{key}:{units}")
    # Lazy tabs: only the open tab's content runs and is sent to the browser.
    tab_events, tab_sources, tab_method, tab_share = st.tabs(
        ["Events", "Sources", "Method", DOWNLOADS_TAB], key=PANEL_TAB, on_change="rerun")
    if tab_events.open:
        with tab_events:
            panels.events(timeline, selected)
    _other_tabs(tab_sources, tab_method, tab_share, timeline, label, boundaries, selected,
                uploaded)


def _other_tabs(tab_sources, tab_method, tab_share, timeline: Timeline, label: str,
                boundaries: Boundaries, selected: dt.date | None, uploaded: bool) -> None:
    """The Sources, Method and Downloads tabs (lazy: only the open one runs)."""
    if tab_sources.open:
        with tab_sources:
            panels.sources(timeline, label, st.session_state.get(NOTICE))
    if tab_method.open:
        with tab_method:
            panels.method(timeline)
    if tab_share.open:
        with tab_share:
            panels.downloads(timeline, boundaries, selected, _app_url(), uploaded)


def _sidebar(timeline: Timeline, atlas: Atlas, key: str, label: str, every_day_ok: bool,
             counts: dict[str, int], options: list[str]) -> None:
    st.segmented_control("Units", options=["km2", "sqmi"], key=S.UNITS,
                         format_func=V.UNIT_LABELS.get, required=True)
    if options:
        st.pills("Area figures from", options, selection_mode="multi", key=S.FIGURES,
                 format_func=lambda t: V.figure_option_label(t, counts),
                 disabled=not every_day_ok,
                 help="Warring sides' claims and independent assessments often differ "
                      "by a factor of two. Choose whose figures the polygons are fitted "
                      "to (the number is how many dated figures each gave). Where several "
                      "chosen figures fall on one date, the first of "
                      f"{V.join_types(CLAIMANT_PREFERENCE)} wins."
                 if every_day_ok else "Available for folders of articles and your own "
                                      "uploads.")
    st.toggle("Daily estimates (every day)", key=EVERY_DAY, disabled=not every_day_ok,
              help="Off: the slider snaps to the dates that have reports. On: an estimate "
                   "for every day in between too (built once, takes a few seconds), and "
                   "the slider steps through every day. Kept in the link (?daily=true)."
              if every_day_ok else
                   "Available for folders of articles and your own uploads.")
    st.toggle("Web basemap (OpenStreetMap; needs internet)", key="tiles",
              help="Off: the map is drawn from the bundled boundaries and place names, "
                   "and works offline.")
    st.divider()
    st.markdown("**Articles**")
    st.caption(f"Showing {V.md_escape(label)}: {len(atlas.articles)} article(s), "
               f"{len(atlas.claims)} claims; this front: {len(timeline.claims)} claims.")
    if st.session_state.get(USER) and st.button("Back to the bundled articles"):
        del st.session_state[USER]
        _dismiss_notice()
        st.rerun()
    panels.upload_notice(st.session_state.get(NOTICE), _dismiss_notice)
    with st.expander("Your own articles", expanded=False):
        panels.upload_form(atlas, key, _use_user_timeline, _note_upload)


def _is_embedded() -> bool:
    try:
        return bool(st.context.is_embedded)
    except Exception:  # noqa: BLE001
        return False


def _app_url() -> str | None:
    try:
        return st.context.url
    except Exception:  # noqa: BLE001 - older runtimes / tests
        return None


def run() -> None:
    """Run the app; any unexpected failure becomes a readable message."""
    try:
        main()
    except Exception:  # never show a traceback to the user
        LOG.exception("dashboard failed")
        st.error("Something went wrong while drawing the dashboard. Reload the page; if it "
                 "happens again, check the articles you loaded (the server log has the "
                 "details).")


run()

