"""Read a theatre pack's boundaries (``geo/theaters/<slug>/boundaries.geojson``).

The file is built by ``tools/build_pack.py``: region outlines (Natural Earth
internal lines, OpenStreetMap state border), the state border along the
pack's theatre regions (cut from their outlines, so it lies exactly on their
edge), and settlement labels for an offline basemap.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.errors import BoundaryDataError
from geo.models import Boundaries, Label, Region


def _valid(geom: BaseGeometry) -> BaseGeometry:
    """An outline made valid if it is not (a hand-made or rounded one may cross itself)."""
    if geom.is_valid:
        return geom
    fixed = shapely.make_valid(geom)
    parts = [g for g in getattr(fixed, "geoms", [fixed])
             if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else fixed


@lru_cache(maxsize=32)
def load_boundaries(path: Path | str) -> Boundaries:
    """Read a boundaries GeoJSON (cached per path; about 20 ms the first time).

    Parameters
    ----------
    path : Path or str
        A boundaries GeoJSON written by ``tools/build_pack.py``.

    Returns
    -------
    Boundaries
        ``regions`` (WGS84), ``border`` (the state border the ground grows
        from), ``labels`` (settlements to label, largest first) and
        ``credits`` (attribution lines the licences require).

    Raises
    ------
    BoundaryDataError
        If the file is missing, is not JSON, or has no region or no border.
    """
    file = Path(path)
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        features = data["features"]
        regions: list[Region] = []
        border = None
        labels: list[Label] = []
        for feat in features:
            props = feat.get("properties") or {}
            kind = props.get("kind")
            if kind == "region":
                regions.append(Region(id=props["id"], name=props["name"],
                                      country=props["country"],
                                      geometry=_valid(shape(feat["geometry"])),
                                      source=props.get("source", "")))
            elif kind == "border":
                border = shape(feat["geometry"])
            elif kind == "label":
                lon, lat = feat["geometry"]["coordinates"]
                labels.append(Label(name=props["name"], lat=lat, lon=lon,
                                    population=int(props.get("population") or 0),
                                    admin1=props.get("admin1", "")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise BoundaryDataError(f"cannot read boundaries from {file}: {reason}") from None
    if not regions or border is None:
        raise BoundaryDataError(f"{file} has {'no region' if not regions else 'no border'}")
    labels.sort(key=lambda lab: (-lab.population, lab.name))
    return Boundaries(regions=tuple(regions), border=border, labels=tuple(labels),
                      credits=tuple(data.get("credits", ())))
