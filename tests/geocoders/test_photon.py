"""Photon: its GeoJSON answers read into places, no country filter, OSM attribution."""

from __future__ import annotations

from geomap.geocoders.photon import COUNTRY_PARAM, OSM_DATA, photon, photon_place


def test_photon_answers_become_places():
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.6378, 33.6392]},
               "properties": {"name": "Camp Ashraf", "countrycode": "IQ", "osm_key": "landuse",
                              "osm_value": "military", "type": "other"}}
    place = photon_place({"address": "Camp Ashraf, Iraq", "lat": 33.6392, "lon": 44.6378,
                          "raw": feature})
    assert (place.name, place.country_code, place.feature_code) == ("Camp Ashraf", "IQ", "INSM")


def test_photon_sends_no_country_filter_and_reads_with_its_own_reader():
    resolver = photon(offline=True)
    assert COUNTRY_PARAM is None
    assert resolver.country_param is None
    assert resolver.to_place is photon_place
    assert resolver.confidence({"raw": {}}) == 0.5
    assert OSM_DATA
