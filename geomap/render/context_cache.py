"""The map context's divisions, kept on disk by bounding box: a later map of the same box
reads them back instead of cutting, simplifying and merging thousands of shapes again.

Gathering Natural Earth's divisions for a box that spans much of the world costs seconds
of GEOS work (:func:`geomap.render.surroundings.divisions`), the same for a run of 1,000
articles as for one of 100,000; runs over one kind of news (a feed processed every hour, a
corpus re-run after a fix) keep drawing the same box. What is read back is what was computed:
the key holds the box, the divisions file, the code that cuts them and the GEOS version, so a
change to any of them misses the cache rather than drawing stale borders, and the map's bytes
are those of a run without the cache.

The files live in ``context/`` of the user's cache directory (``~/.cache/geomap/context`` on
Linux; ``$XDG_CACHE_HOME`` moves it); ``GEOMAP_CONTEXT_CACHE=0`` turns the cache off. A cache
that cannot be read or written is ignored: the divisions are then computed as without it.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

import platformdirs

#: At most this many boxes are kept, the least recently drawn dropped first (a world-wide
#: box's divisions take about 1.5 MB gzipped).
MAX_ENTRIES = 16
#: Environment variable that turns the cache off when set to ``0``.
SWITCH = "GEOMAP_CONTEXT_CACHE"


def cache_dir() -> Path:
    """``context/`` in the user's cache directory."""
    return platformdirs.user_cache_path("geomap") / "context"


def enabled() -> bool:
    """False when ``GEOMAP_CONTEXT_CACHE`` is ``0`` (or ``false``, ``no``, ``off``)."""
    return os.environ.get(SWITCH, "1").strip().lower() not in ("0", "false", "no", "off")


@cache
def _digest(paths: tuple[Path, ...], version: str) -> str:
    """SHA-256 of the files' bytes and ``version``: what the cached divisions depend on."""
    digest = hashlib.sha256(version.encode())
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(box: Iterable[float], sources: tuple[Path, ...], version: str) -> str:
    """A file name for the divisions of ``box`` computed from ``sources`` by ``version``."""
    digest = hashlib.sha256(_digest(sources, version).encode())
    digest.update(repr(tuple(float(v) for v in box)).encode())
    return digest.hexdigest()[:32] + ".json.gz"


def cached_text(box: Iterable[float], compute: Callable[[], str], *,
                sources: tuple[Path, ...], version: str, folder: Path | None = None) -> str:
    """``compute()``, read from ``folder`` when this box was computed from these sources
    before, else computed and stored there.

    Parameters
    ----------
    box
        (west, south, east, north): the computation's only argument.
    compute
        Computes the text (the map's context as its page holds it: read back, it goes into
        the page as it is, never decoded and encoded again).
    sources, version
        The files and the version string the result depends on (data, code, libraries).
    folder
        Where the files go (default :func:`cache_dir`).
    """
    if not enabled():
        return compute()
    folder = cache_dir() if folder is None else folder
    try:
        path = folder / cache_key(box, sources, version)
    except OSError:
        return compute()
    try:
        found = gzip.decompress(path.read_bytes()).decode("utf-8")
        os.utime(path)  # recently drawn: the last to be dropped
        return found
    except (OSError, ValueError, EOFError):
        pass  # not there, or unreadable: computed below and written again
    result = compute()
    _store(path, result)
    return result


def _store(path: Path, result: str) -> None:
    """Write ``result`` to ``path`` atomically, then drop the oldest entries beyond
    :data:`MAX_ENTRIES`; a failure leaves the cache as it was."""
    data = gzip.compress(result.encode("utf-8"), compresslevel=1, mtime=0)
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as fh:
            temporary = Path(fh.name)
            fh.write(data)
        os.replace(temporary, path)
        temporary = None
        entries = sorted(path.parent.glob("*.json.gz"), key=lambda p: p.stat().st_mtime,
                         reverse=True)
        for old in entries[MAX_ENTRIES:]:
            old.unlink(missing_ok=True)
    except OSError:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
