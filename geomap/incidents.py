"""Incidents from articles: the event a sentence reports, tied to the place where it happened.

For every sentence with a trigger word (``geomap/data/triggers.csv``), each trigger is linked to
the place syntactically tied to it ("strike in Baghdad", "bombardment of Gaza"), else to the
sentence's own place, else the event continues the previous sentence's incident. Each link says
which rule chose it (``location_basis``) and sets ACLED's geo_precision accordingly.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from geomap import rules
from geomap.actors import find_actors
from geomap.dates import find_date
from geomap.ids import incident_id
from geomap.mentions import sentences
from geomap.quantities import count
from geomap.records import Article, EventDate, Incident, Quote, Resolution
from geomap.roles import ACTOR_ORIGIN, role_of

#: Text between a trigger and its place: a locative preposition right before the place.
_LOCATIVE = re.compile(r"(?i)\b(?:in|at|near|outside|inside|around|across|on|of|against|"
                       r"targeting|into|over|from)\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}$")
_DIRECT = re.compile(r"(?i)^\s*(?:(?:of|on|against|in|at|targeting|hit|hitting)\s+)?(?:the\s+)?$")
MAX_LINK_CHARS = 90
#: Words that end the clause a trigger belongs to: no place beyond them is tied to it.
CLAUSE_BREAK = re.compile(r"(?i)[;:]|\b(?:said|says|while|but|whereas|after)\b")
PRECISION_BY_PLACE = {"continent": 3, "country": 3, "admin1": 3, "admin2": 2}


@dataclass
class _Group:
    """Trigger hits of one sentence that share a location."""

    sites: tuple[Resolution, ...]
    basis: str
    hits: list[tuple[int, int, rules.Trigger]] = field(default_factory=list)

    @property
    def span(self) -> tuple[int, int]:
        ends = [h[1] for h in self.hits] + [r.mention.end for r in self.sites]
        return min(h[0] for h in self.hits), max(ends)


def extract(article: Article, resolutions: Sequence[Resolution]) -> list[Incident]:
    """Incidents reported in ``article``, placed at its resolved mentions."""
    sites = [r for r in resolutions if r.place is not None and r.mention.kind == "toponym"
             and role_of(article.text, r.mention, r.place) != ACTOR_ORIGIN]
    demonyms = [r for r in resolutions if r.place is not None and r.mention.kind == "demonym"]
    found: list[Incident] = []
    previous: list[Incident] = []
    for s_start, s_end in sentences(article.text):
        in_sentence = [r for r in sites if s_start <= r.mention.start < s_end]
        groups = _link(article.text, s_start, s_end, in_sentence)
        placed = sorted((g for g in groups if g.sites), key=lambda g: g.span[0])
        main = max(placed, default=None, key=lambda g: max(h[2].priority for h in g.hits))
        bounds = [s_start, *(g.span[0] for g in placed[1:]), s_end]
        current = [_incident(article, g, (s_start, s_end), (bounds[k], bounds[k + 1]),
                             demonyms, is_main=g is main) for k, g in enumerate(placed)]
        if not current and previous and any(g.hits for g in groups):
            current = [_continued(inc, article, s_start, s_end) for inc in previous]
            found = [i for i in found if i not in previous]
        found.extend(current)
        previous = current
    return found


def _hits(text: str, s_start: int, s_end: int) -> list[tuple[int, int, rules.Trigger]]:
    """Trigger matches in the sentence; a match inside a longer or stronger one is dropped."""
    sentence = text[s_start:s_end]
    hits = [(s_start + m.start(), s_start + m.end(), t) for t in rules.triggers()
            for m in t.pattern.finditer(sentence)]
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, rules.Trigger]] = []
    for hit in hits:
        if kept and hit[0] < kept[-1][1]:
            longer = hit[1] - hit[0] >= kept[-1][1] - kept[-1][0]
            if hit[2].priority > kept[-1][2].priority and longer:
                kept[-1] = hit
            continue
        kept.append(hit)
    return kept


def _link(text: str, s_start: int, s_end: int, sites: list[Resolution]) -> list[_Group]:
    groups: dict[tuple[int, ...], _Group] = {}
    loose: list[tuple[int, int, rules.Trigger]] = []
    for hit in _hits(text, s_start, s_end):
        linked, basis = _tied_sites(text, hit, sites)
        if not linked:
            loose.append(hit)
            continue
        key = tuple(r.mention.start for r in linked)
        groups.setdefault(key, _Group(linked, basis)).hits.append(hit)
    for hit in loose:
        nearest = _nearest_group(groups.values(), hit[0])
        if nearest is not None:
            nearest.hits.append(hit)
        elif located := [r for r in sites if _LOCATIVE.search(
                text[max(s_start, r.mention.start - 30):r.mention.start])]:
            groups.setdefault((located[0].mention.start,), _Group((located[0],), "sentence_place")
                              ).hits.append(hit)
        else:
            groups.setdefault((), _Group((), "none")).hits.append(hit)
    return list(groups.values())


def _tied_sites(text: str, hit: tuple[int, int, rules.Trigger], sites: list[Resolution]
                ) -> tuple[tuple[Resolution, ...], str]:
    """Places syntactically tied to a trigger: the first locative after it, with "X and Y"."""
    after = [r for r in sites if r.mention.start >= hit[1]
             and r.mention.start - hit[1] <= MAX_LINK_CHARS]
    for index, res in enumerate(after):
        between = text[hit[1]:res.mention.start]
        if CLAUSE_BREAK.search(between):
            break
        if _DIRECT.match(between) or _LOCATIVE.search(between):
            linked = [res, *_coordinated(text, res, after[index + 1:])]
            return tuple(linked), "syntactic"
    before = [r for r in sites if r.mention.end <= hit[0]
              and _LOCATIVE.search(text[max(0, r.mention.start - 30):r.mention.start])]
    if before and not CLAUSE_BREAK.search(text[before[-1].mention.end:hit[0]]):
        return (before[-1],), "sentence_locative"
    return (), "none"


def _coordinated(text: str, first: Resolution, rest: list[Resolution]) -> list[Resolution]:
    """Places joined to ``first`` by "and"/"or"/commas ("in Iraq and Syria")."""
    linked, end = [], first.mention.end
    for res in rest:
        if not re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*", text[end:res.mention.start]):
            break
        linked.append(res)
        end = res.mention.end
    return linked


def _nearest_group(groups, position: int) -> _Group | None:
    before = [g for g in groups if g.sites and g.span[0] <= position]
    return max(before, key=lambda g: g.span[0]) if before else None


def _incident(article: Article, group: _Group, sentence: tuple[int, int],
              clause: tuple[int, int], demonyms: list[Resolution], *, is_main: bool) -> Incident:
    """The incident of one group; its counts come from its clause of the sentence."""
    s_start, s_end = sentence
    main = max(group.hits, key=lambda h: h[2].priority)
    segment = article.text[clause[0]:clause[1]]
    killed, wounded = count(segment, "killed"), count(segment, "wounded")
    site = group.sites[0]
    return Incident(
        incident_id=incident_id(article.id, s_start, site.mention.start, main[2].event_type),
        article_ids=(article.id,), event_type=main[2].event_type,
        sub_event_type=main[2].sub_event_type, trigger=article.text[main[0]:main[1]],
        quotes=(Quote(article.id, s_start, s_end, article.text[s_start:s_end]),),
        location=site, geo_precision=geo_precision(site),
        location_basis=group.basis, date=_date(article, s_start, s_end, group.span, main=is_main),
        actor1=_actor1(article.text, main, s_start, demonyms),
        actor2=_actor2(article.text, main, s_start, s_end, demonyms),
        fatalities=killed.value if killed else None,
        fatalities_low=killed.low if killed else None,
        fatalities_high=killed.high if killed else None,
        wounded=wounded.value if wounded else None)


def geo_precision(site: Resolution) -> int:
    """ACLED precision: 1 the town itself, 2 part of or near it, 3 a region or country."""
    assert site.place is not None
    coarse = PRECISION_BY_PLACE.get(site.place.precision)
    if coarse:
        return coarse
    return 2 if site.mention.qualifier else 1


def _date(article: Article, s_start: int, s_end: int, segment: tuple[int, int], *,
          main: bool) -> EventDate:
    """The sentence's date, for the incident whose words contain it or, when it leads the
    sentence ("On Wednesday night, ..."), for the sentence's main incident only."""
    found = find_date(article.text[s_start:s_end], article.published)
    if found.expression is None:
        return found
    at = article.text.find(found.expression, s_start, s_end)
    inside = segment[0] <= at <= segment[1]
    return found if inside or (main and at < segment[0]) else EventDate(None)


def _actor1(text: str, main, s_start: int, demonyms: list[Resolution]) -> str | None:
    """The actor right before the event word ("US drone strike") or after "by"."""
    window_start = max(s_start, main[0] - 40)
    for hit in reversed(find_actors(text, window_start, main[0])):
        if not re.search(r"[.,;]|\bthat\b|\bwhich\b", text[hit.end:main[0]]):
            return hit.actor
    for res in demonyms:
        if window_start <= res.mention.start and res.mention.end <= main[0] \
                and len(text[res.mention.end:main[0]].split()) <= 2:
            return res.place.name
    by = re.match(r"(?i)\s*(?:\w+\s+){0,3}?by\s+", text[main[1]:main[1] + 60])
    if by:
        after = find_actors(text, main[1] + by.end(), main[1] + by.end() + 60)
        if after and after[0].start == main[1] + by.end():
            return after[0].actor
    return None


def _actor2(text: str, main, s_start: int, s_end: int, demonyms) -> str | None:
    first = _actor1(text, main, s_start, demonyms)
    for hit in find_actors(text, s_start, s_end):
        if hit.actor != first:
            return hit.actor
    return None


def _continued(incident: Incident, article: Article, s_start: int, s_end: int) -> Incident:
    """The previous sentence's incident, with this sentence added to its quotes."""
    quote = Quote(article.id, s_start, s_end, article.text[s_start:s_end])
    killed = count(quote.text, "killed")
    return replace(incident, quotes=(*incident.quotes, quote),
                   fatalities=incident.fatalities if incident.fatalities is not None
                   else (killed.value if killed else None))
