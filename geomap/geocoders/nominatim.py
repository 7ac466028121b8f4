"""OpenStreetMap's Nominatim, the default online geocoder, under its usage policy.

The policy asks for an identifying user agent and at most one request per second on the public
server; :func:`nominatim` refuses to build a resolver that would break either. Answers are
OpenStreetMap data, so whatever shows them carries :data:`ATTRIBUTION`.
"""

from __future__ import annotations

from typing import Any

from geomap.errors import InputError
from geomap.geocoders.base import MIN_DELAY_SECONDS, GeopyResolver, adapter_factory
from geomap.geocoders.cache import GeoCache
from geomap.geocoders.common import (
    CANDIDATES,
    DEFAULT_TIMEOUT,
    OSM_ATTRIBUTION,
    check_user_agent,
    clamp,
    osm_kind,
    short_name,
)
from geomap.records import Place

__all__ = ["ATTRIBUTION", "COUNTRY_PARAM", "NOMINATIM_DOMAIN", "OSM_DATA", "confidence",
           "nominatim", "nominatim_place"]

NOMINATIM_DOMAIN = "nominatim.openstreetmap.org"
#: The ``geocode`` argument that restricts the countries searched.
COUNTRY_PARAM = "country_codes"
#: Answers are OpenStreetMap data (ODbL): the map must say so.
OSM_DATA = True
ATTRIBUTION = OSM_ATTRIBUTION


def nominatim_place(answer: dict[str, Any], *, service: str = "nominatim") -> Place:
    """A place from a Nominatim ``/search`` result (``addressdetails=1`` gives the country)."""
    raw = answer.get("raw") or {}
    fclass, fcode = osm_kind(raw.get("addresstype"), raw.get("type"))
    address = raw["address"] if isinstance(raw.get("address"), dict) else {}
    return Place(name=str(raw.get("name") or short_name(answer)), lat=float(answer["lat"]),
                 lon=float(answer["lon"]), feature_class=fclass, feature_code=fcode,
                 country_code=str(address.get("country_code") or "").upper(), source=service)


def confidence(answer: dict[str, Any]) -> float:
    """Nominatim's ``importance``, already in [0, 1]."""
    return clamp((answer.get("raw") or {}).get("importance"))


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
    public = domain.strip().rstrip("/").lower() == NOMINATIM_DOMAIN
    if public and not min_delay_seconds >= 1:  # also refuses NaN, which compares false
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
                         country_param=COUNTRY_PARAM, min_delay_seconds=min_delay_seconds,
                         to_place=nominatim_place, confidence=confidence)
