"""Read news articles from text files, folders, JSON Lines and stdin.

A ``.txt`` article may have a JSON sidecar (``NAME.json`` beside ``NAME.txt``) with ``title``,
``published``, ``url`` and ``source``; a ``.jsonl`` file holds one article per line as
``{"id", "text", "title"?, "published"?, "url"?, "source"?}``. Either may be compressed
(``news.jsonl.gz``, ``.bz2``, ``.xz``: :mod:`geomap.io.compressed`), and stdin may be gzip.
One bad article in a batch is reported through ``on_error`` and skipped; a missing path or a
folder with no articles stops the run, because then nothing the user asked for can be done. A
subfolder that cannot be read is reported, not skipped in silence. Invisible format characters
(a zero-width space, a bidi override) are removed from the text and metadata as they are read
(:func:`geomap.normalize.strip_format_characters`): an article's text is the cleaned text,
which every offset and quote indexes.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple, TextIO, TypeVar, cast

from geomap.errors import InputError
from geomap.io.compressed import (
    DamagedData,
    damage,
    decompressed,
    is_compressed,
    plain,
    read_whole,
    until_damaged,
)
from geomap.io.listing import ArticleFile, Listing, list_inputs
from geomap.io.published import parse_date
from geomap.normalize import strip_format_characters
from geomap.records import Article

#: UTF-8's byte-order mark, which some editors put first and which is no part of the text.
BOM = codecs.BOM_UTF8
#: The first bytes of gzip data (RFC 1952).
GZIP_MAGIC = b"\x1f\x8b"
#: Bytes of stdin read at a time to tell JSON Lines, gzip and plain text apart.
OPENING_BYTES = 1 << 16
#: Files that are geomap's own inputs or outputs of another kind, never article text.
NOT_ARTICLES = frozenset({".json", ".geojson", ".html", ".htm", ".sqlite", ".csv"})
METADATA_FIELDS = ("title", "published", "url", "source")

ErrorHandler = Callable[[InputError], None]
_T = TypeVar("_T")


@dataclass
class ReadMeter:
    """How far reading the input has gone, in bytes of the files as stored (compressed or
    not), for a progress bar; ``total`` is None when it cannot be known (stdin)."""

    total: int | None = None
    done: int = 0
    _finished: int = field(default=0, init=False, repr=False)
    _listing: Listing | None = field(default=None, init=False, repr=False)

    def measure(self, listing: Listing) -> None:
        """Take the input's size from its listing, whose files are each measured once."""
        self.total, self._listing = listing.total(), listing

    def following(self, items: Iterable[_T], raw: BinaryIO) -> Iterator[_T]:
        """``items`` read from the file ``raw``, moving ``done`` along as each comes."""
        for item in items:
            self.done = self._finished + raw.tell()
            yield item

    def add(self, nbytes: int) -> None:
        """``nbytes`` more were read elsewhere (by a cluster's workers)."""
        self._finished += nbytes
        self.done = self._finished

    def finish(self, path: Path) -> None:
        """``path`` is read (its size as the listing measured it)."""
        self.add((self._listing.size(path) if self._listing else None) or 0)


def _raise(err: InputError) -> None:
    raise err


def read_articles(inputs: Iterable[str], *, on_error: ErrorHandler = _raise,
                  stdin: TextIO | None = None, meter: ReadMeter | None = None
                  ) -> Iterator[Article]:
    """Yield every article named by ``inputs`` (files, folders, ``-`` for stdin).

    ``meter``, when given, is told the input's size first (every file listed and measured)
    and how much of it has been read as the articles come.

    Examples
    --------
    >>> [a.id for a in read_articles(["seeds/"])]  # doctest: +SKIP
    ['iraq-us-strike-baghdad']

    Raises
    ------
    InputError
        When a path does not exist or a folder holds no article; per-article problems go to
        ``on_error`` instead (which raises them by default).
    """
    ids = IdRegister()
    listing = list_inputs(inputs)
    if meter is not None:
        meter.measure(listing)
    for entry in listing.entries:
        if isinstance(entry, InputError):
            on_error(entry)
            continue
        read = read_entry(entry, on_error, stdin=stdin, meter=meter)
        yield from (article for article, line in read if ids.first(article, line, on_error))


#: How stdin is named in errors.
STDIN = "<stdin>"


def read_entry(entry: ArticleFile | None, on_error: ErrorHandler, *, stdin: TextIO | None = None,
               meter: ReadMeter | None = None) -> Iterator[tuple[Article, int | None]]:
    """The articles of one file the input names (None: stdin), each with its line number
    in a JSON Lines file; a bad one goes to ``on_error``."""
    if entry is None:
        return _read_stream(stdin or sys.stdin, STDIN, on_error)
    return _read_file(entry.path, on_error, stem=entry.stem, meter=meter)


class IdRegister:
    """The article ids used so far in a run: a repeat is reported and skipped, because
    incidents, quotes and map popups are keyed by article id."""

    def __init__(self) -> None:
        self._seen: dict[str, str] = {}

    def first(self, article: Article, line: int | None, on_error: ErrorHandler) -> bool:
        """Whether ``article`` (read at ``line`` of its file) is the first with its id; a
        repeat goes to ``on_error``."""
        where = article.path or STDIN
        if article.id in self._seen:
            on_error(InputError(f"duplicate article id {article.id!r} (first in "
                                f"{self._seen[article.id]})", path=where, line=line, field="id"))
            return False
        self._seen[article.id] = where if line is None else f"{where}:{line}"
        return True


def _read_file(path: Path, on_error: ErrorHandler, *, stem: str | None = None,
               meter: ReadMeter | None = None) -> Iterator[tuple[Article, int | None]]:
    try:
        yield from _read_one_file(path, on_error, stem, meter)
    finally:
        if meter is not None:
            meter.finish(path)


def _read_one_file(path: Path, on_error: ErrorHandler, stem: str | None,
                   meter: ReadMeter | None) -> Iterator[tuple[Article, int | None]]:
    suffix = plain(path).suffix
    if suffix.lower() in NOT_ARTICLES:
        on_error(InputError(f"a {suffix} file is not an article (articles are .txt, other "
                            "plain text, or .jsonl)", path=str(path)))
        return
    try:
        # bytes, decoded here: "\r\n" stays as written (offsets index the file's own text),
        # and one bad byte in a JSON Lines file costs its line, not the file
        if suffix.lower() == ".jsonl":
            yield from read_json_lines(json_file_lines(path, meter), str(path), on_error)
            return
        with path.open("rb") as raw, decompressed(raw, path) as fh:
            data = read_whole(fh) if is_compressed(path) else fh.read()
    except DamagedData as err:
        on_error(InputError(str(err) if suffix.lower() == ".jsonl"
                            else f"compressed data damaged: {err.error}", path=str(path)))
        return
    except OSError as err:
        on_error(InputError(f"cannot read: {err.strerror}", path=str(path)))
        return
    try:
        yield _article_from_text(_decode(data, str(path)), path, stem or path.stem), None
    except InputError as err:
        on_error(err)


class OpenedStream(NamedTuple):
    """stdin told by its first bytes (put back): its bytes, decompressed when gzip, and
    whether they are JSON Lines (else one plain-text article)."""

    source: BinaryIO
    compressed: bool
    json_lines: bool

    def lines(self) -> Iterator[bytes]:
        """The JSON Lines' lines, read a line at a time as they come (:func:`file_lines`)."""
        return file_lines(self.source, compressed=self.compressed)


def open_stream(stream: TextIO, label: str, on_error: ErrorHandler) -> OpenedStream | None:
    """``stream`` opened for reading as JSON Lines or as text, from its first bytes only;
    None when gzip data is damaged before any line (said to ``on_error`` as a file says it).

    Gzip data (``curl .../news.jsonl.gz | geomap run -``) is read as what it holds.
    """
    buffer = getattr(stream, "buffer", None)
    source: BinaryIO = buffer if buffer is not None else io.BytesIO(
        stream.read().encode("utf-8", "surrogatepass"))
    head, _ = _opening(source)
    source = _rejoined(head, source)
    compressed = head.startswith(GZIP_MAGIC)
    if compressed:
        import gzip

        source = cast(BinaryIO, gzip.GzipFile(fileobj=source, mode="rb"))
        head, damaged = _opening(source, damage())
        if damaged is not None:  # only blank lines came before it: said as a file says it
            on_error(InputError(str(DamagedData(head.count(b"\n"), damaged)), path=label))
            return None
        source = _rejoined(head, source)
    return OpenedStream(source, compressed, head.removeprefix(BOM).lstrip().startswith(b"{"))


def _read_stream(stream: TextIO, label: str, on_error: ErrorHandler
                 ) -> Iterator[tuple[Article, int | None]]:
    """Read stdin as JSON Lines when it looks like JSON, else as one plain-text article.

    JSON Lines are read a line at a time, as a file's are: a pipe of any length (``zcat
    news.jsonl.gz | geomap run -``) is never held whole, and its first articles are processed
    while it still runs.
    """
    opened = open_stream(stream, label, on_error)
    if opened is None:
        return
    if opened.json_lines:
        try:
            yield from read_json_lines(opened.lines(), label, on_error)
        except DamagedData as err:  # the articles before it are kept, as a file's are
            on_error(InputError(str(err), path=label))
        return
    yield from stream_text(opened, label, on_error)


def stream_text(opened: OpenedStream, label: str, on_error: ErrorHandler
                ) -> Iterator[tuple[Article, int | None]]:
    """The one plain-text article of a stream that holds no JSON Lines."""
    try:
        data = read_whole(opened.source)
        text = _decode(data, label)
    except DamagedData as err:
        on_error(InputError(f"compressed data damaged: {err.error}", path=label))
        return
    except InputError as err:
        on_error(err)
        return
    if not text.strip():
        on_error(InputError("input is empty", path=label))
    else:
        try:
            yield _build("stdin", _checked_text(text, label, None, "text"), {}, label, None,
                         path=None), None
        except InputError as err:
            on_error(err)


def _opening(stream: BinaryIO, damage: tuple[type[BaseException], ...] = ()
             ) -> tuple[bytes, BaseException | None]:
    """The first bytes of ``stream``: at least two (gzip's mark), and on to the first that is
    neither part of a byte-order mark nor white space, or all of them; read as they come
    (``read1``), so a pipe that writes slowly is not waited on for more. With them, the error
    of ``damage`` that cut them short, if one did."""
    read = getattr(stream, "read1", stream.read)
    head = b""
    try:
        while chunk := read(OPENING_BYTES):
            head += chunk
            if len(head) >= 2 and not BOM.startswith(head) and head.removeprefix(BOM).lstrip():
                break
    except damage as err:
        return head, err
    return head, None


def _rejoined(head: bytes, rest: BinaryIO) -> BinaryIO:
    """A stream of ``head`` and then what is left of ``rest``."""
    return cast(BinaryIO, io.BufferedReader(_Rejoined(head, rest)))


class _Rejoined(io.RawIOBase):
    """``head``, read from ``rest`` to look at it, put back before the rest of ``rest``."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._read = head, getattr(rest, "read1", rest.read)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._head[:len(buffer)] if self._head else self._read(len(buffer))
        self._head = self._head[len(data):]
        buffer[:len(data)] = data
        return len(data)


def json_file_lines(path: Path, meter: ReadMeter | None = None) -> Iterator[bytes]:
    """The lines of the JSON Lines file ``path``, compressed or not, as :func:`file_lines`
    gives them: read a line at a time, so a file of any size is never held whole, and
    ``meter`` moved along as they come.

    Raises
    ------
    DamagedData
        When compressed data is damaged (the lines before it were given).
    OSError
        When the file cannot be read.
    """
    with path.open("rb") as raw, decompressed(raw, path) as fh:
        lines = file_lines(fh, compressed=is_compressed(path))
        yield from meter.following(lines, raw) if meter else lines


def file_lines(fh: BinaryIO, *, compressed: bool = False) -> Iterator[bytes]:
    """A JSON Lines file's lines, read a line at a time: split on "\n" only (U+2028 or a form
    feed inside a string is valid JSON), without "\r" at their ends, the first without its
    byte-order mark; when ``fh`` is decompressing (``compressed``), damaged data ends them with
    :class:`~geomap.io.compressed.DamagedData`."""
    lines = (bare_line(line, first=number == 0) for number, line in enumerate(fh))
    return until_damaged(lines) if compressed else lines


def bare_line(line: bytes, *, first: bool) -> bytes:
    """A line read from a JSON Lines file without its line end, and without the byte-order
    mark when it is the ``first`` of the file."""
    line = line[:-1] if line.endswith(b"\n") else line
    return (line.removeprefix(BOM) if first else line).rstrip(b"\r")


def _decode(data: bytes, label: str, line: int | None = None) -> str:
    """UTF-8 text without a byte-order mark.

    Raises
    ------
    InputError
        Naming the first byte that is not UTF-8.
    """
    try:
        return data.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(f"not valid UTF-8 (byte {err.start} is 0x{data[err.start]:02x})",
                         path=label, line=line) from err


#: A lone surrogate: searched for in C, not character by character in Python.
_SURROGATE = re.compile("[\ud800-\udfff]")


def _checked_text(value: str, label: str, line: int | None, field: str) -> str:
    """``value``, refused when it holds a lone surrogate (JSON's "\\ud800"), which no file
    can hold as UTF-8.

    Raises
    ------
    InputError
        Naming the field.
    """
    bad = _SURROGATE.search(value)
    if bad is not None:
        raise InputError(f"holds a lone surrogate (\\u{ord(bad.group()):04x}), not a character",
                         path=label, line=line, field=field)
    return value


def _article_from_text(text: str, path: Path, article_id: str) -> Article:
    if not text.strip():
        raise InputError("article is empty", path=str(path))
    meta = _read_sidecar(plain(path))
    return _build(article_id, text, meta, str(path), None, path=str(path))


def _read_sidecar(path: Path) -> dict[str, Any]:
    sidecar = path.with_suffix(".json")
    if not sidecar.is_file():
        return {}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"metadata is not valid JSON: {err}", path=str(sidecar)) from err
    except RecursionError as err:
        raise InputError("metadata is not valid JSON: nested too deeply",
                         path=str(sidecar)) from err
    if not isinstance(meta, dict):
        raise InputError("metadata must be a JSON object", path=str(sidecar))
    return meta


def read_json_lines(lines: Iterable[bytes], label: str, on_error: ErrorHandler, *,
                    first: int = 1, whole: bool = True) -> Iterator[tuple[Article, int | None]]:
    """The articles of JSON Lines ``lines`` with their line numbers, from ``first``; a bad line
    goes to ``on_error``, and so does a ``whole`` file with no article."""
    seen = 0
    for number, raw in enumerate(lines, start=first):
        if not raw.strip():
            continue
        seen += 1
        try:
            yield _article_from_json(_decode(raw, label, number), label, number), number
        except InputError as err:
            on_error(err)
    if whole and not seen:
        on_error(InputError("file holds no articles", path=label))


def _article_from_json(line: str, label: str, number: int) -> Article:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(f"not valid JSON: {err.msg}", path=label, line=number) from err
    except RecursionError as err:  # "[[[[..." deeper than Python's stack
        raise InputError("not valid JSON: nested too deeply", path=label, line=number) from err
    if not isinstance(record, dict):
        raise InputError("each line must be a JSON object", path=label, line=number)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("missing or empty", path=label, line=number, field="text")
    _checked_text(text, label, number, "text")
    article_id = record.get("id", f"{plain(Path(label)).stem}-{number}")
    if not isinstance(article_id, (str, int)) or str(article_id) == "":
        raise InputError("must be a non-empty string or integer", path=label, line=number,
                         field="id")
    return _build(str(article_id), text, record, label, number, path=label)


def _build(article_id: str, text: str, meta: dict[str, Any], label: str, line: int | None,
           *, path: str | None) -> Article:
    fields: dict[str, str | None] = {}
    for key in METADATA_FIELDS:
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError("must be a string", path=label, line=line, field=key)
        if value is not None:
            value = strip_format_characters(_checked_text(value, label, line, key))
        fields[key] = value
    if isinstance(meta.get("id"), str):
        _checked_text(meta["id"], label, line, "id")
    text = strip_format_characters(text)
    if not text.strip():
        raise InputError("holds only invisible characters", path=label, line=line, field="text")
    return Article(id=article_id, text=text, title=fields["title"],
                   published=parse_published(fields["published"], label=label, line=line),
                   url=fields["url"], source=fields["source"], path=path)


def parse_published(value: str | None, *, label: str = "", line: int | None = None) -> date | None:
    """Parse an ISO 8601 or RFC 2822 date or datetime ("2024-02-08", "2024-02-08T10:00:00Z",
    an RSS ``pubDate`` "Thu, 08 Feb 2024 10:00:00 +0000") into a date.

    Raises
    ------
    InputError
        When the value is neither (see :func:`geomap.io.published.parse_date`).
    """
    if value is None or value == "":
        return None
    try:
        return parse_date(value)
    except ValueError as err:
        raise InputError(str(err), path=label or None, line=line, field="published") from err
