"""Read article files into :class:`~geo.models.Article` records.

Stage 1 of the pipeline. Accepts plain text, Markdown and HTML pages (page
furniture stripped with trafilatura), one file or a folder of them, with
metadata from a ``NAME.meta.json`` sidecar or YAML front matter (keys
``title``, ``outlet``, ``url``, ``published``, ``notes``).

* Bytes are decoded as UTF-8 (with or without BOM; a few bad bytes become
  U+FFFD with a warning), UTF-16/32 with BOM, UTF-16 without one, or
  whatever charset-normalizer detects (cp1251, latin-1, ...), reported.
* Empty, binary, oversized or undecodable files, malformed sidecars and
  front matter each give a :class:`~geo.models.Problem` naming the file;
  nothing raises and nothing is skipped silently. Any other failure while
  reading one file, or reading that takes longer than
  ``settings.ARTICLE_TIME_BUDGET_S``, is a Problem too: the other files'
  articles stand.
* Only regular files are read (a named pipe or a device is reported, never
  opened for blocking reads), links leading out of the folder are not
  followed, and file names that are not UTF-8 are shown with U+FFFD.
* Metadata is bounded: YAML without anchors or aliases, limits on size,
  nesting and number length, dates validated and kept within a plausible
  window (``settings.EARLIEST_DATE`` to a year ahead).
* A file holding several unrelated stories run together is split at topic
  shifts (see :func:`split_stories`); stories about something other than
  the theatre are decided later, from the places each names (:mod:`geo.fronts`).
* A missing publication date is inferred from the text's own evidence
  (:func:`infer_published`) and labelled ``"inferred: ..."``; the user's
  ``published`` mapping overrides everything.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import json
import math
import os
import re
import reprlib
import stat
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo import settings
from geo._budget import BudgetExceeded, run_within
from geo._text import paragraphs
from geo.dates import find_dates
from geo.errors import InputError
from geo.models import Article, Problem
from geo.vocabulary import load_vocabulary

__all__ = ["IngestResult", "read_path", "read_bytes", "infer_published", "split_stories",
           "display_name", "date_window"]


@dataclass(frozen=True)
class IngestResult:
    """Articles read and problems met.

    Attributes
    ----------
    articles : tuple of Article
    problems : tuple of Problem
    """

    articles: tuple[Article, ...] = ()
    problems: tuple[Problem, ...] = ()

    def __add__(self, other: IngestResult) -> IngestResult:
        return IngestResult(self.articles + other.articles, self.problems + other.problems)


@dataclass(frozen=True)
class _Meta:
    """Validated metadata of one file."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    basis: str = "unknown"
    problems: tuple[Problem, ...] = field(default_factory=tuple)


# --- public API ---------------------------------------------------------------
def read_path(path: Path, *, published: Mapping[str, dt.date] | None = None) -> IngestResult:
    """Read one article file, or every article file in a folder.

    Parameters
    ----------
    path : Path
        A ``.txt``/``.md``/``.markdown``/``.html``/``.htm`` file or a folder.
        In a folder, ``*.meta.json`` files are sidecars; any other file is
        reported as "not an article format". Only regular files are read: a
        named pipe, a device or a link to a file outside the folder is
        reported and skipped.
    published : mapping of str to datetime.date, optional
        User-set publication dates keyed by file name (or stem); they win
        over sidecars, front matter and inference (basis ``"user"``).

    Returns
    -------
    IngestResult
        Never raises: a file that cannot be read becomes a Problem naming it,
        and the other files' articles stand.
    """
    path = Path(path)
    published = dict(published or {})
    if not path.exists() and not path.is_symlink():
        where = display_name(str(path))
        return IngestResult((), (Problem(where, f"{where}: no such file or folder."),))
    if path.is_dir():
        return _read_folder(path, published)
    name = display_name(path.name)
    return _isolated(name, lambda: _read_file(path, name, published))


def read_bytes(data: bytes, name: str, *, published: dt.date | None = None,
               meta: Mapping | None = None, _meta_basis: str = "metadata") -> IngestResult:
    """Read one article from bytes (an upload or pasted text).

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        File name; its suffix selects the format (unknown suffixes are read
        as plain text, or as HTML when the content looks like a page).
    published : datetime.date, optional
        User-set publication date (basis ``"user"``).
    meta : mapping, optional
        Metadata with the sidecar keys; wins over front matter.

    Returns
    -------
    IngestResult
        The file's stories (several when it holds several) and problems.
        Never raises: any failure, or reading that takes longer than
        ``settings.ARTICLE_TIME_BUDGET_S`` seconds of CPU, becomes a Problem
        naming the file.
    """
    name = display_name(name)
    return _isolated(name, lambda: _read_text_file(data, name, published, meta, _meta_basis))


def display_name(name: str) -> str:
    r"""A file name fit to show, store and write: valid UTF-8, no control characters.

    Names read from disk may hold bytes that are not UTF-8 (Python keeps them
    as lone surrogates, which no file or terminal accepts); they become
    U+FFFD, as do control characters (a newline in a name would start a new
    report line).

    >>> display_name("ok.txt"), display_name("bad\udcff.txt")
    ('ok.txt', 'bad\ufffd.txt')
    """
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join("\ufffd" if unicodedata.category(c) == "Cc" else c for c in text)


# --- one file ------------------------------------------------------------------
def _isolated(name: str, read: Callable[[], IngestResult]) -> IngestResult:
    """Run the reading of one file; any failure becomes a Problem naming it."""
    budget = settings.ARTICLE_TIME_BUDGET_S
    try:
        return run_within(budget, read)
    except BudgetExceeded:
        return IngestResult((), (Problem(name, f"{name}: reading it took more than the "
                                         f"{budget:g} s budget per article; skipped. Split "
                                         "the file or raise ARTICLE_TIME_BUDGET_S."),))
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the others
        return IngestResult((), (Problem(name, f"{name}: could not be read "
                                         f"({_describe(exc)}); skipped."),))


def _describe(exc: BaseException) -> str:
    text = _cut(str(exc), 160)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _read_file(path: Path, name: str, published: Mapping[str, dt.date]) -> IngestResult:
    """Read one named article file with its sidecar."""
    if path.name.endswith(settings.SIDECAR_SUFFIX):
        return IngestResult((), (Problem(name, f"{name} is a metadata sidecar, not an "
                                         "article; open the article file next to it."),))
    if path.suffix.lower() not in settings.ARTICLE_SUFFIXES:
        return IngestResult((), (_not_article(name),))
    sidecar, sidecar_problems = _load_sidecar(path, name)
    data, size, refusal = _read_regular(path, settings.MAX_FILE_BYTES)
    if refusal is not None:
        why = f"{name} {refusal}" + ("; only regular files are read" if "regular" in refusal
                                     else "")
        return IngestResult((), sidecar_problems + (Problem(name, why + "."),))
    if size > settings.MAX_FILE_BYTES:
        return IngestResult((), sidecar_problems + (_oversized(name, size),))
    renamed = ((Problem(name, f"{name}: the file name is not valid UTF-8; it is shown with "
                        "\ufffd in place of the bad bytes.", "warning"),)
               if name != path.name and "\ufffd" in name else ())
    user = _user_date(published, path)
    res = _read_text_file(data, name, user, sidecar, "sidecar")
    return IngestResult(res.articles, renamed + sidecar_problems + res.problems)


def _read_regular(path: Path, limit: int) -> tuple[bytes, int, str | None]:
    """Read at most ``limit + 1`` bytes of a regular file.

    Returns
    -------
    (bytes, int, str or None)
        The bytes, the file's size, and why it was not read (None when it
        was): "is not a regular file (a named pipe)", "cannot be read (...)".
        Opening never blocks (a pipe with no writer) and nothing past the
        limit is read (an endless device).
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return b"", 0, f"cannot be read ({exc.strerror or exc})"
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return b"", 0, f"is not a regular file ({_file_kind(st.st_mode)})"
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        return b"", 0, f"cannot be read ({exc.strerror or exc})"
    finally:
        os.close(fd)
    data = b"".join(chunks)
    return data, max(st.st_size, len(data)), None


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
             (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"))
    return next((what for test, what in kinds if test(mode)), "not a plain file")


def _oversized(name: str, size: int) -> Problem:
    return Problem(name, f"{name} is {size:,} bytes, over the {settings.MAX_FILE_BYTES:,}-byte "
                   "limit for one article; split it or raise MAX_FILE_BYTES.")


def _read_text_file(data: bytes, name: str, published: dt.date | None, meta: Mapping | None,
                    meta_basis: str) -> IngestResult:
    """Bytes of one file -> its stories (see :func:`read_bytes`)."""
    if not data or not data.strip():
        return IngestResult((), (Problem(name, f"{name} is empty: nothing to read."),))
    if len(data) > settings.MAX_FILE_BYTES:
        return IngestResult((), (_oversized(name, len(data)),))
    problems: list[Problem] = []
    text, problem = decode(data, name)
    if problem is not None:
        problems.append(problem)
    if text is None:
        return IngestResult((), tuple(problems))
    text, front, page_meta, why_empty = _plain_text(text, name, problems)
    if why_empty:
        return IngestResult((), tuple(problems) + (Problem(name, why_empty),))
    md = _merge_meta(name, meta, meta_basis, front, page_meta, problems)
    user = _plausible_published(published, name, "the date set by the user", problems)
    pub, basis = (user, "user") if user is not None else (md.published, md.basis)
    articles = _stories(text, name, md, pub, basis, problems)
    return IngestResult(articles, tuple(md.problems) + tuple(problems))


def _plain_text(text: str, name: str,
                problems: list[Problem]) -> tuple[str, dict[str, Any], dict[str, Any], str | None]:
    """Decoded file -> (plain text, front matter, page metadata, why it is empty or None)."""
    suffix = Path(name).suffix.lower()
    page_meta: dict[str, Any] = {}
    if suffix in (".html", ".htm") or (suffix not in (".md", ".markdown", ".txt")
                                       and re.match(r"\s*<(?:!doctype|html)", text, re.I)):
        text, page_meta = html_to_text(text)
        if not text.strip():
            return text, {}, page_meta, f"{name}: no article text found in the HTML page."
    front: dict[str, Any] = {}
    if suffix not in (".html", ".htm"):
        front, text, fm_problem = split_front_matter(text, name)
        if fm_problem:
            problems.append(fm_problem)
    if suffix in (".md", ".markdown"):
        text, heading = markdown_to_text(text)
        page_meta.setdefault("title", heading)
    text = normalize(text)
    if not text.strip():
        return text, front, page_meta, f"{name} has no text besides its metadata."
    return text, front, page_meta, None


def _stories(text: str, name: str, md: _Meta, pub: dt.date | None, basis: str,
             problems: list[Problem]) -> tuple[Article, ...]:
    """Split the text into stories and make an Article of each.

    Their fronts are decided later, from the places each names.
    """
    stories = split_stories(text)
    articles = []
    for k, (start, end) in enumerate(stories):
        body = text[start:end]
        s_pub, s_basis = pub, basis
        if s_pub is None:
            s_pub, evidence = infer_published(body)
            s_pub = _plausible_published(s_pub, name, "the date inferred from the text",
                                         problems)
            s_basis = f"inferred: {evidence}" if s_pub else "unknown"
        sid = name if k == 0 else f"{name}#{k + 1}"
        title = md.title if k == 0 else _first_line(body)
        articles.append(Article(source_id=sid, path=name, text=body, file_offset=start,
                                title=title, outlet=md.outlet, url=md.url if k == 0 else None,
                                published=s_pub, published_basis=s_basis))
        if s_pub is None and k == 0:
            problems.append(Problem(name, f"{name}: no publication date (no sidecar, front "
                                    "matter or date in the text); relative dates stay undated. "
                                    "Set it with --published FILE=YYYY-MM-DD, or the "
                                    "publication date of an upload.", "warning"))
        elif s_pub is not None and s_basis.startswith("inferred"):
            problems.append(Problem(name, f"{sid}: publication date {s_pub.isoformat()} was "
                                    f"{s_basis}; check it or set it.", "warning"))
    if len(stories) > 1:
        problems.append(Problem(name, f"{name} holds {len(stories)} stories run together; split "
                                "at topic shifts (" + ", ".join(
                                    f"#{k + 1} at character {s}" for k, (s, _e) in
                                    enumerate(stories)) + ").", "warning"))
    return tuple(articles)


def infer_published(text: str) -> tuple[dt.date | None, str]:
    """Infer a publication date from a text's own evidence.

    The latest explicit full date (with a year) is a lower bound; weekday
    references after it ("on Sunday") that fall within the following week
    push it forward to that weekday.

    Parameters
    ----------
    text : str

    Returns
    -------
    (datetime.date or None, str)
        The date and the evidence in words (or why there is none).
    """
    dated = [(m, m.resolved) for m in find_dates(text, None)
             if m.resolved is not None and m.resolved.precision == "day"
             and not m.resolved.inferred]
    if not dated:
        return None, "no explicit date with a year in the text"
    latest, resolved = max(dated, key=lambda mr: mr[1].start)
    best = resolved.start
    evidence = f"latest explicit date in the text “{resolved.text}”"
    names = load_vocabulary().calendar.weekday_names
    weekdays = re.finditer(r"\b(?:on|by|since|last)?\s*(" + "|".join(names) + r")\b",
                           text[latest.end:])
    pushed = best
    for w in weekdays:
        wd = names.index(w.group(1))
        cand = best + dt.timedelta(days=(wd - best.weekday()) % 7)
        if cand > pushed:
            pushed = cand
    if pushed > best:
        evidence += f", then weekday references up to {pushed.strftime('%A')} {pushed.isoformat()}"
    return pushed, evidence


def split_stories(text: str) -> list[tuple[int, int]]:
    """Split a text holding several unrelated stories at topic shifts.

    Paragraph windows on each side of every gap between paragraphs are
    compared by the cosine similarity of their content words (names count
    double); a gap whose similarity is a clear local minimum below
    ``SPLIT_MAX_SIMILARITY`` is a boundary. Boilerplate lines ("Follow ...",
    "Related Topics:", "Image: ...") are left out of the comparison and make
    a nearby gap a little more likely to be chosen (a weak hint only).
    Each story keeps at least ``SPLIT_MIN_PARAGRAPHS`` paragraphs and
    ``SPLIT_MIN_CHARS`` characters.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of (start, end)
        Offsets of each story in ``text`` (one span when not split).
    """
    paras = paragraphs(text)
    if not paras:
        return [(0, len(text))]
    content = [i for i, p in enumerate(paras) if not _is_boilerplate(p.text)]
    vecs = [_bag(paras[i].text) for i in content]
    n, w = len(content), settings.SPLIT_WINDOW
    # gap g lies before content paragraph g (1..n-1)
    sims: dict[int, float] = {}
    for g in range(1, n):
        left = _sum_bags(vecs[max(0, g - w):g])
        right = _sum_bags(vecs[g:g + w])
        sim = _cosine(left, right)
        # a boilerplate line between the two paragraphs is a weak boundary hint
        if any(_is_boilerplate(paras[j].text) for j in range(content[g - 1] + 1, content[g])):
            sim -= settings.SPLIT_BOILERPLATE_BONUS
        sims[g] = sim
    cuts: list[int] = []
    for g in sorted(sims, key=lambda g: sims[g]):
        if sims[g] >= settings.SPLIT_MAX_SIMILARITY:
            break
        near = [sims[h] for h in (g - 1, g + 1) if h in sims]
        if near and sims[g] > min(near):
            continue  # not a local minimum
        bounds = sorted(cuts + [g])
        pieces = list(zip([0] + bounds, bounds + [n]))
        if all(b - a >= settings.SPLIT_MIN_PARAGRAPHS and
               paras[content[b - 1]].end - paras[content[a]].start >= settings.SPLIT_MIN_CHARS
               for a, b in pieces):
            cuts = bounds
    if not cuts:
        return [(paras[0].start, paras[-1].end)]
    spans = []
    starts = [0] + cuts
    for k, g in enumerate(starts):
        first_para = 0 if k == 0 else _story_start(paras, content, g)
        spans.append(first_para)
    out = []
    for k, pi in enumerate(spans):
        end_para = spans[k + 1] - 1 if k + 1 < len(spans) else len(paras) - 1
        out.append((paras[pi].start, paras[end_para].end))
    return out


# --- decoding and formats ----------------------------------------------------
_MAGIC = ((b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"),
          (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
          (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
          (b"\x1f\x8b", "a gzip archive"), (b"\xd0\xcf\x11\xe0", "an old Office document"),
          (b"\x7fELF", "a program"), (b"RIFF", "a media file"))


def decode(data: bytes, name: str) -> tuple[str | None, Problem | None]:
    """Decode a file's bytes to text.

    In order: known binary formats are refused; a byte-order mark decides;
    UTF-16 without a mark is recognised (NUL bytes, one script's high bytes);
    UTF-8; UTF-8 with a few bad bytes (each becomes U+FFFD, with a warning);
    else whatever charset-normalizer finds most plausible.

    Parameters
    ----------
    data : bytes
    name : str
        For the problem messages.

    Returns
    -------
    (str or None, Problem or None)
        The text (None when the file is binary or undecodable) and an error
        or a warning (e.g. "decoded as windows-1251").
    """
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return None, Problem(name, f"{name} is {what}, not text; save the article as .txt, "
                                 ".md or .html.")
    by_bom = _decode_by_bom(data, name)
    if by_bom is not None:
        return by_bom
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            text, label = utf16
            return _check_text(text, name, label)
    try:
        return _check_text(data.decode("utf-8"), name, None)
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    mostly = _mostly_utf8(data, name, first_bad)
    if mostly is not None:
        return mostly
    return _decode_by_detection(data, name)


def _decode_by_bom(data: bytes, name: str) -> tuple[str | None, Problem | None] | None:
    """Decode by the byte-order mark; None when there is none."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(enc), name, None if enc == "utf-8-sig" else enc)
            except UnicodeDecodeError:
                return None, Problem(name, f"{name} starts with a {enc} mark but is not valid "
                                     f"{enc}.")
    return None


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text without a byte-order mark: (text, label), or None.

    Text in one alphabet uses few distinct high bytes (0x00 for ASCII, 0x04
    for Cyrillic, 0x20 for typographic quotes) and has ASCII spaces and
    digits; random binary data has neither.
    """
    if len(data) < 2 or len(data) % 2:
        return None
    for enc, label, high in (("utf-16-le", "UTF-16 little-endian (no byte-order mark)", 1),
                             ("utf-16-be", "UTF-16 big-endian (no byte-order mark)", 0)):
        highs = data[high::2]
        counts = Counter(highs)
        script = sum(n for _b, n in counts.most_common(3))
        if (script < settings.UTF16_MIN_SCRIPT_SHARE * len(highs)
                or counts[0] < settings.UTF16_MIN_ASCII_SHARE * len(highs)):
            continue
        try:
            return data.decode(enc), label
        except UnicodeDecodeError:
            continue
    return None


def _mostly_utf8(data: bytes, name: str,
                 first_bad: int) -> tuple[str | None, Problem | None] | None:
    """UTF-8 with a few bad bytes (a truncated character, a stray byte), or None.

    Accepted when bad sequences are at most ``settings.UTF8_MAX_BAD_SHARE``
    of the bytes and valid multi-byte characters outnumber them
    ``settings.UTF8_MIN_GOOD_PER_BAD`` times (an ASCII file with one stray
    0x92 is far likelier cp1252, and goes to detection).
    """
    text = data.decode("utf-8", errors="replace")
    marks = text.count("\ufffd")
    bad = marks - data.count("\ufffd".encode("utf-8"))
    if bad <= 0 or bad > max(1.0, settings.UTF8_MAX_BAD_SHARE * len(data)):
        return None
    good = len(text) - len(text.encode("ascii", "ignore")) - marks  # valid non-ASCII
    if good < settings.UTF8_MIN_GOOD_PER_BAD * bad:
        return None
    decoded, problem = _check_text(text, name, None)
    if decoded is None:
        return decoded, problem
    what = ("1 byte is", "its") if bad == 1 else (f"{bad} bytes are", "their")
    return decoded, Problem(name, f"{name}: {what[0]} not valid UTF-8 (the first at byte "
                            f"{first_bad:,}); read as UTF-8 with \ufffd in {what[1]} place.",
                            "warning")


def _decode_by_detection(data: bytes, name: str) -> tuple[str | None, Problem | None]:
    """The most plausible single-byte encoding (charset-normalizer)."""
    from charset_normalizer import from_bytes

    results = list(from_bytes(data))
    if not results:
        return None, Problem(name, f"{name} looks binary (no text encoding fits); it is not an "
                             "article.")
    best = results[0]
    for r in results:
        if r.chaos > best.chaos + settings.ENCODING_CHAOS_TOLERANCE:
            break
        fits = [e for e in settings.PREFERRED_ENCODINGS if e in r.could_be_from_charset]
        if fits:
            try:
                return _check_text(data.decode(fits[0]), name, fits[0])
            except UnicodeDecodeError:
                continue
    return _check_text(str(best), name, best.encoding)


def _check_text(text: str, name: str, encoding: str | None) -> tuple[str | None, Problem | None]:
    ctrl = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f\v")
    if text and ctrl / len(text) > settings.BINARY_CONTROL_CHAR_RATIO:
        return None, Problem(name, f"{name} looks binary ({ctrl} control characters); it is "
                             "not an article.")
    if encoding is None:
        return text, None
    return text, Problem(name, f"{name} is not UTF-8; decoded as {encoding}. Check that "
                         "accents and quotes read correctly.", "warning")


def normalize(text: str) -> str:
    r"""Unicode NFC, ``\n`` line ends, no-break spaces as spaces, no zero-width marks."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", text)


def html_to_text(html: str) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of an HTML page (boilerplate stripped).

    Parameters
    ----------
    html : str

    Returns
    -------
    (str, dict)
        Plain text (paragraphs on their own lines) and the page's title,
        sitename, url and date where trafilatura finds them.
    """
    import trafilatura

    meta: dict[str, Any] = {}
    try:
        # Dates only from the page's markup (meta tags, <time>, JSON-LD): a date
        # found in the prose is an inference and is labelled as one by the caller.
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True,
                                          date_extraction_params={"extensive_search": False,
                                                                  "original_date": True})
    except Exception:  # noqa: BLE001 - trafilatura on hostile markup: fall back to tag stripping
        doc = None
    text = ""
    if doc is not None:
        text = getattr(doc, "text", None) or ""
        for key in ("title", "sitename", "url", "date"):
            val = getattr(doc, key, None)
            if val:
                meta[key] = val
    if not text.strip():
        text = _strip_tags(html)
    return text, meta


def _strip_tags(html: str) -> str:
    import html as htmllib

    html = re.sub(r"(?is)<(script|style|nav|header|footer|aside)\b.*?</\1>", " ", html)
    html = re.sub(r"(?i)<br\s*/?>|</p>|</h\d>|</li>|</div>", "\n", html)
    return htmllib.unescape(re.sub(r"<[^>]+>", "", html))


def split_front_matter(text: str, name: str) -> tuple[dict[str, Any], str, Problem | None]:
    """Split YAML front matter (between ``---`` lines at the top) from the body.

    The YAML is read by a safe loader that refuses anchors and aliases (a
    few hundred bytes of nested aliases expand to billions of items), reads
    dates as text (validated later, so ``2024-02-30`` is a message, not a
    crash), and bounds the block's size, nesting and numbers
    (``settings.FRONT_MATTER_MAX_CHARS``, ``META_MAX_DEPTH``,
    ``META_MAX_NUMBER_DIGITS``).

    Parameters
    ----------
    text : str
    name : str
        For the problem message.

    Returns
    -------
    (dict, str, Problem or None)
        The metadata (empty when absent or refused), the body, and a
        warning when the front matter could not be read.
    """
    # blank lines before the opening "---" are tolerated (pasted or hand-edited files)
    m = re.match(r"\A\ufeff?(?:[ \t]*\n)*[ \t]*---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)",
                 text, re.S)
    if not m:
        if re.match(r"\A\ufeff?(?:[ \t]*\n)*[ \t]*---[ \t]*\n", text):
            return {}, text, Problem(name, f"{name}: front matter starts with '---' but never "
                                     "ends; it was read as text.", "warning")
        return {}, text, None
    # keep offsets stable: blank out the block instead of cutting it
    body = "\n" * m.group(0).count("\n") + text[m.end():]
    block = m.group(1) or ""
    if len(block) > settings.FRONT_MATTER_MAX_CHARS:
        return {}, body, Problem(name, f"{name}: front matter is {len(block):,} characters long, "
                                 f"over the {settings.FRONT_MATTER_MAX_CHARS:,}-character limit; "
                                 "metadata ignored.", "warning")
    data, why = _load_yaml(block)
    if why is not None:
        return {}, body, Problem(name, f"{name}: {why}; metadata ignored.", "warning")
    if not isinstance(data, dict):
        return {}, body, Problem(name, f"{name}: front matter is not a key: value mapping; "
                                 "metadata ignored.", "warning")
    return data, body, None


class _MetaRefused(InputError):
    """Metadata refused for a reason the message gives (caught here: it becomes a Problem)."""


def _load_yaml(block: str) -> tuple[Any, str | None]:
    """(data, None), or (None, why the front matter was refused)."""
    import yaml

    try:
        return yaml.load(block, Loader=_meta_loader()) or {}, None  # noqa: S506 - safe subclass
    except _MetaRefused as exc:
        return None, f"front matter {exc}"
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 2}" if where is not None else ""
        return None, (f"malformed front matter{at} "
                      f"({getattr(exc, 'problem', None) or 'not YAML'})")
    except (ValueError, RecursionError) as exc:  # e.g. an explicit !!timestamp 2024-02-30
        return None, f"front matter could not be read ({_describe(exc)})"


@functools.lru_cache(maxsize=1)
def _meta_loader() -> type:
    """A ``yaml.SafeLoader`` for metadata.

    No anchors or aliases, no implicit timestamps, bounded nesting and numbers.
    """
    import yaml

    class MetaLoader(yaml.SafeLoader):
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _MetaRefused("uses YAML anchors or aliases (&name, *name), which are not "
                                   "accepted")
            self.depth += 1
            try:
                if self.depth > settings.META_MAX_DEPTH:
                    raise _MetaRefused(f"is nested more than {settings.META_MAX_DEPTH} "
                                       "levels deep")
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def construct_yaml_int(self, node: Any) -> int:
            _check_digits(str(node.value))
            return super().construct_yaml_int(node)

    MetaLoader.add_constructor("tag:yaml.org,2002:int", MetaLoader.construct_yaml_int)
    MetaLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return MetaLoader


def _check_digits(number: str) -> None:
    digits = sum(ch.isdigit() for ch in number)
    if digits > settings.META_MAX_NUMBER_DIGITS:
        raise _MetaRefused(f"holds a number with {digits:,} digits (at most "
                           f"{settings.META_MAX_NUMBER_DIGITS})")


def markdown_to_text(text: str) -> tuple[str, str | None]:
    """Plain text of Markdown: markup removed, one paragraph per line.

    Returns
    -------
    (str, str or None)
        The text and the first heading (a title candidate).
    """
    heading = None
    lines = []
    for line in text.split("\n"):
        h = re.match(r"\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if h:
            heading = heading or h.group(1)
            line = h.group(1)
        line = re.sub(r"!\[([^\]]*)\]\([^)]*\)", lambda m: f"Image: {m.group(1)}", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
        line = re.sub(r"^\s{0,3}>\s?", "", line)
        line = re.sub(r"^\s*(?:[-*+]|\d+\.)\s+", "• ", line)
        line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
        line = re.sub(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", r"\2", line)
        line = re.sub(r"`([^`]*)`", r"\1", line)
        line = re.sub(r"<[^>]+>", "", line)
        if re.fullmatch(r"\s*(?:[-*_]\s*){3,}", line):
            line = ""
        lines.append(line)
    # join soft-wrapped lines of one paragraph
    paras: list[str] = []
    cur: list[str] = []
    for line in lines:
        if line.strip():
            if cur and (line.startswith("• ") or cur[-1].startswith("Image: ")):
                paras.append(" ".join(cur))
                cur = []
            cur.append(line.strip())
        else:
            if cur:
                paras.append(" ".join(cur))
                cur = []
            paras.append("")
    if cur:
        paras.append(" ".join(cur))
    return "\n".join(paras), heading


# --- metadata ------------------------------------------------------------------
def _load_sidecar(path: Path, name: str) -> tuple[dict[str, Any] | None, tuple[Problem, ...]]:
    """The sidecar of the article file ``path`` (shown as ``name``), if any.

    A sidecar that is a folder, a link out of the article's folder, not a
    regular file, unreadable, over ``settings.SIDECAR_MAX_BYTES``, not UTF-8,
    not JSON, nested deeper than ``META_MAX_DEPTH``, or holding a number
    longer than ``META_MAX_NUMBER_DIGITS`` digits gives a warning naming it;
    the article is still read, without that metadata.
    """
    candidates = [path.with_name(path.stem + settings.SIDECAR_SUFFIX),
                  path.with_name(path.name + settings.SIDECAR_SUFFIX)]
    for side in candidates:
        if not (side.exists() or side.is_symlink()):
            continue
        shown = display_name(side.name)
        try:
            data = _sidecar_data(side, path.parent)
        except _MetaRefused as exc:
            return None, (Problem(shown, f"{shown}: {exc}; metadata for {name} ignored.",
                                  "warning"),)
        return data, ()
    return None, ()


def _sidecar_data(side: Path, folder: Path) -> dict[str, Any]:
    """Read and parse one sidecar; :class:`_MetaRefused` says why not."""
    if _leaves_folder(side, folder):
        raise _MetaRefused("the sidecar is a link to a file outside the folder")
    raw, size, refusal = _read_regular(side, settings.SIDECAR_MAX_BYTES)
    if refusal is not None:
        raise _MetaRefused(f"the sidecar {refusal}")
    if size > settings.SIDECAR_MAX_BYTES:
        raise _MetaRefused(f"the sidecar is {size:,} bytes, over the "
                           f"{settings.SIDECAR_MAX_BYTES:,}-byte limit")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _MetaRefused("sidecar is not UTF-8 JSON") from None
    depth = _json_depth(text)
    if depth > settings.META_MAX_DEPTH:
        raise _MetaRefused(f"the sidecar is nested {depth:,} levels deep (at most "
                           f"{settings.META_MAX_DEPTH})")
    try:
        data = json.loads(text, parse_int=_json_int, parse_float=_json_float,
                          parse_constant=_json_constant)
    except json.JSONDecodeError as exc:
        raise _MetaRefused(f"malformed JSON at line {exc.lineno}, column {exc.colno} "
                           f"({exc.msg})") from None
    if not isinstance(data, dict):
        raise _MetaRefused("sidecar must be a JSON object with title, outlet, url, published")
    return data


def _json_depth(text: str) -> int:
    """Deepest nesting of ``[`` and ``{`` in JSON text (strings skipped)."""
    depth = deepest = 0
    for ch in re.sub(r'"(?:[^"\\]|\\.)*"', '""', text):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _json_int(number: str) -> int:
    _check_digits(number)
    return int(number)


def _json_float(number: str) -> float:
    _check_digits(number.split("e")[0].split("E")[0])
    value = float(number)
    if not math.isfinite(value):
        raise _MetaRefused(f"holds the number {number[:40]}, too large to use")
    return value


def _json_constant(word: str) -> float:
    raise _MetaRefused(f"holds {word}, which is not a JSON number")


def _merge_meta(name: str, meta: Mapping | None, meta_basis: str, front: Mapping,
                page: Mapping, problems: list[Problem]) -> _Meta:
    """Combine metadata: given meta > front matter > page metadata."""
    out: dict[str, Any] = {}
    pub, basis = None, "unknown"
    sources = ((meta or {}, meta_basis), (front, "front matter"), (page, "page metadata"))
    for src, label in sources:
        if not src:
            continue
        unknown = sorted(set(map(str, src)) - set(settings.META_KEYS) - {"sitename", "date"})
        if unknown and label != "page metadata":
            problems.append(Problem(name, f"{name}: unknown {label} key(s) "
                                    f"{_cut(', '.join(unknown), 200)} ignored (known: "
                                    f"{', '.join(settings.META_KEYS)}).", "warning"))
        for key in ("title", "outlet", "url"):
            val = src.get(key) or (src.get("sitename") if key == "outlet" else None)
            if key not in out and val is not None:
                if isinstance(val, (str, int, float)) and not isinstance(val, bool) \
                        and str(val).strip():
                    out[key] = str(val).strip()
                else:
                    problems.append(Problem(name, f"{name}: {label} {key} {_short_repr(val)} "
                                            "is not text; ignored.", "warning"))
        raw = src.get("published", src.get("date"))
        if pub is None and raw not in (None, ""):
            d, why = _as_date(raw)
            if d is None:
                problems.append(Problem(name, f"{name}: {label} published value "
                                        f"{_short_repr(raw)} is {why}; ignored.", "warning"))
            else:
                d = _plausible_published(d, name, f"the {label} published date", problems)
                if d is not None:
                    pub, basis = d, label
    return _Meta(out.get("title"), out.get("outlet"), out.get("url"), pub, basis)


def _short_repr(value: Any) -> str:
    """``repr`` cut to a readable length (a metadata value can be huge)."""
    shown = reprlib.Repr()
    shown.maxstring = shown.maxother = 80
    shown.maxlist = shown.maxdict = shown.maxtuple = 6
    return shown.repr(value)


def _as_date(raw: Any) -> tuple[dt.date | None, str]:
    """A metadata date value -> (date, "") or (None, why it is not one)."""
    if isinstance(raw, dt.datetime):
        return raw.date(), ""
    if isinstance(raw, dt.date):
        return raw, ""
    if not isinstance(raw, str):
        return None, "not an ISO date (YYYY-MM-DD)"
    m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)", raw)
    if not m:
        return None, "not an ISO date (YYYY-MM-DD)"
    try:
        return dt.date(*(int(g) for g in m.groups())), ""
    except ValueError as exc:
        return None, f"not a valid date ({exc})"


def date_window(published: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The plausible dates, as ``(earliest, latest)``.

    From ``settings.EARLIEST_DATE`` to a year after ``published`` (after today
    when no publication date is known).
    """
    anchor = published or dt.date.today()
    latest = anchor + dt.timedelta(days=settings.LATEST_DATE_AFTER_DAYS)
    return dt.date.fromisoformat(settings.EARLIEST_DATE), latest


def _plausible_published(day: dt.date | None, name: str, what: str,
                         problems: list[Problem]) -> dt.date | None:
    """``day`` when it is a plausible publication date, else None and a warning."""
    if day is None:
        return None
    earliest, latest = date_window()
    if earliest <= day <= latest:
        return day
    problems.append(Problem(name, f"{name}: {what} {day.isoformat()} lies outside the "
                            f"plausible window ({earliest.isoformat()} to "
                            f"{latest.isoformat()}); ignored.", "warning"))
    return None


def _user_date(published: Mapping[str, dt.date], path: Path) -> dt.date | None:
    for key in (path.name, path.stem, str(path)):
        if key in published:
            return published[key]
    return None


# --- folders ---------------------------------------------------------------
def _read_folder(folder: Path, published: Mapping[str, dt.date]) -> IngestResult:
    result = IngestResult()
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as exc:
        where = display_name(str(folder))
        return IngestResult((), (Problem(where, f"{where}: the folder cannot be read "
                                         f"({exc.strerror or exc})."),))
    articles = {p.name for p in entries if _is_article_name(p.name)}
    for p in entries:
        name = display_name(p.name)
        result += _isolated(name, functools.partial(_read_entry, p, name, folder, articles,
                                                    published))
    if not result.articles and not result.problems:
        where = display_name(str(folder))
        result += IngestResult((), (Problem(folder.name, f"{where} holds no article files "
                                            f"({', '.join(settings.ARTICLE_SUFFIXES)})."),))
    return result


def _is_article_name(name: str) -> bool:
    return (not name.endswith(settings.SIDECAR_SUFFIX)
            and Path(name).suffix.lower() in settings.ARTICLE_SUFFIXES)


def _read_entry(p: Path, name: str, folder: Path, articles: set[str],
                published: Mapping[str, dt.date]) -> IngestResult:
    """One entry of a folder: an article (with its sidecar), a sidecar, or a problem."""
    if _leaves_folder(p, folder):
        return IngestResult((), (Problem(name, f"{name} is a link to a file outside the "
                                         "folder; links out of the folder are not followed."),))
    if p.name.endswith(settings.SIDECAR_SUFFIX):
        stem = p.name[: -len(settings.SIDECAR_SUFFIX)]
        if not any(a == stem or Path(a).stem == stem for a in articles):
            return IngestResult((), (Problem(name, f"{name}: sidecar without an article file "
                                             "next to it; ignored.", "warning"),))
        return IngestResult()  # read with its article
    if p.is_dir():
        return IngestResult((), (Problem(name, f"{name} is a sub-folder; only the files "
                                         "directly in the folder are read.", "warning"),))
    if not _is_article_name(p.name):
        return IngestResult((), (_not_article(name),))
    return _read_file(p, name, published)


def _leaves_folder(path: Path, folder: Path) -> bool:
    """True when ``path`` is a link whose target lies outside ``folder``."""
    if not path.is_symlink():
        return False
    try:
        target = path.resolve(strict=False)
        return not target.is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a link loop
        return True


def _not_article(name: str) -> Problem:
    return Problem(name, f"{name}: not an article format (read: "
                   f"{', '.join(settings.ARTICLE_SUFFIXES)}); skipped.")


# --- story splitting helpers -----------------------------------------------------
_BOILERPLATE = tuple(re.compile(p, re.I) for p in settings.BOILERPLATE_LINE_PATTERNS)
_STOP = frozenset("""a about above after again against all almost also although am among an and
any are aren't as at be because been before being below between both but by can could did do does
doing down during each even ever every few for from further had has have having he her here hers
herself him himself his how however i if in into is it its itself just like made make many may me
might more most much must my myself near never new no nor not now of off on once one only or other
our ours out over own part per said same say says see seen she should since so some still such than
that the their theirs them themselves then there these they this those though through to too two
under until up upon us very was way we were what when where which while who whom why will with
within without would yet you your yours told tells according back get got going go made take took
three four five first last next well really there's it's he's they're we're i'm don't""".split())


def _is_boilerplate(line: str) -> bool:
    return any(rx.fullmatch(line.strip()) for rx in _BOILERPLATE)


def _bag(text: str) -> Counter:
    bag: Counter = Counter()
    toks = re.findall(r"[A-Za-z][A-Za-z'’\-]+", text)
    for k, tok in enumerate(toks):
        low = tok.lower().replace("’", "'")
        if low in _STOP or len(low) < 3:
            continue
        low = re.sub(r"'s$", "", low)
        if len(low) > 4 and low.endswith("s") and not low.endswith("ss"):
            low = low[:-1]
        bag[low] += 2 if (tok[0].isupper() and k > 0) else 1
    return bag


def _sum_bags(bags: Sequence[Counter]) -> Counter:
    out: Counter = Counter()
    for b in bags:
        out.update(b)
    return out


def _cosine(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    return dot / (math.sqrt(sum(v * v for v in a.values())) *
                  math.sqrt(sum(v * v for v in b.values())))


def _story_start(paras, content: list[int], g: int) -> int:
    """Paragraph index where the story beginning at content paragraph ``g`` starts.

    Boilerplate lines just before it belong to the previous story (page
    furniture trails a story), so the new story starts at its first content
    paragraph.
    """
    return content[g]


def _first_line(text: str) -> str | None:
    line = text.strip().split("\n", 1)[0].strip()
    return (line[:117] + "...") if len(line) > 120 else (line or None)
