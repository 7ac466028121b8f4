"""GeopyResolver through geopy's real adapter against a local stand-in: errors, retries, pace,
cache. The stand-in speaks Nominatim, so the resolvers are Nominatim's; what is checked is the
base's behaviour, which every service shares."""

from __future__ import annotations

from itertools import pairwise

import pytest

from geomap.geocoders.cache import GeoCache
from geomap.geocoders.nominatim import nominatim
from geomap.records import Mention
from geomap.resolve import GazetteerResolver, ResolverChain
from tests.geocoders.util import mention, resolve_all


@pytest.fixture
def chain(make_resolver, tiny_gazetteer):
    # the focus-country stage off: these tests are about what the geocoder answered
    return ResolverChain(GazetteerResolver(tiny_gazetteer), [make_resolver()],
                         focus_country=False)


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


def test_a_retry_after_beyond_the_limit_fails_the_query_instead_of_waiting(
        make_resolver, server, clock, monkeypatch):
    monkeypatch.setattr("geomap.geocoders.base.MAX_WAIT", 1.0)
    server.script("Camp Ashraf", "429")
    with pytest.raises(Exception, match="429"):
        make_resolver().resolve(mention("Camp Ashraf"))
    assert server.count() == 1
    assert clock.sleeps == []


def test_offline_resolver_answers_from_the_cache(make_resolver, server):
    make_resolver().resolve(mention("Camp Ashraf"))
    offline = nominatim(offline=True, domain=server.domain,
                        cache=GeoCache(make_resolver().cache.path))
    res = offline.resolve(mention("Camp Ashraf"))
    assert res.place.name == "Camp Ashraf"
    assert res.cached is True
    assert offline.resolve(mention("Al-Qaim")) is None
    assert server.count() == 1
