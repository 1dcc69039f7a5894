"""The in-page date panels (issue 10): their payload is defined once
(dashboard/_inpage_payload.py), built with the words of every other surface,
read whole by the page (dashboard/static/date_panels*.js), escaped where it is
markup; and the app in the in-page design sends it once and reruns nothing
on a slider move."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import caption, wording

from dashboard import _inpage_payload as PL
from dashboard import app as app_module
from dashboard import inpage
from dashboard import state as S
from dashboard import views as V
from dashboard.component import panels_page, widget_key, write_panels_dir
from sample_data import XSS_NAME, XSS_QUOTE, sample_timeline

REPO = Path(__file__).resolve().parents[1]
STATIC = REPO / "dashboard" / "static"
CORE_JS = STATIC / "date_panels_core.js"
PAGE_JS = STATIC / "date_panels.js"
APP = str(REPO / "dashboard" / "app.py")


def _fields(td: type) -> set[str]:
    return set(td.__annotations__)


def _node(node: str, script: str, stdin: str = "") -> object:
    prelude = f"const core = require({json.dumps(str(CORE_JS))});\n"
    out = subprocess.run([node, "-e", prelude + script], input=stdin, capture_output=True,
                         text=True, check=True, timeout=60)
    return json.loads(out.stdout)


# --- the payload: one definition, read whole --------------------------------------

def test_typeddicts_and_the_page_schema_name_the_same_fields(node_path) -> None:
    schema = _node(node_path, "console.log(JSON.stringify(core.PANEL_SCHEMA))")
    assert isinstance(schema, dict)
    assert set(schema) == set(PL.SCHEMA)
    for name, td in PL.SCHEMA.items():
        assert set(schema[name]) == _fields(td), name


def test_the_page_reads_every_payload_field() -> None:
    page = PAGE_JS.read_text(encoding="utf-8") + CORE_JS.read_text(encoding="utf-8")
    fields = {f for td in PL.SCHEMA.values() for f in _fields(td)}
    assert len(fields) > 25
    unread = sorted(f for f in fields if not re.search(rf"\.{f}\b", page))
    assert unread == []


def test_the_builder_writes_exactly_the_typeddict_fields(node_path) -> None:
    data = inpage.panel_data(sample_timeline(), "km2")
    assert set(data) == _fields(PL.PanelData)
    assert set(data["chart"]) == _fields(PL.Chart)
    for h in data["headlines"]:
        assert set(h) == _fields(PL.Headline)
        for s in h["sources"]:
            assert set(s) == _fields(PL.Source)
    for e in data["events"]:
        assert set(e) == _fields(PL.Event)
    broken = json.loads(inpage.panel_json(data))
    del broken["events"][0]["quote"]
    script = ("let s = ''; process.stdin.on('data', d => s += d).on('end', () => {"
              " const pages = JSON.parse(s);"
              " console.log(JSON.stringify(pages.map(p => core.checkPayload(p)))); });")
    result = _node(node_path, script, json.dumps([json.loads(inpage.panel_json(data)), broken]))
    assert result == [[], ["Event[0].quote"]]


# --- the content: the words of every other surface ---------------------------------

def test_headlines_use_the_words_of_every_surface() -> None:
    tl = sample_timeline()
    data = inpage.panel_data(tl, "sqmi")
    assert data["dates"] == ["2024-08-20", "2025-03-10", "2025-03-16"]
    for day, h in zip(tl.dates, data["headlines"], strict=True):
        p = tl.polygon_on(day)
        assert p is not None
        assert h["dateText"] == wording.day(day)
        assert h["area"] == wording.polygon_area(p, "sqmi")
        assert h["areaOther"] == wording.polygon_area(p, "km2")
        assert h["basisLabel"] == wording.basis_label(p)
        assert h["basisWhy"] == caption.basis_sentence(tl, p)
    first, second = data["headlines"][0], data["headlines"][1]
    assert (first["area"], first["areaOther"], first["basis"]) == ("500 sq mi", "1,295 km²",
                                                                  "reported")
    assert first["places"] == "2 held" and second["places"] == "1 held, 1 lost"
    assert first["sources"][0]["claimant"] == "Analyst One, Test Institute"
    assert second["basis"] == "interpolated" and second["sources"] == []


def test_events_are_the_same_as_the_server_list_and_keep_hostile_text_as_text() -> None:
    tl = sample_timeline()
    data = inpage.panel_data(tl, "km2", nearest=1)
    assert [e["place"] for e in data["events"]] == [XSS_NAME, "Alphaville"]  # undated last
    hostile = data["events"][0]
    assert hostile["quote"] == XSS_QUOTE and hostile["action"] == "captured (claimed)"
    assert (hostile["start"], hostile["goto"]) == ("2025-03-10", "2025-03-10")
    assert data["events"][1]["goto"] == "" and data["events"][1]["when"] == "undated"
    for k, day in enumerate(tl.dates):  # the nearest few: as the fragment design lists them
        frame = V.events_frame(tl, day, nearest=1)
        assert [data["events"][i]["place"] for i in data["nearest"][k]] == list(frame["place"])
    text = inpage.panel_json(data)
    assert "<" not in text and ">" not in text and "&" not in text  # inert in any context
    assert json.loads(text) == json.loads(json.dumps(data))


def test_the_chart_svg_escapes_every_text_and_places_the_marker_per_date() -> None:
    tl = sample_timeline()
    hostile = dataclasses.replace(tl, claims=tuple(
        dataclasses.replace(c, claimant=XSS_NAME, quote=XSS_QUOTE) if c.kind == "area" else c
        for c in tl.claims))
    data = inpage.panel_data(hostile, "km2")
    svg = data["chart"]["svg"]
    assert svg.startswith("<svg") and svg.count('class="dp-marker"') == 1
    assert "<img" not in svg and "<script" not in svg and "onerror=\"" not in svg
    assert "&lt;script&gt;window.__xss=2&lt;/script&gt;" in svg
    xs = data["chart"]["markerX"]
    assert len(xs) == 3 and xs[0] < xs[1] < xs[2]
    assert "Area held (km²)" in svg
    assert "Area held (sq mi)" in inpage.panel_data(tl, "sqmi")["chart"]["svg"]


def test_the_panels_folder_is_written_once_per_content(tmp_path: Path) -> None:
    text = inpage.panel_json(inpage.panel_data(sample_timeline(), "km2"))
    token, folder = write_panels_dir(text, root=tmp_path)
    assert (folder / "panels.json").read_text(encoding="utf-8") == text
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert page == panels_page() and "DatePanelsCore" in page and "dp-root" in page
    assert write_panels_dir(text, root=tmp_path) == (token, folder)
    assert write_panels_dir(text + " ", root=tmp_path)[0] != token


# --- the app in the in-page design ---------------------------------------------------

def test_designs_are_chosen_by_the_environment() -> None:
    assert app_module.design({}) == "inpage"
    assert app_module.design({"FRONTLINE_DASHBOARD_DESIGN": "fragment"}) == "fragment"
    assert app_module.design({"FRONTLINE_DASHBOARD_DESIGN": "FULL"}) == "full"
    assert app_module.design({"FRONTLINE_DASHBOARD_DESIGN": "nonsense"}) == "inpage"
    assert app_module.design({"FRONTLINE_DASHBOARD_FULL_RERUN": "1"}) == "full"
    assert app_module.design({"FRONTLINE_DASHBOARD_FULL_RERUN": "0"}) == "inpage"


def test_adopt_page_date_follows_a_timeline_date_in_the_url() -> None:
    dates = sample_timeline().dates
    state: dict = {}
    S.ensure_selection(state, dates)
    seq = state[S.COMMAND_SEQ]
    assert S.adopt_page_date(state, dates, "2025-03-10") is True
    assert state[S.SELECTED] == "2025-03-10" and state[S.COMMAND_SEQ] == seq  # no command
    assert S.adopt_page_date(state, dates, "2025-03-10") is False
    assert S.adopt_page_date(state, dates, "2025-03-14") is False  # not a timeline date
    assert S.adopt_page_date(state, dates, "garbage") is False
    assert S.adopt_page_date(state, dates, None) is False
    assert state[S.SELECTED] == "2025-03-10"


@pytest.fixture()
def inpage_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTLINE_SOURCE", "sample_data:sample_timeline")
    monkeypatch.delenv("FRONTLINE_DASHBOARD_DESIGN", raising=False)
    monkeypatch.delenv("FRONTLINE_DASHBOARD_FULL_RERUN", raising=False)


def _components(at: AppTest) -> dict[str, dict]:
    out = {}
    for e in at.get("component_instance"):
        args = json.loads(e.proto.json_args)
        name = e.proto.component_name.rsplit(".", 1)[-1]
        out[args.get("part") or name.rsplit("_", 1)[0]] = args
    return out


def _drawn(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    at.session_state[widget_key(at.session_state[S.MAP_TOKEN])] = {
        "date": at.session_state[S.SELECTED], "n": 0, "ready": True}
    at.run()
    return at


def test_inpage_app_sends_the_panels_once_and_asks_no_report_per_move(inpage_env) -> None:
    at = _drawn({"date": "2025-03-14"})
    assert not at.exception
    parts = _components(at)
    assert set(parts) == {"frontline_map", "summary", "events"}
    assert parts["frontline_map"]["report"] is False  # a slider move reruns nothing
    assert parts["summary"]["date"] == "2025-03-10"
    assert parts["summary"]["mapName"].startswith("frontline_map_")
    assert parts["summary"]["moved"] == {
        "shown": "2025-03-10",
        "text": "No estimate for 14 Mar 2025; showing 10 Mar 2025, the nearest earlier "
                "date with one."}
    assert len(at.metric) == 0 and len(at.get("vega_lite_chart")) == 0
    assert [t.label for t in at.tabs] == ["Events", "Sources", "Method", "Downloads & embed"]
    assert at.query_params["date"] == "2025-03-10"


def test_inpage_downloads_tab_makes_the_map_report_its_date(inpage_env) -> None:
    at = _drawn()
    at.session_state["panel_tab"] = "Downloads & embed"
    at.run()
    parts = _components(at)
    assert parts["frontline_map"]["report"] is True and "events" not in parts
    key = widget_key(at.session_state[S.MAP_TOKEN])
    at.session_state[key] = {"date": "2024-08-20", "n": 1}
    at.run()
    assert at.session_state[S.SELECTED] == "2024-08-20"
    assert any("Downloads for 20 August 2024" in m.value for m in at.markdown)
    assert at.query_params["date"] == "2024-08-20"


def test_inpage_next_run_follows_the_date_the_page_wrote_in_the_url(inpage_env) -> None:
    """A slider move reaches the server only through the page's URL (the panels
    write ``?date=``): the next run, whatever causes it, selects that date."""
    at = _drawn()
    assert at.session_state[S.SELECTED] == "2025-03-16"
    seq = at.session_state[S.COMMAND_SEQ]
    at.context["url"] = "http://127.0.0.1:8501/?date=2024-08-20&units=km2"
    at.session_state["panel_tab"] = "Downloads & embed"  # e.g. the user opens this tab
    at.run()
    assert not at.exception
    assert at.session_state[S.SELECTED] == "2024-08-20"
    assert at.session_state[S.COMMAND_SEQ] == seq  # the map is already there: no command
    assert any("Downloads for 20 August 2024" in m.value for m in at.markdown)
    assert at.query_params["date"] == "2024-08-20"
    at.context["url"] = "http://127.0.0.1:8501/?date=2031-01-01"  # not a timeline date
    at.run()
    assert at.session_state[S.SELECTED] == "2024-08-20"
