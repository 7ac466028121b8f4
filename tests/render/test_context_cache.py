"""The map context's divisions kept by box: a map drawn from the cache is the map drawn without."""

from __future__ import annotations

import gzip
import json

import pytest

from geomap.render import context_cache
from geomap.render.context_cache import MAX_ENTRIES, cache_key, cached_text
from geomap.render.map import build_map
from tests.render.reviewdata import ARTICLES, features


@pytest.fixture(autouse=True)
def cache_home(monkeypatch, tmp_path):
    """The user's cache directory moved into the test's folder, the cache switched on (the
    suite's conftest switches it off for every other test)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv(context_cache.SWITCH, "1")
    return tmp_path / "cache" / "geomap" / "context"


def test_a_map_drawn_from_the_cache_is_byte_identical_to_one_drawn_without(cache_home,
                                                                             monkeypatch):
    incidents, mentions = {"features": features()}, {"features": []}
    first = build_map(incidents, mentions, ARTICLES)
    stored = list(cache_home.glob("*.json.gz"))
    assert len(stored) == 1
    assert build_map(incidents, mentions, ARTICLES) == first  # read back from the file
    monkeypatch.setenv(context_cache.SWITCH, "0")
    assert build_map(incidents, mentions, ARTICLES) == first  # computed again


def test_a_second_call_reads_the_file_instead_of_computing(tmp_path):
    calls = []

    def compute():
        calls.append(1)
        return json.dumps({"land": [1.5, 0.1 + 0.2, -179.123456789], "labels": "Bağdad <&>"})

    args = {"sources": (), "version": "v1", "folder": tmp_path}
    first = cached_text((1.0, 2.0, 3.0, 4.0), compute, **args)
    again = cached_text((1.0, 2.0, 3.0, 4.0), compute, **args)
    assert calls == [1]
    assert again == first  # the text as computed, character for character


def test_another_box_data_file_or_version_is_another_entry(tmp_path):
    data = tmp_path / "admin1.json.gz"
    data.write_bytes(b"one")
    key = cache_key((1.0, 2.0, 3.0, 4.0), (data,), "v1")
    assert cache_key((1.0, 2.0, 3.0, 4.5), (data,), "v1") != key
    assert cache_key((1.0, 2.0, 3.0, 4.0), (data,), "v2") != key
    other = tmp_path / "other.json.gz"
    other.write_bytes(b"two")
    assert cache_key((1.0, 2.0, 3.0, 4.0), (other,), "v1") != key


def test_a_damaged_entry_is_computed_again_and_replaced(tmp_path):
    args = {"sources": (), "version": "v1", "folder": tmp_path}
    cached_text((0.0, 0.0, 1.0, 1.0), lambda: '{"a":1}', **args)
    (entry,) = tmp_path.glob("*.json.gz")
    entry.write_bytes(b"\x1f\x8b broken")
    assert cached_text((0.0, 0.0, 1.0, 1.0), lambda: '{"a":2}', **args) == '{"a":2}'
    assert gzip.decompress(entry.read_bytes()) == b'{"a":2}'


def test_a_cache_that_cannot_be_written_costs_nothing_but_the_time(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    args = {"sources": (), "version": "v1", "folder": blocked / "context"}
    assert cached_text((0.0, 0.0, 1.0, 1.0), lambda: '{"a":1}', **args) == '{"a":1}'
    assert not list(tmp_path.glob("**/*.tmp"))


def test_only_the_most_recent_boxes_are_kept(tmp_path):
    args = {"sources": (), "version": "v1", "folder": tmp_path}
    for k in range(MAX_ENTRIES + 3):
        cached_text((float(k), 0.0, k + 1.0, 1.0), lambda: '{"a":1}', **args)
    assert len(list(tmp_path.glob("*.json.gz"))) == MAX_ENTRIES


def test_switched_off_nothing_is_written(cache_home, monkeypatch):
    monkeypatch.setenv(context_cache.SWITCH, "0")
    found = cached_text((0.0, 0.0, 1.0, 1.0), lambda: '{"a":1}', sources=(), version="v1")
    assert found == '{"a":1}'
    assert not cache_home.exists()


def test_the_towns_are_kept_with_the_divisions_and_another_index_is_another_entry(
        cache_home, monkeypatch, tmp_path):
    from geomap.render import surroundings as surroundings_module

    mosul = surroundings_module.surroundings([36.34], [43.13])
    assert mosul is not None
    assert any(name == "Mosul" for _, _, name, _ in mosul["places"])
    again = surroundings_module.surroundings([36.34], [43.13])  # read back: lists, not tuples
    assert json.dumps(again) == json.dumps(mosul)
    monkeypatch.setattr(surroundings_module, "default_index_path", lambda: tmp_path / "none")
    elsewhere = surroundings_module.surroundings([36.34], [43.13])
    assert elsewhere is not None
    assert elsewhere["places"] == []
    assert len(list(cache_home.glob("*.json.gz"))) == 2


def test_the_context_layer_writes_the_options_tojson_writes(cache_home):
    """The surroundings go into the page as the cache holds them (JSON without spaces), and
    the layer's line is the options ``tojson`` writes with them as their last member."""
    from jinja2.utils import htmlsafe_json_dumps

    from geomap.render.layers.context import Context
    from geomap.render.surroundings import surroundings_json

    text = surroundings_json([33.34, 36.34], [44.40, 43.13])
    assert text is not None
    assert surroundings_json([33.34, 36.34], [44.40, 43.13]) == text  # read back, unchanged
    layer = Context(surroundings=text)
    whole = {**layer.options, "surroundings": json.loads(text)}
    assert json.loads(layer.options_json) == whole
    head = str(htmlsafe_json_dumps({**layer.options, "surroundings": None}, sort_keys=True))
    assert layer.options_json == head.replace("null}", text + "}")
    assert text == str(htmlsafe_json_dumps(json.loads(text), sort_keys=True,
                                           separators=(",", ":")))
    assert "<" not in text
    assert "'" not in text
