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
from bisect import bisect_left, insort
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from heapq import heappop, heappush
from operator import attrgetter, itemgetter
from typing import Any, TypedDict

from geomap import rules
from geomap.geometry import km_between
from geomap.incidents.actors import actor_rank
from geomap.incidents.cubes import Cube, CubeGrid
from geomap.incidents.precision import geo_precision
from geomap.incidents.tolls import count_source
from geomap.prefilter import Prefiltered
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
                     rf"in (?:an? |the )?(?:adjacent|nearby|neighbou?ring)|"
                     rf"{_ANOTHER.format(_EVENT_NOUNS + '|incident')}|elsewhere|meanwhile)\b")
#: A definite name of an event already told ("in the explosion", "condemned the attack"):
#: searched in every sentence's opening, where RE2 first tells whether it may match.
THE_EVENT = Prefiltered(re.compile(
    r"(?i)\b(?:the|this|that|these|those|its|their)\s+(?:[\w-]+\s+)?(?:attacks?|"
    r"explosions?|blasts?|bombings?|strikes?|airstrikes?|raids?|assaults?|"
    r"ambush|shelling|massacre|killings?|violence|incident|shooting)\b"))
#: Words before an event word that name it as one already told ("escaped the massacre").
_NAMED_AGAIN = r"\b(?:the|this|that|these|those)\s+(?:[\w-]+\s+)?"
#: Those words ending a text, right before an event word.
DEFINITE_BEFORE = re.compile(rf"(?i){_NAMED_AGAIN}$")
#: How much of a sentence's opening is read for those words: where a report puts them.
OPENING_CHARS = 160
_COARSE = ("continent", "region", "country", "admin1", "admin2")


def fold_events(incidents: Sequence[Incident]) -> list[Incident]:
    """The article's incidents with those reporting one event folded into it, in text order.

    Each report is read only against the events it could be (:class:`_EventPlaces`), and an
    event's quotes and site mentions are gathered as it grows (:class:`_Event`), so the work
    follows the article's length, not the square of its events or of an event's sentences.

    Examples
    --------
    >>> [i.place.name for i in fold_events(incidents)]  # doctest: +SKIP
    ['Djiguibombo']
    """
    events: list[_Event] = []
    places = _EventPlaces()
    for incident in incidents:
        index = places.first_same(events, incident)
        keep_place = False
        if index is None and events and refers_back(events[-1].head, incident):
            index, keep_place = len(events) - 1, True  # the event's place stands
        if index is None:
            events.append(_Event(incident))
            places.file(len(events) - 1, incident)
            continue
        event = events[index]
        before = event.head.place, event.head.date.value
        event.join(incident, keep_place=keep_place)
        if (event.head.place, event.head.date.value) != before:
            places.file(index, event.head)
    return [event.incident() for event in events]


def placed_by_references(events: list[Incident], references: Sequence[tuple[Quote, Resolution]]
                         ) -> list[Incident]:
    """The events, each at the finer place a later sentence with no event word of its own
    gives it ("The incident took place ... in the Gimbi area"): the latest event told before
    that sentence whose place holds it."""
    events = list(events)
    starts = [event.quotes[0].start for event in events]
    if starts != sorted(starts):  # not in text order: read every event
        return _placed_one_by_one(events, references)
    # the events that could still be placed finer, by the areas that could hold a site: a
    # country's by its code, a division's by its first-level one (a town holds nothing)
    areas: dict[tuple[str, ...], list[int]] = {}
    for k, event in enumerate(events):
        if (key := _area_key(event)) is not None:
            areas.setdefault(key, []).append(k)
    for quote, site in references:
        place = site.place
        if place is None or not place.country_code:
            continue
        told = bisect_left(starts, quote.start)
        best: tuple[int, Incident] | None = None
        for key in (("country", place.country_code), (place.country_code, place.admin1)):
            held = areas.get(key, [])
            for at in range(bisect_left(held, told) - 1, -1, -1):
                k = held[at]
                if best is not None and k < best[0]:
                    break
                if (moved := refined(events[k], site, quote)) is not None:
                    best = k, moved
                    break
        if best is not None:
            k, moved = best
            areas[_area_key(events[k])].remove(k)  # type: ignore[index]
            events[k] = moved
            if (key := _area_key(moved)) is not None:
                insort(areas.setdefault(key, []), k)
    return events


def _area_key(event: Incident) -> tuple[str, ...] | None:
    """Where an event whose place is an area files it for :func:`placed_by_references`:
    ("country", code) for a country or wider, (code, first-level code) for a division."""
    place = event.place
    if place is None or not _coarse(place) or not place.country_code:
        return None
    if place.precision in ("continent", "region", "country"):
        return ("country", place.country_code)
    return (place.country_code, place.admin1)


def _placed_one_by_one(events: list[Incident], references: Sequence[tuple[Quote, Resolution]]
                       ) -> list[Incident]:
    """:func:`placed_by_references` reading every event for every reference."""
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


def _join(event: Incident, other: Incident, *, keep_place: bool = False
          ) -> tuple[Incident, bool]:
    """``event``'s fields with ``other``'s joined in: the finer place (``event``'s own with
    ``keep_place``), filling what it lacked; and whether the place is ``other``'s. The quotes
    and site mentions stay ``event``'s: :class:`_Event` gathers them."""
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
    joined = replace(
        event, location=finer.location, geo_precision=finer.geo_precision,
        location_basis=finer.location_basis,
        event_type=stronger.event_type, sub_event_type=stronger.sub_event_type,
        trigger=stronger.trigger, evidence=evidence,
        date=dated.date,
        actor1=actor1.actor1, actor2=actor2.actor2,
        **_counts(counted), wounded=hurt.wounded)
    return joined, finer is other


#: What makes two quotes, or two mentions, equal: all their fields.
_QUOTE_FIELDS, _MENTION_FIELDS = attrgetter(*Quote.__match_args__), attrgetter(
    *Mention.__match_args__)


class _Event:
    """An event being folded, one report at a time.

    Its fields are ``head``'s, as :func:`_join` makes them; its quotes and site mentions are
    gathered here, each record once (the first of equal ones), in the order joining their
    tuples report by report would give: the quotes in text order, the site mentions of the
    report giving the place first. The incident is built once, by :meth:`incident`; joining
    tuples per report copied everything the event held each time.

    ``head``'s quotes are only those the rules read of an event (its first quote, and the
    first naming its toll: :func:`~geomap.incidents.tolls.count_source` reads no other).
    """

    __slots__ = ("first_site", "head", "naming", "next_site", "quote_keys", "quotes", "sites")

    def __init__(self, incident: Incident) -> None:
        self.head = incident
        self.quotes: list[Quote] = []  # gathered at the first join
        self.quote_keys: set[tuple[Any, ...]] = set()
        # a site mention's fields -> its place in the order, and the mention
        self.sites: dict[tuple[Any, ...], tuple[int, Mention]] = {}
        self.first_site = self.next_site = 0
        # a toll's words -> the first quote naming them (None: none yet), quotes read so far
        self.naming: dict[str, tuple[int | None, int]] = {}

    def join(self, other: Incident, *, keep_place: bool) -> None:
        """Fold the report ``other`` into the event."""
        if not self.quotes:
            self._gather(self.head, first=False)
        self.head, first = _join(self._deciding(), other, keep_place=keep_place)
        self._gather(other, first=first)

    def incident(self) -> Incident:
        """The event, with every quote and site mention it gathered."""
        if not self.quotes:  # never joined
            return self.head
        ordered = sorted(self.sites.values(), key=itemgetter(0))
        return replace(self.head, quotes=tuple(self.quotes),
                       site_mentions=tuple(mention for _, mention in ordered))

    def _gather(self, report: Incident, *, first: bool) -> None:
        """Add the report's quotes, and its site mentions (before the event's with ``first``:
        its place is the event's now)."""
        for quote in report.quotes:
            if (key := _QUOTE_FIELDS(quote)) not in self.quote_keys:
                self.quote_keys.add(key)
                self.quotes.append(quote)
        if first:
            own: dict[tuple[Any, ...], Mention] = {}
            for mention in report.site_mentions:
                own.setdefault(_MENTION_FIELDS(mention), mention)
            self.first_site -= len(own)
            for k, (key, mention) in enumerate(own.items()):
                self.sites[key] = (self.first_site + k, mention)
            return
        for mention in report.site_mentions:
            if (key := _MENTION_FIELDS(mention)) not in self.sites:
                self.sites[key] = (self.next_site, mention)
                self.next_site += 1

    def _deciding(self) -> Incident:
        """``head`` with the quotes the rules read: the first, and the first naming the
        event's toll (the words its fatalities evidence gives) when that is a later one."""
        first = self.quotes[0]
        words = dict(self.head.evidence).get("fatalities", "")
        naming = self._naming(words) if words and words not in first.text else None
        quotes = (first,) if naming is None else (first, naming)
        held = self.head.quotes
        if len(held) == len(quotes) and all(a is b for a, b in zip(held, quotes, strict=True)):
            return self.head
        return replace(self.head, quotes=quotes)

    def _naming(self, words: str) -> Quote | None:
        """The first quote naming ``words``; each quote is read once for each toll's words."""
        found, read = self.naming.get(words, (None, 0))
        if found is None:
            found = next((k for k in range(read, len(self.quotes))
                          if words in self.quotes[k].text), None)
            self.naming[words] = (found, len(self.quotes))
        return None if found is None else self.quotes[found]


class _EventPlaces:
    """The article's events filed by place and day, so that a report is read only against
    the events it could be (:func:`same_event`): those at its own place, at an area holding
    it (filed by country, and by first-level division) or at a town in the cubes around it,
    dated within a day of it or undated (on any day when it is undated).

    Whether a report is an event depends on nothing of the event but its place and whether
    their dates agree, so of the events at one place and day only the first is read: a
    report is read against each place near it once, however many events were told there.
    """

    __slots__ = ("anyday", "areas", "at", "cubes", "towns")

    def __init__(self) -> None:
        # place -> day (None: undated) -> the events filed there, a heap of their indices;
        # an event moved since (to a finer place, or dated) is dropped when met at the top
        self.at: dict[Place, dict[date | None, list[int]]] = {}
        self.anyday: dict[Place, list[int]] = {}  # place -> its events on any day, a heap
        self.areas: dict[tuple[str, ...], set[Place]] = {}  # the areas that may hold a place
        self.towns: dict[Cube, set[Place]] = {}
        self.cubes: dict[Place, list[Cube]] = {}  # the cubes around a report's town

    def file(self, index: int, event: Incident) -> None:
        """File the event ``index`` at its place and day."""
        place = event.place
        if place is None:
            return
        days = self.at.get(place)
        if days is None:
            days = self.at[place] = {}
            self.anyday[place] = []
            if not _coarse(place):
                self.towns.setdefault(_NEAR.cube(place), set()).add(place)
            elif place.precision in ("continent", "region", "country") and place.country_code:
                self.areas.setdefault((place.country_code,), set()).add(place)
            elif place.country_code and place.admin1:
                self.areas.setdefault((place.country_code, place.admin1), set()).add(place)
        heappush(days.setdefault(event.date.value, []), index)
        heappush(self.anyday[place], index)

    def first_same(self, events: list[_Event], report: Incident) -> int | None:
        """The first event that ``report`` reports (:func:`same_event`), if any."""
        site = report.place
        if site is None:
            return None
        places = {site} if site in self.at else set()
        if site.country_code:
            places.update(self.areas.get((site.country_code,), ()))
            places.update(self.areas.get((site.country_code, site.admin1), ()))
        if not _coarse(site):
            if (cubes := self.cubes.get(site)) is None:
                cubes = self.cubes[site] = _NEAR.around(site)
            for cube in cubes:
                places.update(self.towns.get(cube, ()))
        day, best = report.date.value, None
        for place in places:
            if day is None:
                found = [_first_still(self.anyday[place], place, events)]
            else:
                days = self.at[place]
                found = [_first_still(days[when], place, events, when=when)
                         for when in _within_a_day(day) if when in days]
            index = min((k for k in found if k is not None), default=None)
            if index is not None and (best is None or index < best) and same_event(
                    events[index].head, report):
                best = index
        return best


#: Towns this close are filed together (:class:`~geomap.incidents.cubes.CubeGrid`).
_NEAR = CubeGrid(SAME_PLACE_KM)


def _within_a_day(day: date) -> list[date | None]:
    """The days an event may have to be reported on ``day``: undated, or within a day."""
    days: list[date | None] = [None, day]
    for offset in (-1, 1):
        try:
            days.append(day + timedelta(days=offset))
        except OverflowError:  # a day beside date.min or date.max
            continue
    return days


#: No day given: :func:`_first_still` then reads the place alone.
_ANY_DAY = object()


def _first_still(heap: list[int], place: Place, events: list[_Event], *,
                 when: object = _ANY_DAY) -> int | None:
    """The first event of ``heap`` still at ``place`` (and on ``when``, when given)."""
    while heap:
        head = events[heap[0]].head
        if head.place == place and (when is _ANY_DAY or head.date.value == when):
            return heap[0]
        heappop(heap)  # moved since: filed again where it went
    return None


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
