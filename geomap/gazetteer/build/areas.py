"""Countries and divisions placed from their shapes or their places, for the gazetteer build.

GeoNames' country and division tables carry no coordinates; these readers give each a point:
a country inside its Natural Earth outline, a first-level division at the middle of its places'
box, a second-level one at their centroid. `gazetteer/README.md` has the measurements behind
each rule.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from geomap.errors import GazetteerError
from geomap.gazetteer.build.rows import Row


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
            assert point is not None, cols[0]  # members[cols[0]] holds a point
            cc, code = cols[0].split(".", 1)
            names = {cols[1], cols[2]}
            yield Row(name=cols[1], lat=point[0], lon=point[1], geonameid=int(cols[3]),
                      fclass="A", fcode="ADM1", cc=cc, admin1=code, population=0,
                      source="geonames", names=names | {english_compass(n) for n in names})


#: French compass words in division names, as English news writes them.
_COMPASS_EN = {"est": "East", "nord": "North", "sud": "South", "ouest": "West"}
_FRENCH_COMPASS = re.compile(r"(?i)\b(est|nord|sud|ouest)\b")


def english_compass(name: str) -> str:
    """A division's name with its French compass words in English: Burkina Faso's "Est" and
    "Centre-Nord" are the "East" and "Centre-North" regions of English reports."""
    return _FRENCH_COMPASS.sub(lambda m: _COMPASS_EN[m.group(1).lower()], name)


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
            names = {cols[1], cols[2]}
            yield Row(name=cols[1], lat=point[0], lon=point[1], geonameid=int(cols[3]),
                      fclass="A", fcode="ADM2", cc=cc, admin1=admin1, population=0,
                      source="geonames", names=names | {_bare(n) for n in names} - {""})


#: The type words GeoNames puts before a division's name ("Province of Iloilo", "Province du
#: Yagha", "Circunscrição de Macomia"), where English news writes "Iloilo province".
_TYPE_FIRST = re.compile(
    r"(?i)^(?:province|provincia|provinsi|departamento|d[ée]partement|department|distrito|"
    r"district|municipio|circunscri[çc][ãa]o|cercle|da[iï]ra|caza|arrondissement|"
    r"d[ée]l[ée]gation|pr[ée]fecture|prefecture)"
    r"\s+(?:de\s+la|de\s+l['’]|d['’]|of|de|du|des|di|da|do|del)\s*(?=\w)|^kabupaten\s+")


#: The type words GeoNames puts after a second-level division's name ("Kurram District",
#: "Masisi Territory", "Khyber Agency"), where news often writes the name alone.
_TYPE_LAST = re.compile(r"(?i)\s+(?:district|territory|agency|tehsil|zone|department|raion|rayon|"
                        r"governorate|division)$")


def _bare(name: str) -> str:
    """The division's name without type words before or after it ("Iloilo" for "Province of
    Iloilo", "Masisi" for "Masisi Territory"), or "" when it has none."""
    bare = _TYPE_LAST.sub("", _TYPE_FIRST.sub("", name, count=1), count=1)
    return bare if bare != name else ""


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
