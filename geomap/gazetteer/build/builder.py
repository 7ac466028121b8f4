"""Build the compact SQLite gazetteer index from GeoNames dumps, Natural Earth and curated tables.

The shipped ``gazetteer/geomap.sqlite`` is this module's output on ``../shared/data``; a user can
rebuild it, for instance from ``allCountries.txt`` for full coverage, with
``geomap gazetteer build --from DIR``. SQLite is chosen because it opens in microseconds, is
queried lazily (nothing is read until a name is looked up) and needs no server.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from geomap import rules
from geomap.errors import GazetteerError
from geomap.gazetteer.build import areas, regions
from geomap.gazetteer.build import sources as src
from geomap.gazetteer.build.rows import Row
from geomap.gazetteer.build.sources import read_country_info
from geomap.gazetteer.schema import SCHEMA, SCHEMA_VERSION, EntryWriter
from geomap.normalize import name_key, strip_article
from geomap.resources import gazetteer_dir

logger = logging.getLogger(__name__)

#: The curated tables the index is built with.
DATA_DIR = gazetteer_dir()

#: Countries where conflict reporting names small places by many spellings ("Velyka
#: Novosilka", "Bolshaya Novoselka"): their cities500-only places keep every Latin-script
#: alternate name; elsewhere such places keep their name and ASCII name only.
CONFLICT_COUNTRIES = frozenset(
    "IQ SY JO LB PS IL YE SA IR TR EG LY TN DZ MA SD SS ER ET SO DJ KE ML NE BF TD MR NG CM CF"
    " UA RU BY MD GE AM AZ MM AF PK CO VE CD RW BI UG TZ MZ HT MX".split()
)
#: Countries whose cities500 rows are kept; None, the default, keeps every country's.
SMALL_PLACE_COUNTRIES: frozenset[str] | None = None
#: Feature classes of no-country.txt worth naming: water bodies, not undersea relief.
NO_COUNTRY_CLASSES = frozenset({"H"})



def build(source_dir: Path, out: Path, *, extra_dirs: Iterable[Path] = (DATA_DIR,),
          small_place_countries: frozenset[str] | None = SMALL_PLACE_COUNTRIES,
          named_countries: frozenset[str] | None = CONFLICT_COUNTRIES) -> dict[str, int]:
    """Build the index at ``out`` (atomically) and return the counts per source.

    ``small_place_countries`` limits cities500 rows to those countries; None keeps them all.
    Places only in cities500 (population under 15,000) keep their alternate names in
    ``named_countries`` (None: everywhere) and only their name and ASCII name elsewhere.

    Raises
    ------
    GazetteerError
        When a required dump file (countryInfo.txt, and cities15000.txt or allCountries.txt)
        is missing or malformed.
    """

    files = _DumpFiles(Path(source_dir))
    countries = read_country_info(files.need("countryInfo.txt"))
    rows: dict[tuple[str, int | str], Row] = {}
    counts: dict[str, int] = {}
    for label, loader in _loaders(files, countries, extra_dirs, small_place_countries,
                                  named_countries, built=rows):
        added, orphans = 0, []
        for row in loader:
            key = ("gn", row.geonameid) if row.geonameid else ("x", f"{row.source}:{row.name}")
            if key in rows:
                rows[key].names |= row.names
            elif row.names_only:
                orphans.append(f"{row.source}: {row.geonameid} {row.name}")
            else:
                rows[key] = row
                added += 1
        counts[label] = added
        logger.info("%s: %d places", label, added)
        if orphans:
            logger.warning("%s: %d name rows name a place not in this build (first: %s)",
                           label, len(orphans), orphans[0])
    _write(rows.values(), out, {"counts": json.dumps(counts),
                                "sources": json.dumps(source_files(files, extra_dirs)),
                                "neighbours": json.dumps(_neighbours(countries))})
    return counts


#: Every file the build may read, in the order the loaders read them.
SOURCE_FILES = ("countryInfo.txt", "ne_50m_admin_0_countries.json", "allCountries.txt",
                "cities15000.txt", "cities500.txt", "admin1CodesASCII.txt", "no-country.txt",
                "ne_10m_admin_0_disputed_areas.json")
GEONAMES_TABLES = frozenset({"allCountries.txt", "cities15000.txt", "cities500.txt",
                             "no-country.txt"})
CURATED_FILES = ("curated_places.csv", "country_names.csv", "demonyms.csv", "region_demonyms.csv",
                 "admin1_names.csv", "aliases.csv", "regions.csv")


def source_files(files: _DumpFiles, extra_dirs: Iterable[Path]) -> list[dict[str, object]]:
    """Name, size and data date of each file read, for ``geomap gazetteer info``.

    The date of a GeoNames table is its latest modification date (column 19), which says how
    current the dump is better than the file's own timestamp.
    """
    found = [files.find(name) for name in SOURCE_FILES]
    found += [folder / name for folder in extra_dirs for name in CURATED_FILES]
    out = []
    for path in found:
        if path is None or not path.is_file():
            continue
        date = _latest_modification(path) if path.name in GEONAMES_TABLES else None
        out.append({"file": path.name, "bytes": path.stat().st_size, "data_date": date})
    return out


def _latest_modification(path: Path) -> str | None:
    latest = ""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 19 and len(cols[18]) == 10 and cols[18] > latest:
                latest = cols[18]
    return latest or None


class _DumpFiles:
    """Finds dump files in DIR, DIR/geonames or DIR/naturalearth."""

    def __init__(self, root: Path) -> None:
        if not root.is_dir():
            raise GazetteerError(f"{root}: no such folder")
        self.root = root

    def find(self, name: str) -> Path | None:
        for folder in (self.root, self.root / "geonames", self.root / "naturalearth"):
            if (folder / name).is_file():
                return folder / name
        return None

    def need(self, name: str) -> Path:
        path = self.find(name)
        if path is None:
            raise GazetteerError(f"{self.root}: {name} is missing")
        return path


def _loaders(files: _DumpFiles, countries: list[dict[str, Any]], extra_dirs: Iterable[Path],
             small: frozenset[str] | None, named: frozenset[str] | None, *,
             built: dict[tuple[str, int | str], Row]) -> Iterator[tuple[str, Iterable[Row]]]:
    """Each source's rows in turn; ``built`` fills with the rows loaded so far, from which
    the curated regions, read last, are placed."""

    ne = files.find("ne_50m_admin_0_countries.json")
    points = areas.country_points(ne) if ne else {}
    all_countries = files.find("allCountries.txt")
    cities = all_countries or files.find("cities15000.txt")
    if cities is None:
        raise GazetteerError(f"{files.root}: cities15000.txt or allCountries.txt is missing")
    city_rows = list(src.read_geonames_table(cities, source="geonames"))
    named_rows = list(city_rows)  # places that keep every alternate name
    small_rows: list[Row] = []
    if files.find("cities500.txt") and not all_countries:
        small_rows = list(src.read_geonames_table(files.need("cities500.txt"), source="geonames"))
        major = {r.geonameid for r in city_rows}
        for r in small_rows:
            if small is not None and r.cc not in small:
                continue
            if r.geonameid in major or named is None or r.cc in named:
                named_rows.append(r)
            else:
                r.names = {n for n in (r.name, r.asciiname) if n}
            city_rows.append(r)
    every_place = [*city_rows, *small_rows]  # indexed or not: where divisions are placed
    yield "countries", areas.country_rows(countries, points, city_rows)
    admin1 = files.find("admin1CodesASCII.txt")
    if admin1:
        # Only divisions holding a place that keeps its alternate names are indexed: placing
        # all 3,864 adds ~900 small divisions that outrank cities ("Florida", PR.20).
        yield "admin1", areas.admin1_rows(admin1, named_rows, every_place)
    admin2 = files.find("admin2Codes.txt")
    if admin2:
        yield "admin2", areas.admin2_rows(admin2, every_place)
    yield "cities", city_rows
    no_country = files.find("no-country.txt")
    if no_country:
        yield "water", (r for r in src.read_geonames_table(no_country, source="geonames")
                        if r.fclass in NO_COUNTRY_CLASSES)
    country_ids = {c["iso"]: c["geonameid"] for c in countries}
    extra_dirs = list(extra_dirs)
    for folder in extra_dirs:
        yield f"curated:{folder.name}", src.read_curated(folder, country_ids)
    for folder in extra_dirs:
        if (folder / "regions.csv").is_file():
            yield f"regions:{folder.name}", regions.region_rows(folder / "regions.csv", built)
    disputed = files.find("ne_10m_admin_0_disputed_areas.json")
    if disputed:  # after the curated areas and regions, which it must not duplicate
        yield "disputed", regions.disputed_rows(disputed, city_rows, built=built)


def _neighbours(countries: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Each country's land neighbours (countryInfo.txt), for the resolver's country signal."""
    return {c["iso"]: c["neighbours"] for c in countries if c["neighbours"]}


def _write(rows: Iterable[Row], out: Path, meta: dict[str, str]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", suffix=".sqlite", dir=out.parent)
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(SCHEMA)
        writer = EntryWriter(con)
        for row in rows:
            pid, gid = writer.pid_for(row.geonameid)
            writer.add(pid, gid, name=row.name, lat=row.lat, lon=row.lon, fclass=row.fclass,
                       fcode=row.fcode, cc=row.cc, admin1=row.admin1,
                       population=row.population, source=row.source)
            writer.add_names(_name_rows(pid, row.names))
        meta = {"built": datetime.now(timezone.utc).strftime("%Y-%m-%d"),
                "schema": SCHEMA_VERSION, **meta}
        con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        con.commit()
        con.execute("VACUUM")
        con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


#: "South-West" (Cameroon's region) is written "Southwest" as often.
_COMPASS = re.compile(r"\b(north|south) (east|west)\b")


def _name_rows(pid: int, names: set[str]) -> Iterator[tuple[str, int, int]]:
    for raw in names:
        demonym = raw.startswith("\0")
        key = name_key(raw.lstrip("\0"))
        # "Région" is an alternate name of Togo's Maritime region in one source: a bare type
        # word names no place
        if len(key) < 2 or key in rules.type_words():
            continue
        for variant in dict.fromkeys((key, strip_article(key), _COMPASS.sub(r"\1\2", key))):
            yield variant, pid, int(demonym)
