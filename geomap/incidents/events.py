"""One incident per real event of an article: the sentences that speak of it folded together.

A wire report names its event several times: the lede at the country ("gunmen killed 40 people
in central Mali"), a later sentence at the village ("the attack took place in Djiguibombo"),
follow-ups ("the death toll rose to 40"). Sentence by sentence they are several incidents;
a reviewer wants one pin, at the most specific place any of them gives, with every quote.

Two incidents of one article are one event when the later one's place lies in the earlier
one's (the lede's country holds the village, or its division does) or within
:data:`SAME_PLACE_KM` of it, their dates agree, and the later sentence does not say it is
another event ("separately", "another strike"). The event keeps the finest place, the first
known date, the most specific actors, the lede's count and the strongest trigger's type.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from operator import attrgetter
from typing import Any, TypedDict, TypeVar

from geomap import rules
from geomap.geometry import km_between
from geomap.incidents.actors import actor_rank
from geomap.incidents.precision import geo_precision
from geomap.incidents.tolls import count_source
from geomap.records import PRECISIONS, Incident, Mention, Place, Quote, Resolution

#: Two town-level sites this close are the same place for one event.
SAME_PLACE_KM = 25.0
#: A second-level division holds a town of its first-level division within this distance.
DIVISION_KM = 300.0
#: Words that open the report of a different event.
_EVENT_NOUNS = "attack|strike|airstrike|raid|clash|ambush|bombing|blast|explosion|shelling"
_ANOTHER = r"(?:another|a second|a third)\s+(?:[\w-]+\s+)?(?:{})"
#: "Another bombing", "a second blast": another event of the same kind, in the same report.
ANOTHER_OF_KIND = re.compile(rf"(?i)\b{_ANOTHER.format(_EVENT_NOUNS)}\b")
ANOTHER = re.compile(rf"(?i)\b(?:separately|in a separate|in another|in addition|"
                     rf"{_ANOTHER.format(_EVENT_NOUNS + '|incident')}|elsewhere|meanwhile)\b")
#: A definite name of an event already told ("in the explosion", "condemned the attack").
THE_EVENT = re.compile(r"(?i)\b(?:the|this|that|these|those|its|their)\s+(?:[\w-]+\s+)?(?:attacks?|"
                       r"explosions?|blasts?|bombings?|strikes?|airstrikes?|raids?|assaults?|"
                       r"ambush|shelling|massacre|killings?|violence|incident|shooting)\b")
#: Words before an event word that name it as one already told ("escaped the massacre").
_NAMED_AGAIN = r"\b(?:the|this|that|these|those)\s+(?:[\w-]+\s+)?"
#: Those words ending a text, right before an event word.
DEFINITE_BEFORE = re.compile(rf"(?i){_NAMED_AGAIN}$")
#: How much of a sentence's opening is read for those words: where a report puts them.
OPENING_CHARS = 160
_COARSE = ("continent", "region", "country", "admin1", "admin2")
T = TypeVar("T")


def fold_events(incidents: Sequence[Incident]) -> list[Incident]:
    """The article's incidents with those reporting one event folded into it, in text order.

    Examples
    --------
    >>> [i.place.name for i in fold_events(incidents)]  # doctest: +SKIP
    ['Djiguibombo']
    """
    events: list[Incident] = []
    # the events by their date (None: undated): a dated report can be the same event only as
    # one dated within a day of it or undated (:func:`_dates_agree`), so only those are read
    by_day: dict[date | None, set[int]] = {}
    for incident in incidents:
        index = next((k for k in _within_a_day(by_day, incident.date.value, len(events))
                      if same_event(events[k], incident)), None)
        keep_place = False
        if index is None and events and refers_back(events[-1], incident):
            index, keep_place = len(events) - 1, True  # the event's place stands
        if index is None:
            events.append(incident)
            by_day.setdefault(incident.date.value, set()).add(len(events) - 1)
            continue
        before = events[index].date.value
        events[index] = _join(events[index], incident, keep_place=keep_place)
        by_day[before].discard(index)
        by_day.setdefault(events[index].date.value, set()).add(index)
    return events


def _within_a_day(by_day: dict[date | None, set[int]], day: date | None, count: int
                  ) -> list[int]:
    """Indices of the events a report of ``day`` may be, in text order: all of them for an
    undated report, else the undated and those dated within a day."""
    if day is None:
        return list(range(count))
    near: set[int] = set(by_day.get(None, ()))
    for offset in (-1, 0, 1):
        try:
            near |= by_day.get(day + timedelta(days=offset), set())
        except OverflowError:  # a day beside date.min or date.max
            continue
    return sorted(near)


def placed_by_references(events: list[Incident], references: Sequence[tuple[Quote, Resolution]]
                         ) -> list[Incident]:
    """The events, each at the finer place a later sentence with no event word of its own
    gives it ("The incident took place ... in the Gimbi area"): the latest event told before
    that sentence whose place holds it."""
    events = list(events)
    for quote, site in references:
        for k in reversed(range(len(events))):
            if events[k].quotes[0].start < quote.start and (
                    moved := refined(events[k], site, quote)) is not None:
                events[k] = moved
                break
    return events


def refined(event: Incident, site: Resolution, quote: Quote) -> Incident | None:
    """``event`` placed at ``site``, a finer place inside its own that a later sentence gives
    it ("The incident took place in the Gimbi area"), with that sentence's quote; else None."""
    if event.place is None or site.place is None or not holds(event.place, site.place):
        return None
    evidence = (*((k, v) for k, v in event.evidence if k != "location"),
                ("location", f"{site.mention.text} (definite reference)"))
    return replace(event, location=site, geo_precision=geo_precision(site),
                   location_basis="definite_reference", evidence=evidence,
                   quotes=(*event.quotes, quote),
                   site_mentions=(site.mention, *event.site_mentions))


def refers_back(event: Incident, later: Incident) -> bool:
    """Whether ``later`` names ``event`` again by a definite reference ("condemned the
    attack", "was killed in the explosion"), placed elsewhere in the same country (a speaker's
    country, a victim's home town): the event's place stands."""
    a, b = event.place, later.place
    if a is None or b is None or not a.country_code or a.country_code != b.country_code:
        return False
    quote = later.quotes[0].text[:OPENING_CHARS]
    if opens_another(later):
        return False
    if not _dates_agree(event, later):
        return False
    return THE_EVENT.search(quote) is not None or definite(later)


def definite(incident: Incident) -> bool:
    """Whether the incident's event word names an event already known ("escaped the
    massacre", "condemned the attack")."""
    return re.search(rf"(?i){_NAMED_AGAIN}{re.escape(incident.trigger)}\b",
                     incident.quotes[0].text[:OPENING_CHARS]) is not None


def same_event(earlier: Incident, later: Incident) -> bool:
    """Whether ``later`` (a later sentence of the same article) reports ``earlier``'s event."""
    a, b = earlier.place, later.place
    if a is None or b is None:
        return False
    if opens_another(later):
        return False
    if not _dates_agree(earlier, later):
        return False
    # a later sentence may narrow the place (the lede's country, then the village); a later
    # coarser place is another event more often than a restatement
    return a == b or holds(a, b) or (
        not _coarse(a) and not _coarse(b)
        and km_between((a.lat, a.lon), (b.lat, b.lon)) <= SAME_PLACE_KM)


def opens_another(incident: Incident) -> bool:
    """Whether the incident's sentence opens with words telling of another event."""
    return ANOTHER.search(incident.quotes[0].text[:OPENING_CHARS]) is not None


def _dates_agree(a: Incident, b: Incident) -> bool:
    """No more than a day apart, or one of them undated."""
    da, db = a.date.value, b.date.value
    return da is None or db is None or abs((da - db).days) <= 1


def _coarse(place: Place) -> bool:
    return place.precision in _COARSE


def holds(outer: Place, inner: Place) -> bool:
    """Whether ``outer``, an area, holds ``inner``, a finer place (by their codes: a country
    its towns, a first-level division those sharing its code, a second-level one those sharing
    its first-level code and lying near: GeoNames gives towns no second-level code)."""
    if not _coarse(outer) or PRECISIONS.index(outer.precision) >= PRECISIONS.index(
            inner.precision) or not outer.country_code:
        return False
    if outer.country_code != inner.country_code:
        return False
    if outer.precision in ("continent", "region", "country"):
        return True
    return bool(outer.admin1) and outer.admin1 == inner.admin1 and (
        outer.precision == "admin1"
        or km_between((outer.lat, outer.lon), (inner.lat, inner.lon)) <= DIVISION_KM)


def _join(event: Incident, other: Incident, *, keep_place: bool = False) -> Incident:
    """``event`` with ``other``'s quotes, at the finer place (``event``'s own with
    ``keep_place``), filling what it lacked."""
    finer = other if not keep_place and _finer(other, event) else event
    stronger = other if _weight(other) > _weight(event) else event
    dated = event if event.date.value is not None else other
    counted = count_source(event, other)
    hurt = event if event.wounded is not None else other
    actor1 = other if _specific(event.actor1, other.actor1) != event.actor1 else event
    actor2 = other if _specific(event.actor2, other.actor2) != event.actor2 else event
    sources = {"location": finer, "event_type": stronger, "date": dated,
               "fatalities": counted, "wounded": hurt, "relevance": event,
               "actor1": actor1, "actor2": actor2}
    evidence = tuple((key, value) for key, source in sources.items()
                     for k, value in source.evidence if k == key)
    return replace(
        event, quotes=_without_repeats(event.quotes, other.quotes, _QUOTE_FIELDS),
        location=finer.location, geo_precision=finer.geo_precision,
        location_basis=finer.location_basis,
        site_mentions=_without_repeats(finer.site_mentions,
                                       (event if finer is other else other).site_mentions,
                                       _MENTION_FIELDS),
        event_type=stronger.event_type, sub_event_type=stronger.sub_event_type,
        trigger=stronger.trigger, evidence=evidence,
        date=dated.date,
        actor1=actor1.actor1, actor2=actor2.actor2,
        **_counts(counted), wounded=hurt.wounded)


#: What makes two quotes, or two mentions, equal: all their fields.
_QUOTE_FIELDS, _MENTION_FIELDS = attrgetter(*Quote.__match_args__), attrgetter(
    *Mention.__match_args__)
#: The records of the tuples :func:`_without_repeats` made lately, by their fields: a growing
#: event joins one sentence at a time, and looking its every record up again was quadratic.
_SEEN: dict[int, tuple[tuple[Any, ...], dict[Any, None]]] = {}
_SEEN_MOST = 256


def _without_repeats(first: tuple[T, ...], second: tuple[T, ...],
                     fields: Callable[[T], Any]) -> tuple[T, ...]:
    """``first`` then ``second``, each record once, as ``tuple(dict.fromkeys(...))`` gives
    them; when ``first`` is a tuple this function made, only ``second`` is looked at."""
    entry = _SEEN.pop(id(first), None)
    if entry is not None and entry[0] is first:
        seen, added = entry[1], []
        for record, key in zip(second, map(fields, second), strict=True):
            if key not in seen:
                seen[key] = None
                added.append(record)
        joined = first + tuple(added)
    else:
        both = (*first, *second)
        keys = list(map(fields, both))
        firsts = dict(zip(reversed(keys), reversed(both), strict=True))
        seen = dict.fromkeys(keys)
        joined = tuple(map(firsts.__getitem__, seen))
    if len(_SEEN) >= _SEEN_MOST:
        _SEEN.clear()
    _SEEN[id(joined)] = (joined, seen)
    return joined


def _specific(first: str | None, second: str | None) -> str | None:
    """The more specific of two actors ("Kataib Hezbollah" over "an Iran-aligned group");
    the first on a tie."""
    return second if actor_rank(second) < actor_rank(first) else first


def _finer(a: Incident, b: Incident) -> bool:
    pa, pb = a.place, b.place
    assert pa is not None
    assert pb is not None
    return PRECISIONS.index(pa.precision) > PRECISIONS.index(pb.precision) or (
        pa.precision == pb.precision and a.geo_precision < b.geo_precision)


def _counted(incident: Incident) -> bool:
    return incident.fatalities is not None or incident.fatalities_low is not None


class _Counts(TypedDict):
    fatalities: int | None
    fatalities_low: int | None
    fatalities_high: int | None


def _counts(incident: Incident) -> _Counts:
    return {"fatalities": incident.fatalities, "fatalities_low": incident.fatalities_low,
            "fatalities_high": incident.fatalities_high}


def _weight(incident: Incident) -> tuple[bool, int]:
    """What decides an event's type among its sentences: violence over a strategic
    development ("rocket attacks" over "most were intercepted": one man was hurt, so an
    attack), then the trigger's priority."""
    return incident.event_type != "Strategic developments", priority(incident)


def priority(incident: Incident) -> int:
    """How strongly the incident's trigger names its type (the trigger table's priority)."""
    return _priority(incident.event_type, incident.trigger)


@cache
def _priority(event_type: str, trigger: str) -> int:
    return next((t.priority for t in rules.triggers()
                 if t.event_type == event_type and t.pattern.fullmatch(trigger)), 0)
