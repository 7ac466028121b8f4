"""The CLI through typer's test runner: exit codes, one-line errors, files written, help."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from geomap import __version__
from geomap.cli import app
from tests.helpers import ROOT

runner = CliRunner()
README = ROOT / "README.md"


def _commands(group: typer.Typer, prefix: str = "") -> list[str]:
    names = [f"{prefix}{c.name or c.callback.__name__}" for c in group.registered_commands]
    for sub in group.registered_groups:
        names += _commands(sub.typer_instance, f"{prefix}{sub.name} ")
    return names


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output
    assert "GeoNames" in result.output


@pytest.mark.parametrize("command", _commands(app))
def test_commands_have_help_with_an_example(command):
    result = runner.invoke(app, [*command.split(), "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output


@pytest.mark.parametrize("command", _commands(app))
def test_commands_are_documented_in_readme(command):
    assert f"geomap {command}" in README.read_text()


def test_run_writes_outputs_and_summary(seed_copy, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(seed_copy), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "map.html").is_file()
    assert f"Wrote map: {out / 'map.html'}" in result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["articles"] == 1
    assert summary["incidents"] >= 3


def test_run_twice_replaces_its_own_outputs(seed_copy, tmp_path):
    out = tmp_path / "out"
    for _ in range(2):
        assert runner.invoke(app, ["run", str(seed_copy), "-o", str(out)]).exit_code == 0


def test_run_refuses_to_overwrite_a_file_it_did_not_write(seed_copy, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "map.html").write_text("my own notes")
    result = runner.invoke(app, ["run", str(seed_copy), "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {out / 'map.html'}: exists and was not written by "
                                      "geomap; use --force to overwrite it")
    assert (out / "map.html").read_text() == "my own notes"
    forced = runner.invoke(app, ["run", str(seed_copy), "-o", str(out), "--force"])
    assert forced.exit_code == 0


@pytest.mark.parametrize(("setup", "message"), [
    (lambda d: d / "missing.txt", "missing.txt: no such file or folder"),
    (lambda d: _write(d / "empty.txt", ""), "empty.txt: article is empty"),
    (lambda d: _mkdir(d / "nothing"), "nothing: folder holds no articles (*.txt or *.jsonl, "
     "or either compressed: .gz, .bz2, .xz)"),
])
def test_bad_input_gives_one_line_and_exit_1(tmp_path, setup, message):
    target = setup(tmp_path)
    result = runner.invoke(app, ["run", str(target), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: ")
    assert lines[0].endswith(message)
    assert "Traceback" not in result.output


def test_a_bad_jsonl_line_is_reported_and_the_rest_processed(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": "a", "text": "Shelling in Mosul killed 3 people."}) + "\n"
                     + '{"id": "b", "text": ""}\n'
                     + json.dumps({"id": "c", "text": "A protest in Baghdad on Friday."}) + "\n")
    result = runner.invoke(app, ["run", str(batch), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"Error: {batch}:2: text: missing or empty (skipped)" in result.output
    data = json.loads((tmp_path / "out" / "mentions.geojson").read_text())
    assert {f["properties"]["article_id"] for f in data["features"]} == {"a", "c"}


def test_extract_reads_stdin():
    result = runner.invoke(app, ["extract", "-", "--nl"],
                           input="A car bomb exploded in Mosul on Monday, killing five people.\n")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    incident = next(r for r in records if r["record"] == "incident")
    assert incident["properties"]["location_name"] == "Mosul"
    assert incident["properties"]["fatalities"] == 5


def test_gazetteer_lookup_lists_the_country_first():
    result = runner.invoke(app, ["gazetteer", "lookup", "Jordan", "--json"])
    assert result.exit_code == 0
    places = json.loads(result.output)
    assert places[0]["feature_code"] == "PCLI"
    assert places[0]["country_code"] == "JO"


def test_gazetteer_info_reports_counts():
    result = runner.invoke(app, ["gazetteer", "info"])
    info = json.loads(result.output)
    assert info["places"] > 30_000
    assert "GeoNames" in info["attribution"]


def test_errors_name_no_traceback_for_bad_gazetteer(tmp_path):
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("not a database")
    result = runner.invoke(app, ["gazetteer", "lookup", "Baghdad", "--gazetteer", str(bogus)])
    assert result.exit_code == 1
    assert re.match(r"Error: .*bogus.sqlite: not a geomap gazetteer index", result.output)


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def _mkdir(path: Path) -> Path:
    path.mkdir()
    return path


def test_extract_reads_stdin_as_json_or_lines():
    text = "Gunmen killed four people in Baghdad on Monday."
    result = runner.invoke(app, ["extract", "-", "--json"], input=text)
    assert result.exit_code == 0, result.output
    (incident,) = json.loads(result.output)["incidents"]
    assert incident["properties"]["actor1"] == "Gunmen"
    assert incident["properties"]["fatalities"] == 4
    lines = runner.invoke(app, ["extract", "-", "--nl"], input=text).output.splitlines()
    assert {json.loads(line)["record"] for line in lines} == {"mention", "incident"}


def test_map_refuses_to_overwrite_its_own_input(seed_run, tmp_path):
    _, out = seed_run
    target = tmp_path / "incidents.geojson"
    target.write_bytes((out / "incidents.geojson").read_bytes())
    result = runner.invoke(app, ["map", str(target), "-o", str(target)])
    assert result.exit_code == 1
    assert "is one of the inputs" in result.output
    assert target.read_bytes() == (out / "incidents.geojson").read_bytes()


def test_when_every_article_fails_the_first_problem_is_named(tmp_path):
    batch = tmp_path / "bad.jsonl"
    batch.write_text('{"id": 1}\n{"id": 2}\n')
    result = runner.invoke(app, ["run", str(batch), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert f"the first: {batch}:1: text: missing or empty" in result.output


def test_an_unknown_village_gets_its_articles_country_unless_switched_off():
    text = ("A drone struck the village of Zawiyat Kfraya near Mosul, Iraq, on Monday, killing "
            "five people. Gunmen later attacked Tikrit.\n")

    def records(*flags):
        result = runner.invoke(app, ["extract", "-", "--nl", *flags], input=text)
        assert result.exit_code == 0, result.output
        return [json.loads(line) for line in result.output.splitlines()]

    on = records()
    village = next(r["properties"] for r in on if r["properties"].get("text") == "Zawiyat Kfraya")
    assert (village["resolver"], village["name"], village["precision"]) == (
        "focus", "Iraq", "country")
    # the strike is still placed near Mosul: a name known only to its country is no site
    strike = next(r["properties"] for r in on if r["record"] == "incident")
    assert (strike["location_name"], strike["geo_precision"]) == ("Mosul", 2)
    off = records("--no-country-fallback")
    village = next(r["properties"] for r in off if r["properties"].get("text") == "Zawiyat Kfraya")
    assert (village["resolver"], village["name"]) == ("none", None)


#: What building the CLI and printing help must not import: geocoders, recognisers, the map.
HEAVY = ("geopy", "folium", "branca", "blingfire", "spacy", "geomap.geocoders.",
         "geomap.recognize.", "geomap.render", "geomap.pipeline", "geomap.incidents")


@pytest.mark.parametrize("args", [["--help"], ["run", "--help"], ["geocode", "--help"],
                                  ["map", "--help"]])
def test_help_imports_no_geocoder_recogniser_or_folium(args):
    code = ("import sys; from typer.testing import CliRunner; from geomap.cli import app; "
            f"result = CliRunner().invoke(app, {args!r}); assert result.exit_code == 0; "
            "print(chr(10).join(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert [m for m in done.stdout.split() if m.startswith(HEAVY)] == []


def test_a_run_without_a_map_imports_no_folium(tmp_path, seed_copy):
    """GeoJSON alone is a quicker run: the map's libraries are not even loaded; off a terminal
    there is no progress line, and its library is not loaded either; offline with no cache
    named, there is no geocoder, and geopy (with its HTTP stacks) is not loaded."""
    out = tmp_path / "out"
    code = ("import sys; from typer.testing import CliRunner; from geomap.cli import app; "
            f"result = CliRunner().invoke(app, ['run', {str(seed_copy)!r}, '-o', {str(out)!r}, "
            "'--format', 'geojson', '--offline']); assert result.exit_code == 0, result.output; "
            "print(chr(10).join(sorted(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (out / "incidents.geojson").is_file()
    assert not (out / "map.html").exists()
    assert [m for m in done.stdout.split()
            if m.startswith(("folium", "branca", "rich", "geopy", "requests"))] == []


def _map_html(tmp_path, seed_copy, *flags: str) -> str:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(seed_copy), "-o", str(out), *flags])
    assert result.exit_code == 0, result.output
    return (out / "map.html").read_text()


@pytest.mark.parametrize(("flags", "tiles"), [
    ((), False), (("--online", "--no-geocoding"), True), (("--tiles",), True),
    (("--online", "--no-tiles", "--no-geocoding"), False), (("--geocoding", "--offline"), None),
])
def test_tiles_follow_online_unless_set_on_their_own(monkeypatch, tmp_path, seed_copy, flags,
                                                     tiles):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("GEOMAP_OFFLINE", raising=False)
    if tiles is None:  # --geocoding wins over --offline: it needs a user agent
        result = runner.invoke(app, ["run", str(seed_copy), "-o", str(tmp_path / "o"), *flags])
        assert result.exit_code == 1
        assert "Error: user_agent: nominatim requires" in result.output
        return
    assert ("tile.openstreetmap.org" in _map_html(tmp_path, seed_copy, *flags)) is tiles


def test_the_config_file_and_environment_set_tiles(monkeypatch, tmp_path, seed_copy):
    monkeypatch.delenv("GEOMAP_OFFLINE", raising=False)
    config = tmp_path / "config.toml"
    config.write_text("[map]\ntiles = true\n")
    monkeypatch.setenv("GEOMAP_CONFIG", str(config))
    assert "tile.openstreetmap.org" in _map_html(tmp_path, seed_copy)
    monkeypatch.setenv("GEOMAP_OFFLINE", "1")
    assert "tile.openstreetmap.org" not in _map_html(tmp_path, seed_copy, "--force")


def test_run_writes_the_formats_asked_for(seed_copy, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(seed_copy), "-o", str(out), "--format",
                                 "gpkg,acled-csv", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        ".geomap-set.json", "acled.csv", "geomap.gpkg", "incidents.csv", "mentions.csv"]
    assert f"Wrote gpkg: {out / 'geomap.gpkg'}" in result.output


def test_run_refuses_an_unknown_format_as_a_usage_error(seed_copy, tmp_path):
    result = runner.invoke(app, ["run", str(seed_copy), "-o", str(tmp_path), "-f", "xlsx"])
    assert result.exit_code == 2
    assert "no output format 'xlsx'" in result.output
    assert list(tmp_path.iterdir()) == [seed_copy]


def test_export_converts_geojson_to_a_geopackage(seed_run, tmp_path):
    import pyogrio

    _, maps = seed_run
    target = tmp_path / "run.gpkg"
    result = runner.invoke(app, ["export", str(maps / "incidents.geojson"),
                                 str(maps / "mentions.geojson"), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Wrote {target}"
    layers = dict(pyogrio.list_layers(target))
    assert sorted(layers) == ["incidents", "mentions", "quotes"]
    written = json.loads((maps / "incidents.geojson").read_text(encoding="utf-8"))
    assert pyogrio.read_info(target, layer="incidents")["features"] == len(written["features"])


def test_export_of_two_tables_to_one_geojson_is_refused(seed_run, tmp_path):
    _, maps = seed_run
    result = runner.invoke(app, ["export", str(maps / "incidents.geojson"),
                                 str(maps / "mentions.geojson"), "-o",
                                 str(tmp_path / "all.geojson")])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {tmp_path / 'all.geojson'}: geojson holds one "
                                     "table; export incidents and mentions to one file each")


def test_export_help_imports_no_geocoder_recogniser_or_folium():
    test_help_imports_no_geocoder_recogniser_or_folium(["export", "--help"])


def test_run_writes_the_geojson_when_the_map_libraries_are_missing(seed_copy, tmp_path,
                                                                   monkeypatch):
    from geomap.errors import AssetsMissingError
    from geomap.render import map as render_map

    def missing(*args, **kwargs):
        raise AssetsMissingError("leaflet.js not found; run `geomap assets install`")

    monkeypatch.setattr(render_map, "build_map", missing)
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(seed_copy), "-o", str(out)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: wrote incidents.geojson, mentions.geojson but no map: leaflet.js not found; "
        "run `geomap assets install`")
    assert sorted(p.name for p in out.iterdir()) == [
        ".geomap-set.json", "incidents.geojson", "mentions.geojson"]


def test_join_prints_the_counts_and_writes_three_files(seed_run, tmp_path):
    _, maps = seed_run
    features = json.loads((maps / "incidents.geojson").read_text(encoding="utf-8"))["features"]
    placed = next(f for f in features if f["geometry"] and f["properties"]["event_date"])
    lon, lat = placed["geometry"]["coordinates"]
    acled = tmp_path / "acled.csv"
    acled.write_text("event_id_cnty,event_date,event_type,latitude,longitude\n"
                     f"XYZ1,{placed['properties']['event_date']},"
                     f"{placed['properties']['event_type']},{lat},{lon}\n"
                     "XYZ2,2001-01-01,Battles,0,0\n", encoding="utf-8")
    result = runner.invoke(app, ["join", str(maps / "incidents.geojson"), str(acled), "-o",
                                 str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert counts == {"matched": 1, "only_ours": len(features) - 1, "only_theirs": 1}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "matched.csv", "only-ours.csv", "only-theirs.csv"]


def test_extract_gives_incidents_their_articles_metadata():
    from typer.testing import CliRunner

    from geomap.cli import app

    out = CliRunner().invoke(app, ["extract", str(ROOT / "seeds" / "iraq-us-strike-baghdad.txt")])
    incident = json.loads(out.stdout)["incidents"][0]["properties"]
    assert (incident["source"], incident["published"]) == ("Al Jazeera", "2024-02-08")


def test_a_gzipped_news_dump_runs_as_the_plain_file(tmp_path):
    import gzip

    lines = "".join(json.dumps({"id": f"a{k}", "text": text, "published": f"2024-03-0{k}"}) + "\n"
                    for k, text in enumerate([
                        "A car bomb killed four people in Kirkuk on Tuesday, police said.",
                        "Gunmen attacked a checkpoint near Mosul, wounding two soldiers.",
                    ], start=1)).encode()
    (tmp_path / "news.jsonl").write_bytes(lines)
    (tmp_path / "news.jsonl.gz").write_bytes(gzip.compress(lines))
    features = []
    for name in ("news.jsonl", "news.jsonl.gz"):
        out = tmp_path / f"out-{name}"
        done = runner.invoke(app, ["run", str(tmp_path / name), "-o", str(out), "-f", "geojson",
                                   "-q"])
        assert done.exit_code == 0, done.output
        features.append([f["properties"] | {"geometry": f["geometry"]} for f in json.loads(
            (out / "incidents.geojson").read_text(encoding="utf-8"))["features"]])
    assert len(features[0]) == 2
    assert features[0] == features[1]
