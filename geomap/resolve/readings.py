"""A mention's readings: the gazetteer places its text may name, loosest reading last.

A name in news is rarely written as the gazetteer lists it: "Salahuddin province", "al-Anbar",
"Ill.", "Canadian", "Gwinnett" for Gwinnett County. Each reading is tried in turn and the first
that finds anything is what :mod:`.ranking` ranks, so a looser reading never crowds out
a closer one. The words around the name (its type word, its qualifier) belong here too: they
change what the name is read as.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from geomap import rules
from geomap.gazetteer.index import Gazetteer
from geomap.normalize import cached_name_key as name_key
from geomap.normalize import strip_article
from geomap.records import Mention, Place

#: Candidates kept per mention before context is applied (the gazetteer lists best first).
MAX_CANDIDATES = 25
#: Words that end a second-level division's name ("Gwinnett County", "Avoyelles Parish").
COUNTY_WORDS = ("county", "parish", "borough")

#: Words news uses for any first-level division, whatever its own word ("the Bryansk
#: region" for Bryansk Oblast, "Idlib province" for Idlib Governorate).
FIRST_LEVEL_WORDS = frozenset("province governorate state region oblast prefecture".split())
#: (place, primary-name match) pairs, best first.
Hits = tuple[tuple[Place, bool], ...]


@cache
def division_words() -> frozenset[str]:
    """Trailing words that name a division's type ("Salahuddin province", "Laurel County")."""
    return frozenset(one for one, kind in rules.type_words().values() if kind == "division")


def lookup(gazetteer: Gazetteer, mention: Mention, *, country: str | None = None,
           cue: bool = True) -> Hits:
    """The first reading that finds places, within ``country`` when any lie there; with
    ``cue``, the readings the mention's type word gives come first."""
    for places in _readings(gazetteer, mention, cue=cue):
        if country:
            places = tuple(p for p in places if p[0].country_code == country) or places
        if places:
            return places[:MAX_CANDIDATES]
    return ()


def _readings(gazetteer: Gazetteer, mention: Mention, *, cue: bool = True) -> Iterator[Hits]:
    """The readings a division word around the name gives ("Jackson and Barrow counties":
    Jackson County; "Idlib province": the province), then the name's own."""
    cued = type_word(mention) if cue else None
    if cued and cued[1] == "division":
        if cued[0] in FIRST_LEVEL_WORDS:
            # "Russia's Bryansk region" is Bryansk Oblast: news says region, province or
            # state whatever a first-level division's own word
            key = name_key(mention.text)
            yield tuple(pp for word in sorted(FIRST_LEVEL_WORDS)
                        for pp in hits(gazetteer, f"{key} {word}")
                        if pp[0].feature_code == "ADM1")
        yield from _variants(gazetteer, f"{mention.text} {cued[0]}", mention.kind, division=True)
    yield from _variants(gazetteer, mention.text, mention.kind)


def type_word(mention: Mention) -> tuple[str, str] | None:
    """(singular, kind) of the mention's type word, unless its own name already ends with
    one ("Laurel County" in "Laurel County and Clay counties")."""
    words = rules.type_words()
    if mention.kind != "toponym" or mention.type_word not in words:
        return None
    last = name_key(mention.text).rpartition(" ")[2]
    return None if last in words else words[mention.type_word]


def settlement(mention: Mention, *, cue: bool = True) -> bool:
    """Whether the text calls the name a town: a qualifier ("the outskirts of") or, with
    ``cue``, a type word ("the Jackson city council")."""
    if mention.qualifier and rules.settlement_qualifier().match(mention.qualifier):
        return True
    cued = type_word(mention) if cue else None
    return cued is not None and cued[1] == "settlement"


def division(mention: Mention) -> bool:
    """Whether the text calls the name a division ("Idlib province", "Jackson and Barrow
    counties"), by its type word or the last word of its own name."""
    if mention.kind != "toponym":
        return False
    cued = type_word(mention)
    return (cued is not None and cued[1] == "division") or \
        name_key(mention.text).rpartition(" ")[2] in division_words()


def _variants(gazetteer: Gazetteer, text: str, kind: str, *, division: bool = False
              ) -> Iterator[Hits]:
    """Candidates for the name as written, then for looser readings of it, in turn.

    With ``division`` (the text calls it a division) a second-level division counts as one
    when the name is read without its division word.
    """
    key = name_key(text)
    continents = rules.continents()
    if key in continents:
        yield ((continents[key][0], True),)
        return
    if "." in text or text.isupper():
        yield _abbreviation(gazetteer, key)
    if kind == "toponym":
        yield from _toponym_variants(gazetteer, key, division=division)
    yield hits(gazetteer, key, demonyms=True)
    if key.endswith("s"):
        yield hits(gazetteer, key[:-1], demonyms=True)
    if kind == "demonym":  # a name used as an adjective: "Iran-backed", "US troops"
        yield hits(gazetteer, key)
    elif " " not in key or key.rpartition(" ")[2] not in division_words():
        # "Gwinnett", "DuPage": a county named without the word, when nothing else is
        yield tuple(pp for word in COUNTY_WORDS for pp in hits(gazetteer, f"{key} {word}")
                    if pp[0].feature_code == "ADM2")


def _toponym_variants(gazetteer: Gazetteer, key: str, *, division: bool) -> Iterator[Hits]:
    """A toponym's own readings: as written, without an Arabic article, without its
    division word."""
    # "Canadian", "Spanish": the country, though a town bears the name too
    states = tuple(pd for pd in hits(gazetteer, key, demonyms=True)
                   if pd[0].feature_code.startswith("PCL"))
    head, _, last = key.rpartition(" ")
    named = head and last in division_words()
    test = _is_any_division if division else is_division
    # "Karak district": Pakistan's Karak District by its full name, and Jordan's Karak
    # governorate by its head, for the article to choose between (a country is no district:
    # "Guernsey County" is not the island)
    divisions = tuple(pp for pp in hits(gazetteer, head) if test(pp[0])) if named else ()
    exact = hits(gazetteer, key)
    also = tuple(pp for pp in divisions if pp[0].feature_code.startswith("ADM")
                 and all(pp[0] is not p for p, _ in exact)) if exact else ()
    yield exact + states + also
    yield hits(gazetteer, strip_article(key))
    if named:
        yield divisions or hits(gazetteer, head)


def _abbreviation(gazetteer: Gazetteer, key: str) -> Hits:
    """The state or province a news abbreviation stands for ("Ky.", "KY")."""
    abbreviations = rules.abbreviations()
    if key not in abbreviations:
        return ()
    name, country = abbreviations[key]
    places = gazetteer.by_name(name, country=country)
    return tuple((p, True) for p in places if p.feature_code == "ADM1")


def hits(gazetteer: Gazetteer, key: str, *, demonyms: bool = False) -> Hits:
    """Places named ``key`` (with a primary-name flag), or the countries it is a demonym of."""
    found = gazetteer.lookup(key)
    if demonyms:
        named = [(p, True) for p, d in found if d]
        return tuple(pd for pd in named if pd[0].feature_code.startswith("PCL")) or tuple(named)
    return tuple((p, _primary(p, key)) for p, d in found if not d)


def _primary(place: Place, key: str) -> bool:
    """Whether ``key`` is the place's own name, not one of its alternate names."""
    own = name_key(place.name)
    return own == key or strip_article(own) == strip_article(key)


def is_division(place: Place) -> bool:
    """A country or first-level division: what a parent named after a place may be."""
    return place.feature_code.startswith(("PCL", "ADM1", "TERR"))


def _is_any_division(place: Place) -> bool:
    """A division of the first or second level (or a country): what "Karak district" or
    "Nineveh and Anbar provinces" may name."""
    return place.feature_code.startswith(("PCL", "ADM1", "ADM2", "TERR"))
