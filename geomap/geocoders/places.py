"""Turn an online geocoder's answer into a :class:`~geomap.records.Place`, per service.

An answer is what :mod:`geomap.geocoders.cache` keeps of a geopy ``Location``: ``address``, ``lat``,
``lon`` and the service's ``raw`` reply. The OSM-based services say what kind of place they
found; :data:`FEATURE_CODES` maps that onto GeoNames feature codes, so precision, ranking and the
map treat an online answer like a gazetteer one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from geomap.records import Place

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


def _kind(*names: Any) -> tuple[str, str]:
    for name in names:
        if isinstance(name, str) and name.lower() in FEATURE_CODES:
            return FEATURE_CODES[name.lower()]
    return ("S", "")


def _short_name(answer: dict[str, Any]) -> str:
    return (answer.get("address") or "").split(",")[0].strip() or "unnamed place"


def nominatim_place(answer: dict[str, Any], *, service: str = "nominatim") -> Place:
    """A place from a Nominatim ``/search`` result (``addressdetails=1`` gives the country)."""
    raw = answer.get("raw") or {}
    fclass, fcode = _kind(raw.get("addresstype"), raw.get("type"))
    address = raw.get("address") if isinstance(raw.get("address"), dict) else {}
    return Place(name=str(raw.get("name") or _short_name(answer)), lat=float(answer["lat"]),
                 lon=float(answer["lon"]), feature_class=fclass, feature_code=fcode,
                 country_code=str(address.get("country_code") or "").upper(), source=service)


def photon_place(answer: dict[str, Any], *, service: str = "photon") -> Place:
    """A place from a Photon GeoJSON feature."""
    props = (answer.get("raw") or {}).get("properties") or {}
    fclass, fcode = _kind(props.get("type"), props.get("osm_value"))
    return Place(name=str(props.get("name") or _short_name(answer)), lat=float(answer["lat"]),
                 lon=float(answer["lon"]), feature_class=fclass, feature_code=fcode,
                 country_code=str(props.get("countrycode") or "").upper(), source=service)


def generic_place(answer: dict[str, Any], *, service: str) -> Place:
    """A point named after the first part of the address, for services geomap has no reader for."""
    return Place(name=_short_name(answer), lat=float(answer["lat"]), lon=float(answer["lon"]),
                 feature_class="S", source=service)


def _clamp(value: Any, scale: float = 1.0, default: float = 0.5) -> float:
    try:
        return min(1.0, max(0.0, float(value) / scale))
    except (TypeError, ValueError):
        return default


#: Per service, how sure the answer is, in [0, 1]; 0.5 when the service does not say.
CONFIDENCE_READERS: dict[str, Callable[[dict[str, Any]], float]] = {
    "nominatim": lambda a: _clamp((a.get("raw") or {}).get("importance")),
    "arcgis": lambda a: _clamp((a.get("raw") or {}).get("score"), 100.0),
    "opencage": lambda a: _clamp((a.get("raw") or {}).get("confidence"), 10.0),
}
PLACE_READERS: dict[str, Callable[..., Place]] = {"nominatim": nominatim_place,
                                                  "photon": photon_place}
