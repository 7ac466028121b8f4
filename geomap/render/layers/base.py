"""What every map layer is: a folium element whose one script line hands options to its JS.

Shaped like folium's ``HeatMap``: a ``MacroElement`` with a ``_template`` holding a
``{% macro script %}`` block, options stored once and reaching JavaScript only through
``|tojson``. The layer's drawing lives in its own static script, which registers a factory
under :attr:`MapLayer.layer` (``Geomap.register`` in ``static/geomap.js``); the rendered line
calls it on the shared view (:class:`geomap.render.view.GeomapView`, the layer's parent), so
article text never passes through a template.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from jinja2 import Template

from geomap.render.static_html import StaticMacroElement


@dataclass(frozen=True, slots=True)
class MapContext:
    """What a layer may look at to decide how (and whether) this map draws it.

    Attributes
    ----------
    data
        What layers choose their options from (:func:`geomap.render.map.build_map`): the
        incidents' ``lat`` and ``lon``, the drawing ``mode``, its ``notice`` and the
        ``countries`` with incidents. The page's payload carries everything else.
    offline
        True when no tiles are drawn and no request may leave the page.
    """

    data: Mapping[str, Any]
    offline: bool


class MapLayer(StaticMacroElement):
    """One layer (or control) of the review map, drawn by its own script.

    Subclasses set :attr:`layer` (the name their script registers) and :attr:`scripts` (their
    files in ``geomap/render/static/``, in load order), and take their options as keyword
    arguments.
    """

    #: The name the layer's script registers with ``Geomap.register``.
    layer: ClassVar[str]
    #: The layer's own static files, inlined after the core ``geomap.js``.
    scripts: ClassVar[tuple[str, ...]]

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.add({{ this.layer|tojson }}, {{ this.options|tojson }});
        {% endmacro %}
    """)

    def __init__(self, **options: Any) -> None:
        super().__init__()
        self._name = type(self).__name__
        self.options = options

    @classmethod
    def for_map(cls, context: MapContext) -> MapLayer | None:
        """The layer as this map draws it, or None to leave it out; by default, as built."""
        del context
        return cls()
