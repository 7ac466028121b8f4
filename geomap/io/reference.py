"""Events of a reference dataset (ACLED, UCDP GED) as records geomap can join and map.

A reference export is read, never rewritten: each record keeps its row exactly as written
(``row``) beside what a join needs, read once: the dataset's own id, the days the event may
have happened on, a point, and which of ACLED's disorder types it belongs to. A row without
coordinates is placed by geocoding its own place names, most specific first (the site, then
its divisions, then its country), through the same resolver chain that places article
mentions: the gazetteer, then the online fallback when enabled. The names go to the chain as
one short text, so a name that several countries hold is read beside its own division and
country, exactly as in an article.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from geomap.errors import InputError
from geomap.records import Mention

if TYPE_CHECKING:
    import geopandas

    from geomap.resolve import ResolverChain

#: Last words of coded place names that say what kind of place it is ("Duma town",
#: "Paktya province"): kept as the mention's type word, not as part of the name.
TYPE_WORDS = frozenset({
    "area", "camp", "city", "commune", "county", "department", "district", "division",
    "governorate", "locality", "municipality", "oblast", "prefecture", "province", "region",
    "state", "suburb", "territory", "town", "township", "village", "wilaya"})


@dataclass(frozen=True)
class Reference:
    """One event of a reference dataset: its row as written and what a join reads from it.

    ``first`` and ``last`` are the days the event may have happened on (the same day for
    ACLED; UCDP GED gives a range when its coders know only the week or month). ``lat`` and
    ``lon`` are the export's point, else the geocoded one (``geocoded`` then says which name
    placed it, and how), else None. ``disorders`` are the ACLED disorder types the event
    belongs to; ``event_types`` the ACLED event types it may be coded as.
    """

    dataset: str
    id: str
    row: dict[str, str]
    line: int
    first: date
    last: date
    lat: float | None
    lon: float | None
    disorders: frozenset[str]
    event_types: frozenset[str]
    #: The event's place names, most specific first (site, divisions, country).
    names: tuple[str, ...] = ()
    geocoded: str = ""

    def days_from(self, day: date) -> int:
        """Days between ``day`` and the event's days (0 inside them)."""
        if day < self.first:
            return (self.first - day).days
        return max(0, (day - self.last).days)


def read_rows(path: Path, *, required: Sequence[str] = (), what: str = "an export"
              ) -> Iterator[tuple[int, dict[str, str]]]:
    """A CSV export's rows with their line numbers (the header is line 1), every value text.

    Raises
    ------
    InputError
        Naming the file when it cannot be read or is not UTF-8, the line of a row with more
        cells than the header, and the first ``required`` column the rows lack ("not an ACLED
        export: no such column" with ``what`` "an ACLED export").
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            for number, row in enumerate(reader):
                if None in row:
                    raise InputError(f"{len(reader.fieldnames or ())} columns in the header, "
                                     "more in this row", path=str(path), line=reader.line_num)
                missing = next((c for c in required if c not in row), None) if not number \
                    else None
                if missing is not None:
                    raise InputError(f"not {what}: no such column", path=str(path),
                                     field=missing)
                yield reader.line_num, {k: v or "" for k, v in row.items()}
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(path)) from err
    except UnicodeDecodeError as err:
        raise InputError(f"not UTF-8 text: {err.reason}", path=str(path)) from err
    except csv.Error as err:
        raise InputError(f"not CSV: {err}", path=str(path)) from err


def header(path: Path) -> list[str]:
    """The column names of a CSV export ([] for an empty file).

    Raises
    ------
    InputError
        As :func:`read_rows`.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return next(csv.reader(fh), [])
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(path)) from err
    except (UnicodeDecodeError, csv.Error) as err:
        raise InputError(f"not a UTF-8 CSV file: {err}", path=str(path)) from err


def point(row: dict[str, str], *, lat: str, lon: str, path: Path,
          line: int) -> tuple[float | None, float | None]:
    """The row's coordinates, (None, None) when both cells are empty.

    Raises
    ------
    InputError
        Naming file, line and column when one is given without the other, is not a number or
        is off the globe.
    """
    raw = {lat: row.get(lat, "").strip(), lon: row.get(lon, "").strip()}
    if not any(raw.values()):
        return None, None
    values = {}
    for name, limit in ((lat, 90.0), (lon, 180.0)):
        try:
            value = float(raw[name])
        except ValueError:
            raise InputError(f"not a number: {raw[name]!r}", path=str(path), line=line,
                             field=name) from None
        if not math.isfinite(value) or abs(value) > limit:
            raise InputError(f"{raw[name]!r} is not between -{limit:g} and {limit:g}",
                             path=str(path), line=line, field=name)
        values[name] = value
    return values[lat], values[lon]


def names(*cells: str) -> tuple[str, ...]:
    """The non-empty place names among ``cells``, each once, in order."""
    return tuple(dict.fromkeys(c.strip() for c in cells if c and c.strip()))


def _mentions(parts: Sequence[str]) -> list[Mention]:
    """The names as the mentions of one short text ("Duma town, Rif Dimashq, Syria")."""
    text = ", ".join(parts)
    out, start = [], 0
    for part in parts:
        words = part.split()
        kind = words[-1].lower() if len(words) > 1 and words[-1].lower() in TYPE_WORDS else None
        name = " ".join(words[:-1]) if kind else part
        out.append(Mention("reference", start, start + len(name), name, type_word=kind,
                           sentence_end=len(text)))
        start += len(part) + 2
    return out


def locate(references: Iterable[Reference], chain: ResolverChain | Callable[[], ResolverChain]
           ) -> list[Reference]:
    """The references, those without a point placed by geocoding their names.

    The most specific placed name wins, unless the event's country is placed and the name
    lies in another country ("Tripoli" of a Lebanese event is never Libya's capital); a name
    placed only at the text's focus (an unknown village put at its country) comes after the
    names the gazetteer or the geocoder placed themselves (the village's province). The
    chain (or a function building it, called only when a point is missing) is the pipeline's.
    """
    out: list[Reference] = []
    resolver: ResolverChain | None = None
    for ref in references:
        if ref.lat is not None or not ref.names:
            out.append(ref)
            continue
        if resolver is None:
            resolver = chain() if callable(chain) else chain
        mentions = _mentions(ref.names)
        found = resolver.resolve_article(mentions)
        country = found[-1].place if found and found[-1].place is not None \
            and found[-1].place.precision == "country" else None
        fitting = [r for r in found if r.place is not None
                   and (country is None or r.place.country_code == country.country_code)]
        best = next((r for r in fitting if r.resolver != "focus"), None) \
            or next(iter(fitting), None)
        if best is None or best.place is None:
            out.append(replace(ref, geocoded=f"not placed: {', '.join(ref.names)}"))
            continue
        place = best.place
        out.append(replace(ref, lat=place.lat, lon=place.lon,
                           geocoded=f"{best.mention.text} → {place.name}, "
                                    f"{place.country_code} ({best.resolver}, {place.precision})"))
    return out


def to_geodataframe(references: Iterable[Reference]) -> geopandas.GeoDataFrame:
    """The records as a GeoDataFrame in EPSG:4326: every column of their rows as written
    (text), then ``geomap_geocoded``; the point used (geocoded when the row had none), None
    when there is none.

    Examples
    --------
    >>> to_geodataframe(read_reference(Path("ged.csv"))).explore()  # doctest: +SKIP
    """
    from geomap.extras import require

    require(("geopandas",), extra="formats", purpose="to_geodataframe()")
    import geopandas
    from shapely.geometry import Point

    records = list(references)
    rows = [{**r.row, "geomap_geocoded": r.geocoded} for r in records]
    points = [Point(r.lon, r.lat) if r.lat is not None and r.lon is not None else None
              for r in records]
    return geopandas.GeoDataFrame(rows, geometry=points, crs="EPSG:4326")
