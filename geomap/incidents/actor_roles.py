"""Who acted and who was hit: actor1 and actor2 of an event word in its sentence.

ACLED's actor1 is the side that initiated the event. Of the actors a sentence names
(:func:`.actors.find_actors`), the first rule that applies gives it:

* the agent after "by": "were killed by unidentified gunmen", "an attack by the RSF",
  "carried out by Russian warplanes";
* the two sides of "clashes between X and Y" (X first, as written);
* the subject before the event word, across a time ("Separatists on Sunday attacked"), an
  aside between commas ("The gunmen, wearing fatigues, stormed"), a "said it" ("the army
  said it struck") or a verb that launches it ("launched an attack"), but never a victim
  ("34 Palestinians were killed", "killed five soldiers"), a member ("a commander of Hamas")
  nor the object of a preposition ("a strike on Hamas");
* a demonym before the event word: "Israeli strikes" → the Military Forces of Israel;
* an actor named as the maker of an event noun after the event word: "killed in a Russian
  missile attack".

actor2 is the most specific other actor, a victim first. Each answer keeps the words that
gave it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from geomap import rules
from geomap.incidents.actors import (
    AS_WRITTEN,
    FORCE_NOUN,
    ActorHit,
    Tokenizer,
    actor_rank,
    find_actors,
    state_actor,
)
from geomap.normalize import name_key
from geomap.parsed import ParsedArticle
from geomap.records import Incident, Resolution

#: How far before the event word its subject may sit.
SUBJECT_WINDOW = 160
#: How far after the event word an agent ("by ...") may sit.
AGENT_WINDOW = 110
MAX_GAP_WORDS = 6

#: Harm done to the actor: it is the victim ("Palestinians were killed", "soldiers died").
_HARMED_AFTER = re.compile(
    r"(?i)^(?:\s*,)?\s+(?:(?:were|was|have\s+been|had\s+been|are|is|being|also|reportedly|"
    r"allegedly)\s+){1,3}(?:killed|wounded|injured|hurt|abducted|kidnapped|executed|shot|"
    r"arrested|detained|beheaded|massacred|targeted|attacked|hit|struck)\b|"
    r"^\s+(?:died|dead)\b")
#: A count or a harm right before the actor: "killed five soldiers", "34 Palestinians killed".
_HARMED_BEFORE = re.compile(
    r"(?i)(?:\b(?:killed|killing|kills|wounded|wounding|injured|injuring|abducted|abducting|"
    r"kidnapped|targeted|targeting|attacked|attacking|ambushed|against|on|at|of|with|from|for|"
    r"to|towards?|among|including|hit|struck)\s+"
    r"(?:(?!(?:in|during|by|near|after|as|when|while|and)\b)\w+\s+){0,3}?|\b\d[\d,]*\s+|"
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens|scores|hundreds)\s+(?:of\s+)?)"
    r"(?:the\s+|an?\s+|its\s+|their\s+)?$")
#: ... but "Dozens of militants launched", "members of the PMF attacked" name the actors.
_GROUP_OF = re.compile(r"(?i)\b(?:dozens|hundreds|scores|thousands|some|members|group|band|"
                       r"unit|squad|team|fighters|more\s+than\s+\d+)\s+of\s+(?:the\s+)?$")
#: "killed by gunmen": the agent, not a victim.
_AGENT_BEFORE = re.compile(r"(?i)\bby\s+(?:the\s+|an?\s+)?$")
#: What may stand between a subject and its event word.
_TIME = re.compile(
    r"(?i)\b(?:(?:on|early|late|late\s+on|early\s+on)\s+)?(?:monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)(?:\s+(?:morning|afternoon|evening|night))?\b|"
    r"\b(?:overnight|yesterday|today|tonight|last\s+night|earlier|later|also|then|again|"
    r"reportedly|allegedly|have|has|had|on\s+\w+day)\b|,\s*(?:yesterday|today),")
_ASIDE = re.compile(r"^\s*,[^,.;:]{1,120},|\s*\([^()]{1,60}\)|^\s+(?:suspected|believed|thought|"
                    r"said|reported|alleged)\s+to\s+(?:be|have)\s+[^,.;:]{1,80}$")
#: A participle after a comma shares its clause's subject: "X struck overnight, killing 12".
_PARTICIPLE = re.compile(r",\s*$")
_SAID_IT = re.compile(r"(?i)\b(?:said|says|announced|confirmed|claimed)\s+(?:that\s+)?"
                      r"(?:it|its\s+[\w-]+|they|their\s+[\w-]+)\b")
_LAUNCHED = re.compile(r"(?i)\b(?:launched|launching|carried\s+out|carrying\s+out|staged|"
                       r"conducted|mounted|opened|fired|claimed\s+responsibility\s+for|"
                       r"exchanged|stormed|raided|hurled|planted|detonated)\b")
_BLOCK = re.compile(r"[.;:!?\"“”]|(?i:\b(?:that|which|who|whom|whose|when|where|after|before|"
                    r"while|because|since|if|although|though|but|said|says|told|according|"
                    r"blamed|accused|denied|condemned|was|were|is|are|been|being)\b)")
#: Between the event word and an agent: "killed by", "carried out by", "planted ... by".
_AGENT_GAP = re.compile(r"(?i)^(?:\s+[\w'’-]+){0,9}?\s+by\s+(?:the\s+|an?\s+)?$")
#: Between the event word and an actor named as the maker of a later event noun.
_MAKER_GAP = re.compile(r"(?i)^(?:\s+[\w'’-]+){0,3}?\s+(?:in|during)\s+(?:an?\s+|the\s+)?$")
_EVENT_NOUN = re.compile(r"(?i)(?:\s+[\w-]+)?\s+(?:attacks?|strikes?|air\s*strikes?|raids?|"
                         r"bombings?|shelling|assaults?|ambush|offensive|operation|bombardment|"
                         r"missile|drone|rocket|artillery|air)\b")
#: Between a demonym and the event word it modifies: nothing, or a word or two that is no
#: verb ("Russian missile attack", "Israeli air strikes").
_MODIFIES = re.compile(r"(?i)(?:\s+(?!(?:were|was|are|is|have|has|had|been|being|said|say|"
                       r"says)\b)[\w-]+){0,2}\s+|-")
_BETWEEN = re.compile(r"(?i)\bbetween\s+(?:the\s+)?$")


@dataclass(frozen=True, slots=True)
class Roles:
    """actor1 (who acted) and actor2 (who was hit, or the other side), each with the words
    and the rule that gave it."""

    actor1: str | None = None
    actor2: str | None = None
    evidence: tuple[tuple[str, str], ...] = ()


def actor_roles(text: str, trigger: tuple[int, int], sentence: tuple[int, int],
                demonyms: Sequence[Resolution], *, tokens: Tokenizer | None = None,
                in_sentence: Callable[[int, int], list[ActorHit]] | None = None) -> Roles:
    """actor1 and actor2 of the event word at ``trigger`` in ``sentence``.

    ``in_sentence`` gives the actors of a whole sentence, memoised by the caller: a sentence
    with many event words is read once, not once per word. ``demonyms`` are the article's
    resolved demonyms ("Israeli", "Philippine") and countries ("Myanmar's military"), which
    name a state's forces.

    Examples
    --------
    >>> text = "Gunmen killed five soldiers in Mosul."
    >>> actor_roles(text, (7, 13), (0, len(text)), []).actor1
    'Gunmen'
    """
    found = in_sentence(*sentence) if in_sentence else find_actors(text, *sentence,
                                                                   tokens=tokens)
    # the article's demonyms that may count here, not all of them per event word
    demonyms = _starting_in(demonyms, sentence[0], max(sentence[1], trigger[0]))
    hits = _with_states(text, sentence, found, demonyms)
    first = (_agent(text, trigger, hits) or _sides(text, trigger, hits)
             or _subject(text, trigger, sentence, hits)
             or _demonym(text, trigger, sentence, demonyms) or _maker(text, trigger, hits))
    actor1, words1 = first if first else (None, "")
    others = [h for h in hits if h.actor != actor1]
    victims = [h for h in others if _harmed(text, h, sentence[0])]
    second = min(victims or others, key=lambda h: (actor_rank(h.actor), h.start), default=None)
    evidence = ((("actor1", words1),) if actor1 else ()) + (
        (("actor2", f"{second.text} ({'victim' if victims else 'named'})"),) if second else ())
    return Roles(actor1, second.actor if second else None, evidence)


#: The last demonyms given and their positions sorted by mention start: an article's events
#: pass the same list once per event word, so it is indexed once, not scanned each time.
_indexed: tuple[Sequence[Resolution], int, list[int], list[int]] | None = None


def _starting_in(demonyms: Sequence[Resolution], start: int, end: int) -> list[Resolution]:
    """The demonyms whose mention starts in ``[start, end)``, in their given order."""
    global _indexed
    index = _indexed  # one read: another thread may index another list meanwhile
    if index is None or index[0] is not demonyms or index[1] != len(demonyms):
        order = sorted(range(len(demonyms)), key=lambda k: demonyms[k].mention.start)
        index = _indexed = (demonyms, len(demonyms),
                            [demonyms[k].mention.start for k in order], order)
    _, _, starts, order = index
    return [demonyms[k] for k in sorted(order[bisect_left(starts, start):
                                              bisect_left(starts, end)])]


def _with_states(text: str, sentence: tuple[int, int], hits: list[ActorHit],
                 demonyms: Sequence[Resolution]) -> list[ActorHit]:
    """The sentence's actors, with a state's forces named by a demonym and a force noun
    ("Philippine troops", "Kenyan police") that the table does not know."""
    added = []
    for res in demonyms:
        m = res.mention
        if not (sentence[0] <= m.start and m.end <= sentence[1]) or res.place is None:
            continue
        if m.kind == "demonym":
            after = m.end
        elif text[m.end:m.end + 2] in ("'s", "’s"):  # a country's: "Myanmar's military"
            after = m.end + 2
        else:
            continue
        noun = FORCE_NOUN.match(text, after)
        if noun and not any(h.start <= m.start < h.end for h in hits):
            police = noun["noun"].lower().startswith(("police", "gendarm"))
            added.append(ActorHit(m.start, noun.end(), text[m.start:noun.end()],
                                  state_actor(res.place.name, police=police), "state_forces"))
    kept = [h for h in hits if not any(a.start <= h.start < a.end for a in added)]
    return sorted(kept + added, key=lambda h: h.start)


def _harmed(text: str, hit: ActorHit, s_start: int) -> bool:
    """Whether the sentence names the actor as hit: killed, wounded, targeted, counted."""
    before = text[max(s_start, hit.start - 60):hit.start]
    return bool(_HARMED_AFTER.match(text[hit.end:hit.end + 60])) or (
        _HARMED_BEFORE.search(before) is not None and not _GROUP_OF.search(before)
        and not _AGENT_BEFORE.search(before))


def _agent(text: str, trigger: tuple[int, int], hits: list[ActorHit]) -> tuple[str, str] | None:
    """"killed by unidentified gunmen", "an attack by the RSF": the agent after the event."""
    for hit in hits:
        if trigger[1] <= hit.start <= trigger[1] + AGENT_WINDOW:
            gap = text[trigger[1]:hit.start]
            if _AGENT_GAP.match(gap) and not _BLOCK.search(gap.replace(" by ", " ")) \
                    and "," not in gap:
                return hit.actor, f"{text[trigger[0]:hit.end]} (agent)"
    return None


def _sides(text: str, trigger: tuple[int, int], hits: list[ActorHit]) -> tuple[str, str] | None:
    """"fighting between the troops and rebels": the side named first."""
    for hit in hits:
        if trigger[1] <= hit.start <= trigger[1] + 80 and _BETWEEN.search(
                text[trigger[1]:hit.start]) and len(text[trigger[1]:hit.start].split()) <= 8:
            return hit.actor, f"{text[trigger[0]:hit.end]} (the first side)"
    return None


def _subject(text: str, trigger: tuple[int, int], sentence: tuple[int, int],
             hits: list[ActorHit]) -> tuple[str, str] | None:
    """The nearest actor before the event word that acts on it, not one it hit."""
    window = max(sentence[0], trigger[0] - SUBJECT_WINDOW)
    for hit in reversed([h for h in hits if window <= h.start and h.end <= trigger[1]]):
        if hit.end > trigger[0]:  # the event word names its actor: "Gunmen", "warplanes"
            if not _harmed(text, hit, sentence[0]):
                return hit.actor, f"{hit.text} (the event word)"
            continue
        gap = text[hit.end:trigger[0]]
        participle = _PARTICIPLE.search(gap) and text[trigger[0]:trigger[1]].endswith("ing")
        if _harmed(text, hit, sentence[0]) or not _clean(
                gap[:gap.rindex(",")] if participle else gap, participle=bool(participle)):
            continue
        return hit.actor, f"{text[hit.start:trigger[1]]} (subject)"
    return None


def _clean(gap: str, *, participle: bool = False) -> bool:
    """Whether words between a subject and its event word keep it the subject; before a
    participle ("..., killing"), the subject's own clause may run longer."""
    gap = _ASIDE.sub(" ", gap)
    gap = _TIME.sub(" ", _SAID_IT.sub(" ", gap))
    gap = _LAUNCHED.sub(" ", gap)
    limit = MAX_GAP_WORDS * 2 if participle else MAX_GAP_WORDS
    return not _BLOCK.search(gap) and "," not in gap and len(gap.split()) <= limit


def _demonym(text: str, trigger: tuple[int, int], sentence: tuple[int, int],
             demonyms: Sequence[Resolution]) -> tuple[str, str] | None:
    """"Israeli strikes", "a Russian missile attack": the state whose demonym modifies the
    event word (not "Israeli soldiers were killed", not "34 Palestinians")."""
    window = max(sentence[0], trigger[0] - 60)
    for res in demonyms:
        m = res.mention
        # a capital said for its government ("Baghdad condemned the attack") is no adjective
        if m.kind == "demonym" and window <= m.start and m.end <= trigger[0] and res.place \
                and res.place.precision in ("country", "region") \
                and _MODIFIES.fullmatch(text[m.end:trigger[0]]) \
                and not _harmed(text, ActorHit(m.start, m.end, m.text, "", ""), sentence[0]):
            return state_actor(res.place.name), f"{text[m.start:trigger[1]]} (demonym)"
    return None


def _maker(text: str, trigger: tuple[int, int], hits: list[ActorHit]) -> tuple[str, str] | None:
    """"killed in a Russian missile attack": the actor named before a later event noun."""
    for hit in hits:
        if trigger[1] <= hit.start <= trigger[1] + 60 \
                and _MAKER_GAP.match(text[trigger[1]:hit.start]) \
                and _EVENT_NOUN.match(text, hit.end):
            return hit.actor, f"{text[trigger[0]:hit.end]} (maker of the event)"
    return None


#: Event types one actor may initiate across an article: armed violence of any kind.
VIOLENCE = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
#: Nouns for a state's own forces, whose state is the country the event is in.
NATIONAL = frozenset({"troops", "soldiers", "security forces", "government forces", "police",
                      "policemen"})
#: ACLED's actor for a perpetrator nobody named, and the acts that always have one.
UNIDENTIFIED = "Unidentified Armed Group"
UNIDENTIFIED_WHEN_UNNAMED = frozenset({"Remote explosive/landmine/IED", "Suicide bomb",
                                       "Grenade", "Attack", "Abduction/forced disappearance"})
#: Opening sentences read for the article's actor, after its headline.
LEDE_SENTENCES = 3


def complete_actors(parsed: ParsedArticle, events: Sequence[Incident], *,
                    in_sentence: Callable[[int, int], list[ActorHit]] | None = None
                    ) -> list[Incident]:
    """The article's events with their actors completed from what the article says around
    them, each step noted in the evidence:

    * an event whose sentences name no actor1 takes the one the headline or the lede names
      for an act of the same kind ("Israeli air raids across Gaza kill 18"; then "a strike
      hit a building in Gaza City"): a wire report names the perpetrator once, at the top;
      never an actor the event hit;
    * a state's forces named by a bare noun ("troops", "police") are the forces of the
      country the event is in, when the article names that country;
    * a bombing or an attack on people that still names no perpetrator is ACLED's
      "Unidentified Armed Group".

    ``in_sentence`` gives the actors of a sentence, memoised by the caller (the lede's
    sentences were read for their own events already).
    """
    found = (_article_actor(parsed, in_sentence) if not all(e.actor1 for e in events)
             else None)
    completed = []
    for event in events:
        if event.actor1 is None and found and event.actor2 != found[0] \
                and _same_kind(event.event_type, found[1]):
            event = replace(event, actor1=found[0],
                            evidence=(*event.evidence, ("actor1", found[2])))
        event = _national(parsed, event)
        if event.actor1 is None and event.sub_event_type in UNIDENTIFIED_WHEN_UNNAMED:
            event = replace(event, actor1=UNIDENTIFIED, evidence=(
                *event.evidence, ("actor1", f"no perpetrator named: {UNIDENTIFIED}")))
        completed.append(event)
    return completed


def _national(parsed: ParsedArticle, event: Incident) -> Incident:
    """"troops", "security forces", "police" → the forces of the event's country."""
    place, actor1 = event.place, event.actor1
    written = actor1 and rules.actors().get(name_key(actor1))
    if not actor1 or not written or written[0] != AS_WRITTEN or name_key(actor1) not in NATIONAL \
            or place is None or not place.country_code:
        return event
    country = next((r.place.name for r in parsed.resolutions if r.place is not None
                    and r.place.country_code == place.country_code
                    and r.place.feature_code.startswith("PCL")), None)
    if country is None:
        return event
    actor = state_actor(country, police=name_key(actor1).startswith("police"))
    return replace(event, actor1=actor, evidence=(
        *event.evidence, ("actor1", f"{actor1}: the forces of {country}, where it was")))


def _same_kind(a: str, b: str) -> bool:
    return a == b or (a in VIOLENCE and b in VIOLENCE)


def _article_actor(parsed: ParsedArticle,
                   in_sentence: Callable[[int, int], list[ActorHit]] | None = None
                   ) -> tuple[str, str, str] | None:
    """(actor1, event type, evidence) of the first act the headline, else the lede, names
    with its initiator."""
    demonyms = [r for r in parsed.resolutions if r.place is not None and (
        r.mention.kind == "demonym" or r.place.feature_code.startswith("PCL"))]
    title = parsed.article.title or ""
    sources: list[tuple[str, tuple[int, int], list[Resolution], Tokenizer | None, str]] = [
        (title, (0, len(title)), _demonyms_in(title, demonyms), None, "the headline")]
    sources += [(parsed.text, s, demonyms, parsed.tokens, "the lede")
                for s in parsed.sentences[:LEDE_SENTENCES]]
    for text, span, named, tokens, where in sources:
        # once, however many event words; the lede's as its own events read them
        actors = (in_sentence(*span) if in_sentence and text is parsed.text
                  else find_actors(text, *span, tokens=tokens))
        for start, end, trigger in rules.trigger_scan().finditer(text[span[0]:span[1]]):
            roles = actor_roles(text, (span[0] + start, span[0] + end), span, named,
                                in_sentence=lambda *_, found=actors: found)
            if roles.actor1:
                words = dict(roles.evidence)["actor1"]
                return roles.actor1, trigger.event_type, f"{words}, in {where}"
    return None


def _demonyms_in(text: str, demonyms: Sequence[Resolution]) -> list[Resolution]:
    """The article's demonyms where they recur in ``text`` (its headline), placed there."""
    found = []
    for res in {r.mention.text: r for r in demonyms}.values():
        for m in re.finditer(rf"\b{re.escape(res.mention.text)}\b", text):
            found.append(replace(res, mention=replace(res.mention, start=m.start(),
                                                      end=m.end())))
    return sorted(found, key=lambda r: r.mention.start)
