"""Lines and rings as integer steps: how the map's page carries the context's shapes.

A world-wide context is hundreds of thousands of points. As GeoJSON each is two decimals
like ``44.123``, and building the nested lists for them costs time and memory. The page needs
only thousandths of a degree (its coordinates were always rounded so), so each line is
written as its first point in thousandths and then the step to each next point: most steps
are two or three digits. The page rebuilds the points as it draws (``geomap-context.js``).

Examples
--------
>>> from shapely.geometry import LineString
>>> runs([LineString([(44.4, 33.3), (44.41, 33.305)])])
[[44400, 33300, 10, 5]]
>>> points([44400, 33300, 10, 5])
[(44.4, 33.3), (44.41, 33.305)]
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np
import shapely

#: Points are kept in 1/SCALE degree (the page's coordinates were rounded to 0.001°).
SCALE = 1000


def on_grid(coords: Any) -> Any:
    """(x, y) rows in whole 1/SCALE degrees (an int64 array)."""
    return np.round(np.asarray(coords) * SCALE).astype(np.int64)


def runs(parts: Any) -> list[list[int]]:
    """Each line or ring of ``parts`` as ``[x0, y0, dx1, dy1, ...]`` in 1/SCALE degree; a
    part with no points gives no run."""
    coords, index = shapely.get_coordinates(np.asarray(parts, dtype=object), return_index=True)
    if not len(coords):
        return []
    ints = on_grid(coords)
    moves = np.diff(ints, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    firsts = np.flatnonzero(np.diff(index, prepend=-1))
    moves[firsts] = ints[firsts]  # each part starts afresh
    flat = moves.ravel().tolist()
    return [flat[a:b] for a, b in pairwise([*(2 * firsts).tolist(), len(flat)])]


def line_runs(geometry: Any | None) -> list[list[int]]:
    """The lines of a (multi)line geometry, or of what clipping left of one (points, which
    draw nothing, are dropped)."""
    if geometry is None:
        return []
    parts = shapely.get_parts(geometry)
    kinds = shapely.get_type_id(parts)
    return runs(parts[(kinds == 1) | (kinds == 2)])  # LineString, LinearRing


def polygon_runs(geometry: Any) -> list[list[list[int]]]:
    """The polygons of a (multi)polygon geometry, each its rings' runs (the outer first)."""
    parts = shapely.get_parts(geometry)
    polygons = parts[(shapely.get_type_id(parts) == 3) & ~shapely.is_empty(parts)]
    rings, owner = shapely.get_rings(polygons, return_index=True)
    found: list[list[list[int]]] = [[] for _ in range(len(polygons))]
    for k, run in zip(owner.tolist(), runs(rings), strict=True):
        found[k].append(run)
    return [rings for rings in found if rings]


def points(run: list[int]) -> list[tuple[float, float]]:
    """A run's points again, in degrees (what the page draws)."""
    xy = np.cumsum(np.asarray(run, dtype=np.int64).reshape(-1, 2), axis=0) / SCALE
    return [(float(x), float(y)) for x, y in xy]
