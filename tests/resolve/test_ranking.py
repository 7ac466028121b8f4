"""Ranking signals that keep a homonym from winning for the wrong reason: a name that only
names a territory's claimant, a seat reached by an alternate name, a place supporting itself."""

from __future__ import annotations

from geomap.gazetteer.index import Gazetteer
from geomap.records import Mention, Place
from geomap.resolve import GazetteerResolver, ResolverChain


def _p(name, lat, lon, gid, code, cc, pop=0, fclass="P", admin1="", source="geonames"):
    return Place(name=name, lat=lat, lon=lon, geonameid=gid, feature_class=fclass,
                 feature_code=code, country_code=cc, admin1=admin1, population=pop,
                 source=source)


GAP = " and then "


def article(*names: str) -> list[Mention]:
    """Mentions for "A and then B and then C", in one sentence: no name is another's parent."""
    out, pos = [], 0
    text = GAP.join(names)
    for name in names:
        out.append(Mention("a", pos, pos + len(name), name, sentence_start=0,
                           sentence_end=len(text)))
        pos += len(name) + len(GAP)
    return out


def resolved(rows, *names) -> list[Place | None]:
    resolver = GazetteerResolver(Gazetteer.from_places(rows))
    return [r.place if r else None for r in resolver.resolve_article(article(*names))]


def test_a_territory_filed_under_its_claimants_name_is_not_that_name():
    """Natural Earth lists a disputed area under its claimant too: "Scotland" is Scotland, not
    Rockall, though a territory outranks a division when the name is its own."""
    rows = [
        (_p("Rockall I.", 57.6, -13.7, None, "TERR", "GB", 0, "A", source="naturalearth"),
         ["Scotland"]),
        (_p("Scotland", 56.5, -4.2, 2638360, "ADM1", "GB", 0, "A", admin1="SCT"), []),
        (_p("Gaza", 31.4, 34.4, None, "TERR", "PS", 0, "A", source="naturalearth"), []),
        (_p("Gaza", 31.5, 34.46, 281133, "PPLA", "PS", 410_000, admin1="GZ"), []),
    ]
    assert resolved(rows, "Scotland")[0].geonameid == 2638360
    assert resolved(rows, "Gaza")[0].feature_code == "TERR"


def test_a_state_is_not_its_capital_called_by_the_states_name():
    """Oklahoma City is also called "Oklahoma", but "Oklahoma" is the state; a division does
    yield to a seat whose own name it shares ("St. Petersburg" is the city)."""
    rows = [
        (_p("Oklahoma City", 35.47, -97.52, 4544349, "PPLA", "US", 681_000, admin1="OK"),
         ["Oklahoma"]),
        (_p("Oklahoma", 35.5, -97.5, 4544379, "ADM1", "US", 0, "A", admin1="OK"), []),
        (_p("Saint Petersburg", 59.94, 30.31, 498817, "PPLA", "RU", 5_000_000, admin1="66"),
         ["St. Petersburg"]),
        (_p("St.-Petersburg", 59.92, 30.25, 536203, "ADM1", "RU", 0, "A", admin1="66"), []),
    ]
    assert resolved(rows, "Oklahoma")[0].geonameid == 4544379
    assert resolved(rows, "St. Petersburg")[0].geonameid == 498817


def test_a_name_for_the_same_place_lends_it_no_coherence():
    """"Mexico" beside "Mexico City" is the country: Mexico City is also called "Mexico", but
    the other name naming the same city says nothing about where "Mexico" lies."""
    rows = [
        (_p("Mexico", 23.7, -102.3, 3996063, "PCLI", "MX", 126_000_000, "A"), []),
        (_p("Mexico City", 19.43, -99.13, 3530597, "PPLC", "MX", 12_300_000, admin1="09"),
         ["Mexico"]),
        (_p("Mexico City", 19.33, -99.14, 3527646, "ADM1", "MX", 0, "A", admin1="09"), []),
    ]
    country, city = resolved(rows, "Mexico", "Mexico City")
    assert (country.geonameid, city.geonameid) == (3996063, 3530597)


def test_a_county_listed_without_population_can_win_on_the_articles_country():
    """GeoNames gives English counties no population: "Suffolk" in an article mostly about
    England is the county, not the larger Suffolk, Virginia, which it still is alone."""
    rows = [
        (_p("Suffolk", 36.73, -76.58, 4791259, "PPLA2", "US", 88_000, admin1="VA"), []),
        (_p("Suffolk", 52.17, 1.0, 2636561, "ADM2", "GB", 0, "A", admin1="ENG"), []),
        (_p("England", 52.16, -0.7, 6269131, "ADM1", "GB", 0, "A", admin1="ENG"), []),
        (_p("Ipswich", 52.06, 1.16, 2646057, "PPLA2", "GB", 144_000, admin1="ENG"), []),
        (_p("Washington", 38.9, -77.04, 4140963, "PPLC", "US", 690_000, admin1="DC"), []),
    ]
    assert resolved(rows, "Suffolk")[0].country_code == "US"
    found = resolved(rows, "Suffolk", "England", "Ipswich", "Washington")
    assert found[0].geonameid == 2636561


def test_a_district_named_after_its_seat_leaves_the_name_to_the_town():
    """Syria's and Iraq's districts bear their seats' names: "Tell Tamer" is the small town,
    not its district, though a county counts as 30,000 people where no town shares its name."""
    rows = [
        (_p("Tell Tamer", 36.65, 40.37, 163099, "PPL", "SY", 2_000, admin1="06"), []),
        (_p("Tell Tamer", 36.6, 40.4, 9000001, "ADM2", "SY", 0, "A", admin1="06"), []),
    ]
    assert resolved(rows, "Tell Tamer")[0].geonameid == 163099


def test_short_written_compass_and_county_words_reach_the_place():
    """"W. Columbia" is West Columbia and "Loudon Co." Loudon County, as news writes them."""
    rows = [
        (_p("West Columbia", 33.99, -81.07, 4597919, "PPL", "US", 17_000, admin1="SC"), []),
        (_p("Columbia", 34.0, -81.03, 4575352, "PPLA", "US", 133_000, admin1="SC"), []),
        (_p("Loudon County", 35.73, -84.31, 4634921, "ADM2", "US", 0, "A", admin1="TN"), []),
    ]
    west, county = resolved(rows, "W. Columbia", "Loudon Co.")
    assert (west.geonameid, county.geonameid) == (4597919, 4634921)


def test_an_unsupported_village_abroad_is_left_to_the_articles_focus():
    """The gazetteer's only Piccadilly is a hamlet in Australia; in an article about London it
    is a place the gazetteer lacks, so it goes to the article's focus, not to Australia.
    Alone, or with nothing to say where the article is, the hamlet stands."""
    rows = [
        (_p("Piccadilly", -34.98, 138.73, 2063456, "PPLX", "AU", 2_300, admin1="05"), []),
        (_p("London", 51.51, -0.13, 2643743, "PPLC", "GB", 8_900_000, admin1="ENG"), []),
        (_p("Brighton", 50.83, -0.14, 2654710, "PPLA2", "GB", 140_000, admin1="ENG"), []),
        (_p("United Kingdom", 54.0, -2.0, 2635167, "PCLI", "GB", 66_000_000, "A"), []),
    ]
    resolver = GazetteerResolver(Gazetteer.from_places(rows))
    found = resolver.resolve_article(article("Piccadilly", "London", "Brighton"))[0]
    assert found.place is None
    assert found.candidates[0].place.country_code == "AU"
    chain = ResolverChain(resolver).resolve_article(
        article("Piccadilly", "London", "Brighton", "United Kingdom"))[0]
    assert chain.place.country_code == "GB"
    assert chain.resolver == "focus"
    assert resolved(rows, "Piccadilly")[0].country_code == "AU"



def test_a_city_abroad_named_before_a_groups_noun_is_the_groups_people():
    """"Kuki militants" in a report from Manipur name a people, not the Japanese city of
    Kuki (150,000 people, above the size of a town left alone abroad); in a report from Japan,
    or with no group noun after it, the city stands. A capital is never taken for a people."""
    rows = [
        (_p("Kuki", 36.06, 139.67, 1, "PPLA2", "JP", 150_000, admin1="34"), []),
        (_p("Imphal", 24.81, 93.94, 2, "PPLA", "IN", 270_000, admin1="17"), []),
        (_p("India", 22.0, 79.0, 3, "PCLI", "IN", 1_300_000_000, "A"), []),
        (_p("Saitama", 35.9, 139.65, 4, "PPLA", "JP", 1_200_000, admin1="34"), []),
        (_p("Tokyo", 35.69, 139.69, 5, "PPLC", "JP", 8_300_000, admin1="40"), []),
    ]
    resolver = GazetteerResolver(Gazetteer.from_places(rows))

    def places(text, *names):
        mentions = []
        for name in names:
            start = text.index(name)
            mentions.append(Mention("a", start, start + len(name), name, sentence_start=0,
                                    sentence_end=len(text), after=text[start + len(name):]))
        return [r.place.name if r.place else None for r in resolver.resolve_article(mentions)]

    assert places("Kuki militants fired on a post near Imphal, India.",
                  "Kuki", "Imphal", "India") == [None, "Imphal", "India"]
    assert places("Police in Kuki arrested a man near Imphal, India.",
                  "Kuki", "Imphal", "India") == ["Kuki", "Imphal", "India"]
    assert places("Kuki militants were named in Saitama, Japan's news.", "Kuki", "Saitama"
                  ) == ["Kuki", "Saitama"]
    assert places("Tokyo fighters were seen near Imphal, India.", "Tokyo", "Imphal", "India"
                  )[0] == "Tokyo"

BURKINA = [
    (_p("Ouagadougou", 12.37, -1.53, 2357048, "PPLC", "BF", 1_000_000, admin1="53"), []),
    (_p("Burkina Faso", 12.5, -1.67, 2361809, "PCLI", "BF", 20_000_000, "A"), []),
    (_p("Solhan", 38.97, 41.05, 300640, "PPLA2", "TR", 21_000, admin1="12"), []),
    (_p("East", 4.0, 14.0, 2231755, "ADM1", "CM", 0, "A", admin1="04"), []),
    (_p("Idlib", 35.9, 36.6, 169388, "ADM1", "SY", 0, "A", admin1="08"), []),
]


def test_a_town_or_common_named_division_abroad_that_nothing_supports_is_no_reading():
    """In a report from Burkina Faso, "Solhan" is not the Turkish district seat and "East" is
    not Cameroon's region: the gazetteer lacks the Burkinabe ones. A division with a name of
    its own ("Idlib") stays: a report from one country does name another's provinces."""
    found = resolved(BURKINA, "Ouagadougou", "Burkina Faso", "Solhan", "East")
    assert [p.name if p else None for p in found] == ["Ouagadougou", "Burkina Faso", None, None]
    assert resolved(BURKINA, "Ouagadougou", "Burkina Faso", "Idlib")[2].name == "Idlib"
    assert resolved(BURKINA, "Solhan")[0].country_code == "TR"  # alone, nothing says otherwise
