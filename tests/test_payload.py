"""The Python-to-JS payload of the map page is defined once (geo/_payload.py)
and the page reads every field of it (geo/static/frontline_*.js)."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from pathlib import Path

import pytest
from test_webmap import _payload as page_payload

from geo import _payload, webmap

from sample_data import sample_boundaries, sample_timeline

STATIC = Path(webmap.__file__).parent / "static"
CORE_JS = STATIC / "frontline_core.js"
VIEW_JS = STATIC / "frontline_map.js"


def _node(node: str, script: str, stdin: str = "") -> object:
    """Run a script with the core loaded as ``core``; return what it prints (JSON)."""
    prelude = f"const core = require({json.dumps(str(CORE_JS))});\n"
    out = subprocess.run([node, "-e", prelude + script], input=stdin, capture_output=True,
                         text=True, check=True, timeout=60)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def js_schema(node_path) -> dict:
    return _node(node_path, "console.log(JSON.stringify({schema: core.PAYLOAD_SCHEMA,"
                            " optional: core.OPTIONAL_FIELDS, status: Object.keys(core.STATUS)}))")


def _fields(td: type) -> set[str]:
    return set(td.__annotations__)


def test_typeddicts_and_the_page_schema_name_the_same_fields(js_schema):
    schema = js_schema["schema"]
    assert set(schema) == set(_payload.SCHEMA) | {"TownLabel"}
    for name, td in _payload.SCHEMA.items():
        assert set(schema[name]) == _fields(td), name
        assert len(schema[name]) == len(set(schema[name])), f"{name} lists a field twice"
    assert schema["TownLabel"] == list(_payload.TOWN_LABEL_FIELDS)
    optional = {name: sorted(td.__optional_keys__) for name, td in _payload.SCHEMA.items()
                if td.__optional_keys__}
    assert optional == {"MapData": ["peak"]} == js_schema["optional"]
    assert js_schema["status"] == list(_payload.STATUS_CODES.values())


def test_the_view_reads_every_payload_field():
    view = VIEW_JS.read_text(encoding="utf-8")
    fields = {f for td in _payload.SCHEMA.values() for f in _fields(td)}
    fields |= set(_payload.TOWN_LABEL_FIELDS)
    assert len(fields) > 50
    unread = sorted(f for f in fields if not re.search(rf"\.{f}\b", view))
    assert unread == []


def test_the_view_uses_no_private_leaflet_field():
    view = VIEW_JS.read_text(encoding="utf-8")
    assert re.findall(r"\b(?:map|layer|popup)\._\w+", view) == []
    assert "_popup" not in view and "_controlCorners" not in view and "_source" not in view


def _assert_keys(rows: list[dict], td: type) -> None:
    assert rows, td.__name__
    for row in rows:
        assert set(row) == _fields(td), td.__name__


def test_the_builder_writes_exactly_the_typeddict_fields():
    data, opts = page_payload(webmap.map_html(sample_timeline(), sample_boundaries()))
    assert set(data) == _fields(_payload.MapData)          # peak included
    assert set(opts) == _fields(_payload.MapOptions)
    _assert_keys(data["claims"], _payload.Claim)
    _assert_keys(data["places"], _payload.Place)
    _assert_keys([m for p in data["places"] for m in p["mentions"]], _payload.Mention)
    _assert_keys([data["peak"]], _payload.Peak)
    _assert_keys([data["basemap"]], _payload.Basemap)
    _assert_keys(data["basemap"]["regions"], _payload.Region)
    assert data["basemap"]["townLabels"] == [["Betagrad", 51.5, 35.9, 20000]]


def test_real_pages_pass_the_pages_own_payload_check(node_path):
    full = page_payload(webmap.map_html(sample_timeline(), sample_boundaries()))
    empty_tl = dataclasses.replace(sample_timeline(), polygons=(), places=())
    empty = page_payload(webmap.map_html(empty_tl, sample_boundaries()))
    assert "peak" not in empty[0]
    broken = json.loads(json.dumps(full))
    del broken[0]["claims"][0]["quote"]
    script = ("let s = ''; process.stdin.on('data', d => s += d).on('end', () => {"
              " const pages = JSON.parse(s);"
              " console.log(JSON.stringify(pages.map(([d, o]) => core.checkPayload(d, o)))); });")
    result = _node(node_path, script, json.dumps([full, empty, broken]))
    assert result == [[], [], ["Claim[0].quote"]]
