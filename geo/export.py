"""Export: the timelines as GeoJSON and CSV files other tools can read.

``timeline.geojson``: one feature per front and date (properties ``theater``,
``side``, ``date``, ``area_km2``, ``area_sq_mi``, ``claim_ids`` and more);
``claims.csv``: one row per claim with its front and provenance;
``places.csv``: one row per place name as written, per front, with where it
was placed or ``unresolved``; ``figures.csv``: every area figure each front
weighed (reported, derived, implied), whether the drawn area follows it, and
why an outlier is not drawn. Each function takes one front's
:class:`~geo.models.Timeline` or a whole :class:`~geo.pipeline.Atlas`.

The JSON is strict (no ``NaN`` or ``Infinity``), and CSV cells from article
text or file names never start a spreadsheet formula (see
:func:`spreadsheet_cell`).
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, Union

from shapely.geometry import mapping

from geo import settings
from geo.models import Claim, PlaceRecord, Timeline
from geo.timeline import status_changes, status_on

if TYPE_CHECKING:
    from geo.pipeline import Atlas

Source = Union[Timeline, "Atlas"]

CLAIM_COLUMNS = (
    "claim_id", "theater", "source", "source_id", "kind", "value", "unit", "area_km2",
    "range_km2", "area_sq_mi",
    "measure", "qualifier", "side", "side_basis", "place", "action", "date", "date_precision",
    "date_start", "date_end", "date_text", "date_basis", "date_inferred", "claimant",
    "claimant_type", "claimant_side", "confidence", "hedged", "negated", "start", "end",
    "derivation", "inputs", "figure_problem", "quote",
)
FIGURE_COLUMNS = (
    "theater", "date", "km2", "sq_mi", "series", "kind", "drawn", "outlier", "claim_id",
    "claimant", "source", "derivation", "quote",
)
PLACE_COLUMNS = (
    "theater", "name", "resolved_name", "lat", "lon", "status", "kind", "provider", "score",
    "method", "admin1", "admin2", "source_row", "mentions", "sources", "claim_ids", "first_quote",
)


def _round(x: float | None, nd: int = 2) -> float | None:
    """``x`` rounded; None for a missing or non-finite number (strict JSON has neither)."""
    return None if x is None or not math.isfinite(x) else round(x, nd)


def spreadsheet_cell(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return (``settings.CSV_FORMULA_PREFIXES``) gets a leading apostrophe, as
    OWASP recommends against CSV injection; numbers are kept (non-finite ones
    become empty), None becomes empty.

    >>> spreadsheet_cell("=HYPERLINK(1)"), spreadsheet_cell(-3), spreadsheet_cell(None)
    ("'=HYPERLINK(1)", -3, '')
    """
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, str) and value.startswith(settings.CSV_FORMULA_PREFIXES):
        return "'" + value
    return value


def _timelines(source: Source) -> tuple[Timeline, ...]:
    return (source,) if isinstance(source, Timeline) else source.timelines


def _theater_properties(timeline: Timeline) -> dict[str, Any]:
    t = timeline.theater
    return {"theater": t.slug, "name": t.name, "title": t.title, "side": t.holder,
            "land": t.land, "regions": list(t.region_ids), "region_name": t.region_name,
            "start": t.start.isoformat() if t.start else None, "method": timeline.method}


def _features(timeline: Timeline) -> list[dict[str, Any]]:
    features = []
    for p in timeline.polygons:
        features.append({
            "type": "Feature",
            "geometry": mapping(p.geometry),
            "properties": {
                "theater": timeline.theater.slug,
                "date": p.date.isoformat(),
                "side": p.side,
                "area_km2": _round(p.area_km2, 1),
                "area_sq_mi": _round(p.area_sq_mi, 1),
                "target_km2": _round(p.target_km2, 1),
                "basis": p.basis,
                "series": p.series,
                "figure_claim_ids": list(p.figure_claim_ids),
                "range_km2": list(p.range_km2) if p.range_km2 else None,
                "precision": p.precision,
                "gap_days": p.gap_days,
                "why": p.why,
                "claim_ids": list(p.claim_ids),
                "places": {name: status for name, status in p.place_status},
                "notes": list(p.notes),
                "estimate": "Estimated extent derived from reported area figures",
            },
        })
    return features


def timeline_geojson(source: Source) -> dict[str, Any]:
    """The dated polygons of one front, or of every front, as a FeatureCollection (WGS84).

    Every feature names its front (``theater``) and the side whose ground it
    shows (``side``); the collection lists the fronts with their method.
    """
    timelines = _timelines(source)
    return {"type": "FeatureCollection",
            "features": [f for tl in timelines for f in _features(tl)],
            "properties": {"theaters": [_theater_properties(tl) for tl in timelines]}}


def claim_row(c: Claim) -> dict[str, Any]:
    """One ``claims.csv`` row."""
    d = c.date
    return {
        "claim_id": c.claim_id, "theater": c.theater or "", "source": c.source,
        "source_id": c.source_id,
        # a figure the timeline worked out is labelled so: "derived" or "implied"
        "kind": c.claim_id.split(":", 1)[0] if c.derivation else c.kind,
        "value": c.value, "unit": c.unit, "area_km2": _round(c.area_km2),
        "range_km2": f"{c.range_km2[0]:g}-{c.range_km2[1]:g}" if c.range_km2 else "",
        "area_sq_mi": _round(c.area_sq_mi), "measure": c.measure, "qualifier": c.qualifier,
        "side": c.side, "side_basis": c.side_basis, "place": c.place, "action": c.action,
        "date": d.iso() if d else "undated", "date_precision": d.precision if d else "",
        "date_start": d.start.isoformat() if d else "", "date_end": d.end.isoformat() if d else "",
        "date_text": d.text if d else "", "date_basis": d.basis if d else "",
        "date_inferred": d.inferred if d else "", "claimant": c.claimant,
        "claimant_type": c.claimant_type, "claimant_side": c.claimant_side,
        "confidence": round(c.confidence, 2),
        "hedged": c.hedged, "negated": c.negated, "start": c.start, "end": c.end,
        "derivation": c.derivation, "inputs": ";".join(c.inputs),
        "figure_problem": c.figure_problem, "quote": c.quote,
    }


def figure_rows(source: Source) -> list[dict[str, Any]]:
    """``figures.csv`` rows: every area figure each front weighed, drawn or not, and why."""
    rows = []
    for tl in _timelines(source):
        by_id = {c.claim_id: c for c in tl.claims}
        for f in tl.figures:
            c = by_id.get(f.claim_id)
            rows.append({
                "theater": tl.theater.slug, "date": f.date.isoformat(), "km2": f.km2,
                "sq_mi": round(f.km2 / settings.KM2_PER_SQ_MI, 1), "series": f.series,
                "kind": f.kind, "drawn": f.drawn, "outlier": f.outlier, "claim_id": f.claim_id,
                "claimant": c.claimant if c else "", "source": c.source if c else "",
                "derivation": c.derivation if c else "", "quote": c.quote if c else ""})
    return rows


def figures_csv(source: Source) -> str:
    """``figures.csv`` as text."""
    return _csv(figure_rows(source), FIGURE_COLUMNS)


def _place_row(p: PlaceRecord, status: str) -> dict[str, Any]:
    r = p.resolution
    return {
        "theater": p.theater or "", "name": p.name, "resolved_name": r.resolved_name if r else "",
        "lat": round(r.lat, 5) if r else "", "lon": round(r.lon, 5) if r else "",
        "status": status, "kind": r.kind if r else "", "provider": r.provider if r else "",
        "score": round(r.score, 1) if r else "", "method": r.method if r else "",
        "admin1": (r.admin1 or "") if r else "", "admin2": (r.admin2 or "") if r else "",
        "source_row": r.source_row if r else "", "mentions": len(p.mentions),
        "sources": ";".join(sorted({m.source for m in p.mentions})),
        "claim_ids": ";".join(p.claim_ids), "first_quote": p.mentions[0].quote,
    }


def place_rows(source: Source) -> list[dict[str, Any]]:
    """``places.csv`` rows: latest status on each front for placed names, else ``unresolved``.

    For an atlas, the places of stories about no known front follow, with
    the status ``no front``.
    """
    rows = []
    for timeline in _timelines(source):
        changes = status_changes(timeline.claims, timeline.places, timeline.side)
        last_day = timeline.polygons[-1].date if timeline.polygons else None
        for p in timeline.places:
            if p.resolution is None:
                status = "unresolved"
            elif last_day is not None:
                status = status_on(changes.get(p.name, ()), last_day)
            else:
                status = changes[p.name][-1][1] if changes.get(p.name) else "unknown"
            rows.append(_place_row(p, status))
    if not isinstance(source, Timeline):
        rows += [_place_row(p, "no front") for p in source.places if p.theater is None]
    return rows


def _csv(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for row in rows:
        w.writerow({k: spreadsheet_cell(v) for k, v in row.items()})
    return buf.getvalue()


def claims_csv(source: Source) -> str:
    """``claims.csv`` as text (for an atlas, claims about no known front included)."""
    return _csv([claim_row(c) for c in source.claims], CLAIM_COLUMNS)


def places_csv(source: Source) -> str:
    """``places.csv`` as text."""
    return _csv(place_rows(source), PLACE_COLUMNS)


def unresolved(source: Source) -> list[PlaceRecord]:
    """Places that could not be placed on the map."""
    return [p for p in source.places if p.resolution is None]


def write_outputs(source: Source, out_dir: Path | str) -> dict[str, Path]:
    """Write ``timeline.geojson``, ``claims.csv``, ``places.csv`` and ``figures.csv``.

    Returns
    -------
    dict
        Output name -> path written.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "timeline.geojson": json.dumps(timeline_geojson(source), ensure_ascii=False,
                                       allow_nan=False),
        "claims.csv": claims_csv(source),
        "places.csv": places_csv(source),
        "figures.csv": figures_csv(source),
    }
    written = {}
    for name, text in files.items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written[name] = path
    return written
