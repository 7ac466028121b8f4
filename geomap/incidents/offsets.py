"""Sites given as a distance and a bearing from a known place: "30 km south of Mosul",
"76NM northwest of Al Hudaydah".

Such a site is where the event was, not the town it is measured from; at sea (shipping
attacks off Yemen) the town can be a hundred kilometres off. The point is moved along the
bearing on the WGS-84 ellipsoid (GeographicLib's direct geodesic problem, as geopy solves
it), and the pin says so in its name.
"""

from __future__ import annotations

import re
from dataclasses import replace

from geographiclib.geodesic import Geodesic

from geomap.records import Place, Resolution

#: Kilometres in one unit.
UNITS = {"km": 1.0, "kilometre": 1.0, "kilometer": 1.0, "mile": 1.609344, "mi": 1.609344,
         "nm": 1.852, "nautical mile": 1.852}
BEARINGS = {"north": 0.0, "northeast": 45.0, "east": 90.0, "southeast": 135.0, "south": 180.0,
            "southwest": 225.0, "west": 270.0, "northwest": 315.0}
#: WGS-84 in kilometres, the units of :data:`UNITS` (geopy's geodesic measures in them too).
EARTH = Geodesic(6378.137, 1 / 298.257223563)
#: Farther than this, the words name no site ("1,200 km north of the capital").
MAX_KM = 400.0
#: Text right before a place: "some 30 km to the south of", "76NM northwest of the city of",
#: "60 miles (90 kilometers) north of" (AP's style: the first unit is read).
OFFSET_BEFORE = re.compile(
    r"(?i)(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
    r"(km|kilomet(?:re|er)s?|miles?|mi|nm|nautical\s+miles?)(?:\s*\([^()]{0,30}\))?\s+"
    r"(?:to\s+the\s+)?((?:north|south)(?:-?(?:east|west))?|east|west)\s+(?:of|from)\s+"
    r"(?:the\s+(?:[a-z-]+\s+){0,2}of\s+|the\s+)?$")

#: Whether a text may hold such an offset at all: a number right before a unit.
OFFSET_HINT = re.compile(r"(?i)\d\s*(?:km|kilomet|mi|nm|nautical)")


def offset_before(text: str, start: int) -> tuple[float, float, str] | None:
    """(km, bearing in degrees, the words) of a distance and bearing ending at ``start``."""
    found = OFFSET_BEFORE.search(text[max(0, start - 80):start])
    if found is None:
        return None
    unit = re.sub(r"\s+", " ", found.group(2).lower()).rstrip("s")
    unit = "kilometre" if unit.startswith("kilomet") else unit
    km = float(found.group(1).replace(",", "")) * UNITS[unit]
    if not 0 < km <= MAX_KM:
        return None
    bearing = BEARINGS[found.group(3).lower().replace("-", "")]
    return km, bearing, f"{found.group(1)} {found.group(2)} {found.group(3).lower()}"


def offset_site(text: str, site: Resolution) -> Resolution | None:
    """``site`` moved by the distance and bearing the text gives right before it, or None."""
    offset = offset_before(text, site.mention.start)
    if offset is None or site.place is None:
        return None
    km, bearing, words = offset
    base = site.place
    moved = EARTH.Direct(base.lat, base.lon, bearing, km, Geodesic.LATITUDE | Geodesic.LONGITUDE)
    place = Place(name=f"{words} of {base.name}", lat=round(moved["lat2"], 5),
                  lon=round(moved["lon2"], 5), feature_class="", feature_code="",
                  country_code=base.country_code, admin1=base.admin1, source="offset")
    return replace(site, place=place)
