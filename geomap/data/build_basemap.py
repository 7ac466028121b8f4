"""Rebuild ``basemap_110m.geojson`` from Natural Earth's 1:110m countries (see README.md).

Usage: ``python geomap/data/build_basemap.py PATH/ne_110m_admin_0_countries.shp``

Keeps two properties per country, ``iso`` (ISO_A2_EH, which gives France and Norway their codes
where ISO_A2 says -99) and ``name`` (NAME), and rounds coordinates to 2 decimals (about 1 km,
far below the 1:110m generalisation; repeated points are dropped), so the file stays near 160 KB.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
from shapely.geometry import mapping

TARGET = Path(__file__).resolve().parent / "basemap_110m.geojson"
DIGITS = 2


def _round(coords):
    """Round every position; drop repeats the rounding creates and rings it collapses."""
    if isinstance(coords[0][0], (int, float)):  # a ring
        ring = [[round(x, DIGITS), round(y, DIGITS)] for x, y in coords]
        ring = [p for k, p in enumerate(ring) if k == 0 or p != ring[k - 1]]
        return ring if len(ring) >= 4 else None
    parts = [_round(c) for c in coords]
    return [p for p in parts if p]


def build(source: Path, target: Path = TARGET) -> int:
    """Write the compact basemap; returns the number of countries."""
    frame = gpd.read_file(source, engine="pyogrio").to_crs(4326)
    features = []
    for _, row in frame.iterrows():
        geometry = mapping(row.geometry)
        features.append({"type": "Feature", "properties": {"iso": row["ISO_A2_EH"],
                                                          "name": row["NAME"]},
                         "geometry": {"type": geometry["type"],
                                      "coordinates": _round(json.loads(json.dumps(
                                          geometry["coordinates"])))}})
    text = json.dumps({"type": "FeatureCollection", "features": features},
                      separators=(",", ":"), ensure_ascii=False)
    target.write_text(text, encoding="utf-8")
    return len(features)


if __name__ == "__main__":
    print(build(Path(sys.argv[1])), "countries written to", TARGET)
