"""Online geocoders behind the gazetteer, through geopy: polite, cached, optional.

The layout is geopy's: :mod:`.base` owns what every service shares (:class:`GeopyResolver`:
rate limit, retries, the :mod:`.cache`); one module per service owns its factory, how it reads
an answer into a place, how sure the answer is, its country parameter and its attribution
(:mod:`.nominatim`, :mod:`.photon`, :mod:`.arcgis`, :mod:`.opencage`); :mod:`.geopy_services`
builds any other geopy service by name; :mod:`.fallbacks` builds a run's resolvers from the
settings.

This module is the registry, and imports neither geopy nor a service module: ``--geocoder``
takes its choices from :data:`NAMES`, and :func:`get_resolver` imports a service's module only
when it is asked for. **To add a geocoder**, write ``geocoders/<service>.py`` with its factory
(keyword-only options, ``offline``, numpydoc Parameters and Raises), ``COUNTRY_PARAM``,
``OSM_DATA`` and ``ATTRIBUTION``, and add one line to :data:`SERVICES`; the contract tests in
``tests/geocoders/test_contract.py`` then check it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import partial
from importlib import import_module
from typing import TYPE_CHECKING, Any

from geomap.registry import lookup

if TYPE_CHECKING:
    from geomap.geocoders.base import GeopyResolver

__all__ = ["GEOPY_SERVICE_NAMES", "NAMES", "RESOLVERS", "SERVICES", "attribution",
           "get_resolver", "osm_data"]

#: Services with a module of their own: name → ``"module:factory"``. Add new ones here.
SERVICES: dict[str, str] = {
    "nominatim": "geomap.geocoders.nominatim:nominatim",
    "photon": "geomap.geocoders.photon:photon",
    "arcgis": "geomap.geocoders.arcgis:arcgis",
    "opencage": "geomap.geocoders.opencage:opencage",
}
#: Every other geopy service goes through this factory, given its name.
GENERIC = "geomap.geocoders.geopy_services:geopy_service"
#: geopy's service names (the keys of ``geopy.geocoders.SERVICE_TO_GEOCODER``), kept here so
#: the CLI lists them without importing geopy; a test checks they equal geopy's.
GEOPY_SERVICE_NAMES = (
    "arcgis", "azure", "baidu", "baiduv3", "banfrance", "bing", "databc", "geocodeearth",
    "geocodio", "geokeo", "geonames", "google", "googlev3", "geolake", "here", "herev7",
    "ignfrance", "mapbox", "mapquest", "maptiler", "nominatim", "opencage", "openmapquest",
    "pickpoint", "pelias", "photon", "liveaddress", "tomtom", "what3words", "what3wordsv3",
    "woosmap", "yandex")
#: Every name :func:`get_resolver` knows, sorted.
NAMES = tuple(sorted({*GEOPY_SERVICE_NAMES, *SERVICES}))


class _Registry(Mapping[str, Callable[..., "GeopyResolver"]]):
    """Name → factory, importing a service's module the first time its factory is looked up."""

    def __init__(self) -> None:
        self._loaded: dict[str, Callable[..., GeopyResolver]] = {}

    def __getitem__(self, name: str) -> Callable[..., GeopyResolver]:
        if name not in self._loaded:
            if name not in NAMES:
                raise KeyError(name)
            factory = _load(SERVICES.get(name, GENERIC))
            self._loaded[name] = factory if name in SERVICES else partial(factory, name)
        return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(NAMES)

    def __len__(self) -> int:
        return len(NAMES)


#: Resolver factories by name, loaded on first use.
RESOLVERS: Mapping[str, Callable[..., GeopyResolver]] = _Registry()


def get_resolver(name: str) -> Callable[..., GeopyResolver]:
    """The factory registered under ``name`` (case-insensitive), its module imported now.

    Examples
    --------
    >>> get_resolver("nominatim")(offline=True).name
    'nominatim'

    Raises
    ------
    InputError
        Listing the valid names when ``name`` is not one of them.
    """
    return lookup(RESOLVERS, name, what="geocoder", field="geocoder")


def osm_data(name: str) -> bool:
    """Whether ``name``'s answers are OpenStreetMap data, which a map must credit (ODbL).

    >>> osm_data("photon"), osm_data("arcgis")
    (True, False)

    Raises
    ------
    InputError
        Listing the valid names when ``name`` is not one of them.
    """
    key, module = _module(name)
    return bool(module.OSM_DATA) if key in SERVICES else key in module.OSM_SERVICES


def attribution(name: str) -> str | None:
    """The credit a map showing ``name``'s answers must carry; None when geomap knows none.

    Raises
    ------
    InputError
        Listing the valid names when ``name`` is not one of them.
    """
    key, module = _module(name)
    return module.ATTRIBUTION if key in SERVICES else module.attribution(key)


def _module(name: str) -> tuple[str, Any]:
    """The lower-cased name and the module that knows about it (its own, or the generic one)."""
    key = name.lower()
    lookup(RESOLVERS, key, what="geocoder", field="geocoder")
    return key, import_module(SERVICES.get(key, GENERIC).partition(":")[0])


def _load(target: str) -> Callable[..., Any]:
    module, _, attr = target.partition(":")
    return getattr(import_module(module), attr)
