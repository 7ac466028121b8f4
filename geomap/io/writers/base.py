"""What every output writer is: a name, a suffix, a way to fill a file, and a way to know it.

Two shapes share one protocol. A :class:`Writer` serialises a payload to text carrying
``mark`` in its first bytes (GeoJSON, the map page). A :class:`LayerWriter` is handed the path
and the tables (GeoJSON features by table name) and writes the file itself, through pyogrio or
pyarrow; it knows its own files by their layers' columns, which are geomap's declared schema
(:mod:`geomap.io.schema`). Either way :func:`geomap.io.output.write` makes the write atomic.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geomap.errors import OutputError
from geomap.extras import require
from geomap.io.schema import TABLES

#: GeoJSON features by table name (``incidents``, ``mentions``): what a LayerWriter writes.
Tables = Mapping[str, list[dict[str, Any]]]

_PEEK_BYTES = 512


@dataclass(frozen=True)
class Writer:
    """One text format.

    ``serialise`` turns the payload (a FeatureCollection, a page) into the file's text, which
    carries ``mark`` within its first bytes so that a later run may replace it.
    """

    suffix: str
    mark: str
    serialise: Callable[[Any], str]
    name: str = ""
    aliases: tuple[str, ...] = ()

    def made(self, head: str) -> bool:
        """True when a file starting with ``head`` was written by this writer."""
        return self.mark in head

    def made_file(self, path: Path) -> bool:
        """True when the file at ``path`` starts with this writer's mark."""
        try:
            with path.open("rb") as fh:
                return self.made(fh.read(_PEEK_BYTES).decode("utf-8", "replace"))
        except OSError:
            return False

    def write_to(self, path: Path, payload: Any) -> None:
        """Write the serialised payload to ``path`` (a new, temporary file)."""
        path.write_text(self.serialise(payload), encoding="utf-8")


@dataclass(frozen=True)
class LayerWriter:
    """One format written from geomap's tables by a library that takes the path itself.

    ``fill(path, tables)`` writes a new file; ``tables`` names the tables the format holds.
    With ``filename`` set, one file holds them all (a GeoPackage's layers, the ACLED table);
    otherwise a run writes one file per table (``incidents.fgb``, ``mentions.fgb``).
    ``made_file`` says whether an existing file is one geomap wrote; by default, when a layer
    carries every column of one of geomap's tables. ``needs`` are the libraries it writes
    with, none of them installed by default (the ``formats`` extra brings them):
    :meth:`require` checks them before a run reads its first article.
    """

    name: str
    suffix: str
    fill: Callable[[Path, Tables], None]
    tables: tuple[str, ...] = ("incidents", "mentions")
    filename: str | None = None
    aliases: tuple[str, ...] = ()
    recognise: Callable[[Path], bool] | None = None
    needs: tuple[str, ...] = ("pyogrio", "geopandas")

    def require(self, purpose: str | None = None) -> None:
        """Check that the libraries this format is written with are installed; ``purpose``
        (default ``--format NAME``) is what the message says needs them.

        Raises
        ------
        MissingExtraError
            Naming the missing library and ``pip install 'geomap-news[formats]'``.
        """
        require(self.needs, extra="formats", purpose=purpose or f"--format {self.name}")

    def made_file(self, path: Path) -> bool:
        """True when the file at ``path`` was written by this writer."""
        return (self.recognise or has_geomap_layer)(path)

    def write_to(self, path: Path, payload: Tables) -> None:
        """Write the tables ``payload`` holds to ``path`` (a new, temporary file).

        Raises
        ------
        OutputError
            When ``payload`` holds no table this format writes, or more than one file of it can.
        MissingExtraError
            When a library it is written with is not installed.
        """
        self.require()
        given = {t: f for t, f in payload.items() if t in self.tables}
        if not given:
            raise OutputError(f"{path.name}: {self.name} holds {' and '.join(self.tables)}, "
                              f"not {' or '.join(payload) or 'nothing'}")
        if self.filename is None and len(given) > 1:
            raise OutputError(f"{path.name}: {self.name} holds one table; write "
                              f"{' and '.join(given)} to one file each")
        self.fill(path, given)


def columns_of(path: Path) -> list[list[str]]:
    """The column names of every layer of the file at ``path`` read with pyogrio ([] if none)."""
    import pyogrio

    try:
        return [list(pyogrio.read_info(path, layer=name)["fields"])
                for name, _ in pyogrio.list_layers(path)]
    except Exception:  # any unreadable file is simply not ours
        return []


def has_geomap_layer(path: Path) -> bool:
    """True when a layer of ``path`` has every column of one of geomap's tables."""
    return any({f.name for f in fields} <= set(columns)
               for columns in columns_of(path) for fields in TABLES.values())


def write_ogr(path: Path, tables: Tables, *, driver: str, **options: Any) -> None:
    """Write each table as a layer named after it with pyogrio, in its declared types."""
    import pyogrio

    from geomap.io.schema import geoframe

    for table, features in tables.items():
        pyogrio.write_dataframe(geoframe(table, features), path, layer=table, driver=driver,
                                append=path.exists(), **options)
