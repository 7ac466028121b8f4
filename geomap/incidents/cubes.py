"""A grid of cubes over the Earth's centre, to find the places within a distance of one.

Folding an article's events and merging reports across articles both ask which kept places
lie within a few km of a new one; comparing it with every kept place grows with their number.
Filed by the cube holding them, the places a new one can be near lie in eight cubes.
Unlike a grid of degrees, the cubes keep their size near the poles and across the antimeridian.
"""

from __future__ import annotations

import math

from geomap.geometry import Located

Cube = tuple[int, int, int]


class CubeGrid:
    """Cubes twice ``km`` wide: every place within ``km`` of a place lies in one of the eight
    cubes :meth:`around` gives.

    The grid's Earth radius is a little under the one :func:`~geomap.geometry.km_between`
    uses, and a chord is never longer than its arc, so a place within ``km`` of another lies
    less than half a cube from it along each axis: in its cube or the next one towards it (the
    margin is far above rounding error).

    Examples
    --------
    >>> grid = CubeGrid(5.0)
    >>> grid.cube(mosul) in grid.around(mosul)  # doctest: +SKIP
    True
    """

    __slots__ = ("radius",)

    def __init__(self, km: float) -> None:
        self.radius = 6371.0 / (2 * km)  # in cubes

    def position(self, place: Located) -> tuple[float, float, float]:
        """The place on the grid, in cubes."""
        lat, lon = math.radians(place.lat), math.radians(place.lon)
        across = self.radius * math.cos(lat)
        return across * math.cos(lon), across * math.sin(lon), self.radius * math.sin(lat)

    def cube(self, place: Located) -> Cube:
        """The cube holding the place."""
        x, y, z = self.position(place)
        return math.floor(x), math.floor(y), math.floor(z)

    def around(self, place: Located) -> list[Cube]:
        """The eight cubes that hold every place within the grid's distance of ``place``: its
        own and, along each axis, the next one on the side of the cube it lies in."""
        xs, ys, zs = (_two_cubes(u) for u in self.position(place))
        return [(x, y, z) for x in xs for y in ys for z in zs]


def _two_cubes(u: float) -> tuple[int, int]:
    k = math.floor(u)
    return k, k - 1 if u - k < 0.5 else k + 1
