"""`geomap run` on the seed article: GeoJSON read back with geopandas, the map written."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from geopy.distance import great_circle

BAGHDAD = (33.34, 44.40)
EXPECTED_COUNTRIES = {"Jordan": (31.2, 36.5), "Syria": (35.0, 38.5), "Iraq": (33.0, 43.7),
                      "Lebanon": (33.9, 35.9), "Gaza": (31.45, 34.4)}


def _km(point, latlon):
    return great_circle((point.y, point.x), latlon).km


def test_outputs_are_written(seed_run):
    _, out = seed_run
    assert {p.name for p in out.iterdir()} >= {"incidents.geojson", "mentions.geojson",
                                                "map.html"}


def test_baghdad_pin_holds_the_strike_quote(seed_run):
    _, out = seed_run
    incidents = gpd.read_file(out / "incidents.geojson")
    assert incidents.crs.to_epsg() == 4326
    near = incidents[[_km(g, BAGHDAD) < 10 for g in incidents.geometry]]
    assert len(near) == 1
    quotes = json.loads((out / "incidents.geojson").read_text())["features"]
    baghdad = next(f for f in quotes if f["properties"]["incident_id"] == near.iloc[0].incident_id)
    texts = [q["text"] for q in baghdad["properties"]["quotes"]]
    assert any("drone strike" in t and "Baghdad" in t for t in texts)


def test_quotes_are_verbatim_spans_of_the_article(seed_run):
    result, out = seed_run
    text = result.articles[0].article.text
    for feature in json.loads((out / "incidents.geojson").read_text())["features"]:
        for quote in feature["properties"]["quotes"]:
            assert text[quote["start"]:quote["end"]] == quote["text"]


def test_geojson_is_longitude_first(seed_run):
    _, out = seed_run
    data = json.loads((out / "incidents.geojson").read_text())
    lon, lat = next(f for f in data["features"]
                    if f["properties"]["location_name"] == "Baghdad")["geometry"]["coordinates"]
    assert great_circle((lat, lon), BAGHDAD).km < 10


@pytest.mark.parametrize(("name", "latlon"), sorted(EXPECTED_COUNTRIES.items()))
def test_context_places_are_mentions_with_sensible_points(seed_run, name, latlon):
    _, out = seed_run
    mentions = gpd.read_file(out / "mentions.geojson")
    rows = mentions[mentions["text"] == name]
    assert len(rows) >= 1
    assert all(_km(g, latlon) < 300 for g in rows.geometry)


def test_mention_offsets_index_the_article(seed_run):
    result, out = seed_run
    text = result.articles[0].article.text
    features = json.loads((out / "mentions.geojson").read_text())["features"]
    assert features
    for f in features:
        p = f["properties"]
        assert text[p["start"]:p["end"]] == p["text"]


def test_no_incident_is_pinned_on_lebanon(seed_run):
    result, _ = seed_run
    assert all(i.place.country_code != "LB" for i in result.incidents if i.place)


def test_organisations_are_not_place_mentions(seed_run):
    result, _ = seed_run
    texts = {r.mention.text for r in result.articles[0].resolutions}
    assert not texts & {"Hezbollah", "Kataib Hezbollah", "Al Jazeera", "Hamas", "Pentagon"}


def test_map_escapes_article_text(tmp_path):
    from geomap.pipeline import run

    article = tmp_path / "xss.txt"
    article.write_text("A drone strike in Baghdad killed 2 people <script>alert(1)</script> "
                       "near </div><img src=x onerror=alert(2)>.\n")
    run([str(article)], tmp_path / "out")
    html = (tmp_path / "out" / "map.html").read_text()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "\\u003cscript\\u003ealert(1)" in html
