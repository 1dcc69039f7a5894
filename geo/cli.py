"""Command line: ``python -m geo build|render|html DIR ...``.

``build`` writes a timeline per front and the claims as files, ``render`` a
static map image of one front, ``html`` a standalone embeddable map of one
front. Each reads a folder of articles (with sidecars) as the pipeline does
and prints a short report. Fronts come from the theatre packs
(:mod:`geo.theater`); ``--theater SLUG`` forces one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from geo.errors import FrontlineError, InputError
from geo.models import Timeline

if False:  # typing only; the pipeline is imported when a command runs
    from geo.pipeline import Atlas


class CliError(InputError):
    """A user error: printed as one line, exit status 2."""


def _say(text: str) -> None:
    """Print a line of the report.

    Once its reader has gone (``| head``), print nothing more but finish the
    work: the files are still written.
    """
    try:
        print(text, flush=True)
    except BrokenPipeError:
        _reader_gone()


def _reader_gone() -> None:
    """Point standard output at the null device (no second error when Python flushes it)."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


@contextmanager
def _writing(target: Path | str) -> Iterator[None]:
    """Turn a failure to write ``target`` into a one-line user error.

    A file or folder in the way, no permission, a full disk: the user's to mend.
    """
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        where = exc.filename if exc.filename is not None else target
        raise CliError(f"{where}: cannot write there ({exc.strerror or exc})") from None


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


def _check_published(src: Path, published: dict[str, dt.date]) -> None:
    """Every ``--published FILE=...`` must name a file that is read (a typo is an error)."""
    if not published:
        return
    try:
        files = [src] if src.is_file() else sorted(p for p in src.iterdir() if p.is_file())
    except OSError:
        return  # the build reports an unreadable folder
    keys = {k for f in files for k in (f.name, f.stem, str(f))}
    for name, day in published.items():
        if name not in keys:
            shown = ", ".join(f.name for f in files[:6]) + (", ..." if len(files) > 6 else "")
            raise CliError(f"--published {name}={day.isoformat()}: no file called {name!r} in "
                           f"{src} (its files: {shown or 'none'}); nothing written")


def _build(args: argparse.Namespace) -> Atlas:
    from geo.geocode import default_geocoder
    from geo.pipeline import build
    from geo.theater import available_theaters

    src = Path(args.dir)
    if not src.exists():
        raise CliError(f"{src}: no such file or folder")
    published = _published(args.published)
    _check_published(src, published)
    if args.overrides and not Path(args.overrides).exists():
        raise CliError(f"--overrides {args.overrides}: no such file")
    theaters = available_theaters(args.packs)
    if args.theater and args.theater not in {t.slug for t in theaters}:
        raise CliError(f"--theater: no front called {args.theater!r} (known: "
                       f"{', '.join(t.slug for t in theaters)})")
    atlas = build(src, theaters, theater=args.theater, published=published,
                  geocoder=default_geocoder(theaters, online=args.online,
                                            overrides_path=args.overrides),
                  every_day=getattr(args, "every_day", False),
                  claimant_types=_claimants(args.figures_from),
                  keep_figures=args.keep_figure, drop_figures=args.drop_figure)
    _check_figure_ids(atlas, args)
    return atlas


def _check_figure_ids(atlas: Atlas, args: argparse.Namespace) -> None:
    """Every ``--keep-figure`` / ``--drop-figure`` must name a figure some front weighed."""
    known = {f.claim_id for tl in atlas.timelines for f in tl.figures}
    for flag, ids in (("--keep-figure", args.keep_figure), ("--drop-figure", args.drop_figure)):
        for cid in ids:
            if cid not in known:
                raise CliError(f"{flag} {cid}: no area figure has this claim id (see the "
                               "figures listed in the report, or figures.csv); nothing written")


def _one_front(atlas: Atlas, args: argparse.Namespace) -> Timeline:
    """The timeline an image or page is about: the only front, or the one asked for."""
    drawn = [t for t in atlas.timelines if t.polygons]
    if args.theater:
        tl = next((t for t in atlas.timelines if t.theater.slug == args.theater), None)
        if tl is None or not tl.polygons:
            raise CliError(f"{args.dir}: no dated area figure for the {args.theater} front, "
                           "nothing to draw")
        return tl
    if not drawn:
        raise CliError(f"{args.dir}: no dated area figure found, nothing to draw")
    if len(drawn) > 1:
        raise CliError(f"{args.dir} covers {len(drawn)} fronts with polygons ("
                       f"{', '.join(t.theater.slug for t in drawn)}); choose one with --theater")
    return drawn[0]


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


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _claim_lines(claims) -> list[str]:
    lines = []
    for c in claims:
        when = c.date.iso() + f" ({c.date.precision})" if c.date else "undated"
        if c.kind == "area":
            size = (f" = {c.area_km2:.0f} km² / {c.area_sq_mi:.0f} sq mi"
                    if c.area_km2 is not None and c.area_sq_mi is not None else "")
            value = f"{c.value:g} {c.unit}" if c.value is not None else "(no figure)"
            lines.append(f"    area  {value}{size}, {c.measure}, {c.side or 'side unknown'}, "
                         f"{when}; {c.claimant}")
        else:
            flags = "".join([" hedged" if c.hedged else "", " negated" if c.negated else ""])
            lines.append(f"    event {c.side or 'side unknown'} {c.action} {c.place or '-'}, "
                         f"{when}{flags}; {c.claimant}")
    return lines


def _front_lines(tl: Timeline) -> list[str]:
    from geo.export import unresolved

    t = tl.theater
    areas = [c for c in tl.claims if c.kind == "area"]
    lines = [f"== {t.name} ({t.slug}): {t.headline}",
             f"  stories: {len(tl.articles)}; claims: {len(tl.claims)} "
             f"({_plural(len(areas), 'area figure')}, "
             f"{_plural(len(tl.claims) - len(areas), 'control event')})"]
    lines += _claim_lines(tl.claims)
    unres = unresolved(tl)
    lines.append(f"  places: {len(tl.places) - len(unres)} resolved, {len(unres)} unresolved"
                 + (": " + ", ".join(p.name for p in unres) if unres else ""))
    lines.append(f"  dates produced: {len(tl.polygons)}")
    for p in tl.polygons:
        note = f"  ! {'; '.join(p.notes)}" if p.notes else ""
        lines.append(f"    {p.date.isoformat()}  {p.area_km2:7.1f} km²  {p.area_sq_mi:6.1f} sq mi"
                     f"  {p.basis}{', ' + p.series if p.series else ''}{note}")
    return lines + _figure_lines(tl)


def _figure_lines(tl: Timeline) -> list[str]:
    """The figures weighed that are not simply drawn: derived, implied, outliers."""
    by_id = {c.claim_id: c for c in tl.claims}
    drawn = sum(f.drawn for f in tl.figures)
    lines = [f"  figures weighed: {len(tl.figures)} ({drawn} followed by the drawn area)"]
    for f in tl.figures:
        c = by_id.get(f.claim_id)
        if f.outlier:
            lines.append(f"    {f.date.isoformat()}  {f.km2:7.1f} km²  not drawn: {f.outlier} "
                         f"[{f.claim_id}]")
        elif f.kind != "reported" and c is not None:
            lines.append(f"    {f.date.isoformat()}  {f.km2:7.1f} km²  {f.kind}: {c.derivation} "
                         f"[{f.claim_id}]")
    return lines


def report(atlas: Atlas, elapsed: float) -> str:
    """The short human-readable report printed after a build, grouped by front."""
    files = sorted({a.path for a in atlas.articles})
    about = [a for a in atlas.articles if a.theater]
    lines = [f"Sources read: {_plural(len(files), 'file')}, "
             f"{_plural(len(atlas.articles), 'story', 'stories')} "
             f"({len(about)} about a known front)"]
    for a in atlas.articles:
        when = a.published.isoformat() if a.published else "date unknown"
        front = a.theater or f"no front: {a.topic_note}"
        lines.append(f"  {a.source_id}: {a.outlet or 'outlet unknown'}, {when} "
                     f"({a.published_basis}) [{front}]")
    for p in atlas.problems:
        lines.append(f"  {p.severity.upper()}: {p.message}")
    for tl in atlas.timelines:
        lines += _front_lines(tl)
    stray = [c for c in atlas.claims if c.theater is None]
    if stray:
        lines.append(f"== No known front: {_plural(len(stray), 'claim')} listed, not drawn")
        lines += _claim_lines(stray)
    lines.append(f"Finished in {elapsed:.1f} s")
    return "\n".join(lines)


def cmd_build(args: argparse.Namespace) -> int:
    """``build``: print the report and write the timeline and tables to ``--out``."""
    from geo.export import write_outputs

    t0 = time.perf_counter()
    atlas = _build(args)
    _say(report(atlas, time.perf_counter() - t0))
    if not atlas.articles:
        raise CliError(f"{args.dir}: no article could be read (see the problems above); "
                       "nothing written")
    with _writing(args.out):
        written = write_outputs(atlas, args.out)
    _say("Wrote " + ", ".join(str(p) for p in written.values()))
    return 0


def _image_format(fmt: str | None, out: Path) -> str:
    """The image format: ``--format``, else the ``--out`` extension; a mismatch is an error."""
    suffix = out.suffix.lower().lstrip(".")
    if fmt is None:
        if suffix in ("png", "svg"):
            return suffix
        raise CliError(f"--out {out}: cannot tell the image format from the extension; "
                       "name the file .png or .svg, or pass --format png|svg")
    if suffix in ("png", "svg") and suffix != fmt:
        raise CliError(f"--format {fmt} does not match --out {out} (a .{suffix} file); "
                       f"name the file .{fmt} or pass --format {suffix}")
    return fmt


def cmd_render(args: argparse.Namespace) -> int:
    """``render``: write one front's map image for ``--date`` and print its alt text."""
    from geo.render import RenderError, render_map

    args.format = _image_format(args.format, Path(args.out))  # before any work
    timeline = _one_front(_build(args), args)
    day = args.date or timeline.polygons[-1].date
    try:
        img = render_map(timeline, timeline.theater.boundaries, date=day, size=args.size,
                         fmt=args.format, scale=args.scale, compare=args.compare)
    except RenderError as exc:
        raise CliError(str(exc)) from None
    out = Path(args.out)
    with _writing(out):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(img.data)
    _say(f"Wrote {out} ({img.width}x{img.height}, {len(img.data):,} bytes)")
    _say(f"Alt text: {img.alt_text}")
    return 0


def cmd_html(args: argparse.Namespace) -> int:
    """``html``: write one front's standalone map page and print an embed snippet."""
    from geo.caption import alt_text
    from geo.webmap import iframe_snippet, write_standalone_html

    timeline = _one_front(_build(args), args)
    out = Path(args.out)
    day = args.date or timeline.polygons[-1].date
    alt = alt_text(timeline, day)  # before writing: a failure leaves no half-made output
    with _writing(out):
        out.parent.mkdir(parents=True, exist_ok=True)
        size = write_standalone_html(timeline, timeline.theater.boundaries, out, date=args.date,
                                     tiles=args.tiles)
    _say(f"Wrote {out} ({size:,} bytes)")
    _say(f"Alt text: {alt}")
    _say("Embed: " + iframe_snippet(out.name, title=f"Map: {timeline.theater.headline}"))
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser (``python -m geo --help``)."""
    p = argparse.ArgumentParser(
        prog="python -m geo",
        description="Turn news articles about a front line into a dated, cited timeline of "
                    "control polygons: data files (build), a map image (render) or a "
                    "standalone interactive map (html).")
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("dir", help="folder of articles (.txt/.md/.html + NAME.meta.json)")
        sp.add_argument("--published", action="append", default=[], metavar="FILE=DATE",
                        help="set a file's publication date (repeatable)")
        sp.add_argument("--online", action="store_true",
                        help="also ask OpenStreetMap's Nominatim for unknown places "
                             "(rate-limited, cached; off by default)")
        sp.add_argument("--theater", metavar="SLUG",
                        help="put every story on this front (default: each story's front is "
                             "decided from the places it names)")
        sp.add_argument("--packs", action="append", default=[], metavar="DIR",
                        help="another theatre pack, or a folder of packs (repeatable; also "
                             "FRONTLINE_THEATERS)")
        sp.add_argument("--overrides", metavar="CSV",
                        help="your own place coordinates (name,lat,lon,kind,note), consulted "
                             "before the packs' gazetteers")
        sp.add_argument("--figures-from", metavar="TYPES",
                        help="use only area figures from these claimant types, e.g. "
                             "'analyst' or 'military,government' (default: all; where "
                             "several fall on one date, analysts first)")
        sp.add_argument("--keep-figure", action="append", default=[], metavar="CLAIM_ID",
                        help="draw this area figure even though the checks mark it an "
                             "outlier (repeatable; ids are in figures.csv)")
        sp.add_argument("--drop-figure", action="append", default=[], metavar="CLAIM_ID",
                        help="leave this area figure out of the drawn area (repeatable)")

    b = sub.add_parser("build", help="write timeline.geojson, claims.csv, places.csv, "
                                     "figures.csv")
    common(b)
    b.add_argument("--out", required=True, help="output folder")
    b.add_argument("--every-day", action="store_true",
                   help="a polygon for every day, not only for dates with reports")
    b.set_defaults(func=cmd_build)

    r = sub.add_parser("render", help="static map image (PNG or SVG) for one date")
    common(r)
    r.add_argument("--date", type=_date, help="ISO date (default: the latest)")
    r.add_argument("--size", default="16:9", choices=["16:9", "1:1", "a4"],
                   help="16:9 slide (1600x900 px), 1:1 square (1080x1080 px) or a4 "
                        "landscape print (297x210 mm at 300 dpi); default 16:9")
    r.add_argument("--format", choices=["png", "svg"],
                   help="png or svg (default: from the --out extension)")
    r.add_argument("--scale", type=int, default=1, choices=[1, 2],
                   help="pixel density of a PNG: 2 doubles the pixels for sharp slides "
                        "(default 1)")
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
    except BrokenPipeError:  # the reader went away (``| head``) outside _say: stop quietly
        _reader_gone()
        return 0
    except FrontlineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: say so in one line; --debug shows the traceback
        if args.debug:
            raise
        print(f"internal error ({type(exc).__name__}: {exc}); run again with --debug and "
              "report it with the input files", file=sys.stderr)
        return 1
