"""The package's exceptions, in one hierarchy (geopy's style).

Every error the library raises on purpose derives from :class:`FrontlineError`,
and each leaf also derives from the built-in it refines, so callers can catch
``ValueError`` or ``FrontlineError`` alike. A user error (bad input, a broken
theatre pack, an impossible option) is reported as one line, and the command
line exits with status 2; anything else is a bug ("internal error", status 1).

::

    FrontlineError(Exception)
    ├── InputError(ValueError)        a file, an option or a date that cannot be used
    │   ├── CaptionError              a date the timeline cannot describe
    │   ├── RenderError               an image that cannot be drawn (size, scale, format)
    │   ├── WebMapError               a page that cannot be built or written
    │   └── geo.cli.CliError          a command-line option or argument
    ├── GeodataError(RuntimeError)    shipped or user geodata missing or malformed
    │   ├── PackError(ValueError)     a theatre pack
    │   ├── BoundaryDataError         a pack's boundaries file
    │   ├── GazetteerError            a pack's gazetteer
    │   └── OverridesError(ValueError)  the user's or a pack's overrides.csv
    └── TerritoryError(ValueError)    a polygon that cannot be fitted

Outside :mod:`geo`, ``dashboard.loading.DashboardError`` and
``tools.build_pack.AssetBuildError`` derive from this hierarchy too.
``geo._budget.BudgetExceeded`` stays outside it on purpose: it is the signal
that interrupts work over its time budget, a :class:`BaseException` so that no
``except Exception`` in the interrupted code swallows it.
"""

from __future__ import annotations

__all__ = [
    "BoundaryDataError",
    "CaptionError",
    "FrontlineError",
    "GazetteerError",
    "GeodataError",
    "InputError",
    "OverridesError",
    "PackError",
    "RenderError",
    "TerritoryError",
    "WebMapError",
]


class FrontlineError(Exception):
    """Base class of every error raised on purpose by :mod:`geo`."""


class InputError(FrontlineError, ValueError):
    """Something the user gave (a file, an option, a date) cannot be used."""


class CaptionError(InputError):
    """A caption was asked for a date the timeline cannot describe."""


class RenderError(InputError):
    """A map cannot be rendered with the given inputs (the message says why)."""


class WebMapError(InputError):
    """The web map cannot be built from the given input, or written where asked."""


class GeodataError(FrontlineError, RuntimeError):
    """Shipped or user geodata (boundaries, gazetteer, overrides) is missing or malformed."""


class PackError(GeodataError, ValueError):
    """A theatre pack is missing, malformed or inconsistent (the message names pack and file)."""


class BoundaryDataError(GeodataError):
    """The boundary file is missing or unreadable."""


class GazetteerError(GeodataError):
    """A gazetteer file is missing or has a malformed row (the message names file and line)."""


class OverridesError(GeodataError, ValueError):
    """An overrides file cannot be read or has a malformed row (the message names it)."""


class TerritoryError(FrontlineError, ValueError):
    """A polygon could not be fitted (e.g. no border along the region)."""
