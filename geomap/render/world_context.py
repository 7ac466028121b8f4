"""A wide box's map context, cut from the whole world's divisions drawn once.

A box that spans much of the world shows Natural Earth's divisions simplified together, each
country merged from its divisions and every boundary drawn once: seconds of GEOS work, the
same for every wide box, so a run of 1,000 articles from around the world paid as much for
its map's context as for its articles. That work is done once, for the whole world, when the
data is built (``geomap/data/build_world_context.py`` writes ``context_world.json.gz`` from
``admin1_10m.json.gz``), and a wide box's context is the world's cut to the box: clipping,
a small share of the time. The file records the digest of the divisions it was drawn from;
beside other divisions it is not used and the box is cut afresh.

The file keeps each country's land and each boundary line as the map's page carries it (JSON
text of :mod:`geomap.render.steps` runs) with its bounds: a world-wide box, a news firehose's,
lies mostly inside the box, and is then taken as stored, never decoded into shapes and
written again; only the pieces across the box's edge are clipped (:func:`page_cut`).
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
from jinja2.utils import htmlsafe_json_dumps
from shapely import GeometryType

from geomap.render import steps
from geomap.render.steps import SCALE
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
    """The world's divisions as the compact file :func:`load` reads (gzipped JSON): each
    country's land and each boundary line as the page carries it (:mod:`geomap.render.steps`)
    with its bounds, so a box takes what lies wholly inside it as it is."""
    labels = [[round(lon * SCALE), round(lat * SCALE), name] for lon, lat, name in world.labels]
    document = {"source_sha256": source_digest, "tolerance": tolerance, "scale": SCALE,
                "countries": world.countries, "land": _pieces(world.land),
                "borders": _pieces(_parts(world.borders)),
                "admin1": _pieces(_parts(world.admin1)), "labels": labels}
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return gzip.compress(text, compresslevel=9, mtime=0)


def _parts(geometry: Any | None) -> list[Any]:
    return [] if geometry is None else list(shapely.get_parts(geometry))


def _pieces(geometries: list[Any]) -> dict[str, list[Any]]:
    """Each of ``geometries`` (a country's land, a line) as its page text, and the bounds of
    all of them in 1/SCALE degree, four numbers each."""
    lines = [shapely.get_type_id(g) in (1, 2) for g in geometries]
    texts = [page_text(steps.runs([g])[0] if line else steps.polygon_runs(g))
             for g, line in zip(geometries, lines, strict=True)]
    return {"bounds": [v for g in geometries for v in _grid_bounds(g)], "texts": texts}


def page_text(value: Any) -> str:
    """``value`` as the page's JSON text of the context: no spaces (jinja's ``tojson``
    with compact separators, so ``<>&'`` escaped)."""
    return str(htmlsafe_json_dumps(value, sort_keys=True, separators=(",", ":")))


def _grid_bounds(geometry: Any) -> list[int]:
    """(west, south, east, north) of ``geometry`` in whole 1/SCALE degrees (an empty one's
    are zeros: it is drawn nowhere)."""
    if shapely.is_empty(geometry):
        return [0, 0, 0, 0]
    return steps.on_grid(np.asarray(shapely.bounds(geometry)).reshape(2, 2)).ravel().tolist()


class World(NamedTuple):
    """The shipped world as read: each country's land, and each line of the country
    boundaries and of the division boundaries, as page text (JSON of runs) with bounds in
    1/SCALE degree (one row each: west, south, east, north); the labels and the tolerance
    they were drawn at."""

    countries: list[str]
    land: list[str]
    land_bounds: Any
    borders: list[str]
    borders_bounds: Any
    admin1: list[str]
    admin1_bounds: Any
    labels: list[list[Any]]
    tolerance: float


@cache
def load(source_digest: str) -> World | None:
    """The shipped world, or None when the file is missing, damaged or was drawn from other
    divisions than those of ``source_digest``."""
    try:
        document = json.loads(gzip.decompress(WORLD_FILE.read_bytes()))
        if document.get("source_sha256") != source_digest or document.get("scale") != SCALE:
            return None
        land, borders, admin1 = (document[key] for key in ("land", "borders", "admin1"))
        if len(document["countries"]) != len(land["texts"]):
            raise ValueError("world file: countries and their land differ in number")
        return World(countries=document["countries"], land=land["texts"],
                     land_bounds=_bounds(land), borders=borders["texts"],
                     borders_bounds=_bounds(borders), admin1=admin1["texts"],
                     admin1_bounds=_bounds(admin1),
                     labels=[[x / SCALE, y / SCALE, name] for x, y, name in document["labels"]],
                     tolerance=float(document["tolerance"]))
    except (OSError, ValueError, EOFError, KeyError, TypeError, IndexError):
        return None


def _bounds(pieces: dict[str, list[Any]]) -> Any:
    """The pieces' bounds, a row of four each; checked against their texts."""
    bounds = np.asarray(pieces["bounds"], dtype=np.int64).reshape(-1, 4)
    if len(bounds) != len(pieces["texts"]):
        raise ValueError("world file: bounds and texts differ in number")
    return bounds


class PageCut(NamedTuple):
    """A box's divisions as the map's page carries them: the JSON texts of its land
    (``[[cc, polygons], ...]``), its country boundaries and its division boundaries (lists of
    runs), and its labels ``[lon, lat, name]``."""

    land: str
    borders: str
    admin1: str
    labels: list[list[Any]]


def page_cut(box: BBox, *, source_digest: str, tolerance: float) -> PageCut | None:
    """The world's divisions inside ``box`` as the page carries them, or None without a
    world file drawn from these divisions at this tolerance: what lies wholly inside the box
    is taken as stored, what crosses its edge is clipped, what lies outside is left out."""
    world = load(source_digest)
    if world is None or world.tolerance != tolerance:
        return None
    land = []
    for cc, text, where in zip(world.countries, world.land, _where(world.land_bounds, box),
                               strict=True):
        if where == _CROSSES:
            text = page_text(steps.polygon_runs(shapely.clip_by_rect(_polygons(text), *box)))
        if where != _OUTSIDE and text != "[]":
            land.append(f"[{page_text(cc)},{text}]")
    return PageCut(land=f"[{','.join(land)}]",
                   borders=_page_lines(world.borders, world.borders_bounds, box),
                   admin1=_page_lines(world.admin1, world.admin1_bounds, box),
                   labels=_labels_in(world, box))


#: Where a piece lies against a box: wholly inside it, across its edge, or outside it.
_INSIDE, _CROSSES, _OUTSIDE = 0, 1, 2


def _where(bounds: Any, box: BBox) -> list[int]:
    """For each row of ``bounds``, :data:`_INSIDE`, :data:`_CROSSES` or :data:`_OUTSIDE` of
    ``box``; a piece that touches the box's edge is clipped, as it always was."""
    west, south, east, north = (v * SCALE for v in box)
    x0, y0, x1, y1 = bounds.T
    inside = (x0 > west) & (x1 < east) & (y0 > south) & (y1 < north)
    outside = (x1 < west) | (x0 > east) | (y1 < south) | (y0 > north)
    return np.where(inside, _INSIDE, np.where(outside, _OUTSIDE, _CROSSES)).tolist()


def _page_lines(texts: list[str], bounds: Any, box: BBox) -> str:
    """The runs of the lines inside ``box``, as page text."""
    found = []
    for text, where in zip(texts, _where(bounds, box), strict=True):
        if where == _INSIDE:
            found.append(text)
        elif where == _CROSSES:
            clipped = shapely.clip_by_rect(_line(text), *box)
            found.extend(page_text(run) for run in steps.line_runs(_or_none(clipped)))
    return f"[{','.join(found)}]"


def _polygons(text: str) -> Any:
    """A country's land again from its page text."""
    polygons = json.loads(text)
    rings = [run for polygon in polygons for run in polygon]
    if not rings:
        return shapely.from_wkt("MULTIPOLYGON EMPTY")
    sizes = np.asarray([len(run) // 2 for run in rings], dtype=np.int64)
    ends = np.cumsum(sizes)
    # every ring's runs summed at once, each less the sum of the rings before it
    summed = np.cumsum(np.asarray([v for run in rings for v in run], dtype=np.int64)
                       .reshape(-1, 2), axis=0)
    before = np.repeat(np.vstack([np.zeros((1, 2), dtype=np.int64), summed[ends[:-1] - 1]]),
                       sizes, axis=0)
    offsets = (np.concatenate([[0], ends]),
               np.concatenate([[0], np.cumsum([len(polygon) for polygon in polygons])]),
               np.asarray([0, len(polygons)]))
    return shapely.from_ragged_array(GeometryType.MULTIPOLYGON, (summed - before) / SCALE,
                                     offsets)[0]


def _line(text: str) -> Any:
    """A line again from its page text (one run of steps)."""
    run = np.asarray(json.loads(text), dtype=np.int64).reshape(-1, 2)
    return shapely.linestrings(np.cumsum(run, axis=0) / SCALE)


def cut(box: BBox, *, source_digest: str, tolerance: float) -> Divisions | None:
    """The world's divisions inside ``box`` as shapes, or None without a world file drawn
    from these divisions at this tolerance."""
    world = load(source_digest)
    if world is None or world.tolerance != tolerance:
        return None
    clipped = shapely.clip_by_rect(np.asarray([_polygons(t) for t in world.land],
                                              dtype=object), *box)
    kept = ~shapely.is_empty(clipped)
    return Divisions(
        countries=[cc for cc, keep in zip(world.countries, kept, strict=True) if keep],
        land=list(clipped[kept]),
        borders=_or_none(shapely.clip_by_rect(_lines(world.borders), *box)),
        admin1=_or_none(shapely.clip_by_rect(_lines(world.admin1), *box)),
        labels=_labels_in(world, box))


def _lines(texts: list[str]) -> Any:
    """The lines of page texts as one multi-line."""
    return shapely.multilinestrings([_line(t) for t in texts]) if texts else shapely.from_wkt(
        "MULTILINESTRING EMPTY")


def _labels_in(world: World, box: BBox) -> list[list[Any]]:
    west, south, east, north = box
    return [label for label in world.labels
            if west <= label[0] <= east and south <= label[1] <= north]


def _or_none(geometry: Any) -> Any | None:
    return None if geometry.is_empty else geometry
