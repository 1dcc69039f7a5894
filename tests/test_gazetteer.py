"""The offline gazetteer: coverage, spelling variants, namesakes, text spotting."""

from __future__ import annotations

import math

import pytest
from shapely.geometry import Point

from geo.gazetteer import cyrillic_bases, declensions, find_place_names, in_front_zone

from _packs import shipped


def km(lat1, lon1, lat2, lon2):
    return math.hypot((lat2 - lat1) * 111.2, (lon2 - lon1) * 111.2 * math.cos(math.radians(lat1)))


def test_size_and_coverage(gazetteer):
    gaz = gazetteer
    per = {rid: sum(1 for p in gaz.places if p.region_id == rid and p.kind != "region")
           for rid in ("RU-KRS", "RU-BEL", "UA-SUM", "UA-KHA")}
    assert per["RU-KRS"] > 300 and per["RU-BEL"] > 200
    assert per["UA-SUM"] > 1500 and per["UA-KHA"] > 2000  # with Who's On First's villages
    settlements = [p for p in gaz.places if p.kind != "region"]
    # only Who's On First rows may lack a Cyrillic name (they carry Latin ones)
    assert all(p.name_ru and p.name_uk for p in settlements if "wof" not in p.source_row)
    assert all(p.name for p in settlements)


def test_every_settlement_lies_in_or_next_to_its_oblast(gazetteer):
    grown = {r.id: r.geometry.buffer(0.05)  # ~3.5-5.5 km
             for t in shipped() for r in t.boundaries.regions}
    outside = [p for p in gazetteer.places
               if not grown[p.region_id].contains(Point(p.lon, p.lat))]
    assert outside == []


# Ten villages/towns, each written from Russian and from Ukrainian transliteration,
# with the oblast of the story's front.
TEN = [
    ("Kurilovka", "Kurylivka", "UA-SUM"),  # the Kursk one is missing from the packages
    ("Korenevo", "Korenove", "RU-KRS"),
    ("Guyevo", "Huieve", "RU-KRS"),
    ("Martynovka", "Martynivka", "RU-KRS"),
    ("Bolshoye Soldatskoye", "Velyke Soldatske", "RU-KRS"),
    ("Malaya Loknya", "Mala Loknia", "RU-KRS"),
    ("Yunakovka", "Yunakivka", "UA-SUM"),
    ("Basovka", "Basivka", "UA-SUM"),
    ("Glushkovo", "Hlushkove", "RU-KRS"),
    ("Sverdlikovo", "Sverdlykove", "RU-KRS"),
]


@pytest.mark.parametrize("ru_style,uk_style,region", TEN)
def test_spelling_variants_resolve_to_the_same_entry(ru_style, uk_style, region, gazetteer):
    """Within a story's front both spellings find the same village."""
    gaz = gazetteer
    front = frozenset({region})
    a, b = gaz.lookup(ru_style, front), gaz.lookup(uk_style, front)
    assert a and b, (ru_style, uk_style)
    assert a[0].place.id == b[0].place.id and a[0].place.region_id == region


def test_case_apostrophes_and_declension(gazetteer):
    gaz = gazetteer
    sudzha = gaz.lookup("Sudzha")[0].place
    assert km(sudzha.lat, sudzha.lon, 51.196, 35.264) < 2
    for spelling in ("SUDZHA", "sudzha", "Sudža", "Sudzhi", "Sudzhe"):
        assert gaz.lookup(spelling)[0].place.id == sudzha.id, spelling
    assert gaz.lookup("Sudzhi")[0].method == "declension"
    assert gaz.lookup("Kazach'ya Loknya") == []  # not in any package: stays unknown


def test_declension_forms():
    assert {"sudzhi", "sudzhe", "sudzhu"} <= declensions("sudzha")
    assert {"kurska", "kurske"} <= declensions("kursk")
    assert declensions("korenevo") == set()


def test_namesakes_prefer_the_front(gazetteer):
    gaz = gazetteer
    lgov = gaz.lookup("Lgov")
    assert len(lgov) == 2 and in_front_zone(lgov[0].place)
    # the story's front decides between namesakes, even by a looser spelling
    assert gaz.lookup("Martynivka", frozenset({"RU-KRS"}))[0].place.region_id == "RU-KRS"
    assert gaz.lookup("Martynivka")[0].place.country == "UA"  # exact Ukrainian spelling


def test_fuzzy_needs_a_high_score(gazetteer):
    gaz = gazetteer
    hit = gaz.lookup_fuzzy("Sverdlikova")
    assert hit is not None and hit.place.name == "Sverdlikovo" and 88 <= hit.score < 100
    assert gaz.lookup_fuzzy("Sverdlovsk") is None


def test_find_place_names_in_own_sentences(gazetteer):
    text = ("Fighting moved from the Kursk region toward Sumy Oblast on Friday. Near Sudzha, "
            "troops dug in; Sudzhi's outskirts and the village of Plekhovo were shelled, said "
            "Sky News. Kazachya Loknya was quiet. In Korenyevo district the Kursk Nuclear Power "
            "Plant's staff left.")
    spans = find_place_names(text, gazetteer)
    names = [s for _, _, s in spans]
    assert names == ["the Kursk region", "Sumy Oblast", "Sudzha", "Sudzhi", "Plekhovo"]
    for start, end, surface in spans:
        assert text[start:end] == surface


def test_find_place_names_cyrillic_and_lowercase(gazetteer):
    spans = find_place_names("Бои в районе Суджа; Курская область, Сумщина", gazetteer)
    assert [s for _, _, s in spans] == ["Суджа", "Курская область", "Сумщина"]
    assert find_place_names("the sudzha road", gazetteer) == []  # lower case is not a name


@pytest.mark.parametrize("text, name", [
    ("Российские войска вошли в Суджу.", "Sudzha"),        # accusative
    ("Бої тривають біля Суджі.", "Sudzha"),                # Ukrainian genitive
    ("Бои у Суджи продолжаются.", "Sudzha"),               # Russian genitive
    ("Подразделения закрепились в Судже.", "Sudzha"),      # prepositional
    ("Обстрел в Курской области.", "Kursk Oblast"),        # both words declined
    ("Обстріли в Курській області.", "Kursk Oblast"),
])
def test_cyrillic_inflected_names_are_found_and_placed(text, name, gazetteer):
    (span,) = find_place_names(text, gazetteer)
    (hit, *_) = gazetteer.lookup(span[2])
    assert (hit.place.name, hit.method) == (name, "declension")


def test_cyrillic_inflected_forms_go_back_to_their_nominatives():
    assert "суджа" in cyrillic_bases("суджі") and "суджа" in cyrillic_bases("суджей")
    assert "курск" in cyrillic_bases("курском") and "курськ" in cyrillic_bases("курську")
    assert "курская область" in cyrillic_bases("курской области")
    assert cyrillic_bases("лес") == ["лес"]  # too short to take apart safely


def _case_examples():
    import yaml

    from geo.gazetteer import CASES_PATH

    data = yaml.safe_load(CASES_PATH.read_text(encoding="utf-8"))
    return [(e["nominative"], *e["example"]) for e in data["endings"]] + [
        ("(consonant)", *data["consonant_example"])]


@pytest.mark.parametrize("ending, nominative, inflected", _case_examples())
def test_each_case_ending_takes_its_example_back_to_the_nominative(ending, nominative,
                                                                   inflected):
    from geo.gazetteer import match_key

    assert match_key(nominative) in cyrillic_bases(match_key(inflected))


def test_a_malformed_case_file_is_named(tmp_path):
    from geo.errors import GeodataError
    from geo.gazetteer import case_endings

    bad = tmp_path / "cases.yaml"
    bad.write_text("endings:\n  - {nominative: а, cases: oops}\n", encoding="utf-8")
    with pytest.raises(GeodataError, match=r"cases\.yaml: endings entry 1 needs"):
        case_endings(bad)
