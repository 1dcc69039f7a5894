"""Transliteration of Russian and Ukrainian place names, and match keys.

A Russian village near the border is written several ways in English
reporting: from its Russian name in BGN/PCGN ("Kazach'ya Loknya"), in the
Wikipedia/news style ("Kazachya Loknya"), passport style ("Kazachia Loknia"),
or from its *Ukrainian* name in the official Ukrainian system ("Kozacha
Loknia"). This module produces those spellings (``iuliia`` for Russian,
``translitua`` for Ukrainian), turns a Russian name into its likely Ukrainian
form with cheap rules (and back), and defines the normalised key every match
is made on.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import iuliia
from translitua import translit as _translit_uk

#: Russian schemes, canonical (Wikipedia / news style) first.
_RU_SCHEMES = ("WIKIPEDIA", "BGN_PCGN", "ICAO_DOC_9303", "YANDEX_MAPS", "MOSMETRO", "TELEGRAM")
_APOSTROPHES = "'’ʼʹ`´‘"
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u0301\u0300\u200b\u200c\u200d·"), None)

#: Whole-word Russian -> Ukrainian equivalents common in place names.
_RU_UK_WORDS = {
    "большое": "велике", "большая": "велика", "большой": "великий", "большие": "великі",
    "малое": "мале", "малая": "мала", "малый": "малий", "малые": "малі",
    "новое": "нове", "новая": "нова", "новый": "новий", "новые": "нові",
    "старое": "старе", "старая": "стара", "старый": "старий", "старые": "старі",
    "казачья": "козача", "казачье": "козаче", "казачий": "козачий",
    "русская": "руська", "русское": "руське", "русские": "руські",
    "верхний": "верхній", "нижний": "нижній", "верхние": "верхні", "нижние": "нижні",
    "красная": "красна", "красное": "красне", "красный": "красний",
}
_RU_UK_PREFIXES = (("никол", "микол"), ("александр", "олександр"), ("алексе", "олексі"),
                   ("иван", "іван"), ("ильин", "іллін"), ("евген", "євген"))
#: Ending rules applied to the last letters of a word, first match wins.
_RU_UK_ENDINGS = (
    ("еевка", "іївка"), ("аевка", "аївка"), ("оевка", "оївка"), ("иевка", "іївка"),
    ("ьевка", "ївка"), ("овка", "івка"), ("евка", "івка"), ("ёвка", "івка"),
    ("ское", "ське"), ("ская", "ська"), ("ский", "ський"), ("ской", "ський"),
    ("цкое", "цьке"), ("цкая", "цька"), ("цкий", "цький"),
    ("ьево", "єве"), ("ево", "еве"), ("ово", "ове"), ("ёво", "ьове"), ("ино", "ине"),
    ("ое", "е"), ("ая", "а"), ("ый", "ий"), ("ые", "і"), ("ичи", "ичі"),
)
_RU_UK_ALT_ENDINGS = (("ьево", "ове"), ("ево", "ове"))
_VOWELS = "аеёиоуыэюяіїє"


def strip_invisible(text: str) -> str:
    """NFC-normalise, drop soft hyphens, stress marks and BGN's middle dots."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).translate(_INVISIBLE)).strip()


def normalize_cyrillic(name: str) -> str:
    """A Cyrillic name cleaned of invisible characters (case kept)."""
    return strip_invisible(name)


@lru_cache(maxsize=131072)
def ascii_key(text: str) -> str:
    """The key names are matched on: lower-case ASCII letters and single spaces.

    Diacritics are folded (``Sudža`` -> ``sudza``), apostrophes dropped
    (``Kazach'ya`` -> ``kazachya``), hyphens and dots become spaces.

    Examples
    --------
    >>> ascii_key("Kazach’ya  Loknya")
    'kazachya loknya'
    >>> ascii_key("Nikolayevo-Darino")
    'nikolayevo darino'
    """
    text = strip_invisible(text).replace("ł", "l").replace("Ł", "L").replace("ß", "ss")
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.lower()
    folded = re.sub(f"[{_APOSTROPHES}]", "", folded)
    folded = re.sub(r"[^a-z]+", " ", folded)
    return folded.strip()


@lru_cache(maxsize=65536)
def loose_key(text: str) -> str:
    """A phonetic key that merges transliteration differences.

    ``ya``/``ia``/``ja``, ``y``/``i``/``j``, ``kh``/``h``, ``ye``/``e`` and
    doubled letters all collapse, so ``Korenyevo``, ``Korenevo`` and
    ``Koren'evo`` share a key; used as a cheap second index before fuzzy
    matching.
    """
    k = ascii_key(text)
    for a, b in (("shch", "sc"), ("sch", "sc"), ("kh", "h"), ("zh", "z"), ("ch", "c"),
                 ("sh", "s"), ("ts", "c"), ("tz", "c"), ("yo", "o"), ("ye", "e"), ("ie", "e"),
                 ("j", "i"), ("y", "i"), ("ii", "i")):
        k = k.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", k)


@lru_cache(maxsize=8)
def _schema(name: str) -> iuliia.Schema:
    return getattr(iuliia, name)


def _cleanup_latin(s: str) -> str:
    return strip_invisible(s).replace("’", "'")


@lru_cache(maxsize=65536)
def _latin_variants_ru(name_ru: str) -> tuple[str, ...]:
    name = normalize_cyrillic(name_ru)
    out: dict[str, None] = {}
    for scheme in _RU_SCHEMES:
        v = _cleanup_latin(_schema(scheme).translate(name))
        if re.search(r"[\u0400-\u04ff]", v):  # a scheme without ё
            v = _cleanup_latin(_schema(scheme).translate(name.replace("ё", "е").replace("Ё", "Е")))
        out.setdefault(v, None)
        out.setdefault(v.replace("'", ""), None)
    wiki = next(iter(out))
    # News copy often drops the y of "ye"/"yo" (Korenyevo -> Korenevo, Plyokhovo -> Plekhovo).
    out.setdefault(re.sub(r"(?<=[^aeiouAEIOU\s-])ye", "e", wiki), None)
    out.setdefault(_cleanup_latin(_schema("WIKIPEDIA").translate(name.replace("ё", "е"))), None)
    return tuple(v for v in out if v)


def latin_variants_ru(name_ru: str) -> list[str]:
    """Latin spellings of a Russian name, Wikipedia/news style first.

    Parameters
    ----------
    name_ru : str
        Name in Russian Cyrillic (``"Казачья Локня"``).

    Returns
    -------
    list of str
        ``["Kazachya Loknya", "Kazach'ya Loknya", "Kazachia Loknia", ...]``
        (BGN/PCGN with and without apostrophes, ICAO, Yandex, Mosmetro,
        Telegram, and the ``ye`` -> ``e`` form).
    """
    return list(_latin_variants_ru(name_ru))


def _uk_translit_all(name_uk: str) -> list[str]:
    out: dict[str, None] = {}
    main = _cleanup_latin(_translit_uk(name_uk))
    out.setdefault(main, None)
    out.setdefault(main.replace("'", ""), None)
    # The older/BGN Ukrainian style ("Kurylivka" vs "Kurilovka" is Russian) and
    # the common "ia"/"ya" alternation ("Loknia"/"Loknya").
    out.setdefault(main.replace("ia", "ya").replace("iu", "yu").replace("ie", "ye"), None)
    try:
        from translitua import UkrainianBGN

        out.setdefault(_cleanup_latin(_translit_uk(name_uk, UkrainianBGN)).replace("'", ""), None)
    except ImportError:  # pragma: no cover - older translitua
        pass
    return [v for v in out if v]


@lru_cache(maxsize=65536)
def _latin_variants_uk(name_uk: str) -> tuple[str, ...]:
    return tuple(_uk_translit_all(normalize_cyrillic(name_uk)))


def latin_variants_uk(name_uk: str) -> list[str]:
    """Latin spellings of a Ukrainian name, official (KMU 2010) first.

    >>> latin_variants_uk("Курилівка")[0]
    'Kurylivka'
    """
    return list(_latin_variants_uk(name_uk))


def _match_case(src: str, dst: str) -> str:
    return dst[:1].upper() + dst[1:] if src[:1].isupper() else dst


def _ru_uk_word(word: str, alternate: bool = False) -> str:
    low = word.lower()
    if low in _RU_UK_WORDS:
        return _match_case(word, _RU_UK_WORDS[low])
    for ru, uk in _RU_UK_PREFIXES:
        if low.startswith(ru):
            low = uk + low[len(ru):]
            break
    endings = (_RU_UK_ALT_ENDINGS + _RU_UK_ENDINGS) if alternate else _RU_UK_ENDINGS
    for ru, uk in endings:
        if low.endswith(ru) and len(low) > len(ru) + 1:
            low = low[: -len(ru)] + uk
            break
    chars = list(low)
    for i, ch in enumerate(chars):
        prev = chars[i - 1] if i else ""
        if ch == "ы":
            chars[i] = "и"
        elif ch == "э":
            chars[i] = "е"
        elif ch == "ъ":
            chars[i] = "'"
        elif ch == "ё":  # Ukrainian names mostly keep е where Russian writes ё
            chars[i] = "є" if (prev and prev in _VOWELS) else "е"
        elif ch == "е" and prev and prev in _VOWELS:
            chars[i] = "є"
        elif ch == "и" and i == 0:
            chars[i] = "і"
    low = "".join(chars).replace("ье", "є").replace("ьі", "ї").replace("ьє", "є")
    return _match_case(word, low)


def ru_to_uk_all(name_ru: str) -> list[str]:
    """Likely Ukrainian forms of a Russian place name (best guess first).

    Rules, not a dictionary: -овка/-евка -> -івка, ы -> и, adjective endings
    (-ое -> -е, -ая -> -а, -ский -> -ський), -ово/-ево -> -ове/-еве,
    Большое -> Велике, Казачья -> Козача, Никол- -> Микол-... The second form
    uses the alternative -ево -> -ове ending (Кореньево -> Коренове).

    >>> ru_to_uk_all("Куриловка")[0]
    'Курилівка'
    """
    name = normalize_cyrillic(name_ru)
    out: dict[str, None] = {}
    for alt in (False, True):
        words = re.split(r"([\s-]+)", name)
        out.setdefault("".join(w if re.fullmatch(r"[\s-]+", w) or not w else _ru_uk_word(w, alt)
                               for w in words), None)
    return list(out)


def ru_to_uk(name_ru: str) -> str:
    """The most likely Ukrainian form of a Russian place name."""
    return ru_to_uk_all(name_ru)[0]


_UK_RU_ENDINGS = (
    ("аївка", "аевка"), ("іївка", "еевка"), ("ївка", "ьевка"), ("івка", "овка"),
    ("ське", "ское"), ("ська", "ская"), ("ський", "ский"), ("цьке", "цкое"),
    ("ове", "ово"), ("еве", "ево"), ("єве", "ьево"), ("ине", "ино"),
)
_UK_RU_WORDS = {v: k for k, v in _RU_UK_WORDS.items()}


def uk_to_ru(name_uk: str) -> str:
    """The likely Russian form of a Ukrainian place name (cheap rules).

    >>> uk_to_ru("Юнаківка")
    'Юнаковка'
    """
    out = []
    for word in re.split(r"([\s-]+)", normalize_cyrillic(name_uk)):
        if not word or re.fullmatch(r"[\s-]+", word):
            out.append(word)
            continue
        low = word.lower()
        if low in _UK_RU_WORDS:
            out.append(_match_case(word, _UK_RU_WORDS[low]))
            continue
        for uk, ru in (("микол", "никол"), ("олександр", "александр"), ("олексі", "алексе")):
            if low.startswith(uk):
                low = ru + low[len(uk):]
                break
        for uk, ru in _UK_RU_ENDINGS:
            if low.endswith(uk) and len(low) > len(uk) + 1:
                low = low[: -len(uk)] + ru
                break
        low = (low.replace("ї", "йи").replace("є", "е").replace("і", "и").replace("ґ", "г")
               .replace("'", "ъ").replace("’", "ъ"))
        out.append(_match_case(word, low))
    return "".join(out)


def all_latin_spellings(name_ru: str = "", name_uk: str = "") -> list[str]:
    """Every Latin spelling of a place from both languages, deduplicated.

    Parameters
    ----------
    name_ru, name_uk : str
        Russian and/or Ukrainian Cyrillic names; a missing one is derived
        from the other with :func:`ru_to_uk_all` / :func:`uk_to_ru`.
    """
    ru = name_ru or (uk_to_ru(name_uk) if name_uk else "")
    uks = [name_uk] if name_uk else (ru_to_uk_all(ru) if ru else [])
    out: dict[str, None] = {}
    for v in latin_variants_ru(ru) if ru else []:
        out.setdefault(v, None)
    for uk in uks:
        for v in latin_variants_uk(uk):
            out.setdefault(v, None)
    if name_uk and ru:
        for uk in ru_to_uk_all(ru)[1:]:
            for v in latin_variants_uk(uk):
                out.setdefault(v, None)
    return list(out)
