"""Shipped theatre packs and their gazetteer, for tests that are not fixtures."""

from __future__ import annotations

from functools import lru_cache

from geo.gazetteer import find_place_names, load_gazetteer
from geo.theater import available_theaters


@lru_cache(maxsize=1)
def shipped():
    return available_theaters()


def finder(text: str):
    """The union gazetteer's span finder (as the pipeline gives it to the reader)."""
    return find_place_names(text, load_gazetteer(tuple(shipped())))
