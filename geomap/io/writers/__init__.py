"""Output writers by format name and by file suffix.

Adding an output format is one module here defining a :class:`Writer` (text) or a
:class:`LayerWriter` (a file another library fills) plus one entry in :data:`FORMATS`.
:func:`geomap.io.output.write` picks the writer by name or by the path's suffix, and
:func:`geomap.io.output.check_writable` asks it whether an existing file is one it wrote.
"""

from __future__ import annotations

from pathlib import Path

from geomap.errors import OutputError
from geomap.io.writers.acled_csv import ACLED_CSV
from geomap.io.writers.base import LayerWriter, Writer
from geomap.io.writers.csv import CSV
from geomap.io.writers.flatgeobuf import FLATGEOBUF
from geomap.io.writers.geojson import GEOJSON
from geomap.io.writers.geojsonseq import GEOJSONSEQ
from geomap.io.writers.gpkg import GPKG
from geomap.io.writers.html import HTML
from geomap.io.writers.kml import KML
from geomap.io.writers.parquet import PARQUET

AnyWriter = Writer | LayerWriter

#: Writers by format name. The first writer of a suffix is the one that suffix picks.
FORMATS: dict[str, AnyWriter] = {w.name: w for w in (
    GEOJSON, HTML, GEOJSONSEQ, GPKG, FLATGEOBUF, PARQUET, CSV, KML, ACLED_CSV)}

#: Writers by lower-case suffix.
WRITERS: dict[str, AnyWriter] = {}
for _writer in FORMATS.values():
    WRITERS.setdefault(_writer.suffix, _writer)

#: The map page's writer, which the renderer fills.
HTML_WRITER = HTML

_NAMES = {**{a: w for w in FORMATS.values() for a in w.aliases}, **FORMATS,
          **{s.lstrip("."): w for s, w in WRITERS.items()}}

__all__ = ["FORMATS", "HTML_WRITER", "WRITERS", "AnyWriter", "LayerWriter", "Writer",
           "format_named", "writer_for"]


def writer_for(path: Path) -> AnyWriter:
    """The writer registered for ``path``'s suffix.

    Raises
    ------
    OutputError
        Listing the suffixes geomap writes when ``path``'s is not one of them.
    """
    try:
        return WRITERS[path.suffix.lower()]
    except KeyError:
        raise OutputError(f"{path}: geomap writes no {path.suffix or 'suffix-less'} file; "
                          f"use one of {', '.join(sorted(WRITERS))}") from None


def format_named(name: str) -> AnyWriter:
    """The writer of format ``name`` (``gpkg``, ``geopackage``, ``.gpkg``, ``acled-csv``...).

    Raises
    ------
    OutputError
        Listing the format names when ``name`` is none of them.
    """
    try:
        return _NAMES[name.strip().lower().lstrip(".")]
    except KeyError:
        raise OutputError(f"no output format {name!r}; use one of "
                          f"{', '.join(FORMATS)}") from None
