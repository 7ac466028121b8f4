"""The context's shapes as integer steps: the page draws the points the GeoJSON held."""

from __future__ import annotations

import doctest

from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import GeometryCollection, LineString, MultiPolygon, Point, Polygon

from geomap.render import steps
from geomap.render.steps import line_runs, points, polygon_runs, runs

coordinate = st.tuples(st.floats(-180, 180), st.floats(-90, 90))


@given(st.lists(st.lists(coordinate, min_size=2, max_size=30), min_size=1, max_size=5))
def test_every_line_comes_back_to_the_thousandth(lines):
    found = runs([LineString(line) for line in lines])
    assert len(found) == len(lines)
    for line, run in zip(lines, found, strict=True):
        back = points(run)
        assert len(back) == len(line)
        for (x, y), (bx, by) in zip(line, back, strict=True):
            assert abs(x - bx) <= 0.0005 + 1e-9
            assert abs(y - by) <= 0.0005 + 1e-9


def test_polygons_keep_their_holes_and_lines_drop_points_left_by_clipping():
    square = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (2, 1), (2, 2), (1, 2)]])
    two = MultiPolygon([square, Polygon([(5, 5), (6, 5), (6, 6)])])
    found = polygon_runs(two)
    assert [len(rings) for rings in found] == [2, 1]
    assert points(found[0][1])[:2] == [(1.0, 1.0), (2.0, 1.0)]
    clipped = GeometryCollection([Point(1, 1), LineString([(0, 0), (1.5, 2.25)])])
    assert line_runs(clipped) == [[0, 0, 1500, 2250]]
    assert line_runs(None) == []
    assert polygon_runs(Polygon()) == []


def test_the_module_examples_hold():
    assert doctest.testmod(steps).failed == 0
