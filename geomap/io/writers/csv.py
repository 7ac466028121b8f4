"""CSV: the flat columns of one table, the point as ``latitude``/``longitude``, no geometry."""

from __future__ import annotations

from pathlib import Path

from geomap.io.writers.base import LayerWriter, Tables


def _fill(path: Path, tables: Tables) -> None:
    import pyogrio

    from geomap.io.schema import frame

    ((table, features),) = tables.items()
    pyogrio.write_dataframe(frame(table, features), path, layer=table, driver="CSV")


CSV = LayerWriter("csv", ".csv", _fill, needs=("pyogrio", "pandas"))
