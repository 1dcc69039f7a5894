"""Theatre packs: loading, errors naming pack and file, and a front added without code."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from shapely.geometry import LineString, Point, box, shape

from geo.cli import main
from geo.errors import FrontlineError, PackError
from geo.pipeline import build
from geo.theater import PACKS_DIR, available_theaters, load_theater, pack_dirs

from _packs import shipped


# --- the shipped packs ----------------------------------------------------------------
@pytest.mark.parametrize("slug,holder,land,regions,name", [
    ("kursk", "Ukraine", "Russia", ("RU-KRS",), "Kursk Oblast"),
    ("sumy", "Russia", "Ukraine", ("UA-SUM",), "Sumy Oblast"),
    ("belgorod", "Ukraine", "Russia", ("RU-BEL",), "Belgorod Oblast"),
    ("kharkiv", "Russia", "Ukraine", ("UA-KHA",), "Kharkiv Oblast"),
])
def test_shipped_packs_say_who_holds_whose_land(slug, holder, land, regions, name):
    t = load_theater(slug)
    assert (t.holder, t.land, t.region_ids, t.region_name) == (holder, land, regions, name)
    adjective = "Ukrainian" if holder == "Ukraine" else "Russian"
    assert t.headline == f"{adjective}-held ground in {name}"
    assert t.crs.startswith("+proj=laea") and t.boundaries.border.length > 0
    c = t.region.centroid  # the projection is centred on the theatre
    assert f"+lat_0={c.y:.2f}" in t.crs and f"+lon_0={c.x:.2f}" in t.crs
    lon0, lat0, lon1, lat1 = t.viewbox  # the online geocoder's box holds the theatre
    minx, miny, maxx, maxy = t.region.bounds
    assert lon0 < minx and lat0 < miny and lon1 > maxx and lat1 > maxy


def test_start_dates_are_data():
    assert load_theater("kursk").start == dt.date(2024, 8, 6)
    assert load_theater("kharkiv").start == dt.date(2024, 5, 10)
    assert load_theater("sumy").start is None


def test_packs_are_cached_per_folder_and_two_fronts_live_side_by_side():
    a, b = load_theater("kursk"), load_theater("sumy")
    assert load_theater("kursk") is a and load_theater(PACKS_DIR / "kursk") is a
    assert a.crs != b.crs and a.holder != b.holder


def test_unknown_slug_lists_the_known_ones():
    with pytest.raises(PackError, match=r"no theatre called 'donbas' \(known: belgorod, "
                                         r"kharkiv, kursk, sumy\)"):
        load_theater("donbas")


# --- broken packs: one message naming pack and file -------------------------------------
def _copy_pack(src: str, dest: Path) -> Path:
    shutil.copytree(PACKS_DIR / src, dest)
    return dest


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_missing_theater_toml(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(PackError, match=r"empty: not a theatre pack \(no theater.toml\)"):
        load_theater(tmp_path / "empty")


def test_malformed_toml_names_the_file(tmp_path):
    pack = _copy_pack("kursk", tmp_path / "broken")
    (pack / "theater.toml").write_text("[theater\nslug = 'x'\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"broken/theater.toml: malformed TOML"):
        load_theater(pack)


def test_unknown_side_and_same_sides(tmp_path):
    pack = _copy_pack("kursk", tmp_path / "p1")
    _edit(pack / "theater.toml", 'holder = "Ukraine"', 'holder = "Atlantis"')
    with pytest.raises(PackError, match=r"holder 'Atlantis' is not a side the reader knows "
                                        r"\(Ukraine, Russia; see geo/lang/en.yaml\)"):
        load_theater(pack)
    pack2 = _copy_pack("kursk", tmp_path / "p2")
    _edit(pack2 / "theater.toml", 'holder = "Ukraine"', 'holder = "Russia"')
    with pytest.raises(PackError, match="holder and land are both 'Russia'"):
        load_theater(pack2)


def test_region_the_boundaries_lack(tmp_path):
    pack = _copy_pack("kursk", tmp_path / "p")
    _edit(pack / "theater.toml", 'context = ["UA-SUM", "RU-BEL"]',
          'context = ["UA-SUM", "RU-BEL", "UA-KHA"]')
    _edit(pack / "theater.toml", "[regions.UA-SUM]",
          '[regions.UA-KHA]\nname = "Kharkiv Oblast"\ncountry = "UA"\n\n[regions.UA-SUM]')
    with pytest.raises(PackError, match=r"pack 'kursk': .*p/boundaries.geojson lacks region "
                                        r"UA-KHA; rebuild it with `python tools/build_pack.py"):
        load_theater(pack)


def test_region_used_but_not_described(tmp_path):
    pack = _copy_pack("kursk", tmp_path / "p")
    _edit(pack / "theater.toml", 'regions = ["RU-KRS"]', 'regions = ["RU-KRS", "RU-BRY"]')
    with pytest.raises(PackError, match=r"region 'RU-BRY' is used but not described "
                                        r"\(add a \[regions.RU-BRY\] table\)"):
        load_theater(pack)


def test_missing_gazetteer_and_unreadable_boundaries(tmp_path):
    pack = _copy_pack("kursk", tmp_path / "p")
    (pack / "gazetteer.csv").unlink()
    with pytest.raises(PackError, match=r"p/gazetteer.csv is missing"):
        load_theater(pack)
    pack2 = _copy_pack("kursk", tmp_path / "q")
    (pack2 / "boundaries.geojson").write_text("{not json", encoding="utf-8")
    with pytest.raises(PackError, match=r"pack 'kursk': cannot read boundaries from .*q/"
                                        r"boundaries.geojson"):
        load_theater(pack2)


def test_bad_start_date(tmp_path):
    pack = _copy_pack("kursk", tmp_path / "p")
    _edit(pack / "theater.toml", "start = 2024-08-06", 'start = "August"')
    with pytest.raises(PackError, match=r"'start' must be a date \(YYYY-MM-DD\), not 'August'"):
        load_theater(pack)


def test_two_packs_with_one_slug_are_refused(tmp_path):
    _copy_pack("kursk", tmp_path / "extra" / "kursk2")
    with pytest.raises(PackError, match="two theatre packs are called 'kursk'"):
        available_theaters([tmp_path / "extra"])


def test_cli_broken_pack_and_unknown_theater_exit_2_in_one_line(tmp_path, capsys, seeds_dir):
    pack = _copy_pack("sumy", tmp_path / "packs" / "mine")
    _edit(pack / "theater.toml", 'slug = "sumy"', 'slug = "mine"')
    (pack / "gazetteer.csv").unlink()
    assert main(["build", str(seeds_dir), "--out", str(tmp_path / "o"), "--packs",
                 str(tmp_path / "packs")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: pack 'mine': ") and "gazetteer.csv is missing" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert main(["build", str(seeds_dir), "--out", str(tmp_path / "o"),
                 "--theater", "donbas"]) == 2
    assert ("--theater: no front called 'donbas' (known: belgorod, kharkiv, kursk, sumy)"
            in capsys.readouterr().err)


def test_cli_typo_in_a_packs_overrides_is_one_line_and_status_2(tmp_path, capsys, seeds_dir):
    """A typo in a pack's own overrides.csv is the user's to mend, not an internal error."""
    pack = _copy_pack("sumy", tmp_path / "packs" / "mine")
    _edit(pack / "theater.toml", 'slug = "sumy"', 'slug = "mine"')
    (pack / "overrides.csv").write_text("name,lat,lon,kind,note\nNovenke,51.4,34,6,village,\n",
                                        encoding="utf-8")
    assert main(["build", str(seeds_dir), "--out", str(tmp_path / "o"), "--packs",
                 str(tmp_path / "packs")]) == 2
    err = capsys.readouterr().err
    assert err == (f"error: {pack / 'overrides.csv'}: line 2: kind must be settlement, city or "
                   "region, not '6'\n")
    assert not (tmp_path / "o").exists()


# --- a fifth front, made without code ----------------------------------------------------
def _tiny_pack(root: Path) -> Path:
    """A made-up front: Russia holds ground in "Test Oblast", north of a straight border."""
    pack = root / "testland"
    pack.mkdir(parents=True)
    (pack / "theater.toml").write_text('''
[theater]
slug = "testland"
name = "Testland"
title = "A made-up offensive"
holder = "Russia"
land = "Ukraine"
regions = ["UA-TST"]
context = ["RU-NBR"]

[regions.UA-TST]
name = "Test Oblast"
country = "UA"
short = "Testov"

[regions.RU-NBR]
name = "Neighbour Oblast"
country = "RU"
''', encoding="utf-8")
    # dense outlines: a 4-corner box would bend between its corners once projected
    oblast = box(30.0, 46.0, 31.0, 46.8).segmentize(0.01)
    neighbour = box(30.0, 46.8, 31.0, 47.4).segmentize(0.01)
    features = [
        {"type": "Feature", "geometry": oblast.__geo_interface__,
         "properties": {"kind": "region", "id": "UA-TST", "name": "Test Oblast", "country": "UA"}},
        {"type": "Feature", "geometry": neighbour.__geo_interface__,
         "properties": {"kind": "region", "id": "RU-NBR", "name": "Neighbour Oblast",
                        "country": "RU"}},
        {"type": "Feature", "geometry": LineString([(30.0, 46.8), (31.0, 46.8)]).segmentize(
            0.01).__geo_interface__,
         "properties": {"kind": "border"}},
    ]
    (pack / "boundaries.geojson").write_text(json.dumps(
        {"type": "FeatureCollection", "credits": ["Made up for a test"], "features": features}),
        encoding="utf-8")
    rows = ["id,name,name_ru,name_uk,variants,lat,lon,kind,country,region_id,admin1,admin2,"
            "population,source_row",
            "t1,Zorivka,,,Zorevka,46.75,30.40,settlement,UA,UA-TST,Test Oblast,,,made up",
            "t2,Lisove,,,Lesovoye,46.70,30.60,settlement,UA,UA-TST,Test Oblast,,,made up"]
    (pack / "gazetteer.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return pack


TINY_ARTICLE = """---
title: Test offensive
outlet: Test Wire
published: 2026-05-20
---
Russian forces captured Zorivka on Monday, the Test Oblast governor said.

Russian troops now hold about 150 square kilometres of the Testov region, analysts at a
monitoring group said on Tuesday.
"""


def test_a_pack_in_a_temporary_folder_is_a_front(tmp_path, monkeypatch):
    _tiny_pack(tmp_path / "packs")
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "t.md").write_text(TINY_ARTICLE, encoding="utf-8")
    monkeypatch.setenv("FRONTLINE_THEATERS", str(tmp_path / "packs"))
    theaters = available_theaters()
    assert [t.slug for t in theaters][-1] == "testland"
    atlas = build(articles, theaters)
    (tl,) = atlas.timelines
    assert tl.theater.slug == "testland" and tl.side == "Russia"
    assert atlas.articles[0].theater == "testland"
    poly = tl.polygon_on(dt.date(2026, 5, 19))
    assert poly.date == dt.date(2026, 5, 19) and poly.basis == "reported"
    assert abs(poly.area_km2 - 150) < 3
    region = box(30.0, 46.0, 31.0, 46.8).buffer(1e-4)  # ~10 m of reprojection rounding
    assert region.contains(poly.geometry)  # grows from the made-up border, stays in its region
    events = [c for c in tl.claims if c.kind == "event"]
    assert [(c.place, c.side, c.action, c.theater) for c in events] == [
        ("Zorivka", "Russia", "captured", "testland")]
    zorivka = next(p for p in tl.places if p.name == "Zorivka")
    assert zorivka.resolution.lat == 46.75 and poly.geometry.contains(Point(30.40, 46.75))
    # the command line finds the pack too, and writes the front into every output
    out = tmp_path / "out"
    assert main(["build", str(articles), "--out", str(out)]) == 0
    fc = json.loads((out / "timeline.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["theater"] for f in fc["features"]} == {"testland"}
    assert shape(fc["features"][0]["geometry"]).within(region)


def test_pack_dirs_accepts_a_pack_or_a_folder_of_packs(tmp_path):
    pack = _tiny_pack(tmp_path / "packs")
    assert pack_dirs([pack])[-1] == pack.resolve()
    assert pack_dirs([tmp_path / "packs"])[-1] == pack.resolve()
    with pytest.raises(FrontlineError, match="no such theatre pack or folder of packs"):
        pack_dirs([tmp_path / "nowhere"])


def test_shipped_packs_are_found(theaters):
    assert [t.slug for t in shipped()] == ["belgorod", "kharkiv", "kursk", "sumy"]
    assert [t.slug for t in theaters] == ["belgorod", "kharkiv", "kursk", "sumy"]
