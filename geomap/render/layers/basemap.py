"""Natural Earth's countries: drawn in place of tiles offline, and the country layer's shapes."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from geomap.render.layers.base import MapContext, MapLayer
from geomap.resources import package_file

BASEMAP = package_file("data", "basemap_110m.geojson")
#: How the offline basemap draws land (the sea is the page's background colour).
LAND = {"color": "#8a8a8a", "weight": 0.8, "fillColor": "#f2efe9", "fillOpacity": 1}


@cache
def natural_earth() -> dict[str, Any]:
    """The shipped country polygons (``iso``, ``name``), read once per process."""
    return json.loads(BASEMAP.read_text(encoding="utf-8"))


class Basemap(MapLayer):
    """Country polygons, first of the layers so everything else is drawn above them.

    Parameters
    ----------
    only
        ISO codes of the countries to embed; None embeds all (the offline basemap needs all,
        an online map only the countries its incidents shade).
    draw
        Draw the polygons as the basemap (offline); otherwise only keep them for the country
        layer, over tiles.
    """

    layer = "basemap"
    scripts = ("geomap-basemap.js",)

    def __init__(self, *, only: set[str] | None = None, draw: bool = True) -> None:
        features = [f for f in natural_earth()["features"]
                    if only is None or f["properties"]["iso"] in only]
        super().__init__(countries={"type": "FeatureCollection", "features": features},
                         draw=draw, style=LAND)

    @classmethod
    def for_map(cls, context: MapContext) -> Basemap:
        """All countries drawn offline; online, only those with incidents, not drawn."""
        if context.offline:
            return cls()
        return cls(only=set(context.data["countries"]), draw=False)
