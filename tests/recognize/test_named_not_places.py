"""Organisations, forces and buildings named with a place word are not that place, with the
shipped index: a building's town is the place; a direction before a country qualifies it."""

from __future__ import annotations

import pytest

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
