"""Private text helpers: paragraphs, sentences and words with offsets.

Everything returns character offsets into the string it was given, so
claims can cite the exact span they were read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def _add(out: list[Span], body: str, base: int, a: int, b: int) -> None:
    seg = body[a:b]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    if seg:
        out.append(Span(base + a + lead, base + a + lead + len(seg), seg))


def words(text: str) -> list[Span]:
    """Words (letters, apostrophes, hyphens) of ``text`` with offsets."""
    return [Span(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
