"""Projection helpers: every area and distance is measured in an equal-area CRS.

The CRS (``settings.EQUAL_AREA_CRS``) is a Lambert azimuthal equal-area
projection centred on the theatre, so areas are exact by construction and
distances near the centre are within a fraction of a percent.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from geo import settings


@lru_cache(maxsize=4)
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def _apply(geom: BaseGeometry, src: str, dst: str) -> BaseGeometry:
    tr = _transformer(src, dst)

    def fn(coords: np.ndarray) -> np.ndarray:
        x, y = tr.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


def to_equal_area(geom: BaseGeometry) -> BaseGeometry:
    """Project a WGS84 (lon, lat) geometry to the equal-area CRS (metres)."""
    return _apply(geom, settings.WGS84, settings.EQUAL_AREA_CRS)


def to_wgs84(geom: BaseGeometry) -> BaseGeometry:
    """Project an equal-area geometry (metres) back to WGS84 (lon, lat)."""
    return _apply(geom, settings.EQUAL_AREA_CRS, settings.WGS84)


def area_km2(geom_wgs84: BaseGeometry) -> float:
    """Area of a WGS84 geometry in km², measured in the equal-area CRS."""
    return to_equal_area(geom_wgs84).area / 1e6


def km2_to_sq_mi(km2: float) -> float:
    """Convert square kilometres to square miles."""
    return km2 / settings.KM2_PER_SQ_MI


def sq_mi_to_km2(sq_mi: float) -> float:
    """Convert square miles to square kilometres."""
    return sq_mi * settings.KM2_PER_SQ_MI
