"""An event's death toll, chosen among the counts of the sentences that report it.

A wire report often opens with a round-up ("Two bombings killed at least 10 people",
"Israeli airstrikes across Gaza have killed 18") and then tells each event with its own toll
("the deadliest attack ... killed seven"). The round-up's count belongs to no single event: an
event keeps its own count over a round-up's, and a later toll over an earlier one when the
article says it changed ("the death toll rose to 40"). And a lede that gives the toll but
names no place ("The guerrilla group killed at least 11 soldiers and one policeman Monday")
counts the first event when none of its own sentences does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from geomap.incidents.quantities import count
from geomap.parsed import ParsedArticle
from geomap.records import Incident, Quote

#: Several events told as one: "two bombings", "a wave of strikes", "airstrikes across Gaza".
_PLURAL_EVENTS = (r"(?:bombings|attacks|strikes|air\s*strikes|raids|air\s*raids|blasts|"
                  r"explosions|shellings)")
ROUNDUP = re.compile(
    rf"(?i)\b(?:two|three|four|five|six|several|multiple|twin|separate|\d+|"
    rf"a\s+(?:series|wave|string|spate)\s+of)\s+(?:[\w-]+\s+)?{_PLURAL_EVENTS}\b|"
    rf"\b{_PLURAL_EVENTS}\s+(?:across|throughout|in\s+several|in\s+various)\b")
#: A toll said to have changed since it was first reported.
UPDATE = re.compile(r"(?i)\btoll\b[^.;]{0,80}?\b(?:rose|risen|climbed|increased|jumped|"
                    r"reached|went\s+up)\b|\brais(?:ed|ing)\s+the\s+(?:death\s+)?toll\b")
#: How many opening sentences may give the first event its toll.
LEDE_SENTENCES = 2


def roundup(sentence: str) -> bool:
    """Whether the sentence reports several events at once ("two bombings killed 10")."""
    return ROUNDUP.search(sentence) is not None


def counted(incident: Incident) -> bool:
    """Whether the incident has a death count, exact or vague."""
    return incident.fatalities is not None or incident.fatalities_low is not None


def count_source(event: Incident, other: Incident) -> Incident:
    """Which of two reports of one event gives its toll: the first that has one, unless it
    is a round-up's and the other's is the event's own, or the other updates it ("the death
    toll rose to 40")."""
    if not counted(event):
        return other
    if not counted(other):
        return event
    later = _count_sentence(other)
    if UPDATE.search(later) or (roundup(_count_sentence(event)) and not roundup(later)):
        return other
    return event


def _count_sentence(incident: Incident) -> str:
    """The quote that gave the incident its count (its first quote when none says)."""
    return quote_saying(incident, dict(incident.evidence).get("fatalities")).text


def quote_saying(incident: Incident, words: str | None) -> Quote:
    """The incident's first quote holding ``words`` (the words that gave one of its fields),
    else its first quote."""
    return next((q for q in incident.quotes if words and words in q.text), incident.quotes[0])


def counted_by_lede(parsed: ParsedArticle, events: Sequence[Incident]) -> list[Incident]:
    """The events, the first counted by the article's lede when none of its sentences
    counts it and the lede is no round-up nor another event's sentence."""
    if not events or counted(events[0]):
        return list(events)
    first = events[0]
    quoted = {(q.start, q.end) for e in events for q in e.quotes}
    for s_start, s_end in parsed.sentences[:LEDE_SENTENCES]:
        if s_start >= first.quotes[0].start or (s_start, s_end) in quoted:
            break
        text = parsed.text[s_start:s_end]
        killed = count(text, "killed")
        if killed is not None and not roundup(text):
            evidence = (*first.evidence, ("fatalities", f"{killed.words} (the lede)"))
            return [replace(first, fatalities=killed.value, fatalities_low=killed.low,
                            fatalities_high=killed.high, evidence=evidence), *events[1:]]
    return list(events)
