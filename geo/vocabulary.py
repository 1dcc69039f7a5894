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
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TypeGuard

import yaml

from geo.errors import GeodataError
from geo.models import Action

LANG_DIR = Path(__file__).resolve().parent / "lang"
#: The actions a control event can report (see :data:`geo.models.Action`).
ACTIONS = ("captured", "withdrew", "held", "advanced", "contested")


def _is_action(word: object) -> TypeGuard[Action]:
    """True when ``word`` is one of :data:`ACTIONS`."""
    return word in ACTIONS

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


@dataclass(frozen=True, eq=False)
class EventWords:
    """The words of control events (``events`` in the language file); lemmas throughout.

    Attributes
    ----------
    verbs : Mapping[str, str]
        Verb lemma -> action ("liberate" -> "captured").
    needs_object : frozenset of str
        Verbs that report an event only with an object ("took Sudzha").
    phrases : Mapping[str, str]
        "verb particle" -> action ("pull out" -> "withdrew").
    expel : frozenset of str
        "pushed X out of Y" verbs: a capture by the subject, or, in the
        passive, a withdrawal of the subject.
    repel : frozenset of str
        "repelled attacks": the attack is the other side's.
    control_verbs : Mapping[str, str]
        Verb + "control" -> action ("lose control of" -> "withdrew").
    control_nouns : frozenset of str
        "control", "hands".
    copulas : frozenset of str
        "is / remains under ... control" (held).
    becomes : frozenset of str
        "came under ... control", "fell into ... hands" (captured).
    nouns : Mapping[str, str]
        Noun lemma -> action ("fighting" -> "contested").
    failures, attempts, persons, beside : frozenset of str
        "failed to" (negation), "tried to" (only contested), people described
        by an event word, prepositions that put a place beside the event.
    forms : Mapping[str, str]
        Word forms the parser's lemmatizer leaves as they are ("retook") -> lemma.
    ground : frozenset of str
        Unnamed ground ("territory", "villages"): an event about it is beside
        the place named after it, and a relative clause on it reports nothing.
    denials : frozenset of str
        "denied that ...": what follows is negated.
    objects : Mapping[str, str]
        Objects that make any verb an event ("made gains" -> "advanced").
    area_units : frozenset of str
        Units of area ("km", "mile"): a verb governing one governs a figure.
    moves : frozenset of str
        Moving "from (their) positions" is a withdrawal ("hiked out from their
        positions near X").
    weapons : frozenset of str
        Subjects, agents and modifiers that make an event word a strike ("drones
        struck X"): no event.
    idioms : Mapping[str, frozenset of str]
        Verb -> objects with which it reports no event ("took place", "held talks").
    wholly, nearly : frozenset of str
        Words saying a whole region changed hands ("fully liberated"), and the
        hedges that undo them just before ("almost entirely").
    """

    verbs: Mapping[str, Action]
    needs_object: frozenset[str]
    phrases: Mapping[str, Action]
    expel: frozenset[str]
    repel: frozenset[str]
    control_verbs: Mapping[str, Action]
    control_nouns: frozenset[str]
    copulas: frozenset[str]
    becomes: frozenset[str]
    nouns: Mapping[str, Action]
    failures: frozenset[str]
    attempts: frozenset[str]
    persons: frozenset[str]
    beside: frozenset[str]
    forms: Mapping[str, str]
    ground: frozenset[str]
    denials: frozenset[str]
    objects: Mapping[str, Action]
    area_units: frozenset[str]
    moves: frozenset[str]
    weapons: frozenset[str]
    idioms: Mapping[str, frozenset[str]]
    wholly: frozenset[str]
    nearly: frozenset[str]


@dataclass(frozen=True, eq=False)
class FigureWords:
    """The verbs around an area figure (``figures`` in the language file); lemmas.

    Attributes
    ----------
    held, gained, lost : frozenset of str
        "hold 700 km²" (held), "took 278 km²" (a gain), "lost 200 km²" (a loss).
    grew, shrank : frozenset of str
        "increased by / to / from", "shrank by / to / from".
    cumulative : frozenset of str
        Words making a gain a total held ("since the start", "so far").
    since_lost : frozenset of str
        "... have since lost": the figure before was the most held.
    contested : frozenset of str
        "a grey zone of 200 km²", "90 km² are contested": ground neither side holds.
    """

    held: frozenset[str]
    gained: frozenset[str]
    lost: frozenset[str]
    grew: frozenset[str]
    shrank: frozenset[str]
    cumulative: frozenset[str]
    since_lost: frozenset[str]
    contested: frozenset[str] = frozenset()


#: How a caption repeats a figure's qualifier (``claims.qualifiers`` in the language file).
QUALIFIER_SHOWN = ("about", "as written", "not shown")


@dataclass(frozen=True, eq=False)
class ClaimWords:
    """Words about a claim rather than its event (``claims`` in the language file).

    Attributes
    ----------
    hedges : tuple of str
        Words that weaken a claim anywhere in its sentence ("reportedly").
    negations : tuple of str
        Words before an event verb that say it did not happen ("failed to").
    negation_endings : tuple of str
        Word endings that do the same ("n't"; an apostrophe stands for either).
    qualifiers : Mapping[str, str]
        Qualifier of a figure ("about") -> how a caption repeats it (one of
        :data:`QUALIFIER_SHOWN`), in the order the reader tries them.
    fractions : Mapping[str, float]
        Share of territory in words -> percent ("a third" -> 33.3).
    according : tuple of str
        Phrases naming who says it after them ("according to").
    pronouns : Mapping[str, str or None]
        Pronoun standing for the claimant named last ("he") -> its object form
        ("him"; None when it has none to read).
    attribution_verbs : tuple of str
        Verbs as written that attribute a statement ("said", "told").
    claimants : Mapping[str, tuple of str]
        Claimant type -> the words naming one, in the order the types are tried.
    """

    hedges: tuple[str, ...]
    negations: tuple[str, ...]
    negation_endings: tuple[str, ...]
    qualifiers: Mapping[str, str]
    fractions: Mapping[str, float]
    according: tuple[str, ...]
    pronouns: Mapping[str, str | None]
    attribution_verbs: tuple[str, ...]
    claimants: Mapping[str, tuple[str, ...]]

    def qualifiers_shown(self, how: str) -> tuple[str, ...]:
        """The qualifiers a caption repeats ``how`` ("about", "as written", "not shown")."""
        return tuple(q for q, shown in self.qualifiers.items() if shown == how)


@dataclass(frozen=True, eq=False)
class FurnitureWords:
    """Words of page furniture (``furniture`` in the language file).

    Attributes
    ----------
    labels : tuple of str
        "Photo: ...": a line opening with a label and a colon.
    credits : tuple of str
        "Additional reporting by ...", "(Editing by ...)".
    networks : tuple of str
        "Follow us on Telegram".
    openers : tuple of str
        "Read more ...": a line opening with one of these.
    stamps : tuple of str
        "Updated 3 May 2024": a publication stamp.
    list_headers : tuple of str
        "Related Topics": the header of a list of links.
    agencies, credit_lines, photo_words : tuple of str
        Photo credits ending a caption, as written ("REUTERS/...", "(Getty
        Images)", "(Photo by ...)").
    """

    labels: tuple[str, ...]
    credits: tuple[str, ...]
    networks: tuple[str, ...]
    openers: tuple[str, ...]
    stamps: tuple[str, ...]
    list_headers: tuple[str, ...]
    agencies: tuple[str, ...]
    credit_lines: tuple[str, ...]
    photo_words: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class PlaceWords:
    """Capitalised words that are no place (``places`` in the language file), as written.

    Attributes
    ----------
    not_names : frozenset of str
        Never a place, alone or first in a name ("President", "Reuters", "The").
    institution_words : frozenset of str
        Make a capitalised phrase an institution or an event ("Defence Ministry",
        "World War Two", "Kursk State University").
    """

    not_names: frozenset[str]
    institution_words: frozenset[str]


@dataclass(frozen=True, eq=False)
class CalendarWords:
    """Months and weekdays as written (``calendar`` in the language file).

    Attributes
    ----------
    months : Mapping[str, tuple of str]
        Month name -> its abbreviations, longest first ("September" ->
        ("Sept", "Sep")), January first.
    weekdays : Mapping[str, tuple of str]
        Weekday name -> its abbreviations, Monday first.
    """

    months: Mapping[str, tuple[str, ...]]
    weekdays: Mapping[str, tuple[str, ...]]

    @property
    def month_names(self) -> tuple[str, ...]:
        """"January" ... "December"."""
        return tuple(self.months)

    @property
    def weekday_names(self) -> tuple[str, ...]:
        """"Monday" ... "Sunday"."""
        return tuple(self.weekdays)

    @property
    def month_abbreviations(self) -> tuple[str, ...]:
        """Every month's abbreviations, in month order ("Jan", ..., "Sept", "Sep", ...)."""
        return tuple(a for abbrs in self.months.values() for a in abbrs)

    @property
    def weekday_abbreviations(self) -> tuple[str, ...]:
        """Every weekday's abbreviations, in weekday order ("Mon", "Tues", "Tue", ...)."""
        return tuple(a for abbrs in self.weekdays.values() for a in abbrs)

    @property
    def month_stems(self) -> tuple[str, ...]:
        """Each month's shortest written form ("Jan", ..., "May", ..., "Sep", ...)."""
        return tuple(min((m, *abbrs), key=len) for m, abbrs in self.months.items())

    def words(self) -> frozenset[str]:
        """Every name and abbreviation of a month or a weekday."""
        return frozenset((*self.month_names, *self.month_abbreviations, *self.weekday_names,
                          *self.weekday_abbreviations))


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """Every word list of one language.

    Attributes
    ----------
    language : str
        Language code ("en").
    sides : tuple of SideWords
        The warring sides, then their allies.
    events : EventWords
        Control-event words.
    speech : frozenset of str
        Verbs of speech ("say", "report").
    figures : FigureWords
        Verbs around area figures.
    numbers, vague_numbers : Mapping[str, float]
        Numbers written in words ("five" -> 5); vague ones ("dozens of" -> 36)
        are read with half the confidence.
    claims : ClaimWords
        Hedges, negations, qualifiers, fractions, attribution verbs, claimant words.
    furniture : FurnitureWords
        Page furniture: captions, credits, link lists.
    calendar : CalendarWords
        Months and weekdays.
    places : PlaceWords
        Capitalised words that are no place.
    """

    language: str
    sides: tuple[SideWords, ...]
    events: EventWords
    speech: frozenset[str]
    figures: FigureWords
    numbers: Mapping[str, float]
    vague_numbers: Mapping[str, float]
    claims: ClaimWords
    furniture: FurnitureWords
    calendar: CalendarWords
    places: PlaceWords

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
        found = [(-len(m.group(0)), force) for force, rx in _actor_regexes(self)
                 if (m := rx.match(text))]
        return self.side_of(min(found)[1]) if found else None

    def side_named_anywhere(self, text: str) -> str | None:
        """The side of the first side word anywhere in ``text`` ("the Russian army")."""
        found = [(m.start(), -len(m.group(0)), force) for force, rx in _actor_regexes(self)
                 if (m := rx.search(text))]
        return self.side_of(min(found)[2]) if found else None

    def opponent(self, side: str | None) -> str | None:
        """The other warring side ("Ukraine" -> "Russia"); None when unknown."""
        side = self.side_of(side)
        others = [s for s in self.side_names if s != side]
        return others[0] if side in self.side_names and len(others) == 1 else None


@lru_cache(maxsize=8)
def _actor_regexes(vocab: Vocabulary) -> tuple[tuple[str, re.Pattern], ...]:
    return tuple((force, re.compile(r"(?<!\w)(?:" + pattern + r")(?!\w)", re.I))
                 for force, pattern in vocab.actor_patterns().items())


def phrases_pattern(phrases: tuple[str, ...] | list[str]) -> str:
    r"""A regex alternation of ``phrases`` in their order, for a pattern to embed.

    Each phrase is escaped, but its spaces stay spaces and an apostrophe
    matches either apostrophe ("n't" matches "n’t" too). No group is added.

    >>> phrases_pattern(["more than", "approx.", "n't"])
    "more than|approx\\.|n['’]t"
    """
    return "|".join(re.escape(p).replace("\\ ", " ").replace("'", "['’]") for p in phrases)


def words_pattern(words: tuple[str, ...] | list[str]) -> str:
    r"""One regex alternation of ``words`` (escaped, longest first, possessive allowed).

    >>> words_pattern(["Kyiv", "Kyiv Oblast"])
    "(?:Kyiv\\ Oblast|Kyiv)(?:['’]s)?"
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


def _events(data: object, path: Path) -> EventWords:
    if not isinstance(data, dict):
        raise GeodataError(f"{path}: needs an 'events' mapping")

    def by_action(key: str) -> dict[str, Action]:
        table = data.get(key) or {}
        if not isinstance(table, dict):
            raise GeodataError(f"{path}: events.{key} must map an action to its words")
        out: dict[str, Action] = {}
        for action, words in table.items():
            if not _is_action(action):
                raise GeodataError(f"{path}: events.{key}: unknown action {action!r} "
                                   f"({', '.join(ACTIONS)})")
            for w in _word_list(words, f"events.{key}.{action}", path):
                out[w] = action
        return out

    def words(key: str) -> frozenset[str]:
        return frozenset(_word_list(data.get(key) or [], f"events.{key}", path))

    def idioms() -> dict[str, frozenset[str]]:
        table = data.get("idioms") or {}
        if not isinstance(table, dict):
            raise GeodataError(f"{path}: events.idioms must map a verb to its objects")
        return {str(verb).lower(): frozenset(_word_list(objs, f"events.idioms.{verb}", path))
                for verb, objs in table.items()}

    def mapping(key: str) -> dict[str, Action]:
        table = data.get(key) or {}
        if not isinstance(table, dict) or not all(_is_action(v) for v in table.values()):
            raise GeodataError(f"{path}: events.{key} must map words to actions "
                               f"({', '.join(ACTIONS)})")
        return {str(k).lower(): v for k, v in table.items() if _is_action(v)}

    return EventWords(verbs=MappingProxyType(by_action("verbs")),
                      needs_object=words("needs_object"),
                      phrases=MappingProxyType(mapping("phrases")),
                      expel=words("expel"), repel=words("repel"),
                      control_verbs=MappingProxyType(mapping("control_verbs")),
                      control_nouns=words("control_nouns"), copulas=words("copulas"),
                      becomes=words("becomes"),
                      nouns=MappingProxyType(by_action("nouns")), failures=words("failures"),
                      attempts=words("attempts"), persons=words("persons"), beside=words("beside"),
                      forms=MappingProxyType({str(k).lower(): str(v).lower()
                                              for k, v in (data.get("forms") or {}).items()}),
                      ground=words("ground"), denials=words("denials"),
                      objects=MappingProxyType(mapping("objects")),
                      area_units=words("area_units"), moves=words("moves"),
                      weapons=words("weapons"), idioms=MappingProxyType(idioms()),
                      wholly=words("wholly"), nearly=words("nearly"))


def _word_list(value: object, where: str, path: Path) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise GeodataError(f"{path}: {where} must be a list of words")
    return [v.lower() for v in value]


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
    return Vocabulary(language=language, sides=tuple(sides),
                      events=_events(data.get("events"), path),
                      speech=frozenset(_word_list(data.get("speech") or [], "speech", path)),
                      figures=_figures(data.get("figures"), path),
                      numbers=_numbers(data, "exact", path),
                      vague_numbers=_numbers(data, "vague", path),
                      claims=_claims(data.get("claims"), path),
                      furniture=_furniture(data.get("furniture"), path),
                      calendar=_calendar(data.get("calendar"), path),
                      places=_places(data.get("places"), path))


def _numbers(data: dict, key: str, path: Path) -> Mapping[str, float]:
    table = (data.get("numbers") or {}).get(key) or {}
    if not isinstance(table, dict) or not all(isinstance(v, (int, float)) and v > 0
                                              for v in table.values()):
        raise GeodataError(f"{path}: numbers.{key} must map words to positive numbers")
    return MappingProxyType({str(k).lower(): float(v) for k, v in table.items()})


def _figures(data: object, path: Path) -> FigureWords:
    if not isinstance(data, dict):
        raise GeodataError(f"{path}: needs a 'figures' mapping")

    def words(key: str) -> frozenset[str]:
        return frozenset(_word_list(data.get(key) or [], f"figures.{key}", path))

    return FigureWords(held=words("held"), gained=words("gained"), lost=words("lost"),
                       grew=words("grew"), shrank=words("shrank"),
                       cumulative=words("cumulative"), since_lost=words("since_lost"),
                       contested=words("contested"))


def _claims(data: object, path: Path) -> ClaimWords:
    """The ``claims`` section of the language file, checked."""
    if not isinstance(data, dict):
        raise GeodataError(f"{path}: needs a 'claims' mapping")

    def words(key: str) -> tuple[str, ...]:
        return tuple(_word_list(data.get(key) or [], f"claims.{key}", path))

    return ClaimWords(hedges=words("hedges"), negations=words("negations"),
                      negation_endings=words("negation_endings"),
                      qualifiers=_qualifiers(data.get("qualifiers"), path),
                      fractions=_fractions(data.get("fractions"), path),
                      according=words("according"),
                      pronouns=_pronouns(data.get("pronouns"), path),
                      attribution_verbs=words("attribution_verbs"),
                      claimants=_claimant_words(data.get("claimants"), path))


def _qualifiers(table: object, path: Path) -> Mapping[str, str]:
    """``claims.qualifiers``: qualifier -> how a caption shows it."""
    if not isinstance(table, dict) or not all(v in QUALIFIER_SHOWN for v in table.values()):
        raise GeodataError(f"{path}: claims.qualifiers must map qualifiers to how a caption "
                           f"shows them ({', '.join(QUALIFIER_SHOWN)})")
    return MappingProxyType({str(k).lower(): str(v) for k, v in table.items()})


def _pronouns(table: object, path: Path) -> Mapping[str, str | None]:
    """``claims.pronouns``: subject form -> object form (or None), lower case."""
    if not isinstance(table, dict) or not all(v is None or isinstance(v, str)
                                              for v in table.values()):
        raise GeodataError(f"{path}: claims.pronouns must map pronouns to their object forms")
    return MappingProxyType({str(k).lower(): None if v is None else v.lower()
                             for k, v in table.items()})


def _fractions(table: object, path: Path) -> Mapping[str, float]:
    """``claims.fractions``: share in words -> percent (above 0, at most 100)."""
    if not isinstance(table, dict) or not all(isinstance(v, (int, float)) and 0 < v <= 100
                                              for v in table.values()):
        raise GeodataError(f"{path}: claims.fractions must map words to percentages")
    return MappingProxyType({str(k).lower(): float(v) for k, v in table.items()})


def _claimant_words(table: object, path: Path) -> Mapping[str, tuple[str, ...]]:
    """``claims.claimants``: claimant type -> its words, in file order."""
    if not isinstance(table, dict) or not table:
        raise GeodataError(f"{path}: claims.claimants must map claimant types to words")
    return MappingProxyType({str(t): tuple(_word_list(w, f"claims.claimants.{t}", path))
                             for t, w in table.items()})


def _furniture(data: object, path: Path) -> FurnitureWords:
    """The ``furniture`` section of the language file, checked (case kept where it matters)."""
    if not isinstance(data, dict):
        raise GeodataError(f"{path}: needs a 'furniture' mapping")

    def words(key: str) -> tuple[str, ...]:
        return tuple(_word_list(data.get(key) or [], f"furniture.{key}", path))

    def as_written(key: str) -> tuple[str, ...]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise GeodataError(f"{path}: furniture.{key} must be a list of words")
        return tuple(value)

    return FurnitureWords(labels=words("labels"), credits=words("credits"),
                          networks=words("networks"), openers=words("openers"),
                          stamps=words("stamps"), list_headers=words("list_headers"),
                          agencies=as_written("agencies"),
                          credit_lines=as_written("credit_lines"),
                          photo_words=as_written("photo_words"))


def _places(data: object, path: Path) -> PlaceWords:
    """The ``places`` section of the language file: words as written (case kept)."""
    if not isinstance(data, dict):
        raise GeodataError(f"{path}: needs a 'places' mapping")

    def written(key: str) -> frozenset[str]:
        words = data.get(key)
        if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
            raise GeodataError(f"{path}: places.{key} must be a list of words")
        return frozenset(words)

    return PlaceWords(not_names=written("not_names"),
                      institution_words=written("institution_words"))


def _calendar(data: object, path: Path) -> CalendarWords:
    """The ``calendar`` section of the language file: 12 months, 7 weekdays, as written."""
    if not isinstance(data, dict):
        raise GeodataError(f"{path}: needs a 'calendar' mapping")

    def names(key: str, count: int) -> Mapping[str, tuple[str, ...]]:
        table = data.get(key)
        if not isinstance(table, dict) or len(table) != count or not all(
                isinstance(v, list) and all(isinstance(a, str) and a for a in v)
                for v in table.values()):
            raise GeodataError(f"{path}: calendar.{key} must map {count} names to lists of "
                               f"abbreviations")
        return MappingProxyType({str(k): tuple(v) for k, v in table.items()})

    return CalendarWords(months=names("months", 12), weekdays=names("weekdays", 7))
