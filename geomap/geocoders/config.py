"""Geocoding settings from a config file, the environment and the command line, in that order.

The config file is TOML, by default ``config.toml`` in the user's config folder
(``~/.config/geomap`` on Linux) or wherever ``GEOMAP_CONFIG``/``--config`` points::

    [geocode]
    geocoder = "nominatim"
    user_agent = "newsroom-maps/1.0 (maps@newsroom.org)"
    cache = "~/geomap/geocode.sqlite"
    fallback_below = 0.0        # also ask for gazetteer answers less sure than this

    [geocode.nominatim]         # constructor options of that geocoder
    domain = "nominatim.newsroom.org"
    timeout = 10

Environment variables (``GEOMAP_GEOCODER``, ``GEOMAP_USER_AGENT``, ``GEOMAP_GEOCODE_CACHE``) and
CLI options override the file; ``--geocoder-option KEY=VALUE`` overrides a table entry.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import platformdirs

from geomap.errors import InputError
from geomap.geocoders.cache import GeoCache
from geomap.geocoders.services import GeopyResolver, get_resolver

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SETTINGS = ("geocoder", "user_agent", "cache", "fallback_below")
#: ``--geocoder-option`` keys whose values are numbers; every other value stays text.
NUMERIC_OPTIONS = frozenset({"timeout", "min_delay_seconds", "limit", "token_lifetime"})


def default_config_path() -> Path:
    """``config.toml`` in the user's config folder; used only when it exists."""
    return platformdirs.user_config_path("geomap") / "config.toml"


@dataclass(frozen=True)
class GeocodeSettings:
    """Which online geocoder to use behind the gazetteer, and how.

    ``geocoder="none"`` turns the fallback off. ``cache=None`` means the default cache file;
    ``cache_given`` records that a cache was named, which lets offline runs reuse its answers.
    """

    geocoder: str = "nominatim"
    user_agent: str | None = None
    cache: Path | None = None
    cache_given: bool = False
    fallback_below: float = 0.0
    options: dict[str, Any] = field(default_factory=dict)


def load_settings(config: Path | None = None, *, geocoder: str | None = None,
                  user_agent: str | None = None, cache: Path | None = None,
                  options: Iterable[str] = ()) -> GeocodeSettings:
    """Merge the config file with the values given on the command line or in the environment.

    Examples
    --------
    >>> load_settings(geocoder="photon", options=["timeout=5"]).options
    {'timeout': 5.0}

    Raises
    ------
    InputError
        When a named config file is missing or malformed, or an option is not ``KEY=VALUE``.
    """
    table = _read_config(config)
    base = GeocodeSettings(**{k: _checked(k, table[k], config) for k in SETTINGS if k in table})
    if base.cache is not None:
        base = replace(base, cache=Path(str(base.cache)).expanduser(), cache_given=True)
    if geocoder:
        base = replace(base, geocoder=geocoder.lower())
    if user_agent:
        base = replace(base, user_agent=user_agent)
    if cache:
        base = replace(base, cache=cache, cache_given=True)
    section = table.get(base.geocoder, {})
    return replace(base, options={**section, **dict(_option(o) for o in options)})


def _read_config(path: Path | None) -> dict[str, Any]:
    target = path or default_config_path()
    if path is None and not target.is_file():
        return {}
    try:
        data = tomllib.loads(target.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(f"cannot read config: {err.strerror}", path=str(target)) from err
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"not valid TOML: {err}", path=str(target)) from err
    table = data.get("geocode", {})
    unknown = [k for k, v in table.items() if k not in SETTINGS and not isinstance(v, dict)]
    if unknown:
        raise InputError(f"unknown setting(s) {', '.join(unknown)}; expected one of "
                         f"{', '.join(SETTINGS)}", path=str(target), field="geocode")
    return table


def _checked(key: str, value: Any, path: Path | None) -> Any:
    """A config value of the right type: text, except ``fallback_below`` in [0, 1]."""
    where = str(path or default_config_path())
    if key == "fallback_below":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise InputError(f"expected a number from 0 to 1, got {value!r}", path=where,
                             field=f"geocode.{key}")
        return float(value)
    if not isinstance(value, str):
        raise InputError(f"expected text, got {value!r}", path=where, field=f"geocode.{key}")
    return value


def _option(text: str) -> tuple[str, Any]:
    """``KEY=VALUE``; a number for the :data:`NUMERIC_OPTIONS`, text for the rest (API keys).

    >>> _option("timeout=2.5"), _option("api_key=0123")
    (('timeout', 2.5), ('api_key', '0123'))
    """
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise InputError(f"expected KEY=VALUE, got {text!r}", field="--geocoder-option")
    if key not in NUMERIC_OPTIONS:
        return key, value
    try:
        number = float(value)
    except ValueError:
        raise InputError(f"{key} must be a number, got {value!r}",
                         field="--geocoder-option") from None
    return key, int(number) if key in ("limit", "token_lifetime") else number


def build_fallbacks(settings: GeocodeSettings, *, offline: bool) -> list[GeopyResolver]:
    """The fallback resolvers for a run: none offline, unless a cache was named to answer.

    Offline, the network geocoder is never built: with ``--cache`` (or a cache in the config
    file) the fallback answers from that cache alone; without one there is no fallback.

    Raises
    ------
    InputError
        For an unknown geocoder, a missing or sample user agent, or options geopy rejects.
    """
    if settings.geocoder == "none" or (offline and not settings.cache_given):
        return []
    factory = get_resolver(settings.geocoder)
    cache = GeoCache(settings.cache)
    if offline and not cache.path.is_file():
        return []
    try:
        return [factory(user_agent=settings.user_agent, cache=cache, offline=offline,
                        **settings.options)]
    except TypeError as err:
        raise InputError(f"{settings.geocoder}: {err}", field="geocoder options") from err
