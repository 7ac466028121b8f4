"""A run's outputs are replaced as one set: all or none, one run at a time."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from geomap.errors import OutputError
from geomap.io.linked_sets import SetsPlace
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
        run([str(SEEDS)], out, force=True)  # forced past the edit: the folder still stops it
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


# --- kill -9 at each step of the switch, and two runs at once (subprocesses) -------------------

#: One step: a kill before "switched" leaves the old set, from it on the new one, each whole
#: even before the next run recovers.
KILL_LINKED = ("locked", "staged:incidents.geojson", "staged:mentions.geojson",
               "staged:map.html", "written", "carried", "marked", "sealed", "switched")
#: File by file (a folder holding a user's file): after "committed" the next run finishes it.
KILL_FOLDER = ("locked", "staged:incidents.geojson", "staged:mentions.geojson",
               "staged:map.html", "written", "marked", "committed", "moved:incidents.geojson",
               "moved:mentions.geojson", "moved:map.html", "moved:.geomap-set.json", "done")
AFTER_COMMIT = KILL_FOLDER[KILL_FOLDER.index("committed"):]
NEW_ARTICLE = "A drone strike killed three people in Mosul on 3 May 2024. Erbil was calm.\n"
USER_FILE = "notes.txt"


def _geomap_run(source, out, **env):
    return subprocess.run([sys.executable, "-m", "geomap", "run", str(source), "--out", str(out)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), **env})


def _snapshot(out):
    """The outputs a reader sees: every file but the staging folders."""
    return {p.name: p.read_bytes() for p in out.iterdir()
            if p.is_file() and not p.name.startswith(STAGING_PREFIX)}


def _strays(out):
    """Staging folders and temporary files in ``out``; beside it, temporary links; in its
    sets folder, anything but the set ``out`` links to."""
    place = SetsPlace.of(out)
    found = [p.name for p in out.iterdir()
             if p.name.startswith(STAGING_PREFIX) or p.name.endswith(".tmp")]
    found += [p.name for p in out.parent.iterdir() if p.name.startswith(place.link_prefix)]
    if place.sets.exists():
        found += [p.name for p in place.sets.iterdir() if p.name != place.current_id()]
    return sorted(found)


def _linked_copy(old, out):
    """``out`` as a run leaves it: a link to a copy of set ``old``."""
    place = SetsPlace.of(out)
    shutil.copytree(os.path.realpath(old), place.sets / "20240101T000000-0123abcd")
    os.symlink(place.link_text("20240101T000000-0123abcd"), out)


def _folder_copy(old, out):
    """``out`` a real folder holding set ``old`` and a user's file: switched file by file."""
    shutil.copytree(old, out)
    (out / USER_FILE).write_text("mine", encoding="utf-8")


@pytest.fixture(scope="module")
def two_sets(tmp_path_factory):
    """Folder ``old`` written from the seed, and ``new``, the set the killed run would write."""
    root = tmp_path_factory.mktemp("sets")
    news = root / "news"
    news.mkdir()
    (news / "mosul.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    for source, name in ((SEEDS, "old"), (news, "new")):
        done = _geomap_run(source, root / name)
        assert done.returncode == 0, done.stderr
    return news, root / "old", root / "new"


@pytest.mark.parametrize("step", KILL_LINKED)
def test_a_run_killed_at_any_step_leaves_out_linked_to_one_whole_set(two_sets, tmp_path, step):
    news, old, new = two_sets
    out = tmp_path / "maps"
    _linked_copy(old, out)
    killed = _geomap_run(news, out, GEOMAP_TEST_KILL_AT=step)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    whole = new if step == "switched" else old
    assert _snapshot(out) == _snapshot(whole)  # even before recovery
    recover(out)  # what the next run does first
    assert _snapshot(out) == _snapshot(whole)
    assert _strays(out) == []


@pytest.mark.parametrize("step", ["migrating", "migrated"])
def test_a_run_killed_while_migrating_a_folder_leaves_the_old_set_linked(two_sets, tmp_path,
                                                                           step):
    news, old, _ = two_sets
    out = tmp_path / "maps"
    shutil.copytree(old, out)  # a real folder, as an older geomap left it
    killed = _geomap_run(news, out, GEOMAP_TEST_KILL_AT=step)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert not out.is_dir() or _snapshot(out) == _snapshot(old)  # no folder at all, or it whole
    recover(out)
    assert out.is_symlink()
    assert _snapshot(out) == _snapshot(old)
    assert _strays(out) == []


@pytest.mark.parametrize("step", KILL_FOLDER)
def test_a_run_killed_at_any_step_file_by_file_leaves_one_whole_set(two_sets, tmp_path, step):
    news, old, new = two_sets
    out = tmp_path / "maps"
    _folder_copy(old, out)
    killed = _geomap_run(news, out, GEOMAP_TEST_KILL_AT=step)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    mine = {USER_FILE: b"mine"}
    if step not in AFTER_COMMIT:
        assert _snapshot(out) == {**_snapshot(old), **mine}  # whole, even before recovery
    recover(out)  # what the next run does first
    assert _snapshot(out) == {**_snapshot(new if step in AFTER_COMMIT else old), **mine}
    assert _strays(out) == []
    assert not out.is_symlink()


def test_the_next_run_after_a_kill_mid_move_writes_one_set(two_sets, tmp_path):
    news, old, _ = two_sets
    out = tmp_path / "maps"
    _folder_copy(old, out)
    assert _geomap_run(news, out, GEOMAP_TEST_KILL_AT="moved:incidents.geojson").returncode < 0
    done = _geomap_run(SEEDS, out)
    assert done.returncode == 0, done.stderr
    assert _snapshot(out) == {**_snapshot(old), USER_FILE: b"mine"}
    assert _strays(out) == []


#: Ctrl-C before the switch: the run stops with one line and leaves ``out`` as it was.
BEFORE_SWITCH = KILL_LINKED[:KILL_LINKED.index("switched")]


@pytest.mark.parametrize("step", BEFORE_SWITCH)
def test_ctrl_c_before_the_switch_says_nothing_was_written(two_sets, tmp_path, step):
    news, old, _ = two_sets
    out = tmp_path / "maps"
    _linked_copy(old, out)
    stopped = _geomap_run(news, out, GEOMAP_TEST_KILL_AT=step, GEOMAP_TEST_KILL_SIGNAL="INT")
    assert stopped.returncode == 130
    assert stopped.stderr.strip().splitlines()[-1] == (
        f"Interrupted: nothing was written; {out} holds what it held before")
    assert _snapshot(out) == _snapshot(old)
    assert _strays(out) == []


def test_ctrl_c_in_a_first_run_leaves_no_trace(two_sets, tmp_path):
    news, _, _ = two_sets
    out = tmp_path / "maps"
    stopped = _geomap_run(news, out, GEOMAP_TEST_KILL_AT="staged:map.html",
                          GEOMAP_TEST_KILL_SIGNAL="INT")
    assert stopped.returncode == 130
    assert stopped.stderr.strip().splitlines()[-1] == (
        f"Interrupted: nothing was written; {out} was not made")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_ctrl_c_after_the_switch_claims_nothing(two_sets, tmp_path):
    news, old, new = two_sets
    out = tmp_path / "maps"
    _linked_copy(old, out)
    stopped = _geomap_run(news, out, GEOMAP_TEST_KILL_AT="switched",
                          GEOMAP_TEST_KILL_SIGNAL="INT")
    assert stopped.returncode == 130
    assert "nothing was written" not in stopped.stderr
    recover(out)
    assert _snapshot(out) == _snapshot(new)


@pytest.mark.parametrize("step", ["staged:mentions.geojson", "marked", "committed",
                                  "moved:incidents.geojson"])
def test_ctrl_c_file_by_file_leaves_the_old_set_or_one_the_next_run_finishes(two_sets,
                                                                            tmp_path, step):
    news, old, new = two_sets
    out = tmp_path / "maps"
    _folder_copy(old, out)
    stopped = _geomap_run(news, out, GEOMAP_TEST_KILL_AT=step, GEOMAP_TEST_KILL_SIGNAL="INT")
    assert stopped.returncode == 130
    mine = {USER_FILE: b"mine"}
    if step in AFTER_COMMIT:
        assert "nothing was written" not in stopped.stderr
    else:
        assert stopped.stderr.strip().splitlines()[-1] == (
            f"Interrupted: nothing was written; {out} holds what it held before")
        assert _snapshot(out) == {**_snapshot(old), **mine}
    recover(out)  # what the next run does first
    assert _snapshot(out) == {**_snapshot(new if step in AFTER_COMMIT else old), **mine}
    assert _strays(out) == []


def _state(pid):
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        return fh.read().rpartition(")")[2].split()[0]


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="reads the process state in /proc")
def test_a_second_run_into_a_busy_folder_fails_in_one_line_and_one_set_results(two_sets,
                                                                                tmp_path):
    news, old, new = two_sets
    out = tmp_path / "maps"
    _linked_copy(old, out)
    first = subprocess.Popen(
        [sys.executable, "-m", "geomap", "run", str(news), "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path),
             "GEOMAP_TEST_KILL_AT": "staged:mentions.geojson", "GEOMAP_TEST_KILL_SIGNAL": "STOP"})
    try:
        deadline = time.monotonic() + 240
        while _state(first.pid) != "T":  # frozen holding the lock, half its set written
            assert first.poll() is None
            assert time.monotonic() < deadline
            time.sleep(0.1)
        second = _geomap_run(SEEDS, out)
        assert second.returncode == 1
        assert second.stderr.strip() == (f"Error: {out}: another geomap run is writing here; "
                                          "wait for it or choose another --out")
        assert _snapshot(out) == _snapshot(old)
    finally:
        first.send_signal(signal.SIGCONT)
        first.communicate(timeout=240)
    assert first.returncode == 0
    assert _snapshot(out) == _snapshot(new)
    assert _strays(out) == []


def test_a_hand_edited_output_that_keeps_the_mark_is_not_overwritten(tmp_path):
    out = tmp_path / "maps"
    run([str(SEEDS)], out)
    incidents = out / "incidents.geojson"
    edited = incidents.read_text(encoding="utf-8").replace('"features"', '"note": "mine",\n'
                                                           '"features"', 1)
    assert '"generator": "geomap"' in edited
    incidents.write_text(edited, encoding="utf-8")
    with pytest.raises(OutputError, match=f"^{incidents}: edited since geomap wrote it; use "
                                          "--force"):
        run([str(SEEDS)], out)
    assert incidents.read_text(encoding="utf-8") == edited
    run([str(SEEDS)], out, force=True)
    assert '"note": "mine"' not in incidents.read_text(encoding="utf-8")
    run([str(SEEDS)], out)  # geomap's own output again: replaced without --force


def test_a_map_redrawn_by_geomap_map_is_replaced_by_the_next_run_without_force(tmp_path):
    """``geomap map -o maps/map.html`` keeps the set's manifest true: its page is geomap's, not
    a hand edit, and the next ``geomap run --out maps`` replaces it."""
    from typer.testing import CliRunner

    from geomap.cli import app

    out = tmp_path / "maps"
    run([str(SEEDS)], out)
    redrawn = CliRunner().invoke(app, ["map", str(out / "incidents.geojson"),
                                       str(out / "mentions.geojson"), "-o", str(out / "map.html"),
                                       "--offline"])
    assert redrawn.exit_code == 0, redrawn.output
    run([str(SEEDS)], out)


def test_a_damaged_manifest_leaves_the_decision_to_the_mark(tmp_path):
    from geomap.io.output_set import MANIFEST_NAME

    out = tmp_path / "maps"
    run([str(SEEDS)], out)
    (out / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    run([str(SEEDS)], out)
    assert json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["sha256"]


def test_a_folder_holding_the_user_s_files_is_said_to_be_switched_file_by_file(tmp_path, caplog):
    out = tmp_path / "maps"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    run([str(SEEDS)], out)
    assert not out.is_symlink()
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert "file by file" in caplog.text
    assert str(out) in caplog.text


class _StoppedAtOnce:
    """A pipeline whose first article is interrupted, as Ctrl-C while it is processed."""

    def process(self, article):
        raise KeyboardInterrupt


@pytest.mark.parametrize("existed", [False, True])
def test_ctrl_c_on_the_first_article_says_the_folder_is_untouched(tmp_path, existed):
    from geomap.errors import RunInterrupted

    out = tmp_path / "maps"
    if existed:
        _old_set(out)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(RunInterrupted) as stopped:
        run([str(SEEDS)], out, pipeline=_StoppedAtOnce(), force=True)
    assert str(stopped.value) == f"nothing was written; {out} " + (
        "holds what it held before" if existed else "was not made")
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


#: Runs the CLI with Ctrl-C pressed just before the map is drawn, inside a weak reference's
#: callback, where Python cannot deliver it: it prints the exception and goes on.
SWALLOWED_CTRL_C = """
import os, signal, sys, weakref
import geomap.render.map as drawing
from geomap.cli import app

build_map = drawing.build_map

def ctrl_c_in_a_callback(_):
    os.kill(os.getpid(), signal.SIGINT)
    for _ in range(1000):  # Python runs the handler here, inside the callback
        pass

def build_after_ctrl_c(*args, **kwargs):
    class Thing:
        pass
    thing = Thing()
    ref = weakref.ref(thing, ctrl_c_in_a_callback)
    del thing
    return build_map(*args, **kwargs)

drawing.build_map = build_after_ctrl_c
sys.argv = ["geomap", "run", {source!r}, "--out", {out!r}]
app()
"""


def test_ctrl_c_python_could_not_deliver_still_stops_the_run(two_sets, tmp_path):
    """Ctrl-C raised where Python only prints it (a weak reference's callback, as the import
    system's locks have) is noted: the run stops before the switch and says so."""
    news, old, _ = two_sets
    out = tmp_path / "maps"
    _linked_copy(old, out)
    stopped = subprocess.run(
        [sys.executable, "-c", SWALLOWED_CTRL_C.format(source=str(news), out=str(out))],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert stopped.returncode == 130, stopped.stderr
    assert stopped.stderr.strip().splitlines()[-1] == (
        f"Interrupted: nothing was written; {out} holds what it held before")
    assert "Exception ignored" not in stopped.stderr
    assert _snapshot(out) == _snapshot(old)
    assert _strays(out) == []


def _ctrl_c() -> None:
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(1)  # the handler runs before this ends


def test_ctrl_c_is_noted_only_while_a_run_notes_it():
    from geomap import interrupts

    before = signal.getsignal(signal.SIGINT)
    with interrupts.noted():
        with pytest.raises(KeyboardInterrupt):
            _ctrl_c()
        assert interrupts.pressed()
        with pytest.raises(KeyboardInterrupt):
            interrupts.raise_if_pressed()
    assert not interrupts.pressed()
    interrupts.raise_if_pressed()  # nothing pressed: nothing raised
    assert signal.getsignal(signal.SIGINT) is before
