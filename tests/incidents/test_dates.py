"""Event dates: absolute, relative to the publication date, never invented."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.incidents.dates import _ANY_DATE, MONTHS, PATTERNS, WEEKDAYS, find_date, find_dates

PUBLISHED = date(2024, 2, 8)  # a Thursday
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2039, 12, 31))


@pytest.mark.parametrize(("text", "value", "precision"), [
    ("On Wednesday night, a drone struck", date(2024, 2, 7), "day"),
    ("clashes on Thursday", date(2024, 2, 8), "day"),
    ("late on Sunday", date(2024, 2, 4), "day"),
    ("an attack last month", date(2024, 1, 1), "month"),
    ("fighting last week", date(2024, 1, 29), "week"),
    ("a raid yesterday", date(2024, 2, 7), "day"),
    ("a strike on February 3", date(2024, 2, 3), "day"),
    ("a strike on 3 Feb 2023", date(2023, 2, 3), "day"),
    ("a strike on December 30", date(2023, 12, 30), "day"),
    ("drones launched overnight into Thursday", date(2024, 2, 8), "day"),
])
def test_expressions_resolve_against_publication(text, value, precision):
    found = find_date(text, PUBLISHED)
    assert (found.value, found.precision) == (value, precision)
    assert found.expression
    assert found.expression in text
    assert found.anchor == PUBLISHED


def test_statement_dates_and_datelines_are_not_event_dates():
    assert find_date("officials said on Wednesday", PUBLISHED).value is None
    text = "BAGHDAD, Feb 8 - A bomb exploded late on Tuesday"
    assert find_date(text, PUBLISHED).value == date(2024, 2, 6)
    for agency in ("(AP)", "(ANI/Xinhua)", "(NNN-PNA)"):
        text = f"MOSUL, Feb 8 {agency} – Troops, yesterday, repelled an attack"
        assert find_date(text, PUBLISHED).value == date(2024, 2, 7), agency


def test_a_day_earlier_counts_from_the_previous_event():
    hits = find_dates("A day earlier, a car bomb exploded", PUBLISHED, previous=date(2024, 2, 5))
    assert hits[0].date.value == date(2024, 2, 4)
    assert find_date("A day earlier, a bomb", PUBLISHED).value is None


@given(published=dates, weekday=st.sampled_from(WEEKDAYS))
def test_weekday_is_the_last_such_day_up_to_publication(published, weekday):
    found = find_date(f"killed on {weekday.capitalize()}", published)
    assert found.value is not None
    assert 0 <= (published - found.value).days <= 6
    assert found.value.weekday() == WEEKDAYS.index(weekday)


@given(value=dates)
def test_written_dates_round_trip(value):
    month = MONTHS[value.month - 1].capitalize()
    for text in (f"on {month} {value.day}, {value.year}", f"on {value.day} {month} {value.year}",
                 value.isoformat()):
        assert find_date(text, None).value == value


@given(value=dates)
def test_dates_without_year_never_lie_after_publication(value):
    month = MONTHS[value.month - 1].capitalize()
    found = find_date(f"struck on {month} {value.day}", value)
    assert found.value == value
    later = find_date(f"struck on {month} {value.day}", value - timedelta(days=3))
    assert later.value is None or later.value <= value


@given(weekday=st.sampled_from(WEEKDAYS))
def test_no_publication_date_means_unresolved(weekday):
    found = find_date(f"a raid on {weekday} morning and another yesterday", None)
    assert found.value is None
    assert found.expression is not None


@given(text=st.text(), published=st.none() | dates)
def test_any_text_gives_hits_inside_the_text(text, published):
    for hit in find_dates(text, published):
        assert 0 <= hit.start < hit.end <= len(text)
        assert hit.date.expression == text[hit.start:hit.end].strip()


def test_relative_dates_at_the_edge_of_the_calendar_stay_unresolved():
    from datetime import date

    from geomap.incidents.dates import find_date

    assert find_date("Clashes erupted yesterday.", date(1, 1, 1)).value is None
    assert find_date("Clashes erupted last year.", date(1, 3, 1)).value is None



@pytest.mark.parametrize("kind", [kind for kind, _ in PATTERNS])
@given(data=st.data())
def test_every_date_pattern_match_passes_the_quick_check(kind, data):
    """find_dates reads no further a text without a digit or a day/night/week... word, so
    every text a date pattern matches must hold one."""
    pattern = dict(PATTERNS)[kind]
    text = data.draw(st.from_regex(pattern, fullmatch=True))
    assert _ANY_DATE.search(text)
