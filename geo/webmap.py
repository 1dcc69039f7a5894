"""The interactive slider map: one self-contained HTML page per timeline.

The page is a folium map (vector basemap drawn from the bundled boundaries,
optional web tiles, a scale bar) plus a small script that holds the WHOLE
timeline and swaps the held polygon and the settlement colours in the page
when the date changes, so moving the slider costs no server round trip and
never resets the view. Leaflet's script and stylesheet are inlined from the
``xstatic-leaflet`` package, so the page makes no request at all when web
tiles are off.

Everything taken from articles (place names, quotes, claimants, titles)
travels as JSON data whose ``<``, ``>`` and ``&`` are escaped, and is put
into the page with ``textContent`` only, never as HTML.

The data passed to the page is defined once, in :mod:`geo._payload`
(``MapData`` and ``MapOptions``). The page's script is two files in
``geo/static/``: ``frontline_core.js`` (pure functions: dates, slider, label
boxes, decoding, formatting; unit-tested in Node) and ``frontline_map.js``
(the Leaflet view and controls).

The page exposes ``window.frontlineMap = {setDate(iso), getDate(),
onDateChange(callback), dates, map}`` for the dashboard to bridge to.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import folium
import shapely
from branca.element import Element, Figure, MacroElement
from folium.template import Template
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geo import settings, wording
from geo._geojson import rounded_geometry
from geo._payload import STATUS_CODES, Basemap, MapData, MapOptions, Mention, Place, Region
from geo._payload import Claim as ClaimRow
from geo.caption import basis_sentence
from geo.errors import WebMapError
from geo.models import Boundaries, Claim, DatedPolygon, PlaceRecord, Resolution, Timeline
from geo.projection import km2_to_sq_mi, to_equal_area, to_wgs84

__all__ = [
    "WebMapError",
    "iframe_snippet",
    "leaflet_assets",
    "map_html",
    "write_standalone_html",
]


# --------------------------------------------------------------------------
# Static assets
# --------------------------------------------------------------------------

_SOURCE_MAP_RE = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")
_CSS_URL_RE = re.compile(r"url\((images/[\w.-]+\.png)\)")


@lru_cache(maxsize=1)
def leaflet_assets() -> tuple[str, str]:
    """Leaflet 1.9.3's script and stylesheet, read from ``xstatic-leaflet``.

    The stylesheet's images (layer-control and marker icons) are inlined as
    ``data:`` URIs and the source-map comment is dropped, so neither file
    makes a request when used inline.

    Returns
    -------
    tuple of str
        ``(javascript, css)``.

    Raises
    ------
    WebMapError
        If the ``xstatic-leaflet`` package is not installed.
    """
    base = _xstatic_dir("xstatic.pkg.leaflet")
    js = _SOURCE_MAP_RE.sub("", (base / "leaflet.js").read_text(encoding="utf-8"))
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        data = base64.b64encode((base / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return js, _CSS_URL_RE.sub(inline, css)


@lru_cache(maxsize=1)
def _jquery_js() -> str:
    """JQuery from ``xstatic-jquery`` (inlined only if the page uses it)."""
    base = _xstatic_dir("xstatic.pkg.jquery")
    return _SOURCE_MAP_RE.sub("", (base / "jquery.min.js").read_text(encoding="utf-8"))


#: The page's own scripts, inlined in this order: the pure core
#: (``window.FrontlineCore``, unit-tested in Node) before the Leaflet view.
_OWN_SCRIPTS = ("frontline_core.js", "frontline_map.js")


@lru_cache(maxsize=1)
def _own_assets() -> tuple[str, str]:
    """The map page's own scripts and stylesheet (``geo/static/``).

    Returned as ``(javascript, css)``; the scripts joined in
    :data:`_OWN_SCRIPTS` order.
    """
    static = resources.files("geo") / "static"
    js = "\n".join((static / name).read_text(encoding="utf-8") for name in _OWN_SCRIPTS)
    return js, (static / "frontline_map.css").read_text(encoding="utf-8")


def _xstatic_dir(module: str) -> Path:
    try:
        mod = __import__(module, fromlist=["BASE_DIR"])
    except ImportError as exc:  # pragma: no cover - dependency missing
        dist = module.split(".")[-1]
        raise WebMapError(f"the package xstatic-{dist} is not installed; "
                          f"install it to build the offline map") from exc
    return Path(mod.BASE_DIR)


# --------------------------------------------------------------------------
# Geometry: simplify, round, polyline-encode
# --------------------------------------------------------------------------

def _simplify(geom: BaseGeometry, tolerance_m: float, crs: str) -> BaseGeometry:
    """Simplify a WGS84 geometry with a tolerance in metres (measured in ``crs``)."""
    if geom.is_empty or tolerance_m <= 0:
        return geom
    simple = to_equal_area(geom, crs).simplify(tolerance_m, preserve_topology=True)
    out = to_wgs84(simple, crs)
    return shapely.set_precision(out, 10 ** -settings.WEBMAP_COORD_DECIMALS) \
        if isinstance(out, (Polygon, MultiPolygon)) else out


def _encode_polyline(coords: Iterable[Sequence[float]],
                     precision: int = settings.WEBMAP_COORD_DECIMALS) -> str:
    """Google polyline encoding of (lon, lat) coordinates, as (lat, lon).

    Parameters
    ----------
    coords : iterable of (lon, lat)
        Shapely order.
    precision : int
        Decimal places kept.

    Returns
    -------
    str
        The encoded string (ASCII 63-126, safe inside JSON and HTML).
    """
    factor = 10 ** precision
    out: list[str] = []
    prev_lat = prev_lon = 0
    for lon, lat, *_ in coords:
        ilat, ilon = round(lat * factor), round(lon * factor)
        for delta in (ilat - prev_lat, ilon - prev_lon):
            value = ~(delta << 1) if delta < 0 else delta << 1
            while value >= 0x20:
                out.append(chr((0x20 | (value & 0x1F)) + 63))
                value >>= 5
            out.append(chr(value + 63))
        prev_lat, prev_lon = ilat, ilon
    return "".join(out)


def _decode_polyline(text: str, precision: int = settings.WEBMAP_COORD_DECIMALS
                     ) -> list[tuple[float, float]]:
    """Inverse of :func:`_encode_polyline`: a list of (lat, lon)."""
    factor = 10 ** precision
    coords: list[tuple[float, float]] = []
    index = lat = lon = 0
    while index < len(text):
        deltas = []
        for _ in range(2):
            shift = result = 0
            while True:
                byte = ord(text[index]) - 63
                index += 1
                result |= (byte & 0x1F) << shift
                shift += 5
                if byte < 0x20:
                    break
            deltas.append(~(result >> 1) if result & 1 else result >> 1)
        lat += deltas[0]
        lon += deltas[1]
        coords.append((lat / factor, lon / factor))
    return coords


def _encode_polygons(geom: BaseGeometry) -> list[list[str]]:
    """Encode a (Multi)Polygon as ``[[outer, hole, ...], ...]`` polylines."""
    if geom.is_empty:
        return []
    parts = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    out = []
    for part in parts:
        if not isinstance(part, Polygon) or part.is_empty:
            continue
        rings = [part.exterior, *part.interiors]
        # Leaflet closes rings itself: drop the repeated last vertex.
        out.append([_encode_polyline(list(r.coords)[:-1]) for r in rings])
    return out


def _feature(geom: BaseGeometry, **props: Any) -> dict[str, Any]:
    return {"type": "Feature", "properties": props,
            "geometry": rounded_geometry(geom, settings.WEBMAP_COORD_DECIMALS)}


# --------------------------------------------------------------------------
# Text helpers (plain text only: the page inserts it with textContent)
# --------------------------------------------------------------------------

def _clip(text: str, limit: int = settings.WEBMAP_MAX_QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _fmt_day(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _claim_when(claim: Claim) -> str:
    """The claim's date with its precision, e.g. ``2024-08 (month, "in August")``."""
    if claim.date is None:
        return "undated"
    rd = claim.date
    label = rd.iso() if rd.precision == "day" else f"{rd.iso()} ({rd.precision})"
    if rd.text:
        label += f', \u201c{_clip(rd.text, 60)}\u201d'
    if rd.inferred:
        label += ", inferred"
    return label


_JINJA_OPEN_RE = re.compile(r"\{(?=[{%#])")


def _json_for_script(obj: Any) -> str:
    """JSON safe to place inside a ``<script>`` element (and Jinja output)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=False,
                      allow_nan=False)
    text = (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    # folium re-renders a MacroElement's script output as a Jinja template:
    # neutralise "{{", "{%" and "{#" (they only occur inside JSON strings).
    return _JINJA_OPEN_RE.sub(r"\\u007b", text)


# --------------------------------------------------------------------------
# The data the page holds
# --------------------------------------------------------------------------



def _is_report_date(poly: DatedPolygon, claims: dict[str, Claim]) -> bool:
    """True when a report falls on the polygon's date.

    That is a reported figure (basis ``reported``) or one of its claims dated
    that day (an event; for a range, its middle day, as the timeline does).
    Interpolated days of an every-day timeline also cite the figures they
    are interpolated from, so citing claims is not enough.
    """
    if poly.basis == "reported":
        return True
    for cid in poly.claim_ids:
        claim = claims.get(cid)
        if claim is not None and claim.date is not None and claim.date.mid == poly.date:
            return True
    return False


class _ClaimTable:
    """The claims the page cites, each row made once, numbered in the order first cited."""

    def __init__(self, timeline: Timeline) -> None:
        self.articles = {a.source_id: a for a in timeline.articles}
        self.claims = {c.claim_id: c for c in timeline.claims}
        self.index: dict[str, int] = {}
        self.rows: list[ClaimRow] = []

    def ref(self, claim_id: str) -> int | None:
        """The claim's row number (its row added on first use); None for an unknown id."""
        if claim_id in self.index:
            return self.index[claim_id]
        claim = self.claims.get(claim_id)
        if claim is None:
            return None
        self.index[claim_id] = len(self.rows)
        self.rows.append({
            "quote": _clip(claim.quote),
            "claimant": claim.claimant,
            "claimantType": claim.claimant_type,
            "dateText": _claim_when(claim),
            "dateStart": claim.date.start.isoformat() if claim.date else None,
            "source": self._source(claim),
            "hedged": int(claim.hedged),
            "negated": int(claim.negated),
        })
        return self.index[claim_id]

    def refs(self, claim_ids: Iterable[str]) -> list[int]:
        """Row numbers of the known claims among ``claim_ids``, in their order."""
        return [r for r in (self.ref(cid) for cid in claim_ids) if r is not None]

    def _source(self, claim: Claim) -> str:
        """Outlet, title, publication date and file of a claim, as one line."""
        art = self.articles.get(claim.source_id)
        src_bits = []
        if art is not None and art.outlet:
            src_bits.append(art.outlet)
        if art is not None and art.title:
            src_bits.append(f"\u201c{_clip(art.title, 160)}\u201d")
        if art is not None and art.published:
            src_bits.append(f"published {art.published.isoformat()}"
                            + (" (inferred)" if art.published_inferred else ""))
        src_bits.append(claim.source)
        return " \u00b7 ".join(src_bits)


def _geometry_table(polygons: Sequence[DatedPolygon], crs: str
                    ) -> tuple[list[list[list[str]]], list[int], DatedPolygon | None]:
    """Unique encoded polygons, each date's index into them (-1: empty), the largest polygon."""
    geoms: list[list[list[str]]] = []
    geom_key: dict[str, int] = {}
    g_idx: list[int] = []
    peak_poly: DatedPolygon | None = None
    for poly in polygons:
        enc = _encode_polygons(_simplify(poly.geometry, settings.WEBMAP_SIMPLIFY_TOLERANCE_M, crs))
        if not enc:
            g_idx.append(-1)
        else:
            key = json.dumps(enc)
            if key not in geom_key:
                geom_key[key] = len(geoms)
                geoms.append(enc)
            g_idx.append(geom_key[key])
        if not poly.geometry.is_empty and (peak_poly is None or poly.area_km2 > peak_poly.area_km2):
            peak_poly = poly
    return geoms, g_idx, peak_poly


def _place_row(p: PlaceRecord, res: Resolution, table: _ClaimTable) -> Place:
    """One marker: the place, where it was located, the claims and sentences naming it."""
    refs = table.refs(p.claim_ids)
    refs.sort(key=lambda r: (table.rows[r]["dateStart"] or "9999", r))
    mentions: list[Mention] = []
    for m in p.mentions[:3]:
        art = table.articles.get(m.source_id)
        mentions.append({"quote": _clip(m.quote),
                         "source": " \u00b7 ".join(b for b in (
                             art.outlet if art else None, m.source) if b)})
    return {
        "name": p.name,
        "resolvedName": res.resolved_name,
        "lat": round(res.lat, settings.WEBMAP_COORD_DECIMALS),
        "lon": round(res.lon, settings.WEBMAP_COORD_DECIMALS),
        "admin": ", ".join(x for x in (res.admin2, res.admin1) if x),
        "locatedBy": f"{res.provider}, {res.method}",
        "claimRefs": refs,
        "mentions": mentions,
    }


def _status_rows(polygons: Sequence[DatedPolygon],
                 places: Sequence[tuple[PlaceRecord, Resolution]]) -> list[str]:
    """Per date, one status letter per place (by its name or its resolved name)."""
    names = {p.name: i for i, (p, _res) in enumerate(places)}
    names.update({res.resolved_name: i for i, (_p, res) in enumerate(places)
                  if res.resolved_name not in names})
    rows = []
    for poly in polygons:
        codes = ["u"] * len(places)
        for name, status in poly.place_status:
            if name in names:
                codes[names[name]] = STATUS_CODES.get(status, "u")
        rows.append("".join(codes))
    return rows


def _timeline_payload(timeline: Timeline) -> tuple[MapData, BaseGeometry | None]:
    """The timeline as compact JSON-ready data, and the peak-extent geometry.

    Returns
    -------
    payload : MapData
        See :mod:`geo._payload`; ``basemap`` and ``bounds`` are filled in by
        :func:`map_html`.
    peak : shapely geometry or None
        The largest polygon of the timeline (simplified), or None.
    """
    table = _ClaimTable(timeline)
    polygons = sorted(timeline.polygons, key=lambda p: p.date)
    geoms, g_idx, peak_poly = _geometry_table(polygons, timeline.theater.crs)
    # Places shown as markers: resolved settlements (regions are not points).
    places = [(p, p.resolution) for p in timeline.places
              if p.resolution is not None and p.resolution.kind != "region"]
    place_rows = [_place_row(p, res, table) for p, res in places]
    payload: MapData = {
        "dates": [p.date.isoformat() for p in polygons],
        "hasReport": [int(_is_report_date(p, table.claims)) for p in polygons],
        "geometries": geoms,
        "geometryIndex": g_idx,
        "areaKm2": [round(p.target_km2, 1) for p in polygons],
        "areaSqMi": [round(km2_to_sq_mi(p.target_km2), 1) for p in polygons],
        "basis": [p.basis for p in polygons],
        "areaText": [f"{wording.polygon_area(p)} · {wording.polygon_area(p, 'sqmi')}"
                     for p in polygons],
        "basisText": [wording.basis_label(p) for p in polygons],
        "basisWhy": [_clip(basis_sentence(timeline, p), 400) for p in polygons],
        "dateClaims": [table.refs(p.claim_ids) for p in polygons],
        "dateNotes": [[_clip(n, 300) for n in p.notes] for p in polygons],
        "places": place_rows,
        "placeStatus": _status_rows(polygons, places),
        "claims": table.rows,
        "unresolvedCount": sum(1 for p in timeline.places if p.resolution is None),
        "basemap": {"regions": [], "townLabels": [], "zoomPopulation": []},
        "bounds": [],
    }
    peak = None
    if peak_poly is not None:
        peak = _simplify(peak_poly.geometry, settings.WEBMAP_SIMPLIFY_TOLERANCE_M,
                         timeline.theater.crs)
        payload["peak"] = {"date": peak_poly.date.isoformat()}
    return payload, peak


def _basemap_payload(boundaries: Boundaries, theater: Sequence[str],
                     places: Sequence[Place]) -> Basemap:
    """Region name points and town labels for the offline basemap.

    Town labels at or near a settlement marker (same name, or closer than
    ``WEBMAP_LABEL_DEDUP_M``) are dropped: the marker has its own label.
    """
    place_points = [(p["lat"], p["lon"]) for p in places]
    place_names = {n.casefold() for p in places for n in (p["name"], p["resolvedName"])}
    regions: list[Region] = []
    for r in boundaries.regions:
        if r.geometry.is_empty:
            continue
        pt = r.geometry.representative_point()
        regions.append({"name": r.name, "lat": round(pt.y, 4), "lon": round(pt.x, 4),
                        "isTheater": int(r.id in theater)})
    labels: list[list[str | float | int]] = []
    cos = math.cos(math.radians(51.0))
    dedup_deg = settings.WEBMAP_LABEL_DEDUP_M / 111_320.0
    for lab in sorted(boundaries.labels, key=lambda x: (-x.population, x.name)):
        if lab.name.casefold() in place_names or any(
                abs(lab.lat - la) < dedup_deg and abs(lab.lon - lo) * cos < dedup_deg
                for la, lo in place_points):
            continue
        labels.append([lab.name, round(lab.lat, 4), round(lab.lon, 4), lab.population])
    return {"regions": regions, "townLabels": labels,
            "zoomPopulation": [list(x) for x in settings.WEBMAP_LABEL_ZOOM_POPULATION]}


def _credits(boundaries: Boundaries) -> list[str]:
    seen: list[str] = []
    for line in (*boundaries.credits, *settings.WEBMAP_CREDITS):
        line = " ".join(str(line).split())
        if line and line not in seen:
            seen.append(line)
    return seen


def _view_bounds(timeline: Timeline, boundaries: Boundaries) -> list[list[float]]:
    """[[south, west], [north, east]] framing every date's polygon.

    Without polygons: the located places; without those, the theatre region.
    (Places far from the polygons, e.g. a regional capital named in passing,
    do not widen the first view; they are one zoom-out away.)
    """
    geoms = [p.geometry for p in timeline.polygons if not p.geometry.is_empty]
    if not geoms:
        geoms = [shapely.Point(p.resolution.lon, p.resolution.lat) for p in timeline.places
                 if p.resolution is not None and p.resolution.kind != "region"]
    if not geoms:
        ids = set(timeline.theater.region_ids)
        geoms = ([r.geometry for r in boundaries.regions if r.id in ids]
                 or [r.geometry for r in boundaries.regions] or [boundaries.border])
    minx, miny, maxx, maxy = shapely.GeometryCollection(geoms).bounds
    if any(math.isnan(v) for v in (minx, miny, maxx, maxy)):
        raise WebMapError("nothing to frame: the timeline has no polygons or places "
                          "and the boundaries are empty")
    # At least ~40 km across so a tiny area keeps its context.
    half = 0.2
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    minx, maxx = min(minx, cx - half), max(maxx, cx + half)
    miny, maxy = min(miny, cy - half * 0.62), max(maxy, cy + half * 0.62)
    return [[round(miny, 4), round(minx, 4)], [round(maxy, 4), round(maxx, 4)]]


# --------------------------------------------------------------------------
# Folium elements
# --------------------------------------------------------------------------

class _InlineAssets(Element):
    """Leaflet (and optionally jQuery) script + stylesheets, inlined in <head>."""

    _template = Template(
        "<style>{{ this.leaflet_css }}</style>\n"
        "<style>{{ this.own_css }}</style>\n"
        "<script>{{ this.leaflet_js }}</script>\n"
        "{% if this.jquery_js %}<script>{{ this.jquery_js }}</script>\n{% endif %}"
        "<script>{{ this.own_js }}</script>\n"
    )

    def __init__(self, jquery: bool = False) -> None:
        super().__init__()
        self._name = "InlineAssets"
        self.leaflet_js, self.leaflet_css = leaflet_assets()
        self.own_js, self.own_css = _own_assets()
        self.jquery_js = _jquery_js() if jquery else ""


class _FrontlineControls(MacroElement):
    """Holds the timeline and wires the in-page date controls to the map."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        FrontlineMapLib.init({{ this._parent.get_name() }},
            {{ this.data_json }},
            {{ this.opts_json }},
            {
            {%- for key, layer in this.layer_refs %}
                {{ key|tojson }}: {{ layer.get_name() }},
            {%- endfor %}
            });
        {% endmacro %}
    """)

    def __init__(self, data_json: str, opts_json: str,
                 layer_refs: Sequence[tuple[str, Element]]) -> None:
        super().__init__()
        self._name = "FrontlineControls"
        self.data_json = data_json
        self.opts_json = opts_json
        self.layer_refs = list(layer_refs)


def _walk(element: Element) -> Iterable[Element]:
    yield element
    for part in ("header", "html", "script"):
        sub = getattr(element, part, None)
        if isinstance(element, Figure) and isinstance(sub, Element):
            yield from _walk(sub)
    for child in element._children.values():
        yield from _walk(child)


def _stabilise_ids(root: Element) -> None:
    """Replace branca's random element ids by sequence numbers (same input, same bytes)."""
    for i, element in enumerate(_walk(root)):
        element._id = f"fm{i:03d}"


def _style(**kw: Any) -> Any:
    return lambda _feature: dict(kw)


# --------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------

def map_html(timeline: Timeline, boundaries: Boundaries, *, date: dt.date | None = None,
             tiles: bool = False, show_controls: bool = True, embed: bool = False,
             height: str = "100%") -> str:
    """Render the timeline as one self-contained interactive HTML page.

    Parameters
    ----------
    timeline : Timeline
        Polygons (one per date), claims and places, as built by the pipeline.
    boundaries : Boundaries
        Oblasts, the state border, basemap labels and data credits.
    date : datetime.date, optional
        Date shown first: the timeline date on or before it (the first date
        if it is earlier than all). Default: the latest date. A ``#date=ISO``
        fragment in the page's URL overrides it at load time.
    tiles : bool
        Add web tiles (CARTO light, OpenStreetMap) under the map. Off by
        default: the page then makes no request at all and draws a vector
        basemap from ``boundaries``.
    show_controls : bool
        Show the slider, previous/next and play controls (the date can
        always be set through ``window.frontlineMap.setDate``).
    embed : bool
        Chrome-free: no title block, legend folded into a button, no layer
        switcher. (Without it the legend is also folded while the map is
        narrower than ``settings.WEBMAP_COMPACT_WIDTH_PX``.)
    height : str
        CSS height of the map (``"100%"``, ``"600px"``).

    Returns
    -------
    str
        A complete HTML document; the same input gives the same bytes.

    Raises
    ------
    WebMapError
        If ``height`` is not a CSS length or nothing can be framed.
    """
    if not re.fullmatch(r"\d+(\.\d+)?(px|%|vh|em|rem)", str(height).strip()):
        raise WebMapError(f"height {height!r} is not a CSS length such as '100%' or '600px'")
    payload, peak = _timeline_payload(timeline)
    theater = timeline.theater
    crs = theater.crs
    payload["basemap"] = _basemap_payload(boundaries, theater.region_ids, payload["places"])
    payload["bounds"] = _view_bounds(timeline, boundaries)
    theater_name = theater.region_name
    side_adj = theater.holder_adjective
    dates = payload["dates"]
    start_index = len(dates) - 1
    if date is not None and dates:
        iso = date.isoformat()
        earlier = [i for i, d in enumerate(dates) if d <= iso]
        start_index = earlier[-1] if earlier else 0

    colors = settings.WEBMAP_COLORS
    opts: MapOptions = {
        "startIndex": start_index,
        "showControls": bool(show_controls),
        "embed": bool(embed),
        "tiles": bool(tiles),
        "side": timeline.side,
        "sideAdjective": side_adj,
        "theaterName": theater_name,
        "colors": colors,
        "attribution": html.escape(settings.WEBMAP_ATTRIBUTION),
        "credits": _credits(boundaries),
        "playIntervalMs": settings.WEBMAP_PLAY_INTERVAL_MS,
        "compactWidthPx": settings.WEBMAP_COMPACT_WIDTH_PX,
        "coordDecimals": settings.WEBMAP_COORD_DECIMALS,
    }

    (s, w), (n, e) = payload["bounds"]
    fmap = folium.Map(
        location=[round((s + n) / 2, 4), round((w + e) / 2, 4)], zoom_start=9,
        tiles=None, control_scale=True, height=height, width="100%",
        min_zoom=settings.WEBMAP_MIN_ZOOM,
        max_zoom=settings.WEBMAP_MAX_ZOOM_TILES if tiles else settings.WEBMAP_MAX_ZOOM,
        zoom_snap=0.25, zoom_delta=0.5, fade_animation=False,
    )
    fmap.default_js = []
    fmap.default_css = []
    root = fmap.get_root()
    assert isinstance(root, Figure)
    root.title = html.escape(f"{side_adj}-held ground in {theater_name} (estimate)")

    layer_refs: list[tuple[str, Element]] = []
    if tiles:
        for i, (name, url, attr) in enumerate(settings.WEBMAP_TILES):
            tile = folium.TileLayer(url, attr=attr, name=name, show=(i == 0),
                                    max_zoom=settings.WEBMAP_MAX_ZOOM_TILES)
            tile.add_to(fmap)
            layer_refs.append((f"tile:{name}", tile))

    regions = []
    for r in boundaries.regions:
        g = _simplify(r.geometry, settings.WEBMAP_BASEMAP_SIMPLIFY_M, crs)
        if g.is_empty:
            continue
        home = _country(boundaries, theater.region_ids[0])
        role = "theater" if r.id in theater.region_ids else (
            "same" if r.country == home else "neighbour")
        regions.append(_feature(g, role=role))
    if regions:
        fill = {"theater": colors["land_theater"], "same": colors["land_other"],
                "neighbour": colors["land_neighbour"]}
        folium.GeoJson(
            {"type": "FeatureCollection", "features": regions}, name="Oblasts",
            style_function=lambda f: {
                "fillColor": fill[f["properties"]["role"]],
                "fillOpacity": 0.0 if tiles else 1.0, "color": colors["oblast_line"],
                "weight": 1.0, "opacity": 0.9},
            interactive=False, control=False,
        ).add_to(fmap)
    border = _simplify(boundaries.border, settings.WEBMAP_BASEMAP_SIMPLIFY_M / 2, crs)
    if not border.is_empty and isinstance(border, (LineString, MultiLineString)):
        # The border is drawn above the held area (pane z 415 > the page's
        # "fmHeld" pane, 410), so it stays visible where the area runs along it.
        folium.map.CustomPane("fmBorder", z_index=415).add_to(fmap)
        border_layer = folium.GeoJson(
            _feature(border, role="border"), name="State border",
            style_function=_style(color=colors["border"], weight=2.2, opacity=0.9,
                                  dashArray="7 3 2 3", fill=False),
            interactive=False, control=False, pane="fmBorder")
        border_layer.add_to(fmap)
    if peak is not None and not peak.is_empty:
        peak_layer = folium.GeoJson(
            _feature(peak, role="peak"), name="Peak extent",
            style_function=_style(color=colors["peak_edge"], weight=1.4, opacity=0.75,
                                  dashArray="4 4", fillColor=colors["held_fill"],
                                  fillOpacity=0.05),
            interactive=False, control=False)
        peak_layer.add_to(fmap)
        layer_refs.append(("peak", peak_layer))

    _FrontlineControls(_json_for_script(payload), _json_for_script(opts),
                       layer_refs).add_to(fmap)
    root.header.add_child(_InlineAssets(jquery=False), name="inline_assets")
    _stabilise_ids(root)
    out = root.render()
    if _uses_jquery(out):
        # Some folium feature needs jQuery: inline it too (still offline).
        root.header.add_child(_InlineAssets(jquery=True), name="inline_assets")
        out = root.render()
    return out


def _country(boundaries: Boundaries, region_id: str) -> str | None:
    try:
        return boundaries.region(region_id).country
    except KeyError:
        return None


def _uses_jquery(page: str) -> bool:
    """True when a folium template in ``page`` calls jQuery (``$(`` / ``jQuery``)."""
    script = page.rsplit("</body>", 1)[-1]
    return "$(" in script or "jQuery" in script


def write_standalone_html(timeline: Timeline, boundaries: Boundaries, out: Path, *,
                          date: dt.date | None = None, tiles: bool = False) -> int:
    """Write the interactive map as one HTML file for wikis and briefings.

    Parameters
    ----------
    timeline, boundaries, date, tiles
        As for :func:`map_html`.
    out : Path
        File to write (parent directories are created).

    Returns
    -------
    int
        Bytes written.
    """
    page = map_html(timeline, boundaries, date=date, tiles=tiles, show_controls=True,
                    embed=False, height="100%").encode("utf-8")
    out = Path(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(page)
    except OSError as exc:
        raise WebMapError(f"could not write the map to {str(out)!r}: {exc.strerror}") from exc
    return len(page)


def iframe_snippet(src: str, *, title: str, height: int = 600) -> str:
    """An ``<iframe>`` to paste into a wiki or CMS.

    Parameters
    ----------
    src : str
        URL of the standalone HTML file or of the live app's ``?embed=true``
        view.
    title : str
        Accessible title of the frame.
    height : int
        Height in pixels (width is 100%).

    Returns
    -------
    str
        The snippet, with every attribute value escaped.

    Raises
    ------
    WebMapError
        If ``src`` is a ``javascript:`` / ``data:`` URL or ``height`` is not a
        positive integer.
    """
    if re.match(r"\s*(javascript|data|vbscript):", src, flags=re.IGNORECASE):
        raise WebMapError(f"refusing to embed {src[:40]!r}: only http(s) or relative URLs")
    if isinstance(height, bool) or not isinstance(height, int) or height <= 0:
        raise WebMapError(f"iframe height must be a positive number of pixels, got {height!r}")
    return (f'<iframe src="{html.escape(src, quote=True)}" '
            f'title="{html.escape(title, quote=True)}" width="100%" height="{height}" '
            f'style="border:0;max-width:100%" loading="lazy" '
            f'referrerpolicy="no-referrer"></iframe>')
