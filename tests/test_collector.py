"""``geomap run`` tunes its process's garbage collector for one batch; the API does not."""

from __future__ import annotations

import gc
import json
import subprocess
import sys

from typer.testing import CliRunner

from geomap.cli import app
from geomap.collector import YOUNGEST_THRESHOLD, built_for_a_batch


def test_what_exists_when_the_pipeline_is_built_is_frozen():
    before = gc.get_freeze_count()
    built = built_for_a_batch(lambda: {"tables": [list(range(10)) for _ in range(100)]})
    assert len(built["tables"]) == 100
    assert gc.get_freeze_count() >= before + 100
    assert gc.get_threshold()[0] == YOUNGEST_THRESHOLD


def test_geomap_run_tunes_the_collector_and_the_api_does_not(tmp_path):
    from geomap.pipeline import run

    source = tmp_path / "news.jsonl"
    source.write_text(json.dumps({"id": "a1", "text": "Gunmen attacked a checkpoint in "
                                  "Kirkuk on Monday, officials in Baghdad said."}) + "\n",
                      encoding="utf-8")
    threshold = gc.get_threshold()
    run([str(source)], tmp_path / "api", formats=["geojson"])
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == threshold
    result = CliRunner().invoke(app, ["run", str(source), "--out", str(tmp_path / "cli"),
                                      "--format", "geojson", "--jobs", "1", "-q"])
    assert result.exit_code == 0, result.output
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold()[0] == YOUNGEST_THRESHOLD


def test_a_batch_process_leaves_nothing_for_the_collector_at_exit(tmp_path):
    # a handler registered before the batch runs after the batch's own (atexit is LIFO)
    script = ("import atexit, gc, sys\n"
              "atexit.register(lambda: print(len(gc.get_objects())))\n"
              "from geomap.collector import built_for_a_batch\n"
              "built_for_a_batch(lambda: None)\n"
              "garbage = [[k, {'n': k}] for k in range(50_000)]\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60, check=True)
    assert int(done.stdout) < 1_000  # the 50,000 lists and dicts were frozen, not walked
