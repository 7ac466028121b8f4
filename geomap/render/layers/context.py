"""The offline map's context: land, borders and place names around the incidents."""

from __future__ import annotations

from jinja2 import Template
from jinja2.utils import htmlsafe_json_dumps

from geomap.render.layers.base import MapContext, MapLayer
from geomap.render.layers.basemap import LAND
from geomap.render.surroundings import surroundings_json

#: How the context draws: the sea (the page's background), division and country boundaries.
STYLE = {"sea": "#cfe3ef", "land": LAND["fillColor"], "admin1": "#8c7f93", "border": "#5f5f5f"}
#: Division boundaries and names from this zoom on (below it they only clutter).
ADMIN1_ZOOM = 5
#: Division names up to this zoom (above it the towns' names take over).
ADMIN1_LABELS_UNTIL = 8


class Context(MapLayer):
    """Natural Earth 1:10m land, first-level division and country boundaries, division names
    and GeoNames populated places with labels by zoom, all inside the incidents' bounding box
    (:mod:`geomap.render.surroundings`), drawn over the 1:110m basemap offline.

    Parameters
    ----------
    surroundings
        What :func:`geomap.render.surroundings.surroundings_json` gathered, as the page holds
        it: megabytes of JSON for a box that spans the world, put into the page as they are.
    """

    layer = "context"
    scripts = ("geomap-context.js",)
    # MapLayer's line, with the options' JSON written here (see options_json)
    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.add({{ this.layer|tojson }}, {{ this.options_json }});
        {% endmacro %}
    """)

    def __init__(self, *, surroundings: str) -> None:
        super().__init__(style=STYLE, admin1_zoom=ADMIN1_ZOOM,
                         admin1_labels_until=ADMIN1_LABELS_UNTIL)
        self.surroundings = surroundings

    @property
    def options_json(self) -> str:
        """``tojson`` of the options with the surroundings: what MapLayer's template writes,
        with the surroundings' text spliced in as its last member (keys are sorted)."""
        head = str(htmlsafe_json_dumps({**self.options, "surroundings": None}, sort_keys=True))
        assert head.endswith('"surroundings": null}'), "surroundings sorts last"
        return f"{head[:-len('null}')]}{self.surroundings}}}"

    @classmethod
    def for_map(cls, context: MapContext) -> Context | None:
        """Offline maps with incidents only: online, the tiles give the context."""
        if not context.offline:
            return None
        found = surroundings_json(context.data["lat"], context.data["lon"])
        return cls(surroundings=found) if found else None
