"""The legend: what each colour means, and how many incidents of each type are shown."""

from __future__ import annotations

from geomap.render.layers.base import MapLayer

NOTE = ("Hollow dashed pins: placed at an area or country, not a site; a click shows the "
        "uncertainty.")


class Legend(MapLayer):
    """Each event type on the map with its colour and symbol and its count ("3 of 7" while a
    filter hides some), plus what a hollow pin means.

    Parameters
    ----------
    title, note
        The lines above and below the types.
    position
        The map corner (Leaflet's control positions).
    """

    layer = "legend"
    scripts = ("geomap-legend.js",)

    def __init__(self, *, title: str = "Incidents by event type", note: str = NOTE,
                 position: str = "bottomright") -> None:
        super().__init__(title=title, note=note, position=position)
