"""GeoJSON text sequences (RFC 8142 without the record separators): one feature a line, its
properties the flat columns of the declared schema, so tools that stream lines read scalars."""

from __future__ import annotations

from functools import partial

from geomap.io.writers.base import LayerWriter, write_ogr

GEOJSONSEQ = LayerWriter("geojsonseq", ".geojsonl", partial(write_ogr, driver="GeoJSONSeq"),
                         aliases=("geojsonl", "ndgeojson"))
