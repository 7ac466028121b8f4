"""Incident density as a heat layer (leaflet.heat)."""

from __future__ import annotations

from geomap.render.layers.base import MapLayer


class Heat(MapLayer):
    """The density of the incidents the filters show; off by default.

    Parameters
    ----------
    label
        The name in the layer control.
    radius, blur, min_opacity
        leaflet.heat's options, in pixels and as a fraction.
    """

    layer = "heat"
    scripts = ("geomap-heat.js",)

    def __init__(self, *, label: str = "Heat (incident density)", radius: int = 18,
                 blur: int = 14, min_opacity: float = 0.3) -> None:
        super().__init__(label=label, heat={"radius": radius, "blur": blur,
                                            "minOpacity": min_opacity})
