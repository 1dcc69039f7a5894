"""Theatre packs: one front line as data, not as constants.

A theatre pack is a folder (``geo/theaters/<slug>/``) holding:

* ``theater.toml``: which region(s) the ground lies in, which side holds
  ground there and whose land it is, the neighbours drawn around it, the day
  the offensive began (optional), and a description of every region it names;
* ``boundaries.geojson``: the region outlines, the state border along the
  theatre regions (the line the held ground grows from) and basemap labels;
* ``gazetteer.csv``: the settlements of the theatre regions;
* ``supplement.csv`` (reviewed places the packages lack) and
  ``overrides.csv`` (the user's own coordinates), both optional.

:func:`load_theater` reads one pack into a frozen :class:`Theater`, which the
pipeline passes explicitly through every stage; :func:`available_theaters`
lists the packs shipped with the package plus any folder named in the
``FRONTLINE_THEATERS`` environment variable. Adding a front needs a new pack
folder, never a code change.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from geo import settings
from geo.boundaries import load_boundaries
from geo.errors import GeodataError, PackError
from geo.models import Boundaries
from geo.projection import laea_crs
from geo.vocabulary import load_vocabulary

#: The packs shipped with the package.
PACKS_DIR = Path(__file__).resolve().parent / "theaters"
PACK_FILE = "theater.toml"
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")


@dataclass(frozen=True)
class RegionInfo:
    """What a pack says about one region it names.

    Attributes
    ----------
    id : str
        Boundary id (``"RU-KRS"``).
    name : str
        English name ("Kursk Oblast").
    country : str
        ISO country code ("RU").
    short : str
        The name used with "region" / "oblast" ("Kursk").
    aliases : tuple of str
        Other names of the region (Russian and Ukrainian forms, nicknames).
    """

    id: str
    name: str
    country: str
    short: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Theater:
    """One front line: where the ground lies, who holds it, and its geodata.

    Attributes
    ----------
    slug : str
        Short id used in files, URLs and options (``"kursk"``).
    name : str
        Short display name ("Kursk").
    title : str
        What the front is ("Ukrainian incursion into Russia's Kursk Oblast").
    holder : str
        The side whose held ground the polygons show ("Ukraine").
    land : str
        The side whose land the theatre regions are ("Russia").
    region_ids : tuple of str
        Regions the ground lies in.
    context_ids : tuple of str
        Neighbouring regions drawn around it.
    start : datetime.date or None
        The day the offensive began: no ground is drawn before it.
    regions : tuple of RegionInfo
        Every region the pack describes (theatre and context).
    boundaries : Boundaries
        Outlines, the border the ground grows from, labels, credits.
    crs : str
        Equal-area projection (Lambert azimuthal) centred on the theatre
        regions: every area and distance of this front is measured in it.
    viewbox : tuple of float
        (lon_min, lat_min, lon_max, lat_max) around the theatre and its
        neighbours: the online geocoder's search box.
    pack_dir : Path or None
        The pack folder (None for a theatre made in code, e.g. in tests).

    Notes
    -----
    Two theatres are equal only when they are the same object: packs are
    loaded once per folder and cached, so the value can key caches cheaply.
    """

    slug: str
    name: str
    title: str
    holder: str
    land: str
    region_ids: tuple[str, ...]
    context_ids: tuple[str, ...]
    start: dt.date | None
    regions: tuple[RegionInfo, ...]
    boundaries: Boundaries
    crs: str
    viewbox: tuple[float, float, float, float]
    pack_dir: Path | None = None

    @property
    def region(self) -> BaseGeometry:
        """The theatre regions as one WGS84 geometry."""
        geoms = [self.boundaries.region(rid).geometry for rid in self.region_ids]
        return geoms[0] if len(geoms) == 1 else unary_union(geoms)

    @property
    def region_name(self) -> str:
        """"Kursk Oblast"; "Kursk Oblast and Belgorod Oblast" for two regions."""
        names = [self.info(rid).name for rid in self.region_ids]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    @property
    def holder_adjective(self) -> str:
        """"Ukrainian" for a theatre Ukraine holds ground in."""
        return load_vocabulary().adjective(self.holder)

    @property
    def headline(self) -> str:
        """"Ukrainian-held ground in Kursk Oblast"."""
        return f"{self.holder_adjective}-held ground in {self.region_name}"

    def info(self, region_id: str) -> RegionInfo:
        """The pack's description of ``region_id`` (KeyError naming it if absent)."""
        for r in self.regions:
            if r.id == region_id:
                return r
        raise KeyError(f"theatre {self.slug!r} describes no region {region_id!r}")

    def file(self, name: str) -> Path | None:
        """A file of the pack (``"gazetteer.csv"``), or None when absent."""
        if self.pack_dir is None:
            return None
        path = self.pack_dir / name
        return path if path.exists() else None


def equal_area_crs(geom: BaseGeometry) -> str:
    """A Lambert azimuthal equal-area CRS centred on ``geom`` (WGS84), to 0.01°."""
    c = geom.centroid
    return laea_crs(c.x, c.y)


def make_theater(slug: str, boundaries: Boundaries, *, holder: str, land: str,
                 region_ids: Iterable[str], context_ids: Iterable[str] = (),
                 name: str | None = None, title: str | None = None,
                 start: dt.date | None = None) -> Theater:
    """A theatre made in code from boundaries already loaded (tests, notebooks).

    Regions are described from the boundaries themselves: the short name is
    the first word of the region's name ("Test Oblast" -> "Test").
    """
    rids, cids = tuple(region_ids), tuple(context_ids)
    infos = tuple(RegionInfo(r.id, r.name, r.country, r.name.split()[0])
                  for r in boundaries.regions if r.id in rids + cids)
    geom = unary_union([boundaries.region(r).geometry for r in rids])
    return Theater(slug=slug, name=name or slug.title(), title=title or name or slug.title(),
                   holder=holder, land=land, region_ids=rids, context_ids=cids, start=start,
                   regions=infos, boundaries=boundaries, crs=equal_area_crs(geom),
                   viewbox=_viewbox(boundaries.region(r).geometry for r in rids + cids))


def _viewbox(geoms: Iterable[BaseGeometry]) -> tuple[float, float, float, float]:
    bounds = [g.bounds for g in geoms if not g.is_empty]
    lon0, lat0 = min(b[0] for b in bounds), min(b[1] for b in bounds)
    lon1, lat1 = max(b[2] for b in bounds), max(b[3] for b in bounds)
    pad = settings.VIEWBOX_PAD_DEG
    return (round(lon0 - pad, 2), round(lat0 - pad, 2), round(lon1 + pad, 2),
            round(lat1 + pad, 2))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise PackError(f"{path.parent}: not a theatre pack (no {PACK_FILE})") from None
    except OSError as exc:
        raise PackError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise PackError(f"{path}: malformed TOML ({exc})") from None


def _strings(value: Any, where: str, *, required: bool = True) -> tuple[str, ...]:
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value) or (
            required and not value):
        raise PackError(f"{where} must be a {'non-empty ' if required else ''}list of names")
    return tuple(value)


def _text(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise PackError(f"{where}: '{key}' is missing or empty")
    return value.strip()


def _region_infos(data: dict[str, Any], needed: Iterable[str], where: str
                  ) -> tuple[RegionInfo, ...]:
    table = data.get("regions")
    if not isinstance(table, dict):
        raise PackError(f"{where}: no [regions.<ID>] tables describing its regions")
    out = []
    for rid in needed:
        entry = table.get(rid)
        if not isinstance(entry, dict):
            raise PackError(f"{where}: region {rid!r} is used but not described "
                            f"(add a [regions.{rid}] table)")
        at = f"{where} [regions.{rid}]"
        out.append(RegionInfo(id=rid, name=_text(entry, "name", at),
                              country=_text(entry, "country", at),
                              short=str(entry.get("short") or _text(entry, "name", at)),
                              aliases=_strings(entry.get("aliases"), f"{at} aliases",
                                               required=False)))
    return tuple(out)


def _start(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise PackError(f"{where}: 'start' must be a date (YYYY-MM-DD), not {value!r}")


@lru_cache(maxsize=32)
def _load_pack(pack_dir: Path) -> Theater:
    path = pack_dir / PACK_FILE
    data = _read_toml(path)
    head = data.get("theater")
    if not isinstance(head, dict):
        raise PackError(f"{path}: needs a [theater] table")
    slug = _text(head, "slug", str(path))
    if not _SLUG.fullmatch(slug):
        raise PackError(f"{path}: slug {slug!r} must be lower-case letters, digits, - or _")
    sides = load_vocabulary().side_names
    holder, land = _text(head, "holder", str(path)), _text(head, "land", str(path))
    for key, side in (("holder", holder), ("land", land)):
        if side not in sides:
            raise PackError(f"{path}: {key} {side!r} is not a side the reader knows "
                            f"({', '.join(sides)}; see geo/lang/en.yaml)")
    if holder == land:
        raise PackError(f"{path}: holder and land are both {holder!r}; a front is held by one "
                        "side on the other's land")
    region_ids = _strings(head.get("regions"), f"{path}: 'regions'")
    context_ids = tuple(r for r in _strings(head.get("context"), f"{path}: 'context'",
                                             required=False) if r not in region_ids)
    infos = _region_infos(data, region_ids + context_ids, str(path))
    bfile = pack_dir / settings.PACK_BOUNDARIES_FILE
    try:
        boundaries = load_boundaries(bfile)
    except GeodataError as exc:
        raise PackError(f"pack {slug!r}: {exc}") from None
    have = {r.id for r in boundaries.regions}
    missing = [rid for rid in region_ids + context_ids if rid not in have]
    if missing:
        raise PackError(f"pack {slug!r}: {bfile} lacks region {', '.join(missing)}; rebuild it "
                        f"with `python tools/build_pack.py {pack_dir}`")
    if not (pack_dir / settings.PACK_GAZETTEER_FILE).exists():
        raise PackError(f"pack {slug!r}: {pack_dir / settings.PACK_GAZETTEER_FILE} is missing; "
                        f"rebuild it with `python tools/build_pack.py {pack_dir}`")
    theatre_geom = unary_union([boundaries.region(r).geometry for r in region_ids])
    return Theater(
        slug=slug, name=_text(head, "name", str(path)),
        title=str(head.get("title") or head.get("name")), holder=holder, land=land,
        region_ids=region_ids, context_ids=context_ids, start=_start(head.get("start"), str(path)),
        regions=infos, boundaries=boundaries, crs=equal_area_crs(theatre_geom),
        viewbox=_viewbox(boundaries.region(r).geometry for r in region_ids + context_ids),
        pack_dir=pack_dir)


def pack_dirs(extra: Iterable[Path | str] = ()) -> tuple[Path, ...]:
    """Every pack folder: the shipped ones, then those in ``extra`` and ``FRONTLINE_THEATERS``.

    Each entry of ``extra`` (and of the environment variable, separated by
    ``os.pathsep``) is either a pack folder or a folder of packs.
    """
    roots = [PACKS_DIR, *map(Path, extra)]
    env = os.environ.get(settings.THEATERS_ENV, "")
    roots += [Path(p) for p in env.split(os.pathsep) if p.strip()]
    out: list[Path] = []
    for root in roots:
        if (root / PACK_FILE).exists():
            out.append(root.resolve())
        elif root.is_dir():
            out.extend(sorted(p.resolve() for p in root.iterdir() if (p / PACK_FILE).exists()))
        elif root != PACKS_DIR:
            raise PackError(f"{root}: no such theatre pack or folder of packs")
    return tuple(dict.fromkeys(out))


def available_theaters(extra: Iterable[Path | str] = ()) -> tuple[Theater, ...]:
    """Load every pack (see :func:`pack_dirs`); a later pack with a slug already met is refused.

    Raises
    ------
    PackError
        A pack is broken (the message names the pack and the file) or two
        packs share a slug.
    """
    theatres: dict[str, Theater] = {}
    for d in pack_dirs(extra):
        t = _load_pack(d)
        if t.slug in theatres:
            raise PackError(f"two theatre packs are called {t.slug!r}: "
                            f"{theatres[t.slug].pack_dir} and {d}")
        theatres[t.slug] = t
    return tuple(theatres.values())


def load_theater(pack: str | Path, extra: Iterable[Path | str] = ()) -> Theater:
    """One theatre by slug (``"sumy"``) or by pack folder (cached per folder).

    Raises
    ------
    PackError
        No pack has that slug (the message lists those that exist), or the
        pack is broken.
    """
    if isinstance(pack, Path) or (Path(pack) / PACK_FILE).exists():
        return _load_pack(Path(pack).resolve())
    found = {t.slug: t for t in available_theaters(extra)}
    if pack not in found:
        raise PackError(f"no theatre called {pack!r} (known: {', '.join(sorted(found))})")
    return found[str(pack)]
