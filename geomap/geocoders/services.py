"""Online geocoding behind the local gazetteer: any geopy geocoder, polite, cached, optional.

A village, a checkpoint or a camp the gazetteer does not know goes to an online geocoder chosen
by name (:data:`RESOLVERS`, :func:`get_resolver`), built with geopy's own class and configured
through its constructor. geopy does the HTTP; :class:`~geomap.geocoders.base.GeopyResolver`
adds what every team otherwise writes again and gets wrong: one request per second for the whole
run, retries with backoff on 429/5xx and timeouts only, and a disk cache
(:mod:`geomap.geocoders.cache`) so a second run asks nothing. This module adds the identifying user
agent Nominatim's policy requires. A resolver built with ``offline=True`` answers from the cache
alone and never builds the network geocoder.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from geopy.geocoders import SERVICE_TO_GEOCODER, get_geocoder_for_service

from geomap.errors import InputError
from geomap.geocoders.base import MIN_DELAY_SECONDS, GeopyResolver, adapter_factory
from geomap.geocoders.cache import GeoCache
from geomap.registry import lookup

__all__ = ["RESOLVERS", "GeopyResolver", "adapter_factory", "check_user_agent", "geopy_service",
           "get_resolver", "nominatim", "photon"]

NOMINATIM_DOMAIN = "nominatim.openstreetmap.org"
DEFAULT_TIMEOUT = 10.0
CANDIDATES = 5
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
    if not agent.isprintable():
        raise InputError(f"{agent!r} holds control characters", field="user_agent")
    if agent in _REJECTED_USER_AGENTS or agent.startswith("geopy/") or _SAMPLE.search(agent):
        raise InputError(f"{agent!r} is a sample user agent; {hint}", field="user_agent")
    if not _CONTACT.search(agent):
        raise InputError(f"{agent!r} names no contact (e-mail or URL); {hint}",
                         field="user_agent")
    return agent.strip()


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
    return lookup(RESOLVERS, name, what="geocoder", field="geocoder")
