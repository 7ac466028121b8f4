"""The online fallbacks of a run, built from the settings: none offline, unless a cache answers.

:mod:`geomap.settings` says which geocoder, with which options; this module turns that into
:class:`~geomap.geocoders.base.GeopyResolver` objects, importing the chosen service's module only
here, so reading settings never imports geopy.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from geomap.errors import InputError

if TYPE_CHECKING:
    from geomap.geocoders.base import GeopyResolver

__all__ = ["GeocoderChoice", "build_fallbacks"]


class GeocoderChoice(Protocol):
    """What a run's settings say about geocoding (:class:`geomap.settings.Settings` has it)."""

    @property
    def geocoder(self) -> str: ...

    @property
    def user_agent(self) -> str | None: ...

    @property
    def cache(self) -> Path | None: ...

    @property
    def cache_given(self) -> bool: ...

    @property
    def geocoder_options(self) -> Mapping[str, Any]: ...


def build_fallbacks(settings: GeocoderChoice, *, offline: bool) -> list[GeopyResolver]:
    """The fallback resolvers for a run: none offline, unless a cache was named to answer.

    Offline, the network geocoder is never built: with ``--cache`` (or a cache in the config
    file) the fallback answers from that cache alone; without one there is no fallback.

    Parameters
    ----------
    settings : GeocoderChoice
        The geocoder, user agent, cache and geocoder options to use.
    offline : bool
        Ask no service; only a named cache answers.

    Raises
    ------
    InputError
        For an unknown geocoder, a missing or sample user agent, or options geopy rejects.
    """
    if settings.geocoder == "none" or (offline and not settings.cache_given):
        return []  # and geopy, with requests and asyncio, is never imported
    from geomap.geocoders import get_resolver
    from geomap.geocoders.cache import GeoCache

    factory = get_resolver(settings.geocoder)
    cache = GeoCache(settings.cache)
    if offline and not cache.path.is_file():
        return []
    try:
        return [factory(user_agent=settings.user_agent, cache=cache, offline=offline,
                        **settings.geocoder_options)]
    except InputError:
        raise
    except (TypeError, ValueError) as err:  # geopy's ConfigurationError is a ValueError
        raise InputError(f"{settings.geocoder}: {err}", field="geocoder options") from err
