"""The shared view: the page's data handed to the browser once, then the layers, then ready.

Every layer reads the same incidents, styles and filter state, so the data are decoded once, by
``static/geomap.js``'s ``geomapRender`` (the page's one call that carries the data, which
tests read back), rather than by each layer. The layers are this element's children: their
script lines run after the view exists and before ``ready()`` draws the first selection.
"""

from __future__ import annotations

from typing import Any, cast

from branca.element import Element, Figure, MacroElement
from jinja2 import Template

#: Stands for the payload in the rendered page until :func:`fill_payload` puts it in.
PLACEHOLDER = '"__GEOMAP_PAYLOAD__"'


class GeomapView(MacroElement):
    """The data every layer draws from, and the parent of the layers.

    Parameters
    ----------
    payload : str
        The data, already serialised by :func:`geomap.render.map.to_json`. It is put into the
        page after rendering (:func:`fill_payload`): tens of megabytes need not pass through
        the template or the element-id rewriting.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} =
            geomapRender({{ this._parent.get_name() }}, {{ this.placeholder }});
        {% endmacro %}
    """)

    def __init__(self, payload: str) -> None:
        super().__init__()
        self._name = "GeomapView"
        self.placeholder, self.payload = PLACEHOLDER, payload

    # branca's MacroElement.render returns None, its annotation (Element's) says str
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Render the view, then its layers (branca renders children after), then ``ready()``."""
        super().render(**kwargs)
        name = self.get_name()
        root = cast(Figure, self.get_root())
        root.script.add_child(Element(f"{name}.ready();"), name=f"{name}_ready")


def fill_payload(html: str, payload: str) -> str:
    """Put the payload where the view's placeholder is."""
    return html.replace(PLACEHOLDER, payload, 1)
