"""Build the gazetteer index from GeoNames dumps, Natural Earth and the curated tables.

:mod:`.rows` holds the row record and the CSV helpers every source reader shares;
:mod:`.sources`, :mod:`.areas` and :mod:`.regions` read one kind of source each;
:mod:`.builder` writes the index.
"""

from geomap.gazetteer.build.builder import DATA_DIR, build

__all__ = ["DATA_DIR", "build"]
