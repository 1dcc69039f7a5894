"""Who asserts a sentence: attribution, claimant type and claimant side.

Attribution is read from the sentence itself ("according to X", "X said",
"said X", "X claimed"), else from the next sentence when the two continue one
statement ("... 500 square miles. By Sunday, they were clinging to 30,
according to X."), else from the previous one for a quote carried on, else
the outlet speaks. Pronoun claimants ("he said", "it claimed") take the most
recent named claimant. The type (analyst / military / government / soldier
/ outlet) comes from the claimant words of the language file
(``claims.claimants`` in ``geo/lang/en.yaml``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeGuard, get_args

from geo._text import Span
from geo.models import ClaimantType, Side
from geo.vocabulary import load_vocabulary, phrases_pattern

__all__ = ["Attribution", "find_attribution", "classify", "side_of", "attribute_all"]

_VOCAB = load_vocabulary()
_VERBS = phrases_pattern(_VOCAB.claims.attribution_verbs)
#: Pronoun claimants ("he said"): the claimant named last (``claims.pronouns``).
_PRONOUNS = set(_VOCAB.claims.pronouns)
_Q = "\"“”‘’'"
_DQ = "\"“”"
_ADVERBS = (r"(?:(?:also|even|later|previously|earlier|repeatedly|again|reportedly|has|have|had|"
            r"officially|publicly|recently|then|once)\s+)*")


@dataclass(frozen=True)
class Attribution:
    """A claimant found for a sentence.

    Attributes
    ----------
    claimant : str
        As named ("Pasi Paroinen, Black Bird Group").
    claimant_type : ClaimantType
    side : Side or None
        The side the claimant belongs to, when the phrase says so.
    start, end : int
        Offsets of the attribution in the sentence (-1 when inherited).
    at_end : bool
        True when the attribution closes the sentence (it can then cover the
        previous sentence too).
    """

    claimant: str
    claimant_type: ClaimantType
    side: Side | None
    start: int = -1
    end: int = -1
    at_end: bool = False


#: How many sentences a quotation may run on before its attribution.
_QUOTE_SPAN = 3


def _opens_quote(text: str) -> bool:
    """True when ``text`` opens a quotation it does not close (it runs on)."""
    curly = text.count("“") - text.count("”")
    return curly > 0 or (curly == 0 and text.count('"') % 2 == 1)


def _quote_closed_later(i: int, sentences: Sequence[Any], paragraph_of: Sequence[int],
                        own: Sequence[Attribution | None],
                        last_named: Attribution | None) -> Attribution | None:
    """The attribution after a quotation that opens in sentence ``i`` and closes later.

    "“At most we held 900 km². The enemy presses on,” said an officer.": the
    first sentence is the officer's too.
    """
    if not _opens_quote(sentences[i].text):
        return None
    for j in range(i + 1, min(i + 1 + _QUOTE_SPAN, len(sentences))):
        if paragraph_of[j] != paragraph_of[i]:
            return None
        text = sentences[j].text
        close = max(text.find("”"), text.find('"'))
        if close < 0:
            continue
        a = own[j]
        if a is None or a.start < close:
            return None
        if a.claimant in _PRONOUNS:
            a = last_named
        return None if a is None else Attribution(a.claimant, a.claimant_type, a.side)
    return None


#: A relative clause after the claimant ("..., which said ...") is what it said, not its name.
_RELATIVE = r"(?=,\s+(?:which|who|whose|that)\b)"
#: "according to X" (the phrases of the language file).
_ACCORDING_TO = "(?:" + phrases_pattern(_VOCAB.claims.according) + ")"
_ACCORDING = re.compile(r"\b" + _ACCORDING_TO + r" (?P<who>[^;]+?)(?:" + _RELATIVE
                        + r"|\s*[.;:!?”\"]*$)|"
                        r"\b" + _ACCORDING_TO + r" (?P<who2>[^,;.]+(?:,\s*(?:a|an|the)\s[^,;.]+)?)",
                        re.I)
#: "according to him": a pronoun, which the caller resolves (object -> subject form).
_OBJECT_PRONOUNS = {obj: subj for subj, obj in _VOCAB.claims.pronouns.items() if obj}
_ACCORDING_PRONOUN = re.compile(r"\b" + _ACCORDING_TO + r" (?P<who>" + "|".join(_OBJECT_PRONOUNS)
                                + r")\b", re.I)
#: "According to X, ...": the attribution ends at the first comma.
_ACCORDING_LEAD = re.compile(r"^\W*" + _ACCORDING_TO + r" (?P<who>[^,;]{2,80}?)(?=,)", re.I)
_WHO_BEFORE = re.compile(
    r"(?:^|[,;:" + _Q + r"]\s*|\b(?:and|but|while|as)\s+)(?P<who>(?:[A-Za-z0-9][\w’'\-.]*\s+){0,6}?"
    r"[A-Za-z][\w’'\-.]*)\s+" + _ADVERBS + r"(?P<verb>" + _VERBS + r")\b"
    # "Conflicting reports from bloggers": a noun with its source, not "X reports"
    r"(?!\s+(?:from|of|by)\b)")
_WHO_APPOSITIVE = re.compile(
    r"^(?P<who>[A-Z][^,;" + _DQ + r"]{1,50}),"
    r"(?P<rel>\s+(?:who|a|an|the|[a-z]+ing)\s[^;]{2,160}?),\s+"
    + _ADVERBS + r"(?P<verb>" + _VERBS + r")\b")
#: "Ukraine's top commander, Oleksandr Syrskyi, said": a title, then the name.
_TITLE_NAME = re.compile(
    r"^(?P<title>[A-Z][^,;" + _DQ + r"]{2,60}?),\s+"
    r"(?P<who>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,3}),\s+"
    + _ADVERBS + r"(?P<verb>" + _VERBS + r")\b")
_WHO_AFTER = re.compile(r"(?:^|[,;" + _DQ + r"]\s*)(?P<verb>" + _VERBS + r")\s+"
                        r"(?P<who>(?:the |a |an )?"
                        r"[A-Z0-9][^,.;:" + _DQ + r"]{1,60}?|(?:the|a|an) [^,.;:" + _DQ
                        + r"]{2,60}?)"
                        r"(?P<app>,\s+(?:a|an|the)\s[^,.;" + _DQ + r"]{3,90})?"
                        r"(?=\s*(?:[,.;:!?" + _DQ + r"]|$))")
_BAD_WHO_WORD = re.compile(r"\b(?:not|been|is|was|were|are|be|it|that|this|which|there)\b", re.I)
_NOT_WHO = re.compile(r"^(?:that|which|who|what|this|there|here|as|so|and|but|when|while|if|"
                      r"then|now|also|it was|is|was|with|of|to|for|in|on|at|by|despite|amid|"
                      r"from)\b", re.I)
_CONTINUE = re.compile(r"^(?:(?:by|on|in|since|until)\s+[\w\- ]{2,20},\s*)?(?:(?:and|but|then|"
                       r"now|yet|so|by then|since then|still)\b|(?:\w+\s+){0,4}?(?:they|it|he|"
                       r"she|its|their|his|her|we|our)\b)", re.I)

_CLAIMANT_TYPES: frozenset[str] = frozenset(get_args(ClaimantType))


def _is_claimant_type(word: str) -> TypeGuard[ClaimantType]:
    """True when ``word`` is one of the claimant types of :data:`geo.models.ClaimantType`."""
    return word in _CLAIMANT_TYPES


_TYPE_RX: tuple[tuple[ClaimantType, re.Pattern[str]], ...] = tuple(
    (t, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I))
    for t, words in _VOCAB.claims.claimants.items() if _is_claimant_type(t))
#: Each force's words, leaders included ("Putin said"); North Korea before Russia's
#: shorter words would not matter, but the order of the file is kept.
_SIDE_RX = tuple((force, re.compile(r"\b" + pattern + r"(?!\w)", re.I))
                 for force, pattern in _VOCAB.speaker_patterns().items())


def _lexicon_type(text: str) -> ClaimantType | None:
    """The claimant type whose lexicon words ``text`` contains first; None if none."""
    for t, rx in _TYPE_RX:
        if rx.search(text):
            return t
    return None


def classify(phrase: str, context: str = "") -> ClaimantType:
    """Claimant type of a phrase from the settings lexicon.

    Parameters
    ----------
    phrase : str
        The claimant as written.
    context : str, optional
        The story text, used to find how a bare name was introduced
        ("Andrii, a Ukrainian intelligence officer").

    Returns
    -------
    ClaimantType
    """
    found = _lexicon_type(phrase)
    if found is not None:
        return found
    intro = _introduction(phrase, context)
    found = _lexicon_type(intro) if intro else None
    if found is not None:
        return found
    # A lone first name or call sign is almost always a soldier in front-line reporting;
    # anything else unknown is treated as an official speaking for a government.
    return "soldier" if re.fullmatch(r"[A-Z][a-z]+", phrase.strip()) else "government"


def side_of(phrase: str, context: str = "") -> Side | None:
    """The side a claimant phrase belongs to ("Russia's Defense Ministry" -> Russia)."""
    for text in (phrase, _introduction(phrase, context) or ""):
        found = [(m.start(), force) for force, rx in _SIDE_RX if (m := rx.search(text))]
        if found:
            return _VOCAB.side_of(min(found)[1])
    return None


def _introduction(name: str, context: str) -> str | None:
    """How a bare name was introduced in the story ("X, a ... officer")."""
    name = name.strip()
    if not context or not re.fullmatch(r"[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)?", name):
        return None
    m = re.search(re.escape(name) + r",\s+((?:a|an|the|who)\s[^.;" + _Q + r"]{3,120})", context)
    if m:
        return m.group(1)
    m = re.search(r"([^.;,]{3,60})\s+" + re.escape(name) + r"\b", context)
    return m.group(1) if m else None


#: When a statement was made, written after who made it ("a general on Wednesday"):
#: not part of the name.
_TRAILING_WHEN = re.compile(
    r",?\s+(?:(?:(?:late|early)\s+)?on\s+|last\s+|this\s+|earlier\s+)?"
    r"(?:(?:" + "|".join(_VOCAB.calendar.weekday_names) + r")|(?:"
    + "|".join(_VOCAB.calendar.month_stems) + r")[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?"
    r"|yesterday|today|week|month)\s*$")


def _short(who: str, app: str | None) -> str:
    """Name plus organisation.

    "Pasi Paroinen, a ... with the X Group" -> "Pasi Paroinen, X Group".
    """
    who = _TRAILING_WHEN.sub("", who.strip(" ,.;:" + _Q))
    if app is None and "," in who:
        who, app = who.split(",", 1)
    if app:
        app = app.strip(" ,")
        orgs = re.findall(r"(?:[A-Z][\w’'\-&.]*\s?){2,6}", app.split(" who ")[0])
        orgs = [re.sub(r"^(?:[\w’'\-]+-based\s+)+", "", o.strip()) for o in orgs
                if not re.fullmatch(r"(?:The|A|An)\s.*", o.strip())]
        if orgs:
            return f"{who.strip()}, {orgs[-1]}"
        return f"{who.strip()}, {app}"[:100]
    return who[:100]


def find_attribution(sentence: str, context: str = "") -> Attribution | None:
    """Attribution written inside one sentence.

    Parameters
    ----------
    sentence : str
    context : str, optional
        The whole story (to classify bare names).

    Returns
    -------
    Attribution or None
        None when the sentence names no one; a pronoun claimant ("he said")
        is returned with ``claimant`` set to the pronoun, for the caller to
        resolve.
    """
    s = sentence
    tail = len(s.rstrip(" .!?" + _Q))
    m = _ACCORDING_PRONOUN.search(s)
    if m:  # "according to him": resolved by the caller, as "he said"
        who = _OBJECT_PRONOUNS[m.group("who").lower()]
        return Attribution(who, "outlet", None, m.start(), m.end(), m.end() >= tail - 1)
    lead = _ACCORDING_LEAD.match(s)
    m = lead or _ACCORDING.search(s)
    if m:
        who = m.group("who") or m.group("who2")
        full = who
        short = _short(who, None)
        relative = re.match(r",\s+(?:which|who|whose|that)\b", s[m.end():])
        at_end = lead is None and (m.end() >= tail - 1 or (m.group("who") is not None
                                                          and not relative))
        return Attribution(short, classify(full, context), side_of(full, context), m.start(),
                           m.end(), at_end)
    m = _TITLE_NAME.match(s)
    if m and not _NOT_WHO.match(m.group("title")):
        who, title = m.group("who"), m.group("title")
        phrase = f"{title} {who}"
        return Attribution(f"{who}, {title}", classify(phrase, context), side_of(phrase, context),
                           0, m.end(), False)
    m = _WHO_APPOSITIVE.match(s)
    if m and not _BAD_WHO_WORD.search(m.group("who")):
        who, rel = m.group("who").strip(), m.group("rel")
        code = re.search(r"(?:codename|call sign|nom de guerre)[,\s]+[" + _Q
                         + r"]?([A-Z][\w\-]+)", rel)
        phrase = who + "," + rel
        name = f"{who} ({code.group(1)})" if code else (
            _short(who, rel) if re.fullmatch(r"[A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)*", who) else who)
        ctype = _lexicon_type(who) or classify(phrase, context)
        return Attribution(name, ctype, side_of(phrase, context), 0, m.end(), False)
    for m in _WHO_AFTER.finditer(s):
        who = m.group("who").strip()
        if _NOT_WHO.match(who) or who.lower() in _PRONOUNS:
            continue
        app = m.group("app")
        phrase = who + (app or "")
        return Attribution(_short(who, app), classify(phrase, context), side_of(phrase, context),
                           m.start(), m.end(), m.end() >= tail - 1)
    for m in _WHO_BEFORE.finditer(s):
        who = m.group("who").strip()
        if _NOT_WHO.match(who) or (_BAD_WHO_WORD.search(who) and who.lower() not in _PRONOUNS):
            continue
        words = who.split()
        # drop leading clause words ("Then", "Three days later") before the subject
        if len(words) > 1 and who.lower() not in _PRONOUNS:
            who = _trim_subject(who)
        start = m.start("who")
        # "Artem, a senior commander, said": join the name before the appositive
        pre = s[:start].rstrip()
        lead = re.match(r"^([A-Z][\w’'\-]+(?: [A-Z][\w’'\-]+)?),$", pre)
        if lead and re.match(r"(?:a|an|the)\s", who):
            phrase = f"{lead.group(1)}, {who}"
            return Attribution(_short(lead.group(1), who), classify(phrase, context),
                               side_of(phrase, context), 0, m.end(), False)
        if who.lower() in _PRONOUNS:
            return Attribution(who.lower(), "outlet", None, start, m.end(), m.end() >= tail - 12)
        return Attribution(_short(who, None), classify(who, context), side_of(who, context),
                           start, m.end(), m.end() >= tail - 12)
    return None


def _trim_subject(who: str) -> str:
    """Keep the subject noun phrase: drop time adverbials and conjunctions before it."""
    who = re.sub(r"^(?:(?:then|and|but|so|however|meanwhile|later|earlier|also)\b\s*)+", "", who,
                 flags=re.I)
    return who or "it"


def attribute_all(sentences: Sequence[Span], paragraph_of: Sequence[int], outlet: str | None,
                  context: str) -> list[Attribution]:
    """Claimant for every sentence of a story.

    Parameters
    ----------
    sentences : sequence of Span
    paragraph_of : sequence of int
        Paragraph index of each sentence (a statement is not carried across
        paragraphs).
    outlet : str or None
        The publication, the claimant when nobody else is named.
    context : str
        The story text.

    Returns
    -------
    list of Attribution
    """
    own = [find_attribution(s.text, context) for s in sentences]
    out: list[Attribution] = []
    last_named: Attribution | None = None
    # a think tank or monitoring group publishing its own assessment is an analyst
    outlet_type: ClaimantType = ("analyst" if outlet and _lexicon_type(outlet) == "analyst"
                                 else "outlet")
    outlet_attr = Attribution(outlet or "the outlet", outlet_type, None)
    for i, s in enumerate(sentences):
        a, last_named = _own_resolved(own[i], s.text, last_named, context)
        if a is None:
            a = _quote_closed_later(i, sentences, paragraph_of, own, last_named)
        if a is None:
            a = _carried_from_next(i, sentences, paragraph_of, own, last_named)
        if a is None and s.text[:1] in "“\"‘" and out and out[-1].claimant_type != "outlet":
            prev = out[-1]
            a = Attribution(prev.claimant, prev.claimant_type, prev.side)
        if a is None:
            a = outlet_attr
        elif a is not outlet_attr and a.claimant_type != "outlet":
            last_named = a
        out.append(a)
    return out


def _as_named(a: Attribution, named: Attribution) -> Attribution:
    """Attribution ``a`` (its place in the sentence kept) spoken by ``named``."""
    return Attribution(named.claimant, named.claimant_type, named.side, a.start, a.end, a.at_end)


def _introduced(sentence: str, context: str) -> Attribution | None:
    """The claimant a sentence opens by introducing ("Artem, a commander, ..."); else None."""
    intro = re.match(r"^([A-Z][\w’'\-]+),\s+((?:a|an|the)\s[^,;]{3,100}),", sentence)
    if intro is None:
        return None
    phrase = f"{intro.group(1)}, {intro.group(2)}"
    return Attribution(_short(intro.group(1), intro.group(2)), classify(phrase, context),
                       side_of(phrase, context))


def _refers_back(a: Attribution, named: Attribution) -> bool:
    """True for "the official said" when the claimant named last is that official."""
    back = re.fullmatch(r"the\s+([\w\-]+)", a.claimant, re.I)
    return back is not None and re.search(r"\b" + re.escape(back.group(1)) + r"\b",
                                          named.claimant, re.I) is not None


def _own_resolved(a: Attribution | None, sentence: str, last_named: Attribution | None,
                  context: str) -> tuple[Attribution | None, Attribution | None]:
    """A sentence's own attribution with pronouns and back-references resolved.

    Parameters
    ----------
    a : Attribution or None
        What :func:`find_attribution` found in the sentence.
    sentence : str
    last_named : Attribution or None
        The claimant named most recently before the sentence.
    context : str
        The story text.

    Returns
    -------
    tuple of (Attribution or None, Attribution or None)
        The attribution ("he said" is the last one named, None when nobody
        was), and the claimant named most recently, the sentence's own
        introduction ("Artem, a commander, ...") included.
    """
    if a is None:
        return None, last_named
    if a.claimant in _PRONOUNS:
        last_named = _introduced(sentence, context) or last_named
        a = _as_named(a, last_named) if last_named else None
    if a is not None and last_named is not None and _refers_back(a, last_named):
        a = _as_named(a, last_named)  # "the official said": the official named earlier
    return a, last_named


def _carried_from_next(i: int, sentences: Sequence[Span], paragraph_of: Sequence[int],
                       own: Sequence[Attribution | None],
                       last_named: Attribution | None) -> Attribution | None:
    """The next sentence's closing attribution when it continues sentence ``i``'s statement.

    "... 500 square miles. By Sunday, they were clinging to 30, according to X.":
    both are X's (same paragraph only; a pronoun there is the last one named).
    """
    if i + 1 >= len(sentences) or paragraph_of[i + 1] != paragraph_of[i]:
        return None
    nxt = own[i + 1]
    if nxt is None or not nxt.at_end or not _CONTINUE.match(sentences[i + 1].text):
        return None
    if nxt.claimant in _PRONOUNS:
        nxt = last_named
    return None if nxt is None else Attribution(nxt.claimant, nxt.claimant_type, nxt.side)
