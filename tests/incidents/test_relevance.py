"""Background, habits and harms that are no conflict create no incident."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.incidents.relevance import background, non_conflict
from geomap.pipeline import Pipeline
from geomap.records import Article

PUBLISHED = date(2024, 5, 7)


@pytest.fixture(scope="module")
def tiny(tiny_gazetteer):
    return Pipeline(tiny_gazetteer)


def _incidents(pipeline, text, title=None):
    return pipeline.process(Article("a", text, title=title, published=PUBLISHED)).incidents


@pytest.mark.parametrize("sentence", [
    "The fighting has killed more than 3,000 people in Iraq.",
    "More than 400 people have been killed in Mosul since October.",
    "Turkey regularly carries out air strikes in Iraq.",
    "Militants still carry out bombings in Baghdad.",
    "In an attack in January, gunmen killed a judge in Erbil.",
    "An attack on a convoy near Mosul killed nine soldiers last year.",
    "A car bomb killed 20 people in Baghdad in 2019.",
    "The war that began in November 2019 has displaced thousands near Mosul after an attack.",
    "He lost a leg in a 2019 car bombing in Baghdad.",
    "Gunmen killed six people in Mosul on March 2.",
])
def test_background_sentences_make_no_incident(tiny, sentence):
    assert background(sentence, PUBLISHED), sentence
    assert _incidents(tiny, sentence) == []


@pytest.mark.parametrize("sentence", [
    "Gunmen killed four people in Mosul on Monday.",
    "Fighting broke out in Erbil since early morning, killing two soldiers.",
    "Police said the attack in Baghdad last week killed three people.",
])
def test_the_news_is_not_background(sentence):
    assert background(sentence, PUBLISHED) is None


@pytest.mark.parametrize("text", [
    "Five people were killed when a bus crashed near Erbil on Monday.",
    "Twelve people died of cholera in Mosul this week, health officials said.",
    "An earthquake killed 30 people in northern Iraq on Sunday.",
    "A fire broke out in a crowded market in Mosul on Monday, killing nine people.",
    "A gas explosion at a restaurant in Erbil killed four people on Monday.",
    "A ferry capsized near Basra on Monday and 20 passengers were killed.",
])
def test_harm_with_no_conflict_makes_no_incident(tiny, text):
    assert non_conflict(text)
    assert _incidents(tiny, text) == []


def test_an_article_about_a_crash_gives_no_incident_even_if_it_says_attacked(tiny):
    text = ("A passenger plane crashed near Erbil on Monday, killing all 40 on board. "
            "Rescuers said a crowd attacked the wreck's looters in Mosul.")
    assert _incidents(tiny, text, title="Plane crash kills 40 in Iraq") == []


def test_gunfire_is_not_a_fire(tiny):
    (incident,) = _incidents(tiny, "Soldiers came under fire near Mosul on Monday, and two "
                                   "were killed.")
    assert incident.place.name == "Mosul"


def test_an_attack_with_a_crash_in_it_stays_an_incident(tiny):
    (incident,) = _incidents(tiny, "Gunmen ambushed a convoy near Mosul on Monday, and a truck "
                                   "crashed as it fled, killing three soldiers.")
    assert incident.place.name == "Mosul"


@given(st.text(max_size=300))
def test_any_text_gets_an_answer(text):
    assert background(text, PUBLISHED) is None or isinstance(background(text, PUBLISHED), str)
    assert non_conflict(text) is None or non_conflict(text) in text


def test_the_reasons_are_kept(tiny):
    crash = tiny.process(Article("a", "A bus crashed near Erbil on Monday, killing five.",
                                 title="Bus crash kills five", published=PUBLISHED))
    assert crash.not_conflict
    assert "crash" in crash.not_conflict
    attack = tiny.process(Article("b", "Gunmen killed five villagers in Mosul on Monday.",
                                  published=PUBLISHED))
    assert attack.not_conflict is None
    evidence = dict(attack.incidents[0].evidence)
    assert evidence["relevance"].startswith("armed conflict")
    assert evidence["fatalities"] == "killed five villagers"
    assert evidence["event_type"].endswith("target: villagers")
    assert evidence["date"] == "on Monday"


def test_an_aside_about_the_place_after_the_event_does_not_make_it_background(tiny):
    text = ("Gunmen killed six people in Mosul on Monday, one of several areas where militants "
            "have been active for years.")
    assert [i.place.name for i in _incidents(tiny, text)] == ["Mosul"]


def test_after_the_news_an_event_weeks_back_is_recalled_not_reported(tiny):
    """"killed last week", "two months ago": after the article's news, an earlier event."""
    news = "A drone strike hit a car in Baghdad on Monday, killing one. "
    for recap in ("Gunmen killed five soldiers in Mosul last week.",
                  "Gunmen stormed a school in Mosul two months ago and killed a teacher."):
        assert [i.place.name for i in _incidents(tiny, news + recap)] == ["Baghdad"]
    separately = news + "Separately, gunmen killed five soldiers in Mosul last week."
    assert [i.place.name for i in _incidents(tiny, separately)] == ["Baghdad", "Mosul"]


@pytest.mark.parametrize("text", [
    "Margaret Hale, 91, of Mosul, died Thursday at a nursing home after a long illness.",
    "A teenager has died of bird flu in Erbil, the health ministry said on Monday.",
    "Two children in Basra died after eating bread poisoned with rat poison.",
    "A man was found dead in his flat in Erbil on Sunday. His death is not suspicious.",
    "The court in Baghdad sentenced the smuggler to death on Tuesday.",
    "A strain of bacteria has killed six patients at a hospital in Erbil, officials said.",
])
def test_deaths_with_no_act_of_violence_nor_armed_actor_make_no_incident(tiny, text):
    processed = tiny.process(Article("a", text, published=PUBLISHED))
    assert processed.incidents == []
    assert processed.not_conflict


@pytest.mark.parametrize("text", [
    "Five villagers were killed in Mosul on Monday. Militants were blamed.",
    "Three soldiers died in Erbil on Sunday, the army said.",
    "Two people were killed in Baghdad on Monday when a roadside bomb went off.",
    "Two civilians were killed in Mosul on Monday.",
])
def test_killings_and_deaths_beside_an_armed_actor_or_an_act_of_violence_stay_incidents(tiny, text):
    processed = tiny.process(Article("a", text, published=PUBLISHED))
    assert processed.not_conflict is None
    assert processed.incidents


@pytest.mark.parametrize("text", [
    "Police arrested a man in Mosul on Monday on charges of stealing a car.",
    "The suspect was lodged in the Erbil Detention Center on Tuesday.",
    "Three firefighters were hurt fighting the fire at a warehouse in Basra on Monday.",
    "A boy who is fighting leukaemia in Mosul ran a marathon on Sunday.",
    "Her grandfather fought in World War II and died in Erbil on Monday.",
])
def test_arrests_and_fights_that_are_no_armed_conflict_make_no_incident(tiny, text):
    assert tiny.process(Article("a", text, published=PUBLISHED)).incidents == []


@pytest.mark.parametrize("text", [
    "Troops arrested five militants in Mosul on Monday.",
    "Heavy fighting broke out in Erbil on Monday.",
    "Rebels fought the army for control of Mosul on Sunday.",
])
def test_arrests_of_armed_men_and_battles_stay_incidents(tiny, text):
    assert tiny.process(Article("a", text, published=PUBLISHED)).incidents


def test_goods_seized_are_no_armed_conflict(tiny):
    text = "Police seized 3,000 kilos of rotten meat at a market in Mosul on Monday."
    assert tiny.process(Article("a", text, published=PUBLISHED)).incidents == []


@pytest.mark.parametrize("text", [
    "Divers collected sea shells and a cone-shaped shell near Basra on Monday.",
    "He stopped at a Shell gas station in Erbil on Sunday.",
    "A planned 24-hour strike closed the port of Basra on Monday.",
    "The two leaders tried to strike a deal in Baghdad on Monday.",
    "A space rocket lifted off from a pad near Mosul on Monday, and a booster rocket fell.",
    "Officials in Baghdad discussed anti-missile defences on Monday.",
    "The new bridge in Erbil had a cost overrun, officials said on Monday.",
    "Mosul fell to fifth place in the rankings on Monday.",
    "Chefs in Erbil demonstrated a new recipe on Monday.",
    "Police in Mosul executed two search warrants on Monday.",
    "A judge in Baghdad agreed to delay the execution of the smuggler on Monday.",
    "Pupils in Basra were dispersed into other schools on Monday.",
    "Hikers near Erbil were hurt in a bee attack on Sunday.",
    "Sam Lynch, a teacher in Mosul, retired on Monday.",
    "A woman was killed in a traffic accident near Erbil on Monday.",
    "A boy was hit by a car and killed in Mosul on Sunday.",
    "Three children died in a fire at their home in Basra on Saturday.",
    "Stone projectile points were found near Mosul on Monday.",
    "Bikers from Erbil held their annual biker rally on Monday.",
    "Shares in Baghdad staged a rally in stocks on Monday after oil rallied back.",
    "The bomb squad was called to a parked van in Erbil on Monday; it held groceries.",
    "A bomb threat emptied a school in Basra on Monday, and a bomb-sniffing dog found nothing.",
    "Two artists sit in bed in a shop window in Erbil on Monday to mark an anniversary.",
    "A court in Baghdad heard the state's execution team describe its execution method.",
])
def test_words_of_war_in_another_sense_make_no_incident(tiny, text):
    """Shells on a beach, a labour strike, a space rocket, a cost overrun, a ranking that "fell
    to", a recipe demonstrated, warrants executed, a bee attack, a surname, a road death, a
    bomb squad or threat, people who sit in bed, a death penalty's staff."""
    assert tiny.process(Article("a", text, published=PUBLISHED)).incidents == []


@pytest.mark.parametrize("text", [
    "Shells hit a school in Mosul on Monday.",
    "Air strikes hit Mosul on Monday.",
    "Rockets were fired at Erbil on Monday.",
    "Missiles struck Baghdad on Monday.",
    "Mosul fell to the militants on Monday.",
    "Hundreds demonstrated in Mosul on Monday against a new tax.",
    "Militants executed ten prisoners in Mosul on Monday.",
    "Police dispersed the crowd in Baghdad with tear gas on Monday.",
    "A mob lynched a man in Baghdad on Monday.",
    "Thousands joined a rally against the war in Mosul on Monday.",
    "A bomb exploded near a market in Baghdad on Monday.",
    "Students staged a sit in in Mosul on Monday against a new tax.",
    "Teachers held a sit-in in Mosul on Monday against a new tax.",
])
def test_the_same_words_in_their_war_sense_stay_incidents(tiny, text):
    assert tiny.process(Article("a", text, published=PUBLISHED)).incidents


@pytest.mark.parametrize("text", [
    "A man was arraigned in Erbil on Tuesday on a kidnapping charge.",
    "The suspect in the Mosul stabbing will stand trial in Baghdad.",
    "A court in Baghdad convicted two men of assault on Monday.",
    "As part of a plea deal, prosecutors in Erbil dropped a robbery charge on Monday.",
])
def test_a_court_s_business_is_not_the_event(tiny, text):
    assert background(text, PUBLISHED), text
    assert tiny.process(Article("a", text, published=PUBLISHED)).incidents == []


def test_an_attack_told_beside_a_trial_stays_an_incident(tiny):
    text = ("Gunmen killed four soldiers in Mosul on Monday. A court in Baghdad convicted "
            "two men of an older bombing.")
    incidents = tiny.process(Article("a", text, published=PUBLISHED)).incidents
    assert [i.quotes[0].text[:6] for i in incidents] == ["Gunmen"]


def test_a_shell_of_a_man_is_no_shell(tiny):
    text = "He looked like a shell of the tall, strong man he was in Erbil on Monday."
    assert tiny.process(Article("a", text, published=PUBLISHED)).incidents == []


@pytest.mark.parametrize("text", [
    "The two teams will clash again in the second leg in Erbil next week.",
    "Mosul FC rallied from a ten point deficit to win the tournament on Monday.",
    "It was a hard-fought match in Baghdad, said coach Hamid.",
])
def test_sport_is_not_war(tiny, text):
    assert tiny.process(Article("a", text, published=PUBLISHED)).incidents == []


@pytest.mark.parametrize("text", [
    "Ten years ago, a gunman killed seven people at a church in Mosul.",
    "In 2019, a bomb killed a judge in Erbil.",
    "The 2016 bombing in Baghdad killed 300 people.",
])
def test_an_event_years_back_is_background_however_the_sentence_opens(tiny, text):
    assert background(text, PUBLISHED), text
    assert tiny.process(Article("a", text, published=PUBLISHED)).incidents == []


def test_crime_news_gives_no_incident_and_says_why(tiny):
    text = ("A gunman shot dead a shopkeeper in Erbil on Monday during a robbery. The sheriff "
            "said the murder suspect was taken into custody.")
    processed = tiny.process(Article("a", text, published=PUBLISHED))
    assert processed.incidents == []
    assert processed.not_conflict.startswith("not conflict: crime news")


@pytest.mark.parametrize("text", [
    "Police in Erbil arrested a man on Monday on a charge of sexual assault of a teenager; "
    "the suspect is held in custody.",
    "A support group will hold a walk for survivors of sexual violence in Erbil on Monday.",
    "The court in Erbil heard the rape case on Monday, and the judge set a trial date.",
])
def test_rape_without_an_armed_actor_is_crime_or_social_news(tiny, text):
    processed = tiny.process(Article("a", text, published=PUBLISHED))
    assert processed.incidents == []
    assert processed.not_conflict is not None


def test_rape_by_an_armed_group_is_an_incident(tiny):
    text = ("Militants raped several women in a village near Erbil on Monday, police said; "
            "a suspect was later held in custody.")
    processed = tiny.process(Article("a", text, published=PUBLISHED))
    assert processed.not_conflict is None
    assert [i.sub_event_type for i in processed.incidents] == ["Sexual violence"]


@pytest.mark.parametrize("text", [
    "Militants shot dead a shopkeeper in Erbil on Monday. Police said the murder suspect was "
    "taken into custody.",
    "An air strike hit a house in Mosul on Monday. Police said a murder suspect was in "
    "custody there.",
])
def test_police_words_beside_an_armed_group_or_an_act_of_war_stay_conflict(tiny, text):
    processed = tiny.process(Article("a", text, published=PUBLISHED))
    assert processed.not_conflict is None
    assert processed.incidents
