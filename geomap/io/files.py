"""Replace a file atomically, and the mark that says geomap wrote it.

A reader never sees half a file: data goes to a temporary file beside the target, which is
then renamed over it. Every writer puts :data:`GENERATOR_MARK` near the start of its output in
its own format's way (:mod:`geomap.io.writers`), which is how a later run knows it may replace
the file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from geomap.errors import OutputError

GENERATOR_MARK = "geomap"


#: Characters encoded and written at a time.
WRITE_SLICE = 1 << 20


def replace_atomically(path: Path, data: str) -> Path:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    Raises
    ------
    OutputError
        When the folder cannot be created or written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err.strerror}") from err
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            # in slices: one write would encode the whole text (a map: megabytes) at once
            for start in range(0, len(data), WRITE_SLICE):
                fh.write(data[start:start + WRITE_SLICE])
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as err:
        raise OutputError(f"{path}: cannot write: {err.strerror}") from err
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path
