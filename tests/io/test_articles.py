"""Reading articles: sidecar metadata, JSON Lines, stdin, and bad input that never crashes."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.errors import InputError
from geomap.io.articles import parse_published, read_articles


def test_sidecar_metadata_is_read(seed_copy):
    [article] = read_articles([str(seed_copy)])
    assert article.id == "iraq-us-strike-baghdad"
    assert article.published == date(2024, 2, 8)
    assert article.source == "Al Jazeera"
    assert article.text.startswith("Iraq condemns")


def test_jsonl_articles_keep_their_metadata(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": 7, "text": "Gaza.", "published": "2024-02-08T10:00:00Z",
                                "url": "https://example.org/a"}) + "\n")
    [article] = read_articles([str(path)])
    assert (article.id, article.published, article.url) == ("7", date(2024, 2, 8),
                                                            "https://example.org/a")


def test_bad_published_date_names_file_line_and_field(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "t", "published": "last Tuesday"}) + "\n")
    with pytest.raises(InputError, match=r"batch.jsonl:1: published: not an ISO 8601 or RFC"):
        list(read_articles([str(path)]))


def test_plain_text_on_stdin_is_one_article():
    [article] = read_articles(["-"], stdin=io.StringIO("Shelling in Kharkiv."))
    assert article.id == "stdin"


@given(st.text())
def test_any_jsonl_line_gives_an_article_or_an_input_error(line):
    errors: list[InputError] = []
    stream = io.StringIO("{" + line)
    articles = list(read_articles(["-"], stdin=stream, on_error=errors.append))
    assert len(articles) + len(errors) >= 1


@given(st.text())
def test_published_parser_returns_a_date_or_names_the_field(value):
    errors = []
    try:
        parse_published(value)
    except InputError as err:
        errors.append(str(err))
    assert all("published" in e for e in errors)


def test_offsets_index_a_file_with_windows_line_endings(tmp_path):
    from geomap.pipeline import Pipeline

    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Shelling in Kharkiv killed two people.\r\nA car bomb in Mosul killed 5.\r\n")
    [article] = read_articles([str(path)])
    raw = path.read_bytes().decode("utf-8")
    assert article.text == raw
    result = Pipeline().process(article)
    assert {raw[r.mention.start:r.mention.end] for r in result.resolutions} == {"Kharkiv", "Mosul"}


def test_articles_in_subfolders_get_distinct_ids(tmp_path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "report.txt").write_text(f"Clashes in {sub}.")
    assert [a.id for a in read_articles([str(tmp_path)])] == ["a/report", "b/report"]


def test_a_repeated_id_is_reported_and_skipped(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text('{"id": "r", "text": "Clashes in Mosul."}\n'
                    '{"id": "r", "text": "Shelling in Homs."}\n')
    errors: list[InputError] = []
    articles = list(read_articles([str(path)], on_error=errors.append))
    assert [a.text for a in articles] == ["Clashes in Mosul."]
    assert "id: duplicate article id 'r'" in str(errors[0])


def test_hidden_folders_are_not_read(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("Shelling in Homs killed 9 people.")
    (tmp_path / "real.txt").write_text("Clashes in Mosul.")
    assert [a.id for a in read_articles([str(tmp_path)])] == ["real"]


def test_a_json_file_is_not_read_as_an_article(tmp_path):
    path = tmp_path / "incidents.GeoJSON"
    path.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(InputError, match="not an article"):
        list(read_articles([str(path)]))


def test_jsonl_text_may_hold_unicode_line_separators(tmp_path):
    path = tmp_path / "u.jsonl"
    path.write_text(json.dumps({"id": "u", "text": "Strike in Baghdad\u2028killed 3."},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    [article] = read_articles([str(path)])
    assert article.text == "Strike in Baghdad\u2028killed 3."


def test_a_bad_byte_costs_its_line_only(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_bytes(b'{"id": "a", "text": "Shelling in Kharkiv."}\n'
                     b'{"id": "b", "text": "Bad \xff byte."}\n'
                     b'{"id": "c", "text": "Clashes in Mosul."}\n')
    errors = []
    ids = [a.id for a in read_articles([str(path)], on_error=errors.append)]
    assert ids == ["a", "c"]
    assert [(e.line, "UTF-8" in str(e)) for e in errors] == [(2, True)]


def test_a_byte_order_mark_is_no_part_of_the_first_record(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "a", "text": "Shelling in Kharkiv."}\n')
    assert [a.id for a in read_articles([str(path)])] == ["a"]
    text = tmp_path / "one.txt"
    text.write_bytes(b"\xef\xbb\xbfShelling in Kharkiv.")
    assert next(read_articles([str(text)])).text == "Shelling in Kharkiv."


def test_stdin_bytes_with_a_mark_and_a_bad_byte(tmp_path):
    class Stdin(io.StringIO):
        def __init__(self, data: bytes) -> None:
            super().__init__()
            self.buffer = io.BytesIO(data)

    stream = Stdin(b'\xef\xbb\xbf{"id": "a", "text": "Shelling in Kharkiv."}\n{"id": "b", '
                   b'"text": "\xc3"}\n')
    errors = []
    assert [a.id for a in read_articles(["-"], stdin=stream, on_error=errors.append)] == ["a"]
    assert [e.line for e in errors] == [2]


def test_a_lone_surrogate_is_reported_not_a_crash(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"id": "a", "text": "Shelling \\ud800 in Kharkiv."}\n'
                    '{"id": "b", "text": "Clashes in Mosul.", "title": "x\\udfff"}\n'
                    '{"id": "c", "text": "Clashes in Mosul."}\n', encoding="utf-8")
    errors = []
    assert [a.id for a in read_articles([str(path)], on_error=errors.append)] == ["c"]
    assert [(e.line, e.field) for e in errors] == [(1, "text"), (2, "title")]


@given(st.binary(max_size=200))
def test_any_bytes_give_articles_or_errors(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("b") / "x.jsonl"
    path.write_bytes(data)
    errors = []
    for article in read_articles([str(path)], on_error=errors.append):
        article.text.encode("utf-8")  # every article can be written out


def test_an_unreadable_subfolder_is_reported_and_the_rest_are_read(tmp_path, monkeypatch):
    import os

    (tmp_path / "a.txt").write_text("Shelling hit Mosul.")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text("Shelling hit Erbil.")
    real_scandir = os.scandir

    def scandir(path="."):  # what a folder without read permission does, even for root
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    errors: list[InputError] = []
    articles = list(read_articles([str(tmp_path)], on_error=errors.append))
    assert [a.id for a in articles] == ["a"]
    assert [str(e) for e in errors] == [f"{locked}: cannot read folder: Permission denied (its "
                                        "articles are skipped)"]


@pytest.mark.parametrize("mark", ["\u200b", "\u200d", "\u00ad", "\u202e", "\u2066", "\ufeff",
                                  "\u2060"])
def test_invisible_format_characters_are_removed_as_articles_are_read(tmp_path, mark):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "a", "text": f"Shelling hit Bag{mark}hdad.",
                                "title": f"Bag{mark}hdad"}) + "\n" + json.dumps(
        {"id": "b", "text": mark * 3}) + "\n", encoding="utf-8")
    errors: list[InputError] = []
    [article] = read_articles([str(path)], on_error=errors.append)
    assert (article.text, article.title) == ("Shelling hit Baghdad.", "Baghdad")
    assert [(e.line, e.field) for e in errors] == [(2, "text")]


def test_a_zero_width_space_inside_a_name_does_not_split_it(tiny_gazetteer):
    from geomap.pipeline import Pipeline
    from geomap.records import Article

    result = Pipeline(tiny_gazetteer).process(Article("a", "A drone struck Bag\u200bhdad."))
    [resolution] = result.resolutions
    assert resolution.mention.text == "Baghdad"
    assert result.article.text[resolution.mention.start:resolution.mention.end] == "Baghdad"
    assert resolution.place.country_code == "IQ"


def test_an_empty_path_names_no_folder():
    """Path("") is the current folder: an empty argument must not read it."""
    with pytest.raises(InputError, match="empty path"):
        list(read_articles([""]))


# --- compressed inputs: news dumps ship as .jsonl.gz ---------------------------------------

_BATCH = (b'{"id": "a", "text": "Shelling hit Kharkiv on Monday.", "published": "2024-02-08"}\n'
          b'{"text": "A drone struck Erbil."}\n'
          b'{"id": "c", "text": "\xc3"}\n'
          b'{"id": "d", "text": "Clashes near Mosul."}\n')


def _compress(data: bytes, suffix: str) -> bytes:
    import bz2
    import gzip
    import lzma

    return {".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress}[suffix](data)


def _read(paths, **kwargs):
    errors = []
    found = [(a.id, a.text, a.published) for a in
             read_articles([str(p) for p in paths], on_error=errors.append, **kwargs)]
    return found, [(e.path, e.line, e.problem) for e in errors]


@pytest.mark.parametrize("suffix", [".gz", ".bz2", ".xz"])
def test_compressed_json_lines_read_as_the_plain_file(tmp_path, suffix):
    plain_dir, packed_dir = tmp_path / "plain", tmp_path / "packed"
    plain_dir.mkdir()
    packed_dir.mkdir()
    (plain_dir / "news.jsonl").write_bytes(_BATCH)
    packed = packed_dir / f"news.jsonl{suffix}"
    packed.write_bytes(_compress(_BATCH, suffix))
    found, errors = _read([packed])
    expected, expected_errors = _read([plain_dir / "news.jsonl"])
    assert found == expected
    assert [a for a, _, _ in found] == ["a", "news-2", "d"]  # the id made from the plain name
    assert [(line, problem) for _, line, problem in errors] == \
        [(line, problem) for _, line, problem in expected_errors]
    assert errors[0][0] == str(packed)  # the file named as given


def test_a_compressed_text_article_keeps_its_name_and_sidecar(tmp_path):
    (tmp_path / "story.txt.gz").write_bytes(_compress(b"Gunmen attacked a checkpoint.", ".gz"))
    (tmp_path / "story.json").write_text(json.dumps({"title": "Checkpoint attack"}))
    (tmp_path / "table.csv.gz").write_bytes(_compress(b"a,b\n", ".gz"))  # not an article
    [article] = read_articles([str(tmp_path)])
    assert (article.id, article.title) == ("story", "Checkpoint attack")
    assert article.text == "Gunmen attacked a checkpoint."


def test_a_truncated_download_keeps_the_articles_before_the_damage(tmp_path):
    lines = b"".join(json.dumps({"id": f"n{k}", "text": f"Report {k} from Mosul, " * 40}
                                ).encode() + b"\n" for k in range(300))
    packed = _compress(lines, ".gz")
    cut = tmp_path / "news.jsonl.gz"
    cut.write_bytes(packed[:len(packed) // 2])
    (tmp_path / "more.jsonl").write_bytes(b'{"id": "m", "text": "Shelling in Homs."}\n')
    found, errors = _read([cut, tmp_path / "more.jsonl"])
    ids = [a for a, _, _ in found]
    assert 0 < len(ids) - 1 < 300
    assert ids[:-1] == [f"n{k}" for k in range(len(ids) - 1)]  # every line before the cut
    assert ids[-1] == "m"  # and the next file
    [(path, _, problem)] = errors
    assert path == str(cut)
    assert problem.startswith(f"compressed data damaged after line {len(ids) - 1}: ")


def test_gzip_on_stdin_is_read_as_what_it_holds():
    class Stdin(io.StringIO):
        def __init__(self, data: bytes) -> None:
            super().__init__()
            self.buffer = io.BytesIO(data)

    found, errors = _read(["-"], stdin=Stdin(_compress(_BATCH, ".gz")))
    assert [a for a, _, _ in found] == ["a", "<stdin>-2", "d"]
    assert [line for _, line, _ in errors] == [3]
    _, errors = _read(["-"], stdin=Stdin(_compress(_BATCH, ".gz")[:30]))
    assert [problem.split(":")[0] for _, _, problem in errors] == [
        "compressed data damaged after line 0"]  # as a file cut short says it


class _Pipe(io.RawIOBase):
    """A pipe's end: its bytes come a few at a time, and it counts how many were taken."""

    def __init__(self, data: bytes, piece: int = 100) -> None:
        self.data, self.piece, self.taken = data, piece, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        chunk = self.data[self.taken:self.taken + min(len(buffer), self.piece)]
        buffer[:len(chunk)] = chunk
        self.taken += len(chunk)
        return len(chunk)


class _Stdin(io.StringIO):
    def __init__(self, raw: io.RawIOBase) -> None:
        super().__init__()
        self.buffer = raw


@pytest.mark.parametrize("packed", [False, True])
def test_json_lines_on_stdin_are_read_as_they_come(packed):
    """A pipe is not read to its end before its first article: a day of news on stdin is
    never held whole."""
    import gzip
    import random

    noise, count = random.Random(7), 16_000
    # gzip reads 128 KB at a time from Python 3.12 on: far less than half of this input
    lines = [json.dumps({"id": f"n{k}", "text": f"Shelling. {noise.randbytes(40).hex()}"})
             for k in range(count)]
    data = "\n".join(lines).encode()
    pipe = _Pipe(gzip.compress(data) if packed else data, piece=4096)
    articles = read_articles(["-"], stdin=_Stdin(pipe))
    assert next(articles).id == "n0"
    assert pipe.taken < len(pipe.data) / 2
    assert [a.id for a in articles] == [f"n{k}" for k in range(1, count)]
    assert pipe.taken == len(pipe.data)


LINE = st.sampled_from([
    b'{"id": "a", "text": "Shelling hit Kharkiv."}\n', b'{"text": "Clashes in Mosul."}\r\n',
    b'{"text": "Fighting in Idlib, \xc3\xa9."}\n', b"\n", b"  \n", b"{not json\n",
    b'{"id": "c"}\n', b'{"text": "bad \xc3"}\n', b"[1]\n"])


@given(first=LINE.filter(lambda line: line.startswith(b"{")),  # stdin that looks like JSON
       lines=st.lists(LINE, max_size=20), start=st.sampled_from(
       [b"", b"\xef\xbb\xbf", b"\n\n  ", b"\xef\xbb\xbf \n"]), packed=st.booleans(),
       cut=st.none() | st.floats(0.0, 1.0), piece=st.integers(1, 50))
def test_stdin_reads_as_a_json_lines_file_does(tmp_path_factory, first, lines, start, packed,
                                               cut, piece):
    """Whatever the pieces a pipe gives, its JSON Lines (gzip or not, cut short or not) read
    as the same bytes in a file named like stdin: the same articles and the same problems."""
    data = start + first + b"".join(lines)
    if packed:
        data = _compress(data, ".gz")
        if cut is not None:
            data = data[:max(2, int(len(data) * cut))]
    path = tmp_path_factory.mktemp("stdin") / ("<stdin>.jsonl" + (".gz" if packed else ""))
    path.write_bytes(data)
    from_file, file_errors = _read([path])
    from_stdin, stdin_errors = _read(["-"], stdin=_Stdin(_Pipe(data, piece)))
    assert from_stdin == from_file
    assert [(line, problem) for _, line, problem in stdin_errors] == [
        (line, problem.replace(str(path), "<stdin>")) for _, line, problem in file_errors]


@given(st.binary(max_size=300), st.sampled_from([".gz", ".bz2", ".xz"]))
def test_any_bytes_as_a_compressed_file_give_articles_or_errors(tmp_path_factory, data, suffix):
    folder = tmp_path_factory.mktemp("z")
    for name, content in ((f"x.jsonl{suffix}", data), (f"y.txt{suffix}", data),
                          (f"w.jsonl{suffix}", _compress(data, suffix))):
        path = folder / name
        path.write_bytes(content)
        for article in read_articles([str(path)], on_error=lambda err: None):
            article.text.encode("utf-8")


# --- patterns: a quoted glob reaches geomap whole -------------------------------------------

def test_a_quoted_pattern_reads_what_it_matches_in_order(tmp_path):
    import gzip

    (tmp_path / "2024-02").mkdir()
    (tmp_path / "2024-02" / "b.jsonl.gz").write_bytes(gzip.compress(
        b'{"id": "feb", "text": "Shelling in Homs."}\n'))
    (tmp_path / "2024-01.jsonl").write_text('{"id": "jan", "text": "Clashes in Mosul."}\n')
    (tmp_path / "2023-12.jsonl").write_text('{"id": "dec", "text": "A strike in Idlib."}\n')
    assert [a.id for a in read_articles([str(tmp_path / "2024-*")])] == ["jan", "feb"]
    assert [a.id for a in read_articles([str(tmp_path / "**" / "*.jsonl*")])] == \
        ["dec", "jan", "feb"]


def test_a_pattern_that_matches_nothing_is_one_error(tmp_path):
    with pytest.raises(InputError, match=r"2030-\*\.jsonl: no file or folder matches"):
        list(read_articles([str(tmp_path / "2030-*.jsonl")]))


def test_a_file_whose_name_looks_like_a_pattern_is_that_file(tmp_path):
    (tmp_path / "report[1].txt").write_text("Gunmen attacked a checkpoint near Kirkuk.")
    (tmp_path / "report1.txt").write_text("Another report.")
    [article] = read_articles([str(tmp_path / "report[1].txt")])
    assert article.id == "report[1]"


def test_the_meter_tells_the_size_and_how_much_is_read(tmp_path):
    import gzip

    from geomap.io.articles import ReadMeter

    lines = b"".join(json.dumps({"id": f"a{k}", "text": f"Report {k} from Mosul. " * 20}
                                ).encode() + b"\n" for k in range(200))
    (tmp_path / "news.jsonl.gz").write_bytes(gzip.compress(lines))
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "story.txt").write_text("Shelling hit Homs.")
    total = sum(p.stat().st_size for p in tmp_path.rglob("*") if p.is_file())
    meter = ReadMeter()
    seen = []
    for _ in read_articles([str(tmp_path / "news.jsonl.gz"), str(tmp_path / "more")],
                           meter=meter):
        seen.append(meter.done)
    assert meter.total == total
    assert seen == sorted(seen)
    assert 0 < seen[0] < total
    assert meter.done == total
    stdin_meter = ReadMeter()
    list(read_articles(["-"], stdin=io.StringIO("Clashes in Mosul."), meter=stdin_meter))
    assert stdin_meter.total is None


def test_a_missing_input_stops_the_run_before_any_article_is_read(tmp_path):
    """The input is listed first: a typo in the last of several paths costs no processing."""
    good = tmp_path / "a.jsonl"
    good.write_text(json.dumps({"id": "a", "text": "Shelling in Kharkiv."}) + "\n")
    articles = read_articles([str(good), str(tmp_path / "typo.jsonl")])
    with pytest.raises(InputError, match=r"typo\.jsonl: no such file or folder"):
        next(articles)
