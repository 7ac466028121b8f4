"""One incident per real event: sentences about one event fold together, others stay apart."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.pipeline import Pipeline
from geomap.records import Article


@pytest.fixture(scope="module")
def tiny(tiny_gazetteer):
    return Pipeline(tiny_gazetteer)


def _incidents(pipeline, text, published=date(2024, 5, 7)):
    return pipeline.process(Article("a", text, published=published)).incidents


def test_the_lede_country_and_the_village_later_are_one_event_at_the_village(tiny):
    (event,) = _incidents(tiny, "Gunmen killed 12 people in an attack in Iraq on Monday. "
                                "The attack took place in Mosul, the governor said.")
    assert event.place.name == "Mosul"
    assert len(event.quotes) == 2
    assert event.fatalities == 12
    assert event.date.value == date(2024, 5, 6)


def test_another_strike_in_the_same_town_is_another_event(tiny):
    found = _incidents(tiny, "An air strike hit a house in Mosul on Monday, killing four. "
                             "Another strike on Monday hit a market in Mosul, killing five.")
    assert [i.fatalities for i in found] == [4, 5]


def test_a_later_country_wide_sentence_is_not_folded_into_the_town(tiny):
    found = _incidents(tiny, "A drone strike hit a car in Baghdad on Monday, killing one. "
                             "Rockets were fired at troops in Jordan, officials said.")
    assert {i.place.name for i in found} == {"Baghdad", "Jordan"}


def test_dates_two_days_apart_are_two_events(tiny):
    found = _incidents(tiny, "Clashes broke out in Iraq on Monday. "
                             "Militants attacked a checkpoint in Erbil on Saturday.")
    assert len(found) == 2


def test_the_more_specific_actor_is_kept(tiny):
    (event,) = _incidents(tiny, "A drone strike in Iraq killed a commander of an Iran-aligned "
                                "group on Monday. The strike in Baghdad killed a Kataib Hezbollah "
                                "commander, officials said.")
    assert event.actor2 == "Kataib Hezbollah"


def test_a_definite_reference_elsewhere_in_the_country_is_the_same_event(tiny):
    (event,) = _incidents(tiny, "A car bomb exploded in Mosul on Monday, killing nine people. "
                                "An official in Erbil condemned the bombing.")
    assert event.place.name == "Mosul"
    assert len(event.quotes) == 2


def test_a_definite_reference_abroad_is_not_folded(tiny):
    found = _incidents(tiny, "A car bomb exploded in Mosul on Monday, killing nine people. "
                             "Officials blamed the shelling of Deir ez-Zor for the unrest.")
    assert len(found) == 2


def test_in_addition_opens_another_event(tiny):
    found = _incidents(tiny, "Gunmen attacked a checkpoint in Iraq on Monday, killing two. "
                             "In addition, a bomb exploded in Mosul on Monday, wounding one.")
    assert len(found) == 2


def test_an_undated_first_event_takes_the_ledes_day(tiny):
    (event,) = _incidents(tiny, "A bomb exploded in Mosul, killing three people.\n"
                                "Residents heard gunfire on Sunday, a witness said.")
    assert event.date.value == date(2024, 5, 5)
    assert dict(event.evidence)["date"] == "on Sunday (the lede)"


def test_a_later_sentence_saying_where_the_incident_took_place_moves_the_pin_there(tiny):
    """No event word of its own, but it says where the event already told happened."""
    (event,) = _incidents(tiny, "Gunmen killed 12 people in Iraq on Monday, officials said. "
                                "Witnesses spoke of panic. The incident took place in Mosul.")
    assert event.place.name == "Mosul"
    assert event.location_basis == "definite_reference"
    assert len(event.quotes) == 2


def test_a_reference_to_a_place_outside_the_events_is_no_move(tiny):
    (event,) = _incidents(tiny, "A drone strike hit a car in Baghdad on Monday, killing one. "
                                "The incident took place in Mosul, a police source said.")
    assert event.place.name == "Baghdad"


def test_the_innermost_place_named_on_from_the_site_is_the_site(tiny):
    """"in Iraq, in the Mosul area": each step lies in the one before; Mosul does not lie in
    Baghdad, so there the chain stops."""
    (inner,) = _incidents(tiny, "An air strike hit a market in Iraq, in the Mosul area, on "
                                "Monday, killing four.")
    assert inner.place.name == "Mosul"
    (town,) = _incidents(tiny, "An air strike hit a market in Baghdad, in the Mosul area, on "
                               "Monday, killing four.")
    assert town.place.name == "Baghdad"


def test_another_bombing_placed_nowhere_known_is_a_second_event_near_the_first(tiny):
    """"Another bombing in the central Sibaa area": the area is not in the gazetteer; it is a
    second event of the report, near the first, on its day; merging keeps the two apart."""
    from geomap.incidents.merge import merge_incidents

    found = merge_incidents(_incidents(
        tiny, "A car bomb killed seven people in Baghdad on Monday, police said. "
              "Another bombing in the central Sibaa area killed three civilians, he said."))
    assert [(i.place.name, i.fatalities) for i in found] == [("Baghdad", 7), ("Baghdad", 3)]
    assert found[1].geo_precision == 2
    assert found[1].date == found[0].date


def test_an_event_dated_only_to_the_week_takes_the_day_its_lede_gives(tiny):
    (event,) = _incidents(tiny, "At least 11 people were killed in an explosion in Mosul earlier "
                                "this week. The explosion near the mosque on Thursday also "
                                "wounded 30.", published=date(2024, 5, 10))
    assert (event.date.value, event.date.precision) == (date(2024, 5, 9), "day")


def test_a_cause_named_in_response_is_no_site_of_the_response(tiny):
    (event,) = _incidents(tiny, "Militants fired rockets at Erbil on Monday. The group said the "
                                "rockets were in response to killings of its fighters in Mosul.")
    assert event.place.name == "Erbil"
    assert event.event_type == "Explosions/Remote violence"
    assert len(event.quotes) == 2


def test_an_interception_told_with_the_attack_keeps_the_attack_type(tiny):
    (event,) = _incidents(tiny, "Militants fired rockets at Erbil on Monday, wounding a guard. "
                                "Most of the rockets were intercepted over Erbil, officials said.")
    assert event.event_type == "Explosions/Remote violence"


def test_the_attacks_after_a_background_sentence_are_the_background_attacks(tiny):
    (event,) = _incidents(tiny, "A roadside bomb killed two soldiers in Mosul on Monday. "
                                "Militants vowed in 2019 to attack every convoy in Iraq. "
                                "The attacks prompted Jordan to send troops to Erbil.")
    assert event.place.name == "Mosul"
    assert len(event.quotes) == 1


def test_the_massacre_named_again_after_only_background_is_no_news(tiny):
    found = _incidents(tiny, "Hundreds gathered in Mosul on Monday to mark 30 years since a "
                             "massacre there in 1994. A student whose parents lived in Mosul "
                             "but escaped the massacre spoke at the memorial.")
    assert found == []


def test_a_lede_opening_with_the_attack_is_still_news(tiny):
    (event,) = _incidents(tiny, "The attack on a checkpoint in Mosul on Monday killed three "
                                "soldiers, officials said.")
    assert event.place.name == "Mosul"


def _fold_every_pair(incidents):
    """fold_events as first written: each report read against every event before it."""
    from geomap.incidents.events import _join, refers_back, same_event

    events = []
    for incident in incidents:
        index = next((k for k, e in enumerate(events) if same_event(e, incident)), None)
        if index is not None:
            events[index] = _join(events[index], incident)
        elif events and refers_back(events[-1], incident):
            events[-1] = _join(events[-1], incident, keep_place=True)
        else:
            events.append(incident)
    return events


_PLACES = ["Mosul", "Erbil", "Baghdad", "Iraq", "Jordan"]
_DAYS = ["on Monday", "on Sunday", "on Friday", "on Tuesday", ""]


@pytest.fixture(scope="module")
def sentence_incidents(tiny):
    found = {}
    for place in _PLACES:
        for day in _DAYS:
            for words in ("A car bomb exploded in", "Gunmen attacked the market in"):
                text = f"{words} {place} {day}, killing two people.".replace("  ", " ")
                found[(place, day, words)] = _incidents(tiny, text)[0]
    return found


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(_PLACES), st.sampled_from(_DAYS),
                          st.sampled_from(["A car bomb exploded in",
                                           "Gunmen attacked the market in"])), max_size=12))
def test_folding_by_day_is_folding_against_every_event(sentence_incidents, reports):
    from geomap.incidents.events import fold_events

    incidents = [sentence_incidents[r] for r in reports]
    assert fold_events(incidents) == _fold_every_pair(incidents)
