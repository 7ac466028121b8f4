"""Write output files atomically, never replacing a file geomap did not write unless forced.

Every output carries a ``geomap`` generator mark near its start; a file with the mark is a
previous run's output and is replaced, anything else needs ``force=True``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from geomap.errors import OutputError

GENERATOR_MARK = "geomap"
_PEEK_BYTES = 512


def written_by_geomap(path: Path) -> bool:
    """True when ``path`` starts with geomap's generator mark."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_PEEK_BYTES).decode("utf-8", "replace")
    except OSError:
        return False
    return f'"generator": "{GENERATOR_MARK}"' in head or \
        f'name="generator" content="{GENERATOR_MARK}"' in head


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
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    Raises
    ------
    OutputError
        When the target may not be overwritten or the folder cannot be written.
    """
    check_writable(path, force=force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err.strerror}") from err
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err.strerror}") from err
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
