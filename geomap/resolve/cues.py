"""What the words around a name decide: its type word, and the article's own naming of it.

A type word ("Jackson and Barrow counties", "the Jackson city council") changes a name's
readings; when it also changes the answer, the resolution's signal credits the word, so the
two questions (with and without it) are asked here alike for one mention and for an article.
An article that writes "DeKalb County" and later a bare "DeKalb" means the county both times,
unless it calls the name a town or a town of that name lies in the county.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from geomap import rules
from geomap.gazetteer.index import Gazetteer
from geomap.geometry import km_between
from geomap.normalize import cached_name_key as name_key
from geomap.records import Candidate, Mention, Place, Resolution
from geomap.resolve.ranking import Ask, Context, rank, with_coherence
from geomap.resolve.readings import division_words, hits, lookup, settlement, type_word

#: Within this many km of a county's point a town of its name is its namesake (Pratt, Kansas
#: in Pratt County): about a county's breadth.
NAMESAKE_KM = 40.0


def without_cue(gazetteer: Gazetteer, mention: Mention, ask: Ask, *,
                country: str | None = None) -> Ask | None:
    """What ``mention`` would ask without its type word, when the word changed what is
    asked (its readings or whether it is a town), else None: one question for a lone mention
    and for an article, so both credit the word alike."""
    if not mention.type_word:
        return None
    plain = replace(ask, places=lookup(gazetteer, mention, country=country, cue=False),
                    settlement=settlement(mention, cue=False),
                    division=name_key(mention.text).rpartition(" ")[2] in division_words())
    same = (plain.settlement == ask.settlement and len(plain.places) == len(ask.places)
            and all(p is q for (p, _), (q, _) in zip(plain.places, ask.places, strict=True)))
    return None if same else plain


def differs(ranked: list[Candidate], plain: Ask, context: Context) -> bool:
    """Whether ``plain`` (the ask without the type word) ranks another place first, or none."""
    if not plain.places:
        return True
    other = rank(plain, context)[0].place
    best = ranked[0].place
    return (other.geonameid, other.name, other.lat, other.lon) != \
        (best.geonameid, best.name, best.lat, best.lon)


#: A bare name answered with one of these, by its own name, stays: a capital outweighs a
#: county of its name (not "Kanawha", an alternate name of Charleston, beside Kanawha County).
CAPITALS = frozenset({"PPLC", "PPLA"})


def as_named(gazetteer: Gazetteer, out: list[Resolution | None]) -> list[Resolution | None]:
    """A bare name read as the division the article names with its division word:
    "DeKalb" where the article writes "DeKalb County", "Nineveh" beside "Nineveh province";
    not where the text calls it a town ("the city of DeKalb"), nor where a town of that
    name lies in the division (DeKalb, Illinois in DeKalb County)."""
    heads: dict[str, list[Resolution]] = {}
    for r in out:
        if r and (k := _division_head(r)):
            heads.setdefault(k, []).append(r)
    # one division per name: "Clay County" in Georgia and in Mississippi leave "Clay" alone
    named = {k: rs[0] for k, rs in heads.items() if len({id(r.place) for r in rs}) == 1}
    if not named:
        return out
    return [_as_named(gazetteer, r, named) if r else r for r in out]


def _as_named(gazetteer: Gazetteer, res: Resolution, named: dict[str, Resolution]
              ) -> Resolution:
    """``res``, or the division of its name that the article names, when it is that."""
    key = name_key(res.mention.text)
    division = named.get(key)
    if division is None or res.place is division.place or not _bare(res.mention) \
            or (res.place is not None and res.place.feature_code in CAPITALS
                and name_key(res.place.name) == key) \
            or (division.place is not None and _namesake(gazetteer, key, division.place)):
        return res  # "officials in Jackson" beside "Jackson County": Mississippi's capital
    return replace(division, mention=res.mention,
                   signal=f"named '{division.mention.text}' in the article")


def _division_head(res: Resolution) -> str | None:
    """The name of a mention read as a division, without its division word, else None."""
    if res.place is None or not res.place.feature_code.startswith("ADM"):
        return None
    return head(res.mention)


def head(mention: Mention) -> str | None:
    """The name of a mention the text calls a division, without the division word
    ("dekalb" of "DeKalb County", of "DeKalb" in "DeKalb and Fulton counties"), else None."""
    if mention.kind != "toponym":
        return None
    key = name_key(mention.text)
    first, _, last = key.rpartition(" ")
    if first and rules.type_words().get(last, ("", ""))[1] == "division":
        return first
    cued = type_word(mention)
    return key if cued and cued[1] == "division" else None


def _bare(mention: Mention) -> bool:
    """A toponym with no type word or town qualifier of its own."""
    return mention.kind == "toponym" and not mention.type_word and not settlement(mention)


def _namesake(gazetteer: Gazetteer, key: str, division: Place) -> bool:
    """Whether a town named ``key`` lies in ``division`` (its seat, most often)."""
    return any(p.feature_class == "P" and primary and p.country_code == division.country_code
               and p.admin1 == division.admin1
               and (division.feature_code == "ADM1" or _km(p, division) <= NAMESAKE_KM)
               for p, primary in hits(gazetteer, key))


def coherent(mentions: Sequence[Mention], asks: list[Ask]) -> list[Ask]:
    """The asks with coherence; a division the article names ("DeKalb County") takes it
    from its own bare name ("DeKalb") only when no other name lends any: they are one name,
    and DeKalb, Illinois lies in DeKalb County, Illinois, whichever county is meant."""
    out = with_coherence(asks)
    heads = [head(m) for m in mentions]
    keys = [name_key(m.text) for m in mentions]
    bare = {h for h, k in zip(heads, keys, strict=True) if h and h != k} & set(keys)
    rest = [i for i in range(len(asks)) if heads[i] or keys[i] not in bare]
    if len(rest) == len(asks):
        return out
    alone = dict(zip(rest, with_coherence([asks[i] for i in rest]), strict=True))
    return [alone[i] if heads[i] and any(alone[i].coherence) else a
            for i, a in enumerate(out)]


def _km(a: Place, b: Place) -> float:
    return km_between((a.lat, a.lon), (b.lat, b.lon))
