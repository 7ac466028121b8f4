"""Replace a run's output files as one set: all of them, or none, one run at a time.

Each file is written atomically already; a run writes several (incidents, mentions, the map),
and a crash between them used to leave a new incidents file beside an old map. Here every
file is first written into a staging folder inside the output folder. Only when all are
written does a ``COMMIT`` file, naming them, appear there (an atomic rename); then the files are
moved into place and the staging folder is removed. A run killed before ``COMMIT`` left no trace
in the outputs, and its staging folder is removed by the next run; one killed after it is
finished by the next run (rolled forward) before anything else happens. An advisory lock on the
folder keeps two runs from writing into it at once: the second stops with one line.
"""

from __future__ import annotations

import json
import os
import shutil
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
        return self

    def staged(self, target: Path) -> Path:
        """Where to write ``target`` for now (same name, inside the staging folder)."""
        assert self.staging is not None, "use OutputSet as a context manager"
        if target.is_dir():
            raise OutputError(f"{target}: is a folder; geomap writes a file there")
        path = self.staging / target.name
        self._staged[path] = target
        return path

    def commit(self) -> dict[Path, Path]:
        """Mark the set complete, then move every staged file into place."""
        assert self.staging is not None
        names = {staged.name: target.name for staged, target in self._staged.items()}
        marker = self.staging / f".{COMMIT_NAME}.tmp"
        marker.write_text(json.dumps(names), encoding="utf-8")
        os.replace(marker, self.staging / COMMIT_NAME)
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
    except OSError as err:
        raise OutputError(f"{out_dir}: cannot move the new outputs into place: "
                          f"{err.strerror}") from err
    shutil.rmtree(staging, ignore_errors=True)
