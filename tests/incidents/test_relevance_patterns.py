"""The relevance phrase patterns carry a lookahead for their first characters (speed only):
whatever the text, they find what the plain alternation finds."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from geomap.incidents import relevance
from geomap.incidents.context_words import phrases
from geomap.incidents.relevance import first_characters

_WORDS = ["the", "fighting", "has", "killed", "Since", "March", "2019", "floods", "Crashed",
          "bus", "crash", "regularly", "Cholera", "outbreak", "years", "ago", "comes", "after",
          "K", "\u212a", "\u017f", "\u017fince", "\u0130s", "active", "a", "week", "fire",
          "broke", "out"]


@given(st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=4)), max_size=14),
       st.lists(st.sampled_from([" ", "", "-", ", ", ".\n", "\u00a0"]), min_size=14,
                max_size=14))
def test_the_phrase_patterns_find_what_their_plain_alternation_finds(words, gaps):
    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    for rule in ("background", "non_conflict"):
        plain = re.compile(rf"(?i)\b(?:{'|'.join(phrases(rule))})\b")
        fast = relevance._pattern(rule)
        assert fast.pattern != plain.pattern  # the lookahead is there
        want, got = plain.search(text), fast.search(text)
        assert (want and want.span()) == (got and got.span())


def test_first_characters_are_told_only_when_sure():
    assert first_characters(r"\d+ years? ago|(?:the )?war") == r"[\dtw]"
    assert first_characters(r"(?<=x)y|[b-d]z|(?!q)r") == "[b-dry]"
    assert first_characters(r"(?:so )?") is None  # matches nothing: any position
    assert first_characters(r"[^a]b|c") is None  # almost any character
    assert first_characters(r"(a)\1") == "[a]"
    assert first_characters(r"\1") is None  # not followed
    assert first_characters("(unclosed") is None
