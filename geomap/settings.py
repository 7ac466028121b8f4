"""Every option of geomap's commands, read in one order: config file < environment < flags.

A user sets a choice once (a newsroom's user agent, its gazetteer, online tiles) in a TOML file,
``config.toml`` in the user's config folder (``~/.config/geomap`` on Linux) or wherever
``GEOMAP_CONFIG``/``--config`` points; an environment variable overrides the file for one shell,
and a command-line flag overrides both for one command::

    [run]
    gazetteer = "~/geomap/my-gazetteer.sqlite"
    places = "~/geomap/places.csv"
    recognizer = "rules"           # or "spacy"
    spacy_model = "en_core_web_sm"
    country_fallback = true

    [geocode]
    online = false                 # ask the geocoder for places the gazetteer misses
    geocoder = "nominatim"
    user_agent = "newsroom-maps/1.0 (maps@newsroom.org)"
    cache = "~/geomap/geocode.sqlite"
    fallback_below = 0.0           # also ask for gazetteer answers less sure than this

    [geocode.nominatim]            # constructor options of that geocoder
    domain = "nominatim.newsroom.org"
    timeout = 10

    [map]
    tiles = false                  # online OpenStreetMap tiles instead of the inlined basemap
    cluster_above = 1000
    max_data_mb = 60.0

    [limits]                       # per article; 0 lifts a bound (geomap/io/limits.py)
    article_chars = 300000
    sentence_chars = 2000
    mentions = 2000
    incidents = 500

"Offline" is two settings: ``geocoding`` (ask an online geocoder) and ``tiles`` (draw online
tiles). ``GEOMAP_OFFLINE`` and ``--offline/--online`` set both; ``GEOMAP_GEOCODING``,
``GEOMAP_TILES``, ``--geocoding/--no-geocoding`` and ``--tiles/--no-tiles`` set one and win over
them at the same level. This module imports nothing from geopy and no recogniser: the CLI reads
settings before it knows whether it will need either.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from geomap.errors import InputError
from geomap.geocoders import NAMES as GEOCODER_NAMES
from geomap.io.limits import ArticleLimits
from geomap.recognize import RECOGNIZER_NAMES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

__all__ = ["ENVIRONMENT", "TABLES", "Settings", "default_config_path", "load_settings",
           "parse_option"]

#: ``--geocoder-option`` keys whose values are numbers; every other value stays text.
NUMERIC_OPTIONS = frozenset({"timeout", "min_delay_seconds", "limit", "token_lifetime"})
_INTEGER_OPTIONS = frozenset({"limit", "token_lifetime"})
#: The URL schemes geopy speaks; anything else is refused before a geocoder is built.
SCHEMES = ("http", "https")
_TRUE, _FALSE = {"1", "true", "t", "yes", "y", "on"}, {"0", "false", "f", "no", "n", "off"}


def default_config_path() -> Path:
    """``config.toml`` in the user's config folder; used only when it exists."""
    return platformdirs.user_config_path("geomap") / "config.toml"


@dataclass(frozen=True)
class Settings:
    """What a command runs with, after the config file, the environment and the flags.

    ``geocoder="none"`` turns the online fallback off. ``cache=None`` means the default cache
    file; ``cache_given`` records that a cache was named, which lets runs without geocoding reuse
    its answers. ``gazetteer=None`` and ``places=None`` leave the choice to
    :class:`~geomap.gazetteer.index.Gazetteer` (``$GEOMAP_PLACES`` included).
    """

    gazetteer: Path | None = None
    places: Path | None = None
    recognizer: str = "rules"
    spacy_model: str | None = None
    country_fallback: bool = True
    geocoding: bool = False
    tiles: bool = False
    geocoder: str = "nominatim"
    user_agent: str | None = None
    cache: Path | None = None
    cache_given: bool = False
    fallback_below: float = 0.0
    geocoder_options: dict[str, Any] = field(default_factory=dict)
    cluster_above: int = 1000
    max_data_mb: float = 60.0
    article_chars: int = ArticleLimits.article_chars
    sentence_chars: int = ArticleLimits.sentence_chars
    max_mentions: int = ArticleLimits.mentions
    max_incidents: int = ArticleLimits.incidents

    @property
    def limits(self) -> ArticleLimits:
        """The per-article bounds of the ``[limits]`` table."""
        return ArticleLimits(article_chars=self.article_chars,
                             sentence_chars=self.sentence_chars, mentions=self.max_mentions,
                             incidents=self.max_incidents)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {value!r}")
    return value


def _path(value: Any) -> Path:
    return Path(_text(value)).expanduser()


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ValueError(f"expected true or false, got {value!r}")


def _number(low: float, high: float, *, integer: bool = False) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        kinds = int if integer else int | float
        if isinstance(value, bool) or not isinstance(value, kinds) or not low <= value <= high:
            kind = "a whole number" if integer else "a number"
            raise ValueError(f"expected {kind} from {low:g} to {high:g}, got {value!r}")
        return value if integer else float(value)
    return check


def _name(choices: Iterable[str]) -> Callable[[Any], str]:
    valid = sorted(choices)

    def check(value: Any) -> str:
        if _text(value).lower() not in valid:
            raise ValueError(f"unknown {value!r}; choose one of: {', '.join(valid)}")
        return value
    return check


#: Config file tables: key → (setting, reader). ``[geocode.<service>]`` sub-tables hold the
#: geocoder's constructor options.
TABLES: dict[str, dict[str, tuple[str, Callable[[Any], Any]]]] = {
    "run": {"gazetteer": ("gazetteer", _path), "places": ("places", _path),
            "recognizer": ("recognizer", _name(RECOGNIZER_NAMES)),
            "spacy_model": ("spacy_model", _text),
            "country_fallback": ("country_fallback", _flag)},
    "geocode": {"geocoder": ("geocoder", _name([*GEOCODER_NAMES, "none"])),
                "user_agent": ("user_agent", _text), "cache": ("cache", _path),
                "fallback_below": ("fallback_below", _number(0, 1)),
                "online": ("geocoding", _flag)},
    "map": {"tiles": ("tiles", _flag), "cluster_above": ("cluster_above", _number(0, 1e12,
                                                                                 integer=True)),
            "max_data_mb": ("max_data_mb", _number(0, 1e6))},
    "limits": {"article_chars": ("article_chars", _number(0, 1e12, integer=True)),
               "sentence_chars": ("sentence_chars", _number(0, 1e12, integer=True)),
               "mentions": ("max_mentions", _number(0, 1e12, integer=True)),
               "incidents": ("max_incidents", _number(0, 1e12, integer=True))},
}
#: Environment variables: name → (setting, reader). ``GEOMAP_OFFLINE`` sets ``geocoding`` and
#: ``tiles`` both; ``GEOMAP_PLACES`` is read by the gazetteer itself.
ENVIRONMENT: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "GEOMAP_GAZETTEER": ("gazetteer", Path),
    "GEOMAP_RECOGNIZER": ("recognizer", _name(RECOGNIZER_NAMES)),
    "GEOMAP_GEOCODER": ("geocoder", _name([*GEOCODER_NAMES, "none"])),
    "GEOMAP_USER_AGENT": ("user_agent", _text),
    "GEOMAP_GEOCODE_CACHE": ("cache", Path),
    "GEOMAP_GEOCODING": ("geocoding", _flag),
    "GEOMAP_TILES": ("tiles", _flag),
}


def load_settings(config: Path | None = None, *, env: Mapping[str, str] | None = None,
                  offline: bool | None = None, geocoding: bool | None = None,
                  tiles: bool | None = None, gazetteer: Path | None = None,
                  places: Path | None = None, recognizer: str | None = None,
                  spacy_model: str | None = None, country_fallback: bool | None = None,
                  geocoder: str | None = None, user_agent: str | None = None,
                  cache: Path | None = None, options: Iterable[str] = (),
                  cluster_above: int | None = None,
                  max_data_mb: float | None = None) -> Settings:
    """Merge the config file, the environment and the flags given (None: not given).

    Parameters
    ----------
    config : Path, optional
        The config file; default ``$GEOMAP_CONFIG``, else :func:`default_config_path` when it
        exists.
    env : mapping, optional
        The environment; default ``os.environ``. Empty values count as unset.
    offline : bool, optional
        ``--offline``/``--online``: sets ``geocoding`` and ``tiles`` both (to ``not offline``).
    geocoding, tiles : bool, optional
        Set one each; win over ``offline``.
    gazetteer, places, recognizer, spacy_model, country_fallback
        The run's gazetteer index, own places, recogniser and focus fallback.
    geocoder, user_agent, cache
        The online geocoder, the user agent it is sent, and its answers cache.
    options : iterable of str
        ``KEY=VALUE`` geocoder options (:func:`parse_option`); they win over the config file's
        ``[geocode.<geocoder>]`` table.
    cluster_above, max_data_mb
        The map's degradation thresholds.

    Examples
    --------
    >>> load_settings(env={}, geocoder="photon", options=["timeout=5"]).geocoder_options
    {'timeout': 5.0}

    Raises
    ------
    InputError
        When a named config file is missing or malformed, a setting or environment variable
        holds a bad value, or an option is not ``KEY=VALUE``.
    """
    env = os.environ if env is None else env
    path = config or (Path(env["GEOMAP_CONFIG"]) if env.get("GEOMAP_CONFIG") else None)
    values, sections = _read_config(path)
    values.update(_from_environment(env))
    flags = {"gazetteer": gazetteer, "places": places, "recognizer": recognizer,
             "spacy_model": spacy_model, "country_fallback": country_fallback,
             "geocoder": geocoder.lower() if geocoder else None, "user_agent": user_agent,
             "cache": cache, "cluster_above": cluster_above, "max_data_mb": max_data_mb}
    values.update(_both(offline))
    values.update({k: v for k, v in {**flags, "geocoding": geocoding, "tiles": tiles}.items()
                   if v is not None and v != ""})
    name = values.get("geocoder", Settings.geocoder)
    table = sections.get(name, {})
    for key, value in table.items():
        check_option(key, value, source=str(path or default_config_path()),
                     field=f"geocode.{name}.{key}")
    geocoder_options = {**table, **dict(parse_option(o) for o in options)}
    return Settings(**values, cache_given="cache" in values, geocoder_options=geocoder_options)


def _both(offline: bool | None) -> dict[str, bool]:
    return {} if offline is None else {"geocoding": not offline, "tiles": not offline}


def _from_environment(env: Mapping[str, str]) -> dict[str, Any]:
    """The settings the ``GEOMAP_*`` variables give; ``GEOMAP_OFFLINE`` first, then the rest."""
    values: dict[str, Any] = {}
    readers = {"GEOMAP_OFFLINE": ("offline", _flag), **ENVIRONMENT}
    for variable, (setting, read) in readers.items():
        if not env.get(variable):
            continue
        try:
            value = read(env[variable])
        except ValueError as err:
            raise InputError(str(err), field=variable) from None
        if setting == "offline":
            values.update(_both(value))
        else:
            values[setting] = value.lower() if setting in ("geocoder", "recognizer") else value
    return values


def _read_config(path: Path | None) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """(settings, ``[geocode.<service>]`` tables) from the config file; empty when there is
    none."""
    target = path or default_config_path()
    if path is None and not target.is_file():
        return {}, {}
    try:
        data = tomllib.loads(target.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(f"cannot read config: {err.strerror}", path=str(target)) from err
    except tomllib.TOMLDecodeError as err:
        raise InputError(f"not valid TOML: {err}", path=str(target)) from err
    values: dict[str, Any] = {}
    sections: dict[str, dict[str, Any]] = {}
    for table, keys in TABLES.items():
        entries = data.get(table, {})
        if not isinstance(entries, dict):
            raise InputError("expected a table", path=str(target), field=table)
        if table == "geocode":
            sections = {k: v for k, v in entries.items() if isinstance(v, dict)}
            entries = {k: v for k, v in entries.items() if not isinstance(v, dict)}
        unknown = [k for k in entries if k not in keys]
        if unknown:
            raise InputError(f"unknown setting(s) {', '.join(unknown)}; expected one of "
                             f"{', '.join(keys)}", path=str(target), field=table)
        for key, value in entries.items():
            setting, read = keys[key]
            try:
                values[setting] = read(value)
            except ValueError as err:
                raise InputError(str(err), path=str(target), field=f"{table}.{key}") from None
    return values, sections


def parse_option(text: str) -> tuple[str, Any]:
    """``KEY=VALUE``; a number for the :data:`NUMERIC_OPTIONS`, text for the rest (API keys).

    >>> parse_option("timeout=2.5"), parse_option("api_key=0123")
    (('timeout', 2.5), ('api_key', '0123'))

    Raises
    ------
    InputError
        When ``text`` is not ``KEY=VALUE``, or a numeric option's value is not a number.
    """
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise InputError(f"expected KEY=VALUE, got {text!r}", field="--geocoder-option")
    if key not in NUMERIC_OPTIONS:
        return key, check_option(key, value, field="--geocoder-option")
    try:
        number = float(value)
    except ValueError:
        raise InputError(f"{key} must be a number, got {value!r}",
                         field="--geocoder-option") from None
    check_option(key, number, field="--geocoder-option")
    return key, int(number) if key in _INTEGER_OPTIONS else number


def check_option(key: str, value: Any, *, source: str | None = None,
                 field: str = "--geocoder-option") -> Any:
    """``value`` when it can be geocoder option ``key``: a finite number ≥ 0 for the
    :data:`NUMERIC_OPTIONS` (NaN would disable the rate limit), a scheme geopy speaks.

    Raises
    ------
    InputError
        Naming the config file (``source``) or the flag, and the option.
    """
    if key in NUMERIC_OPTIONS and (isinstance(value, bool) or not isinstance(value, (int, float))
                                   or not math.isfinite(value) or value < 0):
        raise InputError(f"{key} must be a number ≥ 0, got {value!r}", path=source,
                         field=field)
    if key == "scheme" and (not isinstance(value, str) or value.lower() not in SCHEMES):
        raise InputError(f"scheme must be one of {', '.join(SCHEMES)}, got {value!r}",
                         path=source, field=field)
    return value
