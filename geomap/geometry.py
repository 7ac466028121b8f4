"""Distances and the 1° grid, shared by every stage that asks what is near what.

One distance function (great-circle, on the mean Earth radius, as geopy's ``great_circle``)
and one grid: a place's 1° cell and its eight neighbours, which bound the "near" searches of
the resolver and the recogniser's evidence without comparing every pair of places.
"""

from __future__ import annotations

import math
from typing import Protocol

#: Mean Earth radius (IUGG), as geopy's ``great_circle`` uses.
EARTH_KM = 6371.0088
#: Kilometres per degree of latitude, for the fast flat-Earth sums done per candidate.
KM_PER_DEGREE = 6371.0 * math.pi / 180


class Located(Protocol):
    """Anything with a latitude and longitude in degrees (a Place)."""

    @property
    def lat(self) -> float: ...

    @property
    def lon(self) -> float: ...


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points.

    >>> round(km_between((33.34, 44.40), (36.34, 43.13)))
    352
    """
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def cell(place: Located) -> tuple[int, int]:
    """The place's 1° cell: what "near" means for coherence and for a village's evidence."""
    return math.floor(place.lat), math.floor(place.lon)


#: The offsets of a cell and its eight neighbours.
_AROUND = tuple((dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1))


def around(place: Located) -> list[tuple[int, int]]:
    """The place's 1° cell and its eight neighbours."""
    y, x = cell(place)
    return [(y + dy, x + dx) for dy, dx in _AROUND]
