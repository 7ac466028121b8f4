"""A wide box's map context, cut from the whole world's divisions drawn once.

A box that spans much of the world shows Natural Earth's divisions simplified together, each
country merged from its divisions and every boundary drawn once: seconds of GEOS work, the
same for every wide box, so a run of 1,000 articles from around the world paid as much for
its map's context as for its articles. That work is done once, for the whole world, when the
data is built (``geomap/data/build_world_context.py`` writes ``context_world.json.gz`` from
``admin1_10m.json.gz``), and a wide box's context is the world's cut to the box: clipping,
a small share of the time. The file records the digest of the divisions it was drawn from;
beside other divisions it is not used and the box is cut afresh.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import shapely
from shapely import GeometryType

from geomap.render.steps import SCALE, on_grid
from geomap.resources import package_file

WORLD_FILE = package_file("data", "context_world.json.gz")

BBox = tuple[float, float, float, float]


class Divisions(NamedTuple):
    """The context's shapes in a box: each country's land, the country boundaries and coasts,
    the first-level division boundaries, and the divisions' names ``[lon, lat, name]``."""

    countries: list[str]
    land: list[Any]
    borders: Any | None
    admin1: Any | None
    labels: list[list[Any]]


def digest(path: Path) -> str:
    """SHA-256 of a file: which divisions a world file was drawn from."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def encode(world: Divisions, *, source_digest: str, tolerance: float) -> bytes:
    """The world's divisions as the compact file :func:`load` reads (gzipped JSON)."""
    labels = [[round(lon * SCALE), round(lat * SCALE), name] for lon, lat, name in world.labels]
    document = {"source_sha256": source_digest, "tolerance": tolerance, "scale": SCALE,
                "countries": world.countries,
                "land": _encoded([shapely.multipolygons(shapely.get_parts(g))
                                  for g in world.land]),
                "borders": _encoded([_lines(world.borders)]),
                "admin1": _encoded([_lines(world.admin1)]), "labels": labels}
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return gzip.compress(text, compresslevel=9, mtime=0)


def _lines(geometry: Any | None) -> Any:
    parts = [] if geometry is None else shapely.get_parts(geometry)
    return shapely.multilinestrings(parts) if len(parts) else shapely.from_wkt(
        "MULTILINESTRING EMPTY")


def _encoded(geometries: Any) -> dict[str, Any]:
    """Coordinates as steps from the point before (across parts and shapes), and the part
    sizes that rebuild the shapes (:func:`shapely.to_ragged_array`'s offsets, differenced)."""
    _, coords, offsets = shapely.to_ragged_array(np.asarray(geometries, dtype=object))
    points = on_grid(coords)
    steps = np.diff(points, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
    return {"steps": steps.ravel().tolist(), "sizes": [np.diff(o).tolist() for o in offsets]}


def _decoded(part: dict[str, Any], kind: GeometryType) -> Any:
    coords = np.cumsum(np.asarray(part["steps"], dtype=np.int64).reshape(-1, 2), axis=0) / SCALE
    offsets = [np.concatenate(([0], np.cumsum(sizes, dtype=np.int64))) for sizes in part["sizes"]]
    return shapely.from_ragged_array(kind, coords, offsets)


class World(NamedTuple):
    """The shipped world as read: the countries, their land (an array of shapes, in the
    countries' order), the two line sets, the labels and the tolerance they were drawn at."""

    countries: list[str]
    land: Any
    borders: Any
    admin1: Any
    labels: list[list[Any]]
    tolerance: float


@cache
def load(source_digest: str) -> World | None:
    """The shipped world, or None when the file is missing, damaged or was drawn from other
    divisions than those of ``source_digest``."""
    try:
        document = json.loads(gzip.decompress(WORLD_FILE.read_bytes()))
    except (OSError, ValueError, EOFError):
        return None
    if document.get("source_sha256") != source_digest or document.get("scale") != SCALE:
        return None
    return World(countries=document["countries"],
                 land=_decoded(document["land"], GeometryType.MULTIPOLYGON),
                 borders=_decoded(document["borders"], GeometryType.MULTILINESTRING)[0],
                 admin1=_decoded(document["admin1"], GeometryType.MULTILINESTRING)[0],
                 labels=[[x / SCALE, y / SCALE, name] for x, y, name in document["labels"]],
                 tolerance=float(document["tolerance"]))


def cut(box: BBox, *, source_digest: str, tolerance: float) -> Divisions | None:
    """The world's divisions inside ``box``, or None without a world file drawn from these
    divisions at this tolerance."""
    world = load(source_digest)
    if world is None or world.tolerance != tolerance:
        return None
    west, south, east, north = box
    clipped = shapely.clip_by_rect(world.land, *box)
    kept = ~shapely.is_empty(clipped)
    return Divisions(
        countries=[cc for cc, keep in zip(world.countries, kept, strict=True) if keep],
        land=list(clipped[kept]),
        borders=_or_none(shapely.clip_by_rect(world.borders, *box)),
        admin1=_or_none(shapely.clip_by_rect(world.admin1, *box)),
        labels=[label for label in world.labels
                if west <= label[0] <= east and south <= label[1] <= north])


def _or_none(geometry: Any) -> Any | None:
    return None if geometry.is_empty else geometry
