"""The bridge between the in-page slider map and Streamlit.

``geo.webmap.map_html`` returns a complete HTML document holding the whole
timeline and its own slider; it exposes ``window.frontlineMap = {setDate,
getDate, onDateChange, dates}``. This module turns that document into a
bidirectional Streamlit component (components v1, served from a folder, no
npm library). The folder holds ``map.html`` (the document, untouched) and
``index.html``, a small page speaking Streamlit's component ``postMessage``
protocol (its script is ``dashboard/static/component_bridge.js``, inlined):

* ``streamlit:componentReady`` (apiVersion 1) at once. Streamlit keeps the
  component iframe ``display:none`` until then; the map copes with a hidden
  frame (it frames its first view when the frame gets a size), so
  ``map.html`` is fetched and shown as a same-origin ``srcdoc`` frame right
  away, in parallel with the handshake. (``index.html`` stays small because
  Streamlit downloads it a second time to check that it exists.);
* ``streamlit:render`` carries the args ``{date, seq, height, report}``: the map moves
  to ``date`` only when ``seq`` changed, i.e. when the app asked for a move
  (an events-list click, the URL, another map shown), never because of a
  rerun;
* ``streamlit:setComponentValue`` reports the map's date back (debounced) as
  ``{date, n}`` with ``n`` counting reports, so the app can tell a new report
  from a rerun even when the user returns to an earlier date; the first
  report, ``{date, n: 0, ready: true}``, is sent once the map is drawn (the
  app holds its heavier panels back until then, see :func:`map_ready`);
* ``streamlit:setFrameHeight`` sizes the iframe.

The folder is written once per distinct map, named by a content token, and
the component's name includes the token, so reruns keep the same iframe: a
slider move sends nothing to the map, and an app-initiated move a few bytes.
Old folders are removed as new ones are written (at most
``DASHBOARD_COMPONENT_MAX_DIRS``, none older than
``DASHBOARD_COMPONENT_MAX_AGE_S``).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from functools import lru_cache
from importlib import resources
from pathlib import Path

import streamlit.components.v1 as components

from geo.settings import (
    DASHBOARD_COMPONENT_MAX_AGE_S,
    DASHBOARD_COMPONENT_MAX_DIRS,
    DASHBOARD_MAP_HEIGHT_PX,
    DASHBOARD_REPORT_DEBOUNCE_MS,
)

#: Root folder of the generated component folders.
COMPONENT_ROOT = Path(tempfile.gettempdir()) / "frontline-map-components"
#: Names of the component folders (content tokens); nothing else is ever removed.
_TOKEN_NAME = re.compile(r"[0-9a-f]{16}")

_WRAPPER_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Front-line map</title>
<style>
html, body { margin: 0; padding: 0; height: 100%%; overflow: hidden; background: #f4f2ee; }
#frontline-map-frame { border: 0; width: 100%%; height: 100%%; display: block; }
</style>
</head><body data-debounce-ms="%(debounce)d" data-height="%(height)d">
<script>
%(script)s</script>
</body></html>
"""


@lru_cache(maxsize=1)
def _bridge_js() -> str:
    """The bridge script, ``dashboard/static/component_bridge.js``."""
    return (resources.files("dashboard") / "static" / "component_bridge.js").read_text(
        encoding="utf-8")


def wrapper_page(*, height: int = DASHBOARD_MAP_HEIGHT_PX,
                 debounce_ms: int = DASHBOARD_REPORT_DEBOUNCE_MS) -> str:
    """Return the component's ``index.html``: the bridge, loading ``map.html``.

    Parameters
    ----------
    height : int
        Initial frame height in pixels.
    debounce_ms : int
        Delay after the last date change before the date is reported.

    Returns
    -------
    str
        A small HTML document (no external request).
    """
    return _WRAPPER_HTML % {"debounce": int(debounce_ms), "height": int(height),
                            "script": _bridge_js()}


def content_token(map_document: str) -> str:
    """Return a short stable token for a map document (its SHA-256 prefix)."""
    return hashlib.sha256(map_document.encode("utf-8")).hexdigest()[:16]


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def write_component_dir(map_document: str, *, height: int = DASHBOARD_MAP_HEIGHT_PX,
                        root: Path = COMPONENT_ROOT) -> tuple[str, Path]:
    """Write the component folder (``index.html`` + ``map.html``) for a map.

    The folder is named by the content, and writing is skipped when it
    already exists, so calling this on every rerun is cheap; files are
    written atomically (temp file + rename) so a browser never reads half a
    page.

    Parameters
    ----------
    map_document : str
        The map HTML from ``geo.webmap.map_html``.
    height : int
        Initial frame height in pixels.
    root : Path
        Parent folder of the component folders.

    Returns
    -------
    (str, Path)
        The content token and the component folder.
    """
    return _content_dir(root, wrapper_page(height=height), "map.html", map_document)


def _content_dir(root: Path, index_html: str, name: str, text: str) -> tuple[str, Path]:
    """A component folder named by its content: ``index.html`` and the file ``name``.

    Written once, atomically; a folder in use again is touched (the newest,
    last to be pruned), and the oldest others are pruned.
    """
    token = content_token(index_html + text)
    folder = root / token
    index = folder / "index.html"
    if not index.exists():
        folder.mkdir(parents=True, exist_ok=True)
        _write_atomic(folder / name, text)
        _write_atomic(index, index_html)
    else:
        os.utime(folder)
    prune_component_dirs(root, keep=folder)
    return token, folder


def prune_component_dirs(root: Path = COMPONENT_ROOT, *, keep: Path | None = None,
                         max_dirs: int = DASHBOARD_COMPONENT_MAX_DIRS,
                         max_age_s: float = DASHBOARD_COMPONENT_MAX_AGE_S,
                         now: float | None = None) -> list[Path]:
    """Remove old map component folders: none older than ``max_age_s``, at most ``max_dirs``.

    Only folders named like a content token are touched; ``keep`` (the one
    just written) always stays. A removed folder that a page still shows is
    rewritten on the next rerun (:func:`dashboard.loading.map_page` checks).

    Returns
    -------
    list of Path
        The folders removed, oldest first.
    """
    now = time.time() if now is None else now
    try:
        found = [(d.stat().st_mtime, d) for d in root.iterdir()
                 if d.is_dir() and not d.is_symlink() and _TOKEN_NAME.fullmatch(d.name)
                 and d != keep]
    except OSError:
        return []
    found.sort()
    room = max(0, max_dirs - (1 if keep is not None else 0))
    doomed = [d for i, (mtime, d) in enumerate(found)
              if now - mtime > max_age_s or i < len(found) - room]
    for d in doomed:
        shutil.rmtree(d, ignore_errors=True)
    return doomed


def map_component(token: str, folder: Path, *, date: str | None, seq: int,
                  height: int = DASHBOARD_MAP_HEIGHT_PX, every_day: bool = False,
                  fill: bool = False, report: bool = True) -> dict | None:
    """Show the map component and return the date the map last reported.

    Parameters
    ----------
    token : str
        Content token from :func:`write_component_dir` (part of the
        component's name, so a new map gets a new iframe and the same map
        keeps its iframe across reruns).
    folder : Path
        The component folder holding ``index.html``.
    date : str or None
        ISO date the app wants the map to show; applied only when ``seq``
        changes.
    seq : int
        Increment to make the map move to ``date``.
    height : int
        Frame height in pixels.
    every_day : bool
        The map steps through every day (the dashboard's "Daily estimates";
        the map's own "every day" switch is hidden, so there is one switch).
    fill : bool
        Fill the browser window's height from the frame's top (the embed
        view: the map fits any iframe height its snippet gives it).
    report : bool
        Report every date change (a rerun per slider move). False in the
        in-page design while nothing on the server follows the date: the
        first report (the map is drawn) is still sent, and the page keeps
        the date in the URL, which the server reads on its next run.

    Returns
    -------
    dict or None
        The map's last report ``{"date": iso, "n": count}``, or None before
        its first report.
    """
    component = _declared(token, str(folder))
    return component(date=date, seq=int(seq), height=int(height), everyDay=bool(every_day),
                     fill=bool(fill), report=bool(report), key=widget_key(token), default=None)


@lru_cache(maxsize=64)
def _declared(token: str, folder: str):
    """The component for a map, declared once (not on every slider move)."""
    return components.declare_component(f"frontline_map_{token}", path=folder)


def widget_key(token: str) -> str:
    """The Streamlit widget key of the map component for a content token."""
    return f"map-{token}"


def map_ready(report: object) -> bool:
    """True when a component value shows that the map came up in the browser.

    Any report counts (the bridge's first one is ``{"ready": true, "n": 0}``).
    """
    return isinstance(report, dict)


# --- the in-page date panels (headline, chart marker, events) -------------------

_PANELS_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Date panels</title>
<style>
%(css)s</style>
</head><body>
<div id="dp-root"></div>
<script>
%(core)s</script>
<script>
%(script)s</script>
</body></html>
"""


def panels_page() -> str:
    """Return the panels component's ``index.html`` (its CSS and JS inlined).

    Returns
    -------
    str
        A small HTML document (no external request); the panels' data is
        fetched from ``panels.json`` next to it.
    """
    return _PANELS_HTML % {"css": _static_file("date_panels.css"),
                           "core": _static_file("date_panels_core.js"),
                           "script": _static_file("date_panels.js")}


@lru_cache(maxsize=8)
def _static_file(name: str) -> str:
    """A file of ``dashboard/static``."""
    return (resources.files("dashboard") / "static" / name).read_text(encoding="utf-8")


def write_panels_dir(panels_json: str, *, root: Path = COMPONENT_ROOT) -> tuple[str, Path]:
    """Write the panels component's folder (``index.html`` + ``panels.json``).

    Named by the content like the map's folder (:func:`write_component_dir`),
    written once, atomically, and pruned with the map folders.

    Parameters
    ----------
    panels_json : str
        :func:`dashboard.inpage.panel_json` of the timeline shown.
    root : Path
        Parent folder of the component folders.

    Returns
    -------
    (str, Path)
        The content token and the folder.
    """
    return _content_dir(root, panels_page(), "panels.json", panels_json)


def panels_component(token: str, folder: Path, *, part: str, map_token: str,
                     date: str | None, figures_note: str | None = None,
                     moved: dict[str, str] | None = None) -> None:
    """Show one part of the in-page date panels.

    Parameters
    ----------
    token : str
        Content token from :func:`write_panels_dir`.
    folder : Path
        Its folder.
    part : {"summary", "events"}
        The headline and chart, or the events list.
    map_token : str
        The map component's token: the panels follow that map's date.
    date : str or None
        The date the server knows (shown until the map is found).
    figures_note : str or None
        Whose figures the polygons use, when not all.
    moved : dict or None
        ``{"shown": iso, "text": notice}`` while the URL's date had no estimate.
    """
    component = _declared_panels(token, str(folder))
    component(part=part, mapName=f"frontline_map_{map_token}", date=date,
              figuresNote=figures_note or "", moved=moved, key=f"panels-{part}-{token}",
              default=None)


@lru_cache(maxsize=64)
def _declared_panels(token: str, folder: str):
    """The panels component for a payload, declared once."""
    return components.declare_component(f"frontline_panels_{token}", path=folder)
