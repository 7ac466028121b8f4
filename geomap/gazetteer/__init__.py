"""The local gazetteer: a GeoNames-derived SQLite index, queried offline.

The query side is :class:`Gazetteer` (:mod:`.index`); the shipped file's layout is
:mod:`.schema`; users' own places are read by :mod:`.user_places`. Rebuilding the index from
GeoNames and Natural Earth dumps is :mod:`geomap.gazetteer.build`, which a run never imports.
"""

from geomap.gazetteer.index import ATTRIBUTION, Gazetteer, class_rank, default_index_path

__all__ = ["ATTRIBUTION", "Gazetteer", "class_rank", "default_index_path"]
