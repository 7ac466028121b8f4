"""`geomap map`: the same map from GeoJSON as from the run, one-line errors for bad GeoJSON."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from geomap.cli import app
from geomap.errors import InputError
from geomap.io.map_inputs import read_feature_collection

runner = CliRunner()


def test_map_from_the_runs_geojson_is_byte_identical_to_the_runs_map(seed_run, tmp_path):
    _, out = seed_run
    target = tmp_path / "again.html"
    from tests.helpers import SEEDS

    args = ["map", str(out / "incidents.geojson"), str(out / "mentions.geojson"), str(SEEDS),
            "-o", str(target)]
    outcome = runner.invoke(app, args)
    assert outcome.exit_code == 0, outcome.output
    assert target.read_bytes() == (out / "map.html").read_bytes()


def test_map_from_articles_runs_the_pipeline(tmp_path):
    from tests.helpers import SEEDS

    target = tmp_path / "map.html"
    outcome = runner.invoke(app, ["map", str(SEEDS), "-o", str(target), "--online"])
    assert outcome.exit_code == 0, outcome.output
    assert "incidents)" in outcome.output
    assert "tile.openstreetmap.org" in target.read_text()


def _write(tmp_path, data) -> str:
    path = tmp_path / "incidents.geojson"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


@pytest.mark.parametrize(("data", "message"), [
    ('{"type": "FeatureCollection",\n "features": [,]}',
     "incidents.geojson:2: not JSON: Expecting value"),
    ({"type": "Feature"}, "incidents.geojson: type: expected a GeoJSON FeatureCollection"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {
        "type": "Point", "coordinates": [44, 95]}, "properties": {"event_type": "Battles"}}]},
     "incidents.geojson: features[0].geometry: expected a Point"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None,
                                                 "properties": {"event_type": 3}}]},
     "incidents.geojson: features[0].properties.event_type: missing or not text"),
    ({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None,
      "properties": {"event_type": "Riots", "quotes": [{"text": None}]}}]},
     "incidents.geojson: features[0].properties.quotes: expected a list"),
])
def test_bad_geojson_gives_one_line_and_exit_1(tmp_path, data, message):
    outcome = runner.invoke(app, ["map", _write(tmp_path, data), "-o", str(tmp_path / "m.html")])
    assert outcome.exit_code == 1
    lines = outcome.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: ")
    assert message in lines[0]
    assert not (tmp_path / "m.html").exists()


@given(st.lists(st.one_of(st.floats(), st.integers(), st.text(), st.none(), st.booleans()),
                max_size=3))
def test_any_coordinates_are_accepted_or_named_in_the_error(tmp_path_factory, coords):
    path = tmp_path_factory.mktemp("h") / "x.geojson"
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": coords},
               "properties": {"event_type": "Battles"}}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    try:
        kind, features = read_feature_collection(path)
    except InputError as err:
        kind, features = str(err), []
    if features:
        lon, lat = features[0]["geometry"]["coordinates"][:2]
        assert (-180 <= lon <= 180, -90 <= lat <= 90, kind) == (True, True, "incidents")
    else:
        assert "features[0].geometry" in kind


def test_maps_from_separate_processes_are_byte_identical(tmp_path):
    import os
    import subprocess
    import sys

    from tests.helpers import SEEDS

    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"map{seed}.html"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-m", "geomap", "map", str(SEEDS), "-o", str(target)],
                       check=True, env=env, capture_output=True)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
