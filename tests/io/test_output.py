"""Writers by suffix: each knows its own mark, and nothing foreign is overwritten."""

from __future__ import annotations

import json

import pytest

from geomap.errors import OutputError
from geomap.io.output import check_writable, write, written_by_geomap
from geomap.io.writers import FORMATS, format_named, writer_for
from tests.io.features import incident_features

COLLECTION = {"type": "FeatureCollection", "generator": "geomap", "features": []}
PAGE = '<!DOCTYPE html><html><head><meta name="generator" content="geomap"></head></html>'
PAYLOADS = {"geojson": COLLECTION, "html": PAGE}


def _payload(name: str):
    return PAYLOADS.get(name) or {"incidents": incident_features()}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_each_writer_writes_a_file_it_recognises_and_replaces(tmp_path, name):
    path = tmp_path / f"out{FORMATS[name].suffix}"
    write(path, _payload(name), format=name)
    assert written_by_geomap(path)
    write(path, _payload(name), format=name)  # a second run replaces its own output
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_the_geojson_writer_gives_valid_json(tmp_path):
    path = write(tmp_path / "incidents.geojson", COLLECTION)
    assert json.loads(path.read_text(encoding="utf-8")) == COLLECTION


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_a_foreign_file_is_kept_unless_forced(tmp_path, name):
    path = tmp_path / f"mine{FORMATS[name].suffix}"
    path.write_text("my own notes about geomap\n", encoding="utf-8")
    with pytest.raises(OutputError, match="not written by geomap"):
        write(path, _payload(name), format=name)
    assert path.read_text(encoding="utf-8") == "my own notes about geomap\n"
    write(path, _payload(name), force=True, format=name)
    assert written_by_geomap(path)


def test_an_acled_export_of_someone_else_is_not_replaced(tmp_path):
    # ACLED's own header, without the column geomap adds
    path = tmp_path / "acled.csv"
    path.write_text("event_id_cnty,event_date,year\nIRQ1,2024-03-04,2024\n", encoding="utf-8")
    with pytest.raises(OutputError, match="not written by geomap"):
        write(path, _payload("acled-csv"), format="acled-csv")


def test_a_mark_counts_only_in_its_own_format(tmp_path):
    # a page saved under a .geojson name is not a GeoJSON file geomap wrote
    path = tmp_path / "theirs.geojson"
    path.write_text(PAGE, encoding="utf-8")
    with pytest.raises(OutputError):
        check_writable(path)


def test_an_unknown_suffix_names_the_formats(tmp_path):
    with pytest.raises(OutputError, match=r"\.csv, \.fgb, \.geojson, .*\.html"):
        writer_for(tmp_path / "out.xlsx")


@pytest.mark.parametrize(("name", "expected"), [
    ("GeoPackage", "gpkg"), (".fgb", "fgb"), ("geoparquet", "parquet"), ("map", "html"),
    ("acled", "acled-csv"), ("geojsonl", "geojsonseq")])
def test_formats_are_found_by_name_alias_or_suffix(name, expected):
    assert format_named(name) is FORMATS[expected]


def test_an_unknown_format_lists_the_names():
    with pytest.raises(OutputError, match="no output format 'xlsx'; use one of geojson, html"):
        format_named("xlsx")


def test_a_one_table_format_refuses_two_tables(tmp_path):
    tables = {"incidents": incident_features(), "mentions": []}
    with pytest.raises(OutputError, match="csv holds one table"):
        write(tmp_path / "both.csv", tables)
    assert list(tmp_path.iterdir()) == []


def test_a_mention_in_an_endless_sentence_quotes_only_the_words_around_it():
    from geomap.io.geojson import MAX_QUOTE_CHARS, mention_feature
    from geomap.records import Mention, Resolution

    text = "shelling hit Mosul and " * 2000
    start = text.index("Mosul", 20_000)
    mention = Mention("a", start, start + 5, "Mosul", sentence_start=0, sentence_end=len(text))
    quote = mention_feature(Resolution(mention, None, "gazetteer"), role="context",
                            text=text)["properties"]["quote"]
    assert len(quote["text"]) <= MAX_QUOTE_CHARS
    assert quote["start"] <= start < start + 5 <= quote["end"]
    assert text[quote["start"]:quote["end"]] == quote["text"]
