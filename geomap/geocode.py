"""Online geocoding behind the local gazetteer: any geopy geocoder, polite, cached, optional.

A village, a checkpoint or a camp the gazetteer does not know goes to an online geocoder chosen
by name (:data:`RESOLVERS`, :func:`get_resolver`). geopy does the HTTP; geomap adds what every
team otherwise writes again and gets wrong: an identifying user agent, one request per second
for the whole run (geopy's ``RateLimiter`` with ``swallow_exceptions=False``, so a failure is
never mistaken for "no match"), retries with backoff on 429/5xx and timeouts only, and a disk
cache (:mod:`geomap.geocache`) so a second run asks nothing. A resolver built with
``offline=True`` answers from that cache alone and never builds the network geocoder.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from geopy.exc import (
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
)
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import SERVICE_TO_GEOCODER, get_geocoder_for_service

from geomap.errors import InputError
from geomap.geocache import GeoCache
from geomap.geocode_places import CONFIDENCE_READERS, PLACE_READERS, generic_place
from geomap.records import Candidate, Mention, Resolution

__all__ = ["RESOLVERS", "GeopyResolver", "adapter_factory", "check_user_agent", "geopy_service",
           "get_resolver", "nominatim", "photon"]

logger = logging.getLogger(__name__)

NOMINATIM_DOMAIN = "nominatim.openstreetmap.org"
DEFAULT_TIMEOUT = 10.0
MIN_DELAY_SECONDS = 1.0
MAX_RETRIES = 2
ERROR_WAIT_SECONDS = 5.0
MAX_FAILURES = 5
CANDIDATES = 5
#: Errors worth asking again after a pause: 429, timeouts/503/504, and geopy's bare
#: GeocoderServiceError, which is what 500 and the other 5xx become. 4xx and bad JSON are not.
RETRYABLE = (GeocoderRateLimited, GeocoderTimedOut, GeocoderUnavailable)
#: The ``geocode`` argument that restricts the countries searched, per service.
COUNTRY_PARAMS = {"nominatim": "country_codes", "opencage": "country",
                  "pelias": "countries", "geocodeearth": "countries"}
try:
    from geopy.geocoders.nominatim import _REJECTED_USER_AGENTS
except ImportError:  # pragma: no cover - a private name of geopy
    _REJECTED_USER_AGENTS = ("my-application", "my_app/1", "my_user_agent/1.0",
                             "specify_your_app_name_here")
SAMPLE_USER_AGENT = "geomap/0.1 (you@example.org)"
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|https?://\S+|\b[\w-]+\.[a-z]{2,}\b", re.I)
_SAMPLE = re.compile(r"example\.(org|com|net)|you@|your[-_.]", re.I)


def check_user_agent(agent: str | None, *, service: str = "nominatim") -> str:
    """Return ``agent`` when it identifies the application and a contact, as OSM policy asks.

    Examples
    --------
    >>> check_user_agent("geomap/0.1 (newsroom-maps@cij.org)")
    'geomap/0.1 (newsroom-maps@cij.org)'

    Raises
    ------
    InputError
        When the agent is missing, one of geopy's or geomap's samples, or names no contact.
    """
    hint = ("set --user-agent, GEOMAP_USER_AGENT or user_agent in the config file to "
            "'APP/VERSION (CONTACT)' with your own e-mail or URL")
    if not agent or not agent.strip():
        raise InputError(f"{service} requires an identifying user agent; {hint}",
                         field="user_agent")
    if agent in _REJECTED_USER_AGENTS or agent.startswith("geopy/") or _SAMPLE.search(agent):
        raise InputError(f"{agent!r} is a sample user agent; {hint}", field="user_agent")
    if not _CONTACT.search(agent):
        raise InputError(f"{agent!r} names no contact (e-mail or URL); {hint}",
                         field="user_agent")
    return agent.strip()


class GeopyResolver:
    """Ask one geopy geocoder for the mentions the gazetteer could not place.

    ``resolve`` returns a :class:`~geomap.records.Resolution` with a place, or with
    ``place=None`` and signal ``"no match"`` when the service found nothing; it returns None only
    when nothing could be said (offline and not cached). A service failure raises geopy's
    ``GeocoderServiceError`` after the retries, for :class:`~geomap.resolve.ResolverChain` to
    record; after ``max_failures`` failures in a row the service is not asked again this run.

    Parameters
    ----------
    geocoder : geopy.geocoders.base.Geocoder or None
        A configured geopy geocoder; None answers from the cache only and never asks.
    name : str
        The service name recorded in each resolution and in the cache key.
    cache : GeoCache, optional
        Where answers and "no match" are kept between runs; None keeps nothing.
    scope : mapping, optional
        Settings that change the answers (the server's domain); part of the cache key.
    query_options : mapping, optional
        Extra ``geocode`` arguments (``exactly_one=False``, ``limit``, ``addressdetails``).
    country_param : str, optional
        The ``geocode`` argument that restricts countries; None ignores the article's countries.
    min_delay_seconds : float
        Least time between two requests of this resolver: 1 for Nominatim's policy.
    max_retries : int
        Retries of a 429, 5xx or timed-out request.
    error_wait_seconds : float
        Pause before the first retry; it doubles each retry, and a 429's Retry-After wins.
    max_failures : int
        Failed queries in a row after which the service is no longer asked.
    """

    def __init__(self, geocoder: Any, *, name: str, cache: GeoCache | None = None,
                 scope: Mapping[str, Any] | None = None,
                 query_options: Mapping[str, Any] | None = None, country_param: str | None = None,
                 min_delay_seconds: float = MIN_DELAY_SECONDS, max_retries: int = MAX_RETRIES,
                 error_wait_seconds: float = ERROR_WAIT_SECONDS,
                 max_failures: int = MAX_FAILURES) -> None:
        self.geocoder, self.name, self.cache = geocoder, name, cache
        self.scope = dict(scope or {})
        self.query_options = dict(query_options or {"exactly_one": False})
        self.country_param = country_param
        self.max_retries, self.error_wait_seconds = max_retries, error_wait_seconds
        self.max_failures, self.failures = max_failures, 0
        self.limiter = RateLimiter(geocoder.geocode if geocoder else _never_asked,
                                   min_delay_seconds=min_delay_seconds, max_retries=0,
                                   error_wait_seconds=min_delay_seconds,
                                   swallow_exceptions=False)
        self.to_place = PLACE_READERS.get(name, generic_place)
        self.confidence = CONFIDENCE_READERS.get(name, lambda answer: 0.5)

    def resolve(self, mention: Mention, *, country: str | None = None) -> Resolution | None:
        """The service's first answer for the mention's text, with the others as candidates."""
        found = self.lookup(mention.text, country=country)
        if found is None:
            return None
        answers, cached = found
        if not answers:
            return Resolution(mention, None, self.name, signal="no match", cached=cached)
        candidates = tuple(Candidate(self.to_place(a, service=self.name),
                                     round(self.confidence(a), 3), f"{self.name} rank {rank}")
                           for rank, a in enumerate(answers, start=1))
        best = candidates[0]
        return Resolution(mention, best.place, self.name, best.score, candidates,
                          f"{self.name} first answer", cached=cached, raw=answers[0].get("raw"))

    def lookup(self, query: str, *, country: str | None = None
               ) -> tuple[list[dict[str, Any]], bool] | None:
        """(answers, from_cache) for a query; None when offline and not cached."""
        options = self._options(country)
        key = {**self.scope, **options}
        if self.cache is not None:
            stored = self.cache.get(self.name, query, key)
            if stored is not None:
                return stored, True
        if self.geocoder is None:
            return None
        found = self._ask(query, options)
        answers = [_answer(loc) for loc in _as_list(found)]
        if self.cache is not None:
            self.cache.put(self.name, query, key, answers)
        return answers, False

    def _options(self, country: str | None) -> dict[str, Any]:
        options = dict(self.query_options)
        if country and self.country_param:
            options[self.country_param] = [c.strip().lower() for c in country.split(",")
                                           if c.strip()]
        return options

    def _ask(self, query: str, options: Mapping[str, Any]) -> Any:
        """One query through the rate limiter, retrying 429/5xx/timeouts with backoff."""
        if self.failures >= self.max_failures:
            raise GeocoderUnavailable(f"{self.name} not asked: {self.failures} failures in a row")
        for attempt in range(self.max_retries + 1):
            try:
                found = self.limiter(query, **options)
            except GeocoderServiceError as err:
                if attempt == self.max_retries or not _retryable(err):
                    self.failures += 1
                    raise
                wait = max(self.error_wait_seconds * 2 ** attempt,
                           getattr(err, "retry_after", None) or 0)
                logger.warning("%s: %s; retrying %r in %.0f s", self.name, err, query, wait)
                self.limiter._sleep(wait)
            else:
                self.failures = 0
                return found
        raise AssertionError("unreachable")  # pragma: no cover


def adapter_factory() -> Callable[..., Any] | None:
    """geopy's requests adapter without urllib3's own retries, else geopy's default.

    urllib3 silently repeats read timeouts and honours a 429's Retry-After by itself, outside
    the rate limiter: the service would see more than one request per second. geomap's retries
    go through the limiter instead.
    """
    from geopy.adapters import RequestsAdapter

    if not RequestsAdapter.is_available:  # pragma: no cover - requests is not installed
        return None
    return partial(RequestsAdapter, max_retries=0)


def _never_asked(*args: Any, **kwargs: Any) -> Any:  # pragma: no cover - guarded by lookup
    raise GeocoderUnavailable("offline: no geocoder was built")


def _retryable(err: GeocoderServiceError) -> bool:
    return isinstance(err, RETRYABLE) or type(err) is GeocoderServiceError


def _as_list(found: Any) -> list[Any]:
    if found is None:
        return []
    return list(found) if isinstance(found, list) else [found]


def _answer(location: Any) -> dict[str, Any]:
    """What the cache keeps of a geopy ``Location``: enough to rebuild the place offline."""
    return {"address": location.address, "lat": location.latitude, "lon": location.longitude,
            "raw": location.raw}


def nominatim(*, user_agent: str | None = None, cache: GeoCache | None = None,
              domain: str = NOMINATIM_DOMAIN, scheme: str = "https",
              timeout: float = DEFAULT_TIMEOUT, min_delay_seconds: float = MIN_DELAY_SECONDS,
              limit: int = CANDIDATES, offline: bool = False) -> GeopyResolver:
    """OpenStreetMap's Nominatim under its usage policy: the default fallback.

    Parameters
    ----------
    user_agent : str
        Identifies your application and a contact (:func:`check_user_agent`); required.
    cache : GeoCache, optional
        The answers cache; None asks every time.
    domain, scheme : str
        The Nominatim server; point them at your own instance (or a test server).
    timeout : float
        Seconds to wait for one reply.
    min_delay_seconds : float
        Least time between requests; the public server allows no less than 1.
    limit : int
        How many candidates to ask for.
    offline : bool
        Answer from the cache only; the geopy geocoder is not built.

    Raises
    ------
    InputError
        For a missing or sample user agent, or a delay under 1 s on the public server.
    """
    if domain == NOMINATIM_DOMAIN and min_delay_seconds < 1:
        raise InputError("the public Nominatim allows at most one request per second",
                         field="min_delay_seconds")
    geocoder = None
    if not offline:
        from geopy.geocoders import Nominatim
        geocoder = Nominatim(user_agent=check_user_agent(user_agent), domain=domain,
                             scheme=scheme, timeout=timeout, adapter_factory=adapter_factory())
    return GeopyResolver(geocoder, name="nominatim", cache=cache, scope={"domain": domain},
                         query_options={"exactly_one": False, "limit": limit,
                                        "addressdetails": True},
                         country_param="country_codes", min_delay_seconds=min_delay_seconds)


def photon(*, user_agent: str | None = None, cache: GeoCache | None = None,
           domain: str = "photon.komoot.io", scheme: str = "https",
           timeout: float = DEFAULT_TIMEOUT, min_delay_seconds: float = MIN_DELAY_SECONDS,
           limit: int = CANDIDATES, offline: bool = False) -> GeopyResolver:
    """Komoot's Photon (OpenStreetMap data, fair use): no country filter, so none is sent.

    Parameters
    ----------
    user_agent : str
        Identifies your application and a contact (:func:`check_user_agent`); required.
    cache : GeoCache, optional
        The answers cache; None asks every time.
    domain, scheme : str
        The Photon server.
    timeout : float
        Seconds to wait for one reply.
    min_delay_seconds : float
        Least time between requests.
    limit : int
        How many candidates to ask for.
    offline : bool
        Answer from the cache only; the geopy geocoder is not built.

    Raises
    ------
    InputError
        For a missing or sample user agent.
    """
    geocoder = None
    if not offline:
        from geopy.geocoders import Photon
        geocoder = Photon(user_agent=check_user_agent(user_agent, service="photon"),
                          domain=domain, scheme=scheme, timeout=timeout,
                          adapter_factory=adapter_factory())
    return GeopyResolver(geocoder, name="photon", cache=cache, scope={"domain": domain},
                         query_options={"exactly_one": False, "limit": limit},
                         min_delay_seconds=min_delay_seconds)


def geopy_service(service: str, *, user_agent: str | None = None,
                  cache: GeoCache | None = None, timeout: float = DEFAULT_TIMEOUT,
                  min_delay_seconds: float = MIN_DELAY_SECONDS, offline: bool = False,
                  **options: Any) -> GeopyResolver:
    """Any other geopy geocoder by its geopy name, configured through its own constructor.

    Parameters
    ----------
    service : str
        geopy's name for it (``arcgis``, ``opencage``, ``pelias``...).
    user_agent : str, optional
        Sent as the User-Agent; geopy's default when None.
    cache : GeoCache, optional
        The answers cache; None asks every time.
    timeout : float
        Seconds to wait for one reply.
    min_delay_seconds : float
        Least time between requests; check the service's terms.
    offline : bool
        Answer from the cache only; the geopy geocoder is not built.
    **options
        The geocoder's constructor arguments (``api_key``, ``domain``, ``scheme``...).

    Raises
    ------
    InputError
        When geopy rejects the options (a missing API key, an unknown argument).
    """
    geocoder = None
    if not offline:
        cls = get_geocoder_for_service(service)
        agent = {"user_agent": user_agent} if user_agent else {}
        try:
            geocoder = cls(timeout=timeout, adapter_factory=adapter_factory(), **agent,
                           **options)
        except (TypeError, ValueError) as err:
            raise InputError(f"{service}: {err}", field="geocoder options") from err
    return GeopyResolver(geocoder, name=service, cache=cache,
                         scope={"domain": options.get("domain")} if "domain" in options else {},
                         country_param=COUNTRY_PARAMS.get(service),
                         min_delay_seconds=min_delay_seconds)


#: Resolver factories by name; ``--geocoder`` takes its choices from here.
RESOLVERS: dict[str, Callable[..., GeopyResolver]] = {
    **{name: partial(geopy_service, name) for name in sorted(SERVICE_TO_GEOCODER)},
    "nominatim": nominatim, "photon": photon}


def get_resolver(name: str) -> Callable[..., GeopyResolver]:
    """The factory registered under ``name`` (case-insensitive).

    Raises
    ------
    InputError
        Listing the valid names when ``name`` is not one of them.
    """
    try:
        return RESOLVERS[name.lower()]
    except KeyError:
        raise InputError(f"unknown geocoder {name!r}; choose one of: "
                         f"{', '.join(sorted(RESOLVERS))}", field="geocoder") from None
