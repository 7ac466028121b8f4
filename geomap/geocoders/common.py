"""What several geocoder modules share: the user-agent check and the readers of OSM answers.

An answer is what :mod:`geomap.geocoders.cache` keeps of a geopy ``Location``: ``address``,
``lat``, ``lon`` and the service's ``raw`` reply. The OSM-based services say what kind of place
they found; :data:`FEATURE_CODES` maps that onto GeoNames feature codes, so precision, ranking
and the map treat an online answer like a gazetteer one. A service without its own reader gets
:func:`generic_place`, a point.
"""

from __future__ import annotations

import re
from typing import Any

from geomap.errors import InputError
from geomap.records import Place

__all__ = ["CANDIDATES", "DEFAULT_TIMEOUT", "FEATURE_CODES", "OSM_ATTRIBUTION",
           "SAMPLE_USER_AGENT", "check_user_agent", "clamp", "generic_place", "no_confidence",
           "osm_kind", "short_name"]

DEFAULT_TIMEOUT = 10.0
#: How many candidates the services that take a limit are asked for.
CANDIDATES = 5
#: What answers from OpenStreetMap data must carry (ODbL 1.0).
OSM_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap'
                   '</a> contributors, ODbL 1.0')
try:
    from geopy.geocoders.nominatim import _REJECTED_USER_AGENTS
except ImportError:  # pragma: no cover - a private name of geopy
    _REJECTED_USER_AGENTS = ("my-application", "my_app/1", "my_user_agent/1.0",
                             "specify_your_app_name_here")
SAMPLE_USER_AGENT = "geomap/0.1 (you@example.org)"
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|https?://\S+|\b[\w-]+\.[a-z]{2,}\b", re.I)
_SAMPLE = re.compile(r"example\.(org|com|net)|you@|your[-_.]", re.I)

#: OSM place kinds (Nominatim ``addresstype``/``type``, Photon ``type``/``osm_value``) →
#: GeoNames feature class and code. Unknown kinds become a point ("S", "").
FEATURE_CODES: dict[str, tuple[str, str]] = {
    "country": ("A", "PCLI"),
    "state": ("A", "ADM1"), "province": ("A", "ADM1"), "region": ("A", "ADM1"),
    "governorate": ("A", "ADM1"),
    "county": ("A", "ADM2"), "state_district": ("A", "ADM2"), "municipality": ("A", "ADM3"),
    "city": ("P", "PPL"), "town": ("P", "PPL"), "village": ("P", "PPL"),
    "hamlet": ("P", "PPL"), "isolated_dwelling": ("P", "PPL"), "locality": ("P", "PPLL"),
    "suburb": ("P", "PPLX"), "quarter": ("P", "PPLX"), "neighbourhood": ("P", "PPLX"),
    "city_district": ("P", "PPLX"), "district": ("P", "PPLX"), "borough": ("P", "PPLX"),
    "camp": ("S", "CMP"), "military": ("S", "INSM"), "border_control": ("S", "PSTB"),
    "road": ("R", "RD"), "street": ("R", "ST"),
}


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


def osm_kind(*names: Any) -> tuple[str, str]:
    """The feature class and code of the first OSM kind in ``names`` that :data:`FEATURE_CODES`
    knows; a point ``("S", "")`` when none is known.

    >>> osm_kind(None, "village")
    ('P', 'PPL')
    """
    for name in names:
        if isinstance(name, str) and name.lower() in FEATURE_CODES:
            return FEATURE_CODES[name.lower()]
    return ("S", "")


def short_name(answer: dict[str, Any]) -> str:
    """The first part of the answer's address, for a service that names nothing else."""
    return (answer.get("address") or "").split(",")[0].strip() or "unnamed place"


def generic_place(answer: dict[str, Any], *, service: str) -> Place:
    """A point named after the first part of the address, for services geomap has no reader for."""
    return Place(name=short_name(answer), lat=float(answer["lat"]), lon=float(answer["lon"]),
                 feature_class="S", source=service)


def clamp(value: Any, scale: float = 1.0, default: float = 0.5) -> float:
    """``value / scale`` kept in [0, 1]; ``default`` when the service sent no number.

    >>> clamp(85, 100.0), clamp(None)
    (0.85, 0.5)
    """
    try:
        return min(1.0, max(0.0, float(value) / scale))
    except (TypeError, ValueError):
        return default


def no_confidence(answer: dict[str, Any]) -> float:
    """The confidence of a service that does not say how sure it is: 0.5."""
    return 0.5
