"""The places layer gathered while mentions are written is the one read back from the file."""

from __future__ import annotations

import doctest
import json
import tracemalloc

import geomap.render.places_mentioned as places_module
from geomap.io.stream import StreamedRun
from geomap.io.writers.geojson import read_features
from geomap.pipeline import Pipeline
from geomap.records import Article
from geomap.render.places_mentioned import PlacesMentioned

ARTICLES = [
    "A car bomb exploded in Mosul on Monday, killing four people. Police in Mosul said the "
    "blast hit a market near Erbil road. Officials in Baghdad condemned it.",
    "Gunmen attacked a checkpoint near Kirkuk, Iraq, on Tuesday; two soldiers died. The "
    "Iraqi army sent troops from Tikrit and from Mosul.",
    "Shelling hit the town of Kfraya-al-Unknown in Syria, residents said.",
]


def test_gathered_while_writing_equals_read_back(tmp_path):
    pipeline = Pipeline()
    gathered = PlacesMentioned()
    mentions = tmp_path / "mentions.geojson"
    with StreamedRun(tmp_path / "incidents.geojson", mentions,
                     on_mention=gathered.add) as run:
        for k, text in enumerate(ARTICLES):
            done = pipeline.process(Article(f"a{k}", text))
            run.add(done.article, done.parsed.resolutions, done.incidents)
        run.finish()
    read_back = PlacesMentioned().extend(read_features(mentions))
    assert len(gathered.rows()) >= 4
    assert json.dumps(gathered.rows()) == json.dumps(read_back.rows())
    assert gathered.resolvers == read_back.resolvers
    # what a worker process sends of each feature gives the same layer
    essentials = PlacesMentioned().extend(map(PlacesMentioned.essentials, read_features(mentions)))
    assert json.dumps(essentials.rows()) == json.dumps(read_back.rows())
    assert essentials.resolvers == read_back.resolvers
    mosul = next(p for p in gathered.rows() if p["name"] == "Mosul")
    assert mosul["count"] == 3


def test_the_module_examples_hold():
    assert doctest.testmod(places_module).failed == 0


def test_a_place_costs_a_few_hundred_bytes():
    """The layer grows with every place a run mentions until the map is drawn (tens of
    thousands of them in a big run): a row of columns each, not a dict and a set."""
    features = [{"geometry": {"coordinates": [k / 1000, 10 + k / 1000]}, "properties": {
        "name": f"Town {k}", "text": f"Town {k}", "resolver": "gazetteer",
        "feature_code": "PPL"}} for k in range(20_000)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        places = PlacesMentioned().extend(features)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(places.columns()["name"]) == 20_000
    assert held / 20_000 < 300


def test_columns_are_the_rows_by_field():
    places = PlacesMentioned().extend([
        {"geometry": {"coordinates": [44.4, 33.3]}, "properties": {
            "name": "Baghdad", "text": text, "resolver": "gazetteer", "feature_code": "PPLC"}}
        for text in ("Bagdad", "Baghdad", "Bagdad")] + [
        {"geometry": {"coordinates": [43.1, 36.3]}, "properties": {
            "name": "Mosul", "text": "Mosul", "resolver": "gazetteer", "feature_code": "PPLA"}},
        {"geometry": None, "properties": {"text": "Nowhere", "resolver": "none"}}])
    columns = places.columns()
    assert columns == {"lat": [33.3, 36.3], "lon": [44.4, 43.1], "name": ["Baghdad", "Mosul"],
                       "count": [3, 1], "resolver": ["gazetteer", "gazetteer"],
                       "feature_code": ["PPLC", "PPLA"],
                       "texts": [["Bagdad", "Baghdad"], ["Mosul"]]}
    assert places.rows()[0] == {"lat": 33.3, "lon": 44.4, "name": "Baghdad", "count": 3,
                                "resolver": "gazetteer", "feature_code": "PPLC",
                                "texts": ["Bagdad", "Baghdad"]}
    assert places.resolvers == {"gazetteer", "none"}
