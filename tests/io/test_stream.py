"""GeoJSON written feature by feature is the whole collection, one feature a line; a
streamed run keeps nothing and writes what a kept one writes."""

from __future__ import annotations

import json
import math
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.io.writers.geojson import FeatureStream, encode_line, read_features
from geomap.pipeline import run

HEAD = {"type": "FeatureCollection", "generator": "geomap", "attribution": "GeoNames"}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.text(), json_values, max_size=4), max_size=5))
def test_a_streamed_collection_is_the_whole_one_and_reads_back(tmp_path_factory, features):
    from geomap.io.writers.geojson import GEOJSON

    path = tmp_path_factory.mktemp("stream") / "x.geojson"
    with FeatureStream(path, HEAD) as stream:
        stream.extend(features)
    written = path.read_text(encoding="utf-8")
    assert written == GEOJSON.serialise({**HEAD, "features": features})
    # valid JSON for any reader: no NaN or Infinity, which JSON lacks (they are written null)
    assert json.loads(written, parse_constant=_refuse) == {**HEAD, "features": _finite(features)}
    assert list(read_features(path)) == _finite(features)


def _refuse(constant: str) -> None:
    raise AssertionError(f"{constant} is not JSON")


def _finite(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.text(), json_values, max_size=4), min_size=1, max_size=5))
def test_each_feature_is_one_line_of_its_own(tmp_path_factory, features):
    """One feature per line, as GDAL writes GeoJSON: line breaks, U+2028 and carriage returns
    inside strings stay escaped or inside the line, so a diff or grep sees whole features."""
    path = tmp_path_factory.mktemp("lines") / "x.geojson"
    with FeatureStream(path, HEAD) as stream:
        stream.extend(features)
    with path.open(encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    assert lines[:4] == ['{', '"type": "FeatureCollection",', '"generator": "geomap",',
                         '"attribution": "GeoNames",']
    assert lines[4] == '"features": ['
    body = lines[5:5 + len(features)]
    assert [json.loads(line.removesuffix(","), parse_constant=_refuse)
            for line in body] == _finite(features)
    assert lines[5 + len(features):] == ["]", "}", ""]


def test_a_failed_stream_is_left_unfinished(tmp_path):
    path = tmp_path / "x.geojson"
    try:
        with FeatureStream(path, HEAD) as stream:
            stream.write({"type": "Feature"})
            raise RuntimeError("disk full")
    except RuntimeError:
        pass
    assert not path.read_text(encoding="utf-8").endswith("}\n")


def _articles(folder: Path) -> Path:
    folder.mkdir()
    lines = [{"id": f"n{k}", "text": f"Gunmen attacked a checkpoint in Kirkuk on Monday, killing "
              f"{k + 2} soldiers, officials in Baghdad said. Mosul was calm.",
              "published": "2024-05-0" + str(1 + k % 3)} for k in range(6)]
    lines.append({"id": "calm", "text": "The weather in Basra was mild."})
    path = folder / "news.jsonl"
    path.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return path


def test_a_streamed_run_writes_what_a_kept_one_writes(tmp_path):
    source = _articles(tmp_path / "in")
    kept = run([str(source)], tmp_path / "kept", formats=["geojson", "csv"])
    streamed = run([str(source)], tmp_path / "streamed", formats=["geojson", "csv"], keep=False)
    assert streamed.articles == []
    assert streamed.incidents == []
    assert streamed.summary() == kept.summary()
    assert kept.summary()["incidents"] >= 1
    for name in ("incidents.geojson", "mentions.geojson", "incidents.csv", "mentions.csv"):
        assert (tmp_path / "kept" / name).read_bytes() == \
            (tmp_path / "streamed" / name).read_bytes(), name
    assert sorted(p.name for p in (tmp_path / "streamed").iterdir()) == [
        ".geomap-set.json", "incidents.csv", "incidents.geojson", "mentions.csv",
        "mentions.geojson"]


def test_progress_sees_every_article(tmp_path):
    seen: list[int] = []
    run([str(_articles(tmp_path / "in"))], tmp_path / "out", formats=["geojson"], keep=False,
        progress=lambda result: seen.append(result.counts["articles"]))
    assert seen == list(range(1, 8))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.lists(st.sampled_from(
    [b"{}", b"\r", b"\n", b"\xef\xbb\xbf", b"x", b"\r\n"]), max_size=12).map(b"".join))
def test_json_lines_read_a_line_at_a_time_are_the_lines_of_the_whole_file(data):
    import io

    from geomap.io.articles import BOM, file_lines

    def records(lines):  # what the reader uses: the non-blank lines and their numbers
        return [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]

    # the whole file's lines: split on "\n" only, "\r" dropped at their ends, no mark first
    whole = [line.rstrip(b"\r") for line in data.removeprefix(BOM).split(b"\n")]
    assert records(file_lines(io.BytesIO(data))) == records(whole)


def test_what_a_worker_sends_back_is_the_written_text_without_the_article():
    """A worker sends the writing process each mention feature as text, not the article's
    words and resolutions: the text is what the file holds, the article comes without its
    text, and the map's places layer gets what it reads of each feature."""
    import pickle

    from geomap.io.stream import mention_features, site_keys
    from geomap.pipeline import Pipeline, article_output
    from geomap.records import Article

    text = ("Gunmen killed six villagers in Tal Afar on Monday, officials in Mosul said. "
            "The attack in Tal Afar was the third this month. " * 20)
    done = Pipeline().process(Article("w1", text))
    output = article_output(done, places=True)
    features = mention_features(done.article, done.parsed.resolutions, site_keys(done.incidents))
    assert len(features) >= 40
    assert output.mentions == [encode_line(f) for f in features]
    assert output.article.text == ""
    assert output.article.id == "w1"
    assert output.incidents == done.incidents
    assert output.result is None
    assert output.counts["mentions"] == len(features)
    assert output.counts["articles"] == 1
    assert [p["properties"]["name"] for p in output.places] == \
        [f["properties"]["name"] for f in features]
    assert pickle.loads(pickle.dumps(output)) == output
    assert article_output(done, keep=True).result is done
