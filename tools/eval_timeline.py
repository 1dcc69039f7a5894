"""Compare a build's drawn areas with hand-annotated area figures (``make eval``).

Reads the annotations of an evaluation corpus (``annotations.json``, as in
``../shared/corpus``) and a build's ``timeline.geojson`` and ``figures.csv``,
and prints, per front:

* every annotated held figure with a date, against the area drawn on that
  date (a polygon's target on its own date; between two dates, the straight
  line the every-day build would draw), and the ratio;
* the figures the build derived or marked as outliers, and why;
* the first date drawn against the front's start (no ground before it).

It reads the corpus at run time and copies nothing from it.

With ``-`` for the annotations (a folder nobody annotated, e.g. the seeds),
the build's own reported figures are the reference.

Usage::

    python tools/eval_timeline.py ANNOTATIONS.json|- BUILD_DIR
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import statistics
import sys
from pathlib import Path


def drawn_on(features: list[dict], day: dt.date) -> float | None:
    """The area drawn on ``day`` by one front's features (None before the first)."""
    points = sorted((dt.date.fromisoformat(f["properties"]["date"]),
                     float(f["properties"]["target_km2"])) for f in features)
    before = [p for p in points if p[0] <= day]
    after = [p for p in points if p[0] > day]
    if not before:
        return None
    if before[-1][0] == day or not after:
        return before[-1][1]
    (d0, a), (d1, b) = before[-1], after[0]
    return a + (day - d0).days / (d1 - d0).days * (b - a)


def _own_figures(out: Path) -> dict[str, dict]:
    """The build's reported figures in the annotations' layout (one pseudo-article each)."""
    with (out / "figures.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["kind"] == "reported"]
    return {f"{r['theater']}:{i}": {
        "theater": r["theater"], "published": r["date"],
        "area_claims": [{"measure": "held", "date_referred": r["date"],
                         "value_km2": float(r["km2"]),
                         "claimant": f"{r['claimant']} ({r['series']})"}]}
        for i, r in enumerate(rows)}


def main(argv: list[str]) -> int:
    """Print the comparison; 2 on wrong arguments."""
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    out = Path(argv[1])
    annotations = (_own_figures(out) if argv[0] == "-"
                   else json.loads(Path(argv[0]).read_text(encoding="utf-8")))
    geo = json.loads((out / "timeline.geojson").read_text(encoding="utf-8"))
    by_front: dict[str, list[dict]] = {}
    for f in geo["features"]:
        by_front.setdefault(f["properties"]["theater"], []).append(f)
    starts = {t["theater"]: t.get("start") for t in geo["properties"]["theaters"]}
    with (out / "figures.csv").open(encoding="utf-8") as fh:
        figures = list(csv.DictReader(fh))
    ratios: list[float] = []
    for front in sorted({a["theater"] for a in annotations.values()}):
        feats = by_front.get(front, [])
        print(f"\n== {front}: {len(feats)} dates drawn"
              + (f", first {min(f['properties']['date'] for f in feats)}" if feats else "")
              + (f" (front's start {starts[front]})" if starts.get(front) else ""))
        print(f"  {'date':10}  {'reported':>9}  {'drawn':>9}  {'ratio':>6}  claimant")
        for art in sorted(annotations.values(), key=lambda a: a.get("published") or ""):
            if art["theater"] != front:
                continue
            for c in art["area_claims"]:
                if c["measure"] != "held" or not c.get("date_referred"):
                    continue
                day = dt.date.fromisoformat(c["date_referred"])
                want = float(c["value_km2"])
                got = drawn_on(feats, day)
                ratio = got / want if got is not None and want else None
                if ratio is not None:
                    ratios.append(ratio)
                print(f"  {day}  {want:9.1f}  {'-' if got is None else f'{got:9.1f}':>9}  "
                      f"{'-' if ratio is None else f'{ratio:6.2f}':>6}  {c['claimant'][:60]}")
        for f in figures:
            if f["theater"] == front and (f["kind"] != "reported" or f["outlier"]):
                what = f["outlier"] and f"not drawn: {f['outlier']}" or f["derivation"]
                print(f"  {f['kind']:8} {f['date']} {float(f['km2']):8.1f} km²  {what[:150]}")
    if ratios:
        errors = [abs(r - 1) for r in ratios]
        print(f"\nheld figures compared: {len(ratios)}; median error "
              f"{statistics.median(errors):.0%}; within 15%: "
              f"{sum(e <= 0.15 for e in errors)}/{len(errors)}; off by more than half: "
              f"{sum(e > 0.5 for e in errors)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
