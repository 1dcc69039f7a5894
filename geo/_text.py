"""Private text helpers: paragraphs, sentences and words with offsets.

Everything returns character offsets into the string it was given, so
claims can cite the exact span they were read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen lt col maj capt sgt st jr sr inc co corp no vs etc approx "
    "u.s u.k u.n e.u jan feb mar apr jun jul aug sep sept oct nov dec rep sen gov "
    "prof adm brig cmdr".split()
)
_BOUNDARY = re.compile(
    r"""(?P<end>[.!?…]+["”’')\]]*)      # terminal punctuation, closing quotes
        (?:\s+|(?=["“‘]?[A-Z]))         # whitespace, or glued to a capital ("phone.At")
    """,
    re.VERBOSE,
)
_WORD = re.compile(r"[A-Za-zÀ-ÿĀ-žА-яЁёІіЇїЄєҐґ][\w’'\-]*")


@dataclass(frozen=True)
class Span:
    """A span of a text: ``text[start:end]``."""

    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[Span]:
    """Split ``text`` into non-empty lines (stripped), with offsets.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of Span
    """
    out = []
    for m in re.finditer(r"[^\n]+", text):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        if body:
            s = m.start() + lead
            out.append(Span(s, s + len(body), body))
    return out


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes a known abbreviation or initial."""
    m = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 12):dot])
    if not m:
        return False
    token = m.group(1).lower().strip(".")
    if token in _ABBREVIATIONS:
        return True
    return len(token) == 1  # an initial: "J. Smith"


def sentences(text: str) -> list[Span]:
    """Split ``text`` into sentences; a line break always ends a sentence.

    Handles closing quotes after the full stop, abbreviations ("U.S.",
    "Aug. 6"), initials, and a missing space after a full stop before a
    capital ("by phone.At the height").

    Parameters
    ----------
    text : str

    Returns
    -------
    list of Span
        Stripped sentences with their offsets in ``text``.
    """
    out: list[Span] = []
    for para in paragraphs(text):
        body, base, pos = para.text, para.start, 0
        for m in _BOUNDARY.finditer(body):
            end = m.end("end")
            punct = m.group("end")
            if punct.startswith(".") and len(punct.rstrip("\"”’')]")) == 1 \
                    and _is_abbreviation(body, m.start("end")):
                continue
            glued = m.end() == end  # no whitespace after the punctuation
            if glued:
                before = body[max(0, m.start() - 2):m.start()]
                if not re.fullmatch(r"[a-z]{2}", before):
                    continue  # "U.S.A", "3.5", "Sky.News": not a boundary
            _add(out, body, base, pos, end)
            pos = m.end()
        _add(out, body, base, pos, len(body))
    return out


#: A line that stops mid-sentence: it ends with a comma, or with a word in lower
#: case after at least ``_WRAPPED_MIN_CHARS`` characters ("...Kolmakov and").
_OPEN_LINE_END = re.compile(r"(?:,|(?<![\w'’\-])[a-z][a-z'’\-]*)[ \t]*$")
#: A line that starts a list item or a table row, never the rest of a sentence.
_ITEM_START = re.compile(r"[ \t]*(?:[-*•|>#]|\d+[.)][ \t])")
_WRAPPED_MIN_CHARS = 40


def join_wrapped_lines(text: str) -> str:
    r"""``text`` with the line breaks inside a sentence made spaces (same length).

    A sentence hard-wrapped over two lines ("the villages of A, B and\nC") is
    read as one: a single line break is joined when the line before it is at
    least ``_WRAPPED_MIN_CHARS`` long and stops mid-sentence (a comma, or a word
    in lower case), or when the next line starts in lower case; never before a
    list item or table row, never across a blank line.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        Offsets are unchanged.

    Examples
    --------
    >>> join_wrapped_lines("Troops took the villages of Pogrebki, Kolmakov and\nMakhnovka.")
    'Troops took the villages of Pogrebki, Kolmakov and Makhnovka.'
    >>> join_wrapped_lines("Troops advance near Sudzha\nMoscow says little.")
    'Troops advance near Sudzha\nMoscow says little.'
    """
    chars = list(text)
    start = 0
    for m in re.finditer(r"\n", text):
        i = m.start()
        prev, nxt = text[start:i], text[i + 1:text.find("\n", i + 1) % (len(text) + 1)]
        start = i + 1
        if not prev.strip() or not nxt.strip() or _ITEM_START.match(nxt):
            continue
        if (nxt.lstrip()[:1].islower()
                or (len(prev.strip()) >= _WRAPPED_MIN_CHARS and _OPEN_LINE_END.search(prev))):
            chars[i] = " "
    return "".join(chars)


def _add(out: list[Span], body: str, base: int, a: int, b: int) -> None:
    seg = body[a:b]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    if seg:
        out.append(Span(base + a + lead, base + a + lead + len(seg), seg))


def words(text: str) -> list[Span]:
    """Words (letters, apostrophes, hyphens) of ``text`` with offsets."""
    return [Span(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]


# --- page furniture -------------------------------------------------------------
@lru_cache(maxsize=1)
def _dateline_re() -> re.Pattern[str]:
    """A dateline: "KYIV, Sept 12 (Reuters) - ", "SUDZHA, Russia (AP) — ", "Kyiv (Reuters) -".

    A month is any word opening with a month's shortest form ("Sept.", "Sep";
    ``calendar`` in ``geo/lang/en.yaml``).
    """
    from geo.vocabulary import load_vocabulary  # local, as settings below

    month = "(?:" + "|".join(load_vocabulary().calendar.month_stems) + r")[a-z]*\.?"
    return re.compile(
        r"^[ \t]*(?:[A-Z][A-Z'’.\-]{2,}(?:[ \t]+[A-Z][A-Z'’.\-]+){0,3}"
        r"(?:,[ \t]*[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,2})?"
        r"(?:,?[ \t]*" + month + r"[ \t]+\d{1,2}(?:,[ \t]*\d{4})?)?[ \t]*"
        r"(?:\([^)\n]{1,40}\))?"
        r"|[A-Z][\w'’.\-]+(?:[ \t]+[A-Z][\w'’.\-]+)?(?:,[ \t]*[A-Z][\w.\-]+)?[ \t]*"
        r"\([^)\n]{1,30}\))"
        r"[ \t]*[-—–]+[ \t]+", re.M)


#: "By Jane Roe and John Doe in Kyiv" on a line of its own.
_BYLINE = re.compile(r"By[ \t]+[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,3}"
                     r"(?:[ \t]*(?:,|and|&)[ \t]*[A-Z][\w.'’\-]*(?:[ \t]+[A-Z][\w.'’\-]*){0,3})*"
                     r"(?:[ \t]+(?:in|and)[ \t]+[A-Z][\w\-]+)?(?:,[ \t]*[A-Z][\w \-]+)?")


@dataclass(frozen=True)
class _Furniture:
    """The patterns of page furniture, built from the language file's words."""

    #: whole lines: "Photo: ...", "Reporting by ...", "Follow us on X", "Read more"
    lines: re.Pattern[str]
    #: a line ending in a photo credit: "... REUTERS/Jane Roe", "(Getty Images)"
    credits: tuple[re.Pattern[str], ...]
    #: headers of link lists: "Related Topics"
    headers: re.Pattern[str]
    #: credits in brackets within a line: "(Editing by Jane Roe)"
    inline: re.Pattern[str]


@lru_cache(maxsize=1)
def _furniture() -> _Furniture:
    """The furniture patterns (``furniture`` in ``geo/lang/en.yaml``)."""
    from geo.vocabulary import load_vocabulary, phrases_pattern  # local, as settings below

    fw = load_vocabulary().furniture

    def alt(words: tuple[str, ...]) -> str:
        return "(?:" + phrases_pattern(words) + ")"

    lines = (alt(fw.labels) + r"s?\s*:.*",  # "Photos: ..."
             alt(fw.credits) + r"(?: \w+)? by\b.*",  # "Additional reporting by ..."
             r"follow (?:\S+ ){0,4}on " + alt(fw.networks) + r"\b.*",  # "Follow us on X"
             alt(fw.openers) + r"\b.*",  # "Read more: ..."
             alt(fw.stamps) + r"\b.{0,40}\d.{0,30}",  # "Updated 3 May 2024, 10:15"
             r"\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+\w+)?",  # a time stamp: "10:15 GMT"
             r"[•·|]")  # a bullet or bar alone
    credits = (r"\b" + alt(fw.agencies) + r"\s*/\s*[\w .'’\-]+$",  # "REUTERS/Jane Roe"
               # "(Getty Images)", "Reuters via Jane Roe"
               r"\b(?:" + phrases_pattern(fw.credit_lines) + r"|Reuters via [\w ]+)\)?\s*$",
               r"\(" + alt(fw.photo_words) + r"(?: by)?:?\s[^)]{1,60}\)\s*$",  # "(Photo by X)"
               r"\b(?:" + phrases_pattern(fw.photo_words) + r"|Credit)s?:\s*[^.]{1,60}$")
    return _Furniture(lines=re.compile("|".join(f"(?:{p})" for p in lines), re.I),
                      credits=tuple(re.compile(p) for p in credits),
                      headers=re.compile(alt(fw.list_headers) + ":?", re.I),
                      inline=re.compile(r"\(" + alt(fw.credits) + r"\b[^)\n]*\)", re.I))


def dateline(text: str, paragraphs_read: int = 3) -> tuple[int, int] | None:
    """Span of the story's dateline ("KYIV, March 12 (Reuters) - "), if it has one.

    Looked for at the start of the first ``paragraphs_read`` lines.

    Examples
    --------
    >>> text = "KYIV, March 12 (Reuters) - Troops pulled back."
    >>> a, b = dateline(text)
    >>> text[a:b]
    'KYIV, March 12 (Reuters) - '
    """
    for para in paragraphs(text)[:paragraphs_read]:
        m = _dateline_re().match(text, para.start)
        if m and m.end() < para.end:
            return para.start, m.end()
    return None


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Spans of page furniture: datelines, bylines, captions, credits, link lists.

    Whole lines of furniture or ending in a photo credit (built from
    ``furniture`` in ``geo/lang/en.yaml``), bylines, the
    dateline prefix of a paragraph ("KYIV, Sept 12 (Reuters) - "), credits in
    parentheses ("(Reporting by ...)"), and the short lines listed under a
    header like "Related Topics".

    Parameters
    ----------
    text : str

    Returns
    -------
    list of (start, end)
        Offsets into ``text``, in order.
    """
    from geo import settings  # local: keep this module importable on its own

    furniture = _furniture()
    stamp = re.compile(settings.TIMESTAMP_PREFIX_PATTERN)
    out: list[tuple[int, int]] = []
    listing = 0  # short lines still to swallow after a "Related Topics" header
    for para in paragraphs(text):
        line = para.text
        if listing and len(line.split()) <= 6 and not re.search(r"[.!?\"”]$", line):
            out.append((para.start, para.end))
            listing -= 1
            continue
        listing = 0
        if furniture.headers.fullmatch(line):
            out.append((para.start, para.end))
            listing = settings.FURNITURE_LIST_MAX_LINES
        elif (furniture.lines.fullmatch(line) or any(rx.search(line) for rx in furniture.credits)
              or (len(line) <= 120 and _BYLINE.fullmatch(line))):
            out.append((para.start, para.end))
        else:
            m = _dateline_re().match(text, para.start) or stamp.match(text, para.start)
            if m and m.end() < para.end:
                out.append((para.start, m.end()))
            out.extend((para.start + k.start(), para.start + k.end())
                       for k in furniture.inline.finditer(line))
    return sorted(out)


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span blanked out by spaces (offsets stay valid)."""
    chars = list(text)
    for a, b in spans:
        for k in range(a, b):
            if chars[k] != "\n":
                chars[k] = " "
    return "".join(chars)
