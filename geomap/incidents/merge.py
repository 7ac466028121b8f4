"""Merge reports of the same incident, within one article and across articles.

Two reports are one incident when they have places within a few km, dates within a day (or one
undated) and the same event type, or the same day and an actor in common. The merged incident
keeps every quote, article and site mention.

A run of any length merges as a stream (:class:`IncidentMerger`): only what the comparison
needs (place, type, dates, articles, actors) stays in memory, indexed by a few-km cube and day,
so a new report is compared with the few kept incidents near it in space and time, never with
all; the incidents themselves wait on disk once there are many, and come back in first-seen
order.
"""

from __future__ import annotations

import copyreg
import io
import pickle
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple, Protocol, TypeVar

from geomap.geometry import around, cell, km_between
from geomap.incidents.actor_roles import UNIDENTIFIED
from geomap.incidents.actors import actor_rank
from geomap.incidents.cubes import Cube, CubeGrid
from geomap.records import Candidate, EventDate, Incident, Mention, Place, Quote, Resolution

MAX_KM = 5.0
MAX_DAYS = 1
#: Incidents held in memory by a merger before the least recently used go to disk.
HOT_INCIDENTS = 4096
T = TypeVar("T")


class Reported(Protocol):
    """What :func:`same_incident` compares: an :class:`Incident`, or a merger's key of one."""

    @property
    def place(self) -> Place | None: ...
    @property
    def event_type(self) -> str: ...
    @property
    def date(self) -> EventDate: ...
    @property
    def article_ids(self) -> Sequence[str]: ...
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
    #: The incident's own tuple, or the growing list of a merged one (not copied per fold).
    article_ids: Sequence[str]
    actor1: str | None
    actor2: str | None
    #: A merged incident's articles as a set, looked up rather than built per compare.
    articles: set[str] | None = None

    @classmethod
    def of(cls, incident: Incident | _Held) -> _Key:
        if isinstance(incident, _Held):
            head = incident.head
            return cls(head.place, head.event_type, head.date, incident.articles, head.actor1,
                       head.actor2, incident.article_set)
        return cls(incident.place, incident.event_type, incident.date, incident.article_ids,
                   incident.actor1, incident.actor2)


class _Filed(NamedTuple):
    """Where a kept incident's key was filed, before a fold changes it."""

    cube: Cube | None
    alone: str | None
    value: date | None
    anchor: date | None
    articles: int

    @classmethod
    def of(cls, key: _Key) -> _Filed:
        return cls(_cube(key.place) if key.place is not None else None,
                   _alone_in(key.article_ids), key.date.value, key.date.anchor,
                   len(key.article_ids))


def merge_incidents(incidents: Iterable[Incident]) -> list[Incident]:
    """Incidents with duplicates folded together, in first-seen order."""
    merger = IncidentMerger(hot=None)  # the list returned holds them all anyway
    try:
        merger.extend(incidents)
        return list(merger)
    finally:
        merger.close()


class IncidentMerger:
    """Fold incidents into the kept ones as they come; read the merged ones back in order.

    A new report is compared only with kept incidents that could match it: within reach in
    space (a place in its block of cubes, see :class:`~geomap.incidents.cubes.CubeGrid`)
    and in time (a date within MAX_DAYS of its date, a publication date within MAX_DAYS of
    its own when one of the two is undated, or an article in common), and not from its own
    single article (two events one article kept apart stay apart). It joins the first of
    them, in first-seen order, that :func:`same_incident` accepts, exactly as comparing it
    with every kept incident would, so the work per report follows the reports near it, not
    the run's length. Beyond ``hot`` incidents (None: never) the least recently used are
    pickled to a temporary SQLite file in ``spill_dir`` (default: the system's temporary
    folder), removed by :meth:`close`.

    Examples
    --------
    >>> merger = IncidentMerger()  # doctest: +SKIP
    >>> merger.extend(article_incidents); merged = list(merger); merger.close()  # doctest: +SKIP
    """

    def __init__(self, *, hot: int | None = HOT_INCIDENTS, spill_dir: Path | None = None) -> None:
        self.hot_limit = None if hot is None else max(hot, 1)
        self.spill_dir = spill_dir
        self._keys: list[_Key] = []
        # the incidents in memory, least recently used first: as given, or being merged
        self._hot: dict[int, Incident | _Held] = {}
        self._db: sqlite3.Connection | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        # cube -> day -> own article (None: several) -> kept incidents
        self._by_day, self._dated_by_anchor, self._undated_by_anchor = (
            _blocks(), _blocks(), _blocks())
        # article -> cube -> kept incidents of several articles, and of that article alone
        self._shared: dict[str, dict[Cube, list[int]]] = defaultdict(lambda: defaultdict(list))
        self._alone: dict[str, dict[Cube, list[int]]] = defaultdict(lambda: defaultdict(list))

    def __len__(self) -> int:
        return len(self._keys)

    def extend(self, incidents: Iterable[Incident]) -> None:
        """Add every incident of ``incidents``, in order."""
        for incident in incidents:
            self.add(incident)

    def add(self, incident: Incident) -> int:
        """Fold ``incident`` into a kept one, or keep it; its index in first-seen order."""
        index = self._match(incident)
        before: _Filed | None = None
        if index is None:
            index = len(self._keys)
            self._keys.append(_Key.of(incident))
            self._put(index, incident)
        else:
            before = _Filed.of(self._keys[index])
            kept = self._get(index)
            held = kept if isinstance(kept, _Held) else _Held(kept)
            held.fold(incident)
            self._keys[index] = _Key.of(held)
            self._put(index, held)
        self._index(index, before)
        return index

    def __iter__(self) -> Iterator[Incident]:
        """The merged incidents in first-seen order (the ones on disk read back in one pass);
        read them after the last :meth:`add`."""
        rows: Iterator[tuple[int, bytes]] = iter(())
        if self._db is not None:
            rows = self._db.execute("SELECT k, data FROM incidents ORDER BY k")
        row = next(rows, None)
        for index in range(len(self._keys)):
            found = self._hot.get(index)
            if found is None:
                while row is not None and row[0] < index:
                    row = next(rows, None)
                assert row is not None, f"incident {index} is neither in memory nor on disk"
                found = pickle.loads(row[1])
            yield found.incident() if isinstance(found, _Held) else found

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
        cubes = _cubes_around(place)
        alone = _alone_in(incident.article_ids)
        found: set[int] = set()
        value, anchor = incident.date.value, incident.date.anchor
        if value is not None:
            _gather(found, self._by_day, cubes, value, alone)
        if anchor is not None:  # an undated one and a dated one compare publication dates
            _gather(found, self._undated_by_anchor, cubes, anchor, alone)
            if value is None:
                _gather(found, self._dated_by_anchor, cubes, anchor, alone)
        for article in incident.article_ids:  # an article in common counts when undated
            for table in (self._shared, self._alone) if alone is None else (self._shared,):
                if (by_cube := table.get(article)) is not None:
                    for c in cubes:
                        found.update(by_cube.get(c, ()))
        if not found:
            return None
        keys, near = self._keys, set(around(place))
        return next((k for k in sorted(found) if (site := keys[k].place) is not None
                     and cell(site) in near and same_incident(keys[k], incident)), None)

    def _index(self, index: int, before: _Filed | None) -> None:
        """File the kept incident under its current key; what its key was filed under before
        stays (a few stale entries cost a comparison, never a match)."""
        key = self._keys[index]
        if key.place is None:
            return
        cube, alone = _cube(key.place), _alone_in(key.article_ids)
        value, anchor = key.date.value, key.date.anchor
        if before is None or before.cube != cube or before.alone != alone:
            before = None  # filed anew
        if before is None or value != before.value or anchor != before.anchor:
            if value is not None:
                _add_once(self._by_day[cube][value.toordinal()][alone], index)
            if anchor is not None:
                table = self._undated_by_anchor if value is None else self._dated_by_anchor
                _add_once(table[cube][anchor.toordinal()][alone], index)
        # a fold only appends articles: the ones filed before need no second entry
        articles = key.article_ids[before.articles if before else 0:]
        for article in articles:
            _add_once((self._shared if alone is None else self._alone)[article][cube], index)

    def _put(self, index: int, incident: Incident | _Held) -> None:
        self._hot.pop(index, None)
        self._hot[index] = incident  # the most recently used last
        if self.hot_limit is not None and len(self._hot) > self.hot_limit:
            self._spill(self.hot_limit)

    def _get(self, index: int) -> Incident | _Held:
        found = self._hot.get(index)
        return found if found is not None else self._load(index)

    def _spill(self, limit: int) -> None:
        """Move the least recently used quarter of the incidents in memory to disk."""
        if self._db is None:
            self._folder = tempfile.TemporaryDirectory(prefix="geomap-merge-",
                                                       dir=self.spill_dir)
            self._db = sqlite3.connect(Path(self._folder.name) / "incidents.sqlite")
            self._db.execute("PRAGMA journal_mode=OFF")
            self._db.execute("PRAGMA synchronous=OFF")
            self._db.execute("CREATE TABLE incidents (k INTEGER PRIMARY KEY, data BLOB)")
        leaving = list(self._hot)[:max(limit // 4, 1)]
        self._db.executemany("INSERT OR REPLACE INTO incidents VALUES (?, ?)",
                             ((k, _dumps(self._hot.pop(k))) for k in leaving))

    def _load(self, index: int) -> Incident:
        assert self._db is not None, f"incident {index} is neither in memory nor on disk"
        (data,) = self._db.execute("SELECT data FROM incidents WHERE k = ?", (index,)).fetchone()
        incident: Incident = pickle.loads(data)
        return incident


_Blocks = dict[Cube, dict[int, dict[str | None, list[int]]]]
#: Cubes twice MAX_KM wide: a place within MAX_KM of another lies in the eight around it.
_GRID = CubeGrid(MAX_KM)
_cube, _cubes_around = _GRID.cube, _GRID.around


def _blocks() -> _Blocks:
    return defaultdict(lambda: defaultdict(lambda: defaultdict(list)))


def _alone_in(article_ids: Sequence[str]) -> str | None:
    """The article a report comes from when it comes from one (None: several)."""
    return article_ids[0] if len(article_ids) == 1 else None


def _gather(found: set[int], blocks: _Blocks, cubes: list[Cube], day: date,
            alone: str | None) -> None:
    """Kept incidents of ``blocks`` in ``cubes`` within MAX_DAYS of ``day``, except those of
    the article ``alone`` only (:func:`_told_apart` keeps them apart)."""
    ordinal = day.toordinal()
    for c in cubes:
        days = blocks.get(c)
        if days is None:
            continue
        for d in range(ordinal - MAX_DAYS, ordinal + MAX_DAYS + 1):
            block = days.get(d)
            if block is None:
                continue
            for article, kept in block.items():
                if alone is None or article != alone:
                    found.update(kept)


#: How the spill file stores records: each as its class and field values, rebuilt by calling
#: the class (pickle's default for slotted dataclasses is several times slower).
_AS_FIELDS: dict[type, Callable[[Any], Any]] = {
    cls: attrgetter(*cls.__match_args__)
    for cls in (Incident, Resolution, Mention, Place, Candidate, Quote, EventDate)}
_DISPATCH: dict[type, Callable[[Any], Any]] = {
    **copyreg.dispatch_table,
    **dict.fromkeys(_AS_FIELDS, lambda record: (type(record), _AS_FIELDS[type(record)](record)))}


def _dumps(incident: Incident | _Held) -> bytes:
    if isinstance(incident, _Held):
        incident = incident.incident()
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(incident)
    return buffer.getvalue()


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
    return (len(a.article_ids) == len(b.article_ids) == 1
            and a.article_ids[0] == b.article_ids[0])


def _close_in_time_undated(a: Reported, b: Reported) -> bool:
    """An undated report joins another from the same article, or one published within a
    day of it: "clashes in Aleppo" in 2015 and in 2024 are two incidents."""
    held = a.articles if isinstance(a, _Key) and a.articles is not None else set(a.article_ids)
    if not held.isdisjoint(b.article_ids):
        return True
    pa, pb = a.date.anchor, b.date.anchor
    return pa is not None and pb is not None and abs((pa - pb).days) <= MAX_DAYS


def _share_actor(a: Reported, b: Reported) -> bool:
    """An actor both name; "Unidentified Armed Group", given when none is named, is none."""
    return bool({a.actor1, a.actor2} & {b.actor1, b.actor2} - {None, UNIDENTIFIED})


class _Held:
    """A merged incident growing one report at a time: its quotes, articles and site mentions
    gathered in lists (each record once, looked up by the fields that make records equal), its
    other fields in ``head``; the incident is built from them when it is read or goes to disk,
    not per report (which copied everything it held each time)."""

    __slots__ = ("article_set", "articles", "head", "quote_keys", "quotes", "site_keys", "sites")

    def __init__(self, incident: Incident) -> None:
        self.head = incident  # its quotes, articles and site mentions are the first report's
        self.quotes = list(incident.quotes)
        self.quote_keys = set(map(_AS_FIELDS[Quote], incident.quotes))
        self.articles = list(incident.article_ids)
        self.article_set = set(incident.article_ids)
        self.sites = list(incident.site_mentions)
        self.site_keys = set(map(_AS_FIELDS[Mention], incident.site_mentions))

    def fold(self, b: Incident) -> None:
        """Fold the report ``b`` in."""
        a = self.head
        _add_new(self.quotes, b.quotes, self.quote_keys, _AS_FIELDS[Quote])
        _add_new(self.articles, b.article_ids, self.article_set, str)
        _add_new(self.sites, b.site_mentions, self.site_keys, _AS_FIELDS[Mention])
        actor1 = a.actor1 or b.actor1
        others = [x for x in (a.actor2, b.actor2, b.actor1) if x and x != actor1]
        actor2 = min(others, key=actor_rank, default=None)
        better = a if a.geo_precision <= b.geo_precision else b
        self.head = replace(a, actor1=actor1, actor2=actor2,
                            date=_better_date(a.date, b.date), location=better.location,
                            geo_precision=better.geo_precision,
                            location_basis=better.location_basis,
                            fatalities=_max(a.fatalities, b.fatalities),
                            fatalities_low=_max(a.fatalities_low, b.fatalities_low),
                            fatalities_high=_max(a.fatalities_high, b.fatalities_high),
                            wounded=_max(a.wounded, b.wounded))

    def incident(self) -> Incident:
        """The merged incident."""
        return replace(self.head, quotes=tuple(self.quotes), article_ids=tuple(self.articles),
                       site_mentions=tuple(self.sites))


def _fold(a: Incident, b: Incident) -> Incident:
    """``a`` with ``b`` folded in."""
    held = _Held(a)
    held.fold(b)
    return held.incident()


def _add_new(held: list[T], records: Iterable[T], keys: set[Any],
             fields: Callable[[T], Any]) -> None:
    """Append the records not held (each checked against those held before, as ``not in``
    on the held tuple would); ``keys`` then holds them too."""
    new = [r for r in records if fields(r) not in keys]
    keys.update(map(fields, new))
    held.extend(new)


def _better_date(a: EventDate, b: EventDate) -> EventDate:
    order = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}
    rank_a = order[a.precision if a.value else None]
    return a if rank_a <= order[b.precision if b.value else None] else b


def _max(a: int | None, b: int | None) -> int | None:
    values = [v for v in (a, b) if v is not None]
    return max(values) if values else None
