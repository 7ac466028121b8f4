"""Actors named in a sentence, normalised through ``geomap/data/actors.csv``.

"US forces", "Washington" and "the United States" become one actor; "Kata'ib Hizballah" and
"Kataib Hezbollah" another. Demonyms before an event word ("Israeli bombardment") name the
country's state as the actor. Unknown actors are simply not found here; nothing is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geomap import rules
from geomap.mentions import tokens
from geomap.normalize import name_key

MAX_ALIAS_TOKENS = 6
#: "Iran-backed group": the group acts, not Iran.
_MODIFIER = re.compile(r"-(?:backed|aligned|led|allied|linked|affiliated|funded|sponsored)\b")


@dataclass(frozen=True, slots=True)
class ActorHit:
    """An actor alias found in the text, with its span and normalised name."""

    start: int
    end: int
    text: str
    actor: str
    kind: str


def find_actors(text: str, start: int, end: int) -> list[ActorHit]:
    """Actor aliases in ``text[start:end]``, longest match first, in text order."""
    table = rules.actors()
    toks = tokens(text, start, end)
    hits: list[ActorHit] = []
    i = 0
    while i < len(toks):
        for j in range(min(len(toks), i + MAX_ALIAS_TOKENS), i, -1):
            phrase = text[toks[i].start:toks[j - 1].end]
            found = table.get(name_key(phrase))
            modifier = _MODIFIER.match(text, toks[j - 1].end)
            if found and not modifier and not (len(phrase) <= 3 and not phrase.isupper()):
                hits.append(ActorHit(toks[i].start, toks[j - 1].end, phrase, *found))
                i = j
                break
        else:
            i += 1
    return hits
