"""Reading articles in and writing results out.

:mod:`.articles` reads text, sidecars and JSON Lines; :mod:`.output` writes atomically and never
overwrites a file geomap did not write; :mod:`.geojson` writes features;
:mod:`.map_inputs` reads geomap's own GeoJSON back for ``geomap map``.
"""

from geomap.io.articles import read_articles

__all__ = ["read_articles"]
