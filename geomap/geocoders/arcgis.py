"""Esri's ArcGIS World Geocoding Service, through geopy's ``ArcGIS`` class.

ArcGIS scores each answer from 0 to 100; geomap reads that as the answer's confidence. It takes
no country filter that geopy passes on, so the article's countries are not sent. Answers are
Esri's data, under Esri's terms.
"""

from __future__ import annotations

from typing import Any

from geomap.geocoders.base import MIN_DELAY_SECONDS, GeopyResolver
from geomap.geocoders.cache import GeoCache
from geomap.geocoders.common import DEFAULT_TIMEOUT, clamp
from geomap.geocoders.geopy_services import geopy_resolver

__all__ = ["ATTRIBUTION", "COUNTRY_PARAM", "OSM_DATA", "arcgis", "confidence"]

#: ArcGIS takes no country filter through geopy's ``geocode``.
COUNTRY_PARAM = None
OSM_DATA = False
#: Esri asks for "Powered by Esri" where its results are shown.
ATTRIBUTION = "Powered by Esri"


def confidence(answer: dict[str, Any]) -> float:
    """ArcGIS's ``score`` (0–100) scaled to [0, 1]."""
    return clamp((answer.get("raw") or {}).get("score"), 100.0)


def arcgis(*, user_agent: str | None = None, cache: GeoCache | None = None,
           timeout: float = DEFAULT_TIMEOUT, min_delay_seconds: float = MIN_DELAY_SECONDS,
           offline: bool = False, **options: Any) -> GeopyResolver:
    """Esri's ArcGIS geocoder; anonymous use needs no key (``username``/``password`` for more).

    Parameters
    ----------
    user_agent : str, optional
        Sent as the User-Agent; geopy's default when None.
    cache : GeoCache, optional
        The answers cache; None asks every time.
    timeout : float
        Seconds to wait for one reply.
    min_delay_seconds : float
        Least time between requests.
    offline : bool
        Answer from the cache only; the geopy geocoder is not built.
    **options
        ``ArcGIS`` constructor arguments (``username``, ``password``, ``referer``, ``domain``...).

    Raises
    ------
    InputError
        When geopy rejects the options.
    """
    return geopy_resolver("arcgis", user_agent=user_agent, cache=cache, timeout=timeout,
                          min_delay_seconds=min_delay_seconds, offline=offline, options=options,
                          country_param=COUNTRY_PARAM, confidence=confidence)
