"""ACLED's geo-precision of an incident's place: how near the pin is to where it happened."""

from __future__ import annotations

from geomap import rules
from geomap.records import Resolution

PRECISION_BY_PLACE = {"continent": 3, "region": 3, "country": 3, "admin1": 3, "admin2": 2}


def geo_precision(site: Resolution) -> int:
    """ACLED precision: 1 the town itself, 2 part of or near it, 3 a region or country."""
    assert site.place is not None
    coarse = PRECISION_BY_PLACE.get(site.place.precision)
    if coarse:
        return coarse
    return 2 if _narrows(site.mention.qualifier) else 1


def _narrows(qualifier: str | None) -> bool:
    """Whether a qualifier moves the event off the town ("eastern", "near"), unlike "the city
    of", whose relation in ``geomap/data/qualifiers.csv`` is ``same``."""
    if not qualifier:
        return False
    return not any(pattern.search(qualifier + " ") and relation == "same"
                   for pattern, relation in rules.qualifiers())
