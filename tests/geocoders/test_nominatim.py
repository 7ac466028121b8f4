"""Nominatim: its answer reader, its usage policy (user agent, pace), never built offline."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.errors import InputError
from geomap.geocoders.nominatim import confidence, nominatim, nominatim_place
from tests.geocoders.util import mention
from tests.nominatim_server import USER_AGENT


def test_hit_is_placed_with_its_raw_answer_and_the_service_named(make_resolver, server):
    res = make_resolver().resolve(mention("Camp Ashraf"))
    assert res.place.name == "Camp Ashraf"
    assert (res.place.lat, res.place.lon) == pytest.approx((33.6392, 44.6378))
    assert res.place.country_code == "IQ"
    assert res.place.feature_code == "CMP"
    assert res.place.source == "nominatim"
    assert res.resolver == "nominatim"
    assert res.cached is False
    assert res.error is None
    assert res.confidence == pytest.approx(0.31)
    assert res.raw["osm_id"] == 102
    assert server.requests[0]["headers"]["User-Agent"] == USER_AGENT
    assert server.requests[0]["params"]["addressdetails"] == "1"


@pytest.mark.parametrize("agent", [None, "", "   ", "my-application", "geopy/2.4.1",
                                   "geomap/0.1 (you@example.org)", "geomap"])
def test_nominatim_needs_an_identifying_user_agent(agent):
    with pytest.raises(InputError, match="user_agent"):
        nominatim(user_agent=agent)


def test_public_nominatim_refuses_more_than_one_request_per_second():
    with pytest.raises(InputError, match="one request per second"):
        nominatim(user_agent=USER_AGENT, min_delay_seconds=0.5)


def test_offline_resolver_never_builds_the_geocoder(monkeypatch, cache_path):
    import geopy.geocoders

    def refuse(*args, **kwargs):
        raise AssertionError("the network geocoder was built offline")

    monkeypatch.setattr(geopy.geocoders.Nominatim, "__init__", refuse)
    resolver = nominatim(offline=True)  # no user agent needed: nothing is asked
    assert resolver.geocoder is None
    assert resolver.resolve(mention("Camp Ashraf")) is None
    with pytest.raises(AssertionError, match="built offline"):
        nominatim(user_agent=USER_AGENT)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["name", "type", "addresstype", "address", "importance",
                                        "class"]),
                       st.none() | st.text() | st.integers() | st.floats() | st.dictionaries(
                           st.text(max_size=12), st.text(max_size=5), max_size=2)),
       st.floats(-90, 90), st.floats(-180, 180))
def test_any_nominatim_raw_reply_becomes_a_valid_place(raw, lat, lon):
    place = nominatim_place({"address": "", "lat": lat, "lon": lon, "raw": raw})
    assert place.name
    assert 0.0 <= confidence({"raw": raw}) <= 1.0


@pytest.mark.parametrize("domain", ["Nominatim.OpenStreetMap.org", "nominatim.openstreetmap.org/",
                                    " nominatim.openstreetmap.org"])
@pytest.mark.parametrize("delay", [0.5, float("nan")])
def test_the_public_server_is_recognised_however_it_is_written(domain, delay):
    with pytest.raises(InputError, match="one request per second"):
        nominatim(user_agent=USER_AGENT, domain=domain, min_delay_seconds=delay)
