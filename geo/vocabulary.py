"""The reader's vocabulary, loaded from a language file (``geo/lang/<code>.yaml``).

Word lists live in data, one entry once, in the style of dateparser's
per-language files; this module only loads them and builds the regular
expressions the reader uses from them. Today it holds the warring sides:
the words that name a side ("Ukrainian", "Kyiv's"), its armies and leaders,
and the forces fighting on a side's behalf (North Korean troops fight for
Russia).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from geo.errors import GeodataError

LANG_DIR = Path(__file__).resolve().parent / "lang"

#: A possessive after a name: "Kyiv's", "Russia’s".
_POSSESSIVE = r"(?:['’]s)?"


@dataclass(frozen=True)
class SideWords:
    """The words of one warring side (or of a force fighting for one).

    Attributes
    ----------
    name : str
        The side as the pipeline records it ("Ukraine", "Russia").
    adjective : str
        "Ukrainian" (titles: "Ukrainian-held ground").
    words : tuple of str
        Country, people and capital as actors.
    armies : tuple of str
        Armies and forces named on their own.
    leaders : tuple of str
        People whose statements speak for the side.
    fights_for : str or None
        For an ally: the side its actions count for.
    """

    name: str
    adjective: str
    words: tuple[str, ...]
    armies: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    fights_for: str | None = None

    @property
    def side(self) -> str:
        """The side this force's actions count for."""
        return self.fights_for or self.name


@dataclass(frozen=True)
class Vocabulary:
    """Every word list of one language.

    Attributes
    ----------
    language : str
        Language code ("en").
    sides : tuple of SideWords
        The warring sides, then their allies.
    """

    language: str
    sides: tuple[SideWords, ...]

    @property
    def side_names(self) -> tuple[str, ...]:
        """The warring sides (allies excluded), in file order."""
        return tuple(s.name for s in self.sides if s.fights_for is None)

    def adjective(self, side: str) -> str:
        """"Ukrainian" for "Ukraine"; the name itself for an unknown side."""
        return next((s.adjective for s in self.sides if s.name == side), side)

    def force(self, name: str) -> SideWords | None:
        """The side or ally called ``name``."""
        return next((s for s in self.sides if s.name == name), None)

    def actor_patterns(self) -> dict[str, str]:
        """Regex alternatives naming each force as an actor, keyed by force name.

        Longer words come first, so "North Korean" is tried before any shorter
        word; each word may carry a possessive ("Kyiv's").
        """
        return {s.name: words_pattern(s.words + s.armies) for s in self.sides}

    def speaker_patterns(self) -> dict[str, str]:
        """Like :meth:`actor_patterns`, with the leaders who speak for each force."""
        return {s.name: words_pattern(s.words + s.armies + s.leaders) for s in self.sides}

    def side_of(self, force: str | None) -> str | None:
        """The side a force's actions count for ("North Korea" -> "Russia")."""
        if force is None:
            return None
        found = self.force(force)
        return found.side if found else force

    def side_named(self, text: str) -> str | None:
        """The side whose word ``text`` starts with ("Kyiv's forces" -> "Ukraine")."""
        for force, pattern in self.actor_patterns().items():
            if re.match(r"(?:" + pattern + r")\b", text, re.I):
                return self.side_of(force)
        return None


def words_pattern(words: tuple[str, ...] | list[str]) -> str:
    """One regex alternation of ``words`` (escaped, longest first, possessive allowed).

    >>> words_pattern(["Kyiv", "Kyiv Oblast"])
    "(?:Kyiv\\\\ Oblast|Kyiv)(?:['’]s)?"
    """
    ordered = sorted(dict.fromkeys(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")" + _POSSESSIVE


def _side_words(name: str, entry: object, path: Path, fights_for: str | None) -> SideWords:
    if not isinstance(entry, dict):
        raise GeodataError(f"{path}: the entry for {name!r} must be a mapping")
    words = entry.get("words")
    if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
        raise GeodataError(f"{path}: {name!r} needs a non-empty list of words")

    def strings(key: str) -> tuple[str, ...]:
        value = entry.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise GeodataError(f"{path}: {name!r}: {key} must be a list of words")
        return tuple(value)

    return SideWords(name=name, adjective=str(entry.get("adjective") or name),
                     words=tuple(words), armies=strings("armies"), leaders=strings("leaders"),
                     fights_for=fights_for)


@lru_cache(maxsize=8)
def load_vocabulary(language: str = "en") -> Vocabulary:
    """Load ``geo/lang/<language>.yaml`` (cached).

    Raises
    ------
    GeodataError
        The file is missing or an entry is malformed (the message names both).
    """
    path = LANG_DIR / f"{language}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GeodataError(f"cannot read the vocabulary {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("sides"), dict):
        raise GeodataError(f"{path}: needs a 'sides' mapping")
    sides = [_side_words(str(n), e, path, None) for n, e in data["sides"].items()]
    for name, entry in (data.get("allies") or {}).items():
        fights_for = entry.get("fights_for") if isinstance(entry, dict) else None
        if fights_for not in {s.name for s in sides}:
            raise GeodataError(f"{path}: ally {name!r} must say which side it fights_for "
                               f"({', '.join(s.name for s in sides)})")
        sides.append(_side_words(str(name), entry, path, fights_for))
    return Vocabulary(language=language, sides=tuple(sides))
