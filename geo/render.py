"""Publication-ready static maps (PNG, SVG) of the held ground on a date.

Drawn with geopandas + matplotlib, without a browser and without web tiles:
the basemap is vector only (oblasts, the state border, town labels from
:class:`geo.models.Boundaries`). Everything is projected into a Lambert
azimuthal equal-area CRS centred on the map frame, so the scale bar is true
and north is up at the centre.

Each image carries a title, the "as of" date, the area in km² and sq mi, a
legend, a scale bar (km and mi), a north arrow, a locator inset, settlement
labels decluttered so no two overlap, a credit line (who reported the figures,
data licences) and the statement that the polygon is an estimate. The alt text
(:func:`geo.caption.alt_text`) is written into the PNG text chunks and the SVG
``<title>``/``<desc>``.

Renders are deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import permutations
from types import MappingProxyType
from typing import Any, Literal
from xml.sax.saxutils import escape

import geopandas as gpd
import matplotlib as mpl
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.text import Text
from matplotlib.transforms import Bbox, offset_copy
from matplotlib.typing import RcKeyType
from matplotlib_scalebar.scalebar import ScaleBar
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from pyproj import Transformer
from shapely.geometry import LinearRing, LineString, Polygon
from shapely.geometry import box as shapely_box
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geo import settings
from geo.caption import (
    MapText,
    alt_text,
    caption,
    clean,
    data_credit,
    map_text,
    polygon_on,
)
from geo.errors import CaptionError, RenderError
from geo.models import Boundaries, DatedPolygon, Timeline

#: Named sizes: name -> (width px, height px, dpi) at scale 1.
SIZES: MappingProxyType[str, tuple[int, int, int]] = MappingProxyType(
    dict(settings.RENDER_SIZES))
FORMATS: tuple[str, ...] = tuple(settings.RENDER_FORMATS)
MIME = MappingProxyType({"png": "image/png", "svg": "image/svg+xml"})

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in display pixels
_C = settings.RENDER_COLORS
_RC: dict[RcKeyType, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": [settings.RENDER_FONT],
    "svg.hashsalt": settings.RENDER_SVG_HASHSALT,
    "svg.fonttype": "none",
    "path.simplify": True,
    "text.color": _C["text"],
    "axes.unicode_minus": False,
    # Article text reaches the image (claimants, outlets, quotes): "$5bn ... $2bn"
    # or "$\\foo$" must be drawn as written, never parsed as mathtext.
    "text.parse_math": False,
}


@dataclass(frozen=True)
class RenderedImage:
    """One rendered map image.

    Attributes
    ----------
    data : bytes
        The file's bytes.
    mime : str
        ``image/png`` or ``image/svg+xml``.
    width, height : int
        Size in pixels (for SVG: the nominal size written on the root element).
    alt_text : str
        One-paragraph description, also embedded in the file.
    filename : str
        Suggested file name, e.g. ``ru-krs-2025-03-16-16x9@2x.png``.
    """

    data: bytes
    mime: str
    width: int
    height: int
    alt_text: str
    filename: str


@dataclass(frozen=True)
class PlacedLabel:
    """A label drawn on the map, with its box in display pixels.

    Attributes
    ----------
    text : str
    kind : {"place", "region", "town"}
    box : tuple of float
        ``(x0, y0, x1, y1)`` in display pixels of the figure.
    """

    text: str
    kind: str
    box: Box


@dataclass(frozen=True)
class MapFigure:
    """A composed (not yet saved) map figure.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
    labels : tuple of PlacedLabel
        Labels kept by the declutter step.
    dropped : tuple of str
        Labels dropped because every position collided.
    crs : str
        The projected CRS the map axes are drawn in (metres).
    frame : tuple of float
        The map extent ``(xmin, ymin, xmax, ymax)`` in that CRS.
    dpi : float
    text : geo.caption.MapText
    """

    figure: Figure
    labels: tuple[PlacedLabel, ...]
    dropped: tuple[str, ...]
    crs: str
    frame: tuple[float, float, float, float]
    dpi: float
    text: MapText


# --- label declutter -----------------------------------------------------------
def boxes_overlap(a: Box, b: Box, pad: float = 0.0) -> bool:
    """True when two boxes overlap (touching edges do not count).

    Parameters
    ----------
    a, b : tuple of float
        ``(x0, y0, x1, y1)``.
    pad : float
        Extra gap required between the boxes.
    """
    return not (a[2] + pad <= b[0] or b[2] + pad <= a[0]
                or a[3] + pad <= b[1] or b[3] + pad <= a[1])


def declutter(candidates: Sequence[Sequence[Box]], obstacles: Sequence[Box] = (),
              bounds: Box | None = None, pad: float = 0.0) -> list[int | None]:
    """Greedy label placement: the first free position of each label, in order.

    Labels are taken in the given (priority) order; each gets the first of its
    candidate positions that lies inside ``bounds`` and overlaps neither an
    obstacle nor a label already placed. A label with no free position is
    dropped.

    Parameters
    ----------
    candidates : sequence of sequence of Box
        For each label, its possible boxes in order of preference.
    obstacles : sequence of Box
        Boxes no label may overlap (legend, inset, markers...).
    bounds : Box, optional
        Box every label must lie inside.
    pad : float
        Minimum gap between two labels.

    Returns
    -------
    list of int or None
        For each label, the index of the chosen position, or None if dropped.
    """
    placed: list[Box] = []
    chosen: list[int | None] = []
    for options in candidates:
        pick = None
        for i, b in enumerate(options):
            if bounds is not None and (b[0] < bounds[0] or b[1] < bounds[1]
                                       or b[2] > bounds[2] or b[3] > bounds[3]):
                continue
            if any(boxes_overlap(b, o) for o in obstacles):
                continue
            if any(boxes_overlap(b, p, pad) for p in placed):
                continue
            pick = i
            break
        chosen.append(pick)
        if pick is not None:
            b = options[pick]
            placed.append((b[0], b[1], b[2], b[3]))
    return chosen


# --- geometry helpers ------------------------------------------------------------
def _local_crs(lon: float, lat: float) -> str:
    """Equal-area CRS centred on a point (rounded so the output is stable)."""
    return (f"+proj=laea +lat_0={round(lat, 2)} +lon_0={round(lon, 2)} "
            "+datum=WGS84 +units=m +no_defs")


def _project(geoms: Sequence[BaseGeometry], crs: str) -> list[BaseGeometry]:
    if not geoms:
        return []
    return list(gpd.GeoSeries(list(geoms), crs=settings.WGS84).to_crs(crs))


def _size(size: str, scale: int) -> tuple[int, int, float]:
    if size not in SIZES:
        raise RenderError(f"unknown size {size!r}; choose one of {', '.join(SIZES)}")
    if not isinstance(scale, int) or not 1 <= scale <= settings.RENDER_MAX_SCALE:
        raise RenderError(f"scale must be an integer from 1 to {settings.RENDER_MAX_SCALE}, "
                          f"not {scale!r}")
    w, h, dpi = SIZES[size]
    return w * scale, h * scale, float(dpi * scale)


def _region_name(timeline: Timeline, boundaries: Boundaries) -> str:
    """The theatre's region name as titles use it ("Sumy Oblast")."""
    return clean(timeline.theater.region_name)


def _fit_frame(bounds: tuple[float, float, float, float], aspect: float
               ) -> tuple[float, float, float, float]:
    """Pad and clamp a bounds box, then widen it to the axes' aspect (w/h)."""
    x0, y0, x1, y1 = bounds
    w, h = x1 - x0, y1 - y0
    pad = settings.RENDER_FRAME_PAD * max(w, h, 1.0)
    w, h = w + 2 * pad, h + 2 * pad
    w = min(max(w, settings.RENDER_MIN_FRAME_M), settings.RENDER_MAX_FRAME_M)
    h = min(max(h, settings.RENDER_MIN_FRAME_M), settings.RENDER_MAX_FRAME_M)
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _status_color(status: str) -> str:
    return _C.get(f"status_{status}", _C["status_unknown"])


def _path(geom: BaseGeometry) -> MplPath | None:
    """A matplotlib Path of a (multi)polygon or (multi)line in projected metres."""
    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []

    def ring(coords: np.ndarray, closed: bool) -> None:
        if len(coords) < 2:
            return
        c = np.full(len(coords), MplPath.LINETO, dtype=np.uint8)
        c[0] = MplPath.MOVETO
        if closed:
            c[-1] = MplPath.CLOSEPOLY
        verts.append(coords[:, :2])
        codes.append(c)

    for part in getattr(geom, "geoms", [geom]):
        if part.is_empty:
            continue
        if isinstance(part, Polygon):
            part = orient(part, 1.0)  # exterior CCW, holes CW: fills right under any rule
            ring(np.asarray(part.exterior.coords), True)
            for hole in part.interiors:
                ring(np.asarray(hole.coords), True)
        elif isinstance(part, (LineString, LinearRing)):
            ring(np.asarray(part.coords), False)
        elif hasattr(part, "geoms"):
            sub = _path(part)
            if sub is not None:
                verts.append(np.asarray(sub.vertices))
                codes.append(np.asarray(sub.codes))
    if not verts:
        return None
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def _draw(ax, geom: BaseGeometry, *, facecolor: str = "none", edgecolor: str | None = None,
          color: str | None = None, linewidth: float = 1.0, linestyle="solid",
          alpha: float | None = None, zorder: float = 1) -> None:
    """Draw a projected geometry on ``ax`` as one patch (no canvas redraw)."""
    path = _path(geom)
    if path is None:
        return
    is_line = geom.geom_type in ("LineString", "MultiLineString", "LinearRing")
    if is_line:
        facecolor = "none"
        edgecolor = color or edgecolor
    patch = PathPatch(path, facecolor=facecolor, edgecolor=edgecolor or "none",
                      linewidth=linewidth, linestyle=linestyle, zorder=zorder,
                      alpha=alpha, capstyle="round", joinstyle="round")
    ax.add_patch(patch)


# --- composition ------------------------------------------------------------------
def _wrap(fig: Figure, renderer, text: str, x: float, y: float, width_px: float,
          size: float, **kw) -> tuple[object, float]:
    """Draw ``text`` wrapped to ``width_px``; return the Text and its height (px)."""
    chars = max(20, int(width_px / (size * fig.dpi / 72 * 0.55)))
    while True:
        t = fig.text(x, y, textwrap.fill(text, chars), fontsize=size, **kw)
        ext = t.get_window_extent(renderer)
        if ext.width <= width_px or chars <= 20:
            return t, ext.height
        t.remove()
        chars = int(chars * 0.92)


def _halo(width: float) -> list:
    return [patheffects.withStroke(linewidth=width, foreground="white")]


def build_figure(timeline: Timeline, boundaries: Boundaries, *, date: dt.date,
                 size: str = "16:9", scale: int = 1, compare: dt.date | None = None
                 ) -> MapFigure:
    """Compose the map figure for ``date`` (without saving it).

    Parameters
    ----------
    timeline : Timeline
    boundaries : Boundaries
    date : datetime.date
        Map date; the latest timeline date on or before it is drawn.
    size : str
        A key of :data:`SIZES`.
    scale : int
        Pixel density multiplier (2 for "@2x").
    compare : datetime.date, optional
        Second date; the earlier extent is drawn as a dashed outline.

    Returns
    -------
    MapFigure

    Raises
    ------
    RenderError
        Unknown size/scale, empty timeline, or a date before the first date.
    """
    with mpl.rc_context(_RC):
        return _compose(timeline, boundaries, date=date, size=size, scale=scale,
                        compare=compare)


def _compose(timeline: Timeline, boundaries: Boundaries, *, date: dt.date, size: str,
             scale: int, compare: dt.date | None) -> MapFigure:
    """Compose the figure step by step (the steps draw in the order the output bytes follow)."""
    width, height, dpi = _size(size, scale)
    later, earlier = _drawn_polygons(timeline, date, compare)
    region_name = _region_name(timeline, boundaries)
    texts = map_text(timeline, date, compare=compare, region_name=region_name)
    page = _Page.new(width, height, dpi)
    header_bottom = _header(page, texts)
    footer_top = _footer(page, texts, boundaries)
    ax, ax_box = _map_axes(page, size, header_bottom, footer_top)
    c = _Composer(timeline, boundaries, page, ax, ax_box, later, earlier)
    c.draw_basemap()
    c.draw_held_ground()
    c.draw_place_dots()
    c.place_overlays(texts)
    c.draw_inset()
    c.draw_scale_and_north()
    placed, dropped = c.draw_labels()
    return MapFigure(figure=page.fig, labels=tuple(placed), dropped=tuple(dropped), crs=c.crs,
                     frame=c.frame, dpi=dpi, text=texts)


def _drawn_polygons(timeline: Timeline, date: dt.date, compare: dt.date | None
                    ) -> tuple[DatedPolygon, DatedPolygon | None]:
    """The polygon drawn filled (the later) and the one drawn as an outline (or None)."""
    try:
        current = polygon_on(timeline, date)
        other = polygon_on(timeline, compare) if compare is not None else None
    except CaptionError as exc:
        raise RenderError(f"cannot map {date.isoformat()}: {exc}") from exc
    if other is not None and other.date != current.date:
        return (current, other) if current.date > other.date else (other, current)
    return current, None


@dataclass(frozen=True)
class _Page:
    """The figure being composed, its renderer and its measures (display pixels)."""

    fig: Figure
    renderer: Any
    width: int
    height: int
    dpi: float
    f: float = 1.0  # type scale factor (sizes differ by dpi, see settings.RENDER_SIZES)

    @classmethod
    def new(cls, width: int, height: int, dpi: float) -> _Page:
        """An empty figure of ``width`` x ``height`` pixels at ``dpi``."""
        fig = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, facecolor=_C["background"])
        return cls(fig, FigureCanvasAgg(fig).get_renderer(), width, height, dpi)

    @property
    def px(self) -> float:
        """Pixels per point."""
        return self.dpi / 72.0

    @property
    def margin(self) -> float:
        """Margin around the page's content, in pixels."""
        return 0.28 * self.dpi * self.f


def _header(page: _Page, texts: MapText) -> float:
    """Draw the title and subtitle; return the header's bottom edge (pixels from the bottom)."""
    width, height, margin, f, px = page.width, page.height, page.margin, page.f, page.px
    _t_title, title_h = _wrap(page.fig, page.renderer, clean(texts.title), margin / width,
                              1 - margin / height, width - 2 * margin, 19 * f,
                              fontweight="bold", va="top", ha="left")
    sub_y = height - margin - title_h - 6 * f * px
    _t_sub, sub_h = _wrap(page.fig, page.renderer, texts.subtitle, margin / width,
                          sub_y / height, width - 2 * margin, 11.5 * f, va="top", ha="left",
                          color=_C["text"])
    return sub_y - sub_h - 10 * f * px


def _footer(page: _Page, texts: MapText, boundaries: Boundaries) -> float:
    """Draw the footer (sources, licences, estimate note); return its top edge (pixels)."""
    width, height, margin, f, px = page.width, page.height, page.margin, page.f, page.px
    credits = "; ".join(data_credit(c) for c in boundaries.credits)
    footer = f"{texts.note} {texts.sources}."
    if credits:  # the data and its licences, nothing else (no packages, no tile notes)
        footer += f" Map data: {credits}."
    _t_foot, foot_h = _wrap(page.fig, page.renderer, footer, margin / width,
                            margin * 0.8 / height, width - 2 * margin, 7.2 * f, va="bottom",
                            ha="left", color=_C["muted"], linespacing=1.35)
    return margin * 0.8 + foot_h + 8 * f * px


def _map_axes(page: _Page, size: str, header_bottom: float, footer_top: float
              ) -> tuple[Axes, Box]:
    """The map's axes between header and footer, and its box ``(x, y, w, h)`` in pixels."""
    width, height, margin = page.width, page.height, page.margin
    ax_box = (margin, footer_top, width - 2 * margin, header_bottom - footer_top)
    if ax_box[3] < 0.3 * height:
        raise RenderError(f"size {size!r} leaves no room for the map "
                          "(the header and footer texts are too long)")
    ax = page.fig.add_axes((ax_box[0] / width, ax_box[1] / height, ax_box[2] / width,
                            ax_box[3] / height))
    ax.set_axis_off()
    ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes,
                           facecolor=_C["land_other"], edgecolor="none", zorder=0))
    return ax, ax_box


def _extent(timeline: Timeline, boundaries: Boundaries, shown: list[BaseGeometry]
            ) -> BaseGeometry:
    """What the map must show: the drawn polygons, else the theatre's regions."""
    union = shapely.union_all([g for g in shown if not g.is_empty]) if any(
        not g.is_empty for g in shown) else None
    if union is None or union.is_empty:
        ids = set(timeline.theater.region_ids)
        union = shapely.union_all([r.geometry for r in boundaries.regions if r.id in ids]
                                  or [r.geometry for r in boundaries.regions])
    return union


def _in_frame(frame: tuple[float, float, float, float], x: float, y: float) -> bool:
    """True for a point inside ``frame``, off its outer 2% (no dot on the map's edge)."""
    edge = 0.02 * (frame[2] - frame[0])
    return (frame[0] + edge < x < frame[2] - edge
            and frame[1] + edge < y < frame[3] - edge)


#: A point drawn on the map: kind ("place" or "town"), text, x, y (projected), status.
_Point = tuple[str, str, float, float, str]


def _place_points(timeline: Timeline, later: DatedPolygon, tr: Transformer,
                  frame: tuple[float, float, float, float]) -> list[_Point]:
    """Places named in reporting (not regions) within the frame, with their status."""
    status = dict(later.place_status)
    items: list[_Point] = []
    for p in timeline.places:
        if p.resolution is None or p.resolution.kind == "region":
            continue
        x, y = tr.transform(p.resolution.lon, p.resolution.lat)
        if _in_frame(frame, x, y):
            name = clean(p.resolution.resolved_name or p.name)
            items.append(("place", name, x, y, status.get(p.name, "unknown")))
    return items


def _town_points(boundaries: Boundaries, tr: Transformer, frame: tuple[float, float, float, float],
                 places: list[_Point]) -> list[_Point]:
    """Basemap towns, largest first, not on or too near a named place or each other."""
    towns = sorted((lb for lb in boundaries.labels
                    if lb.population >= settings.RENDER_MIN_LABEL_POPULATION),
                   key=lambda lb: (-lb.population, lb.name))
    place_names = {it[1].lower() for it in places}
    seen_xy = [(x, y) for _k, _n, x, y, _s in places]
    items: list[_Point] = []
    for lb in towns:
        if len(items) >= settings.RENDER_MAX_TOWNS:
            break
        x, y = tr.transform(lb.lon, lb.lat)
        if not _in_frame(frame, x, y) or clean(lb.name).lower() in place_names:
            continue
        if any(np.hypot(x - a, y - b) < settings.RENDER_TOWN_MIN_SPACING_M for a, b in seen_xy):
            continue
        items.append(("town", clean(lb.name), x, y, "unknown"))
        seen_xy.append((x, y))
    return items


def _legend_kw(page: _Page, texts: MapText, timeline: Timeline, earlier: DatedPolygon | None,
               points: list[_Point]) -> dict[str, Any]:
    """The legend's entries and style: ground held (and earlier), place statuses, lines."""
    f = page.f
    handles: list[Artist] = [Patch(facecolor=mpl.colors.to_rgba(_C["held_fill"], 0.55),
                                   edgecolor=_C["held_edge"], linewidth=1.2 * f,
                                   label=texts.legend_current)]
    if earlier is not None and texts.legend_earlier:
        handles.append(Patch(facecolor=_C["earlier_fill"], edgecolor=_C["earlier_edge"],
                             linestyle=(0, (5, 3)), linewidth=1.2 * f,
                             label=texts.legend_earlier))
    present = sorted({st for kind, *_r, st in points if kind == "place"},
                     key=["held", "lost", "contested", "unknown"].index)
    adj = clean(timeline.theater.holder_adjective)
    status_label = {"held": f"Place reported {adj}-held",
                    "lost": f"Place reported lost by {adj} forces",
                    "contested": "Place reported contested",
                    "unknown": "Place named in reporting"}
    for st in present:
        handles.append(Line2D([], [], marker="o", linestyle="none", markersize=6.5 * f,
                              markerfacecolor=_status_color(st), markeredgecolor="white",
                              label=status_label[st]))
    handles.append(Line2D([], [], color=_C["border"], linewidth=1.6 * f, label="State border"))
    handles.append(Line2D([], [], color=_C["oblast_line"], linewidth=0.7 * f,
                          linestyle=(0, (4, 2)), label="Oblast boundary"))
    return dict(handles=handles, fontsize=8.2 * f, frameon=True, framealpha=0.92,
                edgecolor="#d4d1cb", fancybox=False, borderpad=0.7, handlelength=1.6,
                labelspacing=0.45)


@dataclass(frozen=True)
class _Corners:
    """Boxes in the corners of the map axes (display pixels), ``gap`` in from its edges."""

    ax_px: Bbox
    gap: float

    def box(self, corner: str, w: float, h: float) -> Box:
        """The ``w`` x ``h`` box in ``corner`` ("lower right", "upper left", ...)."""
        x0 = self.ax_px.x0 + self.gap if "left" in corner else self.ax_px.x1 - self.gap - w
        y0 = self.ax_px.y0 + self.gap if "lower" in corner else self.ax_px.y1 - self.gap - h
        return (x0, y0, x0 + w, y0 + h)


def _best_corners(corners: _Corners, sizes: dict[str, tuple[float, float]],
                  content: BaseGeometry, to_data: Callable[[Box], BaseGeometry],
                  frame_poly: BaseGeometry) -> dict[str, str]:
    """Legend, inset and scale bar in distinct corners, covering the least content."""
    order = ("lower right", "upper right", "lower left", "upper left")
    preference = {"legend": "lower right", "inset": "upper right", "scalebar": "lower left"}
    names = list(sizes)
    best, best_score = None, None
    for perm in permutations(order, len(names)):
        score = 0.0
        for nm, cr in zip(names, perm):
            b = corners.box(cr, *sizes[nm])
            score += to_data(b).intersection(content).area if not content.is_empty else 0.0
            score += 0.0 if preference[nm] == cr else 1e-3 * frame_poly.area * 1e-6
        if best_score is None or score < best_score - 1e-9:
            best, best_score = dict(zip(names, perm)), score
    if best is None:
        raise AssertionError("no corner permutation")  # permutations() always yields one
    return best


def _content(p_shown: list[BaseGeometry], points: list[_Point],
             frame: tuple[float, float, float, float]) -> BaseGeometry:
    """What overlays and labels should not cover: the polygons and the named places."""
    if not (points or any(not g.is_empty for g in p_shown)):
        return shapely.Polygon()
    return shapely.union_all([g for g in p_shown if not g.is_empty] + [
        shapely.Point(x, y).buffer((frame[2] - frame[0]) * 0.02)
        for k, _n, x, y, _s in points if k == "place"])


#: A label to place: kind, text, x, y (projected), text style.
_LabelSpec = tuple[str, str, float, float, dict]
_HAlign = Literal["left", "center", "right"]
_VAlign = Literal["bottom", "baseline", "center", "center_baseline", "top"]
_Choice = tuple[tuple[float, float], _HAlign, _VAlign]


def _label_positions(f: float) -> list[_Choice]:
    """Where a point's label may go: offset (points), horizontal and vertical alignment."""
    off = 5.0 * f  # points, so the offset survives saving at another dpi (SVG: 72)
    return [((off, 0), "left", "center"), ((-off, 0), "right", "center"),
            ((0, off), "center", "bottom"), ((0, -off), "center", "top"),
            ((off * 0.8, off * 0.8), "left", "bottom"),
            ((off * 0.8, -off * 0.8), "left", "top"),
            ((-off * 0.8, off * 0.8), "right", "bottom"),
            ((-off * 0.8, -off * 0.8), "right", "top")]


class _Composer:
    """The map axes of one figure, drawn step by step; each step reads what earlier ones set.

    Made once the header, footer and axes exist: frames the map on the drawn
    polygons in a local equal-area CRS and collects the points to draw.
    """

    def __init__(self, timeline: Timeline, boundaries: Boundaries, page: _Page, ax: Axes,
                 ax_box: Box, later: DatedPolygon, earlier: DatedPolygon | None) -> None:
        self.timeline, self.boundaries, self.page = timeline, boundaries, page
        self.ax, self.ax_box, self.later, self.earlier = ax, ax_box, later, earlier
        shown = [later.geometry] + ([earlier.geometry] if earlier is not None else [])
        union = _extent(timeline, boundaries, shown)
        c = union.centroid
        self.crs = _local_crs(c.x, c.y)
        self.p_shown = _project(shown, self.crs)
        p_union = _project([union], self.crs)[0]
        self.frame = _fit_frame(p_union.bounds, ax_box[2] / ax_box[3])
        self.frame_poly = shapely_box(*self.frame)
        ax.set_xlim(self.frame[0], self.frame[2])
        ax.set_ylim(self.frame[1], self.frame[3])
        ax.set_aspect("equal", adjustable="box")
        tr = Transformer.from_crs(settings.WGS84, self.crs, always_xy=True)
        places = _place_points(timeline, later, tr, self.frame)
        self.points = places + _town_points(boundaries, tr, self.frame, places)
        self.regions = list(boundaries.regions)
        self.p_regions: list[BaseGeometry] = []
        self.p_border: BaseGeometry | None = None
        self.obstacles: list[Box] = []

    def draw_basemap(self) -> None:
        """Regions (the theatre's country shaded) and the state border, cut to the view."""
        ax, frame, f = self.ax, self.frame, self.page.f
        self.p_regions = _project([r.geometry for r in self.regions], self.crs)
        # the basemap is cut to just beyond the frame and simplified to half a pixel:
        # invisible on the image, but it keeps the SVG small and the render fast
        m_per_px = (frame[2] - frame[0]) / (self.ax_box[2])
        view = self.frame_poly.buffer(0.05 * (frame[2] - frame[0]), join_style="mitre")

        def basemap(geom: BaseGeometry) -> BaseGeometry:
            return shapely.simplify(geom.intersection(view), 0.5 * m_per_px)

        theater_country = next((r.country for r in self.regions
                                if r.id in self.timeline.theater.region_ids), None)
        for reg, geom in zip(self.regions, self.p_regions):
            fill = _C["land_theater"] if reg.country == theater_country else _C["land_other"]
            _draw(ax, basemap(geom), facecolor=fill, edgecolor=_C["oblast_line"],
                  linewidth=0.7 * f, linestyle=(0, (4, 2)), zorder=1)
        border = self.boundaries.border
        if border is not None and not border.is_empty:
            self.p_border = _project([border], self.crs)[0]
            b_view = basemap(self.p_border)
            _draw(ax, b_view, color="white", linewidth=4.0 * f, zorder=2)
            _draw(ax, b_view, color=_C["border"], linewidth=1.6 * f, zorder=3)

    def draw_held_ground(self) -> None:
        """The held ground filled, the earlier extent (when comparing) dashed."""
        ax, f, p_shown = self.ax, self.page.f, self.p_shown
        if self.earlier is not None and not p_shown[1].is_empty:
            _draw(ax, p_shown[1], facecolor=_C["earlier_fill"], edgecolor=_C["earlier_edge"],
                  linewidth=1.3 * f, linestyle=(0, (5, 3)), alpha=0.9, zorder=4)
        if not p_shown[0].is_empty:
            _draw(ax, p_shown[0], facecolor=_C["held_fill"], alpha=0.55, edgecolor="none",
                  zorder=5)
            _draw(ax, p_shown[0], facecolor="none", edgecolor=_C["held_edge"],
                  linewidth=1.4 * f, zorder=6)

    def draw_place_dots(self) -> None:
        """A dot for each place named in reporting, coloured by its status."""
        f = self.page.f
        for kind, _name, x, y, st in self.points:
            if kind == "place":
                self.ax.plot([x], [y], marker="o", markersize=6.5 * f,
                             markerfacecolor=_status_color(st), markeredgecolor="white",
                             markeredgewidth=1.1 * f, zorder=8, linestyle="none")

    def place_overlays(self, texts: MapText) -> None:
        """Choose corners for the legend, inset and scale bar, and draw the legend there.

        The corners are chosen to cover as little of the held ground and the
        named places as possible.
        """
        page, ax, frame = self.page, self.ax, self.frame
        f, px = page.f, page.px
        legend_kw = _legend_kw(page, texts, self.timeline, self.earlier, self.points)
        legend = ax.legend(loc="upper left", **legend_kw)
        lw_px = legend.get_window_extent(page.renderer)
        self.ax_px = ax_px = ax.get_window_extent(page.renderer)
        inset_w = 0.2 * ax_px.width if ax_px.width > ax_px.height else 0.26 * ax_px.width
        all_regions = shapely.union_all(self.p_regions) if self.p_regions else self.frame_poly
        self.rb = rb = all_regions.bounds if not all_regions.is_empty else frame
        self.want_inset = (rb[2] - rb[0]) > 1.6 * (frame[2] - frame[0])
        inset_h = inset_w * (rb[3] - rb[1]) / max(rb[2] - rb[0], 1.0)
        inset_h = min(inset_h, 0.42 * ax_px.height)
        self.inset_w = inset_w
        self.sb_h = 44 * f * px
        self.sizes = {"legend": (lw_px.width, lw_px.height),
                      "scalebar": (0.26 * ax_px.width, self.sb_h)}
        if self.want_inset:
            self.sizes["inset"] = (inset_w, inset_h)
        self.corners = _Corners(ax_px, 8 * f * px)
        self.disp = disp = ax.transData
        self.content = _content(self.p_shown, self.points, frame)

        def to_data(b: Box) -> BaseGeometry:
            (x0, y0), (x1, y1) = disp.inverted().transform([(b[0], b[1]), (b[2], b[3])])
            return shapely_box(x0, y0, x1, y1)

        self.best = _best_corners(self.corners, self.sizes, self.content, to_data,
                                  self.frame_poly)
        lb_box = self.corners.box(self.best["legend"], *self.sizes["legend"])
        legend.remove()
        width, height = page.width, page.height
        legend = ax.legend(loc="center", bbox_to_anchor=(
            lb_box[0] / width, lb_box[1] / height, (lb_box[2] - lb_box[0]) / width,
            (lb_box[3] - lb_box[1]) / height), bbox_transform=page.fig.transFigure, **legend_kw)
        legend.set_zorder(20)
        self.obstacles.append(lb_box)

    def draw_inset(self) -> None:
        """The locator inset (all regions, the frame outlined), when the map is a close-up."""
        if not self.want_inset:
            return
        page, frame, rb, f = self.page, self.frame, self.rb, self.page.f
        ib = self.corners.box(self.best["inset"], *self.sizes["inset"])
        iax = page.fig.add_axes((ib[0] / page.width, ib[1] / page.height,
                                 (ib[2] - ib[0]) / page.width, (ib[3] - ib[1]) / page.height))
        iax.set_zorder(21)
        inset_tol = 0.5 * (rb[2] - rb[0]) / max(self.inset_w, 1.0)
        for reg, geom in zip(self.regions, self.p_regions):
            fill = (_C["land_theater"] if reg.id in self.timeline.theater.region_ids
                    else _C["land_other"])
            _draw(iax, shapely.simplify(geom, inset_tol), facecolor=fill,
                  edgecolor=_C["oblast_line"], linewidth=0.4 * f, zorder=1)
        if self.p_border is not None:
            _draw(iax, shapely.simplify(self.p_border, inset_tol), color=_C["border"],
                  linewidth=0.8 * f, zorder=2)
        iax.add_patch(Rectangle((frame[0], frame[1]), frame[2] - frame[0],
                                frame[3] - frame[1], facecolor="none",
                                edgecolor=_C["inset_frame"], linewidth=1.2 * f, zorder=3))
        _fit_inset(iax, rb, (ib[2] - ib[0]) / (ib[3] - ib[1]))
        iax.set_axis_off()
        iax.add_patch(Rectangle((0, 0), 1, 1, transform=iax.transAxes, zorder=0,
                                facecolor=_C["land_other"], edgecolor="#b9b5ae",
                                linewidth=0.6 * f, clip_on=False))
        self.obstacles.append(ib)

    def draw_scale_and_north(self) -> None:
        """Scale bars (km and mi, true at the centre of the local equal-area CRS), north arrow."""
        ax, ax_px, frame, f, px = self.ax, self.ax_px, self.frame, self.page.f, self.page.px
        sbb = self.corners.box(self.best["scalebar"], *self.sizes["scalebar"])
        font = {"size": 7.5 * f}
        ax_w, ax_h = ax_px.width, ax_px.height
        anchor = ((sbb[0] - ax_px.x0) / ax_w, (sbb[1] - ax_px.y0) / ax_h)
        common = dict(location="lower left", width_fraction=0.008,
                      frameon=False, color=_C["text"], font_properties=font,
                      scale_loc="top", border_pad=0.0, pad=0.0, sep=2,
                      scale_formatter=lambda value, unit: f"{value:g} {unit}",
                      bbox_transform=ax.transAxes)
        target_m = 0.18 * (frame[2] - frame[0])
        km_value = _nice(target_m / 1000.0)
        mi_value = _nice(target_m / 1609.344)
        sb_km = ScaleBar(1.0, "m", fixed_value=km_value, fixed_units="km",
                         bbox_to_anchor=(anchor[0] + 0.05, anchor[1]), **common)
        sb_mi = ScaleBar(1.0 / 0.3048, "ft", dimension="imperial-length",
                         fixed_value=mi_value, fixed_units="mi",
                         bbox_to_anchor=(anchor[0] + 0.05, anchor[1] + self.sb_h * 0.5 / ax_h),
                         **common)
        for sb in (sb_km, sb_mi):
            sb.set_zorder(20)
            ax.add_artist(sb)
        nx = (sbb[0] + 14 * f * px - ax_px.x0) / ax_w
        ny = (sbb[1] + 6 * f * px - ax_px.y0) / ax_h
        top = ny + 26 * f * px / ax_h
        ax.annotate("", xy=(nx, top), xytext=(nx, ny), xycoords="axes fraction",
                    textcoords="axes fraction", zorder=20,
                    arrowprops=dict(arrowstyle="-|>", color=_C["text"], lw=1.1 * f,
                                    shrinkA=0, shrinkB=0, mutation_scale=9 * f))
        ax.text(nx, top + 2 * f * px / ax_h, "N", transform=ax.transAxes, ha="center",
                va="bottom", fontsize=8.5 * f, fontweight="bold", zorder=20)
        self.obstacles.append(sbb)

    # --- labels: places first (reported), then regions, then towns by population ---
    def draw_labels(self) -> tuple[list[PlacedLabel], list[str]]:
        """Place the labels without overlaps; return those placed and the names dropped."""
        f, px = self.page.f, self.page.px
        self.positions = _label_positions(f)
        ax_px = self.ax_px
        self.label_bounds = (ax_px.x0, ax_px.y0, ax_px.x1, ax_px.y1)
        self.label_pad = 2.0 * f * px
        specs = self._label_specs()
        place_markers = [self._marker_box(k, x, y) for k, _n, x, y, _s in self.points
                         if k == "place"]
        placed, dropped = self._place_first(
            [sp for sp in specs if sp[0] != "town"], self.obstacles + place_markers)
        blocked = self.obstacles + place_markers + [lb.box for lb in placed]
        more, lost = self._place_towns([sp for sp in specs if sp[0] == "town"], blocked)
        return placed + more, dropped + lost

    def _label_specs(self) -> list[_LabelSpec]:
        """Every label to place, in order: places, regions in the frame, towns."""
        f, frame, frame_poly = self.page.f, self.frame, self.frame_poly
        specs: list[_LabelSpec] = []
        for kind, name, x, y, _st in self.points:
            if kind == "place":
                specs.append(("place", name, x, y,
                              dict(fontsize=8.8 * f, fontweight="bold", color=_C["place"])))
        for reg, geom in zip(self.regions, self.p_regions):
            part = geom.intersection(frame_poly)
            if part.is_empty or part.area < 0.08 * frame_poly.area:
                continue
            free = part.difference(self.content.buffer(0.04 * (frame[2] - frame[0])))
            pt = (free if not free.is_empty and free.area > 0.2 * part.area
                  else part).representative_point()
            country = settings.COUNTRY_NAMES.get(reg.country, clean(reg.country))
            specs.append(("region", f"{clean(reg.name).upper()}\n{country}", pt.x, pt.y,
                          dict(fontsize=8.0 * f, color=_C["muted"], ha="center",
                               linespacing=1.2, fontstyle="normal")))
        for kind, name, x, y, _st in self.points:
            if kind == "town":
                specs.append(("town", name, x, y, dict(fontsize=7.6 * f, color=_C["town"])))
        return specs

    def _marker_box(self, kind: str, x: float, y: float) -> Box:
        dx, dy = self.disp.transform((x, y))
        r = (3.6 if kind == "place" else 2.0) * self.page.f * self.page.px
        return (dx - r, dy - r, dx + r, dy + r)

    def _candidates(self, kind: str, name: str, x: float, y: float, style: dict
                    ) -> tuple[Text, list[_Choice], list[Box]]:
        """The label drawn once, and its box at each position it may take."""
        t = self.ax.text(x, y, name, zorder=15 if kind == "place" else 12,
                         **{k: v for k, v in style.items() if k != "ha"})
        choices: list[_Choice] = ([((0, 0), "center", "center")] if kind == "region"
                                  else self.positions)
        opts: list[Box] = []
        for (ox, oy), ha, va in choices:
            t.set_horizontalalignment(ha)
            t.set_verticalalignment(va)
            t.set_transform(offset_copy(self.disp, fig=self.page.fig, x=ox, y=oy,
                                        units="points"))
            e = t.get_window_extent(self.page.renderer)
            opts.append((e.x0, e.y0, e.x1, e.y1))
        return t, choices, opts

    def _finish(self, spec: _LabelSpec, t: Text, choice: _Choice) -> None:
        """Put the label at its chosen position, over a white halo."""
        (ox, oy), ha, va = choice
        kind, name, x, y, style = spec
        f = self.page.f
        shift = offset_copy(self.disp, fig=self.page.fig, x=ox, y=oy, units="points")
        t.set_horizontalalignment(ha)
        t.set_verticalalignment(va)
        t.set_transform(shift)
        # the white halo is a separate copy under the text, so the SVG keeps the
        # label itself as real (editable, searchable) <text>
        halo = self.ax.text(x, y, name, zorder=t.get_zorder() - 0.5, ha=ha, va=va,
                            transform=shift, gid="label-halo",
                            path_effects=_halo(2.6 * f if kind != "region" else 2.0 * f),
                            **{k: v for k, v in style.items() if k not in ("ha", "color")})
        halo.set_color("white")

    def _place_first(self, specs: list[_LabelSpec], obstacles: list[Box]
                     ) -> tuple[list[PlacedLabel], list[str]]:
        """Phase 1: places named in reporting, then region names.

        Only the overlays and the places' own dots are in the way.
        """
        drawn = [self._candidates(*sp) for sp in specs]
        chosen = declutter([opts for _t, _c, opts in drawn], obstacles,
                           bounds=self.label_bounds, pad=self.label_pad)
        placed: list[PlacedLabel] = []
        dropped: list[str] = []
        for spec, (t, choices, opts), pick in zip(specs, drawn, chosen):
            if pick is None:
                t.remove()
                dropped.append(spec[1])
                continue
            self._finish(spec, t, choices[pick])
            placed.append(PlacedLabel(spec[1], spec[0], opts[pick]))
        return placed, dropped

    def _place_towns(self, specs: list[_LabelSpec], blocked: list[Box]
                     ) -> tuple[list[PlacedLabel], list[str]]:
        """Phase 2: basemap towns, largest first.

        A town is shown (dot and label) only where both fit, so towns never
        push a reported place's label away.
        """
        f, pad = self.page.f, self.label_pad
        placed: list[PlacedLabel] = []
        dropped: list[str] = []
        for spec in specs:
            kind, name, x, y, _style = spec
            dot = self._marker_box(kind, x, y)
            if any(boxes_overlap(dot, b, pad) for b in blocked if b is not None):
                dropped.append(name)
                continue
            t, choices, opts = self._candidates(*spec)
            pick = declutter([opts], blocked, bounds=self.label_bounds, pad=pad)[0]
            if pick is None:
                t.remove()
                dropped.append(name)
                continue
            self._finish(spec, t, choices[pick])
            self.ax.plot([x], [y], marker="s", markersize=3.2 * f, markerfacecolor=_C["town"],
                         markeredgecolor="white", markeredgewidth=0.5 * f, zorder=7,
                         linestyle="none")
            placed.append(PlacedLabel(name, kind, opts[pick]))
            blocked += [dot, opts[pick]]
        return placed, dropped


def _nice(value: float) -> float:
    """Largest 1-2-5 number (x 10^n, plus 25) not above ``value``."""
    if value <= 0:
        return 1.0
    exp = np.floor(np.log10(value))
    base = 10.0 ** exp
    for m in (5.0, 2.5, 2.0, 1.0):
        if m * base <= value:
            return float(m * base)
    return float(base)


def _fit_inset(iax, bounds: tuple[float, float, float, float], aspect: float) -> None:
    x0, y0, x1, y1 = bounds
    w, h = (x1 - x0) * 1.04, (y1 - y0) * 1.04
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    iax.set_xlim(cx - w / 2, cx + w / 2)
    iax.set_ylim(cy - h / 2, cy + h / 2)
    iax.set_aspect("equal", adjustable="box")


# --- saving -------------------------------------------------------------------------
def _png(fig: Figure, dpi: float, title: str, alt: str, cap: str, credits: str) -> bytes:
    """Rasterise with Agg and encode an RGB PNG with text chunks, no timestamps."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    rgba = np.asarray(canvas.buffer_rgba())
    image = Image.fromarray(np.ascontiguousarray(rgba[..., :3]), mode="RGB")
    info = PngInfo()
    for key, value in (("Title", title), ("Description", alt), ("Alt Text", alt),
                       ("Comment", cap), ("Copyright", credits), ("Source", "frontline-map")):
        if value:
            info.add_text(key, value)  # Pillow writes iTXt when not Latin-1
    buf = io.BytesIO()
    image.save(buf, format="png", pnginfo=info, dpi=(dpi, dpi),
               compress_level=settings.RENDER_PNG_COMPRESS_LEVEL)
    return buf.getvalue()


def _svg(fig: Figure, width: int, height: int, dpi: float, title: str, alt: str) -> bytes:
    """The SVG, sized in millimetres (its physical size: A4 opens as 297 x 210 mm)."""
    buf = io.BytesIO()
    meta = {"Date": None, "Creator": "frontline-map", "Title": title, "Description": alt}
    fig.savefig(buf, format="svg", metadata=meta, facecolor=fig.get_facecolor())
    svg = buf.getvalue().decode("utf-8")
    match = re.search(r"<svg\b[^>]*>", svg)
    if match is None:  # pragma: no cover - matplotlib always writes one
        raise RenderError("matplotlib wrote no <svg> element")
    tag = match.group(0)
    width_mm, height_mm = width / dpi * 25.4, height / dpi * 25.4
    new_tag = re.sub(r'\swidth="[^"]*"', f' width="{width_mm:.1f}mm"', tag, count=1)
    new_tag = re.sub(r'\sheight="[^"]*"', f' height="{height_mm:.1f}mm"', new_tag, count=1)
    new_tag = new_tag.replace("<svg ", '<svg role="img" aria-labelledby="map-title map-desc" ',
                              1)
    head = (f'\n <title id="map-title">{escape(title)}</title>'
            f'\n <desc id="map-desc">{escape(alt)}</desc>')
    svg = svg[:match.start()] + new_tag + head + svg[match.end():]
    return svg.encode("utf-8")


def _filename(timeline: Timeline, later: DatedPolygon, earlier: DatedPolygon | None,
              size: str, fmt: str, scale: int) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", timeline.theater.slug.lower()).strip("-") or "map"
    name = f"{slug}-{later.date.isoformat()}"
    if earlier is not None:
        name = f"{slug}-{earlier.date.isoformat()}-vs-{later.date.isoformat()}"
    name += "-" + size.replace(":", "x")
    if scale != 1:
        name += f"@{scale}x"
    return f"{name}.{fmt}"


def render_map(timeline: Timeline, boundaries: Boundaries, *, date: dt.date,
               size: str = "16:9", fmt: str = "png", scale: int = 1,
               compare: dt.date | None = None) -> RenderedImage:
    """Render the held ground on ``date`` as a PNG or SVG image.

    Parameters
    ----------
    timeline : Timeline
    boundaries : Boundaries
    date : datetime.date
        Map date. A date between timeline dates uses the latest timeline date
        on or before it (the subtitle and alt text say so).
    size : str
        ``"16:9"`` (1600x900), ``"1:1"`` (1080x1080) or ``"a4"`` (A4
        landscape, 3508x2480 at 300 dpi).
    fmt : {"png", "svg"}
    scale : int
        Pixel density (PNG): 2 gives a "@2x" image with the same layout.
    compare : datetime.date, optional
        Second date for a before/after map: the earlier extent is drawn as a
        dashed outline under the later one; both areas are in the legend.

    Returns
    -------
    RenderedImage

    Raises
    ------
    RenderError
        Unknown size or format, bad scale, empty timeline, or a date before
        the timeline's first date.
    """
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    width, height, _dpi = _size(size, scale)
    region_name = _region_name(timeline, boundaries)
    with mpl.rc_context(_RC):
        mf = build_figure(timeline, boundaries, date=date, size=size, scale=scale,
                          compare=compare)
        later = polygon_on(timeline, date)
        earlier = None
        if compare is not None:
            other = polygon_on(timeline, compare)
            if other.date != later.date:
                later, earlier = ((later, other) if later.date > other.date
                                  else (other, later))
        alt = alt_text(timeline, date, compare=compare, region_name=region_name)
        credits = "; ".join(data_credit(c) for c in boundaries.credits)
        cap = caption(timeline, date, compare=compare, region_name=region_name,
                      credits=tuple(boundaries.credits))
        title = f"{mf.text.title}: {mf.text.subtitle}"
        if fmt == "png":
            data = _png(mf.figure, mf.dpi, title, alt, cap, credits)
        else:
            data = _svg(mf.figure, width, height, _dpi, title, alt)
    return RenderedImage(data=data, mime=MIME[fmt], width=width, height=height,
                         alt_text=alt, filename=_filename(timeline, later, earlier, size,
                                                          fmt, scale))
