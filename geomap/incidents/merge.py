"""Merge reports of the same incident, within one article and across articles.

Two reports are one incident when they have places within a few km, dates within a day (or one
undated) and the same event type, or the same day and an actor in common. The merged incident
keeps every quote, article and site mention.

A run of any length merges as a stream (:class:`IncidentMerger`): only what the comparison
needs (place, type, dates, articles, actors) stays in memory, indexed by 1° cell and day, so a
new report is compared with the few kept incidents of its cells and days, never with all; the
incidents themselves wait on disk once there are many, and come back in first-seen order.
"""

from __future__ import annotations

import pickle
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from geomap.geometry import around, cell, km_between
from geomap.incidents.actor_roles import UNIDENTIFIED
from geomap.incidents.actors import actor_rank
from geomap.records import EventDate, Incident, Place

MAX_KM = 5.0
MAX_DAYS = 1
#: Incidents held in memory by a merger before the least recently used go to disk.
HOT_INCIDENTS = 4096


class Reported(Protocol):
    """What :func:`same_incident` compares: an :class:`Incident`, or a merger's key of one."""

    @property
    def place(self) -> Place | None: ...
    @property
    def event_type(self) -> str: ...
    @property
    def date(self) -> EventDate: ...
    @property
    def article_ids(self) -> tuple[str, ...]: ...
    @property
    def actor1(self) -> str | None: ...
    @property
    def actor2(self) -> str | None: ...


@dataclass(slots=True)
class _Key:
    """The fields of a merged incident that decide whether a new report joins it."""

    place: Place | None
    event_type: str
    date: EventDate
    article_ids: tuple[str, ...]
    actor1: str | None
    actor2: str | None

    @classmethod
    def of(cls, incident: Incident) -> _Key:
        return cls(incident.place, incident.event_type, incident.date, incident.article_ids,
                   incident.actor1, incident.actor2)


def merge_incidents(incidents: Iterable[Incident]) -> list[Incident]:
    """Incidents with duplicates folded together, in first-seen order."""
    merger = IncidentMerger()
    try:
        merger.extend(incidents)
        return list(merger)
    finally:
        merger.close()


class IncidentMerger:
    """Fold incidents into the kept ones as they come; read the merged ones back in order.

    A new report is compared only with kept incidents near it (its 1° cell and the eight
    around it, since MAX_KM is far less than a degree) that could match in time: a date within
    MAX_DAYS of its date, a publication date within MAX_DAYS of its own, or an article in
    common. It joins the first of them, in first-seen order, that :func:`same_incident`
    accepts, exactly as comparing it with every kept incident would. Beyond ``hot`` incidents
    the least recently used are pickled to a temporary SQLite file in ``spill_dir`` (default:
    the system's temporary folder), removed by :meth:`close`.

    Examples
    --------
    >>> merger = IncidentMerger()  # doctest: +SKIP
    >>> merger.extend(article_incidents); merged = list(merger); merger.close()  # doctest: +SKIP
    """

    def __init__(self, *, hot: int = HOT_INCIDENTS, spill_dir: Path | None = None) -> None:
        self.hot_limit = max(hot, 1)
        self.spill_dir = spill_dir
        self._keys: list[_Key] = []
        self._hot: dict[int, Incident] = {}
        self._db: sqlite3.Connection | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._by_date: dict[tuple[tuple[int, int], int], list[int]] = defaultdict(list)
        self._by_anchor: dict[tuple[tuple[int, int], int], list[int]] = defaultdict(list)
        self._by_article: dict[str, list[int]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self._keys)

    def extend(self, incidents: Iterable[Incident]) -> None:
        """Add every incident of ``incidents``, in order."""
        for incident in incidents:
            self.add(incident)

    def add(self, incident: Incident) -> int:
        """Fold ``incident`` into a kept one, or keep it; its index in first-seen order."""
        index = self._match(incident)
        if index is None:
            index = len(self._keys)
            self._keys.append(_Key.of(incident))
            self._put(index, incident)
        else:
            incident = _fold(self._get(index), incident)
            self._keys[index] = _Key.of(incident)
            self._put(index, incident)
        self._index(index)
        return index

    def __iter__(self) -> Iterator[Incident]:
        """The merged incidents in first-seen order (the ones on disk read back one by one)."""
        for index in range(len(self._keys)):
            found = self._hot.get(index)
            yield found if found is not None else self._load(index)

    def close(self) -> None:
        """Drop the kept incidents and the file on disk."""
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
        self._hot.clear()

    def _match(self, incident: Incident) -> int | None:
        place = incident.place
        if place is None:
            return None
        cells = around(place)
        found: set[int] = set()
        for day, table in ((incident.date.value, self._by_date),
                           (incident.date.anchor, self._by_anchor)):
            if day is not None:
                ordinal = day.toordinal()
                for c in cells:
                    for d in range(ordinal - MAX_DAYS, ordinal + MAX_DAYS + 1):
                        found.update(table.get((c, d), ()))
        for article in incident.article_ids:
            found.update(self._by_article.get(article, ()))
        keys, near = self._keys, set(cells)
        return next((k for k in sorted(found) if (site := keys[k].place) is not None
                     and cell(site) in near and same_incident(keys[k], incident)), None)

    def _index(self, index: int) -> None:
        key = self._keys[index]
        for article in key.article_ids:
            _add_once(self._by_article[article], index)
        if key.place is None:
            return
        home = cell(key.place)
        for day, table in ((key.date.value, self._by_date), (key.date.anchor, self._by_anchor)):
            if day is not None:
                _add_once(table[(home, day.toordinal())], index)

    def _put(self, index: int, incident: Incident) -> None:
        self._hot.pop(index, None)
        self._hot[index] = incident  # the most recently used last
        if len(self._hot) > self.hot_limit:
            self._spill()

    def _get(self, index: int) -> Incident:
        found = self._hot.get(index)
        return found if found is not None else self._load(index)

    def _spill(self) -> None:
        """Move the least recently used quarter of the incidents in memory to disk."""
        if self._db is None:
            self._folder = tempfile.TemporaryDirectory(prefix="geomap-merge-",
                                                       dir=self.spill_dir)
            self._db = sqlite3.connect(Path(self._folder.name) / "incidents.sqlite")
            self._db.execute("PRAGMA journal_mode=OFF")
            self._db.execute("PRAGMA synchronous=OFF")
            self._db.execute("CREATE TABLE incidents (k INTEGER PRIMARY KEY, data BLOB)")
        leaving = list(self._hot)[:max(self.hot_limit // 4, 1)]
        self._db.executemany("INSERT OR REPLACE INTO incidents VALUES (?, ?)",
                             ((k, pickle.dumps(self._hot.pop(k), pickle.HIGHEST_PROTOCOL))
                              for k in leaving))

    def _load(self, index: int) -> Incident:
        assert self._db is not None, f"incident {index} is neither in memory nor on disk"
        (data,) = self._db.execute("SELECT data FROM incidents WHERE k = ?", (index,)).fetchone()
        incident: Incident = pickle.loads(data)
        return incident


def _add_once(indices: list[int], index: int) -> None:
    if not indices or indices[-1] != index:
        indices.append(index)


def same_incident(a: Reported, b: Reported) -> bool:
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


def _told_apart(a: Reported, b: Reported) -> bool:
    """Two events of one article its own reading kept apart ("Another bombing in the central
    Sibaa area ...")."""
    return len(a.article_ids) == len(b.article_ids) == 1 and a.article_ids == b.article_ids


def _close_in_time_undated(a: Reported, b: Reported) -> bool:
    """An undated report joins another from the same article, or one published within a
    day of it: "clashes in Aleppo" in 2015 and in 2024 are two incidents."""
    if set(a.article_ids) & set(b.article_ids):
        return True
    pa, pb = a.date.anchor, b.date.anchor
    return pa is not None and pb is not None and abs((pa - pb).days) <= MAX_DAYS


def _share_actor(a: Reported, b: Reported) -> bool:
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
