"""Shared fixtures: paths to the bundled seeds and the system Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return REPO / "seeds"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of Debian's Chromium; the browser tests fail (not skip) without it on CI."""
    import os

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run should have installed Debian's chromium")
        pytest.skip(f"{CHROMIUM} not installed")
    return CHROMIUM


@pytest.fixture(scope="session")
def theaters():
    """Every shipped theatre pack."""
    from geo.theater import available_theaters

    return available_theaters()


@pytest.fixture(scope="session")
def kursk(theaters):
    return next(t for t in theaters if t.slug == "kursk")


@pytest.fixture(scope="session")
def gazetteer(theaters):
    """The union gazetteer of the shipped packs."""
    from geo.gazetteer import load_gazetteer

    return load_gazetteer(tuple(theaters))


@pytest.fixture(scope="session")
def find_places(gazetteer):
    """The gazetteer's span finder, as the pipeline gives it to the reader."""
    from geo.gazetteer import find_place_names

    return lambda text: find_place_names(text, gazetteer)


@pytest.fixture(scope="session")
def node_path() -> str:
    """Path of Node.js, which runs the map page's core in the payload tests;
    fails (not skips) without it on CI, where `make test` installs Debian's nodejs."""
    import os

    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing: .ci/run (make test) should have installed Debian's "
                        "nodejs")
        pytest.skip("node not installed")
    return node
