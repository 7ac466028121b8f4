"""GeoJSON (RFC 7946) FeatureCollections, marked by a top-level ``generator`` member."""

from __future__ import annotations

import json
from typing import Any

from geomap.io.files import GENERATOR_MARK
from geomap.io.writers.base import Writer


def _serialise(collection: dict[str, Any]) -> str:
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


GEOJSON = Writer(".geojson", f'"generator": "{GENERATOR_MARK}"', _serialise, name="geojson")
