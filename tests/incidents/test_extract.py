"""Incidents from the seed article and from short texts on a ten-row gazetteer built in code."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.incidents.linking import focus_site, site_for_span
from geomap.incidents.merge import merge_incidents
from geomap.incidents.roles import ACTOR_ORIGIN, CONTEXT, EVENT_SITE
from geomap.io.geojson import incident_feature
from geomap.pipeline import Pipeline
from geomap.records import Article


@pytest.fixture(scope="module")
def seed(seed_run):
    result, _ = seed_run
    return result


def _at(result, country_code):
    return [i for i in result.incidents if i.place and i.place.country_code == country_code]


def test_seed_baghdad_drone_strike(seed):
    (strike,) = [i for i in _at(seed, "IQ") if i.place.name == "Baghdad"]
    assert strike.sub_event_type == "Air/drone strike"
    assert strike.date.value == date(2024, 2, 7)
    assert strike.date.precision == "day"
    assert strike.date.expression == "On Wednesday night"
    assert (strike.actor1, strike.actor2) == ("Military Forces of the United States",
                                              "Kataib Hezbollah")
    assert strike.fatalities == 1
    assert strike.geo_precision <= 2
    assert any(q.text.startswith("On Wednesday night, a senior commander") for q in strike.quotes)


def test_seed_jordan_attack_is_country_level(seed):
    (attack,) = _at(seed, "JO")
    assert attack.fatalities == 3
    assert attack.geo_precision == 3
    assert attack.place.precision == "country"
    assert attack.date.value is None, "the attack in Jordan is not dated by 'On Wednesday night'"


def test_seed_strikes_in_iraq_and_syria_have_no_date(seed):
    (strikes,) = [i for i in seed.incidents
                  if any("troops in Iraq and Syria" in q.text for q in i.quotes)]
    assert strikes.sub_event_type == "Air/drone strike"
    assert [m.text for m in strikes.site_mentions] == ["Iraq", "Syria"]
    assert strikes.date.value is None
    assert strikes.geo_precision == 3


def test_seed_gaza_bombardment_is_territory_wide(seed):
    (gaza,) = _at(seed, "PS") or [i for i in seed.incidents if i.place and "Gaza" in i.place.name]
    assert gaza.actor1 == "Military Forces of Israel"
    assert gaza.sub_event_type == "Shelling/artillery/missile attack"
    assert gaza.geo_precision >= 2
    territory_wide = gaza.place.feature_code == "TERR" or gaza.location_basis.endswith("territory")
    assert territory_wide, "the bombardment of Gaza is placed at the Strip, not the city"


def test_seed_no_incident_in_lebanon_nor_at_an_actor(seed):
    assert _at(seed, "LB") == []
    assert _at(seed, "US") == [], "'attacks by the US' names the actor, not the place"


def test_seed_quotes_are_verbatim_with_offsets(seed):
    text = seed.articles[0].article.text
    for incident in seed.incidents:
        for quote in incident.quotes:
            assert text[quote.start:quote.end] == quote.text


def test_seed_mention_roles(seed):
    roles = {(f["properties"]["text"], f["properties"]["qualifier"]): f["properties"]["role"]
             for f in seed.mentions_geojson()}
    assert roles[("Baghdad", "eastern")] == EVENT_SITE
    assert roles[("Lebanon", None)] == ACTOR_ORIGIN
    assert set(roles.values()) == {EVENT_SITE, ACTOR_ORIGIN, CONTEXT}


@pytest.fixture(scope="module")
def tiny(tiny_gazetteer):
    return Pipeline(tiny_gazetteer)


def _extract(pipeline, text, published="2024-05-02", article_id="a"):
    article = Article(id=article_id, text=text,
                      published=date.fromisoformat(published) if published else None)
    return pipeline.process(article)


def test_unknown_actors_are_kept_as_written(tiny):
    (inc,) = _extract(tiny, "Unidentified attackers killed two traders in Mosul on Monday."
                      ).incidents
    assert inc.actor1 == "Unidentified attackers"
    (inc,) = _extract(tiny, "Gunmen killed four people in Erbil on Monday.").incidents
    assert inc.actor1 == "Gunmen"


def test_fatalities_range_and_wounded_apart(tiny):
    (inc,) = _extract(tiny, "A car bomb exploded in Mosul, killing dozens of people and "
                      "wounding 40 others.").incidents
    assert inc.fatalities is None
    assert (inc.fatalities_low, inc.fatalities_high) == (24, 99)
    assert inc.wounded == 40
    feature = incident_feature(inc)["properties"]
    assert feature["fatalities"] is None
    assert feature["fatalities_low"] == 24


def test_no_casualties_reported_is_null_not_zero(tiny):
    (inc,) = _extract(tiny, "Protesters rallied in Erbil on Sunday.").incidents
    assert inc.event_type == "Protests"
    assert inc.fatalities is None
    assert inc.wounded is None


def test_without_publication_date_relative_dates_stay_unresolved(tiny):
    (inc,) = _extract(tiny, "A drone strike hit a car in Mosul on Tuesday.", published=None
                      ).incidents
    assert inc.date.value is None
    assert inc.date.expression == "on Tuesday"


def test_an_event_that_continues_keeps_both_sentences(tiny):
    text = "A roadside bomb exploded near Mosul on Monday. It killed three soldiers."
    (inc,) = _extract(tiny, text).incidents
    assert [q.text for q in inc.quotes] == ["A roadside bomb exploded near Mosul on Monday.",
                                            "It killed three soldiers."]
    assert inc.fatalities == 3
    assert inc.geo_precision == 2, "near Mosul is an area near the town"


def test_source_location_is_not_the_event_site(tiny):
    (inc,) = _extract(tiny, "An air strike on Mosul killed five people on Monday, officials "
                      "in Baghdad said.").incidents
    assert inc.place.name == "Mosul"


def test_reports_from_two_articles_merge_with_every_quote(tiny):
    one = _extract(tiny, "A drone strike hit a car in Baghdad on Wednesday, killing one man.",
                   published="2024-02-08", article_id="one").incidents
    two = _extract(tiny, "On Wednesday night a drone strike in eastern Baghdad killed a "
                   "commander of Kataib Hezbollah.", published="2024-02-08",
                   article_id="two").incidents
    (merged,) = merge_incidents([*one, *two])
    assert merged.article_ids == ("one", "two")
    assert len(merged.quotes) == 2
    assert incident_feature(merged)["properties"]["source_count"] == 2
    assert merged.actor2 == "Kataib Hezbollah"


def test_different_places_do_not_merge(tiny):
    one = _extract(tiny, "A drone strike hit a car in Baghdad on Wednesday.").incidents
    two = _extract(tiny, "A drone strike hit a car in Erbil on Wednesday.").incidents
    assert len(merge_incidents([*one, *two])) == 2


def test_site_for_span_and_focus(tiny):
    text = "In Erbil, officials said a rocket hit a base near Mosul."
    result = _extract(tiny, text)
    start = text.index("hit")
    assert site_for_span(result.parsed, start, start + 3
                         ).mention.text == "Mosul"
    assert focus_site(_extract(tiny, "Mosul, Mosul and Iraq.").resolutions
                      ).mention.text == "Mosul"


@settings(max_examples=60, deadline=None)
@given(words=st.lists(st.sampled_from(
    ["Baghdad", "Mosul", "Iraq", "Jordan", "in", "near", "eastern", "killed", "three", "dozens",
     "of", "soldiers", "drone", "strike", "on", "Monday", "said", "gunmen", "attack", ".", ",",
     "and", "wounded", "the", "US", "forces", "\n", "Erbil", "protest", "last", "week"]),
    max_size=40))
def test_any_text_gives_verbatim_quotes_and_valid_incidents(tiny, words):
    text = " ".join(words) or "x"
    result = _extract(tiny, text)
    for incident in result.incidents:
        assert incident.geo_precision in (1, 2, 3)
        assert incident.fatalities is None or incident.fatalities >= 0
        for quote in incident.quotes:
            assert text[quote.start:quote.end] == quote.text


@pytest.mark.parametrize(("text", "word", "site"), [
    ("Mosul is being continuously shelled from the west.", "shelled", "Mosul"),
    ("Protesters rallied in Iraq's northern city of Mosul.", "rallied", "Mosul"),
    ("A police source in Erbil said the blast killed four people.", "killed", "Erbil"),
    ("Gunmen attacked a bus in Mosul, officials in Baghdad said.", "attacked", "Mosul"),
    ("A bomb hit the Baghdad airport road, 50 km from Erbil.", "bomb", "Baghdad"),
])
def test_event_word_is_tied_to_its_site(tiny, text, word, site):
    result = _extract(tiny, text)
    start = text.index(word)
    chosen = site_for_span(result.parsed, start, start + len(word))
    assert chosen.mention.text == site


def test_differently_worded_reports_merge_on_day_and_actor(tiny):
    one = _extract(tiny, "Kataib Hezbollah attacked a base in Erbil on Monday.",
                   article_id="one").incidents
    two = _extract(tiny, "A rocket attack by Kataib Hezbollah hit Erbil on Monday.",
                   article_id="two").incidents
    assert one[0].event_type != two[0].event_type
    (merged,) = merge_incidents([*one, *two])
    assert merged.article_ids == ("one", "two")


@pytest.mark.parametrize("text", [
    "The government in Baghdad did not comment on the attacks.",
    "Several wounded were taken to hospital in Erbil.",
    "Mediators in Erbil and Baghdad pressed for a truce.",
])
def test_seats_of_power_and_treatment_are_not_event_sites(tiny, text):
    assert _extract(tiny, text).incidents == []


def test_a_speakers_or_victims_post_is_not_the_event_site(tiny):
    """"a police chief in Erbil": the post, not where it happened."""
    text = ("Gunmen killed 40 people in an attack on a village in Iraq on Monday. "
            "A former police chief in Erbil was among those killed, officials said.")
    assert {i.place.name for i in _extract(tiny, text).incidents} == {"Iraq"}


@pytest.mark.parametrize(("sentence", "event_type", "sub_event_type"), [
    ("A drone strike hit a car in Mosul.", "Explosions/Remote violence", "Air/drone strike"),
    ("An air strike hit a house in Mosul.", "Explosions/Remote violence", "Air/drone strike"),
    ("Artillery shelling of Mosul continued.", "Explosions/Remote violence",
     "Shelling/artillery/missile attack"),
    ("Rockets landed in Mosul.", "Explosions/Remote violence",
     "Shelling/artillery/missile attack"),
    ("An IED exploded in Mosul.", "Explosions/Remote violence",
     "Remote explosive/landmine/IED"),
    ("A car bomb exploded in Mosul.", "Explosions/Remote violence",
     "Remote explosive/landmine/IED"),
    ("A suicide bombing struck a market in Mosul.", "Explosions/Remote violence",
     "Suicide bomb"),
    ("Militants ambushed a patrol near Mosul.", "Battles", "Armed clash"),
    ("Clashes broke out in Mosul.", "Battles", "Armed clash"),
    ("Gunmen abducted two teachers in Mosul.", "Violence against civilians",
     "Abduction/forced disappearance"),
    ("Police arrested five militants in Mosul.", "Strategic developments", "Arrests"),
    ("Hundreds protested in Mosul.", "Protests", "Peaceful protest"),
    ("Rioters torched shops in Mosul during a riot.", "Riots", "Violent demonstration"),
])
def test_trigger_words_map_to_acled_types(tiny, sentence, event_type, sub_event_type):
    (inc,) = _extract(tiny, sentence).incidents
    assert (inc.event_type, inc.sub_event_type) == (event_type, sub_event_type)
    assert inc.place.name == "Mosul"


@pytest.mark.parametrize(("text", "precision"), [
    ("Rockets hit the city of Mosul on Monday.", 1),
    ("Rockets hit eastern Mosul on Monday.", 2),
    ("Rockets hit a village north of Mosul on Monday.", 2),
    ("Rockets hit Mosul on Monday.", 1),
])
def test_qualifiers_set_precision(tiny, text, precision):
    (inc,) = _extract(tiny, text).incidents
    assert inc.geo_precision == precision


def test_undated_reports_years_apart_stay_two_incidents(tiny):
    old = _extract(tiny, "Clashes in Mosul killed 12 people.", published="2015-03-01",
                   article_id="old").incidents
    new = _extract(tiny, "Clashes in Mosul killed 40 people.", published="2024-11-20",
                   article_id="new").incidents
    merged = merge_incidents([*old, *new])
    assert sorted(i.fatalities for i in merged) == [12, 40]


def test_undated_reports_published_the_same_day_merge(tiny):
    one = _extract(tiny, "Clashes in Mosul killed 12 people.", published="2024-11-20",
                   article_id="one").incidents
    two = _extract(tiny, "Clashes in Mosul killed 12 people, police said.",
                   published="2024-11-20", article_id="two").incidents
    (merged,) = merge_incidents([*one, *two])
    assert merged.article_ids == ("one", "two")


def test_the_country_across_a_border_is_not_the_site(tiny):
    """"near the border with Jordan": the attack is on this side, near Mosul, not in Jordan."""
    text = "Militants attacked a convoy near the border with Jordan. Clashes shook Mosul."
    result = _extract(tiny, "Gunmen attacked a checkpoint in Mosul. " + text)
    assert all(i.place.country_code != "JO" for i in result.incidents)
    alone = _extract(tiny, "Militants attacked a convoy in Jordan.")
    assert [i.place.country_code for i in alone.incidents] == ["JO"]  # named as the site


def test_an_attack_at_sea_off_a_town_is_near_the_town():
    """"a tanker in the Red Sea off Hodeidah": ACLED codes the town, precision 2."""
    from geomap.gazetteer.index import Gazetteer
    from geomap.records import Place

    rows = [(Place("Red Sea", 20.27, 38.53, 350155, "H", "SEA"), []),
            (Place("Hodeidah", 14.8, 42.95, 79415, "P", "PPLA", "YE", population=600_000), [])]
    pipeline = Pipeline(Gazetteer.from_places(rows))
    (inc,) = _extract(pipeline, "Houthi rebels fired missiles at a tanker in the Red Sea off "
                      "Hodeidah.").incidents
    assert (inc.place.name, inc.geo_precision) == ("Hodeidah", 2)
    assert [m.text for m in inc.site_mentions] == ["Red Sea", "Hodeidah"]
    (out_at_sea,) = _extract(pipeline, "Houthi rebels fired missiles at a tanker in the Red "
                             "Sea.").incidents
    assert (out_at_sea.place.name, out_at_sea.geo_precision) == ("Red Sea", 3)


@pytest.mark.parametrize(("text", "role"), [
    ("Militias attacked Mosul's Zanjili district.", CONTEXT),  # a part of the place
    ("Jets struck Mosul's Republican hospital.", CONTEXT),
    ("Lebanon's Hezbollah fired rockets.", ACTOR_ORIGIN),  # the actor's origin
])
def test_a_possessive_before_a_part_of_the_place_names_no_actor(text, role):
    from geomap.incidents.roles import role_of
    from geomap.records import Mention

    name = text.split("'")[0].split()[-1]
    start = text.index(name)
    assert role_of(text, Mention("a", start, start + len(name), name)) == role


@pytest.mark.parametrize("text", [
    "Gunmen killed nine villagers in Mosul on Monday, and survivors fled into Jordan.",
    "Militants attacked Mosul on Monday; thousands of people were displaced from Jordan.",
])
def test_where_people_fled_is_no_event_site(tiny, text):
    assert [i.place.name for i in _extract(tiny, text).incidents] == ["Mosul"]


def test_displaced_people_protesting_are_at_their_protest(tiny):
    (inc,) = _extract(tiny, "Hundreds of displaced families rallied in Erbil on Monday.").incidents
    assert inc.place.name == "Erbil"


def test_a_sentence_is_read_for_actors_once_however_many_event_words(tiny, monkeypatch):
    import importlib

    stage = importlib.import_module("geomap.incidents.extract")

    calls = []
    original = stage.find_actors

    def counting(text, start, end, **kw):
        calls.append((start, end))
        return original(text, start, end, **kw)

    monkeypatch.setattr(stage, "find_actors", counting)
    text = " and ".join(["gunmen attacked Mosul"] * 40) + "."
    _extract(tiny, text)
    assert calls.count((0, len(text))) == 1


def test_a_speakers_post_named_before_their_words_is_not_the_event_site(tiny):
    text = ("Gunmen killed 40 people in an attack on a village in Iraq on Monday. "
            "“It was a massacre, they shot at everyone,” Ali Hassan, the mayor of Erbil, told "
            "reporters.")
    assert {i.place.name for i in _extract(tiny, text).incidents} == {"Iraq"}


def test_where_rockets_were_fired_from_is_not_where_they_struck(tiny):
    text = "About ten rockets were fired from Iraq toward the city of Erbil on Monday."
    assert [i.place.name for i in _extract(tiny, text).incidents] == ["Erbil"]


def test_a_sentence_setting_the_news_in_context_is_background(tiny):
    text = ("A drone strike hit a car in Baghdad on Monday, killing one. "
            "The strike comes after militants shelled Mosul for a week.")
    assert [i.place.name for i in _extract(tiny, text).incidents] == ["Baghdad"]


def test_the_extract_module_is_not_hidden_by_the_stage_function():
    import inspect

    import geomap.incidents
    import geomap.incidents.extract as module

    assert inspect.ismodule(module)
    assert inspect.ismodule(geomap.incidents.extract)
    assert geomap.incidents.extract_incidents is module.extract


def test_an_undated_event_of_the_news_takes_the_date_of_the_event_told_before(tiny_gazetteer):
    text = ("Gunmen killed four villagers in Mosul on Monday, officials said.\n\n"
            "Meanwhile, heavy clashes have been taking place around Erbil between rebels "
            "and the army.")
    found = Pipeline(tiny_gazetteer).process(
        Article("a", text, published=date(2024, 5, 7))).incidents
    clashes = next(i for i in found if i.event_type == "Battles")
    assert clashes.date.value == date(2024, 5, 6)
    assert dict(clashes.evidence)["date"].endswith("(the event before)")


def test_a_sentence_opening_in_a_nearby_place_tells_another_event(tiny_gazetteer):
    text = ("A gunfight broke out in Iraq on Monday, killing two militants.\n\n"
            "In adjacent Erbil, militants hurled a grenade at police on Monday.")
    found = Pipeline(tiny_gazetteer).process(
        Article("a", text, published=date(2024, 5, 7))).incidents
    assert sorted(i.event_type for i in found) == ["Battles", "Explosions/Remote violence"]
