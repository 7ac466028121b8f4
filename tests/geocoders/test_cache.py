"""The geocoding cache: keys, expiry of answers and of "no match", two processes, bad files."""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.errors import OutputError
from geomap.geocoders.cache import DAY, GeoCache, default_cache_path

ANSWER = [{"address": "Camp Ashraf, IQ", "lat": 33.6, "lon": 44.6, "raw": {"osm_id": 102}}]


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def cache(tmp_path, clock) -> GeoCache:
    return GeoCache(tmp_path / "deep" / "geocode.sqlite", clock=clock)


def test_round_trip_keeps_the_raw_answer(cache):
    cache.put("nominatim", "Camp Ashraf", {"limit": 5}, ANSWER)
    assert cache.get("nominatim", "Camp Ashraf", {"limit": 5}) == ANSWER
    assert cache.path.is_file()


def test_absent_is_none_and_no_match_is_an_empty_list(cache):
    assert cache.get("nominatim", "Nowhere", {}) is None
    cache.put("nominatim", "Nowhere", {}, [])
    assert cache.get("nominatim", "Nowhere", {}) == []


@pytest.mark.parametrize(("service", "query", "options"), [
    ("photon", "Camp Ashraf", {"limit": 5}),
    ("nominatim", "Camp Ashraf", {"limit": 5, "country_codes": ["iq"]}),
    ("nominatim", "Camp Ashraf", {"limit": 5, "domain": "nominatim.newsroom.org"}),
    ("nominatim", "Camp Ashrafi", {"limit": 5}),
])
def test_service_query_and_options_are_all_part_of_the_key(cache, service, query, options):
    cache.put("nominatim", "Camp Ashraf", {"limit": 5}, ANSWER)
    assert cache.get(service, query, options) is None


def test_query_is_normalised_and_option_order_ignored(cache):
    cache.put("nominatim", "Dayr az-Zawr", {"a": 1, "b": [2]}, ANSWER)
    assert cache.get("nominatim", "DAYR  AZ ZAWR", {"b": [2], "a": 1}) == ANSWER


def test_no_match_expires_sooner_than_an_answer(cache, clock):
    cache.put("nominatim", "Nowhere", {}, [])
    cache.put("nominatim", "Camp Ashraf", {}, ANSWER)
    clock.now += 31 * DAY
    assert cache.get("nominatim", "Nowhere", {}) is None
    assert cache.get("nominatim", "Camp Ashraf", {}) == ANSWER
    assert cache.stats() == {"answers": 1, "no_match": 0, "stale": 1}
    clock.now += 400 * DAY
    assert cache.get("nominatim", "Camp Ashraf", {}) is None


def test_rewriting_refreshes_an_entry(cache, clock):
    cache.put("nominatim", "Nowhere", {}, [])
    clock.now += 31 * DAY
    cache.put("nominatim", "Nowhere", {}, ANSWER)
    assert cache.get("nominatim", "Nowhere", {}) == ANSWER


def test_the_database_runs_in_wal_mode_with_a_busy_timeout(cache):
    cache.put("nominatim", "x", {}, [])
    assert cache.con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert cache.con.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000


def _writer(path: str, worker: int, count: int) -> None:
    cache = GeoCache(path)
    for i in range(count):
        cache.put("nominatim", f"place {worker} {i}", {"limit": 5},
                  [{"lat": 1.0, "lon": 2.0, "raw": {"worker": worker}}])
        cache.get("nominatim", f"place {1 - worker} {i}", {"limit": 5})


def test_two_processes_share_one_cache(tmp_path):
    path = str(tmp_path / "shared.sqlite")
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_writer, args=(path, w, 150)) for w in (0, 1)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(timeout=60)
    assert [p.exitcode for p in workers] == [0, 0]
    assert GeoCache(path).stats()["answers"] == 300


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "geocode.sqlite"
    bad.write_bytes(b"this is not sqlite, it is a long enough text to look like a header" * 20)
    with pytest.raises(OutputError, match=r"geocode\.sqlite: geocoding cache unusable"):
        GeoCache(bad).get("nominatim", "x", {})


def test_an_unwritable_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(OutputError, match="geocoding cache unusable"):
        GeoCache(blocker / "sub" / "geocode.sqlite").put("nominatim", "x", {}, [])


def test_default_cache_lives_in_the_user_cache_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_path() == tmp_path / "geomap" / "geocode.sqlite"


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                           lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=5), inner, max_size=3),
                           max_leaves=10)


@settings(max_examples=60, deadline=None)
@given(query=st.text(min_size=1), answers=st.lists(json_values, max_size=3),
       options=st.dictionaries(st.text(max_size=8), json_values, max_size=3))
def test_anything_written_reads_back(tmp_path_factory, query, answers, options):
    cache = GeoCache(tmp_path_factory.mktemp("h") / "c.sqlite")
    try:
        cache.put("svc", query, options, answers)
        assert cache.get("svc", query, options) == answers
    finally:
        cache.close()


def test_schema_is_versioned(cache):
    cache.put("nominatim", "x", {}, [])
    con = sqlite3.connect(cache.path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1


def _store_raw(cache: GeoCache, query: str, answer: object) -> None:
    """A row as an older or damaged geomap might have left it, bypassing ``put``."""
    cache.put("nominatim", query, {}, [])
    cache.con.execute("UPDATE answers SET answer = ? WHERE query = ?", (answer, query.lower()))


@pytest.mark.parametrize("answer", ["{not json", '{"a": 1}', "null", 42, b"\x00\xff",
                                    "[" * 100_000 + "]" * 100_000])
def test_a_bad_cache_row_reads_as_absent(cache, answer):
    _store_raw(cache, "Camp Ashraf", answer)
    assert cache.get("nominatim", "Camp Ashraf", {}) is None


def test_a_huge_cache_row_is_neither_read_nor_written(cache):
    from geomap.geocoders.cache import MAX_ANSWER_BYTES

    _store_raw(cache, "Camp Ashraf", json.dumps([{"raw": "x" * (MAX_ANSWER_BYTES + 10)}]))
    assert cache.get("nominatim", "Camp Ashraf", {}) is None
    cache.put("nominatim", "Mosul", {}, [{"raw": "y" * (MAX_ANSWER_BYTES + 10)}])
    assert cache.get("nominatim", "Mosul", {}) is None


def test_a_cache_that_can_only_be_read_answers_and_stores_nothing(cache, monkeypatch, caplog):
    import geomap.geocoders.cache as module

    cache.put("nominatim", "Camp Ashraf", {"limit": 5}, ANSWER)
    cache.close()

    def refuse(path):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(module, "_open_for_writing", refuse)
    assert cache.get("nominatim", "Camp Ashraf", {"limit": 5}) == ANSWER
    cache.put("nominatim", "Mosul", {}, ANSWER)  # skipped, with one warning
    assert cache.read_only
    assert cache.get("nominatim", "Mosul", {}) is None
    assert "read-only" in caplog.text


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root may write a read-only file")
def test_a_read_only_cache_file_answers(cache):
    cache.put("nominatim", "Camp Ashraf", {}, ANSWER)
    cache.close()
    cache.path.chmod(0o444)
    cache.path.parent.chmod(0o555)
    try:
        reopened = GeoCache(cache.path)
        assert reopened.get("nominatim", "Camp Ashraf", {}) == ANSWER
        reopened.put("nominatim", "Mosul", {}, ANSWER)
        assert reopened.read_only
    finally:
        cache.path.parent.chmod(0o755)
