"""What lies around the incidents, for the offline map: land, borders and named places.

Offline there are no tiles, and Natural Earth's 1:110m countries leave a city-zoom view blank,
so "eastern Baghdad" could not be checked against anything. This module gathers, for the
incidents' bounding box only (the map stays one file within its size budget), Natural Earth's
1:10m first-level divisions (land, division and country boundaries, division names; the
compact file ``geomap/data/admin1_10m.json.gz``, see ``geomap/data/README.md``) and the
shipped gazetteer's populated places (GeoNames), each place with the zoom from which its label
fits beside larger ones.

Examples
--------
>>> padded_box([], []) is None
True
>>> padded_box([33.3], [44.4])
(43.4, 32.3, 45.4, 34.3)
"""

from __future__ import annotations

import gzip
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Polygon, mapping

from geomap.gazetteer.index import default_index_path
from geomap.gazetteer.schema import COORD_SCALE
from geomap.render import steps, world_context
from geomap.render.context_cache import cached_text
from geomap.render.world_context import Divisions, page_text
from geomap.resources import package_file

ADMIN1 = package_file("data", "admin1_10m.json.gz")
#: Degrees added around the incidents' bounding box: the towns and borders just outside count.
PAD = 1.0
#: At most this many places are embedded, the most populous first.
MAX_PLACES = 3000
#: Labels are shown from zoom MIN_ZOOM; a place whose label never fits by MAX_ZOOM is left out.
MIN_ZOOM, MAX_ZOOM = 4, 13
#: A label needs a cell of this many screen pixels (wide, high) to itself at its first zoom.
LABEL_CELL = (110, 28)
#: People in a town that a wide box's places are first looked for among (see :func:`places`).
LARGE_TOWN = 15_000
#: Populated places of these GeoNames codes are no context: abandoned or historical.
NOT_PLACES = ("PPLQ", "PPLH")
#: Coordinates handed to the page are rounded to 3 decimals (about 100 m).
DIGITS = 3

#: A box of this many square degrees or more (about 25° by 25°) is drawn simplified by
#: WIDE_TOLERANCE degrees, cut from the world's divisions (the world's own box: WORLD).
WIDE_AREA, WIDE_TOLERANCE = 600.0, 0.05
WORLD = (-180.0, -90.0, 180.0, 90.0)

BBox = tuple[float, float, float, float]


def padded_box(lats: Sequence[float], lons: Sequence[float], *, pad: float = PAD) -> BBox | None:
    """(west, south, east, north) around the points plus ``pad`` degrees, or None for none."""
    if not lats:
        return None
    return (max(-180.0, min(lons) - pad), max(-85.0, min(lats) - pad),
            min(180.0, max(lons) + pad), min(85.0, max(lats) + pad))


@cache
def _admin1() -> dict[str, Any]:
    with gzip.open(ADMIN1, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def _decode_ring(steps: list[int], scale: int) -> np.ndarray:
    """A ring's integer steps as (x, y) rows: running sums, each divided by ``scale`` once
    (the same doubles as summing and dividing point by point, in a few array operations)."""
    return np.cumsum(np.asarray(steps, dtype=np.int64).reshape(-1, 2), axis=0) / scale


def _round(geometry: Any) -> dict[str, Any]:
    """GeoJSON of ``geometry`` with coordinates rounded to :data:`DIGITS` decimals."""
    return mapping(shapely.transform(geometry, lambda xy: np.round(xy, DIGITS)))


def divisions(box: BBox) -> dict[str, Any]:
    """Land, boundaries and division names inside ``box``, as GeoJSON.

    Returns ``{"land": the countries' land clipped to the box (FeatureCollection, property
    ``cc``), "borders": country boundaries and coasts, "admin1": first-level division
    boundaries (each a MultiLineString, the box's own edges left out), "labels": [[lon, lat,
    name], ...]}``; the map's page holds the same shapes as :func:`page_divisions`.
    """
    found = shapes(box)
    return {"land": _collection([_feature(g, cc=cc)
                                 for cc, g in zip(found.countries, found.land, strict=True)]),
            "borders": _collection([_feature(found.borders)]),
            "admin1": _collection([_feature(found.admin1)]),
            "labels": found.labels}


def page_divisions(box: BBox) -> dict[str, Any]:
    """:func:`divisions` as the map's page carries them (:mod:`geomap.render.steps`):
    ``{"land": [[cc, [polygon: [ring run, ...], ...]], ...], "borders": [run, ...],
    "admin1": [run, ...], "labels": [[lon, lat, name], ...], "scale": steps.SCALE}``."""
    return {key: json.loads(text) for key, text in _page_division_texts(box).items()}


def _page_division_texts(box: BBox) -> dict[str, str]:
    """:func:`page_divisions`, each value as the page's JSON text (:func:`page_text`). A wide
    box's land and lines are taken from the world's page texts (:func:`world_context.page_cut`),
    never built as lists and written again."""
    cut = (world_context.page_cut(box, source_digest=_admin1_digest(), tolerance=WIDE_TOLERANCE)
           if is_wide(box) else None)
    if cut is not None:
        return {"land": cut.land, "borders": cut.borders, "admin1": cut.admin1,
                "labels": page_text(cut.labels), "scale": page_text(steps.SCALE)}
    found = shapes(box)
    land = [[cc, polygons] for cc, g in zip(found.countries, found.land, strict=True)
            if (polygons := steps.polygon_runs(g))]
    return {key: page_text(value) for key, value in (
        ("land", land), ("borders", steps.line_runs(found.borders)),
        ("admin1", steps.line_runs(found.admin1)), ("labels", found.labels),
        ("scale", steps.SCALE))}


def _page_object(texts: dict[str, str]) -> str:
    """The JSON object of these keys and value texts, keys sorted, as :func:`page_text`
    writes one."""
    return "{" + ",".join(f"{page_text(key)}:{texts[key]}" for key in sorted(texts)) + "}"


def is_wide(box: BBox) -> bool:
    """Whether ``box`` spans :data:`WIDE_AREA` square degrees or more."""
    west, south, east, north = box
    return (east - west) * (north - south) >= WIDE_AREA


def shapes(box: BBox) -> Divisions:
    """The shapes of the divisions inside ``box``. A box of :data:`WIDE_AREA` square degrees
    or more is simplified further and cut from the world's divisions drawn once
    (:mod:`geomap.render.world_context`)."""
    if not is_wide(box):
        return cut_afresh(box, tolerance=0.0)
    return (world_context.cut(box, source_digest=_admin1_digest(), tolerance=WIDE_TOLERANCE)
            or cut_afresh(box, tolerance=WIDE_TOLERANCE))


@cache
def _admin1_digest() -> str:
    return world_context.digest(ADMIN1)


def cut_afresh(box: BBox, *, tolerance: float) -> Divisions:
    """:func:`divisions`' shapes computed from Natural Earth's divisions: each cut a little
    outside ``box``, simplified together by ``tolerance`` (0: as shipped), merged by country;
    the boundaries drawn once, inside the box."""
    data = _admin1()
    scale = data["scale"]
    west, south, east, north = box
    # shapes are cut a little outside the box, so their outlines' cut edges fall outside it
    # and clipping the outlines to the box leaves no frame
    wide = (west - 0.1, south - 0.1, east + 0.1, north + 0.1)
    names, shapes, labels = [], [], []
    for cc, name, label, bounds, polygons in data["features"]:
        x0, y0, x1, y1 = (v / scale for v in bounds)
        if x1 < wide[0] or x0 > wide[2] or y1 < wide[1] or y0 > wide[3]:
            continue
        parts = [Polygon(_decode_ring(rings[0], scale),
                         [_decode_ring(r, scale) for r in rings[1:]]) for rings in polygons]
        geometry = shapely.clip_by_rect(shapely.multipolygons(parts), *wide)
        if geometry.is_empty:
            continue
        names.append(cc)
        shapes.append(geometry)
        lon, lat = label[0] / scale, label[1] / scale
        if west <= lon <= east and south <= lat <= north:
            labels.append([round(lon, DIGITS), round(lat, DIGITS), name])
    if tolerance and shapes:
        shapes = list(shapely.coverage_simplify(shapes, tolerance))
    by_country = defaultdict(list)
    for cc, geometry in zip(names, shapes, strict=True):
        by_country[cc].append(geometry)
    countries, land, borders = [], [], []
    for cc, parts in sorted(by_country.items()):
        country = _union(parts)
        countries.append(cc)
        land.append(shapely.clip_by_rect(country, *box))
        borders.append(country.boundary)
    lines = shapely.union_all([g.boundary for g in shapes], grid_size=1e-3) if shapes else None
    return Divisions(countries=countries, land=land,
                     borders=_lines_in(shapely.union_all(borders), box) if borders else None,
                     admin1=_lines_in(lines, box) if lines is not None else None,
                     labels=labels)


def _union(parts: list[Any]) -> Any:
    """One country's divisions as one shape: a coverage union, else (the clipped and simplified
    divisions no longer meet edge to edge) an overlay union snapped to a fine grid."""
    try:
        return shapely.coverage_union_all(parts)
    except shapely.errors.GEOSException:
        return shapely.union_all(shapely.make_valid(parts), grid_size=1e-6)


def _lines_in(lines: Any, box: BBox) -> Any:
    """The parts of ``lines`` inside ``box``, merged into as few lines as possible."""
    return shapely.line_merge(shapely.clip_by_rect(lines, *box))


def _feature(geometry: Any, **properties: Any) -> dict[str, Any] | None:
    if geometry is None or geometry.is_empty:
        return None
    return {"type": "Feature", "properties": properties, "geometry": _round(geometry)}


def _collection(features: list[dict[str, Any] | None]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [f for f in features if f]}


def places(box: BBox, *, limit: int = MAX_PLACES) -> list[list[Any]]:
    """Populated places in ``box`` as ``[lon, lat, name, first zoom]``, largest first, and
    sections of a town (GeoNames PPLX: "Al Mawsil al Jadidah") after every town, so a city's
    own name claims its place before its quarters do.

    Read from the shipped gazetteer (GeoNames); an index that cannot be opened gives none
    (the map is still drawn). A place's first zoom is the lowest at which its label has its
    cell to itself, larger places claiming cells first (:func:`label_zooms`).
    """
    path = default_index_path()
    if not path.is_file():
        return []
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        try:
            rows = _largest_places(con, box, limit)
        finally:
            con.close()
    except sqlite3.Error:
        return []
    points = [(lon / COORD_SCALE, lat / COORD_SCALE) for _, lat, lon, _ in rows]
    zooms = label_zooms(points)
    return [[round(lon, DIGITS), round(lat, DIGITS), name, zoom]
            for (lon, lat), (name, *_), zoom in zip(points, rows, zooms, strict=True)
            if zoom is not None]


def _largest_places(con: sqlite3.Connection, box: BBox, limit: int) -> list[tuple[Any, ...]]:
    """``(name, lat, lon, kind)`` of the populated places in ``box``, towns by population and
    then sections of towns, at most ``limit``.

    A wide box holds many more towns than ``limit``: those of :data:`LARGE_TOWN` people or more
    are sorted first, and when ``limit`` towns (not sections) are among them they are the
    answer; only otherwise is every place in the box sorted (the index has no population
    order: sorting every town of the world is most of the query).
    """
    marks = ",".join("?" * len(NOT_PLACES))
    kinds = dict(con.execute(f"SELECT kind, fcode FROM kinds WHERE fclass = 'P' AND fcode NOT "
                             f"IN ({marks})", NOT_PLACES).fetchall())
    sections = {kind for kind, code in kinds.items() if code == "PPLX"}
    west, south, east, north = box
    query = (f"SELECT name, lat, lon, kind FROM entries WHERE kind IN ({_listed(kinds)}) AND "
             "lat BETWEEN ? AND ? AND lon BETWEEN ? AND ? AND population >= ? "
             f"ORDER BY kind IN ({_listed(sections)}), population DESC, pid LIMIT ?")
    args = (round(south * COORD_SCALE), round(north * COORD_SCALE), round(west * COORD_SCALE),
            round(east * COORD_SCALE))
    if is_wide(box):
        rows = con.execute(query, (*args, LARGE_TOWN, limit)).fetchall()
        if len(rows) == limit and rows[-1][3] not in sections:
            return rows
    return con.execute(query, (*args, 0, limit)).fetchall()


def _listed(kinds: Iterable[int]) -> str:
    """Integer kinds read from the index, as an SQL list's items."""
    return ",".join(str(int(kind)) for kind in kinds)


def label_zooms(points: Sequence[tuple[float, float]]) -> list[int | None]:
    """For points in priority order, the first zoom at which each label gets a cell of
    :data:`LABEL_CELL` pixels to itself (None: not even at :data:`MAX_ZOOM`).

    Examples
    --------
    >>> label_zooms([(44.40, 33.34), (44.41, 33.35), (10.0, 10.0)])
    [4, 12, 4]
    """
    first: list[int | None] = [None] * len(points)
    where = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    for zoom in range(MIN_ZOOM, MAX_ZOOM + 1):
        degrees_per_pixel = 360 / (256 * 2 ** zoom)
        # each point's cell, once per zoom, as one integer: column above, row below 32 bits
        cell = where // np.array([c * degrees_per_pixel for c in LABEL_CELL])
        cells = (cell[:, 0].astype(np.int64) * (1 << 32) + cell[:, 1].astype(np.int64)).tolist()
        taken = {c for c, zoomed in zip(cells, first, strict=True) if zoomed is not None}
        for k, c in enumerate(cells):
            if first[k] is None and c not in taken:
                taken.add(c)
                first[k] = zoom
    return first


def surroundings(lats: Sequence[float], lons: Sequence[float]) -> dict[str, Any] | None:
    """Everything the context layer draws around these incidents, or None without any."""
    text = surroundings_json(lats, lons)
    return None if text is None else json.loads(text)


def surroundings_json(lats: Sequence[float], lons: Sequence[float]) -> str | None:
    """:func:`surroundings` as the map's page holds it (jinja's ``tojson`` without spaces:
    keys sorted, ``<>&'`` escaped), or None without incidents; a box drawn before is read
    from the cache (:mod:`geomap.render.context_cache`) and goes into the page as stored."""
    box = padded_box(lats, lons)
    if box is None:
        return None

    def compute() -> str:
        return _page_object({"box": page_text([round(v, DIGITS) for v in box]),
                             **_page_division_texts(box), "places": page_text(places(box))})

    return cached_text(box, compute, sources=(ADMIN1, world_context.WORLD_FILE, Path(__file__),
                                              Path(world_context.__file__), Path(steps.__file__)),
                       version=f"shapely {shapely.__version__} GEOS "
                               f"{shapely.geos_version_string} numpy {np.__version__} "
                               f"{_index_identity()} page")


def _index_identity() -> str:
    """The gazetteer index the places are read from, as the cache tells it apart: its path,
    size and modification time (hashing its megabytes would cost more than the query)."""
    path = default_index_path()
    try:
        stat = path.stat()
    except OSError:
        return f"index {path} missing"
    return f"index {path} {stat.st_size} {stat.st_mtime_ns}"
