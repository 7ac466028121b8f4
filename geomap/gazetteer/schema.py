"""The gazetteer index's compact SQLite layout, shared by the builder and the query layer.

Schema 2 stores what schema 1 stored in about half the bytes, so cities500 fits for every
country under the 25 MB a file in git may weigh:

- ``entries.pid`` *is* the GeoNames id (the table's rowid, so ``by_id`` is one B-tree probe);
  places without one (curated rows, Natural Earth territories) get negative pids, and ``gid``
  holds a GeoNames id only when it cannot be the pid (a repeated id in a user-built table).
- ``lat``/``lon`` are integers in units of 1e-5 degree (about 1 m; GeoNames publishes 5
  decimals): 3-4 bytes each instead of 8.
- ``kind`` is a one-byte code for the (feature class, feature code, source) triple, spelled out
  in the small ``kinds`` table.

The view ``places`` decodes all of it into schema 1's columns (pid, geonameid, name, lat, lon,
fclass, fcode, cc, admin1, population, source), so SQL written against the old layout and
users of the sqlite3 shell see the same table.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

SCHEMA_VERSION = "2"
#: Coordinates are stored as integers in units of 1 / COORD_SCALE degree.
COORD_SCALE = 100_000

SCHEMA = f"""
CREATE TABLE kinds(kind INTEGER PRIMARY KEY, fclass TEXT NOT NULL, fcode TEXT NOT NULL,
  source TEXT NOT NULL);
CREATE TABLE entries(pid INTEGER PRIMARY KEY, name TEXT NOT NULL, lat INTEGER NOT NULL,
  lon INTEGER NOT NULL, kind INTEGER NOT NULL, cc TEXT NOT NULL, admin1 TEXT NOT NULL,
  population INTEGER NOT NULL, gid INTEGER);
CREATE INDEX entries_gid ON entries(gid) WHERE gid IS NOT NULL;
CREATE TABLE names(key TEXT NOT NULL, pid INTEGER NOT NULL, demonym INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(key, pid, demonym)) WITHOUT ROWID;
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE VIEW places AS SELECT e.pid,
  CASE WHEN e.gid IS NOT NULL THEN e.gid WHEN e.pid > 0 THEN e.pid END AS geonameid, e.name,
  e.lat / {COORD_SCALE}.0 AS lat, e.lon / {COORD_SCALE}.0 AS lon, k.fclass, k.fcode, e.cc, e.admin1,
  e.population, k.source
  FROM entries e JOIN kinds k ON k.kind = e.kind;
"""
#: The columns the query layer reads, in the order :func:`decode` expects.
COLUMNS = "p.pid, p.gid, p.name, p.lat, p.lon, k.fclass, k.fcode, p.cc, p.admin1, " \
          "p.population, k.source"
#: The FROM clause for :data:`COLUMNS`.
TABLES = "entries p JOIN kinds k ON k.kind = p.kind"


def coord(value: float) -> int:
    """A latitude or longitude in stored units (rounded to 1e-5 degree)."""
    return round(value * COORD_SCALE)


def decode(row: tuple) -> dict[str, Any]:
    """Keyword arguments of :class:`~geomap.records.Place` for a row of :data:`COLUMNS`."""
    pid, gid = row[0], row[1]
    return {"geonameid": gid if gid is not None else (pid if pid > 0 else None),
            "name": row[2], "lat": row[3] / COORD_SCALE, "lon": row[4] / COORD_SCALE,
            "feature_class": row[5], "feature_code": row[6], "country_code": row[7],
            "admin1": row[8], "population": row[9], "source": row[10]}


class EntryWriter:
    """Inserts places into :data:`SCHEMA`'s tables, choosing pids and kind codes.

    A place's pid is its GeoNames id when it has one not taken yet, else the next negative
    number; :meth:`add` returns it, for the place's name rows.
    """

    def __init__(self, con: sqlite3.Connection) -> None:
        self.con = con
        self.kinds: dict[tuple[str, str, str], int] = {}
        self.used: set[int] = set()
        self.next_local = -1

    def pid_for(self, geonameid: int | None) -> tuple[int, int | None]:
        """(pid, gid): the GeoNames id as pid when free, else a negative pid keeping it in gid."""
        if geonameid is not None and geonameid > 0 and geonameid not in self.used:
            self.used.add(geonameid)
            return geonameid, None
        pid, self.next_local = self.next_local, self.next_local - 1
        return pid, geonameid

    def kind(self, fclass: str, fcode: str, source: str) -> int:
        key = (fclass or "", fcode or "", source)
        if key not in self.kinds:
            self.kinds[key] = len(self.kinds)
            self.con.execute("INSERT INTO kinds VALUES (?,?,?,?)", (self.kinds[key], *key))
        return self.kinds[key]

    def add(self, pid: int, gid: int | None, *, name: str, lat: float, lon: float, fclass: str,
            fcode: str, cc: str, admin1: str, population: int, source: str) -> None:
        self.con.execute("INSERT INTO entries VALUES (?,?,?,?,?,?,?,?,?)",
                         (pid, name, coord(lat), coord(lon), self.kind(fclass, fcode, source),
                          cc or "", admin1 or "", population or 0, gid))

    def add_names(self, rows: Iterable[tuple[str, int, int]]) -> None:
        self.con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", rows)
