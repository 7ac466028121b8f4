"""Pair geomap's incidents with a reference dataset's events: the coverage check an analyst
runs against ACLED.

Two records match when their dates are at most a day apart, their points within 25 km, and
their event types compatible: of the same ACLED disorder type (political violence,
demonstrations, strategic developments), since a news report and a coder often disagree on
battle versus shelling but not on protest versus attack. Each record is matched once, closest
pairs first (same event type before compatible ones, then distance, then days).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from geomap.errors import InputError
from geomap.geometry import km_between
from geomap.io.acled import disorder_type
from geomap.io.output import check_writable, write
from geomap.io.writers.acled_csv import made_acled_csv
from geomap.io.writers.base import LayerWriter, Tables

#: Largest gap in days and in kilometres between two records of one event.
MAX_DAYS = 1
MAX_KM = 25.0


@dataclass
class Join:
    """Matched pairs (ours, theirs, km, days), and the records of each side left alone."""

    matched: list[tuple[dict[str, Any], dict[str, str], float, int]] = field(default_factory=list)
    only_ours: list[dict[str, Any]] = field(default_factory=list)
    only_theirs: list[dict[str, str]] = field(default_factory=list)


def read_acled(path: Path) -> list[dict[str, str]]:
    """The rows of an ACLED export (CSV), every column kept as written.

    Raises
    ------
    InputError
        Naming the file (and line) when it cannot be read or lacks ACLED's key columns, or a
        row's date or coordinates do not parse.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
            header = set(rows[0]) if rows else set()
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(path)) from err
    for name in ("event_id_cnty", "event_date", "event_type", "latitude", "longitude"):
        if rows and name not in header:
            raise InputError("not an ACLED export: no such column", path=str(path), field=name)
    for line, row in enumerate(rows, start=2):
        try:
            _day(row["event_date"])
            float(row["latitude"]), float(row["longitude"])
        except ValueError as err:
            raise InputError(f"cannot read: {err}", path=str(path), line=line) from err
    return rows


def _day(text: str) -> date:
    """ACLED's dates: ISO (its API) or '04 March 2024' (its export tool)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return datetime.strptime(text.strip(), "%d %B %Y").date()


def _ours(feature: dict[str, Any]) -> tuple[date, tuple[float, float], str] | None:
    props, geometry = feature["properties"], feature.get("geometry")
    when = props.get("event_date") or props.get("published")
    if not when or not geometry:
        return None
    lon, lat = geometry["coordinates"][:2]
    return date.fromisoformat(when), (lat, lon), props["event_type"]


def _pairs(ours: list[dict[str, Any]], theirs: list[dict[str, str]], *, max_days: int,
           max_km: float) -> list[tuple[tuple[bool, float, int], int, int]]:
    keyed = [(k, _ours(f)) for k, f in enumerate(ours)]
    pairs = []
    for j, row in enumerate(theirs):
        day, point = _day(row["event_date"]), (float(row["latitude"]), float(row["longitude"]))
        kind = disorder_type(row["event_type"], row.get("sub_event_type"))
        for k, key in keyed:
            if key is None or abs((key[0] - day).days) > max_days:
                continue
            km = km_between(key[1], point)
            if km <= max_km and disorder_type(key[2], None) == kind:
                pairs.append(((key[2] != row["event_type"], km, abs((key[0] - day).days)), k, j))
    return sorted(pairs)


def join(ours: Iterable[dict[str, Any]], theirs: Iterable[dict[str, str]], *,
         max_days: int = MAX_DAYS, max_km: float = MAX_KM) -> Join:
    """Pair incident features with reference rows, each at most once, closest first.

    Examples
    --------
    >>> join(incident_features, read_acled(Path("acled.csv"))).matched  # doctest: +SKIP
    """
    ours, theirs = list(ours), list(theirs)
    used_ours: set[int] = set()
    used_theirs: set[int] = set()
    result = Join()
    for (_, km, days), k, j in _pairs(ours, theirs, max_days=max_days, max_km=max_km):
        if k not in used_ours and j not in used_theirs:
            used_ours.add(k)
            used_theirs.add(j)
            result.matched.append((ours[k], theirs[j], round(km, 3), days))
    result.only_ours = [f for k, f in enumerate(ours) if k not in used_ours]
    result.only_theirs = [r for j, r in enumerate(theirs) if j not in used_theirs]
    return result


def _rows_fill(path: Path, tables: Tables) -> None:
    import pandas as pd
    import pyogrio

    rows = tables["rows"]
    columns = list(dict.fromkeys(c for r in rows for c in r)) or ["geomap_incident_id"]
    frame = pd.DataFrame({c: pd.Series([r.get(c) for r in rows], dtype="object")
                          for c in columns})
    pyogrio.write_dataframe(frame, path, layer="rows", driver="CSV")


#: Reference rows with geomap's columns last (``geomap_incident_id`` ends the header).
ROWS_CSV = LayerWriter("reference-rows", ".csv", _rows_fill, tables=("rows",), filename="rows",
                       recognise=made_acled_csv, needs=("pyogrio", "pandas"))


def _theirs(row: dict[str, str]) -> dict[str, str]:
    """A reference row without the column geomap puts last (joining geomap's own ACLED CSV)."""
    return {k: v for k, v in row.items() if k != "geomap_incident_id"}


def write_join(result: Join, out_dir: Path, *, force: bool = False) -> dict[str, Path]:
    """Write matched.csv (their row, then geomap's incident, km and days apart), only-ours.csv
    (geomap's incident columns) and only-theirs.csv (their rows) to ``out_dir``.

    Raises
    ------
    OutputError
        When one of the three exists and geomap did not write it, unless ``force``.
    """
    ROWS_CSV.require("geomap join")
    paths = {name: out_dir / f"{name}.csv" for name in ("matched", "only-ours", "only-theirs")}
    for path in paths.values():
        check_writable(path, force=force)
    matched = [{**_theirs(theirs), "geomap_event_type": ours["properties"]["event_type"],
                "geomap_event_date": ours["properties"]["event_date"],
                "geomap_location": ours["properties"]["location_name"], "match_km": km,
                "match_days": days, "geomap_incident_id": ours["properties"]["incident_id"]}
               for ours, theirs, km, days in result.matched]
    theirs = [{**_theirs(row), "geomap_incident_id": None} for row in result.only_theirs]
    return {"matched": write(paths["matched"], {"rows": matched}, force=force, writer=ROWS_CSV),
            "only-ours": write(paths["only-ours"], {"incidents": result.only_ours}, force=force,
                               format="csv"),
            "only-theirs": write(paths["only-theirs"], {"rows": theirs}, force=force,
                                 writer=ROWS_CSV)}


def join_files(ours: Path, theirs: Path, out_dir: Path, *, max_days: int = MAX_DAYS,
               max_km: float = MAX_KM, force: bool = False) -> tuple[Join, dict[str, Path]]:
    """Join geomap's incidents.geojson with an ACLED export and write the three files.

    Raises
    ------
    InputError
        When ``ours`` is not geomap's incidents GeoJSON or ``theirs`` not an ACLED export.
    OutputError
        When an output may not be overwritten.
    MissingExtraError
        When pyogrio or pandas is not installed (``pip install 'geomap-news[formats]'``).
    """
    from geomap.io.map_inputs import read_feature_collection

    ROWS_CSV.require("geomap join")
    kind, features = read_feature_collection(ours)
    if kind != "incidents":
        raise InputError("expected geomap's incidents, not mentions", path=str(ours))
    result = join(features, read_acled(theirs), max_days=max_days, max_km=max_km)
    return result, write_join(result, out_dir, force=force)
