"""The review map: one self-contained Leaflet page built with Folium.

:mod:`.map` builds the page, :mod:`.view` hands the data to the browser once, :mod:`.layers`
holds one element per map layer or control (each with its own script in ``static/``, walked
from ``layers.LAYERS``), :mod:`.data` encodes incidents compactly, :mod:`.assets` finds or
installs Leaflet and its plugins from the npm registry.
"""

from geomap.render.map import build_map, save_map

__all__ = ["build_map", "save_map"]
