"""The row a gazetteer source becomes, and the CSV helpers every source reader shares.

Kept apart from the builder so the readers (:mod:`.sources`, :mod:`.areas`, :mod:`.regions`)
and the builder that calls them all import down to here, not each other.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geomap.errors import GazetteerError
from geomap.normalize import is_latin


@dataclass
class Row:
    """A place on its way into the index, with every name it may be called."""

    name: str
    lat: float
    lon: float
    geonameid: int | None
    fclass: str
    fcode: str
    cc: str
    admin1: str
    population: int
    source: str
    names: set[str] = field(default_factory=set)
    names_only: bool = False  # only adds names to a place loaded earlier (demonyms)
    admin2: str = ""  # read for placing second-level divisions; not stored
    asciiname: str = ""  # kept as a name when alternate names are dropped


def curated_names(cell: str) -> set[str]:
    """The ``|``-separated names of a curated table's cell, each without a leading "the":
    "the Sahel" is found as "Sahel" after its article, and a name beginning with "the" would
    take a sentence's opening "The" into the mention."""
    names = {part.strip() for part in cell.split("|") if part.strip()}
    return {n[4:].strip() if n.lower().startswith("the ") else n for n in names}


def usable_alternate(name: str) -> bool:
    """Keep alternate names English news could contain: Latin script, not airport codes."""
    return (len(name) >= 3 and is_latin(name) and not (name.isupper() and len(name) <= 4)
            and not any(ch.isdigit() for ch in name))


def read_csv(path: Path, columns: Iterable[str] = ()) -> Iterator[dict[str, str]]:
    """Yield the rows of a curated CSV, naming the file and line on a malformed row.

    Raises
    ------
    GazetteerError
        When one of ``columns`` is not in the header, or a row has too few or too many fields.
    """
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise GazetteerError(f"{path}:1: missing column(s) {', '.join(missing)}")
        for number, record in enumerate(reader, start=2):
            if None in record or any(v is None for v in record.values()):
                raise GazetteerError(f"{path}:{number}: wrong number of fields")
            yield record


def finite(value: str, *, path: Path, line: int, name: str) -> float:
    """Parse a float column, failing with the file and line."""
    try:
        number = float(value)
    except ValueError as err:
        raise GazetteerError(f"{path}:{line}: {name}: not a number: {value!r}") from err
    if not math.isfinite(number):
        raise GazetteerError(f"{path}:{line}: {name}: not finite")
    return number

