"""Command line: ``python -m geo build|render|html DIR ...``.

``build`` writes the timeline and claims as files, ``render`` a static map
image, ``html`` a standalone embeddable map. Each reads a folder of articles
(with sidecars) as the pipeline does and prints a short report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Sequence

from geo.models import Timeline


class CliError(Exception):
    """A user error: printed as one line, exit status 2."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


def _published(items: Sequence[str]) -> dict[str, dt.date]:
    out = {}
    for item in items:
        name, sep, day = item.partition("=")
        if not sep:
            raise CliError(f"--published takes FILE=YYYY-MM-DD, got {item!r}")
        try:
            out[name] = dt.date.fromisoformat(day)
        except ValueError:
            raise CliError(f"--published {item!r}: {day!r} is not an ISO date") from None
    return out


def _build(args: argparse.Namespace) -> Timeline:
    from geo.geocode import default_geocoder
    from geo.pipeline import build

    src = Path(args.dir)
    if not src.exists():
        raise CliError(f"{src}: no such file or folder")
    return build(src, published=_published(args.published),
                 geocoder=default_geocoder(online=args.online),
                 every_day=getattr(args, "every_day", False),
                 claimant_types=_claimants(args.figures_from))


def _claimants(text: str | None) -> list[str] | None:
    from geo.settings import CLAIMANT_PREFERENCE

    if not text:
        return None
    types = [t.strip() for t in text.split(",") if t.strip()]
    unknown = [t for t in types if t not in CLAIMANT_PREFERENCE]
    if unknown:
        raise CliError(f"--figures-from: unknown claimant type {', '.join(unknown)} "
                       f"(choose from {', '.join(CLAIMANT_PREFERENCE)})")
    return types


def report(timeline: Timeline, elapsed: float) -> str:
    """The short human-readable report printed after a build."""
    from geo.export import unresolved

    lines = []
    files = sorted({a.path for a in timeline.articles})
    in_theatre = [a for a in timeline.articles if a.in_theater]
    lines.append(f"Sources read: {len(files)} files, {len(timeline.articles)} stories "
                 f"({len(in_theatre)} about the theatre)")
    for a in timeline.articles:
        when = a.published.isoformat() if a.published else "date unknown"
        flag = "" if a.in_theater else "  [not about the theatre: " + a.topic_note + "]"
        lines.append(f"  {a.source_id}: {a.outlet or 'outlet unknown'}, {when} "
                     f"({a.published_basis}){flag}")
    for p in timeline.problems:
        lines.append(f"  {p.severity.upper()}: {p.message}")
    areas = [c for c in timeline.claims if c.kind == "area"]
    events = [c for c in timeline.claims if c.kind == "event"]
    lines.append(f"Claims found: {len(timeline.claims)} ({len(areas)} area figures, "
                 f"{len(events)} control events)")
    for c in areas:
        when = c.date.iso() + f" ({c.date.precision})" if c.date else "undated"
        size = (f" = {c.area_km2:.0f} km² / {c.area_sq_mi:.0f} sq mi"
                if c.area_km2 is not None and c.area_sq_mi is not None else "")
        value = f"{c.value:g} {c.unit}" if c.value is not None else "(no figure)"
        lines.append(f"  area  {value}{size}, {c.measure}, {c.side}, {when}; {c.claimant}")
    for c in events:
        when = c.date.iso() + f" ({c.date.precision})" if c.date else "undated"
        flags = "".join([" hedged" if c.hedged else "", " negated" if c.negated else ""])
        lines.append(f"  event {c.side} {c.action} {c.place or '-'}, {when}{flags}; {c.claimant}")
    unres = unresolved(timeline)
    lines.append(f"Places: {len(timeline.places) - len(unres)} resolved, {len(unres)} unresolved"
                 + (": " + ", ".join(p.name for p in unres) if unres else ""))
    lines.append(f"Dates produced: {len(timeline.polygons)}")
    for p in timeline.polygons:
        note = f"  ! {'; '.join(p.notes)}" if p.notes else ""
        lines.append(f"  {p.date.isoformat()}  {p.area_km2:7.1f} km²  {p.area_sq_mi:6.1f} sq mi"
                     f"  {p.basis}{note}")
    lines.append(f"Finished in {elapsed:.1f} s")
    return "\n".join(lines)


def cmd_build(args: argparse.Namespace) -> int:
    from geo.export import write_outputs

    t0 = time.perf_counter()
    timeline = _build(args)
    written = write_outputs(timeline, args.out)
    print(report(timeline, time.perf_counter() - t0))
    print("Wrote " + ", ".join(str(p) for p in written.values()))
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from geo.boundaries import load_boundaries
    from geo.render import RenderError, render_map

    timeline = _build(args)
    if not timeline.polygons:
        raise CliError(f"{args.dir}: no dated area figure found, nothing to render")
    day = args.date or timeline.polygons[-1].date
    try:
        img = render_map(timeline, load_boundaries(), date=day, size=args.size,
                         fmt=args.format, scale=args.scale, compare=args.compare)
    except RenderError as exc:
        raise CliError(str(exc)) from None
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(img.data)
    print(f"Wrote {out} ({img.width}x{img.height}, {len(img.data):,} bytes)")
    print(f"Alt text: {img.alt_text}")
    return 0


def cmd_html(args: argparse.Namespace) -> int:
    from geo.boundaries import load_boundaries
    from geo.caption import alt_text
    from geo.webmap import iframe_snippet, write_standalone_html

    timeline = _build(args)
    if not timeline.polygons:
        raise CliError(f"{args.dir}: no dated area figure found, nothing to map")
    out = Path(args.out)
    day = args.date or timeline.polygons[-1].date
    alt = alt_text(timeline, day)  # before writing: a failure leaves no half-made output
    out.parent.mkdir(parents=True, exist_ok=True)
    size = write_standalone_html(timeline, load_boundaries(), out, date=args.date,
                                 tiles=args.tiles)
    print(f"Wrote {out} ({size:,} bytes)")
    print(f"Alt text: {alt}")
    print("Embed: " + iframe_snippet(out.name, title="Map of the front line"))
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser (``python -m geo --help``)."""
    p = argparse.ArgumentParser(prog="python -m geo", description=__doc__.split("\n")[0])
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("dir", help="folder of articles (.txt/.md/.html + NAME.meta.json)")
        sp.add_argument("--published", action="append", default=[], metavar="FILE=DATE",
                        help="set a file's publication date (repeatable)")
        sp.add_argument("--online", action="store_true",
                        help="also ask OpenStreetMap's Nominatim for unknown places "
                             "(rate-limited, cached; off by default)")
        sp.add_argument("--figures-from", metavar="TYPES",
                        help="use only area figures from these claimant types, e.g. "
                             "'analyst' or 'military,government' (default: all; where "
                             "several fall on one date, analysts first)")

    b = sub.add_parser("build", help="write timeline.geojson, claims.csv, places.csv")
    common(b)
    b.add_argument("--out", required=True, help="output folder")
    b.add_argument("--every-day", action="store_true",
                   help="a polygon for every day, not only for dates with reports")
    b.set_defaults(func=cmd_build)

    r = sub.add_parser("render", help="static map image (PNG or SVG) for one date")
    common(r)
    r.add_argument("--date", type=_date, help="ISO date (default: the latest)")
    r.add_argument("--size", default="16:9", choices=["16:9", "1:1", "a4"])
    r.add_argument("--format", default="png", choices=["png", "svg"])
    r.add_argument("--scale", type=int, default=1, choices=[1, 2])
    r.add_argument("--compare", type=_date, help="earlier date drawn as an outline")
    r.add_argument("--out", required=True, help="output file")
    r.set_defaults(func=cmd_render)

    h = sub.add_parser("html", help="standalone embeddable HTML map with a date slider")
    common(h)
    h.add_argument("--date", type=_date, help="date the map opens at (default: the latest)")
    h.add_argument("--tiles", action="store_true", help="add web map tiles (needs network)")
    h.add_argument("--out", required=True, help="output .html file")
    h.set_defaults(func=cmd_html)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):  # odd file names must never end the run
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: say so in one line; --debug shows the traceback
        if args.debug:
            raise
        print(f"internal error ({type(exc).__name__}: {exc}); run again with --debug and "
              "report it with the input files", file=sys.stderr)
        return 1
