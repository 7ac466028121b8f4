"""Who acted and who was hit, in sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.incidents.actor_roles import actor_roles
from geomap.incidents.merge import merge_incidents
from geomap.pipeline import Pipeline
from geomap.records import Article, Mention, Place, Resolution


def _demonyms(text: str) -> list[Resolution]:
    countries = {"Israeli": "Israel", "Russian": "Russia", "Philippine": "Philippines",
                 "Kenyan": "Kenya", "Palestinians": "Palestinian Territory", "Chad": "Chad"}
    found = []
    for word, country in countries.items():
        at = text.find(word)
        if at >= 0:
            place = Place(name=country, lat=0.0, lon=0.0, country_code="XX",
                          feature_class="A", feature_code="PCLI")
            kind = "toponym" if word == country else "demonym"
            mention = Mention("t", at, at + len(word), word, kind=kind)
            found.append(Resolution(mention, place, "gazetteer"))
    return found


def _roles(text: str, event_word: str):
    at = text.index(event_word)
    return actor_roles(text, (at, at + len(event_word)), (0, len(text)), _demonyms(text))


@pytest.mark.parametrize(("text", "event_word", "actor1", "actor2"), [
    # the subject acts, the object is hit
    ("Gunmen killed five soldiers near Kirkuk.", "killed", "Gunmen", "soldiers"),
    # passive voice: the agent after "by"
    ("Five soldiers were killed by gunmen near Kirkuk.", "killed", "gunmen", "soldiers"),
    ("The blast, claimed by no one, was caused by a bomb planted by suspected separatists.",
     "bomb", "suspected separatists", None),
    # a time between subject and verb, an aside between commas
    ("Separatists on Sunday attacked a village near Bamenda.", "attacked", "Separatists", None),
    ("The gunmen, wearing masks, stormed a school.", "stormed", "gunmen", None),
    # "said it": the speaker is the actor
    ("The Israeli military said it struck a Hamas command post.", "struck",
     "Military Forces of Israel", "Hamas"),
    # a participle shares its clause's subject
    ("Bandits raided the market overnight, killing traders.", "killing", "Bandits", None),
    # a demonym before the event word names the state's forces
    ("Israeli strikes killed 12 people in Rafah.", "strikes", "Military Forces of Israel",
     None),
    ("Eight civilians were killed in a Russian missile attack.", "killed",
     "Military Forces of Russia", "Civilians"),
    # a demonym and a force noun the table does not list
    ("Philippine troops killed two rebels.", "killed", "Military Forces of the Philippines",
     "rebels"),
    ("Kenyan police shot dead a suspect.", "shot", "Police Forces of Kenya", None),
    # a country's forces, named by the country's possessive
    ("Air strikes by Chad's military hit a convoy.", "Air strikes", "Military Forces of Chad",
     None),
    ("Chad condemned the strikes.", "strikes", None, None),
    # the two sides of a clash, in the order written
    ("Fighting between troops and rebels broke out at dawn.", "Fighting", "troops", "rebels"),
])
def test_who_acted(text, event_word, actor1, actor2):
    roles = _roles(text, event_word)
    assert (roles.actor1, roles.actor2) == (actor1, actor2)
    if actor1:
        assert dict(roles.evidence)["actor1"], "actor1 says which words gave it"


@pytest.mark.parametrize(("text", "event_word"), [
    ("34 Palestinians were killed in the raid.", "killed"),
    ("Two Israeli soldiers were killed in an ambush.", "killed"),
    ("A commander of Hezbollah died in a drone strike.", "drone strike"),
    ("A strike on Hamas fighters killed four people.", "strike"),
    ("Officials said soldiers were wounded when a bomb exploded.", "bomb"),
])
def test_victims_members_and_targets_never_act(text, event_word):
    assert _roles(text, event_word).actor1 is None


@given(text=st.text(max_size=200), cut=st.integers(min_value=0, max_value=200))
def test_any_text_gives_roles_without_error(text, cut):
    cut = min(cut, len(text))
    roles = actor_roles(text, (cut, cut), (0, len(text)), [])
    assert roles.actor1 is None or roles.actor1.strip()


@pytest.fixture(scope="module")
def tiny(tiny_gazetteer):
    return Pipeline(tiny_gazetteer)


def _incidents(pipeline, text, title=None):
    article = Article(id="a", text=text, title=title, published=date(2024, 5, 2))
    return pipeline.process(article).incidents


def test_the_headline_names_the_actor_of_events_that_name_none(tiny):
    (event,) = _incidents(tiny, "A strike hit a house in Mosul on Monday, killing four "
                                "people, Iraqi officials said.",
                          title="Iraqi air raids kill four in Mosul")
    assert event.actor1 == "Military Forces of Iraq"
    assert "in the headline" in dict(event.evidence)["actor1"]
    (event,) = _incidents(tiny, "A bomb went off in Mosul on Monday, killing four people.",
                          title="Militants kill four in Mosul bombing")
    assert event.actor1 == "Militants"


def test_the_lede_names_the_actor_but_not_of_an_event_it_was_hit_by(tiny):
    events = _incidents(tiny, "Gunmen attacked a checkpoint in Erbil on Monday. "
                              "Separately, a bomb exploded in Mosul on Monday, killing Gunmen.")
    assert [e.actor1 for e in events] == ["Gunmen", "Unidentified Armed Group"]


def test_a_bombing_nobody_claimed_is_by_an_unidentified_armed_group(tiny):
    (event,) = _incidents(tiny, "A roadside bomb exploded in Mosul on Monday, killing two.")
    assert event.actor1 == "Unidentified Armed Group"
    assert dict(event.evidence)["actor1"].startswith("no perpetrator named")


def test_bare_troops_are_the_forces_of_the_country_of_the_event(tiny):
    (event,) = _incidents(tiny, "Troops killed three militants in Mosul on Monday, "
                                "the army of Iraq said.")
    assert event.actor1 == "Military Forces of Iraq"
    assert "Troops" in dict(event.evidence)["actor1"]


def test_an_event_names_its_actor_in_its_evidence(tiny):
    (event,) = _incidents(tiny, "Five traders were killed by gunmen in Mosul on Monday.")
    assert event.actor1 == "gunmen"
    assert "gunmen" in dict(event.evidence)["actor1"]


def test_an_unnamed_perpetrator_is_no_actor_in_common(tiny):
    one = tiny.process(Article(id="one", text="A roadside bomb exploded in Erbil on Monday.",
                               published=date(2024, 5, 2))).incidents
    two = tiny.process(Article(id="two", text="A man was abducted in Erbil on Monday.",
                               published=date(2024, 5, 2))).incidents
    assert one[0].actor1 == two[0].actor1 == "Unidentified Armed Group"
    assert one[0].event_type != two[0].event_type
    assert len(merge_incidents([*one, *two])) == 2


def test_a_capital_condemning_the_attack_is_not_its_maker():
    """"Baghdad condemned the attack": a capital said for its government is no adjective of
    the attack, and no "Military Forces of Baghdad"."""
    text = "Baghdad condemned the attack on the convoy."
    place = Place(name="Baghdad", lat=33.3, lon=44.4, country_code="IQ", feature_class="P",
                  feature_code="PPLC")
    named = [Resolution(Mention("t", 0, 7, "Baghdad", kind="demonym"), place, "gazetteer")]
    at = text.index("attack")
    roles = actor_roles(text, (at, at + 6), (0, len(text)), named)
    assert roles.actor1 != "Military Forces of Baghdad"
