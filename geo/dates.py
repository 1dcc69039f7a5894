"""Find date expressions in a story and resolve them against publication.

Explicit dates ("March 3", "on 13 March", "Aug. 6, 2024"), weekday
references ("by Sunday", "on Monday evening"), publication-relative phrases
("less than a week ago", "last August", "late January", "mid-February",
"over the summer") and narrative-relative ones ("three days later" against
the most recent day-precise date before it, "around the same time" against
the previous dated expression, widened) are resolved to a
:class:`~geo.models.ResolvedDate` with its precision. Expressions that need a
publication date the story does not have stay unresolved (``None``): they
are kept and shown as undated, never guessed.

A date without a year takes the year that puts it on or before publication.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from geo import settings
from geo.models import Precision, ResolvedDate
from geo.vocabulary import load_vocabulary

__all__ = ["DateMention", "find_dates", "resolve"]


@dataclass(frozen=True)
class DateMention:
    """A date expression found in a text.

    Attributes
    ----------
    start, end : int
        Offsets of the expression (including a leading "on", "by", "since"...).
    resolved : ResolvedDate or None
        None when it cannot be resolved (e.g. no publication date).
    """

    start: int
    end: int
    resolved: ResolvedDate | None

    @property
    def text(self) -> str:
        """The expression as written (only when resolved; else empty)."""
        return self.resolved.text if self.resolved else ""


# --- vocabulary ------------------------------------------------------------
#: Months and weekdays as written (``calendar`` in geo/lang/en.yaml).
_CALENDAR = load_vocabulary().calendar
#: Month name or abbreviation, lower case -> month number ("sept" -> 9).
_MONTHS = {word.lower(): number
           for number, (name, abbrs) in enumerate(_CALENDAR.months.items(), start=1)
           for word in (name, *abbrs)}
#: Weekday name, lower case -> its number (Monday 0).
_WEEKDAYS = {d.lower(): i for i, d in enumerate(_CALENDAR.weekday_names)}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "a few": 3, "several": 3, "a fortnight": 2,
}
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11),
            "winter": (12, 2)}
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4}

#: A month, named or abbreviated with or without a full stop ("September", "Sept.").
_MONTH_RE = ("(?:" + "|".join(_CALENDAR.month_names) + "|"
             + "|".join(re.escape(a) + r"\.?" for a in _CALENDAR.month_abbreviations) + ")")
_WEEKDAY_RE = "(?:" + "|".join(_CALENDAR.weekday_names) + ")"
#: The month that is also a word ("may have"): alone, it is read only after a preposition.
_MAY = "May"
_MONTHS_BUT_MAY = "|".join(m for m in _CALENDAR.month_names if m != _MAY)
_NUM_RE = (r"(?:\d+|a couple of|a few|several|an?|one|two|three|four|five|six|seven|"
           r"eight|nine|ten|eleven|twelve)")
_PREP = (r"(?:(?:on|by|since|until|till|from|in|during|before|after|as of|through|"
         r"throughout|over|of|at)\s+)?")
_PART = r"(?:early|mid|late|the end of|the beginning of|the start of|the middle of)"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"


def _day(d: dt.date, text: str, basis: str, inferred: bool = False) -> ResolvedDate:
    return ResolvedDate(d, d, "day", text, basis, inferred)


def _month_interval(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _part_interval(year: int, month: int, part: str) -> tuple[dt.date, dt.date]:
    """Early (1-10), mid (11-20) or late (21-end) part of a month."""
    last = calendar.monthrange(year, month)[1]
    part = part.lower()
    if part in ("early", "the beginning of", "the start of"):
        return dt.date(year, month, 1), dt.date(year, month, 10)
    if part in ("mid", "the middle of"):
        return dt.date(year, month, 11), dt.date(year, month, 20)
    return dt.date(year, month, 21), dt.date(year, month, last)


def _year_for(month: int, day: int, published: dt.date) -> int:
    """Year that puts (month, day) on or before ``published``."""
    y = published.year
    try:
        cand = dt.date(y, month, day)
    except ValueError:  # Feb 29
        cand = dt.date(y, month, 28)
    return y if cand <= published else y - 1


def _number(word: str) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else _NUMBERS[w]


def _strip_prep(text: str) -> str:
    return re.sub(r"^(?:on|by|since|until|till|from|in|during|before|after|as of|through|"
                  r"throughout|over|of|at)\s+", "", text, flags=re.I)


# --- rules -----------------------------------------------------------------
# Each rule: (regex, handler). A handler gets the match, the publication
# date, the anchors (last day-precise date, last resolved date) and returns
# a ResolvedDate or None. Rules are tried in order; earlier rules win ties.
_Handler = Callable[[re.Match, "dt.date | None", "ResolvedDate | None", "ResolvedDate | None"],
                    "ResolvedDate | None"]


def _h_iso(m, pub, day_anchor, last):
    try:
        return _day(dt.date.fromisoformat(m.group("iso")), m.group(0), "explicit date")
    except ValueError:
        return None


def _h_full(m, pub, day_anchor, last):
    month = _MONTHS[m.group("mon").rstrip(".").lower()]
    try:
        d = dt.date(int(m.group("y")), month, int(m.group("d")))
    except ValueError:
        return None
    return _day(d, m.group(0), "explicit date")


def _h_day_month(m, pub, day_anchor, last):
    month = _MONTHS[m.group("mon").rstrip(".").lower()]
    day = int(m.group("d"))
    if not 1 <= day <= 31:
        return None
    if pub is not None:
        year, basis = _year_for(month, day, pub), f"year from publication ({pub.isoformat()})"
        inferred = False
    elif last is not None:
        year = last.end.year
        if (month, day) < (last.end.month, last.end.day):
            year += 1
        basis, inferred = f"year from the preceding date ({last.text})", True
    else:
        return None
    try:
        first = dt.date(year, month, day)
        d2 = int(m.group("d2")) if "d2" in m.re.groupindex and m.group("d2") else 0
        if day < d2 <= 31:  # "February 26 and 27", "March 3-5": the span of days
            last_day = dt.date(year, month, d2)
            return ResolvedDate(first, last_day, "week", m.group(0), basis, inferred)
        return _day(first, m.group(0), basis, inferred)
    except ValueError:
        return None


def _h_month_year(m, pub, day_anchor, last):
    month = _MONTHS[m.group("mon").rstrip(".").lower()]
    year = int(m.group("y"))
    part = m.group("part")
    if part:
        a, b = _part_interval(year, month, part)
        return ResolvedDate(a, b, "week", m.group(0), f"{part.lower()} part of the month")
    a, b = _month_interval(year, month)
    return ResolvedDate(a, b, "month", m.group(0), "explicit month")


def _h_month(m, pub, day_anchor, last):
    month = _MONTHS[m.group("mon").rstrip(".").lower()]
    rel = (m.group("rel") or "").lower()
    part = m.group("part")
    if pub is None:
        return None
    if rel == "last":
        year = pub.year if month < pub.month else pub.year - 1
        basis = f"the last {m.group('mon')} before publication ({pub.isoformat()})"
    elif rel in ("this", "next"):
        year = pub.year if rel == "this" or month > pub.month else pub.year + 1
        basis = f"{rel} {m.group('mon')} relative to publication ({pub.isoformat()})"
    else:
        year = pub.year if month <= pub.month else pub.year - 1
        basis = f"month on or before publication ({pub.isoformat()})"
    if part:
        a, b = _part_interval(year, month, part)
        return ResolvedDate(a, b, "week", m.group(0), f"{part.lower()} part of the month; {basis}")
    a, b = _month_interval(year, month)
    return ResolvedDate(a, b, "month", m.group(0), basis)


def _h_weekday(m, pub, day_anchor, last):
    if pub is None:
        return None
    wd = _WEEKDAYS[m.group("wd").lower()]
    rel = (m.group("rel") or "").lower()
    back = (pub.weekday() - wd) % 7
    if rel == "last":
        back = back or 7
    elif rel == "next":
        d = pub + dt.timedelta(days=(wd - pub.weekday()) % 7 or 7)
        return _day(d, m.group(0), f"next {m.group('wd')} after publication ({pub.isoformat()})")
    d = pub - dt.timedelta(days=back)
    return _day(d, m.group(0), f"weekday on or before publication ({pub.isoformat()})")


def _h_today(m, pub, day_anchor, last):
    if pub is None:
        return None
    w = m.group("w").lower()
    back = 2 if "before yesterday" in w else 1 if ("yesterday" in w or "last night" in w) else 0
    if w == "overnight":  # a morning report's "overnight": the night ending on publication day
        return _day(pub, m.group(0), f"the night before publication ({pub.isoformat()})")
    d = pub - dt.timedelta(days=back)
    return _day(d, m.group(0), f"relative to publication ({pub.isoformat()})")


def _h_ago(m, pub, day_anchor, last):
    if pub is None:
        return None
    n_word, unit = m.group("n").lower(), (m.group("unit") or "week").lower().rstrip("s")
    n = _number(n_word)
    if n_word == "a fortnight":
        n, unit = 2, "week"
    bound = (m.group("bound") or "").lower()
    basis = f"before publication ({pub.isoformat()})"
    if unit == "day":
        if bound in ("less than", "under", "within"):
            return ResolvedDate(pub - dt.timedelta(days=n), pub, "week", m.group(0), basis)
        return _day(pub - dt.timedelta(days=n), m.group(0), basis)
    if unit == "week":
        if bound in ("less than", "under", "within"):
            return ResolvedDate(pub - dt.timedelta(weeks=n), pub, "week", m.group(0), basis)
        if bound in ("more than", "over"):
            c = pub - dt.timedelta(weeks=n)
            return ResolvedDate(c - dt.timedelta(days=7), c, "week", m.group(0), basis)
        c = pub - dt.timedelta(weeks=n)
        return ResolvedDate(c - dt.timedelta(days=3), c + dt.timedelta(days=3), "week",
                            m.group(0), basis)
    if unit == "month":
        y, mo = pub.year, pub.month - n
        while mo < 1:
            y, mo = y - 1, mo + 12
        a, b = _month_interval(y, mo)
        return ResolvedDate(a, b, "month", m.group(0), basis)
    y = pub.year - n
    return ResolvedDate(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", m.group(0), basis)


def _h_period(m, pub, day_anchor, last):
    """last/this week, month, year; late last month; earlier this month."""
    if pub is None:
        return None
    rel, unit = m.group("rel").lower(), m.group("unit").lower()
    part = (m.group("part") or "").lower()
    basis = f"relative to publication ({pub.isoformat()})"
    if unit == "week":
        monday = pub - dt.timedelta(days=pub.weekday())
        if rel == "last":
            return ResolvedDate(monday - dt.timedelta(days=7), monday - dt.timedelta(days=1),
                                "week", m.group(0), basis)
        return ResolvedDate(monday, pub, "week", m.group(0), basis)
    if unit == "month":
        y, mo = (pub.year, pub.month) if rel != "last" else (
            (pub.year, pub.month - 1) if pub.month > 1 else (pub.year - 1, 12))
        if part and part != "earlier":
            a, b = _part_interval(y, mo, part)
            return ResolvedDate(a, min(b, pub), "week", m.group(0), basis)
        a, b = _month_interval(y, mo)
        return ResolvedDate(a, min(b, pub), "month", m.group(0), basis)
    y = pub.year - 1 if rel == "last" else pub.year
    return ResolvedDate(dt.date(y, 1, 1), min(dt.date(y, 12, 31), pub), "year", m.group(0), basis)


def _h_recent(m, pub, day_anchor, last):
    """'in recent days', 'over the past week', 'in the past 24 hours', 'the last two weeks'."""
    if pub is None:
        return None
    unit = m.group("unit").lower().rstrip("s")
    n_word = (m.group("n") or "").lower()
    basis = f"before publication ({pub.isoformat()})"
    if unit == "hour":
        days = max(1, -(-_number(n_word or "one") // 24))
    elif n_word in ("", "few", "several", "recent") and m.group("unit").lower().endswith("s"):
        days = settings.RECENT_DAYS[unit]  # "the past few weeks", "recent days"
    else:
        days = _number(n_word or "one") * {"day": 1, "week": 7, "month": 30}[unit]
    if days == 1:
        return _day(pub, m.group(0), f"the day up to publication ({pub.isoformat()})")
    prec: Precision = "week" if days <= settings.RECENT_WEEK_MAX_DAYS else "month"
    return ResolvedDate(pub - dt.timedelta(days=days), pub, prec, m.group(0),
                        f"the {days} days {basis}")


def _h_weekend(m, pub, day_anchor, last):
    """'over the weekend', 'last weekend': the Saturday-Sunday on or before publication."""
    if pub is None:
        return None
    back = (pub.weekday() - 5) % 7  # days since the latest Saturday
    if (m.group("rel") or "").lower() == "last" and back <= 1:
        back += 7
    sat = pub - dt.timedelta(days=back)
    return ResolvedDate(sat, min(sat + dt.timedelta(days=1), pub), "week", m.group(0),
                        f"weekend on or before publication ({pub.isoformat()})")


def _h_week_of_month(m, pub, day_anchor, last):
    """'the first week of August', 'the last week of March 2025'."""
    month = _MONTHS[m.group("mon").rstrip(".").lower()]
    if m.group("y"):
        year, basis = int(m.group("y")), "explicit month"
    elif pub is not None:
        year = pub.year if month <= pub.month else pub.year - 1
        basis = f"month on or before publication ({pub.isoformat()})"
    else:
        return None
    first, lastd = _month_interval(year, month)
    k = m.group("k").lower()
    if k == "last":
        a = lastd - dt.timedelta(days=6)
    else:
        a = first + dt.timedelta(days=7 * ("first", "second", "third", "fourth").index(k))
    return ResolvedDate(a, min(a + dt.timedelta(days=6), lastd), "week", m.group(0),
                        f"{k} week of the month; {basis}")


def _h_season(m, pub, day_anchor, last):
    season = m.group("season").lower()
    rel = (m.group("rel") or m.group("rel2") or "").lower()
    first, lastm = _SEASONS[season]
    if m.group("y"):
        year = int(m.group("y"))
        basis = "explicit season"
    elif pub is None:
        return None
    else:
        # The most recent such season that has started by publication.
        year = pub.year if pub.month >= first else pub.year - 1
        if rel in ("last",) and first <= pub.month <= (lastm if lastm > first else 12):
            year -= 1
        basis = f"season on or before publication ({pub.isoformat()})"
    a = dt.date(year, first, 1)
    end_year = year + 1 if lastm < first else year
    b = dt.date(end_year, lastm, calendar.monthrange(end_year, lastm)[1])
    return ResolvedDate(a, b, "season", m.group(0), basis)


def _h_year(m, pub, day_anchor, last):
    y = int(m.group("y"))
    return ResolvedDate(dt.date(y, 1, 1), dt.date(y, 12, 31), "year", m.group(0), "explicit year")


def _h_later(m, pub, day_anchor, last):
    """'three days later', 'a week earlier', 'the next day' against an anchor."""
    text = m.group(0)
    if m.group("n"):
        n = _number(m.group("n"))
        unit = m.group("unit").lower().rstrip("s")
        sign = -1 if m.group("dir").lower() in ("earlier", "before", "prior") else 1
    else:
        w = m.group("phrase").lower()
        n, unit = 1, "week" if "week" in w else "day"
        sign = -1 if ("before" in w or "previous" in w or "eve" in w) else (
            0 if ("same" in w or "that day" in w) else 1)
    anchor = day_anchor if unit == "day" else (day_anchor or last)
    if anchor is None:
        return None
    days = n * {"day": 1, "week": 7, "month": 30}[unit] * sign
    a, b = anchor.start + dt.timedelta(days=days), anchor.end + dt.timedelta(days=days)
    prec: Precision = anchor.precision
    if unit == "week" and _PRECISION_RANK[prec] < _PRECISION_RANK["week"]:
        prec = "week"
        a, b = a - dt.timedelta(days=3), b + dt.timedelta(days=3)
    if unit == "month":
        prec = "month" if _PRECISION_RANK[prec] < _PRECISION_RANK["month"] else prec
        a, b = a - dt.timedelta(days=15), b + dt.timedelta(days=15)
    word = "same day as" if days == 0 else (
        f"{abs(days)} day{'s' if abs(days) != 1 else ''} {'after' if days > 0 else 'before'}")
    return ResolvedDate(a, b, prec, text, f"{word} {_strip_prep(anchor.text)} ({anchor.iso()})")


def _h_same_time(m, pub, day_anchor, last):
    if last is None:
        return None
    w = settings.SAME_TIME_WIDEN_DAYS
    prec: Precision
    if last.precision == "day":
        a, b, prec = last.start - dt.timedelta(days=w), last.end + dt.timedelta(days=w), "week"
    else:
        a, b, prec = last.start, last.end, last.precision
    return ResolvedDate(a, b, prec, m.group(0), f"around the time of {_strip_prep(last.text)} "
                        f"({last.iso()}), widened", inferred=True)


def _h_recently(m, pub, day_anchor, last):
    """'recently': the ``settings.RECENTLY_DAYS`` days up to publication."""
    if pub is None:
        return None
    days = settings.RECENTLY_DAYS
    return ResolvedDate(pub - dt.timedelta(days=days), pub, "week", m.group(0),
                        f"the {days} days before publication ({pub.isoformat()})")


_RULES: tuple[tuple[re.Pattern, _Handler | None, bool], ...] = tuple(
    (re.compile(p, flags), h, sets_anchor) for p, flags, h, sets_anchor in (
        (_PREP + r"(?P<iso>\d{4}-\d{2}-\d{2})\b", 0, _h_iso, True),
        (_PREP + r"(?:(?P<mon>" + _MONTH_RE + r")\s+(?P<d>\d{1,2})" + _ORD + r",?\s+(?P<y>"
         + _YEAR + r"))\b", 0, _h_full, True),
        (_PREP + r"(?:the\s+)?(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?(?P<mon>" + _MONTH_RE
         + r"),?\s+(?P<y>" + _YEAR + r")\b", 0, _h_full, True),
        (_PREP + r"(?:(?P<part>" + _PART + r")[- ])?(?P<mon>" + _MONTH_RE + r")\s+(?P<y>"
         + _YEAR + r")\b", 0, _h_month_year, True),
        (_PREP + r"(?P<mon>" + _MONTH_RE + r")\s+(?P<d>\d{1,2})" + _ORD + r"(?:\s*(?:-|–|and|to|"
         r"through)\s*(?P<d2>\d{1,2})" + _ORD + r"(?!\s*(?:%|per|sq|square|km|miles?|kilomet)))?"
         r"\b(?![,.]?\d)", 0, _h_day_month, True),
        (_PREP + r"(?:the\s+)?(?P<d>\d{1,2})" + _ORD + r"\s+(?:of\s+)?(?P<mon>" + _MONTH_RE
         + r")\b", 0, _h_day_month, True),
        (r"(?:(?i:" + _PREP + r"))(?:(?P<part>(?i:early|mid|late|the end of|the beginning of|"
         r"the start of|the middle of))[- ](?i:(?P<rel>last|this|next)\s+)?|(?P<rel2>(?i:"
         r"last|this|next))\s+)?(?P<mon>" + _MONTHS_BUT_MAY + r"|(?<=in |of )" + _MAY
         + r"|(?<=since |until )" + _MAY + r")\b"
         r"(?!\s+\d)", 0, None, True),
        (r"(?<!every )(?<!Every )(?i:" + _PREP + r")(?i:(?P<rel>last|this|next)\s+)?(?P<wd>"
         + _WEEKDAY_RE + r")(?:\s+(?:morning|afternoon|evening|night))?\b", 0, _h_weekday, True),
        (r"\b(?P<w>the day before yesterday|yesterday|today|last night|this morning|"
         r"earlier today|tonight|this evening|overnight)\b", re.I, _h_today, True),
        (r"(?:(?P<bound>less than|more than|under|over|about|around|some|nearly|almost|"
         r"roughly|within)\s+)?(?P<n>a fortnight|" + _NUM_RE + r")\s+(?P<unit>days?|"
         r"weeks?|months?|years?)?\s*ago\b", re.I, None, False),
        (r"(?:(?P<part>early|late|earlier|mid)[- ])?(?P<rel>last|this|earlier this)\s+"
         r"(?P<unit>week|month|year)\b", re.I, _h_period, False),
        (r"\b(?:(?:in|over|during|within|throughout|for)\s+the\s+(?:past|last|previous)\s+"
         r"(?:(?P<n>few|several|" + _NUM_RE + r")\s+)?|(?:in|over|during)\s+(?P<rec>recent)\s+)"
         r"(?P<unit>hours|days?|weeks?|months?)\b", re.I, _h_recent, False),
        (r"(?:(?:over|during|in|throughout|since|by|until)\s+(?:(?P<rel>the|last|this)\s+)?|"
         r"(?P<rel2>last|this)\s+)(?P<season>spring|summer|autumn|fall|winter)\b(?:\s+(?:of\s+)?"
         r"(?P<y>" + _YEAR + r"))?(?!\s+of\b)", re.I, _h_season, False),
        (r"(?:(?P<n>" + _NUM_RE + r")\s+(?P<unit>days?|weeks?|months?)\s+(?P<dir>later|"
         r"afterwards|earlier|(?:after|before|prior)(?!\s+(?:the|a|an|his|her|its|their|that|"
         r"this|to)\b))\b"
         r"|(?P<phrase>the (?:next|following|previous) (?:day|week)|the day (?:before|after)|"
         r"that (?:same )?day|the same day|the eve))", re.I, _h_later, True),
        (r"\b(?:around|about|at around|at about|roughly) (?:the same time|that time)\b", re.I,
         _h_same_time, False),
        (r"\b(?:(?:over|during|at|on)\s+the\s+|(?P<rel>last|this|over|during|at)\s+)"
         r"weekend\b", re.I, _h_weekend, False),
        (r"(?:(?:in|during|over|by)\s+)?the\s+(?P<k>first|second|third|fourth|last)\s+week\s+"
         r"of\s+(?P<mon>" + _MONTH_RE + r")(?:,?\s+(?P<y>" + _YEAR + r"))?\b", 0,
         _h_week_of_month, False),
        (r"\b(?:(?:very|most|only|just)\s+)?recently\b", re.I, _h_recently, False),
        (r"\b(?:(?:in|since|by|until|of|during|throughout)\s+(?:(?:early|late)\s+|mid-)?|"
         r"(?:early|late)\s+|mid-)(?P<y>" + _YEAR
         + r")\b(?![-/]\d)", re.I, _h_year, False),
    )
)


def _h_month_dispatch(m, pub, day_anchor, last):
    rel = m.group("rel") or m.group("rel2")

    class _M:  # adapter giving _h_month its group names
        def group(self, name, _m=m):
            if name == "rel":
                return rel
            return _m.group(name)

    return _h_month(_M(), pub, day_anchor, last)


def _h_ago_dispatch(m, pub, day_anchor, last):
    if m.group("unit") is None and m.group("n").lower() != "a fortnight":
        return None
    return _h_ago(m, pub, day_anchor, last)


_HANDLERS = {6: _h_month_dispatch, 9: _h_ago_dispatch}


def _candidates(text: str) -> list[tuple[int, int, int, re.Match]]:
    """All non-overlapping rule matches as (start, end, rule index, match)."""
    found: list[tuple[int, int, int, re.Match]] = []
    for i, (rx, _h, _a) in enumerate(_RULES):
        for m in rx.finditer(text):
            if m.end() > m.start() and not _inside_word(text, m.start(), m.end()):
                found.append((m.start(), m.end(), i, m))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0]), t[2]))
    out: list[tuple[int, int, int, re.Match]] = []
    taken_until = -1
    for c in found:
        if c[0] >= taken_until:
            out.append(c)
            taken_until = c[1]
    return out


def _inside_word(text: str, a: int, b: int) -> bool:
    return (a > 0 and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum())


def _apply(i: int, m: re.Match, pub, day_anchor, last) -> ResolvedDate | None:
    handler = _HANDLERS.get(i) or _RULES[i][1]  # rules 6 and 9 dispatch (see _HANDLERS)
    return None if handler is None else handler(m, pub, day_anchor, last)


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Find and resolve every date expression in ``text``, in order.

    Parameters
    ----------
    text : str
        A story's text.
    published : datetime.date or None
        Publication date; without it, year-less and relative expressions stay
        unresolved (a year-less date may still take its year from an earlier
        full date in the same text, marked inferred).

    Returns
    -------
    list of DateMention
        Sorted by offset. Narrative-relative expressions ("three days later")
        resolve against the most recent day-precise date before them;
        "around the same time" against the previous resolved date, widened.
    """
    out: list[DateMention] = []
    day_anchor: ResolvedDate | None = None
    last: ResolvedDate | None = None
    for start, end, i, m in _candidates(text):
        rd = _apply(i, m, published, day_anchor, last)
        out.append(DateMention(start, end, rd))
        if rd is not None:
            last = rd
            if rd.precision == "day":
                day_anchor = rd
    return out


def resolve(expression: str, published: dt.date | None, *,
            anchor: dt.date | None = None) -> ResolvedDate | None:
    """Resolve one date expression.

    Parameters
    ----------
    expression : str
        E.g. "by Sunday", "three days later", "last August", "Aug. 6, 2024".
    published : datetime.date or None
        Publication date (the anchor of publication-relative expressions).
    anchor : datetime.date, optional
        Reference day for narrative-relative expressions ("three days later",
        "around the same time").

    Returns
    -------
    ResolvedDate or None
        None when the expression is not a date or cannot be resolved.
    """
    expr = expression.strip()
    if not expr:
        return None
    a = _day(anchor, anchor.isoformat(), "anchor") if anchor else None
    for start, end, i, m in _candidates(expr):
        if not _strip_prep(expr[:start] + "x").strip(" x") and not expr[end:].strip(" .,;"):
            return _apply(i, m, published, a, a)
    return _dateparser_fallback(expr, published)


def _dateparser_fallback(expr: str, published: dt.date | None) -> ResolvedDate | None:
    """Numeric or unusual explicit dates ("06.08.2024") via dateparser."""
    if not re.search(r"\d", expr):
        return None
    import dateparser  # slow import, only needed here

    base = dt.datetime.combine(published, dt.time()) if published else None
    parsed = dateparser.parse(
        expr, languages=["en"],
        settings={"PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY",
                  "REQUIRE_PARTS": ["day", "month", "year"],
                  **({"RELATIVE_BASE": base} if base else {})})
    if parsed is None:
        return None
    return _day(parsed.date(), expr, "explicit date (dateparser)")


def strip_preposition(expression: str) -> str:
    """The expression without a leading "on", "by", "since"... ("on Aug. 27" -> "Aug. 27")."""
    return _strip_prep(expression)


def widen(rd: ResolvedDate, precision: Precision, basis: str) -> ResolvedDate:
    """Return ``rd`` with a coarser precision and a note, for inferred dates."""
    if precision == "month":
        a, b = _month_interval(rd.start.year, rd.start.month)
    else:
        a, b = rd.start, rd.end
    return ResolvedDate(a, b, precision, rd.text, basis, True)
