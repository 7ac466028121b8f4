"""Merge reports of the same incident, within one article and across articles.

Two reports are one incident when they have places within a few km, dates within a day (or one
undated) and the same event type, or the same day and an actor in common. The merged incident
keeps every quote, article and site mention.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from geomap.geometry import around, cell, km_between
from geomap.incidents.actor_roles import UNIDENTIFIED
from geomap.incidents.actors import actor_rank
from geomap.records import EventDate, Incident

MAX_KM = 5.0
MAX_DAYS = 1


def merge_incidents(incidents: Iterable[Incident]) -> list[Incident]:
    """Incidents with duplicates folded together, in first-seen order.

    Kept incidents are indexed by their 1° cell, so each new one is compared only with those
    in its cell and the eight around it (MAX_KM is far less than a degree), not with all.
    """
    merged: list[Incident] = []
    by_cell: dict[tuple[int, int], list[int]] = defaultdict(list)
    for incident in incidents:
        place = incident.place
        nearby = sorted({k for c in around(place) for k in by_cell.get(c, ())}) if place else []
        index = next((k for k in nearby if same_incident(merged[k], incident)), None)
        if index is None:
            index = len(merged)
            merged.append(incident)
        else:
            merged[index] = _fold(merged[index], incident)
        site = merged[index].place
        if site is not None and index not in by_cell[cell(site)]:
            by_cell[cell(site)].append(index)
    return merged


def same_incident(a: Incident, b: Incident) -> bool:
    """Same place (within MAX_KM), compatible dates, and the same event type or, when two
    reports word the event differently ("attack", "drone strike"), the same dated day and an
    actor in common.

    Examples
    --------
    >>> same_incident(report_one, report_two)  # doctest: +SKIP
    True
    """
    if a.place is None or b.place is None or _told_apart(a, b):
        return False
    if a.place != b.place and km_between((a.place.lat, a.place.lon),
                                         (b.place.lat, b.place.lon)) > MAX_KM:
        return False
    da, db = a.date.value, b.date.value
    if a.event_type != b.event_type:
        return da is not None and da == db and _share_actor(a, b)
    if da is not None and db is not None:
        return abs((da - db).days) <= MAX_DAYS
    return _close_in_time_undated(a, b)


def _told_apart(a: Incident, b: Incident) -> bool:
    """Two events of one article its own reading kept apart ("Another bombing in the central
    Sibaa area ...")."""
    return len(a.article_ids) == len(b.article_ids) == 1 and a.article_ids == b.article_ids


def _close_in_time_undated(a: Incident, b: Incident) -> bool:
    """An undated report joins another from the same article, or one published within a
    day of it: "clashes in Aleppo" in 2015 and in 2024 are two incidents."""
    if set(a.article_ids) & set(b.article_ids):
        return True
    pa, pb = a.date.anchor, b.date.anchor
    return pa is not None and pb is not None and abs((pa - pb).days) <= MAX_DAYS


def _share_actor(a: Incident, b: Incident) -> bool:
    """An actor both name; "Unidentified Armed Group", given when none is named, is none."""
    return bool({a.actor1, a.actor2} & {b.actor1, b.actor2} - {None, UNIDENTIFIED})


def _fold(a: Incident, b: Incident) -> Incident:
    quotes = a.quotes + tuple(q for q in b.quotes if q not in a.quotes)
    articles = a.article_ids + tuple(x for x in b.article_ids if x not in a.article_ids)
    actor1 = a.actor1 or b.actor1
    others = [x for x in (a.actor2, b.actor2, b.actor1) if x and x != actor1]
    actor2 = min(others, key=actor_rank, default=None)
    better = a if a.geo_precision <= b.geo_precision else b
    sites = a.site_mentions + tuple(m for m in b.site_mentions if m not in a.site_mentions)
    return replace(a, quotes=quotes, article_ids=articles, site_mentions=sites, actor1=actor1,
                   actor2=actor2,
                   date=_better_date(a.date, b.date), location=better.location,
                   geo_precision=better.geo_precision, location_basis=better.location_basis,
                   fatalities=_max(a.fatalities, b.fatalities),
                   fatalities_low=_max(a.fatalities_low, b.fatalities_low),
                   fatalities_high=_max(a.fatalities_high, b.fatalities_high),
                   wounded=_max(a.wounded, b.wounded))


def _better_date(a: EventDate, b: EventDate) -> EventDate:
    order = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}
    rank_a = order[a.precision if a.value else None]
    return a if rank_a <= order[b.precision if b.value else None] else b


def _max(a: int | None, b: int | None) -> int | None:
    values = [v for v in (a, b) if v is not None]
    return max(values) if values else None
