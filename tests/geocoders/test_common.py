"""The shared helpers: the user-agent check and the reader for services without their own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.errors import InputError
from geomap.geocoders.common import FEATURE_CODES, check_user_agent, generic_place, osm_kind


@pytest.mark.parametrize("agent", ["newsroom-maps/1.0 (maps@newsroom.org)",
                                   "geomap/0.1 (+https://github.com/someone/geomap)"])
def test_identifying_user_agents_are_accepted(agent):
    assert check_user_agent(agent) == agent


def test_control_characters_in_the_user_agent_are_refused():
    with pytest.raises(InputError, match="control characters"):
        check_user_agent("maps/1 (a@b.org)\r\nX-Evil: 1")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_user_agent_check_accepts_or_explains(agent):
    try:
        outcome: str | InputError = check_user_agent(agent)
    except InputError as err:
        outcome = err
    if isinstance(outcome, InputError):
        assert str(outcome).startswith("user_agent: ")
    else:
        assert outcome == agent.strip()
        assert outcome.isprintable()


def test_other_services_answers_become_points():
    other = generic_place({"address": "Camp Ashraf, Diyala, Iraq", "lat": 33.6, "lon": 44.6,
                           "raw": {}}, service="arcgis")
    assert (other.name, other.source, other.precision) == ("Camp Ashraf", "arcgis", "point")


def test_osm_kinds_are_read_case_blind_and_unknown_ones_are_points():
    assert osm_kind("Village") == FEATURE_CODES["village"]
    assert osm_kind(None, 3, "nowhere-kind") == ("S", "")
