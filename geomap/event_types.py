"""ACLED's event and sub-event types, and how the map draws each: one table, one place.

``geomap/data/event_types.csv`` lists every (event type, sub-event type) pair geomap knows with
the colour and one-letter symbol its pins, clusters and legend use. Keeping the types as data
means the trigger lexicon, the map and any later stage read the same list, and adding an event
type (or a sub-event type) is one CSV row. The map draws per event type, so every sub-type of a
type carries its type's style; :func:`style_of` reads the type's first row.

Examples
--------
>>> style_of("Battles")
Style(color='#d55e00', symbol='B')
>>> style_of("Not an ACLED type") == DEFAULT_STYLE
True
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from typing import Any

from geomap.resources import package_file

TABLE = package_file("data", "event_types.csv")


@dataclass(frozen=True, slots=True)
class Style:
    """How the map draws one event type: a CSS colour and a one-letter symbol."""

    color: str
    symbol: str


@dataclass(frozen=True, slots=True)
class EventType:
    """One row of the table: an ACLED event type, one of its sub-event types, and its style."""

    event_type: str
    sub_event_type: str
    style: Style


#: The style of an event type missing from the table (a hand-edited GeoJSON may hold one).
DEFAULT_STYLE = Style("#555555", "?")


def _read() -> tuple[EventType, ...]:
    with TABLE.open(encoding="utf-8", newline="") as fh:
        return tuple(EventType(r["event_type"], r["sub_event_type"], Style(r["color"], r["symbol"]))
                     for r in csv.DictReader(fh) if any(r.values()))


#: Every (event type, sub-event type) pair, in the table's order (ACLED's).
EVENT_TYPES: tuple[EventType, ...] = _read()


def event_type_names() -> tuple[str, ...]:
    """The event types, each once, in the table's order."""
    return tuple(dict.fromkeys(row.event_type for row in EVENT_TYPES))


def style_of(event_type: str) -> Style:
    """The style of ``event_type``: its first row's, or :data:`DEFAULT_STYLE` if unknown."""
    return next((row.style for row in EVENT_TYPES if row.event_type == event_type),
                DEFAULT_STYLE)


def map_styles() -> dict[str, dict[str, Any]]:
    """Styles as the map's script reads them: ``{type: {"color", "icon"}}`` plus ``_default``.

    The key ``_default`` cannot clash with an ACLED type; the script falls back to it for any
    type it meets that the table does not name.
    """
    styles = {name: style_of(name) for name in event_type_names()}
    styles["_default"] = DEFAULT_STYLE
    return {name: {"color": s.color, "icon": s.symbol} for name, s in styles.items()}
