"""UCDP GED exports read as reference records and joined: a small CSV of our own in the
codebook's columns, never UCDP's data."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from geomap.cli import app
from geomap.errors import InputError
from geomap.io.join import join, read_reference
from geomap.io.ucdp import read_ucdp
from geomap.records import Resolution
from geomap.resolve import GazetteerResolver, ResolverChain
from tests.helpers import csv_text, place
from tests.io.features import incident_features

COLUMNS = ["id", "relid", "year", "type_of_violence", "conflict_name", "side_a", "side_b",
           "source_article", "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude",
           "longitude", "country", "date_prec", "date_start", "date_end", "best", "low", "high"]
#: Our incident is violence against civilians in Mosul on 2024-03-04 (tests/io/features.py).
EVENTS = [
    # a week-long one-sided event in Mosul, as UCDP's CSV writes dates
    {"id": "900001", "type_of_violence": "3", "where_coordinates": "Mosul town",
     "latitude": "36.335", "longitude": "43.119", "date_start": "2024-03-01 00:00:00.000",
     "date_end": "2024-03-07 00:00:00.000", "date_prec": "2"},
    # state-based fighting nearer still, the same day: compatible, but not the same type
    {"id": "900002", "type_of_violence": "1", "where_coordinates": "Mosul city",
     "latitude": "36.34", "longitude": "43.13", "date_start": "2024-03-04",
     "date_end": "2024-03-04"},
    # no coordinates: placed from its names
    {"id": "900003", "type_of_violence": "2", "where_coordinates": "Erbil town",
     "adm_1": "Erbil governorate", "country": "Iraq", "latitude": "", "longitude": "",
     "date_start": "2024-03-04", "date_end": "2024-03-04"},
]


def write_ucdp(path, events=EVENTS) -> None:
    rows = [{"relid": f"IRQ-2024-{event['id']}", "year": "2024",
             "conflict_name": "Iraq: Government", "side_a": "Government of Iraq",
             "side_b": "IS", "source_article": "A wire report", "where_prec": "1",
             "adm_1": "Ninawa governorate", "adm_2": "Mosul district", "country": "Iraq",
             "date_prec": "1", "best": "3", "low": "2", "high": "5", **event}
            for event in events]
    assert all(set(row) <= set(COLUMNS) for row in rows)
    path.write_text(csv_text([COLUMNS, *([row.get(c, "") for c in COLUMNS] for row in rows)]),
                    encoding="utf-8", newline="")


@pytest.fixture
def chain(tiny_gazetteer):
    return ResolverChain(GazetteerResolver(tiny_gazetteer), ())


def test_events_keep_their_ids_days_and_columns(tmp_path, chain):
    write_ucdp(tmp_path / "ged.csv")
    first, second, third = read_reference(tmp_path / "ged.csv", chain=chain)
    assert [r.dataset for r in (first, second, third)] == ["ucdp"] * 3
    assert (first.id, first.first, first.last) == ("900001", date(2024, 3, 1), date(2024, 3, 7))
    assert first.row["side_a"] == "Government of Iraq"
    assert first.row["best"] == "3"
    assert first.row["date_start"] == "2024-03-01 00:00:00.000"
    assert list(first.row) == COLUMNS
    assert first.event_types == {"Violence against civilians", "Explosions/Remote violence"}
    assert second.event_types == {"Battles", "Explosions/Remote violence"}


def test_an_event_without_coordinates_is_placed_from_its_own_names(tmp_path, chain):
    write_ucdp(tmp_path / "ged.csv")
    third = read_reference(tmp_path / "ged.csv", chain=chain)[2]
    assert (third.lat, third.lon) == (36.19, 44.01)
    assert third.geocoded == "Erbil → Erbil, IQ (gazetteer, city)"


def test_the_fallback_places_what_the_gazetteer_lacks(tmp_path, tiny_gazetteer):
    class Atlas:
        """A stand-in online geocoder that knows one town."""

        name = "atlas"

        def __init__(self):
            self.asked: list[tuple[str, str | None]] = []

        def resolve(self, mention, *, country=None):
            self.asked.append((mention.text, country))
            if mention.text != "Qaraqosh":
                return None
            return Resolution(mention, place("Qaraqosh", 36.27, 43.38, 0, "PPL", "IQ"), "atlas",
                              0.8)

    write_ucdp(tmp_path / "ged.csv", [{**EVENTS[2], "where_coordinates": "Qaraqosh town"}])
    atlas = Atlas()
    chain = ResolverChain(GazetteerResolver(tiny_gazetteer), [atlas])
    [event] = read_reference(tmp_path / "ged.csv", chain=chain)
    assert (event.lat, event.lon) == (36.27, 43.38)
    assert event.geocoded == "Qaraqosh → Qaraqosh, IQ (atlas, city)"
    assert ("Qaraqosh", "IQ") in atlas.asked  # asked within the event's country


def test_events_become_a_geodataframe_with_their_points(tmp_path, chain):
    from geomap.io.reference import to_geodataframe

    write_ucdp(tmp_path / "ged.csv", [*EVENTS, {**EVENTS[2], "id": "900004",
                                                "where_coordinates": "Nowhere Farm",
                                                "adm_1": "", "adm_2": "", "country": ""}])
    frame = to_geodataframe(read_reference(tmp_path / "ged.csv", chain=chain))
    assert frame.crs.to_epsg() == 4326
    assert frame["id"].tolist() == ["900001", "900002", "900003", "900004"]
    assert list(frame.columns) == [*COLUMNS, "geomap_geocoded", "geometry"]
    assert (frame.geometry[2].y, frame.geometry[2].x) == (36.19, 44.01)  # geocoded
    assert frame.geometry[3] is None
    assert frame["geomap_geocoded"][3] == "not placed: Nowhere Farm"


def test_a_ucdp_event_spanning_days_matches_and_the_same_type_wins(tmp_path, chain):
    write_ucdp(tmp_path / "ged.csv")
    result = join(incident_features(), read_reference(tmp_path / "ged.csv", chain=chain))
    [(ours, theirs, km, days)] = result.matched
    assert (ours["properties"]["incident_id"], theirs.id, days) == ("inc-a1", "900001", 0)
    assert km < 2
    assert [r.id for r in result.only_theirs] == ["900002", "900003"]


def test_geomap_join_reads_a_ucdp_export(tmp_path):
    ours = tmp_path / "incidents.geojson"
    ours.write_text(json.dumps({"type": "FeatureCollection", "features": incident_features()}),
                    encoding="utf-8")
    write_ucdp(tmp_path / "ged.csv")
    result = CliRunner().invoke(app, ["join", str(ours), str(tmp_path / "ged.csv"), "-o",
                                      str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"matched": 1, "only_ours": 1, "only_theirs": 2}
    with (tmp_path / "out" / "matched.csv").open(encoding="utf-8", newline="") as fh:
        [row] = csv.DictReader(fh)
    assert (row["id"], row["side_b"], row["geomap_incident_id"], row["match_days"]) == (
        "900001", "IS", "inc-a1", "0")
    with (tmp_path / "out" / "only-theirs.csv").open(encoding="utf-8", newline="") as fh:
        theirs = {r["id"]: r for r in csv.DictReader(fh)}
    assert theirs["900003"]["latitude"] == ""
    assert theirs["900003"]["geomap_geocoded"].startswith("Erbil → Erbil, IQ")
    assert float(theirs["900003"]["geomap_latitude"]) == pytest.approx(36.19, abs=0.5)


@pytest.mark.parametrize(("change", "message"), [
    ({"type_of_violence": "4"}, r"ged\.csv:2: type_of_violence: '4' is not 1, 2 or 3"),
    ({"date_start": "March 2024"}, r"ged\.csv:2: date_start: not a date: 'March 2024'"),
    ({"date_end": "2024-02-01"}, r"ged\.csv:2: date_end: 2024-02-01 is before date_start"),
    ({"latitude": "36,3"}, r"ged\.csv:2: latitude: not a number: '36,3'"),
    ({"id": " "}, r"ged\.csv:2: id: empty"),
])
def test_a_bad_row_names_file_line_and_column(tmp_path, change, message):
    write_ucdp(tmp_path / "ged.csv", [{**EVENTS[1], **change}])
    with pytest.raises(InputError, match=message):
        read_ucdp(tmp_path / "ged.csv")


def test_a_file_missing_a_required_column_is_named(tmp_path):
    path = tmp_path / "ged.csv"
    path.write_text("id,date_start,type_of_violence\n1,2024-03-04,1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"ged\.csv: latitude: not a UCDP GED export"):
        read_ucdp(path)


CELL = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries(dict.fromkeys(
    ("id", "type_of_violence", "date_start", "date_end", "latitude", "longitude"), CELL)))
def test_any_cells_give_an_event_or_one_error_naming_the_file(tmp_path, cells):
    path = tmp_path / "ged.csv"
    write_ucdp(path, [{**EVENTS[1], **cells}])
    try:
        ids = [e.row["id"] for e in read_ucdp(path)]
        message = ""
    except InputError as err:
        ids, message = [], str(err)
    assert ids == [cells["id"]] or (message.startswith(f"{path}:") and "\n" not in message)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(CELL, max_size=4))
def test_any_place_names_are_placed_or_said_not_placed(chain, cells):
    from geomap.io.reference import Reference, locate, names

    event = Reference("ucdp", "1", {}, 2, date(2024, 3, 4), date(2024, 3, 4), None, None,
                      frozenset({"Political violence"}), frozenset(), names=names(*cells))
    [placed] = locate([event], chain)
    assert (placed.lat is None) == (placed.geocoded.startswith("not placed") or not event.names)
