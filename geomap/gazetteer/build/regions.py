"""Areas defined by other areas, for the gazetteer build: Natural Earth's territories and
disputed areas, and the curated regions ("Middle East", "Darfur") made of countries and
divisions already loaded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from geomap.errors import GazetteerError
from geomap.gazetteer.build.areas import _centroid, central_point
from geomap.gazetteer.build.rows import Row, curated_names, read_csv
from geomap.normalize import name_key


def _nearest_country(lat: float, lon: float, places: Sequence[Row]) -> str:
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


def disputed_rows(path: Path, places: Sequence[Row] = (), *,
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
        names = {rec["name"]} | curated_names(rec["alternate_names"]) | \
            {"\0" + d for d in curated_names(rec["demonyms"])}
        yield Row(name=rec["name"], lat=lat, lon=lon, geonameid=None, fclass="L", fcode="RGN",
                  cc=cc, admin1=divisions.pop() if cc and len(divisions) == 1 else "",
                  population=sum(r.population for r in found if r.fcode == "PCLI"),
                  source=f"curated:{path.name}", names=names)
