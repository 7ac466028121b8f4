"""Export: what the filters show, as GeoJSON or CSV, saved from the page itself."""

from __future__ import annotations

from geomap.render.layers.base import MapLayer


class Export(MapLayer):
    """Two buttons saving the incidents the filters show as GeoJSON (``incidents.geojson``'s
    property names, with the quotes) or CSV (one row each, quotes in one cell). The files are
    built in the browser and saved as a download: the page makes no request.

    Parameters
    ----------
    title
        The panel's heading (the panel folds on a phone).
    name
        The downloaded files' name, without extension.
    position
        The map corner (Leaflet's control positions).
    """

    layer = "export"
    scripts = ("geomap-export.js",)

    def __init__(self, *, title: str = "Export", name: str = "geomap-selection",
                 position: str = "bottomleft") -> None:
        super().__init__(title=title, name=name, position=position)
