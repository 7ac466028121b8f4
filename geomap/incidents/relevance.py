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
from typing import Any

try:  # the standard library's own regular-expression parser (Python 3.11 renamed it)
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _parser  # type: ignore[no-redef, unused-ignore]

from geomap.incidents.context_words import phrases
from geomap.incidents.dates import MONTHS, find_dates
from geomap.prefilter import AnyOf, Prefiltered

#: A date this many days or more before publication is an earlier event recalled.
RECALLED_DAYS = 14
#: Triggers above this priority name armed violence by themselves (not "killed", "died").
CONFLICT_PRIORITY = 10
_YEAR = re.compile(r"\b(?:[Ii]n|[Oo]f|[Dd]uring|[Ss]ince)\s+(?:(?:early|late|mid-?)\s*)?(?:(?:"
                   + "|".join(m.capitalize() for m in MONTHS) + r")\s+)?((?:19|20)\d\d)\b")
#: "the 1988 attack", "a 2008 car bombing": an event named by its year.
_YEAR_NAMED = re.compile(r"\b(?:[Tt]he|[Aa]n?)\s+((?:19|20)\d\d)\s+(?=[a-z])")
#: An event dated weeks or months back.
_RECALLED = re.compile(r"(?i)\b(?:last\s+(?:week|month)|(?:\d+|a|one|two|three|four|five|six|"
                       r"several|a\s+few|few)\s+(?:weeks?|months?)\s+ago)\b")
#: "in March" with no day: a month named on its own.
_MONTH_ONLY = re.compile(r"\bin\s+(?:early\s+|late\s+|mid-)?(" + "|".join(
    m.capitalize() for m in MONTHS) + r")\b(?!\s+\d)")
#: Which of the three may match a sentence, in one RE2 pass (:mod:`geomap.prefilter`).
_DATED = AnyOf([_YEAR, _YEAR_NAMED, _MONTH_ONLY])


@cache
def _pattern(rule: str) -> re.Pattern[str]:
    """One rule's phrases as one case-insensitive alternation between word boundaries.

    Searched once per sentence, a plain alternation tries each of its dozens of phrases at
    every position; a lookahead for the characters a phrase can start with (worked out from
    the phrases themselves, :func:`first_characters`) turns most positions away in one test,
    and the same match is found.
    """
    alternation = "|".join(phrases(rule))
    first = first_characters(alternation)
    return re.compile(rf"(?i)\b{f'(?={first})' if first else ''}(?:{alternation})\b")


@cache
def _searched(rule: str) -> Prefiltered:
    """:func:`_pattern`, searched only in sentences where RE2 finds it may match: most
    sentences hold none of a rule's phrases."""
    return Prefiltered(_pattern(rule))


def first_characters(pattern: str) -> str | None:
    """A character class matching every character a match of ``pattern`` can start with
    (more, never fewer), or None when that cannot be told: the pattern may match nothing, or
    start with any character but some.

    >>> first_characters("(?:the )?fighting|wars?")
    '[ftw]'
    >>> first_characters("(?:the )?") is None
    True
    """
    try:
        items, nullable = _first(_parser.parse(pattern).data)
        return None if nullable or not items else f"[{''.join(sorted(map(_class_item, items)))}]"
    except (_Unknown, re.error, AttributeError, TypeError, ValueError):
        return None


class _Unknown(Exception):
    """A regular-expression construct :func:`first_characters` does not follow."""


#: Character classes as written, by the parser's category names.
_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
Item = tuple[str, Any]


def _first(sequence: Any) -> tuple[set[Item], bool]:
    """(the items a match of the parsed ``sequence`` can start with, whether it can match
    the empty string)."""
    found: set[Item] = set()
    for op, value in sequence:
        items, nullable = _first_of(op.name, value)
        found |= items
        if not nullable:
            return found, False
    return found, True


def _first_of(op: str, value: Any) -> tuple[set[Item], bool]:
    if op == "LITERAL":
        return {("LITERAL", value)}, False
    if op == "IN":
        if any(kind.name not in ("LITERAL", "RANGE", "CATEGORY") for kind, _ in value):
            raise _Unknown(op)  # a negated class: almost any character
        return {(kind.name, item if kind.name != "CATEGORY" else item.name)
                for kind, item in value}, False
    if op == "BRANCH":
        found: set[Item] = set()
        nullable = False
        for branch in value[1]:
            items, empty = _first(branch)
            found |= items
            nullable = nullable or empty
        return found, nullable
    if op == "SUBPATTERN":
        return _first(value[-1])
    if op == "ATOMIC_GROUP":
        return _first(value)
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _, inner = value
        items, nullable = _first(inner)
        return items, nullable or low == 0
    if op in ("AT", "ASSERT", "ASSERT_NOT"):  # zero width: what follows starts the match
        return set(), True
    raise _Unknown(op)


def _class_item(item: Item) -> str:
    """An item as written inside a character class."""
    kind, value = item
    if kind == "LITERAL":
        return re.escape(chr(value))
    if kind == "RANGE":
        return f"{re.escape(chr(value[0]))}-{re.escape(chr(value[1]))}"
    if value in _CATEGORIES:
        return _CATEGORIES[value]
    raise _Unknown(value)


def background(sentence: str, published: date | None) -> str | None:
    """The words that make ``sentence`` background rather than news, or None.

    >>> background("The fighting has killed more than 200 fighters.", None)
    'The fighting has killed'
    >>> background("Gunmen killed four people on Monday.", date(2024, 5, 2)) is None
    True
    """
    hit = _searched("background").search(sentence)
    if hit:
        return hit.group(0)
    if published is None:
        return None
    possible = _DATED.which(sentence)
    for k, pattern in enumerate((_YEAR, _YEAR_NAMED)):
        year = pattern.search(sentence) if k in possible else None
        if year and int(year.group(1)) < published.year:
            return year.group(0)
    month = _MONTH_ONLY.search(sentence) if 2 in possible else None
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


def crime_words(text: str) -> set[str]:
    """The different words of police and court work in ``text`` ("murder", "the sheriff",
    "custody"; ``crime`` rows of ``event_context.csv``), lower-cased."""
    if not _searched("crime").may_match(text):
        return set()
    return {hit.group(0).lower() for hit in _pattern("crime").finditer(text)}


def non_conflict(text: str) -> str | None:
    """The words naming a cause of death or harm that is no armed conflict, or None."""
    hit = _searched("non_conflict").search(text)
    return hit.group(0) if hit else None
