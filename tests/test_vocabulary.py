"""The reading vocabulary (geo/lang/en.yaml): one test per entry of the claim words.

Each entry of ``claims`` is read on an example sentence of its own, and the test checks
that it does its job there: a hedge hedges the claim, a negation negates the event, a
qualifier is kept (and shown by a caption as the file says), a fraction gives its
share, an attribution verb names the claimant, a claimant word gives the type. An
entry without an example fails, so a word added to the file is a test to write.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from geo import caption, settings
from geo.claimants import classify
from geo.extract import extract
from geo.frames import parser_available
from geo.models import Article, Claim
from geo.vocabulary import load_vocabulary, phrases_pattern

from _packs import finder

CLAIMS = load_vocabulary().claims
PUB = dt.date(2024, 9, 12)


def art(text: str) -> Article:
    return Article(source_id="v.txt", path="v.txt", text=text, outlet="Test Wire",
                   published=PUB, published_basis="sidecar")


def claims_of(text: str, kind: str) -> list[Claim]:
    return [c for c in extract(art(text), find_places=finder).claims if c.kind == kind]


@pytest.fixture
def rules_reader(monkeypatch):
    """The rules reader: negation words are read by the event rules, not by the parse."""
    monkeypatch.setenv(settings.READER_ENV, "rules")


def with_example(entries, examples: dict[str, str]):
    """(entry, example) for each entry; an entry without an example gets None (and fails)."""
    return [pytest.param(e, examples.get(e), id=e) for e in entries]


# --- hedges ---------------------------------------------------------------------------
HEDGE_EXAMPLES = {
    "claim": "Ukrainian officials claim their troops hold about 400 square kilometres.",
    "claimed": "The ministry claimed its units took 120 sq km in a week.",
    "claims": "The governor claims the troops hold 300 sq km near the border.",
    "reportedly": "Ukrainian troops reportedly hold 600 square kilometres.",
    "allegedly": "Russian forces allegedly took 90 sq km last week.",
    "purportedly": "The brigade purportedly holds 45 square kilometres.",
    "unconfirmed": "In an unconfirmed account, Ukrainian troops hold 700 sq km.",
    "unverified": "An unverified map shows Ukrainian troops holding 800 sq km.",
    "appear to": "Ukrainian units appear to hold 250 sq km.",
    "appears to": "The bridgehead appears to cover 75 square kilometres.",
    "appeared to": "Russian troops appeared to take 30 sq km overnight.",
    "said to have": "Ukraine is said to have taken 100 sq km.",
    "may have": "Russian units may have seized 60 sq km.",
    "might have": "Ukrainian troops might have gained 40 sq km.",
    "likely": "Russia likely holds 350 square kilometres there.",
    "probably": "Ukraine probably holds 500 sq km.",
}


@pytest.mark.parametrize(("entry", "example"), with_example(CLAIMS.hedges, HEDGE_EXAMPLES))
def test_hedge_entry_hedges_its_claim(entry, example):
    assert example is not None, f"hedge {entry!r} has no example"
    assert entry in example.lower()
    (c,) = claims_of(example, "area")
    assert c.hedged is True


def test_the_same_claim_without_a_hedge_is_not_hedged():
    (c,) = claims_of("Ukraine holds 500 sq km.", "area")
    assert c.hedged is False


#: The phrases that say a claim could not be verified (patterns in settings).
UNVERIFIED_EXAMPLES = (
    "Ukraine holds 500 sq km, a figure that could not be independently confirmed.",
    "Ukraine holds 500 sq km, though the outlet was unable to independently verify it.",
    "Ukraine holds 500 sq km; observers have not yet been able to confirm it.",
    "Ukraine holds 500 sq km, but monitors have not seen any evidence of it.",
)


@pytest.mark.parametrize(("pattern", "example"),
                         list(zip(settings.UNVERIFIED_PATTERNS, UNVERIFIED_EXAMPLES)))
def test_unverified_pattern_hedges_its_claim(pattern, example):
    assert len(UNVERIFIED_EXAMPLES) == len(settings.UNVERIFIED_PATTERNS)
    assert re.search(pattern, example, re.I)
    (c,) = claims_of(example, "area")
    assert c.hedged is True


# --- negations ------------------------------------------------------------------------
NEGATION_EXAMPLES = {
    "not": "Russian troops have not entered Sudzha.",
    "never": "Ukrainian forces never captured Korenevo.",
    "at no point": "Ukrainian troops at no point captured Korenevo.",
    "failed to": "Russian troops failed to take Sudzha.",
    "denied": "Russian troops denied abandoning Sudzha.",
    "without": "Russian units without support abandoned Sudzha.",
    "no longer": "Ukrainian troops no longer hold Korenevo.",
    "unable to": "Russian troops were unable to retake Sudzha.",
}
NEGATION_ENDING_EXAMPLES = {
    "n't": "Russian troops didn't take Sudzha. Ukrainian troops hadn’t left Korenevo.",
}


@pytest.mark.parametrize(("entry", "example"),
                         with_example(CLAIMS.negations, NEGATION_EXAMPLES))
def test_negation_entry_negates_the_event(rules_reader, entry, example):
    assert example is not None, f"negation {entry!r} has no example"
    assert entry in example
    found = claims_of(example, "event")
    assert found and all(c.negated for c in found)


@pytest.mark.parametrize(("entry", "example"),
                         with_example(CLAIMS.negation_endings, NEGATION_ENDING_EXAMPLES))
def test_negation_ending_negates_the_event_with_either_apostrophe(rules_reader, entry, example):
    assert example is not None, f"negation ending {entry!r} has no example"
    found = claims_of(example, "event")
    assert [(c.place, c.action, c.negated) for c in found] == [
        ("Sudzha", "captured", True), ("Korenevo", "withdrew", True)]


def test_the_same_event_without_a_negation_is_not_negated(rules_reader):
    (c,) = claims_of("Russian troops took Sudzha.", "event")
    assert (c.place, c.action, c.side, c.negated) == ("Sudzha", "captured", "Russia", False)


# --- qualifiers -----------------------------------------------------------------------
#: How a caption repeats each kind of qualifier ("" when it does not).
SHOWN = {"about": "about ", "as written": "{q} ", "not shown": ""}


@pytest.mark.parametrize(("qualifier", "shown"), list(CLAIMS.qualifiers.items()),
                         ids=list(CLAIMS.qualifiers))
def test_qualifier_entry_is_read_and_shown(qualifier, shown):
    (c,) = claims_of(f"Ukrainian troops hold {qualifier} 500 square kilometres, the general "
                     f"staff said.", "area")
    assert (c.qualifier, c.value, c.unit) == (qualifier, 500, "km²")
    assert caption._qualifier(c) == SHOWN[shown].format(q=qualifier)


def test_qualifiers_keep_the_file_order():
    # "just" is tried before "just over", and both are read
    assert phrases_pattern(tuple(CLAIMS.qualifiers)).startswith("some|about|around|")
    (c,) = claims_of("Ukrainian troops hold just over 500 square kilometres.", "area")
    assert c.qualifier == "just over"


# --- fractions ------------------------------------------------------------------------
@pytest.mark.parametrize(("words", "percent"), list(CLAIMS.fractions.items()),
                         ids=list(CLAIMS.fractions))
def test_fraction_entry_gives_its_share(words, percent):
    (c,) = claims_of(f"Ukrainian troops have lost {words} of the territory they held.", "area")
    assert (c.value, c.unit, c.measure, c.action, c.side) == (
        percent, "%", "change", "withdrew", "Ukraine")


# --- attribution verbs ----------------------------------------------------------------
@pytest.mark.parametrize("verb", CLAIMS.attribution_verbs)
def test_attribution_verb_names_the_claimant(verb):
    (c,) = claims_of(f"Ukrainian troops hold 500 square kilometres, the general staff {verb}.",
                     "area")
    assert (c.claimant, c.claimant_type) == ("the general staff", "military")


# --- attribution phrases -------------------------------------------------------------
ACCORDING_EXAMPLES = {
    "according to": "Ukrainian troops hold 500 square kilometres, according to the general "
                    "staff.",
}


@pytest.mark.parametrize(("phrase", "example"),
                         with_example(CLAIMS.according, ACCORDING_EXAMPLES))
def test_attribution_phrase_names_the_claimant_and_no_place(phrase, example):
    from geo.extract import find_candidate_places

    assert example is not None, f"attribution phrase {phrase!r} has no example"
    (c,) = claims_of(example, "area")
    assert (c.claimant, c.claimant_type) == ("the general staff", "military")
    named = f"Russian troops hold 90 sq km near Sudzha, {phrase} Ivan Petrenko."
    assert [name for _a, _b, name in find_candidate_places(named)] == ["Sudzha"]


# --- claimant words -------------------------------------------------------------------
@pytest.mark.parametrize(("word", "claimant_type"),
                         [(w, t) for t, words in CLAIMS.claimants.items() for w in words],
                         ids=[f"{t}:{w}" for t, words in CLAIMS.claimants.items()
                              for w in words])
def test_claimant_word_gives_its_type(word, claimant_type):
    assert classify(f"the {word}") == claimant_type


def test_claimant_types_are_the_models_types():
    assert list(CLAIMS.claimants) == ["analyst", "military", "soldier", "government", "outlet"]


# --- the file -------------------------------------------------------------------------
def test_each_claim_word_is_written_once_in_its_list():
    for name in ("hedges", "negations", "negation_endings", "attribution_verbs"):
        words = getattr(CLAIMS, name)
        assert len(words) == len(set(words)), name
    every_claimant_word = [w for words in CLAIMS.claimants.values() for w in words]
    assert len(every_claimant_word) == len(set(every_claimant_word))


# --- page furniture -------------------------------------------------------------------
FURNITURE = load_vocabulary().furniture
STORY = "Ukrainian troops hold 500 square kilometres.\n\n{line}\n\nThe fighting went on."


def furniture_lines(text: str) -> list[str]:
    from geo._text import furniture_spans

    return [text[a:b] for a, b in furniture_spans(text)]


def furniture_cases():
    """(kind, entry, a furniture line of my own that uses it)."""
    lines = {
        "labels": "{E}: soldiers unload shells near a field",
        "credits": "{E} by Jane Roe; editing by John Doe",
        "networks": "Follow our coverage on {E}",
        "openers": "{E} the latest on the war",
        "stamps": "{E} 3 May 2024, 10:15",
        "list_headers": "{E}",
        "agencies": "A damaged bridge over the river. {E}/Jane Roe",
        "credit_lines": "A damaged bridge over the river ({E})",
        "photo_words": "A damaged bridge over the river ({E} by Jane Roe)",
    }
    # a sign is followed by no word boundary: "©" opens a line only when a word follows it
    # at once (a line "© Test Wire" is read as text, as it was before)
    own = {("openers", "©"): "©2024 Test Wire"}
    return [pytest.param(kind, e, own.get((kind, e)) or lines[kind].format(E=e[:1].upper() + e[1:]),
                         id=f"{kind}:{e}")
            for kind in lines for e in getattr(FURNITURE, kind)]


@pytest.mark.parametrize(("kind", "entry", "line"), furniture_cases())
def test_furniture_entry_masks_its_line(kind, entry, line):
    assert entry.lower() in line.lower()
    assert furniture_lines(STORY.format(line=line)) == [line]


def test_a_credit_in_brackets_within_a_line_is_furniture():
    text = "Ukrainian troops hold 500 square kilometres. (Additional reporting by Jane Roe)"
    assert furniture_lines(text) == ["(Additional reporting by Jane Roe)"]


def test_a_link_list_header_masks_the_short_lines_under_it():
    text = "The fighting went on.\n\nRelated Topics\n\nWar in the east\n\nMore from the front"
    assert furniture_lines(text) == ["Related Topics", "War in the east", "More from the front"]


def test_a_story_line_is_no_furniture():
    assert furniture_lines(STORY.format(line="Russian troops took two villages.")) == []


# --- calendar -------------------------------------------------------------------------
CALENDAR = load_vocabulary().calendar


def month_cases():
    """(word, month number): every month's name and abbreviations."""
    return [pytest.param(word, number, id=word)
            for number, (name, abbrs) in enumerate(CALENDAR.months.items(), start=1)
            for word in (name, *abbrs)]


@pytest.mark.parametrize(("word", "month"), month_cases())
def test_month_word_dates_its_month_and_is_no_place(word, month):
    from geo._text import dateline
    from geo.dates import find_dates
    from geo.extract import find_candidate_places

    forms = (word,) if word in CALENDAR.months else (word, word + ".")  # "Sept." too
    for written in forms:
        (d,) = find_dates(f"The village fell on {written} 12, 2024.", PUB)
        assert (d.resolved.start, d.resolved.precision) == (dt.date(2024, month, 12), "day")
    assert dateline(f"KYIV, {word} 3 (Wire) - Ukrainian troops held the line.") is not None
    assert find_candidate_places(f"Fighting went on near {word} and in {word}.") == []


@pytest.mark.parametrize("name", CALENDAR.weekday_names)
def test_weekday_name_dates_its_day(name):
    from geo.dates import find_dates

    (d,) = find_dates(f"Russian troops attacked the town on {name}.", PUB)
    day = d.resolved.start
    assert day.weekday() == CALENDAR.weekday_names.index(name)
    assert dt.timedelta(0) <= PUB - day < dt.timedelta(days=7)


@pytest.mark.parametrize("word", [*CALENDAR.weekday_names, *CALENDAR.weekday_abbreviations])
def test_weekday_word_is_no_place(word):
    from geo.extract import find_candidate_places

    assert find_candidate_places(f"Fighting went on near {word} and in {word}.") == []


@pytest.mark.parametrize("name", CALENDAR.weekday_names)
def test_weekday_after_a_claimant_is_not_part_of_the_name(name):
    (c,) = claims_of(f"Ukrainian troops hold 500 square kilometres, according to a Ukrainian "
                     f"general on {name}.", "area")
    assert c.claimant == "a Ukrainian general"


# --- sides and numbers ----------------------------------------------------------------
VOCAB = load_vocabulary()


def side_cases(kind: str):
    """(word, the side its actions count for) for each side's and ally's ``kind`` words."""
    return [pytest.param(w, s.side, id=f"{s.name}:{w}") for s in VOCAB.sides
            for w in getattr(s, kind)]


@pytest.mark.parametrize(("word", "side"), [*side_cases("words"), *side_cases("armies")])
def test_side_word_names_its_side(word, side):
    assert VOCAB.side_named(f"{word} forces pushed on") == side
    assert VOCAB.side_named_anywhere(f"fighters of the {word} said") == side


@pytest.mark.parametrize(("leader", "side"), side_cases("leaders"))
def test_leader_speaks_for_the_side(leader, side):
    from geo.claimants import side_of

    assert side_of(leader) == side


@pytest.mark.parametrize(("word", "value"), list(VOCAB.numbers.items()), ids=list(VOCAB.numbers))
def test_number_word_gives_the_figure(word, value):
    (c,) = claims_of(f"Ukrainian troops hold {word} square kilometres.", "area")
    assert (c.value, c.unit, c.qualifier) == (value, "km²", None)


@pytest.mark.parametrize(("word", "value"), list(VOCAB.vague_numbers.items()),
                         ids=list(VOCAB.vague_numbers))
def test_vague_number_gives_the_figure_with_less_confidence(word, value):
    (sure,) = claims_of("Ukrainian troops hold 500 square kilometres.", "area")
    (c,) = claims_of(f"Ukrainian troops hold {word} square kilometres.", "area")
    assert (c.value, c.qualifier) == (value, word)
    assert c.confidence == round(sure.confidence * settings.VAGUE_FACTOR, 3)


# --- control events (read from the parse) ---------------------------------------------
#: Each event verb as written in an example of mine: "Russian troops <verb> Sudzha."
VERB_EXAMPLES = {
    "capture": "captured", "seize": "seized", "occupy": "occupied", "overrun": "overran",
    "liberate": "liberated", "recapture": "recaptured", "retake": "retook",
    "regain": "regained", "reclaim": "reclaimed", "clear": "cleared", "free": "freed",
    "take": "took", "win": "won", "withdraw": "withdrew from", "retreat": "retreated from",
    "abandon": "abandoned", "leave": "left", "cede": "ceded", "surrender": "surrendered",
    "lose": "lost", "flee": "fled", "hold": "held", "control": "controlled",
    "retain": "retained", "keep": "kept", "defend": "defended", "maintain": "maintained",
    "advance": "advanced on", "push": "pushed into", "progress": "progressed toward",
    "approach": "approached", "reach": "reached", "enter": "entered", "infiltrate": "infiltrated",
    "penetrate": "penetrated", "breach": "breached", "move": "moved into",
    "fight": "fought for", "battle": "battled for", "clash": "clashed near",
    "attack": "attacked", "assault": "assaulted", "storm": "stormed", "encircle": "encircled",
    "surround": "surrounded", "besiege": "besieged", "counterattack": "counterattacked near",
    "engage": "engaged enemy units in", "strike": "struck",
}
#: Each verb with its particle, in an example of mine.
PHRASE_EXAMPLES = {
    "pull out": "Russian troops pulled out of Sudzha.",
    "pull back": "Russian troops pulled back from Sudzha.",
    "fall back": "Russian troops fell back from Sudzha.",
    "give up": "Russian troops gave up Sudzha.",
    "take back": "Russian troops took back Sudzha.",
    "win back": "Russian troops won back Sudzha.",
    "claw back": "Russian troops clawed back Sudzha.",
    "break through": "Russian troops broke through Sudzha.",
    "push into": "Russian troops pushed into Sudzha.",
    "push toward": "Russian troops pushed toward Sudzha.",
    "push towards": "Russian troops pushed towards Sudzha.",
    "move into": "Russian troops moved into Sudzha.",
    "move toward": "Russian troops moved toward Sudzha.",
}
#: An event noun of each action in a sentence of mine.
NOUN_SENTENCES = {
    "contested": "The {noun} in Sudzha went on for days.",
    "captured": "The {noun} of Sudzha by Russian troops was confirmed.",
    "withdrew": "The Ukrainian {noun} from Sudzha was confirmed.",
    "advanced": "The Russian {noun} toward Sudzha went on.",
}


def parsed_events(text: str) -> list[tuple[str | None, str | None, str | None]]:
    return [(c.place, c.action, c.side) for c in claims_of(text, "event")]


needs_parser = pytest.mark.skipif(not parser_available(),
                                  reason="the event and figure words are read from the parse")


@needs_parser
@pytest.mark.parametrize(("verb", "action"), list(VOCAB.events.verbs.items()),
                         ids=list(VOCAB.events.verbs))
def test_event_verb_reports_its_action(verb, action):
    assert verb in VERB_EXAMPLES, f"event verb {verb!r} has no example"
    example = f"Russian troops {VERB_EXAMPLES[verb]} Sudzha."
    assert parsed_events(example) == [("Sudzha", action, "Russia")]


@needs_parser
@pytest.mark.parametrize(("phrase", "action"), list(VOCAB.events.phrases.items()),
                         ids=list(VOCAB.events.phrases))
def test_event_phrase_reports_its_action(phrase, action):
    assert phrase in PHRASE_EXAMPLES, f"event phrase {phrase!r} has no example"
    assert parsed_events(PHRASE_EXAMPLES[phrase]) == [("Sudzha", action, "Russia")]


@needs_parser
@pytest.mark.parametrize(("noun", "action"), list(VOCAB.events.nouns.items()),
                         ids=list(VOCAB.events.nouns))
def test_event_noun_reports_its_action(noun, action):
    example = NOUN_SENTENCES[action].format(noun=noun)
    assert [(p, a) for p, a, _side in parsed_events(example)] == [("Sudzha", action)]


# --- the verbs around an area figure (read from the parse) ----------------------------
#: "Ukrainian troops <verb> 500 square kilometres": the ground held.
HELD_EXAMPLES = {
    "hold": "hold", "control": "control", "occupy": "occupy", "retain": "retain",
    "keep": "keep", "have": "have", "maintain": "maintain", "cling": "cling to",
    "remain": "remain in", "stand": "stand on", "total": "total", "amount": "amount to",
    "cover": "cover", "span": "span", "comprise": "comprise", "encompass": "encompass",
}
#: "Russian troops <verb> 120 square kilometres": a gain.
GAINED_EXAMPLES = {
    "take": "took", "capture": "captured", "seize": "seized", "gain": "gained",
    "retake": "retook", "recapture": "recaptured", "liberate": "liberated",
    "conquer": "conquered", "win": "won", "regain": "regained", "reclaim": "reclaimed",
    "free": "freed", "clear": "cleared", "add": "added", "grab": "grabbed",
    "overrun": "overran", "advance": "advanced", "occupy": "occupied",
}
#: "Ukrainian troops <verb> 120 square kilometres": a loss.
LOST_EXAMPLES = {"lose": "lost", "cede": "ceded", "surrender": "surrendered",
                 "abandon": "abandoned", "forfeit": "forfeited"}
#: A change "by" a figure of the ground Ukraine holds, in a sentence of mine for each verb
#: (the small parser reads some verbs only in some sentences).
CHANGE_EXAMPLES = {
    "increase": "The area under Ukrainian control increased by 15 square kilometres.",
    "grow": "The area under Ukrainian control grew by 15 square kilometres.",
    "expand": "The area under Ukrainian control expanded by 15 square kilometres.",
    "rise": "The area under Ukrainian control rose by 15 square kilometres.",
    "swell": "The area under Ukrainian control swelled by 15 square kilometres.",
    "widen": "The area under Ukrainian control widened by 15 square kilometres.",
    "extend": "The territory Ukraine holds has extended by 15 square kilometres.",
    "shrink": "The area under Ukrainian control shrank by 15 square kilometres.",
    "diminish": "The territory Ukraine holds has diminished by 15 square kilometres.",
    "decrease": "The area under Ukrainian control decreased by 15 square kilometres.",
    "fall": "The area under Ukrainian control fell by 15 square kilometres.",
    "drop": "The area under Ukrainian control dropped by 15 square kilometres.",
    "decline": "The area under Ukrainian control declined by 15 square kilometres.",
    "reduce": "Fighting reduced the Ukrainian bridgehead by 15 square kilometres.",
    "contract": "The area under Ukrainian control contracted by 15 square kilometres.",
    "dwindle": "Ukraine's bridgehead has dwindled by 15 square kilometres.",
    "narrow": "Ukraine's bridgehead has narrowed by 15 square kilometres.",
    "plunge": "The area under Ukrainian control plunged by 15 square kilometres.",
}


def figure_read(text: str) -> list[tuple[str | None, str | None, str | None]]:
    return [(c.measure, c.action, c.side) for c in claims_of(text, "area")]


def figure_cases(kind: str, examples: dict[str, str]):
    return [pytest.param(verb, examples.get(verb), id=verb)
            for verb in sorted(getattr(VOCAB.figures, kind))]


@needs_parser
@pytest.mark.parametrize(("verb", "written"), figure_cases("held", HELD_EXAMPLES))
def test_held_verb_reads_the_ground_held(verb, written):
    assert written is not None, f"figure verb {verb!r} has no example"
    assert figure_read(f"Ukrainian troops {written} 500 square kilometres.") == [
        ("held", None, "Ukraine")]


@needs_parser
@pytest.mark.parametrize(("verb", "written"), figure_cases("gained", GAINED_EXAMPLES))
def test_gained_verb_reads_a_gain(verb, written):
    assert written is not None, f"figure verb {verb!r} has no example"
    assert figure_read(f"Russian troops {written} 120 square kilometres.") == [
        ("change", "captured", "Russia")]


@needs_parser
@pytest.mark.parametrize(("verb", "written"), figure_cases("lost", LOST_EXAMPLES))
def test_lost_verb_reads_a_loss(verb, written):
    assert written is not None, f"figure verb {verb!r} has no example"
    assert figure_read(f"Ukrainian troops {written} 120 square kilometres.") == [
        ("change", "withdrew", "Ukraine")]


@needs_parser
@pytest.mark.parametrize(("verb", "example"), [*figure_cases("grew", CHANGE_EXAMPLES),
                                               *figure_cases("shrank", CHANGE_EXAMPLES)])
def test_grew_or_shrank_by_reads_a_change(verb, example):
    assert example is not None, f"figure verb {verb!r} has no example"
    action = "captured" if verb in VOCAB.figures.grew else "withdrew"
    assert figure_read(example) == [("change", action, "Ukraine")]


# --- the other event words (read from the parse) --------------------------------------
def gap(why: str):
    """A word the reader does not read yet in its example: a strict xfail, so it is seen."""
    return pytest.mark.xfail(strict=True, reason=why)


def event_cases(words, examples: dict[str, str], gaps: dict[str, str] | None = None):
    gaps = gaps or {}
    return [pytest.param(w, examples.get(w), id=w,
                         marks=[gap(gaps[w])] if w in gaps else [])
            for w in sorted(words)]


CONTROL_VERB_EXAMPLES = {
    "take": "took", "gain": "gained", "establish": "established", "regain": "regained",
    "seize": "seized", "assume": "assumed", "lose": "lost", "retain": "retained",
    "maintain": "maintained", "keep": "kept", "have": "had"}


@needs_parser
@pytest.mark.parametrize(("verb", "written"),
                         event_cases(VOCAB.events.control_verbs, CONTROL_VERB_EXAMPLES))
def test_control_verb_reports_its_action(verb, written):
    assert written is not None, f"control verb {verb!r} has no example"
    assert parsed_events(f"Russian troops {written} control of Sudzha.") == [
        ("Sudzha", VOCAB.events.control_verbs[verb], "Russia")]


COPULA_EXAMPLES = {"be": "is", "remain": "remains", "stay": "stays"}


@needs_parser
@pytest.mark.parametrize(("verb", "written"), event_cases(VOCAB.events.copulas, COPULA_EXAMPLES))
def test_copula_under_control_is_held(verb, written):
    assert written is not None, f"copula {verb!r} has no example"
    assert parsed_events(f"Sudzha {written} under Russian control.") == [
        ("Sudzha", "held", "Russia")]


BECOMES_EXAMPLES = {"come": "Sudzha came under Russian control on Monday.",
                    "fall": "Sudzha fell into Russian hands on Monday.",
                    "pass": "Sudzha passed into Russian hands on Monday.",
                    "return": "Sudzha returned to Russian control on Monday."}


@needs_parser
@pytest.mark.parametrize(("verb", "example"), event_cases(VOCAB.events.becomes,
                                                         BECOMES_EXAMPLES))
def test_control_changing_hands_is_a_capture(verb, example):
    assert example is not None, f"verb {verb!r} of changing hands has no example"
    assert parsed_events(example) == [("Sudzha", "captured", "Russia")]


def test_ground_coming_under_control_is_a_change() -> None:
    [claim] = claims_of("Another 40 square kilometres came under Russian control this week, "
                        "analysts said.", "area")
    assert (claim.measure, claim.action, claim.side, claim.area_km2) == (
        "change", "captured", "Russia", 40.0)


def test_a_passive_reduced_by_is_a_change_not_ground_held() -> None:
    [claim] = claims_of("The area held by Ukraine was reduced by 15 square kilometres over "
                        "the past week, analysts said.", "area")
    assert (claim.measure, claim.action, claim.side, claim.area_km2) == (
        "change", "withdrew", "Ukraine", 15.0)


CONTROL_NOUN_EXAMPLES = {"control": "Sudzha remains under Russian control.",
                         "hand": "Sudzha remains in Russian hands."}


@needs_parser
@pytest.mark.parametrize(("noun", "example"), event_cases(
    VOCAB.events.control_nouns, CONTROL_NOUN_EXAMPLES))
def test_control_noun_is_held(noun, example):
    assert parsed_events(example) == [("Sudzha", "held", "Russia")]


EXPEL_EXAMPLES = {
    "push": "pushed Ukrainian units out of", "drive": "drove Ukrainian units out of",
    "force": "forced Ukrainian units out of", "knock": "knocked Ukrainian units out of",
    "throw": "threw Ukrainian units out of", "oust": "ousted Ukrainian units from",
    "expel": "expelled Ukrainian units from", "dislodge": "dislodged Ukrainian units from",
    "eject": "ejected Ukrainian units from", "squeeze": "squeezed Ukrainian units out of"}


@needs_parser
@pytest.mark.parametrize(("verb", "written"), event_cases(VOCAB.events.expel, EXPEL_EXAMPLES))
def test_expel_verb_is_a_capture_by_its_subject(verb, written):
    assert written is not None, f"expel verb {verb!r} has no example"
    assert parsed_events(f"Russian troops {written} Sudzha.") == [
        ("Sudzha", "captured", "Russia")]


REPEL_EXAMPLES = {"repel": "repelled", "repulse": "repulsed", "foil": "foiled",
                  "thwart": "thwarted", "rebuff": "rebuffed", "beat": "beat back",
                  "fend": "fended off", "parry": "parried"}


@needs_parser
@pytest.mark.parametrize(("verb", "written"), event_cases(VOCAB.events.repel, REPEL_EXAMPLES))
def test_repel_verb_makes_the_attack_the_other_sides(verb, written):
    assert written is not None, f"repel verb {verb!r} has no example"
    assert parsed_events(f"Ukrainian troops {written} attacks near Sudzha.") == [
        ("Sudzha", "contested", "Russia")]


MOVE_EXAMPLES = {"hike": "hiked", "walk": "walked", "trek": "trekked", "march": "marched",
                 "escape": "escaped", "crawl": "crawled", "slip": "slipped", "make": "made it",
                 "get": "got", "run": "ran"}


@needs_parser
@pytest.mark.parametrize(("verb", "written"), event_cases(VOCAB.events.moves, MOVE_EXAMPLES))
def test_moving_from_positions_is_a_withdrawal(verb, written):
    assert written is not None, f"move verb {verb!r} has no example"
    assert parsed_events(f"Ukrainian soldiers {written} out from their positions near "
                         f"Sudzha.") == [("Sudzha", "withdrew", "Ukraine")]


OBJECT_EXAMPLES = {"gain": "made gains", "advance": "made advances",
                   "progress": "made progress", "inroad": "made inroads",
                   "breakthrough": "made a breakthrough",
                   "success": "had partial success",
                   "foothold": "established a foothold"}


@needs_parser
@pytest.mark.parametrize(("noun", "written"), event_cases(VOCAB.events.objects, OBJECT_EXAMPLES))
def test_event_object_makes_any_verb_an_event(noun, written):
    assert written is not None, f"event object {noun!r} has no example"
    assert parsed_events(f"Russian troops {written} near Sudzha.") == [
        ("Sudzha", VOCAB.events.objects[noun], "Russia")]


@needs_parser
@pytest.mark.parametrize(("word", "example"), [
    *event_cases(VOCAB.events.failures, {"fail": "Russian troops failed to take Sudzha."}),
    *event_cases(VOCAB.events.denials, {
        w: f"Kyiv {p} that its troops had left Sudzha." for w, p in (
            ("deny", "denied"), ("reject", "rejected"), ("refute", "refuted"),
            ("dismiss", "dismissed"), ("rebut", "rebutted"))})])
def test_failure_or_denial_negates_the_event(word, example):
    assert example is not None, f"{word!r} has no example"
    found = claims_of(example, "event")
    assert [(c.place, c.negated) for c in found] == [("Sudzha", True)]


ATTEMPT_EXAMPLES = {w: f"Russian troops {p} to take Sudzha." for w, p in (
    ("try", "tried"), ("attempt", "attempted"), ("seek", "sought"), ("aim", "aimed"),
    ("struggle", "struggled"), ("plan", "planned"), ("want", "wanted"),
    ("threaten", "threatened"), ("bid", "made a bid"), ("intend", "intended"),
    ("hope", "hope"))}


@needs_parser
@pytest.mark.parametrize(("word", "example"), event_cases(VOCAB.events.attempts, ATTEMPT_EXAMPLES))
def test_attempt_is_fighting_not_a_capture(word, example):
    assert example is not None, f"attempt {word!r} has no example"
    assert parsed_events(example) == [("Sudzha", "contested", "Russia")]


@needs_parser
@pytest.mark.parametrize(("person", "example"), event_cases(
    VOCAB.events.persons,
    {p: f"A Ukrainian {p} fighting in Sudzha said the night was quiet."
     for p in VOCAB.events.persons}))
def test_a_person_described_by_an_event_word_is_no_event(person, example):
    assert parsed_events(example) == []


WEAPON_EXAMPLES = {
    "drone": "Ukrainian drones struck Sudzha overnight.",
    "missile": "Sudzha was hit by Russian missiles on Monday.",
    "rocket": "Russian rockets struck Sudzha on Monday.",
    "shell": "Russian shells hit Sudzha on Monday.",
    "bomb": "Russian glide bombs struck Sudzha on Monday.",
    "artillery": "Russian artillery shelled Sudzha on Monday.",
    "aircraft": "Russian aircraft attacked Sudzha on Monday.",
    "jet": "Russian jets struck Sudzha on Monday.",
    "plane": "Russian planes bombed Sudzha on Monday.",
    "helicopter": "Russian helicopters attacked Sudzha on Monday.",
    "mortar": "Russian mortars shelled Sudzha on Monday.",
    "uav": "Ukrainian UAVs attacked Sudzha on Monday.",
    "airstrike": "Russian airstrikes hit Sudzha on Monday.",
    "warplane": "Russian warplanes struck Sudzha on Monday.",
}


@needs_parser
@pytest.mark.parametrize(("weapon", "example"), event_cases(VOCAB.events.weapons,
                                                           WEAPON_EXAMPLES))
def test_a_weapon_striking_a_place_is_no_ground_event(weapon, example):
    assert example is not None, f"weapon {weapon!r} has no example"
    assert parsed_events(example) == []


IDIOM_EXAMPLES = {
    ("take", "place"): "The exchange took place near Sudzha on Monday.",
    ("take", "part"): "Ukrainian officials took part in talks near Sudzha on Monday.",
    ("take", "note"): "Russian officers took note of the damage in Sudzha.",
    ("take", "shelter"): "Ukrainian troops took shelter in Sudzha from the drones.",
    ("take", "refuge"): "Families took refuge in Sudzha during the shelling.",
    ("take", "cover"): "Russian soldiers took cover in Sudzha as the drones came.",
    ("take", "aim"): "Ukrainian gunners took aim at a bridge near Sudzha.",
    ("take", "photo"): "A Ukrainian soldier took a photo in Sudzha on Monday.",
    ("take", "picture"): "Russian soldiers took pictures in Sudzha on Monday.",
    ("take", "look"): "Ukrainian officials took a look at the bridge in Sudzha.",
    ("reach", "agreement"): "The two sides reached an agreement in Sudzha.",
    ("reach", "deal"): "Russian and Ukrainian officials reached a deal in Sudzha.",
    ("reach", "accord"): "Both sides reached an accord on prisoners in Sudzha.",
    ("reach", "compromise"): "Officials reached a compromise in Sudzha on Monday.",
    ("reach", "consensus"): "Local officials reached a consensus in Sudzha.",
    ("reach", "understanding"): "Both sides reached an understanding in Sudzha.",
    ("reach", "toll"): "The death toll in Sudzha reached ten on Monday.",
    ("reach", "number"): "The number of refugees in Sudzha reached 2,000.",
    ("reach", "level"): "Shelling near Sudzha reached a new level on Monday.",
    ("reach", "total"): "The total in Sudzha reached 40 on Monday.",
    ("reach", "record"): "Prices in Sudzha reached a record on Monday.",
    ("reach", "peak"): "Evacuations from Sudzha reached a peak on Monday.",
    ("hold", "talk"): "Ukrainian officials held talks in Sudzha on Monday.",
    ("hold", "meeting"): "Russian officials held a meeting in Sudzha on Monday.",
    ("hold", "conference"): "Ukrainian officials held a conference in Sudzha.",
    ("hold", "negotiation"): "Both sides held negotiations near Sudzha on Monday.",
    ("hold", "ceremony"): "Russian officials held a ceremony in Sudzha on Monday.",
    ("hold", "funeral"): "Ukrainian soldiers held a funeral in Sudzha on Monday.",
    ("hold", "rally"): "Russian officials held a rally in Sudzha on Monday.",
    ("hold", "briefing"): "Ukrainian commanders held a briefing in Sudzha on Monday.",
    ("hold", "vote"): "Russian officials held a vote in Sudzha on Monday.",
    ("hold", "election"): "Russian officials held elections in Sudzha in September.",
    ("hold", "referendum"): "Russian officials held a referendum in Sudzha in 2022.",
    ("hold", "service"): "Ukrainian soldiers held a service in Sudzha on Sunday.",
    ("hold", "exercise"): "Russian troops held exercises near Sudzha in 2021.",
}


@needs_parser
@pytest.mark.parametrize(("verb", "obj"), sorted((v, o) for v, objs in
                                                 VOCAB.events.idioms.items() for o in objs),
                         ids=lambda x: x)
def test_an_idiom_reports_no_event(verb, obj):
    example = IDIOM_EXAMPLES.get((verb, obj))
    assert example is not None, f"idiom {verb} {obj!r} has no example"
    assert parsed_events(example) == []


@needs_parser
@pytest.mark.parametrize(("prep", "example"), event_cases(
    VOCAB.events.beside,
    {p: f"Russian troops captured positions {p} Sudzha." for p in VOCAB.events.beside}
    | {"close": "Russian troops captured positions close to Sudzha.",
       "next": "Russian troops captured positions next to Sudzha."}))
def test_ground_taken_beside_a_place_is_an_advance(prep, example):
    assert parsed_events(example) == [("Sudzha", "advanced", "Russia")]


@needs_parser
@pytest.mark.parametrize("unit", sorted(VOCAB.events.area_units))
def test_a_verb_governing_an_area_unit_reports_no_event(unit):
    square = "square " if unit in ("km", "kilometre", "kilometer", "mile") else ""
    assert parsed_events(f"Russian troops took 70 {square}{unit} in Sudzha.") == []


@needs_parser
@pytest.mark.parametrize("unit", ["km", "kilometres", "miles"])
def test_a_length_is_no_area_and_leaves_the_event(unit):
    assert parsed_events(f"Russian troops advanced 3 {unit} near Sudzha.") == [
        ("Sudzha", "advanced", "Russia")]


# --- the other figure words (read from the parse) -------------------------------------
@needs_parser
@pytest.mark.parametrize("words", sorted(VOCAB.figures.contested))
def test_contested_words_make_the_figure_contested(words):
    example = (f"Another 90 square kilometres near the border are {words}."
               if words in ("contested", "disputed", "fought over")
               else f"A {words} of about 200 square kilometres lies between the lines.")
    assert figure_read(example) == [("contested", None, None)]


SINCE_LOST_EXAMPLES = {
    w: f"Ukrainian troops held 1,100 square kilometres at the time, but have since {p} half "
       f"of it." for w, p in (("lose", "lost"), ("cede", "ceded"), ("give", "given up"),
                               ("retreat", "retreated from"), ("withdraw", "withdrawn from"))}
SINCE_LOST_EXAMPLES["shrink"] = ("The Ukrainian bridgehead covered 1,100 square kilometres at "
                                 "the time, but has since shrunk by half.")


@needs_parser
@pytest.mark.parametrize(("verb", "example"),
                         event_cases(VOCAB.figures.since_lost, SINCE_LOST_EXAMPLES))
def test_a_figure_since_lost_is_the_peak(verb, example):
    assert example is not None, f"{verb!r} has no example"
    assert figure_read(example) == [("peak", None, "Ukraine")]


CUMULATIVE_EXAMPLES = {"since": "since the incursion began", "total": "in total",
                       "overall": "overall", "altogether": "altogether", "so far": "so far",
                       "to date": "to date", "cumulatively": "cumulatively"}


@needs_parser
@pytest.mark.parametrize(("words", "written"),
                         event_cases(VOCAB.figures.cumulative, CUMULATIVE_EXAMPLES))
def test_cumulative_words_make_a_gain_a_running_total(words, written):
    assert written is not None, f"{words!r} has no example"
    assert figure_read(f"Ukrainian troops have taken 1,000 square kilometres {written}.") == [
        ("cumulative", "captured", "Ukraine")]


#: Unnamed ground taken near a place, in words of mine for each ground noun.
GROUND_EXAMPLES = {
    "territory": "territory", "land": "land", "area": "an area", "ground": "ground",
    "gain": "gains", "position": "positions", "swathe": "swathes of forest",
    "swath": "a swath of forest", "chunk": "a chunk of forest", "part": "part of the forest",
    "piece": "a piece of forest", "village": "two villages", "settlement": "two settlements",
    "hamlet": "two hamlets", "town": "a small town", "foothold": "a foothold",
    "bridgehead": "a bridgehead", "kilometre": "five kilometres of road",
    "kilometer": "five kilometers of road", "mile": "three miles of road",
    "line": "a defensive line", "trench": "a trench", "stronghold": "a stronghold"}


@needs_parser
@pytest.mark.parametrize(("noun", "written"), event_cases(VOCAB.events.ground, GROUND_EXAMPLES))
def test_unnamed_ground_taken_near_a_place_is_no_capture_of_it(noun, written):
    assert written is not None, f"ground noun {noun!r} has no example"
    found = parsed_events(f"Russian troops captured {written} near Sudzha.")
    # a length of road too: ground taken near the place, an advance ("square" would
    # make it an area figure's, no event)
    assert found == [("Sudzha", "advanced", "Russia")]


# --- a whole region changed hands (geo/series.py) -------------------------------------
WHOLLY_EXAMPLES = {
    "fully": "Russian troops fully liberated the region.",
    "completely": "Ukrainian troops completely withdrew from the region.",
    "entirely": "Ukrainian troops pulled out of the region entirely.",
    "totally": "The region was totally retaken by Russian forces.",
    "wholly": "Ukrainian units wholly left the region.",
    "all of": "Russian forces retook all of the region.",
    "the whole of": "Russian forces retook the whole of the region.",
    "the entire": "Russian forces retook the entire region.",
    "in full": "The region was liberated in full.",
    "every last": "Russian forces cleared every last village of the region.",
}
#: A hedge of my own just before a "wholly" word of the file undoes it.
NEARLY_EXAMPLES = {
    "almost": "Russian forces almost fully retook the region.",
    "nearly": "Russian forces nearly completely retook the region.",
    "virtually": "Ukrainian troops virtually entirely left the region.",
    "practically": "Ukrainian troops practically entirely left the region.",
    "largely": "Ukrainian troops largely completely left the region.",
    "mostly": "Ukrainian troops mostly entirely left the region.",
    "all but": "Ukrainian troops left all but the entire region.",
    "partly": "Russian forces partly fully retook the region.",
    "partially": "Russian forces partially completely retook the region.",
    "much of": "Russian forces retook much of the entire region.",
    "most of": "Russian forces retook most of the entire region.",
}


@pytest.mark.parametrize(("words", "example"), event_cases(VOCAB.events.wholly, WHOLLY_EXAMPLES))
def test_wholly_word_says_the_whole_region(words, example):
    from geo.series import wholly

    assert example is not None, f"{words!r} has no example"
    assert words in example.lower()
    assert wholly(example, VOCAB.events) is True


@pytest.mark.parametrize(("words", "example"), event_cases(VOCAB.events.nearly, NEARLY_EXAMPLES))
def test_nearly_word_undoes_wholly(words, example):
    from geo.series import wholly

    assert example is not None, f"{words!r} has no example"
    assert words in example.lower()
    assert wholly(example, VOCAB.events) is False
    assert wholly(example.replace(words + " ", "", 1), VOCAB.events) is True


@needs_parser
@pytest.mark.parametrize(("form", "lemma"), list(VOCAB.events.forms.items()),
                         ids=list(VOCAB.events.forms))
def test_word_form_is_read_as_its_lemma(form, lemma):
    from geo.frames import _lemma, parse

    (token,) = [t for t in parse(f"Russian troops {form} the town.") if t.text == form]
    assert _lemma(token) == lemma


# --- pronoun claimants ----------------------------------------------------------------
NAMED = "The general staff said the front was quiet. "


@pytest.mark.parametrize(("pronoun", "object_form"), list(CLAIMS.pronouns.items()),
                         ids=list(CLAIMS.pronouns))
def test_pronoun_claimant_is_the_one_named_last(pronoun, object_form):
    written = "I" if pronoun == "i" else pronoun
    (c,) = claims_of(NAMED + f"Ukrainian troops hold 500 square kilometres, {written} said.",
                     "area")
    assert (c.claimant, c.claimant_type) == ("The general staff", "military")
    if object_form is not None:
        (c,) = claims_of(NAMED + "Ukrainian troops hold 500 square kilometres, according to "
                         f"{object_form}.", "area")
        assert (c.claimant, c.claimant_type) == ("The general staff", "military")


# --- capitalised words that are no place (places) --------------------------------------
@pytest.mark.parametrize("word", sorted(VOCAB.places.not_names))
def test_a_not_name_word_is_never_a_place_candidate(word):
    from geo.extract import find_candidate_places

    names = [name for *_, name in find_candidate_places(
        f"Fighting continued near {word} Hill and near Sudzha on Monday.")]
    assert names == ["Sudzha"] or names == ["Hill", "Sudzha"], names


@pytest.mark.parametrize("word", sorted(VOCAB.places.institution_words))
def test_an_institution_word_makes_a_phrase_no_place(word):
    from geo.extract import find_candidate_places

    names = [name for *_, name in find_candidate_places(
        f"Officials near Kursk {word} and near Sudzha spoke on Monday.")]
    assert names == ["Sudzha"], names
