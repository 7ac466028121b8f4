"""Pair geomap's incidents with a reference dataset's events: the coverage check an analyst
runs against ACLED or UCDP GED.

Two records match when their dates are at most a day apart (a UCDP event known only to its
week or month spans those days), their points within 25 km, and their event types
compatible: of the same ACLED disorder type (political violence, demonstrations, strategic
developments), since a news report and a coder often disagree on battle versus shelling but
not on protest versus attack. Each record is matched once, closest pairs first (same event
type before compatible ones, then distance, then days).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.errors import InputError
from geomap.geometry import km_between
from geomap.io.acled import disorder_type, is_acled, read_acled
from geomap.io.output import check_writable, write
from geomap.io.reference import Reference, header, locate
from geomap.io.ucdp import is_ucdp, read_ucdp
from geomap.io.writers.acled_csv import made_acled_csv
from geomap.io.writers.base import LayerWriter, Tables

if TYPE_CHECKING:
    from geomap.resolve import ResolverChain

#: Largest gap in days and in kilometres between two records of one event.
MAX_DAYS = 1
MAX_KM = 25.0


@dataclass
class Join:
    """Matched pairs (ours, theirs, km, days), and the records of each side left alone."""

    matched: list[tuple[dict[str, Any], Reference, float, int]] = field(default_factory=list)
    only_ours: list[dict[str, Any]] = field(default_factory=list)
    only_theirs: list[Reference] = field(default_factory=list)


def read_reference(path: Path, *,
                   chain: ResolverChain | Callable[[], ResolverChain] | None = None,
                   ) -> list[Reference]:
    """An ACLED or UCDP GED export (told apart by its columns), its rows without coordinates
    placed through ``chain`` (default: the shipped gazetteer, offline).

    Raises
    ------
    InputError
        Naming the file when it is neither, or a row (line and column) that does not read.
    """
    columns = header(path)
    if is_acled(columns):
        records = read_acled(path)
    elif is_ucdp(columns):
        records = read_ucdp(path)
    else:
        raise InputError("not an ACLED export (no column event_id_cnty) nor a UCDP GED one "
                         "(no columns id, date_start, type_of_violence)", path=str(path))
    return locate(records, chain or _offline_chain)


def _offline_chain() -> ResolverChain:
    from geomap.gazetteer.index import Gazetteer
    from geomap.resolve import GazetteerResolver, ResolverChain

    return ResolverChain(GazetteerResolver(Gazetteer()), ())


def _ours(feature: dict[str, Any]) -> tuple[date, tuple[float, float], str] | None:
    props, geometry = feature["properties"], feature.get("geometry")
    when = props.get("event_date") or props.get("published")
    if not when or not geometry:
        return None
    lon, lat = geometry["coordinates"][:2]
    return date.fromisoformat(when), (lat, lon), props["event_type"]


def _pairs(ours: list[dict[str, Any]], theirs: list[Reference], *, max_days: int,
           max_km: float) -> list[tuple[tuple[bool, float, int], int, int]]:
    by_day: dict[date, list[tuple[int, tuple[float, float], str]]] = defaultdict(list)
    for k, feature in enumerate(ours):
        key = _ours(feature)
        if key is not None:
            by_day[key[0]].append((k, key[1], key[2]))
    pairs = []
    for j, ref in enumerate(theirs):
        if ref.lat is None or ref.lon is None:
            continue
        day = ref.first - timedelta(days=max_days)
        while day <= ref.last + timedelta(days=max_days):
            for k, where, event_type in by_day.get(day, ()):
                km = km_between(where, (ref.lat, ref.lon))
                if km <= max_km and set(disorder_type(event_type, None).split("; ")) \
                        & ref.disorders:
                    pairs.append(((event_type not in ref.event_types, km, ref.days_from(day)),
                                  k, j))
            day += timedelta(days=1)
    return sorted(pairs)


def join(ours: Iterable[dict[str, Any]], theirs: Iterable[Reference], *,
         max_days: int = MAX_DAYS, max_km: float = MAX_KM) -> Join:
    """Pair incident features with reference records, each at most once, closest first.

    A record with no point (none in the export, and geocoding found none) is only theirs.

    Examples
    --------
    >>> join(incident_features, read_reference(Path("acled.csv"))).matched  # doctest: +SKIP
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


def _theirs(ref: Reference) -> dict[str, Any]:
    """A reference row as written (less the column geomap puts last in its own ACLED CSV),
    then the point the join used and, when geocoding found it, how."""
    row: dict[str, Any] = {k: v for k, v in ref.row.items() if k != "geomap_incident_id"}
    row.update(geomap_latitude=ref.lat, geomap_longitude=ref.lon, geomap_geocoded=ref.geocoded)
    return row


def write_join(result: Join, out_dir: Path, *, force: bool = False) -> dict[str, Path]:
    """Write matched.csv (their row, then geomap's incident, km and days apart), only-ours.csv
    (geomap's incident columns) and only-theirs.csv (their rows) to ``out_dir``; their rows
    end with the point used (``geomap_latitude``, ``geomap_longitude``) and ``geomap_geocoded``.

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
    theirs = [{**_theirs(ref), "geomap_incident_id": None} for ref in result.only_theirs]
    return {"matched": write(paths["matched"], {"rows": matched}, force=force, writer=ROWS_CSV),
            "only-ours": write(paths["only-ours"], {"incidents": result.only_ours}, force=force,
                               format="csv"),
            "only-theirs": write(paths["only-theirs"], {"rows": theirs}, force=force,
                                 writer=ROWS_CSV)}


def join_files(ours: Path, theirs: Path, out_dir: Path, *, max_days: int = MAX_DAYS,
               max_km: float = MAX_KM, force: bool = False,
               chain: ResolverChain | Callable[[], ResolverChain] | None = None,
               ) -> tuple[Join, dict[str, Path]]:
    """Join geomap's incidents.geojson with an ACLED or UCDP GED export and write the three
    files; ``chain`` places the export's rows that have no coordinates.

    Raises
    ------
    InputError
        When ``ours`` is not geomap's incidents GeoJSON or ``theirs`` not an export read here.
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
    result = join(features, read_reference(theirs, chain=chain), max_days=max_days,
                  max_km=max_km)
    return result, write_join(result, out_dir, force=force)
