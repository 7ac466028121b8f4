"""Replace a run's output files as one set: all of them, or none, one run at a time.

Each file is written atomically already; a run writes several (incidents, mentions, the map),
and a reader must never find a new incidents file beside an old map. Two ways:

- **One step** (:mod:`geomap.io.linked_sets`, the usual one): ``DIR`` is a symlink to the
  current set's folder in ``.DIR.geomap-sets``; a run builds a whole new set folder there and
  replaces the link with one rename. A real ``DIR`` that holds only geomap's outputs is
  migrated to this on its next run.
- **File by file** (below, the fallback): for a ``DIR`` that is a real folder holding other
  files, the working folder, a mount point, a user's symlink, or where symlinks cannot be
  made. Every file is staged in a folder inside ``DIR``; when all are written a ``COMMIT``
  file naming them appears (an atomic rename), then they are moved into place one rename at a
  time. A run killed before ``COMMIT`` left no trace; one killed after it is finished by the
  next run (rolled forward) before anything else happens. While the files move, a reader can
  see some new files beside old ones.

Either way an advisory lock keeps two runs from writing at once (the second stops with one
line), and the set carries a manifest (:data:`MANIFEST_NAME`) with which
:func:`check_unedited` refuses to replace a file edited by hand without ``--force``.

Tests kill a run at each step (``GEOMAP_TEST_KILL_AT=STEP``, one of :data:`STEPS`; see
:func:`geomap.io.set_files.kill_point`).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from contextlib import suppress
from pathlib import Path
from types import TracebackType

from geomap.errors import OutputError, RunInterrupted
from geomap.interrupts import raise_if_pressed
from geomap.io.linked_sets import LinkedSwitch, SetsPlace, can_migrate, migrate, recover_sets
from geomap.io.set_files import (
    MANIFEST_NAME,
    kill_point,
    lock_folder,
    read_manifest,
    sha256,
    write_manifest,
)

logger = logging.getLogger(__name__)

__all__ = ["COMMIT_NAME", "MANIFEST_NAME", "STAGING_PREFIX", "STEPS", "OutputSet",
           "check_unedited", "recover"]

STAGING_PREFIX = ".geomap-staging-"
COMMIT_NAME = "COMMIT"
#: Where a test may kill a run (``GEOMAP_TEST_KILL_AT``), in the order they happen. Both ways:
#: locked (and the staging folder made); a file staged, about to be written (``staged:NAME``);
#: all written. One step: the current set's other files carried over; the manifest written;
#: the set folder sealed (renamed from ``ID.building``); ``DIR`` switched, the previous set
#: not yet removed. Migrating a real ``DIR``, before all of these: renamed into the sets folder
#: (``migrating``, no ``DIR`` at all), then linked (``migrated``). File by file: the COMMIT mark
#: written but not in place; committed; a file moved into place (``moved:NAME``); all moved,
#: the staging folder not yet removed (``done``).
STEPS = ("migrating", "migrated", "locked", "staged:NAME", "written", "carried", "marked",
         "sealed", "switched", "committed", "moved:NAME", "done")
#: How many times to look again when ``DIR`` changes between a look and its lock.
_ATTEMPTS = 3


class OutputSet:
    """Stage a run's outputs and replace ``out_dir``'s set with them together.

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
        self._locks: list[int] = []
        self._staged: dict[Path, Path] = {}
        self._switch: LinkedSwitch | None = None
        self._existed = True

    @property
    def one_step(self) -> bool:
        """True when the set is switched by one rename (not file by file)."""
        return self._switch is not None

    def __enter__(self) -> OutputSet:
        self._existed = os.path.lexists(self.out_dir)
        try:
            self._begin(SetsPlace.of(self.out_dir))
            kill_point("locked")
        except BaseException as err:
            self.__exit__(type(err), err, err.__traceback__)  # what _begin made goes
            raise
        return self

    def _begin(self, place: SetsPlace) -> None:
        for _ in range(_ATTEMPTS):
            kind = place.kind()
            if kind == "file":
                raise OutputError(f"{self.out_dir}: cannot write: not a folder")
            if kind == "folder":
                self._lock(place.out)
                if place.kind() != "folder":  # migrated by a run that just finished
                    self._release()
                    continue
                _recover_folder(place.out)
                movable = can_migrate(place)
                if movable and self._lock_sets(place):
                    recover_sets(place)
                    try:
                        migrate(place)
                    except OSError:  # nothing moved: file by file
                        _drop_if_empty(place.sets)
                    else:
                        self._start_linked(place)
                        return
                elif not movable:
                    logger.warning(
                        "Note: %s holds files geomap did not write (or is the working folder "
                        "or a mount point): its outputs are replaced file by file, not in one "
                        "step; a new --out gets the one-step switch", self.out_dir)
                self._start_folder()
                return
            if place.usable and self._lock_sets(place):
                if place.kind() != kind:  # changed between the look and the lock
                    self._release()
                    continue
                recover_sets(place)
                try:
                    self._start_linked(place)
                    return
                except OSError as err:
                    if kind == "linked":
                        raise OutputError(f"{self.out_dir}: cannot write: "
                                          f"{err.strerror or err}") from err
            # no symlinks here, or no sets folder beside DIR: a real folder, file by file
            try:
                self.out_dir.mkdir(parents=True, exist_ok=True)
            except OSError as err:
                raise OutputError(f"{self.out_dir}: cannot write: {err.strerror}") from err
            self._lock(self.out_dir)
            self._start_folder()
            _drop_if_empty(place.sets)
            return
        raise OutputError(f"{self.out_dir}: another geomap run is writing here; wait for it "
                          "or choose another --out")

    def _lock(self, folder: Path) -> None:
        self._locks.append(lock_folder(folder, out_dir=self.out_dir))

    def _lock_sets(self, place: SetsPlace) -> bool:
        """Lock the sets folder (made if need be); False when it cannot be made."""
        try:
            place.sets.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        self._lock(place.sets)
        return True

    def _start_linked(self, place: SetsPlace) -> None:
        switch = LinkedSwitch(place)
        try:
            self.staging = switch.start()
        except OSError:
            switch.abandon()
            raise
        self._switch = switch

    def _start_folder(self) -> None:
        try:
            self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.out_dir))
        except OSError as err:
            raise OutputError(f"{self.out_dir}: cannot write: {err.strerror}") from err

    def staged(self, target: Path) -> Path:
        """Where to write ``target`` for now (same name, inside the staging folder)."""
        assert self.staging is not None, "use OutputSet as a context manager"
        if target.is_dir():
            raise OutputError(f"{target}: is a folder; geomap writes a file there")
        path = self.staging / target.name
        self._staged[path] = target
        kill_point(f"staged:{target.name}")
        return path

    def commit(self) -> dict[Path, Path]:
        """Complete the set and switch to it; returns each staged path's target.

        Ctrl-C pressed during the run stops it here, even where Python could not deliver it
        (:mod:`geomap.interrupts`): the old set stays.
        """
        assert self.staging is not None
        raise_if_pressed()
        kill_point("written")
        if self._switch is not None:
            self._switch.commit(list(self._staged), out_dir=self.out_dir)
        else:
            self._commit_file_by_file(self.staging)
        self.staging = None
        return dict(self._staged)

    def _commit_file_by_file(self, staging: Path) -> None:
        names = {staged.name: target.name for staged, target in self._staged.items()}
        manifest = read_manifest(self.out_dir)
        manifest.update({target.name: sha256(staged) for staged, target in self._staged.items()
                         if staged.is_file()})
        write_manifest(staging, {n: h for n, h in manifest.items()
                                 if n in names.values() or (self.out_dir / n).is_file()})
        names[MANIFEST_NAME] = MANIFEST_NAME  # moved last: the hashes describe the files
        marker = staging / f".{COMMIT_NAME}.tmp"
        marker.write_text(json.dumps(names), encoding="utf-8")
        kill_point("marked")
        os.replace(marker, staging / COMMIT_NAME)
        kill_point("committed")
        _roll_forward(staging, self.out_dir)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if self.staging is None or self._committed(self.staging):
            self._release()  # stopped while switching: the next run finishes what is left
            return
        if self._switch is not None:  # the old set stays whole
            self._switch.abandon()
        else:
            shutil.rmtree(self.staging, ignore_errors=True)
        self._release()
        if not self._existed:  # a first run leaves no trace
            _drop_if_empty(self._switch.place.sets if self._switch else self.out_dir)
        if kind is not None and issubclass(kind, KeyboardInterrupt):
            raise untouched(self.out_dir, existed=self._existed) from None

    def _committed(self, staging: Path) -> bool:
        """Whether the new set is in place, or marked to be moved there by the next run."""
        if self._switch is not None:
            return self._switch.switched
        return (staging / COMMIT_NAME).is_file()

    def _release(self) -> None:
        while self._locks:
            os.close(self._locks.pop())  # closing releases the lock


def untouched(out_dir: Path, *, existed: bool) -> RunInterrupted:
    """What to raise when a run is interrupted before its set was switched in."""
    return RunInterrupted(f"nothing was written; {out_dir} " + (
        "holds what it held before" if existed else "was not made"))


def _drop_if_empty(sets: Path) -> None:
    """Remove a sets folder made for nothing (symlinks could not be made after all)."""
    with suppress(OSError):
        sets.rmdir()


def recover(out_dir: Path) -> None:
    """What a killed run left: finish a committed or migrated set, drop unfinished ones.

    The next run does this first, holding the lock.
    """
    place = SetsPlace.of(out_dir)
    if place.kind() == "folder":
        _recover_folder(out_dir)
    if place.usable:
        recover_sets(place)


def _recover_folder(out_dir: Path) -> None:
    """File by file: finish a committed set a killed run left half moved; drop the others."""
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
                kill_point(f"moved:{target_name}")
    except OSError as err:
        raise OutputError(f"{out_dir}: cannot move the new outputs into place: "
                          f"{err.strerror}") from err
    kill_point("done")
    shutil.rmtree(staging, ignore_errors=True)


def check_unedited(target: Path, *, force: bool = False) -> None:
    """Raise unless ``target`` is absent, unlisted in its set's manifest, or still holds
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
    known = {h for f in folders if (h := read_manifest(f).get(target.name)) is not None}
    if known and sha256(target) not in known:
        raise OutputError(f"{target}: edited since geomap wrote it; use --force to overwrite "
                          "it (or move it away)")
