"""Answers of the wrong shape from a geocoder: no crash, nothing unusable cached."""

from __future__ import annotations

import json

import pytest
from geopy.exc import GeocoderServiceError

from tests.geocoders.util import mention

ROW = {"place_id": 1, "osm_id": 7, "name": "Camp Ashraf", "display_name": "Camp Ashraf, Iraq",
       "addresstype": "camp", "type": "camp", "importance": 0.3,
       "address": {"country_code": "iq"}}


def _row(**changes):
    return json.dumps([{**ROW, "lat": "33.6", "lon": "44.6", **changes}])


@pytest.mark.parametrize("body", [
    _row(lat="123.0"),                      # latitude out of range
    _row(lat="NaN"),
    _row(lat="north", lon="east"),          # strings where numbers belong
    json.dumps([{**ROW, "lon": "44.6"}]),   # no latitude
    _row(importance="very"),                # a confidence that is no number
    _row(address="Iraq"),                   # the address object as a string
])
# geopy warns as it refuses the out-of-range latitude: that refusal is what is tested
@pytest.mark.filterwarnings("ignore:Latitude normalization has been prohibited:UserWarning")
def test_an_unusable_answer_is_no_place_and_is_not_cached(make_resolver, server, body):
    server.script("Camp Ashraf", "body:" + body)
    try:
        first = make_resolver().resolve(mention("Camp Ashraf"))
    except GeocoderServiceError:  # geopy could not read it: the chain records a service error
        first = None
    if first is not None and first.place is not None:  # what could be read: a sane point
        assert -90 <= first.place.lat <= 90
        assert 0 <= first.confidence <= 1
    make_resolver().resolve(mention("Camp Ashraf"))  # the next run: no crash on the cache
    asked_again = server.count("Camp Ashraf") == 2
    assert asked_again or (first is not None and first.place is not None)


@pytest.mark.parametrize("body", ['"just a string"', "[" * 5000 + "]" * 5000, "{}", "42"])
def test_an_unreadable_reply_is_a_service_error(make_resolver, server, body):
    server.script("Camp Ashraf", "body:" + body)
    try:
        res = make_resolver().resolve(mention("Camp Ashraf"))
    except GeocoderServiceError:
        return  # recorded as a service error by the chain, never a crash
    assert res is None or res.place is None or -90 <= res.place.lat <= 90


@pytest.mark.parametrize("answer", [
    {"lat": 95, "lon": 10}, {"lat": float("nan"), "lon": 1}, {"lat": "x", "lon": 1},
    {"lon": 1}, "a string", None, {"lat": 1, "lon": 2, "raw": "not a dict"},
])
def test_cached_answers_are_checked_again(answer):
    from geomap.geocoders.base import _checked

    checked = _checked(answer)
    assert checked is None or (checked["raw"] == {} and -90 <= checked["lat"] <= 90)


def test_an_answer_without_a_point_is_not_placed_at_0_0(make_resolver, server):
    body = json.dumps([ROW])  # no lat, no lon at all
    server.script("Camp Ashraf", "body:" + body)
    try:
        res = make_resolver().resolve(mention("Camp Ashraf"))
    except GeocoderServiceError:
        return
    assert res is None or res.place is None


def test_an_answer_over_a_megabyte_is_not_placed_nor_cached(make_resolver, server, cache_path):
    server.script("Camp Ashraf", "body:" + _row(extratags={"note": "x" * 1_200_000}),
                  "body:" + _row())
    with pytest.raises(GeocoderServiceError, match="no usable answer"):
        make_resolver().resolve(mention("Camp Ashraf"))  # the chain records a service error
    assert cache_path.stat().st_size < 1_000_000
    second = make_resolver().resolve(mention("Camp Ashraf"))  # asked again: nothing was kept
    assert server.count("Camp Ashraf") == 2
    assert second.place is not None
    assert second.place.lat == pytest.approx(33.6)


@pytest.mark.parametrize("delay", [float("nan"), float("inf"), -1.0])
def test_a_delay_that_is_no_number_of_seconds_is_one_error(make_resolver, delay):
    from geomap.errors import InputError

    with pytest.raises(InputError, match="min_delay_seconds"):
        make_resolver(min_delay_seconds=delay)
