"""Output writers by file suffix: each serialises one format and knows its own geomap mark.

Adding an output format is one module here defining a :class:`Writer` plus one entry in
:data:`WRITERS`. :func:`geomap.io.output.write` picks the writer by the path's suffix, and
:func:`geomap.io.output.check_writable` asks it whether an existing file carries its mark.
"""

from __future__ import annotations

from pathlib import Path

from geomap.errors import OutputError
from geomap.io.writers.base import Writer
from geomap.io.writers.geojson import GEOJSON
from geomap.io.writers.html import HTML

#: Writers by lower-case suffix.
WRITERS: dict[str, Writer] = {w.suffix: w for w in (GEOJSON, HTML)}

__all__ = ["WRITERS", "Writer", "writer_for"]


def writer_for(path: Path) -> Writer:
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
