"""The seed article with the gazetteer made to miss Baghdad: the fallback places it, visibly.

The recogniser still finds "Baghdad" (it reads the full gazetteer); only the resolver's
answers for it are dropped, which is what happens to any place the gazetteer does not hold.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from geopy.distance import great_circle

from geomap.geocoders.cache import GeoCache
from geomap.geocoders.nominatim import nominatim
from geomap.pipeline import Pipeline, run
from tests.helpers import SEEDS
from tests.nominatim_server import USER_AGENT

MISSING = "Baghdad"
NOMINATIM_BAGHDAD = (33.3152, 44.3661)


class Missing:
    """The real gazetteer resolver, made to miss one name."""

    name = "gazetteer"

    def __init__(self, inner, text: str) -> None:
        self.inner, self.text = inner, text

    def resolve_article(self, mentions):
        found = self.inner.resolve_article(mentions)
        return [None if m.text == self.text else r for m, r in zip(mentions, found, strict=True)]


def pipeline_missing_baghdad(fallbacks=()) -> Pipeline:
    pipe = Pipeline(fallbacks=fallbacks)
    pipe.chain.gazetteer = Missing(pipe.chain.gazetteer, MISSING)
    return pipe


@pytest.fixture
def fallback_run(server, cache_path, tmp_path):
    resolver = nominatim(user_agent=USER_AGENT, domain=server.domain, scheme="http",
                         timeout=0.3, cache=GeoCache(cache_path))
    result = run([str(SEEDS)], tmp_path / "out", pipeline=pipeline_missing_baghdad([resolver]))
    return result, tmp_path / "out"


def _features(path: Path) -> list[dict]:
    return json.loads(path.read_text())["features"]


def _map_data(html: str) -> dict:
    match = re.search(r"geomapRender\([^,]+, (\{.*\})\);", html)
    assert match, "the map holds no geomapRender(...) call"
    return json.loads(match.group(1))


def test_missing_place_is_resolved_by_the_fallback_in_mentions(fallback_run, server):
    result, out = fallback_run
    mentions = [f for f in _features(out / "mentions.geojson")
                if f["properties"]["text"] == MISSING]
    assert mentions
    for f in mentions:
        p = f["properties"]
        assert (p["resolver"], p["place_source"], p["geonameid"]) == ("nominatim", "nominatim",
                                                                      None)
        assert p["error"] is None
        lon, lat = f["geometry"]["coordinates"]
        assert great_circle((lat, lon), NOMINATIM_BAGHDAD).km < 1
    others = [f["properties"]["resolver"] for f in _features(out / "mentions.geojson")
              if f["properties"]["text"] in ("Iraq", "Syria", "Jordan")]
    assert set(others) == {"gazetteer"}
    assert server.count(MISSING) == 1  # asked once for the whole run
    assert server.requests[0]["params"]["countrycodes"].split(",").count("iq") == 1
    assert result.summary()["by_fallback"] == len(mentions)


def test_the_strike_incident_is_marked_as_placed_by_the_fallback(fallback_run):
    _, out = fallback_run
    strike = [f for f in _features(out / "incidents.geojson")
              if any("drone strike" in q["text"] and MISSING in q["text"]
                     for q in f["properties"]["quotes"])]
    assert strike
    placed = [f for f in strike if f["properties"]["location_name"] == MISSING]
    assert placed
    assert {f["properties"]["resolver"] for f in placed} == {"nominatim"}


def test_the_map_data_names_the_fallback(fallback_run):
    _, out = fallback_run
    data = _map_data((out / "map.html").read_text())
    strings = data["strings"]
    resolvers = {strings[res] for place, res in zip(data["place"], data["res"], strict=True)
                 if strings[place] == MISSING}
    assert resolvers == {"nominatim"}
    places = data["places"]
    assert [resolver for name, resolver in zip(places["name"], places["resolver"], strict=True)
            if name == MISSING] == ["nominatim"]


def test_a_second_run_asks_nothing_and_says_so(fallback_run, server, cache_path, tmp_path):
    asked = server.count()
    resolver = nominatim(user_agent=USER_AGENT, domain=server.domain, scheme="http",
                         timeout=0.3, cache=GeoCache(cache_path))
    again = run([str(SEEDS)], tmp_path / "again", pipeline=pipeline_missing_baghdad([resolver]))
    assert server.count() == asked
    cached = [r for a in again.articles for r in a.resolutions if r.mention.text == MISSING]
    assert cached
    assert all(r.cached and r.resolver == "nominatim" for r in cached)
    assert again.summary()["cached"] == len(cached)


def test_offline_the_missing_place_stays_unresolved_with_its_quotes(tmp_path):
    # the seed article names places across the region: it has no focus country to fall back on
    result = run([str(SEEDS)], tmp_path / "out", pipeline=pipeline_missing_baghdad())
    mentions = [f for f in _features(tmp_path / "out" / "mentions.geojson")
                if f["properties"]["text"] == MISSING]
    assert mentions
    assert all(f["geometry"] is None for f in mentions)
    assert all(f["properties"]["resolver"] == "none" for f in mentions)
    summary = result.summary()
    assert summary["unresolved"] >= len(mentions)
    assert summary["service_errors"] == 0
    quotes = [q["text"] for f in _features(tmp_path / "out" / "incidents.geojson")
              for q in f["properties"]["quotes"]]
    assert any("drone strike" in q and MISSING in q for q in quotes)


def test_offline_a_missing_place_in_a_one_country_article_gets_that_country(tmp_path):
    text = ("A drone struck a market in Baghdad on Monday, police said. Later, gunmen attacked "
            "a checkpoint near Mosul and a convoy outside Tikrit, Iraq.")
    (tmp_path / "iraq.txt").write_text(text, encoding="utf-8")
    result = run([str(tmp_path / "iraq.txt")], tmp_path / "out",
                 pipeline=pipeline_missing_baghdad())
    (feature,) = [f for f in _features(tmp_path / "out" / "mentions.geojson")
                  if f["properties"]["text"] == MISSING]
    props = feature["properties"]
    assert (props["resolver"], props["precision"], props["name"]) == ("focus", "country", "Iraq")
    assert "placed names are in Iraq" in props["signal"]
    iraq = Pipeline().gazetteer.country("IQ")
    assert feature["geometry"]["coordinates"] == pytest.approx([iraq.lon, iraq.lat])
    assert result.summary()["by_fallback"] == 1
    # a name known only to its country is no event site
    incidents = [f["properties"] for f in _features(tmp_path / "out" / "incidents.geojson")]
    assert incidents
    assert all(i["resolver"] == "gazetteer" for i in incidents)


def test_a_service_error_is_recorded_and_the_run_goes_on(server, cache_path, tmp_path):
    server.script(MISSING, "500", "500", "500")  # the first mention fails, retries included
    resolver = nominatim(user_agent=USER_AGENT, domain=server.domain, scheme="http",
                         timeout=0.3, cache=GeoCache(cache_path))
    result = run([str(SEEDS)], tmp_path / "out", pipeline=pipeline_missing_baghdad([resolver]))
    mentions = [f["properties"] for f in _features(tmp_path / "out" / "mentions.geojson")
                if f["properties"]["text"] == MISSING]
    assert len(mentions) >= 2
    first, *later = mentions
    assert first["error"].startswith("nominatim: GeocoderServiceError")
    assert (first["name"], first["signal"]) == (None, "service error")
    assert all(p["error"] is None and p["resolver"] == "nominatim" for p in later)
    assert result.summary()["service_errors"] == 1
    assert (tmp_path / "out" / "map.html").is_file()


@pytest.mark.browser
def test_the_popup_says_placed_by_nominatim(fallback_run, page):
    _, out = fallback_run
    page.goto((out / "map.html").as_uri())
    page.wait_for_function("window.geomapMap !== undefined")
    latlon = list(NOMINATIM_BAGHDAD)
    point = page.evaluate(
        f"(() => {{ const p = window.geomapMap.latLngToContainerPoint({latlon});"
        " const r = window.geomapMap.getContainer().getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; })()")
    page.mouse.click(*point)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    text = popup.inner_text()
    assert "drone strike" in text
    assert re.search(r"Placed by\s+nominatim", text)


def test_the_map_credits_openstreetmap_when_nominatim_placed_a_pin(fallback_run):
    _, out = fallback_run
    html = (out / "map.html").read_text()
    assert "Geocoding by nominatim: data © OpenStreetMap contributors, ODbL." in html
