"""One error hierarchy: every exception class the project defines derives from
:class:`geo.errors.FrontlineError` (and from the built-in it refines)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from pathlib import Path

import pytest

import geo
from geo import errors

REPO = Path(__file__).resolve().parents[1]
#: Not errors: the signal that interrupts work over its time budget (a BaseException on
#: purpose, so that no ``except Exception`` in the interrupted code swallows it).
OUTSIDE = {"geo._budget.BudgetExceeded"}


def _project_modules() -> list[str]:
    names = [f"geo.{m.name}" for m in pkgutil.iter_modules(geo.__path__)]
    names += [f"dashboard.{p.stem}" for p in (REPO / "dashboard").glob("*.py")
              if p.stem not in ("__init__", "app")]  # app.py runs the page when imported
    return names


def _defined_exceptions():
    sys.path.insert(0, str(REPO / "tools"))
    try:
        mods = [importlib.import_module(n) for n in _project_modules()]
        mods.append(importlib.import_module("build_pack"))
    finally:
        sys.path.remove(str(REPO / "tools"))
    for mod in mods:
        for _, cls in inspect.getmembers(mod, inspect.isclass):
            if issubclass(cls, BaseException) and cls.__module__ == mod.__name__:
                yield f"{mod.__name__}.{cls.__qualname__}", cls


def test_every_project_exception_is_a_frontline_error():
    found = dict(_defined_exceptions())
    assert "dashboard.loading.DashboardError" in found and "build_pack.AssetBuildError" in found
    strays = sorted(name for name, cls in found.items()
                    if name not in OUTSIDE and not issubclass(cls, errors.FrontlineError))
    assert strays == []


@pytest.mark.parametrize("name,builtin", [
    ("InputError", ValueError), ("CaptionError", ValueError), ("RenderError", ValueError),
    ("WebMapError", ValueError), ("GeodataError", RuntimeError), ("PackError", ValueError),
    ("BoundaryDataError", RuntimeError), ("GazetteerError", RuntimeError),
    ("OverridesError", ValueError), ("TerritoryError", ValueError),
])
def test_leaves_also_derive_from_the_builtin_they_refine(name, builtin):
    cls = getattr(errors, name)
    assert issubclass(cls, errors.FrontlineError) and issubclass(cls, builtin)


def test_old_names_still_import_from_their_modules():
    from geo.boundaries import BoundaryDataError
    from geo.caption import CaptionError
    from geo.cli import CliError
    from geo.gazetteer import GazetteerError
    from geo.geocode import OverridesError
    from geo.render import RenderError
    from geo.territory import TerritoryError
    from geo.webmap import WebMapError

    assert (BoundaryDataError, CaptionError, GazetteerError, OverridesError, RenderError,
            TerritoryError, WebMapError) == (
        errors.BoundaryDataError, errors.CaptionError, errors.GazetteerError,
        errors.OverridesError, errors.RenderError, errors.TerritoryError, errors.WebMapError)
    assert issubclass(CliError, errors.InputError)
