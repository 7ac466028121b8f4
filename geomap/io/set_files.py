"""What both ways of switching a run's output set share: its manifest, its lock, the kill hook.

The manifest, :data:`MANIFEST_NAME`, keeps the SHA-256 of every file the set holds, so a file
that still says ``"generator": "geomap"`` but was edited by hand is told from geomap's own.

Tests kill a run at a named step (``GEOMAP_TEST_KILL_AT=STEP``): :func:`kill_point` sends
the process ``SIGKILL`` there, or the signal named by ``GEOMAP_TEST_KILL_SIGNAL`` (``STOP``
freezes it holding the lock). Nothing else reads these variables.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
from pathlib import Path

from geomap.errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks; one run at a time by hand
    fcntl = None  # type: ignore[assignment]

#: The set's manifest: each file's SHA-256, so a hand edit is told from geomap's own output.
MANIFEST_NAME = ".geomap-set.json"
_KILL_AT = "GEOMAP_TEST_KILL_AT"
_KILL_SIGNAL = "GEOMAP_TEST_KILL_SIGNAL"
_CHUNK = 1 << 20


def lock_folder(folder: Path, *, out_dir: Path) -> int:
    """Open ``folder`` and hold an exclusive advisory lock on it; the open descriptor is the
    lock (closing it releases it, and so does the holder's death, even by ``SIGKILL``).

    Raises
    ------
    OutputError
        Naming ``out_dir``, when another run holds the lock or the folder cannot be opened.
    """
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as err:
        raise OutputError(f"{out_dir}: cannot write: {err.strerror}") from err
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            os.close(fd)
            raise OutputError(f"{out_dir}: another geomap run is writing here; wait for it "
                              "or choose another --out") from err
    return fd


def read_manifest(folder: Path) -> dict[str, str]:
    """The hashes of the set in ``folder`` by file name; none when it has no readable manifest
    (written by an older geomap, or damaged: the generator mark then decides)."""
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    hashes = data.get("sha256") if isinstance(data, dict) else None
    if not isinstance(hashes, dict):
        return {}
    return {k: v for k, v in hashes.items() if isinstance(k, str) and isinstance(v, str)}


def write_manifest(folder: Path, hashes: dict[str, str]) -> None:
    """Write the manifest of the set being built in ``folder`` (not yet visible to anyone)."""
    write_manifest_file(folder / MANIFEST_NAME, hashes)


def record_rewrite(path: Path) -> None:
    """After geomap rewrote ``path`` outside a run (``geomap map -o maps/map.html``), keep its
    folder's manifest true, so the next run does not take the new file for a hand edit.
    Nothing happens when the folder has no manifest listing it."""
    hashes = read_manifest(path.parent)
    if path.name not in hashes:
        return
    hashes[path.name] = sha256(path)
    tmp = path.parent / f".{MANIFEST_NAME}.{os.getpid()}.tmp"
    try:
        write_manifest_file(tmp, hashes)
        os.replace(tmp, path.parent / MANIFEST_NAME)
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"{path}: written, but its folder's {MANIFEST_NAME} cannot be "
                          f"updated: {err.strerror or err}") from err


def write_manifest_file(path: Path, hashes: dict[str, str]) -> None:
    """Write a manifest holding ``hashes`` to ``path``."""
    path.write_text(json.dumps({"sha256": hashes}, indent=1), encoding="utf-8")


def sha256(path: Path) -> str:
    """The file's SHA-256, read in chunks (an output may be hundreds of megabytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def kill_point(name: str) -> None:
    """A test's kill point (``GEOMAP_TEST_KILL_AT``); nothing happens when it is not set."""
    if os.environ.get(_KILL_AT) == name:
        sig = getattr(signal, f"SIG{os.environ.get(_KILL_SIGNAL, 'KILL')}")
        os.kill(os.getpid(), sig)
