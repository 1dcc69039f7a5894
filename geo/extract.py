"""Extract claims (area figures, control events) and place mentions from a story.

Stage 2 of the pipeline. For each sentence of an in-theatre
:class:`~geo.models.Article`:

* **area figures** ("some 500 square miles", "1,400 sq km (540 sq mi)"):
  value, unit, both km² and sq mi, qualifier, whether it is the area held,
  a change, or the peak, which side, and which place it is about; figures
  with non-area units ("93 settlements", "within 5 miles", "6,000-pound")
  are never read as areas;
* **control events** ("regained full control of Sudzha", "withdraw from
  X", "broke through ... south of the village of X"): action, side, place,
  hedged or negated;
* **dates** resolved by :mod:`geo.dates` (peak figures without a date of
  their own are dated from the story's evidence of when the offensive began,
  marked inferred);
* **claimant** from :mod:`geo.claimants`, with a confidence from the
  claimant's type and the hedges in the sentence.

Undated claims are kept with ``date=None``. Offsets index into
``article.text``; the quote is the sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from geo import settings
from geo._text import (
    Span,
    dateline,
    furniture_spans,
    join_wrapped_lines,
    mask,
    paragraphs,
    sentences,
)
from geo.claimants import Attribution, attribute_all
from geo.dates import DateMention, find_dates, strip_preposition, widen
from geo.models import Action, Article, Claim, Measure, PlaceMention, ResolvedDate, Side
from geo.vocabulary import load_vocabulary, phrases_pattern, words_pattern

if TYPE_CHECKING:
    from geo.frames import FigureFrame, Frame

__all__ = ["Extraction", "extract", "find_candidate_places", "PlaceFinder"]

PlaceFinder = Callable[[str], Sequence[tuple[int, int, str]]]


@dataclass(frozen=True)
class Extraction:
    """What one story yields.

    Attributes
    ----------
    claims : tuple of Claim
        Area figures and control events, in text order.
    mentions : tuple of PlaceMention
        Every place name candidate, in text order.
    """

    claims: tuple[Claim, ...] = ()
    mentions: tuple[PlaceMention, ...] = ()


# --- vocabulary ----------------------------------------------------------------
_VOCAB = load_vocabulary()


def _not_after(phrases: tuple[str, ...]) -> str:
    """Lookbehinds keeping the last word of each phrase from starting a match.

    "according to Ivan Petrenko": "to" opens no place after "according".

    >>> _not_after(("according to",))
    '(?<![Aa]ccording )'
    """
    heads = [p.rpartition(" ")[0] for p in phrases]
    return "".join(f"(?<![{h[0].upper()}{h[0].lower()}]{re.escape(h[1:])} )"
                   for h in heads if h)


_NAME = r"[A-Z][\w’'\-]*[a-z][\w’'\-]*(?:[ \t]+[A-Z][\w’'\-]*[a-z][\w’'\-]*){0,2}"
#: Capitalised words that are no place: the language file's ``places.not_names`` and its
#: months and weekdays ("calendar") with their abbreviations.
_NOT_PLACE_WORDS = _VOCAB.calendar.words() | _VOCAB.places.not_names
#: The sides' leaders (geo/lang/en.yaml): a name of theirs is never a place.
_LEADERS = frozenset(name for side in _VOCAB.sides for name in side.leaders)
#: Words that make a capitalised phrase a non-place ("World War Two", "Defense Ministry").
_NON_PLACE_TOKENS = _VOCAB.places.institution_words
_SETTLEMENT_NOUN = (r"(?:villages?|towns?|cities|city|settlements?|hamlets?|regions?|districts?|"
                    r"oblasts?|provinces?|rivers?)")
_LIST_OF = re.compile(_SETTLEMENT_NOUN + r"\s+of\s+(?P<list>" + _NAME + r"(?:\s*,\s*" + _NAME
                      + r")*(?:\s*,?\s+(?:and|or)\s+" + _NAME + r")?)")
_NAME_REGION = re.compile(r"\b(?P<name>" + _NAME + r")\s+(?P<kind>region|oblast|district|"
                          r"province|Oblast|Region|District)\b")
_PREP_NAME = re.compile(
    _not_after(_VOCAB.claims.according)
    + r"\b(?:near|in|inside|outside|around|toward|towards|into|from|to|at|across|"
    r"out of|over|for|on|"
    r"past|beyond|between|through|(?:north|south|east|west|north-?east|north-?west|south-?east|"
    r"south-?west)(?:ern)?\s+of|(?:outskirts|edge|control|capture|fall|recapture|liberation|"
    r"seizure|centre|center|direction|vicinity|encirclement)\s+of)\s+(?:(?:northern|southern|"
    r"eastern|western|central|north-?eastern|north-?western|south-?eastern|south-?western)\s+)?"
    r"(?P<name>" + _NAME
    + r")(?:\s+and\s+(?P<name2>" + _NAME + r"))?")
_VERB_NAME = re.compile(
    r"\b(?:captur\w*|took|tak(?:e|en|es|ing)|seiz\w*|liberat\w*|entered|enter|retook|retak\w*|"
    r"recaptur\w*|occupied|occupy|held|hold|holds|holding|abandon\w*|surround\w*|encircl\w*|"
    r"storm\w*|attack\w*|shell\w*|struck|hit|reached|reach|lost|left|cleared|overr[au]n|"
    r"defend\w*|evacuat\w*)\s+(?P<name>" + _NAME + r")(?P<more>(?:,[ \t]*" + _NAME
    + r")*,?[ \t]+(?:and|or)[ \t]+" + _NAME + r")?")


def _is_ally(force: str) -> bool:
    """True when the force called ``force`` fights for a side (an ally, not a side)."""
    found = _VOCAB.force(force)
    return found is not None and found.fights_for is not None


#: Force name -> the regex naming it as an actor (from geo/lang/en.yaml). A
#: force fighting for a side (North Korea) is recorded as that side.
_SIDE_PAT = dict(sorted(_VOCAB.actor_patterns().items(),  # allies first: "Russian volunteers"
                        key=lambda kv: not _is_ally(kv[0])))
_FORCE = (r"(?:forces|troops|army|military|soldiers|units?|brigades?|battalions?|platoons?|"
          r"fighters|marines|paratroopers|defen[cs]e ministry|ministry of defen[cs]e|general "
          r"staff|command|assault (?:group|platoon|units?|troops)|commandos|special forces|"
          r"infantry|forces['’]|side|sources|officials?|government|president|leader|men|"
          r"counteroffensive|offensive|advance|capture|control|hold|push|assault|attack)")
_TERRITORY = (r"(?:territory|land|soil|border|villages?|towns?|region|oblast|lines|positions|"
              r"side|city)")
_ACTOR = re.compile(
    r"(?P<side>" + "|".join(f"(?P<s{i}>{p})" for i, p in enumerate(_SIDE_PAT.values()))
    + r")(?:[\s\-]+(?:[\w\-]+\s+){0,2}?" + _FORCE + r"\b|(?=\s+(?!" + _TERRITORY
    + r"\b)[a-z]))|(?P<held>Ukrainian|Russian)-(?:held|controlled|occupied)",
    re.I)
_SIDES: tuple[str, ...] = tuple(_SIDE_PAT)
_PRONOUN_SUBJECT = re.compile(r"\b(?:they|it|its forces|their forces|its troops|their troops)\b",
                              re.I)
_FIRST_PERSON = re.compile(r"\b(?:we|our|us|my unit|our unit|(?:his|her|their) (?:unit|men|"
                           r"troops|soldiers|platoon|brigade|battalion|comrades))\b", re.I)

#: Event verbs: (regex, action). Earlier rules win over overlapping later ones.
_EVENT_RULE_PATTERNS: tuple[tuple[str, Action], ...] = (
    (r"\b(?:under|in)\s+(?:the\s+)?(?:full\s+|firm\s+|complete\s+)?(?P<agent>"
     + "|".join(_SIDE_PAT.values()) + r")\s+(?:control|hands)\b", "held"),
    (r"\b(?:had |have |has )?(?:occupied|held|controlled|been holding|been in control of)"
     r"(?=\s+(?:[A-Z][\w’'\-]*\s+){0,3}(?:\w+\s+)?since\b)", "held"),
    (r"\b(?:regain(?:ed|s|ing)?|retook|retaken|retake|tak(?:e|en|ing)|took|seiz(?:e|ed|ing)|"
     r"establish(?:ed)?|claim(?:ed)?)\s+(?:full |complete |total )?control\s+(?:of|over)\b|"
     r"\b(?:full|complete) control (?:of|over)\b", "captured"),
    (r"\b(?:claw(?:ed|ing|s)? back|w[io]n back|(?:took|taken|tak(?:e|es|ing)) back|"
     r"reclaim(?:ed|ing|s)?|regain(?:ed|ing|s)?|drove out|driven out|"
     r"(?:drive|driving) out)\b", "captured"),
    (r"\b(?:recaptur(?:e|ed|es|ing)|retook|retaken|retake|captur(?:e|ed|es|ing)|seiz(?:e|ed|"
     r"es|ing)|liberat(?:e|ed|es|ing)|enter(?:ed|s|ing)?|overr(?:an|un)|cleared|occupied|took|taken|"
     r"tak(?:e|es|ing))\b",
     "captured"),
    (r"\b(?:withdr(?:ew|awn|aw|awing|awal|aws)|pull(?:ed|ing|s)?\s+(?:\w+\s+){0,2}?(?:out|back)"
     r"\s+(?:of|from)|retreat(?:ed|ing|s)?\s+from|fell back from|fall(?:ing)? back from|"
     r"abandon(?:ed|ing|s)?|lost control of|(?:pushed|forced|driven|ousted|expelled) out of|"
     r"evacuat(?:ed|ing)|left|pull(?:ed|ing|s)? back from|ceded|gave up|"
     r"lost(?=\s+(?:the\s+(?:town|village|city|settlement)\s+of\s+)?[A-Z]))\b", "withdrew"),
    (r"\b(?:hike[ds]?|hiking|walk(?:ed|ing)?|trek(?:ked|king)?|march(?:ed|ing)?|escap(?:e|ed|"
     r"ing)|made it out|got out|fled)\b[^.;]{0,80}?\bfrom\s+(?:their|its|our|his|her|the)\s+"
     r"positions?\b", "withdrew"),
    (r"\b(?:advanc(?:e|ed|es|ing)\s+(?:in)?to(?:wards?)?|advanc(?:ed|ing) on|broke through|"
     r"break(?:ing)? through|breakthrough|"
     r"push(?:ed|ing)? (?:deeper |further )?(?:toward|towards|into|on)|"
     r"(?:kept|keep) pushing (?:toward|towards|into|on)|gain(?:ed|ing) ground|"
     r"ma(?:de|ke|kes|king) (?:\w+\s+){0,2}?(?:gains|advances|progress)|"
     r"mov(?:ed|ing) (?:in)?to(?:wards?)?|"
     r"(?<!['’]s )(?<!the )(?<!its )(?<!their )(?<!an )(?<!this )(?<!that )"
     r"advanc(?:ed|es|ing)(?!\s+(?:weapons?|systems?|drones?|missiles?|air\b|technolog)))\b",
     "advanced"),
    (r"\b(?:hold(?:s|ing)?|held|controll?(?:s|ed|ing)?|retain(?:s|ed|ing)?|defend(?:s|ed|ing)?|"
     r"maintain(?:s|ed|ing)?(?=\s+(?:\w+\s+)?(?:positions?|control|presence|foothold))|"
     r"in control of|clinging to|cling(?:s|ing)? to)\b", "held"),
    (r"\b(?:fighting|fierce fighting|battles?|clashes|combat)\s+(?:(?:intensified|raged|"
     r"continued|continues|continue|continuing|rages|raging|goes on|went on|flared|erupted|"
     r"resumed)\s+)?(?:in|near|outside|around|for)\b|"
     r"\b(?:surround(?:s|ed|ing)?|encircl(?:e|es|ed|ing|ement)|besieg(?:e|es|ed|ing)|contested|"
     r"storm(?:ed|ing)|attack(?:ed|ing)|repel(?:led|s|ling)?|repuls(?:e|ed|es|ing))\b",
     "contested"),
)
_EVENT_RULES: tuple[tuple[re.Pattern[str], Action], ...] = tuple(
    (re.compile(p, re.I), a) for p, a in _EVENT_RULE_PATTERNS)
_NUM_WORDS = {**_VOCAB.numbers, **_VOCAB.vague_numbers}
_VAGUE = set(_VOCAB.vague_numbers)
_NUMBER = (r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s*(?:thousand|million|billion))?|"
           + "|".join(sorted((re.escape(k) for k in _NUM_WORDS), key=len, reverse=True)))
_UNIT = (r"(?:square|sq\.?)[\s\-]*(?:miles?|mi\.?)(?![a-z])|(?:square|sq\.?)[\s\-]*"
         r"(?:kilomet(?:er|re)s?|km)(?![a-z])|km²|km2|kilomet(?:er|re)s?\s+squared|hectares?|mi²")
#: Qualifiers of a figure ("about 500 sq km"), from the language file, in its order.
_QUALIFIERS = phrases_pattern(tuple(_VOCAB.claims.qualifiers))
_AREA = re.compile(
    r"(?:(?P<qual>" + _QUALIFIERS + r")\s+)?(?:(?P<lo>" + _NUMBER + r")\s*(?:-|–|—|to)\s*)?"
    r"(?P<num>" + _NUMBER + r")\s*(?:-\s*)?(?P<unit>" + _UNIT
    + r")(?:\s*(?:\(|,?\s+or\s+)(?:(?:" + _QUALIFIERS + r")\s+)?(?P<num2>" + _NUMBER
    + r")\s*(?P<unit2>" + _UNIT + r")\)?)?", re.I)
#: Ground neither side holds ("grey zone", "contested"): the figure's own measure.
_CONTESTED = re.compile(r"\b(?:" + words_pattern(sorted(_VOCAB.figures.contested)) + r")\b",
                        re.I)
#: "1,150 of the 1,210 square kilometres": a part of a stated whole.
_PART_OF = re.compile(r"(?<![\w.,])(?P<part>" + _NUMBER + r")\s+(?:out\s+)?of\s+"
                      r"(?:the\s+|its\s+|their\s+)?"
                      r"(?:total\s+(?:of\s+)?|some\s+|about\s+|roughly\s+)?(?P<num>" + _NUMBER
                      + r")\s*(?:-\s*)?(?:" + _UNIT + r")", re.I)
_PEAK = re.compile(r"\bat (?:the|its|their) (?:height|peak|high point|maximum|greatest extent|"
                   r"largest extent|furthest extent)\b|\bpeak(?:ed)?\b|\bat most\b|\bat one "
                   r"point\b|\bmaximum\b|\bat its largest\b", re.I)
_CHANGE_GAIN = re.compile(r"\b(?:re)?(?:took|taken|captur\w*|seiz\w*|gain\w*|liberat\w*|clear\w*|"
                          r"reclaim\w*|won|pushed \w+ back|claw\w* back|(?:took|taken) back|"
                          r"recover\w*|"
                          r"regain\w*|won back|retook|retaken|advanced|freed|add\w*)\b", re.I)
_CHANGE_LOSS = re.compile(r"\b(?:lost|los(?:e|es|ing)|ced(?:e|ed|es|ing)|gave up|"
                          r"giv(?:e|es|en|ing) up|"
                          r"(?:pushed|driven|forced|ousted|expelled|thrown|squeezed) "
                          r"(?:back )?out of|"
                          r"lost control of|expelled from|"
                          r"surrender\w*|shr[au]nk by|withdr\w+ from)\b", re.I)
_CHANGE_CUE = re.compile(r"\b(?:another|a further|additional|an additional|over the (?:past|last)|"
                         r"in the (?:past|last)|during the (?:past|last)|per (?:day|week)|a day|"
                         r"each day|since)\b", re.I)
_HELD_CUE = re.compile(r"\b(?:initially|at first|in total|in all|altogether|overall|total of)\b|"
                       r"\bsince (?:the (?:start|beginning|launch) of )?(?:the |its |their )?"
                       r"(?:[\w.]+\s+){0,3}?(?:incursion|offensive|operation|invasion|cross-border)",
                       re.I)
_PRESENT = re.compile(r"\b(?:now|still|currently|remain(?:s)?|as of|holds|controls|occupies|"
                      r"retains|is holding|(?<!['’]s )(?<!its )(?<!their )(?<!the )(?<!a )"
                      r"(?<!to )(?:hold|control|occupy|retain)\b|"
                      r"continues?|persists?|rages|goes on|keeps?|maintains?|(?:is|are) (?:\w+ing)|"
                      r"are holding|(?:have|has)\s+(?:\w+\s+){0,2}?\w+ed)\b", re.I)
_CONTINUATION = re.compile(
    r"^[\"“‘']?(?:(?:but|and|so|yet|however),?\s+)?(?:by then|then|at that point|at the time|"
    r"that day|later that day|by that time|the same day|after that|afterwards|later|soon after"
    r"(?:wards)?|shortly after(?:wards)?|within (?:hours|minutes|a day)|from there|"
    r"he|she|they|it|his|her|their|its|we|our|i|my)\b", re.I)
#: A sentence opening like this starts a new thread: it never inherits a date.
_NEW_TOPIC = re.compile(r"^[\"“‘']?(?:separately|elsewhere|meanwhile|in other|in another|"
                        r"also on|earlier|previously|since then|overall|in total|"
                        r"it is|it was|it's|it remains|it'?s (?:not|un)\w*)\b", re.I)
#: Nouns whose definite back-reference ("the platoon's commander", "the unit")
#: ties a sentence to the previous one's narrative.
_PARTICIPANTS = re.compile(
    r"\b(?:commanders?|platoons?|units?|brigades?|battalions?|company|regiments?|squads?|"
    r"groups?|columns?|soldiers?|men|fighters?|troops|convoy|garrison|retreat|withdrawal|"
    r"assault|attack|counterattack|raid|breakthrough|village|town|city|settlement|bridgehead)\b",
    re.I)
#: Dates that open or close a state ("since August") are not a narrative's date.
_STATE_BOUND = re.compile(r"^(?:since|until|till|before|after|from)\b", re.I)
#: A share of territory ("around a quarter of the territory", "40% of the land").
_FRACTIONS = _VOCAB.claims.fractions
_FRACTION = re.compile(
    r"(?:(?P<qual>" + _QUALIFIERS + r")\s+)?(?P<frac>"
    + "|".join(sorted((re.escape(k) for k in _FRACTIONS), key=len, reverse=True))
    + r"|\d+(?:\.\d+)?\s*(?:%|percent\b|per cent\b))\s+(?:of\s+)?(?:the\s+|its\s+|their\s+|"
    r"this\s+|that\s+|all\s+)?(?:[\w\-]+\s+){0,2}?(?:territory|land|lands|area|ground|gains|"
    r"foothold|bridgehead|salient)\b", re.I)
#: "lost 40% of the 1,000 square kilometres": a share of a stated whole (the figure
#: that follows is the whole, not a change).
_SHARE_OF = re.compile(
    r"(?:(?P<qual>" + _QUALIFIERS + r")\s+)?(?P<frac>"
    + "|".join(sorted((re.escape(k) for k in _FRACTIONS), key=len, reverse=True))
    + r"|\d+(?:\.\d+)?\s*(?:%|percent\b|per cent\b))\s+of\s+(?:the\s+|its\s+|their\s+)?"
    r"(?=(?:(?:" + _QUALIFIERS + r")\s+)?(?:" + _NUMBER + r")\s*(?:-\s*)?(?:" + _UNIT + r"))",
    re.I)
#: Words before a verb that make it a relative clause ("the land it had seized").
_RELATIVE_OBJECT = re.compile(
    r"\b(?:territory|land|lands|area|ground|gains|positions|villages|settlements|towns)\s+"
    r"(?:that\s+|which\s+)?(?:(?!and\b|but\b|was\b|were\b)[\w’'\-]+\s+){0,3}?(?:had\s+|has\s+|"
    r"have\s+)?(?:\w+ly\s+)?$", re.I)
#: An event verb whose object is unnamed ground ("two villages near X", "swathes of territory").
_UNNAMED_OBJECT = re.compile(
    r"\s+(?:(?:the|a|an|two|three|four|five|six|several|some|more|many|dozens|several|other|"
    r"\d[\d,]*|few|new|small|large|more than|nearby|further|additional|of)\s+){0,4}"
    r"(?:(?:territory|land|ground|swathes?|swaths?|chunks?|parts?|areas?|pieces?)\b|"
    r"(?:villages|settlements|hamlets)\b(?!\s+of\s+[A-Z]))", re.I)
#: Holding ground beside a place ("holding positions north of X") is not holding X.
_POSITIONS_NEAR = re.compile(
    r"\s+(?:(?:the|their|its|our|his|her|some|new|defensive|forward)\s+){0,2}(?:positions?|lines?|"
    r"trenches|defen[cs]es|footholds?|bridgeheads?)\s+(?:just\s+)?(?:near|outside|around|close to|"
    r"(?:north|south|east|west)\S*\s+of|on the (?:outskirts|approaches|edge))\b", re.I)
#: A participle describing a person ("an intelligence officer fighting in Kursk").
_PERSON_PARTICIPLE = re.compile(
    r"\b(?:officer|officers|soldier|soldiers|commander|commanders|fighter|fighters|marine|"
    r"marines|operator|medic|veteran|volunteer|man|woman|men|resident|residents|analyst|"
    r"journalist|reporter)\s+(?:who\s+(?:is|was|are|were|has been|had been)\s+)?"
    r"(?:fighting|serving|stationed|deployed|based|holding|defending)\b", re.I)
#: Words after which a negation no longer governs the verb ("denied reports that ...").
_DENIAL = re.compile(r"\b(?:denied|denies|deny|denying|rejected|rejects|dismissed|dismisses|"
                     r"refuted|refutes)\b", re.I)
_COMPLEMENTIZER = re.compile(r"\b(?:that|whether|if|claims?|reports?)\b|,", re.I)
#: An attempt, not a result ("trying to take", "in a bid to capture").
_ATTEMPT = re.compile(r"\b(?:try|tries|trying|tried|attempt(?:s|ed|ing)?|s(?:ought|eek(?:s|ing)?)|"
                      r"aim(?:s|ed|ing)?|bid|plan(?:s|ned|ning)?|push(?:es|ed|ing)?|"
                      r"threaten(?:s|ed|ing)?|poised|struggl(?:e|es|ed|ing)|fight(?:s|ing)?)\s+to"
                      r"\s+(?:\w+\s+)?$|\b(?:close to|on the verge of|near to)\s+$", re.I)
#: "held by Ukraine", "recaptured by Russian troops": the agent of a passive verb.
_PASSIVE_BY = re.compile(r"\s+(?:(?:back|again|briefly|now|still|firmly|fully)\s+)?by\s+"
                         r"(?:the\s+)?(?P<agent>" + "|".join(_SIDE_PAT.values()) + r")\b", re.I)
#: A clause opening with its own (non-side) subject does not inherit the previous
#: clause's actor ("..., and fighting continues outside X").
_OWN_SUBJECT = re.compile(r"\s*(?:(?:the|heavy|fierce|intense|heavy)\s+)?(?:fighting|battles?|"
                          r"clashes|combat|shelling|strikes|drones?|the\s+(?:town|village|city|"
                          r"area|region))\b", re.I)
#: "the territory they captured last summer": that date is the capture's, not the claim's.
_RELATIVE_CAPTURE = re.compile(r"\b(?:it|they|he|she|we|that|which|Ukraine|Russia|Kyiv|Moscow)\s+"
                               r"(?:had\s+|has\s+|have\s+)?(?:captured|seized|took|taken|occupied|"
                               r"gained|won|grabbed)\b")
_BACK_HEDGE = re.compile(settings.BACK_HEDGE_PATTERN, re.I)
_OTHER_THEATER = tuple(re.compile(p) for p in settings.OTHER_THEATER_PATTERNS)
#: Hedges: the language file's words ("reportedly"), and the patterns saying a claim
#: could not be verified.
_HEDGES = (re.compile(r"\b(?:" + phrases_pattern(_VOCAB.claims.hedges) + r")\b", re.I),
           *(re.compile(p, re.I) for p in settings.UNVERIFIED_PATTERNS))
#: A date after "since" with no punctuation between starts a period ("since
#: launching the operation on Friday"): it is not the date of a figure.
_SINCE = re.compile(r"\bsince\b[^,;.:!?]*$", re.I)
#: Just before a date: the statement it dates ("..., the ministry said on Tuesday",
#: "..., according to a Ukrainian general on Wednesday").
_SPEECH_BEFORE = re.compile(r"(?:\b(?:" + phrases_pattern(_VOCAB.claims.attribution_verbs)
                            + r")\s*,?\s*(?:[\w’']+\s+){0,2}|\b(?:"
                            + phrases_pattern(_VOCAB.claims.according)
                            + r")\s+(?:[\w’'\-]+\s+){1,5})$", re.I)
#: Negations before an event verb: words ("failed to") and word endings ("n't").
_NEGATIONS = (re.compile(r"\b(?:" + phrases_pattern(_VOCAB.claims.negations) + r")\b", re.I),
              re.compile(r"(?:" + phrases_pattern(_VOCAB.claims.negation_endings) + r")\b",
                         re.I))
_BACKREF = re.compile(r"\b(?:outside|near|around|in|into|of)\s+the\s+(?P<kind>town|village|city)\b")
_OFFENSIVE = re.compile(r"\b(?:invasion|invaded|incursion|offensive|operation|cross(?:ed)? "
                        r"(?:the border )?into|occupied|captured|seized|held|controlled)\b", re.I)


# --- public API -----------------------------------------------------------------------
def extract(article: Article, *, find_places: PlaceFinder | None = None) -> Extraction:
    """Read the claims and place mentions of one story.

    Parameters
    ----------
    article : Article
        A story from :mod:`geo.ingest` (any front, or none: which front a
        claim belongs to is decided later, from the places it names).
    find_places : callable, optional
        The gazetteer's span finder ``text -> [(start, end, name), ...]``;
        its spans are added to the pattern candidates.

    Returns
    -------
    Extraction
    """
    if not article.text.strip():
        return Extraction()
    # Datelines, bylines, captions and link lists are blanked out, and a sentence
    # wrapped over two lines is read as one (offsets stay valid).
    text = join_wrapped_lines(mask(article.text, furniture_spans(article.text)))
    sents = sentences(text)
    paras = paragraphs(text)
    para_of = _paragraph_index(sents, paras)
    written = _dateline_date(article)  # the story is read as of its dateline's day
    if written is not None:
        article = replace(article, published=written[0])
    dates = find_dates(text, article.published)
    gaz = _gazetteer_spans(text, find_places)
    in_date = [(d.start, d.end) for d in dates]
    spans = [_front_as_region(text, sp, find_places)
             for sp in _merge_spans(find_candidate_places(text, outlet=article.outlet) + gaz)
             if not any(sp[0] < b and a < sp[1] for a, b in in_date)]  # "Aug. 27" is no place
    mentions = tuple(PlaceMention(name, article.source_id, article.path, a, b,
                                  _quote(article, _sentence_at(sents, a))) for a, b, name in spans)
    attrs = attribute_all(sents, para_of, article.outlet, text)
    story = _Story(article, text, sents, dates, spans, {(a, b) for a, b, _ in gaz},
                   attrs, _speaker_side(text), _offensive_start(text, sents, dates),
                   _narrative_carry(text, sents, para_of, dates),
                   _parse_if_wanted(text, sents, spans))
    claims: list[Claim] = []
    prev_actor: Side | None = None
    for i in range(len(sents)):
        sentence_claims, actor = _sentence_claims(story, i, prev_actor)
        claims.extend(sentence_claims)
        prev_actor = actor or prev_actor
    if written is not None:
        claims = [_as_of_dateline(c, *written) for c in claims]
    return Extraction(tuple(_unique_ids(_drop_headline_repeats(claims, sents, paras, text))),
                      mentions)


def _dateline_date(article: Article) -> tuple[dt.date, str] | None:
    """The day a dateline gives ("KYIV, March 12 (Reuters) - "), and its words.

    Only a day on or before publication and at most
    ``settings.DATELINE_MAX_DAYS_BEFORE`` days before it (wire copy republished
    later); None without a dateline, a publication date, or a day in it.
    """
    span = dateline(article.text)
    if span is None or article.published is None:
        return None
    words = article.text[span[0]:span[1]]
    for d in find_dates(words, article.published):
        r = d.resolved
        if r is not None and r.precision == "day":
            gap = (article.published - r.start).days
            if 0 < gap <= settings.DATELINE_MAX_DAYS_BEFORE:
                return r.start, words[d.start:d.end].strip()
    return None


def _as_of_dateline(c: Claim, day: dt.date, words: str) -> Claim:
    """A claim dated from the story's own day says that day came from the dateline."""
    if c.date is None or f"publication ({day.isoformat()})" not in c.date.basis:
        return c
    basis = c.date.basis.replace(f"publication ({day.isoformat()})",
                                 f"the dateline (\u201c{words.strip()}\u201d, {day.isoformat()})")
    return replace(c, date=replace(c.date, basis=basis))


def find_candidate_places(text: str, *, outlet: str | None = None) -> list[tuple[int, int, str]]:
    """Place-name candidates found by pattern (no gazetteer).

    "the village/town/city of X", "villages of A, B and C", "X region",
    "near/in/outside/south of X" with a capitalised X. Sentence-initial
    words, side names, months, weekdays, the outlet's name and people after
    "according to" are not candidates.

    Parameters
    ----------
    text : str
    outlet : str, optional
        The outlet's name (its words are not places).

    Returns
    -------
    list of (start, end, name)
    """
    outlet_words = set(re.findall(r"\w+", outlet or ""))
    found = (_candidate(text, a, b, outlet_words) for a, b in _candidate_spans(text))
    return [c for c in found if c is not None]


def _candidate_spans(text: str) -> list[tuple[int, int]]:
    """Spans of capitalised names where the place patterns expect a place, pattern by pattern."""
    spans: list[tuple[int, int]] = []
    for m in _LIST_OF.finditer(text):
        spans.extend(_names_in(m, "list"))
    for m in _NAME_REGION.finditer(text):
        if m.group("name").split()[0] not in _NOT_PLACE_WORDS:
            spans.append((m.start("name"), m.end("kind")))
    for m in _VERB_NAME.finditer(text):
        spans.append((m.start("name"), m.end("name")))
        if m.group("more"):  # "liberated Uspenovka and Komarovka"
            spans.extend(_names_in(m, "more"))
    for m in _PREP_NAME.finditer(text):
        spans.append((m.start("name"), m.end("name")))
        if m.group("name2"):
            spans.append((m.start("name2"), m.end("name2")))
    return spans


def _names_in(m: re.Match[str], group: str) -> list[tuple[int, int]]:
    """The spans of the names listed in group ``group`` of ``m`` ("A, B and C")."""
    at = m.start(group)
    return [(at + n.start(), at + n.end()) for n in re.finditer(_CAPITALISED, m.group(group))
            if n.group(0) not in ("and", "or")]


def _candidate(text: str, a: int, b: int,
               outlet_words: set[str]) -> tuple[int, int, str] | None:
    """The place candidate ``text[a:b]`` as (start, end, name); None when it is no place.

    A possessive side before it is dropped ("Russia's Kursk region"); a name
    opening with a side, a month or another non-place word, or holding a word
    of the outlet's name or of an institution's, is none.
    """
    name = text[a:b]
    name = re.sub(r"['’]s$", "", name)
    owner = re.match(r"[A-Z][\w\-]*['’]s\s+(?=[A-Z])", name)  # "Russia's Kursk region"
    if owner and _side_named(owner.group(0)):
        a, name = a + owner.end(), name[owner.end():]
    b = a + len(name)
    first = name.split()[0]
    if first in _NOT_PLACE_WORDS or name in _NOT_PLACE_WORDS or len(name) < 3:
        return None
    if " " not in name and (_side_named(name) or name in _LEADERS):
        return None  # a side's capital, army or leader ("Kremlin", "Putin"): no place
    if set(name.split()) & (outlet_words | _NON_PLACE_TOKENS):
        return None
    return a, b, name


# --- internals ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Story:
    article: Article
    text: str
    sents: list[Span]
    dates: list[DateMention]
    places: list[tuple[int, int, str]]
    gazetteer: set[tuple[int, int]]
    attrs: list[Attribution]
    speaker_side: Side | None
    offensive_start: tuple[ResolvedDate, str] | None
    carry: dict[int, ResolvedDate]
    #: sentence start -> the dependency parse of that sentence, when the parser reads
    #: the events (None: rules only)
    doc: dict[int, Any] | None = None


def _parse_if_wanted(text: str, sents: list[Span],
                     places: list[tuple[int, int, str]]) -> dict[int, Any] | None:
    """Each sentence worth parsing, parsed on its own (see ``settings.READER_ENV``).

    A sentence is worth it when it names a place or gives an area figure; each
    is parsed alone, so the parser never runs two of them (or a headline and
    the text under it) together.
    """
    import os

    from geo import frames

    mode = os.environ.get(settings.READER_ENV, "auto")
    if mode == "rules" or (mode == "auto" and not frames.parser_available()):
        return None
    wanted = [sp for sp in sents if any(sp.start <= p[0] < sp.end for p in places)
              or _AREA.search(text, sp.start, sp.end) or _FRACTION.search(text, sp.start, sp.end)]
    return dict(zip((sp.start for sp in wanted),
                    frames.parse_many([text[sp.start:sp.end] for sp in wanted])))


def _paragraph_index(sents: list[Span], paras: list[Span]) -> list[int]:
    out, k = [], 0
    for s in sents:
        while k + 1 < len(paras) and s.start >= paras[k + 1].start:
            k += 1
        out.append(k)
    return out


def _quote(article: Article, s: Span) -> str:
    """The sentence as written in the article (the working text may be masked)."""
    return article.text[s.start:s.end]


def _sentence_at(sents: list[Span], pos: int) -> Span:
    for s in sents:
        if s.start <= pos < s.end:
            return s
    return Span(pos, pos, "")


def _ask_gazetteer(find_places: PlaceFinder, text: str) -> list[tuple[int, int, str]] | None:
    """The gazetteer's spans in ``text``; None when the gazetteer fails.

    The one place a gazetteer's failure is caught: a broken gazetteer must not
    lose the pattern candidates, and leaves a front's name as written.
    """
    try:
        return [(int(a), int(b), str(n)) for a, b, n in find_places(text)]
    except Exception:  # noqa: BLE001 - a broken gazetteer leaves the pattern candidates as found
        return None


def _gazetteer_spans(text: str, find_places: PlaceFinder | None) -> list[tuple[int, int, str]]:
    """The gazetteer's place names in ``text``, each without a leading "the"."""
    spans = None if find_places is None else _ask_gazetteer(find_places, text)
    if spans is None:
        return []
    # "the Kursk region" is found whole; the name as written starts after the article
    return [(a + 4, b, n[4:]) if n[:4].lower() == "the " else (a, b, n) for a, b, n in spans]


#: "the Kursk front", "the Kharkiv direction": a front named after a region's capital.
_FRONT_WORD = re.compile(r"[ \t]+(?:front|direction|axis|sector)\b", re.I)


def _front_as_region(text: str, span: tuple[int, int, str],
                     find_places: PlaceFinder | None) -> tuple[int, int, str]:
    """A place named as a front ("the Kursk front") is the region, never the city.

    The mention keeps its offsets and is named "<name> region" when the
    gazetteer knows that region; otherwise it stays as written.
    """
    a, b, name = span
    if find_places is None or not _FRONT_WORD.match(text, b):
        return span
    region = f"{name} region"
    found = _ask_gazetteer(find_places, region) or []
    whole = any(x == 0 and y == len(region) for x, y, _ in found)
    return (a, b, region) if whole else span


def _merge_spans(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop spans overlapping a longer one; keep text order."""
    spans = sorted(set(spans), key=lambda t: (t[0], -(t[1] - t[0])))
    out: list[tuple[int, int, str]] = []
    for sp in spans:
        if out and sp[0] < out[-1][1]:
            if sp[1] - sp[0] > out[-1][1] - out[-1][0]:
                out[-1] = sp
            continue
        out.append(sp)
    return out


def _actors(text: str, a: int, b: int) -> list[tuple[int, int, Side]]:
    """Side actors ("Ukrainian forces", "Moscow", "Russia's Defense Ministry") in text[a:b]."""
    out = []
    for m in _ACTOR.finditer(text, a, b):
        if m.group("held"):
            side = "Ukraine" if m.group("held").lower().startswith("ukr") else "Russia"
            out.append((m.start(), m.end(), side))
            continue
        pre = text[max(0, m.start() - 12):m.start()].lower()
        if re.search(r"\b(?:of|in|into|from|inside|across|within|to|toward|towards|against)\s+"
                     r"(?:the\s+)?$", pre) and not re.search(_FORCE, m.group(0), re.I):
            continue
        idx = next(i for i in range(len(_SIDES)) if m.group(f"s{i}"))
        out.append((m.start(), m.end(), _VOCAB.side_of(_SIDES[idx]) or _SIDES[idx]))
    return out


def _speaker_side(text: str) -> Side | None:
    """The side whose soldiers the story quotes ("Ukrainian soldiers said ...")."""
    counts: Counter[Side | None] = Counter()
    for force, pat in _SIDE_PAT.items():
        counts[_VOCAB.side_of(force)] += len(re.findall(
            r"\b(?:" + pat + r")\s+(?:[\w\-]+\s+){0,2}?(?:soldiers?|"
            r"commanders?|officers?|fighters?|troops)\b", text, re.I))
    if not counts or counts.most_common(1)[0][1] == 0:
        return None
    (best, n), *rest = counts.most_common()
    return best if not rest or n > rest[0][1] else None


def _continues(prev: str, cur: str) -> bool:
    """True when sentence ``cur`` carries on the narrative of ``prev``.

    It does when it opens with a time link or a pronoun ("By then", "They",
    "His unit") or refers back with a definite article to a participant the
    previous sentence introduced ("one platoon retreated ..." -> "the
    platoon's commander"); never when it opens a new thread ("Separately",
    "Elsewhere", "Meanwhile").
    """
    if _NEW_TOPIC.match(cur):
        return False
    if _CONTINUATION.match(cur):
        return True
    introduced = {m.group(0).lower().rstrip("s") for m in _PARTICIPANTS.finditer(prev)}
    for m in re.finditer(r"\b(?:the|that|this|these|those)\s+(?:[\w\-]+\s+)?(?P<n>\w+)", cur, re.I):
        if _PARTICIPANTS.fullmatch(m.group("n")) and m.group("n").lower().rstrip("s") in introduced:
            return True
    return False


def _narrative_carry(text: str, sents: list[Span], para_of: list[int],
                     dates: list[DateMention]) -> dict[int, ResolvedDate]:
    """Dates inherited by undated sentences that continue a dated narrative.

    A sentence with no date expression of its own inherits the date of the
    sentence it continues (:func:`_continues`) when that one is in the same
    or the previous paragraph, through at most
    ``settings.NARRATIVE_MAX_SENTENCES`` sentences. A sentence with its own
    date, a state bound ("since August") or an unresolved date breaks the
    chain. Returns sentence start offset -> the inherited date (inferred).
    """
    out: dict[int, ResolvedDate] = {}
    carry: ResolvedDate | None = None
    steps = 0
    for i, s in enumerate(sents):
        own = [d for d in dates if s.start <= d.start < s.end]
        if own:
            last = own[-1]
            ok = last.resolved is not None and not _STATE_BOUND.match(text[last.start:last.end])
            carry, steps = (last.resolved if ok else None), 0
            continue
        if (carry is not None and i > 0 and steps < settings.NARRATIVE_MAX_SENTENCES
                and para_of[i] - para_of[i - 1] <= settings.NARRATIVE_MAX_PARAGRAPH_GAP
                and _continues(sents[i - 1].text, s.text)):
            steps += 1
            out[s.start] = ResolvedDate(
                carry.start, carry.end, carry.precision, carry.text,
                f"inferred: continues the narrative of an earlier sentence dated "
                f"“{strip_preposition(carry.text)}” ({carry.iso()})", True)
        else:
            carry = None
    return out


def _offensive_start(text: str, sents: list[Span], dates: list[DateMention]
                     ) -> tuple[ResolvedDate, str] | None:
    """When the story says the offensive began ("occupied since August", "invasion last August").

    Returns the most precise, then earliest, such date, with the words it came from.
    """
    cands = []
    for d in dates:
        if d.resolved is None:
            continue
        s = _sentence_at(sents, d.start)
        since = re.match(r"since\b", text[d.start:d.end], re.I)
        if since or _OFFENSIVE.search(s.text) and re.search(
                r"\b(?:invasion|incursion|offensive|operation)\b", s.text, re.I):
            rank = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4}[d.resolved.precision]
            lo = max(s.start, d.start - 40)
            cands.append((0 if since else 1, rank, d.resolved.start, d.resolved,
                          text[lo:min(s.end, d.end)].strip()))
    if not cands:
        return None
    _, _, _, rd, words = min(cands, key=lambda c: (c[1], c[0], c[2]))
    return rd, words


@dataclass(frozen=True)
class _Reading:
    """One sentence being read, and what all of its claims share.

    Attributes
    ----------
    st : _Story
        The story the sentence is in.
    i : int
        The sentence's index in ``st.sents``.
    s : Span
        The sentence.
    attr : Attribution
        Who asserts it.
    dates : list of DateMention
        The date expressions in the sentence.
    places : list of (start, end, name)
        The place candidates in the sentence.
    actors : list of (start, end, side)
        The sides named in the sentence as actors.
    prev_actor : Side or None
        The side an earlier sentence named first.
    conf : float
        The confidence of its claims (claimant type, hedges).
    common : dict
        The fields of :class:`~geo.models.Claim` every claim of the sentence shares.
    """

    st: _Story
    i: int
    s: Span
    attr: Attribution
    dates: list[DateMention]
    places: list[tuple[int, int, str]]
    actors: list[tuple[int, int, Side]]
    prev_actor: Side | None
    conf: float
    common: dict[str, Any]

    @property
    def speaker(self) -> Side | None:
        """The side of who asserts the sentence (the claimant's, else the story's soldiers')."""
        return self.attr.side or self.st.speaker_side

    def side_before(self, pos: int) -> Side | None:
        """The side acting at ``pos``: one named before it, else the one the sentence implies."""
        before = [a for a in self.actors if a[0] < pos]
        named = self._named_side(before, pos) if before else None
        return named if named is not None else self._implied_side(pos)

    def _named_side(self, before: list[tuple[int, int, Side]], pos: int) -> Side | None:
        """The side named before ``pos`` that acts there; None when none of ``before`` does."""
        text, s = self.st.text, self.s
        near = text[before[-1][1]:pos]
        if _PRONOUN_SUBJECT.search(near[-40:]) and not _FIRST_PERSON.search(near[-40:]):
            return before[0][2]  # "X said it had ...": the pronoun is the sentence's subject
        clause_start = _clause(text, s, pos)[0]
        own = [a for a in before if a[0] >= clause_start]
        if own:  # each clause of a compound sentence has its own actor
            return own[-1][2]
        if not _OWN_SUBJECT.match(text, clause_start):
            return before[-1][2]
        return None

    def _implied_side(self, pos: int) -> Side | None:
        """The side at ``pos`` when none is named before it: "we", "they", "by X", the speaker."""
        text, s, attr = self.st.text, self.s, self.attr
        head = text[s.start:pos]
        if _FIRST_PERSON.search(head) or (attr.claimant_type == "soldier"
                                          and _FIRST_PERSON.search(s.text)):
            return attr.side or self.st.speaker_side or self.prev_actor
        if _PRONOUN_SUBJECT.search(head):
            return self.prev_actor
        passive = re.search(r"\bby\s+(?:the\s+)?(" + "|".join(_SIDE_PAT.values()) + r")",
                            text[pos:min(s.end, pos + settings.PASSIVE_AGENT_MAX_CHARS)])
        if passive:
            return _VOCAB.side_named(passive.group(1))
        if attr.claimant_type in ("soldier", "military") and attr.side:
            return attr.side
        return None


def _reading(st: _Story, i: int, prev_actor: Side | None) -> _Reading:
    """Sentence ``i`` of the story, ready to be read (its dates, places, actors, confidence)."""
    s = st.sents[i]
    attr = st.attrs[i]
    hedged = any(rx.search(s.text) for rx in _HEDGES) or _hedged_by_next(st, i)
    base = settings.CONFIDENCE_BY_CLAIMANT.get(attr.claimant_type, 0.7)
    conf = round(base * (settings.HEDGE_FACTOR if hedged else 1.0), 3)
    common: dict[str, Any] = dict(source_id=st.article.source_id, source=st.article.path,
                                  quote=_quote(st.article, s),
                                  start=s.start, end=s.end, claimant=attr.claimant,
                                  claimant_type=attr.claimant_type, claimant_side=attr.side,
                                  hedged=hedged)
    return _Reading(st, i, s, attr, [d for d in st.dates if s.start <= d.start < s.end],
                    [p for p in st.places if s.start <= p[0] < s.end],
                    _actors(st.text, s.start, s.end), prev_actor, conf, common)


def _sentence_claims(st: _Story, i: int,
                     prev_actor: Side | None) -> tuple[list[Claim], Side | None]:
    """The claims of sentence ``i`` and the side it names first (None when it names none)."""
    rd = _reading(st, i, prev_actor)
    claims, area_spans = _figure_claims(rd)
    if st.doc is not None and rd.s.start in st.doc:
        claims.extend(_parsed_event_claims(rd, st.doc[rd.s.start], area_spans))
    if st.doc is None:
        claims.extend(_rule_event_claims(rd, area_spans))
    actor = rd.actors[0][2] if rd.actors else None
    return _unique_events(claims), actor


def _figure_claims(rd: _Reading) -> tuple[list[Claim], list[tuple[int, int]]]:
    """The area figures and shares of a sentence, and the spans they cover."""
    text, s = rd.st.text, rd.s
    claims: list[Claim] = []
    area_spans: list[tuple[int, int]] = []
    parts = {m.start("num"): m for m in _PART_OF.finditer(text, s.start, s.end)}
    shares = {m.end(): m for m in _SHARE_OF.finditer(text, s.start, s.end)}
    for m in _AREA.finditer(text, s.start, s.end):
        found, spans = _figure_and_parts(rd, m, parts.get(m.start("num")), shares.get(m.start()))
        claims.extend(found)
        area_spans.extend(spans)
    for m in _FRACTION.finditer(text, s.start, s.end):  # "lost a quarter of the territory"
        if any(a <= m.start() < b for a, b in area_spans):
            continue  # read above as the share of a stated whole
        area_spans.append((m.start(), m.end()))
        c = _fraction_claim(rd, m)
        if c is not None:
            claims.append(c)
    return claims, area_spans


def _figure_and_parts(rd: _Reading, m: re.Match[str], pm: re.Match[str] | None,
                      share: re.Match[str] | None
                      ) -> tuple[list[Claim], list[tuple[int, int]]]:
    """The claims of one area figure, with the part or share it is the whole of.

    Parameters
    ----------
    rd : _Reading
    m : re.Match
        The figure (:data:`_AREA`).
    pm : re.Match or None
        "retook 1,150 of the 1,210 sq km": the part written before the figure.
    share : re.Match or None
        "lost 40% of the 1,000 sq km": the share written before the figure.

    Returns
    -------
    tuple of (list of Claim, list of (start, end))
        The claims in text order, and the spans they were read from.
    """
    out: list[Claim] = []
    spans = [(m.start(), m.end())]
    c = _area_claim(rd, m)
    if c is not None and share is not None:  # "lost 40% of the 1,000 sq km"
        spans.append((share.start(), share.end()))
        change = _fraction_claim(rd, share)
        if change is not None:
            out.append(change)
            c = _whole_of_share(c, change)
    if c is not None and pm is not None:  # "retook 1,150 of the 1,210 sq km"
        part, c = _part_and_whole(c, pm, _part_frame(rd, pm))
        out.append(part)
    if c is not None:
        out.append(c)
    return out, spans


def _rule_event_claims(rd: _Reading, area_spans: list[tuple[int, int]]) -> list[Claim]:
    """Control events of a sentence read by the event rules (no parse)."""
    text, s = rd.st.text, rd.s
    taken: list[tuple[int, int]] = []
    if rd.attr.start >= 0:  # verbs inside the attribution ("analysts fighting in X") are not events
        taken.append((s.start + rd.attr.start, s.start + rd.attr.end))
    claims: list[Claim] = []
    for rx, action in _EVENT_RULES:
        for m in rx.finditer(text, s.start, s.end):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            if not _no_event(text, s, m, action, area_spans):
                claims.extend(_event_claims(rd, m, action))
    return claims


def _no_event(text: str, s: Span, m: re.Match[str], action: Action,
              area_spans: list[tuple[int, int]]) -> bool:
    """True when an event verb reports no event of a place: it governs a figure, or refers."""
    if any(a - 80 < m.start() < b + 5 for a, b in area_spans) and action in (
            "held", "captured", "withdrew"):
        return True  # the verb governs an area figure, not a place
    # "the territory it had captured": a reference, not an event
    return bool(_RELATIVE_OBJECT.search(text[max(s.start, m.start() - 60):m.start()]))


def _unique_events(claims: list[Claim]) -> list[Claim]:
    """The claims without repeats of one event (two verbs naming it of the same place)."""
    seen: set[tuple[object, ...]] = set()
    unique = []
    for c in claims:
        key = (c.kind, c.place, c.action, c.side, c.value) if c.kind == "event" else (id(c),)
        if key not in seen:
            seen.add(key)
            unique.append(c)
    return unique


def _number(raw: str) -> float:
    low = raw.lower().strip()
    if low in _NUM_WORDS:
        return float(_NUM_WORDS[low])
    mult = (1000.0 if low.endswith("thousand") else 1e6 if low.endswith("million")
            else 1e9 if low.endswith("billion") else 1.0)
    digits = re.sub(r"[^\d.]", "", low)
    return float(digits) * mult


#: What, just before a figure's number, makes the number unreadable as written:
#: a sign ("-5 sq km", "minus 5"), an exponent ("1e9"), or a list of digits
#: that is no thousands grouping ("1,2,3"). Each is a reason the figure is not drawn.
_FIGURE_DOUBTS = (
    (re.compile(r"(?:(?<![\w.,])[-\u2212]|\bminus\s+)$", re.I), "a negative number"),
    (re.compile(r"\d(?:\.\d+)?[eE][-+]?$"), "written in scientific notation"),
    (re.compile(r"\d[,.]$"), "not a number that can be read (digits and separators)"),
)


def figure_problem(text: str, number_start: int, value: float) -> str:
    """Why an area figure's number cannot be drawn as written; "" when it can.

    Parameters
    ----------
    text : str
        The story.
    number_start : int
        Offset of the figure's number in ``text``.
    value : float
        The number as read.

    Examples
    --------
    >>> figure_problem("held -5 sq km", 6, 5.0)
    'a negative number'
    >>> figure_problem("held 1e9 square miles", 7, 9.0)
    'written in scientific notation'
    >>> figure_problem("held 500 sq km", 5, 500.0)
    ''
    """
    before = text[max(0, number_start - 12):number_start]
    for pattern, why in _FIGURE_DOUBTS:
        if pattern.search(before):
            return why
    return "zero" if value <= 0 else ""


def _unit(raw: str) -> str:
    low = raw.lower()
    if "mi" in low and "kilo" not in low:
        return "sq mi"
    if low.startswith("hectare"):
        return "ha"
    return "km²"


#: ", and Martynovka on May 2": the last item of a list of names, not a new clause.
_LIST_END = (r"\s*(?:[A-Z][\w’'\-]*)(?:[ \-][A-Z][\w’'\-]*)*\s*(?:[.,;)]|$|\s+(?:on|in|at|near|"
             r"since|by|during|over|last|this|earlier|and|or|were|are)\b)")


def _clause(text: str, s: Span, pos: int) -> tuple[int, int]:
    """The clause of sentence ``s`` around ``pos`` (split at ; — while whereas but)."""
    seps = [m for m in re.finditer(r";|\s[—–]\s|,\s+(?:while|whereas|but)\s|,\s+and\s(?!"
                                   + _LIST_END + r")|\s(?:while|whereas)\s|"
                                   r",\s+(?:down|up)\s+from\b|,?\s+compared (?:with|to)\b",
                                   text[s.start:s.end])]
    a, b = s.start, s.end
    for m in seps:
        p = s.start + m.start()
        if p < pos:
            a = s.start + m.end()
        elif p > pos:
            b = p
            break
    return a, b


@dataclass(frozen=True)
class _Amount:
    """The amount an area figure gives.

    Attributes
    ----------
    value : float
        As written (a range's middle), in ``unit``.
    unit : str
        "km²", "sq mi" or "ha".
    km2, sq_mi : float
        The area in both units (the one written in brackets, when given).
    range_km2 : (float, float) or None
        "700-1,100 sq km": the range in km².
    """

    value: float
    unit: str
    km2: float
    sq_mi: float
    range_km2: tuple[float, float] | None


def _amount(m: re.Match[str]) -> _Amount:
    """The amount of the area figure matched by ``m`` (:data:`_AREA`)."""
    value = _number(m.group("num"))
    unit = _unit(m.group("unit"))
    per_unit = (settings.KM2_PER_SQ_MI if unit == "sq mi" else
                settings.KM2_PER_HECTARE if unit == "ha" else 1.0)
    value_range = None
    if m.group("lo"):  # "700-1,100 sq km": a range, read as its middle
        low = _number(m.group("lo"))
        if 0 < low < value:
            value_range = (round(low * per_unit, 1), round(value * per_unit, 1))
            value = (low + value) / 2
    km2 = value * per_unit
    sq_mi = km2 / settings.KM2_PER_SQ_MI
    if m.group("num2"):
        v2, u2 = _number(m.group("num2")), _unit(m.group("unit2"))
        if u2 == "sq mi" and unit != "sq mi":
            sq_mi = v2
        elif u2 == "km²" and unit != "km²":
            km2 = v2
    return _Amount(value, unit, km2, sq_mi, value_range)


def _figure_place(st: _Story, places: list[tuple[int, int, str]], a: int, b: int,
                  clause: str) -> tuple[bool, str | None]:
    """Which place a figure in the clause ``text[a:b]`` is about.

    Returns
    -------
    tuple of (bool, str or None)
        Whether the clause is about somewhere no front knows (the figure is
        then no claim), and the place: the first the gazetteer knows in the
        clause, None for the story's own front.
    """
    c_places = [p for p in places if a <= p[0] < b]
    known = [p for p in c_places if any(p[0] <= ga and gb <= p[1] for ga, gb in st.gazetteer)]
    if c_places and not known:
        return True, None  # a clause naming only places no front knows is about somewhere else
    if not known and any(rx.search(clause) for rx in _OTHER_THEATER):
        return True, None  # "while Russia seized 4,000 sq km in eastern Ukraine"
    return False, known[0][2] if known else None


def _figure_measure(text: str, s: Span, m: re.Match[str], a: int, b: int,
                    frame: FigureFrame | None) -> tuple[Measure, Action | None]:
    """What a figure measures, and for a change its action.

    The verb governing the figure decides when the parse says; else cue words
    in its clause ``text[a:b]``.
    """
    clause = text[a:b]
    before = text[a:m.start()][-80:]
    if _CONTESTED.search(clause):  # "a grey zone of 200 km²": neither side's ground
        return "contested", None
    if _PEAK.search(clause) or _PEAK.search(text[s.start:m.start()]):
        return "peak", None
    if frame is not None and frame.measure is not None:
        return frame.measure, frame.action
    if _HELD_CUE.search(clause):
        return "held", None
    if _CHANGE_LOSS.search(before):
        return "change", "withdrew"
    if _CHANGE_GAIN.search(before) or _CHANGE_CUE.search(clause):
        return "change", "captured"
    return "held", None


def _figure_side(rd: _Reading, m: re.Match[str],
                 frame: FigureFrame | None) -> tuple[Side | None, str]:
    """Whose the figure is, and how that was found: the parse's, else the side named before."""
    if frame is not None and frame.side:
        return frame.side, frame.side_basis
    side = rd.side_before(m.start())
    return side, "the side named before it in the sentence" if side else ""


def _figure_qualifier(m: re.Match[str], conf: float) -> tuple[str | None, float]:
    """The figure's qualifier ("about"), and its confidence (less for "dozens of")."""
    qual = m.group("qual").lower() if m.group("qual") else None
    num_word = m.group("num").lower()
    if num_word in _VAGUE:
        return num_word, round(conf * settings.VAGUE_FACTOR, 3)
    return qual, conf


def _figure_date(rd: _Reading, m: re.Match[str], measure: Measure,
                 earlier: bool) -> ResolvedDate | None:
    """The date of an area figure.

    "shrank from A to B": A is of the past, its date unknown (a peak gets the
    offensive's start, as any undated peak). "has taken 100 sq km since the
    push began on Friday": Friday starts the period; the figure is as of the
    report.
    """
    if earlier and measure != "peak":
        return None
    text, s = rd.st.text, rd.s
    own_dates = [d for d in rd.dates
                 if not _SINCE.search(text[max(s.start, d.start - 60):d.start] + " "
                                      + text[d.start:d.end].split(" ", 1)[0])]
    return _claim_date(rd.st, s, m.start(), own_dates, peak=(measure == "peak"))


def _area_claim(rd: _Reading, m: re.Match[str]) -> Claim | None:
    """The area figure matched by ``m``; None when it is about somewhere no front knows."""
    text, s = rd.st.text, rd.s
    amount = _amount(m)
    doubt = figure_problem(text, m.start("lo") if m.group("lo") else m.start("num"),
                           _number(m.group("num")))
    a, b = _clause(text, s, m.start())
    elsewhere, place = _figure_place(rd.st, rd.places, a, b, text[a:b])
    if elsewhere:
        return None
    frame = _figure_frame(rd, m)
    measure, action = _figure_measure(text, s, m, a, b, frame)
    side, side_basis = _figure_side(rd, m, frame)
    qual, conf = _figure_qualifier(m, rd.conf)
    date = _figure_date(rd, m, measure, bool(frame and frame.earlier))
    return Claim(claim_id="", kind="area", side=side, place=place, date=date,
                 confidence=conf, negated=False, value=round(amount.value, 2), unit=amount.unit,
                 qualifier=qual or ("between" if amount.range_km2 else None), measure=measure,
                 area_km2=round(amount.km2, 1), area_sq_mi=round(amount.sq_mi, 1),
                 action=action, range_km2=amount.range_km2, side_basis=side_basis,
                 figure_problem=doubt, **rd.common)


def _figure_frame(rd: _Reading, m: re.Match[str]) -> FigureFrame | None:
    """What the parse says about the figure matched by ``m`` (None without a parse)."""
    st, s = rd.st, rd.s
    if st.doc is None or s.start not in st.doc:
        return None
    from geo import frames

    return frames.figure_frame(st.doc[s.start], m.start("num") - s.start,
                               m.end("unit") - s.start, _VOCAB, speaker=rd.speaker,
                               previous=rd.prev_actor)


def _part_frame(rd: _Reading, pm: re.Match[str]) -> FigureFrame | None:
    """What the parse says about the part of "retook 700 of the 900 km²" (its own verb)."""
    st, s = rd.st, rd.s
    if st.doc is None or s.start not in st.doc:
        return None
    from geo import frames

    return frames.figure_frame(st.doc[s.start], pm.start("part") - s.start,
                               pm.start("part") - s.start + len(pm.group("part")), _VOCAB,
                               speaker=rd.speaker, previous=rd.prev_actor)


def _part_and_whole(whole: Claim, m: re.Match[str],
                    frame: FigureFrame | None = None) -> tuple[Claim, Claim]:
    """"retaken 1,150 of the 1,210 square kilometres": the part, and the whole as a peak.

    The part is read from its own verb when the parse says ("retaken": a gain),
    else as the whole figure was; a gain counted against a whole is a running
    total (cumulative). The whole is the most that was held: by the part's
    side when the part is held, else by the other side.
    """
    value = _number(m.group("part"))
    per_unit = (whole.area_km2 or 0.0) / whole.value if whole.value else 1.0
    km2 = value * per_unit
    measure, action, side = whole.measure, whole.action, whole.side
    if frame is not None and frame.measure is not None:
        measure, action = frame.measure, frame.action
        side = frame.side or side
    if measure == "change" and action == "captured":
        measure = "cumulative"  # "retook 700 of the 900": all retaken so far
    part = replace(whole, value=value, area_km2=round(km2, 1), measure=measure, action=action,
                   side=side, area_sq_mi=round(km2 / settings.KM2_PER_SQ_MI, 1),
                   qualifier=None, range_km2=None)
    holder = side if measure == "held" else _VOCAB.opponent(side)
    # the whole's own date is not given: it was the most held, some time before
    return part, replace(whole, measure="peak", action=None, side=holder, date=None,
                         side_basis="the whole the part was taken from" if holder else "")


def _whole_of_share(whole: Claim, share: Claim) -> Claim:
    """The whole a share was lost from or gained of: the most that was held.

    "Ukraine lost 40% of the 1,000 km² it held": the 1,000 km² were Ukraine's;
    "Russia retook 40% of the 1,000 km²": they were the other side's. Its own
    date is not given (it was the most held, some time before).
    """
    holder = share.side if share.action == "withdrew" else _VOCAB.opponent(share.side)
    return replace(whole, measure="peak", action=None, side=holder, date=None,
                   side_basis="the whole the share was taken from" if holder else "")


def _fraction_claim(rd: _Reading, m: re.Match[str]) -> Claim | None:
    """A change stated as a share of territory: value in %, no km² (never a held total).

    Returns None unless the clause says the share was gained or lost.
    """
    text, s = rd.st.text, rd.s
    a, _b = _clause(text, s, m.start())
    before = text[a:m.start()][-80:]
    if _CHANGE_LOSS.search(before):
        action: Action = "withdrew"
    elif _CHANGE_GAIN.search(before):
        action = "captured"
    else:
        return None  # "holds half the land it seized": no figure to map
    frac = m.group("frac").lower()
    value = _FRACTIONS.get(frac) or float(re.sub(r"[^\d.]", "", frac))
    qual = (m.group("qual") or "").lower() or None  # the share's words stay in the quote
    return Claim(claim_id="", kind="area", side=rd.side_before(m.start()), place=None,
                 date=_claim_date(rd.st, s, m.start(), rd.dates), confidence=rd.conf,
                 negated=False, value=value, unit="%", qualifier=qual, measure="change",
                 area_km2=None, area_sq_mi=None, action=action, **rd.common)


#: A capitalised name of one or more words: how the names of a list are split (it was
#: named _NAME, as the place pattern above, and so used by find_candidate_places too).
#: A list of two or more names ("Pogrebki, Kolmakov and Makhnovka"): its length does
#: not count against how far after a claim its date may be written.
_CAPITALISED = r"[A-Z][\w’'\-]*(?:[ \-][A-Z][\w’'\-]*)*"
_NAME_LIST = re.compile(_CAPITALISED + r"(?:\s*,\s*" + _CAPITALISED + r")*,?\s+(?:and|or)\s+"
                        + _CAPITALISED)


def _date_reach(text: str, pos: int) -> int:
    """How far after ``pos`` a date still dates the claim there.

    ``settings.DATE_AFTER_MAX_CHARS``, not counting the lists of names in
    between: "retook the villages of A, B, C and D in the region on Tuesday"
    dates all four.
    """
    limit = settings.DATE_AFTER_MAX_CHARS
    reach = pos + limit
    for m in _NAME_LIST.finditer(text, pos, pos + limit):
        reach += m.end() - m.start()
    return reach


def _claim_date(st: _Story, s: Span, pos: int, s_dates: list[DateMention],
                peak: bool = False) -> ResolvedDate | None:
    """Date of a claim at ``pos`` in sentence ``s``.

    A date in the claim's own clause wins; a later clause in the present tense
    with no date of its own ("..., and fighting continues outside X") is dated
    to publication rather than to the previous clause's date; an undated
    sentence continuing a dated narrative takes its date. Anything else is
    dated to publication, labelled inferred (None without a publication
    date, or when the date written cannot be resolved).
    """
    pub = st.article.published
    a, b = _clause(st.text, s, pos)
    reach = _date_reach(st.text, pos)
    own = [d for d in s_dates if a <= d.start < b]
    own_before = [d for d in own if d.start <= pos]
    own_after = [d for d in own if pos < d.start < reach
                 and not _RELATIVE_CAPTURE.search(st.text, pos, d.start)]
    if own_before or own_after:
        return (own_before[-1] if own_before else own_after[0]).resolved
    if peak and a > s.start:  # "..., down from a peak of X": the other clause's date is not its own
        s_dates = []
    if (a > s.start and pub is not None and _PRESENT.search(st.text, a, b)
            and not peak):
        return ResolvedDate(pub, pub, "day", "(present tense)",
                            f"inferred: present tense, as of publication ({pub.isoformat()})",
                            True)
    if s_dates:
        before = [d for d in s_dates if d.start <= pos]
        after = [d for d in s_dates if pos < d.start < min(b, reach)
                 and not _RELATIVE_CAPTURE.search(st.text, pos, d.start)]
        # "..., commander X said on Aug. 27": the date of the statement dates its claims
        spoken = [d for d in s_dates if d.start > pos and _SPEECH_BEFORE.search(
            st.text[max(s.start, d.start - 50):d.start])]
        if before or after or spoken:
            d = before[-1] if before else after[0] if after else spoken[0]
            return d.resolved  # None when unresolved: undated, never guessed
    if peak:
        if st.offensive_start is None:
            return None
        rd, words = st.offensive_start
        return widen(rd, "month" if rd.precision in ("day", "week") else rd.precision,
                     f"inferred: peak dated to the offensive's start (“{words}”)")
    if pub is not None and _PRESENT.search(s.text):
        return ResolvedDate(pub, pub, "day", "(present tense)",
                            f"inferred: present tense, as of publication ({pub.isoformat()})",
                            True)
    carried = st.carry.get(s.start)  # the date of the narrative it continues, if any
    if carried is not None or pub is None:
        return carried
    # News reports what is new: an event told without a date is taken as known on the
    # day the story appeared (a status true as of publication), and says so.
    return ResolvedDate(pub, pub, "day", "(no date given)",
                        f"inferred: no date in the text; taken as of publication "
                        f"({pub.isoformat()})", True)


def _event_action(text: str, m: re.Match[str], action: Action) -> Action:
    """The action of an event verb, given what follows it.

    "took two villages near X", "captured swathes of territory in X": not X
    itself, but a gain (or fighting) around it; holding positions beside X is
    fighting for it.
    """
    if action in ("captured", "withdrew", "held") and _UNNAMED_OBJECT.match(text, m.end()):
        return "advanced" if action == "captured" else "contested"
    if action == "held" and _POSITIONS_NEAR.match(text, m.end()):
        return "contested"
    return action


def _places_after(text: str, m: re.Match[str], after: list[tuple[int, int, str]]) -> list[str]:
    """The place just after an event verb, and those listed with it ("A, B and C")."""
    places = [after[0][2]]
    last = after[0]
    for p in after[1:]:
        if not re.fullmatch(r"\s*(?:,|,?\s*and|,?\s*or)\s*", text[last[1]:p[0]]):
            break
        places.append(p[2])
        last = p
    return places


def _place_before(rd: _Reading, m: re.Match[str], a: int, b: int) -> list[str]:
    """The place an event verb refers back to ("outside the town"), or the one before it."""
    text, s = rd.st.text, rd.s
    ref = _BACKREF.search(text, m.end(), min(b, m.end() + 60))
    prior = [p for p in rd.st.places if p[1] <= s.start]
    before = [p for p in rd.places if a <= p[0] and p[1] <= m.start()]
    if ref and prior:
        return [prior[-1][2]]
    if before and (m.start() - before[-1][1] <= 160):
        return [before[-1][2]]
    return []


def _event_places(rd: _Reading, m: re.Match[str], action: Action, a: int, b: int) -> list[str]:
    """The places an event verb in the clause ``text[a:b]`` reports about (sides excluded)."""
    text = rd.st.text
    after = [p for p in rd.places if p[0] >= m.end() - 1 and p[0] < b]
    if _agent(m) or _passive_agent(text, m.end(), b):
        # "X, under Ukrainian control", "the town held by Kyiv": the place precedes
        after = [p for p in after if p[0] - m.end() <= 12]
    if after and after[0][0] - m.end() <= 90:
        places = _places_after(text, m, after)
    elif action == "contested" and re.search(r"\b(?:in|near|outside|around|for)$", m.group(0)):
        places = []  # "fighting in the salient": the place must follow the preposition
    else:
        places = _place_before(rd, m, a, b)
    return [p for p in places if p not in ("Russia", "Ukraine")]


def _event_negated(text: str, s: Span, m: re.Match[str], a: int) -> bool:
    """True when the event verb is negated or denied ("did not take", "denied that ... took").

    "could not confirm claims that they had taken X": a doubt before a
    complementizer is a hedge, not a negation.
    """
    actor_from = max(a, s.start)
    acts = _actors(text, actor_from, m.start() + 2)
    neg_from = acts[-1][1] if acts else max(actor_from, m.start() - 30)
    window = text[neg_from:m.start()]
    cut = list(_COMPLEMENTIZER.finditer(window))
    denied = bool(cut) and bool(_DENIAL.search(window[:cut[-1].start()]))
    if cut:
        window = window[cut[-1].end():]
    return denied or any(rx.search(window) for rx in _NEGATIONS)


def _event_claims(rd: _Reading, m: re.Match[str], action: Action) -> list[Claim]:
    """The control events an event rule's match ``m`` reports (one per place)."""
    text, s = rd.st.text, rd.s
    action = _event_action(text, m, action)
    if _PERSON_PARTICIPLE.search(text[max(s.start, m.start() - 40):m.end()]):
        return []  # "an officer fighting in Kursk" describes the person
    a, b = _clause(text, s, m.start())
    places = _event_places(rd, m, action, a, b)
    if not places:
        return []
    negated = _event_negated(text, s, m, a)
    if action == "captured" and _ATTEMPT.search(text[max(s.start, m.start() - 40):m.start()]):
        action = "contested"  # "trying to take X": fighting for it, not taken
    side = _agent(m) or _passive_agent(text, m.end(), b) or rd.side_before(m.start())
    date = _claim_date(rd.st, s, m.start(), rd.dates)
    return [Claim(claim_id="", kind="event", side=side, place=p, date=date, confidence=rd.conf,
                  negated=negated, action=action, **rd.common) for p in places]


def _unparsed_side(rd: _Reading, f: Frame) -> tuple[Side | None, str]:
    """The side of a parsed event whose parse names none, and how it was found."""
    text, s, attr = rd.st.text, rd.s, rd.attr
    speaker_span = (s.start + attr.start, s.start + attr.end) if attr.start >= 0 else None
    clause_start = _clause(text, s, f.trigger)[0]  # each clause its own actor
    named = [a for a in _actors(text, clause_start, f.trigger)
             if speaker_span is None or not speaker_span[0] <= a[0] < speaker_span[1]]
    if named:  # "Russian sources reported fighting ...": the source is no actor
        return named[-1][2], "the side named before it in the sentence"
    if f.action != "contested" and attr.side and attr.claimant_type in (
            "military", "government", "soldier"):
        # "the ministry said units of the North group liberated X": its own forces
        return attr.side, "the speaker's own forces"
    if _FIRST_PERSON.search(s.text):
        side = attr.side or rd.st.speaker_side or rd.prev_actor
        return side, "the speaker (first person)" if side else ""
    return None, f.side_basis


def _parsed_event_claims(rd: _Reading, doc: Any,
                         area_spans: list[tuple[int, int]]) -> list[Claim]:
    """Control events of the sentence read from its parse ``doc`` (:mod:`geo.frames`)."""
    from geo import frames

    s = rd.s
    found = frames.frames(doc, s.start, rd.places, _VOCAB, speaker=rd.speaker,
                          previous=rd.prev_actor, not_names=_NOT_PLACE_WORDS)
    out = []
    for f in found:
        if any(a <= f.start < b for a, b in area_spans):
            continue
        side, basis = (f.side, f.side_basis) if f.side is not None else _unparsed_side(rd, f)
        out.append(Claim(claim_id="", kind="event", side=side, place=f.place,
                         date=_claim_date(rd.st, s, f.trigger, rd.dates), confidence=rd.conf,
                         negated=f.negated, action=f.action, side_basis=basis, **rd.common))
    return out


def _hedged_by_next(st: _Story, i: int) -> bool:
    """True when the next sentence only says this one could not be verified."""
    if i + 1 >= len(st.sents):
        return False
    nxt = st.sents[i + 1]
    if any(nxt.start <= p[0] < nxt.end for p in st.places):
        return False  # it is about a place of its own
    return bool(_BACK_HEDGE.search(nxt.text))


def _is_headline(s: Span, paras: list[Span]) -> bool:
    """A one-sentence paragraph without final punctuation, a few words long."""
    para = next((p for p in paras if p.start <= s.start < p.end), None)
    if para is None or para.text.strip() != s.text.strip():
        return False
    return (not re.search(r"[.!?…]['\"”’)]*$", s.text)
            and len(s.text.split()) <= settings.HEADLINE_MAX_WORDS)


def _claim_key(c: Claim) -> tuple:
    if c.kind == "event":
        return (c.kind, c.place, c.action, c.side)
    return (c.kind, c.area_km2, c.unit if c.area_km2 is None else None, c.value if c.area_km2
            is None else None, c.measure)


def _drop_headline_repeats(claims: list[Claim], sents: list[Span], paras: list[Span],
                           text: str) -> list[Claim]:
    """Drop a headline's claims that the story's body states again (live blogs, subheads)."""
    heads = {s.start for s in sents if _is_headline(s, paras)}
    if not heads:
        return claims
    body = {_claim_key(c) for c in claims if c.start not in heads}
    return [c for c in claims if c.start not in heads or _claim_key(c) not in body]


def _side_named(words: str) -> Side | None:
    """The side a phrase like "Ukrainian", "Kyiv's" or "Russian forces" names."""
    return _VOCAB.side_named(words)


def _agent(m: re.Match) -> Side | None:
    """The side an event phrase names itself ("under Ukrainian control")."""
    agent = m.groupdict().get("agent")
    return _side_named(agent) if agent else None


def _passive_agent(text: str, pos: int, end: int) -> Side | None:
    """The agent of a passive verb ending at ``pos``: "held by Ukraine" -> Ukraine."""
    pm = _PASSIVE_BY.match(text, pos, end)
    return _side_named(pm.group("agent")) if pm else None


def _unique_ids(claims: list[Claim]) -> list[Claim]:
    from dataclasses import replace

    seen: Counter[str] = Counter()
    out = []
    for c in claims:
        base = f"{c.source_id}:{c.kind}:{c.start}"
        seen[base] += 1
        cid = base if seen[base] == 1 else f"{base}-{seen[base]}"
        out.append(replace(c, claim_id=cid))
    return out
