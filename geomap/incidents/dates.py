"""Event dates from text, absolute or relative to the article's publication date.

"On Wednesday night" in an article published on Thursday 2024-02-08 is 2024-02-07. A relative
expression with no publication date stays unresolved: a date is never invented. "A day earlier"
or "later that night" count from the previous incident's date, when there is one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from geomap.prefilter import AnyOf
from geomap.records import EventDate

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH = r"(?P<month>" + "|".join(m.capitalize() for m in MONTHS) + r"|" + \
    "|".join(m[:3].capitalize() for m in MONTHS) + r"|Sept)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"
_PART = r"(?:\s+(?:night|morning|evening|afternoon))?"

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b")),
    ("month_day", re.compile(rf"\b(?:on\s+)?{_MONTH}\s+{_DAY}\b{_YEAR}")),
    ("day_month", re.compile(rf"\b(?:on\s+)?{_DAY}\s+{_MONTH}{_YEAR}")),
    ("weekday", re.compile(r"(?i)\b(?:(?:late|early)\s+)?(?:on\s+)?(?:last\s+)?"
                           r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                           rf"{_PART}\b")),
    ("relative_day", re.compile(r"(?i)\b(?P<rel>yesterday|today|overnight(?! into)|last night|"
                                r"this morning|tonight|earlier today)\b")),
    ("previous", re.compile(r"(?i)\b(?:(?P<back>a|one|two|three) days? (?:earlier|before)|"
                            r"the (?P<prev>previous|preceding) day|the day before|"
                            r"(?:later|earlier) (?:that|the same) (?:day|night|morning|evening)|"
                            r"(?:on )?the same day|that (?:night|evening|afternoon))\b")),
    ("last_period", re.compile(r"(?i)\b(?:last|earlier this|this|past)\s+"
                               r"(?P<period>week|month|year)\b")),
)
#: What every match of :data:`PATTERNS` holds (a digit, or a word with "day", "night"...):
#: a text without any is read no further.
_ANY_DATE = re.compile(r"(?i)\d|day|night|morning|evening|afternoon|week|month|year")
#: Which of :data:`PATTERNS` may match a text, in one pass (:mod:`geomap.prefilter`).
_ANY_PATTERN = AnyOf([pattern for _, pattern in PATTERNS])
#: Dates right after a speech verb date the statement, not the event ("said on Thursday").
SPEECH = re.compile(r"(?i)\b(?:said|says|told|announced|stated|reported|added|declared|"
                    r"confirmed|statement|comment(?:ed)?)(?:\s+\w+){0,3}\s*$")
#: A dateline ("BAGHDAD, March 12 - ", "MANILA, Jan 18 (NNN-PNA) –") dates the report, not the
#: event.
DATELINE_AFTER = re.compile(r"\s*(?:\([\w./ -]+\)\s*)?[-–—:]\s")
_BACK = {"a": 1, "one": 1, "two": 2, "three": 3}


@dataclass(frozen=True, slots=True)
class DateHit:
    """A date expression found at ``start:end`` of the text searched, and its reading."""

    start: int
    end: int
    date: EventDate


def find_dates(text: str, published: date | None, *, previous: date | None = None
               ) -> list[DateHit]:
    """Every event date expressed in ``text``, in text order, resolved against ``published``.

    Dates of statements ("said on Thursday") and datelines are skipped. ``previous`` is the date
    of the incident reported just before, which "a day earlier" counts from.

    Examples
    --------
    >>> find_dates("killed on Monday", date(2024, 2, 8))[0].date.value
    datetime.date(2024, 2, 5)
    """
    possible = _ANY_PATTERN.which(text)
    if not possible or not _ANY_DATE.search(text):
        return []
    found: list[DateHit] = []
    for k, (kind, pattern) in enumerate(PATTERNS):
        if k not in possible:
            continue  # RE2 found it cannot match here
        for hit in pattern.finditer(text):
            if _is_statement(text, hit) or any(h.start < hit.end() and hit.start() < h.end
                                               for h in found):
                continue
            try:
                value, precision = _resolve(kind, hit, published, previous)
            except (OverflowError, ValueError):  # "last year" in year 1: no such date
                value, precision = None, None
            expression = hit.group(0).strip()
            found.append(DateHit(hit.start(), hit.end(),
                                 EventDate(value, precision, expression, published)))
    return sorted(found, key=lambda h: h.start)


def find_date(text: str, published: date | None, *, previous: date | None = None) -> EventDate:
    """The first event date expressed in ``text``, or an empty EventDate."""
    hits = find_dates(text, published, previous=previous)
    return hits[0].date if hits else EventDate(None)


def _is_statement(text: str, hit: re.Match[str]) -> bool:
    return bool(SPEECH.search(text[max(0, hit.start() - 40):hit.start()])
                or DATELINE_AFTER.match(text, hit.end()))


def _resolve(kind: str, hit: re.Match[str], published: date | None, previous: date | None
             ) -> tuple[date | None, str | None]:
    if kind == "iso":
        try:
            return date.fromisoformat(hit["iso"]), "day"
        except ValueError:
            return None, None
    if kind in ("month_day", "day_month"):
        return _month_day(hit, published), "day"
    if kind == "previous":
        if previous is None:
            return None, "day"
        back = _BACK.get((hit["back"] or "").lower(), 1 if hit["prev"] or "before" in
                         hit.group(0).lower() else 0)
        return previous - timedelta(days=back), "day"
    if published is None:
        return None, "week" if kind == "last_period" and hit["period"] == "week" else "day"
    if kind == "weekday":
        back = (published.weekday() - WEEKDAYS.index(hit["weekday"].lower())) % 7
        if "last" in hit.group(0).lower() and back == 0:
            back = 7
        return published - timedelta(days=back), "day"
    if kind == "relative_day":
        rel = hit["rel"].lower()
        back = 0 if rel in ("today", "this morning", "tonight", "earlier today") else 1
        return published - timedelta(days=back), "day"
    return _period(hit["period"].lower(), hit.group(0).lower(), published)


def _month_day(hit: re.Match[str], published: date | None) -> date | None:
    month = [m[:3] for m in MONTHS].index(hit["month"][:3].lower()) + 1
    year = int(hit["year"]) if hit["year"] else (published.year if published else None)
    if year is None:
        return None
    try:
        value = date(year, month, int(hit["day"]))
    except ValueError:
        return None
    if not hit["year"] and published and value > published + timedelta(days=1):
        try:
            value = value.replace(year=year - 1)
        except ValueError:
            return None
    return value


def _period(period: str, words: str, published: date) -> tuple[date, str]:
    last = words.startswith(("last", "past"))
    if period == "week":
        start = published - timedelta(days=published.weekday() + (7 if last else 0))
        return start, "week"
    if period == "month":
        first = published.replace(day=1)
        return (first - timedelta(days=1)).replace(day=1) if last else first, "month"
    return published.replace(year=published.year - (1 if last else 0), month=1, day=1), "year"
