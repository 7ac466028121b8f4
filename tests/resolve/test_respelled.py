"""A town the text calls a town, one vowel or doubled letter away from the index."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.pipeline import Pipeline
from geomap.records import Article
from geomap.resolve.respelled import spellings


@pytest.fixture(scope="module")
def tiny(tiny_gazetteer):
    return Pipeline(tiny_gazetteer)


def _placed(pipeline, text):
    return {r.mention.text: (r.place.name if r.place else None, r.signal)
            for r in pipeline.process(Article("a", text)).resolutions}


def test_a_town_spelled_one_vowel_away_is_placed_and_says_so(tiny):
    found = _placed(tiny, "Officials in Baghdad said an air strike hit the town of Mosel "
                          "in northern Iraq.")
    name, signal = found["Mosel"]
    assert name == "Mosul"
    assert "respelled" in signal


def test_a_name_the_text_does_not_call_a_town_is_not_respelled(tiny):
    found = _placed(tiny, "Officials in Baghdad said Mosel had been quiet in Iraq.")
    assert found.get("Mosel", (None,))[0] != "Mosul"


def test_a_town_of_no_country_the_article_names_is_not_guessed(tiny):
    found = _placed(tiny, "Officials in Jordan said an air strike hit the town of Mosel.")
    assert found.get("Mosel", (None,))[0] != "Mosul"


@given(st.text(alphabet="abcdehikmorsuy", min_size=1, max_size=12))
def test_respellings_keep_the_first_letter_and_move_one_step(key):
    for variant in spellings(key):
        assert variant[0] == key[0] or (key[0] in "aeiouy" and variant[0] in "aeiouy")
        assert abs(len(variant) - len(key)) <= 1
        assert variant != key


@pytest.fixture(scope="module")
def kashmir():
    from geomap.gazetteer.index import Gazetteer
    from tests.helpers import place
    return Pipeline(Gazetteer.from_places([
        (place("India", 22.0, 79.0, 1269750, "PCLI", "IN", 1_300_000_000, "A"), ["\0Indian"]),
        (place("Srinagar", 34.08, 74.8, 1255634, "PPLA", "IN", 1_000_000, admin1="12"), []),
        (place("Bāramūla", 34.18, 74.54, 9000001, "ADM2", "IN", 0, "A", "12"), []),
    ]))


def test_a_division_the_text_calls_so_is_placed_when_one_step_away(kashmir):
    found = _placed(kashmir, "A gunfight broke out in Baramulla district, west of Srinagar, "
                             "police in India said.")
    name, signal = found["Baramulla"]
    assert name == "Bāramūla"
    assert "respelled" in signal


def test_a_name_before_a_division_word_is_a_mention_even_when_the_index_lacks_it(kashmir):
    found = _placed(kashmir, "Troops were sent to Kupwara district in India on Monday.")
    assert "Kupwara" in found


def test_a_determiner_before_a_settlement_word_names_no_place(kashmir):
    found = _placed(kashmir, "The village in Srinagar district was hit. A town near Srinagar "
                             "was calm.")
    assert "The" not in found
    assert "A" not in found


def test_a_settlement_word_after_a_locative_makes_the_names_after_it_one(kashmir):
    found = _placed(kashmir, "The gunfight broke out at village Kalantara Srinagar in "
                             "Baramulla district, police in India said.")
    assert "Kalantara Srinagar" in found
    assert "Srinagar" not in found
