"""GeoPackage: incidents, their quotes (keyed by ``incident_id``) and mentions as layers."""

from __future__ import annotations

from pathlib import Path

from geomap.io.writers.base import LayerWriter, Tables, write_ogr


def _fill(path: Path, tables: Tables) -> None:
    layers = dict(tables)
    if "incidents" in layers:
        layers = {"incidents": layers["incidents"], "quotes": layers["incidents"],
                  **{k: v for k, v in layers.items() if k != "incidents"}}
    write_ogr(path, layers, driver="GPKG")


GPKG = LayerWriter("gpkg", ".gpkg", _fill, filename="geomap", aliases=("geopackage",))
