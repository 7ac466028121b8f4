"""Komoot's Photon: OpenStreetMap data under a fair-use policy, answered as GeoJSON features.

Photon takes no country filter, so the article's countries are not sent; it does not say how
sure it is, so every answer has the neutral confidence.
"""

from __future__ import annotations

from typing import Any

from geomap.geocoders.base import MIN_DELAY_SECONDS, GeopyResolver, adapter_factory
from geomap.geocoders.cache import GeoCache
from geomap.geocoders.common import (
    CANDIDATES,
    DEFAULT_TIMEOUT,
    OSM_ATTRIBUTION,
    check_user_agent,
    no_confidence,
    osm_kind,
    short_name,
)
from geomap.records import Place

__all__ = ["ATTRIBUTION", "COUNTRY_PARAM", "OSM_DATA", "confidence", "photon", "photon_place"]

PHOTON_DOMAIN = "photon.komoot.io"
#: Photon has no country filter.
COUNTRY_PARAM = None
#: Answers are OpenStreetMap data (ODbL): the map must say so.
OSM_DATA = True
ATTRIBUTION = OSM_ATTRIBUTION
confidence = no_confidence


def photon_place(answer: dict[str, Any], *, service: str = "photon") -> Place:
    """A place from a Photon GeoJSON feature."""
    props = (answer.get("raw") or {}).get("properties") or {}
    fclass, fcode = osm_kind(props.get("type"), props.get("osm_value"))
    return Place(name=str(props.get("name") or short_name(answer)), lat=float(answer["lat"]),
                 lon=float(answer["lon"]), feature_class=fclass, feature_code=fcode,
                 country_code=str(props.get("countrycode") or "").upper(), source=service)


def photon(*, user_agent: str | None = None, cache: GeoCache | None = None,
           domain: str = PHOTON_DOMAIN, scheme: str = "https",
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
                         min_delay_seconds=min_delay_seconds, to_place=photon_place,
                         confidence=confidence)
