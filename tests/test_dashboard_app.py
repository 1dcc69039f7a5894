"""Dashboard widget logic with Streamlit's AppTest, plus its pure helpers.

The app reads the synthetic timeline of ``tests/sample_data.py`` (through the
``FRONTLINE_SOURCE`` factory hook), so these tests
do not depend on the pipeline's extraction. The sample's dates and areas:
2024-08-20 1,295 km² (500 sq mi), 2025-03-10 400 km², 2025-03-16 77.7 km².
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.settings import (
    DASHBOARD_MAP_HEIGHT_PX,
    DASHBOARD_MAX_UPLOAD_BYTES,
    DASHBOARD_MAX_UPLOAD_FILES,
    DASHBOARD_REPORT_DEBOUNCE_MS,
)

from dashboard import component as component_module
from dashboard import state as S
from dashboard import views as V
from dashboard.component import content_token, widget_key, wrapper_page, write_component_dir
from dashboard.loading import (
    DashboardError,
    Upload,
    pasted_upload,
    resolve_source,
    validate_uploads,
)
from sample_data import XSS_NAME, XSS_QUOTE, sample_timeline

APP = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
D1, D2, D3 = dt.date(2024, 8, 20), dt.date(2025, 3, 10), dt.date(2025, 3, 16)


@pytest.fixture(autouse=True)
def fragment_design(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fragment design: its panels are Streamlit elements (metrics, Markdown,
    the Vega chart) that AppTest can read. The in-page design (the default) draws
    them in the browser: tests/test_inpage.py and tests/test_dashboard_browser.py."""
    monkeypatch.setenv("FRONTLINE_DASHBOARD_DESIGN", "fragment")


@pytest.fixture()
def sample_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTLINE_SOURCE", "sample_data:sample_timeline")


def _app(query: dict[str, str] | None = None, *, embed: bool = False,
         map_drawn: bool = True) -> AppTest:
    """Run the app; with ``map_drawn`` also deliver the map's first report, as
    the browser's bridge does once the map is on screen."""
    at = AppTest.from_file(APP, default_timeout=60)
    if embed:  # what the browser reports for ?embed=true
        at.context["is_embedded"] = True
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    if map_drawn and S.MAP_TOKEN in at.session_state:
        at.session_state[_map_key(at)] = {"date": at.session_state[S.SELECTED], "n": 0,
                                          "ready": True}
        at.run()
    return at


def _map_key(at: AppTest) -> str:
    return widget_key(at.session_state[S.MAP_TOKEN])


def _unescape(markdown: str) -> str:
    """Text shown for Markdown written through ``views.md_escape``."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _area_metric(at: AppTest) -> str:
    return at.metric[0].value


# --- AppTest: the app ---------------------------------------------------------

def test_app_opens_on_latest_date_and_writes_permalink(sample_env: None) -> None:
    at = _app()
    assert not at.exception
    assert _area_metric(at) == "78 km²"
    assert at.metric[1].value == "reported"
    assert at.session_state[S.SELECTED] == "2025-03-16"
    assert at.query_params["date"] == "2025-03-16"
    assert "units" not in at.query_params
    assert "figures" not in at.query_params  # all figures: the default
    # whose figures: all chosen; a ready-made timeline cannot be rebuilt
    pills = at.sidebar.pills(key=S.FIGURES)
    assert pills.value == ["analyst"] and pills.options == ["analysts · 2"]
    assert pills.disabled
    assert [t.label for t in at.tabs] == ["Events", "Sources", "Method", "Downloads & embed"]


def test_url_date_is_honoured(sample_env: None) -> None:
    at = _app({"date": "2025-03-10"})
    assert _area_metric(at) == "400 km²"
    assert at.metric[1].value == "interpolated"
    assert at.session_state[S.SELECTED] == "2025-03-10"
    # the map is told to open on that date
    assert at.session_state[S.COMMAND_DATE] == "2025-03-10"


def test_url_date_between_timeline_dates_snaps_back(sample_env: None) -> None:
    at = _app({"date": "2025-03-14"})
    assert at.session_state[S.SELECTED] == "2025-03-10"
    assert at.query_params["date"] == "2025-03-10"


def test_malformed_url_date_falls_back_to_latest(sample_env: None) -> None:
    at = _app({"date": "14/03/2025<script>"})
    assert not at.exception
    assert at.session_state[S.SELECTED] == "2025-03-16"


def test_url_units_in_square_miles(sample_env: None) -> None:
    at = _app({"units": "sqmi", "date": "2024-08-20"})
    assert _area_metric(at) == "500 sq mi"
    assert at.query_params["units"] == "sqmi"


def test_units_toggle_changes_area_and_url(sample_env: None) -> None:
    at = _app({"date": "2025-03-10"})
    at.segmented_control(key=S.UNITS).set_value("sqmi").run()
    assert _area_metric(at) == "154 sq mi"  # 400 km² / 2.59
    assert at.query_params["units"] == "sqmi"


def test_map_slider_report_changes_area_shown(sample_env: None) -> None:
    """The map component reporting a date (a slider move) moves every panel."""
    at = _app()
    key = _map_key(at)
    seq_before = at.session_state[S.COMMAND_SEQ]
    at.session_state[key] = {"date": "2024-08-20", "n": 1}
    at.run()
    assert _area_metric(at) == "1,295 km²"
    assert at.session_state[S.SELECTED] == "2024-08-20"
    assert at.query_params["date"] == "2024-08-20"
    # a report from the map is not echoed back to it as a command
    assert at.session_state[S.COMMAND_SEQ] == seq_before
    # the next report (a return to the latest date) is followed too
    at.session_state[key] = {"date": "2025-03-16", "n": 2}
    at.run()
    assert _area_metric(at) == "78 km²"


def test_same_report_on_rerun_does_not_override_a_click(sample_env: None) -> None:
    at = _app()
    key = _map_key(at)
    at.session_state[key] = {"date": "2024-08-20", "n": 1}
    at.run()
    S.request_move(at.session_state, sample_timeline().dates, D2)  # events-list click
    at.run()
    assert _area_metric(at) == "400 km²"
    assert at.session_state[S.COMMAND_DATE] == "2025-03-10"


def test_events_list_links_move_the_map_in_the_page(sample_env: None) -> None:
    """Each dated event has a "Show on map" link (#fm-date=ISO) that the map's
    bridge handles in the page (tests/test_dashboard_browser.py clicks one); the
    list is one Markdown element, so a slider move re-sends one element, not five
    per event."""
    at = _app({"date": "2024-08-20"})
    lists = [m.value for m in at.markdown if "Show on map" in m.value]
    assert len(lists) == 1
    assert lists[0].count("](#fm-date=") == 1  # one dated event in the sample
    assert "](#fm-date=2025-03-10)" in lists[0]
    # the hostile place name and quote are shown as escaped text
    assert re.search(r"(?<!\\)[<>]", lists[0]) is None  # every angle bracket escaped
    assert "\\<img" in lists[0] and "\\<script\\>" in lists[0]
    at.toggle(key="events_all").set_value(True).run()
    rows = next(m.value for m in at.markdown if "Show on map" in m.value)
    assert rows.count("](#fm-date=") == 1 and "undated" in rows  # cannot be shown


def test_request_move_tells_the_map_to_move(sample_env: None) -> None:
    at = _app({"date": "2024-08-20"})
    seq = at.session_state[S.COMMAND_SEQ]
    S.request_move(at.session_state, sample_timeline().dates, D2)
    at.run()
    assert _area_metric(at) == "400 km²"
    assert at.session_state[S.COMMAND_DATE] == "2025-03-10"
    assert at.session_state[S.COMMAND_SEQ] == seq + 1  # the map is told to move


def test_web_basemap_toggle_builds_a_tiled_map(sample_env: None) -> None:
    from dashboard.component import COMPONENT_ROOT

    at = _app()
    offline = at.session_state[S.MAP_TOKEN]
    assert "tile.openstreetmap" not in (COMPONENT_ROOT / offline / "map.html").read_text()
    at.toggle(key="tiles").set_value(True).run()
    online = at.session_state[S.MAP_TOKEN]
    assert online != offline
    page = (COMPONENT_ROOT / online / "map.html").read_text()
    assert "openstreetmap" in page.lower() or "cartocdn" in page.lower()
    assert _area_metric(at) == "78 km²"


# Two made-up reports a week apart (the pipeline reads them like any article).
_DAILY_ARTICLES = {
    "early.txt": ("Kyiv says its troops hold more ground in Kursk\n\n"
                  "KYIV — Ukrainian forces now control about 600 square kilometres of "
                  "Russia's Kursk region, the country's top commander said on Tuesday, as "
                  "fighting continued around the town of Korenevo.\n",
                  "2024-09-03"),
    "later.txt": ("Ukraine's hold in Kursk shrinks\n\n"
                  "Ukrainian troops hold roughly 450 square kilometres of the Kursk region, "
                  "a military analyst told reporters on Tuesday, down from a week earlier.\n",
                  "2024-09-10"),
}


def _map_dates(token: str) -> list[str]:
    from dashboard.component import COMPONENT_ROOT

    page = (COMPONENT_ROOT / token / "map.html").read_text(encoding="utf-8")
    return re.findall(r"\d{4}-\d{2}-\d{2}",
                      re.search(r'"dates":\[([^\]]*)\]', page).group(1))


def test_every_day_toggle_switches_timeline_and_keeps_the_date(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import json

    from geo import pipeline

    for name, (text, published) in _DAILY_ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        (tmp_path / name.replace(".txt", ".meta.json")).write_text(
            json.dumps({"title": text.split("\n")[0], "outlet": "Test Wire",
                        "published": published}), encoding="utf-8")
    monkeypatch.setenv("FRONTLINE_SOURCE", str(tmp_path))
    builds: list[bool] = []
    real = pipeline.build_articles

    def counting(*args, **kwargs):
        builds.append(bool(kwargs.get("every_day")))
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "build_articles", counting)
    at = _app({"date": "2024-09-10"})
    assert not at.exception
    toggle = at.sidebar.toggle(key="every_day")
    assert toggle.label == "Daily estimates (every day)" and not toggle.disabled
    assert builds == [False]  # the default path never builds every day
    reports_token = at.session_state[S.MAP_TOKEN]
    assert _map_dates(reports_token) == ["2024-09-03", "2024-09-10"]
    assert _area_metric(at) == "450 km²"  # the figure the polygon follows, everywhere

    seq = at.session_state[S.COMMAND_SEQ]
    toggle.set_value(True).run()
    assert not at.exception
    assert builds == [False, True]
    daily_token = at.session_state[S.MAP_TOKEN]
    assert daily_token != reports_token
    assert _map_dates(daily_token) == [f"2024-09-{d:02d}" for d in range(3, 11)]
    # the selected date is kept, and the new map is told to open on it
    assert at.session_state[S.SELECTED] == "2024-09-10"
    assert at.session_state[S.COMMAND_DATE] == "2024-09-10"
    assert at.session_state[S.COMMAND_SEQ] == seq + 1
    assert _area_metric(at) == "450 km²"  # the figure, whichever polygon fits it

    # the map reports a day between the two reports: an interpolated estimate
    at.session_state[widget_key(daily_token)] = {"date": "2024-09-06", "n": 1}
    at.run()
    assert at.session_state[S.SELECTED] == "2024-09-06"
    assert at.metric[1].value == "interpolated"
    area = int(_area_metric(at).split()[0].replace(",", ""))
    assert 448 < area < 599

    # back to report dates: snapped to the report on or before, map told so
    at.sidebar.toggle(key="every_day").set_value(False).run()
    assert at.session_state[S.MAP_TOKEN] == reports_token
    assert at.session_state[S.SELECTED] == "2024-09-03"
    assert at.session_state[S.COMMAND_DATE] == "2024-09-03"
    # on again: the every-day timeline comes from the cache
    at.sidebar.toggle(key="every_day").set_value(True).run()
    assert builds == [False, True]
    assert at.session_state[S.MAP_TOKEN] == daily_token
    assert at.session_state[S.SELECTED] == "2024-09-03"


# One made-up report where a warring side and an analyst disagree on the same
# day, plus a government figure that is a weekly change (no held area).
_DISPUTE_ARTICLE = (
    "Rival tallies of the ground held in Kursk\n\n"
    "Ukrainian forces control about 800 square kilometres of Russia's Kursk region, "
    "Ukraine's defence ministry said on Wednesday.\n\n"
    "Ukrainian troops hold roughly 400 square kilometres of the region, a military "
    "analyst at a monitoring group said on Wednesday, citing geolocated footage.\n\n"
    "The Kremlin said on Wednesday that Ukrainian units had lost 150 square kilometres "
    "over the past week.\n")


@pytest.fixture()
def dispute_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list:
    """FRONTLINE_SOURCE = a folder with the disputed report; returns the list of
    ``claimant_types`` the pipeline was built with (None = all figures)."""
    import json

    from geo import pipeline

    (tmp_path / "dispute.txt").write_text(_DISPUTE_ARTICLE, encoding="utf-8")
    (tmp_path / "dispute.meta.json").write_text(json.dumps(
        {"title": "Rival tallies", "outlet": "Test Wire", "published": "2024-10-02"}),
        encoding="utf-8")
    monkeypatch.setenv("FRONTLINE_SOURCE", str(tmp_path))
    builds: list = []
    real = pipeline.build_articles

    def counting(*args, **kwargs):
        types = kwargs.get("claimant_types")
        builds.append(None if types is None else tuple(types))
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "build_articles", counting)
    return builds


def _km2(at: AppTest) -> float:
    value, unit = _area_metric(at).split()
    assert unit == "km²"
    return float(value.replace(",", ""))


def _plain(markdown: str) -> str:
    """Markdown as read on screen (backslash escapes removed)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _warnings(at: AppTest) -> list[str]:
    return [_plain(w.value) for w in at.warning]


def test_figures_choice_switches_whose_area_is_drawn(dispute_env: list) -> None:
    at = _app()
    assert not at.exception
    pills = at.sidebar.pills(key=S.FIGURES)
    assert pills.label == "Area figures from" and not pills.disabled
    assert pills.options == ["analysts · 1", "militaries · 1", "governments · 0"]
    assert pills.value == ["analyst", "military", "government"]  # default: all
    assert dispute_env == [None]  # the default path builds once, with every figure
    assert "figures" not in at.query_params
    all_token = at.session_state[S.MAP_TOKEN]
    assert abs(_km2(at) - 400) < 20  # two figures on one day: the analyst's wins
    assert at.session_state[S.SELECTED] == "2024-10-02"

    pills.set_value(["military"]).run()
    assert not at.exception
    assert dispute_env == [None, ("military",)]
    assert abs(_km2(at) - 800) < 40  # the ministry's figure
    military_token = at.session_state[S.MAP_TOKEN]
    assert military_token != all_token
    assert at.query_params["figures"] == "military"
    assert at.session_state[S.SELECTED] == "2024-10-02"
    assert at.session_state[S.COMMAND_DATE] == "2024-10-02"  # the new map opens there
    assert any("Area figures from militaries only (1 of 2 dated figures)" in _plain(c.value)
               for c in at.caption)
    assert _warnings(at) == []

    # only a weekly change from the government: no dated area figure
    at.sidebar.pills(key=S.FIGURES).set_value(["government"]).run()
    assert not at.exception
    assert dispute_env == [None, ("military",), ("government",)]
    [message] = _warnings(at)
    assert "No dated area figure from governments was found" in message
    assert "still shows the figures from militaries" in message
    assert at.session_state[S.MAP_TOKEN] == military_token  # the previous map stays
    assert abs(_km2(at) - 800) < 40
    assert at.query_params["figures"] == "government"

    # nothing chosen at all: a message too, no pipeline run
    at.sidebar.pills(key=S.FIGURES).set_value([]).run()
    assert "No source of area figures is chosen" in _warnings(at)[0]
    assert at.session_state[S.MAP_TOKEN] == military_token
    assert len(dispute_env) == 3 and "figures" not in at.query_params

    # back to all: the default timeline, nothing rebuilt
    at.sidebar.pills(key=S.FIGURES).set_value(["analyst", "military", "government"]).run()
    assert at.session_state[S.MAP_TOKEN] == all_token and _warnings(at) == []
    assert "figures" not in at.query_params
    # and military again: from the cache
    at.sidebar.pills(key=S.FIGURES).set_value(["military"]).run()
    assert at.session_state[S.MAP_TOKEN] == military_token
    assert len(dispute_env) == 3

    # daily estimates keep the choice of figures
    at.sidebar.toggle(key="every_day").set_value(True).run()
    assert not at.exception
    assert dispute_env[-1] == ("military",) and len(dispute_env) == 4
    assert _map_dates(at.session_state[S.MAP_TOKEN]) == ["2024-10-02"]  # one report day
    assert abs(_km2(at) - 800) < 40


def test_url_figures_are_restored(dispute_env: list) -> None:
    at = _app({"figures": "military", "date": "2024-10-02"})
    assert not at.exception
    assert at.sidebar.pills(key=S.FIGURES).value == ["military"]
    assert abs(_km2(at) - 800) < 40
    assert at.query_params["figures"] == "military"
    assert dispute_env == [None, ("military",)]


def test_url_figures_with_no_figure_show_the_message(dispute_env: list) -> None:
    # an unknown name is ignored; "soldier" gave no figure in these articles
    at = _app({"figures": "soldier,nonsense"})
    assert not at.exception
    [message] = _warnings(at)
    assert "No dated area figure from soldiers" in message
    assert "still shows all area figures" in message
    assert abs(_km2(at) - 400) < 20  # the map of all figures
    pills = at.sidebar.pills(key=S.FIGURES)
    assert pills.value == ["soldier"]
    assert pills.options == ["analysts · 1", "soldiers · 0", "militaries · 1",
                             "governments · 0"]
    assert at.query_params["figures"] == "soldier"
    pills.set_value(["analyst", "soldier"]).run()  # add a source that has one
    assert _warnings(at) == [] and abs(_km2(at) - 400) < 20
    assert at.query_params["figures"] == "analyst,soldier"


def test_figures_state_helpers() -> None:
    state: dict = {}
    options, chosen = S.ensure_figures(state, "k1", ["analyst", "military"], ("outlet",))
    assert options == ["analyst", "outlet", "military"] and chosen == ("outlet",)
    assert S.figure_filter(chosen, ["analyst", "military"]) == ("outlet",)
    # later runs keep the choice and the options
    state[S.FIGURES] = ["military", "analyst"]
    assert S.ensure_figures(state, "k1", ["analyst", "military"]) == (
        ["analyst", "outlet", "military"], ("analyst", "military"))
    assert S.figure_filter(("analyst", "military"), ["analyst", "military"]) is None
    assert S.figure_filter((), ["analyst"]) == ()
    # another timeline: the chosen types it has stay, kinds new to the control join
    # (government was not offered before); none left gives all
    state[S.FIGURES] = ["military"]
    assert S.ensure_figures(state, "k2", ["government", "military"]) == (
        ["military", "government"], ("military", "government"))
    assert S.ensure_figures(state, "k3", ["analyst"]) == (["analyst"], ("analyst",))
    # the last choice that gave a map, per timeline
    assert S.fallback_figures(state, "k3") is None
    S.remember_shown(state, "k3", ("analyst",))
    assert S.fallback_figures(state, "k3") == ("analyst",)
    assert S.fallback_figures(state, "k4") is None


def test_figure_views() -> None:
    tl = sample_timeline()
    assert V.figure_counts(tl) == {"analyst": 2}
    assert V.parse_claimant_types(" Military,analyst,,bogus,analyst") == ("analyst",
                                                                         "military")
    assert V.parse_claimant_types("bogus") is None and V.parse_claimant_types(None) is None
    assert V.figure_option_label("outlet", {"outlet": 3}) == "news outlets · 3"
    assert V.join_types(["analyst", "soldier", "government"]) == (
        "analysts, soldiers and governments")
    assert V.figures_note(None, {"analyst": 2}) is None
    assert V.figures_note(("military",), {"analyst": 2, "military": 1}) == (
        "Area figures from militaries only (1 of 3 dated figures).")
    msg = V.no_figures_message(("government",), ("analyst",))
    assert msg.startswith("No dated area figure from governments")
    assert "still shows the figures from analysts" in msg


def test_every_day_toggle_is_disabled_for_a_ready_made_timeline(sample_env: None) -> None:
    at = _app()
    assert at.sidebar.toggle(key="every_day").disabled


def test_embed_view_is_chrome_free(sample_env: None) -> None:
    at = _app({"date": "2025-03-10"}, embed=True)
    assert not at.exception
    assert len(at.tabs) == 0 and len(at.metric) == 0
    assert len(at.sidebar.children) == 0
    assert at.session_state[S.SELECTED] == "2025-03-10"


def test_missing_source_folder_is_a_readable_message(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.setenv("FRONTLINE_SOURCE", str(tmp_path / "nowhere"))
    at = _app()
    assert not at.exception
    assert len(at.error) == 1
    assert "does not exist" in at.error[0].value
    assert "FRONTLINE" in at.error[0].value


def test_sources_tab_lists_articles_unresolved_places_and_problems(sample_env: None) -> None:
    at = _app()
    assert not any("binary data" in e.value for e in at.error)  # lazy tab: not run yet
    at.session_state["panel_tab"] = "Sources"
    at.run()
    assert not at.exception
    texts = [e.value for e in at.error]
    # the file name once, in bold (the message no longer repeats it)
    assert texts == ["**broken\\.bin**: not text \\(binary data\\); skipped\\."]
    frames = [df.value for df in at.dataframe]
    assert list(frames[0]["file"]) == ["test.txt", "undated.txt"]
    assert list(frames[1]["place"]) == ["Nowhereburg"]


def test_downloads_tab_offers_images_data_and_alt_text(sample_env: None) -> None:
    at = _app({"date": "2025-03-10"})
    at.session_state["panel_tab"] = "Downloads & embed"
    at.run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Map image (PNG)", "Map image (SVG)", "Interactive map (HTML)",
                      "Data (zip)"]
    alt = at.text_area[0].value
    assert "10 March 2025" in alt


def test_bad_uploads_get_a_message_and_keep_the_map(sample_env: None) -> None:
    at = _app()
    at.file_uploader(key="upload_files").set_value([
        ("empty.txt", b"   \n", "text/plain"),
        ("huge.txt", b"x" * (DASHBOARD_MAX_UPLOAD_BYTES + 1), "text/plain"),
    ])
    at.form_submit_button[0].click().run()
    assert not at.exception
    messages = " | ".join(e.value for e in at.sidebar.error)
    assert "empty" in messages
    assert "limit" in messages
    assert _area_metric(at) == "78 km²"  # what was loaded is untouched
    assert "user_timeline" not in at.session_state


def test_empty_submission_asks_for_input(sample_env: None) -> None:
    at = _app()
    at.form_submit_button[0].click().run()
    assert any("Choose a file" in w.value for w in at.sidebar.warning)
    assert _area_metric(at) == "78 km²"


def test_text_without_figures_leaves_the_map_alone(sample_env: None) -> None:
    pytest.importorskip("geo.ingest")
    pytest.importorskip("geo.pipeline")
    at = _app()
    at.text_area(key="upload_text").set_value(
        "The town council met on Tuesday to discuss the new bus timetable. "
        "Residents asked for more evening services.")
    at.date_input(key="upload_date").set_value(dt.date(2025, 1, 7))
    at.form_submit_button[0].click().run()
    assert not at.exception
    assert any("map was not changed" in w.value for w in at.sidebar.warning)
    assert _area_metric(at) == "78 km²"


def test_pasted_article_rebuilds_the_map_and_back(sample_env: None) -> None:
    pytest.importorskip("geo.pipeline")
    at = _app()
    at.text_area(key="upload_text").set_value(
        "Ukrainian troops crossed into the Kursk region and by Thursday controlled "
        "some 1,000 square kilometers of Russian territory, the Institute for the Study "
        "of War said. A week later the army said it held 1,150 square kilometres.")
    at.date_input(key="upload_date").set_value(dt.date(2024, 8, 16))
    at.form_submit_button[0].click().run()
    assert not at.exception
    assert _unescape(at.success[0].value).startswith("Map rebuilt from your articles "
                                                     "(pasted-article.txt): ")
    assert _area_metric(at) != "78 km²"
    assert "pasted" in at.session_state["user_timeline"][2]
    back = [b for b in at.sidebar.button if b.label == "Back to the bundled articles"]
    back[0].click().run()
    assert "user_timeline" not in at.session_state
    assert _area_metric(at) in ("1,295 km²", "400 km²", "78 km²")


def test_export_zip_holds_the_data_files() -> None:
    pytest.importorskip("geo.export")
    import io
    import zipfile

    from dashboard.loading import export_zip

    names = zipfile.ZipFile(io.BytesIO(export_zip(sample_timeline()))).namelist()
    assert {"timeline.geojson", "claims.csv", "places.csv"} <= set(names)


# --- pure helpers ---------------------------------------------------------------

def test_state_ignores_repeated_report_and_follows_new_one() -> None:
    dates = sample_timeline().dates
    ss: dict = {}
    assert S.ensure_selection(ss, dates, None) == D3
    assert S.command(ss) == ("2025-03-16", 1)
    assert S.apply_report(ss, dates, {"date": "2024-08-20", "n": 1}, "tok")
    assert S.selected(ss) == D1
    assert not S.apply_report(ss, dates, {"date": "2024-08-20", "n": 1}, "tok")
    S.request_move(ss, dates, D2)
    assert S.command(ss) == ("2025-03-10", 2)
    # the same report replayed on a rerun must not undo the click
    assert not S.apply_report(ss, dates, {"date": "2024-08-20", "n": 1}, "tok")
    assert S.selected(ss) == D2
    # but the user going back to that date (a new report) is followed
    assert S.apply_report(ss, dates, {"date": "2024-08-20", "n": 2}, "tok")
    assert S.selected(ss) == D1
    assert not S.apply_report(ss, dates, None, "tok")
    assert not S.apply_report(ss, dates, {"date": "garbage", "n": 3}, "tok")


def test_a_new_map_is_told_the_users_date_not_the_last_command() -> None:
    """After slider moves (reports, not commands), a new map (tiles on, every
    day) must open on the selected date, not on the stale command date."""
    dates = sample_timeline().dates
    ss: dict = {}
    S.ensure_selection(ss, dates, None)
    assert not S.follow_map(ss, "tok")  # first map: nothing shown before
    S.apply_report(ss, dates, {"date": "2024-08-20", "n": 1}, "tok")
    assert S.command(ss) == ("2025-03-16", 1)  # the report was not a command
    assert not S.follow_map(ss, "tok")  # same map: no command
    assert S.follow_map(ss, "other")
    assert S.command(ss) == ("2024-08-20", 2)


def test_selection_resnaps_when_timeline_changes() -> None:
    ss: dict = {S.SELECTED: "2025-03-12"}
    assert S.ensure_selection(ss, (D1, D2, D3)) == D2
    assert S.command(ss) == ("2025-03-10", 1)
    assert S.ensure_selection({}, ()) is None


def test_read_params() -> None:
    p = S.read_params({"date": "2025-03-10", "units": "sq mi", "embed": "true"})
    assert p == S.UrlParams(D2, "sqmi", True)
    assert S.read_params({"date": ["2024-01-01", "2025-03-16"]}).date == D3
    assert S.read_params({"date": "yesterday", "units": "acres"}) == S.UrlParams()
    assert S.read_params({"figures": "government,analyst"}).figures == ("analyst",
                                                                        "government")
    assert S.read_params({"figures": "<b>"}).figures is None


def test_snap_date_and_polygon_on() -> None:
    tl = sample_timeline()
    assert V.snap_date(tl.dates, dt.date(2020, 1, 1)) == D1
    assert V.snap_date(tl.dates, dt.date(2025, 3, 15)) == D2
    assert V.snap_date(tl.dates, dt.date(2030, 1, 1)) == D3
    assert V.snap_date((), D1) is None
    assert V.polygon_on(tl, dt.date(2025, 3, 11)).area_km2 == 400.0


def test_md_escape_neutralises_markdown_and_directives() -> None:
    out = V.md_escape('a *b* [x](javascript:alert(1)) ![i](http://e/x.png) :red[r] $x$\nz')
    assert "\n" not in out
    for raw in ("*b*", "[x](", "![i]", ":red[", "$x$"):
        assert raw not in out
    assert out.startswith("a \\*b\\* \\[x\\]\\(javascript\\:")
    assert V.md_escape(None) == ""
    assert V.md_escape(XSS_NAME).count("\\<") == 1


def test_safe_url_only_http() -> None:
    assert V.safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert V.safe_url("javascript:alert(1)") is None
    assert V.safe_url("data:text/html,<b>") is None
    assert V.safe_url("//example.org") is None
    assert V.safe_url(None) is None


def test_format_area() -> None:
    assert V.format_area(1295.0, "km2") == "1,295 km²"
    assert V.format_area(1295.0, "sqmi") == "500 sq mi"
    assert V.format_area(5.0, "km2") == "5 km²"
    assert V.format_area(7.46, "km2") == "7.5 km²"
    assert V.format_area(77.7, "km2") == "78 km²"  # as on the images: one number everywhere
    assert V.format_area(None, "km2") == "–"


def test_events_frame_nearest_and_all() -> None:
    tl = sample_timeline()
    near = V.events_frame(tl, D2, nearest=1)
    assert list(near["place"]) == [XSS_NAME]
    assert near.loc[0, "on_date"] == "●"
    assert near.loc[0, "action"] == "captured (claimed)"
    assert near.loc[0, "quote"] == XSS_QUOTE  # kept verbatim: tables show text, not HTML
    assert near.loc[0, "goto"] == "2025-03-10"
    assert near.loc[0, "when"] == "2025-03-10"
    every = V.events_frame(tl, D2, nearest=None)
    assert list(every["place"]) == [XSS_NAME, "Alphaville"]
    assert every.loc[1, "when"] == "undated" and not isinstance(every.loc[1, "goto"], str)


def test_area_points_and_series() -> None:
    tl = sample_timeline()
    pts = V.area_points_frame(tl)
    assert list(pts["figure"]) == ["some 500 sq mi", "barely 30 sq mi"]
    assert list(pts["when"]) == ["2024-08 (month)", "2025-03-16"]
    assert list(pts["series"]) == ["independent analysts"] * 2
    assert list(pts["measure"]) == ["reported", "reported"]
    assert pts.loc[0, "date"].date() == dt.date(2024, 8, 16)
    series = V.series_frame(tl)
    assert list(series["basis"]) == ["reported figure", "interpolated between figures",
                                     "reported figure"]
    assert list(series["area"]) == ["1,295 km²", "400 km²", "78 km²"]
    assert round(series.loc[0, "sqmi"]) == 500
    chart = V.area_chart(tl, D2, "sqmi").to_dict()
    assert len(chart["layer"]) == 4  # uncertainty band, estimate, figures, selected date
    assert chart["layer"][2]["encoding"]["y"]["field"] == "sqmi"


def test_articles_and_unresolved_frames() -> None:
    tl = sample_timeline()
    arts = V.articles_frame(tl)
    assert list(arts["file"]) == ["test.txt", "undated.txt"]
    assert list(arts["published"]) == ["2025-03-20", "unknown"]
    assert list(arts["area figures"]) == [2, 0] and list(arts["events"]) == [1, 1]
    unresolved = V.unresolved_frame(tl)
    assert list(unresolved["place"]) == ["Nowhereburg"]
    assert unresolved.loc[0, "quote"] == "Fighting near Nowhereburg continued."


def test_validate_uploads() -> None:
    ok, msgs = validate_uploads([
        Upload("a.txt", b"Troops entered a village."),
        Upload("b.exe", b"MZ\x90"),
        Upload("c.md", b""),
        Upload("d.html", b"<p>" + b"x" * DASHBOARD_MAX_UPLOAD_BYTES),
    ])
    assert [u.name for u in ok] == ["a.txt"]
    assert [m.split(":")[0] for m in msgs] == ["b.exe", "c.md", "d.html"]
    assert "not an article file" in msgs[0] and "larger than" in msgs[2]
    many = [Upload(f"{i}.txt", b"x") for i in range(DASHBOARD_MAX_UPLOAD_FILES + 1)]
    ok, msgs = validate_uploads(many)
    assert ok == [] and "at most" in msgs[0]


def test_pasted_upload() -> None:
    up, msg = pasted_upload("Forces took the village on Monday.")
    assert up is not None and up.name == "pasted-article.txt" and msg is None
    assert pasted_upload("   ") == (None, None)
    up, msg = pasted_upload("x" * 300_000)
    assert up is None and "characters" in msg


def test_resolve_source(tmp_path: Path) -> None:
    with pytest.raises(DashboardError, match="holds no articles"):
        resolve_source({"FRONTLINE_SOURCE": str(tmp_path)})
    (tmp_path / "a.txt").write_text("x")
    src = resolve_source({"FRONTLINE_SOURCE": str(tmp_path)})
    assert src.folder == tmp_path and src.label == f"{tmp_path.name}/ (1 article file)"
    (tmp_path / "a.txt").write_text("changed text")
    assert resolve_source({"FRONTLINE_SOURCE": str(tmp_path)}).key != src.key
    assert resolve_source({"FRONTLINE_SOURCE": "pkg.mod:func"}).factory == "pkg.mod:func"
    assert resolve_source({}).folder.name == "seeds"


def test_component_dir_is_stable_and_self_contained(tmp_path: Path) -> None:
    doc = "<!DOCTYPE html><html><body><script>window.frontlineMap={}</script></body></html>"
    token, folder = write_component_dir(doc, root=tmp_path)
    again = write_component_dir(doc, root=tmp_path)
    assert again == (token, folder)
    assert (folder / "map.html").read_text() == doc
    index = (folder / "index.html").read_text()
    assert "streamlit:componentReady" in index and "map.html" in index
    assert "http" not in index.replace("streamlit:", "")  # no external request
    assert len(index) < 8000  # Streamlit downloads it twice: it must stay small
    # the map is loaded at once, not only after the first render message
    script = index[index.index("<script>"):]
    assert script.index('fetch("map.html"') < script.index('addEventListener("message"')
    assert "ready: true" in index  # the first report tells the app the map is drawn
    # the script is the static bridge file, its settings on <body>
    bridge = (Path(component_module.__file__).parent / "static" / "component_bridge.js").read_text()
    assert bridge in index and "%(" not in index
    assert (f'<body data-debounce-ms="{DASHBOARD_REPORT_DEBOUNCE_MS}" '
            f'data-height="{DASHBOARD_MAP_HEIGHT_PX}">') in index
    other, _ = write_component_dir(doc.replace("{}", "{a:1}"), root=tmp_path)
    assert other != token
    assert content_token(wrapper_page() + doc) == token


def test_first_paint_holds_heavy_panels_until_the_map_is_drawn(sample_env: None) -> None:
    """Before the map's first report: a light summary, no metrics, chart, tabs
    or sidebar widgets; they all come with the rerun the report causes."""
    at = _app({"date": "2025-03-10"}, map_drawn=False)
    assert not at.exception
    assert len(at.metric) == 0 and len(at.tabs) == 0
    assert len(at.get("vega_lite_chart")) == 0
    assert [c.value for c in at.sidebar.caption] == ["Loading the options…"]
    assert len(at.sidebar.toggle) == 0 and len(at.sidebar.get("segmented_control")) == 0
    assert any("400 km²" in c.value for c in at.caption)  # the date's area, as text
    assert at.session_state[S.COMMAND_DATE] == "2025-03-10"
    at.session_state[_map_key(at)] = {"date": "2025-03-10", "n": 0, "ready": True}
    at.run()
    assert _area_metric(at) == "400 km²"
    assert len(at.get("vega_lite_chart")) == 1
    assert len(at.tabs) == 4
    # the sidebar's options arrive with it, at their defaults
    assert [(t.label, t.value) for t in at.sidebar.toggle] == [
        ("Daily estimates (every day)", False),
        ("Web basemap (OpenStreetMap; needs internet)", False)]
    assert at.sidebar.toggle(key="tiles").value is False
    assert len(at.sidebar.get("segmented_control")) == 1  # the units
    # the ready report is not a move: the selection and the commands stay
    assert at.session_state[S.SELECTED] == "2025-03-10"


# --- several fronts in one folder ----------------------------------------------------
_TWO_FRONT_ARTICLES = {
    "kursk.txt": ("Kursk foothold\n\nUkrainian troops control about 700 square kilometres of "
                  "the Kursk region, analysts at a monitoring group said on Tuesday.\n",
                  "2024-10-02"),
    "sumy.txt": ("Sumy border\n\nRussian troops captured Novenke on Monday. Russian forces "
                 "hold about 90 square kilometres of the Sumy region, analysts at a monitoring "
                 "group said on Tuesday.\n", "2025-05-27"),
}


@pytest.fixture()
def fronts_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import json

    for name, (text, published) in _TWO_FRONT_ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        (tmp_path / name.replace(".txt", ".meta.json")).write_text(
            json.dumps({"outlet": "Test Wire", "published": published}), encoding="utf-8")
    monkeypatch.setenv("FRONTLINE_SOURCE", str(tmp_path))


def test_front_picker_switches_the_map_and_lives_in_the_url(fronts_env: None) -> None:
    at = _app()
    assert not at.exception
    picker = at.segmented_control(key=S.THEATER)
    assert picker.options == ["Kursk (Ukrainian-held)", "Sumy (Russian-held)"]
    assert picker.value == "sumy"  # the front with the most claims opens first
    assert at.query_params["theater"] == "sumy"
    assert abs(_km2(at) - 90) < 3
    assert "Russian-held ground in Sumy Oblast" in _plain(at.markdown[0].value)
    assert at.session_state[S.SELECTED] == "2025-05-27"  # "on Tuesday", the day it appeared

    picker.set_value("kursk").run()
    assert not at.exception
    assert at.query_params["theater"] == "kursk"
    assert abs(_km2(at) - 700) < 15
    assert "Ukrainian-held ground in Kursk Oblast" in _plain(at.markdown[0].value)
    assert at.session_state[S.SELECTED] == "2024-10-01"


def test_url_front_is_restored_and_an_unknown_one_falls_back(fronts_env: None) -> None:
    at = _app({"theater": "kursk"})
    assert not at.exception and at.session_state[S.THEATER] == "kursk"
    assert abs(_km2(at) - 700) < 15
    other = _app({"theater": "donbas"})
    assert not other.exception and other.session_state[S.THEATER] == "sumy"
    assert other.query_params["theater"] == "sumy"


def test_moved_url_date_is_announced_and_daily_read_from_the_url(sample_env: None) -> None:
    at = _app({"date": "2025-03-14"})
    assert at.session_state[S.SELECTED] == "2025-03-10"
    assert any("No estimate for 14 Mar 2025; showing 10 Mar 2025" in i.value for i in at.info)
    at.session_state[_map_key(at)] = {"date": "2025-03-16", "n": 1}  # the user moves on
    at.run()
    assert not any("No estimate" in i.value for i in at.info)
    assert S.read_params({"daily": "true"}).daily and not S.read_params({}).daily


def test_new_kinds_of_source_join_the_figures_choice() -> None:
    ss: dict = {}
    S.ensure_figures(ss, "a", ["analyst", "military"])
    ss[S.FIGURES] = ["analyst"]  # the user chose analysts only
    _opts, chosen = S.ensure_figures(ss, "b", ["analyst", "military", "government"])
    assert chosen == ("analyst", "government")  # a new kind is used at once


def test_problem_messages_do_not_repeat_the_file_name() -> None:
    from geo.models import Problem

    from dashboard.panels import _named_once

    assert _named_once(Problem("a.pdf", "a.pdf: not an article file")) == \
        "**a\\.pdf**: not an article file"
    assert _named_once(Problem("p.txt", "p.txt is not a regular file")) == \
        "**p\\.txt** is not a regular file"
    assert _named_once(Problem("a.txt", "read as cp1251")) == "**a\\.txt**: read as cp1251"


_JUMP_ARTICLE = (
    "On 1 September 2024, Ukrainian troops held about 400 square kilometres of the Kursk "
    "region around Sudzha, analysts at a monitoring group said.\n\n"
    "On 5 September 2024, analysts at a monitoring group said Ukrainian troops held 4,000 "
    "square kilometres of the Kursk region.\n\n"
    "On 9 September 2024, Ukrainian troops held about 380 square kilometres of the Kursk "
    "region, analysts at a monitoring group said.\n")


def test_an_outlier_is_listed_with_its_reason_and_can_be_drawn_anyway(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import json

    (tmp_path / "jump.txt").write_text(_JUMP_ARTICLE, encoding="utf-8")
    (tmp_path / "jump.meta.json").write_text(json.dumps(
        {"title": "Tallies", "outlet": "Test Wire", "published": "2024-09-10"}),
        encoding="utf-8")
    monkeypatch.setenv("FRONTLINE_SOURCE", str(tmp_path))
    at = _app({"date": "2024-09-09"})
    at.session_state["panel_tab"] = "Method"
    at.run()
    table = at.dataframe[0].value
    outlier = table[table["drawn"] == "no"].iloc[0]
    assert (outlier["date"], outlier["area"]) == ("2024-09-05", "4,000 km²")
    assert outlier["why"].startswith("4,000 km² jumps from 400 km² (1 September 2024)")
    keep = at.multiselect(key=S.KEEP)
    assert keep.options == ["5 Sep 2024 · 4,000 km² · analysts at a monitoring group"]
    assert _area_metric(at) == "380 km²"
    keep.set_value(["jump.txt:area:144"]).run()
    table = at.dataframe[0].value
    assert list(table["drawn"]) == ["yes", "yes", "yes"]
    at.query_params["date"] = "2024-09-05"
    at.session_state[S.SELECTED] = "2024-09-05"
    at.run()
    assert S.selected(at.session_state) == dt.date(2024, 9, 5)
    assert _area_metric(at) == "4,000 km²"  # the user's say


def test_claims_the_reader_could_not_settle_are_listed_with_why() -> None:
    frame = V.unsettled_frame(sample_timeline())
    assert list(frame["unsettled"]) == ["no date"]
    assert list(frame["claim"]) == ["captured Alphaville"]
    assert frame.loc[0, "quote"] == "Troops entered Alphaville."


def test_a_figure_that_cannot_be_drawn_is_listed_as_unsettled() -> None:
    tl = sample_timeline()
    area = next(c for c in tl.claims if c.kind == "area")
    odd = dataclasses.replace(area, claim_id="odd", area_km2=None, area_sq_mi=None,
                              figure_problem="a negative number")
    frame = V.unsettled_frame(dataclasses.replace(tl, claims=tl.claims + (odd,)))
    assert list(frame["unsettled"]) == ["no date", "figure a negative number"]
    assert frame.loc[1, "quote"] == area.quote
