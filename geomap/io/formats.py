"""Which files a set of formats makes, and writing them: shared by ``geomap run`` and
``geomap export``.

A text format writes one FeatureCollection a table (``incidents.geojson``); a layer format
either one file a table (``incidents.fgb``, ``mentions.fgb``) or one file holding all its
tables (``geomap.gpkg``, ``acled.csv``). The map page is planned here but drawn by the caller,
which alone may import the renderer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geomap.errors import OutputError
from geomap.io.geojson import feature_collection
from geomap.io.map_inputs import read_feature_collection
from geomap.io.output import check_writable, write
from geomap.io.writers import HTML_WRITER, AnyWriter, LayerWriter, format_named, writer_for

#: What ``geomap run`` writes when no format is asked for.
DEFAULT_FORMATS = ("geojson", "html")


@dataclass(frozen=True)
class Target:
    """One file to write: its label in the run summary, path, writer and tables."""

    label: str
    path: Path
    writer: AnyWriter
    tables: tuple[str, ...]


def parse_formats(names: Iterable[str]) -> list[AnyWriter]:
    """Writers for format names, each given once; ``a,b`` lists count as two names.

    Raises
    ------
    OutputError
        Naming an unknown format and listing the known ones.
    MissingExtraError
        When a format's libraries are not installed (``pip install 'geomap-news[formats]'``),
        before any article is read.
    """
    found: list[AnyWriter] = []
    for name in (n for given in names for n in given.split(",") if n.strip()):
        writer = format_named(name)
        if isinstance(writer, LayerWriter):
            writer.require()
        if writer not in found:
            found.append(writer)
    return found


def plan(out_dir: Path, writers: Sequence[AnyWriter]) -> list[Target]:
    """The files ``writers`` make in ``out_dir``; geomap's GeoJSON and map keep their names."""
    targets = []
    for w in writers:
        if w is HTML_WRITER:
            targets.append(Target("map", out_dir / "map.html", w, ("map",)))
        elif isinstance(w, LayerWriter) and w.filename:
            targets.append(Target(w.name, out_dir / f"{w.filename}{w.suffix}", w, w.tables))
        else:
            tables = w.tables if isinstance(w, LayerWriter) else ("incidents", "mentions")
            targets.extend(Target(t if w.name == "geojson" else f"{t} {w.name}",
                                  out_dir / f"{t}{w.suffix}", w, (t,)) for t in tables)
    return targets


def write_targets(targets: Sequence[Target], tables: Mapping[str, Any], *,
                  force: bool = False) -> dict[str, Path]:
    """Write every target from ``tables`` (features by table name; ``map``: the page)."""
    return {t.label: write(t.path, _payload(t, tables), force=force, format=t.writer.name)
            for t in targets}


def _payload(target: Target, tables: Mapping[str, Any]) -> Any:
    if isinstance(target.writer, LayerWriter):
        return {t: tables[t] for t in target.tables if t in tables}
    (table,) = target.tables
    return tables[table] if table == "map" else feature_collection(tables[table])


def export(inputs: Sequence[Path], out: Path, *, format: str | None = None,
           force: bool = False) -> Path:
    """Convert geomap's GeoJSON (incidents, mentions or both) to ``out`` in another format.

    Examples
    --------
    >>> export([Path("maps/incidents.geojson")], Path("maps/incidents.gpkg"))  # doctest: +SKIP

    Raises
    ------
    InputError
        When an input is not geomap's GeoJSON.
    OutputError
        When the format cannot hold what is given (two tables in one GeoJSON or CSV), draws
        a map, or may not overwrite ``out``.
    MissingExtraError
        When the format's libraries are not installed (``pip install 'geomap-news[formats]'``).
    """
    writer = format_named(format) if format else writer_for(out)
    if writer is HTML_WRITER:
        raise OutputError(f"{out}: a map is drawn by geomap map, not exported")
    if isinstance(writer, LayerWriter):
        writer.require()
    check_writable(out, force=force)
    tables: dict[str, list[dict[str, Any]]] = {}
    for path in inputs:
        kind, features = read_feature_collection(path)
        tables.setdefault(kind, []).extend(features)
    if not isinstance(writer, LayerWriter):
        if len(tables) > 1:
            raise OutputError(f"{out}: {writer.name} holds one table; export "
                              f"{' and '.join(tables)} to one file each")
        return write(out, feature_collection(next(iter(tables.values()))), force=force,
                     format=writer.name)
    return write(out, tables, force=force, format=writer.name)
