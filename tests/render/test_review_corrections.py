"""The reviewer's loop in the browser: judge and fix an incident, keep it across reloads, export
the corrections, apply them with `geomap run --corrections`, and see them on the new map."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from geomap.cli import app
from tests.helpers import SEEDS
from tests.render.pages import open_map, outbound, wait_ready

pytestmark = pytest.mark.browser
NOTE = "Two died, not one <b>per</b> the later wire"


def free_point(page) -> tuple[int, int]:
    """A point where a click reaches the map itself (no popup, pin or panel there)."""
    return page.evaluate("""() => {
        for (let y = 300; y < 780; y += 40) for (let x = 320; x < 900; x += 40) {
            const e = document.elementFromPoint(x, y);
            if (e && e.classList.contains('leaflet-container')) return [x, y];
        }}""")


def test_a_correction_is_made_kept_exported_applied_and_shown(page, tmp_path):
    runner = CliRunner()
    first = tmp_path / "first"
    assert runner.invoke(app, ["run", str(SEEDS), "-o", str(first)]).exit_code == 0
    open_map(page, first / "map.html")
    assert page.locator(".geomap-review .geomap-review-fields").is_hidden()
    page.locator("summary", has_text="Review").click()
    page.locator(".geomap-item", has_text="Baghdad").first.click()
    iid = page.evaluate("() => window.geomap.d.id[window.geomap.selected]")
    review = page.locator(".geomap-review")
    assert iid in review.locator(".geomap-review-title").inner_text()
    review.get_by_label("wrong").check()
    review.get_by_label("Correct fatalities", exact=True).fill("2")
    review.get_by_label("Note", exact=True).fill(NOTE)
    review.get_by_role("button", name="Pick place on map").click()
    page.wait_for_timeout(500)  # Leaflet ignores clicks while the popup pans into view
    page.mouse.click(*free_point(page))
    assert "New place set" in review.locator(".geomap-review-status").inner_text()
    lat = float(review.get_by_label("Latitude", exact=True).input_value())
    review.get_by_role("button", name="Save").click()
    assert "1 correction in this browser" in review.inner_text()

    page.reload()  # kept in the browser; the link keeps the selection
    wait_ready(page)
    review = page.locator(".geomap-review")
    page.locator("summary", has_text="Review").click()
    assert review.get_by_label("Note", exact=True).input_value() == NOTE
    assert review.get_by_label("Correct fatalities", exact=True).input_value() == "2"
    assert review.get_by_label("wrong").is_checked()
    assert page.locator("path.geomap-moved").count() == 1

    with page.expect_download() as info:
        review.get_by_role("button", name="Export corrections").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.name == "geomap-corrections.json"
    data = json.loads(path.read_text())
    entry = data["corrections"][iid]
    assert data["geomap_corrections"] == 1
    assert entry["verdict"] == "wrong"
    assert entry["note"] == NOTE
    assert entry["changes"]["fatalities"] == 2
    assert entry["changes"]["lat"] == pytest.approx(lat)
    assert entry["original"]["fatalities"] == 1

    second = tmp_path / "second"
    result = runner.invoke(app, ["run", str(SEEDS), "-o", str(second), "--corrections",
                                 str(path)])
    assert result.exit_code == 0, result.output
    props = {f["properties"]["incident_id"]: f["properties"] for f in json.loads(
        (second / "incidents.geojson").read_text())["features"]}[iid]
    assert props["fatalities"] == 2
    assert props["review"]["note"] == NOTE
    assert props["location_basis"] == "reviewer"

    open_map(page, second / "map.html")
    page.locator(".geomap-item", has_text="Baghdad").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "Reviewed: wrong" in popup.inner_text()
    assert NOTE in popup.inner_text()
    assert "fatalities: 1 \u2192 2" in popup.inner_text()
    assert popup.locator("b").count() == 0
    assert page.console_errors == []
    assert outbound(page) == []


def test_forget_removes_a_correction(page, tmp_path):
    from tests.render.reviewdata import review_map

    open_map(page, review_map(tmp_path))
    page.locator("summary", has_text="Review").click()
    page.locator(".geomap-item", has_text="Mosul").click()
    review = page.locator(".geomap-review")
    review.get_by_label("right").check()
    review.get_by_role("button", name="Save").click()
    assert "1 correction in" in review.inner_text()
    review.get_by_role("button", name="Forget").click()
    assert "0 corrections in" in review.inner_text()
    assert review.get_by_role("button", name="Export corrections").is_disabled()
    assert page.console_errors == []
