"""Any other geopy service by name: geopy's class, the generic reader, the known country filters."""

from __future__ import annotations

from geopy.geocoders import Pelias

from geomap.geocoders import get_resolver
from geomap.geocoders.common import generic_place, no_confidence
from geomap.geocoders.geopy_services import attribution, geopy_service
from tests.nominatim_server import USER_AGENT


def test_a_service_is_built_by_its_geopy_name_with_its_options():
    resolver = geopy_service("pelias", user_agent=USER_AGENT, domain="pelias.example.net")
    assert isinstance(resolver.geocoder, Pelias)
    assert resolver.scope == {"domain": "pelias.example.net"}
    assert resolver.country_param == "countries"


def test_services_without_a_module_read_answers_as_points():
    resolver = get_resolver("bing")(offline=True)
    assert (resolver.name, resolver.country_param) == ("bing", None)
    assert resolver.to_place is generic_place
    assert resolver.confidence is no_confidence


def test_only_osm_services_carry_the_osm_credit():
    assert "OpenStreetMap" in attribution("geocodeearth")
    assert attribution("mapbox") is None
