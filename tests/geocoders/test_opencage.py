"""OpenCage: an API key is required, countries are sent, its 0–10 confidence is read."""

from __future__ import annotations

import pytest

from geomap.errors import InputError
from geomap.geocoders import get_resolver
from geomap.geocoders.opencage import confidence, opencage
from tests.nominatim_server import USER_AGENT


def test_a_missing_api_key_is_one_clear_error():
    with pytest.raises(InputError, match=r"opencage: .*api_key"):
        get_resolver("opencage")(user_agent=USER_AGENT)


def test_the_articles_countries_are_sent_as_country():
    resolver = opencage(offline=True)
    assert resolver._options("IQ, SY") == {"exactly_one": False, "country": ["iq", "sy"]}


def test_its_confidence_is_scaled_to_one():
    assert confidence({"raw": {"confidence": 7}}) == pytest.approx(0.7)
    assert confidence({"raw": {}}) == 0.5
