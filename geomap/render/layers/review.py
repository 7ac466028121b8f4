"""The reviewer's loop: judge the selected incident, fix it, export the corrections."""

from __future__ import annotations

from geomap.render.layers.base import MapLayer


class Review(MapLayer):
    """A panel for the selected incident: mark it right or wrong, move its pin (typed
    coordinates or a click on the map), fix its event type, date or fatalities, and add a note.
    Judgements persist in the browser (localStorage, keyed by ``incident_id``) and export as
    the file ``geomap run --corrections`` and ``geomap map --corrections`` apply
    (:mod:`geomap.io.corrections`).

    Parameters
    ----------
    title
        The panel's heading (the panel folds on a phone).
    hint
        What the panel says while no incident is selected.
    name
        The exported file's name.
    position
        The map corner (Leaflet's control positions).
    """

    layer = "review"
    scripts = ("geomap-review.js",)

    def __init__(self, *, title: str = "Review",
                 hint: str = "Select an incident (in the list or on the map) to review it.",
                 name: str = "geomap-corrections.json", position: str = "bottomright") -> None:
        super().__init__(title=title, hint=hint, name=name, position=position)
