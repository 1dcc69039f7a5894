"""Load the theatre's boundaries shipped in ``assets/boundaries.geojson``.

The file is built by ``python -m geo.assets``: Kursk, Belgorod and Sumy
oblast outlines (Natural Earth internal lines, OpenStreetMap state border),
the Russia-Ukraine border cut from the Russian outlines (so it lies exactly
on their edge), and settlement labels for an offline basemap.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from shapely.geometry import shape

from geo import settings
from geo.models import Boundaries, Label, Region


class BoundaryDataError(RuntimeError):
    """The boundary file is missing or unreadable."""


@lru_cache(maxsize=4)
def load_boundaries(path: Path | str | None = None) -> Boundaries:
    """Read the theatre boundaries (cached; about 20 ms the first time).

    Parameters
    ----------
    path : Path or str, optional
        A boundaries GeoJSON written by ``python -m geo.assets``; the shipped
        ``assets/boundaries.geojson`` by default.

    Returns
    -------
    Boundaries
        ``regions`` (RU-KRS, RU-BEL, UA-SUM, WGS84), ``border`` (the RU-UA
        border along Kursk and Belgorod oblasts), ``labels`` (settlements of
        at least :data:`geo.settings.LABEL_MIN_POPULATION` people, largest
        first) and ``credits`` (attribution lines the licences require).

    Raises
    ------
    BoundaryDataError
        If the file is missing, is not JSON, or lacks a region or the border.
    """
    file = Path(path) if path is not None else settings.BOUNDARIES_FILE
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        features = data["features"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BoundaryDataError(f"cannot read boundaries from {file}: {exc}; "
                                "rebuild it with `python -m geo.assets`") from exc
    regions: list[Region] = []
    border = None
    labels: list[Label] = []
    for feat in features:
        props = feat.get("properties") or {}
        kind = props.get("kind")
        if kind == "region":
            regions.append(Region(id=props["id"], name=props["name"], country=props["country"],
                                  geometry=shape(feat["geometry"]), source=props.get("source", "")))
        elif kind == "border":
            border = shape(feat["geometry"])
        elif kind == "label":
            lon, lat = feat["geometry"]["coordinates"]
            labels.append(Label(name=props["name"], lat=lat, lon=lon,
                                population=int(props.get("population") or 0),
                                admin1=props.get("admin1", "")))
    missing = [rid for rid in settings.THEATER_REGIONS if rid not in {r.id for r in regions}]
    if missing or border is None:
        raise BoundaryDataError(f"{file} lacks {', '.join(missing) or 'the border'}; "
                                "rebuild it with `python -m geo.assets`")
    labels.sort(key=lambda lab: (-lab.population, lab.name))
    return Boundaries(regions=tuple(regions), border=border, labels=tuple(labels),
                      credits=tuple(data.get("credits", ())))
