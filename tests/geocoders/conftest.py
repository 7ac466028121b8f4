"""Fixtures shared by the geocoding tests: a fake clock, the Nominatim stand-in, a resolver.

They serve every test in ``tests/geocoders/``, and no other. The fake clock replaces geopy's
``RateLimiter._clock`` and ``_sleep``, as geopy's own ``test/extra/rate_limiter.py`` does, so
spacing and backoff are checked without sleeping.
"""

from __future__ import annotations

import pytest
from geopy.extra.rate_limiter import RateLimiter

from geomap.geocoders.cache import GeoCache
from geomap.geocoders.nominatim import nominatim
from tests.nominatim_server import USER_AGENT, NominatimServer

TIMEOUT = 0.3


class FakeClock:
    """Time that moves only when something sleeps; every sleep is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)


@pytest.fixture
def clock(monkeypatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(RateLimiter, "_clock", lambda self: fake.time())
    monkeypatch.setattr(RateLimiter, "_sleep", lambda self, seconds: fake.sleep(seconds))
    return fake


@pytest.fixture
def server(clock):
    with NominatimServer(clock=clock.time, slow_seconds=1.0) as srv:
        yield srv


@pytest.fixture
def cache_path(tmp_path):
    return tmp_path / "cache" / "geocode.sqlite"


@pytest.fixture
def make_resolver(server, cache_path):
    """Build Nominatim resolvers on the stand-in, sharing one cache file."""
    def make(**options):
        options = {"user_agent": USER_AGENT, "domain": server.domain, "scheme": "http",
                   "timeout": TIMEOUT, "cache": GeoCache(cache_path), **options}
        return nominatim(**options)
    return make
