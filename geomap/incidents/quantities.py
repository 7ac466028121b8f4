"""Casualty counts from text: "killed three US soldiers", "12 people were wounded", "dozens".

Killed and wounded are kept apart. Vague quantities become a (low, high) range whose low end is
the count, after ACLED's convention of coding the lowest number reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from text_to_num import text2num

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
_KILL = r"(?:killed|killing|kills|kill|dead|died|massacred|executed|shot dead|lost their lives)"
_HURT = r"(?:wounded|wounding|injured|injuring|hurt)"

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

_BARE = r"(?=\s*(?:[,.;]|and\b|\s*$))"
#: A count with no victim noun ("killing 12, wounding dozens", "hundreds were killed").
_BARE_NUM = (r"(?P<num>(?!(?:19|20)\d\d\b)\d[\d,]*|dozens|scores|hundreds|several|a few|"
             rf"a dozen|{_COMPOUND})")
_CONJUNCT = re.compile(rf"(?i)\s*(?:,\s*)?and\s+(?:(?:his|her|their|the|an?other)\s+)?"
                       rf"{_QUAL}{_NUM}\s+{_NOUN}{_VICTIMS}\b")

PATTERNS = {
    kind: (re.compile(rf"(?i)\b{verb}\s+(?P<qual>{_QUAL}){_NUM}\s+{_NOUN}{_VICTIMS}\b"),
           re.compile(rf"(?i)\b(?P<qual>{_QUAL}){_NUM}\s+{_NOUN}{_VICTIMS}{_AUX}\s+{verb}\b"),
           re.compile(rf"(?i)\b{verb}\s+(?P<qual>{_QUAL}){_BARE_NUM}{_BARE}"),
           re.compile(rf"(?i)\b(?P<qual>{_QUAL}){_BARE_NUM}\s+(?:were|have been|had been)"
                      rf"(?:\s+reportedly)?\s+{verb}\b"))
    for kind, verb in (("killed", _KILL), ("wounded", _HURT))
}
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


def count(text: str, kind: str) -> Count | None:
    """The largest ``kind`` ("killed" or "wounded") count stated in ``text``, or None.

    Examples
    --------
    >>> count("the blast killed at least 20 people", "killed")
    Count(value=20, low=20, high=None)
    """
    best: Count | None = None
    for index, pattern in enumerate(PATTERNS[kind]):
        for hit in pattern.finditer(text):
            found = _parse(hit["num"].lower(), (hit["qual"] or "").strip().lower())
            if found and index == 0:
                found = _add_conjunct(found, text, hit.end())
            if found:
                found = replace(found, words=hit.group(0))
            if found and (best is None or found.low > best.low):
                best = found
    return best


def _add_conjunct(found: Count, text: str, end: int) -> Count:
    """"killed a woman and her two children": the victims joined by "and" add up."""
    more = _CONJUNCT.match(text, end)
    extra = _parse(more["num"].lower(), "") if more else None
    if extra is None or extra.value is None or found.value is None:
        return found
    high = None if found.high is None else found.high + extra.value
    return Count(found.value + extra.value, found.low + extra.value, high)


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
