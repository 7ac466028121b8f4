"""Find and filter: a search box and facet filters whose counts follow each other."""

from __future__ import annotations

from geomap.render.layers.base import MapLayer


class Search(MapLayer):
    """A search box (place, actor, type, country, the quotes' words) and filters by event type,
    sub-type, actor, country, precision and fatalities, all combined with the date and
    precision filters; each choice says how many incidents choosing it would show.

    Parameters
    ----------
    title
        The panel's heading (the panel folds on a phone).
    placeholder
        The search box's hint.
    position
        The map corner (Leaflet's control positions).
    """

    layer = "search"
    scripts = ("geomap-search.js",)

    def __init__(self, *, title: str = "Find and filter",
                 placeholder: str = "place, actor, words of a quote",
                 position: str = "topleft") -> None:
        super().__init__(title=title, placeholder=placeholder, position=position)
