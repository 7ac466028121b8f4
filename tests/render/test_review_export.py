"""The reviewer's map, export: the filtered incidents as GeoJSON and CSV, saved in the page."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.render.pages import open_map, outbound
from tests.render.reviewdata import review_map

pytestmark = pytest.mark.browser


def save(page, label: str, tmp_path) -> tuple[str, str]:
    with page.expect_download() as info:
        page.locator(".geomap-export-button", has_text=label).click()
    download = info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    return target.name, target.read_text(encoding="utf-8")


def test_export_saves_the_filtered_incidents_as_geojson_and_csv(page, tmp_path):
    open_map(page, review_map(tmp_path))
    page.get_by_label("Country", exact=True).select_option("SY")
    page.get_by_label("Search", exact=True).fill("rebels")
    assert "The 2 incidents" in page.locator(".geomap-export-status").inner_text()
    name, text = save(page, "GeoJSON", tmp_path)
    assert name == "geomap-selection.geojson"
    data = json.loads(text)
    features = {f["id"]: f for f in data["features"]}
    assert sorted(features) == ["inc-a07", "inc-a08"]
    homs = features["inc-a07"]
    assert homs["geometry"]["coordinates"] == [36.72, 34.73]
    assert homs["properties"]["event_type"] == "Battles"
    assert homs["properties"]["fatalities"] == 7
    assert homs["properties"]["country_code"] == "SY"
    assert homs["properties"]["geonameid"] == 1006
    quote = "Rebels and militia fought for the <b>citadel</b> of Homs."
    assert homs["properties"]["quotes"] == [{"article_id": "art-1", "text": quote}]
    assert features["inc-a08"]["properties"]["event_date"] is None

    name, text = save(page, "CSV", tmp_path)
    assert name == "geomap-selection.csv"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["incident_id"] for r in rows] == list(features)
    assert rows[0]["latitude"] == "34.73"
    assert rows[0]["quotes"] == "Rebels and militia fought for the <b>citadel</b> of Homs."
    assert rows[1]["fatalities"] == "2"
    assert rows[1]["event_date"] == ""
    assert page.console_errors == []
    assert outbound(page) == []


def test_csv_cells_that_look_like_formulas_are_defused(page, tmp_path):
    from geomap.render.map import build_map, save_map
    from tests.render.reviewdata import ARTICLES, features

    rows = features()[:1]
    rows[0]["properties"]["actor1"] = "=HYPERLINK(\"http://x\")"
    html = build_map({"features": rows}, {"features": []}, ARTICLES)
    open_map(page, save_map(tmp_path / "map.html", html))
    _, text = save(page, "CSV", tmp_path)
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["actor1"] == "'=HYPERLINK(\"http://x\")"
    assert row["longitude"] == "43.13"
