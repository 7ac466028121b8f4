"""UCDP GED exports (CSV) read as reference records, every column kept as written.

The columns are those of the UCDP Georeferenced Event Dataset codebook: ``id`` (the event's
stable id), ``date_start``/``date_end`` (the first and last day the event may have happened
on; ``2024-03-04`` or ``2024-03-04 00:00:00.000`` as UCDP's CSV writes it), ``type_of_violence``
(1 state-based conflict, 2 non-state conflict, 3 one-sided violence), ``latitude``/``longitude``,
``where_coordinates`` (the coded place, "Duma town"), ``adm_2``, ``adm_1`` and ``country``
(its divisions and country), and the rest (``side_a``, ``side_b``, ``where_prec``, ``best``,
``low``, ``high``, ``source_article``...) kept for the analyst.

Every UCDP event is organised violence with at least one death, so it belongs to ACLED's
political-violence disorder; one-sided violence is coded by ACLED as violence against
civilians (or as remote violence, an air strike), the two conflict types as battles or remote
violence.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from geomap.errors import InputError
from geomap.io.reference import Reference, names, point, read_rows

#: The columns a file must have to be read as UCDP GED.
REQUIRED = ("id", "date_start", "type_of_violence", "latitude", "longitude")
#: UCDP's type of violence codes.
TYPES_OF_VIOLENCE = {"1": "state-based conflict", "2": "non-state conflict",
                     "3": "one-sided violence"}
#: The ACLED event types each UCDP type of violence may be coded as.
ACLED_EVENT_TYPES = {
    "1": frozenset({"Battles", "Explosions/Remote violence"}),
    "2": frozenset({"Battles", "Explosions/Remote violence"}),
    "3": frozenset({"Violence against civilians", "Explosions/Remote violence"}),
}


def is_ucdp(columns: list[str]) -> bool:
    """Whether a CSV header is UCDP GED's (its id, dates and type of violence)."""
    return {"id", "date_start", "type_of_violence"} <= set(columns)


def _day(text: str) -> date:
    """UCDP's dates: ISO days, in its CSV with a time of midnight after them."""
    value = text.strip()
    if len(value) > 10 and value[10] in " T":
        value = value[:10]
    return date.fromisoformat(value)


def _code(value: str) -> str:
    """A type of violence code as written, "1" also when written "1.0" (R and pandas exports)."""
    value = value.strip()
    return value[:-2] if value.endswith(".0") else value


def read_ucdp(path: Path) -> list[Reference]:
    """The events of a UCDP GED export (CSV), each with its row as written.

    Examples
    --------
    >>> [r.id for r in read_ucdp(Path("GEDEvent_v24_1.csv"))][:2]  # doctest: +SKIP
    ['244657', '244658']

    Raises
    ------
    InputError
        Naming the file when a required column is missing, and file, line and column when
        a date, a type of violence or a coordinate does not read.
    """
    out: list[Reference] = []
    for line, row in read_rows(path, required=REQUIRED, what="a UCDP GED export"):
        out.append(_reference(row, path=path, line=line))
    return out


def _reference(row: dict[str, str], *, path: Path, line: int) -> Reference:
    where: dict[str, Any] = {"path": str(path), "line": line}
    if not row["id"].strip():
        raise InputError("empty", field="id", **where)
    days = []
    for name in ("date_start", "date_end"):
        text = row.get(name, "").strip() or row["date_start"]
        try:
            days.append(_day(text))
        except ValueError:
            raise InputError(f"not a date: {text!r}", field=name, **where) from None
    first, last = days
    if last < first:
        raise InputError(f"{last} is before date_start {first}", field="date_end", **where)
    kind = _code(row["type_of_violence"])
    if kind not in TYPES_OF_VIOLENCE:
        raise InputError(f"{row['type_of_violence']!r} is not 1, 2 or 3",
                         field="type_of_violence", **where)
    lat, lon = point(row, lat="latitude", lon="longitude", path=path, line=line)
    country = row.get("country", "").split(" (")[0]  # "DR Congo (Zaire)", "Yemen (North Yemen)"
    return Reference("ucdp", _code(row["id"]), row, line, first, last, lat, lon,
                     frozenset({"Political violence"}), ACLED_EVENT_TYPES[kind],
                     names=names(row.get("where_coordinates", ""), row.get("adm_2", ""),
                                 row.get("adm_1", ""), country))
