"""A bare name in an article that also writes it with its division word ("DeKalb" beside
"DeKalb County", "Nineveh" beside "Nineveh province") is the division, unless a town of that
name lies in it or the text calls it a town."""

from __future__ import annotations

import re

import pytest

from geomap.gazetteer.index import Gazetteer
from geomap.recognize.context import type_word
from geomap.records import Mention
from geomap.resolve.gazetteer_resolver import GazetteerResolver
from tests.helpers import place as _p

ROWS = [
    (_p("DeKalb", 41.93, -88.75, 1, "PPL", "US", 43_000, admin1="IL"), []),
    (_p("DeKalb County", 41.99, -88.77, 2, "ADM2", "US", 0, "A", admin1="IL"), []),
    (_p("DeKalb County", 33.77, -84.23, 3, "ADM2", "US", 0, "A", admin1="GA"), []),
    (_p("Sycamore", 41.99, -88.69, 4, "PPLA2", "US", 17_000, admin1="IL"), []),
    (_p("Tucker", 33.85, -84.22, 5, "PPL", "US", 27_000, admin1="GA"), []),
    (_p("Macon", 32.84, -83.63, 9, "PPLA2", "US", 150_000, admin1="GA"), []),
    (_p("Nineveh", 39.36, -86.08, 6, "PPL", "US", 20_000, admin1="IN"), []),
    (_p("Indianapolis", 39.77, -86.16, 8, "PPLA", "US", 870_000, admin1="IN"), []),
    (_p("Ninawa", 36.0, 42.5, 7, "ADM1", "IQ", 0, "A", admin1="15"),
     ["Nineveh", "Nineveh Province"]),
]


@pytest.fixture(scope="module")
def resolver() -> GazetteerResolver:
    return GazetteerResolver(Gazetteer.from_places(ROWS))


def mentions(text: str, *names: str) -> list[Mention]:
    """Every occurrence of each name, in text order, with its type word."""
    spans = sorted((m.start(), m.end()) for name in names
                   for m in re.finditer(rf"\b{re.escape(name)}\b(?! County| province)", text))
    return [Mention("a", s, e, text[s:e], sentence_start=0, sentence_end=len(text),
                    type_word=type_word(text, s, e, 0, len(text))) for s, e in spans]


def picks(resolver: GazetteerResolver, text: str, *names: str) -> list[tuple[str, int]]:
    return [(r.mention.text, r.place.geonameid)
            for r in resolver.resolve_article(mentions(text, *names))]


def test_a_bare_name_is_the_county_the_article_names(resolver):
    text = "Tucker residents asked DeKalb County for a park. DeKalb will vote in May."
    out = resolver.resolve_article(mentions(text, "Tucker", "DeKalb County", "DeKalb"))
    assert [r.place.geonameid for r in out] == [5, 3, 3]  # Georgia's county, not the town
    assert out[2].signal == "named 'DeKalb County' in the article"


def test_the_bare_name_does_not_pull_the_county_to_its_own_town(resolver):
    """DeKalb, Illinois lies in DeKalb County, Illinois: whichever county is meant, the
    town's reading supports that one, so only the article's other places decide."""
    text = "A water main broke in north DeKalb. Crews from Macon fixed it in DeKalb County."
    assert picks(resolver, text, "DeKalb", "Macon", "DeKalb County") == [
        ("DeKalb", 3), ("Macon", 9), ("DeKalb County", 3)]


def test_a_town_of_the_name_inside_the_county_stays_the_town(resolver):
    text = "A DeKalb man was arrested in Sycamore and held in the DeKalb County jail."
    assert picks(resolver, text, "DeKalb", "Sycamore", "DeKalb County") == [
        ("DeKalb", 1), ("Sycamore", 4), ("DeKalb County", 2)]


def test_the_text_calling_it_a_town_keeps_the_town(resolver):
    text = "Tucker residents asked DeKalb County for a park. The DeKalb city council agreed."
    assert picks(resolver, text, "Tucker", "DeKalb County", "DeKalb")[2] == ("DeKalb", 1)


def test_a_bare_name_is_the_province_the_article_names(resolver):
    """Even in an Indiana paper, beside Nineveh, Indiana: the soldiers served in Iraq."""
    text = "Indianapolis soldiers served in Nineveh province. Nineveh was calm, they said."
    assert picks(resolver, text, "Indianapolis", "Nineveh province", "Nineveh") == [
        ("Indianapolis", 8), ("Nineveh province", 7), ("Nineveh", 7)]


def test_a_capital_named_like_the_county_stays_the_capital():
    """"Officials in Jackson" beside "Jackson County, Mississippi": the state capital."""
    rows = [(_p("Jackson", 32.3, -90.18, 11, "PPLA", "US", 150_000, admin1="MS"), []),
            (_p("Jackson County", 30.5, -88.6, 12, "ADM2", "US", 0, "A", admin1="MS"), []),
            (_p("Pascagoula", 30.37, -88.56, 13, "PPLA2", "US", 22_000, admin1="MS"), [])]
    resolver = GazetteerResolver(Gazetteer.from_places(rows))
    text = "Storms hit Jackson County near Pascagoula. Officials in Jackson asked for aid."
    assert picks(resolver, text, "Jackson County", "Pascagoula", "Jackson")[-1] == \
        ("Jackson", 11)


def test_two_counties_of_the_name_leave_the_bare_name_alone():
    """Clay County, Georgia and Clay County, Mississippi: the article does not say which one
    a bare "Clay" is, whichever it names last."""
    rows = [(_p("Clay County", 31.6, -84.98, 21, "ADM2", "US", 0, "A", admin1="GA"), []),
            (_p("Clay County", 33.66, -88.78, 22, "ADM2", "US", 0, "A", admin1="MS"), []),
            (_p("Clay", 38.46, -81.08, 23, "PPL", "US", 500, admin1="WV"), []),
            (_p("Georgia", 32.75, -83.5, 24, "ADM1", "US", 0, "A", admin1="GA"), []),
            (_p("Mississippi", 32.75, -89.75, 25, "ADM1", "US", 0, "A", admin1="MS"), [])]
    resolver = GazetteerResolver(Gazetteer.from_places(rows))
    for text in ("Clay County, Georgia and Clay County, Mississippi met. Clay voted.",
                 "Clay County, Mississippi and Clay County, Georgia met. Clay voted."):
        out = resolver.resolve_article(mentions(text, "Clay County", "Georgia", "Mississippi",
                                                "Clay"))
        assert {out[0].place.geonameid, out[2].place.geonameid} == {21, 22}
        assert "named" not in out[-1].signal
