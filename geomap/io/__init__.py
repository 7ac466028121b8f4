"""Reading articles in and writing results out.

:mod:`.listing` lists the files the input names; :mod:`.articles` reads text, sidecars and
JSON Lines; :mod:`.parts` cuts the input for a cluster's workers; :mod:`.geojson` builds features;
:mod:`.schema` declares the flat tables every other format is written from; :mod:`.writers`
holds one writer a format, :mod:`.formats` plans which files a run or an export makes and
:mod:`.output` writes them atomically, never over a file geomap did not write; :mod:`.acled`
shapes incidents as ACLED rows and :mod:`.join` pairs them with an ACLED export;
:mod:`.results` is what the Python API returns; :mod:`.map_inputs` reads geomap's own GeoJSON
back for ``geomap map``.
"""

from geomap.io.articles import read_articles

__all__ = ["read_articles"]
