"""Incidents as ACLED rows: column names, order and codes."""

from __future__ import annotations

import pyogrio
import pytest

from geomap.gazetteer.index import Gazetteer
from geomap.io.acled import COLUMNS, acled_rows, disorder_type
from geomap.io.output import write
from tests.helpers import place
from tests.io.features import MOSUL, incident_features


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_places([
        (place("Iraq", 33.0, 44.0, 99237, "PCLI", "IQ", 38_000_000, "A"), []),
        (place("Nineveh", 36.0, 42.5, 99071, "ADM1", "IQ", 3_000_000, "A", admin1="15"), []),
        (MOSUL, [])])


def test_a_placed_dated_incident_fills_acleds_columns(gazetteer):
    row = acled_rows(incident_features(), gazetteer=gazetteer)[0]
    assert list(row) == list(COLUMNS)
    assert row == {**dict.fromkeys(COLUMNS, ""),
                   "event_id_cnty": "IRQ-inc-a1", "event_date": "2024-03-04", "year": 2024,
                   "time_precision": 1, "disorder_type": "Political violence",
                   "event_type": "Violence against civilians", "sub_event_type": "Attack",
                   "actor1": "Gunmen", "civilian_targeting": "Civilian targeting", "iso": 368,
                   "region": "Middle East", "country": "Iraq", "admin1": "Nineveh",
                   "location": "Mosul", "latitude": 36.34, "longitude": 43.13,
                   "geo_precision": 1, "source": "Example News",
                   "notes": "Gunmen attacked a market in Mosul on Monday, killing four people. "
                            "Gunmen",
                   "fatalities": 4, "timestamp": 1709596800, "geomap_incident_id": "inc-a1"}


def test_an_undated_unplaced_incident_says_so_and_counts_no_dead(gazetteer):
    row = acled_rows(incident_features(), gazetteer=gazetteer)[1]
    assert (row["event_id_cnty"], row["event_date"], row["time_precision"]) == (
        "XXX-inc-a2", "", None)
    assert (row["fatalities"], row["tags"], row["iso"], row["admin1"]) == (0, "no date", None, "")


@pytest.mark.parametrize(("event_type", "sub_event_type", "expected"), [
    ("Battles", "Armed clash", "Political violence"),
    ("Protests", "Peaceful protest", "Demonstrations"),
    ("Riots", "Mob violence", "Demonstrations"),
    ("Protests", "Excessive force against protesters", "Political violence; Demonstrations"),
    ("Strategic developments", "Arrests", "Strategic developments")])
def test_disorder_types_follow_acled(event_type, sub_event_type, expected):
    assert disorder_type(event_type, sub_event_type) == expected


def test_the_acled_csv_has_acleds_header_and_reads_back(tmp_path):
    path = write(tmp_path / "acled.csv", {"incidents": incident_features()}, format="acled-csv")
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(COLUMNS)
    back = pyogrio.read_dataframe(path)
    assert list(back["event_id_cnty"]) == ["IRQ-inc-a1", "XXX-inc-a2"]
    assert list(back["fatalities"]) == ["4", "0"]
