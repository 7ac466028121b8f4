"""The resolver that asks a geopy geocoder: rate-limited, retried with backoff, cached.

geopy does the HTTP. This module adds the manners: one request per ``min_delay_seconds`` through
geopy's ``RateLimiter`` (``swallow_exceptions=False``, so a failure is never mistaken for "no
match"), retries with doubling pauses on 429, 5xx and timeouts only, a stop after repeated
failures, and the answers cache. Built with ``geocoder=None`` it answers from the cache alone.
How an answer becomes a place, and how sure it is, the service's own module says (``to_place``,
``confidence``); this base knows no service.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from geopy.exc import (
    GeocoderParseError,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
)
from geopy.extra.rate_limiter import RateLimiter

from geomap.errors import InputError
from geomap.geocoders.cache import MAX_ANSWER_BYTES, GeoCache
from geomap.geocoders.common import generic_place, no_confidence
from geomap.records import Candidate, Mention, Place, Resolution

__all__ = ["MIN_DELAY_SECONDS", "GeopyResolver", "adapter_factory"]

logger = logging.getLogger(__name__)

MIN_DELAY_SECONDS = 1.0
MAX_RETRIES = 2
ERROR_WAIT_SECONDS = 5.0
MAX_FAILURES = 5
#: A Retry-After longer than this is not waited for: the query is recorded as failed.
MAX_WAIT = 120.0
#: Errors worth asking again after a pause: 429, timeouts/503/504, and geopy's bare
#: GeocoderServiceError, which is what 500 and the other 5xx become. 4xx and bad JSON are not.
RETRYABLE = (GeocoderRateLimited, GeocoderTimedOut, GeocoderUnavailable)


class GeopyResolver:
    """Ask one geopy geocoder for the mentions the gazetteer could not place.

    ``resolve`` returns a :class:`~geomap.records.Resolution` with a place, or with
    ``place=None`` and signal ``"no match"`` when the service found nothing; it returns None only
    when nothing could be said (offline and not cached). A service failure raises geopy's
    ``GeocoderServiceError`` after the retries, for :class:`~geomap.resolve.chain.ResolverChain` to
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
    to_place : callable, optional
        ``to_place(answer, *, service)`` reads one cached answer into a
        :class:`~geomap.records.Place`; default :func:`~geomap.geocoders.common.generic_place`.
    confidence : callable, optional
        ``confidence(answer)`` in [0, 1]; default 0.5 for every answer.
    min_delay_seconds : float
        Least time between two requests of this resolver: 1 for Nominatim's policy.
    max_retries : int
        Retries of a 429, 5xx or timed-out request.
    error_wait_seconds : float
        Pause before the first retry; it doubles each retry, and a 429's Retry-After wins
        (up to :data:`MAX_WAIT`; a longer one fails the query).
    max_failures : int
        Failed queries in a row after which the service is no longer asked.
    """

    def __init__(self, geocoder: Any, *, name: str, cache: GeoCache | None = None,
                 scope: Mapping[str, Any] | None = None,
                 query_options: Mapping[str, Any] | None = None, country_param: str | None = None,
                 to_place: Callable[..., Place] = generic_place,
                 confidence: Callable[[dict[str, Any]], float] = no_confidence,
                 min_delay_seconds: float = MIN_DELAY_SECONDS, max_retries: int = MAX_RETRIES,
                 error_wait_seconds: float = ERROR_WAIT_SECONDS,
                 max_failures: int = MAX_FAILURES) -> None:
        # RateLimiter asserts on these; a bad value is the user's, said in one line
        for label, value in (("min_delay_seconds", min_delay_seconds),
                             ("error_wait_seconds", error_wait_seconds)):
            if not (isinstance(value, (int, float)) and math.isfinite(value) and value >= 0):
                raise InputError(f"expected a number of seconds ≥ 0, got {value!r}", field=label)
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
        self.to_place, self.confidence = to_place, confidence

    def resolve(self, mention: Mention, *, country: str | None = None) -> Resolution | None:
        """The service's first answer for the mention's text, with the others as candidates."""
        found = self.lookup(mention.text, country=country)
        if found is None:
            return None
        answers, cached = found
        if not answers:
            return Resolution(mention, None, self.name, signal="no match", cached=cached)
        candidates = tuple(c for rank, a in enumerate(answers, start=1)
                           if (c := self._candidate(a, rank)) is not None)
        if not candidates:
            return Resolution(mention, None, self.name, signal="no usable answer", cached=cached)
        best = candidates[0]
        return Resolution(mention, best.place, self.name, best.score, candidates,
                          f"{self.name} first answer", cached=cached, raw=answers[0].get("raw"))

    def _candidate(self, answer: dict[str, Any], rank: int) -> Candidate | None:
        """The answer as a candidate; None when the service's reply cannot be a place."""
        try:
            place = self.to_place(answer, service=self.name)
            # max(0.0, nan) is 0.0: a NaN confidence counts as none
            score = min(1.0, max(0.0, float(self.confidence(answer))))
        except (TypeError, ValueError, KeyError, AttributeError) as err:
            logger.warning("%s: unusable answer %r: %s", self.name, answer.get("address"), err)
            return None
        return Candidate(place, round(score, 3), f"{self.name} rank {rank}")

    def lookup(self, query: str, *, country: str | None = None
               ) -> tuple[list[dict[str, Any]], bool] | None:
        """(answers, from_cache) for a query; None when offline and not cached."""
        options = self._options(country)
        key = {**self.scope, **options}
        if self.cache is not None:
            stored = self.cache.get(self.name, query, key)
            if stored is not None:  # written by an older geomap, perhaps: checked again
                return [a for a in map(_checked, stored) if a is not None], True
        if self.geocoder is None:
            return None
        found = _as_list(self._ask(query, options))
        answers = [a for a in map(_answer, found) if a is not None]
        if found and not answers:  # replies, none of them a place: a service error, not kept
            raise GeocoderParseError(f"{self.name}: no usable answer for {query!r}")
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
                found = _parsed(self.limiter, query, options)
            except GeocoderServiceError as err:
                wait = max(self.error_wait_seconds * 2 ** attempt,
                           getattr(err, "retry_after", None) or 0)
                if attempt == self.max_retries or not _retryable(err) or wait > MAX_WAIT:
                    self.failures += 1
                    raise
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
    """429, timeouts and 5xx; not the other 4xx that geopy also reports as a bare error."""
    if isinstance(err, RETRYABLE):
        return True
    status = getattr(err.__cause__, "status_code", None)
    return type(err) is GeocoderServiceError and (status is None or status >= 500)


def _as_list(found: Any) -> list[Any]:
    if found is None:
        return []
    return list(found) if isinstance(found, list) else [found]


def _parsed(limiter: Callable[..., Any], query: str, options: Mapping[str, Any]) -> Any:
    """The geocoder's answer; a reply geopy cannot read (a bare string, deep nesting) is a
    service error like any other, never a crash of the run."""
    try:
        return limiter(query, **options)
    except GeocoderServiceError:
        raise
    except (TypeError, ValueError, KeyError, AttributeError, IndexError, RecursionError) as err:
        raise GeocoderParseError(f"unreadable reply: {type(err).__name__}: {err}") from err


def _answer(location: Any) -> dict[str, Any] | None:
    """What the cache keeps of a geopy ``Location``: enough to rebuild the place offline;
    None for an answer no place can be made of."""
    try:
        answer = {"address": location.address, "lat": location.latitude,
                  "lon": location.longitude, "raw": location.raw}
    except (AttributeError, TypeError, ValueError):
        return None
    return _checked(answer)


def _checked(answer: Any) -> dict[str, Any] | None:
    """``answer`` when its point is two finite numbers on the globe, not (0, 0), and its parts
    have the shapes and sizes the readers expect; None otherwise (neither cached nor placed)."""
    if not isinstance(answer, dict):
        return None
    try:
        lat, lon = float(answer["lat"]), float(answer["lon"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):  # also false for NaN
        return None
    if lat == 0 and lon == 0:
        # geopy turns a reply without lat/lon into the point (0, 0), "Null Island", open sea
        # in the Gulf of Guinea that no geocoder answers for a place in the news
        return None
    raw = answer.get("raw")
    address = answer.get("address")
    try:
        size = len(json.dumps([address, raw], ensure_ascii=False, default=str))
    except (RecursionError, ValueError):
        return None
    if size > MAX_ANSWER_BYTES:
        return None  # an answer the size of a file is no place; it would bloat the cache
    return {"address": address if isinstance(address, str) else "", "lat": lat, "lon": lon,
            "raw": raw if isinstance(raw, dict) else {}}
