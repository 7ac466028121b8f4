"""Which sentences report the article's news, and whether the article reports armed conflict.

Wire reports wrap one event in background: a running toll ("more than 200 killed since
October"), a habit ("Turkey regularly carries out air strikes"), an attack recalled ("an attack
last week", a date weeks before publication). Such a sentence creates no incident and
enriches none. And casualty words alone are no conflict: "five killed when a bus crashed",
"died of cholera". The phrases are data (``background`` and ``non_conflict`` rows of
``geomap/data/event_context.csv``); each decision keeps the words that made it.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from geomap.incidents.context_words import phrases
from geomap.incidents.dates import MONTHS, find_dates

#: A date this many days or more before publication is an earlier event recalled.
RECALLED_DAYS = 14
#: Triggers above this priority name armed violence by themselves (not "killed", "died").
CONFLICT_PRIORITY = 10
_YEAR = re.compile(r"\b(?:in|of|during|since)\s+(?:(?:early|late|mid-?)\s*)?(?:(?:" + "|".join(
    m.capitalize() for m in MONTHS) + r")\s+)?((?:19|20)\d\d)\b")
#: "the 1988 attack", "a 2008 car bombing": an event named by its year.
_YEAR_NAMED = re.compile(r"\b(?:the|an?)\s+((?:19|20)\d\d)\s+(?=[a-z])")
#: An event dated weeks or months back.
_RECALLED = re.compile(r"(?i)\b(?:last\s+(?:week|month)|(?:\d+|a|one|two|three|four|five|six|"
                       r"several|a\s+few|few)\s+(?:weeks?|months?)\s+ago)\b")
#: "in March" with no day: a month named on its own.
_MONTH_ONLY = re.compile(r"\bin\s+(?:early\s+|late\s+|mid-)?(" + "|".join(
    m.capitalize() for m in MONTHS) + r")\b(?!\s+\d)")


@cache
def _pattern(rule: str) -> re.Pattern[str]:
    return re.compile(rf"(?i)\b(?:{'|'.join(phrases(rule))})\b")


def background(sentence: str, published: date | None) -> str | None:
    """The words that make ``sentence`` background rather than news, or None.

    >>> background("The fighting has killed more than 200 fighters.", None)
    'The fighting has killed'
    >>> background("Gunmen killed four people on Monday.", date(2024, 5, 2)) is None
    True
    """
    hit = _pattern("background").search(sentence)
    if hit:
        return hit.group(0)
    if published is None:
        return None
    for pattern in (_YEAR, _YEAR_NAMED):
        year = pattern.search(sentence)
        if year and int(year.group(1)) < published.year:
            return year.group(0)
    month = _MONTH_ONLY.search(sentence)
    if month and MONTHS.index(month.group(1).lower()) + 1 != published.month:
        return month.group(0)
    dated = [h for h in find_dates(sentence, published)
             if h.date.value is not None and h.date.precision == "day"]
    if dated and all(h.date.value is not None
                     and (published - h.date.value).days >= RECALLED_DAYS for h in dated):
        return sentence[dated[0].start:dated[0].end]
    return None


def recalled(sentence: str) -> str | None:
    """Words dating a sentence's event weeks or months back ("killed last week", "two months
    ago"), or None: after the article's news, such a sentence recalls an earlier event."""
    hit = _RECALLED.search(sentence)
    return hit.group(0) if hit else None


def non_conflict(text: str) -> str | None:
    """The words naming a cause of death or harm that is no armed conflict, or None."""
    hit = _pattern("non_conflict").search(text)
    return hit.group(0) if hit else None
