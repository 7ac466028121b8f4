"""An event's toll: its own count over a round-up's, the lede's when it has none."""

from __future__ import annotations

from datetime import date

import pytest

from geomap.incidents.tolls import roundup
from geomap.pipeline import Pipeline
from geomap.records import Article


@pytest.fixture(scope="module")
def tiny(tiny_gazetteer):
    return Pipeline(tiny_gazetteer)


def _incidents(pipeline, text):
    return pipeline.process(Article(id="a", text=text, published=date(2024, 5, 2))).incidents


@pytest.mark.parametrize(("sentence", "several"), [
    ("Two bombings tore through markets, killing at least 10 people.", True),
    ("Airstrikes across the north have killed 18 people.", True),
    ("A wave of drone strikes killed 30.", True),
    ("A bombing at a market killed seven people.", False),
    ("Air strikes on a village killed eight civilians.", False),
])
def test_a_roundup_tells_several_events_at_once(sentence, several):
    assert roundup(sentence) is several


def test_an_event_keeps_its_own_toll_over_the_roundup(tiny):
    (event,) = _incidents(tiny, "Two bombings hit Iraq on Sunday, killing at least 11 people. "
                                "The deadliest went off in Mosul on Sunday, killing eight "
                                "people.")
    assert event.fatalities == 8
    assert dict(event.evidence)["fatalities"] == "killing eight people"


def test_a_lede_without_a_place_counts_the_first_event(tiny):
    (event,) = _incidents(tiny, "The rebel group killed at least 11 soldiers and one "
                                "policeman on Monday. The ambush took place near Mosul.")
    assert (event.fatalities, event.fatalities_high) == (12, None)
    assert dict(event.evidence)["fatalities"].endswith("(the lede)")


def test_a_roundup_lede_counts_no_event(tiny):
    (event,) = _incidents(tiny, "Three separate attacks killed 20 people on Monday. "
                                "An ambush took place near Mosul.")
    assert event.fatalities is None


def test_an_updated_toll_replaces_the_first(tiny):
    (event,) = _incidents(tiny, "A car bomb exploded in Mosul on Monday, killing nine people. "
                                "The death toll in Mosul rose to 14 people on Monday.")
    assert event.fatalities == 14
