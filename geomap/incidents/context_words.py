"""Words around an event word or a place that change what they report, kept as data.

``geomap/data/event_context.csv`` lists them by rule: ``source_seat`` and ``treatment`` nouns
and verbs before "in PLACE" (the place of a source, a seat of power or a hospital, not of the
event), ``habitual`` words before an event word ("repeated attacks": a pattern, not one
incident), ``cause`` words ("arrested over a rocket attack": an earlier, separate event) and
``refuge`` words ("fled into Nigeria": where people fled, not where the event was).

Each pattern is searched in the few words before every place or event word, and mostly finds
nothing: RE2 first tells whether it may match at all (:class:`geomap.prefilter.Prefiltered`).
"""

from __future__ import annotations

import re
from functools import cache

from geomap.prefilter import Prefiltered
from geomap.rules import read_table


@cache
def phrases(rule: str) -> tuple[str, ...]:
    """The regex phrases of one rule, longest first."""
    rows = [r["phrase"] for r in read_table("event_context.csv") if r["rule"] == rule]
    return tuple(sorted(rows, key=len, reverse=True))


@cache
def source_seat() -> Prefiltered:
    """Text before a place that makes it a source's seat or a place of treatment."""
    seats = "|".join(phrases("source_seat"))
    treated = "|".join(phrases("treatment"))
    return Prefiltered(re.compile(
        rf"(?i)(?:\b(?:{seats})\s+(?:\w+\s+)?|\b(?:{treated})\s+to\s+"
        rf"(?:an?\s+|the\s+)?(?:\w+\s+)?hospitals?\s+)(?:in|from|at)\s+"
        rf"(?:the\s+)?(?:[A-Z][\w-]+\s+(?:and|or)\s+)?$"))


@cache
def speaker_post() -> Prefiltered:
    """Text before a place that names a speaker's post ("Moulaye Guindo, the mayor of"), when
    the speaker's words follow (see :data:`SPEAKS`)."""
    seats = "|".join(phrases("source_seat"))
    return Prefiltered(re.compile(rf"(?i)\b(?:{seats}|mayor)\s+of\s+(?:the\s+)?$"))


#: What follows a speaker's post: ", told Reuters", " town, said".
SPEAKS = re.compile(r"(?i)^\s*(?:[a-z]+\s*)?,\s*(?:told|said|says|tells)\b")


@cache
def habitual() -> Prefiltered:
    """Text right before an event word that makes it a pattern of events."""
    return Prefiltered(re.compile(rf"(?i)\b(?:{'|'.join(phrases('habitual'))})\s+(?:\w+\s+)?$"))


@cache
def cause() -> Prefiltered:
    """Text right before an event word that names it as the cause of another."""
    return Prefiltered(re.compile(rf"(?i)\b(?:{'|'.join(phrases('cause'))})\s+(?:\w+\s+){{0,3}}$"))


@cache
def refuge() -> Prefiltered:
    """Text before a place that makes it where people fled from or to ("fled into Nigeria")."""
    return Prefiltered(re.compile(
        rf"(?i)\b(?:{'|'.join(phrases('refuge'))})\s+(?:[\w,]+\s+){{0,2}}?"
        rf"(?:to|into|from|across|in|towards?)\s+(?:the\s+)?(?:neighbou?ring\s+)?$"))


#: "in response to Israeli massacres": the words after it name an earlier event, the cause.
RETORT = r"\bin\s+(?:(?:response|reply)\s+to|(?:retaliation|revenge)\s+for)\b"
RETORT_OPENING = re.compile(rf"(?i){RETORT}")
#: Text right before an event word naming it as what a response answers.
RETORT_BEFORE = re.compile(rf"(?i){RETORT}\s+(?:\w+\s+){{0,3}}$")
