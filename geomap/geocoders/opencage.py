"""OpenCage, through geopy's ``OpenCage`` class: needs an ``api_key``.

OpenCage rates each answer's precision from 0 to 10; geomap reads that as the answer's
confidence. It filters by country through ``country``, so the article's countries are sent.
"""

from __future__ import annotations

from typing import Any

from geomap.geocoders.base import MIN_DELAY_SECONDS, GeopyResolver
from geomap.geocoders.cache import GeoCache
from geomap.geocoders.common import DEFAULT_TIMEOUT, clamp
from geomap.geocoders.geopy_services import geopy_resolver

__all__ = ["ATTRIBUTION", "COUNTRY_PARAM", "OSM_DATA", "confidence", "opencage"]

#: The ``geocode`` argument that restricts the countries searched.
COUNTRY_PARAM = "country"
OSM_DATA = False
#: OpenCage builds on open data (much of it OpenStreetMap); its terms say what to credit.
ATTRIBUTION = "Geocoding by OpenCage (opencagedata.com)"


def confidence(answer: dict[str, Any]) -> float:
    """OpenCage's ``confidence`` (0–10) scaled to [0, 1]."""
    return clamp((answer.get("raw") or {}).get("confidence"), 10.0)


def opencage(*, user_agent: str | None = None, cache: GeoCache | None = None,
             timeout: float = DEFAULT_TIMEOUT, min_delay_seconds: float = MIN_DELAY_SECONDS,
             offline: bool = False, **options: Any) -> GeopyResolver:
    """OpenCage's geocoder; ``api_key`` is required when it is asked.

    Parameters
    ----------
    user_agent : str, optional
        Sent as the User-Agent; geopy's default when None.
    cache : GeoCache, optional
        The answers cache; None asks every time.
    timeout : float
        Seconds to wait for one reply.
    min_delay_seconds : float
        Least time between requests; the free plan allows one per second.
    offline : bool
        Answer from the cache only; the geopy geocoder is not built.
    **options
        ``OpenCage`` constructor arguments (``api_key``, ``domain``, ``scheme``...).

    Raises
    ------
    InputError
        When geopy rejects the options (no ``api_key``).
    """
    return geopy_resolver("opencage", user_agent=user_agent, cache=cache, timeout=timeout,
                          min_delay_seconds=min_delay_seconds, offline=offline, options=options,
                          country_param=COUNTRY_PARAM, confidence=confidence)
