"""Casualty counts from text: "killed three US soldiers", "12 people were wounded", "dozens".

Killed and wounded are kept apart. Vague quantities become a (low, high) range whose low end is
the count, after ACLED's convention of coding the lowest number reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from text_to_num import text2num

from geomap.prefilter import AnyOf

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
VAGUE = {"several": (3, 9), "a few": (2, 5), "dozens": (24, 99), "dozens of": (24, 99),
         "scores": (40, 99), "scores of": (40, 99), "hundreds": (200, 999),
         "hundreds of": (200, 999), "a dozen": (12, 12), "many": (2, 99)}

#: Number words that combine ("twenty-five", "one hundred and twenty"); text2num reads them.
_WORD = r"(?:" + "|".join(sorted((w for w in NUMBER_WORDS if len(w) > 2), key=len, reverse=True)
                          ) + r"|thousand|million)"
_COMPOUND = rf"{_WORD}(?:(?:-|\s+|\s+and\s+){_WORD}\b)*"
_NUM = (r"(?P<num>\d[\d,]*|dozens(?: of)?|scores(?: of)?|hundreds(?: of)?|a dozen|several|"
        rf"a few|{_COMPOUND}|an?)")
_QUAL = (r"(?:(?:at least|more than|over|nearly|almost|about|around|some|up to|as many as|"
         r"approximately|roughly|close to|an estimated|estimated) )?")
_NOUN = r"(?:[A-Za-z][\w'’-]*\s+){0,3}?"
_KILL = (r"(?:killed|killing|kills|kill|dead|died|massacred|executed|shot dead|lost their lives|"
         r"fatally (?:injured|wounded|shot|stabbed))")
_HURT = r"(?<!fatally )(?:wounded|wounding|injured|injuring|hurt)"

_VICTIMS = (r"(?:people|civilians|persons|soldiers|troops|fighters|militants|members|officers|"
            r"policemen|police|children|women|men|villagers|commanders?|leaders?|workers|others|"
            r"protesters|residents|personnel|rebels|servicemen|combatants|guards|pilgrims|"
            r"students|farmers|miners|insurgents|jihadists|gunmen|attackers|worshippers|"
            r"passengers|staff|journalists|medics|officials|recruits|migrants|refugees|"
            r"child|woman|man|boy|girl|civilian|soldier|person|officer|policeman|fighter|"
            r"militant|member|elder|resident|villager|farmer|worker|guard|journalist|"
            r"paramedic|medic|teenager|baby|infant|chief|official|student|teacher|"
            r"imam|priest|pastor|judge|activist|volunteer|shepherd|shepherds|"
            r"of (?:them|those|whom)|more|others?|"
            # victims named by their people: "34 Palestinians", "five Sudanese"
            r"(?-i:[A-Z][a-z]+(?:ans|is|ese|ites)))")
_AUX = r"(?:\s+(?:were|was|have been|had been|are|being)(?:\s+reportedly)?)?"
#: A relative counted as one victim: "a woman and her two children", "their mother".
_RELATIVE = (r"(?:his|her|their)\s+(?:mother|father|wife|husband|son|daughter|brother|sister|"
             r"grandmother|grandfather|uncle|aunt|cousin|nephew|niece|child|baby)")
_DETERMINER = r"(?:(?:his|her|their|the|an?other)\s+)?"
_NUM_ONLY = _NUM.replace("(?P<num>", "(?:")
#: Words before a victim noun in a list, which never cross a verb ("two of whom were ...").
_PLAIN_NOUN = r"(?:(?!(?:of|were|was|are|is|who|whom|which)\b)[A-Za-z][\w'’-]*\s+){0,3}?"
#: Groups of victims that add up: "a child, three women and a man", "11 soldiers and one
#: policeman"; a group after "including" or "among" is part of the count, not more.
_LIST = (rf"(?P<qual>{_QUAL}){_NUM}\s+{_NOUN}{_VICTIMS}"
         rf"(?:(?:\s*,\s*(?!(?:including|among)\b)|\s*,?\s+and\s+)"
         rf"(?:{_DETERMINER}{_QUAL}{_NUM_ONLY}\s+{_PLAIN_NOUN}(?!of\s){_VICTIMS}|{_RELATIVE}))*")
#: One group of a list.
_PART = re.compile(rf"(?i)(?:{_QUAL}{_NUM}\s+{_NOUN}{_VICTIMS}\b|(?P<one>{_RELATIVE}))")

_MONTH_BEFORE = re.compile(r"(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|"
                           r"june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|"
                           r"nov(?:ember)?|dec(?:ember)?)\.?\s+$")
#: After a list, a verb of speech makes its last groups the speakers: "killing four people,
#: a camp official said", "killed 11 passengers, two health workers and a relative said".
_SPEAKER = re.compile(r"(?i)[^,.;]{0,60}?\b(?:said|says|say|told|reported)\b")

#: A part of the count set between commas: "five people, including two children, were".
_SUBSET_BODY = (r"\s*,\s*(?:including|among\s+them|among\s+whom|most\s+of\s+them)\b"
                r"[^,.;]{1,80},")
_SUBSET = rf"(?:{_SUBSET_BODY})?"
_SUBSET_PART = re.compile(rf"(?i){_SUBSET_BODY}")

_BARE = r"(?=\s*(?:[,.;]|and\b|\s*$))"
#: A count with no victim noun ("killing 12, wounding dozens", "hundreds were killed").
_BARE_NUM = (r"(?P<num>(?!(?:19|20)\d\d\b)\d[\d,]*|dozens|scores|hundreds|several|a few|"
             rf"a dozen|{_COMPOUND})")

PATTERNS = {
    kind: (re.compile(rf"(?i)\b{verb}\s+{_LIST}\b"),
           re.compile(rf"(?i)\b{_LIST}{_SUBSET}{_AUX}\s+{verb}\b"),
           re.compile(rf"(?i)\b{verb}\s+(?P<qual>{_QUAL}){_BARE_NUM}{_BARE}"),
           re.compile(rf"(?i)\b(?P<qual>{_QUAL}){_BARE_NUM}\s+(?:were|have been|had been)"
                      rf"(?:\s+reportedly)?\s+{verb}\b"))
    for kind, verb in (("killed", _KILL), ("wounded", _HURT))
}
#: Deaths counted without a verb: "the deaths of at least 10 officers", "the death toll
#: climbed to five", "the toll is 24 dead".
TOLLS = (re.compile(rf"(?i)\bdeaths?\s+of\s+(?P<qual>{_QUAL}){_NUM}\s+{_NOUN}{_VICTIMS}\b"),
         re.compile(rf"(?i)\btoll\b[^.;]{{0,80}}?\b(?:rose|risen|climbed|increased|jumped|"
                    rf"reached|stands|stood|is|was|of)\s+(?:to\s+|at\s+)?(?P<qual>{_QUAL})"
                    rf"{_BARE_NUM}\b"))
#: Qualifiers that leave the upper bound open ("at least 20").
OPEN_ENDED = ("at least", "more than", "over")


@dataclass(frozen=True, slots=True)
class Count:
    """A casualty count. ``value`` is the exact number, None for vague words ("dozens"), which
    give only a range; ``high`` is None when the text sets no upper bound ("at least 20")."""

    value: int | None
    low: int
    high: int | None
    #: The words that gave it ("killing at least 20 people"); empty when built by hand.
    words: str = field(default="", compare=False)


@cache
def _counted(kind: str) -> AnyOf:
    """The patterns of a ``kind`` of count, tolls included for deaths, in the order tried,
    with one RE2 pass telling which may match a text (:mod:`geomap.prefilter`)."""
    return AnyOf(list(PATTERNS[kind] + (TOLLS if kind == "killed" else ())))


def count(text: str, kind: str) -> Count | None:
    """The largest ``kind`` ("killed" or "wounded") count stated in ``text``, or None.

    Groups listed together add up ("killing a child, three women and a man": 5).

    Examples
    --------
    >>> count("the blast killed at least 20 people", "killed")
    Count(value=20, low=20, high=None)
    """
    best: Count | None = None
    patterns = _counted(kind)
    possible = patterns.which(text)
    for k, pattern in enumerate(patterns.patterns):
        if k not in possible:
            continue  # RE2 found it cannot match here
        for hit in pattern.finditer(text):
            if hit.group(0)[0].isdigit() and _MONTH_BEFORE.search(
                    text, max(0, hit.start() - 12), hit.start()):
                continue  # "on March 3 killed": a day, not a count
            qualifier = (hit["qual"] or "").strip().lower()
            words = hit.group(0)
            if _SPEAKER.match(text, hit.end()) and "," in words:  # "..., two officials said"
                words = words[:words.index(",")]
            found = (_listed(_SUBSET_PART.sub("", words), qualifier)
                     if pattern.pattern.find(_LIST) >= 0
                     else _parse(hit["num"].lower(), qualifier))
            if found:
                found = replace(found, words=words)
            if found and (best is None or found.low > best.low):
                best = found
    return best


def _listed(words: str, qualifier: str) -> Count | None:
    """The sum of the groups of victims in ``words`` ("a child, three women and a man")."""
    total: Count | None = None
    for k, part in enumerate(_PART.finditer(words)):
        found = Count(1, 1, 1) if part["one"] else _parse(
            part["num"].lower(), qualifier if k == 0 else "")
        if found is None:
            continue
        if total is None or total.value is None or found.value is None:
            total = total or found
            continue
        high = None if total.high is None else total.high + found.value
        total = Count(total.value + found.value, total.low + found.value, high)
    return total


def _parse(words: str, qualifier: str = "") -> Count | None:
    if words in VAGUE:
        low, high = VAGUE[words]
        return Count(None if low != high else low, low,
                     None if qualifier in OPEN_ENDED else high)
    value: int | None
    if words[0].isdigit():
        digits = words.replace(",", "")
        if len(digits) > 6:  # no casualty count; and int() refuses 4,301 digits
            return None
        value = int(digits)
        if value >= 100_000:
            return None
    else:
        value = NUMBER_WORDS.get(words) or _spelled(words)
        if not value or value >= 100_000:
            return None
    return Count(value, value, None if qualifier in OPEN_ENDED else value)


def _spelled(words: str) -> int | None:
    """A number written in words ("twenty-five", "one hundred and twenty"), read by text2num."""
    try:
        return int(text2num(words.replace("-", " "), "en"))
    except ValueError:
        return None
