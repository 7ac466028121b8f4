"""Write outputs atomically, never replacing a file geomap did not write unless forced.

Every output carries geomap's generator mark near its start, written and recognised by its
format's writer (:mod:`geomap.io.writers`); a file with the mark is a previous run's output
and is replaced, anything else needs ``force=True``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geomap.errors import OutputError
from geomap.io.files import GENERATOR_MARK, replace_atomically
from geomap.io.writers import WRITERS, writer_for

__all__ = ["GENERATOR_MARK", "check_writable", "write", "write_atomic", "written_by_geomap"]

_PEEK_BYTES = 512


def written_by_geomap(path: Path) -> bool:
    """True when ``path`` starts with the mark its format's writer puts there (any writer's
    mark, for a suffix geomap does not write)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_PEEK_BYTES).decode("utf-8", "replace")
    except OSError:
        return False
    own = WRITERS.get(path.suffix.lower())
    return any(w.made(head) for w in ([own] if own else WRITERS.values()))


def check_writable(path: Path, *, force: bool = False) -> None:
    """Raise unless ``path`` is new, a previous geomap output, or ``force`` is set.

    Raises
    ------
    OutputError
        When ``path`` exists, was not written by geomap and ``force`` is False.
    """
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
    return replace_atomically(path, data)


def write(path: Path, payload: Any, *, force: bool = False) -> Path:
    """Serialise ``payload`` with the writer for ``path``'s suffix and write it atomically.

    Examples
    --------
    >>> write(Path("out/incidents.geojson"), collection)  # doctest: +SKIP

    Raises
    ------
    OutputError
        For a suffix geomap does not write, a file it may not overwrite, or an unwritable
        folder.
    """
    return write_atomic(path, writer_for(path).serialise(payload), force=force)
