"""Article files compressed as news dumps ship them: ``.gz``, ``.bz2`` and ``.xz``.

``news.jsonl.gz`` is read as ``news.jsonl`` would be, a line at a time, never decompressed
whole; ``story.txt.gz`` as ``story.txt`` (its sidecar is ``story.json``). The standard
library decompresses them; its modules load only when such a file is read. Damaged data (a
download cut short, a bad disk) ends the file with one error naming the last line read, and
the articles before it are kept.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

#: Compression suffix → the standard library module that opens it.
SUFFIXES = {".gz": "gzip", ".bz2": "bz2", ".xz": "lzma"}


def is_compressed(path: Path) -> bool:
    """Whether ``path`` names a compressed file, by its suffix."""
    return path.suffix.lower() in SUFFIXES


def plain(path: Path) -> Path:
    """The file's name without its compression suffix: ``news.jsonl.gz`` → ``news.jsonl``."""
    return path.with_suffix("") if is_compressed(path) else path


def decompressed(raw: BinaryIO, path: Path) -> BinaryIO:
    """The bytes of ``raw`` (the file ``path`` opened) decompressed as they are read, or
    ``raw`` itself when ``path`` is not compressed. Closing the result leaves ``raw`` open:
    how far into ``raw`` reading has gone tells how much of the file is done."""
    if not is_compressed(path):
        return raw
    # each module's open() takes a file object, and leaves it open when closed
    opened: BinaryIO = importlib.import_module(SUFFIXES[path.suffix.lower()]).open(raw, "rb")
    return opened


def damage() -> tuple[type[BaseException], ...]:
    """What the standard library raises on damaged or truncated compressed data."""
    import lzma
    import zlib

    return OSError, EOFError, zlib.error, lzma.LZMAError


def until_damaged(lines: Iterable[bytes]) -> Iterator[bytes]:
    """``lines``, stopping at damaged data: raises :class:`DamagedData` naming the number of
    lines read before it."""
    read = 0
    try:
        for line in lines:
            yield line
            read += 1
    except damage() as err:
        raise DamagedData(read, err) from err


def read_whole(fh: BinaryIO) -> bytes:
    """All of ``fh``, decompressed; :class:`DamagedData` when it cannot be."""
    try:
        return fh.read()
    except damage() as err:
        raise DamagedData(0, err) from err


class DamagedData(Exception):
    """Compressed data that could not be read past ``lines`` lines."""

    def __init__(self, lines: int, error: BaseException) -> None:
        self.lines, self.error = lines, error
        super().__init__(f"compressed data damaged after line {lines}: {error}")
