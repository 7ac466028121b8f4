"""Corpus scoring: Mordecai 3's columns, on a tiny corpus written here (never the shared one)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from geomap.cli import app
from geomap.errors import InputError
from geomap.eval import Evaluator, read_corpus
from geomap.gazetteer.index import Gazetteer
from geomap.geometry import km_between
from tests.helpers import place as _p

GAZ_ROWS = [
    (_p("Iraq", 33.0, 44.0, 99237, "PCLI", "IQ", 38_000_000, "A"), []),
    (_p("Baghdad", 33.34, 44.40, 98182, "PPLC", "IQ", 7_200_000), []),
    (_p("Mosul", 36.34, 43.13, 99072, "PPLA", "IQ", 1_700_000), []),
]
TEXT = "Strikes hit Baghdad and Mosul in Iraq. Basra was quiet."
DOC = {"id": "d1", "text": TEXT, "toponyms": [
    {"start": 12, "end": 19, "name": "Baghdad", "lat": 33.34, "lon": 44.40, "geonameid": 98182},
    {"start": 24, "end": 29, "name": "Mosul", "lat": 36.0, "lon": 43.0, "geonameid": 99072},
    {"start": 39, "end": 44, "name": "Basra", "lat": 30.5, "lon": 47.8, "geonameid": 99532},
]}


def write(tmp_path, *records, name="tiny.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n")
    return path


@pytest.fixture(scope="module")
def evaluator():
    return Evaluator(Gazetteer.from_places(GAZ_ROWS))


def test_scores_recognition_and_resolution(tmp_path, evaluator):
    figures = evaluator.score(read_corpus(write(tmp_path, DOC)), detail=True)
    rec, res = figures["recognition"], figures["resolution"]
    # Found Baghdad, Mosul, Iraq; gold Baghdad, Mosul, Basra: 2 of 3 either way.
    assert (rec["gold"], rec["found"]) == (3, 3)
    assert rec["precision"] == rec["recall"] == pytest.approx(0.6667, abs=1e-4)
    assert res["n"] == 3
    assert res["exact_geonameid"] == pytest.approx(0.6667, abs=1e-4)
    # Basra is not in the gazetteer: as in `geomap run`, it gets the article's focus country
    assert res["no_answer"] == 0
    assert res["acc_161km"] == pytest.approx(0.6667, abs=1e-4)  # Mosul is 45 km off
    # Basra's gold point lies in Iraq's outline (no town of this gazetteer is near it)
    assert res["country"] == 1.0
    # the right first-level division, over the gold ids the gazetteer holds (not Basra's)
    assert (res["admin1"], res["admin1_n"]) == (1.0, 2)
    assert res["median_km"] == pytest.approx(km_between((36.0, 43.0), (36.34, 43.13)),
                                              abs=0.1)
    assert res["mean_km"] > km_between((30.5, 47.8), (33.0, 44.0)) / 3  # Basra at Iraq's point


def test_json_keys_are_exactly_the_promised_ones(tmp_path, evaluator):
    figures = evaluator.score(read_corpus(write(tmp_path, DOC)))
    assert set(figures) == {"recognition", "resolution"}
    assert set(figures["recognition"]) == {"precision", "recall", "f1"}
    assert set(figures["resolution"]) == {"n", "exact_geonameid", "country", "acc_161km",
                                          "mean_km", "median_km", "no_answer"}
    for key in ("exact_geonameid", "country", "acc_161km", "no_answer"):
        assert 0 <= figures["resolution"][key] <= 1


def test_haversine_knows_a_degree_of_latitude():
    assert km_between((0, 0), (1, 0)) == pytest.approx(111.2, abs=0.1)
    assert km_between((10, 20), (10, 20)) == 0


@pytest.mark.parametrize(("line", "message"), [
    ("{not json", "tiny.jsonl:1: not valid JSON"),
    (json.dumps({"id": "x"}), "tiny.jsonl:1: text: missing or non-string"),
    (json.dumps({"id": "x", "text": "Baghdad", "toponyms": [{"start": 0}]}),
     "tiny.jsonl:1: toponyms[0]: bad toponym"),
    (json.dumps({"id": "x", "text": "Baghdad", "toponyms": [
        {"start": 0, "end": 3, "name": "Baghdad", "lat": 1, "lon": 2}]}),
     "tiny.jsonl:1: toponyms[0]: span 0:3 is not 'Baghdad'"),
])
def test_bad_records_name_file_line_and_field(tmp_path, line, message):
    path = write(tmp_path, line)
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        list(read_corpus(path))


def test_cli_eval_prints_json_per_corpus(tmp_path):
    path = write(tmp_path, DOC, name="mini.jsonl")
    result = CliRunner().invoke(app, ["eval", str(path), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert list(figures) == ["mini"]
    assert set(figures["mini"]["recognition"]) == {"precision", "recall", "f1"}
    assert figures["mini"]["resolution"]["n"] == 3


def test_cli_eval_reports_a_bad_corpus_in_one_line(tmp_path):
    path = write(tmp_path, "{oops", name="bad.jsonl")
    result = CliRunner().invoke(app, ["eval", str(path)])
    assert result.exit_code == 1
    assert result.output.strip().startswith(f"Error: {path}:1: not valid JSON")


def test_a_gold_point_far_from_any_town_takes_the_country_whose_outline_holds_it():
    """A country's own point in the Libyan desert has no town within 2°: its country comes
    from the Natural Earth outline; a point at a town takes the town's country."""
    from geomap.eval import GoldToponym

    gaz = Gazetteer.from_places([(_p("Sabha", 27.04, 14.43, 2212775, "PPLA", "LY", 130_000),
                                  []), *GAZ_ROWS])
    evaluator = Evaluator(gaz)
    desert = GoldToponym(0, 5, "Libya", 25.0, 19.0, None)
    town = GoldToponym(0, 5, "Sabha", 27.05, 14.44, None)
    at_sea = GoldToponym(0, 5, "Nowhere", 0.0, -30.0, None)
    assert [evaluator.gold_country(t) for t in (desert, town, at_sea)] == ["LY", "LY", None]
