"""The one table of event types: it covers the triggers, styles every type, and feeds the map."""

from __future__ import annotations

import doctest
import json
import re

import geomap.event_types
from geomap.event_types import (
    DEFAULT_STYLE,
    EVENT_TYPES,
    event_type_names,
    map_styles,
    style_of,
)
from geomap.render.map import build_map
from geomap.rules import read_table

ACLED_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians",
               "Protests", "Riots", "Strategic developments")


def test_the_table_holds_acleds_six_types_and_25_sub_types_once_each():
    assert event_type_names() == ACLED_TYPES
    pairs = [(row.event_type, row.sub_event_type) for row in EVENT_TYPES]
    assert len(pairs) == len(set(pairs)) == 25


def test_every_trigger_names_a_type_and_sub_type_of_the_table():
    known = {(row.event_type, row.sub_event_type) for row in EVENT_TYPES}
    used = {(r["event_type"], r["sub_event_type"]) for r in read_table("triggers.csv")}
    assert used - known == set()


def test_every_type_has_a_colour_and_a_one_letter_symbol():
    for row in EVENT_TYPES:
        assert re.fullmatch(r"#[0-9a-f]{6}", row.style.color), row
        assert len(row.style.symbol) == 1, row


def test_every_sub_type_is_drawn_like_its_type():
    for row in EVENT_TYPES:
        assert row.style == style_of(row.event_type), row


def test_an_unknown_type_gets_the_default_style():
    assert style_of("Not an ACLED type") == DEFAULT_STYLE
    assert style_of("_default") == DEFAULT_STYLE


def test_the_map_embeds_the_tables_styles():
    html = build_map({"features": []}, {"features": []}, {})
    styles = json.loads(re.search(r'"styles":(\{.*?\}\}),"mode"', html).group(1))
    assert styles == map_styles()
    for name in event_type_names():
        assert styles[name] == {"color": style_of(name).color, "icon": style_of(name).symbol}
    assert styles["_default"] == {"color": DEFAULT_STYLE.color, "icon": DEFAULT_STYLE.symbol}


def test_the_module_examples_hold():
    assert doctest.testmod(geomap.event_types).failed == 0
