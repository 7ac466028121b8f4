"""The list panel: the incidents in view, by date, kept in step with the map."""

from __future__ import annotations

from geomap.render.layers.base import MapLayer


class IncidentList(MapLayer):
    """The incidents the filters show inside the map's view, newest first, as buttons: a
    reviewer can tab into the list and press Enter to zoom to an incident and open its popup;
    hovering an item rings its pin and hovering a pin marks its item.

    Parameters
    ----------
    title
        The panel's heading (the panel folds on a phone).
    limit
        How many items are drawn at most; the rest are counted.
    position
        The map corner (Leaflet's control positions).
    """

    layer = "list"
    scripts = ("geomap-list.js",)

    def __init__(self, *, title: str = "Incidents in view", limit: int = 200,
                 position: str = "topright") -> None:
        super().__init__(title=title, limit=limit, position=position)
