"""Actors named in a sentence, normalised through ``geomap/data/actors.csv``.

"US forces", "Washington" and "the United States" become one actor; "Kata'ib Hizballah" and
"Kataib Hezbollah" another. A state's forces are named as ACLED names them ("Military Forces
of Israel", "Police Forces of Nigeria", "Government of Iran"), from the table or from a
demonym before a force noun ("Philippine troops"). Actors the table does not name ("gunmen",
"unidentified attackers", "an Iran-aligned group", "Kuki militants") are kept as written,
never dropped: rows whose actor is ``*`` and :data:`WRITTEN` find them. Who of them acted and
who was hit is :mod:`.actor_roles`' question.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, partial

from geomap import rules
from geomap.normalize import name_key
from geomap.segment import Token
from geomap.segment import tokens as split_words

#: Gives the word tokens of ``text[start:end]``: a parsed article's own, or blingfire's anew.
Tokenizer = Callable[[int, int], list[Token]]

MAX_ALIAS_TOKENS = 6
AS_WRITTEN = "*"
#: "Iran-backed group", "the Hamas-run ministry": the group or ministry acts, not Iran or Hamas.
_MODIFIER = re.compile(r"-(?:backed|aligned|led|allied|linked|affiliated|funded|sponsored|run|"
                       r"controlled|held|appointed|ruled|dominated|occupied|based)\b")
#: Nouns that name a group by what it does, kept as written: "suspected jihadists", "Kuki
#: militants". A state's forces are not among them: "Israeli troops" is the table's.
_GROUP_NOUNS = (r"(?:gunmen|attackers|assailants|militants|jihadists|bandits|insurgents|rebels|"
                r"fighters|militiam[ae]n|militias?|(?:armed\s+)?groups?|men|kidnappers|raiders|"
                r"extremists|separatists|guerrillas|terrorists)")
#: Adjectives that name a group by what it does: "a militant attack".
_GROUP_ADJECTIVES = ("militant guerrilla rebel jihadist insurgent separatist bandit "
                     "terrorist").split()
#: Nouns and adjectives that say a group is armed: "gunmen", "a militant attack".
ARMED_NOUNS = (*_GROUP_ADJECTIVES, *(f"{word}s" for word in _GROUP_ADJECTIVES),
               *"""gunmen attackers assailants fighters militiaman militiamen militia militias
    kidnappers raiders extremists troops soldiers army military""".split(),
               "armed men", "armed group", "armed groups")
#: Armed nouns that crime news uses as much as war news: a shooting's "gunmen", a robbery's
#: "attackers".
CRIME_NEWS_NOUNS = frozenset("gunman gunmen attacker attackers assailant assailants kidnapper "
                             "kidnappers raiders".split())
#: Actors the table does not name, kept as written ("suspected jihadists", "an Iran-aligned
#: group", "Islamist insurgents"); a descriptive word before a known alias ("unidentified
#: gunmen") is kept with it.
WRITTEN = re.compile(
    r"\b(?:(?:(?i:suspected|unidentified|unknown|armed|masked|rival|local|separatist|islamist|"
    r"jihadist|ethnic|tribal|cattle)|[A-Z][\w']+-(?i:backed|aligned|allied|linked|affiliated)|"
    r"[A-Z][a-z][\w']+)\s+)+"
    rf"(?i:{_GROUP_NOUNS})\b")
_DATELINE_AFTER = re.compile(r"\s*(?:\(|,|:|-|–|—)")
#: Capitalised words that open a sentence, not a group's name ("Meanwhile militants").
_NOT_A_NAME = frozenset(
    "the a an some many dozens hundreds scores several both other those these their his her "
    "its our no when after before meanwhile elsewhere yesterday today later earlier then but "
    "and as while once since two three four five six seven eight nine ten".split())
#: A group named by an adjective before its act: "a militant attack", "the guerrilla raid".
ADJECTIVE_ACTOR = re.compile(
    rf"(?i)\b({'|'.join(_GROUP_ADJECTIVES)})\s+"
    r"(?=(?:[\w-]+\s+)?(?:attacks?|assaults?|raids?|ambush(?:es)?|offensive|bombings?|"
    r"strikes?|shelling)\b)")
#: Words after a demonym that make it a state's forces: "Philippine troops", "Kenyan police".
FORCE_NOUN = re.compile(
    r"(?i)\s+(?:(?:armed|security|government|defen[cs]e|special|ground)\s+)?(?P<noun>forces|"
    r"troops|soldiers|army|military|navy|air\s+force|warplanes|jets|police|policemen|"
    r"gendarmes|gendarmerie|marines|artillery|drones?|missiles?)\b")
#: Who acts first: named groups, then states' forces, then governments, then the rest.
#: The kinds of actor that bear arms.
ARMED_KINDS = frozenset({"armed_group", "state_forces", "international_force"})
KIND_RANK = {"armed_group": 0, "state_forces": 1, "international_force": 2, "government": 3,
             "other": 4, "civilians": 5, AS_WRITTEN: 6}
#: Country names ACLED writes with "the" ("Military Forces of the Philippines").
_WITH_ARTICLE = re.compile(r"^(?:United |Democratic |Central African|Czech|Dominican|"
                           r"Philippines|Netherlands|Gambia|Bahamas|Comoros|Maldives)")
_STATE_NAME = re.compile(r"^(?P<kind>Military Forces|Police Forces|Government) of ")


@dataclass(frozen=True, slots=True)
class ActorHit:
    """An actor alias found in the text, with its span and normalised name."""

    start: int
    end: int
    text: str
    actor: str
    kind: str


def state_actor(country: str, *, police: bool = False, government: bool = False) -> str:
    """ACLED's name for a state's forces or government: "Military Forces of Israel"."""
    the = "the " if _WITH_ARTICLE.match(country) else ""
    title = "Government" if government else "Police Forces" if police else "Military Forces"
    return f"{title} of {the}{country}"


def find_actors(text: str, start: int, end: int, *, tokens: Tokenizer | None = None
                ) -> list[ActorHit]:
    """Actors in ``text[start:end]`` in text order: table aliases (longest first), the
    unknown actors of :data:`WRITTEN` (which win when they cover an alias the table keeps as
    written, "unidentified gunmen") and groups named by an adjective ("a militant attack").

    ``tokens`` gives the words of a span (:meth:`geomap.parsed.ParsedArticle.tokens`), so an
    article's words are not split again; by default the span is split on its own.
    """
    known = [h for h in _aliases(text, start, end, tokens or partial(split_words, text))
             if not _dateline(text, h)]
    named = [h for h in known if h.kind != AS_WRITTEN and rules.actors().get(
        name_key(h.text), ("", ""))[0] != AS_WRITTEN]
    written = [_trimmed(text, m.start(), m.end()) for m in WRITTEN.finditer(text, start, end)
               if not any(m.start() <= h.start < m.end() for h in named)]
    written += [ActorHit(m.start(), m.end(1), m.group(1), m.group(1).lower() + "s", AS_WRITTEN)
                for m in ADJECTIVE_ACTOR.finditer(text, start, end)]
    kept = [h for h in known if not any(w.start <= h.start < w.end for w in written)]
    return sorted(kept + written, key=lambda h: h.start)


def _dateline(text: str, hit: ActorHit) -> bool:
    """"MOSCOW (Sputnik) -", "WASHINGTON, May 3 -": where a report was filed, no actor."""
    opens = hit.start == 0 or text[hit.start - 1] == "\n"
    return opens and hit.text.isupper() and len(hit.text) > 4 and bool(
        _DATELINE_AFTER.match(text, hit.end))


def _trimmed(text: str, start: int, end: int) -> ActorHit:
    """A written actor without the sentence-opening words before it."""
    while (space := text.find(" ", start, end)) > 0 and text[start:space].lower() in _NOT_A_NAME:
        start = space + 1
    return ActorHit(start, end, text[start:end], text[start:end], AS_WRITTEN)


def _aliases(text: str, start: int, end: int, tokens: Tokenizer) -> list[ActorHit]:
    table = rules.actors()
    openings = _alias_openings()
    toks = tokens(start, end)
    hits: list[ActorHit] = []
    i = 0
    while i < len(toks):
        # the key of a phrase starts with the key of its first word: no alias starts here
        # unless some alias key starts with that word's
        if name_key(text[toks[i].start:toks[i].end]) not in openings:
            i += 1
            continue
        for j in range(min(len(toks), i + MAX_ALIAS_TOKENS), i, -1):
            phrase = text[toks[i].start:toks[j - 1].end]
            found = table.get(name_key(phrase))
            modifier = _MODIFIER.match(text, toks[j - 1].end)
            if found and not modifier and phrase[0].isalnum() and phrase[-1].isalnum() \
                    and not (len(phrase) <= 3 and not phrase.isupper()):
                actor = phrase if found[0] == AS_WRITTEN else found[0]
                hits.append(ActorHit(toks[i].start, toks[j - 1].end, phrase, actor, found[1]))
                i = j
                break
        else:
            i += 1
    return hits


def names_armed_actor(words: Iterable[str], text: str, *, organised: bool = False) -> bool:
    """Whether ``text``, whose words are ``words``, names an armed actor: a group of the
    table, a state's or an international force (not police, who are in ordinary crime news
    too, nor a country's bare name: "Israel", "US"), or a noun that says a group is armed
    ("suspected jihadists", "a militant attack"). Looked up by word, not searched for.

    With ``organised``, the words crime news uses for anyone armed ("gunmen", "attackers")
    do not count: only groups, forces and their fighters do."""
    single, phrases = _armed_names()
    seen = {w.lower() for w in words}
    if organised:
        seen -= CRIME_NEWS_NOUNS
    if not seen.isdisjoint(single):
        return True
    lowered = text.lower()
    return any(pattern.search(text) for first, phrase, pattern in phrases
               if first in seen and phrase in lowered)


@cache
def _armed_names() -> tuple[frozenset[str], tuple[tuple[str, str, re.Pattern[str]], ...]]:
    """The armed names of :func:`names_armed_actor`: one-word names, and each longer name's
    first word, lower-case text and a pattern finding it whole."""
    names = {r["alias"] for r in rules.read_table("actors.csv")
             if r["kind"] in ARMED_KINDS and "police" not in r["alias"].lower()
             and not r["actor"].endswith(r["alias"]) and len(r["alias"]) > 3}
    names.update(ARMED_NOUNS)
    single = frozenset(n.lower() for n in names if re.fullmatch(r"\w+", n))
    phrases = tuple((re.match(r"\w*", n).group(0).lower(),  # type: ignore[union-attr]
                     n.lower(), re.compile(rf"(?i)\b{re.escape(n)}\b"))
                    for n in sorted(names) if not re.fullmatch(r"\w+", n))
    return single, phrases


@cache
def _alias_openings() -> frozenset[str]:
    """Every beginning of every alias key of the actor table."""
    return frozenset(key[:n] for key in rules.actors() for n in range(1, len(key) + 1))


@cache
def actor_kinds() -> dict[str, str]:
    """Normalised actor name → its kind (armed_group, state_forces, government...)."""
    return {r["actor"]: r["kind"] for r in rules.read_table("actors.csv")
            if r["actor"] != AS_WRITTEN}


def actor_kind(name: str) -> str:
    """The kind of a normalised actor; a state's forces or government named by
    :func:`state_actor` from a demonym are such, whatever the table says."""
    kind = actor_kinds().get(name)
    if kind:
        return kind
    state = _STATE_NAME.match(name)
    if state:
        return "government" if state["kind"] == "Government" else "state_forces"
    return AS_WRITTEN


def actor_rank(name: str | None) -> int:
    """How specific an actor is (lower is better); unknown and written actors come last."""
    if name is None:
        return len(KIND_RANK) + 1
    return KIND_RANK.get(actor_kind(name), KIND_RANK[AS_WRITTEN])
