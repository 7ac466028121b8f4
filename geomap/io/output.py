"""Write outputs atomically, never replacing a file geomap did not write unless forced.

Every output carries geomap's generator mark near its start, written and recognised by its
format's writer (:mod:`geomap.io.writers`); a file with the mark is a previous run's output
and is replaced, anything else needs ``force=True``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from geomap.errors import OutputError
from geomap.io.files import GENERATOR_MARK, replace_atomically
from geomap.io.set_files import record_rewrite
from geomap.io.writers import FORMATS, WRITERS, AnyWriter, format_named, writer_for

__all__ = ["GENERATOR_MARK", "check_writable", "write", "write_atomic", "written_by_geomap"]


def written_by_geomap(path: Path) -> bool:
    """True when a writer of ``path``'s suffix recognises the file as its own (any writer,
    for a suffix geomap does not write)."""
    suffix = path.suffix.lower()
    own = [w for w in FORMATS.values() if w.suffix == suffix]
    return any(w.made_file(path) for w in (own or WRITERS.values()))


def check_writable(path: Path, *, force: bool = False) -> None:
    """Raise unless ``path`` is new, a previous geomap output, or ``force`` is set.

    Raises
    ------
    OutputError
        When ``path`` is a folder, or exists, was not written by geomap and ``force`` is False.
    """
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; geomap writes a file there")
    if path.exists() and not force and not written_by_geomap(path):
        raise OutputError(f"{path}: exists and was not written by geomap; "
                          "use --force to overwrite it")


def write_atomic(path: Path, data: str, *, force: bool = False) -> Path:
    """Write text that already carries geomap's mark, atomically.

    Raises
    ------
    OutputError
        When the target may not be overwritten or the folder cannot be written.
    """
    check_writable(path, force=force)
    replace_atomically(path, data)
    record_rewrite(path)
    return path


def write(path: Path, payload: Any, *, force: bool = False, format: str | None = None,
          writer: AnyWriter | None = None) -> Path:
    """Write ``payload`` in ``format`` (by default the one ``path``'s suffix names), atomically.

    ``writer`` stands in for a registered format (for outputs no user chooses, such as the
    files of ``geomap join``). A text format's payload is what its writer serialises (a
    FeatureCollection, a page); a layer format's is the tables, GeoJSON features by table name
    (:data:`~geomap.io.writers.base.Tables`). The file is filled beside the target, then
    renamed over it.

    Examples
    --------
    >>> write(Path("out/incidents.geojson"), collection)  # doctest: +SKIP
    >>> write(Path("out/geomap.gpkg"), {"incidents": features})  # doctest: +SKIP

    Raises
    ------
    OutputError
        For a format geomap does not write, a file it may not overwrite, or an unwritable
        folder.
    """
    writer = writer or (format_named(format) if format else writer_for(path))
    check_writable(path, force=force)
    _fill_atomically(path, writer, payload)
    record_rewrite(path)
    return path


def _fill_atomically(path: Path, writer: AnyWriter, payload: Any) -> Path:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        folder = tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err.strerror}") from err
    tmp = Path(folder) / path.name
    try:
        writer.write_to(tmp, payload)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OutputError:
        raise
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err.strerror or err}") from err
    finally:
        for leftover in Path(folder).iterdir():
            leftover.unlink()
        os.rmdir(folder)
    return path
