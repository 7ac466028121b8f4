"""The input cut into parts that a cluster's workers read themselves, where they can.

A JSON Lines file is cut into blocks of about :data:`BLOCK_BYTES`; a block holds the lines that
start in its bytes, so it is cut without reading the file and read without reading the rest.
Text files go in groups. A compressed file cannot be cut: it is decompressed here and its
lines sent in batches of about the same size, which the workers parse (so the client's work
stays a small share of a big cluster's), as are the lines of JSON Lines on stdin and of every
JSON Lines file when the workers cannot see the files. Text files (and text on stdin) are then
read here and their articles sent.
What a worker read comes back as its articles' results; :func:`checked` gives them, and the
errors and repeated ids, in input order, as reading in one process would.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from itertools import groupby
from pathlib import Path
from typing import Any

from geomap.errors import InputError
from geomap.io.articles import (
    STDIN,
    ErrorHandler,
    IdRegister,
    ReadMeter,
    bare_line,
    json_file_lines,
    open_stream,
    read_entry,
    read_json_lines,
    stream_text,
)
from geomap.io.compressed import DamagedData, is_compressed, plain
from geomap.io.listing import ArticleFile, Entry, Listing
from geomap.records import Article

#: Bytes of JSON Lines in a block: a hundred-odd news articles, under a second of one core.
BLOCK_BYTES = 1 << 18
#: Text files read together by one worker.
FILES_PER_GROUP = 32
#: Articles read here and sent together: enough to make a task's overhead small beside its work.
ARTICLES_PER_BATCH = 32

#: What reading a part gives, in input order: an article with its line, or a problem.
Item = tuple[Article, int | None] | InputError


@dataclass(frozen=True)
class LinesBlock:
    """The lines of a plain JSON Lines file that start in bytes ``start`` to ``end``.

    ``label`` is the path as the input names it (in ids, errors and outputs), ``where`` the
    absolute path a worker opens, ``size`` the file's size when it was listed (a file that
    grows during the run is read as far as it was then).
    """

    label: str
    where: str
    start: int
    end: int
    size: int
    #: The number of the first line that starts in the block.
    first_line: int = 1

    @property
    def last(self) -> bool:
        """Whether the block ends the file."""
        return self.end >= self.size

    @property
    def nbytes(self) -> int:
        """The bytes of the file the block covers."""
        return self.end - self.start


@dataclass(frozen=True)
class FileGroup:
    """Whole article files, each with its absolute path and its size when listed."""

    files: tuple[tuple[ArticleFile, str, int], ...]

    @property
    def nbytes(self) -> int:
        """The bytes of the group's files."""
        return sum(size for _, _, size in self.files)


@dataclass(frozen=True)
class LinesRead:
    """Lines of a JSON Lines file read here, each without its line end, from line number
    ``first_line``; ``last`` when they end the file (not when damaged data cut it short)."""

    label: str
    lines: tuple[bytes, ...]
    first_line: int
    last: bool


@dataclass(frozen=True)
class ReadHere:
    """Articles and problems read here, in input order, sent to be processed."""

    items: tuple[Item, ...]


Part = LinesBlock | FileGroup | LinesRead | ReadHere


def worker_files(listing: Listing) -> list[tuple[str, int]]:
    """The absolute path and size of each file a worker would read: what it must see."""
    return [(str(e.path.absolute()), size) for e in listing.entries
            if isinstance(e, ArticleFile) and (size := _worker_size(listing, e)) is not None]


def files_read(part: Part) -> list[tuple[str, int]]:
    """The absolute path and listed size of each file a worker opens to read ``part``."""
    if isinstance(part, LinesBlock):
        return [(part.where, part.size)]
    if isinstance(part, FileGroup):
        return [(where, size) for _, where, size in part.files]
    return []


def parts(listing: Listing, *, by_workers: bool, meter: ReadMeter | None = None,
          block_bytes: int | None = None) -> Iterator[Part | InputError]:
    """The input cut into parts, in order: blocks and groups of files for workers to read
    when ``by_workers``; otherwise, and for compressed JSON Lines and stdin, lines of JSON Lines
    and articles of other inputs read here.
    Problems met listing the input come in their place; blocks are of ``block_bytes``
    (default :data:`BLOCK_BYTES`).

    Examples
    --------
    >>> [type(p).__name__ for p in parts(list_inputs(["big.jsonl"]), by_workers=True)]
    ... # doctest: +SKIP
    ['LinesBlock', 'LinesBlock', 'LinesBlock']
    """
    def kind(entry: Entry) -> str:
        if (by_workers and isinstance(entry, ArticleFile)
                and _worker_size(listing, entry) is not None):
            return "lines" if _is_json_lines(entry.path) else "files"
        return "here"

    for how, run in groupby(listing.entries, key=kind):
        if how == "here":
            yield from _read_here(list(run), meter)
            continue
        files = [(e, listing.size(e.path) or 0) for e in run if isinstance(e, ArticleFile)]
        if how == "files":
            for k in range(0, len(files), FILES_PER_GROUP):
                yield FileGroup(tuple((e, str(e.path.absolute()), size)
                                      for e, size in files[k:k + FILES_PER_GROUP]))
        else:
            for e, size in files:
                yield from _blocks(e.path, size, block_bytes or BLOCK_BYTES)


def _blocks(path: Path, size: int, block_bytes: int) -> Iterator[LinesBlock | InputError]:
    """``path`` cut every ``block_bytes``, each block with the number of its first line: the
    file's line ends are counted here (at the speed of reading it), so no block waits for
    another's count."""
    where, first_line = str(path.absolute()), 1
    try:
        with path.open("rb") as fh:
            for start in range(0, max(size, 1), block_bytes):
                end = min(start + block_bytes, size)
                yield LinesBlock(str(path), where, start, end, size, first_line)
                # the lines that start in the block: after each of its line ends but its last
                # byte's, and at its start when that is the file's
                fh.seek(max(start - 1, 0))
                data = fh.read(end - max(start - 1, 0) - 1) if end > start else b""
                first_line += data.count(b"\n") + (start == 0 < end)
    except OSError as err:
        yield InputError(f"cannot read: {err.strerror}", path=str(path))


def _read_here(entries: Sequence[Entry], meter: ReadMeter | None
               ) -> Iterator[LinesRead | ReadHere | InputError]:
    items: list[Item] = []
    for entry in entries:
        if isinstance(entry, InputError):
            items.append(entry)
            continue
        lines, articles = _lines_or_articles(entry, items.append, meter)
        if lines is not None:
            if items:
                yield ReadHere(tuple(items))
                items.clear()
            yield from lines
            continue
        for article in articles:
            items.append(article)
            if len(items) >= ARTICLES_PER_BATCH:
                yield ReadHere(tuple(items))
                items.clear()
    if items:
        yield ReadHere(tuple(items))


def _lines_or_articles(entry: ArticleFile | None, on_error: ErrorHandler,
                       meter: ReadMeter | None
                       ) -> tuple[Iterator[LinesRead | InputError] | None,
                                  Iterable[tuple[Article, int | None]]]:
    """An input read here (None: stdin): the batches of its lines when it holds JSON Lines,
    for the workers to parse, else None and its articles."""
    if entry is not None:
        if _is_json_lines(entry.path):
            return _file_lines_read(entry.path, meter), ()
        return None, read_entry(entry, on_error, meter=meter)
    opened = open_stream(sys.stdin, STDIN, on_error)  # stdin's kind is told by its first bytes
    if opened is None:
        return None, ()
    if opened.json_lines:
        return _lines_read(STDIN, opened.lines()), ()
    return None, stream_text(opened, STDIN, on_error)


def _file_lines_read(path: Path, meter: ReadMeter | None) -> Iterator[LinesRead | InputError]:
    """:func:`_lines_read` of a JSON Lines file, ``meter`` moved along as it is read."""
    try:
        yield from _lines_read(str(path), json_file_lines(path, meter))
    finally:
        if meter is not None:
            meter.finish(path)


def _lines_read(label: str, lines: Iterable[bytes]) -> Iterator[LinesRead | InputError]:
    """JSON Lines read here, in batches of about :data:`BLOCK_BYTES`, and the problem that
    ends them early, as reading them in one process meets it."""
    batch: list[bytes] = []
    size, first = 0, 1
    try:
        for line in lines:
            batch.append(line)
            size += len(line)
            if size >= BLOCK_BYTES:
                yield LinesRead(label, tuple(batch), first, last=False)
                first, batch, size = first + len(batch), [], 0
        yield LinesRead(label, tuple(batch), first, last=True)
    except DamagedData as err:  # the lines before it are kept, and the file is not "empty"
        yield LinesRead(label, tuple(batch), first, last=False)
        yield InputError(str(err), path=label)
    except OSError as err:
        yield InputError(f"cannot read: {err.strerror}", path=label)


def read_part(part: Part) -> Iterator[Item]:
    """What ``part`` holds, read where this runs, in order."""
    if isinstance(part, ReadHere):
        yield from part.items
    elif isinstance(part, LinesBlock):
        yield from _in_order(lambda report: read_json_lines(
            _block_lines(part, report), part.label, report, first=part.first_line, whole=False))
    elif isinstance(part, LinesRead):
        yield from _in_order(lambda report: read_json_lines(
            part.lines, part.label, report, first=part.first_line, whole=False))
    else:
        for entry, where, _ in part.files:
            opened = ArticleFile(Path(where), entry.stem)
            read = partial(read_entry, opened)
            yield from (_as_listed(item, entry.path, opened.path) for item in _in_order(read))


def _in_order(read: Callable[[ErrorHandler], Iterable[tuple[Article, int | None]]]
              ) -> Iterator[Item]:
    """The articles ``read`` gives, each after the problems it reported before it."""
    problems: list[InputError] = []
    for article in read(problems.append):
        yield from problems
        problems.clear()
        yield article
    yield from problems


def _block_lines(block: LinesBlock, on_error: ErrorHandler) -> Iterator[bytes]:
    try:
        with open(block.where, "rb") as fh:
            at = block.start
            if at:  # the line running into the block is the last block's
                fh.seek(at - 1)
                at += len(fh.readline()) - 1
            while at < block.end:
                line = fh.readline()
                if not line:
                    return
                yield bare_line(line, first=at == 0)
                at += len(line)
    except OSError as err:
        on_error(InputError(f"cannot read: {err.strerror}", path=block.label))


def checked(done: Iterable[tuple[Part | InputError, Sequence[Any]]], on_error: ErrorHandler,
            meter: ReadMeter | None = None) -> Iterator[Any]:
    """Each part's results in order, from ``(part, items)`` where each item is a problem or
    ``(line, result)`` of an article: problems and repeated ids go to ``on_error``, a JSON
    Lines file of no article is one problem, and ``meter`` counts what the workers read."""
    ids = IdRegister()
    lines: Counter[str] = Counter()
    unreadable: set[str] = set()
    for part, items in done:
        for item in items:
            if not isinstance(item, InputError):
                line, result = item
                if ids.first(result.article, line, on_error):
                    yield result
            elif isinstance(part, LinesBlock) and item.line is None:  # said once per file
                if part.label not in unreadable:
                    unreadable.add(part.label)
                    on_error(item)
            else:
                on_error(item)
        if isinstance(part, (LinesBlock, LinesRead)):
            lines[part.label] += sum(_line_of(item) is not None for item in items)
            if part.last and not lines[part.label] and part.label not in unreadable:
                on_error(InputError("file holds no articles", path=part.label))
        if meter is not None and isinstance(part, (LinesBlock, FileGroup)):  # read elsewhere
            meter.add(part.nbytes)


def _line_of(item: Any) -> int | None:
    return item.line if isinstance(item, InputError) else item[0]


def _as_listed(item: Item, label: Path, where: Path) -> Item:
    """``item`` read from the file at ``where``, named as the input named it (``label``), as
    its sidecar is."""
    if isinstance(item, InputError):
        path = item.path
        if path is not None and Path(path).parent == where.parent:
            path = str(label.parent / Path(path).name)
        return InputError(item.problem, path=path, line=item.line, field=item.field)
    article, line = item
    return replace(article, path=str(label)), line


def _worker_size(listing: Listing, entry: ArticleFile) -> int | None:
    """The file's listed size when a worker may read it, else None: a compressed JSON Lines
    file cannot be cut, and a file that cannot be measured is read, and reported, here."""
    if is_compressed(entry.path) and _is_json_lines(entry.path):
        return None
    return listing.size(entry.path)


def _is_json_lines(path: Path) -> bool:
    return plain(path).suffix.lower() == ".jsonl"
