"""The geocoder chain: overrides, offline gazetteer, a faked Nominatim."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pytest
from geopy.exc import GeocoderRateLimited, GeocoderTimedOut, GeocoderUnavailable
from shapely.geometry import Point

from geo.geocode import (
    ChainGeocoder,
    GazetteerGeocoder,
    Geocoder,
    NominatimGeocoder,
    OverridesError,
    OverridesGeocoder,
    default_geocoder,
    is_non_place,
    resolve_mentions,
)
from geo.models import PlaceMention

from _packs import shipped


def km(lat1, lon1, lat2, lon2):
    return math.hypot((lat2 - lat1) * 111.2, (lon2 - lon1) * 111.2 * math.cos(math.radians(lat1)))


@pytest.fixture()
def offline(tmp_path):
    return default_geocoder(shipped(), overrides_path=tmp_path / "none.csv")


def test_seed_places_resolve(offline):
    sudzha = offline.geocode("Sudzha")
    assert sudzha.provider == "gazetteer" and sudzha.kind == "settlement"
    assert km(sudzha.lat, sudzha.lon, 51.196, 35.264) < 2
    region = offline.geocode("the Kursk region")
    assert (region.kind, region.region_id) == ("region", "RU-KRS")
    kursk = next(t for t in shipped() if t.slug == "kursk")
    assert kursk.region.contains(Point(region.lon, region.lat))
    assert offline.geocode("Sumy region").region_id == "UA-SUM"
    kursk = offline.geocode("Kursk")
    assert kursk.kind == "city" and km(kursk.lat, kursk.lon, 51.730, 36.194) < 3
    assert offline.geocode("Belgorod Oblast").region_id == "RU-BEL"
    assert offline.geocode("Sumy").kind == "city"


@pytest.mark.parametrize("query,expected", [
    ("in Sudzhi", "Sudzha"), ("the village of Plekhovo", "Plekhovo"), ("Korenove", "Korenevo"),
    ("Kozacha Loknia", None), ("Sverdlikova", "Sverdlikovo"), ("Mala Loknia", "Malaya Loknya"),
])
def test_spelling_forms(offline, query, expected):
    res = offline.geocode(query)
    assert (res.resolved_name if res else None) == expected


def test_fuzzy_is_reported_with_its_score(offline):
    res = offline.geocode("Sverdlikova")
    assert res.method == "fuzzy" and 88 <= res.score < 100


def test_namesakes_outside_the_theatre_are_not_chosen(offline):
    # GeoNames lists several Martynovkas (one ~100 km away); only the theatre's is used.
    res = offline.geocode("Martynovka")
    assert km(res.lat, res.lon, 51.241, 35.365) < 2
    # The Kurylivkas in the packages lie in Sumy and Kharkiv oblasts, none by Sudzha; a
    # Kursk story's front geocoder refuses them (tests/test_fronts.py).
    # Two Basivkas in Sumy Oblast: the one by the border (the front), not the one 110 km west.
    basivka = offline.geocode("Basivka")
    assert km(basivka.lat, basivka.lon, 51.186, 35.088) < 1


@pytest.mark.parametrize("name", ["Sky News", "Russia", "Moscow", "Boroda", "Black Bird Group",
                                  "the 47th Mechanized Brigade", "call sign Boroda", "Kremlin"])
def test_non_places_are_not_resolved(offline, name):
    assert offline.geocode(name) is None


def test_is_non_place():
    assert is_non_place("The New York Times") and is_non_place("North Korea")
    assert not is_non_place("Sudzha") and not is_non_place("Kursk region")


def test_overrides_come_first_and_are_picked_up(tmp_path):
    path = tmp_path / "overrides.csv"
    path.write_text("name,lat,lon,kind,note\n# a comment\nSudzha,51.2,35.27,settlement,my check\n"
                    "Imaginary Khutor,51.30,35.10,settlement,from a local map\n", encoding="utf-8")
    chain = default_geocoder(shipped(), overrides_path=path)
    res = chain.geocode("the village of Imaginary Khutor")
    assert (res.provider, res.lat, res.lon) == ("overrides", 51.30, 35.10)
    assert res.source_row == "overrides.csv line 4: from a local map"
    assert chain.geocode("SUDZHA").provider == "overrides"
    assert chain.geocode("Plekhovo").provider == "gazetteer"


@pytest.mark.parametrize("row,message", [
    ("Xville,north,35.1,settlement,", "line 2: lat/lon of 'Xville' are not numbers"),
    ("Xville,95,35.1,settlement,", "impossible coordinate"),
    ("Xville,51,35.1,fortress,", "kind must be"),
])
def test_bad_override_rows_name_file_and_line(tmp_path, row, message):
    path = tmp_path / "o.csv"
    path.write_text(f"name,lat,lon,kind,note\n{row}\n", encoding="utf-8")
    with pytest.raises(OverridesError, match=message):
        OverridesGeocoder(path)


def test_unreadable_overrides_are_errors_naming_the_file(tmp_path):
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("name,lat,lon,kind,note\nK\xf6nigsberg,54.7,20.5,city,\n".encode("latin-1"))
    with pytest.raises(OverridesError, match=r"latin1.csv: not UTF-8 text"):
        OverridesGeocoder(latin1)
    with pytest.raises(OverridesError, match=r": cannot be read \(Is a directory\)"):
        OverridesGeocoder(tmp_path)
    # a pack's own overrides.csv may be absent: no overrides, no error
    assert OverridesGeocoder(tmp_path / "absent.csv").rows == {}
    # both are a ValueError and a FrontlineError (one hierarchy)
    from geo.errors import FrontlineError, GeodataError

    assert issubclass(OverridesError, ValueError) and issubclass(OverridesError, GeodataError)
    assert issubclass(OverridesError, FrontlineError)


def test_shipped_overrides_files_are_valid():
    """Every pack's overrides.csv loads (whatever rows a user has added to it)."""
    from geo import settings

    for t in shipped():
        path = t.file(settings.PACK_OVERRIDES_FILE)
        if path is not None:
            rows = OverridesGeocoder(path).rows
            assert all(-90 <= lat <= 90 and -180 <= lon <= 180
                       for _n, lat, lon, *_rest in rows.values())


class FakeNominatim:
    """Recorded answers standing in for geopy's Nominatim (no network)."""

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    def geocode(self, query, **kwargs):
        self.calls.append((query, kwargs))
        answer = self.answers[query]
        if isinstance(answer, Exception):
            raise answer
        return answer


def _loc(name, lat, lon, osm_id=1):
    return SimpleNamespace(address=f"{name}, Sudzhansky District, Kursk Oblast, Russia",
                           latitude=lat, longitude=lon,
                           raw={"osm_type": "node", "osm_id": osm_id, "type": "village"})


def test_nominatim_fake_success_cache_and_bounds(tmp_path):
    fake = FakeNominatim({"Kazachya Loknya": _loc("Kazachya Loknya", 51.25, 35.28, 42),
                          "Far Namesake": _loc("Far Namesake", 55.0, 60.0)})
    kursk = next(t for t in shipped() if t.slug == "kursk")
    nom = NominatimGeocoder(client=fake, cache_path=tmp_path / "cache.json", min_delay_s=0,
                            viewbox=kursk.viewbox)
    res = nom.geocode("Kazachya Loknya")
    assert (res.provider, res.method, res.source_row) == (
        "nominatim", "online", "nominatim node 42")
    assert fake.calls[0][1]["bounded"] is True and fake.calls[0][1]["country_codes"] == ["ru", "ua"]
    # cached on disk: a new geocoder with the same cache does not call out again
    nom2 = NominatimGeocoder(client=FakeNominatim({}), cache_path=tmp_path / "cache.json")
    assert nom2.geocode("kazachya loknya").lat == 51.25
    assert nom.geocode("Far Namesake") is None  # outside the theatre


@pytest.mark.parametrize("error,text", [
    (GeocoderTimedOut("slow"), "timed out"),
    (GeocoderRateLimited("slow down"), "HTTP 429"),
    (GeocoderUnavailable("down"), "failed"),
])
def test_nominatim_failures_fall_back_cleanly(tmp_path, error, text):
    fake = FakeNominatim({"Gornal": error, "Sudzha": error})
    nom = NominatimGeocoder(client=fake, cache_path=tmp_path / "c.json", min_delay_s=0)
    gaz = GazetteerGeocoder(default_geocoder(shipped()).geocoders[-1].gazetteer)
    chain = ChainGeocoder((OverridesGeocoder(tmp_path / "none.csv"), gaz, nom))
    assert chain.geocode("Gornal") is None
    assert text in nom.last_error
    assert not (tmp_path / "c.json").exists()  # failures are not cached
    assert chain.geocode("Sudzha").provider == "gazetteer"  # never reaches the fake
    assert [q for q, _ in fake.calls] == ["Gornal"]


def test_nominatim_no_result_is_cached(tmp_path):
    fake = FakeNominatim({"Nowhere Khutor": None})
    nom = NominatimGeocoder(client=fake, cache_path=tmp_path / "c.json", min_delay_s=0)
    assert nom.geocode("Nowhere Khutor") is None and nom.geocode("Nowhere Khutor") is None
    assert len(fake.calls) == 1


def test_default_chain_is_offline():
    chain = default_geocoder(shipped())
    assert not any(isinstance(g, NominatimGeocoder) for g in chain.geocoders)
    online = default_geocoder(shipped(), online=True)
    (nominatim,) = [g for g in online.geocoders if isinstance(g, NominatimGeocoder)]
    lon0, lat0, lon1, lat1 = nominatim.viewbox  # searches around every front, nothing wider
    assert 31 < lon0 < 34 and 48 < lat0 < 50 and 38 < lon1 < 41 and 52 < lat1 < 54
    assert all(isinstance(g, Geocoder) for g in chain.geocoders)


def test_resolve_mentions_groups_spellings_and_keeps_unresolved_quotes(offline):
    def m(name, quote):
        return PlaceMention(name, "a.txt", "a.txt", 0, len(name), quote)

    records = resolve_mentions([m("Yunakivka", "Fighting near Yunakivka."),
                                m("Yunakovka", "Russia claims Yunakovka."),
                                m("Zmeyevka Khutor", "They left Zmeyevka Khutor."),
                                m("Sky News", "Sky News reported.")], offline)
    assert len(records) == 2
    resolved = next(r for r in records if r.resolved)
    assert len(resolved.mentions) == 2
    unresolved = next(r for r in records if not r.resolved)
    assert unresolved.mentions[0].quote == "They left Zmeyevka Khutor."


def test_a_cyrillic_name_is_a_place_not_furniture():
    from geo.geocode import is_non_place

    assert not is_non_place("Суджу") and not is_non_place("Курской области")
    assert is_non_place("Sky News")
