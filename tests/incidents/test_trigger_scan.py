"""The one-pass trigger scan finds exactly what one scan per trigger pattern found.

The reference below is the earlier ``_hits``, which ran every pattern over the sentence in
turn; random sentences are built from the words of the trigger lexicon itself (with "repeated"
and "suicide" and hyphens, so triggers overlap and nest), where the two could part ways.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap import rules
from geomap.incidents import context_words
from geomap.incidents.extract import _hits

#: Every word written in a trigger pattern, its suffixes included ("bomb", "ings", "IED").
WORDS = sorted({w for t in rules.triggers() for w in re.findall(r"[A-Za-z]+", t.pattern.pattern)}
               - {"i", "b", "s", "d", "W", "S"})
FILLER = ["repeated", "the", "in", "police", "gear", "a", "man", "and", "were", "Baghdad"]
SEPARATORS = [" ", " ", " ", "-", ", ", ". ", "  ", "\n", "'"]


def _per_pattern(text: str, s_start: int, s_end: int) -> list[rules.Trigger | tuple]:
    """The earlier ``_hits``: one ``finditer`` per trigger pattern."""
    sentence = text[s_start:s_end]
    hits = [(s_start + m.start(), s_start + m.end(), t) for t in rules.triggers()
            for m in t.pattern.finditer(sentence)
            if not context_words.habitual().search(sentence[max(0, m.start() - 30):m.start()])]
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list = []
    for hit in hits:
        if kept and hit[0] < kept[-1][1]:
            longer = hit[1] - hit[0] >= kept[-1][1] - kept[-1][0]
            if hit[2].priority > kept[-1][2].priority and longer:
                kept[-1] = hit
            continue
        kept.append(hit)
    return kept


def _raw(sentence: str) -> list[tuple]:
    """Every pattern's own matches, ordered by start and then by the lexicon's order."""
    found = [(m.start(), m.end(), k, t) for k, t in enumerate(rules.triggers())
             for m in t.pattern.finditer(sentence)]
    return [(a, b, t) for a, b, _, t in sorted(found, key=lambda h: (h[0], h[2]))]


words = st.lists(st.tuples(st.sampled_from(WORDS + FILLER), st.sampled_from(SEPARATORS),
                           st.booleans()), max_size=25)


def _text(parts: list[tuple[str, str, bool]]) -> str:
    return "".join((w.capitalize() if up else w) + sep for w, sep, up in parts)


@settings(max_examples=400, deadline=None)
@given(words, st.integers(0, 5))
def test_one_pass_gives_the_same_hits(parts, offset):
    text = "x" * offset + " " + _text(parts)
    assert list(_hits(text, offset, len(text))) == _per_pattern(text, offset, len(text))


@settings(max_examples=400, deadline=None)
@given(words)
def test_one_pass_gives_every_patterns_own_matches(parts):
    sentence = _text(parts)
    assert rules.trigger_scan().finditer(sentence) == _raw(sentence)


@pytest.mark.parametrize("sentence", [
    "Three suicide bombers blew themselves up in a suicide car bomb attack.",
    "Repeated air strikes and shelling killed 12; the riot police arrested rioters.",
    "the indiscriminate killing of civilians",
    "a car-bombing, then car bombs, then a roadside bomb",
    # letters that match others without case: the Kelvin sign, the long s, dotted I
    "Gunmen \u212aILLED two; \u017fhelling and an \u0130ED blast, \u0131ed",
])
def test_overlapping_triggers_of_known_sentences(sentence):
    assert list(_hits(sentence, 0, len(sentence))) == _per_pattern(sentence, 0, len(sentence))
    assert rules.trigger_scan().finditer(sentence) == _raw(sentence)


def test_a_capturing_group_in_the_lexicon_is_refused(monkeypatch):
    trigger = rules.triggers()[0]
    bad = rules.Trigger(re.compile(r"(?i)\b(?:(bomb)s?)\b"), trigger.event_type,
                        trigger.sub_event_type, trigger.priority)
    monkeypatch.setattr(rules, "triggers", lambda: (bad,))
    with pytest.raises(ValueError, match="captures a group"):
        rules.trigger_scan.__wrapped__()


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"car[ -]bombs?|IEDs?", ["car[ -]bombs?", "IEDs?"]),
    (r"a(?:b|c)|d", ["a(?:b|c)", "d"]),
    (r"x\|y|[|]z", [r"x\|y", "[|]z"]),
    ("riot(?:s|ed)?(?! police| gear)", ["riot(?:s|ed)?(?! police| gear)"]),
])
def test_alternatives_split_only_at_the_top_level(pattern, expected):
    assert rules.alternatives(pattern) == expected
