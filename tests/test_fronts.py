"""Which front a story and each claim is about, decided from the places they name."""

from __future__ import annotations

import csv
import json

import pytest
from shapely.geometry import shape

from geo.cli import main
from geo.fronts import FrontIndex
from geo.models import PlaceMention, Resolution
from geo.pipeline import build

from _packs import shipped

SUMY_STORY = """---
title: Border villages change hands
outlet: Test Wire
published: 2025-05-27
---
Russian forces captured Novenke and Basivka on Monday, Ukraine's border guard service said.

Russian troops now hold about 90 square kilometres in the Sumy region, according to analysts
at an independent monitoring group on Tuesday.
"""

KURSK_STORY = """---
title: Ukraine's foothold in Kursk
outlet: Test Wire
published: 2024-10-02
---
Ukrainian forces still hold Sudzha, the country's general staff said on Tuesday.

Ukrainian troops control about 700 square kilometres of the Kursk region, analysts at an
independent monitoring group said on Tuesday.
"""

TWO_FRONTS = """---
title: Two fronts in one day
outlet: Test Wire
published: 2024-05-15
---
Russian troops captured Hlyboke in the Kharkiv region on Tuesday, the defence ministry in
Moscow said.

Separately, Ukrainian fighters stormed Demidovka in the Belgorod region on Tuesday, the
region's governor said.
"""

NOWHERE = """---
title: Harbour news
outlet: Test Wire
published: 2024-05-15
---
The harbour authority said the new ferry to Islandia will sail twice a day from spring.
Fishermen in Portvale welcomed the news on Tuesday.
"""


@pytest.fixture(scope="module")
def atlas(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fronts")
    for name, text in (("sumy.md", SUMY_STORY), ("kursk.md", KURSK_STORY),
                       ("two.md", TWO_FRONTS), ("nowhere.md", NOWHERE)):
        (folder / name).write_text(text, encoding="utf-8")
    return build(folder, shipped()), folder


def _story(atlas, name):
    return next(a for a in atlas.articles if a.source_id == name)


def test_each_story_gets_the_front_its_places_lie_in(atlas):
    at, _ = atlas
    assert _story(at, "sumy.md").theater == "sumy"
    assert _story(at, "kursk.md").theater == "kursk"
    nowhere = _story(at, "nowhere.md")
    assert nowhere.theater is None
    assert nowhere.topic_note.startswith("names no place inside a known front's regions")


def test_the_verdict_says_which_places_decided_it(atlas):
    at, _ = atlas
    note = _story(at, "sumy.md").topic_note
    assert note.startswith("places in Sumy Oblast: ") and "Novenke" in note and "Basivka" in note


def test_a_story_about_two_fronts_gives_each_its_own_claims(atlas):
    at, _ = atlas
    two = [c for c in at.claims if c.source == "two.md" and c.kind == "event"]
    assert {(c.place, c.side, c.theater) for c in two} == {
        ("Hlyboke", "Russia", "kharkiv"), ("Demidovka", "Ukraine", "belgorod")}
    assert [c.place for c in at.timeline("kharkiv").claims] == ["Hlyboke"]
    assert [c.place for c in at.timeline("belgorod").claims] == ["Demidovka"]


def test_each_front_draws_its_holders_ground_inside_its_regions(atlas):
    at, _ = atlas
    sumy, kursk = at.timeline("sumy"), at.timeline("kursk")
    assert (sumy.side, kursk.side) == ("Russia", "Ukraine")
    for tl, figure in ((sumy, 90), (kursk, 700)):
        (poly,) = [p for p in tl.polygons if p.basis == "reported"]
        assert abs(poly.area_km2 - figure) / figure < 0.02
        assert tl.theater.region.buffer(0.001).contains(poly.geometry)
    assert {c.place for c in sumy.claims if c.kind == "event"} == {"Novenke", "Basivka"}


def test_outputs_name_the_front_of_every_row(atlas, tmp_path):
    at, folder = atlas
    out = tmp_path / "out"
    assert main(["build", str(folder), "--out", str(out)]) == 0
    fc = json.loads((out / "timeline.geojson").read_text(encoding="utf-8"))
    fronts = {(f["properties"]["theater"], f["properties"]["side"]) for f in fc["features"]}
    assert fronts == {("kursk", "Ukraine"), ("sumy", "Russia")}
    for f in fc["features"]:
        front = next(t for t in shipped() if t.slug == f["properties"]["theater"])
        assert front.region.buffer(0.001).contains(shape(f["geometry"]))
    listed = {t["theater"]: t for t in fc["properties"]["theaters"]}
    assert listed["sumy"]["region_name"] == "Sumy Oblast" and listed["sumy"]["land"] == "Ukraine"
    with open(out / "claims.csv", encoding="utf-8") as fh:
        claims = list(csv.DictReader(fh))
    assert {r["theater"] for r in claims if r["source"] == "two.md"} == {"kharkiv", "belgorod"}
    assert {r["theater"] for r in claims if r["source"] == "sumy.md"} == {"sumy"}
    with open(out / "places.csv", encoding="utf-8") as fh:
        places = {(r["theater"], r["name"]) for r in csv.DictReader(fh)}
    assert ("sumy", "Novenke") in places and ("kursk", "Sudzha") in places


def test_report_is_grouped_by_front(atlas, tmp_path, capsys):
    _, folder = atlas
    assert main(["build", str(folder), "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert "== Sumy (sumy): Russian-held ground in Sumy Oblast" in out
    assert "== Kursk (kursk): Ukrainian-held ground in Kursk Oblast" in out
    assert out.index("== Belgorod") < out.index("== Kharkiv") < out.index("== Kursk")


def test_theater_option_forces_one_front(atlas, tmp_path, capsys):
    _, folder = atlas
    assert main(["build", str(folder), "--out", str(tmp_path / "o"), "--theater", "sumy"]) == 0
    fc = json.loads((tmp_path / "o" / "timeline.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["theater"] for f in fc["features"]} == {"sumy"}
    out = capsys.readouterr().out
    assert "kursk.md: Test Wire, 2024-10-02 (front matter) [sumy]" in out


def test_render_with_several_fronts_asks_for_one(atlas, tmp_path, capsys):
    _, folder = atlas
    assert main(["render", str(folder), "--out", str(tmp_path / "m.png")]) == 2
    assert "covers 2 fronts with polygons (kursk, sumy); choose one with --theater" in \
        capsys.readouterr().err
    assert main(["render", str(folder), "--theater", "sumy", "--out",
                 str(tmp_path / "m.png")]) == 0
    assert "Map of Sumy Oblast" in capsys.readouterr().out


# --- the index itself --------------------------------------------------------------------
def _res(name, lat, lon, kind="settlement", region_id=None):
    return Resolution(name, name, lat, lon, kind, "gazetteer", 100.0, "exact",
                      region_id=region_id)


def test_front_of_points_and_regions():
    index = FrontIndex(shipped())
    assert index.front_of(_res("Sudzha", 51.191, 35.271)).slug == "kursk"
    assert index.front_of(_res("Vovchansk", 50.29, 36.94)).slug == "kharkiv"
    assert index.front_of(_res("Sumy Oblast", 51.2, 33.8, "region", "UA-SUM")).slug == "sumy"
    assert index.front_of(_res("Kyiv", 50.45, 30.52)) is None
    assert index.front_of(None) is None


def test_regions_named_weigh_more_than_a_village():
    index = FrontIndex(shipped())
    mentions = [PlaceMention(n, "a", "a", 0, 1, "") for n in ("Sudzha", "the Sumy region")]
    resolve = {"Sudzha": _res("Sudzha", 51.191, 35.271),
               "the Sumy region": _res("Sumy Oblast", 51.2, 33.8, "region", "UA-SUM")}
    verdict = index.story_front(mentions, resolve)
    assert verdict.theater == "sumy" and verdict.scores == (("sumy", 2), ("kursk", 1))


def test_a_far_namesake_is_no_place_of_the_front():
    index = FrontIndex(shipped())
    kursk = next(t for t in shipped() if t.slug == "kursk")
    far = _res("Kurylivka", 49.66, 37.70)  # a Kharkiv village, 200 km from Kursk Oblast
    near = _res("Yunakivka", 51.12, 35.04)  # a Sumy village by the Kursk border
    assert index.plausible(far, kursk) is None
    assert index.plausible(near, kursk) is near
    assert index.plausible(_res("Kharkiv", 49.99, 36.23, "city"), kursk) is not None


