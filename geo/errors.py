"""The package's exceptions, in one hierarchy (geopy's style).

Every error the library raises on purpose derives from :class:`FrontlineError`,
and each leaf also derives from the built-in it refines, so callers can catch
``ValueError`` or ``FrontlineError`` alike. A user error (bad input, a broken
theatre pack, an impossible option) is reported as one line; anything else is
a bug.
"""

from __future__ import annotations


class FrontlineError(Exception):
    """Base class of every error raised on purpose by :mod:`geo`."""


class InputError(FrontlineError, ValueError):
    """Something the user gave (a file, an option, a date) cannot be used."""


class GeodataError(FrontlineError, RuntimeError):
    """Shipped or user geodata (boundaries, gazetteer, overrides) is missing or malformed."""


class PackError(GeodataError, ValueError):
    """A theatre pack is missing, malformed or inconsistent (the message names pack and file)."""


class TerritoryError(FrontlineError, ValueError):
    """A polygon could not be fitted (e.g. no border along the region)."""
