"""Event dates from text, absolute or relative to the article's publication date.

"On Wednesday night" in an article published on Thursday 2024-02-08 is 2024-02-07. A relative
expression with no publication date stays unresolved: a date is never invented.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from geomap.records import EventDate

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH = r"(?P<month>" + "|".join(m.capitalize() for m in MONTHS) + r"|" + \
    "|".join(m[:3].capitalize() for m in MONTHS) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+{_DAY}\b{_YEAR}")),
    ("day_month", re.compile(rf"\b{_DAY}\s+{_MONTH}{_YEAR}")),
    ("weekday", re.compile(r"(?i)\b(?:(?:late|early)\s+)?(?:on\s+)?(?:last\s+)?"
                           r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
                           r"(?:\s+(?:night|morning|evening|afternoon))?\b")),
    ("relative_day", re.compile(r"(?i)\b(?P<rel>yesterday|today|overnight|last night|"
                                r"this morning|tonight)\b")),
    ("last_period", re.compile(r"(?i)\b(?:last|earlier this|this)\s+"
                               r"(?P<period>week|month|year)\b")),
)
#: Dates right after a speech verb date the statement, not the event ("said on Thursday").
SPEECH = re.compile(r"(?i)\b(?:said|told|announced|stated|reported|added|declared|confirmed)"
                    r"(?:\s+\w+){0,3}\s*$")


def find_date(text: str, published: date | None, *, offset: int = 0) -> EventDate:
    """The first event date expressed in ``text`` (a sentence), resolved against ``published``."""
    for kind, pattern in PATTERNS:
        for hit in pattern.finditer(text):
            if SPEECH.search(text[max(0, hit.start() - 40):hit.start()]):
                continue
            value, precision = _resolve(kind, hit, published)
            if value is None and precision is None:
                continue
            return EventDate(value, precision, hit.group(0).strip(), published)
    return EventDate(None)


def _resolve(kind: str, hit: re.Match[str], published: date | None
             ) -> tuple[date | None, str | None]:
    if kind == "iso":
        try:
            return date.fromisoformat(hit["iso"]), "day"
        except ValueError:
            return None, None
    if kind in ("month_day", "day_month"):
        return _month_day(hit, published), "day"
    if published is None:
        return None, "day"
    if kind == "weekday":
        back = (published.weekday() - WEEKDAYS.index(hit["weekday"].lower())) % 7
        if "last" in hit.group(0).lower() and back == 0:
            back = 7
        return published - timedelta(days=back), "day"
    if kind == "relative_day":
        rel = hit["rel"].lower()
        back = 0 if rel in ("today", "this morning", "tonight") else 1
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
        value = value.replace(year=year - 1)
    return value


def _period(period: str, words: str, published: date) -> tuple[date, str]:
    last = words.startswith("last")
    if period == "week":
        start = published - timedelta(days=published.weekday() + (7 if last else 0))
        return start, "week"
    if period == "month":
        first = published.replace(day=1)
        return (first - timedelta(days=1)).replace(day=1) if last else first, "month"
    return published.replace(year=published.year - (1 if last else 0), month=1, day=1), "year"
