"""The index's compact layout (schema 2) and the point rules, on data built in code."""

from __future__ import annotations

import sqlite3

import pytest
from shapely.geometry import MultiPolygon, box

from geomap.errors import GazetteerError
from geomap.gazetteer.build.areas import _box_middle, central_point
from geomap.gazetteer.index import Gazetteer
from geomap.gazetteer.schema import COORD_SCALE, coord
from geomap.records import Place

PLACES = [
    Place("Baghdad", 33.34058, 44.40088, 98182, "P", "PPLC", "IQ", "07", 7_216_000),
    Place("Tower 22", 33.3151, 38.6887, None, "S", "INSM", "JO", "", 0, "curated:x.csv"),
    Place("Ruwayshid", -32.5, -179.99999, 250000, "P", "PPL", "JO", "", 1),
    Place("Iraq", 33.0, 44.0, 99237, "A", "PCLI", "IQ", "", 38_000_000),
    Place("Iraq (repeated id)", 33.5, 44.5, 99237, "A", "ADM1", "IQ", "07", 0),
]


@pytest.fixture
def gaz() -> Gazetteer:
    return Gazetteer.from_places([(p, []) for p in PLACES])


def test_every_field_comes_back_as_stored(gaz):
    for place in PLACES:
        assert place in gaz.by_name(place.name)  # coordinates to 1e-5 degree, ids, source


def test_pid_is_the_geonames_id_and_places_without_one_get_negative_pids(gaz):
    rows = dict(gaz.con.execute("SELECT name, pid FROM entries").fetchall())
    assert rows["Baghdad"] == 98182
    assert rows["Tower 22"] < 0
    assert rows["Iraq (repeated id)"] < 0  # the id is kept in gid
    assert gaz.by_id(98182).name == "Baghdad"
    assert gaz.by_id(99237).feature_code == "PCLI"  # a country wins a repeated id
    assert gaz.by_id(12345) is None


def test_the_places_view_shows_schema_1_columns(gaz):
    row = gaz.con.execute("SELECT pid, geonameid, name, lat, lon, fclass, fcode, cc, admin1, "
                          "population, source FROM places WHERE name = 'Baghdad'").fetchone()
    assert row == (98182, 98182, "Baghdad", 33.34058, 44.40088, "P", "PPLC", "IQ", "07",
                   7_216_000, "geonames")
    assert gaz.con.execute("SELECT geonameid FROM places WHERE name = 'Tower 22'").fetchone() \
        == (None,)


def test_coordinates_are_integers_of_1e_5_degree():
    assert COORD_SCALE == 100_000
    assert coord(-179.999994) == -17_999_999
    assert coord(33.340586) / COORD_SCALE == 33.34059  # the same float as round(x, 5)


def test_an_index_of_another_schema_is_refused(tmp_path):
    old = tmp_path / "old.sqlite"
    con = sqlite3.connect(old)
    con.executescript("CREATE TABLE names(key TEXT); CREATE TABLE meta(key TEXT, value TEXT);"
                      "INSERT INTO meta VALUES ('schema', '1');")
    con.commit()
    con.close()
    with pytest.raises(GazetteerError, match=r"old.sqlite: gazetteer index of schema 1, .*"
                                              r"rebuild it"):
        Gazetteer(old).by_name("Baghdad")


def test_a_division_sits_at_the_middle_of_its_places_box():
    # the mean (2.5, 2.5) is pulled to where the places crowd; the box middle is not
    assert _box_middle([(0.0, 0.0), (1.0, 1.0), (1.0, 0.0), (8.0, 9.0)]) == (4.0, 4.5)
    assert _box_middle([(60.0, 179.0), (66.0, -171.0)]) == (63.0, -176.0)  # across 180°
    assert _box_middle([]) is None


def test_a_country_sits_at_the_equal_area_centroid_of_its_largest_part():
    land = MultiPolygon([box(0, 0, 10, 80), box(20, 0, 21, 1)])
    point = central_point(land)
    assert point.x == pytest.approx(5.0)
    # a plain centroid of degrees would say 40°N; by area, half the box lies below ~29.5°N
    assert 29 < point.y < 30
    ring = box(0, 0, 10, 10).difference(box(2, 2, 8, 8))  # centroid in the hole: a point inside
    assert ring.contains(central_point(ring))
