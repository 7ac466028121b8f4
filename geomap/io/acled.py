"""Incidents as ACLED rows: ACLED's column names, order and codes, one row an incident.

An ACLED user loads the file as they load an ACLED export. Columns geomap cannot know (the
actors' associates and interaction codes, admin2 and admin3, the source scale) are blank, never
guessed; ``geomap_incident_id`` is added last, the way back to the incident (and how geomap
knows its own file). The country codes, ISO numbers, names and ACLED regions are in
``acled_countries.csv`` beside this module (from GeoNames' countryInfo.txt, CC BY 4.0; regions
after ACLED's region list). The README's "ACLED-shaped CSV" maps every column.

:func:`read_acled` reads the other way: an ACLED export as reference records for
``geomap join``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date, datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

from geomap.errors import InputError
from geomap.gazetteer.index import Gazetteer
from geomap.io.reference import Reference, names, point, read_rows
from geomap.resources import package_file

#: ACLED's columns, in the order of its exports, then geomap's own id.
COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type",
           "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2",
           "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region",
           "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
           "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
           "timestamp", "geomap_incident_id")
#: Columns holding whole numbers and reals; the rest is text.
INTEGER_COLUMNS = frozenset({"year", "time_precision", "iso", "geo_precision", "fatalities",
                             "timestamp"})
REAL_COLUMNS = frozenset({"latitude", "longitude"})
#: ACLED's time precision for geomap's: 1 the day, 2 a week or a few days, 3 a month or more.
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
#: Event types of ACLED's demonstrations disorder; the rest is political violence, except
#: strategic developments, their own disorder type.
DEMONSTRATIONS = frozenset({"Protests", "Riots"})




@cache
def countries() -> dict[str, dict[str, str]]:
    """ISO alpha-3, ISO numeric, name and ACLED region by ISO alpha-2 code."""
    with package_file("io", "acled_countries.csv").open(encoding="utf-8", newline="") as fh:
        return {row["country_code"]: row for row in csv.DictReader(fh)}


def disorder_type(event_type: str, sub_event_type: str | None) -> str:
    """ACLED's disorder type of an event type and sub-type."""
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event_type in DEMONSTRATIONS:
        return "Demonstrations"
    return "Strategic developments" if event_type == "Strategic developments" \
        else "Political violence"


def admin1_name(geonameid: int | None, gazetteer: Gazetteer) -> str:
    """The first-level division holding the place, by the gazetteer ('' when unknown)."""
    place = gazetteer.by_id(geonameid) if geonameid is not None else None
    if place is None or not place.admin1 or place.precision == "country":
        return ""
    if place.feature_code.startswith("ADM1"):
        return place.name
    division = gazetteer.admin1(place.country_code, place.admin1)
    return division.name if division else ""


def _when(props: dict[str, Any]) -> tuple[str, int | None, list[str]]:
    """The event date, its ACLED precision and tags: the publication date when none is told."""
    if props.get("event_date"):
        return props["event_date"], TIME_PRECISION.get(props.get("time_precision") or "", 3), []
    if props.get("published"):
        return props["published"], 2, ["date of publication"]
    return "", None, ["no date"]


def acled_row(feature: dict[str, Any], *, gazetteer: Gazetteer) -> dict[str, Any]:
    """One incident feature (:func:`geomap.io.geojson.incident_feature`) as an ACLED row."""
    props = feature["properties"]
    cc = props.get("country_code") or ""
    country = countries().get(cc, {})
    event_date, precision, tags = _when(props)
    lon, lat = feature["geometry"]["coordinates"][:2] if feature.get("geometry") else (None, None)
    fatalities = props.get("fatalities")
    if fatalities is None:
        fatalities = props.get("fatalities_low") or 0
    if props.get("wounded") is not None:
        tags.append(f"wounded={props['wounded']}")
    published = props.get("published")
    return {
        "event_id_cnty": f"{country.get('iso3', 'XXX')}-{props['incident_id']}",
        "event_date": event_date, "year": int(event_date[:4]) if event_date else None,
        "time_precision": precision,
        "disorder_type": disorder_type(props["event_type"], props.get("sub_event_type")),
        "event_type": props["event_type"], "sub_event_type": props.get("sub_event_type") or "",
        "actor1": props.get("actor1") or "", "actor2": props.get("actor2") or "",
        "civilian_targeting": ("Civilian targeting"
                               if props["event_type"] == "Violence against civilians" else ""),
        "iso": int(country["iso"]) if country else None, "region": country.get("region", ""),
        "country": country.get("country", ""),
        "admin1": admin1_name(props.get("geonameid"), gazetteer),
        "location": props.get("location_name") or country.get("country", ""),
        "latitude": round(lat, 4) if lat is not None else None,
        "longitude": round(lon, 4) if lon is not None else None,
        "geo_precision": props.get("geo_precision"), "source": props.get("source") or "",
        "notes": " ".join(q["text"] for q in props.get("quotes") or []),
        "fatalities": fatalities, "tags": "; ".join(tags),
        "timestamp": _epoch(date.fromisoformat(published)) if published else None,
        "geomap_incident_id": props["incident_id"]}


def _epoch(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp())


def acled_rows(features: Iterable[dict[str, Any]], *,
               gazetteer: Gazetteer | None = None) -> list[dict[str, Any]]:
    """Every incident feature as an ACLED row, every column present ('' or None when unknown).

    Examples
    --------
    >>> acled_rows(incident_features)[0]["time_precision"]  # doctest: +SKIP
    1
    """
    gaz = gazetteer or Gazetteer()
    return [{c: row.get(c, "") for c in COLUMNS}
            for row in (acled_row(f, gazetteer=gaz) for f in features)]


#: The columns a file must have to be read as an ACLED export.
REQUIRED = ("event_id_cnty", "event_date", "event_type")


def is_acled(columns: list[str]) -> bool:
    """Whether a CSV header is an ACLED export's (its event id column)."""
    return "event_id_cnty" in columns


def event_day(text: str) -> date:
    """ACLED's dates: ISO (its API) or '04 March 2024' (its export tool)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return datetime.strptime(text.strip(), "%d %B %Y").date()


def read_acled(path: Path) -> list[Reference]:
    """The events of an ACLED export (CSV), each with its row as written.

    A row without coordinates keeps its place names (``location``, ``admin3`` to ``admin1``,
    ``country``) for :func:`geomap.io.reference.locate`.

    Examples
    --------
    >>> read_acled(Path("acled-iraq-2024.csv"))[0].id  # doctest: +SKIP
    'IRQ34567'

    Raises
    ------
    InputError
        Naming the file when it cannot be read or lacks ACLED's key columns, and file, line
        and column when a row's date or coordinates do not read.
    """
    out: list[Reference] = []
    for line, row in read_rows(path, required=REQUIRED, what="an ACLED export"):
        try:
            day = event_day(row["event_date"])
        except ValueError:
            raise InputError(f"not a date: {row['event_date']!r}", path=str(path), line=line,
                             field="event_date") from None
        lat, lon = point(row, lat="latitude", lon="longitude", path=path, line=line)
        kind = disorder_type(row["event_type"], row.get("sub_event_type"))
        out.append(Reference(
            "acled", row["event_id_cnty"], row, line, day, day, lat, lon,
            frozenset(kind.split("; ")), frozenset({row["event_type"]}),
            names=names(*(row.get(c, "") for c in ("location", "admin3", "admin2", "admin1",
                                                   "country")))))
    return out
