"""Actors: aliases normalised through the table (states as ACLED names them), unknown actors
kept as written."""

from __future__ import annotations

import pytest

from geomap.incidents.actors import actor_kind, actor_rank, find_actors, state_actor


@pytest.mark.parametrize(("text", "actor"), [
    ("US forces", "Military Forces of the United States"),
    ("Washington", "Government of the United States"),
    ("the IDF", "Military Forces of Israel"), ("Kenyan", None),
    ("Kata'ib Hizballah", "Kataib Hezbollah"),
    ("Kataib Hezbollah", "Kataib Hezbollah"), ("the RSF", "Rapid Support Forces"),
    ("Sudanese paramilitary", "Rapid Support Forces"),
])
def test_aliases_are_normalised(text, actor):
    assert [h.actor for h in find_actors(text, 0, len(text))] == ([actor] if actor else [])


def test_patron_in_a_modifier_is_not_the_actor():
    for text, actor in (("a commander of an Iran-aligned group", "Iran-aligned group"),
                        ("the Hamas-run health ministry", None)):
        assert [h.actor for h in find_actors(text, 0, len(text))] == ([actor] if actor else [])


@pytest.mark.parametrize("text", ["gunmen", "Unidentified attackers", "suspected jihadists",
                                  "armed bandits", "Islamist insurgents", "Kuki militants"])
def test_unknown_actors_are_kept_as_written(text):
    sentence = f"{text} killed four people"
    (hit,) = find_actors(sentence, 0, len(sentence))
    assert hit.actor == text


def test_a_named_group_wins_over_the_words_around_it():
    text = "Houthi rebels fired a missile"
    assert [h.actor for h in find_actors(text, 0, len(text))] == ["Houthis"]


@pytest.mark.parametrize("opening", ["Meanwhile", "Later", "The"])
def test_a_sentence_opening_word_is_no_part_of_the_name(opening):
    text = f"{opening} militants attacked the post"
    assert [h.actor for h in find_actors(text, 0, len(text))] == ["militants"]


def test_a_group_named_by_an_adjective_before_its_act():
    text = "ten officers died in a militant attack"
    assert [h.actor for h in find_actors(text, 0, len(text))] == ["militants"]


def test_state_names_follow_acled():
    assert state_actor("Israel") == "Military Forces of Israel"
    assert state_actor("Philippines") == "Military Forces of the Philippines"
    assert state_actor("Kenya", police=True) == "Police Forces of Kenya"
    assert state_actor("Iran", government=True) == "Government of Iran"
    assert actor_kind(state_actor("Chad")) == "state_forces"


def test_rank_puts_named_groups_before_states_and_written_actors():
    assert actor_rank("Kataib Hezbollah") < actor_rank("Military Forces of Chad") \
        < actor_rank("Government of Iran") < actor_rank("gunmen")
    assert actor_rank(None) > actor_rank("gunmen")


@pytest.mark.parametrize("text", ["MOSCOW (Reuters) - A ship was hit.",
                                  "WASHINGTON, May 3 - A ship was hit."])
def test_a_dateline_is_no_actor(text):
    assert find_actors(text, 0, len(text)) == []
    assert [h.actor for h in find_actors("Moscow denied it.", 0, 17)] == ["Government of Russia"]
