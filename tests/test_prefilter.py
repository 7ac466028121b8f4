"""RE2 only skips sentences: every search answers what Python's pattern answers."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap import prefilter, rules
from geomap.incidents import context_words
from geomap.incidents.events import THE_EVENT
from geomap.incidents.relevance import _pattern
from geomap.prefilter import Prefiltered, superset

#: Words of the rules and their neighbours, and the characters where RE2 and Python differ:
#: letters outside ASCII (é, the Turkish İ and ı, the long s, the Kelvin sign), a no-break
#: space and other Unicode spaces, line breaks.
PIECES = ["killed", "since the war", "last year", "died of cholera", "bus crash", "air strike",
          "airstrikes", "shelling", "clashes", "gunmen", "opened fire", "regularly", "murder",
          "sheriff", "suicide bomber", "car bomb", "protest", "arrested", "years ago", "two",
          "3", "in", "the", "on", "Monday", " ", " ", "\u00a0", "\u2009", "\n", ",", ".", "-",
          "'s", "’", "é", "\u0130", "\u0131", "\u017f", "\u212a", "KILLED", "Since", "s",
          "fled", "into", "repeated", "mayor of", "the attack", "taken to", "hospital", "from",
          "over", "told"]
sentences = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=14).map("".join)


def _rule_patterns() -> list[re.Pattern[str]]:
    scan = rules.trigger_scan()
    words_around = (context_words.source_seat(), context_words.speaker_post(),
                    context_words.habitual(), context_words.cause(), context_words.refuge())
    return [_pattern("background"), _pattern("non_conflict"), _pattern("crime"),
            scan.any_trigger.pattern, *(t.pattern for t in scan.triggers[:40]),
            THE_EVENT.pattern, *(p.pattern for p in words_around)]


@pytest.mark.skipif(prefilter._re2 is None, reason="google-re2 is not installed")
def test_the_rules_are_all_prefiltered():
    assert all(Prefiltered(p)._fast is not None for p in _rule_patterns())


@settings(max_examples=400, deadline=None)
@given(sentences)
def test_a_prefiltered_search_is_pythons_search(text):
    for pattern in _rule_patterns():
        fast = Prefiltered(pattern)
        expected = pattern.search(text)
        found = fast.search(text)
        assert (found and found.span()) == (expected and expected.span()), pattern.pattern[:60]
        if expected is not None:
            assert fast.may_match(text)


def test_the_trigger_scan_finds_what_each_trigger_finds():
    scan = rules.trigger_scan()
    for text in ("No event words here at all.", "An air strike hit the camp; gunmen fled.",
                 "Shelling\u00a0continued near the café after the clashes."):
        expected = sorted((m.start(), m.end(), t.event_type) for t in scan.triggers
                          for m in t.pattern.finditer(text))
        assert sorted((a, b, t.event_type) for a, b, t in scan.finditer(text)) == expected


def test_lookarounds_are_dropped_and_spaces_widened():
    assert superset(r"(?i)\b(?<!no )attacks?(?! on)\b") == r"(?i)\battacks?\b"
    widened = superset(r"air\s+strikes?")
    assert widened is not None
    assert widened.startswith("air[")
    assert r"\x{a0}" in widened
    assert superset(r"[\s,]x") == f"[{prefilter._SPACE},]x"
    assert superset(r"a\ b\.c") == r"a\x{20}b\.c"


@pytest.mark.parametrize("pattern", [r"(\w)\1", r"(?(1)a|b)", r"(?>ab)", r"a++", r"\Z",
                                     r"[\b]", r"(?P=name)", r"(?x) a"])
def test_what_is_not_rewritten_searches_with_python_alone(pattern):
    assert superset(pattern) is None


def test_anchors_at_the_end_are_dropped_and_at_the_start_kept():
    assert superset(r"^near\s*$") == f"^near[{prefilter._SPACE}]*"


def test_without_re2_every_search_is_pythons(monkeypatch):
    monkeypatch.setattr(prefilter, "_re2", None)
    fast = Prefiltered(_pattern("background"))
    assert fast._fast is None
    assert fast.may_match("nothing to see")
    hit = fast.search("The war has killed thousands since the war began.")
    assert hit is not None


DATE_PIECES = ["on Monday", "last night", "March 3", "3 March 2024", "2024-03-03", "Sept. 9",
               "killing at least 20 people", "five were wounded", "the death toll rose to 12",
               "in 2019", "the 2008 bombing", "in March",
               "two days earlier", "this week", "overnight into", "the same day", " ", "\u00a0",
               "é", "\u0131", "said", ",", "killed", "day", "9"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DATE_PIECES + PIECES) | st.text(max_size=3), max_size=12)
       .map("".join))
def test_any_of_leaves_out_only_patterns_that_find_nothing(text):
    from geomap.incidents import quantities, relevance
    from geomap.incidents.dates import PATTERNS

    for patterns in ([p for _, p in PATTERNS], relevance._DATED.patterns,
                     quantities._counted("killed").patterns,
                     quantities._counted("wounded").patterns):
        possible = prefilter.AnyOf(list(patterns)).which(text)
        assert {k for k, p in enumerate(patterns) if p.search(text)} <= set(possible)


def test_flags_given_apart_from_the_pattern_are_kept_or_refused():
    ignoring = re.compile(r"\bair strikes?\b", re.IGNORECASE)
    assert Prefiltered(ignoring).search("AIR STRIKES hit") is not None
    assert Prefiltered(re.compile(r"^strike$", re.MULTILINE))._fast is None
    assert Prefiltered(re.compile(r"strike.", re.DOTALL)).search("strike\n") is not None
