"""Corrections from the review map: read and checked, applied by incident id, kept in 'review'."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from geomap.cli import app
from geomap.errors import InputError
from geomap.io.corrections import Correction, apply_corrections, read_corrections


def feature(iid="inc-1", *, lon=44.4, lat=33.3, **props):
    base = {"incident_id": iid, "event_type": "Battles", "sub_event_type": "Armed clash",
            "event_date": "2024-02-07", "fatalities": 1, "location_basis": "syntactic"}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {**base, **props}}


def write(tmp_path, corrections, fmt=1):
    path = tmp_path / "corrections.json"
    path.write_text(json.dumps({"geomap_corrections": fmt, "corrections": corrections}))
    return path


def test_a_correction_sets_the_fixed_values_and_keeps_the_change_and_note():
    original = feature()
    fixed, unused = apply_corrections([original, feature("inc-2")], {"inc-1": Correction(
        verdict="wrong", note="it was in Basra", changes={
            "lat": 30.5, "lon": 47.8, "event_type": "Explosions/Remote violence",
            "event_date": "2024-02-06", "fatalities": 3})})
    assert unused == []
    props = fixed[0]["properties"]
    assert fixed[0]["geometry"]["coordinates"] == [47.8, 30.5]
    assert props["event_type"] == "Explosions/Remote violence"
    assert props["sub_event_type"] is None  # "Armed clash" is no explosion
    assert props["event_date"] == "2024-02-06"
    assert props["fatalities"] == 3
    assert props["location_basis"] == "reviewer"
    assert props["review"] == {"verdict": "wrong", "note": "it was in Basra", "changes": {
        "location": {"from": [44.4, 33.3], "to": [47.8, 30.5]},
        "location_basis": {"from": "syntactic", "to": "reviewer"},
        "event_type": {"from": "Battles", "to": "Explosions/Remote violence"},
        "event_date": {"from": "2024-02-07", "to": "2024-02-06"},
        "fatalities": {"from": 1, "to": 3},
        "sub_event_type": {"from": "Armed clash", "to": None}}}
    assert "review" not in fixed[1]["properties"]
    assert original["properties"]["fatalities"] == 1  # the input is not changed


def test_a_verdict_alone_changes_nothing_but_is_kept_and_unknown_ids_are_reported():
    fixed, unused = apply_corrections([feature(lon=44.400881)], {
        "inc-1": Correction(verdict="right"), "inc-gone": Correction(verdict="wrong")})
    assert fixed[0]["properties"]["review"] == {"verdict": "right", "note": None, "changes": {}}
    assert fixed[0]["geometry"] == feature(lon=44.400881)["geometry"]
    assert unused == ["inc-gone"]


def test_an_unplaced_incident_is_placed_only_by_both_coordinates():
    unplaced = {**feature(), "geometry": None}
    fixed, _ = apply_corrections([unplaced], {"inc-1": Correction(changes={"lat": 30.5})})
    assert fixed[0]["geometry"] is None
    assert fixed[0]["properties"]["review"]["changes"] == {}
    fixed, _ = apply_corrections([unplaced], {"inc-1": Correction(changes={
        "lat": 30.5, "lon": 47.8})})
    assert fixed[0]["geometry"] == {"type": "Point", "coordinates": [47.8, 30.5]}
    assert fixed[0]["properties"]["review"]["changes"]["location"] == {
        "from": None, "to": [47.8, 30.5]}


def test_read_corrections_checks_every_field(tmp_path):
    good = write(tmp_path, {"inc-1": {"verdict": "right", "note": "ok", "changes": {
        "fatalities": 2, "event_date": None}, "original": {"fatalities": 1}}})
    assert read_corrections(good) == {"inc-1": Correction(
        verdict="right", note="ok", changes={"fatalities": 2, "event_date": None})}
    for entry, field in [({"verdict": "maybe"}, "inc-1.verdict"),
                         ({"changes": {"lat": 91}}, "inc-1.changes.lat"),
                         ({"changes": {"fatalities": -1}}, "inc-1.changes.fatalities"),
                         ({"changes": {"fatalities": True}}, "inc-1.changes.fatalities"),
                         ({"changes": {"event_type": "Picnic"}}, "inc-1.changes.event_type"),
                         ({"changes": {"event_date": "7 Feb"}}, "inc-1.changes.event_date"),
                         ({"changes": {"actor1": "x"}}, "inc-1.changes.actor1"),
                         ({"note": 3}, "inc-1.note")]:
        with pytest.raises(InputError) as err:
            read_corrections(write(tmp_path, {"inc-1": entry}))
        assert err.value.field == field
    with pytest.raises(InputError, match="not a geomap corrections file"):
        read_corrections(write(tmp_path, {}, fmt=2))
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(InputError, match="cannot read corrections"):
        read_corrections(tmp_path / "bad.json")


def test_run_and_map_apply_corrections(seed_copy, tmp_path):
    runner = CliRunner()
    first = tmp_path / "first"
    assert runner.invoke(app, ["run", str(seed_copy), "-o", str(first)]).exit_code == 0
    incidents = json.loads((first / "incidents.geojson").read_text())["features"]
    iid = incidents[0]["properties"]["incident_id"]
    path = write(tmp_path, {iid: {"verdict": "wrong", "note": "not a strike",
                                  "changes": {"fatalities": 9}}})
    second = tmp_path / "second"
    result = runner.invoke(app, ["run", str(seed_copy), "-o", str(second),
                                 "--corrections", str(path)])
    assert result.exit_code == 0, result.output
    fixed = {f["properties"]["incident_id"]: f["properties"] for f in json.loads(
        (second / "incidents.geojson").read_text())["features"]}
    assert fixed[iid]["fatalities"] == 9
    assert fixed[iid]["review"]["note"] == "not a strike"
    assert "not a strike" in (second / "map.html").read_text()
    out = tmp_path / "review.html"
    result = runner.invoke(app, ["map", str(first / "incidents.geojson"), "-o", str(out),
                                 "--corrections", str(path)])
    assert result.exit_code == 0, result.output
    assert "not a strike" in out.read_text()
    bad = write(tmp_path, {iid: {"verdict": "maybe"}})
    result = runner.invoke(app, ["run", str(seed_copy), "-o", str(second), "--corrections",
                                 str(bad)])
    assert result.exit_code == 1
    assert f"Error: {bad}: {iid}.verdict: must be one of right, wrong" in result.output
