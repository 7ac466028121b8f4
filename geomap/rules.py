"""The rule tables kept as data in ``geomap/data/``: loaded once, read by the stages.

Rules that decide what is a place, who an actor is and which words report an event live in CSV
files so they can be reviewed, extended and tested without touching code.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cache

from geomap.normalize import name_key
from geomap.prefilter import Prefiltered
from geomap.records import Place
from geomap.resources import package_file

DATA = package_file("data")


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of ``geomap/data/NAME`` as dicts (header row gives the keys)."""
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if any(row.values())]


@cache
def not_place_keys() -> frozenset[str]:
    """Normalised names that look like places but are organisations, people or institutions."""
    return frozenset(name_key(row["phrase"]) for row in read_table("not_places.csv"))


@cache
def common_words() -> dict[str, str]:
    """Normalised word → rule: ``locative`` (a place only after "in", "near"...), ``name``
    (a first name as well as a place: not a place when a surname follows, "Chad Smith"),
    ``compass`` (alone only after "in"; with the next name, one place: "South Charleston"),
    ``prefix`` (the same, even before a state or a country's name: "Lake Erie", "Mount
    Lebanon") or
    ``calendar`` (a month or a day: "in March" is a date; a place only with its parent named
    after it, "March, Cambridgeshire")."""
    return {name_key(row["word"]): row["rule"] for row in read_table("common_words.csv")}


@cache
def person_names() -> dict[str, frozenset[str]]:
    """Normalised given name or surname → its kinds (``given``, ``surname``), from the 1990 US
    Census lists (``person_names.csv``)."""
    found: dict[str, set[str]] = {}
    for row in read_table("person_names.csv"):
        found.setdefault(name_key(row["name"]), set()).add(row["kind"])
    return {k: frozenset(v) for k, v in found.items()}


@cache
def person_cues() -> dict[str, frozenset[str]]:
    """Lowercase word → where it makes a name beside it a person's: ``after`` the name ("Nelson
    said"), ``before`` it ("said Nelson"), or after a census name only (``after_census``:
    "Clinton spoke"), from ``person_cues.csv``."""
    found: dict[str, set[str]] = {}
    for row in read_table("person_cues.csv"):
        found.setdefault(row["word"], set()).add(row["position"])
    return {k: frozenset(v) for k, v in found.items()}


@cache
def english_words() -> AbstractSet[str]:
    """English words (Webster's 2nd, public domain, via PyPI ``english-words``), to be asked
    in lowercase only.

    A village named like a word ("Section", "Liberal", "Crystal") is taken only where the text
    calls it a place. The list also holds proper names ("Paris"), but every one has a capital,
    so a lowercase word is in it exactly when it is a lowercase English word: the set is used
    as loaded, not copied without them (every process that runs articles loads it).
    """
    from english_words import get_english_words_set

    return get_english_words_set(["web2"])


@cache
def context_words() -> dict[str, str]:
    """Lowercase word after a country or capital that makes it context, not a site → its use.

    ``noun``: the name is an adjective ("US troops", "the US capital"); ``verb``: the name is
    the government acting ("Washington said", "Iraq has denounced"). ``eponym`` (after any
    place's name): the name is a disease's ("Marburg virus", "Lyme disease"), no place.
    """
    return {row["word"]: row["use"] for row in read_table("context_words.csv")}


@cache
def place_words() -> dict[str, str]:
    """Normalised word that ends a place name ("County", "River", "Street") → its kind."""
    return {name_key(row["word"]): row["kind"] for row in read_table("place_words.csv")}


@cache
def title_keys() -> frozenset[str]:
    """Titles before a person's name ("Sen.", "President"): the name after one is no place."""
    return frozenset(name_key(row["title"]) for row in read_table("titles.csv"))


@cache
def abbreviations() -> dict[str, tuple[str, str]]:
    """Normalised news abbreviation of a state or province ("ky" for "Ky.") → (name, country).

    Keys lose their dots, so the recogniser only takes them as places when written with a dot
    or after a comma ("Lexington, KY"): see :func:`geomap.recognize.recognizer.Recognizer`.
    """
    return {name_key(r["abbreviation"]): (r["name"], r["country"])
            for r in read_table("abbreviations.csv")}


@cache
def abbreviations_written() -> tuple[str, ...]:
    """The abbreviations as news writes them ("W.Va.", "Ky.", "KY"), for the recogniser."""
    return tuple(r["abbreviation"] for r in read_table("abbreviations.csv"))


@cache
def continents() -> dict[str, tuple[Place, bool]]:
    """Normalised continent name or demonym → (the continent as a Place, is_demonym).

    The gazetteer has no continents, and its alternate names send "Africa" to a Tunisian town;
    this table answers first for these few names.
    """
    found: dict[str, tuple[Place, bool]] = {}
    for r in read_table("continents.csv"):
        place = Place(name=r["name"], lat=float(r["lat"]), lon=float(r["lon"]),
                      geonameid=int(r["geonameid"]), feature_class="L", feature_code="CONT",
                      source="geomap:continents.csv")
        for name in [r["name"], *filter(None, r["alternate_names"].split("|"))]:
            found[name_key(name)] = (place, False)
        for name in filter(None, r["demonyms"].split("|")):
            found[name_key(name)] = (place, True)
    return found


@cache
def qualifiers() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Words before a place that narrow or move it ("eastern", "north of", "near")."""
    rows = read_table("qualifiers.csv")
    return tuple((re.compile(rf"(?i)\b(?:{row['pattern']})\s+$"), row["relation"]) for row in rows)


@cache
def settlement_qualifier() -> re.Pattern[str]:
    """The qualifiers that say the name is a town ("the outskirts of", "the village of"):
    ``settlement`` is ``yes`` in ``qualifiers.csv``. Matches a mention's qualifier."""
    rows = [r["pattern"] for r in read_table("qualifiers.csv") if r["settlement"] == "yes"]
    return re.compile(rf"(?i)^(?:{'|'.join(rows)})$")


@cache
def type_words() -> dict[str, tuple[str, str]]:
    """Lowercase word that names a place's type, singular or plural ("county", "provinces",
    "city") → (its singular, its kind: ``division`` or ``settlement``), from ``type_words.csv``
    (a word with no plural there is a cue only in the singular: "fire departments").

    A name with such a word after it ("Idlib province", "Jackson and Barrow counties") is
    that kind of place, though the word lies outside the name's span.
    """
    found: dict[str, tuple[str, str]] = {}
    for row in read_table("type_words.csv"):
        for word in filter(None, (row["word"], row["plural"])):
            found[word] = (row["word"], row["kind"])
    return found


@dataclass(frozen=True, slots=True)
class Trigger:
    """An event word and the ACLED event and sub-event type it signals."""

    pattern: re.Pattern[str]
    event_type: str
    sub_event_type: str
    priority: int


@cache
def triggers() -> tuple[Trigger, ...]:
    """The incident trigger lexicon, highest priority first."""
    rows = read_table("triggers.csv")
    found = [Trigger(re.compile(rf"(?i)\b(?:{r['pattern']})\b"), r["event_type"],
                     r["sub_event_type"], int(r["priority"])) for r in rows]
    return tuple(sorted(found, key=lambda t: -t.priority))


@dataclass(frozen=True, slots=True)
class TriggerScan:
    """All trigger patterns compiled into two alternations, so a sentence is read once.

    ``starts`` finds, in one pass, every position where some trigger matches (a zero-width
    lookahead, so matches that overlap are all seen); ``at`` then tells, in one call at such a
    position, which triggers match there and where each ends (one optional lookahead
    per trigger, tried in priority order, each matching as its own pattern would).
    """

    triggers: tuple[Trigger, ...]
    starts: re.Pattern[str]
    at: re.Pattern[str]
    #: Whether any trigger may match a text at all, told by RE2 (:mod:`geomap.prefilter`).
    any_trigger: Prefiltered

    def finditer(self, text: str) -> list[tuple[int, int, Trigger]]:
        """Every trigger's matches in ``text`` as ``(start, end, trigger)``, by start and then
        priority: what ``t.pattern.finditer(text)`` gives for each trigger ``t``.

        As ``finditer`` does, a trigger does not match again inside its own previous match;
        other triggers may.
        """
        if not self.any_trigger.may_match(text):
            return []
        found = []
        free_from = [0] * len(self.triggers)
        for start in self.starts.finditer(text):
            hit = self.at.match(text, start.start())
            if hit is None:  # the alternation of every start matches where one starts
                continue
            spans = hit.regs[1:]
            for k, (begin, end) in enumerate(spans):
                if begin >= 0 and begin >= free_from[k]:
                    free_from[k] = end
                    found.append((begin, end, self.triggers[k]))
        return found


@cache
def trigger_scan() -> TriggerScan:
    """The trigger lexicon compiled for one pass per sentence (see :class:`TriggerScan`).

    In ``starts``, the lexicon's alternatives are grouped by the letter they begin with, so at
    each word only the group of its first letter is tried, not all the lexicon.

    Raises
    ------
    ValueError
        When a pattern of ``triggers.csv`` has a capturing group, which would shift the groups
        that tell the triggers apart.
    """
    found = triggers()
    # each pattern is "(?i)\b(?:BODY)\b"; the word boundary before every trigger is read once
    inner = [t.pattern.pattern.removeprefix("(?i)\\b") for t in found]
    groups: dict[str, list[str]] = {}
    for body in inner:
        for alt in alternatives(body.removeprefix("(?:").removesuffix(")\\b")):
            groups.setdefault(_first_letter(alt), []).append(f"(?:{alt})\\b")
    # each group opens with a case-sensitive class of its first letter's cases and the rest
    # is read without case, so the engine skips a group whose first letter does not match
    # without entering it ("(?i)" letters would each be tried)
    lettered: dict[str, list[str]] = {}
    for letter, alts in groups.items():
        if letter:
            # "(?:ALT)\b" without ALT's first letter: "(?:" is 3 characters
            lettered.setdefault(letter.lower(), []).extend(f"(?:{a[4:]}" for a in alts)
    starts = re.compile("\\b(?=" + "|".join(
        [f"[{_cases(letter)}](?i:{'|'.join(alts)})" for letter, alts in lettered.items()]
        + [f"(?i:{'|'.join(groups[''])})"] * ("" in groups)) + ")")
    # a lookahead per trigger, or nothing: each is tried at the same position
    at = re.compile("(?i)" + "".join(f"(?:(?=({b}))|)" for b in inner))
    if at.groups != len(found):
        raise ValueError("a pattern in triggers.csv captures a group: write (?:...) instead")
    any_trigger = Prefiltered(re.compile("(?i)" + "|".join(f"\\b{b}" for b in inner)))
    return TriggerScan(found, starts, at, any_trigger)


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a regular expression: split at each ``|`` outside
    parentheses and character classes, escapes kept whole.

    Examples
    --------
    >>> alternatives(r"car[ -]bombs?|IEDs?|a(?:b|c)|x\\|y")
    ['car[ -]bombs?', 'IEDs?', 'a(?:b|c)', 'x\\\\|y']
    """
    found: list[str] = []
    current: list[str] = []
    depth, in_class, k = 0, False, 0
    while k < len(pattern):
        char = pattern[k : k + 2] if pattern[k] == "\\" else pattern[k]
        k += len(char)
        if in_class:
            in_class = char != "]"
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "[":
            in_class = True
        elif char == "|" and depth == 0:
            found.append("".join(current))
            current = []
            continue
        current.append(char)
    return [*found, "".join(current)]


#: Characters other than its two cases that a letter matches without case (Python's re).
_OTHER_CASES = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _cases(letter: str) -> str:
    """Every character ``(?i)LETTER`` matches, for a character class."""
    return letter.lower() + letter.upper() + _OTHER_CASES.get(letter.lower(), "")


def _first_letter(alternative: str) -> str:
    """The letter every match of ``alternative`` starts with, or "" when that is not plain
    (a group, a class, an optional letter: "V?BIED")."""
    head, after = alternative[:1], alternative[1:2]
    return head if head.isascii() and head.isalpha() and after not in ("?", "*", "{") else ""


@cache
def actors() -> dict[str, tuple[str, str]]:
    """Normalised alias → (actor name, kind)."""
    return {name_key(r["alias"]): (r["actor"], r["kind"]) for r in read_table("actors.csv")}
