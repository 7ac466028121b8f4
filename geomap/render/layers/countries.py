"""Countries shaded by their incidents or fatalities: where the fighting is, at a glance."""

from __future__ import annotations

from geomap.render.layers.base import MapLayer


class Countries(MapLayer):
    """Two switchable choropleths over the basemap's polygons (:class:`.basemap.Basemap`,
    which must come earlier): incidents per country and fatalities per country, counting only
    what the filters show, on a log scale so one war does not hide the rest.

    Parameters
    ----------
    count_label, fatalities_label
        The two layers' names in the layer control.
    """

    layer = "countries"
    scripts = ("geomap-countries.js",)

    def __init__(self, *, count_label: str = "Countries: incident count",
                 fatalities_label: str = "Countries: fatalities") -> None:
        super().__init__(labels=[count_label, fatalities_label])
