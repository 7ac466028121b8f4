"""Resolution: homonyms ranked with explainable signals, and the known failures that must not
happen ("European" → a mine in Arizona, "Africa" → a town in Tunisia, a US state → a village,
"Jordan" → a town in a Middle East article)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from geomap.gazetteer.index import Gazetteer
from geomap.records import Mention
from geomap.resolve import GazetteerResolver, ResolverChain
from tests.helpers import place as _p

ROWS = [
    (_p("Iraq", 33.0, 44.0, 99237, "PCLI", "IQ", 38_000_000, "A"), ["\0Iraqi"]),
    (_p("Syria", 35.0, 38.0, 163843, "PCLI", "SY", 22_000_000, "A"), ["\0Syrian"]),
    (_p("Jordan", 31.0, 36.5, 248816, "PCLI", "JO", 10_000_000, "A"), ["\0Jordanian"]),
    (_p("Jordan", 22.3, 114.2, 8224045, "PPL", "HK", 41_000), []),
    (_p("Jordan", 40.97, -73.98, 5122534, "PPL", "US", 1_300), []),
    (_p("Baghdad", 33.34, 44.40, 98182, "PPLC", "IQ", 7_200_000), []),
    (_p("Tikrit", 34.6, 43.68, 88319, "PPLA", "IQ", 160_000, admin1="18"), []),
    (_p("Tikrit", 30.0, 70.0, 900001, "PPL", "PK", 5_000_000), []),
    (_p("Salah ad Din", 34.5, 43.5, 91695, "ADM1", "IQ", 0, "A", admin1="18"),
     ["Salahuddin"]),
    (_p("Mahdia", 35.5, 11.06, 2473572, "PPLA", "TN", 51_803), ["Africa"]),
    (_p("European Mine", 33.0, -110.0, 5294000, "MN", "US", 0, "S"), ["European"]),
    (_p("Texas", 30.27, -97.74, 4736286, "ADM1", "US", 0, "A", admin1="TX"), []),
    (_p("Texas", 20.03, -99.2, 3814142, "PPL", "MX", 993), []),
    (_p("Houston", 29.76, -95.36, 4699066, "PPLA2", "US", 2_300_000, admin1="TX"), []),
    (_p("Georgia", 42.3, 43.6, 614540, "PCLI", "GE", 3_700_000, "A"), []),
    (_p("Georgia", 33.75, -84.39, 4197000, "ADM1", "US", 0, "A", admin1="GA"), []),
    (_p("Atlanta", 33.75, -84.39, 4180439, "PPLA", "US", 460_000, admin1="GA"), []),
    (_p("Aleppo", 36.2, 37.16, 170063, "PPLA", "SY", 1_800_000, admin1="09"), []),
    (_p("Aleppo", 36.2, 37.16, 170062, "ADM1", "SY", 0, "A", admin1="09"), []),
    (_p("Kentucky", 37.5, -85.0, 6254925, "ADM1", "US", 0, "A", admin1="KY"), []),
    (_p("Gwinnett County", 33.96, -84.02, 4200000, "ADM2", "US", 0, "A", admin1="GA"), []),
    (_p("Clay", 37.5, -87.8, 4200001, "PPL", "US", 1_200, admin1="KY"), []),
    (_p("Clay County", 37.16, -83.71, 4200002, "ADM2", "US", 0, "A", admin1="KY"), []),
    (_p("Huntsville", 34.73, -86.59, 4068590, "PPLA2", "US", 190_000, admin1="AL"), []),
    (_p("Huntsville", 30.72, -95.55, 4696202, "PPLA2", "US", 41_000, admin1="TX"), []),
    (_p("Walker County", 34.74, -85.30, 4229000, "ADM2", "US", 0, "A", admin1="GA"), []),
    (_p("Walker County", 30.74, -95.57, 4741000, "ADM2", "US", 0, "A", admin1="TX"), []),
    (_p("Athens", 35.44, -84.59, 4604000, "PPL", "US", 14_000, admin1="TN"), []),
    (_p("Athens", 32.2, -95.85, 4670000, "PPL", "US", 12_700, admin1="TX"), []),
    (_p("Henderson County", 35.65, -88.39, 4630000, "ADM2", "US", 0, "A", admin1="TN"), []),
    (_p("Henderson County", 32.21, -95.85, 4690000, "ADM2", "US", 0, "A", admin1="TX"), []),
]


@pytest.fixture(scope="module")
def resolver() -> GazetteerResolver:
    return GazetteerResolver(Gazetteer.from_places(ROWS))


def article(*names: str, kind: str = "toponym") -> list[Mention]:
    """Mentions as a recogniser would give them for "A, B and C ...", in one sentence."""
    out, pos = [], 0
    text = ", ".join(names)
    for name in names:
        out.append(Mention("a", pos, pos + len(name), name, kind=kind,
                           sentence_start=0, sentence_end=len(text)))
        pos += len(name) + 2
    return out


def resolved(resolver, *names):
    return [r.place for r in resolver.resolve_article(article(*names))]


def test_jordan_is_the_country_in_a_middle_east_article(resolver):
    places = resolved(resolver, "Baghdad", "Jordan", "Syria")
    assert places[1].geonameid == 248816


def test_a_us_state_is_not_a_same_named_village(resolver):
    (texas,) = resolved(resolver, "Texas")
    assert texas.feature_code == "ADM1"
    assert resolved(resolver, "Houston", "Texas")[1].geonameid == 4736286


def test_georgia_is_the_us_state_in_an_article_about_atlanta(resolver):
    assert resolved(resolver, "Atlanta", "Georgia")[1].geonameid == 4197000
    assert resolved(resolver, "Baghdad", "Georgia")[1].geonameid == 614540


def test_africa_and_european_are_continents_not_a_town_or_a_mine(resolver):
    africa, = resolved(resolver, "Africa")
    assert (africa.feature_code, africa.geonameid) == ("CONT", 6255146)
    (europe,) = [r.place for r in resolver.resolve_article(article("European", kind="demonym"))]
    assert europe is None or europe.feature_code == "CONT"
    assert europe is None or europe.geonameid == 6255148


def test_a_parent_named_after_decides_the_homonym(resolver):
    # The Pakistani Tikrit has more people, but "Tikrit, Iraq" names its parent.
    alone = resolver.resolve(article("Tikrit")[0])
    assert alone.place.country_code == "PK"
    res = resolver.resolve_article(article("Tikrit", "Iraq"))
    assert res[0].place.geonameid == 88319
    assert res[0].signal == "parent"


def test_province_word_and_alternate_names_reach_the_division(resolver):
    (salah,) = resolved(resolver, "Salahuddin province")
    assert salah.geonameid == 91695


def test_a_city_beats_its_same_named_province(resolver):
    assert resolved(resolver, "Aleppo")[0].feature_code == "PPLA"


def test_state_abbreviations_resolve_to_the_state(resolver):
    assert resolved(resolver, "Ky.")[0].geonameid == 6254925


def test_plural_demonyms_point_at_their_country(resolver):
    res = resolver.resolve_article(article("Syrians", kind="demonym"))
    assert res[0].place.geonameid == 163843


def test_a_country_name_used_as_adjective_resolves_to_the_country(resolver):
    res = resolver.resolve_article(article("Iraq", kind="demonym"))
    assert res[0].place.geonameid == 99237


def test_candidates_keep_scores_and_the_deciding_signal(resolver):
    res = resolver.resolve_article(article("Baghdad", "Jordan"))[1]
    assert 1 < len(res.candidates) <= 3
    scores = [c.score for c in res.candidates]
    assert scores == sorted(scores, reverse=True)
    assert res.candidates[0].place == res.place
    assert res.signal in {"name", "feature", "population", "article_country",
                          "article_admin1", "parent", "distance"}
    assert 0 < res.confidence <= 1


def test_low_confidence_is_no_answer(resolver):
    strict = GazetteerResolver(resolver.gazetteer, min_confidence=0.99)
    res = strict.resolve_article(article("Jordan"))[0]
    assert res.place is None
    assert res.signal == "below confidence threshold"
    assert res.candidates  # the candidates are still reported


def test_unknown_names_have_no_resolution(resolver):
    assert resolver.resolve_article(article("Atlantis")) == [None]
    assert resolver.resolve(article("Atlantis")[0]) is None


def test_known_country_narrows_the_candidates(resolver):
    pk = GazetteerResolver(resolver.gazetteer, known_country="iq")
    assert pk.resolve(article("Tikrit")[0]).place.geonameid == 88319


COHERENCE_ROWS = [
    (_p("Paris", 48.85, 2.35, 2988507, "PPLC", "FR", 2_100_000), []),
    (_p("Paris", 36.30, -88.33, 4646571, "PPLA2", "US", 10_000, admin1="TN"), []),
    (_p("Henry County", 36.33, -88.30, 4628829, "ADM2", "US", 0, "A", admin1="TN"), []),
    (_p("Henry County", 33.45, -84.15, 4200051, "ADM2", "US", 0, "A", admin1="GA"), []),
    (_p("Henry County", 31.52, -85.24, 4066911, "ADM2", "US", 0, "A", admin1="AL"), []),
    (_p("Canada", 60.0, -96.0, 6251999, "PCLI", "CA", 38_000_000, "A"), ["\0Canadian"]),
    (_p("Canadian", 35.91, -100.38, 5520993, "PPLA2", "US", 2_600, admin1="TX"), []),
]


@pytest.fixture(scope="module")
def coherent() -> GazetteerResolver:
    return GazetteerResolver(Gazetteer.from_places(COHERENCE_ROWS))


def test_names_that_can_lie_together_pick_each_other(coherent):
    """Paris, Tennessee lies in Henry County, Tennessee: the two names settle each other,
    though Paris alone is the French capital and Henry County alone is a three-way tie."""
    assert coherent.resolve(article("Paris")[0]).place.country_code == "FR"
    paris, county = coherent.resolve_article(article("Paris", "Henry County"))
    assert (paris.place.geonameid, county.place.geonameid) == (4646571, 4628829)
    assert "coherence" in {c.signal for c in paris.candidates + county.candidates}


def test_a_demonym_names_its_country_over_a_town_of_that_name(coherent):
    """Gold spans come without a kind: "Canadian" is Canada, not Canadian, Texas."""
    (found,) = coherent.resolve_article(article("Canadian"))
    assert found.place.geonameid == 6251999


def test_one_name_read_two_ways_is_ranked_the_same_in_any_order(coherent):
    """A demonym "Canadian" and a toponym "Canadian" are two questions: neither borrows the
    other's readings, whichever comes first."""
    demonym = article("Canadian", kind="demonym")[0]
    toponym = article("Canadian")[0]
    first = coherent.resolve_article([demonym, toponym])
    second = coherent.resolve_article([toponym, demonym])
    names = [[c.place.name for c in r.candidates] for r in first]
    assert names == [[c.place.name for c in r.candidates] for r in reversed(second)]
    assert names[0] != names[1]


def test_a_town_across_the_border_of_the_articles_country_wins():
    """Kobani in an article about Turkey: Syria borders Turkey, Tanzania does not, so the
    Syrian town wins, where without the neighbours it did not."""
    rows = [
        (_p("Turkey", 39.0, 35.0, 298795, "PCLI", "TR", 85_000_000, "A"), ["\0Turkish"]),
        (_p("Ayn al Arab", 36.89, 38.35, 172256, "PPLA2", "SY", 44_000), ["Kobani"]),
        (_p("Mkoani", -5.37, 39.65, 153600, "PPL", "TZ", 45_000), ["Kobani"]),
    ]
    alone = GazetteerResolver(Gazetteer.from_places(rows))
    bordered = GazetteerResolver(Gazetteer.from_places(rows, neighbours={"TR": ["SY"],
                                                                         "SY": ["TR"]}))
    mentions = article("Kobani", "Turkey")
    without = alone.resolve_article(mentions)[0].place
    assert without is None or without.country_code != "SY"
    found = bordered.resolve_article(mentions)[0]
    assert found.place.geonameid == 172256
    assert found.signal == "article_country"


def test_a_name_the_text_calls_a_town_is_no_division():
    """"The outskirts of Sagaing": the town, though the region of that name outranks it."""
    resolver = GazetteerResolver(Gazetteer.from_places([
        (_p("Sagaing Region", 24.0, 95.5, 1298481, "ADM1", "MM", 0, "A", admin1="01"),
         ["Sagaing"]),
        (_p("Sagaing", 21.88, 95.98, 1298482, "PPLA2", "MM", 78_000, admin1="01"), []),
    ]))
    plain = article("Sagaing")
    town = [replace(plain[0], qualifier="the outskirts of")]
    assert resolver.resolve_article(plain)[0].place.feature_code == "ADM1"
    assert resolver.resolve_article(town)[0].place.geonameid == 1298482


def test_nearness_reaches_across_the_date_line():
    """Two towns either side of 180° lie close together, not half a world apart."""
    from geomap.resolve.ranking import _nearness

    east = _p("Levuka", -17.68, 179.9, 1, "PPL", "FJ")
    assert _nearness(east, [(-17.68, -179.9)]) > 0.9


def test_a_name_placed_nowhere_gets_the_articles_focus_country(resolver):
    chain = ResolverChain(resolver)
    res = chain.resolve_article(article("Baghdad", "Salahuddin", "Kfraya", "Iraq"))
    village = res[2]
    assert village.place is not None
    assert village.place.geonameid == 99237
    assert (village.resolver, village.place.precision) == ("focus", "country")
    assert "3 of 3 placed names are in Iraq" in village.signal
    assert [r.resolver for r in res].count("focus") == 1  # the placed names keep their places
    off = ResolverChain(resolver, focus_country=False)
    assert off.resolve_article(article("Baghdad", "Salahuddin", "Kfraya"))[2].place is None


def test_no_focus_country_when_the_article_is_split_or_thin(resolver):
    chain = ResolverChain(resolver)
    split = chain.resolve_article(article("Baghdad", "Aleppo", "Kfraya"))
    assert split[2].place is None  # one name in Iraq, one in Syria: no focus
    thin = chain.resolve_article(article("Baghdad", "Kfraya"))
    assert thin[1].place is None  # one placed name is too little to call a focus


def test_a_name_placed_nowhere_gets_the_division_most_of_its_articles_places_are_in(resolver):
    """Houston and Walker County are in Texas: an unknown neighbourhood named beside them is
    somewhere in Texas, near them, and says so (precision admin1, the point theirs)."""
    houston, walker, frogtown = ResolverChain(resolver).resolve_article(
        article("Houston", "Walker County", "Frogtown"))
    assert (frogtown.resolver, frogtown.place.precision) == ("focus", "admin1")
    assert (frogtown.place.geonameid, frogtown.place.name) == (4736286, "Texas")
    assert frogtown.place.source == "article"  # the middle of the article's Texan places
    assert frogtown.place.lat == pytest.approx((houston.place.lat + walker.place.lat) / 2)
    assert frogtown.place.lon == pytest.approx((houston.place.lon + walker.place.lon) / 2)
    assert "2 of 2 placed names below country level are in Texas" in frogtown.signal


def test_no_focus_division_when_the_articles_places_are_spread(resolver):
    """Houston (Texas) and Atlanta (Georgia): no division holds most of them, and without a
    United States entry in this gazetteer the name stays unplaced."""
    spread = ResolverChain(resolver).resolve_article(article("Houston", "Atlanta", "Frogtown"))
    assert spread[2].place is None


def test_no_focus_division_when_the_article_is_mostly_about_other_countries(resolver):
    """Houston and Walker County beside Iraq, Syria and Jordan: two Texan names do not make
    an article about the Middle East an article about Texas."""
    res = ResolverChain(resolver).resolve_article(
        article("Houston", "Walker County", "Iraq", "Syria", "Jordan", "Frogtown"))
    assert res[-1].place is None


def test_a_focus_division_needs_a_country_and_most_of_the_article(resolver):
    """Seas carry a division code but no country: they make no focus (this crashed); the Texan
    names of an article mostly about the United States still do."""
    seas = [(_p("Persian Gulf", 27.0, 51.0, 1, "GULF", "", 0, "H", admin1="00"), []),
            (_p("Gulf of Oman", 24.5, 58.5, 2, "GULF", "", 0, "H", admin1="00"), [])]
    at_sea = ResolverChain(GazetteerResolver(Gazetteer.from_places(seas))).resolve_article(
        article("Persian Gulf", "Gulf of Oman", "Qwertzhaven"))
    assert at_sea[-1].place is None
    us = (_p("United States", 39.8, -98.6, 6252001, "PCLI", "US", 330_000_000, "A"), [])
    texas = ResolverChain(GazetteerResolver(Gazetteer.from_places([*ROWS, us])))
    found = texas.resolve_article(article("Houston", "Walker County", "United States",
                                          "Frogtown"))
    assert found[-1].place.name == "Texas"  # 3 of 3 names in the United States


def test_the_middle_of_places_is_the_same_in_any_order_and_exact_for_one():
    from geomap.resolve.focus import middle

    points = [(30.0, -95.0), (31.0, -96.0), (29.0, -94.0)]
    assert middle(points) == pytest.approx(middle(points[::-1]))
    assert middle([(0.0, 30.0)]) == (0.0, 30.0)


def test_the_middle_of_places_either_side_of_the_date_line_is_on_the_date_line():
    from geomap.resolve.focus import middle

    lat, lon = middle([(-17.0, 179.0), (-18.0, -179.0)])
    assert (lat, abs(lon)) == (pytest.approx(-17.5), pytest.approx(180.0))


def test_a_county_named_without_the_word_is_the_county_when_nothing_else_is(resolver):
    assert resolved(resolver, "Gwinnett")[0].geonameid == 4200000
    assert resolved(resolver, "Clay")[0].geonameid == 4200001  # a town called Clay comes first


def test_coherence_prefers_the_reading_next_to_the_other_name_not_just_in_its_region(resolver):
    # Huntsville AL is the bigger town and lies 120 km from Walker County GA, a neighbouring
    # degree cell; Huntsville TX is the seat of Walker County TX.
    huntsville, walker = resolved(resolver, "Huntsville", "Walker County")
    assert (huntsville.geonameid, walker.geonameid) == (4696202, 4741000)
    assert resolved(resolver, "Huntsville")[0].geonameid == 4068590  # alone: the bigger town


def test_a_reading_next_to_the_other_name_beats_one_merely_in_the_same_state(resolver):
    # Athens TN is bigger and shares Tennessee with a Henderson County 340 km away; Athens TX
    # is the seat of Henderson County TX
    athens, county = resolved(resolver, "Athens", "Henderson County")
    assert (athens.geonameid, county.geonameid) == (4670000, 4690000)
