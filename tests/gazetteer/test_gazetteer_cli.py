"""`geomap gazetteer build / lookup / info` through typer's test runner."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from geomap.cli import app
from tests.helpers import country_row as _country_row
from tests.helpers import geonames_row as _geonames_row

runner = CliRunner()


def test_lookup_prints_places_best_first():
    result = runner.invoke(app, ["gazetteer", "lookup", "Lebanon"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split("\t")[:3] == ["Lebanon", "LB", "PCLI"]
    assert any(line.split("\t")[1] == "US" for line in lines[1:])


def test_lookup_json_with_a_country():
    result = runner.invoke(app, ["gazetteer", "lookup", "Dayr az Zawr", "--country", "sy",
                                 "--json"])
    assert result.exit_code == 0, result.output
    places = json.loads(result.output)
    assert places[0]["geonameid"] == 170794
    assert {p["country_code"] for p in places} == {"SY"}
    assert set(places[0]) >= {"name", "lat", "lon", "feature_class", "feature_code",
                              "country_code", "admin1", "population", "source"}


def test_lookup_of_a_demonym_gives_the_country():
    result = runner.invoke(app, ["gazetteer", "lookup", "Iraqi", "--json"])
    assert json.loads(result.output)[0]["feature_code"] == "PCLI"


def test_lookup_unknown_name_exits_1():
    result = runner.invoke(app, ["gazetteer", "lookup", "Nowhereville Qqq"])
    assert result.exit_code == 1
    assert "No place called 'Nowhereville Qqq'." in result.output


def test_lookup_with_user_places(tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("name,lat,lon,alternate_names\nCamp Nowhere,33.1,44.2,Nowhere base\n",
                    encoding="utf-8")
    result = runner.invoke(app, ["gazetteer", "lookup", "Nowhere base", "--places", str(mine),
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["source"] == "user:mine.csv"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nX,91,0\n", encoding="utf-8")
    result = runner.invoke(app, ["gazetteer", "lookup", "X", "--places", str(bad)])
    assert result.exit_code == 1
    assert f"Error: {bad}:2: lat/lon: latitude must be in [-90, 90], got 91.0" in result.output


def test_info_reports_sources_counts_and_size():
    result = runner.invoke(app, ["gazetteer", "info"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["bytes"] > 0
    assert info["counts"]["cities"] > 30_000
    assert any(s["file"] == "cities15000.txt" and s["data_date"] for s in info["sources"])


def test_build_lookup_and_info_on_a_new_index(tmp_path):
    dumps = tmp_path / "dumps"
    dumps.mkdir()
    (dumps / "countryInfo.txt").write_text(_country_row("IQ", "Iraq", 99237, 38_000_000),
                                           encoding="utf-8")
    (dumps / "cities15000.txt").write_text(
        _geonames_row(98182, "Baghdad", "Bagdad", 33.34, 44.40, "P", "PPLC", "IQ", "07", 7_200_000),
        encoding="utf-8")
    curated = tmp_path / "curated"
    curated.mkdir()
    out = tmp_path / "index.sqlite"
    result = runner.invoke(app, ["gazetteer", "build", "--from", str(dumps), "--out", str(out),
                                 "--curated", str(curated)])
    assert result.exit_code == 0, result.output
    assert f"Wrote gazetteer: {out}" in result.output
    result = runner.invoke(app, ["gazetteer", "lookup", "Bagdad", "--gazetteer", str(out)])
    assert result.output.startswith("Baghdad\tIQ\tPPLC")
    info = json.loads(runner.invoke(app, ["gazetteer", "info", "--gazetteer", str(out)]).output)
    assert info["places"] == 2


def test_build_from_a_missing_folder_is_one_error_line(tmp_path):
    result = runner.invoke(app, ["gazetteer", "build", "--from", str(tmp_path / "none"),
                                 "--out", str(tmp_path / "x.sqlite")])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'none'}: no such folder"
