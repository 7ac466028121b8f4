"""GeoParquet (1.0, WKB points) through geopandas and pyarrow: one table a file.

geopandas and pyarrow are optional (``pip install 'geomap-news[formats]'``); asking for this
format without them names the install line.
"""

from __future__ import annotations

from pathlib import Path

from geomap.errors import OutputError
from geomap.extras import install_line
from geomap.io.schema import TABLES
from geomap.io.writers.base import LayerWriter, Tables


def _fill(path: Path, tables: Tables) -> None:
    from geomap.io.schema import geoframe

    ((table, features),) = tables.items()
    try:
        geoframe(table, features).to_parquet(path, index=False)
    except ImportError as err:
        raise OutputError(f"{path.name}: GeoParquet needs pyarrow: "
                          f"{install_line('formats')}") from err


def _made(path: Path) -> bool:
    try:
        import pyarrow.parquet as pq

        names = set(pq.read_schema(path).names)
    except Exception:  # any unreadable file is simply not ours
        return False
    return any({f.name for f in fields} <= names for fields in TABLES.values())


PARQUET = LayerWriter("parquet", ".parquet", _fill, aliases=("geoparquet",), recognise=_made,
                      needs=("geopandas", "pyarrow"))
