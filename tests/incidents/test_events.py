"""One incident per real event: sentences about one event fold together, others stay apart."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.pipeline import Pipeline
from geomap.records import Article, EventDate, Incident, Mention, Place, Quote, Resolution


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
    """fold_events as first written: each report read against every event before it, and
    joined into it by making a new incident with the two's quotes and site mentions."""
    from geomap.incidents.events import refers_back, same_event

    events = []
    for incident in incidents:
        index = next((k for k, e in enumerate(events) if same_event(e, incident)), None)
        if index is not None:
            events[index] = _join_as_first_written(events[index], incident)
        elif events and refers_back(events[-1], incident):
            events[-1] = _join_as_first_written(events[-1], incident, keep_place=True)
        else:
            events.append(incident)
    return events


def _join_as_first_written(event, other, *, keep_place=False):
    """``_join``'s fields, with the quotes and site mentions concatenated pair by pair, as the
    fold first did (the event now gathers them as it grows)."""
    from geomap.incidents.events import _join

    joined, moved = _join(event, other, keep_place=keep_place)
    finer, rest = (other, event) if moved else (event, other)
    return replace(
        joined, quotes=tuple(dict.fromkeys((*event.quotes, *other.quotes))),
        site_mentions=tuple(dict.fromkeys((*finer.site_mentions, *rest.site_mentions))))


_PLACES = ["Mosul", "Erbil", "Baghdad", "Iraq", "Jordan"]
_DAYS = ["on Monday", "on Sunday", "on Friday", "on Tuesday", ""]
_WORDS = ["A car bomb exploded in", "Gunmen attacked the market in",
          "In a separate attack, gunmen attacked the market in", "The attack in"]
_TOLLS = [", killing two people", ", killing five people", "",
          " and the death toll rose to nine", ", the deadliest of 40 attacks this year"]


@pytest.fixture(scope="module")
def sentence_incidents(tiny):
    found = {}
    for place in _PLACES:
        for day in _DAYS:
            for words in _WORDS:
                for toll in _TOLLS:
                    text = f"{words} {place} {day}{toll}.".replace("  ", " ").replace(" ,", ",")
                    found[(place, day, words, toll)] = next(
                        iter(_incidents(tiny, text)), None)
    return found


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(_PLACES), st.sampled_from(_DAYS),
                          st.sampled_from(_WORDS), st.sampled_from(_TOLLS)), max_size=16))
def test_folding_by_place_and_day_is_folding_against_every_event(sentence_incidents, reports):
    """Dated and undated reports, of one event or of another, counted or not, at places
    equal, near, or held by another: the events read are those reading every event finds,
    and each event gathers the quotes and site mentions joining tuples would give it."""
    from geomap.incidents.events import fold_events

    incidents = [sentence_incidents[r] for r in reports if sentence_incidents[r] is not None]
    assert fold_events(incidents) == _fold_every_pair(incidents)


def test_an_event_of_many_sentences_keeps_each_quote_once_in_text_order(tiny):
    from geomap.incidents.events import fold_events

    one = _incidents(tiny, "Gunmen attacked the market in Mosul on Monday, killing two people.")
    again = _incidents(tiny, "Gunmen attacked the market in Mosul on Monday.")
    reports = [one[0], *(again * 3), one[0]]
    (event,) = fold_events(reports)
    assert event.quotes == (one[0].quotes[0], again[0].quotes[0])
    assert event.fatalities == 2


def _town(name, lat, lon, code="PPL", country="IQ", admin1="04"):
    return Place(name=name, lat=lat, lon=lon, feature_class="P" if code == "PPL" else "A",
                 feature_code=code, country_code=country, admin1=admin1)


#: Places the tiny gazetteer lacks: towns 10, 24 and 33 km apart, divisions holding them or
#: not, their country, and two towns 4 km apart across the antimeridian.
_SITES = [_town("Aski", 36.0, 43.0), _town("Basi", 36.09, 43.0), _town("Dari", 36.3, 43.0),
          _town("Eski", 36.0, 43.27), _town("Nineveh", 36.2, 43.1, "ADM1"),
          _town("Hamdan", 36.1, 43.05, "ADM2"), _town("Dohuk", 36.9, 43.0, "ADM1", admin1="05"),
          _town("Iraq", 33.0, 44.0, "PCLI", admin1=""),
          _town("Levuka", -16.5, 179.99, country="FJ", admin1="01"),
          _town("Wai", -16.5, -179.97, country="FJ", admin1="01")]


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(_DAYS), st.sampled_from(_WORDS),
                          st.sampled_from(_TOLLS), st.sampled_from(_SITES)), max_size=16))
def test_folding_near_and_held_places_is_folding_against_every_event(sentence_incidents,
                                                                      reports):
    """The same at towns within and beyond SAME_PLACE_KM of each other, and at divisions
    holding them or not."""
    from geomap.incidents.events import fold_events

    incidents = []
    for day, words, toll, site in reports:
        found = sentence_incidents[("Mosul", day, words, toll)]
        if found is not None:
            incidents.append(replace(found, location=replace(found.location, place=site)))
    assert fold_events(incidents) == _fold_every_pair(incidents)


_REF_PLACES = [  # (feature code, country, first-level code, lat, lon)
    ("PCLI", "IQ", "", 33.0, 44.0), ("ADM1", "IQ", "07", 36.0, 43.0),
    ("ADM2", "IQ", "07", 36.1, 43.1), ("PPL", "IQ", "07", 36.2, 43.2),
    ("PPL", "IQ", "07", 38.5, 43.2), ("PPL", "IQ", "11", 33.3, 44.4),
    ("PCLI", "SY", "", 35.0, 38.0), ("ADM1", "SY", "09", 36.2, 37.1),
    ("PPL", "SY", "09", 36.3, 37.2),
    ("RGN", "", "", 30.0, 40.0),
]


def _ref_at(k: int, start: int, which: int):
    code, cc, admin1, lat, lon = _REF_PLACES[which]
    place = Place(name=f"p{which}", lat=lat, lon=lon, feature_class="P", feature_code=code,
                  country_code=cc, admin1=admin1)
    mention = Mention("a", start, start + 3, f"p{which}")
    quote = Quote("a", start, start + 5, f"s{k}...")
    incident = Incident(incident_id=str(k), article_ids=("a",), event_type="Battles",
                        sub_event_type="Armed clash", trigger="clash", quotes=(quote,),
                        location=Resolution(mention, place, "gazetteer"), geo_precision=3,
                        location_basis="syntactic", date=EventDate(None))
    return incident, quote, Resolution(mention, place, "gazetteer")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, len(_REF_PLACES) - 1)), max_size=30))
def test_placing_by_references_by_area_is_reading_every_event(items):
    from geomap.incidents.events import _placed_one_by_one, placed_by_references
    events, references = [], []
    for k, (is_event, which) in enumerate(items):
        incident, quote, site = _ref_at(k, 10 * k, which)
        if is_event:
            events.append(incident)
        else:
            references.append((quote, site))
    assert placed_by_references(events, references) == _placed_one_by_one(
        list(events), references)
