"""Claim extraction: area figures, control events, claimants, dates, place mentions."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.extract import extract, find_candidate_places
from geo.ingest import read_path
from geo.models import Article

from _packs import finder

PUB = dt.date(2024, 9, 12)  # a Thursday


def art(text: str, published: dt.date | None = PUB, outlet: str = "Test Wire") -> Article:
    return Article(source_id="t.txt", path="t.txt", text=text, outlet=outlet,
                   published=published, published_basis="sidecar" if published else "unknown")


def fake_gazetteer(names):
    import re

    def find(text):
        return [(m.start(), m.end(), n) for n in names for m in re.finditer(re.escape(n), text)]
    return find


def areas(text, **kw):
    return [c for c in extract(art(text, **kw), find_places=finder).claims if c.kind == "area"]


def events(text, find_places=finder, **kw):
    return [c for c in extract(art(text, **kw), find_places=find_places).claims
            if c.kind == "event"]


# --- area figures -------------------------------------------------------------------
def test_area_held_with_qualifier_in_km2():
    (c,) = areas("Kyiv's forces now hold roughly 1,150 sq km of the Kursk region, the general "
                 "staff said on Tuesday.")
    assert (c.value, c.unit, c.qualifier, c.measure, c.side) == (1150, "km²", "roughly", "held",
                                                                   "Ukraine")
    assert c.area_km2 == 1150 and c.area_sq_mi == pytest.approx(444.0, abs=0.1)
    assert c.place == "Kursk region" and c.date.start == dt.date(2024, 9, 10)
    assert c.claimant == "the general staff" and c.claimant_type == "military"


def test_two_units_one_claim():
    (c,) = areas("At the peak in late August, Ukrainian troops held 1,300 square kilometres "
                 "(500 square miles) in Kursk.")
    assert (c.value, c.unit, c.area_km2, c.area_sq_mi, c.measure) == (
        1300, "km²", 1300, 500, "peak")
    assert (c.date.start, c.date.end, c.date.precision) == (
        dt.date(2024, 8, 21), dt.date(2024, 8, 31), "week")


def test_change_not_total_and_side():
    (c,) = areas("Moscow's troops recaptured 46 square miles near Sudzha over the past week, "
                 "according to the Institute for the Study of War.")
    assert (c.measure, c.side, c.action, c.area_km2) == ("change", "Russia", "captured", 119.1)
    assert c.claimant_type == "analyst" and c.place == "Sudzha"
    (loss,) = areas("Ukraine lost about 200 sq km in the Kursk region during September, officials "
                    "admitted.")
    assert (loss.measure, loss.action, loss.side) == ("change", "withdrew", "Ukraine")


def test_hectares_and_word_numbers():
    (h,) = areas("The brigade holds 4,500 hectares near Korenevo, its commander says.")
    assert (h.unit, h.area_km2) == ("ha", 45.0)
    (w,) = areas("Russian units reclaimed dozens of square kilometres around Kursk.")
    assert (w.value, w.qualifier, w.measure) == (36, "dozens of", "change")


def test_companion_numbers_are_not_areas():
    text = ("Ukraine says it controls 93 settlements in Kursk, and its troops advanced 20 to "
            "30 km. A 6,000-pound bomb fell within 5 miles of the road. Some 11,000 soldiers "
            "arrived.")
    assert areas(text) == []


def test_figure_about_another_region_is_skipped():
    cs = areas("Ukrainian troops hold about 500 sq km in Kursk, while Russia has taken 2,400 sq km "
               "in Donetsk this year.")
    assert [(c.value, c.place, c.side) for c in cs] == [(500, "Kursk", "Ukraine")]


def test_pronoun_side_and_next_sentence_attribution():
    text = ("At its height the incursion put Ukrainian forces in control of 480 square miles. "
            "By Monday, they were left with only 60 square miles, according to Jane Roe, an "
            "analyst at the Kyiv-based Frontline Watch.")
    a, b = areas(text)
    assert (a.measure, a.side, b.measure, b.side) == ("peak", "Ukraine", "held", "Ukraine")
    assert a.claimant == b.claimant == "Jane Roe, Frontline Watch"
    assert a.claimant_type == b.claimant_type == "analyst"
    assert b.date.start == dt.date(2024, 9, 9) and b.qualifier == "only"


def test_peak_dated_from_offensive_start_inferred():
    text = ("Ukrainian troops have occupied Sudzha since early August. "
            "At the height of the push, Ukrainian units held some 700 sq km.")
    (c,) = areas(text)
    assert c.measure == "peak" and c.date.inferred and c.date.precision == "month"
    assert c.date.start == dt.date(2024, 8, 1) and "since early August" in c.date.basis


def test_undated_when_no_publication_date():
    (c,) = areas("By Sunday Ukrainian forces held barely 100 square miles in Kursk.",
                 published=None)
    assert c.date is None and c.value == 100


# --- control events -----------------------------------------------------------------------
def test_capture_claim_by_ministry_hedged():
    (c,) = events("On Saturday, Russia's Defence Ministry claimed its forces had captured the "
                  "village of Nikolayevo-Darino.")
    assert (c.action, c.side, c.place, c.hedged, c.negated) == (
        "captured", "Russia", "Nikolayevo-Darino", True, False)
    assert c.claimant == "Russia's Defence Ministry" and c.claimant_type == "military"
    assert c.date.start == dt.date(2024, 9, 7) and c.confidence < 0.6


def test_list_of_villages_gives_one_claim_each():
    cs = events("Ukrainian units retook the villages of Olgovka, Malaya Loknya and Plekhovo on "
                "Wednesday, a brigade spokesman said.")
    assert [c.place for c in cs] == ["Olgovka", "Malaya Loknya", "Plekhovo"]
    assert {c.action for c in cs} == {"captured"} and {c.side for c in cs} == {"Ukraine"}
    assert len({c.claim_id for c in cs}) == 3
    assert all(c.date.start == dt.date(2024, 9, 11) for c in cs)


def test_negated_event():
    (c,) = events("Russian troops failed to take Kremyanoye despite repeated assaults.")
    assert (c.action, c.side, c.place, c.negated) == ("captured", "Russia", "Kremyanoye", True)


def test_withdrawal_and_relative_date_chain():
    text = ("Fighting intensified near Glushkovo on August 28. Three days later, Ukrainian "
            "units withdrew from Glushkovo, two soldiers said.")
    cs = events(text)
    w = [c for c in cs if c.action == "withdrew"][0]
    assert (w.side, w.place, w.date.start) == ("Ukraine", "Glushkovo", dt.date(2024, 8, 31))
    assert w.claimant_type == "soldier"
    c = [c for c in cs if c.action == "contested"][0]
    assert c.place == "Glushkovo" and c.date.start == dt.date(2024, 8, 28)


def test_relative_position_and_gazetteer_spans():
    finder = fake_gazetteer(["Snagost"])
    (c,) = events("Russian marines broke through north of Snagost last week.", find_places=finder)
    assert (c.action, c.side, c.place, c.date.precision) == (
        "advanced", "Russia", "Snagost", "week")


def test_held_since_month():
    (c,) = events("Korenevo, which Ukrainian troops have held since mid-August, came under "
                  "artillery fire.")
    assert (c.action, c.side, c.place) == ("held", "Ukraine", "Korenevo")
    assert c.date.start == dt.date(2024, 8, 11)


def test_analyst_is_not_a_ministry():
    text = ("Ukrainian forces entered Sudzha on Friday, the Finnish group Black Bird Group "
            "said. Russia's Ministry of Defense said Russian forces still held Sudzha.")
    a, b = events(text)
    assert (a.claimant_type, b.claimant_type) == ("analyst", "military")
    assert a.confidence > b.confidence


def test_outlet_is_claimant_by_default():
    (c,) = events("Ukrainian troops pulled out of Sverdlikovo on Tuesday.", outlet="Daily Example")
    assert (c.claimant, c.claimant_type, c.action) == ("Daily Example", "outlet", "withdrew")


# --- place mentions ---------------------------------------------------------------
def test_candidate_places_exclude_people_and_outlets():
    text = ("Said Petrov, according to Andrii, troops left the town of Lgov. "
            "They moved towards Rylsk and Glushkovo, the Daily Example reported, near "
            "the Sumy region, said Olena.")
    names = [n for _a, _b, n in find_candidate_places(text, outlet="Daily Example")]
    assert "Lgov" in names and "Rylsk" in names and "Glushkovo" in names
    assert "Sumy region" in names
    assert "Andrii" not in names and "Olena" not in names and "Said" not in names
    assert not any("Daily" in n for n in names)


def test_mentions_have_offsets_and_quotes():
    a = art("Troops regrouped outside Tetkino. Shelling hit Lgov.")
    ex = extract(a)
    for m in ex.mentions:
        assert a.text[m.start:m.end] == m.name and m.name in m.quote
    assert [m.name for m in ex.mentions] == ["Tetkino", "Lgov"]


# --- the seeds -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_claims(seeds_dir):
    res = read_path(seeds_dir)
    return {a.source_id: extract(a, find_places=finder).claims for a in res.articles}, res


def test_seed_area_figures(seed_claims):
    claims = seed_claims[0]["000_e5f2cd790de49384.txt"]
    area = [c for c in claims if c.kind == "area"]
    peak = [c for c in area if c.measure == "peak"][0]
    assert (peak.value, peak.unit, peak.side, peak.qualifier) == (500, "sq mi", "Ukraine", "some")
    assert peak.date.iso() == "2024-08" and peak.date.inferred
    held = [c for c in area if c.measure == "held"][0]
    assert (held.value, held.date.start, held.qualifier) == (30, dt.date(2025, 3, 16), "barely")
    assert peak.claimant_type == held.claimant_type == "analyst"


def test_seed_events(seed_claims):
    ev = [c for c in seed_claims[0]["000_e5f2cd790de49384.txt"] if c.kind == "event"]

    def find(action, place):
        return [c for c in ev if c.action == action and c.place == place]

    assert any(c.date and c.date.iso() == "2024-08" and c.side == "Ukraine"
               for c in find("held", "Sudzha"))
    assert any(c.date and c.date.start == dt.date(2025, 3, 10) for c in find("withdrew", "Sudzha"))
    assert any(c.date and c.date.start == dt.date(2025, 3, 13) and c.side == "Russia"
               for c in find("captured", "Sudzha"))
    (kl,) = find("withdrew", "Kazachya Loknya")
    # undated itself; it continues the retreat told "less than a week ago" two sentences back
    assert kl.date.inferred and kl.date.precision == "week"
    assert (kl.date.start, kl.date.end) == (dt.date(2025, 3, 10), dt.date(2025, 3, 17))
    k = find("advanced", "Kurylivka")[0]
    # North Korean troops fight on Russia's side (geo/lang/en.yaml): their gain is Russia's
    assert k.side == "Russia" and k.date.precision == "week"


def test_seed_unrelated_stories_have_no_front_claims(seed_claims):
    by_id, _res = seed_claims
    for sid in ("001_bb7958eaf8b5b9f8.txt#2", "001_bb7958eaf8b5b9f8.txt#3",
                "001_bb7958eaf8b5b9f8.txt#4"):
        assert all(c.kind == "event" and c.side is None and c.date is None for c in by_id[sid])
    # the Kursk story of the undated file keeps its claims, undated
    kept = by_id["001_bb7958eaf8b5b9f8.txt"]
    assert kept and all(c.date is None for c in kept)


def test_claim_ids_unique_and_offsets_exact(seed_claims):
    by_id, res = seed_claims
    texts = {a.source_id: a.text for a in res.articles}
    ids = [c.claim_id for cs in by_id.values() for c in cs]
    assert len(ids) == len(set(ids))
    for sid, cs in by_id.items():
        for c in cs:
            assert texts[sid][c.start:c.end] == c.quote
            assert c.claim_id.startswith(f"{sid}:{c.kind}:{c.start}")


def test_odd_text_does_not_crash():
    odd = ["", "   ", "“”", "...", "1,000,000 sq km", "Said. Said said said.", "the village of",
           "A" * 5000, "In Kursk, " * 400, "0 sq mi held by nobody near Sudzha.",
           "They said it; we said: “no”, according to", "<script>alert(1)</script> near Sudzha"]
    for text in odd:
        ex = extract(art(text), find_places=finder)
        for c in ex.claims:
            assert 0 <= c.start <= c.end <= len(text)


# --- hardening on unseen phrasings -------------------------------------------------
def test_date_of_the_statement_dates_the_claim_and_abbreviated_month_is_no_place():
    text = ("Kyiv's soldiers now hold roughly 1,100 sq km (425 sq miles) of the Kursk region, "
            "the army's commander-in-chief told reporters on Aug. 29.")
    ex = extract(art(text), find_places=finder)
    (c,) = [c for c in ex.claims if c.kind == "area"]
    assert (c.date.start, c.date.precision, c.date.inferred) == (dt.date(2024, 8, 29), "day", False)
    assert (c.area_km2, c.area_sq_mi, c.claimant_type) == (1100, 425, "military")
    assert [m.name for m in ex.mentions] == ["Kursk region"]
    other = extract(art("Russian troops shelled Lgov on Sept. 3 and again on Feb. 2, 2024."),
                    find_places=finder)
    assert [m.name for m in other.mentions] == ["Lgov"]


def test_capital_as_claimant_is_government_and_past_week_window():
    (c,) = areas("Moscow says its units have won back 52 square miles over the past week "
                 "around Korenevo.")
    assert (c.measure, c.action, c.side, c.claimant, c.claimant_type) == (
        "change", "captured", "Russia", "Moscow", "government")
    assert (c.date.start, c.date.end, c.date.precision) == (
        dt.date(2024, 9, 5), dt.date(2024, 9, 12), "week")
    (d,) = areas("Russian units retook 70 square kilometres in the past 24 hours near Sudzha.")
    assert (d.date.start, d.date.precision) == (dt.date(2024, 9, 12), "day")


def test_title_then_name_attribution():
    (c,) = areas("Ukraine's army chief, Oleksandr Syrskyi, said on Monday that his troops held "
                 "1,250 square kilometres of the Kursk region.")
    assert c.claimant == "Oleksandr Syrskyi, Ukraine's army chief"
    assert c.claimant_type == "military" and c.date.start == dt.date(2024, 9, 9)


def test_undated_sentence_inherits_the_narrative_date_it_continues():
    text = ("A Ukrainian mechanised company fell back from Martynovka late last month.\n"
            "The company's sergeant said they had also left trenches outside Cherkasskaya "
            "Konopelka.\n"
            "His unit then walked for a day to reach Sumy.")
    ev = events(text, find_places=fake_gazetteer(["Martynovka", "Cherkasskaya Konopelka"]))
    left = [c for c in ev if c.place == "Cherkasskaya Konopelka"][0]
    assert left.action == "withdrew" and left.side == "Ukraine"
    assert (left.date.start, left.date.end) == (dt.date(2024, 8, 21), dt.date(2024, 8, 31))
    assert left.date.inferred and "continues the narrative" in left.date.basis
    assert "late last month" in left.date.basis


def test_no_inheritance_for_new_topic_own_date_or_state_bound():
    text = ("Ukrainian troops entered Kremyanoye on Aug. 20. Elsewhere, Russian forces "
            "abandoned Tetkino. Russian marines stormed Olgovka. Ukrainian brigades have held "
            "Sudzha since Aug. 8. They pulled back from Plekhovo. The brigades retook "
            "Zaoleshenka on Tuesday.")
    by_place = {c.place: c for c in events(text)}
    assert by_place["Kremyanoye"].date.start == dt.date(2024, 8, 20)
    # no narrative to inherit: "Elsewhere" opens a new thread, a different actor has no link
    # back, "since Aug. 8" bounds a state; each is taken as of publication, and says so
    for place in ("Tetkino", "Olgovka", "Plekhovo"):
        d = by_place[place].date
        assert (d.start, d.precision, d.inferred) == (PUB, "day", True)
        assert d.basis == "inferred: no date in the text; taken as of publication (2024-09-12)"
    assert by_place["Zaoleshenka"].side == "Ukraine"  # "The brigades" of two sentences back
    assert by_place["Zaoleshenka"].date.start == dt.date(2024, 9, 10)  # its own date
    assert not by_place["Zaoleshenka"].date.inferred


def test_share_of_territory_is_a_change_never_a_held_total():
    (c,) = areas("Ukrainian forces have lost roughly a third of the land they had seized in "
                 "Kursk, according to the Kyiv-based analysts of DeepState.")
    assert (c.measure, c.action, c.side, c.value, c.unit) == ("change", "withdrew", "Ukraine",
                                                            33.3, "%")
    assert c.area_km2 is None and c.area_sq_mi is None and c.qualifier == "roughly"
    assert events("Ukrainian forces have lost roughly a third of the land they had seized in "
                  "Kursk.") == []  # "they had seized" is a reference, not an event
    (p,) = areas("Russia has recaptured 45% of the territory in the Kursk region.")
    assert (p.value, p.action, p.side) == (45, "captured", "Russia")
    assert areas("Kyiv still holds half of the ground it took in Kursk.") == []


def test_numbers_in_words_and_vague_figures():
    (c,) = areas("Ukraine says it holds a thousand square kilometres of the Kursk region.")
    assert (c.value, c.area_km2, c.measure) == (1000, 1000, "held")
    (v,) = areas("Ukrainian units have given up dozens of square miles near Sudzha.")
    assert v.qualifier == "dozens of" and v.confidence < 0.5 and v.measure == "change"


def test_figure_about_another_front_without_a_named_place():
    cs = areas("Kyiv's forces held 900 sq km in the Kursk region, whereas Moscow gained "
               "3,600 sq km in eastern Ukraine this year.")
    assert [(c.value, c.side) for c in cs] == [(900, "Ukraine")]
    assert [c.value for c in areas("Ukraine holds 500 sq km in Kursk. Russia took some 2,000 "
                                   "square miles along the whole front line this year.")] == [500]


def test_unnamed_ground_near_a_place_is_not_the_place_itself():
    (c,) = events("Russian paratroopers seized three hamlets outside Korenevo on Friday.")
    assert (c.action, c.place, c.side) == ("advanced", "Korenevo", "Russia")
    (r,) = events("Ukraine captured swathes of territory in the Kursk region.")
    assert (r.action, r.place) == ("advanced", "Kursk region")
    named = events("Russian paratroopers seized the villages of Olgovka and Plekhovo.")
    assert [(c.action, c.place) for c in named] == [("captured", "Olgovka"),
                                                   ("captured", "Plekhovo")]


def test_attempts_denials_doubts_and_negation():
    (a,) = events("Russian assault groups are attempting to capture Malaya Loknya.")
    assert (a.action, a.negated) == ("contested", False)
    (d,) = events("Kyiv denied that its units had retreated from Kurilovka.")
    assert (d.action, d.negated, d.side) == ("withdrew", True, "Ukraine")
    (u,) = events("The monitors said they could not verify that Russian troops had entered "
                  "Lgov.")
    assert (u.negated, u.hedged) == (False, True)
    (n,) = events("Ukrainian troops did not enter Rylsk on Wednesday, the general staff said.")
    # entering a town is an advance into it, not yet its capture
    assert (n.negated, n.action, n.date.start) == (True, "advanced", dt.date(2024, 9, 11))
    (h,) = events("Russian forces reportedly retook Gordeyevka, according to unconfirmed reports.")
    assert h.hedged and h.claimant_type == "outlet" and h.confidence < 0.6


def test_more_event_verbs_and_dates():
    text = ("Ukrainian troops were pushed out of Sverdlikovo on Monday evening. "
            "Russia regained control of Lyubimovka late last month. "
            "By mid-February Ukrainian units had encircled a Russian garrison in Tyotkino. "
            "Heavy fighting raged outside Korenevo over the summer.")
    got = [(c.place, c.action, c.side, c.date.iso()) for c in events(text)]
    assert got == [
        ("Sverdlikovo", "withdrew", "Ukraine", "2024-09-09"),
        ("Lyubimovka", "captured", "Russia", "2024-08-21/2024-08-31"),
        ("Tyotkino", "contested", "Ukraine", "2024-02-11/2024-02-20"),
        ("Korenevo", "contested", None, "2024-06-01/2024-08-31"),
    ]


def test_person_described_by_a_participle_is_no_event():
    ev = events("Oksana, a medic serving near Sudzha, said Russian troops stormed Makhnovka "
                "on Sunday.")
    assert [(c.place, c.action, c.side) for c in ev] == [("Makhnovka", "contested", "Russia")]


def test_page_furniture_yields_no_claims_or_places():
    text = ("MOSCOW, Sept 10 (Reuters) - Russian forces took Snagost on Monday, the defence "
            "ministry said.\n"
            "By Maria Tsvetkova and Guy Faulconbridge in London\n"
            "Image: Ukrainian tanks near Sudzha in the Kursk region on Aug. 14. Pic: AP\n"
            "A soldier rests outside Glushkovo, Kursk region, August 19, 2024. "
            "REUTERS/Jane Doe\n"
            "Related Topics\n"
            "Lgov\n"
            "War in Ukraine\n"
            "Follow our correspondents on Telegram\n"
            "Ukrainian troops hold 700 sq km of Kursk, the general staff said. "
            "(Reporting by Jo Bloggs in Rylsk; Editing by Ann Other)\n")
    ex = extract(art(text), find_places=finder)
    assert [m.name for m in ex.mentions] == ["Snagost", "Kursk"]
    ev = [c for c in ex.claims if c.kind == "event"]
    assert [(c.place, c.date.start) for c in ev] == [("Snagost", dt.date(2024, 9, 9))]
    (a,) = [c for c in ex.claims if c.kind == "area"]
    assert a.value == 700 and a.quote.startswith("Ukrainian troops hold")
    for c in ex.claims:
        assert text[c.start:c.end] == c.quote and "Reuters" not in c.quote


def test_leading_according_to_and_down_from_a_peak():
    text = ("According to the Finnish tracker Black Bird Group, Kyiv now holds barely 90 sq km "
            "of Russian territory in Kursk, down from a peak of 1,320 sq km.")
    held, peak = areas(text)
    assert (held.measure, held.value, held.date.start) == ("held", 90, PUB)
    assert (peak.measure, peak.value) == ("peak", 1320)
    assert held.claimant == "the Finnish tracker Black Bird Group"
    assert held.claimant_type == peak.claimant_type == "analyst"
    (e,) = events("According to DeepState, Russian units have made small gains near Tetkino "
                  "this week.")
    assert (e.action, e.place, e.side, e.claimant) == ("advanced", "Tetkino", "Russia", "DeepState")


def test_cumulative_since_the_incursion_is_held_and_verb_lists():
    (c,) = areas("Kyiv's general staff said on Wednesday its troops had pushed further into the "
                 "region, taking 1,000 square kilometres since the cross-border offensive began.")
    # everything taken since the offensive began: a total, its own kind of figure
    assert (c.measure, c.side, c.date.start) == ("cumulative", "Ukraine", dt.date(2024, 9, 11))
    ev = events("Moscow said its forces had retaken Snagost, Apanasovka and Byakhovo, three "
                "villages west of Korenevo.")
    assert [c.place for c in ev] == ["Snagost", "Apanasovka", "Byakhovo"]
    (r,) = events("The brigade repelled nine assaults outside Sudzha over the past day.")
    assert (r.action, r.place, r.date.start) == ("contested", "Sudzha", PUB)


def test_an_earlier_estimate_after_a_decrease_is_the_peak_not_a_second_holding():
    held, earlier = areas("Officials said the troops now hold about 300 square kilometres, a "
                          "sharp decrease from earlier estimates that put their control at "
                          "almost 900 square kilometres.")
    assert (held.measure, held.value, held.date.start) == ("held", 300, PUB)
    assert (earlier.measure, earlier.value) == ("peak", 900)


def test_a_participle_on_the_figure_makes_it_a_gain():
    (c,) = areas("Headline: 120 km² seized in five days, the biggest gain of the year")
    assert (c.measure, c.action) == ("change", "captured")


def test_a_date_after_since_starts_a_period_and_does_not_date_the_figure():
    (c,) = areas("Since starting the push on Monday, the army has captured about 60 sq km of "
                 "land near the border.")
    assert c.value == 60 and c.date.start == PUB and c.date.inferred


def test_part_of_a_whole_gives_the_part_and_the_whole_as_a_peak():
    part, whole = areas("Moscow said its troops had retaken 700 of the 900 square kilometres "
                        "lost in the summer.")
    assert (part.value, part.side, part.measure) == (700, "Russia", "cumulative")
    assert (whole.value, whole.side, whole.measure, whole.date) == (900, "Ukraine", "peak", None)


def test_a_quote_running_over_two_sentences_is_the_speakers_who_follows_it():
    text = ("Kyiv lost ground, the agency reports.\n“At the height of the push, we held about "
            "900 square kilometres, now less. The enemy keeps attacking,” said a source in the "
            "Ukrainian General Staff.\n")
    (c,) = areas(text)
    assert (c.measure, c.side, c.claimant, c.claimant_side) == (
        "peak", "Ukraine", "a source in the Ukrainian General Staff", "Ukraine")


def test_according_to_him_is_the_person_named_before():
    text = ("The regional governor, Ivan Petrenko, said on Monday that the shelling went on. "
            "In total, according to him, almost 300 square kilometres are under the control of "
            "Russian forces.")
    (c,) = areas(text)
    assert (c.side, c.claimant) == ("Russia", "Ivan Petrenko, The regional governor")


@pytest.mark.parametrize("text", [
    "Between the lines lies a grey zone of about 200 square kilometres, a commander said.",
    "Another 90 square kilometres are contested, the analysts said.",
])
def test_a_grey_or_contested_zone_is_its_own_measure_never_ground_held(text):
    (c,) = areas(text)
    assert c.measure == "contested"
