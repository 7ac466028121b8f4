"""Actors: aliases normalised through the table, unknown actors kept as written."""

from __future__ import annotations

import pytest

from geomap.incidents.actors import actor_pair, actor_rank, find_actors


@pytest.mark.parametrize(("text", "actor"), [
    ("US forces", "United States"), ("Washington", "United States"),
    ("the United States", "United States"), ("Kata'ib Hizballah", "Kataib Hezbollah"),
    ("Kataib Hezbollah", "Kataib Hezbollah"), ("the RSF", "Rapid Support Forces"),
])
def test_aliases_are_normalised(text, actor):
    assert [h.actor for h in find_actors(text, 0, len(text))] == [actor]


def test_patron_in_a_modifier_is_not_the_actor():
    text = "a commander of an Iran-aligned group"
    assert [h.actor for h in find_actors(text, 0, len(text))] == ["Iran-aligned group"]


@pytest.mark.parametrize("text", ["gunmen", "Unidentified attackers", "suspected jihadists",
                                  "armed bandits"])
def test_unknown_actors_are_kept_as_written(text):
    sentence = f"{text} killed four people"
    (hit,) = find_actors(sentence, 0, len(sentence))
    assert hit.actor == text


def test_actor_pair_prefers_the_named_group_as_target():
    text = ("A US drone strike killed a commander of Kataib Hezbollah, an Iran-backed group, "
            "Iran said.")
    start = text.index("drone strike")
    assert actor_pair(text, (start, start + 12), (0, len(text)), []) == (
        "United States", "Kataib Hezbollah")


def test_rank_puts_named_groups_before_countries_and_written_actors():
    assert actor_rank("Kataib Hezbollah") < actor_rank("Iran") < actor_rank("gunmen")
    assert actor_rank(None) > actor_rank("gunmen")
