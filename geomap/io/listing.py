"""What the input names: files, folders (their article files, sorted) and patterns.

Listed before anything is read, so a missing path stops a run before its first article, the
input's size is known for a progress bar, and a cluster can be handed the files to read; a
problem met listing (a subfolder that cannot be read) keeps its place among the files.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geomap.errors import InputError
from geomap.io.compressed import plain

ARTICLE_SUFFIXES = (".txt", ".jsonl")


@dataclass(frozen=True)
class ArticleFile:
    """A file of articles the input names: its articles' ids start with ``stem`` (a folder's
    file: its path under the folder, without suffixes), else with the file's own stem."""

    path: Path
    stem: str | None = None


#: One thing the input names: a file, None for stdin (``-``), or a problem met listing it.
Entry = ArticleFile | InputError | None


@dataclass
class Listing:
    """The input's files in order, with the problems met listing them in their place."""

    entries: list[Entry]
    _sizes: dict[Path, int | None] = field(default_factory=dict, repr=False)

    def size(self, path: Path) -> int | None:
        """The file's size as stored, measured once; None when it cannot be measured."""
        if path not in self._sizes:
            try:
                self._sizes[path] = path.stat().st_size
            except OSError:
                self._sizes[path] = None
        return self._sizes[path]

    def total(self) -> int | None:
        """The size of every file listed, as stored; None with stdin."""
        if any(e is None for e in self.entries):
            return None
        return sum(self.size(e.path) or 0 for e in self.entries if isinstance(e, ArticleFile))


def list_inputs(inputs: Iterable[str]) -> Listing:
    """Every file ``inputs`` name (files, folders, patterns, ``-`` for stdin), in order.

    Examples
    --------
    >>> [e.stem for e in list_inputs(["news/"]).entries]  # doctest: +SKIP
    ['a/report', 'b/report']

    Raises
    ------
    InputError
        When a path does not exist, a pattern matches nothing or a folder holds no article.
    """
    entries: list[Entry] = []
    for name in expanded(inputs):
        if name == "-":
            entries.append(None)
            continue
        path = Path(name)
        if not name.strip():  # Path("") is the current folder: an empty argument names nothing
            raise InputError("an empty path names no file or folder", path=repr(name))
        if path.is_dir():
            files, unreadable = _article_files(path, entries.append)
            if not files and not unreadable:
                raise InputError("folder holds no articles (*.txt or *.jsonl, or either "
                                 "compressed: .gz, .bz2, .xz)", path=name)
            entries.extend(ArticleFile(f, plain(f.relative_to(path)).with_suffix("").as_posix())
                           for f in files)
        elif path.is_file():
            entries.append(ArticleFile(path))
        else:
            raise InputError("no such file or folder", path=name)
    return Listing(entries)


def expanded(inputs: Iterable[str]) -> Iterator[str]:
    """``inputs`` with each pattern that names no path itself (``"dumps/2024-*.jsonl.gz"``,
    ``**`` for any depth) replaced by what it matches, sorted: quoted, a pattern reaches
    geomap whole, past the shell's limit on arguments and on shells that do not expand it.

    Raises
    ------
    InputError
        When a pattern matches nothing.
    """
    for name in inputs:
        if name == "-" or os.path.lexists(name) or not glob.has_magic(name):
            yield name
            continue
        found = sorted(glob.glob(name, recursive=True))
        if not found:
            raise InputError("no file or folder matches this pattern", path=name)
        yield from found


def _article_files(folder: Path, on_error: Callable[[InputError], None]) -> tuple[list[Path], int]:
    """The article files under ``folder``, sorted, hidden folders and files left out, and how
    many subfolders could not be read (each reported through ``on_error``)."""
    unreadable: list[OSError] = []
    found: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=unreadable.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root, n) for n in names if not n.startswith(".")
                     and plain(Path(n)).suffix.lower() in ARTICLE_SUFFIXES)
    for err in unreadable:
        on_error(InputError(f"cannot read folder: {err.strerror or err} (its articles are "
                            "skipped)", path=str(err.filename or folder)))
    return sorted(p for p in found if p.is_file()), len(unreadable)
