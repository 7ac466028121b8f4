"""Actors named in a sentence, normalised through ``geomap/data/actors.csv``.

"US forces", "Washington" and "the United States" become one actor; "Kata'ib Hizballah" and
"Kataib Hezbollah" another. Demonyms before an event word ("Israeli bombardment") name the
country's state as the actor. Actors the table does not know ("gunmen", "unidentified
attackers", "an Iran-aligned group") are kept as written, never dropped: rows whose actor is
``*`` and :data:`WRITTEN` find them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, partial

from geomap import rules
from geomap.normalize import name_key
from geomap.records import Resolution
from geomap.segment import Token
from geomap.segment import tokens as split_words

#: Gives the word tokens of ``text[start:end]``: a parsed article's own, or blingfire's anew.
Tokenizer = Callable[[int, int], list[Token]]

MAX_ALIAS_TOKENS = 6
AS_WRITTEN = "*"
#: "Iran-backed group": the group acts, not Iran.
_MODIFIER = re.compile(r"-(?:backed|aligned|led|allied|linked|affiliated|funded|sponsored)\b")
#: Actors the table does not name, kept as written ("suspected jihadists", "an Iran-aligned
#: group"); a descriptive word before a known alias ("unidentified gunmen") is kept with it.
WRITTEN = re.compile(
    r"(?i)\b(?:(?:suspected|unidentified|unknown|armed|masked|rival|local|"
    r"[A-Z][\w']+-(?:backed|aligned|allied|linked|affiliated))\s+)+"
    r"(?:gunmen|attackers|assailants|militants|jihadists|bandits|insurgents|rebels|fighters|"
    r"militiam[ae]n|militias?|(?:armed\s+)?groups?|men|kidnappers|raiders|extremists)\b")
#: Words that put an actor outside the event's subject ("strike on Hamas", "linked to an attack").
_BETWEEN_ACTOR_AND_EVENT = re.compile(r"[.,;]|\b(?:that|which|on|against|of|to|at|in)\b")
#: Who acts first: named groups, then states' forces, then governments, then the rest.
KIND_RANK = {"armed_group": 0, "state_forces": 1, "international_force": 2, "government": 3,
             "other": 4, "civilians": 5, AS_WRITTEN: 6}


@dataclass(frozen=True, slots=True)
class ActorHit:
    """An actor alias found in the text, with its span and normalised name."""

    start: int
    end: int
    text: str
    actor: str
    kind: str


def find_actors(text: str, start: int, end: int, *, tokens: Tokenizer | None = None
                ) -> list[ActorHit]:
    """Actors in ``text[start:end]`` in text order: table aliases (longest first) and the
    unknown actors of :data:`WRITTEN`, which win when they cover an alias.

    ``tokens`` gives the words of a span (:meth:`geomap.parsed.ParsedArticle.tokens`), so an
    article's words are not split again; by default the span is split on its own.
    """
    written = [ActorHit(m.start(), m.end(), m.group(0), m.group(0), AS_WRITTEN)
               for m in WRITTEN.finditer(text, start, end)]
    known = [h for h in _aliases(text, start, end, tokens or partial(split_words, text))
             if not any(w.start <= h.start < w.end for w in written)]
    return sorted(known + written, key=lambda h: h.start)


def _aliases(text: str, start: int, end: int, tokens: Tokenizer) -> list[ActorHit]:
    table = rules.actors()
    toks = tokens(start, end)
    hits: list[ActorHit] = []
    i = 0
    while i < len(toks):
        for j in range(min(len(toks), i + MAX_ALIAS_TOKENS), i, -1):
            phrase = text[toks[i].start:toks[j - 1].end]
            found = table.get(name_key(phrase))
            modifier = _MODIFIER.match(text, toks[j - 1].end)
            if found and not modifier and not (len(phrase) <= 3 and not phrase.isupper()):
                actor = phrase if found[0] == AS_WRITTEN else found[0]
                hits.append(ActorHit(toks[i].start, toks[j - 1].end, phrase, actor, found[1]))
                i = j
                break
        else:
            i += 1
    return hits


@cache
def actor_kinds() -> dict[str, str]:
    """Normalised actor name → its kind (armed_group, state_forces, government...)."""
    return {r["actor"]: r["kind"] for r in rules.read_table("actors.csv")
            if r["actor"] != AS_WRITTEN}


def actor_rank(name: str | None) -> int:
    """How specific an actor is (lower is better); unknown and written actors come last."""
    if name is None:
        return len(KIND_RANK) + 1
    kind = actor_kinds().get(name, AS_WRITTEN)
    return KIND_RANK.get(kind, KIND_RANK[AS_WRITTEN])


def actor_pair(text: str, trigger: tuple[int, int], sentence: tuple[int, int],
               demonyms: Sequence[Resolution], *, tokens: Tokenizer | None = None,
               in_sentence: Callable[[int, int], list[ActorHit]] | None = None
               ) -> tuple[str | None, str | None]:
    """(actor1, actor2) of the event word at ``trigger`` in ``sentence``.

    actor1 is who acts: the actor right before the event word ("US drone strike", "Gunmen
    killed", where "Gunmen" is the event word too) or after "by". actor2 is the most specific
    other actor of the sentence, so the armed group named as the target wins over a country
    named as its patron.

    ``in_sentence`` gives the actors of a whole sentence, memoised by the caller: a sentence
    with many event words is read once, not once per word.
    """
    first = _actor1(text, trigger, sentence[0], demonyms, tokens)
    whole = in_sentence(*sentence) if in_sentence else find_actors(text, *sentence, tokens=tokens)
    others = [h for h in whole if h.actor != first]
    best = min(others, key=lambda h: actor_rank(h.actor), default=None)
    return first, best.actor if best else None


def _actor1(text: str, trigger: tuple[int, int], s_start: int,
            demonyms: Sequence[Resolution], tokens: Tokenizer | None) -> str | None:
    window_start = max(s_start, trigger[0] - 60)
    for hit in reversed(find_actors(text, window_start, trigger[1], tokens=tokens)):
        if hit.end <= trigger[1] and not _BETWEEN_ACTOR_AND_EVENT.search(
                text[min(hit.end, trigger[0]):trigger[0]]):
            return hit.actor
    for res in demonyms:
        if window_start <= res.mention.start and res.mention.end <= trigger[0] \
                and len(text[res.mention.end:trigger[0]].split()) <= 2 and res.place:
            return res.place.name
    by = re.match(r"(?i)\s*(?:\w+\s+){0,3}?by\s+(?:the\s+)?", text[trigger[1]:trigger[1] + 60])
    if by:
        at = trigger[1] + by.end()
        after = find_actors(text, at, at + 60, tokens=tokens)
        if after and after[0].start == at:
            return after[0].actor
    return None
