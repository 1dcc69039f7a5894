"""The whole pipeline in one call: articles in, :class:`~geo.models.Timeline` out.

ingest -> extract -> geocode -> timeline (territory). Each stage is its own
module; this one only wires them and reports progress.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

from geo import settings
from geo.boundaries import load_boundaries
from geo._budget import BudgetExceeded, run_within
from geo.extract import Extraction, extract
from geo.gazetteer import find_place_names
from geo.geocode import Geocoder, default_geocoder
from geo.ingest import IngestResult, read_path
from geo.models import Article, Boundaries, Claim, PlaceMention, Problem, Timeline
from geo.timeline import assemble, place_records

Progress = Callable[[str, float], None]


def _quiet(_: str, __: float) -> None:
    return None


def build(inputs: Path | str | Sequence[Path | str], *,
          published: Mapping[str, dt.date] | None = None,
          geocoder: Geocoder | None = None, boundaries: Boundaries | None = None,
          every_day: bool = False, claimant_types: Iterable[str] | None = None,
          progress: Progress | None = None) -> Timeline:
    """Read articles from files or folders and build the timeline.

    Parameters
    ----------
    inputs : path or sequence of paths
        Article files and/or folders of articles (with sidecars).
    published : mapping of file name to date, optional
        Publication dates set by the user (override sidecars and inference).
    geocoder : Geocoder, optional
        Default: the offline chain (overrides file, then the gazetteer).
    boundaries : Boundaries, optional
        Default: the bundled boundaries in ``assets/``.
    every_day : bool
        Also produce polygons for every day between the first and last date.
    claimant_types : iterable of str, optional
        Use only area figures from these claimant types.
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
    return build_articles(articles, problems, geocoder=geocoder, boundaries=boundaries,
                          every_day=every_day, claimant_types=claimant_types,
                          progress=progress)


def extract_within_budget(article: Article) -> tuple[Extraction, Problem | None]:
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
        return run_within(budget, lambda: extract(article, find_places=find_place_names)), None
    except BudgetExceeded:
        why = (f"finding its claims took more than the {budget:g} s budget per article; they "
               "are left out. Split the file or raise ARTICLE_TIME_BUDGET_S.")
    except Exception as exc:  # noqa: BLE001 - one bad story never stops the others
        text = str(exc)[:160]
        why = f"its claims could not be read ({type(exc).__name__}: {text}); they are left out."
    return Extraction(), Problem(article.path, f"{article.source_id}: {why}")


def build_articles(articles: Sequence[Article], problems: Sequence[Problem] = (), *,
                   geocoder: Geocoder | None = None, boundaries: Boundaries | None = None,
                   every_day: bool = False, claimant_types: Iterable[str] | None = None,
                   progress: Progress | None = None) -> Timeline:
    """Build the timeline from already ingested articles (e.g. uploads)."""
    say = progress or _quiet
    geocoder = geocoder or default_geocoder()
    boundaries = boundaries or load_boundaries()
    problems = list(problems)
    claims: list[Claim] = []
    mentions: list[PlaceMention] = []
    theatre = [a for a in articles if a.in_theater]
    for i, art in enumerate(theatre):
        say(f"Reading {art.source_id}", 0.1 + 0.5 * i / max(1, len(theatre)))
        ex, problem = extract_within_budget(art)
        if problem is not None:
            problems.append(problem)
            continue
        claims.extend(ex.claims)
        mentions.extend(ex.mentions)
    say("Placing names on the map", 0.65)
    places = place_records(mentions, claims, geocoder)
    reports = geocoder.reports() if callable(getattr(geocoder, "reports", None)) else []
    problems.extend(Problem("(online geocoder)", r, "warning") for r in reports)
    say("Fitting polygons to the reported areas", 0.8)
    timeline = assemble(articles, problems, claims, places, boundaries,
                        side=settings.THEATER_SIDE, region_id=settings.THEATER_REGION_ID,
                        every_day=every_day, claimant_types=claimant_types)
    say("Done", 1.0)
    return timeline
