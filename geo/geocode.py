"""Resolve place names to coordinates: overrides -> offline gazetteer -> Nominatim.

Every geocoder has geopy's shape: ``geocode(query) -> Resolution | None``.
:class:`ChainGeocoder` asks each in turn and returns the first answer;
:func:`default_geocoder` builds the usual chain (offline unless asked).

Names that are not places (outlets, countries speaking as actors, units,
call signs) are refused up front by :func:`is_non_place`, so they never become
markers.
"""

from __future__ import annotations

import csv
import functools
import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from geo import settings
from geo.errors import OverridesError
from geo.gazetteer import Gazetteer, Match, in_front_zone, load_gazetteer, match_key
from geo.models import PlaceMention, PlaceRecord, Resolution
from geo.translit import ascii_key

if TYPE_CHECKING:
    from geo.theater import Theater


@runtime_checkable
class Geocoder(Protocol):
    """Anything that turns a place name into a :class:`Resolution` (or None)."""

    def geocode(self, query: str) -> Resolution | None:
        """Resolve ``query``; None when this geocoder does not know it."""
        ...


# --------------------------------------------------------------------------
# non-places
# --------------------------------------------------------------------------
_NON_PLACE_WORDS = re.compile(
    r"\b(brigade|battalion|regiment|division|corps|army|forces|troops|ministry|guard|"
    r"group|service|agency|institute|news|times|post|journal|telegraph|guardian|"
    r"reuters|associated press|bbc|cnn|sky|council|command|staff|fleet|unit|"
    r"company|platoon|squad|team|channel|telegram|kremlin|pentagon|nato|"
    r"government|parliament|president|commander|spokesman|spokesperson|official)s?\b",
    re.IGNORECASE)


def is_non_place(name: str) -> bool:
    """True for names that must never become a map marker.

    Countries and capitals named as actors ("Russia said", "Moscow claims"),
    outlets ("Sky News", "The New York Times"), units and organisations
    ("Black Bird Group", "the 47th Brigade"), and call signs written with
    their label ("call sign Boroda"). The theatre's own oblasts are places.

    >>> is_non_place("Sky News"), is_non_place("Russia"), is_non_place("Sudzha")
    (True, True, False)
    """
    text = name.strip()
    key = ascii_key(text) or match_key(text)  # a Cyrillic name keeps its letters
    if key.startswith("the "):
        key = key[4:]
    if not key:
        return True
    if key in settings.NON_PLACE_NAMES:
        return True
    if re.search(r"\bcall ?sign\b|\bnom de guerre\b", key):
        return True
    if re.search(r"\d+(st|nd|rd|th)\b", key):  # "47th Brigade", "810th"
        return True
    return _NON_PLACE_WORDS.search(text) is not None


# --------------------------------------------------------------------------
# overrides
# --------------------------------------------------------------------------
def _query_key(query: str) -> str:
    key = ascii_key(query) or query.strip().lower()
    key = re.sub(r"^(the )?((small |large )?(village|town|city|settlement|hamlet) of )", "", key)
    return re.sub(r"^the ", "", key)


#: One override: name, lat, lon, kind, note, line number in the file.
_OverrideRow = tuple[str, float, float, str, str, int]


def _read_overrides(path: Path) -> dict[str, _OverrideRow]:
    """The rows of an overrides CSV keyed by query key; OverridesError names what is wrong."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            lines = [(n, line) for n, line in enumerate(fh, 1)
                     if line.strip() and not line.lstrip().startswith("#")]
    except OSError as exc:
        raise OverridesError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise OverridesError(f"{path}: not UTF-8 text (save it as a UTF-8 CSV)") from None
    reader = csv.DictReader(line for _, line in lines)
    try:
        missing = {"name", "lat", "lon"} - set(reader.fieldnames or ())
        if lines and missing:
            raise OverridesError(f"{path}: header must be name,lat,lon,kind,note "
                                 f"(missing {', '.join(sorted(missing))})")
        rows = {}
        for (line_no, _), row in zip(lines[1:], reader):
            name, lat, lon, kind = _override_fields(row, f"{path}: line {line_no}")
            rows[_query_key(name)] = (name, lat, lon, kind, (row.get("note") or "").strip(),
                                      line_no)
    except csv.Error as exc:
        raise OverridesError(f"{path}: not a readable CSV ({exc})") from None
    return rows


def _override_fields(row: dict[str, str], where: str) -> tuple[str, float, float, str]:
    """Name, lat, lon and kind of one overrides row, checked."""
    name = (row.get("name") or "").strip()
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except (TypeError, ValueError):
        raise OverridesError(f"{where}: lat/lon of {name!r} are not numbers") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not name:
        raise OverridesError(f"{where}: {name!r} has an impossible coordinate ({lat}, {lon}) "
                             "or no name")
    kind = (row.get("kind") or "settlement").strip()
    if kind not in ("settlement", "city", "region"):
        raise OverridesError(f"{where}: kind must be settlement, city or region, not {kind!r}")
    return name, lat, lon, kind


@dataclass(frozen=True)
class OverridesGeocoder:
    """The user's own coordinates (a pack's ``overrides.csv``, or ``--overrides``), consulted first.

    Columns ``name,lat,lon,kind,note``; lines starting with ``#`` are
    comments. The file is read when the geocoder is made, so an edit takes
    effect on the next run. A missing file means no overrides.

    Raises
    ------
    OverridesError
        On a file that cannot be read as UTF-8 text (a folder, no permission,
        another encoding) or a row with a bad coordinate or kind (naming file
        and line).
    """

    path: Path
    rows: dict[str, _OverrideRow] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        path = Path(self.path)
        rows = _read_overrides(path) if path.exists() else {}
        object.__setattr__(self, "rows", rows)

    def geocode(self, query: str) -> Resolution | None:
        """The override for ``query`` (case, accents and "the village of" ignored)."""
        hit = self.rows.get(_query_key(query))
        if hit is None:
            return None
        name, lat, lon, kind, note, line_no = hit
        return Resolution(query=query, resolved_name=name, lat=lat, lon=lon, kind=kind,  # type: ignore[arg-type]
                          provider="overrides", score=settings.SCORE_EXACT, method="exact",
                          source_row=f"{Path(self.path).name} line {line_no}"
                                     + (f": {note}" if note else ""))


# --------------------------------------------------------------------------
# gazetteer
# --------------------------------------------------------------------------
_REGION_SUFFIX = re.compile(r"\s+(region|oblast|province)s?$", re.IGNORECASE)


@dataclass(frozen=True)
class GazetteerGeocoder:
    """The offline theatre gazetteer (see :mod:`geo.gazetteer`).

    Tries, in order: an exact or variant spelling, a declension
    ("Sudzhi"), the phonetic key ("Korenyevo"), then a fuzzy match at or
    above :data:`geo.settings.FUZZY_MIN_SCORE` (reported with its score).
    Among namesakes the theatre wins (see :meth:`Gazetteer.lookup`); villages
    outside the front zone are not placed (see :func:`geo.gazetteer.in_front_zone`).
    """

    gazetteer: Gazetteer
    fuzzy: bool = True
    prefer: frozenset[str] = frozenset()

    def _gaz(self) -> Gazetteer:
        return self.gazetteer

    def preferring(self, region_ids: Iterable[str]) -> GazetteerGeocoder:
        """The same geocoder, ranking namesakes in ``region_ids`` first."""
        return replace(self, prefer=frozenset(region_ids))

    def candidates(self, query: str) -> list[Match]:
        """All gazetteer matches for ``query`` by the best method that finds any."""
        gaz = self._gaz()
        cleaned = re.sub(r"^(in|near|at|from|around|outside|inside|into|toward|towards|of)\s+", "",
                         query.strip(), flags=re.IGNORECASE)
        cleaned = re.sub(r"^(the\s+)?((small|large)\s+)?"
                         r"(village|town|city|settlement|hamlet)\s+of\s+",
                         "", cleaned, flags=re.IGNORECASE)
        cleaned = re.sub(r"['’]s$", "", cleaned)
        for q in dict.fromkeys((cleaned, re.sub(r"^the\s+", "", cleaned, flags=re.IGNORECASE))):
            hits = gaz.lookup(q, self.prefer) or gaz.lookup_loose(q, self.prefer)
            if hits:
                return hits
        if self.fuzzy and not _REGION_SUFFIX.search(cleaned):
            hit = gaz.lookup_fuzzy(cleaned)
            return [hit] if hit else []
        return []

    def geocode(self, query: str) -> Resolution | None:
        """Resolve ``query`` offline; None when unknown or only known far from the front."""
        hits = [m for m in self.candidates(query) if in_front_zone(m.place)]
        if not hits:
            return None
        best = hits[0]
        p = best.place
        method = best.method
        if len(hits) > 1:
            method += (f" (1 of {len(hits)} namesakes; the story's front, size and border "
                       "distance decide)")
        return Resolution(
            query=query, resolved_name=p.name, lat=p.lat, lon=p.lon,
            kind=p.kind if p.kind in ("settlement", "city", "region") else "settlement",  # type: ignore[arg-type]
            provider="gazetteer", score=round(best.score, 1), method=method,
            region_id=p.region_id if p.kind == "region" else None,
            admin1=p.admin1 or None, admin2=p.admin2 or None,
            source_row=f"{p.id}: {p.source_row}")


# --------------------------------------------------------------------------
# Nominatim (online, off by default)
# --------------------------------------------------------------------------
@dataclass
class NominatimGeocoder:
    """geopy's Nominatim, rate limited, cached on disk, bounded to the fronts' view box.

    Off unless asked for (``default_geocoder(online=True)`` or
    ``settings.NOMINATIM_ENABLED``); never used in tests except through a
    fake ``client``.

    Parameters
    ----------
    client : object, optional
        Anything with geopy's ``geocode(query, **kwargs)``; a real
        ``geopy.geocoders.Nominatim`` (custom user agent, timeout) by default.
    cache_path : Path, optional
        JSON cache of answers (including "no result"); failures are not
        cached on disk, only for the life of this object (one run), so a
        name that failed is not asked again in the same run.
    min_delay_s : float
        Seconds between requests (Nominatim's policy: at most 1 per second).

    Attributes
    ----------
    last_error : str or None
        Why the last lookup failed (timeout, HTTP 429, service error), for the UI.
    missed : dict of str to str
        Names that could not be looked up in this run, with the reason ("no
        network", "timed out", ...). After
        ``settings.NOMINATIM_MAX_CONSECUTIVE_FAILURES`` failures in a row the
        geocoder stops asking: every later name is missed for the same reason
        at no cost. :meth:`report` sums them up for the user.
    """

    client: Any = None
    cache_path: Path | None = None
    viewbox: tuple[float, float, float, float] = (-180.0, -90.0, 180.0, 90.0)
    min_delay_s: float = settings.NOMINATIM_MIN_DELAY_S
    timeout_s: float = settings.NOMINATIM_TIMEOUT_S
    last_error: str | None = None
    missed: dict[str, str] = field(default_factory=dict)
    _failures_in_a_row: int = field(default=0, repr=False)
    _gave_up: str | None = field(default=None, repr=False)
    _reason: str = field(default="", repr=False)
    _cache: dict[str, Any] | None = field(default=None, repr=False)
    _limited: Any = field(default=None, repr=False)

    def _lookup(self) -> Any:
        if self._limited is None:
            from geopy.extra.rate_limiter import RateLimiter

            client = self.client
            if client is None:
                from geopy.geocoders import Nominatim

                client = Nominatim(user_agent=settings.NOMINATIM_USER_AGENT, timeout=self.timeout_s,
                                   adapter_factory=_adapter_without_retries())
                self.client = client
            self._limited = RateLimiter(client.geocode, min_delay_seconds=self.min_delay_s,
                                        max_retries=0, swallow_exceptions=False)
        return self._limited

    def _ask(self, query: str) -> tuple[bool, dict[str, Any] | None]:
        """Ask Nominatim: (True, answer or None for no result) or (False, None) on failure."""
        from geopy.exc import (
            GeocoderRateLimited,
            GeocoderServiceError,
            GeocoderTimedOut,
            GeocoderUnavailable,
        )

        lon1, lat1, lon2, lat2 = self.viewbox
        try:
            loc = self._lookup()(query, exactly_one=True, country_codes=["ru", "ua"],
                                 viewbox=[(lat1, lon1), (lat2, lon2)], bounded=True,
                                 language="en")
        except GeocoderTimedOut:
            return self._failed(f"Nominatim timed out looking up {query!r}", "timed out")
        except GeocoderRateLimited:
            return self._failed(f"Nominatim refused {query!r}: too many requests (HTTP 429)",
                                "too many requests")
        except GeocoderUnavailable as exc:  # no route, refused, DNS: no network
            return self._failed(f"Nominatim failed on {query!r}: {exc}", "no network")
        except (GeocoderServiceError, OSError) as exc:  # HTTP errors, TLS, sockets
            return self._failed(f"Nominatim failed on {query!r}: {exc}", "the service failed")
        self.last_error = None
        self._failures_in_a_row = 0
        return True, None if loc is None else {
            "name": str(getattr(loc, "address", query)).split(",")[0],
            "lat": float(loc.latitude), "lon": float(loc.longitude),
            "raw": {k: (loc.raw or {}).get(k) for k in ("osm_type", "osm_id", "type", "class")},
        }

    def _failed(self, error: str, reason: str) -> tuple[bool, None]:
        """Record a failure; after too many in a row, stop asking for this run."""
        self.last_error = error
        self._reason = reason
        self._failures_in_a_row += 1
        if self._failures_in_a_row >= settings.NOMINATIM_MAX_CONSECUTIVE_FAILURES:
            self._gave_up = reason
        return False, None

    def report(self) -> str | None:
        """What the user should know about this run's lookups, or None.

        >>> print(NominatimGeocoder(missed={"a": "no network", "b": "no network"}).report())
        ... # doctest: +NORMALIZE_WHITESPACE
        2 names could not be looked up online: no network. They stay unresolved;
        the next run asks again.
        """
        if not self.missed:
            return None
        reasons = Counter(self.missed.values())
        n = len(self.missed)
        why = ", ".join(reason if k == n else f"{reason} ({k})" for reason, k in
                        reasons.most_common())
        return (f"{n} name{'s' if n != 1 else ''} could not be looked up online: {why}. They "
                "stay unresolved; the next run asks again.")

    def _cache_file(self) -> Path:
        return self.cache_path or settings.CACHE_DIR / settings.NOMINATIM_CACHE_FILE

    def _load_cache(self) -> dict[str, Any]:
        if self._cache is None:
            try:
                self._cache = json.loads(self._cache_file().read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._cache = {}
        return self._cache

    def _save_cache(self) -> None:
        path = self._cache_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self._cache, fh, ensure_ascii=False, indent=0)
        os.replace(tmp, path)

    def geocode(self, query: str) -> Resolution | None:
        """Look ``query`` up online (cached); None on no result or any failure."""
        key = ascii_key(query) or query.strip().lower()
        cache = self._load_cache()
        if key in cache:
            hit = cache[key]
        elif key in self.missed:  # failed earlier in this run: not asked again
            return None
        elif self._gave_up is not None:  # too many failures in a row: stop asking
            self.missed[key] = self._gave_up
            return None
        else:
            found, hit = self._ask(query)
            if not found:
                self.missed[key] = self._reason
                return None
            cache[key] = hit
            self._save_cache()
        if hit is None:
            return None
        lon1, lat1, lon2, lat2 = self.viewbox
        if not (lat1 <= hit["lat"] <= lat2 and lon1 <= hit["lon"] <= lon2):
            return None  # a namesake outside the theatre
        raw = hit.get("raw") or {}
        kind = "city" if raw.get("type") in ("city", "town") else "settlement"
        return Resolution(query=query, resolved_name=hit["name"], lat=hit["lat"], lon=hit["lon"],
                          kind=kind, provider="nominatim", score=settings.SCORE_ONLINE,  # type: ignore[arg-type]
                          method="online",
                          source_row=f"nominatim {raw.get('osm_type', '')} "
                                     f"{raw.get('osm_id', '')}".strip())


def _adapter_without_retries() -> Any:
    """Geopy's HTTP adapter with no retries of its own.

    By default a hanging connection is tried three times, so each name would
    cost three timeouts; the geocoder counts failures itself and gives up
    after a few.
    """
    from geopy import adapters

    if not getattr(adapters, "requests_available", False):  # urllib's adapter does not retry
        return None
    return functools.partial(adapters.RequestsAdapter, max_retries=0)


# --------------------------------------------------------------------------
# chain
# --------------------------------------------------------------------------
@dataclass(frozen=True)
class ChainGeocoder:
    """Ask each geocoder in turn; the first answer wins. Non-places are refused."""

    geocoders: tuple[Geocoder, ...]

    def geocode(self, query: str) -> Resolution | None:
        """Resolve ``query`` with the first geocoder that knows it."""
        if not query or not query.strip() or is_non_place(query):
            return None
        for geocoder in self.geocoders:
            hit = geocoder.geocode(query)
            if hit is not None:
                return hit
        return None

    def geocode_many(self, names: Iterable[str]) -> dict[str, Resolution | None]:
        """Resolve several names (each distinct name once)."""
        return {n: self.geocode(n) for n in dict.fromkeys(names)}

    def preferring(self, region_ids: Iterable[str]) -> ChainGeocoder:
        """The same chain, ranking namesakes in ``region_ids`` first where a member can."""
        ids = frozenset(region_ids)
        return ChainGeocoder(tuple(g.preferring(ids) if hasattr(g, "preferring") else g
                                   for g in self.geocoders))

    def reports(self) -> list[str]:
        """What the geocoders in the chain have to tell the user (online failures)."""
        return [r for g in self.geocoders
                if callable(report := getattr(g, "report", None)) and (r := report())]


def default_geocoder(theaters: Sequence[Theater], *, online: bool = False,
                     overrides_path: Path | str | None = None,
                     nominatim_cache: Path | None = None) -> ChainGeocoder:
    """Overrides, then the offline gazetteer, then (only if ``online``) Nominatim.

    Parameters
    ----------
    theaters : sequence of Theater
        The fronts whose gazetteers (and ``overrides.csv``) are used.
    online : bool
        Add Nominatim at the end of the chain (also on when
        ``settings.NOMINATIM_ENABLED`` is True), searching the fronts' view box.
    overrides_path : Path or str, optional
        The user's own overrides CSV, consulted before the packs' own.
    nominatim_cache : Path, optional
        Where Nominatim answers are cached (default in ``settings.CACHE_DIR``).

    Raises
    ------
    OverridesError
        When an overrides file (the user's or a pack's) cannot be read or has
        a malformed row. A missing file means no overrides.
    """
    chain: list[Geocoder] = []
    if overrides_path:
        chain.append(OverridesGeocoder(Path(overrides_path)))
    for t in theaters:
        path = t.file(settings.PACK_OVERRIDES_FILE)
        if path is not None:
            chain.append(OverridesGeocoder(path))
    chain.append(GazetteerGeocoder(load_gazetteer(tuple(theaters))))
    if online or settings.NOMINATIM_ENABLED:
        boxes = [t.viewbox for t in theaters] or [(-180.0, -90.0, 180.0, 90.0)]
        box = (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
               max(b[3] for b in boxes))
        chain.append(NominatimGeocoder(cache_path=nominatim_cache, viewbox=box))
    return ChainGeocoder(tuple(chain))


def resolve_mentions(mentions: Sequence[PlaceMention],
                     geocoder: Geocoder) -> tuple[PlaceRecord, ...]:
    """Group mentions by the place they resolve to; unresolved ones keep their quotes.

    Mentions resolving to the same gazetteer entry (``Kurilovka`` and
    ``Kurylivka``) become one :class:`PlaceRecord`; unresolved names are
    grouped by spelling key, with ``resolution=None``, for the UI to list.
    Non-places are dropped.
    """
    geo = geocoder
    groups: dict[str, list[PlaceMention]] = {}
    resolutions: dict[str, Resolution | None] = {}
    cache: dict[str, Resolution | None] = {}
    for m in mentions:
        if is_non_place(m.name):
            continue
        if m.name not in cache:
            cache[m.name] = geo.geocode(m.name)
        res = cache[m.name]
        gid = (f"{res.provider}:{res.source_row}:{res.lat:.5f},{res.lon:.5f}" if res
               else f"unresolved:{_query_key(m.name)}")
        groups.setdefault(gid, []).append(m)
        resolutions.setdefault(gid, res)
    return tuple(PlaceRecord(name=ms[0].name, mentions=tuple(ms), resolution=resolutions[gid])
                 for gid, ms in groups.items())
