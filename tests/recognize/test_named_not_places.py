"""Organisations, forces and buildings named with a place word are not that place, with the
shipped index: a building's town is the place; a direction before a country qualifies it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.gazetteer.index import Gazetteer
from geomap.recognize.recognizer import Recognizer
from geomap.records import Article
from geomap.resolve import GazetteerResolver, ResolverChain


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def _found(gazetteer, text):
    mentions = Recognizer(gazetteer).find(Article("a", text))
    return ResolverChain(GazetteerResolver(gazetteer)).resolve_article(mentions)


@pytest.mark.parametrize("text", [
    "The Syrian Observatory for Human Rights counted the dead.",
    "African Union troops withdrew on Monday.",
    "The European Union naval force escorted the ship.",
    "Jabhat al-Nusra fighters advanced.",
])
def test_an_organisation_or_force_named_with_a_place_word_is_no_place(gazetteer, text):
    assert _found(gazetteer, text) == []


def test_a_building_is_no_place_but_the_town_the_text_gives_is(gazetteer):
    (res,) = _found(gazetteer, "Strikes hit Kamal Adwan Hospital in Beit Lahia.")
    assert res.mention.text == "Beit Lahia"
    assert res.place.country_code == "PS"


def test_a_direction_before_a_country_qualifies_the_country(gazetteer):
    """"eastern Democratic Republic of Congo" is the country, qualified; never a region
    called "Eastern" in another country."""
    (res,) = _found(gazetteer, "Fighting raged in eastern Democratic Republic of Congo.")
    assert res.mention.text == "Democratic Republic of Congo"
    assert res.mention.qualifier == "eastern"
    assert res.place.country_code == "CD"


@pytest.mark.parametrize(("text", "not_places", "places"), [
    ("A ship was hit off Yemen, the UK Maritime Trade Operations (UKMTO) said.",
     {"Maritime"}, {"Yemen"}),
    ("The Food and Drug Administration (FDA) recalled the pills in Ohio.", {"Drug"}, {"Ohio"}),
    ("Titus County Sheriff's Office (TCSO) deputies were called.", set(), {"Titus County"}),
    ("Aid reached the Democratic Republic of the Congo (DRC) on Monday.", set(),
     {"Democratic Republic of the Congo"}),
])
def test_a_plain_word_inside_a_name_given_with_its_acronym_is_no_place(
        gazetteer, text, not_places, places):
    """The words before "(UKMTO)" whose initials spell it are an organisation's name: a plain
    word inside it is no place, a proper name stays one, and a place named in full stays."""
    found = {r.mention.text for r in _found(gazetteer, text)}
    assert not found & not_places
    assert places <= found


def test_acronym_names_are_the_words_the_acronym_spells():
    from geomap.recognize.organisations import acronym_names
    text = ("head of the Syrian Observatory for Human Rights (SOHR), and people (IDPs) and "
            "Mosul (Iraq)")
    assert [text[a:b] for a, b in acronym_names(text)] == ["Syrian Observatory for Human Rights"]


@given(st.text(alphabet=st.sampled_from(list("AB Cof()Dx -sUK")), max_size=80))
def test_acronym_names_are_spans_right_before_their_brackets(text):
    from geomap.recognize.organisations import acronym_names
    for start, end in acronym_names(text):
        assert 0 <= start < end <= len(text)
        assert text[end + 1] == "("
        assert text[start].isupper()


@pytest.mark.parametrize(("text", "person", "place"), [
    ("Karim Ahmadi, a police spokesman in Kabul, said two people died.", "Ahmadi", "Kabul"),
    ("The deputy, Peter Gatwech Dual, spoke in Juba on Monday.", "Dual", "Juba"),
])
def test_a_surname_that_is_only_a_big_city_s_other_name_is_a_person_s(
        gazetteer, text, person, place):
    """"Ahmadi" is also Kuwait's Al Ahmadi and "Dual" Cameroon's Douala, by other names; after
    a first name they are surnames."""
    found = {r.mention.text for r in _found(gazetteer, text)}
    assert person not in found
    assert place in found


def test_a_big_city_by_its_own_name_after_a_capitalised_word_stays_a_place(gazetteer):
    found = {r.mention.text for r in _found(gazetteer, "Shops reopened in Kuwait's Al Ahmadi.")}
    assert "Al Ahmadi" in found
