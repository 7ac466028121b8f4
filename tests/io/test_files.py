"""Files replaced atomically: a long text is written whole, in slices, and nothing is left."""

from __future__ import annotations

from geomap.io import files
from geomap.io.files import replace_atomically


def test_a_text_longer_than_a_slice_is_written_whole(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "WRITE_SLICE", 7)  # slices that cut "Abū Ghurayb" and "’"
    text = "Abū Ghurayb’s market\n" * 5 + "العراق 🙂"
    target = replace_atomically(tmp_path / "map.html", text)
    assert target.read_text(encoding="utf-8") == text
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]
