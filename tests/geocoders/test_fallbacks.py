"""A run's fallbacks from its settings: none without geocoding unless a named cache answers."""

from __future__ import annotations

import pytest

from geomap.errors import InputError
from geomap.geocoders.cache import GeoCache
from geomap.geocoders.fallbacks import build_fallbacks
from geomap.settings import Settings
from tests.nominatim_server import USER_AGENT


def test_no_geocoding_and_no_named_cache_means_no_fallback():
    assert build_fallbacks(Settings(), offline=True) == []


def test_geocoder_none_means_no_fallback_even_online():
    assert build_fallbacks(Settings(geocoder="none", geocoding=True), offline=False) == []


def test_a_named_cache_answers_offline_when_it_exists(tmp_path):
    path = tmp_path / "geocode.sqlite"
    settings = Settings(cache=path, cache_given=True)
    assert build_fallbacks(settings, offline=True) == []  # no file yet: nothing to answer
    GeoCache(path).put("nominatim", "Camp Ashraf", {}, [])
    (resolver,) = build_fallbacks(settings, offline=True)
    assert (resolver.name, resolver.geocoder) == ("nominatim", None)


def test_online_builds_the_configured_geocoder(tmp_path):
    settings = Settings(geocoder="photon", user_agent=USER_AGENT, cache=tmp_path / "c.sqlite",
                        geocoder_options={"timeout": 2.0})
    (resolver,) = build_fallbacks(settings, offline=False)
    assert resolver.name == "photon"
    assert resolver.geocoder.timeout == 2.0


def test_an_option_the_factory_does_not_take_is_one_clear_error(tmp_path):
    settings = Settings(user_agent=USER_AGENT, cache=tmp_path / "c.sqlite",
                        geocoder_options={"api_key": "x"})
    with pytest.raises(InputError, match="geocoder options: nominatim: "):
        build_fallbacks(settings, offline=False)
