"""The map's HTML: compact data, escaping, CSP, determinism, size budget, online mode."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.render.data import country_totals, encode_incidents
from geomap.render.layers.basemap import natural_earth
from geomap.render.map import _inline_scripts, build_map, to_json
from geomap.render.places_mentioned import PlacesMentioned

EVIL = ('Strike in Baghdad <script>window.pwned=1</script> <img src=x onerror="window.pwned=2"> '
        '`${window.pwned=3}` \\20 </div> it\'s & done')


def incident(n: int, *, quote: str = "A drone strike in Baghdad killed 2.", lat=33.34, lon=44.4,
             event_type="Battles", date="2024-02-07", precision=1, article="a1", cc="IQ"):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"incident_id": f"inc-{n}", "event_type": event_type,
                           "sub_event_type": "Armed clash", "event_date": date,
                           "time_precision": "day", "location_name": "Baghdad",
                           "geo_precision": precision, "resolver": "gazetteer",
                           "location_basis": "syntactic", "country_code": cc, "fatalities": 2,
                           "actor1": "Kataib Hezbollah", "source_count": 1,
                           "quotes": [{"article_id": article, "text": quote}]}}


def fc(*features):
    return {"type": "FeatureCollection", "features": list(features)}


ARTICLES = {"a1": {"title": "Iraq denounces strike", "url": "https://example.org/a1",
                   "source": "Wire", "published": "2024-02-08"}}


def render(*features, **options):
    return build_map(fc(*features), fc(), ARTICLES, **options)


def scripts(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, flags=re.S)


def test_repeated_strings_are_stored_once_and_null_is_index_zero():
    data = encode_incidents([incident(1), incident(2, quote="Another sentence."),
                             incident(3, event_type="Protests")], ARTICLES)
    strings = data["strings"]
    assert strings[0] is None
    assert strings.count("Baghdad") == 1
    assert [strings[k] for k in data["type"]] == ["Battles", "Battles", "Protests"]
    assert data["qual"] == [0, 0, 0]
    assert data["q"] == [0, 1, 0]
    assert data["qt"] == ["A drone strike in Baghdad killed 2.", "Another sentence."]
    assert [strings[k] for k in data["art"]["url"]] == ["https://example.org/a1"]


def test_an_incident_without_a_place_is_counted_not_drawn():
    unplaced = dict(incident(2), geometry=None)
    data = encode_incidents([incident(1), unplaced], ARTICLES)
    assert (len(data["lat"]), data["unplaced"]) == (1, 1)


def test_merged_incident_keeps_every_report():
    merged = incident(1)
    merged["properties"]["quotes"].append({"article_id": "a2", "text": "Second report."})
    data = encode_incidents([merged], ARTICLES)
    assert data["q"] == [[0, 1]]
    assert [data["strings"][data["art"]["id"][a]] for a in data["qa"]] == ["a1", "a2"]


def test_country_totals_count_incidents_and_fatalities():
    data = encode_incidents([incident(1), incident(2), incident(3, cc="SY")], ARTICLES)
    assert country_totals(data) == {"IQ": [2, 4], "SY": [1, 2]}


@given(st.text())
def test_json_for_scripts_cannot_close_the_script_and_round_trips(text):
    out = to_json({"q": [text]})
    assert not set("<>&'") & set(out)
    assert json.loads(out) == {"q": [text]}


def test_quote_markup_reaches_the_page_only_as_escaped_json():
    html = render(incident(1, quote=EVIL))
    assert "window.pwned" in html
    assert "<script>window.pwned" not in html
    assert "<img src=x" not in html
    assert "\\u003c/div\\u003e" in html
    assert all("pwned" not in s for s in scripts(html)[:-1])


def test_csp_allows_exactly_the_inline_scripts():
    html = render(incident(1))
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    allowed = set(re.findall(r"'sha256-([^']+)'", policy))
    found = {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts(html)}
    assert allowed == found
    assert "default-src 'none'" in policy
    assert "connect-src 'none'" in policy


@settings(max_examples=300)
@given(st.lists(st.sampled_from(["<script>", "</script>", "<script", "</scr", "x", "\n", "<"]),
                max_size=12).map("".join))
def test_the_scripts_hashed_are_those_a_lazy_pattern_finds(html):
    assert _inline_scripts(html) == re.findall(r"<script>(.*?)</script>", html, flags=re.S)


def test_same_input_gives_byte_identical_html():
    features = [incident(n, lat=30 + n / 10) for n in range(5)]
    assert render(*features) == render(*features)


def test_element_ids_follow_the_content():
    ids = {re.search(r'id="(map_[0-9a-f]+)"', render(incident(1, lat=lat))).group(1)
           for lat in (33.0, 34.0)}
    assert len(ids) == 2


def test_offline_page_references_nothing_outside_itself():
    html = render(incident(1))
    markup = re.sub(r"<(script|style)>.*?</\1>", "", html, flags=re.S)
    assert not re.search(r"(src|href)=", markup)
    assert not re.search(r"url\((?!data:|#)", html)
    assert "{s}.tile" not in html
    assert "Natural Earth" in html
    assert "GeoNames" in html


def test_online_page_uses_tiles_with_attribution():
    html = render(incident(1), offline=False)
    assert "tile.openstreetmap.org" in html
    attribution = json.loads(re.search(r'"attribution": ("(?:[^"\\]|\\.)*")', html).group(1))
    assert "OpenStreetMap" in attribution
    assert "GeoNames" in attribution
    assert "Natural Earth" in attribution


def test_online_page_embeds_only_the_countries_with_incidents():
    html = render(incident(1, cc="IQ"), offline=False)
    assert '"iso":"IQ"' in html.replace(" ", "") or '"iso": "IQ"' in html
    assert '"FR"' not in html


@pytest.mark.parametrize(("options", "mode"), [({}, "pins"), ({"cluster_above": 2}, "cluster"),
                                               ({"max_data_bytes": 100}, "aggregate")])
def test_size_budget_picks_the_mode_and_says_so(options, mode):
    html = render(*[incident(n, quote=f"Quote number {n}.") for n in range(3)], **options)
    assert f'data-mode="{mode}"' in html
    notice = re.search(r'"notice":("[^"]*"|null)', html).group(1)
    assert (notice == "null") == (mode == "pins")
    assert ("Quote number 1." in html) == (mode != "aggregate")


def test_basemap_is_compact_and_keyed_by_iso_code():
    countries = natural_earth()["features"]
    codes = {f["properties"]["iso"] for f in countries}
    assert {"IQ", "SY", "FR", "NO", "US"} <= codes
    assert len(json.dumps(natural_earth())) < 200_000


texts = st.one_of(st.none(), st.text(max_size=30))


@given(st.lists(st.tuples(texts, texts, st.text(max_size=40), st.sampled_from(["a1", "a2"])),
                min_size=1, max_size=8))
def test_columns_decode_back_to_what_popups_show(rows):
    features = []
    for n, (place, actor, quote, article) in enumerate(rows):
        feature = incident(n, quote=quote, article=article)
        feature["properties"].update(location_name=place, actor1=actor)
        features.append(feature)
    data = json.loads(to_json(encode_incidents(features, ARTICLES)))
    strings = data["strings"]
    for i, (place, actor, quote, article) in enumerate(rows):
        assert strings[data["place"][i]] == (place or None)
        assert strings[data["a1"][i]] == (actor or None)
        assert data["qt"][data["q"][i]] == quote
        assert strings[data["art"]["id"][data["qa"][data["q"][i]]]] == article


def test_an_offline_gazetteer_map_credits_only_geonames_and_natural_earth():
    from geomap.gazetteer.index import ATTRIBUTION
    from geomap.render.map import attribution

    features = [{"properties": {"resolver": "gazetteer"}}]
    assert attribution(features) == ATTRIBUTION


@pytest.mark.parametrize(("content", "field"), [
    ('{"type": "FeatureCollection", "features": [5]}', "features[0]"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, '
     '"properties": {"event_type": "Battles", "fatalities": "many"}}]}',
     "features[0].properties.fatalities"),
])
def test_malformed_geojson_names_the_field(tmp_path, content, field):
    from geomap.errors import InputError
    from geomap.io.map_inputs import read_feature_collection

    path = tmp_path / "bad.geojson"
    path.write_text(content)
    with pytest.raises(InputError, match=rf"bad.geojson: {re.escape(field)}: "):
        read_feature_collection(path)


def test_a_name_placed_only_by_its_articles_country_says_so_beside_the_country():
    def mention(text, resolver):
        return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [38.0, 35.0]},
                "properties": {"text": text, "name": "Syria", "resolver": resolver,
                               "feature_code": "PCLI"}}

    def _places(collection):
        return PlacesMentioned().extend(collection["features"]).rows()

    (syria,) = _places(fc(mention("Syria", "gazetteer"), mention("Kfraya", "focus")))
    assert syria["count"] == 2
    assert syria["texts"] == ["Kfraya (not found; put in its article's country)", "Syria"]
    html = build_map(fc(), fc(mention("Kfraya", "focus")), ARTICLES)
    assert "Geocoding by" not in html  # the focus stage asks no service
    division = dict(mention("Frogtown", "focus"), properties={
        "text": "Frogtown", "name": "Texas", "resolver": "focus", "feature_code": "ADM1"})
    assert _places(fc(division))[0]["texts"] == ["Frogtown (not found; put in its article's area)"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["map_", "marker_", "_", "a", "f", "0", "9", "M", "é", " ",
                                 ".", '"', "a" * 32, "0f" * 16, "e" * 33]), max_size=12)
       .map("".join))
def test_element_ids_are_what_the_id_pattern_finds(page):
    """The ids are found from their "_" back (fast on a page of megabytes) and are the ids the
    plain pattern finds, in order."""
    from geomap.render.map import element_ids

    assert element_ids(page) == re.findall(r"\b(?:[a-z_]+)_([0-9a-f]{32})\b", page)
