"""Every resolved place the articles mention, whether or not an incident happened there."""

from __future__ import annotations

from geomap.render.layers.base import MapLayer


class Mentions(MapLayer):
    """Grey circles sized by how often a place is mentioned, with its spellings in the popup.

    Off by default: a place mentioned ("talks in Geneva") is not an incident site, but a
    reviewer checking the geoparsing needs to see what was placed where.

    Parameters
    ----------
    label
        The name in the layer control.
    """

    layer = "mentions"
    scripts = ("geomap-mentions.js",)

    def __init__(self, *, label: str = "Place mentions (not incident sites)") -> None:
        super().__init__(label=label)
