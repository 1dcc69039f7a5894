"""Hostile and careless input (issue 14): one case per failure found by probing.

Every case puts one bad file (or upload, or network failure) beside a good
article, runs the command line (or the dashboard through AppTest), and checks
the exact message naming the bad file and that the good article's claims
still come out. Speed and memory bounds are measured in
``benchmarks/bench_hostile.py``, not here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import settings
from geo.cli import main

from _packs import finder, shipped

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "dashboard" / "app.py")

GOOD = """---
title: Border offensive update
outlet: Example Wire
published: 2024-08-21
---
Ukrainian forces controlled about 1,000 square kilometres of the Kursk region on 20 August \
2024, analysts at the Institute for the Study of War said.

Ukrainian troops captured Sudzha on 15 August 2024, the general staff said.
"""
#: What the good article yields in claims.csv: (kind, date, figure or place).
GOOD_CLAIMS = {("area", "2024-08-20", "1000.0"), ("event", "2024-08-15", "Sudzha")}
BODY = "Russian troops entered Korenevo on 16 August 2024, officials said.\n"


def front(published: str, body: str = BODY, extra: str = "") -> bytes:
    return f"---\n{extra}published: {published}\n---\n{body}".encode()


def latest_publication() -> str:
    """Upper end of the plausible window for publication dates (a year after today)."""
    return (dt.date.today() + dt.timedelta(days=settings.LATEST_DATE_AFTER_DAYS)).isoformat()



@pytest.fixture(autouse=True)
def fragment_design(monkeypatch: pytest.MonkeyPatch) -> None:
    """The dashboard cases read the headline's metrics, which AppTest sees in the fragment
    design; the in-page design's hostile text is tested in the browser
    (tests/test_dashboard_browser.py)."""
    monkeypatch.setenv("FRONTLINE_DASHBOARD_DESIGN", "fragment")


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """A folder of articles holding the good one."""
    d = tmp_path / "articles"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    return d


@pytest.fixture()
def cli(capsys: pytest.CaptureFixture[str]):
    """Run ``python -m geo CMD FOLDER ...`` in-process: (exit status, stdout lines, stderr)."""
    def run(*argv: str) -> tuple[int, list[str], str]:
        rc = main(list(argv))
        out, err = capsys.readouterr()
        return rc, out.splitlines(), err
    return run


def build(cli, folder: Path, *extra: str) -> tuple[list[str], Path]:
    out = folder.parent / "out"
    rc, lines, err = cli("build", str(folder), "--out", str(out), *extra)
    assert rc == 0, err
    assert err == ""
    return lines, out


def claims_of(out: Path, source: str = "good.txt") -> set[tuple[str, str, str]]:
    with open(out / "claims.csv", encoding="utf-8") as fh:
        return {(r["kind"], r["date"], r["area_km2"] or r["place"])
                for r in csv.DictReader(fh) if r["source"] == source}


def assert_good(out: Path) -> None:
    assert claims_of(out) >= GOOD_CLAIMS


# --- tiny inputs that exhausted the server ------------------------------------------

def billion_laughs() -> bytes:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefg", "bcdefgh"):
        levels.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("---\n" + "\n".join(levels) + "\ntitle: *h\n---\n" + BODY).encode()


def test_yaml_aliases_are_refused_not_expanded(cli, folder: Path) -> None:
    (folder / "laughs.md").write_bytes(billion_laughs())
    assert len(billion_laughs()) < 700
    lines, out = build(cli, folder)
    assert ("  WARNING: laughs.md: front matter uses YAML anchors or aliases (&name, *name), "
            "which are not accepted; metadata ignored.") in lines
    assert max(len(line) for line in lines) < 400  # no 300 MB warning line
    assert_good(out)


def test_year_9999_publication_is_ignored_and_every_day_finishes(cli, folder: Path) -> None:
    (folder / "far.txt").write_bytes(front("9999-12-30", "Ukrainian forces held about 800 "
                                           "square kilometres of the Kursk region on Monday, "
                                           "analysts said.\n"))
    lines, out = build(cli, folder, "--every-day")
    assert (f"  WARNING: far.txt: the front matter published date 9999-12-30 lies outside the "
            f"plausible window (1900-01-01 to {latest_publication()}); ignored.") in lines
    assert_good(out)
    days = [f["properties"]["date"] for f in
            json.loads((out / "timeline.geojson").read_text())["features"]]
    assert days == ["2024-08-15", "2024-08-16", "2024-08-17", "2024-08-18", "2024-08-19",
                    "2024-08-20"]


def test_claim_dated_years_after_publication_is_kept_undated(cli, folder: Path) -> None:
    (folder / "far.txt").write_bytes(front("2024-08-23", "On 3 March 2031, Ukrainian forces "
                                           "held about 800 square kilometres of the Kursk "
                                           "region, analysts said.\n"))
    lines, out = build(cli, folder)
    assert ("  WARNING: far.txt: the date 2031-03-03 (“3 March 2031”) in “On 3 March 2031, "
            "Ukrainian forces held about 800 square kilometres of the Kur...” lies outside the "
            "plausible window (1900-01-01 to 2025-08-24); the claim is kept undated.") in lines
    assert claims_of(out, "far.txt") == {("area", "undated", "800.0")}
    assert_good(out)


def test_every_day_span_is_bounded(cli, folder: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "EVERY_DAY_MAX_DAYS", 30)
    (folder / "later.txt").write_bytes(front("2024-10-02", "Ukrainian forces held about 900 "
                                             "square kilometres of the Kursk region on 1 "
                                             "October 2024, analysts said.\n"))
    lines, out = build(cli, folder, "--every-day")
    assert ("  WARNING: Daily estimates were not drawn: the dates run from 2024-08-15 to "
            "2024-10-01, 48 days, more than the limit of 30 (EVERY_DAY_MAX_DAYS); only the 3 "
            "report dates have polygons. Check the sources' dates.") in lines
    assert "  dates produced: 3" in lines
    assert_good(out)


def test_every_day_work_is_linear_in_the_days(monkeypatch: pytest.MonkeyPatch) -> None:
    from geo import territory as T
    from geo.projection import to_equal_area

    from sample_data import sample_boundaries, sample_theater

    b = sample_boundaries()
    crs = sample_theater().crs
    grows: list[float] = []
    real = T._grow
    monkeypatch.setattr(T, "_grow", lambda *a: grows.append(a[-1]) or real(*a))
    evaluations = {}
    for n in (60, 120):
        grows.clear()
        start = dt.date(2024, 8, 6)
        cs = [T.Constraint(start + dt.timedelta(i), 40 + 1000 * i / (n - 1)) for i in range(n)]
        fits = T.fit_timeline(cs, b.region("RU-KRS").geometry, b.border, crs=crs)
        assert all(abs(f.area_km2 - c.target_km2) <= 0.02 * c.target_km2
                   for f, c in zip(fits, cs))
        for earlier, later in zip(fits, fits[1:]):  # growing: each contains the last (1 mm)
            assert to_equal_area(later.geometry, crs).buffer(0.001).contains(
                to_equal_area(earlier.geometry, crs))
        evaluations[n] = len(grows)
    assert evaluations[120] <= 2.5 * 120
    assert evaluations[120] < 2.2 * evaluations[60]


def test_article_over_its_time_budget_is_named_and_left_out(
        cli, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from geo.ingest import read_bytes
    from geo.pipeline import extract_within_budget

    for a in read_bytes(GOOD.encode(), "warm.txt").articles:  # load the gazetteer, dateparser
        extract_within_budget(a, finder)
    # 100 KB: read in about 0.1 s of CPU; finding its claims takes over 10 s (that time
    # grows with the square of the length)
    monkeypatch.setattr(settings, "ARTICLE_TIME_BUDGET_S", 1.0)
    long = " ".join(f"Officials said Russian troops shelled Korenevo on {d} August 2024, "
                    f"Analysts estimated about {400 + d} square kilometres were held."
                    for d in range(1, 28)) + "\n"
    (folder / "long.txt").write_bytes(front("2024-08-30", long * 30))
    lines, out = build(cli, folder)
    assert ("  ERROR: long.txt: finding its claims took more than the 1 s budget per "
            "article; they are left out. Split the file or raise ARTICLE_TIME_BUDGET_S.") in lines
    assert claims_of(out, "long.txt") == set()
    assert_good(out)


# --- files that are not files --------------------------------------------------------

def test_named_pipe_is_not_opened(cli, folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")
    lines, out = build(cli, folder)
    assert ("  ERROR: pipe.txt is not a regular file (a named pipe); only regular files are "
            "read.") in lines
    assert_good(out)


@pytest.mark.parametrize("name,target", [("zero.txt", "/dev/zero"),
                                         ("passwd.txt", "/etc/passwd")])
def test_links_out_of_the_folder_are_not_followed(cli, folder: Path, name: str,
                                                  target: str) -> None:
    os.symlink(target, folder / name)
    lines, out = build(cli, folder)
    assert (f"  ERROR: {name} is a link to a file outside the folder; links out of the "
            "folder are not followed.") in lines
    assert claims_of(out, name) == set()
    assert_good(out)


def test_links_inside_the_folder_are_read_but_only_to_regular_files(cli, folder: Path) -> None:
    (folder / ".store").mkdir()
    (folder / ".store" / "real.txt").write_bytes(front("2024-08-17"))
    os.symlink(".store/real.txt", folder / "alias.txt")
    os.mkfifo(folder / ".store" / "fifo")
    os.symlink(".store/fifo", folder / "inner.txt")
    lines, out = build(cli, folder)
    assert claims_of(out, "alias.txt") == {("event", "2024-08-16", "Korenevo")}
    assert ("  ERROR: inner.txt is not a regular file (a named pipe); only regular files are "
            "read.") in lines
    assert_good(out)


# --- one bad file aborted everything ------------------------------------------------

@pytest.mark.parametrize("value,why", [
    ("2024-02-30", "day is out of range for month"),
    ("2024-13-01", "month must be in 1..12"),
    ("0000-01-01", "year 0 is out of range"),
])
def test_impossible_front_matter_date_is_a_warning(cli, folder: Path, value: str,
                                                   why: str) -> None:
    (folder / "bad.txt").write_bytes(front(value))
    lines, out = build(cli, folder)
    assert (f"  WARNING: bad.txt: front matter published value '{value}' is not a valid date "
            f"({why}); ignored.") in lines
    assert claims_of(out, "bad.txt") == {("event", "2024-08-16", "Korenevo")}
    assert_good(out)


def sidecar_folder(d: Path) -> None:
    (d / "bad.meta.json").mkdir()


def sidecar_deep(d: Path) -> None:
    (d / "bad.meta.json").write_text("[" * 30_000 + "]" * 30_000)


def sidecar_huge(d: Path) -> None:
    (d / "bad.meta.json").write_text("[" * 100_000 + "]" * 100_000)


def sidecar_digits(d: Path) -> None:
    (d / "bad.meta.json").write_text('{"title": ' + "7" * 5000 + "}")


def sidecar_nan(d: Path) -> None:
    (d / "bad.meta.json").write_text('{"title": NaN}')


@pytest.mark.parametrize("make,why", [
    (sidecar_folder, "the sidecar is not a regular file (a folder)"),
    (sidecar_deep, "the sidecar is nested 30,000 levels deep (at most 4)"),
    (sidecar_huge, "the sidecar is 200,000 bytes, over the 64,000-byte limit"),
    (sidecar_digits, "holds a number with 5,000 digits (at most 30)"),
    (sidecar_nan, "holds NaN, which is not a JSON number"),
])
def test_bad_sidecar_is_a_warning_and_the_article_is_read(cli, folder: Path, make,
                                                          why: str) -> None:
    (folder / "bad.txt").write_bytes(BODY.encode())
    make(folder)
    lines, out = build(cli, folder)
    assert f"  WARNING: bad.meta.json: {why}; metadata for bad.txt ignored." in lines
    assert claims_of(out, "bad.txt") == {("event", "2024-08-16", "Korenevo")}
    assert_good(out)


def test_unreadable_sidecar_is_a_warning(cli, folder: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    (folder / "bad.txt").write_bytes(BODY.encode())
    (folder / "bad.meta.json").write_text('{"title": "B"}')
    real_open = os.open

    def refusing(path, flags, *args, **kwargs):  # root reads any mode: refuse it here
        if str(path).endswith("bad.meta.json"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing)
    lines, out = build(cli, folder)
    assert ("  WARNING: bad.meta.json: the sidecar cannot be read (Permission denied); "
            "metadata for bad.txt ignored.") in lines
    assert_good(out)


def test_file_name_with_bad_bytes_is_shown_and_the_build_completes(cli, folder: Path) -> None:
    with open(os.fsencode(folder) + b"/bad\xff.txt", "wb") as fh:
        fh.write(front("2024-08-17"))
    lines, out = build(cli, folder)
    assert ("  WARNING: bad\ufffd.txt: the file name is not valid UTF-8; it is shown with "
            "\ufffd in place of the bad bytes.") in lines
    assert claims_of(out, "bad\ufffd.txt") == {("event", "2024-08-16", "Korenevo")}
    assert_good(out)


def test_any_other_failure_reading_a_file_names_it(cli, folder: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from geo import ingest

    (folder / "odd.md").write_bytes(BODY.encode())
    real = ingest.markdown_to_text

    def broken(text: str):
        raise RuntimeError("a bug in the Markdown reader")

    monkeypatch.setattr(ingest, "markdown_to_text", broken)
    lines, out = build(cli, folder)
    assert ("  ERROR: odd.md: could not be read (RuntimeError: a bug in the Markdown reader); "
            "skipped.") in lines
    assert real is not broken
    assert_good(out)


# --- wrong figures must not reach the outputs ---------------------------------------

def strict_json(text: str) -> object:
    def refuse(word: str) -> None:
        raise ValueError(f"not strict JSON: {word}")
    return json.loads(text, parse_constant=refuse)


def test_infinite_figure_never_reaches_json_render_or_html(cli, folder: Path) -> None:
    (folder / "huge.txt").write_bytes(front("2024-08-23", "On 22 August 2024, Ukrainian "
                                            "forces held 1" + "0" * 400 + " square kilometres "
                                            "of the Kursk region, analysts said.\n"))
    lines, out = build(cli, folder)
    assert ("  WARNING: huge.txt: the area figure in “On 22 August 2024, Ukrainian forces held "
            "100000000000000000000000000000000000...” is not a finite number; it is not "
            "used.") in lines
    geojson = strict_json((out / "timeline.geojson").read_text(encoding="utf-8"))
    # the good story's figure, and the day before it on a line up from nothing on the
    # front's first day (6 August 2024)
    assert [f["properties"]["target_km2"] for f in geojson["features"]] == [642.9, 1000.0]
    assert_good(out)
    rc, lines, err = cli("render", str(folder), "--out", str(out / "map.png"))
    assert (rc, err) == (0, "") and (out / "map.png").read_bytes()[:4] == b"\x89PNG"
    rc, lines, err = cli("html", str(folder), "--out", str(out / "map.html"))
    assert (rc, err) == (0, "") and "Infinity" not in (out / "map.html").read_text()


#: Figures no one can draw, as written in my own sentences, and the warning each gets.
UNDRAWABLE = (
    ("Ukraine held -40 sq km of the Kursk region on 18 August 2024, analysts said.",
     "is a negative number"),
    ("Ukraine held minus 40 sq km of the Kursk region on 18 August 2024, analysts said.",
     "is a negative number"),
    ("Ukraine held 2e3 square miles of the Kursk region on 18 August 2024, analysts said.",
     "is written in scientific notation"),
    ("Ukraine held 4,5,6 square kilometres of the Kursk region on 18 August 2024, analysts "
     "said.", "is not a number that can be read (digits and separators)"),
    ("Ukraine held 0 square kilometres of the Kursk region on 18 August 2024, analysts said.",
     "is zero"),
    ("Ukraine held 0.0004 km² of the Kursk region on 18 August 2024, analysts said.",
     "is smaller than 0.1 km² (MIN_AREA_FIGURE_KM2), too small to draw"),
    ("Ukraine held 3 billion square kilometres of the Kursk region on 18 August 2024, analysts "
     "said.", "is 3,000,000,000 km², more than the whole front (29,751 km²)"),
)


@pytest.mark.parametrize(("sentence", "why"), UNDRAWABLE)
def test_undrawable_figure_is_listed_with_a_warning_never_drawn(cli, folder: Path,
                                                                 sentence: str, why: str) -> None:
    (folder / "odd.txt").write_bytes(front("2024-08-19", sentence + "\n"))
    lines, out = build(cli, folder)
    warning = [line for line in lines if line.startswith("  WARNING: odd.txt: the area figure")]
    assert len(warning) == 1 and warning[0].endswith(f"{why}; it is listed but not drawn.")
    with open(out / "claims.csv", encoding="utf-8") as fh:
        odd = [r for r in csv.DictReader(fh) if r["source"] == "odd.txt"]
    # the claim is kept, with its quote and why it is not drawn, and has no area
    assert [(r["kind"], r["area_km2"], r["figure_problem"].startswith(why[3:12]), r["quote"])
            for r in odd] == [("area", "", True, sentence)]
    drawn = [f["properties"]["date"]
             for f in strict_json((out / "timeline.geojson").read_text())["features"]]
    assert "2024-08-18" not in drawn
    assert_good(out)


def test_export_writes_null_for_non_finite_numbers(tmp_path: Path) -> None:
    from dataclasses import replace

    from geo.export import write_outputs

    from sample_data import sample_timeline

    tl = sample_timeline()
    bad = replace(tl, polygons=(replace(tl.polygons[0], target_km2=float("inf"),
                                        area_sq_mi=float("nan")),) + tl.polygons[1:])
    write_outputs(bad, tmp_path)
    props = strict_json((tmp_path / "timeline.geojson").read_text())["features"][0]["properties"]
    assert (props["target_km2"], props["area_sq_mi"], props["area_km2"]) == (None, None, 1295.0)


# --- spreadsheets and images -------------------------------------------------------

def test_spreadsheet_cells_never_start_a_formula(cli, folder: Path) -> None:
    (folder / "=HYPERLINK(1).txt").write_bytes(front("2024-08-23", "@channel: Ukrainian "
                                                     "troops captured Korenevo on 22 August "
                                                     "2024, officials said.\n"))
    lines, out = build(cli, folder)
    with open(out / "claims.csv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["source"] == "'=HYPERLINK(1).txt"]
    assert [(r["kind"], r["place"], r["quote"][:20]) for r in rows] == [
        ("event", "Korenevo", "'@channel: Ukrainian")]
    for name in ("claims.csv", "places.csv"):
        cells = [c for row in csv.reader(open(out / name, encoding="utf-8")) for c in row]
        assert not [c for c in cells if c[:1] in settings.CSV_FORMULA_PREFIXES], name
    assert_good(out)


def test_dashboard_zip_cells_never_start_a_formula() -> None:
    from dataclasses import replace

    from dashboard.loading import export_zip
    from sample_data import sample_timeline

    tl = sample_timeline()
    tl = replace(tl, claims=tuple(replace(c, claimant="=cmd|'/c calc'!A1", quote="+1 dial")
                                  for c in tl.claims))
    z = zipfile.ZipFile(io.BytesIO(export_zip(tl)))
    claims = list(csv.DictReader(io.StringIO(z.read("claims.csv").decode("utf-8"))))
    assert {(r["claimant"], r["quote"]) for r in claims} == {("'=cmd|'/c calc'!A1", "'+1 dial")}


def test_dollar_signs_are_drawn_as_text(cli, folder: Path) -> None:
    (folder / "money.txt").write_bytes(
        front("2024-08-24", "Ukrainian forces controlled about 1,100 square kilometres of the "
                            "Kursk region on 23 August 2024.\n",
              extra="outlet: '$\\undefinedmacro$ cost $5bn, not $2bn'\n"))
    out = folder.parent / "out"
    rc, lines, err = cli("render", str(folder), "--format", "svg", "--out", str(out / "m.svg"))
    assert (rc, err) == (0, "")
    svg = (out / "m.svg").read_text(encoding="utf-8")
    assert "$\\undefinedmacro$ cost $5bn, not $2bn" in svg
    rc, lines, err = cli("render", str(folder), "--out", str(out / "m.png"))
    assert (rc, err) == (0, "")


# --- decoding ----------------------------------------------------------------------

def test_truncated_utf8_character_stays_utf8(folder: Path) -> None:
    from geo.ingest import read_path

    text = "Украинские войска вошли в Суджу 16 августа 2024 года, заявили военные. " * 5
    data = text.encode("utf-8")[:-1] + b"\xd0"
    (folder / "ru.txt").write_bytes(data)
    res = read_path(folder)
    (ru,) = [a for a in res.articles if a.path == "ru.txt"]
    assert ru.text.startswith("Украинские войска вошли в Суджу")
    assert ru.text.endswith("заявили военные.\ufffd")
    msgs = [p.message for p in res.problems if p.path == "ru.txt"]
    assert (f"ru.txt: 1 byte is not valid UTF-8 (the first at byte {len(data) - 1:,}); read as "
            "UTF-8 with \ufffd in its place.") in msgs
    assert [a.path for a in res.articles if a.path == "good.txt"] == ["good.txt"]


def test_cp1252_file_is_still_detected_not_read_as_broken_utf8() -> None:
    from geo.ingest import decode

    text, problem = decode("The minister’s office said troops left the town.".encode("cp1252"),
                           "w.txt")
    assert text == "The minister’s office said troops left the town."
    assert problem.message.startswith("w.txt is not UTF-8; decoded as ")


def test_utf16_without_bom_is_recognised(cli, folder: Path) -> None:
    (folder / "u16.txt").write_bytes(front("2024-08-17").decode().encode("utf-16-le"))
    lines, out = build(cli, folder)
    assert ("  WARNING: u16.txt is not UTF-8; decoded as UTF-16 little-endian (no byte-order "
            "mark). Check that accents and quotes read correctly.") in lines
    assert claims_of(out, "u16.txt") == {("event", "2024-08-16", "Korenevo")}
    assert_good(out)


def test_random_binary_with_nul_bytes_is_still_binary() -> None:
    import random

    from geo.ingest import decode

    rnd = random.Random(3)
    data = bytes(rnd.randrange(256) for _ in range(4000))
    assert b"\x00" in data
    text, problem = decode(data, "noise.txt")
    assert text is None and problem.message.startswith("noise.txt looks binary")


# --- the network ---------------------------------------------------------------------

class DeadNetwork:
    """geopy's shape, failing at once as with no route to the host."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def geocode(self, query: str, **kwargs: object) -> None:
        from geopy.exc import GeocoderUnavailable

        self.calls.append(query)
        raise GeocoderUnavailable("no route to host")


def test_online_geocoder_stops_after_failures_and_says_so(folder: Path, tmp_path: Path) -> None:
    from geo.gazetteer import load_gazetteer
    from geo.geocode import ChainGeocoder, GazetteerGeocoder, NominatimGeocoder
    from geo.pipeline import build as build_atlas

    names = ["Zzyzxovka", "Qwertyevo", "Plumbovka", "Gribnoye Pole", "Sinevka Dalnyaya"]
    (folder / "far.txt").write_bytes(front("2024-08-23", "".join(
        f"Fighting was reported near {n} in the Kursk region on 21 August 2024, residents "
        "said.\n\n"
        for n in names)))
    dead = DeadNetwork()
    nominatim = NominatimGeocoder(client=dead, cache_path=tmp_path / "c.json", min_delay_s=0)
    gazetteer = GazetteerGeocoder(load_gazetteer(shipped()))
    atlas = build_atlas(folder, shipped(), geocoder=ChainGeocoder((gazetteer, nominatim)))
    tl = atlas.timeline("kursk")
    assert len(dead.calls) == settings.NOMINATIM_MAX_CONSECUTIVE_FAILURES
    notes = [p.message for p in tl.problems if p.path == "(online geocoder)"]
    assert notes == ["5 names could not be looked up online: no network. They stay "
                     "unresolved; the next run asks again."]
    assert sorted(p.name for p in tl.places if p.resolution is None) == sorted(names)
    assert not (tmp_path / "c.json").exists()
    assert {(c.kind, c.area_km2 or c.place) for c in tl.claims if c.source == "good.txt"} \
        == {("area", 1000.0), ("event", "Sudzha")}


def test_cli_online_without_network_says_so(folder: Path, tmp_path: Path) -> None:
    (folder / "far.txt").write_bytes(front("2024-08-23", "Fighting was reported near Zzyzxovka "
                                           "and Qwertyevo in the Kursk region on 21 August "
                                           "2024, residents said.\n"))
    env = {**os.environ, "HOME": str(tmp_path), "HTTPS_PROXY": "http://127.0.0.1:9",
           "HTTP_PROXY": "http://127.0.0.1:9", "no_proxy": ""}
    proc = subprocess.run([sys.executable, "-m", "geo", "build", str(folder), "--out",
                           str(tmp_path / "out"), "--online"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert ("  WARNING: 2 names could not be looked up online: no network. They stay "
            "unresolved; the next run asks again.") in proc.stdout.splitlines()
    assert claims_of(tmp_path / "out") >= GOOD_CLAIMS
    # how long the give-up takes (two names, not a minute per name): bench_hostile.py


# --- the dashboard -------------------------------------------------------------------

@pytest.fixture()
def folder_app(monkeypatch: pytest.MonkeyPatch, folder: Path):
    """Run the dashboard on ``folder`` (the real pipeline) with the map reported drawn."""
    from dashboard import state as S
    from dashboard.component import widget_key

    monkeypatch.setenv("FRONTLINE_SOURCE", str(folder))
    monkeypatch.delenv("FRONTLINE_BOUNDARIES", raising=False)

    def run(tab: str | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=120)
        at.run()
        if S.MAP_TOKEN in at.session_state:
            at.session_state[widget_key(at.session_state[S.MAP_TOKEN])] = {
                "date": at.session_state[S.SELECTED], "n": 0, "ready": True}
            at.run()
        if tab:
            at.session_state["panel_tab"] = tab
            at.run()
        assert not at.exception
        return at
    return run


def shown(markdown: str) -> str:
    """The text a Markdown element shows, for text written through ``md_escape``."""
    return re.sub(r"\\(.)", r"\1", markdown)


def test_dashboard_survives_articles_with_and_without_links(folder_app, folder: Path) -> None:
    (folder / "b.txt").write_bytes(front("2024-08-25", "Russian troops retook Korenevo on 23 "
                                         "August 2024, the ministry said.\n",
                                         extra="url: https://example.org/b\n"))
    from dashboard.views import missing

    at = folder_app()  # the Events tab: one event with a link, one without
    assert [e.value for e in at.error] == []
    assert at.metric[0].value == "1,000 km²"
    linked = [m.value for m in at.main.markdown if "](https://example.org/b)" in m.value]
    assert len(linked) == 1 and "Korenevo" in linked[0] and linked[0].endswith(
        " · [open](https://example.org/b) · [Show on map](#fm-date=2024-08-23)")
    at.session_state["panel_tab"] = "Sources"
    at.run()
    assert not at.exception
    frame = at.dataframe[0].value
    links = dict(zip(frame["file"], frame["link"]))
    assert links["b.txt"] == "https://example.org/b" and missing(links["good.txt"])


def bad_date(d: Path) -> None:
    (d / "bad.txt").write_bytes(front("2024-02-30"))


def laughs(d: Path) -> None:
    (d / "laughs.md").write_bytes(billion_laughs())


def pipe(d: Path) -> None:
    os.mkfifo(d / "pipe.txt")


def zero_link(d: Path) -> None:
    os.symlink("/dev/zero", d / "zero.txt")


def deep_sidecar(d: Path) -> None:
    (d / "bad.txt").write_bytes(BODY.encode())
    sidecar_deep(d)


def bad_name(d: Path) -> None:
    with open(os.fsencode(d) + b"/bad\xff.txt", "wb") as fh:
        fh.write(front("2024-08-17"))


@pytest.mark.parametrize("make,severity,message", [
    (bad_date, "warning", "**bad.txt**: front matter published value '2024-02-30' is "
                          "not a valid date (day is out of range for month); ignored."),
    (laughs, "warning", "**laughs.md**: front matter uses YAML anchors or aliases "
                        "(&name, *name), which are not accepted; metadata ignored."),
    (pipe, "error", "**pipe.txt** is not a regular file (a named pipe); only "
                    "regular files are read."),
    (zero_link, "error", "**zero.txt** is a link to a file outside the folder; "
                         "links out of the folder are not followed."),
    (deep_sidecar, "warning", "**bad.meta.json**: the sidecar is nested 30,000 "
                              "levels deep (at most 4); metadata for bad.txt ignored."),
    (bad_name, "warning", "**bad\ufffd.txt**: the file name is not valid "
                          "UTF-8; it is shown with \ufffd in place of the bad bytes."),
])
def test_dashboard_keeps_the_folder_when_one_file_is_bad(folder_app, folder: Path, make,
                                                         severity: str, message: str) -> None:
    make(folder)
    at = folder_app("Sources")
    assert at.metric[0].value == "1,000 km²"
    boxes = at.main.error if severity == "error" else at.main.warning
    assert message in [shown(b.value) for b in boxes]
    files = list(at.dataframe[0].value["file"])
    assert "good.txt" in files


def test_dashboard_daily_estimates_with_a_year_9999_date(folder_app, folder: Path) -> None:
    (folder / "far.txt").write_bytes(front("9999-12-30", "Ukrainian forces held about 800 "
                                           "square kilometres of the Kursk region on Monday, "
                                           "analysts said.\n"))
    from dashboard.component import COMPONENT_ROOT

    at = folder_app()
    at.sidebar.toggle(key="every_day").set_value(True).run()
    assert not at.exception
    assert at.session_state["selected_date"] == "2024-08-20"
    assert [shown(w.value) for w in at.main.warning] == []
    page = (COMPONENT_ROOT / at.session_state["map_token"] / "map.html").read_text("utf-8")
    dates = re.findall(r"\d{4}-\d{2}-\d{2}", re.search(r'"dates":\[([^\]]*)\]', page)[1])
    assert dates == [f"2024-08-{d}" for d in range(15, 21)]


def test_dashboard_says_why_daily_estimates_were_not_drawn(
        folder_app, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "EVERY_DAY_MAX_DAYS", 30)
    (folder / "later.txt").write_bytes(front("2024-10-02", "Ukrainian forces held about 900 "
                                             "square kilometres of the Kursk region on 1 "
                                             "October 2024, analysts said.\n"))
    at = folder_app()
    at.sidebar.toggle(key="every_day").set_value(True).run()
    assert not at.exception
    assert [shown(w.value) for w in at.main.warning][:1] == [
        "Daily estimates were not drawn: the dates run from 2024-08-15 to 2024-10-01, 48 "
        "days, more than the limit of 30 (EVERY_DAY_MAX_DAYS); only the 3 report dates have "
        "polygons. Check the sources' dates."]


def upload(at: AppTest, files=(), pasted: str | None = None) -> AppTest:
    if files:
        at.file_uploader(key="upload_files").set_value(list(files))
    if pasted is not None:
        at.text_area(key="upload_text").set_value(pasted)
    at.form_submit_button[0].click().run()
    assert not at.exception
    return at


def test_upload_rejections_stay_until_dismissed_and_reach_sources(folder_app) -> None:
    at = folder_app()
    upload(at, [("empty.txt", b"  \n", "text/plain"),
                ("huge.txt", b"x" * (settings.DASHBOARD_MAX_UPLOAD_BYTES + 1), "text/plain")],
           pasted="x" * 200_001)
    expected = ["empty.txt: the file is empty.",
                "huge.txt: 2.0 MB is larger than the 2 MB limit; split it or trim it.",
                "The pasted text is 200,001 characters long; at most 200,000 are accepted."]
    for _ in range(2):  # still there after later reruns (a slider move, a widget)
        assert [shown(e.value) for e in at.sidebar.error] == expected
        assert [shown(w.value) for w in at.sidebar.warning] == [
            "Nothing could be read from what was given; the map was not changed."]
        at.run()
    at.session_state["panel_tab"] = "Sources"
    at.run()
    assert [shown(e.value) for e in at.main.error][-3:] == expected
    at.sidebar.button(key="upload_notice_dismiss").click().run()
    assert [e.value for e in at.sidebar.error] == [] and [w.value for w in at.sidebar.warning] == []
    assert at.metric[0].value == "1,000 km²"


def test_rejected_upload_is_never_listed_as_used(folder_app) -> None:
    at = folder_app()
    good = GOOD.replace("1,000", "1,200").replace("20 August", "22 August").encode()
    upload(at, [("good2.txt", good, "text/plain"),
                ("binary.txt", bytes(range(256)) * 20, "text/plain")])
    headline = shown(at.success[0].value)
    assert headline.startswith("Map rebuilt from your articles (good2.txt): ")
    assert "binary.txt" not in headline
    assert [shown(e.value) for e in at.sidebar.error] == [
        "binary.txt looks binary (no text encoding fits); it is not an article."] or [
        shown(e.value) for e in at.sidebar.error][0].startswith("binary.txt looks binary")
    at.run()
    assert shown(at.success[0].value) == headline  # not wiped by the next rerun


def test_bad_date_in_an_upload_shows_in_sources(folder_app) -> None:
    at = folder_app()
    bad = GOOD.replace("published: 2024-08-21", "published: 2024-02-30")
    upload(at, [("dated.md", bad.encode(), "text/markdown")])
    at.session_state["panel_tab"] = "Sources"
    at.run()
    warnings = [shown(w.value) for w in at.main.warning]
    assert ("**dated.md**: front matter published value '2024-02-30' is not a "
            "valid date (day is out of range for month); ignored.") in warnings


def test_upload_names_are_text_not_markdown(folder_app) -> None:
    at = folder_app()
    name = "![x](http://e.example/x.png) :red[big] [l](http://e.example).txt"
    good = GOOD.replace("1,000", "1,200").replace("20 August", "22 August").encode()
    upload(at, [(name, good, "text/plain")])
    headline = at.success[0].value
    assert "\\!\\[x\\]\\(http\\:\\/\\/e\\.example\\/x\\.png\\) \\:red\\[big\\]" in headline
    assert shown(headline).startswith(f"Map rebuilt from your articles ({name}): ")


def test_map_component_folders_are_pruned(tmp_path: Path) -> None:
    from dashboard.component import prune_component_dirs, write_component_dir

    now = time.time()
    for i in range(40):
        d = tmp_path / f"{i:016x}"
        d.mkdir()
        (d / "index.html").write_text("old")
        os.utime(d, (now - 3600 * (40 - i), now - 3600 * (40 - i)))  # i=0 oldest
    stale = tmp_path / "0123456789abcdef"
    stale.mkdir()
    os.utime(stale, (now - 8 * 24 * 3600, now - 8 * 24 * 3600))
    other = tmp_path / "not-a-token"
    other.mkdir()
    os.utime(other, (now - 30 * 24 * 3600, now - 30 * 24 * 3600))
    token, folder = write_component_dir("<html>map</html>", root=tmp_path)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert folder.name == token and token in left
    assert "not-a-token" in left and "0123456789abcdef" not in left
    tokens = [n for n in left if re.fullmatch(r"[0-9a-f]{16}", n)]
    assert len(tokens) == settings.DASHBOARD_COMPONENT_MAX_DIRS
    assert f"{39:016x}" in tokens and f"{0:016x}" not in tokens and f"{8:016x}" not in tokens
    assert prune_component_dirs(tmp_path, keep=folder) == []
