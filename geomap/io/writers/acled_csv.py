"""ACLED-shaped CSV (``--format acled-csv``): incidents in ACLED's columns and codes."""

from __future__ import annotations

from pathlib import Path

from geomap.io.writers.base import LayerWriter, Tables


def _fill(path: Path, tables: Tables) -> None:
    import pandas as pd
    import pyogrio

    from geomap.io.acled import COLUMNS, INTEGER_COLUMNS, REAL_COLUMNS, acled_rows

    rows = acled_rows(tables["incidents"])
    dtypes = {**dict.fromkeys(INTEGER_COLUMNS, "Int64"), **dict.fromkeys(REAL_COLUMNS, "Float64")}
    frame = pd.DataFrame({c: pd.Series([r[c] for r in rows], dtype=dtypes.get(c, "object"))
                          for c in COLUMNS})
    pyogrio.write_dataframe(frame, path, layer="acled", driver="CSV")


def made_acled_csv(path: Path) -> bool:
    """True when the CSV's header ends with ``geomap_incident_id``, the column geomap adds."""
    try:
        with path.open(encoding="utf-8") as fh:
            return fh.readline().rstrip("\r\n").endswith(",geomap_incident_id")
    except (OSError, UnicodeDecodeError):
        return False


ACLED_CSV = LayerWriter("acled-csv", ".csv", _fill, tables=("incidents",), filename="acled",
                        aliases=("acled",), recognise=made_acled_csv,
                        needs=("pyogrio", "pandas"))
