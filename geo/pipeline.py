"""The whole pipeline in one call: articles in, an :class:`Atlas` of fronts out.

ingest -> extract -> geocode -> fronts -> timeline (territory), one module
each; this one only wires them and reports progress. Every stage is given the
theatres it works for: nothing here reads a front from settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from geo import settings
from geo._budget import BudgetExceeded, run_within
from geo._workers import map_in_order, usable_cores
from geo.errors import InputError
from geo.extract import Extraction, PlaceFinder, extract
from geo.fronts import FrontIndex, FrontVerdict
from geo.gazetteer import find_place_names, load_gazetteer
from geo.geocode import ChainGeocoder, Geocoder, default_geocoder
from geo.ingest import IngestResult, read_path
from geo.models import Article, Claim, PlaceMention, PlaceRecord, Problem, Resolution, Timeline
from geo.projection import area_km2
from geo.theater import Theater
from geo.timeline import assemble, checked_claims, key, place_records

Progress = Callable[[str, float], None]


def _quiet(_: str, __: float) -> None:
    return None


@dataclass(frozen=True)
class Atlas:
    """Everything one build produced: a timeline per front, and what was read.

    Attributes
    ----------
    timelines : tuple of Timeline
        One per front that any story or claim is about, in the order the
        theatres were given.
    articles : tuple of Article
        Every story read, each with the front it is about (or None and why).
    problems : tuple of Problem
        Every problem, from every stage and front.
    claims : tuple of Claim
        Every claim, each with its front (None: its story is about no known front).
    places : tuple of PlaceRecord
        Every place named, per front (a place named on two fronts appears twice).
    theaters : tuple of Theater
        The fronts the build knew.
    """

    timelines: tuple[Timeline, ...]
    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]
    claims: tuple[Claim, ...]
    places: tuple[PlaceRecord, ...]
    theaters: tuple[Theater, ...]

    def timeline(self, slug: str) -> Timeline:
        """The timeline of the front ``slug`` (KeyError naming those there are)."""
        for t in self.timelines:
            if t.theater.slug == slug:
                return t
        raise KeyError(f"no timeline for {slug!r} (have: "
                       f"{', '.join(t.theater.slug for t in self.timelines) or 'none'})")


def build(inputs: Path | str | Sequence[Path | str], theaters: Sequence[Theater], *,
          theater: Theater | str | None = None,
          published: Mapping[str, dt.date] | None = None,
          geocoder: Geocoder | None = None, every_day: bool = False,
          claimant_types: Iterable[str] | None = None,
          keep_figures: Iterable[str] = (), drop_figures: Iterable[str] = (),
          progress: Progress | None = None) -> Atlas:
    """Read articles from files or folders and build a timeline per front.

    Parameters
    ----------
    inputs : path or sequence of paths
        Article files and/or folders of articles (with sidecars).
    theaters : sequence of Theater
        The fronts to map (e.g. :func:`geo.theater.available_theaters`).
    theater : Theater or str, optional
        Force every story onto this front (a slug of ``theaters`` or a Theater).
    published : mapping of file name to date, optional
        Publication dates set by the user (override sidecars and inference).
    geocoder : Geocoder, optional
        Default: the offline chain over the theatres' packs.
    every_day : bool
        Also produce polygons for every day between the first and last date.
    claimant_types : iterable of str, optional
        Use only area figures from these claimant types.
    keep_figures, drop_figures : iterable of str
        Claim ids of area figures to draw despite the consistency checks, or
        to leave out (:func:`geo.timeline.assemble`).
    progress : callable, optional
        ``progress(message, fraction)`` is called as the stages run.
    """
    paths = [inputs] if isinstance(inputs, (str, Path)) else list(inputs)
    articles: list[Article] = []
    problems: list[Problem] = []
    for p in paths:
        res: IngestResult = read_path(Path(p), published=published)
        articles.extend(res.articles)
        problems.extend(res.problems)
    return build_articles(articles, problems, theaters, theater=theater, geocoder=geocoder,
                          every_day=every_day, claimant_types=claimant_types,
                          keep_figures=keep_figures, drop_figures=drop_figures,
                          progress=progress)


def extract_within_budget(article: Article,
                          find_places: PlaceFinder) -> tuple[Extraction, Problem | None]:
    """Extract one story's claims, isolated from the others.

    Any failure, or extraction taking more than
    ``settings.ARTICLE_TIME_BUDGET_S`` seconds of CPU, leaves the story's
    claims out with an error naming its file; the other stories stand.

    Returns
    -------
    (Extraction, Problem or None)
        An empty extraction with the problem when it failed.
    """
    budget = settings.ARTICLE_TIME_BUDGET_S
    try:
        return run_within(budget, lambda: extract(article, find_places=find_places)), None
    except BudgetExceeded:
        why = (f"finding its claims took more than the {budget:g} s budget per article; they "
               "are left out. Split the file or raise ARTICLE_TIME_BUDGET_S.")
    except Exception as exc:  # noqa: BLE001 - one bad story never stops the others
        text = str(exc)[:160]
        why = f"its claims could not be read ({type(exc).__name__}: {text}); they are left out."
    return Extraction(), Problem(article.path, f"{article.source_id}: {why}")


def _holder_by_default(claim: Claim, theaters: Sequence[Theater]) -> Claim:
    """A claim naming no side gets its front's holder when what it says is the holder's.

    Fighting, an advance or an area figure on a front with no side named is
    the fight along, or the ground of, the side the front is about (Russia's
    push into Sumy): said so in ``side_basis``. Captures, withdrawals and
    holdings stay without a side: who took a place is no default.
    """
    if claim.side is not None or claim.theater is None:
        return claim
    if not (claim.kind == "area" or claim.action in ("contested", "advanced")):
        return claim
    front = next((t for t in theaters if t.slug == claim.theater), None)
    if front is None:
        return claim
    return replace(claim, side=front.holder,
                   side_basis=f"inferred: no side named; on the {front.name} front "
                              f"{front.holder} is the side holding ground")


def _forced(theater: Theater | str | None, theaters: Sequence[Theater]) -> Theater | None:
    if theater is None or isinstance(theater, Theater):
        return theater
    for t in theaters:
        if t.slug == theater:
            return t
    raise InputError(f"no theatre called {theater!r} (known: "
                     f"{', '.join(t.slug for t in theaters) or 'none'})")


def _resolver(geocoder: Geocoder, cache: dict[str, Resolution | None],
              keep: Callable[[Resolution | None], Resolution | None] = lambda r: r):
    def resolve(name: str) -> Resolution | None:
        if name not in cache:
            cache[name] = keep(geocoder.geocode(name))
        return cache[name]
    return resolve


class _FrontGeocoder:
    """A front's geocoder: its namesakes first, and no far-away village."""

    def __init__(self, inner: Geocoder, index: FrontIndex, theater: Theater) -> None:
        self.inner, self.index, self.theater = inner, index, theater

    def geocode(self, query: str) -> Resolution | None:
        return self.index.plausible(self.inner.geocode(query), self.theater)


def _names(mentions: Iterable[PlaceMention], claims: Iterable[Claim]) -> list[str]:
    return list(dict.fromkeys([m.name for m in mentions] + [c.place for c in claims if c.place]))


#: A story's claims and place mentions, as extraction found them.
_Story = tuple[list[Claim], list[PlaceMention]]


def _extract_all(articles: Sequence[Article], find: PlaceFinder, say: Progress,
                 problems: list[Problem]) -> dict[str, _Story]:
    """Each story's claims and mentions; a story that fails adds a problem (and none).

    The first story is read here (it loads the language model); with
    ``settings.READ_PARALLEL_MIN_STORIES`` or more, the others are read by
    forked workers that share it (:mod:`geo._workers`).
    """
    def read(art: Article) -> tuple[Extraction, Problem | None]:
        return extract_within_budget(art, find)

    def done(n: int) -> None:
        say(f"Reading stories ({n} of {len(articles)})", 0.1 + 0.5 * n / len(articles))

    if not articles:
        return {}
    say(f"Reading {articles[0].source_id}", 0.1)
    results = [read(articles[0])]
    workers = usable_cores() if settings.READ_WORKERS is None else settings.READ_WORKERS
    results += map_in_order(read, articles[1:], workers=workers,
                            min_items=settings.READ_PARALLEL_MIN_STORIES,
                            on_done=lambda n: done(n + 1))
    by_story: dict[str, _Story] = {}
    for art, (ex, problem) in zip(articles, results):
        if problem is not None:
            problems.append(problem)
        by_story[art.source_id] = (list(ex.claims), list(ex.mentions))
    return by_story


def _story_front(index: FrontIndex, story: _Story,
                 resolve: Callable[[str], Resolution | None],
                 forced: Theater | None) -> FrontVerdict:
    """The front a story is about, from the places it names (or the one the user forced)."""
    claims, mentions = story
    verdict = index.story_front(mentions, {n: resolve(n) for n in _names(mentions, claims)})
    if forced is not None:
        verdict = FrontVerdict(forced.slug, f"set by the user ({verdict.note})", verdict.scores)
    return verdict


def _front_places(t: Theater, claims_t: list[Claim], sources: set[str],
                  mentions_of: dict[str | None, list[PlaceMention]],
                  verdicts: dict[str, FrontVerdict], by_story: dict[str, _Story],
                  geocoder: Geocoder) -> tuple[PlaceRecord, ...]:
    """A front's places: its stories' mentions, and those of other stories' claims on it."""
    mentions_t = list(mentions_of.get(t.slug, []))
    mentions_t += [m for sid in sources if verdicts[sid].theater != t.slug
                   for m in by_story[sid][1] if any(c.place == m.name for c in claims_t)]
    return tuple(replace(r, theater=t.slug)
                 for r in place_records(mentions_t, claims_t, geocoder))


def build_articles(articles: Sequence[Article], problems: Sequence[Problem],
                   theaters: Sequence[Theater], *, theater: Theater | str | None = None,
                   geocoder: Geocoder | None = None, every_day: bool = False,
                   claimant_types: Iterable[str] | None = None,
                   keep_figures: Iterable[str] = (), drop_figures: Iterable[str] = (),
                   progress: Progress | None = None) -> Atlas:
    """Build the atlas from already ingested articles (e.g. uploads).

    Parameters are those of :func:`build`, with the articles and problems
    ingest produced.
    """
    say = progress or _quiet
    theaters = tuple(theaters)
    forced = _forced(theater, theaters)
    if forced is not None and forced not in theaters:
        theaters = (forced, *theaters)
    geocoder = geocoder or default_geocoder(theaters)
    gazetteer = load_gazetteer(theaters)
    problems = list(problems)

    def find(text: str) -> list[tuple[int, int, str]]:
        return find_place_names(text, gazetteer)

    by_story = _extract_all(articles, find, say, problems)
    say("Placing names on the map", 0.62)
    index = FrontIndex(theaters)
    plain: dict[str, Resolution | None] = {}
    resolve_plain = _resolver(geocoder, plain)
    verdicts = {art.source_id: _story_front(index, by_story[art.source_id], resolve_plain,
                                            forced)
                for art in articles}

    # Second pass: each story's names resolved preferring its own front's namesakes.
    preferring: dict[str, Geocoder] = {
        t.slug: _FrontGeocoder(geocoder.preferring(t.region_ids)
                               if isinstance(geocoder, ChainGeocoder) else geocoder, index, t)
        for t in theaters}
    caches: dict[str, dict[str, Resolution | None]] = {t.slug: {} for t in theaters}
    out_articles: list[Article] = []
    all_claims: list[Claim] = []
    mentions_of: dict[str | None, list[PlaceMention]] = {}
    for art in articles:
        verdict = verdicts[art.source_id]
        out_articles.append(replace(art, theater=verdict.theater, topic_note=verdict.note))
        claims, mentions = by_story[art.source_id]
        if verdict.theater is None:
            resolve = resolve_plain
            if claims:
                problems.append(Problem(art.path, f"{art.source_id}: about no known front "
                                        f"({verdict.note}); its {len(claims)} claims are listed "
                                        "but not drawn.", "warning"))
        else:
            resolve = _resolver(preferring[verdict.theater], caches[verdict.theater])
        table = {n: resolve(n) for n in _names(mentions, claims)}
        table.update({key(n): r for n, r in list(table.items())})
        for c in claims:
            front = index.claim_front(c, table, verdict.theater)
            all_claims.append(_holder_by_default(replace(c, theater=front), theaters))
        mentions_of.setdefault(verdict.theater, []).extend(mentions)

    reports = chain_reports() if callable(chain_reports := getattr(geocoder, "reports", None)) \
        else []
    problems.extend(Problem("(online geocoder)", r, "warning") for r in reports)
    all_claims, doubtful = checked_claims(  # once, for every front
        all_claims, out_articles, front_km2={t.slug: area_km2(t.region, t.crs) for t in theaters})
    problems.extend(doubtful)
    say("Fitting polygons to the reported areas", 0.8)
    timelines: list[Timeline] = []
    places: list[PlaceRecord] = []
    for t in theaters:
        if forced is not None and t is not forced:
            continue
        claims_t = [c for c in all_claims if c.theater == t.slug]
        sources = {c.source_id for c in claims_t}
        stories = [a for a in out_articles if a.theater == t.slug or a.source_id in sources]
        if not stories:
            continue
        records = _front_places(t, claims_t, sources, mentions_of, verdicts, by_story,
                                preferring[t.slug])
        places.extend(records)
        timelines.append(assemble(stories, problems, claims_t, records, t, every_day=every_day,
                                  claimant_types=claimant_types,
                                  keep_figures=keep_figures, drop_figures=drop_figures))
    if mentions_of.get(None):
        places.extend(place_records(mentions_of[None], [c for c in all_claims if c.theater is None],
                                    geocoder))
    every_problem = list(dict.fromkeys(problems + [p for tl in timelines for p in tl.problems]))
    say("Done", 1.0)
    return Atlas(timelines=tuple(timelines), articles=tuple(out_articles),
                 problems=tuple(every_problem),
                 claims=tuple(all_claims) + tuple(c for tl in timelines for c in tl.claims
                                                  if c.derivation),
                 places=tuple(places),
                 theaters=theaters)
