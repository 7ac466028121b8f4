"""Tie an event word to the place where it happened, by the words between them.

"strike in Baghdad", "bombardment of Gaza", "killed three US soldiers in Jordan": the first place
after the event word, reached through a locative preposition within the same clause, is the
site; "in Iraq and Syria" gives both. A place that only says where a source sits ("health
officials in Gaza said") is never a site. Without such a tie, a place introduced by a locative
earlier in the sentence is used, and an article's focus is the last resort.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence

from geomap.incidents import context_words
from geomap.incidents.events import OPENING_CHARS, THE_EVENT, holds
from geomap.incidents.offsets import offset_before
from geomap.incidents.roles import ACTOR_ORIGIN, role_of
from geomap.normalize import name_key
from geomap.parsed import ParsedArticle
from geomap.records import FOCUS_RESOLVER, PRECISIONS, Article, Place, Resolution

#: Text between a trigger and its place: a locative preposition right before the place.
LOCATIVE = re.compile(r"(?i)\b(?:in|at|near|outside|inside|around|across|on|of|against|"
                      r"targeting|into|over|from|toward|towards)\s+(?:the\s+)?"
                      r"(?:[a-z-]+\s+){0,2}$")
#: A place right after the event word ("bombardment of Gaza", "shelled Kherson").
DIRECT = re.compile(r"(?i)^\s*(?:(?:of|on|against|targeting|hit|hitting|struck|pounded|"
                    r"shelled|bombed)\s+)?(?:the\s+)?$")
MAX_LINK_CHARS = 90
#: How far before an event word a place may lie and still be its site: a sentence's length,
#: so a text with no full stop is not read back to its start for every event word.
MAX_LOOK_BACK = 600
#: Words that end the clause a trigger belongs to: no place beyond them is tied to it.
#: "the rockets were in response to massacres in Gaza": what follows names the cause, another
#: event, so its places are not this one's.
CLAUSE_BREAK = re.compile(r"(?i)[;:]|\b(?:said|says|while|but|whereas|who|according)\b|"
                          + context_words.RETORT)

#: "Damascus is being shelled": the place is the passive subject of the event word.
PASSIVE_SUBJECT = re.compile(r"(?i)^\s+(?:(?:is|was|were|are|has|have|had|been|being)\s+)+"
                             r"(?:\w+ly\s+)?$")
#: "Mexico's northern city of Monterrey": the place named after the possessive is the site.
POSSESSIVE_OF = re.compile(r"(?i)^['’]s\s+(?:[a-z-]+\s+){0,3}(?:of\s+)?$")
#: What leads on from a place to one inside it: "the West Bank city of", ", in the".
NAMED_ON = re.compile(r"(?i)^(?:['’]s)?\s*(?:[a-z-]+\s+){0,3}(?:city|town|village|district|"
                      r"area|province|region|camp|neighbou?rhood|governorate|county)?\s*"
                      r"(?:,\s*)?(?:of|in|at)\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}$")
#: What ties a definite reference to its place: "the incident took place on Monday in".
TOOK_PLACE = re.compile(r"(?i)^\s+(?:(?:took|takes)\s+place|happened|occurred|"
                        r"was\s+carried\s+out)?\s*(?:(?:late\s+|early\s+)?on\s+\w+\s+)?"
                        r"(?:in|at|near|outside|around)\s+(?:the\s+)?(?:[a-z-]+\s+){0,3}$")
#: Where a projectile was fired from: its target, named next, is the site.
LAUNCHED_FROM = re.compile(r"(?i)\b(?:fired|launched)\s+from\s+(?:the\s+)?$")
#: Distances and directions before a place make it a reference point ("50 km north of").
REFERENCE_BEFORE = re.compile(r"(?i)\b(?:km|kilometres|kilometers|miles)\s+(?:\w+\s+)?"
                              r"(?:of|from)\s+$")
#: The place itself is the object, with a describing word or two ("captured east Jerusalem").
DIRECT_LOOSE = re.compile(r"(?i)^\s*(?:(?:the|an?)\s+)?(?:(?!(?:by|with|for|to|from|as|than|and|"
                          r"or|that|which|who|after|before|during|since|until)\b)[a-z-]+\s+){0,2}$")
#: "Cinar in southeast Turkey", "Al-Raqqa, Syria", "Kaura local government area in Kaduna":
#: a place followed by the larger one it lies in.
INSIDE = re.compile(r"(?i)^\s*(?:,|(?:,\s*)?(?:[a-z-]+\s+){0,3}(?:in|of)\b)\s*(?:the\s+)?"
                    r"(?:[a-z-]+\s+){0,2}$")
REGION_PRECISIONS = ("region", "country", "admin1")
#: Precisions of a town or a part of one.
TOWN_PRECISIONS = ("city", "district", "point")
#: A qualifier that names the far side of a border ("near the border with").
BORDER_WITH = re.compile(r"(?i)\bborder\s+with$")
_FINENESS = {name: rank for rank, name in enumerate(PRECISIONS)}


def event_sites(article: Article, resolutions: Sequence[Resolution]) -> list[Resolution]:
    """Resolved toponyms that may be event sites: not an actor's origin, a source's seat nor
    where people fled.

    A name placed only at its article's country (resolver ``focus``) is no site either: "the
    village of X near Mosul" is better placed near Mosul, and a sentence with no other place
    falls back to the article's focus town. Nor is the country across a border ("seized
    Bunagana, on the border with Uganda": Bunagana is in Congo, not in Uganda).
    """
    text = article.text
    return [r for r in resolutions if r.place is not None and r.mention.kind == "toponym"
            and r.resolver != FOCUS_RESOLVER and role_of(text, r.mention, r.place) != ACTOR_ORIGIN
            and not _is_source_seat(text, r) and not _across_a_border(r)
            and not _refuge(text, r)]


def _refuge(text: str, res: Resolution) -> bool:
    """Whether the place is where people fled from or to ("displaced from neighbouring
    Burkina Faso", "fled into Nigeria")."""
    return bool(context_words.refuge().search(text[max(0, res.mention.start - 60):
                                                   res.mention.start]))


def _across_a_border(res: Resolution) -> bool:
    """Whether the place is a country named as the other side of a border ("the border with
    Uganda"): the event is near it, on this side."""
    return bool(res.place and res.place.precision == "country" and res.mention.qualifier
                and BORDER_WITH.search(res.mention.qualifier))


def source_seats(article: Article, resolutions: Sequence[Resolution]) -> list[Resolution]:
    """Places that say where a source sits ("a police source in Ramadi"): a last resort."""
    text = article.text
    return [r for r in resolutions if r.place is not None and r.mention.kind == "toponym"
            and _is_source_seat(text, r)]


def _is_source_seat(text: str, res: Resolution) -> bool:
    before = text[max(0, res.mention.start - 50):res.mention.start]
    return bool(context_words.source_seat().search(before)) or bool(
        context_words.speaker_post().search(before)
        and context_words.SPEAKS.match(text[res.mention.end:res.mention.end + 30]))


def tied_sites(text: str, start: int, end: int, sites: list[Resolution]
               ) -> tuple[tuple[Resolution, ...], str, bool]:
    """Places tied to the event word at ``start:end``: (sites, basis, named directly).

    "Named directly" means the place itself is the object ("bombardment of Gaza", "shelled
    Kherson"), not a location inside it ("strike in Gaza").
    """
    starts = [r.mention.start for r in sites]  # sites come in text order
    after = sites[bisect_left(starts, end):bisect_right(starts, end + MAX_LINK_CHARS)]
    near = sites[bisect_left(starts, start - MAX_LOOK_BACK):bisect_left(starts, start)]
    passive = [r for r in near if r.mention.end <= start
               and PASSIVE_SUBJECT.match(text[r.mention.end:start])]
    if passive:
        return (passive[-1],), "syntactic", False
    for index, res in enumerate(after):
        between = text[end:res.mention.start]
        if CLAUSE_BREAK.search(between):
            break
        if ((REFERENCE_BEFORE.search(between) and offset_before(text, res.mention.start) is None)
                or LAUNCHED_FROM.search(between)):
            continue
        direct = bool(DIRECT.match(between)) and not _names_a_facility(text, res)
        if direct or LOCATIVE.search(between) or DIRECT_LOOSE.match(between):
            res = _inner(text, res, after[index + 1:])
            return (res, *_coordinated(text, res, after[index + 1:])), "syntactic", direct
    before = [r for r in near if r.mention.end <= start]
    located = [r for r in before if _located(text, r)]
    if located and not CLAUSE_BREAK.search(text[located[-1].mention.end:start]):
        return (_finest(text, before[:before.index(located[-1]) + 1]),), "sentence_locative", \
            False
    return (), "none", False


def _inner(text: str, res: Resolution, rest: list[Resolution]) -> Resolution:
    """The innermost place named on from the tied one: "Mexico's northern city of Monterrey",
    "the Nur Shams camp in the West Bank city of Tulkarem", "in Oromia's western region, in the
    Gimbi area"; each step must lie in the place before it."""
    best = last = res
    for nxt in rest:
        if nxt.mention.start < last.mention.end:
            continue
        between = text[last.mention.end:nxt.mention.start]
        if not (POSSESSIVE_OF.match(between) or NAMED_ON.match(between)) or nxt.place is None:
            break
        if best.place is not None and best.place != nxt.place and not holds(best.place,
                                                                            nxt.place):
            break
        best = nxt if best.place is None or holds(best.place, nxt.place) else best
        last = nxt
    return best


def reference_site(text: str, sentence: tuple[int, int], sites: list[Resolution]
                   ) -> Resolution | None:
    """Where a sentence with no event word of its own says an event already told took place:
    "The incident took place in Oromia's western region, in the Gimbi area", else None."""
    s_start, s_end = sentence
    opening = text[s_start:min(s_end, s_start + OPENING_CHARS)]
    ref = THE_EVENT.search(opening)
    if ref is None:
        return None
    end = s_start + ref.end()
    after = [r for r in sites if r.mention.start >= end]
    if not after or not TOOK_PLACE.match(text[end:after[0].mention.start]):
        return None
    return _inner(text, after[0], after[1:])


def _names_a_facility(text: str, res: Resolution) -> bool:
    """"Baghdad restaurant", "Guerrero state congress": the place only qualifies a noun."""
    return bool(re.match(r"\s+[a-z]", text[res.mention.end:res.mention.end + 3]))


def _finest(text: str, before: list[Resolution]) -> Resolution:
    """The last place before the event word, or the finer place it contains ("X in Y")."""
    chosen = before[-1]
    for res in reversed(before[:-1]):
        if not (res.place and chosen.place and INSIDE.match(
                text[res.mention.end:chosen.mention.start])):
            break
        if _FINENESS[res.place.precision] > _FINENESS[chosen.place.precision]:
            chosen = res
    return chosen


def _located(text: str, res: Resolution, floor: int = 0) -> bool:
    """Whether a locative preposition introduces the place ("in Tikrit, ...")."""
    before = text[max(floor, res.mention.start - 30):res.mention.start]
    return bool(LOCATIVE.search(before)) and not REFERENCE_BEFORE.search(before)


def sentence_place(text: str, sentence_start: int, sites: list[Resolution]) -> Resolution | None:
    """The sentence's own place: the first one introduced by a locative preposition."""
    return next((r for r in sites if _located(text, r, sentence_start)), None)


def _coordinated(text: str, first: Resolution, rest: list[Resolution]) -> list[Resolution]:
    """Places joined to ``first`` by "and"/"or"/commas ("in Iraq and Syria")."""
    linked, end = [], first.mention.end
    for res in rest:
        if not re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", text[end:res.mention.start]):
            break
        if res.place and first.place and res.place.precision != first.place.precision:
            break
        linked.append(res)
        end = res.mention.end
    return linked


def territory(res: Resolution) -> Place | None:
    """The region that shares the place's name ("Gaza" the Strip, not the city), if any."""
    if res.place is None or res.place.precision in REGION_PRECISIONS:
        return None
    key = name_key(res.mention.text)
    return next((c.place for c in res.candidates if c.place.precision in REGION_PRECISIONS
                 and name_key(c.place.name) == key), None)


def site_for_span(parsed: ParsedArticle, start: int, end: int) -> Resolution | None:
    """The place the event word at ``text[start:end]`` is tied to, by the incident rules.

    Examples
    --------
    >>> site_for_span(parsed, 23, 31)  # doctest: +SKIP
    Resolution(mention=Mention(..., text='Nablus', ...), ...)
    """
    article, resolutions = parsed.article, parsed.resolutions
    sentence = parsed.sentence_at(start)
    sites = [r for r in event_sites(article, resolutions)
             if sentence[0] <= r.mention.start < sentence[1]]
    linked, _basis, _direct = tied_sites(article.text, start, end, sites)
    if linked:
        return linked[0]
    own = sentence_place(article.text, sentence[0], sites)
    return own or next((r for r in source_seats(article, resolutions)
                        if sentence[0] <= r.mention.start < sentence[1]), None)


def focus_site(resolutions: Sequence[Resolution]) -> Resolution | None:
    """The article's focus: its most-named town, else its most-named place; on ties the one
    the resolver is surest of, then the first."""
    placed = [r for r in resolutions if r.place is not None and r.mention.kind == "toponym"]
    towns = [r for r in placed if r.place is not None and r.place.precision in TOWN_PRECISIONS]
    pool = towns or placed
    if not pool:
        return None
    counts = Counter(r.place for r in pool)
    return max(pool, key=lambda r: (counts[r.place], r.confidence, -pool.index(r)))
