"""Which front a story, and each of its claims, is about: decided from places.

No keyword list decides it. A story belongs to the front whose regions hold
most of the places it names and the geocoder resolves (a region named as such,
"the Sumy region", weighs :data:`geo.settings.FRONT_REGION_WEIGHT` times a
village); a story naming no place inside any front's regions belongs to none,
and says why. A claim then belongs to the front whose regions hold the place
it names, so an article about two fronts gives each its own claims; a claim
naming no place (or a place outside every front) belongs to its story's front.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from shapely.geometry import Point
from shapely.prepared import prep

from geo import settings
from geo.models import Claim, PlaceMention, Resolution
from geo.projection import to_equal_area, to_wgs84
from geo.theater import Theater
from geo.timeline import key


@dataclass(frozen=True)
class FrontVerdict:
    """Which front a story is about, and why.

    Attributes
    ----------
    theater : str or None
        The front's slug; None when the story names no place in any front.
    note : str
        The evidence, for the user ("places in Sumy Oblast: Yunakivka x2, ...").
    scores : tuple of (str, int)
        Weighted place count per front, best first.
    """

    theater: str | None
    note: str
    scores: tuple[tuple[str, int], ...] = ()


#: Places of other fronts ("Pokrovsk", "Chasiv Yar"): never a village namesake of a front's.
_OTHER_FRONTS = tuple(re.compile(p, re.I) for p in settings.OTHER_THEATER_PATTERNS)


class FrontIndex:
    """Point-in-region tests against every front's regions (edge tolerance included).

    Parameters
    ----------
    theaters : sequence of Theater
        The fronts, in priority order (the first wins a tie).
    """

    def __init__(self, theaters: Sequence[Theater]) -> None:
        self.theaters = tuple(theaters)
        self._core = [(t, prep(t.region)) for t in self.theaters]
        self._zone = [(t, prep(t.region.buffer(settings.REGION_EDGE_TOLERANCE_DEG)))
                      for t in self.theaters]
        self._near = {t.slug: prep(to_wgs84(to_equal_area(t.region, t.crs).buffer(
            settings.FRONT_NEIGHBOURHOOD_KM * 1000), t.crs)) for t in self.theaters}

    def plausible(self, res: Resolution | None, theater: Theater) -> Resolution | None:
        """``res`` if it can be what a story about ``theater`` means, else None.

        A village far from the front (farther than
        :data:`geo.settings.FRONT_NEIGHBOURHOOD_KM` from its regions) is a
        namesake, likelier wrong than right, unless it is a town of some size.
        """
        if res is None or res.kind != "settlement":
            return res
        if any(rx.fullmatch(res.query.strip()) for rx in _OTHER_FRONTS):
            return None  # "Pokrovsk" in a Kursk story is Donetsk's, not a village namesake
        if self._near[theater.slug].contains(Point(res.lon, res.lat)):
            return res
        return None

    def front_of(self, res: Resolution | None) -> Theater | None:
        """The front whose regions hold ``res`` (a region or a point), else None."""
        if res is None:
            return None
        if res.kind == "region":
            return next((t for t in self.theaters if res.region_id in t.region_ids), None)
        pt = Point(res.lon, res.lat)
        for tests in (self._core, self._zone):  # inside first, then on the edge
            hit = next((t for t, g in tests if g.contains(pt)), None)
            if hit is not None:
                return hit
        return None

    def story_front(self, mentions: Iterable[PlaceMention],
                    resolve: Mapping[str, Resolution | None]) -> FrontVerdict:
        """The front a story is about, from the resolved places it names.

        Parameters
        ----------
        mentions : iterable of PlaceMention
            The story's place names.
        resolve : mapping of name to Resolution or None
            How each name resolved.
        """
        score: Counter = Counter()
        names: dict[str, Counter] = {}
        for m in mentions:
            res = resolve.get(m.name)
            front = self.front_of(res)
            if front is None or res is None:
                continue
            score[front.slug] += settings.FRONT_REGION_WEIGHT if res.kind == "region" else 1
            names.setdefault(front.slug, Counter())[res.resolved_name] += 1
        if not score:
            known = ", ".join(t.slug for t in self.theaters) or "none loaded"
            return FrontVerdict(None, f"names no place inside a known front's regions "
                                      f"(fronts: {known})")
        order = {t.slug: i for i, t in enumerate(self.theaters)}
        ranked = sorted(score.items(), key=lambda kv: (-kv[1], order[kv[0]]))
        best = ranked[0][0]
        theatre = next(t for t in self.theaters if t.slug == best)
        listed = ", ".join(f"{n} ×{k}" if k > 1 else n for n, k in names[best].most_common(6))
        note = f"places in {theatre.region_name}: {listed}"
        if len(ranked) > 1:
            note += "; also " + ", ".join(f"{s} ({k})" for s, k in ranked[1:])
        return FrontVerdict(best, note, tuple(ranked))

    def claim_front(self, claim: Claim, resolve: Mapping[str, Resolution | None],
                    story: str | None) -> str | None:
        """The front a claim belongs to: its place's, else its story's."""
        if claim.place:
            front = self.front_of(resolve.get(claim.place) or resolve.get(key(claim.place)))
            if front is not None:
                return front.slug
        return story
