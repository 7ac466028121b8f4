"""Any geopy geocoder by its geopy name, for the services geomap has no module of its own for.

The geocoder is geopy's own class (``get_geocoder_for_service``), configured through its
constructor with the options the user gives (``api_key``, ``domain``...). Its answers become
points (:func:`~geomap.geocoders.common.generic_place`) with the neutral confidence, unless a
service module passes its own readers to :func:`geopy_resolver`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from geopy.geocoders import get_geocoder_for_service

from geomap.errors import InputError
from geomap.geocoders.base import MIN_DELAY_SECONDS, GeopyResolver, adapter_factory
from geomap.geocoders.cache import GeoCache
from geomap.geocoders.common import (
    DEFAULT_TIMEOUT,
    OSM_ATTRIBUTION,
    generic_place,
    no_confidence,
)
from geomap.records import Place

__all__ = ["COUNTRY_PARAMS", "OSM_SERVICES", "attribution", "geopy_resolver", "geopy_service"]

#: The ``geocode`` argument that restricts the countries searched, for the services without a
#: module of their own that have one.
COUNTRY_PARAMS = {"pelias": "countries", "geocodeearth": "countries"}
#: Services without a module of their own whose answers are OpenStreetMap data (ODbL).
OSM_SERVICES = frozenset({"openmapquest", "pickpoint", "geocodeearth"})


def attribution(service: str) -> str | None:
    """What a map must credit for ``service``'s answers: OpenStreetMap's for :data:`OSM_SERVICES`,
    else None (the service's terms say; geomap knows no more)."""
    return OSM_ATTRIBUTION if service in OSM_SERVICES else None


def geopy_service(service: str, *, user_agent: str | None = None,
                  cache: GeoCache | None = None, timeout: float = DEFAULT_TIMEOUT,
                  min_delay_seconds: float = MIN_DELAY_SECONDS, offline: bool = False,
                  **options: Any) -> GeopyResolver:
    """Any other geopy geocoder by its geopy name, configured through its own constructor.

    Parameters
    ----------
    service : str
        geopy's name for it (``pelias``, ``bing``, ``mapbox``...).
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
    return geopy_resolver(service, user_agent=user_agent, cache=cache, timeout=timeout,
                          min_delay_seconds=min_delay_seconds, offline=offline, options=options,
                          country_param=COUNTRY_PARAMS.get(service))


def geopy_resolver(service: str, *, user_agent: str | None, cache: GeoCache | None,
                   timeout: float, min_delay_seconds: float, offline: bool,
                   options: Mapping[str, Any], country_param: str | None = None,
                   to_place: Callable[..., Place] = generic_place,
                   confidence: Callable[[dict[str, Any]], float] = no_confidence
                   ) -> GeopyResolver:
    """A resolver around geopy's class for ``service``: what every API-key service module calls.

    Parameters
    ----------
    service : str
        geopy's name for the service.
    user_agent, cache, timeout, min_delay_seconds, offline
        As for :func:`geopy_service`.
    options : mapping
        The geocoder's constructor arguments; a ``domain`` among them is part of the cache key.
    country_param : str, optional
        The ``geocode`` argument that restricts countries.
    to_place, confidence : callable
        The service's answer readers (:class:`~geomap.geocoders.base.GeopyResolver`).

    Raises
    ------
    InputError
        When the user agent holds control characters or geopy rejects the options.
    """
    geocoder = None
    if not offline:
        cls = get_geocoder_for_service(service)
        if user_agent and not user_agent.isprintable():
            raise InputError(f"{user_agent!r} holds control characters", field="user_agent")
        agent = {"user_agent": user_agent} if user_agent else {}
        try:
            geocoder = cls(timeout=timeout, adapter_factory=adapter_factory(), **agent,
                           **options)
        except (TypeError, ValueError) as err:
            raise InputError(f"{service}: {err}", field="geocoder options") from err
    return GeopyResolver(geocoder, name=service, cache=cache,
                         scope={"domain": options.get("domain")} if "domain" in options else {},
                         country_param=country_param, min_delay_seconds=min_delay_seconds,
                         to_place=to_place, confidence=confidence)
