"""Incidents from articles: the event a sentence reports, tied to the place where it happened.

For every sentence with a trigger word (``geomap/data/triggers.csv``), each trigger is linked to
the place syntactically tied to it (:mod:`.linking`), else to the sentence's own place, else
the event continues the previous sentence's incident; an article whose events name no place at
all is placed at its focus. Each link says which rule chose it (``location_basis``)
and sets ACLED's geo_precision accordingly.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, lru_cache, partial

from geomap import rules
from geomap.ids import incident_id
from geomap.incidents import context_words
from geomap.incidents.actor_roles import actor_roles, complete_actors
from geomap.incidents.actors import ActorHit, find_actors, names_armed_actor
from geomap.incidents.dates import DateHit, find_dates
from geomap.incidents.events import (
    ANOTHER,
    ANOTHER_OF_KIND,
    DEFINITE_BEFORE,
    OPENING_CHARS,
    THE_EVENT,
    fold_events,
    placed_by_references,
)
from geomap.incidents.linking import (
    TOWN_PRECISIONS,
    event_sites,
    focus_site,
    reference_site,
    sentence_place,
    territory,
    tied_sites,
)
from geomap.incidents.offsets import OFFSET_HINT, offset_site
from geomap.incidents.precision import geo_precision
from geomap.incidents.quantities import count
from geomap.incidents.relevance import (
    CONFLICT_PRIORITY,
    background,
    crime_words,
    non_conflict,
    recalled,
)
from geomap.incidents.targets import typed_by_target
from geomap.incidents.tolls import counted_by_lede, quote_saying
from geomap.parsed import ParsedArticle
from geomap.records import Article, EventDate, Incident, Quote, Resolution

#: What joins a sea to the town it is off: "the Red Sea off Hodeidah", "off the coast of Aden".
OFF_SHORE = re.compile(r"(?i)\s+off\s+(?:the\s+(?:coast|port|city)\s+of\s+)?")
#: Casualty words ("killed", "wounded") report a consequence: they join the sentence's event.
#: The actors of a sentence span of the article being read.
SentenceActors = Callable[[int, int], list[ActorHit]]
WEAK_PRIORITY = 10
STRATEGIC = "Strategic developments"
#: Rape and sexual assault: armed groups commit them, but alone, without an armed actor,
#: they are as much the news of crime, courts and support services as of war.
SEXUAL_VIOLENCE = "Sexual violence"
#: A killing: unlike "died" or "deaths", a word for violence done to someone.
KILLING = re.compile(r"(?i)\bkill(?:ed|ing|ings|s)?\b")
#: Where an aside about a place or a group opens after the event is told.
ASIDE = re.compile(r"(?i),\s*(?:one of|where|which|whose|an? (?:region|area|town|city|country|"
                   r"province|state|district|group)\b)")
#: How many opening sentences make the lede that dates an undated first event.
LEDE_SENTENCES = 3
#: Triggers strong enough to stand for an incident placed only at the article's focus.
FOCUS_PRIORITY = 50

Hit = tuple[int, int, rules.Trigger]


@dataclass
class _Group:
    """Trigger hits of one sentence that share a location."""

    sites: tuple[Resolution, ...]
    basis: str
    direct: bool = False
    hits: list[Hit] = field(default_factory=list)

    @property
    def span(self) -> tuple[int, int]:
        ends = [h[1] for h in self.hits] + [r.mention.end for r in self.sites]
        return min(h[0] for h in self.hits), max(ends)

    @property
    def main(self) -> Hit:
        return max(self.hits, key=lambda h: h[2].priority)


def extract(parsed: ParsedArticle) -> list[Incident]:
    """Incidents reported in the article, placed at its resolved mentions.

    The sentences and words are the recogniser's (``parsed``), never split again here.

    Examples
    --------
    >>> [i.location.mention.text for i in extract(parsed)]  # doctest: +SKIP
    ['Baghdad', 'Jordan', 'Iraq', 'Syria', 'Gaza']
    """
    return [] if not_about_conflict(parsed) is not None else extract_reported(parsed)


def extract_reported(parsed: ParsedArticle) -> list[Incident]:
    """:func:`extract` for an article already judged to be about armed conflict (the
    pipeline judges it once, and keeps the reason when it is not)."""
    article, resolutions = parsed.article, parsed.resolutions
    sites = sorted(event_sites(article, resolutions), key=lambda r: r.mention.start)
    starts = [r.mention.start for r in sites]
    # each sentence's actors are read once, however many event words it holds
    actors: SentenceActors = cache(partial(find_actors, article.text, tokens=parsed.tokens))
    demonyms = [r for r in resolutions if r.place is not None and (
        r.mention.kind == "demonym" or r.place.feature_code.startswith("PCL"))]
    found: list[Incident] = []
    previous: list[Incident] = []
    first_event: tuple[int, int] | None = None
    references: list[tuple[Quote, Resolution]] = []
    dated = EventDate(None)  # the latest incident date so far ("a day earlier" counts from it)
    told_background = False  # whether the sentence before was background
    any_background = False  # whether any sentence so far was
    for s_start, s_end in parsed.sentences:
        in_sentence = sites[bisect_left(starts, s_start):bisect_left(starts, s_end)]
        groups = _link(article.text, s_start, s_end, in_sentence)
        if _not_news(article, (s_start, s_end), groups) or (found and _recalled(
                article.text[s_start:s_end])) or (told_background and _the_same_events(
                article.text[s_start:s_start + OPENING_CHARS])) or (
                not found and any_background and _only_named_again(article.text, groups)):
            previous, told_background, any_background = [], True, True
            continue
        told_background = False
        current = _sentence_incidents(parsed, actors, (s_start, s_end), groups, demonyms,
                                      dated.value,
                                      in_sentence)
        same_paragraph = previous and "\n" not in article.text[previous[0].quotes[-1].end:s_start]
        opening = article.text[s_start:s_start + OPENING_CHARS]
        if not current and found and any(g.hits for g in groups) and ANOTHER_OF_KIND.search(
                opening):
            current = [_another_there(parsed, actors, (s_start, s_end), groups, demonyms,
                                      found[-1], dated)]
        elif not current and same_paragraph and any(g.hits for g in groups):
            current = [_continued(inc, article, s_start, s_end) for inc in previous]
            del found[-len(previous):]  # the previous sentence's incidents end the list
        elif not current and not any(g.hits for g in groups):
            quote = Quote(article.id, s_start, s_end, article.text[s_start:s_end])
            site = reference_site(article.text, (s_start, s_end), in_sentence)
            if site is not None:
                references.append((quote, site))
            found = _measured_from(found, article.text, in_sentence, quote)
        if first_event is None and any(h[2].priority >= FOCUS_PRIORITY
                                       for g in groups for h in g.hits):
            first_event = (s_start, s_end)
        found.extend(current)
        previous = current
        dated = next((i.date for i in reversed(current) if i.date.value), dated)
    if not found and first_event is not None:
        focused = _at_focus(parsed, actors, first_event, demonyms)
        found = [focused] if focused else []
    events = _dated_as_before(_dated_by_lede(parsed, placed_by_references(
        fold_events(found), references)))
    return complete_actors(parsed, counted_by_lede(parsed, events), in_sentence=actors)


def _dated_by_lede(parsed: ParsedArticle, events: list[Incident]) -> list[Incident]:
    """The first event, when none of its sentences dates it to the day, takes the day its
    article's lede gives ("... in the explosion near the mosque on Thursday"): wire reports
    date the event once, near the top. Later events keep their dates."""
    if not events or (events[0].date.value is not None and events[0].date.precision == "day"):
        return events
    article = parsed.article
    for s_start, s_end in parsed.sentences[:LEDE_SENTENCES]:
        text = article.text[s_start:s_end]
        if background(text, article.published):
            continue
        day = next((h.date for h in find_dates(text, article.published)
                    if h.date.value is not None and h.date.precision == "day"), None)
        if day is not None:
            evidence = (*events[0].evidence, ("date", f"{day.expression} (the lede)"))
            return [replace(events[0], date=day, evidence=evidence), *events[1:]]
    return events


def _dated_as_before(events: list[Incident]) -> list[Incident]:
    """An event of the article's news that no sentence dates takes the date of the event dated
    last before it in the text ("... on Sunday. Meanwhile, fierce clashes have been taking place
    around ..."): a report tells what happened in its own days. Only a sentence after the one
    that gave that date is read so: an event named in the dating sentence itself and not dated
    by it ("... an attack that killed three soldiers in Jordan") is an earlier one, and so is
    one told before it."""
    dating = sorted(((quote_saying(e, e.date.expression), e.date) for e in events
                     if e.date.value is not None), key=lambda a: (a[0].start, a[0].end))
    ends = [quote.end for quote, _ in dating]  # quotes are sentences: in order, ends too
    dated = []
    for event in events:
        told = bisect_right(ends, event.quotes[0].start)
        if event.date.value is None and told:
            date_ = dating[told - 1][1]
            said = date_.expression or str(date_.value)
            event = replace(event, date=date_,
                            evidence=(*event.evidence, ("date", f"{said} (the event before)")))
        dated.append(event)
    return dated


def not_about_conflict(parsed: ParsedArticle) -> str | None:
    """Why the article reports no armed conflict, or None when it may.

    Its headline and first sentence name a harm that is no conflict ("bus crash", "cholera")
    and, apart from those words, no armed violence; or its only event words are deaths, harm or
    arrests (:func:`_only_harm`); or it reads as crime news (:func:`_only_crime`). Both read
    the article's trigger hits and words, gathered here once.
    """
    article = parsed.article
    first = parsed.sentences[0] if parsed.sentences else (0, 0)
    lede = f"{article.title or ''}\n{article.text[first[0]:first[1]]}"
    cause = non_conflict(lede)
    if cause is not None:
        rest = lede.replace(cause, " ")
        if not any(h[2].priority > CONFLICT_PRIORITY for h in _hits(rest, 0, len(rest))):
            return f"not conflict: {cause!r} in the headline or lede"
    title = article.title or ""
    # the sentences' hits are kept for the extraction that follows
    hits = [h for sentence in ((title, 0, len(title)), *(
        (article.text, start, end) for start, end in parsed.sentences)) for h in _hits(*sentence)]
    words = [*parsed.words, *title.split()]
    return _only_harm(parsed, hits, words) or _only_crime(parsed, hits, words)


#: Triggers this strong are acts of war that crime news does not report (air strikes,
#: shelling, roadside bombs, rockets, grenades).
ACT_OF_WAR_PRIORITY = 80
#: How many different words of police and court work make an article crime news.
CRIME_WORDS = 2


def _only_crime(parsed: ParsedArticle, hits: list[Hit],
                words: list[str]) -> str | None:
    """Why an article that reads as crime news reports no armed conflict, or None.

    Crime news ("a murder suspect", "the sheriff's deputies", "charged with robbery") names
    its attackers as anyone armed ("a gunman", "the attackers"); ACLED does not code it. It
    gives no incident unless it also names an armed group or force ("militants", "troops",
    a group of the actor table) or an act of war (an air strike, shelling, a roadside bomb).
    """
    article = parsed.article
    text = f"{article.title or ''}\n{article.text}"
    cues = crime_words(text)
    if len(cues) < CRIME_WORDS:
        return None
    if names_armed_actor(words, text, organised=True):
        return None
    if any(h[2].priority >= ACT_OF_WAR_PRIORITY and h[2].sub_event_type != SEXUAL_VIOLENCE
           for h in hits):
        return None
    return f"not conflict: crime news ({', '.join(sorted(cues)[:3])}), with no armed group " \
        "nor act of war"


def _only_harm(parsed: ParsedArticle, hits: list[Hit],
               words: list[str]) -> str | None:
    """Why an article whose event words are only deaths, harm, sexual violence or arrests
    ("died", "injured", "raped", "arrested") reports no armed conflict, or None when it names
    an armed actor ("militants", "troops"), a killing or an act of violence ("shelling",
    "opened fire"), or a protest, or no event at all. "Died", "deaths" and "injured" alone are
    as often illness, accident or old age, rape a court's or a support service's news, and an
    arrest alone ordinary crime, which ACLED does not code."""
    article = parsed.article
    title = article.title or ""
    if not hits or any(h[2].priority > CONFLICT_PRIORITY and h[2].event_type != STRATEGIC
                       and h[2].sub_event_type != SEXUAL_VIOLENCE for h in hits) \
            or KILLING.search(article.text) or KILLING.search(title):
        return None
    if names_armed_actor(words, f"{title}\n{article.text}"):
        return None
    return "not conflict: only deaths, harm or arrests, with no killing, act of armed " \
           "violence nor armed actor"


def _not_news(article: Article, sentence: tuple[int, int], groups: list[_Group]) -> bool:
    """A background sentence, or one whose harm has a cause that is no conflict."""
    text = article.text[sentence[0]:sentence[1]]
    if background(_up_to_an_aside(text, sentence[0], groups), article.published):
        return True
    return non_conflict(text) is not None and not any(
        h[2].priority > CONFLICT_PRIORITY for g in groups for h in g.hits)


def _recalled(sentence: str) -> bool:
    """After the article's news, a sentence dating its event weeks back, unless it says it is
    another event of the report ("Separately, ... last week")."""
    return recalled(sentence) is not None and ANOTHER.search(sentence[:OPENING_CHARS]) is None


def _the_same_events(opening: str) -> bool:
    """Whether a sentence opens by naming events already told, in the plural ("The attacks
    prompted ..."): after a background sentence, those are the background's events."""
    named = THE_EVENT.search(opening)
    return named is not None and (named.group(0).endswith("s")
                                  or named.group(0).lower().endswith("violence"))


def _only_named_again(text: str, groups: list[_Group]) -> bool:
    """Whether every event word of the sentence names an event already told ("managed to
    escape the massacre"): before any news, that is an event of the background."""
    hits = [h for g in groups for h in g.hits]
    return bool(hits) and all(DEFINITE_BEFORE.search(text[max(0, h[0] - 40):h[0]])
                              for h in hits)


def _up_to_an_aside(text: str, s_start: int, groups: list[_Group]) -> str:
    """The sentence up to an aside that follows its first event word ("..., one of several
    areas where groups have been active for more than a decade"): background told about the
    place, not about the event."""
    first = min((h[0] for g in groups for h in g.hits), default=None)
    if first is None:
        return text
    aside = ASIDE.search(text, first - s_start)
    return text[:aside.start()] if aside else text


def _sentence_incidents(parsed: ParsedArticle, actors: SentenceActors,
                        sentence: tuple[int, int], groups: list[_Group],
                        demonyms: list[Resolution], last: date | None,
                        sites: Sequence[Resolution] = ()) -> list[Incident]:
    """One incident per placed group; counts and dates come from its clause.

    A group tied to several places ("in Iraq and Syria") is placed at the first and lists
    every place's mention in ``site_mentions``.
    """
    article = parsed.article
    s_start, s_end = sentence
    placed = sorted((g for g in groups if g.sites), key=lambda g: g.span[0])
    if not placed:
        return []
    bounds = [s_start, *(g.span[0] for g in placed[1:]), s_end]
    dates = [DateHit(h.start + s_start, h.end + s_start, h.date) for h in find_dates(
        article.text[s_start:s_end], article.published, previous=last)]
    leading = [d for d in dates if placed and d.end <= placed[0].span[0]]
    main = max(placed, default=None, key=lambda g: g.main[2].priority)
    found = []
    for k, group in enumerate(placed):
        clause = (bounds[k], bounds[k + 1])
        own = [d for d in dates if clause[0] <= d.start < clause[1] and d not in leading]
        when = own[0].date if own else leading[0].date if leading and group is main else None
        found.append(_incident(parsed, actors, group, group.sites[0], sentence, clause, demonyms,
                               when or EventDate(None, anchor=article.published), sites))
    return found


@lru_cache(maxsize=1024)
def _hits(text: str, s_start: int, s_end: int) -> tuple[Hit, ...]:
    """Trigger matches in the sentence; a match inside a longer or stronger one is dropped, and
    so is a habitual one ("repeated attacks"). Kept for the sentences read last: the article's
    relevance and its extraction read the same."""
    sentence = text[s_start:s_end]
    hits = [(s_start + start, s_start + end, t)
            for start, end, t in rules.trigger_scan().finditer(sentence)
            if not context_words.habitual().search(sentence[max(0, start - 30):start])]
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[Hit] = []
    for hit in hits:
        if kept and hit[0] < kept[-1][1]:
            longer = hit[1] - hit[0] >= kept[-1][1] - kept[-1][0]
            if hit[2].priority > kept[-1][2].priority and longer:
                kept[-1] = hit
            continue
        kept.append(hit)
    return tuple(kept)


def _link(text: str, s_start: int, s_end: int, sites: list[Resolution]) -> list[_Group]:
    """The sentence's trigger hits grouped by the places they are tied to.

    A casualty word ("killed") that is not tied to a place of its own joins the sentence's
    event; an event named as the cause of another ("arrested over a rocket attack") stays a
    separate incident even at the same place.
    """
    groups: dict[tuple[int, ...], _Group] = {}
    loose: list[Hit] = []
    hits: Sequence[Hit] = _hits(text, s_start, s_end)
    causes = [h for h in hits if _named_as_cause(text, s_start, h)]
    if any(h[2].priority > WEAK_PRIORITY for h in hits if h not in causes):
        # "the rockets were in response to massacres in Gaza": the cause is another event,
        # told as background
        hits = [h for h in hits if h not in causes]
    strong = any(h[2].priority > WEAK_PRIORITY for h in hits)
    for hit in hits:
        linked, basis, direct = tied_sites(text, hit[0], hit[1], sites)
        weak = hit[2].priority <= WEAK_PRIORITY
        if not linked or (weak and strong and basis != "syntactic"):
            loose.append(hit)
            continue
        key = tuple(r.mention.start for r in linked)
        if key in groups and hit[2].event_type != groups[key].main[2].event_type \
                and context_words.cause().search(text[max(s_start, hit[0] - 40):hit[0]]):
            key = (*key, hit[0])
        groups.setdefault(key, _Group(linked, basis, direct)).hits.append(hit)
    _attach_loose(text, s_start, sites, groups, loose)
    return list(groups.values())


def _named_as_cause(text: str, s_start: int, hit: Hit) -> bool:
    """Whether the event word is named as the cause of the sentence's event ("in response to
    Israeli massacres", "in retaliation for the attack")."""
    return bool(context_words.RETORT_BEFORE.search(text[max(s_start, hit[0] - 50):hit[0]]))


def _in_a_cause(text: str, s_start: int, site: Resolution) -> bool:
    """Whether the place lies in a clause naming what the event answers ("in response to
    massacres in Gaza", up to the next comma)."""
    return any(m.end() <= site.mention.start and not re.search(
        r"[,;]", text[m.end():site.mention.start])
        for m in context_words.RETORT_OPENING.finditer(text, s_start, site.mention.start))


def _attach_loose(text: str, s_start: int, sites: list[Resolution],
                  groups: dict[tuple[int, ...], _Group], loose: list[Hit]) -> None:
    """Hits tied to no place join the nearest placed group, else the sentence's own place
    (not one inside a clause naming the cause: "in response to massacres in Gaza")."""
    own = sentence_place(text, s_start, [r for r in sites if not _in_a_cause(text, s_start, r)])
    for hit in loose:
        nearest = _nearest_group(groups.values(), hit[0])
        if nearest is not None:
            nearest.hits.append(hit)
        elif own is not None:
            groups.setdefault((own.mention.start,), _Group((own,), "sentence_place")
                              ).hits.append(hit)
        else:
            groups.setdefault((), _Group((), "none")).hits.append(hit)


def _nearest_group(groups: Iterable[_Group], position: int) -> _Group | None:
    placed = [g for g in groups if g.sites]
    before = [g for g in placed if g.span[0] <= position]
    if before:
        return max(before, key=lambda g: g.span[0])
    return min(placed, key=lambda g: g.span[0]) if placed else None


def _measured_from(found: list[Incident], text: str, sites: Sequence[Resolution],
                   quote: Quote) -> list[Incident]:
    """The incidents, the latest one placed at a town that this sentence (with no event word
    of its own) measures a point from ("a report of an incident 76NM northwest of Al
    Hudaydah") moved to that point, with the sentence's quote."""
    if not OFFSET_HINT.search(quote.text):
        return found
    for site in sites:
        moved = offset_site(text, site)
        if moved is None:
            continue
        for k in reversed(range(len(found))):
            incident = found[k]
            if incident.place is not None and incident.place == site.place and \
                    incident.location_basis != "definite_reference":
                evidence = (*((key, v) for key, v in incident.evidence if key != "location"),
                            ("location", f"{moved.mention.text} (offset, a later sentence)"))
                return [*found[:k], replace(
                    incident, location=moved, geo_precision=2, evidence=evidence,
                    location_basis=incident.location_basis + "_offset",
                    quotes=(*incident.quotes, quote)), *found[k + 1:]]
    return found


def _incident(parsed: ParsedArticle, actors: SentenceActors, group: _Group, site: Resolution,
              sentence: tuple[int, int],
              clause: tuple[int, int], demonyms: list[Resolution], when: EventDate,
              sites: Sequence[Resolution] = ()) -> Incident:
    """The incident of one group at one of its places."""
    s_start, s_end = sentence
    main = group.main
    article = parsed.article
    segment = article.text[clause[0]:clause[1]]
    killed, wounded = count(segment, "killed"), count(segment, "wounded")
    region = territory(site) if group.direct else None
    moved = offset_site(article.text, site)
    location = moved or (replace(site, place=region) if region else site)
    shore = None if moved else _ashore(article.text, location, sites)
    roles = actor_roles(article.text, (main[0], main[1]), sentence, demonyms,
                        tokens=parsed.tokens, in_sentence=actors)
    (event_type, sub_event_type), target = typed_by_target(
        (main[2].event_type, main[2].sub_event_type), main[2].priority, segment)
    trigger = article.text[main[0]:main[1]]
    evidence = (("event_type", trigger + (f"; target: {target}" if target else "")),
                ("relevance", f"armed conflict: {trigger!r}"),
                ("location", f"{site.mention.text} ({group.basis})"),
                *((("date", when.expression),) if when.expression else ()),
                *((("fatalities", killed.words),) if killed and killed.words else ()),
                *((("wounded", wounded.words),) if wounded and wounded.words else ()),
                *roles.evidence)
    return Incident(
        incident_id=incident_id(article.id, s_start, site.mention.start, main[2].event_type),
        article_ids=(article.id,), event_type=event_type, sub_event_type=sub_event_type,
        trigger=trigger, evidence=evidence,
        quotes=(Quote(article.id, s_start, s_end, article.text[s_start:s_end]),),
        location=shore or location,
        geo_precision=2 if shore or moved else geo_precision(location),
        location_basis=group.basis + ("_offset" if moved else "_territory" if region else ""),
        date=when,
        actor1=roles.actor1, actor2=roles.actor2,
        fatalities=killed.value if killed else None,
        fatalities_low=killed.low if killed else None,
        fatalities_high=killed.high if killed else None,
        wounded=(wounded.low if wounded.value is None else wounded.value) if wounded else None,
        site_mentions=tuple(r.mention for r in group.sites) + ((shore.mention,) if shore else ()))


def _ashore(text: str, site: Resolution, sites: Sequence[Resolution]) -> Resolution | None:
    """The town a sea or gulf site is off ("a tanker in the Red Sea off Hodeidah"), which
    ACLED codes as near that town (geo-precision 2), else None."""
    if site.place is None or site.place.feature_class != "H":
        return None
    return next((r for r in sites if r.mention.start >= site.mention.end and r.place
                 and r.place.precision in TOWN_PRECISIONS
                 and OFF_SHORE.fullmatch(text[site.mention.end:r.mention.start])), None)


def _at_focus(parsed: ParsedArticle, actors: SentenceActors, sentence: tuple[int, int],
              demonyms: list[Resolution]) -> Incident | None:
    """An event whose sentence names no place, placed at the article's focus (precision ≥ 2)."""
    article, resolutions = parsed.article, parsed.resolutions
    site = focus_site(resolutions)
    if site is None:
        return None
    hits = _hits(article.text, *sentence)
    group = _Group((site,), "article_focus", hits=list(hits))
    incident = _incident(parsed, actors, group, site, sentence, sentence, demonyms, EventDate(None))
    dates = find_dates(article.text[sentence[0]:sentence[1]], article.published)
    return replace(incident, geo_precision=max(2, incident.geo_precision),
                   date=dates[0].date if dates else EventDate(None),
                   evidence=tuple((k, v) for k, v in incident.evidence if k != "date")
                   + ((("date", dates[0].date.expression or ""),) if dates else ()))


def _another_there(parsed: ParsedArticle, actors: SentenceActors, sentence: tuple[int, int],
                   groups: list[_Group], demonyms: list[Resolution], before: Incident,
                   dated: EventDate) -> Incident:
    """"Another bombing in the central Sibaa area killed three": a second event the sentence
    places nowhere the gazetteer knows, so near the event before it, on the report's latest
    date (``dated``) unless the sentence gives one."""
    assert before.location is not None
    hits = [h for g in groups for h in g.hits]
    group = _Group((before.location,), "previous_event", hits=hits)
    dates = find_dates(parsed.article.text[sentence[0]:sentence[1]], parsed.article.published)
    incident = _incident(parsed, actors, group, before.location, sentence, sentence, demonyms,
                         dates[0].date if dates else dated)
    return replace(incident, geo_precision=max(2, incident.geo_precision))


def _continued(incident: Incident, article: Article, s_start: int, s_end: int) -> Incident:
    """The previous sentence's incident, with this sentence added to its quotes."""
    quote = Quote(article.id, s_start, s_end, article.text[s_start:s_end])
    if incident.fatalities is not None or incident.fatalities_low is not None:
        return replace(incident, quotes=(*incident.quotes, quote))
    killed = count(quote.text, "killed")
    evidence = incident.evidence + ((("fatalities", killed.words),) if killed else ())
    return replace(incident, quotes=(*incident.quotes, quote), evidence=evidence,
                   fatalities=killed.value if killed else None,
                   fatalities_low=killed.low if killed else None,
                   fatalities_high=killed.high if killed else None)
