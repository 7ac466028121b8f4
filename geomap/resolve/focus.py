"""Place the names nothing could place at their article's focus: its division, else its country.

An article whose placed names lie mostly in one first-level division (or one country) is about
that area, so a village, a park or a neighbourhood it names that neither the gazetteer nor the
online geocoder knows is most likely there too. Event datasets code such a site at the finest
area they are sure of (ACLED's geo-precision 3); geomap does the same and says so: the
answer's resolver is ``focus``, its precision the area's (``admin1`` or ``country``), its
confidence the area's share of the article's names, and its signal the count behind it.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace

from geomap.gazetteer.index import Gazetteer
from geomap.normalize import cached_name_key as name_key
from geomap.records import FOCUS_RESOLVER, Place, Resolution
from geomap.resolve.containment import CONTAINED

#: An article whose distinct placed names lie at least this much in one area has it as focus.
FOCUS_SHARE = 0.6
#: ...and only when at least this many distinct names were placed there.
FOCUS_MIN_NAMES = 2
#: Where a focus answer's point came from when it is the middle of the article's own places.
ARTICLE_SOURCE = "article"


def at_focus(resolutions: list[Resolution], gazetteer: Gazetteer) -> list[Resolution]:
    """Answer every toponym nothing could place with the article's focus division or country.

    "Squirrel Hill" in an article whose other places are Pittsburgh and Allegheny County is put
    in Pennsylvania, at the middle of the article's places there (precision ``admin1``); a
    village the gazetteer lacks in an article whose places lie mostly in Syria, where no
    division dominates, gets Syria (precision ``country``). On LGL, TR-News and GeoVirus a
    division answer is within 161 km of the gold point for 77%, 79% and 55% of the names, a
    country answer for 4-14%. Below :data:`FOCUS_SHARE`, or with fewer than
    :data:`FOCUS_MIN_NAMES` names placed in the area, the name stays unresolved.
    """
    if all(r.place is not None or r.mention.kind != "toponym" or r.error for r in resolutions):
        return resolutions
    # a name placed at the area the text puts it in repeats that area's vote: it casts none
    placed = {name_key(r.mention.text): r.place for r in resolutions
              if r.place is not None and r.resolver != FOCUS_RESOLVER
              and not r.signal.startswith(CONTAINED)}
    votes = [p.country_code for p in placed.values() if p.country_code]
    focus = _focus_division(placed, votes, gazetteer) or _focus_country(votes, gazetteer)
    if focus is None:
        return resolutions
    place, share, signal = focus
    return [replace(r, place=place, resolver=FOCUS_RESOLVER, confidence=round(share, 3),
                    signal=signal)
            if r.place is None and r.mention.kind == "toponym" and not r.error else r
            for r in resolutions]


def _focus_division(placed: dict[str, Place], votes: list[str], gazetteer: Gazetteer
                    ) -> tuple[Place, float, str] | None:
    """The first-level division holding most of the names placed below country level, in
    the country holding most of all the article's names, at the middle of those names (its
    own point when it is all they name)."""
    # seas carry an admin1 code ("00") but no country: they are in no division
    local = [p for p in placed.values() if p.country_code and p.admin1 and not p.is_area]
    if len(local) < FOCUS_MIN_NAMES:
        return None
    (cc, admin1), count = Counter((p.country_code, p.admin1) for p in local).most_common(1)[0]
    share = count / len(local)
    national = votes.count(cc) / len(votes)  # not "Pittsburgh, Erie" among five states
    division = gazetteer.admin1(cc, admin1) if share >= FOCUS_SHARE and \
        count >= FOCUS_MIN_NAMES and national >= FOCUS_SHARE else None
    if division is None:
        return None
    inside = [p for p in local if (p.country_code, p.admin1) == (cc, admin1)
              and p.feature_code != "ADM1"]
    if inside:
        lat, lon = middle([(p.lat, p.lon) for p in inside])
        division = replace(division, lat=lat, lon=lon, source=ARTICLE_SOURCE)
    return division, share, (f"not placed; {count} of {len(local)} placed names below country "
                             f"level are in {division.name}")


def _focus_country(votes: list[str], gazetteer: Gazetteer) -> tuple[Place, float, str] | None:
    """The country holding most of the article's placed names (``votes``: their countries)."""
    if len(votes) < FOCUS_MIN_NAMES:
        return None
    code, count = Counter(votes).most_common(1)[0]
    share = count / len(votes)
    country = gazetteer.country(code) if share >= FOCUS_SHARE else None
    if country is None:
        return None
    return country, share, f"not placed; {count} of {len(votes)} placed names are in {country.name}"


def middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """The mean of (lat, lon) points, longitude taken on the circle (in any order, and across
    the date line when the points straddle it); points with no mean direction (opposite
    sides of the globe) keep the first's longitude."""
    lat = sum(y for y, _ in points) / len(points)
    if len({x for _, x in points}) == 1:
        return lat, points[0][1]
    east = sum(math.sin(math.radians(x)) for _, x in points)
    north = sum(math.cos(math.radians(x)) for _, x in points)
    if math.hypot(east, north) < 1e-9 * len(points):
        return lat, points[0][1]
    return lat, math.degrees(math.atan2(east, north))
