"""The command line on the bundled seeds, end to end, as a user runs it."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Run ``python -m geo build seeds --out OUT`` in a subprocess, offline."""
    out = tmp_path_factory.mktemp("out")
    env = {**os.environ, "no_proxy": "*", "HTTP_PROXY": "http://127.0.0.1:9",
           "HTTPS_PROXY": "http://127.0.0.1:9"}  # any network use would fail loudly
    proc = subprocess.run([sys.executable, "-m", "geo", "build", "seeds", "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return out, proc.stdout, None


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_report_names_sources_claims_places_and_dates_by_front(built):
    _, stdout, _ = built
    assert "Sources read: 2 files, 5 stories (2 about a known front)" in stdout
    assert "== Kursk (kursk): Ukrainian-held ground in Kursk Oblast" in stdout
    assert "  stories: 2; claims: 13 (2 area figures, 11 control events)" in stdout
    assert "  places: 5 resolved, 2 unresolved: Kazachya Loknya, Kurylivka" in stdout
    assert "Kharkiv" not in stdout  # a Kharkiv namesake of Kurylivka is no reason to map it there
    assert "  dates produced: 7" in stdout
    assert "001_bb7958eaf8b5b9f8.txt#3: Sky News, date unknown (unknown) [no front: " in stdout


def test_area_figures_and_dates_from_the_seeds(built):
    out, _, _ = built
    claims = rows(out / "claims.csv")
    areas = {(r["measure"], r["date"][:7] if r["measure"] == "peak" else r["date"],
              round(float(r["area_sq_mi"]))) for r in claims if r["kind"] == "area"}
    assert ("peak", "2024-08", 500) in areas
    assert ("held", "2025-03-16", 30) in areas


def test_sudzha_events_from_the_seeds(built):
    out, _, _ = built
    ev = [r for r in rows(out / "claims.csv") if r["kind"] == "event"]
    sudzha = {(r["side"], r["action"], r["date"]) for r in ev
              if r["place"].lower().startswith("sudzh")}
    assert ("Ukraine", "held", "2024-08") in sudzha
    assert ("Ukraine", "withdrew", "2025-03-10") in sudzha
    assert ("Russia", "captured", "2025-03-13") in sudzha


def test_polygon_areas_match_reported_figures(built):
    out, _, _ = built
    fc = json.loads((out / "timeline.geojson").read_text(encoding="utf-8"))
    props = {f["properties"]["date"]: f["properties"] for f in fc["features"]}
    assert props["2025-03-16"]["area_sq_mi"] == pytest.approx(30, rel=0.02)
    assert props["2025-03-16"]["basis"] == "reported"
    peak = max(p["area_sq_mi"] for p in props.values())
    assert peak == pytest.approx(500, rel=0.02)
    for p in props.values():
        assert {"theater", "date", "side", "area_km2", "area_sq_mi", "claim_ids"} <= set(p)
        assert p["theater"] == "kursk" and p["side"] == "Ukraine" and p["claim_ids"]
    (front,) = fc["properties"]["theaters"]
    assert (front["theater"], front["side"], front["land"], front["regions"]) == (
        "kursk", "Ukraine", "Russia", ["RU-KRS"])


def test_places_csv_lists_resolved_and_unresolved(built):
    out, _, _ = built
    places = rows(out / "places.csv")
    assert {"name", "resolved_name", "lat", "lon", "status"} <= set(places[0])
    sudzha = [p for p in places if p["resolved_name"] == "Sudzha"]
    assert sudzha and abs(float(sudzha[0]["lat"]) - 51.196) < 0.02


def test_unrelated_stories_are_listed_but_never_drawn(built):
    out, _, _ = built
    claims = rows(out / "claims.csv")
    stray = [r for r in claims if r["source_id"].startswith("001_bb7958eaf8b5b9f8.txt#")]
    assert stray and all(r["theater"] == "" for r in stray)
    assert all(r["theater"] == "kursk" for r in claims if r not in stray)
    fc = json.loads((out / "timeline.geojson").read_text(encoding="utf-8"))
    drawn = {cid for f in fc["features"] for cid in f["properties"]["claim_ids"]}
    assert not drawn & {r["claim_id"] for r in stray}
    kursk_places = {p["name"] for p in rows(out / "places.csv") if p["theater"] == "kursk"}
    assert not kursk_places & {"Dunkirk", "Gaza", "Britain", "Eritrea", "Washington DC"}


def test_missing_folder_is_a_one_line_error(capsys, tmp_path):
    assert main(["build", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "no such file or folder" in err and "Traceback" not in err


def test_bad_published_option_is_a_clear_error(capsys, tmp_path):
    assert main(["build", str(REPO / "seeds"), "--out", str(tmp_path),
                 "--published", "x.txt"]) == 2
    assert "FILE=YYYY-MM-DD" in capsys.readouterr().err


def test_empty_folder_exits_2_and_writes_nothing(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    assert main(["build", str(src), "--out", str(tmp_path / "out")]) == 2
    assert "nothing written" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    (src / "readme.pdf").write_bytes(b"%PDF-1.4")  # a folder with no article file
    assert main(["build", str(src), "--out", str(tmp_path / "out")]) == 2
    assert "nothing written" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_published_naming_no_file_is_an_error(tmp_path, capsys):
    assert main(["build", str(REPO / "seeds"), "--out", str(tmp_path / "out"),
                 "--published", "typo.txt=2024-08-10"]) == 2
    err = capsys.readouterr().err
    assert "--published typo.txt=2024-08-10: no file called 'typo.txt'" in err
    assert "nothing written" in err and not (tmp_path / "out").exists()


def test_render_format_comes_from_the_extension_or_must_match_it(tmp_path, capsys):
    out = tmp_path / "x.png"
    assert main(["render", str(REPO / "seeds"), "--format", "svg", "--out", str(out)]) == 2
    assert "--format svg does not match --out" in capsys.readouterr().err
    assert not out.exists()
    assert main(["render", str(REPO / "seeds"), "--out", str(tmp_path / "x.jpg")]) == 2
    assert "name the file .png or .svg" in capsys.readouterr().err
    svg = tmp_path / "map.svg"  # no --format: the extension says SVG
    assert main(["render", str(REPO / "seeds"), "--out", str(svg)]) == 0
    assert svg.read_bytes().lstrip().startswith(b"<?xml")


def test_help_texts_are_plain_and_document_every_render_option(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    top = " ".join(capsys.readouterr().out.split())
    assert "``" not in top and "control polygons" in top
    with pytest.raises(SystemExit):
        main(["render", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "``" not in text
    assert "297x210 mm" in text and "from the --out extension" in text
    assert "doubles the pixels" in text


def test_folder_of_bad_files_reports_each_and_does_not_crash(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_text("")
    (src / "blob.txt").write_bytes(bytes(range(256)) * 10)
    (src / "notes.pdf").write_bytes(b"%PDF-1.4")
    assert main(["build", str(src), "--out", str(tmp_path / "out")]) == 2
    captured = capsys.readouterr()
    assert "ERROR: empty.txt is empty: nothing to read." in captured.out
    assert "blob.txt" in captured.out and "notes.pdf" in captured.out
    assert "no article could be read (see the problems above); nothing written" in captured.err
    assert not (tmp_path / "out").exists()


def test_render_writes_a_png_of_the_named_size_and_prints_alt_text(tmp_path, capsys):
    out = tmp_path / "map.png"
    assert main(["render", str(REPO / "seeds"), "--date", "2025-03-16", "--size", "1:1",
                 "--format", "png", "--scale", "2", "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 2160  # 1080 px at 2x
    printed = capsys.readouterr().out
    assert "Alt text: Map of Kursk Oblast, 16 March 2025" in printed
    assert "30 sq mi" in printed


def test_render_compare_svg_and_a_date_before_the_timeline(tmp_path, capsys):
    out = tmp_path / "cmp.svg"
    assert main(["render", str(REPO / "seeds"), "--date", "2025-03-16", "--compare",
                 "2024-08-16", "--format", "svg", "--out", str(out)]) == 0
    svg = out.read_text(encoding="utf-8")
    assert "<title>" in svg and "comparing 16 August 2024 and 16 March 2025" in svg
    assert main(["render", str(REPO / "seeds"), "--date", "2023-01-01",
                 "--out", str(tmp_path / "x.png")]) == 2
    assert "before the timeline" in capsys.readouterr().err


def test_html_writes_a_self_contained_page_and_an_iframe_snippet(tmp_path, capsys):
    out = tmp_path / "map.html"
    assert main(["html", str(REPO / "seeds"), "--date", "2025-03-10",
                 "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    # nothing is loaded from outside (links in the credits are only links)
    assert not re.search(r'src="(https?:)?//|<link[^>]+href="(https?:)?//', page)
    assert "2025-03-10" in page
    printed = capsys.readouterr().out
    assert "Embed: <iframe" in printed and "Alt text:" in printed


def test_figures_from_selects_whose_area_figures_are_used(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.md").write_text(
        "---\ntitle: Test\noutlet: Test Wire\npublished: 2025-02-03\n---\n"
        "Ukrainian troops held about 400 square kilometres of the Kursk region on Saturday, "
        "according to analysts at the Institute for the Study of War.\n"
        "Russia's Defence Ministry said on Saturday that Ukrainian forces held only 150 "
        "square kilometres of the Kursk region.\n", encoding="utf-8")
    assert main(["build", str(src), "--out", str(tmp_path / "all")]) == 0
    assert main(["build", str(src), "--out", str(tmp_path / "mil"),
                 "--figures-from", "military"]) == 0
    areas = {}
    for name in ("all", "mil"):
        fc = json.loads((tmp_path / name / "timeline.geojson").read_text(encoding="utf-8"))
        areas[name] = [round(f["properties"]["area_km2"]) for f in fc["features"]]
    assert areas["all"] == [pytest.approx(400, rel=0.02)]  # analysts preferred
    assert areas["mil"] == [pytest.approx(150, rel=0.02)]
    capsys.readouterr()
    assert main(["build", str(src), "--out", str(tmp_path / "x"),
                 "--figures-from", "astrologer"]) == 2
    assert "unknown claimant type astrologer" in capsys.readouterr().err


def test_report_handles_figures_without_km2_and_internal_errors_are_one_line(tmp_path, capsys,
                                                                             monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    (src / "share.md").write_text(
        "---\npublished: 2024-11-20\n---\n"
        "Ukraine has lost about a third of the land it seized in the Kursk region, an "
        "official said on Tuesday.\n", encoding="utf-8")
    assert main(["build", str(src), "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert "area  33.3 %, change, Ukraine, 2024-11-19 (day)" in out  # a share: no km²
    assert "Kursk: no dated area figure for Ukraine-held ground" in out
    assert "dates produced: 0" in out

    def boom(*a, **k):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("geo.pipeline.build", boom)
    assert main(["build", str(src), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "internal error (RuntimeError: simulated bug)" in err and "--debug" in err
    with pytest.raises(RuntimeError):
        main(["--debug", "build", str(src), "--out", str(tmp_path / "o")])


# --- user errors are one line and status 2; a bug is "internal error"; a closed pipe is quiet ---
def _bad_overrides(tmp_path: Path) -> str:
    path = tmp_path / "overrides.csv"
    path.write_text("name,lat,lon,kind,note\nSudzha,51.2,35.27,settlement,\n"
                    "Typoville,51.3,3S.1,settlement,a typo in the longitude\n", encoding="utf-8")
    return str(path)


def _latin1_overrides(tmp_path: Path) -> str:
    path = tmp_path / "latin1.csv"
    path.write_bytes("name,lat,lon,kind,note\nK\xf6nigsberg,54.7,20.5,city,\n".encode("latin-1"))
    return str(path)


def _broken_pack(tmp_path: Path) -> str:
    pack = tmp_path / "mypack"
    pack.mkdir()
    (pack / "theater.toml").write_text("[theater\nslug = 'x'\n", encoding="utf-8")
    return str(pack)


def _a_file(tmp_path: Path) -> str:
    path = tmp_path / "taken"
    path.write_text("not a folder")
    return str(path)


@pytest.mark.parametrize("argv,message", [
    (["build", "SEEDS", "--out", "TMP/o", "--overrides", "BAD_OVERRIDES"],
     r"error: TMP/overrides.csv: line 3: lat/lon of 'Typoville' are not numbers"),
    (["build", "SEEDS", "--out", "TMP/o", "--overrides", "TMP/missing.csv"],
     r"error: --overrides TMP/missing.csv: no such file"),
    (["build", "SEEDS", "--out", "TMP/o", "--overrides", "TMP"],
     r"error: TMP: cannot be read \(Is a directory\)"),
    (["build", "SEEDS", "--out", "TMP/o", "--overrides", "LATIN1"],
     r"error: TMP/latin1.csv: not UTF-8 text"),
    (["build", "SEEDS", "--out", "TMP/o", "--packs", "BROKEN_PACK"],
     r"error: TMP/mypack/theater.toml: malformed TOML"),
    (["build", "SEEDS", "--out", "A_FILE"], r"error: TMP/taken: cannot write there"),
    (["render", "SEEDS", "--out", "TMP", "--format", "png"],
     r"error: TMP: cannot write there \(Is a directory\)"),
    (["html", "SEEDS", "--out", "TMP/m.html", "--date", "2023-01-01"],
     r"error: 2023-01-01 is before the timeline's first date \(2024-08-16\)"),
    (["html", "SEEDS", "--out", "TMP"], r"error: could not write the map to '.*': Is a directory"),
])
def test_user_errors_are_one_line_and_status_2(tmp_path, capsys, argv, message):
    fill = {"SEEDS": str(REPO / "seeds"), "BAD_OVERRIDES": _bad_overrides, "A_FILE": _a_file,
            "LATIN1": _latin1_overrides, "BROKEN_PACK": _broken_pack}
    args = []
    for a in argv:
        value = fill.get(a, a)
        args.append(value(tmp_path) if callable(value) else value.replace("TMP", str(tmp_path)))
    assert main(args) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert re.fullmatch(message.replace("TMP", re.escape(str(tmp_path))) + r".*\n", err), err
    assert "internal error" not in err and "Traceback" not in err


@pytest.mark.parametrize("command,written", [("build", "o/timeline.geojson"),
                                              ("render", "o.png")])
def test_output_closed_by_the_reader_ends_quietly(tmp_path, command, written):
    """``python -m geo build ... | head``: no 'internal error', no traceback, status 0,
    and the files are written all the same."""
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before anything is written
    try:
        proc = subprocess.run([sys.executable, "-m", "geo", command, "seeds", "--out",
                               str(tmp_path / written.split("/")[0])], cwd=REPO, stdout=writer,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(writer)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert (tmp_path / written).stat().st_size > 0


_JUMP = ("On 1 September 2024, Ukrainian troops held about 400 square kilometres of the Kursk "
         "region around Sudzha, analysts at a monitoring group said.\n\n"
         "On 5 September 2024, analysts at a monitoring group said Ukrainian troops held 4,000 "
         "square kilometres of the Kursk region.\n\n"
         "On 9 September 2024, Ukrainian troops held about 380 square kilometres of the Kursk "
         "region, analysts at a monitoring group said.\n")


def _drawn(out: Path) -> list[tuple[str, float, str]]:
    features = json.loads((out / "timeline.geojson").read_text(encoding="utf-8"))["features"]
    return [(f["properties"]["date"], f["properties"]["target_km2"], f["properties"]["basis"])
            for f in features]


def test_outliers_are_reported_and_the_user_keeps_or_drops_figures(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "jump.txt").write_text(_JUMP, encoding="utf-8")
    (src / "jump.meta.json").write_text('{"published": "2024-09-10"}', encoding="utf-8")
    assert main(["build", str(src), "--out", str(tmp_path / "a")]) == 0
    report = capsys.readouterr().out
    assert ("    2024-09-05   4000.0 km²  not drawn: 4,000 km² jumps from 400 km² (1 September "
            "2024) and back to 380 km² (9 September 2024) with no capture or withdrawal "
            "reported between [jump.txt:area:144]") in report
    assert _drawn(tmp_path / "a") == [("2024-09-01", 400.0, "reported"),
                                      ("2024-09-09", 380.0, "reported")]
    with (tmp_path / "a" / "figures.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["date"], r["km2"], r["drawn"]) for r in rows] == [
        ("2024-09-01", "400.0", "True"), ("2024-09-05", "4000.0", "False"),
        ("2024-09-09", "380.0", "True")]
    assert main(["build", str(src), "--out", str(tmp_path / "b"),
                 "--keep-figure", "jump.txt:area:144", "--drop-figure", "jump.txt:area:269"]) == 0
    assert _drawn(tmp_path / "b") == [("2024-09-01", 400.0, "reported"),
                                      ("2024-09-05", 4000.0, "reported")]
    capsys.readouterr()
    assert main(["build", str(src), "--out", str(tmp_path / "c"),
                 "--drop-figure", "nope:area:1"]) == 2
    assert capsys.readouterr().err.startswith("error: --drop-figure nope:area:1: no area figure "
                                              "has this claim id")
    assert not (tmp_path / "c").exists()
