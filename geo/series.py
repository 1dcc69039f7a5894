"""What area to draw on each date, and on whose word.

Reporting gives figures from several claimants that disagree, often by a
factor of two; this module turns them into one decision per date, in the way
ISW's "assessed vs claimed" layers do, figure by figure:

* **Series, not averages.** Each figure belongs to the series of its
  claimant group: independent analysts and OSINT trackers, each warring
  side's officials, the outlet's own reporting. The drawn area follows the
  first series of the preference order that has figures; the others fill
  only the dates before and after its span, and stay visible as points. Two
  figures of one series on one date are never averaged: the more trusted one
  is taken.
* **Derived figures.** A total minus the ground retaken ("retook 1,150 of the
  1,210 km²"), a share of the most held ("lost a third of the territory"), a
  change applied to the last figure ("lost 85 km² over the past day"), and
  "fully liberated" (zero) are figures of their own kind, each with its
  arithmetic and inputs.
* **Consistency.** A held figure above the most ever reported, or a jump
  between neighbours that no event explains, is kept and shown as an outlier
  with its reason, and not drawn, unless the user keeps it.
* **Time bounds.** No ground before the first evidence of holding any: the
  day the offensive began (the theatre pack's ``start``; the area grows from
  zero that day), else the first figure or the first place reported held.
* **Honest precision.** A long interpolation says how long, and carries the
  range between the figures around it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from geo import settings, wording
from geo.models import Claim, ResolvedDate, Side
from geo.vocabulary import EventWords, load_vocabulary, words_pattern

#: Groups of claimant types: the independent (analysts, OSINT), the outlet's own
#: reporting, and officials (a warring side's military, government, soldiers).
_GROUP_OF_TYPE = {"analyst": "analysts", "outlet": "outlet", "military": "officials",
                  "government": "officials", "soldier": "officials"}
#: How many words before a "wholly" word a hedge ("almost entirely") undoes it.
_HEDGE_WINDOW_WORDS = 2


def wholly(text: str, words: EventWords) -> bool:
    """True when ``text`` says a whole region changed hands, unhedged.

    >>> from geo.vocabulary import load_vocabulary
    >>> ev = load_vocabulary().events
    >>> wholly("Troops fully liberated the region.", ev), wholly("They pulled almost "
    ...     "entirely out of the region.", ev)
    (True, False)
    """
    found = re.compile(r"\b(?:" + words_pattern(sorted(words.wholly)) + r")\b", re.I)
    hedge = re.compile(r"\b(?:" + words_pattern(sorted(words.nearly)) + r")\s*$", re.I)
    for m in found.finditer(text):
        before = " ".join(text[:m.start()].split()[-_HEDGE_WINDOW_WORDS:])
        if not hedge.search(before):
            return True
    return False


@dataclass(frozen=True)
class Figure:
    """An area figure the timeline may draw: reported, derived or implied.

    Attributes
    ----------
    date : datetime.date
        The representative day (the middle of a week or month figure).
    km2 : float
        The area held.
    claim : Claim
        The claim it is (a derived or implied figure is a claim made here).
    series : str
        "independent analysts", "Ukraine's officials", "the outlet".
    kind : {"reported", "derived", "implied"}
    outlier : str
        Why it is not drawn (empty when it is drawn).
    """

    date: dt.date
    km2: float
    claim: Claim
    series: str
    kind: str
    outlier: str = ""

    @property
    def precision(self) -> str:
        """The figure's date precision (``day``, ``month`` ...)."""
        return self.claim.date.precision if self.claim.date else "day"


@dataclass(frozen=True)
class Decision:
    """The area drawn on one date, and why.

    Attributes
    ----------
    date : datetime.date
    km2 : float
    basis : {"reported", "derived", "implied", "interpolated", "carried"}
    series : str
        The series the area follows.
    figure_ids : tuple of str
        The figures it rests on.
    why : str
        One sentence for the reader.
    range_km2 : (float, float) or None
        The credible range where the area is uncertain.
    precision : str
        Of the figure followed (``month`` for "August 2024").
    gap_days : int
        Interpolated: the days between the two figures around the date;
        carried: the days to the figure carried.
    """

    date: dt.date
    km2: float
    basis: str
    series: str
    figure_ids: tuple[str, ...]
    why: str
    range_km2: tuple[float, float] | None = None
    precision: str = "day"
    gap_days: int = 0


# ------------------------------------------------------------------------- series names
def series_of(c: Claim) -> str:
    """The series a figure belongs to, from its claimant.

    >>> from geo.models import Claim
    >>> series_of(Claim("x", "a", "a", "area", "", 0, 0, "ISW", "analyst", "Ukraine"))
    'independent analysts'
    """
    group = _GROUP_OF_TYPE.get(c.claimant_type, "officials")
    if group == "analysts":
        return "independent analysts"
    if group == "outlet":
        return "the outlet"
    side = c.claimant_side
    return f"{side}'s officials" if side else "officials"


def possessive(series: str) -> str:
    """A series as the owner starting a sentence ("The outlet's").

    >>> possessive("the outlet"), possessive("independent analysts")
    ("The outlet's", "The independent analysts'")
    """
    owner = series if series.startswith("the ") else f"the {series}"
    owner = owner[0].upper() + owner[1:]
    return owner + ("'" if owner.endswith("s") else "'s")


def preference(holder: Side, land: Side) -> tuple[str, ...]:
    """Default order of series: the independent first, the warring sides last."""
    return ("independent analysts", "the outlet", f"{holder}'s officials",
            f"{land}'s officials", "officials")


def _rank(series: str, order: Sequence[str]) -> int:
    return order.index(series) if series in order else len(order)


# ------------------------------------------------------------------------- figures
def _usable(c: Claim, allowed: set[str] | None) -> bool:
    figure = (c.area_km2 is not None and c.area_km2 >= 0) or (c.unit == "%" and c.value)
    return (c.kind == "area" and not c.negated and bool(figure)
            and (allowed is None or c.claimant_type in allowed))


def reported_figures(claims: Sequence[Claim], holder: Side,
                     allowed: set[str] | None = None) -> list[Figure]:
    """Dated figures of the ground ``holder`` held (held, peak, its own cumulative gains)."""
    out = []
    for c in claims:
        if (_usable(c, allowed) and c.side == holder and c.date is not None
                and c.measure in ("held", "peak", "cumulative") and c.area_km2):
            out.append(Figure(c.date.mid, float(c.area_km2), c, series_of(c), "reported"))
    return out


def _derived(base: Claim, km2: float, day: ResolvedDate, how: str,
             inputs: Sequence[Claim], holder: Side, kind: str = "derived") -> Figure:
    claim = replace(base, claim_id=f"{kind}:{base.claim_id}", kind="area", measure="held",
                    side=holder, value=round(km2, 1), unit="km²", area_km2=round(km2, 1),
                    area_sq_mi=round(km2 / settings.KM2_PER_SQ_MI, 1), qualifier=None,
                    date=day, derivation=how, inputs=tuple(c.claim_id for c in inputs),
                    range_km2=None, action=None)
    return Figure(day.mid, km2, claim, series_of(base), kind)


def _known_peak(figures: Sequence[Figure], claims: Sequence[Claim], holder: Side,
                before: dt.date) -> Claim | None:
    """The largest figure of ``holder``'s ground reported (peak or held) up to ``before``."""
    cands = [f.claim for f in figures if f.date <= before]
    cands += [c for c in claims if c.kind == "area" and c.side == holder and c.area_km2
              and c.measure == "peak" and c.date is None]
    return max(cands, key=lambda c: c.area_km2 or 0.0, default=None)


def _last_figure(figures: Sequence[Figure], before: dt.date) -> Figure | None:
    earlier = [f for f in figures if f.date < before and not f.outlier]
    return max(earlier, key=lambda f: (f.date, f.kind == "reported"), default=None)


def derived_figures(claims: Sequence[Claim], reported: Sequence[Figure], holder: Side,
                    land: Side, allowed: set[str] | None = None) -> list[Figure]:
    """Figures worked out from others: a total minus what was retaken, a share, a change.

    * the other side's cumulative gain ("retook 1,150 of the 1,210 km²") is
      taken from the whole (or the most held reported before): held = whole - part;
    * a share ("lost a third of the territory") applies to the most held:
      held = peak x (1 - share);
    * a change in km² ("lost 85 km² over the past day") applies to the last
      figure before it when its period begins on that figure's day or at most
      ``settings.CHANGE_MAX_GAP_DAYS`` after (a week's gain reported three days
      after a figure may include ground that figure already counted).
    """
    out: list[Figure] = []
    fmt = wording.area
    for c in claims:
        if not _usable(c, allowed) or c.date is None:
            continue
        loss = (c.side == land and c.action == "captured") or (
            c.side == holder and c.action == "withdrew")
        gain = c.side == holder and c.action == "captured"
        if c.measure == "cumulative" and c.side == land and c.area_km2:
            whole = _known_peak(reported, claims, holder, c.date.mid)
            if whole is not None and whole.area_km2 and whole.area_km2 > c.area_km2:
                km2 = whole.area_km2 - c.area_km2
                out.append(_derived(c, km2, c.date, f"{fmt(whole.area_km2)} held at most, less "
                                    f"{fmt(c.area_km2)} retaken = {fmt(km2)}", (whole, c), holder))
        elif c.measure == "change" and c.unit == "%" and c.value and (loss or gain):
            whole = _known_peak(reported, claims, holder, c.date.mid)
            if whole is not None and whole.area_km2 and 0 < c.value < 100:
                share = c.value / 100.0
                km2 = whole.area_km2 * (1 - share if loss else 1 + share)
                out.append(_derived(c, km2, c.date, f"{fmt(whole.area_km2)} held at most, "
                                    f"{'less' if loss else 'plus'} {c.value:g}% = {fmt(km2)}",
                                    (whole, c), holder))
        elif c.measure == "change" and c.area_km2 and (loss or gain):
            last = _last_figure(reported, c.date.mid)
            if last is None or not 0 <= (c.date.start - last.date).days <= \
                    settings.CHANGE_MAX_GAP_DAYS:
                continue  # the change's period may overlap the figure, or lie long after it
            km2 = last.km2 - c.area_km2 if loss else last.km2 + c.area_km2
            if km2 > 0:
                out.append(_derived(c, km2, c.date, f"{fmt(last.km2)} on "
                                    f"{wording.day(last.date)} {'less' if loss else 'plus'} "
                                    f"{fmt(c.area_km2)} {'lost' if loss else 'gained'} = "
                                    f"{fmt(km2)}", (last.claim, c), holder))
    return out


def implied_figures(claims: Sequence[Claim], holder: Side, land: Side,
                    region_names: Mapping[str, str],
                    allowed: set[str] | None = None) -> list[Figure]:
    """"Fully liberated" / "withdrew entirely" from the theatre's region: zero, implied.

    ``region_names`` maps each claim place naming a theatre region (as
    written) to the region's name; "almost entirely" is no such claim
    (:func:`wholly`).
    """
    words = load_vocabulary().events
    out = []
    for c in claims:
        if (c.kind != "event" or c.date is None or c.negated or not c.place
                or c.place not in region_names or (allowed is not None
                                                   and c.claimant_type not in allowed)):
            continue
        lost_all = (c.side == land and c.action == "captured") or (
            c.side == holder and c.action == "withdrew")
        if lost_all and wholly(c.quote, words):
            out.append(_derived(c, 0.0, c.date, f"{region_names[c.place]} reported "
                                f"{'retaken' if c.side == land else 'left'} entirely: "
                                "no ground held", (c,), holder, kind="implied"))
    return out


# ------------------------------------------------------------------------- consistency
def mark_outliers(figures: Sequence[Figure], events: Sequence[Claim],
                  keep: frozenset[str] = frozenset(),
                  drop: frozenset[str] = frozenset(),
                  peaks: Sequence[Claim] = ()) -> list[Figure]:
    """Figures that contradict the others, marked (with the reason) and not drawn.

    * a held figure above the most ever reported (by more than
      ``settings.OUTLIER_ABOVE_PEAK``);
    * a figure that differs from both its neighbours in its series by more
      than ``settings.OUTLIER_JUMP`` while they agree with each other within
      ``settings.OUTLIER_NEIGHBOURS_AGREE``, with no capture or withdrawal
      reported between them.
    ``keep`` (claim ids) are never marked; ``drop`` always are (the user's say).
    ``peaks`` are undated figures of the most held, which count as peaks too.
    """
    tops = [(f.km2, f.claim) for f in figures if f.claim.measure == "peak"]
    tops += [(float(c.area_km2), c) for c in peaks if c.area_km2]
    top = max(tops, key=lambda t: t[0], default=None)
    out = []
    for f in figures:
        why = ""
        if f.claim.claim_id in drop:
            why = "left out by the user"
        elif (top is not None and f.claim.measure != "peak"
              and f.km2 > top[0] * (1 + settings.OUTLIER_ABOVE_PEAK)):
            why = (f"{wording.area(f.km2)} is above the most ever reported "
                   f"({wording.area(top[0])}, {top[1].claimant})")
        out.append(replace(f, outlier=why))
    by_series: dict[str, list[int]] = {}
    for i, f in enumerate(out):
        if not f.outlier and f.claim.measure != "peak":
            by_series.setdefault(f.series, []).append(i)
    for idx in by_series.values():
        idx.sort(key=lambda i: out[i].date)
        for a, i, b in zip(idx, idx[1:], idx[2:]):
            prev, cur, nxt = out[a], out[i], out[b]
            if cur.claim.claim_id in keep or (nxt.date - prev.date).days > \
                    settings.OUTLIER_WINDOW_DAYS:
                continue
            agree = abs(prev.km2 - nxt.km2) <= settings.OUTLIER_NEIGHBOURS_AGREE * max(
                prev.km2, nxt.km2)
            jump = min(abs(cur.km2 - prev.km2), abs(cur.km2 - nxt.km2)) > \
                settings.OUTLIER_JUMP * max(prev.km2, nxt.km2)
            moved = any(e.date is not None and prev.date <= e.date.mid <= nxt.date
                        and e.action in ("captured", "withdrew") and not e.negated
                        for e in events)
            if agree and jump and not moved:
                out[i] = replace(cur, outlier=(
                    f"{wording.area(cur.km2)} jumps from {wording.area(prev.km2)} "
                    f"({wording.day(prev.date)}) and back to {wording.area(nxt.km2)} "
                    f"({wording.day(nxt.date)}) with no capture or withdrawal reported between"))
    return [replace(f, outlier="") if f.claim.claim_id in keep else f for f in out]


# ------------------------------------------------------------------------- the plan
def drawn_points(figures: Sequence[Figure], order: Sequence[str]) -> list[Figure]:
    """The figures the area follows: one a date, the first series first.

    The most preferred series with figures is followed across its span;
    another series' figures are used only before or after it (a peak figure
    is never a point of its own: it is the most held, not a dated state).
    On a date with several figures of the followed series, the reported one
    with the highest confidence wins; nothing is averaged.
    """
    usable = [f for f in figures if not f.outlier and (f.claim.measure != "peak"
                                                       or f.claim.date is not None)]
    chosen: dict[dt.date, Figure] = {}
    span: tuple[dt.date, dt.date] | None = None
    for series in sorted({f.series for f in usable}, key=lambda s: _rank(s, order)):
        mine = [f for f in usable if f.series == series]
        for f in sorted(mine, key=lambda f: (f.kind != "reported", -f.claim.confidence,
                                             f.claim.claim_id)):
            inside = span is not None and span[0] <= f.date <= span[1]
            if not inside and f.date not in chosen:
                chosen[f.date] = f
        days = [f.date for f in mine]
        if days:
            lo, hi = min(days), max(days)
            span = (lo, hi) if span is None else (min(span[0], lo), max(span[1], hi))
    return [chosen[d] for d in sorted(chosen)]


def first_evidence(points: Sequence[Figure], events: Sequence[Claim], holder: Side,
                   start: dt.date | None) -> dt.date | None:
    """The first day the holder is known to hold ground, from which the area is drawn.

    The offensive's start when the front has one. Otherwise the first figure,
    taken back through the reports of places captured or held by the holder
    that lead up to it, each at most ``settings.CARRY_BACK_MAX_DAYS`` before
    the next: a raid a year before the first figure does not carry that
    figure back a year.
    """
    if start is not None:
        return start
    first = min((p.date for p in points if p.km2 > 0), default=None)
    if first is None:
        return None
    held = sorted({e.date.mid for e in events if e.date is not None and e.side == holder
                   and e.action in ("captured", "held") and not e.negated and not e.hedged
                   and e.date.mid < first}, reverse=True)
    for day in held:
        if (first - day).days > settings.CARRY_BACK_MAX_DAYS:
            break
        first = day
    return first


def decide(points: Sequence[Figure], day: dt.date, *, start: dt.date | None,
           evidence: dt.date | None) -> Decision | None:
    """The area on ``day``: a figure, an interpolation, or a carry; None before the evidence.

    Between the offensive's start and the first figure the area grows from
    zero (a straight line); without a known start the first figure is
    carried back to the first evidence of holding, never earlier.
    """
    if not points or evidence is None or day < evidence:
        return None
    for p in points:
        if p.date == day:
            return _at_figure(p)
    before = [p for p in points if p.date < day]
    after = [p for p in points if p.date > day]
    if before and after:
        a, b = before[-1], after[0]
        return _between(a.date, a.km2, b.date, b.km2, day, a.series if a.series == b.series
                        else f"{a.series}, then {b.series}", (a.claim.claim_id, b.claim.claim_id),
                        f"{wording.day(a.date)}", f"{wording.day(b.date)}", a.precision)
    if after:  # before the first figure, after the first evidence
        b = after[0]
        if start is not None and start < b.date:
            return _between(start, 0.0, b.date, b.km2, day, b.series, (b.claim.claim_id,),
                            f"the start of the offensive ({wording.day(start)})",
                            f"{wording.day(b.date)}", b.precision)
        gap = (b.date - day).days
        return Decision(day, b.km2, "carried", b.series, (b.claim.claim_id,),
                        f"Carried back from the first figure ({wording.day(b.date)}, "
                        f"{b.claim.claimant}), {gap} days later; the side is reported holding "
                        "ground from this date.", None, b.precision, gap)
    a = before[-1]
    gap = (day - a.date).days
    return Decision(day, a.km2, "carried", a.series, (a.claim.claim_id,),
                    f"Carried from the last figure ({wording.day(a.date)}, {a.claim.claimant}), "
                    f"{gap} days earlier.", None, a.precision, gap)


def _at_figure(p: Figure) -> Decision:
    c = p.claim
    if p.kind == "reported":
        when = "reported for this date" if p.precision == "day" else \
            f"reported for {wording.when(c.date, p.date)}"
        why = f"{possessive(p.series)} figure, {when} ({c.claimant})."
    elif p.kind == "implied":
        why = f"Implied: {c.derivation} ({c.claimant})."
    else:
        why = f"Derived: {c.derivation} ({c.claimant})."
    rng = c.range_km2 if c.range_km2 else None
    return Decision(p.date, p.km2, p.kind, p.series, (c.claim_id,), why, rng, p.precision)


def _between(d0: dt.date, a: float, d1: dt.date, b: float, day: dt.date, series: str,
             ids: tuple[str, ...], from_text: str, to_text: str, precision: str) -> Decision:
    f = (day - d0).days / max(1, (d1 - d0).days)
    km2 = a + f * (b - a)
    gap = (d1 - d0).days  # the days without a figure this date lies in
    long = gap > settings.LONG_INTERPOLATION_DAYS
    rng = (round(min(a, b), 1), round(max(a, b), 1)) if long else None
    why = (f"Interpolated on a straight line between {from_text} and {to_text}"
           + (f", {(d1 - d0).days} days without a figure: uncertain." if long else "."))
    return Decision(day, km2, "interpolated", series, ids, why, rng, precision, gap)


def _once(figures: Sequence[Figure]) -> list[Figure]:
    """One figure per date, area, series and arithmetic.

    A wire story and its rewrite give the same derived figure twice.
    """
    seen: dict[tuple, Figure] = {}
    for f in figures:
        seen.setdefault((f.date, round(f.km2, 1), f.series, f.claim.derivation), f)
    return list(seen.values())


def _before_start(f: Figure, start: dt.date) -> Figure:
    """Mark a figure the front's start contradicts.

    Dated before it, or a peak whose inferred date is some other offensive's start.
    """
    if f.outlier:
        return f
    if f.date < start:
        return replace(f, outlier=f"dated before the offensive began ({wording.day(start)})")
    rd = f.claim.date
    if (f.claim.measure == "peak" and rd is not None and rd.inferred
            and (rd.start - start).days > settings.PEAK_START_WINDOW_DAYS):
        return replace(f, outlier=(
            f"a peak whose date ({rd.iso()}) was only inferred from a mention of an offensive "
            f"starting, not this front's start ({wording.day(start)}); used as the most held, "
            "not drawn on a date"))
    return f


def plan(claims: Sequence[Claim], holder: Side, land: Side, *,
         region_names: Mapping[str, str], start: dt.date | None = None,
         claimant_types: Iterable[str] | None = None,
         order: Sequence[str] | None = None, keep: Iterable[str] = (),
         drop: Iterable[str] = ()) -> tuple[list[Figure], list[Figure], dt.date | None]:
    """Weigh a front's figures: every one, the drawn points, the first evidence.

    Returns every figure (reported, derived, implied; outliers marked), the
    drawn points, and the first evidence of holding.

    Parameters
    ----------
    claims : sequence of Claim
        The front's claims (area figures and events).
    holder, land : Side
        Whose ground is drawn; whose land it is.
    region_names : mapping of str to str
        Claim places (as written) naming a theatre region -> its name.
    start : datetime.date, optional
        The day the offensive began (the pack's ``start``).
    claimant_types : iterable of str, optional
        Use only these claimant types' figures (the user's choice).
    order : sequence of str, optional
        Preference of series (default :func:`preference`).
    keep, drop : iterable of str
        Claim ids the user keeps despite the checks, or leaves out.
    """
    allowed = set(claimant_types) if claimant_types is not None else None
    events = [c for c in claims if c.kind == "event"]
    reported = reported_figures(claims, holder, allowed)
    derived = _once(derived_figures(claims, reported, holder, land, allowed))
    implied = _once(implied_figures(claims, holder, land, region_names, allowed))
    peaks = [c for c in claims if _usable(c, allowed) and c.side == holder
             and c.measure == "peak" and c.date is None]
    everything = mark_outliers(reported + derived + implied, events, frozenset(keep),
                               frozenset(drop), peaks)
    if start is not None:
        everything = [_before_start(f, start) for f in everything]
    points = drawn_points(everything, order or preference(holder, land))
    return everything, points, first_evidence(points, events, holder, start)
