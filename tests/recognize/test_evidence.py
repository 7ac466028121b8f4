"""Small places and people's names need evidence before they count as place mentions."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap import rules
from geomap.gazetteer.index import Gazetteer
from geomap.recognize.recognizer import Recognizer
from geomap.records import Article, Place


def _p(name, lat, lon, gid, code, cc, pop, admin1="", fclass="P"):
    return Place(name=name, lat=lat, lon=lon, geonameid=gid, feature_class=fclass,
                 feature_code=code, country_code=cc, admin1=admin1, population=pop)


ROWS = [
    (_p("Florida", 28.0, -82.0, 4155751, "ADM1", "US", 0, "FL", "A"), []),
    (_p("Gainesville", 29.65, -82.32, 4156404, "PPLA2", "US", 130_000, "FL"), []),
    (_p("Chiefland", 29.47, -82.86, 4151079, "PPL", "US", 2_200, "FL"), []),
    (_p("Taylor", 30.57, -97.41, 4734350, "PPL", "US", 14_000, "TX"), []),
    (_p("Michael", 54.25, -4.58, 3042200, "PPL", "IM", 600), []),
    (_p("Section", 34.58, -85.98, 4089000, "PPL", "US", 800, "AL"), []),
    (_p("March", 52.55, 0.09, 2643000, "PPL", "GB", 9_000, "ENG"), []),
    (_p("Cambridgeshire", 52.33, 0.0, 2653940, "ADM2", "GB", 0, "ENG", "A"), []),
    (_p("Mart", 31.54, -96.83, 4710000, "PPL", "US", 2_000, "TX"), []),
    (_p("Iraq", 33.0, 44.0, 99237, "PCLI", "IQ", 38_000_000, "", "A"), ["\0Iraqi"]),
    (_p("Erbil", 36.19, 44.01, 95446, "PPLA", "IQ", 930_000), []),
]


@pytest.fixture(scope="module")
def rec() -> Recognizer:
    return Recognizer(Gazetteer.from_places(ROWS))


def names(rec, text):
    return [m.text for m in rec.find(Article("a", text))]


def test_a_village_needs_the_text_or_the_article_to_call_it_a_place(rec):
    assert "Chiefland" not in names(rec, "Chiefland won the game on Friday night, and the "
                                         "coach thanked the fans who came to watch it.")
    assert "Chiefland" in names(rec, "A fire broke out in Chiefland on Friday.")
    assert "Chiefland" in names(rec, "Chiefland, Florida, lost power.")
    # Another place of the article lies beside it: the local paper's town...
    tail = " was calm on Friday night, and the shops stayed open until late."
    assert "Chiefland" in names(rec, "Gainesville police said Chiefland" + tail)
    # ...but not a place half a world away
    assert "Chiefland" not in names(rec, "Erbil police said Chiefland" + tail)


def test_a_short_location_string_needs_no_more_evidence(rec):
    """A dataset's location field ("Chiefland", "Chiefland town") names a place outright."""
    assert names(rec, "Chiefland") == ["Chiefland"]
    assert names(rec, "Chiefland town (near)") == ["Chiefland"]


def test_a_village_named_like_a_word_needs_a_locative_or_its_parent(rec):
    assert "Section" not in names(rec, "Gainesville Section 8 housing was full.")
    assert "Section" in names(rec, "He grew up in Section and moved away.")


def test_months_and_days_are_dates_unless_the_parent_follows(rec):
    assert "March" not in names(rec, "The strike in March killed four.")
    assert "March" in names(rec, "Police in March, Cambridgeshire, made an arrest.")


def test_half_a_hyphenated_name_is_no_place(rec):
    assert names(rec, "Wal-Mart opened in Gainesville.") == ["Gainesville"]


def test_people_named_like_places(rec):
    text = ("Coach Michael Eneramo praised the team. \"We were lucky,\" Taylor said. "
            "Later Taylor left Gainesville for Erbil, Iraq.")
    found = names(rec, text)
    assert found == ["Gainesville", "Erbil", "Iraq"]


def test_a_place_after_a_locative_is_no_speaker(rec):
    assert names(rec, "A police source in Erbil said the blast killed four.") == ["Erbil"]


def test_a_place_naming_an_organisation_stays_a_place(rec):
    """LGL-style local news: "Gainesville Public Utilities" is in Gainesville."""
    assert names(rec, "Gainesville Public Utilities raised its rates.") == ["Gainesville"]


def test_a_census_name_acting_as_a_subject_is_a_person(rec):
    assert "Taylor" not in names(rec, "Since Taylor took office, Gainesville has grown.")


def test_a_determiner_starts_no_division_name(rec):
    assert names(rec, "The Tarrant County sheriff spoke.") == ["Tarrant County"]


def test_city_of_an_organisation_is_the_town():
    """"Dublin City Schools" names Dublin; "Kansas City Council" keeps Kansas City's own name."""
    rec = Recognizer(Gazetteer.from_places([
        (_p("Dublin", 40.1, -83.1, 4511263, "PPL", "US", 49_000, "OH"), ["Dublin City"]),
        (_p("Dublin City", 53.35, -6.26, 7778677, "ADM2", "IE", 0, "L", "A"), []),
        (_p("Kansas City", 39.1, -94.58, 4393217, "PPL", "US", 508_000, "MO"), []),
        (_p("Kansas", 38.5, -98.0, 4273857, "ADM1", "US", 0, "KS", "A"), []),
    ]))
    assert names(rec, "The Dublin City Schools board met in Dublin.") == ["Dublin", "Dublin"]
    assert names(rec, "The Kansas City Council met.") == ["Kansas City"]


def test_a_hyphenated_arabic_article_belongs_to_the_name():
    """"al-Bab" is the town Al Bab, span and all; "Wal-Mart" stays no place."""
    rec = Recognizer(Gazetteer.from_places([
        (_p("Al Bab", 36.37, 37.52, 172000, "PPLA2", "SY", 130_000, "09"), []),
        (_p("Waal", 51.8, 5.9, 2745000, "PPL", "NL", 24_000), ["Wal"]),
    ]))
    assert names(rec, "Turkish-backed forces entered al-Bab on Sunday.") == ["al-Bab"]
    assert names(rec, "Wal-Mart opened a store.") == []


def test_a_name_beside_a_hyphenated_arabic_article_is_part_of_a_longer_name():
    """"Bab al-Sharji" is no Al Bab (known as "Bab"), "Ras al-Ain" no Al Ain; a place's own
    name keeps its mention ("Baghdad al-Jadida" is in Baghdad), and a title or first name
    before "al-" makes a person ("President al-Ain")."""
    rec = Recognizer(Gazetteer.from_places([
        (_p("Al Bab", 36.37, 37.52, 172000, "PPLA2", "SY", 130_000, "09"), ["Bab"]),
        (_p("Al Ain", 24.2, 55.7, 292968, "PPLA2", "AE", 700_000), ["al-Ain"]),
        (_p("Baghdad", 33.34, 44.40, 98182, "PPLC", "IQ", 7_200_000), []),
    ]))
    assert names(rec, "A bomb went off in Baghdad's Bab al-Sharji area.") == [
        "Baghdad", "Bab al-Sharji"]
    assert names(rec, "Turkish troops entered Ras al-Ain on Sunday.") == ["Ras al-Ain"]
    assert names(rec, "A car bomb exploded in Baghdad al-Jadida on Monday.") == ["Baghdad"]
    assert names(rec, "President al-Ain visited Baghdad.") == ["Baghdad"]
    assert names(rec, "In al-Ain, the market reopened.") == ["al-Ain"]


def test_a_villages_own_name_is_still_the_head_of_a_longer_arabic_name():
    rec = Recognizer(Gazetteer.from_places([
        (_p("Tal", 33.0, 71.0, 1162000, "PPL", "PK", 2_000), []),
        (_p("Lebanon", 33.9, 35.9, 272103, "PCLI", "LB", 6_800_000, "", "A"), []),
    ]))
    assert names(rec, "Militias fought in Tal al-Zaatar, Lebanon.") == [
        "Tal al-Zaatar", "Lebanon"]


def test_a_countrys_demonym_is_context_even_where_a_town_bears_it():
    """"Canadian troops": a demonym (never an incident site), though Canadian, Texas exists."""
    rec = Recognizer(Gazetteer.from_places([
        (_p("Canada", 60.0, -96.0, 6251999, "PCLI", "CA", 38_000_000, "", "A"), ["\0Canadian"]),
        (_p("Canadian", 35.91, -100.38, 5520993, "PPLA2", "US", 2_600, "TX"), []),
    ]))
    found = rec.find(Article("a", "Canadian troops arrived on Monday."))
    assert [(m.text, m.kind) for m in found] == [("Canadian", "demonym")]


def test_a_given_name_ending_a_sentence_makes_no_person_of_the_next(rec):
    """"...left for Michael. Erbil was calm": the dot ends a sentence, not a title."""
    text = "The convoy left for Taylor. Erbil was calm on Friday as police watched the roads."
    assert "Erbil" in names(rec, text)


def test_a_list_of_villages_is_no_parent_for_each_other(rec):
    text = ("The storm hit hard on Friday night, and Chiefland, Mart and the nearby farms "
            "were dark until the morning came.")
    found = names(rec, text)
    assert "Chiefland" not in found
    assert "Mart" not in found


def test_a_country_by_its_short_name_survives_a_hyphen():
    rec = Recognizer(Gazetteer.from_places([
        (_p("United Arab Emirates", 24.0, 54.0, 290557, "PCLI", "AE", 9_000_000, "", "A"),
         ["UAE"]),
        (_p("Iran", 32.0, 53.0, 130758, "PCLI", "IR", 85_000_000, "", "A"), []),
    ]))
    assert names(rec, "Talks on the UAE-Iran dispute resumed on Monday.") == ["UAE", "Iran"]


def test_a_county_before_a_capitalised_word_is_still_the_county():
    rec = Recognizer(Gazetteer.from_places([
        (_p("Walker County", 30.7, -95.48, 4739690, "ADM2", "US", 0, "TX", "A"), []),
    ]))
    assert names(rec, "The 2008 Walker County Fair Queen waved.") == ["Walker County"]


def test_said_before_a_town_and_its_mayor_makes_no_person():
    rec = Recognizer(Gazetteer.from_places([
        (_p("Monroe", 39.44, -84.36, 4517009, "PPLA2", "US", 50_000, "OH"), []),
    ]))
    text = ("\"It could be worse,\" said Monroe Mayor Bob Smith, who spoke for a long time "
            "at the meeting on Friday night.")
    assert names(rec, text) == ["Monroe"]


def test_a_village_after_an_unknown_capitalised_word_is_the_tail_of_a_name(rec):
    """"Upper Chiefland Road" is somewhere geomap does not know, not the village; a sentence's
    first word is no such head."""
    tail = " was closed on Friday night after the storm, and crews worked until late."
    assert "Chiefland" not in names(rec, "The Upper Chiefland" + tail)
    assert "Chiefland" in names(rec, "Gainesville said Chiefland" + tail)


def test_a_town_named_by_an_english_word_needs_a_cue():
    """"Liberal" (Kansas, 19,000 people) is a party first; "in Liberal" is the town."""
    rec = Recognizer(Gazetteer.from_places([
        (_p("Liberal", 37.04, -100.92, 4274356, "PPLA2", "US", 19_000, "KS"), []),
    ]))
    tail = " said on Friday that the vote had been close, and the count went on until late."
    assert names(rec, "The Liberal leader" + tail) == []
    assert names(rec, "A farmer in Liberal" + tail) == ["Liberal"]


def test_the_english_word_list_answers_lowercase_words_only_for_lowercase_entries():
    """rules.english_words() is the package's list as loaded, proper names and all: a word
    asked in lowercase must be in it only as a lowercase entry, never as "Paris" or a word
    with no letter to case, which no lowercase word could tell apart."""
    words = rules.english_words()
    assert {"liberal", "section"} <= words
    assert "Paris" in words  # proper names keep their capital
    assert "paris" not in words
    assert not [w for w in words if w == w.lower() and not w.islower()]


def test_a_country_that_is_her_first_name_stays_hers_through_the_article():
    """"Georgia Stevens ... Georgia began skating": a girl, not the country, both times."""
    rec = Recognizer(Gazetteer.from_places([
        (_p("Georgia", 42.0, 43.5, 614540, "PCLI", "GE", 3_700_000, "", "A"), []),
        (_p("Stevens", 45.0, -95.0, 5050000, "PPL", "US", 900, "MN"), []),
    ]))
    text = ("Nine-year-old Georgia Stevens is lacing her skates.\n"
            "Georgia began skating at the age of four, her coach said.")
    assert names(rec, text) == []


def test_a_small_capital_named_like_a_person_can_be_a_person():
    """"Police Chief Robert Douglas said": the Isle of Man's capital (26,000 people) shares the
    surname; a capital of 100,000 or more ("Washington") would stay a place."""
    rec = Recognizer(Gazetteer.from_places([
        (_p("Douglas", 54.15, -4.48, 3042237, "PPLC", "IM", 26_000), []),
    ]))
    text = ("Police Chief Robert Douglas said his officers were called to the bar at about "
            "midnight on Friday.")
    assert names(rec, text) == []


def test_a_division_word_vouches_for_a_name_known_with_it():
    """"Barrow" is a surname and a small Alaskan town, but "Jackson and Barrow counties" names
    Barrow County; a county word beside a name no county bears vouches for nothing."""
    rec = Recognizer(Gazetteer.from_places([
        (_p("Jackson", 32.3, -90.18, 1, "PPLA", "US", 170_000, "MS"), []),
        (_p("Jackson County", 34.13, -83.56, 2, "ADM2", "US", 0, "GA", "A"), []),
        (_p("Barrow", 71.29, -156.79, 3, "PPLA2", "US", 4_200, "AK"), []),
        (_p("Barrow County", 33.99, -83.71, 4, "ADM2", "US", 0, "GA", "A"), []),
        (_p("Section", 34.58, -85.98, 5, "PPL", "US", 800, "AL"), []),
    ]))
    assert names(rec, "Growth slowed in Jackson and Barrow counties last year.") == [
        "Jackson", "Barrow"]
    assert "Barrow" not in names(rec, "Jackson officials met. Barrow said growth slowed.")
    assert "Section" not in names(rec, "Growth slowed in Jackson and Section counties.")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["Ras", "al-Ain", "Bab", "al-Sharji", "In", "President",
                                 "Baghdad", "el-", "al-", "-", " ", ".", "Al-Bab", "'s"]),
                max_size=12))
def test_whole_arabic_names_stay_inside_their_sentence_and_never_overlap(words):
    rec = Recognizer(Gazetteer.from_places([
        (_p("Al Bab", 36.37, 37.52, 172000, "PPLA2", "SY", 130_000, "09"), ["Bab"]),
        (_p("Baghdad", 33.34, 44.40, 98182, "PPLC", "IQ", 7_200_000), []),
    ]))
    text = " ".join(words)
    found = rec.find(Article("a", text))
    for m in found:
        assert text[m.start:m.end] == m.text
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
    spans = sorted((m.start, m.end) for m in found)
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
