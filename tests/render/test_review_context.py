"""The offline map's context in Chromium: place names and boundaries appear as one zooms in."""

from __future__ import annotations

import pytest

from tests.render.pages import ARTIFACTS, open_map, outbound
from tests.render.reviewdata import review_map

pytestmark = pytest.mark.browser
LABELS = """() => [...document.querySelectorAll('.geomap-place .geomap-place-name')]
  .filter(e => { const r = e.getBoundingClientRect();
    return r.right > 0 && r.left < innerWidth && r.bottom > 0 && r.top < innerHeight; })
  .map(e => e.textContent)"""


def _open_at(page, path, zoom: int, lat: float, lon: float) -> None:
    page.goto("about:blank")  # a new #hash alone would not reload the page
    open_map(page, f"{path.as_uri()}#map={zoom}/{lat}/{lon}")


def _labels_at(page, path, zoom: int, lat: float, lon: float) -> list[str]:
    _open_at(page, path, zoom, lat, lon)
    return page.evaluate(LABELS)


def test_labels_appear_at_city_zoom_near_an_incident(page, tmp_path):
    path = review_map(tmp_path)
    wide = _labels_at(page, path, 5, 33.34, 44.4)
    assert "Baghdad" in wide
    assert "Abū Ghurayb" not in wide  # a suburb waits for a closer zoom
    close = _labels_at(page, path, 10, 33.34, 44.4)
    assert {"Baghdad", "Abū Ghurayb"} <= set(close)
    assert len(close) >= 4
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-map-context-baghdad.png"))
    assert page.console_errors == []
    assert outbound(page) == []


def test_division_boundaries_show_from_a_middle_zoom_and_names_until_city_zoom(page, tmp_path):
    path = review_map(tmp_path)
    admin1 = """() => !!window.geomap && document.querySelectorAll(
        'path[stroke-dasharray="5 3"]').length"""
    names = """() => [...document.querySelectorAll('.geomap-admin1-name')]
        .map(e => e.textContent)"""
    _open_at(page, path, 4, 33.5, 42)
    assert page.evaluate(admin1) == 0
    assert page.evaluate(names) == []
    _open_at(page, path, 7, 33.34, 44.4)
    assert page.evaluate(admin1) > 0
    assert "Al-Anbar" in page.evaluate(names)
    _open_at(page, path, 11, 33.34, 44.4)
    assert page.evaluate(names) == []
    assert page.console_errors == []


def test_land_and_country_borders_are_drawn_around_the_incidents(page, tmp_path):
    path = review_map(tmp_path)
    _open_at(page, path, 6, 33.5, 42)
    drawn = page.evaluate("""() => [...document.querySelectorAll(
        'path.geomap-land, path.geomap-border')].map(p => [p.classList[0],
        p.getAttribute('d').length])""")
    land = [size for kind, size in drawn if kind == "geomap-land"]
    borders = [size for kind, size in drawn if kind == "geomap-border"]
    assert len(land) >= 3  # Iraq, Syria and their neighbours, each its own shape
    assert min(land) > 20
    assert borders
    assert borders[0] > 200  # Iraq's borders with Syria, Jordan, Iran...
    assert page.console_errors == []


def test_no_name_is_written_over_another(page, tmp_path):
    """Baghdad the governorate and Baghdad the city share a spot, and a long town name reaches
    into its neighbour's cell: one name in each place, never two overlaid."""
    path = review_map(tmp_path)
    boxes = """() => [...document.querySelectorAll('.geomap-place, .geomap-admin1-name')]
        .map(e => { const r = e.querySelector('.geomap-place-name').getBoundingClientRect();
          return [e.classList.contains('geomap-place') ? 'town' : 'division',
                  e.textContent, r.left, r.top, r.right, r.bottom]; })"""
    shown = 0
    for zoom in (5, 6, 7, 8):
        _open_at(page, path, zoom, 33.34, 44.4)
        labels = page.evaluate(boxes)
        towns = [b for b in labels if b[0] == "town"]
        divisions = [b for b in labels if b[0] == "division"]
        shown += len(divisions)
        for k, one in enumerate(labels):
            for other in labels[k + 1:]:
                overlap = (one[2] < other[4] and other[2] < one[4]
                           and one[3] < other[5] and other[3] < one[5])
                assert not overlap, f"zoom {zoom}: {one[1]!r} and {other[1]!r} overlap"
        assert len(towns) >= 8
    assert shown >= 4  # divisions are still named where they have room
    assert page.console_errors == []
