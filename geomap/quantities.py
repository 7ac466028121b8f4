"""Casualty counts from text: "killed three US soldiers", "12 people were wounded", "dozens".

Killed and wounded are kept apart. Vague quantities become a (low, high) range whose low end is
the count, after ACLED's convention of coding the lowest number reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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

_NUM = (r"(?P<num>\d[\d,]*|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) +
        r"|dozens(?: of)?|scores(?: of)?|hundreds(?: of)?|a dozen|several|a few)")
_QUAL = r"(?:at least |more than |over |nearly |about |around |some |up to )?"
_NOUN = r"(?:[\w-]+\s+){0,3}?"
_KILL = r"(?:killed|killing|kills|kill|dead|died|massacred|executed|shot dead|lost their lives)"
_HURT = r"(?:wounded|wounding|injured|injuring|hurt)"

_VICTIMS = (r"(?:people|civilians|persons|soldiers|troops|fighters|militants|members|officers|"
            r"policemen|police|children|women|men|villagers|commanders?|leaders?|workers|others|"
            r"protesters|residents|personnel|rebels|servicemen|combatants|guards|pilgrims|"
            r"students|farmers|miners|insurgents|jihadists|gunmen|attackers|worshippers|"
            r"passengers|staff|journalists|medics|officials|recruits|migrants|refugees)")
_AUX = r"(?:\s+(?:were|was|have been|had been|are|being)(?:\s+reportedly)?)?"

PATTERNS = {
    kind: (re.compile(rf"(?i)\b{verb}\s+{_QUAL}{_NUM}\s+{_NOUN}{_VICTIMS}\b"),
           re.compile(rf"(?i)\b{_QUAL}{_NUM}\s+{_NOUN}{_VICTIMS}{_AUX}\s+{verb}\b"))
    for kind, verb in (("killed", _KILL), ("wounded", _HURT))
}


@dataclass(frozen=True, slots=True)
class Count:
    """A casualty count with its range; ``high`` is None when the text gives no upper bound."""

    value: int
    low: int
    high: int | None


def count(text: str, kind: str) -> Count | None:
    """The largest ``kind`` ("killed" or "wounded") count stated in ``text``, or None."""
    best: Count | None = None
    for pattern in PATTERNS[kind]:
        for hit in pattern.finditer(text):
            found = _parse(hit["num"].lower())
            if found and (best is None or found.value > best.value):
                best = found
    return best


def _parse(words: str) -> Count | None:
    if words in VAGUE:
        low, high = VAGUE[words]
        return Count(low, low, high)
    if words[0].isdigit():
        value = int(words.replace(",", ""))
        return Count(value, value, value) if value < 100_000 else None
    value = NUMBER_WORDS.get(words)
    return Count(value, value, value) if value else None
