"""Fuzzing what users hand geomap: article batches, sidecars, places CSV, config files and CLI
arguments. Never a traceback; every good record of a batch is processed; every bad one is named
by file and line.

``make test`` runs a few hundred cases; CI's fuzz step (``.ci/run``) sets
``GEOMAP_FUZZ_EXAMPLES`` to run over ten thousand: the examples of each test below are that
number times the test's share.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from geomap.cli import app
from geomap.errors import InputError
from geomap.gazetteer.user_places import read_user_places
from geomap.io.articles import read_articles
from geomap.pipeline import Pipeline
from geomap.settings import load_settings
from tests.helpers import csv_text

#: Examples of all the tests together, each taking its share (the shares add up to 1.35);
#: CI's fuzz step raises it.
BASE = int(os.environ.get("GEOMAP_FUZZ_EXAMPLES", "200"))


def fuzz(share: float) -> settings:
    """Hypothesis settings for a test run ``BASE * share`` times; no example database, so a
    CI run starts from nothing and the checkout stays clean."""
    return settings(max_examples=max(5, int(BASE * share)), database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture,
                                           HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.fixture
def folder(tmp_path_factory):
    """A fresh folder for every example (hypothesis reuses one function-scoped tmp_path)."""
    def make() -> Path:
        return tmp_path_factory.mktemp("fuzz")
    return make


# --- strategies -----------------------------------------------------------------------------

#: Any character a file can hold (no lone surrogates: those cannot be UTF-8).
chars = st.characters(blacklist_categories=("Cs",))
#: Text with what breaks parsers: format characters, long digit runs, odd spaces and quotes.
hostile_text = st.lists(st.one_of(
    st.text(chars, max_size=40),
    st.sampled_from(["Baghdad", "Mosul", " killed ", "\u200b", "\u202e", "\ufeff", "\u00ad",
                     "\r\n", "\u2028", "\x00", '"', "\\", "9" * 5000, "1e309", ". ", "NaN"]),
), max_size=12).map("".join)
meaningful = st.builds(lambda a, b: f"Shelling hit Mosul {a} {b}", hostile_text, hostile_text)
metadata = st.fixed_dictionaries({}, optional={
    "title": st.text(chars, max_size=30), "url": st.text(chars, max_size=30),
    "source": st.text(chars, max_size=30),
    "published": st.dates(min_value=date(1900, 1, 1)).map(date.isoformat)})

#: Lines no reader can accept, each one a JSON Lines record gone wrong.
bad_lines = st.one_of(
    st.binary(min_size=1, max_size=40).filter(lambda b: b.strip() and b"\n" not in b).map(
        lambda b: b"\xff" + b),                                        # not UTF-8
    st.text(chars, min_size=1, max_size=40).filter(
        lambda t: t.strip() and not t.lstrip().startswith(("{", "[", '"')) and "\n" not in t
        and "\r" not in t).map(lambda t: ("{" + t).encode()),          # not JSON
    st.sampled_from([b"[1, 2]", b'"text"', b"42", b"null", b"[" * 50_000,
                     b'{"text": ""}', b'{"text": "   "}', b'{"text": 7}', b'{"id": "x"}',
                     b'{"text": "\\ud800 Mosul"}', b'{"text": "Mosul", "title": "\\udfff"}',
                     b'{"text": "Mosul", "published": "yesterday"}',
                     b'{"text": "Mosul", "published": 20240208}',
                     b'{"text": "Mosul", "id": []}', b'{"text": "Mosul", "id": ""}',
                     b'{"text": "\\u200b\\u200b"}', b'{"text": "Mosul", "url": {"a": 1}}']),
)


def _good_line(number: int, text: str, meta: dict) -> bytes:
    return json.dumps({"id": f"g{number}", "text": text, **meta}).encode()


batches = st.lists(st.one_of(
    st.tuples(st.just("good"), meaningful, metadata),
    st.tuples(st.just("bad"), bad_lines, st.just({})),
    st.tuples(st.just("blank"), st.sampled_from([b"", b"  ", b"\r"]), st.just({})),
), min_size=1, max_size=12)


# --- article batches ------------------------------------------------------------------------

@fuzz(share=0.40)
@given(batch=batches, bom=st.booleans(), crlf=st.booleans())
def test_a_json_lines_batch_keeps_every_good_record_and_names_every_bad_one(
        folder, pipeline, batch, bom, crlf):
    lines, good, bad = [], [], []
    for number, (kind, payload, meta) in enumerate(batch, start=1):
        if kind == "good":
            lines.append(_good_line(number, payload, meta))
            good.append(f"g{number}")
        else:
            lines.append(payload)
            if kind == "bad":
                bad.append(number)
    path = folder() / "batch.jsonl"
    data = (b"\r\n" if crlf else b"\n").join(lines)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    errors: list[InputError] = []
    articles = list(read_articles([str(path)], on_error=errors.append))
    assert [a.id for a in articles] == good
    named = [(e.path, e.line) for e in errors]
    if good or bad:
        assert named == [(str(path), n) for n in bad]
    else:
        assert [e.problem for e in errors] == ["file holds no articles"]
    for article in articles:  # every good record goes through every stage
        pipeline.process(article)


@fuzz(share=0.25)
@given(files=st.lists(st.tuples(
    st.one_of(meaningful.map(str.encode), st.binary(max_size=60), st.just(b"  \n")),
    st.one_of(st.none(), metadata.map(lambda m: json.dumps(m).encode()),
              st.sampled_from([b"{", b"[]", b'"t"', b'{"title": 5}', b"[" * 30_000,
                               b'{"published": "someday"}', b"\xff\xfe"])),
), min_size=1, max_size=6))
def test_a_folder_of_text_files_and_sidecars_keeps_the_good_and_names_the_bad(
        folder, pipeline, files):
    root = folder()
    expected_good, expected_bad = [], set()
    for k, (body, sidecar) in enumerate(files):
        text_path = root / f"a{k}.txt"
        text_path.write_bytes(body)
        if sidecar is not None:
            (root / f"a{k}.json").write_bytes(sidecar)
        try:
            text = body.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError:
            expected_bad.add(str(text_path))
            continue
        if not text.strip() or (sidecar is not None and not _usable_sidecar(sidecar)):
            expected_bad.add(str(text_path))
            continue
        expected_good.append(f"a{k}")
    errors: list[InputError] = []
    refused = None
    try:
        articles = list(read_articles([str(root)], on_error=errors.append))
    except InputError as err:  # a folder with no readable article at all is one error
        articles, refused = [], str(err)
    if refused is not None:
        assert not expected_good
        assert str(root) in refused
        return
    named = {str(Path(e.path).with_suffix(".txt")) for e in errors if e.path}
    for k in range(len(files)):  # each file: read, or named (by itself or its sidecar)
        read = f"a{k}" in {a.id for a in articles}
        assert read != (str(root / f"a{k}.txt") in named)
        assert not (read and str(root / f"a{k}.txt") in expected_bad)
    assert len(errors) == len(named)
    for article in articles:
        pipeline.process(article)


def _usable_sidecar(raw: bytes) -> bool:
    """What a sidecar must be: a UTF-8 JSON object (field checks are the reader's)."""
    try:
        return isinstance(json.loads(raw.decode("utf-8")), dict)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False


@fuzz(share=0.10)
@given(data=st.binary(max_size=300), text_first=st.booleans())
def test_stdin_of_any_bytes_is_read_or_named(data, text_first):
    import io

    stream = io.TextIOWrapper(io.BytesIO((b"news: " if text_first else b"") + data))
    errors: list[InputError] = []
    articles = list(read_articles(["-"], on_error=errors.append, stdin=stream))
    assert articles or errors
    assert all(e.path == "<stdin>" for e in errors)


# --- places CSV and config files ------------------------------------------------------------

csv_cell = st.one_of(st.text(chars, max_size=12), st.sampled_from(
    ["33.3", "-91", "nan", "inf", "1e400", "44.4", "Baghdad", "", '"', "a|b|", "IQ", "PPL"]))


@fuzz(share=0.20)
@given(header=st.lists(st.sampled_from(["name", "lat", "lon", "alternate_names", "feature_code",
                                        "country_code", "x"]), min_size=0, max_size=6),
       rows=st.lists(st.lists(csv_cell, max_size=7), max_size=5), raw=st.binary(max_size=40))
def test_a_places_csv_is_read_or_refused_in_one_line_naming_it(folder, header, rows, raw):
    path = folder() / "places.csv"
    path.write_bytes(csv_text([header, *rows]).encode("utf-8") + raw)
    try:
        places, problem = read_user_places(path), None
    except InputError as err:
        places, problem = [], str(err)
    if problem is not None:
        assert problem.startswith(str(path))
        assert "\n" not in problem
    for place, _names in places:
        assert -90 <= place.lat <= 90
        assert -180 <= place.lon <= 180


toml_value = st.one_of(st.booleans(), st.integers(), st.floats(), st.text(chars, max_size=15),
                       st.sampled_from(['"rules"', '"spacy"', "nan", "-inf", '"ftp"', "[1, 2]",
                                        "{a = 1}", '"~/x"', "1e999", "0", '"nominatim"']))
toml_keys = st.sampled_from(["gazetteer", "places", "recognizer", "spacy_model",
                             "country_fallback", "online", "geocoder", "user_agent", "cache",
                             "fallback_below", "tiles", "cluster_above", "max_data_mb",
                             "article_chars", "sentence_chars", "mentions", "incidents",
                             "min_delay_seconds", "scheme", "timeout", "domain", "limit", "x"])
toml_tables = st.sampled_from(["run", "geocode", "map", "limits", "geocode.nominatim",
                               "geocode.photon", "other"])


def _toml_line(key: str, value) -> str:
    if isinstance(value, str) and not value.startswith(('"', "[", "{")) and value not in (
            "nan", "-inf", "1e999", "0"):
        return f"{key} = {json.dumps(value)}"
    if isinstance(value, bool):
        return f"{key} = {str(value).lower()}"
    if isinstance(value, float):
        return f"{key} = {value!r}".replace("inf", "inf").replace("nan", "nan")
    return f"{key} = {value}"


@fuzz(share=0.25)
@given(tables=st.lists(st.tuples(toml_tables, st.lists(st.tuples(toml_keys, toml_value),
                                                       max_size=4)), max_size=4),
       junk=st.one_of(st.just(""), st.text(chars, max_size=30)))
def test_a_config_file_gives_settings_or_one_error_naming_it(folder, tables, junk):
    text = "\n".join(f"[{name}]\n" + "\n".join(_toml_line(k, v) for k, v in entries)
                     for name, entries in tables) + "\n" + junk
    path = folder() / "config.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        settings_, problem = load_settings(path, env={}), None
    except InputError as err:
        settings_, problem = None, str(err)
    if settings_ is None:
        assert problem.startswith(str(path))
        return
    assert settings_.limits.mentions >= 0
    options = settings_.geocoder_options
    for key in ("min_delay_seconds", "timeout"):
        if key in options:
            assert options[key] >= 0


# --- CLI arguments --------------------------------------------------------------------------

runner = CliRunner()
#: Commands that stay on this machine (no --online, no assets install, no Dask cluster).
COMMANDS = [["run"], ["extract"], ["geocode"], ["gazetteer", "lookup"], ["map"], ["export"],
            ["join"], ["eval"], ["gazetteer", "info"]]
words = st.one_of(st.text(st.characters(blacklist_categories=("Cs",),
                                        blacklist_characters="\x00"), max_size=12),
                  st.sampled_from(["-", "--", "-f", "xlsx", "geojson,csv", "-1", "0", "1e9",
                                   "nan", "--force", "--json", "--nl", "rules", "spacy"]))
option = st.one_of(
    st.tuples(st.sampled_from(["--format", "-f", "--recognizer", "--jobs", "--cluster-above",
                               "--max-data-mb", "--geocoder-option", "--days", "--km",
                               "--country", "--spacy-model", "--gazetteer", "--places",
                               "--config", "--corrections", "--geocoder"]), words),
    st.tuples(st.sampled_from(["--force", "--json", "--nl", "--offline", "--no-geocoding",
                               "--no-tiles", "--no-country-fallback"])),
    st.tuples(words),
)


@fuzz(share=0.15)
@given(command=st.sampled_from(COMMANDS), options=st.lists(option, max_size=5),
       use_article=st.booleans(), use_out=st.booleans())
def test_any_command_line_ends_in_output_or_one_error_never_a_traceback(
        folder, command, options, use_article, use_out):
    root = folder()
    article = root / "a.txt"
    article.write_text("A drone strike killed two people in Mosul on Monday.", encoding="utf-8")
    args = [*command, *([str(article)] if use_article else [])]
    for opt in options:
        args.extend(opt)
    assume("--online" not in args and "--geocoding" not in args and "--tiles" not in args)
    if use_out:
        args += ["--out" if command == ["run"] else "-o", str(root / "out")]
    result = runner.invoke(app, args, env={"GEOMAP_OFFLINE": "1", "GEOMAP_CONFIG": "",
                                          "GEOMAP_PLACES": ""})
    error = result.exception
    assert error is None or isinstance(error, SystemExit), (args, repr(error))
    assert "Traceback" not in result.output
    if result.exit_code not in (0, 2):  # 2: a usage error, which click words itself
        assert result.output.strip(), args  # said why (geocode: the names left unplaced)
    shutil.rmtree(root, ignore_errors=True)
