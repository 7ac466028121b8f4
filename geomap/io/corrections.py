"""A reviewer's corrections, exported from the review map, applied to the next run's incidents.

The map's Review panel writes ``{"geomap_corrections": 1, "corrections": {incident_id: {...}}}``.
Each correction may carry a ``verdict`` (``right`` or ``wrong``), a ``note``, and ``changes``
to the fields a reviewer may fix: ``lat``/``lon`` (the pin), ``event_type``, ``event_date``,
``fatalities``. Incident ids derive from the article and where its event is told
(:func:`geomap.ids.incident_id`), so a correction finds its incident again when the same
articles are run again. Applying keeps the incident, sets the fixed values and records what
was done in its ``review`` property: the verdict, the note and each change as
``{"from": old, "to": new}``; an incident judged wrong is kept, marked, for the reader to drop.

Examples
--------
>>> feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.4, 33.3]},
...            "properties": {"incident_id": "inc-1", "fatalities": 1}}
>>> fixed, unused = apply_corrections([feature], {"inc-1": Correction(
...     verdict="right", note="two died", changes={"fatalities": 2})})
>>> fixed[0]["properties"]["fatalities"], fixed[0]["properties"]["review"]["changes"]
(2, {'fatalities': {'from': 1, 'to': 2}})
"""

from __future__ import annotations

import copy
import json
import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geomap.errors import InputError
from geomap.event_types import EVENT_TYPES, event_type_names

logger = logging.getLogger(__name__)

FORMAT = 1
VERDICTS = ("right", "wrong")
FIELDS = ("lat", "lon", "event_type", "event_date", "fatalities")
#: Where a moved pin's place comes from, in ``location_basis``.
REVIEWED_BASIS = "reviewer"


@dataclass(frozen=True, slots=True)
class Correction:
    """One reviewer's judgement of one incident.

    Attributes
    ----------
    verdict
        ``"right"``, ``"wrong"`` or None (not judged).
    note
        The reviewer's note, or None.
    changes
        New values of the fields in :data:`FIELDS` the reviewer fixed.
    """

    verdict: str | None = None
    note: str | None = None
    changes: Mapping[str, Any] = field(default_factory=dict)


def read_corrections(path: Path) -> dict[str, Correction]:
    """Read and check a corrections file exported from the review map.

    Raises
    ------
    InputError
        When the file cannot be read, is not a corrections file, or a correction has a bad
        field (the message names the file, the incident id and the field).
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"cannot read corrections: {err}", path=str(path)) from err
    if not isinstance(data, dict) or data.get("geomap_corrections") != FORMAT \
            or not isinstance(data.get("corrections"), dict):
        raise InputError(f"not a geomap corrections file (format {FORMAT})", path=str(path))
    return {str(iid): _correction(entry, path=str(path), iid=str(iid))
            for iid, entry in data["corrections"].items()}


def _correction(entry: Any, *, path: str, iid: str) -> Correction:
    def bad(name: str, problem: str) -> InputError:
        return InputError(problem, path=path, field=f"{iid}.{name}")

    if not isinstance(entry, dict):
        raise bad("", "a correction is an object")
    verdict, note = entry.get("verdict"), entry.get("note")
    if verdict not in (None, *VERDICTS):
        raise bad("verdict", f"must be one of {', '.join(VERDICTS)}, not {verdict!r}")
    if note is not None and not isinstance(note, str):
        raise bad("note", "must be text")
    changes = entry.get("changes") or {}
    if not isinstance(changes, dict):
        raise bad("changes", "must be an object")
    for name, value in changes.items():
        problem = _check(name, value)
        if problem:
            raise bad(f"changes.{name}", problem)
    return Correction(verdict=verdict, note=note, changes=dict(changes))


def _check(name: str, value: Any) -> str | None:
    """What is wrong with a changed value, or None."""
    if name not in FIELDS:
        return f"cannot be corrected (only {', '.join(FIELDS)})"
    if name in ("lat", "lon"):
        limit = 90 if name == "lat" else 180
        ok = isinstance(value, int | float) and math.isfinite(value) and abs(value) <= limit
        return None if ok else f"must be a number within ±{limit}"
    if name == "event_type":
        names = event_type_names()
        return None if value in names else f"must be one of {', '.join(names)}"
    if name == "fatalities":
        ok = value is None or (isinstance(value, int) and not isinstance(value, bool)
                               and value >= 0)
        return None if ok else "must be a whole number ≥ 0 or null"
    try:
        date.fromisoformat(value) if value is not None else None
    except (TypeError, ValueError):
        return "must be a date YYYY-MM-DD or null"
    return None


def apply_corrections(features: Iterable[Mapping[str, Any]],
                      corrections: Mapping[str, Correction],
                      ) -> tuple[list[dict[str, Any]], list[str]]:
    """The incident features with their corrections applied, and the ids no incident had.

    Features are copied, never changed in place. Each corrected one gets a ``review``
    property (verdict, note, changes as ``{"from", "to"}``); a moved pin's
    ``location_basis`` becomes ``"reviewer"``, and a new event type whose sub-types do not
    include the old sub-type clears ``sub_event_type`` (recorded as a change too).
    """
    out, used = [], set()
    for feature in features:
        iid = (feature.get("properties") or {}).get("incident_id")
        if iid is not None and iid in corrections:
            used.add(iid)
            out.append(_apply(feature, corrections[iid]))
        else:
            out.append(dict(feature))
    unused = sorted(set(corrections) - used)
    if unused:
        logger.warning("%d corrections name no incident of this run: %s", len(unused),
                       ", ".join(unused[:5]))
    return out, unused


def _apply(feature: Mapping[str, Any], correction: Correction) -> dict[str, Any]:
    fixed = copy.deepcopy(dict(feature))
    props = fixed.setdefault("properties", {})
    changes: dict[str, dict[str, Any]] = {}
    new = dict(correction.changes)
    lon, lat = ((fixed.get("geometry") or {}).get("coordinates") or [None, None])[:2]
    to_lon, to_lat = new.get("lon", lon), new.get("lat", lat)
    if ("lat" in new or "lon" in new) and to_lon is not None and to_lat is not None:
        to = [round(to_lon, 5), round(to_lat, 5)]
        if to != [lon, lat]:
            changes["location"] = {"from": None if lat is None else [lon, lat], "to": to}
            changes["location_basis"] = {"from": props.get("location_basis"),
                                         "to": REVIEWED_BASIS}
            fixed["geometry"] = {"type": "Point", "coordinates": to}
            props["location_basis"] = REVIEWED_BASIS
    for name in ("event_type", "event_date", "fatalities"):
        if name in new and new[name] != props.get(name):
            changes[name] = {"from": props.get(name), "to": new[name]}
            props[name] = new[name]
    if "event_type" in changes and props.get("sub_event_type") not in _subtypes(
            props["event_type"]):
        changes["sub_event_type"] = {"from": props.get("sub_event_type"), "to": None}
        props["sub_event_type"] = None
    props["review"] = {"verdict": correction.verdict, "note": correction.note,
                       "changes": changes}
    return fixed


def _subtypes(event_type: str) -> set[str]:
    return {row.sub_event_type for row in EVENT_TYPES if row.event_type == event_type}
