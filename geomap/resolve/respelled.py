"""A town or a division the text calls so, written one vowel or one doubled letter away from
the index.

Names reach English news through transliteration, and the vowels and doubled letters drift:
"the town of Haram" is GeoNames' Ḩārim, "Baramulla" its Bāramūla. A name the text itself calls
a town or a village ("the town of Haram", "Khuafo village"), or a division ("Baramulla
district"), that no reading finds is looked up in those respellings, and placed when exactly one
place of that kind answers in the most named of the article's countries that has any: a guess
that keeps to the country the article is about, and says what it guessed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from geomap.gazetteer.index import Gazetteer
from geomap.normalize import cached_name_key as name_key
from geomap.records import Resolution
from geomap.resolve.readings import division, settlement

VOWELS = "aeiouy"
#: Shorter keys have too many neighbours to guess from.
MIN_LETTERS = 5
#: How sure a respelled answer is: below any reading of the name as written.
CONFIDENCE = 0.3


def respelled(resolutions: list[Resolution], gazetteer: Gazetteer) -> list[Resolution]:
    """The resolutions, each unplaced town placed at its one respelling in the article's
    countries (see the module's docstring)."""
    countries = Counter(r.place.country_code for r in resolutions
                        if r.place is not None and r.place.country_code)
    if not countries:
        return resolutions
    out = []
    for res in resolutions:
        mention = res.mention
        if res.place is None and not res.error and mention.kind == "toponym":
            codes = "PPL" if settlement(mention) else "ADM" if division(mention) else None
            if codes is not None:
                res = _guess(res, gazetteer, countries, codes) or res
        out.append(res)
    return out


def _guess(res: Resolution, gazetteer: Gazetteer, countries: Counter[str], codes: str
           ) -> Resolution | None:
    """The one place whose feature code starts with ``codes`` (towns, or divisions) of the
    article's most named country (among those with any) that a respelling of the name finds,
    or None."""
    key = name_key(res.mention.text)
    if len(key) < MIN_LETTERS or not key.isalpha():
        return None
    found = {(p.name, p.lat, p.lon): p for variant in spellings(key)
             for p, demonym in gazetteer.lookup(variant)
             if not demonym and p.country_code in countries and p.feature_code.startswith(codes)}
    if not found:
        return None
    top = max(countries[p.country_code] for p in found.values())
    places = [p for p in found.values() if countries[p.country_code] == top]
    if len(places) != 1:
        return None
    (place,) = places
    return replace(res, place=place, resolver="gazetteer", confidence=CONFIDENCE,
                   signal=f"not in the index as written; respelled as {place.name}")


def spellings(key: str) -> Iterator[str]:
    """Keys one transliteration step from ``key``: a vowel changed, dropped or added, a
    letter doubled or undoubled.

    >>> sorted(set(spellings("haram")))[:4]
    ['haaram', 'haeram', 'hairam', 'haoram']
    """
    for k, char in enumerate(key):
        if char in VOWELS:
            if k:  # the first letter stays: "Idlib" may be "Edlib", not "dlib"
                yield key[:k] + key[k + 1:]
            for vowel in VOWELS:
                if vowel != char:
                    yield key[:k] + vowel + key[k + 1:]
        elif k and key[k - 1] == char:
            yield key[:k] + key[k + 1:]
        elif k:
            yield key[:k] + char + key[k:]
    for k in range(1, len(key) + 1):
        for vowel in VOWELS:
            yield key[:k] + vowel + key[k:]
