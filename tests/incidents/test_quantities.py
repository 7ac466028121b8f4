"""Casualty counts: numbers, number words, vague ranges; killed and wounded apart."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.incidents.quantities import NUMBER_WORDS, Count, count


@pytest.mark.parametrize(("text", "killed", "wounded"), [
    ("an attack that killed three US soldiers in Jordan", Count(3, 3, 3), None),
    ("killed a commander of an Iran-aligned group", Count(1, 1, 1), None),
    ("killing two soldiers and wounding three others", Count(2, 2, 2), Count(3, 3, 3)),
    ("killing dozens of people", Count(None, 24, 99), None),
    ("at least 20 people were killed", Count(20, 20, None), None),
    ("killed a woman and her two children", Count(3, 3, 3), None),
    ("killing nine of them", Count(9, 9, 9), None),
    ("leaving three militants dead", Count(3, 3, 3), None),
    ("killing three people and wounding 20, the governor said", Count(3, 3, 3),
     Count(20, 20, 20)),
    ("NIAMEY, March 27 - Gunmen killed six worshippers", Count(6, 6, 6), None),
    ("a drone struck a car; no casualties were reported", None, None),
])
def test_counts(text, killed, wounded):
    assert count(text, "killed") == killed
    assert count(text, "wounded") == wounded


@given(n=st.integers(min_value=1, max_value=99_999), noun=st.sampled_from(
    ["people", "civilians", "soldiers", "fighters"]))
def test_numbers_round_trip(n, noun):
    assert count(f"The strike killed {n:,} {noun}.", "killed") == Count(n, n, n)
    assert count(f"{n} {noun} were wounded in the attack", "wounded") == Count(n, n, n)
    assert count(f"The strike killed {n} {noun}.", "wounded") is None


@given(word=st.sampled_from([w for w in NUMBER_WORDS if len(w) > 2]))
def test_number_words(word):
    assert count(f"gunmen killed {word} villagers", "killed").value == NUMBER_WORDS[word]


@given(text=st.text())
def test_any_text_gives_a_sane_count_or_none(text):
    for kind in ("killed", "wounded"):
        found = count(text, kind)
        if found is not None:
            assert found.low >= 0
            assert found.high is None or found.high >= found.low
            assert found.value is None or found.value == found.low


@pytest.mark.parametrize(("text", "killed", "wounded"), [
    ("killing at least 12 civilians and wounding dozens, a committee said",
     Count(12, 12, None), Count(None, 24, 99)),
    ("Health officials said hundreds were killed.", Count(None, 200, 999), None),
    ("In 2014 were killed", None, None),
])
def test_counts_without_a_victim_noun(text, killed, wounded):
    assert count(text, "killed") == killed
    assert count(text, "wounded") == wounded


@pytest.mark.parametrize(("text", "value", "low", "high"), [
    ("Twenty-five people were killed in the raid", 25, 25, 25),
    ("the blast killed one hundred and twenty people", 120, 120, 120),
    ("at least a dozen people were killed", 12, 12, None),
    ("34 Palestinians were killed overnight", 34, 34, 34),
    ("gunmen killed approximately 40 people", 40, 40, 40),
    ("killing 12 people, including five children", 12, 12, 12),
    ("over 30,000 people were killed", 30000, 30000, None),
])
def test_compound_words_groups_and_qualifiers(text, value, low, high):
    assert count(text, "killed") == Count(value, low, high)


@pytest.mark.parametrize(("text", "value"), [
    # groups listed together add up
    ("the shelling killed a boy, two women and a man", 4),
    ("four children and their father were killed when the roof fell in the strike", 5),
    ("the ambush killed at least 9 soldiers and one policeman", 10),
    # a group after "including" is part of the count
    ("the strike killed six people, including a woman, her two sons and a nurse", 6),
    # a group that is a clause of its own is no victim
    ("gunmen killed four guards, three of whom were brothers", 4),
    # the last groups of a list before "said" are the speakers
    ("the raid killed seven villagers, a local chief said", 7),
    ("the bomb killed 9 passengers, two nurses and a driver at the scene said", 9),
])
def test_listed_victims(text, value):
    assert count(text, "killed").value == value


@pytest.mark.parametrize(("text", "value"), [
    ("the attack resulted in the deaths of at least 14 recruits", 14),
    ("the death toll from the raid on the village climbed to nine", 9),
    ("a guard was fatally wounded and two others were killed", 2),
])
def test_deaths_said_without_a_verb(text, value):
    assert count(text, "killed").value == value


def test_fatally_wounded_is_no_wound_and_a_date_is_no_count():
    assert count("three guards were fatally wounded", "wounded") is None
    assert count("three guards were fatally wounded", "killed").value == 3
    assert count("A mortar round on May 3 were killed", "killed") is None


@pytest.mark.parametrize(("text", "value", "high"), [
    ("Seven people, including three children, were killed in the raid", 7, 7),
    ("At least 15 people, among them two nurses, have been killed", 15, None),
])
def test_a_part_of_the_count_between_commas_keeps_the_count(text, value, high):
    found = count(text, "killed")
    assert (found.value, found.high) == (value, high)
