"""The event-context word table (geomap/data/event_context.csv) loads and drives the rules."""

from __future__ import annotations

import re

import pytest

from geomap.incidents import context_words


@pytest.mark.parametrize("rule", ["source_seat", "treatment", "habitual", "cause"])
def test_every_rule_has_valid_phrases(rule):
    found = context_words.phrases(rule)
    assert found
    for phrase in found:
        re.compile(phrase)


@pytest.mark.parametrize(("before", "pattern", "expected"), [
    ("health officials in ", context_words.source_seat, True),
    ("Mediators in Doha and ", context_words.source_seat, True),
    ("were taken to a hospital in ", context_words.source_seat, True),
    ("an air strike in ", context_words.source_seat, False),
    ("the latest in a wave of ", context_words.habitual, True),
    ("a deadly ", context_words.habitual, False),
    ("arrested five men over a ", context_words.cause, True),
])
def test_context_patterns(before, pattern, expected):
    assert bool(pattern().search(before)) is expected
