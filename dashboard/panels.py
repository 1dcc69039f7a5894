"""The dashboard's panels: each one a function drawing into the current container.

The panels only arrange what :mod:`dashboard.views` computes and what the
``geo`` library produces; untrusted article text reaches Markdown only through
:func:`dashboard.views.md_escape` and is otherwise shown as table cells or
chart tooltips (rendered as text by Streamlit).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Callable
from urllib.parse import urlencode

import streamlit as st

from geo import caption, wording
from geo.models import Boundaries, DatedPolygon, Problem, Timeline
from geo.pipeline import Atlas
from geo.settings import (
    ARTICLE_SUFFIXES,
    DASHBOARD_EVENTS_NEAREST,
    DASHBOARD_MAX_UPLOAD_BYTES,
    DASHBOARD_MAX_UPLOAD_FILES,
)

from dashboard import state as S
from dashboard import views as V
from dashboard.loading import (
    DashboardError,
    Upload,
    UploadNotice,
    build_from_uploads,
    check_uploads,
    export_zip,
    pasted_upload,
)

LOG = logging.getLogger("frontline.dashboard")

#: Frame heights the embed snippets offer (px); the embed view fits each.
EMBED_HEIGHTS = [400, 600, 800]
#: Height reserved for the area chart before it is drawn (px).
CHART_PLACEHOLDER_PX = 330


def headline(timeline: Timeline, polygon: DatedPolygon | None, units: V.Units,
             figures_note: str | None = None) -> None:
    """Date, area (both units), basis and place counts for the selected date.

    ``figures_note`` says whose area figures the polygons use, when not all.
    """
    if polygon is None:
        st.info("No date selected.")
        return
    other: V.Units = "sqmi" if units == "km2" else "km2"
    st.markdown(f"#### {polygon.date.day} {polygon.date:%B %Y}")
    row = st.container(horizontal=True)
    row.metric("Held area (estimate)", wording.polygon_area(polygon, units))
    row.metric("Basis", polygon.basis, help=caption.basis_sentence(timeline, polygon))
    counts = V.status_counts(polygon)
    places = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
    lines = [f"{V.md_escape(timeline.theater.headline)}. The polygon is an estimate "
             "derived from reported figures, not a surveyed front line."]
    if figures_note:
        lines.append(f":orange[{V.md_escape(figures_note)}]")
    lines.append(
        f"{wording.polygon_area(polygon, units)} ({wording.polygon_area(polygon, other)})"
        f" · {wording.basis_label(polygon)}"
        + (f" · places: {places}" if places else ""))
    lines.append(V.md_escape(caption.basis_sentence(timeline, polygon)))
    for claim in V.area_sources(timeline, polygon)[:2]:
        lines.append(f"{V.quoted(claim.quote)} — {V.md_escape(claim.claimant)}")
    lines.extend(f"⚠ {V.md_escape(note)}" for note in polygon.notes)
    st.caption("  \n".join(lines))  # one element: a slider move sends few


def area_chart(timeline: Timeline, selected: dt.date | None, units: V.Units,
               cache_key: str | None = None) -> None:
    """The area-over-time chart with the selected date marked.

    With ``cache_key`` (the timeline's key and the units) the chart's spec is
    built once and only the marker moves; without it the chart is rebuilt
    with Altair (the naive design the load benchmark compares against).
    """
    st.markdown("**Area over time**")
    if cache_key is None:
        st.altair_chart(V.area_chart(timeline, selected, units), width="stretch")
    else:
        spec = V.with_date_marker(_chart_spec(cache_key, timeline, units), selected)
        st.vega_lite_chart(spec, width="stretch")
    st.caption("Line: the estimate used for the map (shaded where it is uncertain: a long "
               "gap between figures). Points: every area figure weighed, coloured by whose "
               "figures they are; the shape says whether a figure was reported, derived from "
               "others, implied, or not drawn (hover for the quote and the reason).")


@st.cache_resource(show_spinner=False, max_entries=32)
def _chart_spec(key: str, _timeline: Timeline, units: V.Units) -> dict:
    """The chart's spec, its datasets already in Arrow (Streamlit sends bytes as they are)."""
    spec = V.area_chart_spec(_timeline, units)
    try:
        import pandas as pd
        from streamlit import dataframe_util

        spec["datasets"] = {name: dataframe_util.convert_anything_to_arrow_bytes(
            pd.DataFrame(rows)) for name, rows in spec.get("datasets", {}).items()}
    except Exception:
        LOG.debug("chart datasets left as rows", exc_info=True)
    return spec


def headline_placeholder(polygon: DatedPolygon | None, units: V.Units,
                         figures_note: str | None = None) -> None:
    """The selected date and area as plain text (first paint, before the metrics)."""
    if polygon is None:
        return
    st.markdown(f"#### {polygon.date.day} {polygon.date:%B %Y}")
    st.caption(f"Held area (estimate): {wording.polygon_area(polygon, units)} · "
               f"{wording.basis_label(polygon)}")
    if figures_note:
        st.caption(V.md_escape(figures_note))


def chart_placeholder() -> None:
    """Where the chart goes while the map draws (same heading, reserved height)."""
    st.markdown("**Area over time**")
    st.container(height=CHART_PLACEHOLDER_PX, border=False)


#: The href of an event's "Show on map" link; the map component's bridge
#: (dashboard/static/component_bridge.js) moves the map in the page when one
#: is clicked, then reports the date like a slider move.
SHOW_HREF = "#fm-date="


def events(timeline: Timeline, selected: dt.date | None) -> None:
    """Control events near the selected date; "Show on map" moves the map to one.

    The list is one Markdown block (a slider move reruns it: one element, not
    five per event) and "Show on map" is an in-page link that the map's
    bridge handles without a server round trip (it also scrolls the map into
    view).
    """
    show_all = st.toggle("Show all events", key="events_all")
    frame = V.events_frame(timeline, selected,
                           nearest=None if show_all else DASHBOARD_EVENTS_NEAREST)
    if frame.empty:
        st.info("No control events (captures, withdrawals, fighting at a named place) were "
                "found in the articles.")
        return
    head = (("All events" if show_all else f"The {len(frame)} events nearest the "
             "selected date") + ", by date. :blue[●] marks events on the selected "
            "date; “(claimed)” marks hedged reports. **Show on map** moves the map there.")
    st.markdown(head + "\n\n" + "\n\n".join(
        event_row(row) for row in frame.itertuples(index=False)))


def event_row(row) -> str:
    """One event as Markdown: date, place, action, claimant, quote, source, links."""
    mark = ":blue[●] " if row.on_date else ""
    head = (f"{mark}**{V.md_escape(row.when)}** · **{V.md_escape(row.place)}** — "
            f"{V.md_escape(row.side)} {V.md_escape(row.action)} · "
            f"*{V.md_escape(row.claimant)}*")
    link = V.md_link("open", row.link)  # "" for a missing or unsafe link
    day = V.parse_iso_date(row.goto)
    show = f"[Show on map]({SHOW_HREF}{day.isoformat()})" if day else "undated"
    return (f"{head}  \n{V.quoted(row.quote)} — {V.md_escape(row.source)}"
            + (f" · {link}" if link else "") + f" · {show}")


def sources(timeline: Timeline | Atlas, source_label: str,
            notice: UploadNotice | None = None) -> None:
    """Articles read, claims found, unresolved places, input problems, the last upload."""
    st.markdown(f"**Articles read** — from {V.md_escape(source_label)}")
    st.dataframe(V.articles_frame(timeline), hide_index=True, width="stretch",
                 column_config={"link": st.column_config.LinkColumn("Link",
                                                                    display_text="open")})
    st.caption("A date marked (inferred) was not given with the article and was worked "
               "out from its text; check it.")
    unresolved = V.unresolved_frame(timeline)
    st.markdown(f"**Place names not found on the map** ({unresolved['place'].nunique()})")
    if unresolved.empty:
        st.caption("Every place name was found in the gazetteer.")
    else:
        st.dataframe(unresolved, hide_index=True, width="stretch",
                     column_config={"quote": st.column_config.TextColumn("Quote",
                                                                         width="large")})
        st.caption("To place one, add a line (name, lat, lon, kind, note) to the front's "
                   "overrides.csv in its theatre pack, or to a file passed with --overrides.")
    if isinstance(timeline, Timeline):
        unsettled = V.unsettled_frame(timeline)
        st.markdown(f"**Claims the reader could not settle** ({len(unsettled)})")
        if unsettled.empty:
            st.caption("Every claim has a side and a date read from its article.")
        else:
            st.dataframe(unsettled, hide_index=True, width="stretch")
            st.caption("Listed, not dropped: a claim with no side only makes its place "
                       "contested; one with no date is not drawn on the timeline; an inferred "
                       "side or date says how it was worked out (Events and claims.csv).")
    problems(timeline)
    if notice is not None:
        _last_upload(notice)


def problems(timeline: Timeline | Atlas) -> None:
    """Problems with the input files, as readable messages."""
    if not timeline.problems:
        return
    st.markdown(f"**Problems with the input files** ({len(timeline.problems)})")
    for p in timeline.problems:
        (st.error if p.severity == "error" else st.warning)(_named_once(p))


def _named_once(problem: Problem) -> str:
    """The message with its file name once, in bold.

    "**a.txt**: ..." for "a.txt: ...", "**a.txt** is not ..." for "a.txt is
    not ...", else the name before the message.
    """
    name = f"**{V.md_escape(problem.path)}**"
    if problem.path and problem.message.startswith(f"{problem.path}: "):
        return f"{name}: {V.md_escape(problem.message[len(problem.path) + 2:])}"
    if problem.path and problem.message.startswith(f"{problem.path} "):
        return f"{name} {V.md_escape(problem.message[len(problem.path) + 1:])}"
    return f"{name}: {V.md_escape(problem.message)}"


def method(timeline: Timeline) -> None:
    """How the polygons were made, every figure weighed, and the user's say over them."""
    st.markdown("**How the map is made**")
    st.markdown(V.md_escape(timeline.method) if timeline.method else
                "The held area for each date is a polygon drawn against the border to "
                "match the reported figure; between figures the area is interpolated.")
    st.caption("Polygons are estimates derived from reported figures, not surveyed front "
               "lines. Settlement colours show what the articles report for each place.")
    if not timeline.figures:
        return
    st.markdown("**The figures weighed**")
    st.dataframe(V.figures_frame(timeline), hide_index=True, width="stretch")
    labels = V.figure_labels(timeline)
    ss = st.session_state
    outliers = [f.claim_id for f in timeline.figures
                if f.outlier and f.claim_id not in (ss.get(S.DROP) or ())]
    c1, c2 = st.columns(2)
    c1.multiselect("Draw anyway", sorted(set(outliers) | set(ss.get(S.KEEP) or ())),
                   key=S.KEEP, format_func=lambda i: labels.get(i, i),
                   help="Figures the checks left out (above the most ever reported, or a "
                        "jump no event explains). Chosen ones are drawn.")
    c2.multiselect("Leave out", sorted(set(labels) - set(outliers)), key=S.DROP,
                   format_func=lambda i: labels.get(i, i),
                   help="Figures you do not trust: the map is redrawn without them.")


def downloads(timeline: Timeline, boundaries: Boundaries, selected: dt.date | None,
              app_url: str | None, uploaded: bool = False) -> None:
    """Image, HTML and data downloads for the selected date, plus embed snippets.

    ``uploaded``: the map shows the user's own articles, which no link can carry.
    """
    if selected is None:
        return
    iso = selected.isoformat()
    st.markdown(f"**Downloads for {selected:%d %B %Y}**")
    try:
        from geo import caption

        alt = caption.alt_text(timeline, selected)
    except Exception as exc:  # noqa: BLE001
        LOG.warning("alt text failed: %s", exc)
        alt = ""
    c1, c2, c3, c4 = st.columns(4)
    c1.download_button("Map image (PNG)", data=functools.partial(_image, timeline,
                                                                 boundaries, selected, "png"),
                       file_name=f"frontline-map-{iso}.png", mime="image/png",
                       on_click="ignore", width="stretch")
    c2.download_button("Map image (SVG)", data=functools.partial(_image, timeline,
                                                                 boundaries, selected, "svg"),
                       file_name=f"frontline-map-{iso}.svg", mime="image/svg+xml",
                       on_click="ignore", width="stretch")
    c3.download_button("Interactive map (HTML)",
                       data=functools.partial(_standalone, timeline, boundaries, selected),
                       file_name=f"frontline-map-{iso}.html", mime="text/html",
                       on_click="ignore", width="stretch")
    c4.download_button("Data (zip)", data=functools.partial(export_zip, timeline),
                       file_name="frontline-map-data.zip", mime="application/zip",
                       on_click="ignore", width="stretch",
                       help="timeline.geojson, claims.csv, places.csv")
    if alt:
        st.text_area("Alt text for the image (copy it with the image)", value=alt,
                     height=110)
    st.markdown("**Embed in a wiki or CMS**")
    height = st.segmented_control("Frame height", EMBED_HEIGHTS, default=600, key="embed_height",
                                  format_func=lambda h: f"{h} px", required=True) or 600
    from geo.webmap import iframe_snippet

    title = f"{timeline.theater.headline}, {selected.day} {selected:%B %Y}"
    st.caption("**For many readers, embed the standalone map** (“Interactive map (HTML)” "
               "above): put the file on any static web host; it needs no server, so it "
               "serves any number of readers, and it works offline. It shows the data as "
               "of today's download.")
    st.code(iframe_snippet(f"frontline-map-{iso}.html", title=title, height=height),
            language="html", wrap_lines=True)
    if app_url:
        query = {k: v for k, v in st.query_params.to_dict().items() if k != "embed"}
        query.update(date=iso, embed="true")
        src = app_url.split("?")[0] + "?" + urlencode(query)
        st.caption("**For the newest data, embed the live map**: it follows this dashboard "
                   "as articles are added, but every reader's slider move runs on this "
                   "server.")
        st.code(iframe_snippet(src, title=title, height=height), language="html",
                wrap_lines=True)
        if uploaded:
            st.caption(":orange[The articles you uploaded cannot live in a link: a link or "
                       "embed shows the articles this dashboard was started with. Share "
                       "the standalone map or the images instead.]")


def _image(timeline: Timeline, boundaries: Boundaries, day: dt.date, fmt: str) -> bytes:
    from geo.render import render_map

    return render_map(timeline, boundaries, date=day, fmt=fmt, scale=2 if fmt == "png"
                      else 1).data


def _standalone(timeline: Timeline, boundaries: Boundaries, day: dt.date) -> bytes:
    from geo.webmap import map_html

    return map_html(timeline, boundaries, date=day).encode("utf-8")


def upload_form(current: Atlas, current_key: str,
                on_loaded: Callable[[Atlas, str, str, UploadNotice], None],
                on_notice: Callable[[UploadNotice], None]) -> None:
    """Upload or paste articles; rebuild the maps from them with a progress bar.

    Whatever happens is reported as an :class:`UploadNotice` (through
    ``on_loaded`` or ``on_notice``), which the app keeps until the user
    dismisses it: a message never vanishes with the next rerun.

    Parameters
    ----------
    current : Atlas
        What is loaded now (its articles can be kept).
    current_key : str
        Its cache key.
    on_loaded : callable
        ``on_loaded(atlas, key, label, notice)`` when a new atlas is ready.
    on_notice : callable
        ``on_notice(notice)`` when the map stays as it is.
    """
    limit = DASHBOARD_MAX_UPLOAD_BYTES / 1_000_000
    with st.form("upload", clear_on_submit=False, border=False):
        files = st.file_uploader(
            f"Article files ({', '.join(s.lstrip('.') for s in ARTICLE_SUFFIXES)}; "
            f"up to {DASHBOARD_MAX_UPLOAD_FILES} files of {limit:.0f} MB)",
            type=[s.lstrip(".") for s in ARTICLE_SUFFIXES], accept_multiple_files=True,
            key="upload_files")
        pasted = st.text_area("…or paste an article", height=120, key="upload_text",
                              placeholder="Paste the article text here")
        published = st.date_input("Publication date (if the files do not give one)",
                                  value=None, key="upload_date", format="YYYY-MM-DD")
        keep = st.checkbox("Add to the articles already loaded", value=False,
                           key="upload_keep")
        submitted = st.form_submit_button("Build the map", type="primary")
    if not submitted:
        return
    uploads = [Upload(f.name, f.getvalue()) for f in (files or [])]
    paste, paste_problem = pasted_upload(pasted)
    if paste is not None:
        uploads.append(paste)
    accepted, rejected = check_uploads(uploads)
    if paste_problem:
        rejected.append(Problem("pasted text", paste_problem))
    if not accepted:
        if rejected:
            on_notice(UploadNotice("Nothing could be read from what was given; the map was "
                                   "not changed.", False, tuple(rejected)))
        else:
            st.warning("Choose a file or paste an article first.")
        return
    bar = st.progress(0.0, text="Reading the articles")
    try:
        outcome = build_from_uploads(
            accepted, published=published, keep=current if keep else None,
            keep_key=current_key, progress=lambda f, t: bar.progress(min(f, 1.0), text=t),
            rejected=rejected)
    except DashboardError as exc:
        bar.empty()
        on_notice(UploadNotice(str(exc), False, tuple(rejected)))
        return
    bar.empty()
    if outcome.atlas is None:
        on_notice(UploadNotice(outcome.messages[-1], False, tuple(rejected), outcome.problems))
        return
    atlas = outcome.atlas
    label = f"your articles ({', '.join(outcome.used)})"
    fronts = ", ".join(f"{t.theater.name} ({len(t.polygons)} dates)" for t in atlas.timelines
                       if t.polygons)
    headline = f"Map rebuilt from {label}: {len(atlas.claims)} claims; fronts: {fronts}."
    on_loaded(atlas, outcome.key, label,
              UploadNotice(headline, True, tuple(rejected), outcome.problems))


def upload_notice(notice: UploadNotice | None, on_dismiss: Callable[[], None]) -> None:
    """What the last upload did, with its messages, until the user dismisses it."""
    if notice is None:
        return
    if not notice.changed:
        st.warning(V.md_escape(notice.headline))
    for p in notice.details:
        (st.error if p.severity == "error" else st.warning)(V.md_escape(p.message))
    st.button("Dismiss these messages", key="upload_notice_dismiss", on_click=on_dismiss)


def _last_upload(notice: UploadNotice) -> None:
    """The Sources tab's record of the last upload."""
    st.markdown("**Your last upload**")
    (st.success if notice.changed else st.warning)(V.md_escape(notice.headline))
    if notice.changed:  # its messages are among the problems listed above
        return
    for p in notice.details:
        (st.error if p.severity == "error" else st.warning)(V.md_escape(p.message))
