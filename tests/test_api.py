"""The Python API: geomap.extract, Pipeline().process on a string, GeoDataFrames, light import."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

import geomap
from geomap.io.schema import DTYPES, TABLES
from tests.helpers import ROOT

TEXT = "Gunmen attacked a market in Mosul on Monday, killing four people."


@pytest.fixture(scope="module")
def found():
    return geomap.extract(TEXT, published="2024-03-05", source="Example News",
                          url="https://news.example/1", title="Market attack")


def test_extract_gives_incidents_with_their_article(found):
    (incident,) = found.incidents
    props = incident["properties"]
    assert (props["event_type"], props["location_name"], props["event_date"]) == (
        "Violence against civilians", "Mosul", "2024-03-04")
    assert (props["source"], props["url"], props["published"]) == (
        "Example News", "https://news.example/1", "2024-03-05")
    assert found.records[0].incident_id == props["incident_id"]


@pytest.mark.parametrize("table", sorted(TABLES))
def test_each_table_becomes_a_frame_in_its_declared_types(found, table):
    frame = found.to_geodataframe(table)
    fields = TABLES[table]
    assert [f.name for f in fields] == [c for c in frame.columns if c != "geometry"]
    assert {f.name: DTYPES[f.type] for f in fields} == {
        f.name: str(frame[f.name].dtype) for f in fields}


def test_incidents_are_points_in_wgs84(found):
    frame = found.to_geodataframe()
    assert frame.crs.to_epsg() == 4326
    assert round(frame.geometry[0].y) == 36  # Mosul's latitude: (lat, lon) turned once


def test_an_unknown_table_names_the_three(found):
    with pytest.raises(ValueError, match="incidents, quotes, mentions"):
        found.to_geodataframe("events")


def test_extract_takes_a_date_and_rejects_bad_text():
    found = geomap.extract(TEXT, published=date(2024, 3, 5))
    assert found.incidents[0]["properties"]["published"] == "2024-03-05"
    with pytest.raises(ValueError, match="not an ISO 8601 or RFC 2822 date"):
        geomap.extract(TEXT, published="last Tuesday")


def test_the_pipeline_processes_a_plain_string():
    result = geomap.Pipeline().process(TEXT)
    assert result.article.text == TEXT
    assert result.article.id.startswith("text-")
    assert result.article.id == geomap.Pipeline().process(TEXT).article.id  # stable
    assert [i.event_type for i in result.incidents] == ["Violence against civilians"]


def test_run_takes_one_path_as_text_or_path(seed_copy, tmp_path):
    result = geomap.run(seed_copy, tmp_path / "a", formats=["geojson"])
    assert sorted(result.written) == ["incidents", "mentions"]
    assert geomap.run(str(seed_copy), tmp_path / "b", formats=["csv"]).written


def test_dir_lists_the_api():
    assert {"extract", "run", "Pipeline", "Extraction", "__version__"} <= set(dir(geomap))
    assert "Path" not in dir(geomap)


def test_the_package_is_typed():
    assert (ROOT / "geomap" / "py.typed").is_file()


def test_importing_geomap_loads_no_pipeline_nor_geopandas():
    code = "import sys, geomap; dir(geomap); print(chr(10).join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    heavy = ("geopandas", "pandas", "blingfire", "geopy", "folium", "geomap.pipeline")
    assert [m for m in done.stdout.split() if m.startswith(heavy)] == []
