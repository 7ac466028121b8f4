"""geopy's real Nominatim adapter against a local stand-in: answers, errors, retries, pace."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.errors import InputError
from geomap.geocoders.cache import GeoCache
from geomap.geocoders.services import check_user_agent, get_resolver, nominatim
from geomap.records import Mention
from geomap.resolve import GazetteerResolver, ResolverChain
from tests.nominatim_server import USER_AGENT


def mention(text: str, article: str = "a1") -> Mention:
    return Mention(article, 0, len(text), text)


def resolve_all(chain: ResolverChain, *names: str):
    return chain.resolve_article([mention(n) for n in names])


@pytest.fixture
def chain(make_resolver, tiny_gazetteer):
    # the focus-country stage off: these tests are about what the geocoder answered
    return ResolverChain(GazetteerResolver(tiny_gazetteer), [make_resolver()],
                         focus_country=False)


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


def test_every_answer_is_a_candidate_best_first(make_resolver):
    res = make_resolver().resolve(mention("Al-Qaim"))
    assert [c.place.country_code for c in res.candidates] == ["IQ", "SY"]
    assert res.place == res.candidates[0].place


def test_miss_is_no_match_not_an_error(make_resolver):
    res = make_resolver().resolve(mention("Nowhere Junction"))
    assert res.place is None
    assert res.signal == "no match"
    assert res.error is None


def test_countries_of_the_article_become_countrycodes(make_resolver, server):
    res = make_resolver().resolve(mention("Al-Qaim"), country="SY")
    assert server.requests[0]["params"]["countrycodes"] == "sy"
    assert res.place.country_code == "SY"


def test_429_then_success_is_retried_after_backoff(make_resolver, server, clock):
    server.script("Camp Ashraf", "429")
    res = make_resolver().resolve(mention("Camp Ashraf"))
    assert res.place.name == "Camp Ashraf"
    assert server.count("Camp Ashraf") == 2
    assert 5.0 in clock.sleeps  # the first retry waits error_wait_seconds (Retry-After is 2)


def test_retry_after_longer_than_the_backoff_wins(make_resolver, server, clock):
    server.script("Camp Ashraf", "429")
    resolver = make_resolver()
    resolver.error_wait_seconds = 0.5
    resolver.resolve(mention("Camp Ashraf"))
    assert 2.0 in clock.sleeps


@pytest.mark.parametrize(("script", "error", "requests"), [
    (("500", "500", "500"), "GeocoderServiceError", 3),
    (("slow", "slow", "slow"), "GeocoderTimedOut", 3),
    (("malformed",), "GeocoderParseError", 1),
    (("404",), "GeocoderServiceError", 1),
])
def test_service_failure_is_recorded_as_an_error_and_the_batch_goes_on(
        chain, server, script, error, requests):
    server.script("Broken Bridge", *script)
    got = resolve_all(chain, "Camp Ashraf", "Broken Bridge", "Nowhere Junction", "Al-Qaim")
    assert [r.place.name if r.place else None for r in got] == [
        "Camp Ashraf", None, None, "Al-Qa'im"]
    broken, nowhere = got[1], got[2]
    assert broken.resolver == "nominatim"
    assert broken.signal == "service error"
    assert broken.error.startswith(f"nominatim: {error}")
    assert nowhere.error is None
    assert nowhere.signal == "no match"
    assert server.count("Broken Bridge") == requests


def test_500_once_then_success(make_resolver, server, clock):
    server.script("Camp Ashraf", "500")
    assert make_resolver().resolve(mention("Camp Ashraf")).place is not None
    assert clock.sleeps.count(5.0) == 1


def test_backoff_doubles(make_resolver, server, clock):
    server.script("Broken Bridge", "500", "500", "500")
    with pytest.raises(Exception, match="500"):
        make_resolver().resolve(mention("Broken Bridge"))
    assert [s for s in clock.sleeps if s >= 5] == [5.0, 10.0]


def test_requests_are_at_least_one_second_apart(chain, server):
    server.script("Camp Ashraf", "429")
    server.script("Broken Bridge", "500", "500", "500")
    resolve_all(chain, "Camp Ashraf", "Broken Bridge", "Nowhere Junction", "Al-Qaim", "Baghdad x")
    times = [r["time"] for r in server.requests]
    assert len(times) == 8
    assert all(b - a >= 1.0 for a, b in pairwise(times))


def test_second_run_is_answered_by_the_cache_with_zero_requests(make_resolver, server,
                                                                 tiny_gazetteer):
    names = ("Camp Ashraf", "Nowhere Junction", "Al-Qaim", "Mosul")
    first = resolve_all(ResolverChain(GazetteerResolver(tiny_gazetteer), [make_resolver()]),
                        *names)
    asked = server.count()
    assert asked == 3  # Mosul is in the gazetteer
    again = resolve_all(ResolverChain(GazetteerResolver(tiny_gazetteer), [make_resolver()]),
                        *names)
    assert server.count() == asked
    assert [r.place for r in again] == [r.place for r in first]
    assert [r.cached for r in again] == [True, True, True, False]
    assert again[0].raw == first[0].raw


def test_spelling_variants_share_a_cache_entry(make_resolver, server):
    resolver = make_resolver()
    resolver.resolve(mention("Camp Ashraf"))
    assert resolver.resolve(mention("camp  ashraf")).cached is True
    assert server.count() == 1


def test_errors_are_not_cached(make_resolver, server):
    server.script("Camp Ashraf", "malformed")
    resolver = make_resolver()
    with pytest.raises(Exception, match="deserialize"):
        resolver.resolve(mention("Camp Ashraf"))
    assert resolver.resolve(mention("Camp Ashraf")).cached is False
    assert server.count() == 2


def test_service_is_left_alone_after_repeated_failures(make_resolver, server):
    resolver = make_resolver(min_delay_seconds=1.0)
    resolver.max_failures, resolver.max_retries = 2, 0
    for name in ("A Town", "B Town"):
        server.script(name, "500")
    for name in ("A Town", "B Town"):
        with pytest.raises(Exception, match="500"):
            resolver.resolve(mention(name))
    with pytest.raises(Exception, match="2 failures in a row"):
        resolver.resolve(mention("Camp Ashraf"))
    assert server.count() == 2


def test_gazetteer_answers_first_and_the_fallback_only_for_misses(chain, server):
    got = resolve_all(chain, "Baghdad", "Camp Ashraf")
    assert [r.resolver for r in got] == ["gazetteer", "nominatim"]
    assert server.count("Baghdad") == 0
    assert server.requests[0]["params"]["countrycodes"] == "iq"


def test_weak_gazetteer_answers_go_to_the_fallback_when_configured(make_resolver, server,
                                                                   tiny_gazetteer):
    gaz = GazetteerResolver(tiny_gazetteer)
    weak = resolve_all(ResolverChain(gaz, [make_resolver()]), "Baghdad")[0]
    assert weak.resolver == "gazetteer"
    assert weak.confidence < 1.0
    got = resolve_all(ResolverChain(gaz, [make_resolver()], fallback_below=1.0), "Baghdad")[0]
    assert got.resolver == "nominatim"
    assert server.count("Baghdad") == 1


def test_weak_gazetteer_answer_stays_when_the_fallback_fails(make_resolver, server,
                                                             tiny_gazetteer):
    server.script("Baghdad", "malformed")
    chain = ResolverChain(GazetteerResolver(tiny_gazetteer), [make_resolver()],
                          fallback_below=1.0)
    got = resolve_all(chain, "Baghdad")[0]
    assert got.resolver == "gazetteer"
    assert got.place.geonameid == 98182
    assert got.error.startswith("nominatim: GeocoderParseError")


def test_demonyms_never_go_online(chain, server):
    chain.resolve_article([Mention("a1", 0, 5, "Iraqi", kind="demonym")])
    chain.resolve_article([Mention("a1", 0, 7, "Martian", kind="demonym")])
    assert server.count() == 0


@pytest.mark.parametrize("agent", [None, "", "   ", "my-application", "geopy/2.4.1",
                                   "geomap/0.1 (you@example.org)", "geomap"])
def test_nominatim_needs_an_identifying_user_agent(agent):
    with pytest.raises(InputError, match="user_agent"):
        nominatim(user_agent=agent)


@pytest.mark.parametrize("agent", ["newsroom-maps/1.0 (maps@newsroom.org)",
                                   "geomap/0.1 (+https://github.com/someone/geomap)"])
def test_identifying_user_agents_are_accepted(agent):
    assert check_user_agent(agent) == agent


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


def test_offline_resolver_answers_from_the_cache(make_resolver, server):
    make_resolver().resolve(mention("Camp Ashraf"))
    offline = nominatim(offline=True, domain=server.domain,
                        cache=GeoCache(make_resolver().cache.path))
    res = offline.resolve(mention("Camp Ashraf"))
    assert res.place.name == "Camp Ashraf"
    assert res.cached is True
    assert offline.resolve(mention("Al-Qaim")) is None
    assert server.count() == 1


def test_unknown_geocoder_lists_the_valid_names():
    with pytest.raises(InputError, match=r"choose one of: .*nominatim.*photon"):
        get_resolver("nominatimm")


def test_a_retry_after_beyond_the_limit_fails_the_query_instead_of_waiting(
        make_resolver, server, clock, monkeypatch):
    monkeypatch.setattr("geomap.geocoders.base.MAX_WAIT", 1.0)
    server.script("Camp Ashraf", "429")
    with pytest.raises(Exception, match="429"):
        make_resolver().resolve(mention("Camp Ashraf"))
    assert server.count() == 1
    assert clock.sleeps == []


def test_control_characters_in_the_user_agent_are_refused():
    with pytest.raises(InputError, match="control characters"):
        check_user_agent("maps/1 (a@b.org)\r\nX-Evil: 1")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_user_agent_check_accepts_or_explains(agent):
    try:
        outcome: str | InputError = check_user_agent(agent)
    except InputError as err:
        outcome = err
    if isinstance(outcome, InputError):
        assert str(outcome).startswith("user_agent: ")
    else:
        assert outcome == agent.strip()
        assert outcome.isprintable()


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["name", "type", "addresstype", "address", "importance",
                                        "class"]),
                       st.none() | st.text() | st.integers() | st.floats() | st.dictionaries(
                           st.text(max_size=12), st.text(max_size=5), max_size=2)),
       st.floats(-90, 90), st.floats(-180, 180))
def test_any_nominatim_raw_reply_becomes_a_valid_place(raw, lat, lon):
    from geomap.geocoders.places import CONFIDENCE_READERS, nominatim_place

    place = nominatim_place({"address": "", "lat": lat, "lon": lon, "raw": raw})
    assert place.name
    assert 0.0 <= CONFIDENCE_READERS["nominatim"]({"raw": raw}) <= 1.0


def test_photon_and_other_services_answers_become_places():
    from geomap.geocoders.places import generic_place, photon_place

    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.6378, 33.6392]},
               "properties": {"name": "Camp Ashraf", "countrycode": "IQ", "osm_key": "landuse",
                              "osm_value": "military", "type": "other"}}
    place = photon_place({"address": "Camp Ashraf, Iraq", "lat": 33.6392, "lon": 44.6378,
                          "raw": feature})
    assert (place.name, place.country_code, place.feature_code) == ("Camp Ashraf", "IQ", "INSM")
    other = generic_place({"address": "Camp Ashraf, Diyala, Iraq", "lat": 33.6, "lon": 44.6,
                           "raw": {}}, service="arcgis")
    assert (other.name, other.source, other.precision) == ("Camp Ashraf", "arcgis", "point")
