"""Where the text says one place lies in another: "X village in Y province", "X (District,
Governorate)", "Y's X district", "X in the Y countryside", "X, Y".

News names a small place by the area that holds it, and that area is the surest evidence of
which homonym is meant: "the village of Kafr Zibad in Idlib province" is the Syrian village,
not the West Bank one. Each form gives a mention its containers (the names of the areas that
hold it); its readings are then narrowed to those that lie in a reading of every container.
When none does and the form is explicit, the gazetteer lacks the place: offline, the mention
is answered with the container itself, at the container's precision, and says so. "X, Y" is
looser (it also writes lists, "Aleppo, Idlib and Homs"): it narrows, but never replaces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from geomap.gazetteer.index import Gazetteer
from geomap.geometry import km_between
from geomap.records import Mention, Place, Resolution
from geomap.resolve.readings import Hits, division

__all__ = ["CONTAINED", "Link", "Within", "inside", "links", "narrowed", "within"]

#: "X village in Y", "X in the Y": the words between a place and the area that holds it.
_IN = re.compile(r"\s+(?:(?:village|town|city|hamlet|district|area|suburb|neighbou?rhood"
                 r"|camp|region)\s+)?in\s+(?:the\s+)?$", re.IGNORECASE)
_OPEN = re.compile(r"\s*\(\s*$")
_COMMA = re.compile(r"\s*,\s*$")
_POSSESSIVE = re.compile(r"['’]s\s+$")
#: After a town's name: the area around it, in its first-level division ("the Aleppo
#: countryside", "Idlib's countryside", "Idlib province"), so the town may be the container.
_AROUND = re.compile(r"\s*(?:['’]s\s+)?(?:countryside|province|governorate)\b",
                     re.IGNORECASE)
#: ...and the rural area alone: a name the index lacks there goes to the division.
_RURAL = re.compile(r"\s*(?:['’]s\s+)?countryside\b", re.IGNORECASE)
#: How the signal of an answer placed at its container starts: the chain still asks the online
#: fallbacks for such a name, within the container's country.
CONTAINED = "not in the gazetteer inside"
#: Feature codes of places too large for the index to lack, or to lie in a place named after.
LARGE = ("CONT", "PCL", "TERR", "ADM1", "PPLC", "RGN")
#: How far from a second-level division's point a place in it may lie: a district or county
#: is rarely wider than a hundred kilometres.
DISTRICT_KM = 60.0
#: Feature codes of areas that hold places (with countries and territories).
AREAS = ("PCL", "TERR", "ADM1", "ADM2")


@dataclass(frozen=True, slots=True)
class Link:
    """The mentions (by index) whose areas hold a mention; ``explicit`` when the text says so
    unambiguously (not a bare comma), so a place the gazetteer lacks goes to the container."""

    containers: tuple[int, ...]
    explicit: bool
    #: "X, Y" may be a list ("Missouri, New York"): a name that can be a division stays whole.
    listed: bool = False


def _gap(mentions: Sequence[Mention], i: int) -> str | None:
    """The text between mention ``i`` and the next one of its sentence, when it is short."""
    if i + 1 >= len(mentions):
        return None
    m, nxt = mentions[i], mentions[i + 1]
    width = nxt.start - m.end
    if nxt.sentence_start != m.sentence_start or not 0 <= width <= len(m.after):
        return None
    return m.after[:width]


def links(mentions: Sequence[Mention]) -> dict[int, Link]:
    """Each toponym's containers, by the forms the module lists."""
    out: dict[int, Link] = {}
    for i, m in enumerate(mentions):
        gap = _gap(mentions, i)
        if gap is None or m.kind != "toponym" or mentions[i + 1].kind != "toponym":
            continue
        j = i + 1
        if _OPEN.fullmatch(gap):
            more = _gap(mentions, j)
            tail = [j + 1] if more is not None and _COMMA.fullmatch(more) \
                and mentions[j + 1].after.lstrip().startswith(")") else []
            _add(out, i, Link((j, *tail), explicit=True))
        elif _IN.fullmatch(gap):
            _add(out, i, Link((j,), explicit=True))
        elif _COMMA.fullmatch(gap) and not division(m):
            _add(out, i, Link((j,), explicit=False, listed=True))
        elif _POSSESSIVE.fullmatch(gap):
            _add(out, j, Link((i,), explicit=mentions[j].type_word is not None))
    return out


def _add(out: dict[int, Link], k: int, link: Link) -> None:
    """Give mention ``k`` the link's containers too ("Syria's Harem district in Idlib
    province": Syria and Idlib)."""
    old = out.get(k)
    out[k] = link if old is None else Link(old.containers + link.containers,
                                           old.explicit or link.explicit,
                                           old.listed and link.listed)


def area_readings(mention: Mention, places: Sequence[Place]) -> tuple[Place, ...]:
    """The readings of a container that can hold places: areas, or, in "the Aleppo
    countryside", the town too (its first-level division holds the countryside)."""
    towns = _AROUND.match(mention.after) is not None
    return tuple(p for p in places if p.feature_code.startswith(AREAS)
                 or (towns and p.feature_class == "P"))


def inside(place: Place, area: Place) -> bool:
    """Whether ``place`` lies in ``area``: its country for a country, else its first-level
    division; in a district, also within :data:`DISTRICT_KM` of its point (the index keeps no
    second-level codes)."""
    if place is area or place.country_code != area.country_code or not place.country_code:
        return False
    if area.feature_code.startswith(("PCL", "TERR")):
        return True
    if area.feature_code == "ADM2" and \
            km_between((place.lat, place.lon), (area.lat, area.lon)) > DISTRICT_KM:
        return False
    return bool(area.admin1) and place.admin1 == area.admin1


def narrowed(hits: Hits, areas: Sequence[tuple[Place, ...]]) -> Hits:
    """The (place, primary) readings that lie in a reading of every container; containers
    with no area reading say nothing."""
    kept = hits
    for readings in areas:
        if readings:
            kept = tuple(h for h in kept if any(inside(h[0], a) for a in readings))
    return kept


def stands_alone(hits: Hits) -> bool:
    """Whether a name's readings make it no small place the index could lack: a continent, a
    country, a capital or a first-level division ("Russia in Syria" and "Washington in Syria"
    name actors, "western Africa in Morocco" a wider area)."""
    return any(p.feature_code.startswith(LARGE) for p, _ in hits)


@dataclass(frozen=True, slots=True)
class Within:
    """What containment did to an article's readings: the narrowed readings by mention, and
    the mentions the gazetteer lacks inside their containers (index → container indices)."""

    hits: dict[int, Hits]
    placed_at: dict[int, tuple[int, ...]]
    areas: dict[int, list[tuple[Place, ...]]]
    mentions: Sequence[Mention] = ()

    def narrow(self, i: int, hits: Hits) -> Hits:
        """Mention ``i``'s readings ``hits`` (another reading of the same mention, such as the
        one without its type word) narrowed as its own were, when they were."""
        if i in self.placed_at:
            return ()
        return hits if i not in self.hits else narrowed(hits, self.areas[i]) or hits


def within(mentions: Sequence[Mention], found: Sequence[Hits]) -> Within:
    """The readings of every mention that has containers narrowed to those inside them; a
    mention with none inside an explicit container, and that is no country, capital or first-
    level division by its own name, is marked to be placed at the container."""
    hits: dict[int, Hits] = {}
    placed_at: dict[int, tuple[int, ...]] = {}
    areas_of: dict[int, list[tuple[Place, ...]]] = {}
    for i, link in links(mentions).items():
        areas = [area_readings(mentions[c], [p for p, _ in found[c]]) for c in link.containers]
        if not any(areas) or (link.listed and stands_alone(found[i])):
            continue
        kept = narrowed(found[i], areas)
        if kept:
            if len(kept) < len(found[i]):
                hits[i], areas_of[i] = kept, areas
        elif link.explicit and not stands_alone(found[i]):
            placed_at[i] = link.containers
    return Within(hits, placed_at, areas_of, mentions)


def at_containers(out: list[Resolution | None], inside: Within, gazetteer: Gazetteer
                  ) -> list[Resolution | None]:
    """The mentions the gazetteer lacks inside an explicit container answered with the
    container's own place (the first container placed), at its precision, saying so; "the
    Latakia countryside" is the town's first-level division, not the town."""
    if not inside.placed_at:
        return out
    out = list(out)
    for i, containers in inside.placed_at.items():
        held = next((r for c in containers if (r := out[c]) is not None
                     and r.place is not None), None)
        if held is None or held.place is None or ((own := out[i]) is not None
                                                  and own.place is not None):
            continue
        place = held.place
        if place.feature_class == "P" and _RURAL.match(held.mention.after):
            place = gazetteer.admin1(place.country_code, place.admin1) or place
        out[i] = Resolution(inside.mentions[i], place, held.resolver, held.confidence,
                            signal=f"{CONTAINED} {place.name}; placed at it "
                                   f"({place.precision} precision)")
    return out
