"""KML for Google Earth: one placemark an incident or mention, named by what a reader looks
for (the event type and place; the mention's words), every column in its ExtendedData.

The name goes in a ``Name`` column, the field GDAL's KML driver turns into ``<name>``; it takes
any column called ``name`` whatever its case, so a mention's place name is ``place_name`` here.
KML's fields hold text and reals only: whole numbers come back as text.
"""

from __future__ import annotations

from pathlib import Path

from geomap.io.writers.base import LayerWriter, Tables

#: The placemark name of a row of each table.
_NAMES = {"incidents": lambda r: f"{r['event_type']}: {r['location_name'] or 'unplaced'}",
          "mentions": lambda r: r["text"]}
#: Columns renamed in KML, where they would collide with KML's own fields.
RENAMED = {"name": "place_name"}
_PEEK_BYTES = 4096


def _fill(path: Path, tables: Tables) -> None:
    import pyogrio

    from geomap.io.schema import geoframe

    for table, features in tables.items():
        frame = geoframe(table, features).rename(columns=RENAMED)
        frame.insert(0, "Name", [_NAMES[table](r) for r in frame.to_dict("records")])
        pyogrio.write_dataframe(frame, path, layer=table, driver="KML")


def _made(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(_PEEK_BYTES).decode("utf-8", "replace")
    except OSError:
        return False
    return any(f'<SimpleField name="{key}"' in head for key in ("incident_id", "mention_id"))


KML = LayerWriter("kml", ".kml", _fill, recognise=_made)
