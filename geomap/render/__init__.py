"""The review map: one self-contained Leaflet page built with Folium.

:mod:`.map` builds the page, :mod:`.view` hands the data to the browser once, :mod:`.layers`
holds one element per map layer or control (each with its own script in ``static/``, walked
from ``layers.LAYERS``), :mod:`.data` encodes incidents compactly, :mod:`.assets` finds or
installs Leaflet and its plugins from the npm registry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geomap.render.map import build_map, save_map

__all__ = ["build_map", "save_map"]


def __getattr__(name: str) -> Any:
    """``build_map`` and ``save_map`` import Folium when first asked for, not with the package:
    a run that writes no map imports a light module of it (``places_mentioned``) only."""
    if name in __all__:
        from geomap.render import map as page

        return getattr(page, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
