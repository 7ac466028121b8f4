"""Writers by suffix: each knows its own mark, and nothing foreign is overwritten."""

from __future__ import annotations

import json

import pytest

from geomap.errors import OutputError
from geomap.io.output import check_writable, write, written_by_geomap
from geomap.io.writers import WRITERS, writer_for

COLLECTION = {"type": "FeatureCollection", "generator": "geomap", "features": []}
PAGE = '<!DOCTYPE html><html><head><meta name="generator" content="geomap"></head></html>'
PAYLOADS = {".geojson": COLLECTION, ".html": PAGE}


@pytest.mark.parametrize("suffix", sorted(WRITERS))
def test_each_writer_writes_a_file_it_recognises_and_replaces(tmp_path, suffix):
    path = tmp_path / f"out{suffix}"
    write(path, PAYLOADS[suffix])
    assert written_by_geomap(path)
    write(path, PAYLOADS[suffix])  # a second run replaces its own output without --force
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_the_geojson_writer_gives_valid_json(tmp_path):
    path = write(tmp_path / "incidents.geojson", COLLECTION)
    assert json.loads(path.read_text(encoding="utf-8")) == COLLECTION


@pytest.mark.parametrize("suffix", sorted(WRITERS))
def test_a_foreign_file_is_kept_unless_forced(tmp_path, suffix):
    path = tmp_path / f"mine{suffix}"
    path.write_text("my own notes about geomap\n", encoding="utf-8")
    with pytest.raises(OutputError, match="not written by geomap"):
        write(path, PAYLOADS[suffix])
    assert path.read_text(encoding="utf-8") == "my own notes about geomap\n"
    write(path, PAYLOADS[suffix], force=True)
    assert written_by_geomap(path)


def test_a_mark_counts_only_in_its_own_format(tmp_path):
    # a page saved under a .geojson name is not a GeoJSON file geomap wrote
    path = tmp_path / "theirs.geojson"
    path.write_text(PAGE, encoding="utf-8")
    with pytest.raises(OutputError):
        check_writable(path)


def test_an_unknown_suffix_names_the_formats(tmp_path):
    with pytest.raises(OutputError, match=r"\.geojson, \.html"):
        writer_for(tmp_path / "out.xlsx")
