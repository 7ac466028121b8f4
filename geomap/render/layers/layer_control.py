"""Leaflet's layer control, listing the overlays of the layers before it."""

from __future__ import annotations

from geomap.render.layers.base import MapLayer


class LayerControl(MapLayer):
    """The switches for every overlay, in the order the layers added them.

    As folium's ``LayerControl``, it must come after the layers it lists.

    Parameters
    ----------
    collapsed
        Fold the control into an icon until hovered (open by default: the reviewer should see
        which layers exist).
    """

    layer = "layer_control"
    scripts = ("geomap-layer-control.js",)

    def __init__(self, *, collapsed: bool = False) -> None:
        super().__init__(collapsed=collapsed)
