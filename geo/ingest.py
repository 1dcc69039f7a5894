"""Read article files into :class:`~geo.models.Article` records.

Stage 1 of the pipeline. Accepts plain text, Markdown and HTML pages (page
furniture stripped with trafilatura), one file or a folder of them, with
metadata from a ``NAME.meta.json`` sidecar or YAML front matter (keys
``title``, ``outlet``, ``url``, ``published``, ``notes``).

* Bytes are decoded as UTF-8 (with or without BOM), UTF-16/32 with BOM, or
  whatever charset-normalizer detects (cp1251, latin-1, ...), reported.
* Empty, binary, oversized or undecodable files, malformed sidecars and
  front matter each give a :class:`~geo.models.Problem` naming the file;
  nothing raises and nothing is skipped silently.
* A file holding several unrelated stories run together is split at topic
  shifts (see :func:`split_stories`); which front each story is about is
  decided later, from the places it names (:mod:`geo.fronts`).
* A missing publication date is inferred from the text's own evidence
  (:func:`infer_published`) and labelled ``"inferred: ..."``; the user's
  ``published`` mapping overrides everything.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from geo import settings
from geo._text import paragraphs
from geo.dates import find_dates
from geo.models import Article, Problem

__all__ = ["IngestResult", "read_path", "read_bytes", "infer_published", "split_stories"]


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

    def __add__(self, other: "IngestResult") -> "IngestResult":
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
        reported as "not an article format".
    published : mapping of str to datetime.date, optional
        User-set publication dates keyed by file name (or stem); they win
        over sidecars, front matter and inference (basis ``"user"``).

    Returns
    -------
    IngestResult
    """
    path = Path(path)
    published = dict(published or {})
    if not path.exists():
        return IngestResult((), (Problem(str(path), f"{path}: no such file or folder."),))
    if path.is_dir():
        return _read_folder(path, published)
    if path.name.endswith(settings.SIDECAR_SUFFIX):
        return IngestResult((), (Problem(path.name, f"{path.name} is a metadata sidecar, not an "
                                         "article; open the article file next to it."),))
    if path.suffix.lower() not in settings.ARTICLE_SUFFIXES:
        return IngestResult((), (_not_article(path.name),))
    sidecar, sidecar_problems = _load_sidecar(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return IngestResult((), (Problem(path.name, f"{path.name}: cannot be read ({exc.strerror})."),))
    user = _user_date(published, path)
    res = read_bytes(data, path.name, published=user, meta=sidecar, _meta_basis="sidecar")
    return IngestResult(res.articles, sidecar_problems + res.problems)


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
    """
    problems: list[Problem] = []
    if not data or not data.strip():
        return IngestResult((), (Problem(name, f"{name} is empty: nothing to read."),))
    if len(data) > settings.MAX_FILE_BYTES:
        return IngestResult((), (Problem(name, f"{name} is {len(data):,} bytes, over the "
                                         f"{settings.MAX_FILE_BYTES:,}-byte limit for one "
                                         "article; split it or raise MAX_FILE_BYTES."),))
    text, problem = decode(data, name)
    if text is None:
        return IngestResult((), (problem,))
    if problem is not None:
        problems.append(problem)

    suffix = Path(name).suffix.lower()
    page_meta: dict[str, Any] = {}
    if suffix in (".html", ".htm") or (suffix not in (".md", ".markdown", ".txt")
                                       and re.match(r"\s*<(?:!doctype|html)", text, re.I)):
        text, page_meta = html_to_text(text)
        if not text.strip():
            return IngestResult((), tuple(problems) + (Problem(
                name, f"{name}: no article text found in the HTML page."),))
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
        return IngestResult((), tuple(problems) + (Problem(name, f"{name} has no text besides "
                                                          "its metadata."),))

    md = _merge_meta(name, meta, _meta_basis, front, page_meta, problems)
    pub, basis = md.published, md.basis
    if published is not None:
        pub, basis = published, "user"
    stories = split_stories(text)
    articles = []
    for k, (start, end) in enumerate(stories):
        body = text[start:end]
        s_pub, s_basis = pub, basis
        if s_pub is None:
            s_pub, evidence = infer_published(body)
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
    return IngestResult(tuple(articles), tuple(md.problems) + tuple(problems))


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
    mentions = [m for m in find_dates(text, None)
                if m.resolved is not None and m.resolved.precision == "day"
                and not m.resolved.inferred]
    if not mentions:
        return None, "no explicit date with a year in the text"
    latest = max(mentions, key=lambda m: m.resolved.start)
    best = latest.resolved.start
    evidence = f"latest explicit date in the text “{latest.resolved.text}”"
    weekdays = re.finditer(r"\b(?:on|by|since|last)?\s*(Monday|Tuesday|Wednesday|Thursday|"
                           r"Friday|Saturday|Sunday)\b", text[latest.end:])
    pushed = best
    for w in weekdays:
        wd = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
              "Sunday"].index(w.group(1))
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
    for g in sorted(sims, key=sims.get):
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
_MAGIC = ((b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
          (b"GIF8", "a GIF image"), (b"PK\x03\x04", "a ZIP archive (or .docx/.xlsx)"),
          (b"\x1f\x8b", "a gzip archive"), (b"\xd0\xcf\x11\xe0", "an old Office document"),
          (b"\x7fELF", "a program"), (b"RIFF", "a media file"))


def decode(data: bytes, name: str) -> tuple[str | None, Problem | None]:
    """Decode a file's bytes to text.

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
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(enc), name, None if enc == "utf-8-sig" else enc)
            except UnicodeDecodeError:
                return None, Problem(name, f"{name} starts with a {enc} mark but is not valid "
                                     f"{enc}.")
    try:
        return _check_text(data.decode("utf-8"), name, None)
    except UnicodeDecodeError:
        pass
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
    """Unicode NFC, ``\\n`` line ends, no-break spaces as spaces, no zero-width marks."""
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
    except Exception:  # trafilatura on hostile markup: fall back to tag stripping
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

    Parameters
    ----------
    text : str
    name : str
        For the problem message.

    Returns
    -------
    (dict, str, Problem or None)
        The metadata (empty when absent or malformed), the body, and a
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
    import yaml

    try:
        data = yaml.safe_load(m.group(1) or "") or {}
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 2}" if where is not None else ""
        return {}, body, Problem(name, f"{name}: malformed front matter{at} "
                                 f"({getattr(exc, 'problem', None) or 'not YAML'}); metadata "
                                 "ignored.", "warning")
    if not isinstance(data, dict):
        return {}, body, Problem(name, f"{name}: front matter is not a key: value mapping; "
                                 "metadata ignored.", "warning")
    return data, body, None


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
    paras, cur = [], []
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
def _load_sidecar(path: Path) -> tuple[dict[str, Any] | None, tuple[Problem, ...]]:
    candidates = [path.with_name(path.stem + settings.SIDECAR_SUFFIX),
                  path.with_name(path.name + settings.SIDECAR_SUFFIX)]
    for side in candidates:
        if side.exists():
            try:
                data = json.loads(side.read_text(encoding="utf-8-sig"))
            except UnicodeDecodeError:
                return None, (Problem(side.name, f"{side.name}: sidecar is not UTF-8 JSON; "
                                      f"metadata for {path.name} ignored.", "warning"),)
            except json.JSONDecodeError as exc:
                return None, (Problem(side.name, f"{side.name}: malformed JSON at line "
                                      f"{exc.lineno}, column {exc.colno} ({exc.msg}); metadata "
                                      f"for {path.name} ignored.", "warning"),)
            if not isinstance(data, dict):
                return None, (Problem(side.name, f"{side.name}: sidecar must be a JSON object "
                                      "with title, outlet, url, published; ignored.",
                                      "warning"),)
            return data, ()
    return None, ()


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
                                    f"{', '.join(unknown)} ignored (known: "
                                    f"{', '.join(settings.META_KEYS)}).", "warning"))
        for key in ("title", "outlet", "url"):
            val = src.get(key) or (src.get("sitename") if key == "outlet" else None)
            if key not in out and val is not None:
                if isinstance(val, (str, int, float)) and str(val).strip():
                    out[key] = str(val).strip()
                else:
                    problems.append(Problem(name, f"{name}: {label} {key} {val!r} is not text; "
                                            "ignored.", "warning"))
        raw = src.get("published", src.get("date"))
        if pub is None and raw not in (None, ""):
            d = _as_date(raw)
            if d is None:
                problems.append(Problem(name, f"{name}: {label} published value {raw!r} is "
                                        "not an ISO date (YYYY-MM-DD); ignored.", "warning"))
            else:
                pub, basis = d, label
    return _Meta(out.get("title"), out.get("outlet"), out.get("url"), pub, basis)


def _as_date(raw: Any) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip()[:10])
        except ValueError:
            return None
    return None


def _user_date(published: Mapping[str, dt.date], path: Path) -> dt.date | None:
    for key in (path.name, path.stem, str(path)):
        if key in published:
            return published[key]
    return None


# --- folders ---------------------------------------------------------------
def _read_folder(folder: Path, published: Mapping[str, dt.date]) -> IngestResult:
    result = IngestResult()
    entries = sorted(folder.iterdir(), key=lambda p: p.name)
    articles = {p.name for p in entries if p.is_file()
                and p.suffix.lower() in settings.ARTICLE_SUFFIXES}
    for p in entries:
        if p.is_dir():
            result += IngestResult((), (Problem(p.name, f"{p.name} is a sub-folder; only the "
                                                "files directly in the folder are read.",
                                                "warning"),))
        elif p.name.endswith(settings.SIDECAR_SUFFIX):
            stem = p.name[: -len(settings.SIDECAR_SUFFIX)]
            if not any(a == stem or Path(a).stem == stem for a in articles):
                result += IngestResult((), (Problem(p.name, f"{p.name}: sidecar without an "
                                                    "article file next to it; ignored.",
                                                    "warning"),))
        elif p.suffix.lower() in settings.ARTICLE_SUFFIXES:
            result += read_path(p, published=published)
        else:
            result += IngestResult((), (_not_article(p.name),))
    if not result.articles and not result.problems:
        result += IngestResult((), (Problem(folder.name, f"{folder} holds no article files "
                                            f"({', '.join(settings.ARTICLE_SUFFIXES)})."),))
    return result


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
within without would yet you your yours told tells according back get got going go made take
took three four five first last next well really there's it's he's they're we're i'm don't""".split())


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
