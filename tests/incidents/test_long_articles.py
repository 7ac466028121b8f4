"""The shortcuts that keep a long article's extraction linear give what the plain scans gave."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.incidents.actor_roles import _starting_in, actor_roles
from geomap.records import Mention, Place, Resolution


def _demonym(start: int, country: str = "Philippines", written: str = "Philippine"
             ) -> Resolution:
    place = Place(name=country, lat=0.0, lon=0.0, feature_code="PCLI")
    return Resolution(Mention("a", start, start + len(written), written, kind="demonym"),
                      place, "gazetteer")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 200), max_size=30), st.integers(0, 210), st.integers(0, 60),
       st.randoms(use_true_random=False))
def test_the_demonyms_of_a_span_are_those_a_scan_finds(starts, start, length, rng):
    demonyms = [_demonym(s) for s in starts]
    rng.shuffle(demonyms)  # in any order, as given
    end = start + length
    expected = [d for d in demonyms if start <= d.mention.start < end]
    assert _starting_in(demonyms, start, end) == expected
    demonyms.append(_demonym(start))  # the same list, grown: indexed again
    assert _starting_in(demonyms, start, end + 1) == [
        d for d in demonyms if start <= d.mention.start < end + 1]


def test_each_event_word_takes_the_forces_its_own_sentence_names():
    lines = [f"Philippine troops attacked village {k}. " for k in range(30)]
    lines[17] = "Kenyan police attacked the camp. "
    text = "".join(lines)
    starts = [sum(map(len, lines[:k])) for k in range(len(lines))]
    demonyms = [_demonym(s, "Kenya", "Kenyan") if k == 17 else _demonym(s)
                for k, s in enumerate(starts)]
    random.Random(3).shuffle(demonyms)
    for k in (0, 17, 29):
        sentence = (starts[k], starts[k] + len(lines[k]) - 1)
        word = text.index("attacked", starts[k])
        roles = actor_roles(text, (word, word + len("attacked")), sentence, demonyms)
        assert roles.actor1 == ("Police Forces of Kenya" if k == 17
                                else "Military Forces of the Philippines")
