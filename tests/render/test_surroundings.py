"""The offline map's context: land, borders and place labels inside the incidents' box only."""

from __future__ import annotations

import doctest
import json
import re
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import geomap.render.surroundings as surroundings_module
from geomap.render.map import build_map
from geomap.render.surroundings import (
    LABEL_CELL,
    MAX_ZOOM,
    divisions,
    label_zooms,
    padded_box,
    places,
    surroundings,
)
from tests.render.reviewdata import ARTICLES, features

BAGHDAD = padded_box([33.34], [44.4])


def coordinates(geometry) -> list[tuple[float, float]]:
    def walk(value):
        if isinstance(value[0], (int, float)):
            yield tuple(value)
        else:
            for part in value:
                yield from walk(part)
    return list(walk(geometry["coordinates"]))


def test_the_box_is_the_incidents_plus_a_margin_within_the_world():
    assert padded_box([33.3, 36.3], [44.4, 43.1]) == (42.1, 32.3, 45.4, 37.3)
    assert padded_box([84.9], [179.9]) == (178.9, 83.9, 180.0, 85.0)
    assert padded_box([], []) is None
    assert surroundings([], []) is None


def test_divisions_inside_the_box_give_land_borders_and_division_names():
    found = divisions(BAGHDAD)
    assert "IQ" in {f["properties"]["cc"] for f in found["land"]["features"]}
    assert found["admin1"]["features"]
    names = [name for _, _, name in found["labels"]]
    assert "Baghdad" in names
    west, south, east, north = BAGHDAD
    for key in ("land", "admin1", "borders"):
        for feature in found[key]["features"]:
            for x, y in coordinates(feature["geometry"]):
                assert west - 1e-6 <= x <= east + 1e-6
                assert south - 1e-6 <= y <= north + 1e-6


def test_a_border_in_the_box_is_drawn_and_the_box_edge_is_not():
    found = divisions((35.5, 32.0, 37.5, 34.0))  # Syria, Lebanon, Jordan, Israel
    assert {f["properties"]["cc"] for f in found["land"]["features"]} >= {"SY", "LB", "JO"}
    lines = [p for f in found["borders"]["features"] for p in coordinates(f["geometry"])]
    assert lines
    on_edge = [p for p in lines if p[0] in (35.5, 37.5) and p[1] in (32.0, 34.0)]
    assert len(on_edge) <= 4  # lines may end at the edge, never run along it


def test_places_are_the_gazetteers_towns_with_the_city_before_its_quarters():
    found = places(padded_box([36.34], [43.13]))
    by_name = {name: zoom for _, _, name, zoom in found}
    assert by_name["Mosul"] == 4  # a quarter of Mosul, bigger in GeoNames, does not hide it
    assert all(len(p) == 4 and 4 <= p[3] <= MAX_ZOOM for p in found)
    assert max(by_name.values()) > 8  # villages appear only when zoomed in


@pytest.mark.parametrize("box", [(-180.0, -85.0, 180.0, 85.0), (-20.0, 0.0, 60.0, 45.0),
                                 (-160.0, -40.0, -120.0, 10.0), (-10.0, 0.0, 15.0, 24.0)])
def test_a_wide_box_has_the_places_of_sorting_every_town_in_it(box, monkeypatch):
    """The world, Africa to Iran (towns enough among the large ones), the Pacific (too few:
    every place sorted) and the Sahel (whose thousands of places include quarters)."""
    found = places(box)
    monkeypatch.setattr(surroundings_module, "LARGE_TOWN", 0)  # every place in the box sorted
    assert found == places(box)
    assert found


def test_places_without_a_gazetteer_are_none(monkeypatch, tmp_path):
    monkeypatch.setattr(surroundings_module, "default_index_path", lambda: tmp_path / "none")
    assert places(BAGHDAD) == []
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a database")
    monkeypatch.setattr(surroundings_module, "default_index_path", lambda: broken)
    assert places(BAGHDAD) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.floats(-179, 179), st.floats(-80, 80)), max_size=40))
def test_no_two_labels_share_a_cell_at_any_zoom(points):
    zooms = label_zooms(points)
    assert len(zooms) == len(points)
    if points:
        assert zooms[0] == 4  # the first (largest) place is always labelled
    for zoom in range(4, MAX_ZOOM + 1):
        size = [c * 360 / (256 * 2 ** zoom) for c in LABEL_CELL]
        shown = [p for p, z in zip(points, zooms, strict=True) if z is not None and z <= zoom]
        cells = [(int(x // size[0]), int(y // size[1])) for x, y in shown]
        assert len(cells) == len(set(cells))
    for (a, za), (b, zb) in combinations(zip(points, zooms, strict=True), 2):
        if a == b and za is not None:
            assert zb is None or zb > za


def test_the_offline_map_carries_the_context_and_the_online_map_does_not():
    offline = build_map({"features": features()}, {"features": []}, ARTICLES)
    online = build_map({"features": features()}, {"features": []}, ARTICLES, offline=False)
    assert 'add("context"' in offline
    assert 'add("context"' not in online
    options = json.loads(re.search(r'add\("context", (\{.*?\})\);\n', offline).group(1))
    names = {p[2] for p in options["surroundings"]["places"]}
    assert {"Baghdad", "Mosul", "Aleppo", "Basrah"} <= names
    assert len(json.dumps(options)) < 250_000  # only what lies around the eight incidents


def test_an_incident_far_away_widens_the_box_but_not_the_page_beyond_its_budget():
    far = [*features(), {"type": "Feature", "geometry": {"type": "Point", "coordinates": [
        10.0, -4.0]}, "properties": {"event_type": "Battles", "quotes": []}}]
    html = build_map({"features": far}, {"features": []}, ARTICLES)
    options = json.loads(re.search(r'add\("context", (\{.*?\})\);\n', html).group(1))
    assert options["surroundings"]["box"][0] == 9.0
    assert len(options["surroundings"]["places"]) <= 3000
    assert len(json.dumps(options)) < 1_500_000


def test_the_module_examples_hold():
    assert doctest.testmod(surroundings_module).failed == 0


def test_divisions_that_no_longer_meet_edge_to_edge_still_make_one_country(monkeypatch):
    """Clipped and simplified, a country's divisions can stop meeting edge to edge, and GEOS'
    coverage union then refuses them: the overlay union is the fallback, not a traceback."""
    import shapely
    from shapely.geometry import box

    from geomap.render import surroundings

    def refuse(parts):
        raise shapely.errors.GEOSException("CoverageUnion cannot process incorrectly noded inputs")

    monkeypatch.setattr(shapely, "coverage_union_all", refuse)
    country = surroundings._union([box(0, 0, 1, 1), box(0.999, 0, 2, 1)])
    assert country.geom_type == "Polygon"
    assert abs(country.area - 2.0) < 1e-6


def test_the_page_carries_the_same_shapes_as_the_geojson():
    """What the page draws from its integer steps is what :func:`divisions` gives as GeoJSON,
    for a small box cut at full detail and for a wide one cut from the world."""
    from geomap.render.steps import points
    from geomap.render.surroundings import page_divisions

    for box in (BAGHDAD, (20.0, 10.0, 60.0, 45.0)):
        geojson, page = divisions(box), page_divisions(box)
        assert page["labels"] == geojson["labels"]
        land = {f["properties"]["cc"]: f["geometry"] for f in geojson["land"]["features"]}
        assert [cc for cc, _ in page["land"]] == list(land)
        for cc, polygons in page["land"]:
            drawn = {p for rings in polygons for ring in rings for p in points(ring)}
            assert drawn == set(coordinates(land[cc])), cc
        for key in ("borders", "admin1"):
            drawn = {p for run in page[key] for p in points(run)}
            (feature,) = geojson[key]["features"]
            assert drawn == set(coordinates(feature["geometry"])), key
