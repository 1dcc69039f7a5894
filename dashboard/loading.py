"""Where the dashboard's data comes from, built once and cached.

The dashboard reads a folder of articles (``FRONTLINE_SOURCE``, default the
bundled ``seeds/``) through :func:`geo.pipeline.build`, or the user's own
uploads through :func:`geo.ingest.read_bytes` and
:func:`geo.pipeline.build_articles`, into an :class:`~geo.pipeline.Atlas`
(one timeline per front). Everything expensive is cached in
``st.cache_resource`` (the atlas, the map page), keyed by
a content fingerprint, so a rerun for a slider move does no pipeline work and
copies nothing. Every failure becomes a :class:`DashboardError` whose message
says what went wrong and what to do; no traceback reaches the user.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib
import io
import logging
import os
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from geo.errors import FrontlineError
from geo.models import Boundaries, Problem, Timeline
from geo.pipeline import Atlas
from geo.settings import (
    ARTICLE_SUFFIXES,
    DASHBOARD_MAP_HEIGHT_PX,
    DASHBOARD_MAX_PASTE_CHARS,
    DASHBOARD_MAX_UPLOAD_BYTES,
    DASHBOARD_MAX_UPLOAD_FILES,
    DASHBOARD_SOURCE_ENV,
    SEEDS_DIR,
)

from dashboard.component import write_component_dir, write_panels_dir

LOG = logging.getLogger("frontline.dashboard")


class DashboardError(FrontlineError):
    """A failure to show to the user as a readable message (no traceback)."""


@dataclass(frozen=True)
class Source:
    """What the dashboard reads.

    Attributes
    ----------
    key : str
        Cache key naming the content (changes when the files change).
    label : str
        Shown to the user ("seeds/ (2 files)").
    folder : Path or None
        Folder of articles, when reading one.
    factory : str or None
        ``module:function`` returning an Atlas (or one Timeline), when given instead.
    """

    key: str
    label: str
    folder: Path | None = None
    factory: str | None = None


def _import_factory(spec: str) -> Callable[[], Any]:
    """Import ``module:function``; DashboardError naming ``spec`` if impossible."""
    module_name, _, func_name = spec.partition(":")
    try:
        func = getattr(importlib.import_module(module_name), func_name)
    except (ImportError, AttributeError) as exc:
        raise DashboardError(
            f"Cannot load {spec!r} ({exc}). Set {DASHBOARD_SOURCE_ENV} to a folder of "
            "articles or to module:function.") from exc
    if not callable(func):
        raise DashboardError(f"{spec!r} is not a function.")
    return func


def folder_fingerprint(folder: Path) -> str:
    """A digest of the names, sizes and modification times of the folder's files.

    Only regular files count (a named pipe is never opened); names that are
    not UTF-8 are hashed as their bytes.
    """
    h = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        try:
            if not path.is_file():
                continue
            st_ = path.stat()
        except OSError:  # vanished or unreadable: the pipeline reports it
            continue
        h.update(f"{path.name}\0{st_.st_size}\0{st_.st_mtime_ns}\n".encode(
            "utf-8", "surrogateescape"))
    return h.hexdigest()[:16]


def resolve_source(environ: dict[str, str] | None = None) -> Source:
    """Work out what to read from ``FRONTLINE_SOURCE`` (default: the seeds).

    Parameters
    ----------
    environ : dict, optional
        Environment to read (default ``os.environ``).

    Returns
    -------
    Source

    Raises
    ------
    DashboardError
        When the folder does not exist or holds no articles.
    """
    env = os.environ if environ is None else environ
    raw = env.get(DASHBOARD_SOURCE_ENV, "").strip()
    if raw and ":" in raw and not Path(raw).exists():
        return Source(key=f"factory:{raw}", label=raw, factory=raw)
    folder = Path(raw).expanduser() if raw else SEEDS_DIR
    if not folder.is_absolute():
        folder = (Path.cwd() / folder).resolve()
    if not folder.is_dir():
        raise DashboardError(
            f"The article folder {str(folder)!r} does not exist. Set {DASHBOARD_SOURCE_ENV} "
            "to a folder of .txt/.md/.html articles, or unset it to use the bundled seeds.")
    n = sum(1 for p in folder.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES)
    if n == 0:
        raise DashboardError(
            f"The folder {str(folder)!r} holds no articles (.txt, .md, .html). Add some or "
            f"point {DASHBOARD_SOURCE_ENV} at another folder.")
    return Source(key=f"dir:{folder}:{folder_fingerprint(folder)}",
                  label=f"{folder.name}/ ({n} article file{'s' if n != 1 else ''})",
                  folder=folder)


def atlas_of(timeline: Timeline) -> Atlas:
    """A one-front atlas holding ``timeline`` (for factories and tests)."""
    return Atlas(timelines=(timeline,), articles=timeline.articles,
                 problems=timeline.problems, claims=timeline.claims, places=timeline.places,
                 theaters=(timeline.theater,))


def theaters() -> tuple:
    """The fronts the dashboard knows (the shipped packs and ``FRONTLINE_THEATERS``)."""
    from geo.theater import available_theaters

    return available_theaters()


@st.cache_resource(show_spinner=False, max_entries=8)
def _load_source(key: str, _source: Source) -> Atlas:
    if _source.factory:
        result = _import_factory(_source.factory)()
        if isinstance(result, Timeline):
            return atlas_of(result)
        if not isinstance(result, Atlas):
            raise DashboardError(f"{_source.factory!r} did not return an Atlas or a Timeline.")
        return result
    from geo import pipeline

    return pipeline.build(_source.folder, theaters())


def load_atlas(source: Source) -> Atlas:
    """Build (once; then from the cache) the timelines of ``source``, one per front.

    Raises
    ------
    DashboardError
        When the pipeline fails; the message names the source.
    """
    try:
        return _load_source(source.key, source)
    except DashboardError:
        raise
    except Exception as exc:  # any pipeline failure becomes a message
        LOG.exception("pipeline failed on %s", source.label)
        raise DashboardError(
            f"Could not build the map from {source.label}: {exc}. Check the files are "
            "news articles in text, Markdown or HTML.") from exc


#: Suffix of the cache key of a timeline's every-day variant.
EVERY_DAY_SUFFIX = ":every-day"
#: Prefix of the cache-key suffix naming whose area figures a variant uses.
FIGURES_SUFFIX = ":figures="


#: Prefix of the cache-key suffix naming the figures the user keeps or leaves out.
OVERRIDES_SUFFIX = ":overrides="
#: No figure kept despite the checks, none left out: (keep, drop).
NO_OVERRIDES: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())


def _rebuild(timeline: Timeline, every_day: bool, claimant_types: tuple[str, ...] | None,
             overrides: tuple[tuple[str, ...], tuple[str, ...]] = NO_OVERRIDES) -> Timeline:
    """The same front rebuilt from its own stories, with other options."""
    from geo import pipeline

    fronts = tuple(dict.fromkeys((timeline.theater, *_known_theaters())))
    atlas = pipeline.build_articles(timeline.articles, timeline.problems, fronts,
                                    every_day=every_day, claimant_types=claimant_types,
                                    keep_figures=overrides[0], drop_figures=overrides[1])
    try:
        return atlas.timeline(timeline.theater.slug)
    except KeyError:  # no story of the front is left: an empty timeline says so
        return dataclasses.replace(timeline, polygons=())


def _known_theaters() -> tuple:
    try:
        return theaters()
    except Exception:  # a broken extra pack must not stop a rebuild
        LOG.exception("theatre packs failed")
        return ()


@st.cache_resource(show_spinner="Building the daily estimates (every day between reports)…",
                   max_entries=4)
def _every_day(key: str, _timeline: Timeline, claimant_types: tuple[str, ...] | None,
               overrides: tuple[tuple[str, ...], tuple[str, ...]] = NO_OVERRIDES) -> Timeline:
    return _rebuild(_timeline, True, claimant_types, overrides)


@st.cache_resource(show_spinner="Redrawing the map from the chosen figures…", max_entries=8)
def _filtered(key: str, _timeline: Timeline, claimant_types: tuple[str, ...] | None,
              overrides: tuple[tuple[str, ...], tuple[str, ...]] = NO_OVERRIDES) -> Timeline:
    return _rebuild(_timeline, False, claimant_types, overrides)


def can_build_every_day(source: Source, user_timeline: bool) -> bool:
    """True when variants of the timeline can be built (from articles, not a factory).

    Both the every-day estimates and the choice of whose figures to use
    rebuild the timeline from its articles.
    """
    return user_timeline or source.factory is None


def variant_key(key: str, *, every_day: bool = False,
                claimant_types: tuple[str, ...] | None = None,
                overrides: tuple[tuple[str, ...], tuple[str, ...]] = NO_OVERRIDES) -> str:
    """Cache key of a variant of the timeline ``key``."""
    if claimant_types is not None:
        key += FIGURES_SUFFIX + ",".join(claimant_types)
    if overrides != NO_OVERRIDES:
        key += OVERRIDES_SUFFIX + "+".join(overrides[0]) + "-" + "-".join(overrides[1])
    return key + (EVERY_DAY_SUFFIX if every_day else "")


def variant_timeline(key: str, timeline: Timeline, *, every_day: bool = False,
                     claimant_types: tuple[str, ...] | None = None,
                     overrides: tuple[tuple[str, ...], tuple[str, ...]] = NO_OVERRIDES
                     ) -> tuple[Timeline, str]:
    """A variant of a timeline: every day, only some claimants' figures, the user's say.

    Rebuilds the timeline from its own articles through
    :func:`geo.pipeline.build_articles` (``every_day=True`` takes a few
    seconds on the seeds, so only on request) and caches it by its variant
    key; a spinner shows while it is built. The default (report dates, all
    figures) is ``timeline`` itself: nothing is rebuilt, and switching back
    costs nothing.

    Parameters
    ----------
    key : str
        Cache key of ``timeline``.
    timeline : Timeline
        The timeline with polygons on report dates from all figures.
    every_day : bool
        A polygon for every day between the first and last date.
    claimant_types : tuple of str, optional
        Use only area figures from these claimant types (None: all). The
        result has no polygons (and a warning problem) when they gave no
        dated area figure.
    overrides : (tuple of str, tuple of str)
        Claim ids of figures to draw despite the consistency checks, and of
        figures to leave out.

    Returns
    -------
    (Timeline, str)
        The variant and its cache key.

    Raises
    ------
    DashboardError
        When the pipeline fails.
    """
    if not every_day and claimant_types is None and overrides == NO_OVERRIDES:
        return timeline, key
    v_key = variant_key(key, every_day=every_day, claimant_types=claimant_types,
                        overrides=overrides)
    try:
        if every_day:
            return _every_day(v_key, timeline, claimant_types, overrides), v_key
        return _filtered(v_key, timeline, claimant_types, overrides), v_key
    except Exception as exc:  # any pipeline failure becomes a message
        LOG.exception("variant build failed for %s", v_key)
        what = "the daily estimates" if every_day else "the map from the chosen figures"
        raise DashboardError(f"Could not build {what} ({exc}); showing the "
                             "previous view instead.") from exc


@st.cache_resource(show_spinner=False, max_entries=16)
def _map_page(key: str, tiles: bool, embed: bool, height: int, _timeline: Timeline,
              _boundaries: Boundaries) -> tuple[str, Path]:
    from geo import webmap

    document = webmap.map_html(_timeline, _boundaries, date=None, tiles=tiles,
                               show_controls=True, embed=embed)
    return write_component_dir(document, height=height)


def map_page(key: str, timeline: Timeline, boundaries: Boundaries, *, tiles: bool = False,
             embed: bool = False, height: int = DASHBOARD_MAP_HEIGHT_PX) -> tuple[str, Path]:
    """The map component's folder for a timeline (built once per key and options).

    Parameters
    ----------
    key : str
        The timeline's cache key (:attr:`Source.key` or an upload's key).
    timeline, boundaries
        What to draw.
    tiles, embed : bool
        Options of :func:`geo.webmap.map_html`.
    height : int
        Frame height in pixels.

    Returns
    -------
    (str, Path)
        Content token and component folder, for
        :func:`dashboard.component.map_component`.

    Raises
    ------
    DashboardError
    """
    try:
        token, folder = _map_page(key, tiles, embed, height, timeline, boundaries)
        if not (folder / "index.html").exists():  # temp dir cleaned since: rebuild
            _map_page.clear()
            token, folder = _map_page(key, tiles, embed, height, timeline, boundaries)
        return token, folder
    except Exception as exc:
        LOG.exception("map page failed")
        raise DashboardError(f"Could not draw the map ({exc}).") from exc


@st.cache_resource(show_spinner=False, max_entries=16)
def _panels_dir(key: str, units: str, _timeline: Timeline) -> tuple[str, Path]:
    from dashboard.inpage import panel_data, panel_json

    return write_panels_dir(panel_json(panel_data(_timeline, units)))  # type: ignore[arg-type]


def panels_dir(key: str, timeline: Timeline, units: str) -> tuple[str, Path]:
    """The in-page date panels' folder for a timeline and units (built once per key).

    Parameters
    ----------
    key : str
        The timeline's cache key.
    timeline : Timeline
        What the panels show.
    units : {"km2", "sqmi"}
        The headline's first unit and the chart's.

    Returns
    -------
    (str, Path)
        Content token and folder, for :func:`dashboard.component.panels_component`.

    Raises
    ------
    DashboardError
    """
    try:
        token, folder = _panels_dir(key, units, timeline)
        if not (folder / "index.html").exists():  # temp dir cleaned since: rebuild
            _panels_dir.clear()
            token, folder = _panels_dir(key, units, timeline)
        return token, folder
    except Exception as exc:
        LOG.exception("date panels failed")
        raise DashboardError(f"Could not prepare the panels ({exc}).") from exc


# --- the user's own articles ----------------------------------------------

@dataclass(frozen=True)
class Upload:
    """One file (or pasted text) the user gave, before validation."""

    name: str
    data: bytes


@dataclass(frozen=True)
class UploadOutcome:
    """Result of building the timelines from the user's articles.

    Attributes
    ----------
    atlas : Atlas or None
        None when nothing usable was read (what is loaded stays).
    key : str
        Cache key of the new timeline (content digest).
    messages : tuple of str
        Readable problems (files read with warnings or not read at all), and
        why the map did not change when it did not.
    used : tuple of str
        Names of the files whose articles were read (never a rejected one).
    problems : tuple of Problem
        What reading the new files met (each names its file).
    """

    atlas: Atlas | None
    key: str
    messages: tuple[str, ...] = ()
    used: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class UploadNotice:
    """What the user's last upload did, shown until they dismiss it.

    Attributes
    ----------
    headline : str
        "Map rebuilt from ...", or why the map was not changed.
    changed : bool
        True when the map now shows the uploaded articles.
    rejected : tuple of Problem
        Files (or pasted text) refused before reading: type, size, emptiness.
    problems : tuple of Problem
        What reading the other files met (every one names its file).
    """

    headline: str
    changed: bool
    rejected: tuple[Problem, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def details(self) -> tuple[Problem, ...]:
        """Rejections, then reading problems."""
        return self.rejected + self.problems


def validate_uploads(uploads: Sequence[Upload]) -> tuple[list[Upload], list[str]]:
    """Split uploads into acceptable ones and readable rejection messages.

    A file is rejected when its type is not an article type, it is empty, or
    it is larger than the upload limit; more than the allowed number of files
    is refused outright.

    Returns
    -------
    (list of Upload, list of str)
        Each message starts with the file's name.
    """
    ok, rejected = check_uploads(uploads)
    return ok, [p.message for p in rejected]


def check_uploads(uploads: Sequence[Upload]) -> tuple[list[Upload], list[Problem]]:
    """:func:`validate_uploads`, with each rejection as a Problem naming its file."""
    from geo.ingest import display_name

    if len(uploads) > DASHBOARD_MAX_UPLOAD_FILES:
        return [], [Problem("(uploads)", f"{len(uploads)} files given; at most "
                            f"{DASHBOARD_MAX_UPLOAD_FILES} can be read at once. Upload fewer "
                            "files.")]
    ok: list[Upload] = []
    rejected: list[Problem] = []
    limit_mb = DASHBOARD_MAX_UPLOAD_BYTES / 1_000_000
    for up in uploads:
        name = display_name(up.name)
        suffix = Path(name).suffix.lower()
        if suffix not in ARTICLE_SUFFIXES:
            why = (f"not an article file ({suffix or 'no extension'}); use "
                   f"{', '.join(ARTICLE_SUFFIXES)}.")
        elif not up.data.strip():
            why = "the file is empty."
        elif len(up.data) > DASHBOARD_MAX_UPLOAD_BYTES:
            why = (f"{len(up.data) / 1_000_000:.1f} MB is larger than the {limit_mb:.0f} MB "
                   "limit; split it or trim it.")
        else:
            ok.append(Upload(name, up.data))
            continue
        rejected.append(Problem(name, f"{name}: {why}"))
    return ok, rejected


def pasted_upload(text: str) -> tuple[Upload | None, str | None]:
    """Turn pasted text into an upload; (None, message) when unusable."""
    if not text or not text.strip():
        return None, None
    if len(text) > DASHBOARD_MAX_PASTE_CHARS:
        return None, (f"The pasted text is {len(text):,} characters long; at most "
                      f"{DASHBOARD_MAX_PASTE_CHARS:,} are accepted.")
    return Upload("pasted-article.txt", text.encode("utf-8", "replace")), None


def upload_key(uploads: Sequence[Upload], published: dt.date | None, keep_key: str) -> str:
    """Cache key of an upload set: digest of names, contents and options."""
    h = hashlib.sha256()
    for up in uploads:
        h.update(up.name.encode("utf-8", "surrogatepass") + b"\0"
                 + hashlib.sha256(up.data).digest())
    h.update(f"{published}\0{keep_key}".encode())
    return "upload:" + h.hexdigest()[:16]


def build_from_uploads(uploads: Sequence[Upload], *, published: dt.date | None = None,
                       keep: Atlas | None = None, keep_key: str = "",
                       progress: Callable[[float, str], None] | None = None,
                       rejected: Sequence[Problem] = ()) -> UploadOutcome:
    """Read the user's articles and run the pipeline on them.

    Parameters
    ----------
    uploads : sequence of Upload
        Files already through :func:`validate_uploads`.
    published : datetime.date, optional
        Publication date to use where a file does not give one.
    keep : Atlas, optional
        Currently loaded atlas whose articles are read together with the
        new ones.
    keep_key : str
        Cache key of ``keep`` (part of the new key).
    progress : callable, optional
        ``progress(fraction, text)`` called as the work advances.
    rejected : sequence of Problem
        Files refused before reading (:func:`check_uploads`); they are listed
        with the new atlas's problems, so the Sources tab shows them.

    Returns
    -------
    UploadOutcome
        With ``atlas=None`` (and the reasons) when nothing could be used;
        ``used`` names only files whose articles were read.
    """
    from geo import ingest, pipeline

    report = progress or (lambda _f, _t: None)
    key = upload_key(uploads, published, keep_key if keep else "")
    articles: list = list(keep.articles) if keep else []
    problems: list[Problem] = (list(keep.problems) if keep else []) + list(rejected)
    new_problems: list[Problem] = []
    used: list[str] = []
    for i, up in enumerate(uploads):
        report(0.1 + 0.4 * i / max(len(uploads), 1), f"Reading {up.name}")
        result = ingest.read_bytes(up.data, up.name, published=published)  # never raises
        articles.extend(result.articles)
        new_problems.extend(result.problems)
        if result.articles:
            used.append(result.articles[0].path)
    problems.extend(new_problems)
    messages = [p.message for p in new_problems]
    found = tuple(new_problems)
    if not used:
        messages.append("No article could be read from what was given; the map was not "
                        "changed.")
        return UploadOutcome(None, key, tuple(messages), (), found)
    report(0.5, "Finding places, dates and figures")
    try:
        atlas = pipeline.build_articles(
            articles, problems, keep.theaters if keep else theaters(),
            progress=lambda text, f: report(0.5 + 0.5 * f, text))
    except Exception as exc:
        LOG.exception("pipeline failed on uploads")
        messages.append(f"The articles could not be turned into a map ({exc}); the map was "
                        "not changed.")
        return UploadOutcome(None, key, tuple(messages), tuple(used), found)
    if not any(t.polygons for t in atlas.timelines):
        messages.append("No dated area figure (e.g. \"some 500 square miles\") was found "
                        "in these articles, so there is no area to draw; the map was not "
                        "changed.")
        return UploadOutcome(None, key, tuple(messages), tuple(used), found)
    report(1.0, "Done")
    return UploadOutcome(atlas, key, tuple(messages), tuple(used), found)


def export_zip(timeline: Timeline) -> bytes:
    """A zip of the exports (timeline.geojson, claims.csv, places.csv ...).

    Raises
    ------
    DashboardError
    """
    from geo import export

    try:
        with tempfile.TemporaryDirectory(prefix="frontline-export-") as tmp:
            written = export.write_outputs(timeline, Path(tmp))
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
                for path in sorted(Path(p) for p in written.values()):
                    zf.write(path, arcname=path.relative_to(tmp).as_posix())
            return buf.getvalue()
    except Exception as exc:
        LOG.exception("export failed")
        raise DashboardError(f"Could not prepare the download ({exc}).") from exc
