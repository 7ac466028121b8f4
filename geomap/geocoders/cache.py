"""A persistent cache of online geocoder answers, in SQLite, shared by every run and process.

Asking Nominatim twice for the same name breaks its usage policy and makes a rerun depend on the
network; so every answer — including "no match" — is stored on disk, keyed by the service, the
normalised query and the options that change the answer (country filter, result limit, domain).
Service errors are never stored: the next run asks again.

Two geomap processes may share one cache: the database runs in WAL mode with a busy timeout, and
each write is one short transaction. A cache the user may only read (a shared, read-only copy)
still answers: it is opened read-only and new answers are not stored, with one warning. A row
that is not JSON, or larger than :data:`MAX_ANSWER_BYTES`, is treated as absent: the service is
asked again, and the fresh answer replaces it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import platformdirs

from geomap.errors import OutputError
from geomap.normalize import name_key

logger = logging.getLogger(__name__)

CACHE_NAME = "geocode.sqlite"
DAY = 86_400.0
#: How long answers stay fresh: places rarely move, but "no match" may be fixed upstream.
HIT_TTL_DAYS = 365.0
MISS_TTL_DAYS = 30.0
BUSY_TIMEOUT_MS = 30_000
SCHEMA_VERSION = 1
#: The largest answer kept or read: a geocoder reply is a few kilobytes; one of megabytes is
#: hostile or broken, and reading it back would cost every later run its memory.
MAX_ANSWER_BYTES = 1_000_000
SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    service TEXT NOT NULL,
    query TEXT NOT NULL,
    options TEXT NOT NULL,
    answer TEXT NOT NULL,
    stored REAL NOT NULL,
    expires REAL NOT NULL,
    PRIMARY KEY (service, query, options)
) WITHOUT ROWID;
"""


def default_cache_path() -> Path:
    """``geocode.sqlite`` in the user's cache directory (``~/.cache/geomap`` on Linux)."""
    return platformdirs.user_cache_path("geomap") / CACHE_NAME


def cache_key(service: str, query: str, options: Mapping[str, Any]) -> tuple[str, str, str]:
    """The (service, query, options) key: spelling variants and option order do not matter.

    >>> cache_key("nominatim", "Dayr  az-Zawr", {"b": 1, "a": [2]})
    ('nominatim', 'dayr az zawr', '{"a":[2],"b":1}')
    """
    return (service, name_key(query),
            json.dumps(dict(options), sort_keys=True, separators=(",", ":"), default=str))


class GeoCache:
    """Geocoder answers on disk; a list of answers, where an empty list means "no match".

    Parameters
    ----------
    path : Path or str, optional
        The SQLite file; created with its folder on first write. Default:
        :func:`default_cache_path`.
    hit_ttl_days, miss_ttl_days : float
        How long an answer, or a "no match", is used before the service is asked again.
    clock : callable
        Returns the time in seconds since the epoch; tests pass a fake one.

    Examples
    --------
    >>> cache = GeoCache(tmp_path / "geocode.sqlite")  # doctest: +SKIP
    >>> cache.put("nominatim", "Baghdad", {}, [{"lat": 33.3}])  # doctest: +SKIP
    >>> cache.get("nominatim", "baghdad", {})  # doctest: +SKIP
    [{'lat': 33.3}]

    Raises
    ------
    OutputError
        When the file cannot be created, opened or written, or is not a SQLite database.
    """

    def __init__(self, path: Path | str | None = None, *, hit_ttl_days: float = HIT_TTL_DAYS,
                 miss_ttl_days: float = MISS_TTL_DAYS,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path).expanduser() if path else default_cache_path()
        self.hit_ttl = hit_ttl_days * DAY
        self.miss_ttl = miss_ttl_days * DAY
        self.clock = clock
        self._con: sqlite3.Connection | None = None
        #: True when the file could only be opened for reading: answers are not stored.
        self.read_only = False

    @property
    def con(self) -> sqlite3.Connection:
        """The connection, opened (and the schema created) on first use."""
        if self._con is None:
            self._con = self._open()
        return self._con

    def _open(self) -> sqlite3.Connection:
        try:
            return _open_for_writing(self.path)
        except (OSError, sqlite3.Error) as err:
            if not self.path.is_file():
                raise OutputError(f"{self.path}: geocoding cache unusable: {err}") from err
            failure = err
        try:  # a cache this user may only read still answers
            con = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                  timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                  check_same_thread=False)
            con.execute("SELECT count(*) FROM answers LIMIT 1").fetchone()
        except sqlite3.Error as err:
            raise OutputError(f"{self.path}: geocoding cache unusable: {failure}") from err
        self._read_only(failure)
        return con

    def _read_only(self, reason: object) -> None:
        if not self.read_only:
            logger.warning("%s: geocoding cache is read-only (%s); new answers are not stored",
                           self.path, reason)
        self.read_only = True

    def get(self, service: str, query: str, options: Mapping[str, Any]) -> list[Any] | None:
        """The stored answers (``[]`` for a stored "no match"), or None when absent or stale."""
        try:
            row = self.con.execute(
                "SELECT CASE WHEN length(CAST(answer AS BLOB)) <= ? THEN answer END, "
                "length(CAST(answer AS BLOB)) FROM answers WHERE service = ? AND query = ? "
                "AND options = ? AND expires > ?",
                (MAX_ANSWER_BYTES, *cache_key(service, query, options), self.clock())
            ).fetchone()
        except sqlite3.Error as err:
            raise OutputError(f"{self.path}: geocoding cache unreadable: {err}") from err
        if row is None:
            return None
        return _stored_answers(row, self.path, query)

    def put(self, service: str, query: str, options: Mapping[str, Any],
            answers: list[Any]) -> None:
        """Store the answers (an empty list for "no match"), replacing any older ones."""
        now = self.clock()
        expires = now + (self.hit_ttl if answers else self.miss_ttl)
        stored = json.dumps(answers, ensure_ascii=False)
        if len(stored.encode("utf-8")) > MAX_ANSWER_BYTES:
            logger.warning("%s: answer for %r over %d bytes; not stored", self.path, query,
                           MAX_ANSWER_BYTES)
            return
        con = self.con
        if self.read_only:
            return
        try:
            con.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?)",
                        (*cache_key(service, query, options), stored, now, expires))
        except sqlite3.OperationalError as err:
            if "readonly" not in str(err) and "read-only" not in str(err):
                raise OutputError(f"{self.path}: cannot write the geocoding cache: "
                                  f"{err}") from err
            self._read_only(err)
        except sqlite3.Error as err:
            raise OutputError(f"{self.path}: cannot write the geocoding cache: {err}") from err

    def stats(self) -> dict[str, int]:
        """Counts of fresh answers, fresh "no match" entries and stale entries."""
        now = self.clock()
        hits, misses, stale = self.con.execute(
            "SELECT sum(expires > ? AND answer != '[]'), sum(expires > ? AND answer = '[]'), "
            "sum(expires <= ?) FROM answers", (now, now, now)).fetchone()
        return {"answers": hits or 0, "no_match": misses or 0, "stale": stale or 0}

    def close(self) -> None:
        """Close the connection; the cache reopens on next use."""
        if self._con is not None:
            self._con.close()
            self._con = None


def _open_for_writing(path: Path) -> sqlite3.Connection:
    """The cache opened for reading and writing, in WAL mode, its schema created."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                          check_same_thread=False)
    try:
        con.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _switch_to_wal(con)
        con.executescript(SCHEMA)
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except sqlite3.Error:
        con.close()
        raise
    return con


def _stored_answers(row: tuple[Any, Any], path: Path, query: str) -> list[Any] | None:
    """A row's answers; None (absent: ask again) for a row too large or not a JSON list."""
    answer, size = row
    if not isinstance(answer, str):
        logger.warning("%s: cached answer for %r is %s; ignored", path, query,
                       f"{size} bytes" if (size or 0) > MAX_ANSWER_BYTES else "not text")
        return None
    try:
        answers = json.loads(answer)
    except (ValueError, RecursionError):
        answers = None
    if not isinstance(answers, list):
        logger.warning("%s: cached answer for %r is not a JSON list; ignored", path, query)
        return None
    return answers


def _switch_to_wal(con: sqlite3.Connection) -> None:
    """Put the cache in WAL mode, waiting out another process doing the same.

    SQLite answers "database is locked" at once, without its busy handler, when two
    connections switch a new file's journal mode together; so the switch is retried for up to
    the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            con.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
