"""End to end on made-up articles in other outlets' styles (never the seeds' wording).

Each article goes through the whole pipeline (:func:`geo.pipeline.build`):
ingest (front matter, page furniture), extraction, geocoding and the
timeline; the claims are checked with concrete values.
"""

from __future__ import annotations

import datetime as dt

import pytest

from geo.pipeline import build

from _packs import shipped

AP = """
---
title: Ukraine's foothold in Russia shrinks
outlet: Test Wire
published: 2024-11-20
---
KYIV, Ukraine (AP) — Ukraine has lost more than 40% of the Russian territory it seized in its surprise incursion, a senior Ukrainian military official said Tuesday.

Kyiv's forces now control about 800 square kilometers (310 square miles) in the Kursk region, down from a peak of nearly 1,400 square kilometers (540 square miles) in late August, the official said, speaking on condition of anonymity.

Russian troops recaptured the village of Plekhovo earlier this month, and fighting continues outside Sudzha, the largest town held by Ukraine.

Moscow's Defense Ministry claimed on Sunday that its forces had liberated Nikolayevo-Darino and Darino, a claim that could not be independently verified.

Ukrainian units pulled out of Snagost in October, according to the Institute for the Study of War, which said Russian forces had advanced near Korenevo.

Image: A destroyed bridge near Glushkovo. Pic: Reuters
"""

WIRE = """
---
title: Ukraine's Kursk foothold shrinks as Russia presses in the east
outlet: Northern Wire
published: 2025-01-14
---
KYIV, Jan 14 (Northern Wire) - Ukrainian forces have been pushed out of roughly half of the territory they captured in Russia's Kursk region last summer, Ukraine's top commander said on Tuesday, as Russian troops kept up their assault on the eastern town of Pokrovsk.

Colonel General Oleksandr Syrskyi told reporters that Ukraine still held about 500 sq km (193 sq mi) of the region, compared with 1,376 sq km at its peak in August.

Russia's defence ministry said its troops had retaken the village of Martynovka and were advancing towards Sverdlikovo. Northern Wire could not independently verify the battlefield reports.

In eastern Ukraine, Russian forces have captured some 4,168 sq km over the past year, according to data from the DeepState monitoring group.

Ukraine launched its incursion on Aug. 6, crossing the border near Sudzha with several thousand troops.

(Reporting by Jane Roe; Editing by John Doe)
"""

THINK_TANK = """
---
title: Russian Offensive Campaign Assessment, February 27, 2025
outlet: Institute for the Study of War
published: 2025-02-27
---
Russian forces recently advanced in Kursk Oblast amid continued fighting in the Ukrainian salient.

Geolocated footage published on February 26 indicates that Russian forces advanced into central Sverdlikovo (southwest of Sudzha). Geolocated footage published on X indicates that Ukrainian forces maintain positions in northern Lebedevka.

Russian milbloggers claimed on February 26 that Russian forces seized Pogrebki, but ISW has not observed confirmation of this claim. Fighting continued near Malaya Loknya, Sverdlikovo, and Martynovka on February 26 and 27.
"""

LIVE = """
---
title: "Ukraine war live: Russia says it has entered Sudzha"
outlet: Daily Live
published: 2025-03-12
---
Updated 3 hours ago

10:42
Russia says troops have entered Sudzha

Russia's defence ministry says its forces have entered the town of Sudzha, the main hub of Ukraine's operation in the Kursk region. We have not been able to verify the claim.

09:58
Ukrainian commander: "We are holding the line"

A Ukrainian brigade commander, speaking to our correspondent by phone, said his unit was still holding positions north of Sudzha. "Yesterday we pulled back from Glushkovo because of the drones," he said.

09:15
Zelensky: Ukraine controls 400 square kilometres

Ukraine still controls around 400 square kilometres of Russian territory, President Volodymyr Zelensky said on Wednesday morning, down from a peak of about 1,300 square kilometres.

08:30
Key events

- Russian troops recaptured Martynovka and Plekhovo overnight, according to Russian military bloggers.
"""


@pytest.fixture(scope="module")
def claims(tmp_path_factory):
    """Claims of the four stories, built once: file name -> list of claims."""
    folder = tmp_path_factory.mktemp("unseen")
    for name, body in (("ap.md", AP), ("wire.md", WIRE), ("think_tank.md", THINK_TANK),
                       ("live.md", LIVE)):
        (folder / name).write_text(body, encoding="utf-8")
    atlas = build(folder, shipped())
    assert [t.theater.slug for t in atlas.timelines] == ["kursk"]
    assert {a.theater for a in atlas.articles} == {"kursk"}
    timeline = atlas.timeline("kursk")
    out: dict[str, list] = {}
    for c in timeline.claims:
        out.setdefault(c.source, []).append(c)
    return out, timeline


def row(c):
    """(kind, side, action or measure, place, date iso, precision, claimant type)."""
    return (c.kind, c.side, c.action if c.kind == "event" else c.measure, c.place,
            c.date.iso() if c.date else None, c.date.precision if c.date else None,
            c.claimant_type)


def find(cs, kind, place=None, value=None, action=None):
    hits = [c for c in cs if c.kind == kind and (place is None or c.place == place)
            and (value is None or c.value == value) and (action is None or c.action == action)]
    assert len(hits) == 1, [row(c) for c in cs]
    return hits[0]


def source(claims, name):
    (key,) = [k for k in claims[0] if k.endswith(name)]
    return claims[0][key]


# --- AP-style: dateline, passive "held by", compound sentence, relative-clause claimant ---
def test_ap_passive_held_by_gives_the_agent_side(claims):
    cs = source(claims, "ap.md")
    held = find(cs, "event", "Sudzha", action="held")
    assert row(held) == ("event", "Ukraine", "held", "Sudzha", "2024-11-20", "day", "outlet")
    assert held.date.inferred  # present tense: as of publication


def test_ap_each_clause_has_its_own_actor_and_date(claims):
    cs = source(claims, "ap.md")
    assert row(find(cs, "event", "Plekhovo")) == (
        "event", "Russia", "captured", "Plekhovo", "2024-11", "month", "outlet")
    fight = find(cs, "event", "Sudzha", action="contested")
    # the clause names no one: the Russians of the clause before are not its actor; on the
    # Kursk front the fighting is taken as along Ukraine's ground, and says so
    assert (fight.side, fight.date.iso()) == ("Ukraine", "2024-11-20")
    assert fight.side_basis == ("inferred: no side named; on the Kursk front Ukraine is the "
                                "side holding ground")


def test_ap_claimant_stops_before_its_relative_clause(claims):
    cs = source(claims, "ap.md")
    out = find(cs, "event", "Snagost")
    assert row(out) == ("event", "Ukraine", "withdrew", "Snagost", "2024-10", "month", "analyst")
    assert out.claimant == "the Institute for the Study of War"
    adv = find(cs, "event", "Korenevo")
    assert (adv.side, adv.action, adv.claimant, adv.claimant_type) == (
        "Russia", "advanced", "the Institute for the Study of War", "analyst")


def test_ap_figures_and_the_official_named_earlier(claims):
    cs = source(claims, "ap.md")
    held = find(cs, "area", value=800)
    assert (held.measure, held.side, held.area_sq_mi, held.date.iso()) == (
        "held", "Ukraine", 310, "2024-11-20")
    assert (held.claimant, held.claimant_type) == ("a senior Ukrainian military official",
                                                   "military")
    peak = find(cs, "area", value=1400)
    assert (peak.measure, peak.area_sq_mi, peak.date.start, peak.date.end) == (
        "peak", 540, dt.date(2024, 8, 21), dt.date(2024, 8, 31))
    share = find(cs, "area", value=40)
    assert (share.unit, share.measure, share.action, share.date.iso()) == (
        "%", "change", "withdrew", "2024-11-19")  # "said Tuesday"
    ministry = find(cs, "event", "Darino")
    assert ministry.hedged and ministry.date.iso() == "2024-11-17"  # "on Sunday"
    assert ministry.claimant_type == "military"
    assert not any("Glushkovo" == c.place for c in cs)  # the photo caption is furniture


# --- wire story: dateline, two units, peak in another clause, another front ---------
def test_wire_figures_with_two_units_and_peak(claims):
    cs = source(claims, "wire.md")
    held = find(cs, "area", value=500)
    assert (held.measure, held.side, held.area_km2, held.area_sq_mi, held.qualifier) == (
        "held", "Ukraine", 500, 193, "about")
    assert (held.date.iso(), held.claimant_type) == ("2025-01-14", "military")
    assert held.claimant == "Colonel General Oleksandr Syrskyi"
    peak = find(cs, "area", value=1376)
    assert (peak.measure, peak.side, peak.date.iso(), peak.date.precision) == (
        "peak", "Ukraine", "2024-08", "month")


def test_wire_share_lost_is_dated_by_the_statement_not_the_capture(claims):
    cs = source(claims, "wire.md")
    share = find(cs, "area", value=50)
    assert (share.unit, share.measure, share.action, share.side) == (
        "%", "change", "withdrew", "Ukraine")
    assert share.date.iso() == "2025-01-14"  # "said on Tuesday", not "last summer"


def test_wire_other_front_figure_is_not_the_theatres(claims):
    cs = source(claims, "wire.md")
    assert not [c for c in cs if c.kind == "area" and c.value == 4168]


def test_wire_unverified_reports_are_hedged_by_the_next_sentence(claims):
    cs = source(claims, "wire.md")
    taken = find(cs, "event", "Martynovka")
    assert (taken.side, taken.action, taken.hedged, taken.claimant_type) == (
        "Russia", "captured", True, "military")
    # the story never says when: taken as of publication, and labelled so
    assert (taken.date.iso(), taken.date.inferred) == ("2025-01-14", True)
    assert taken.date.basis.startswith("inferred: no date in the text")
    toward = find(cs, "event", "Sverdlikovo")
    assert (toward.action, toward.hedged) == ("advanced", True)


# --- think-tank update -------------------------------------------------------------
def test_think_tank_outlet_is_an_analyst_and_recently_is_a_week(claims):
    cs = source(claims, "think_tank.md")
    adv = find(cs, "event", "Sverdlikovo", action="advanced")
    assert row(adv) == ("event", "Russia", "advanced", "Sverdlikovo", "2025-02-26", "day",
                        "analyst")
    recent = find(cs, "event", "Kursk Oblast")
    assert (recent.action, recent.date.start, recent.date.end) == (
        "advanced", dt.date(2025, 2, 20), dt.date(2025, 2, 27))
    assert not [c for c in cs if c.action == "contested" and c.place == "Kursk Oblast"]


def test_think_tank_positions_in_a_village_are_held(claims):
    cs = source(claims, "think_tank.md")
    assert row(find(cs, "event", "Lebedevka")) == (
        "event", "Ukraine", "held", "Lebedevka", "2025-02-27", "day", "analyst")


def test_think_tank_milblogger_claim_is_hedged(claims):
    cs = source(claims, "think_tank.md")
    c = find(cs, "event", "Pogrebki")
    assert (c.side, c.action, c.hedged, c.claimant, c.claimant_type, c.date.iso()) == (
        "Russia", "captured", True, "Russian milbloggers", "analyst", "2025-02-26")


def test_think_tank_fighting_in_a_list_of_places_over_two_days(claims):
    cs = source(claims, "think_tank.md")
    fights = [c for c in cs if c.action == "contested"]
    assert sorted(c.place for c in fights) == ["Malaya Loknya", "Martynovka", "Sverdlikovo"]
    assert {(c.date.start, c.date.end) for c in fights} == {(dt.date(2025, 2, 26),
                                                              dt.date(2025, 2, 27))}


# --- live blog ----------------------------------------------------------------------
def test_live_blog_headlines_and_time_stamps_add_nothing(claims):
    cs = source(claims, "live.md")
    sudzha = [c for c in cs if c.place == "Sudzha" and c.action == "advanced"]
    assert len(sudzha) == 1  # the entry's headline repeats the body; entering is an advance
    c = sudzha[0]
    assert (c.side, c.claimant, c.claimant_type, c.hedged, c.date.iso()) == (
        "Russia", "Russia's defence ministry", "military", True, "2025-03-12")
    assert not [c for c in cs if c.kind == "area" and c.claimant_type == "outlet"]
    assert all(not c.claimant[:1].isdigit() for c in cs)


def test_live_blog_commander_positions_near_and_withdrawal_yesterday(claims):
    cs = source(claims, "live.md")
    near = find(cs, "event", "Sudzha", action="contested")
    assert (near.side, near.claimant, near.claimant_type) == (
        "Ukraine", "A Ukrainian brigade commander", "soldier")
    out = find(cs, "event", "Glushkovo")
    assert row(out) == ("event", "Ukraine", "withdrew", "Glushkovo", "2025-03-11", "day",
                        "soldier")


def test_live_blog_area_is_about_the_region_and_peak_has_no_borrowed_date(claims):
    cs = source(claims, "live.md")
    held = find(cs, "area", value=400)
    # no place in its clause: the figure is about its story's front
    assert (held.measure, held.place, held.theater, held.date.iso(), held.claimant_type) == (
        "held", None, "kursk", "2025-03-12", "government")
    peak = find(cs, "area", value=1300)
    assert peak.measure == "peak" and peak.date is None  # "on Wednesday" is the statement's


def test_live_blog_overnight_is_publication_day(claims):
    cs = source(claims, "live.md")
    for place in ("Martynovka", "Plekhovo"):
        c = find(cs, "event", place)
        assert row(c) == ("event", "Russia", "captured", place, "2025-03-12", "day", "analyst")


def test_unseen_places_resolve_and_the_timeline_has_dates(claims):
    _, timeline = claims
    resolved = {p.name for p in timeline.places if p.resolution is not None}
    assert {"Sudzha", "Korenevo", "Plekhovo", "Snagost", "Martynovka", "Sverdlikovo",
            "Glushkovo"} <= resolved
    assert len(timeline.dates) >= 4
