"""The input cut into parts for a cluster's workers reads as one process reads it: the same
articles, ids, line numbers and problems, in the same order, however the blocks fall."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.errors import InputError
from geomap.io import parts as parts_module
from geomap.io.articles import ReadMeter, read_articles
from geomap.io.listing import list_inputs
from geomap.io.parts import (
    FileGroup,
    LinesBlock,
    LinesRead,
    ReadHere,
    checked,
    parts,
    read_part,
    worker_files,
)


def _as_one_process(inputs: Sequence[str]) -> tuple[list[tuple], list[str]]:
    errors: list[InputError] = []
    articles = [(a.id, a.path, a.text, a.title) for a in
                read_articles(inputs, on_error=errors.append)]
    return articles, [str(e) for e in errors]


def _by_parts(inputs: Sequence[str], *, by_workers: bool = True, block_bytes: int | None = None,
              meter: ReadMeter | None = None) -> tuple[list[tuple], list[str]]:
    """Each part read as a worker reads it (pickled there and back), checked as the client
    checks what comes back (the meter told the listing's sizes, as the client tells it)."""
    errors: list[InputError] = []
    listing = list_inputs(inputs)
    if meter is not None:
        meter.measure(listing)
    done = ((part, [part] if isinstance(part, InputError) else _on_a_worker(part))
            for part in parts(listing, by_workers=by_workers, meter=meter,
                              block_bytes=block_bytes))
    articles = [(r.article.id, r.article.path, r.article.text, r.article.title)
                for r in checked(done, errors.append, meter)]
    return articles, [str(e) for e in errors]


def _on_a_worker(part: Any) -> list[Any]:
    items = read_part(pickle.loads(pickle.dumps(part)))
    return pickle.loads(pickle.dumps([
        item if isinstance(item, InputError) else (item[1], SimpleNamespace(article=item[0]))
        for item in items]))


def _lines(tmp_path: Path, lines: list[str], name: str = "news.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes("".join(lines).encode("utf-8"))
    return path


#: JSON Lines a dump may hold: good records, records without an id, blank lines, bad JSON, a
#: record without text, a repeated id, Windows line ends.
LINE = st.sampled_from([
    json.dumps({"id": "a", "text": "Shelling hit Kharkiv."}) + "\n",
    json.dumps({"id": "b", "text": "A strike near Gaza.", "title": "Gaza"}) + "\r\n",
    json.dumps({"text": "Clashes in Mosul, no id."}) + "\n",
    json.dumps({"text": "Fighting in Idlib, é and 中."}) + "\n",
    "\n", "   \n", "{not json\n", json.dumps({"id": "c"}) + "\n", "[1, 2]\n",
])


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(LINE, max_size=25), bom=st.booleans(), last_end=st.booleans(),
       block_bytes=st.integers(1, 400))
def test_blocks_read_as_the_whole_file_does(tmp_path_factory, lines, bom, last_end, block_bytes):
    folder = tmp_path_factory.mktemp("blocks")
    text = "".join(lines)
    if not last_end:
        text = text.rstrip("\n")
    path = folder / "news.jsonl"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    assert _by_parts([str(path)], block_bytes=block_bytes) == _as_one_process([str(path)])


def test_a_big_file_is_cut_into_blocks_numbered_on(tmp_path):
    path = _lines(tmp_path, [json.dumps({"text": f"Clashes in Mosul, day {k}."}) + "\n"
                             for k in range(50)])
    blocks = list(parts(list_inputs([str(path)]), by_workers=True, block_bytes=200))
    assert all(isinstance(b, LinesBlock) for b in blocks)
    assert len(blocks) == -(-path.stat().st_size // 200)
    assert blocks[-1].last
    assert not blocks[0].last
    ids = [item[0].id for b in blocks for item in read_part(b)]
    assert ids == [f"news-{k}" for k in range(1, 51)]


def test_a_folder_of_every_kind_reads_as_one_process(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Shelling in Kharkiv killed two.", encoding="utf-8")
    (folder / "a.json").write_text(json.dumps({"title": "Kharkiv"}), encoding="utf-8")
    (folder / "bad.txt").write_text("Fighting in Idlib.", encoding="utf-8")
    (folder / "bad.json").write_text("{no", encoding="utf-8")
    (folder / "empty.txt").write_text("  ", encoding="utf-8")
    (folder / "sub" / "b.txt.gz").write_bytes(gzip.compress(b"A strike hit Gaza."))
    (folder / "sub" / "c.jsonl.gz").write_bytes(gzip.compress(
        (json.dumps({"id": "a/report", "text": "Mosul."}) + "\n{oops\n").encode()))
    _lines(folder, [json.dumps({"id": "a", "text": "Clashes in Aleppo."}) + "\n",
                    json.dumps({"id": "a", "text": "Again Aleppo."}) + "\n"], "d.jsonl")
    _lines(folder, [], "empty.jsonl")
    expected = _as_one_process([str(folder)])
    assert [a[0] for a in expected[0]] == ["a", "sub/b", "a/report"]
    assert len(expected[1]) == 6  # a sidecar, two repeated ids, two empty files, a bad line
    for block_bytes in (10, 1000):
        assert _by_parts([str(folder)], block_bytes=block_bytes) == expected
    assert _by_parts([str(folder)], by_workers=False) == expected


def test_workers_open_absolute_paths_and_articles_keep_the_names_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("story.txt").write_text("Shelling in Kharkiv.", encoding="utf-8")
    Path("story.json").write_text('{"title": "Kharkiv"}', encoding="utf-8")
    Path("bad.txt").write_text("Fighting in Idlib.", encoding="utf-8")
    Path("bad.json").write_text("[]", encoding="utf-8")
    _lines(tmp_path, [json.dumps({"text": "Clashes in Mosul."}) + "\n"])
    inputs = ["story.txt", "bad.txt", "news.jsonl"]
    planned = list(parts(list_inputs(inputs), by_workers=True))
    assert [type(p) for p in planned] == [FileGroup, LinesBlock]
    assert planned[0].files[0][1] == str(tmp_path / "story.txt")
    assert planned[1].where == str(tmp_path / "news.jsonl")
    articles, errors = _by_parts(inputs)
    assert [a[:2] + a[3:] for a in articles] == [("story", "story.txt", "Kharkiv"),
                                                 ("news-1", "news.jsonl", None)]
    assert errors == ["bad.json: metadata must be a JSON object"] == _as_one_process(inputs)[1]
    assert worker_files(list_inputs(inputs)) == [(str(tmp_path / "story.txt"), 20),
                                             (str(tmp_path / "bad.txt"), 18),
                                             (str(tmp_path / "news.jsonl"), 30)]


def test_compressed_json_lines_are_sent_as_lines_for_the_workers_to_parse(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    records = [json.dumps({"text": f"Clashes in Mosul, day {k}."}) for k in range(40)]
    path.write_bytes(gzip.compress(("\n".join(records) + "\n").encode()))
    with mock.patch.object(parts_module, "BLOCK_BYTES", 300):
        planned = list(parts(list_inputs([str(path)]), by_workers=True))
    assert all(isinstance(p, LinesRead) for p in planned)
    assert len(planned) >= 4  # cut into batches of about BLOCK_BYTES, not sent whole
    assert [p.last for p in planned] == [False] * (len(planned) - 1) + [True]
    assert [line for p in planned for line in p.lines] == [r.encode() for r in records]
    assert [p.first_line for p in planned[:2]] == [1, 1 + len(planned[0].lines)]
    assert worker_files(list_inputs([str(path)])) == []  # the workers open no file of it
    assert list_inputs([str(path), "-"]).total() is None  # stdin's size is unknown


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(LINE, max_size=25), bom=st.booleans(), kind=st.sampled_from(
       [("gz", gzip.compress), ("bz2", bz2.compress), ("xz", lzma.compress)]),
       cut=st.none() | st.floats(0.0, 1.0), block_bytes=st.integers(1, 400),
       by_workers=st.booleans())
def test_compressed_lines_read_as_the_whole_file_does(tmp_path_factory, lines, bom, kind, cut,
                                                      block_bytes, by_workers):
    """However the batches fall, and where damaged data (a download cut short) ends the file:
    the same articles, line numbers and problems as one process reading it."""
    suffix, compress = kind
    data = compress((b"\xef\xbb\xbf" if bom else b"") + "".join(lines).encode("utf-8"))
    if cut is not None:
        data = data[:int(len(data) * cut)]
    path = tmp_path_factory.mktemp("compressed") / f"news.jsonl.{suffix}"
    path.write_bytes(data)
    with mock.patch.object(parts_module, "BLOCK_BYTES", block_bytes):
        assert _by_parts([str(path)], by_workers=by_workers) == _as_one_process([str(path)])


class _Stdin(io.StringIO):
    """stdin as a pipe gives it: its bytes on ``buffer``."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.buffer = io.BytesIO(data)


def _read_from_stdin(read: Callable[[], Any], data: bytes) -> Any:
    with mock.patch("sys.stdin", _Stdin(data)):
        return read()


def test_json_lines_on_stdin_are_sent_as_lines_and_text_as_its_article():
    records = [json.dumps({"text": f"Clashes in Mosul, day {k}."}) for k in range(40)]
    data = ("\n".join(records) + "\n").encode()
    for sent in (data, gzip.compress(data)):
        with mock.patch.object(parts_module, "BLOCK_BYTES", 300):
            planned = _read_from_stdin(lambda: list(parts(list_inputs(["-"]), by_workers=True)),
                                       sent)
        assert all(isinstance(p, LinesRead) and p.label == "<stdin>" for p in planned)
        assert len(planned) >= 4  # in batches: the client parses none of them
        assert [line for p in planned for line in p.lines] == [r.encode() for r in records]
    planned = _read_from_stdin(lambda: list(parts(list_inputs(["-"]), by_workers=True)),
                               b"Shelling hit Kharkiv overnight.")
    assert [type(p) for p in planned] == [ReadHere]


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(LINE, max_size=25), lead=st.sampled_from([b"", b"\xef\xbb\xbf", b"\n \n"]),
       packed=st.booleans(), cut=st.none() | st.floats(0.0, 1.0),
       block_bytes=st.integers(1, 400), by_workers=st.booleans())
def test_stdin_sent_as_lines_reads_as_one_process_reads_it(lines, lead, packed, cut, block_bytes,
                                                           by_workers):
    """JSON Lines on stdin, gzip or not, cut short anywhere (a download that failed): the
    lines the workers parse give the articles, line numbers and problems of one process."""
    data = lead + "".join(lines).encode("utf-8")
    data = gzip.compress(data) if packed else data
    if cut is not None:
        data = data[:int(len(data) * cut)]
    with mock.patch.object(parts_module, "BLOCK_BYTES", block_bytes):
        by_parts = _read_from_stdin(lambda: _by_parts(["-"], by_workers=by_workers), data)
    assert by_parts == _read_from_stdin(lambda: _as_one_process(["-"]), data)


def test_plain_json_lines_the_workers_cannot_see_are_sent_as_lines(tmp_path):
    path = _lines(tmp_path, [json.dumps({"text": f"Mosul {k}."}) + "\n" for k in range(3)])
    planned = list(parts(list_inputs([str(path)]), by_workers=False))
    assert [type(p) for p in planned] == [LinesRead]
    assert _by_parts([str(path)], by_workers=False) == _as_one_process([str(path)])


def test_a_file_the_workers_cannot_read_is_one_problem(tmp_path):
    path = _lines(tmp_path, [json.dumps({"text": f"Mosul {k}."}) + "\n" for k in range(20)])
    blocks = list(parts(list_inputs([str(path)]), by_workers=True, block_bytes=50))
    path.unlink()
    errors: list[InputError] = []
    done = [(b, list(read_part(b))) for b in blocks]
    assert list(checked(done, errors.append)) == []
    assert [str(e) for e in errors] == [f"{path}: cannot read: No such file or directory"]


def test_the_meter_counts_every_byte_once(tmp_path):
    (tmp_path / "a.txt").write_text("Shelling in Kharkiv.", encoding="utf-8")
    _lines(tmp_path, [json.dumps({"text": f"Mosul {k}."}) + "\n" for k in range(30)])
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(b'{"text": "Gaza."}\n'))
    meter = ReadMeter()
    _by_parts([str(tmp_path)], block_bytes=64, meter=meter)
    assert meter.total == sum(p.stat().st_size for p in tmp_path.iterdir())
    assert meter.done == meter.total


def test_missing_inputs_stop_before_anything_is_read(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        list_inputs([str(tmp_path / "gone.jsonl")])
