"""Cheap, general signals beside the ranking's own, for a ranker that learns their weights.

The hand-set ranking weighs seven signals; a learned one can weigh more without anyone tuning
them: what kind of feature a candidate is (a country, a first- or second-level division, a
seat, a town, water), its own population without the stand-in a division gets, whether the
name is its exact name, where the gazetteer lists it among the name's readings, and whether the
words around the name agree with its kind ("Idlib province", "the town of Ariha"). Every
signal is in [0, 1], so a weight says how much a signal can move a score.
"""

from __future__ import annotations

import math

from geomap.normalize import cached_name_key as name_key
from geomap.records import Place

#: The kinds of feature a candidate is one of (one signal each, the rest count as "other").
KINDS = ("country", "adm1", "adm2", "capital", "seat", "town", "water", "region")


def kind(place: Place) -> str:
    """The candidate's kind among :data:`KINDS`, else ``other``."""
    code, klass = place.feature_code, place.feature_class
    if code.startswith("PCL") or code in ("TERR", "CONT"):
        return "country"
    if code == "ADM1":
        return "adm1"
    if code == "ADM2":
        return "adm2"
    if code == "PPLC":
        return "capital"
    if code.startswith("PPLA"):
        return "seat"
    if klass == "P":
        return "town"
    if klass == "H":
        return "water"
    if klass == "L" or code == "RGN":
        return "region"
    return "other"


def extra_signals(place: Place, key: str, index: int, *, settlement: bool,
                  division: bool) -> dict[str, float]:
    """The candidate's kind, own population, name exactness and gazetteer order, and whether
    the text's type word or qualifier agrees with its kind.

    ``index`` is its place in the gazetteer's list for the name (best known first);
    ``settlement`` and ``division`` say whether the text calls the name a town or a division.
    """
    own = kind(place)
    out = {f"is_{k}": float(own == k) for k in KINDS}
    out.update({
        "own_population": min(1.0, math.log10(place.population + 1) / 7),
        "exact": float(name_key(place.name) == key),
        "order": 1.0 / (1 + index),
        "town_word": float(settlement and place.feature_class == "P"),
        "division_word": float(division and place.feature_code.startswith(("ADM", "PCL"))),
    })
    return out
