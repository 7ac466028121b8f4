"""Type words outside a name's span: "Jackson and Oconee counties" names two counties, "Idlib
province" the province, "the Jackson city council" the town; the recogniser and the evaluation's
gold spans read the same word, and the resolution's signal says when the word decided."""

from __future__ import annotations

import pytest

from geomap.eval import GoldToponym, gold_mentions
from geomap.gazetteer.index import Gazetteer
from geomap.recognize.context import type_word
from geomap.recognize.recognizer import Recognizer
from geomap.records import Article, Mention
from geomap.resolve import GazetteerResolver, ResolverChain
from tests.helpers import place as _p

ROWS = [
    (_p("Jackson", 32.3, -90.18, 1, "PPLA", "US", 170_000, admin1="MS"), []),
    (_p("Jefferson", 34.11, -83.57, 2, "PPL", "US", 10_000, admin1="GA"), []),
    (_p("Jackson County", 34.13, -83.56, 3, "ADM2", "US", 0, "A", admin1="GA"), []),
    (_p("Jackson County", 30.7, -85.2, 4, "ADM2", "US", 0, "A", admin1="FL"), []),
    (_p("Oconee", 71.29, -156.79, 5, "PPLA2", "US", 4_200, admin1="AK"), []),
    (_p("Oconee County", 33.99, -83.71, 6, "ADM2", "US", 0, "A", admin1="GA"), []),
    (_p("Idlib", 35.93, 36.63, 7, "PPLA", "SY", 130_000, admin1="12"), []),
    (_p("Idlib", 35.83, 36.5, 8, "ADM1", "SY", 0, "A", admin1="12"), []),
    (_p("Sagaing Region", 24.0, 95.5, 9, "ADM1", "MM", 0, "A", admin1="01"), ["Sagaing"]),
    (_p("Sagaing", 21.88, 95.98, 10, "PPLA2", "MM", 78_000, admin1="01"), []),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_places(ROWS)


def cued(text: str) -> dict[str, str | None]:
    """Each capitalised word of a one-sentence text → its type word."""
    import re

    return {m.group(): type_word(text, m.start(), m.end(), 0, len(text))
            for m in re.finditer(r"[A-Z]\w+", text)}


def test_a_plural_type_word_names_every_name_of_its_list():
    assert cued("Growth slowed in Jackson, Madison and Oconee counties last year.") == {
        "Growth": None, "Jackson": "counties", "Madison": "counties", "Oconee": "counties"}
    assert cued("a stretch from Ellsworth to Riley counties")["Ellsworth"] == "counties"
    assert cued("the Karak and Tafilah governorates")["Karak"] == "governorates"


def test_a_plural_type_word_before_a_list_names_every_name_of_it():
    listed = cued("Deaths occurred in the provinces of Anhui, Guangdong and Hubei.")
    assert [listed[k] for k in ("Anhui", "Guangdong", "Hubei")] == ["provinces"] * 3
    dash = cued("the three largest counties ” Douglas, Lancaster and Sarpy ” grew")
    assert [dash[k] for k in ("Douglas", "Lancaster", "Sarpy")] == ["counties"] * 3
    assert cued("provinces such as Alberta and Saskatchewan")["Saskatchewan"] == "provinces"
    assert cued("The provinces reported cases. Later Hubei did")["Hubei"] is None


def test_a_plural_after_a_lone_name_is_the_areas_inside_it():
    """"Texas counties" are the counties of Texas, not a county called Texas."""
    assert cued("Sales rose in Texas counties.")["Texas"] is None
    assert cued("Georgia and Nassau and Baker counties")["Georgia"] is None


def test_a_singular_type_word_after_or_before_with_of():
    assert cued("villages in Idlib province were shelled")["Idlib"] == "province"
    assert cued("the western province of Aydin")["Aydin"] == "province"
    assert cued("the Jackson city council met")["Jackson"] == "city"


def test_a_type_word_that_belongs_to_the_next_name_is_no_cue():
    assert cued("the Adhamiyah district of Baghdad")["Baghdad"] is None
    assert cued("In the Hunan city of Yueyang, reservoirs overflowed")["Hunan"] is None
    assert cued("firefighters from the Cambridge and Lore City departments")["Cambridge"] is None


def mentions(text: str, *names: str, word: bool = True) -> list[Mention]:
    out = []
    for name in names:
        start = text.index(name)
        end = start + len(name)
        out.append(Mention("a", start, end, name, sentence_start=0, sentence_end=len(text),
                           type_word=type_word(text, start, end, 0, len(text)) if word else None))
    return out


def test_names_before_counties_resolve_to_the_counties_and_say_why(gazetteer):
    resolver = GazetteerResolver(gazetteer)
    text = "Growth slowed in Jackson and Oconee counties."
    plain = resolver.resolve_article(mentions(text, "Jackson", "Oconee", word=False))
    assert [r.place.geonameid for r in plain] == [1, 5]  # the towns, without the word
    jackson, barrow = resolver.resolve_article(mentions(text, "Jackson", "Oconee"))
    assert (jackson.place.geonameid, barrow.place.geonameid) == (3, 6)  # both in Georgia
    assert jackson.signal == barrow.signal == "type word 'counties'"


@pytest.mark.parametrize(("text", "name", "without", "with_word", "word"), [
    ("Rebels held villages in Idlib province.", "Idlib", 7, 8, "province"),  # the province
    ("The Sagaing city council met.", "Sagaing", 9, 10, "city"),  # the town, not the region
])
def test_a_type_word_picks_the_reading_it_names(gazetteer, text, name, without, with_word,
                                                word):
    resolver = GazetteerResolver(gazetteer)
    plain = resolver.resolve_article(mentions(text, name, word=False))[0]
    assert plain.place.geonameid == without
    (cued,) = resolver.resolve_article(mentions(text, name))
    assert (cued.place.geonameid, cued.signal) == (with_word, f"type word '{word}'")
    assert resolver.resolve(mentions(text, name)[0]).place.geonameid == with_word


def test_a_word_that_changes_nothing_leaves_the_rankings_signal(gazetteer):
    resolver = GazetteerResolver(gazetteer)
    text = "Floods hit Sagaing region."
    (region,) = resolver.resolve_article(mentions(text, "Sagaing"))
    assert region.place.geonameid == 9
    assert "type word" not in region.signal


def test_the_recogniser_and_the_gold_spans_read_the_same_type_word(gazetteer):
    text = "Jobless rates rose in Oconee and Jackson counties, and in Idlib province."
    found = Recognizer(gazetteer).find(Article("a", text))
    assert [(m.text, m.type_word) for m in found] == [
        ("Oconee", "counties"), ("Jackson", "counties"), ("Idlib", "province")]
    tops = [GoldToponym(m.start, m.end, m.text, 0.0, 0.0, None) for m in found]
    assert [m.type_word for m in gold_mentions("a", text, tops)] == [m.type_word for m in found]
    places = [r.place.geonameid for r in ResolverChain(GazetteerResolver(gazetteer))
              .resolve_article(found)]
    assert places == [6, 3, 8]


@pytest.mark.parametrize("word", ["Counties", "two words", ""])
def test_a_type_word_is_one_lowercase_word(word):
    with pytest.raises(ValueError, match="type_word"):
        Mention("a", 0, 4, "Clay", type_word=word)


def test_gold_spans_get_the_recognisers_qualifier(gazetteer):
    """"The outskirts of Sagaing": the evaluation resolves the gold span as the town, as the
    pipeline resolves the recogniser's mention."""
    text = "Fighting reached the outskirts of Sagaing on Monday."
    found = Recognizer(gazetteer).find(Article("a", text))
    tops = [GoldToponym(m.start, m.end, m.text, 0.0, 0.0, None) for m in found]
    gold = gold_mentions("a", text, tops)
    assert [m.qualifier for m in gold] == [m.qualifier for m in found] == ["the outskirts of"]
    assert GazetteerResolver(gazetteer).resolve_article(gold)[0].place.geonameid == 10


def test_a_name_known_only_with_the_division_word_is_recognised_by_it():
    """"Douglas, Sarpy and Lancaster counties": Sarpy is a place, as Sarpy County; alone, the
    gazetteer has no "Sarpy"."""
    rec = Recognizer(Gazetteer.from_places([
        (_p("Sarpy County", 41.11, -96.11, 20, "ADM2", "US", 0, "A", admin1="NE"), []),
        (_p("Douglas County", 41.3, -96.15, 21, "ADM2", "US", 0, "A", admin1="NE"), [])]))
    found = rec.find(Article("a", "Growth was fastest in Douglas and Sarpy counties."))
    assert [(m.text, m.type_word) for m in found] == [("Douglas", "counties"),
                                                      ("Sarpy", "counties")]
    assert [m.text for m in rec.find(Article("a", "Mr Sarpy said so."))] == []


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGALRM"), reason="needs SIGALRM")
@pytest.mark.parametrize("filler", ["A and ", "Sor ", "A, ", "Al and Bo or "])
def test_type_words_read_hostile_text_in_linear_time(filler):
    """Article text is untrusted: a long run of list-like words before or after a type word
    must not make the patterns backtrack for ever (it took minutes at 30 items)."""
    import signal

    def stop(*_):
        raise TimeoutError("type_word backtracked")

    text = "the counties of " + filler * (170 // len(filler)) + "then Kabul counties"
    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(10)  # a watchdog, not a timing: the search takes well under a millisecond
    try:
        start = text.index("Kabul")
        for _ in range(100):
            assert type_word(text, start, start + 5, 0, len(text)) is None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_only_the_mention_with_the_type_word_credits_it(gazetteer):
    """"the Sagaing city council ... the outskirts of Sagaing": both are the town, but only the
    first says so with a type word; the second's signal is its own."""
    text = "The Sagaing city council met. Later, troops clashed on the outskirts of Sagaing."
    first, second = ResolverChain(GazetteerResolver(gazetteer)).resolve_article(
        Recognizer(gazetteer).find(Article("a", text)))
    assert first.place.geonameid == second.place.geonameid == 10
    assert first.signal == "type word 'city'"
    assert "type word" not in second.signal


def test_a_lone_mention_and_its_article_credit_the_type_word_alike(gazetteer):
    """A qualifier that calls it a town decides as much as the word: neither is credited to
    the word alone, by :meth:`resolve` or by :meth:`resolve_article`."""
    resolver = GazetteerResolver(gazetteer)
    mention = Mention("a", 0, 7, "Sagaing", qualifier="the outskirts of", type_word="city")
    assert resolver.resolve(mention).signal == resolver.resolve_article([mention])[0].signal
    assert "type word" not in resolver.resolve(mention).signal


def test_a_name_with_its_division_word_may_also_be_the_division_its_head_names():
    """"Karak district" beside Amman: Jordan's Karak governorate, though only Pakistan's
    district bears the full name; "Guernsey County" stays the county, never the island."""
    rows = [(_p("Karak District", 33.1, 71.1, 1, "ADM2", "PK", 0, "A", admin1="03"), []),
            (_p("Karak", 31.1, 35.7, 2, "ADM1", "JO", 0, "A", admin1="09"), []),
            (_p("Amman", 31.95, 35.93, 3, "PPLC", "JO", 4_000_000, admin1="16"), []),
            (_p("Guernsey", 49.45, -2.58, 4, "PCLI", "GG", 65_000, "A"), []),
            (_p("Guernsey County", 40.05, -81.5, 5, "ADM2", "US", 0, "A", admin1="OH"), []),
            (_p("Ohio", 40.25, -83.0, 6, "ADM1", "US", 0, "A", admin1="OH"), [])]
    resolver = GazetteerResolver(Gazetteer.from_places(rows))
    text = "Protests spread from Amman to Karak district and Guernsey County, Ohio."
    found = resolver.resolve_article(mentions(text, "Amman", "Karak district", "Guernsey County",
                                              "Ohio"))
    assert [r.place.geonameid for r in found] == [3, 2, 5, 6]


def test_region_names_a_first_level_division_whatever_its_own_word():
    """"Russia's Bryansk region" is Bryansk Oblast; "Bryansk" alone is the city."""
    rows = [(_p("Bryansk", 53.27, 34.32, 1, "PPLA", "RU", 427_000, admin1="10"), []),
            (_p("Bryansk Oblast", 52.94, 33.26, 2, "ADM1", "RU", 0, "A", admin1="10"), [])]
    resolver = GazetteerResolver(Gazetteer.from_places(rows))
    text = "Drones hit a depot in the Bryansk region."
    (region,) = resolver.resolve_article(mentions(text, "Bryansk"))
    assert (region.place.geonameid, region.signal) == (2, "type word 'region'")
    (city,) = resolver.resolve_article(mentions(text, "Bryansk", word=False))
    assert city.place.geonameid == 1


def test_a_division_yields_to_its_seat_spelled_a_letter_apart():
    """"Zaporizhzhia" is the oblast's own name and the city's (Zaporizhzhya) spelling: the city,
    as news means; "Oklahoma" stays the state, not Oklahoma City."""
    rows = [(_p("Zaporizhzhya", 47.85, 35.12, 1, "PPLA", "UA", 710_000, admin1="26"),
             ["Zaporizhzhia"]),
            (_p("Zaporizhzhia", 47.17, 35.74, 2, "ADM1", "UA", 0, "A", admin1="26"), []),
            (_p("Oklahoma City", 35.47, -97.52, 3, "PPLA", "US", 680_000, admin1="OK"),
             ["Oklahoma"]),
            (_p("Oklahoma", 35.5, -97.5, 4, "ADM1", "US", 0, "A", admin1="OK"), [])]
    resolver = GazetteerResolver(Gazetteer.from_places(rows))
    text = "Missiles hit Zaporizhzhia and Oklahoma."
    found = resolver.resolve_article(mentions(text, "Zaporizhzhia", "Oklahoma", word=False))
    assert [r.place.geonameid for r in found] == [1, 4]
