"""Frontline map: news reporting about a front line -> a dated, cited timeline of control polygons.

Stages, one module each: :mod:`geo.ingest` (files -> articles), :mod:`geo.extract`
and :mod:`geo.dates` (articles -> claims), :mod:`geo.geocode` with
:mod:`geo.gazetteer` (names -> places), :mod:`geo.territory` and
:mod:`geo.timeline` (claims + places -> dated polygons), and the outputs
:mod:`geo.export`, :mod:`geo.render`, :mod:`geo.webmap`. :mod:`geo.pipeline`
wires them; :mod:`geo.cli` is the command line. Nothing here imports Streamlit.
"""

__version__ = "0.1.0"
