"""Rebuild ``context_world.json.gz`` from ``admin1_10m.json.gz`` (README.md).

Usage: ``python geomap/data/build_world_context.py`` (after ``build_context.py``).

A wide box's map context is the world's divisions, simplified and merged once, cut to the
box (:mod:`geomap.render.world_context`); this draws them for the whole world exactly as a box
would be drawn afresh (:func:`geomap.render.surroundings.cut_afresh`) and stores them as
integer steps of 0.001°, with the digest of the divisions they come from.
"""

from __future__ import annotations

from geomap.render import world_context
from geomap.render.surroundings import ADMIN1, WIDE_TOLERANCE, WORLD, cut_afresh


def build() -> int:
    """Write the world's context; returns its size in bytes."""
    world = cut_afresh(WORLD, tolerance=WIDE_TOLERANCE)
    data = world_context.encode(world, source_digest=world_context.digest(ADMIN1),
                                tolerance=WIDE_TOLERANCE)
    world_context.WORLD_FILE.write_bytes(data)
    return len(data)


if __name__ == "__main__":
    print(build(), "bytes written to", world_context.WORLD_FILE)
