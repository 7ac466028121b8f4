"""Every layer format round-trips through pyogrio: same values, same declared field types."""

from __future__ import annotations

import csv

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from geomap.io.output import write
from geomap.io.schema import TABLES, coerce, frame
from geomap.io.writers import FORMATS, LayerWriter
from tests.io.features import incident_features, mention_features

FEATURES = {"incidents": incident_features, "mentions": mention_features}
#: Formats holding one table a file, and the formats whose fields carry a type.
SINGLE = ("geojsonseq", "fgb", "parquet", "csv", "kml")
TYPED = ("gpkg", "fgb", "parquet")
#: Columns a reader names otherwise (KML: ``name`` is the placemark's, ``end`` a TimeSpan's).
READ_AS = {"kml": {"place_name": "name", "end2": "end"}}
#: KML's own fields, as the LIBKML reader gives them.
KML_FIELDS = ["id", "Name", "description", "timestamp", "begin", "end", "altitudeMode",
              "tessellate", "extrude", "visibility", "drawOrder", "icon"]


def _read(path, layer: str) -> pd.DataFrame:
    if path.suffix == ".parquet":
        return gpd.read_parquet(path)
    frame = pyogrio.read_dataframe(path, layer=layer)
    return frame.drop(columns=KML_FIELDS) if path.suffix == ".kml" else frame


def _round_trip(tmp_path, name: str, table: str, features) -> pd.DataFrame:
    path = tmp_path / f"{table}{FORMATS[name].suffix}"
    write(path, {table: features}, format=name, force=True)
    return coerce(table, _read(path, table).rename(columns=READ_AS.get(name, {})))


@pytest.mark.parametrize("table", sorted(FEATURES))
@pytest.mark.parametrize("name", SINGLE)
def test_a_table_round_trips_with_its_values(tmp_path, name, table):
    features = FEATURES[table]()
    back = _round_trip(tmp_path, name, table, features)
    expected = frame(table, features)
    columns = [f.name for f in TABLES[table]
               if not (name == "kml" and f.name == "name")]  # the placemark keeps that one
    pd.testing.assert_frame_equal(back[columns].reset_index(drop=True), expected[columns],
                                  check_dtype=True)


@pytest.mark.parametrize("name", TYPED)
def test_field_types_stay_when_a_column_is_all_null(tmp_path, name):
    def types(features):
        path = tmp_path / f"incidents{FORMATS[name].suffix}"
        write(path, {"incidents": features}, format=name, force=True)
        if name == "parquet":
            import pyarrow.parquet as pq

            return {f.name: str(f.type) for f in pq.read_schema(path)}
        info = pyogrio.read_info(path, layer="incidents")
        return dict(zip(info["fields"], info["dtypes"], strict=True))

    counted = types(incident_features())
    uncounted = types(incident_features(fatalities=None))  # fatalities all null
    assert counted == uncounted
    assert counted["fatalities"] in ("int64", "int32")


def test_a_geopackage_holds_incidents_quotes_and_mentions(tmp_path):
    path = write(tmp_path / "geomap.gpkg",
                 {"incidents": incident_features(), "mentions": mention_features()})
    assert sorted(name for name, _ in pyogrio.list_layers(path)) == [
        "incidents", "mentions", "quotes"]
    quotes = pyogrio.read_dataframe(path, layer="quotes")
    assert list(quotes["incident_id"]) == ["inc-a1", "inc-a1", "inc-a2"]
    assert list(quotes["quote_index"]) == [0, 1, 0]
    assert quotes["text"][1] == "Gunmen"
    incidents = pyogrio.read_dataframe(path, layer="incidents")
    assert incidents.crs.to_epsg() == 4326
    assert incidents.geometry[1] is None  # the unplaced incident keeps no point


def test_csv_has_latitude_and_longitude(tmp_path):
    path = write(tmp_path / "incidents.csv", {"incidents": incident_features()})
    with path.open(encoding="utf-8", newline="") as fh:
        first, second = csv.DictReader(fh)
    assert (first["latitude"], first["longitude"]) == ("36.34", "43.13")
    assert (second["latitude"], second["longitude"]) == ("", "")


def test_kml_names_each_placemark(tmp_path):
    path = write(tmp_path / "incidents.kml", {"incidents": incident_features()})
    text = path.read_text(encoding="utf-8")
    assert "<name>Violence against civilians: Mosul</name>" in text
    assert "<name>Violence against civilians: unplaced</name>" in text


def test_lists_are_json_text_in_flat_formats(tmp_path):
    back = _round_trip(tmp_path, "fgb", "incidents", incident_features())
    assert back["article_ids"][0] == '["a1"]'
    assert back["source"][0] == "Example News"
    assert back["published"][0] == "2024-03-05"


def test_every_property_of_the_geojson_is_declared():
    declared = {t: {f.name for f in fields} for t, fields in TABLES.items()}
    for table, make in FEATURES.items():
        for feature in make():
            assert set(feature["properties"]) <= declared[table]


def test_every_layer_format_is_tested():
    layered = {n for n, w in FORMATS.items() if isinstance(w, LayerWriter)}
    assert layered == {*SINGLE, "gpkg", "acled-csv"}


@pytest.mark.parametrize("name", ["csv", "gpkg"])
def test_any_text_survives_the_round_trip(tmp_path_factory, name):
    # commas, quotes, line breaks and any script, in a column and inside the JSON text
    from dataclasses import replace

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from geomap.io.geojson import incident_feature
    from tests.io.features import ARTICLES, incident

    text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
    folder = tmp_path_factory.mktemp(name)

    @settings(max_examples=40, deadline=None)
    @given(actor=text, quote=text)
    def check(actor, quote):
        base = incident()
        changed = replace(base, actor1=actor,
                          quotes=(replace(base.quotes[0], text=quote),))
        features = [incident_feature(changed, articles=ARTICLES)]
        back = _round_trip(folder, name, "incidents", features)
        assert back["actor1"][0] == actor
        assert back["quotes"][0] == frame("incidents", features)["quotes"][0]

    check()
