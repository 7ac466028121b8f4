"""The filters: time range and precision, applied to every layer at once."""

from __future__ import annotations

from geomap.render.layers.base import MapLayer


class Filters(MapLayer):
    """A switch hiding incidents placed only at an area or country, two sliders bounding the
    event date (undated incidents kept by a checkbox), and how many incidents are shown.

    Parameters
    ----------
    title
        The panel's heading (the panel folds on a phone).
    switch_label
        The precision switch's text.
    position
        The map corner (Leaflet's control positions).
    """

    layer = "filters"
    scripts = ("geomap-filters.js",)

    def __init__(self, *, title: str = "Precision and date",
                 switch_label: str = "Show area/country-level incidents",
                 position: str = "topleft") -> None:
        super().__init__(title=title, switchLabel=switch_label, position=position)
