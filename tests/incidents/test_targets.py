"""Whom an attack hit decides its type when the event word does not say."""

from __future__ import annotations

import pytest

from geomap.incidents.targets import ARMED, CIVILIANS, by_target
from geomap.pipeline import Pipeline
from geomap.records import Article


@pytest.mark.parametrize(("clause", "expected"), [
    ("armed men attacked a village, killing 30 people", CIVILIANS),
    ("militants attacked a police station overnight", ARMED),
    ("gunmen killed five soldiers at a checkpoint", ARMED),
    ("unknown gunmen shot dead a tribal elder, police said", CIVILIANS),
    ("troops stormed the village and killed 12 residents", CIVILIANS),
    ("fighters attacked", ARMED),  # nothing says whom: the trigger's own type stands
])
def test_generic_triggers_are_typed_by_their_targets(clause, expected):
    assert by_target(ARMED, 15, clause) == expected


def test_a_specific_trigger_keeps_its_type():
    assert by_target(ARMED, 60, "clashes killed 20 civilians") == ARMED


def test_gunmen_killing_soldiers_is_a_battle(tiny_gazetteer):
    (incident,) = Pipeline(tiny_gazetteer).process(
        Article("a", "Gunmen killed five soldiers at a checkpoint near Mosul on Monday.")).incidents
    assert (incident.event_type, incident.sub_event_type) == ARMED
