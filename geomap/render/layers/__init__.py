"""The review map's layers and controls, one module each, drawn in the order of :data:`LAYERS`.

Each layer is a :class:`~geomap.render.layers.base.MapLayer`: a small folium element in
``layers/<layer>.py`` that owns its script(s) in ``geomap/render/static/``. The page
(:func:`geomap.render.map.build_map`) inlines the core ``geomap.js`` and then every layer's
scripts, and adds the layers to the shared view in this order: it fixes what is drawn above
what, the order of the layer control's switches and the order in which layers see a filter
change.

To add a map layer, write ``layers/<layer>.py`` (a ``MapLayer`` subclass naming its ``layer``
and ``scripts``) and its ``static/geomap-<layer>.js`` (calling
``Geomap.register("<layer>", function (view, options) {...})``), then add one line to
:data:`LAYERS`. Nothing else names the layers.
"""

from __future__ import annotations

from geomap.render.layers.aggregate import Aggregate
from geomap.render.layers.base import MapContext, MapLayer
from geomap.render.layers.basemap import Basemap
from geomap.render.layers.context import Context
from geomap.render.layers.countries import Countries
from geomap.render.layers.export import Export
from geomap.render.layers.filters import Filters
from geomap.render.layers.heat import Heat
from geomap.render.layers.incidents import Incidents
from geomap.render.layers.layer_control import LayerControl
from geomap.render.layers.legend import Legend
from geomap.render.layers.list import IncidentList
from geomap.render.layers.mentions import Mentions
from geomap.render.layers.notice import Notice
from geomap.render.layers.permalink import Permalink
from geomap.render.layers.review import Review
from geomap.render.layers.search import Search

#: The layers, bottom first; LayerControl after every layer it lists.
LAYERS: tuple[type[MapLayer], ...] = (
    Basemap,
    Context,
    Permalink,
    Incidents,
    Aggregate,
    Heat,
    Countries,
    Mentions,
    Legend,
    Search,
    Filters,
    LayerControl,
    Notice,
    IncidentList,
    Export,
    Review,
)


def scripts() -> tuple[str, ...]:
    """Every layer's static scripts, each once, in :data:`LAYERS` order."""
    return tuple(dict.fromkeys(name for layer in LAYERS for name in layer.scripts))


__all__ = ["LAYERS", "MapContext", "MapLayer", "scripts"]
