"""Places the gazetteer lacks but the text calls places ("the village of X", "X camp"):
found as mentions; offline, placed at the area the text puts them in ("in the West Bank"), else
left unresolved; placed by the geocoder online."""

from __future__ import annotations

import json

from geomap.geocoders.cache import GeoCache
from geomap.geocoders.nominatim import nominatim
from geomap.pipeline import Pipeline, run
from geomap.records import Article
from tests.nominatim_server import USER_AGENT

TEXT = ("Settlers attacked the village of Umm al-Kheir in the West Bank on Friday, wounding "
        "three people, and shelling hit Zamzam camp near El Fasher.")


def _mentions(result):
    return {r.mention.text: r for a in result.articles for r in a.resolutions}


def test_cued_names_are_mentions_even_when_the_gazetteer_lacks_them():
    found = _mentions(Pipeline().run([Article("a", TEXT)]))
    assert {"Umm al-Kheir", "Zamzam camp", "West Bank", "El Fasher"} <= set(found)
    assert found["Umm al-Kheir"].place.name == "West Bank"
    assert found["Umm al-Kheir"].signal.startswith("not in the gazetteer inside West Bank")
    assert found["Zamzam camp"].place is None or found["Zamzam camp"].resolver == "focus"
    assert found["El Fasher"].place is not None


def test_a_cued_name_stops_at_and():
    """"The village of Kfar Kila and Aita al-Shaab" is not one village called "Kfar Kila and
    Aita"."""
    found = _mentions(Pipeline().run([Article("a", "Shells hit the village of Qwerkila and "
                                                   "Zanbarra on Friday.")]))
    assert "Qwerkila" in found
    assert not any(" and " in name for name in found)


def test_a_capitalised_word_without_a_cue_is_not_a_mention():
    found = _mentions(Pipeline().run([Article("a", "Officials met Qwertyx Zanzibarr on Friday.")]))
    assert not {"Qwertyx", "Qwertyx Zanzibarr", "Zanzibarr"} & set(found)


def test_offline_an_unknown_village_goes_to_its_area_with_that_precision(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT)
    result = run([str(tmp_path / "a.txt")], tmp_path / "out")
    assert result.summary()["unresolved"] >= 1
    features = json.loads((tmp_path / "out" / "mentions.geojson").read_text())["features"]
    village = next(f for f in features if f["properties"]["text"] == "Umm al-Kheir")
    assert village["properties"]["precision"] == "country"
    camp = next(f for f in features if f["properties"]["text"] == "Zamzam camp")
    assert camp["geometry"] is None


def test_online_the_geocoder_places_the_unknown_village(server, cache_path):
    resolver = nominatim(user_agent=USER_AGENT, domain=server.domain, scheme="http",
                         timeout=0.3, cache=GeoCache(cache_path))
    found = _mentions(Pipeline(fallbacks=[resolver]).run([Article("a", TEXT)]))
    village = found["Umm al-Kheir"]
    assert village.resolver == "nominatim"
    assert (round(village.place.lat, 2), round(village.place.lon, 2)) == (31.39, 35.17)
    assert server.count("Umm al-Kheir") == 1


def test_an_unplaced_mention_keeps_its_sentence_as_quote(tmp_path):
    (tmp_path / "a.txt").write_text("Intro line.\n" + TEXT + "\n")
    run([str(tmp_path / "a.txt")], tmp_path / "out")
    features = json.loads((tmp_path / "out" / "mentions.geojson").read_text())["features"]
    village = next(f["properties"] for f in features if f["properties"]["text"] == "Umm al-Kheir")
    assert village["quote"]["text"] == TEXT
    assert (tmp_path / "a.txt").read_text()[village["quote"]["start"]:village["quote"]["end"]] \
        == TEXT


def test_a_name_between_a_locative_and_village_is_a_mention():
    """"at Qarbuni village," and "an attack on Zelkafo village": the village word after the
    name and the locative before it make a name the gazetteer lacks a place, with no "in"."""
    found = _mentions(Pipeline().run([Article("a", (
        "A bomb went off at Qarbuni village, police in Kenya said. The attack on Zelkafo "
        "village killed four people.")), Article("b", "Elders met in Sunday village halls.")]))
    assert {"Qarbuni", "Zelkafo"} <= set(found)
    assert not {"Sunday"} & set(found)


def test_a_word_saying_what_camp_it_is_stays_in_the_camp_name():
    found = _mentions(Pipeline().run([Article("a", (
        "Raiders attacked Dankuoi cattle camp in South Sudan, and troops raided the Werkash "
        "refugee camp near El Fasher."))]))
    assert {"Dankuoi cattle camp", "Werkash refugee camp"} <= set(found)


def test_a_name_joined_by_of_before_city_keeps_the_known_city():
    """"in PD9 of Kabul city": Kabul stays Kabul, not one unknown place "PD9 of Kabul"."""
    found = _mentions(Pipeline().run([Article("a", "A blast hit a car in PD9 of Kabul city.")]))
    assert found["Kabul"].place.name == "Kabul"
    assert not any(" of " in name for name in found)


def test_a_modifier_that_says_no_kind_of_camp_makes_no_place():
    found = _mentions(Pipeline().run([Article("a", "Crews repaired the Q-10 span crossing "
                                                   "over the lake.")]))
    assert not any("crossing" in name for name in found)


def test_online_the_incident_is_pinned_at_the_village_the_geocoder_finds(server, cache_path):
    """Offline the attack goes to the West Bank (the area the text gives); online its pin is
    the village itself, as precise as a town."""
    resolver = nominatim(user_agent=USER_AGENT, domain=server.domain, scheme="http",
                         timeout=0.3, cache=GeoCache(cache_path))
    offline = Pipeline().run([Article("a", TEXT)]).incidents
    online = Pipeline(fallbacks=[resolver]).run([Article("a", TEXT)]).incidents
    attack = next(i for i in offline if "Umm al-Kheir" in i.quotes[0].text)
    assert attack.place.name == "West Bank"
    assert attack.geo_precision == 3
    attack = next(i for i in online if "Umm al-Kheir" in i.quotes[0].text)
    assert (round(attack.place.lat, 2), round(attack.place.lon, 2)) == (31.39, 35.17)
    assert attack.geo_precision == 1
