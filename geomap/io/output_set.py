"""Replace a run's output files as one set: all of them, or none, one run at a time.

Each file is written atomically already; a run writes several (incidents, mentions, the map),
and a crash between them used to leave a new incidents file beside an old map. Here every
file is first written into a staging folder inside the output folder. Only when all are
written does a ``COMMIT`` file, naming them, appear there (an atomic rename); then the files are
moved into place and the staging folder is removed. A run killed before ``COMMIT`` left no trace
in the outputs, and its staging folder is removed by the next run; one killed after it is
finished by the next run (rolled forward) before anything else happens. An advisory lock on the
folder keeps two runs from writing into it at once: the second stops with one line.

The set carries a manifest, :data:`MANIFEST_NAME`, with the SHA-256 of every file it holds: a
file that still says ``"generator": "geomap"`` but was edited by hand since no longer matches,
and :func:`check_unedited` refuses to replace it without ``--force``.

Tests kill a run at each step of the switch: ``GEOMAP_TEST_KILL_AT=STEP`` (one of
:data:`STEPS`, ``staged:NAME`` and ``moved:NAME`` naming a file) sends the process
``SIGKILL`` there, or the signal named by ``GEOMAP_TEST_KILL_SIGNAL`` (``STOP`` freezes it
holding the lock). Nothing else reads these variables.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import tempfile
from pathlib import Path
from types import TracebackType

from geomap.errors import OutputError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks; one run at a time by hand
    fcntl = None  # type: ignore[assignment]

STAGING_PREFIX = ".geomap-staging-"
COMMIT_NAME = "COMMIT"
#: The set's manifest: each file's SHA-256, so a hand edit is told from geomap's own output.
MANIFEST_NAME = ".geomap-set.json"
#: Where a test may kill a run (``GEOMAP_TEST_KILL_AT``), in the order they happen: the folder
#: locked and the staging folder made; a file staged, about to be written (``staged:NAME``);
#: all written; the COMMIT mark written but not in place; committed; a file moved into place
#: (``moved:NAME``); all moved, the staging folder not yet removed.
STEPS = ("locked", "staged:NAME", "written", "marked", "committed", "moved:NAME", "done")
_KILL_AT = "GEOMAP_TEST_KILL_AT"
_KILL_SIGNAL = "GEOMAP_TEST_KILL_SIGNAL"
_CHUNK = 1 << 20


class OutputSet:
    """Stage a run's outputs in ``out_dir`` and replace them together.

    Examples
    --------
    >>> with OutputSet(Path("maps")) as outputs:  # doctest: +SKIP
    ...     write(outputs.staged(Path("maps/incidents.geojson")), collection)
    ...     outputs.commit()

    Raises
    ------
    OutputError
        When another run holds the folder, a target is a folder, or the folder cannot be written.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.staging: Path | None = None
        self._lock: int | None = None
        self._staged: dict[Path, Path] = {}

    def __enter__(self) -> OutputSet:
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            # the folder itself is locked: no lock file is left among the outputs
            self._lock = os.open(self.out_dir, os.O_RDONLY)
        except OSError as err:
            raise OutputError(f"{self.out_dir}: cannot write: {err.strerror}") from err
        if fcntl is not None:
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as err:
                os.close(self._lock)
                self._lock = None
                raise OutputError(f"{self.out_dir}: another geomap run is writing here; wait "
                                  "for it or choose another --out") from err
        recover(self.out_dir)
        self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.out_dir))
        _step("locked")
        return self

    def staged(self, target: Path) -> Path:
        """Where to write ``target`` for now (same name, inside the staging folder)."""
        assert self.staging is not None, "use OutputSet as a context manager"
        if target.is_dir():
            raise OutputError(f"{target}: is a folder; geomap writes a file there")
        path = self.staging / target.name
        self._staged[path] = target
        _step(f"staged:{target.name}")
        return path

    def commit(self) -> dict[Path, Path]:
        """Mark the set complete, then move every staged file into place."""
        assert self.staging is not None
        _step("written")
        names = {staged.name: target.name for staged, target in self._staged.items()}
        manifest = _manifest(self.out_dir)
        manifest.update({target.name: _sha256(staged) for staged, target in self._staged.items()
                         if staged.is_file()})
        manifest = {n: h for n, h in manifest.items()
                    if n in names.values() or (self.out_dir / n).is_file()}
        (self.staging / MANIFEST_NAME).write_text(json.dumps({"sha256": manifest}, indent=1),
                                                  encoding="utf-8")
        names[MANIFEST_NAME] = MANIFEST_NAME  # moved last: the hashes describe the files
        marker = self.staging / f".{COMMIT_NAME}.tmp"
        marker.write_text(json.dumps(names), encoding="utf-8")
        _step("marked")
        os.replace(marker, self.staging / COMMIT_NAME)
        _step("committed")
        _roll_forward(self.staging, self.out_dir)
        self.staging = None
        return dict(self._staged)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.staging is not None:  # not committed: the old set stays whole
            shutil.rmtree(self.staging, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)  # closing releases the lock


def recover(out_dir: Path) -> None:
    """Finish a committed set a killed run left half moved; drop uncommitted ones."""
    for staging in sorted(out_dir.glob(f"{STAGING_PREFIX}*")):
        if (staging / COMMIT_NAME).is_file():
            _roll_forward(staging, out_dir)
        else:
            shutil.rmtree(staging, ignore_errors=True)


def _roll_forward(staging: Path, out_dir: Path) -> None:
    names = json.loads((staging / COMMIT_NAME).read_text(encoding="utf-8"))
    try:
        for staged_name, target_name in names.items():
            staged = staging / staged_name
            if staged.exists():  # moved already by the run that was killed
                os.replace(staged, out_dir / target_name)
                _step(f"moved:{target_name}")
    except OSError as err:
        raise OutputError(f"{out_dir}: cannot move the new outputs into place: "
                          f"{err.strerror}") from err
    _step("done")
    shutil.rmtree(staging, ignore_errors=True)


def check_unedited(target: Path, *, force: bool = False) -> None:
    """Raise unless ``target`` is absent, unlisted in its folder's manifest, or still holds
    what geomap wrote there (or ``force`` is set).

    A file geomap wrote and someone then edited still carries geomap's mark; its hash no
    longer matches the one the set kept, and the edit would be lost.

    Raises
    ------
    OutputError
        Naming the file, when it was edited since geomap wrote it and ``force`` is False.
    """
    if force or not target.is_file():
        return
    # a set a killed run committed but did not finish moving counts as written by geomap too
    folders = [target.parent, *(s for s in target.parent.glob(f"{STAGING_PREFIX}*")
                                if (s / COMMIT_NAME).is_file())]
    known = {h for f in folders if (h := _manifest(f).get(target.name)) is not None}
    if known and _sha256(target) not in known:
        raise OutputError(f"{target}: edited since geomap wrote it; use --force to overwrite "
                          "it (or move it away)")


def _manifest(folder: Path) -> dict[str, str]:
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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _step(name: str) -> None:
    """A test's kill point (``GEOMAP_TEST_KILL_AT``); nothing happens when it is not set."""
    if os.environ.get(_KILL_AT) == name:
        sig = getattr(signal, f"SIG{os.environ.get(_KILL_SIGNAL, 'KILL')}")
        os.kill(os.getpid(), sig)
