"""A run's outputs are replaced as one set: all or none, one run at a time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from geomap.errors import OutputError
from geomap.io.output_set import COMMIT_NAME, STAGING_PREFIX, OutputSet, recover
from geomap.pipeline import run
from tests.helpers import SEEDS


def _old_set(out):
    out.mkdir()
    for name in ("incidents.geojson", "mentions.geojson", "map.html"):
        (out / name).write_text(f"old {name}", encoding="utf-8")


def test_a_failure_before_commit_leaves_the_old_set_whole(tmp_path):
    out = tmp_path / "maps"
    _old_set(out)
    def crash() -> None:
        with OutputSet(out) as outputs:
            outputs.staged(out / "incidents.geojson").write_text("new", encoding="utf-8")
            raise RuntimeError("disk full while writing the map")

    with pytest.raises(RuntimeError):
        crash()
    assert (out / "incidents.geojson").read_text(encoding="utf-8") == "old incidents.geojson"
    assert sorted(p.name for p in out.iterdir()) == [
        "incidents.geojson", "map.html", "mentions.geojson"]


def test_a_set_committed_but_not_moved_is_finished_by_the_next_run(tmp_path):
    out = tmp_path / "maps"
    _old_set(out)
    staging = out / f"{STAGING_PREFIX}killed"
    staging.mkdir()
    (staging / "map.html").write_text("new map", encoding="utf-8")  # incidents already moved
    (out / "incidents.geojson").write_text("new incidents", encoding="utf-8")
    (staging / COMMIT_NAME).write_text(json.dumps({"incidents.geojson": "incidents.geojson",
                                                   "map.html": "map.html"}), encoding="utf-8")
    recover(out)
    assert (out / "map.html").read_text(encoding="utf-8") == "new map"
    assert not staging.exists()


def test_an_uncommitted_staging_folder_is_dropped(tmp_path):
    out = tmp_path / "maps"
    _old_set(out)
    (out / f"{STAGING_PREFIX}killed").mkdir()
    (out / f"{STAGING_PREFIX}killed" / "map.html").write_text("half", encoding="utf-8")
    recover(out)
    assert (out / "map.html").read_text(encoding="utf-8") == "old map.html"
    assert not (out / f"{STAGING_PREFIX}killed").exists()


def test_a_folder_where_the_map_goes_replaces_nothing(tmp_path):
    out = tmp_path / "maps"
    run([str(SEEDS)], out)
    before = (out / "incidents.geojson").read_bytes()
    (out / "map.html").unlink()
    (out / "map.html").mkdir()
    (out / "incidents.geojson").write_bytes(before.replace(b'"features"', b'"features" ', 1))
    changed = (out / "incidents.geojson").read_bytes()
    with pytest.raises(OutputError, match="is a folder"):
        run([str(SEEDS)], out)
    assert (out / "incidents.geojson").read_bytes() == changed


def test_two_runs_never_write_one_folder_at_once(tmp_path):
    out = tmp_path / "maps"
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from geomap.io.output_set import OutputSet
        with OutputSet(Path({str(out)!r})):
            print("locked", flush=True)
            time.sleep(30)
        """)], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(OutputError, match="another geomap run"), OutputSet(out):
            pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    with OutputSet(out) as outputs:  # the lock dies with its holder, even killed
        outputs.commit()


def test_out_naming_a_file_is_said_before_any_article_is_read(tmp_path, monkeypatch):
    import geomap.pipeline as pipeline

    target = tmp_path / "maps"
    target.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(pipeline, "read_articles", lambda *a, **k: pytest.fail("read input"))
    with pytest.raises(OutputError, match="is a file"):
        run([str(SEEDS)], target)
