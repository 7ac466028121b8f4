"""ArcGIS: geopy's own class, its 0–100 score as confidence, one clear error for bad options."""

from __future__ import annotations

import pytest
from geopy.geocoders import ArcGIS

from geomap.errors import InputError
from geomap.geocoders import get_resolver
from geomap.geocoders.arcgis import arcgis, confidence
from tests.nominatim_server import USER_AGENT


def test_other_services_are_built_with_geopys_own_class():
    resolver = get_resolver("arcgis")(user_agent=USER_AGENT, timeout=3)
    assert isinstance(resolver.geocoder, ArcGIS)
    assert resolver.geocoder.headers["User-Agent"] == USER_AGENT


def test_an_unknown_option_is_one_clear_error():
    with pytest.raises(InputError, match=r"arcgis: .*colour"):
        get_resolver("arcgis")(colour="red")


def test_the_score_is_the_confidence():
    assert confidence({"raw": {"score": 85}}) == pytest.approx(0.85)
    assert confidence({"raw": {"score": 250}}) == 1.0
    assert arcgis(offline=True).confidence is confidence
