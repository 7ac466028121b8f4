"""The one-step switch: ``--out DIR`` is a link to the current set, replaced by one rename."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.errors import OutputError
from geomap.io.linked_sets import SetsPlace
from geomap.io.output_set import MANIFEST_NAME, STAGING_PREFIX, OutputSet, recover


def _write_set(out: Path, text: str, names=("incidents.geojson", "map.html")) -> OutputSet:
    with OutputSet(out) as outputs:
        for name in names:
            outputs.staged(out / name).write_text(f"{text} {name}", encoding="utf-8")
        outputs.commit()
    return outputs


def _sets(out: Path) -> list[str]:
    return sorted(os.listdir(SetsPlace.of(out).sets))


def _beside(out: Path) -> list[str]:
    return sorted(os.listdir(out.parent))


def test_out_is_a_relative_link_to_the_one_set_folder_beside_it(tmp_path):
    out = tmp_path / "maps"
    assert _write_set(out, "first").one_step
    assert os.readlink(out) == f".maps.geomap-sets/{_sets(out)[0]}"
    assert _beside(out) == [".maps.geomap-sets", "maps"]
    first = _sets(out)
    _write_set(out, "second")
    assert (out / "map.html").read_text(encoding="utf-8") == "second map.html"
    assert len(_sets(out)) == 1
    assert _sets(out) != first
    assert _beside(out) == [".maps.geomap-sets", "maps"]  # no temporary link left


def test_files_the_new_set_does_not_replace_are_carried_over(tmp_path):
    out = tmp_path / "maps"
    _write_set(out, "first", names=("incidents.geojson", "geomap.gpkg"))
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "sub").mkdir()
    (out / "sub" / "deep.txt").write_text("mine too", encoding="utf-8")
    before = (out / "notes.txt").stat().st_ino
    _write_set(out, "second", names=("incidents.geojson",))
    assert (out / "geomap.gpkg").read_text(encoding="utf-8") == "first geomap.gpkg"
    assert (out / "notes.txt").stat().st_ino == before  # a hard link, not a copy
    assert (out / "sub" / "deep.txt").read_text(encoding="utf-8") == "mine too"
    assert (out / "incidents.geojson").read_text(encoding="utf-8") == "second incidents.geojson"


def test_a_file_system_without_hard_links_gets_copies(tmp_path, monkeypatch):
    out = tmp_path / "maps"
    _write_set(out, "first")
    (out / "notes.txt").write_text("mine", encoding="utf-8")

    def no_links(*args, **kwargs):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    _write_set(out, "second")
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_the_manifest_describes_the_new_set_as_a_file_by_file_switch_does(tmp_path,
                                                                          monkeypatch):
    out = tmp_path / "maps"
    _write_set(out, "first", names=("b.geojson", "a.geojson", "c.geojson"))
    _write_set(out, "second", names=("a.geojson",))
    manifest = (out / MANIFEST_NAME).read_bytes()
    assert list(json.loads(manifest)["sha256"]) == ["b.geojson", "a.geojson", "c.geojson"]

    def no_symlinks(*args, **kwargs):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "symlink", no_symlinks)
    folder = tmp_path / "folder"
    _write_set(folder, "first", names=("b.geojson", "a.geojson", "c.geojson"))
    _write_set(folder, "second", names=("a.geojson",))
    assert (folder / MANIFEST_NAME).read_bytes() == manifest  # the same bytes, whichever way


def test_a_real_folder_of_geomap_outputs_is_migrated(tmp_path):
    out = tmp_path / "maps"
    out.mkdir()
    (out / "incidents.geojson").write_text('{"generator": "geomap"}', encoding="utf-8")
    (out / "old.geojson").write_text('{"generator": "geomap", "old": 1}', encoding="utf-8")
    assert _write_set(out, "new").one_step
    assert out.is_symlink()
    assert (out / "old.geojson").read_text(encoding="utf-8") == '{"generator": "geomap", "old": 1}'
    assert len(_sets(out)) == 1


def _real_folder_with(out: Path, name: str) -> None:
    out.mkdir()
    (out / "incidents.geojson").write_text('{"generator": "geomap"}', encoding="utf-8")
    (out / name).write_text("the user's", encoding="utf-8")


def test_a_real_folder_holding_a_users_file_is_switched_file_by_file(tmp_path):
    out = tmp_path / "maps"
    _real_folder_with(out, "notes.txt")
    assert not _write_set(out, "new").one_step
    assert not out.is_symlink()
    assert _beside(out) == ["maps"]
    assert (out / "notes.txt").read_text(encoding="utf-8") == "the user's"
    assert (out / "map.html").read_text(encoding="utf-8") == "new map.html"


def test_the_working_folder_is_never_moved(tmp_path, monkeypatch):
    out = tmp_path / "maps"
    out.mkdir()
    monkeypatch.chdir(out)
    assert not _write_set(Path("."), "new").one_step
    assert not _write_set(out, "again").one_step
    assert not out.is_symlink()
    assert (out / "map.html").is_file()


def test_a_mount_point_is_never_moved(tmp_path, monkeypatch):
    out = tmp_path / "maps"
    out.mkdir()
    real_ismount = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda p: Path(p) == out or real_ismount(p))
    assert not _write_set(out, "new").one_step
    assert not out.is_symlink()


def test_a_users_link_stays_and_its_folder_is_written_file_by_file(tmp_path):
    elsewhere = tmp_path / "data" / "maps"
    elsewhere.mkdir(parents=True)
    out = tmp_path / "maps"
    out.symlink_to(elsewhere)
    assert not _write_set(out, "new").one_step
    assert os.readlink(out) == str(elsewhere)
    assert (elsewhere / "map.html").read_text(encoding="utf-8") == "new map.html"


def test_without_symlinks_the_folder_is_real_and_switched_file_by_file(tmp_path, monkeypatch):
    def no_symlinks(*args, **kwargs):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "symlink", no_symlinks)
    out = tmp_path / "maps"
    assert not _write_set(out, "first").one_step
    _write_set(out, "second")
    assert _beside(out) == ["maps"]  # no sets folder left beside it
    assert (out / "map.html").read_text(encoding="utf-8") == "second map.html"
    assert not any(p.name.startswith(STAGING_PREFIX) for p in out.iterdir())


def test_a_set_left_holding_a_users_file_is_never_removed(tmp_path):
    out = tmp_path / "maps"
    _write_set(out, "first")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (left,) = _sets(out)
    out.unlink()  # the link deleted by hand, the set folder left
    _write_set(out, "second")
    recover(out)
    assert left in _sets(out)
    assert len(_sets(out)) == 2
    sets = SetsPlace.of(out).sets
    assert (sets / left / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_a_set_left_holding_only_geomaps_outputs_is_removed(tmp_path):
    out = tmp_path / "maps"
    _write_set(out, "first")
    out.unlink()
    _write_set(out, "second")
    assert len(_sets(out)) == 1
    assert (out / "map.html").read_text(encoding="utf-8") == "second map.html"


READER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from geomap.io.output_set import OutputSet
    out, runs = Path(sys.argv[1]), int(sys.argv[2])
    for run in range(1, runs + 1):
        with OutputSet(out) as outputs:
            for name in ("incidents.geojson", "mentions.geojson", "map.html"):
                outputs.staged(out / name).write_text(f"run {run}\\n" * 2000, encoding="utf-8")
            outputs.commit()
    """)


def _read_through_one_fd(out: Path) -> set[str] | None:
    """The set's files read through one descriptor of ``out``, as a careful reader does; None
    when the set was removed under it (read again)."""
    try:
        folder = os.open(out, os.O_RDONLY)  # the link resolved to a set just removed: again
    except FileNotFoundError:
        return None
    try:
        texts = set()
        for name in ("incidents.geojson", "mentions.geojson", "map.html"):
            fd = os.open(name, os.O_RDONLY, dir_fd=folder)
            with os.fdopen(fd, encoding="utf-8") as fh:
                texts.add(fh.read())
        return texts
    except FileNotFoundError:
        return None
    finally:
        os.close(folder)


def test_a_reader_never_sees_two_sets_mixed(tmp_path):
    out = tmp_path / "maps"
    _write_set(out, "run 0\n")
    writer = subprocess.Popen([sys.executable, "-c", READER, str(out), "150"],
                              env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    seen, reads = set(), 0
    try:
        while writer.poll() is None:
            texts = _read_through_one_fd(out)
            if texts is None:
                continue
            assert len(texts) == 1, f"a mix of sets: {sorted(t[:7] for t in texts)}"
            seen.update(texts)
            reads += 1
    finally:
        writer.wait(timeout=120)
    assert writer.returncode == 0
    assert reads > 10
    assert len(seen) > 2


def test_a_failure_before_the_switch_leaves_the_old_set_linked_and_no_trace(tmp_path):
    out = tmp_path / "maps"
    _write_set(out, "old")
    (before,) = _sets(out)

    def crash() -> None:
        with OutputSet(out) as outputs:
            outputs.staged(out / "map.html").write_text("new", encoding="utf-8")
            raise RuntimeError("disk full while writing the map")

    with pytest.raises(RuntimeError):
        crash()
    assert (out / "map.html").read_text(encoding="utf-8") == "old map.html"
    assert _sets(out) == [before]
    assert _beside(out) == [".maps.geomap-sets", "maps"]


def test_a_file_that_cannot_be_carried_over_stops_the_switch_in_one_line(tmp_path):
    out = tmp_path / "maps"
    _write_set(out, "old")
    os.mkfifo(out / "pipe")
    (before,) = _sets(out)
    with pytest.raises(OutputError, match=f"^{out / 'pipe'}: neither a file nor a folder"):
        _write_set(out, "new")
    assert (out / "map.html").read_text(encoding="utf-8") == "old map.html"
    assert _sets(out) == [before]
    assert _beside(out) == [".maps.geomap-sets", "maps"]


@given(text=st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"),
                    max_size=60))
@settings(max_examples=200, deadline=None)
def test_only_geomaps_own_link_counts_as_one(tmp_path_factory, text):
    """A link a user made, whatever it says, is never taken for geomap's (and never moved)."""
    folder = tmp_path_factory.mktemp("links")
    out = folder / "maps"
    try:
        os.symlink(text, out)
    except (OSError, ValueError):
        return
    set_id = SetsPlace.of(out).current_id()
    assert set_id is None or text == SetsPlace.of(out).link_text(set_id)
    assert SetsPlace.of(out).kind() in ({"linked"} if set_id else {"folder", "file"})


def test_a_link_into_the_sets_folder_is_geomaps(tmp_path):
    out = tmp_path / "maps"
    os.symlink(".maps.geomap-sets/20240101T000000-0123abcd", out)
    assert SetsPlace.of(out).kind() == "linked"
    _write_set(out, "new")  # its set folder gone: a new one is made
    assert (out / "map.html").read_text(encoding="utf-8") == "new map.html"


def test_an_export_written_through_the_link_is_kept_by_the_next_run(tmp_path):
    from geomap.io.formats import export
    from geomap.pipeline import run
    from tests.helpers import SEEDS

    out = tmp_path / "maps"
    run([str(SEEDS)], out)
    export([out / "incidents.geojson"], out / "incidents.geojsonl")
    exported = (out / "incidents.geojsonl").read_bytes()
    run([str(SEEDS)], out)  # the exported file is not in the run's formats: carried over
    assert (out / "incidents.geojsonl").read_bytes() == exported
    assert out.is_symlink()
    assert len(_sets(out)) == 1
