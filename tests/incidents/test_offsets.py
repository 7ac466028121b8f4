"""Sites given as a distance and a bearing from a town ("30 km south of Mosul")."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.geometry import km_between
from geomap.incidents.offsets import MAX_KM, offset_before
from geomap.pipeline import Pipeline
from geomap.records import Article

MOSUL = (36.34, 43.13)


@pytest.fixture(scope="module")
def tiny(tiny_gazetteer):
    return Pipeline(tiny_gazetteer)


def _incidents(pipeline, text):
    return pipeline.process(Article("a", text, published=date(2024, 5, 7))).incidents


def test_a_bomb_30_km_south_of_a_town_is_pinned_30_km_south(tiny):
    (event,) = _incidents(tiny, "A roadside bomb exploded 30 km south of Mosul on Monday, "
                                "killing two soldiers.")
    assert event.place.name == "30 km south of Mosul"
    assert km_between(MOSUL, (event.place.lat, event.place.lon)) == pytest.approx(30, abs=0.5)
    assert event.place.lat < MOSUL[0]
    assert event.geo_precision == 2
    assert event.place.country_code == "IQ"


def test_a_later_sentence_measuring_the_site_from_the_town_moves_the_pin(tiny):
    (event,) = _incidents(tiny, "A ship was struck by a drone off Mosul on Monday. "
                                "The agency said it had a report of an incident 40 nautical "
                                "miles northwest of Mosul.")
    assert km_between(MOSUL, (event.place.lat, event.place.lon)) == pytest.approx(74, abs=1)
    assert event.place.lat > MOSUL[0]
    assert event.place.lon < MOSUL[1]
    assert len(event.quotes) == 2


@pytest.mark.parametrize(("text", "km", "bearing"), [
    ("some 12 kilometres to the north-east of ", 12.0, 45.0),
    ("10 miles west of the city of ", 16.09344, 270.0),
    ("76NM northwest of ", 140.752, 315.0),
    ("about 60 miles (90 kilometers) north of ", 96.56064, 0.0),
])
def test_distance_and_bearing_are_read(text, km, bearing):
    offset = offset_before(text, len(text))
    assert offset is not None
    assert offset[0] == pytest.approx(km)
    assert offset[1] == bearing


def test_a_distance_too_far_to_name_a_site_is_not_an_offset():
    text = "1,200 km north of "
    assert offset_before(text, len(text)) is None
    text = "900 km north of "
    assert offset_before(text, len(text)) is None


@given(st.text(max_size=120))
def test_any_text_gives_an_offset_in_range_or_none(text):
    offset = offset_before(text, len(text))
    assert offset is None or (0 < offset[0] <= MAX_KM and 0 <= offset[1] < 360)
