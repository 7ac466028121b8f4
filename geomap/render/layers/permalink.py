"""The permalink: view, filters and selected incident kept in the URL's #hash."""

from __future__ import annotations

from geomap.render.layers.base import MapLayer


class Permalink(MapLayer):
    """Reads the map's state from the URL's ``#hash`` on load and writes it back on every move,
    filter change and selection, so a link reproduces what the reviewer saw.

    It draws nothing; it comes before the controls in ``LAYERS`` so they show the restored
    state when they are built. Filters are kept by name (``type=Battles``) and the selection by
    ``incident_id``, so a link survives a rebuilt map.
    """

    layer = "permalink"
    scripts = ("geomap-permalink.js",)
