"""The incidents: one switchable pin layer per event type, with the quotes in the popups."""

from __future__ import annotations

from geomap.render.layers.base import MapLayer


class Incidents(MapLayer):
    """Pins per event type in its colour (:mod:`geomap.event_types`), clustered above the size
    budget, hollow and dashed when placed only at an area or country.

    The pins, popups and clusters are drawn in the browser from the page's compact data
    (:mod:`geomap.render.data`): a Folium marker per incident would cost four times the bytes.
    A map over the size budget keeps no details, and this layer then draws nothing.
    """

    layer = "incidents"
    scripts = ("geomap-pins.js", "geomap-incidents.js")
