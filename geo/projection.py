"""Projection helpers: every area and distance is measured in an equal-area CRS.

Each theatre has its own Lambert azimuthal equal-area projection centred on
its regions (:attr:`geo.theater.Theater.crs`), so areas are exact by
construction and distances near the theatre are within a fraction of a
percent. Functions take the CRS explicitly; there is no global one.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TypeVar

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from geo import settings

#: A geometry keeps its type through a projection (a Point stays a Point).
_G = TypeVar("_G", bound=BaseGeometry)


@lru_cache(maxsize=32)
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def _apply(geom: _G, src: str, dst: str) -> _G:
    tr = _transformer(src, dst)

    def fn(coords: np.ndarray) -> np.ndarray:
        x, y = tr.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def points_to_equal_area(lon: Sequence[float], lat: Sequence[float], crs: str) -> np.ndarray:
    """Points given as (lon, lat) sequences, projected to ``crs``: an array of shapely Points."""
    x, y = _transformer(settings.WGS84, crs).transform(np.asarray(lon, dtype=float),
                                                       np.asarray(lat, dtype=float))
    return np.asarray(shapely.points(np.column_stack([x, y])))


def laea_crs(lon: float, lat: float) -> str:
    """A Lambert azimuthal equal-area CRS centred on (lon, lat), to 0.01°."""
    return f"+proj=laea +lat_0={lat:.2f} +lon_0={lon:.2f} +datum=WGS84 +units=m +no_defs"


def to_equal_area(geom: _G, crs: str) -> _G:
    """Project a WGS84 (lon, lat) geometry to the equal-area ``crs`` (metres)."""
    return _apply(geom, settings.WGS84, crs)


def to_wgs84(geom: _G, crs: str) -> _G:
    """Project a geometry in ``crs`` (metres) back to WGS84 (lon, lat)."""
    return _apply(geom, crs, settings.WGS84)


def area_km2(geom_wgs84: BaseGeometry, crs: str | None = None) -> float:
    """Area of a WGS84 geometry in km², measured in an equal-area projection.

    Parameters
    ----------
    geom_wgs84 : shapely geometry
    crs : str, optional
        The equal-area CRS to measure in (a theatre's); by default one
        centred on the geometry itself (any Lambert azimuthal equal-area
        projection gives the same area).
    """
    if geom_wgs84.is_empty:
        return 0.0
    if crs is None:
        c = geom_wgs84.centroid
        crs = laea_crs(c.x, c.y)
    return to_equal_area(geom_wgs84, crs).area / 1e6


def km2_to_sq_mi(km2: float) -> float:
    """Convert square kilometres to square miles."""
    return km2 / settings.KM2_PER_SQ_MI


def sq_mi_to_km2(sq_mi: float) -> float:
    """Convert square miles to square kilometres."""
    return sq_mi * settings.KM2_PER_SQ_MI
