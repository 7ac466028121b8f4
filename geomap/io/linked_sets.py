"""The one-step switch: ``--out DIR`` is a symlink to the current set's folder, replaced by one
rename, so a reader resolving ``DIR`` gets all of the old set or all of the new one.

For ``--out maps`` the disk holds::

    maps -> .maps.geomap-sets/20261204T042306-1a2b3c4d   (a relative symlink)
    .maps.geomap-sets/                                   (a real folder: the runs' lock)
        20261204T042306-1a2b3c4d/                        (the current set)

A run builds its set in ``.maps.geomap-sets/ID.building`` (the staging folder). At commit it
drops its scratch files, carries over (a hard link, else a copy) every file of the current set
it does not replace (other formats of earlier runs, the user's own files), writes the manifest,
renames the folder to ``ID`` (sealed), and ``os.replace``\\ s ``maps`` with a symlink made
beside it beforehand (``.maps.geomap-link-…``): the one atomic step. The previous set folder is
removed last. After a kill at any step ``maps`` still names a whole set, old or new, and the
next run (:func:`recover_sets`) removes the building folders, temporary links and set folders
left over.

A real folder an older geomap wrote is migrated (renamed into the sets folder, then linked)
only when it holds geomap's outputs and nothing else: the user's files are never moved.
"""

from __future__ import annotations

import filecmp
import os
import re
import secrets
import shutil
import stat
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from geomap.errors import OutputError
from geomap.io.output import written_by_geomap
from geomap.io.set_files import MANIFEST_NAME, kill_point, read_manifest, sha256, write_manifest

SETS_SUFFIX = ".geomap-sets"
#: A set folder still being written; never linked, removed by the next run when left over.
BUILDING = ".building"
#: A real ``DIR`` being migrated into the sets folder: the next run finishes linking it.
MIGRATING = ".migrating"
_SET_ID = re.compile(r"\d{8}T\d{6}-[0-9a-f]{8}\Z")


def new_set_id() -> str:
    """A set folder's name: when it was made (sorted, readable), then random (unique)."""
    return f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{secrets.token_hex(4)}"


@dataclass(frozen=True)
class SetsPlace:
    """Where ``--out DIR``'s sets live: the sets folder and temporary links sit beside it."""

    out: Path  #: ``DIR`` made absolute, its symlinks not resolved

    @classmethod
    def of(cls, out_dir: Path) -> SetsPlace:
        return cls(Path(os.path.abspath(out_dir)))

    @property
    def sets(self) -> Path:
        return self.out.parent / f".{self.out.name}{SETS_SUFFIX}"

    @property
    def link_prefix(self) -> str:
        return f".{self.out.name}.geomap-link-"

    @property
    def usable(self) -> bool:
        """False for ``/`` and for an earlier set's own folder named directly."""
        return bool(self.out.name) and not self.out.parent.name.endswith(SETS_SUFFIX)

    def link_text(self, set_id: str) -> str:
        return f".{self.out.name}{SETS_SUFFIX}/{set_id}"

    def current_id(self) -> str | None:
        """The set ``DIR`` links to, when ``DIR`` is geomap's symlink into its sets folder."""
        try:
            text = os.readlink(self.out)
        except OSError:
            return None
        prefix = f".{self.out.name}{SETS_SUFFIX}/"
        set_id = text[len(prefix):] if text.startswith(prefix) else ""
        return set_id if _SET_ID.match(set_id) else None

    def current(self) -> Path | None:
        set_id = self.current_id()
        folder = self.sets / set_id if set_id else None
        return folder if folder is not None and folder.is_dir() else None

    def kind(self) -> str:
        """``absent``, ``linked`` (geomap's symlink), ``folder`` (a real one, or a user's
        symlink to one) or ``file`` (anything else: nothing can be written there)."""
        if self.current_id() is not None:
            return "linked"
        if not os.path.lexists(self.out):
            return "absent"
        return "folder" if self.out.is_dir() else "file"

    def make_link(self, set_id: str) -> Path:
        """A symlink to set ``set_id`` beside ``DIR``, to be renamed onto it.

        Raises
        ------
        OSError
            Where symlinks cannot be made (some file systems; Windows without the right).
        """
        link = self.out.parent / f"{self.link_prefix}{secrets.token_hex(4)}"
        os.symlink(self.link_text(set_id), link)
        return link


@dataclass
class LinkedSwitch:
    """One run's new set, built in the sets folder and switched in by one rename."""

    place: SetsPlace
    set_id: str = field(default_factory=new_set_id)
    _link: Path | None = None
    _sealed: bool = False

    @property
    def building(self) -> Path:
        return self.place.sets / f"{self.set_id}{BUILDING}"

    def start(self) -> Path:
        """Make the link (so a file system without symlinks is found before any work) and
        the building folder; return the folder.

        Raises
        ------
        OSError
            When either cannot be made.
        """
        self._link = self.place.make_link(self.set_id)
        os.mkdir(self.building)
        current = self.place.current()
        if current is not None:  # readers keep the access they had
            os.chmod(self.building, stat.S_IMODE(current.stat().st_mode))
        return self.building

    def commit(self, staged: list[Path], *, out_dir: Path) -> None:
        """Complete the set (scratch dropped, the rest carried over, the manifest), seal it,
        and switch ``DIR`` to it.

        Raises
        ------
        OutputError
            When the set cannot be completed or switched: ``DIR`` still names the old set.
        """
        assert self._link is not None, "start() first"
        # in the order staged, so the manifest's bytes are those a file-by-file run writes
        written = [path.name for path in staged if path.is_file()]
        current = self.place.current()
        try:
            for entry in os.scandir(self.building):  # the run's scratch files
                if entry.name not in written:
                    _remove(Path(entry.path))
            hashes = read_manifest(current) if current is not None else {}
            if current is not None:
                _carry_over(current, self.building, replaced=set(written), out_dir=out_dir)
            kill_point("carried")
            hashes.update({name: sha256(self.building / name) for name in written})
            present = set(os.listdir(self.building))
            write_manifest(self.building, {n: h for n, h in hashes.items() if n in present})
            kill_point("marked")
            os.rename(self.building, self.place.sets / self.set_id)
            self._sealed = True
            kill_point("sealed")
            os.replace(self._link, self.place.out)  # the one step
            self._link = None
        except OutputError:
            raise
        except OSError as err:
            raise OutputError(f"{out_dir}: cannot switch to the new outputs: "
                              f"{err.strerror or err}") from err
        kill_point("switched")
        if current is not None:
            shutil.rmtree(current, ignore_errors=True)

    @property
    def switched(self) -> bool:
        """Whether ``DIR`` names the new set."""
        return self._sealed and self._link is None

    def abandon(self) -> None:
        """Remove what a run that did not switch made; ``DIR`` still names the old set."""
        shutil.rmtree(self.building, ignore_errors=True)
        if self._sealed and self._link is not None:
            shutil.rmtree(self.place.sets / self.set_id, ignore_errors=True)
        if self._link is not None:
            self._link.unlink(missing_ok=True)


def can_migrate(place: SetsPlace) -> bool:
    """True when the real folder ``DIR`` may be moved into its sets folder: it holds nothing
    but geomap's outputs and their manifest, and moving it surprises no one (it is not a mount
    point, nor the working folder or one above it)."""
    out = place.out
    if not place.usable or out.is_symlink() or not out.is_dir() or os.path.ismount(out):
        return False
    here, real = Path.cwd().resolve(), out.resolve()
    if here == real or real in here.parents:
        return False
    manifest = read_manifest(out)
    for entry in os.scandir(out):
        path = Path(entry.path)
        if entry.name == MANIFEST_NAME:
            continue
        if entry.is_symlink() or not entry.is_file():
            return False
        if not (written_by_geomap(path) or manifest.get(entry.name) == sha256(path)):
            return False
    return True


def migrate(place: SetsPlace) -> None:
    """Move the real folder ``DIR`` into the sets folder as the current set and link ``DIR``
    to it. Between the two renames there is no ``DIR`` at all, never a mix of sets; a kill
    there is finished by :func:`recover_sets`. The caller holds both locks.

    Raises
    ------
    OSError
        When the link or the first rename cannot be made: nothing has changed then.
    OutputError
        When a later step fails: the next run finishes the migration.
    """
    set_id = new_set_id()
    link = place.make_link(set_id)
    moving = place.sets / f"{set_id}{MIGRATING}"
    try:
        os.rename(place.out, moving)
    except OSError:
        link.unlink(missing_ok=True)
        raise
    kill_point("migrating")
    try:
        os.replace(link, place.out)
        kill_point("migrated")
        os.rename(moving, place.sets / set_id)
    except OSError as err:
        raise OutputError(f"{place.out}: cannot link it to its set folder in {place.sets}: "
                          f"{err.strerror or err}") from err


def recover_sets(place: SetsPlace) -> None:
    """After a killed run: finish a migration, then remove temporary links, building folders
    and every set folder but the current one, when removing it loses nothing.

    A set folder other than the current one is removed when each of its files is its
    manifest, geomap's output as the manifest lists it (or, unlisted, carrying geomap's mark),
    or the same file the current set holds
    under that name (carried over). That is every folder a switch leaves; one that holds
    anything else (``DIR`` deleted by hand, the user's files inside) is left where it is.
    """
    sets = place.sets
    if not sets.is_dir():
        return
    for entry in os.scandir(sets):
        if entry.name.endswith(MIGRATING) and entry.is_dir(follow_symlinks=False):
            set_id = entry.name[:-len(MIGRATING)]
            if not os.path.lexists(place.out):
                os.replace(place.make_link(set_id), place.out)
            os.rename(entry.path, sets / set_id)
    with suppress(OSError):  # a folder that cannot be listed holds no link of ours
        for entry in os.scandir(place.out.parent):
            if entry.name.startswith(place.link_prefix) and entry.is_symlink():
                os.unlink(entry.path)
    current = place.current()
    for entry in os.scandir(sets):
        folder = Path(entry.path)
        if not entry.is_dir(follow_symlinks=False):
            continue
        if entry.name.endswith(BUILDING) or (  # unfinished, or left by a switch
                _SET_ID.match(entry.name) and folder != current and _removable(folder, current)):
            shutil.rmtree(folder, ignore_errors=True)


def _removable(folder: Path, current: Path | None) -> bool:
    try:
        return _only_geomaps(folder, current)
    except OSError:  # a file that cannot be read may be anyone's: keep the folder
        return False


def _only_geomaps(folder: Path, current: Path | None) -> bool:
    manifest = read_manifest(folder)
    for root, dirs, files in os.walk(folder, onerror=_raise):
        for name in (*files, *(d for d in dirs if os.path.islink(os.path.join(root, d)))):
            path = Path(root, name)
            relative = path.relative_to(folder)
            if relative == Path(MANIFEST_NAME):
                continue
            if relative == Path(name) and not path.is_symlink() and (
                    manifest.get(name) == sha256(path) if name in manifest
                    else written_by_geomap(path)):  # an older geomap's: the mark decides
                continue
            if current is None or not _same(path, current / relative):
                return False
    return True


def _raise(error: OSError) -> None:
    raise error


def _same(path: Path, twin: Path) -> bool:
    if path.is_symlink() or twin.is_symlink():
        return path.is_symlink() and twin.is_symlink() and os.readlink(path) == os.readlink(twin)
    return twin.is_file() and (os.path.samefile(path, twin)
                                or filecmp.cmp(path, twin, shallow=False))


def _carry_over(current: Path, building: Path, *, replaced: set[str], out_dir: Path) -> None:
    """Put into the new set every entry of the current one it does not replace."""
    for entry in os.scandir(current):
        if entry.name in replaced or entry.name == MANIFEST_NAME:
            continue
        source, target = Path(entry.path), building / entry.name
        if entry.is_symlink():
            os.symlink(os.readlink(source), target)
        elif entry.is_dir():
            shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy)
        elif entry.is_file():
            _link_or_copy(source, target)
        else:
            raise OutputError(f"{out_dir / entry.name}: neither a file nor a folder; geomap "
                              "cannot carry it into the new set (move it away)")


def _link_or_copy(source: str | Path, target: str | Path) -> str | Path:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
    return target


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
