"""A wide box's context is the shipped world's divisions cut to the box: the same map as
cutting the box afresh, and never borders drawn from other divisions."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiLineString, Polygon

import geomap.render.surroundings as surroundings_module
from geomap.render import steps, world_context
from geomap.render.surroundings import (
    WIDE_TOLERANCE,
    cut_afresh,
    divisions,
)
from geomap.render.world_context import Divisions

#: Boxes wide enough to be cut from the world: West Africa to Iran, the Sahel, South East Asia.
WIDE_BOXES = [(-20.0, 0.0, 60.0, 45.0), (-10.0, 0.0, 15.0, 24.0), (100.0, -10.0, 125.0, 15.0)]


@contextmanager
def _shipped(data: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``data`` as the shipped world file, read afresh while the block runs."""
    path = tmp_path / "world.json.gz"
    path.write_bytes(data)
    monkeypatch.setattr(world_context, "WORLD_FILE", path)
    world_context.load.cache_clear()
    try:
        yield
    finally:
        world_context.load.cache_clear()


def shipped(box):
    return world_context.cut(box, source_digest=surroundings_module._admin1_digest(),
                             tolerance=WIDE_TOLERANCE)


def test_the_shipped_world_was_drawn_from_the_shipped_divisions():
    assert shipped((-180.0, -85.0, 180.0, 85.0)) is not None


@pytest.mark.parametrize("box", WIDE_BOXES)
def test_a_wide_box_cut_from_the_world_is_the_box_cut_afresh(box):
    cut, afresh = shipped(box), cut_afresh(box, tolerance=WIDE_TOLERANCE)
    land = {cc: g.area for cc, g in zip(cut.countries, cut.land, strict=True) if not g.is_empty}
    land_afresh = {cc: g.area for cc, g in zip(afresh.countries, afresh.land, strict=True)
                   if not g.is_empty}
    assert set(land) == set(land_afresh)
    for cc, area in land_afresh.items():  # only slivers at the box's edges may differ
        assert land[cc] == pytest.approx(area, rel=0.02, abs=0.01), cc
    assert cut.borders.length == pytest.approx(afresh.borders.length, rel=0.002)
    assert cut.admin1.length == pytest.approx(afresh.admin1.length, rel=0.002)
    assert cut.labels == afresh.labels
    west, south, east, north = box
    x0, y0, x1, y1 = shapely.total_bounds([*cut.land, cut.borders, cut.admin1])
    assert x0 >= west - 1e-9
    assert y0 >= south - 1e-9
    assert x1 <= east + 1e-9
    assert y1 <= north + 1e-9


def test_a_world_drawn_from_other_divisions_is_not_used(monkeypatch):
    box = WIDE_BOXES[1]
    expected = divisions(box)
    assert world_context.cut(box, source_digest="0" * 64, tolerance=WIDE_TOLERANCE) is None
    assert world_context.cut(box, source_digest=surroundings_module._admin1_digest(),
                             tolerance=0.01) is None
    calls = []
    monkeypatch.setattr(surroundings_module, "_admin1_digest", lambda: "0" * 64)
    monkeypatch.setattr(surroundings_module, "cut_afresh",
                        lambda box, **kw: calls.append(box) or cut_afresh(box, **kw))
    found = divisions(box)
    assert calls == [box]
    assert ({f["properties"]["cc"] for f in found["land"]["features"]}
            == {f["properties"]["cc"] for f in expected["land"]["features"]})


def test_a_small_box_is_always_cut_afresh_at_full_detail(monkeypatch):
    monkeypatch.setattr(world_context, "cut", lambda *a, **k: pytest.fail("small box"))
    assert divisions((43.4, 32.3, 45.4, 34.3))["land"]["features"]


def test_a_world_file_reads_back_as_written(tmp_path, monkeypatch):
    island = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (2, 1), (2, 2), (1, 2)]])
    world = Divisions(countries=["AA", "BB"],
                      land=[island, shapely.union(Polygon([(5, 0), (6, 0), (6, 1)]),
                                                  Polygon([(7, 0), (8, 0), (8, 1)]))],
                      borders=MultiLineString([[(0, 0), (4, 0)], [(5, 0), (6.0005, 0)]]),
                      admin1=LineString([(0, 2), (4, 2)]),
                      labels=[[2.5, 2.5, "Middle"], [7.5, 0.2, "East <b>"]])
    data = world_context.encode(world, source_digest="d", tolerance=0.05)
    assert json.loads(gzip.decompress(data))["source_sha256"] == "d"
    with _shipped(data, tmp_path, monkeypatch):
        cut = world_context.cut((-1.0, -1.0, 5.5, 5.0), source_digest="d", tolerance=0.05)
    assert cut.countries == ["AA", "BB"]
    assert cut.land[0].equals(island)
    assert cut.land[1].bounds == (5.0, 0.0, 5.5, 0.5)
    assert cut.borders.equals(MultiLineString([[(0, 0), (4, 0)], [(5, 0), (5.5, 0)]]))
    assert cut.admin1.equals(LineString([(0, 2), (4, 2)]))
    assert cut.labels == [[2.5, 2.5, "Middle"]]


def test_rebuilding_the_world_gives_the_shipped_file():
    """The build is reproducible: the same countries and names, the same shapes up to
    what another GEOS version may simplify differently."""
    world = cut_afresh(surroundings_module.WORLD, tolerance=WIDE_TOLERANCE)
    cut = shipped(surroundings_module.WORLD)
    assert world.countries == cut.countries
    assert world.labels == cut.labels
    assert shapely.get_num_coordinates(world.admin1) == pytest.approx(
        shapely.get_num_coordinates(cut.admin1), rel=0.01)
    assert sum(g.area for g in world.land) == pytest.approx(sum(g.area for g in cut.land),
                                                             rel=0.001)


def _page_texts_cut_from_shapes(box):
    """What the page held before the world kept its page texts: the world's shapes clipped
    to the box, written as runs."""
    cut = shipped(box)
    land = [[cc, runs] for cc, g in zip(cut.countries, cut.land, strict=True)
            if (runs := steps.polygon_runs(g))]
    return {"land": land, "borders": steps.line_runs(cut.borders),
            "admin1": steps.line_runs(cut.admin1), "labels": cut.labels}


@settings(max_examples=12, deadline=None)
@given(west=st.floats(-180, 120), south=st.floats(-85, 50), wide=st.floats(25, 300),
       high=st.floats(25, 170))
def test_a_wide_box_on_the_page_is_the_world_clipped_to_it(west, south, wide, high):
    """Lines and land wholly inside the box are taken as stored, the rest clipped: the page
    text is the one clipping every shape gives, byte for byte (the world's own box, whose
    edges its lines touch, among them)."""
    for box in ((-180.0, -85.0, 180.0, 85.0),
                (west, south, min(180.0, west + wide), min(85.0, south + high))):
        texts = surroundings_module._page_division_texts(box)
        expected = _page_texts_cut_from_shapes(box)
        for key, value in expected.items():
            assert texts[key] == world_context.page_text(value), key


def test_a_piece_is_taken_whole_clipped_or_left_out(tmp_path, monkeypatch):
    island = Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (2, 1), (2, 2), (1, 2)]])
    world = Divisions(countries=["AA", "BB", "CC"],
                      land=[island, Polygon([(5, 0), (6, 0), (6, 1)]),
                            Polygon([(9, 9), (10, 9), (10, 10)])],
                      borders=MultiLineString([[(0, 0), (4, 0)], [(5, 0), (6.0005, 0)]]),
                      admin1=LineString([(0, 2), (4, 2)]), labels=[])
    data = world_context.encode(world, source_digest="d", tolerance=0.05)
    with _shipped(data, tmp_path, monkeypatch):
        cut = world_context.page_cut((-1.0, -1.0, 5.5, 5.0), source_digest="d", tolerance=0.05)
    land = json.loads(cut.land)
    assert [cc for cc, _ in land] == ["AA", "BB"]  # CC lies outside the box
    assert land[0][1] == steps.polygon_runs(island)  # inside: as stored
    clipped = shapely.clip_by_rect(world.land[1], -1.0, -1.0, 5.5, 5.0)  # across the edge
    assert clipped.bounds == (5.0, 0.0, 5.5, 0.5)
    assert land[1][1] == steps.polygon_runs(clipped)
    assert json.loads(cut.borders) == [steps.runs([LineString([(0, 0), (4, 0)])])[0],
                                       steps.runs([LineString([(5, 0), (5.5, 0)])])[0]]
    assert json.loads(cut.admin1) == steps.runs([LineString([(0, 2), (4, 2)])])


@pytest.mark.parametrize("damage", ["not gzip", "countries without land", "bounds short"])
def test_a_damaged_world_file_is_not_used(damage, tmp_path, monkeypatch):
    """The box is cut afresh, as beside other divisions: a torn or hand-edited file draws no
    map from half its data."""
    box = WIDE_BOXES[1]
    document = json.loads(gzip.decompress(world_context.WORLD_FILE.read_bytes()))
    if damage == "countries without land":
        document["countries"].append("ZZ")
    elif damage == "bounds short":
        del document["admin1"]["bounds"][-4:]
    data = (b"not gzip" if damage == "not gzip"
            else gzip.compress(json.dumps(document).encode("utf-8")))
    digest = surroundings_module._admin1_digest()
    with _shipped(data, tmp_path, monkeypatch):
        assert world_context.page_cut(box, source_digest=digest, tolerance=WIDE_TOLERANCE) is None
        assert world_context.cut(box, source_digest=digest, tolerance=WIDE_TOLERANCE) is None
        assert json.loads(surroundings_module._page_division_texts(box)["land"])
