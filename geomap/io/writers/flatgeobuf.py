"""FlatGeobuf: one table a file; no spatial index, since unplaced mentions have no point."""

from __future__ import annotations

from functools import partial

from geomap.io.writers.base import LayerWriter, write_ogr

FLATGEOBUF = LayerWriter("fgb", ".fgb",
                         partial(write_ogr, driver="FlatGeobuf", SPATIAL_INDEX="NO"),
                         aliases=("flatgeobuf",))
