"""The Python API: geomap.extract, Pipeline().process on a string, GeoDataFrames, light import."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date

import pytest

import geomap
from geomap.io.schema import DTYPES, TABLES
from geomap.records import Mention
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


def test_dir_lists_the_api_and_every_name_in_it_resolves():
    assert dir(geomap) == sorted(geomap.__all__)
    assert {"extract", "geoparse", "run", "Pipeline", "Extraction", "Geoparsed",
            "RunResult", "__version__"} <= set(dir(geomap))
    assert "Path" not in dir(geomap)
    for name in geomap.__all__:
        assert getattr(geomap, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        geomap.nothing  # noqa: B018


def test_geoparse_gives_each_mention_with_its_place():
    found = geomap.geoparse("Protesters gathered in eastern Mosul; Iraqi police watched.")
    got = [(r.mention.text, r.mention.kind, r.mention.qualifier, r.place and r.place.name)
           for r in found.resolutions]
    assert got == [("Mosul", "toponym", "eastern", "Mosul"),
                   ("Iraqi", "demonym", None, "Iraq")]
    assert [f["properties"]["text"] for f in found.mentions] == ["Mosul", "Iraqi"]
    assert found.to_geojson()["type"] == "FeatureCollection"


class _EveryCapitalisedWord:
    """A recogniser that calls every capitalised word a place, known or not."""

    def find(self, article):
        return [Mention(article.id, m.start(), m.end(), m.group(), sentence_end=len(article.text))
                for m in re.finditer(r"\b[A-Z]\w+", article.text)]


def test_geoparse_keeps_a_mention_nothing_places_without_a_geometry(tiny_gazetteer):
    pipeline = geomap.Pipeline(tiny_gazetteer, recognizer=_EveryCapitalisedWord(),
                               focus_country=False)
    found = geomap.geoparse("Fighting near Mosul and in Qaraqosh.", pipeline=pipeline,
                            article_id="a1")
    assert [(r.mention.text, r.place and r.place.name) for r in found.resolutions] == [
        ("Fighting", None), ("Mosul", "Mosul"), ("Qaraqosh", None)]
    frame = found.to_geodataframe()
    assert frame["article_id"].tolist() == ["a1"] * 3
    assert frame.geometry.isna().tolist() == [True, False, True]
    assert {f.name: DTYPES[f.type] for f in TABLES["mentions"]} == {
        f.name: str(frame[f.name].dtype) for f in TABLES["mentions"]}


def test_a_run_result_becomes_a_geodataframe(seed_copy, tmp_path):
    result = geomap.run(seed_copy, tmp_path / "out", formats=["geojson"])
    incidents = result.to_geodataframe()
    assert len(incidents) == len(result.incidents) > 0
    assert incidents.crs.to_epsg() == 4326
    mentions = result.to_geodataframe("mentions")
    assert len(mentions) == sum(len(a.resolutions) for a in result.articles)


def test_the_package_is_typed():
    assert (ROOT / "geomap" / "py.typed").is_file()


def test_importing_geomap_loads_no_pipeline_nor_geopandas():
    code = "import sys, geomap; dir(geomap); print(chr(10).join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    heavy = ("geopandas", "pandas", "blingfire", "geopy", "folium", "geomap.pipeline")
    assert [m for m in done.stdout.split() if m.startswith(heavy)] == []


def test_a_geodataframe_without_geopandas_says_what_to_install(tmp_path):
    script = ("import sys\n"
              "sys.modules['geopandas'] = None\n"
              "import geomap\n"
              f"found = geomap.extract({TEXT!r})\n"
              "try:\n"
              "    found.to_geodataframe()\n"
              "except ImportError as error:\n"
              "    print(type(error).__name__, error)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GEOMAP_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ("MissingExtraError .to_geodataframe() needs geopandas, which "
                                   "is not installed: pip install 'geomap-news[formats]'")
