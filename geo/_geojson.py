"""GeoJSON geometry with rounded coordinates (smaller files, stable bytes)."""

from __future__ import annotations

from typing import Any

from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry


def round_coords(coords: Any, decimals: int) -> Any:
    """Round every number in a GeoJSON coordinate structure to ``decimals``."""
    if isinstance(coords, (int, float)):
        return round(float(coords), decimals)
    return [round_coords(c, decimals) for c in coords]


def rounded_geometry(geom: BaseGeometry, decimals: int) -> dict[str, Any]:
    """``geom`` as a GeoJSON geometry dict with coordinates rounded."""
    g = mapping(geom)
    return {"type": g["type"], "coordinates": round_coords(g["coordinates"], decimals)}
