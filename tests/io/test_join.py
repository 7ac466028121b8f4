"""geomap join: our incidents against an ACLED-format CSV written here (UCDP: test_ucdp.py)."""

from __future__ import annotations

import csv

import pytest

from geomap.errors import InputError
from geomap.io.acled import read_acled
from geomap.io.join import join, read_reference, write_join
from tests.io.features import incident_features

ACLED = [  # event_id_cnty, event_date, event_type, latitude, longitude
    ("IRQ1", "2024-03-05", "Violence against civilians", "36.36", "43.15"),  # a day, 3 km
    ("IRQ2", "2024-03-04", "Violence against civilians", "33.34", "44.40"),  # Baghdad
    ("IRQ3", "2024-03-04", "Protests", "36.34", "43.13"),  # another kind of event
    ("IRQ4", "07 March 2024", "Violence against civilians", "36.34", "43.13"),  # 3 days later
]


def write_acled(path, rows=ACLED) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["event_id_cnty", "event_date", "event_type", "sub_event_type", "latitude",
                      "longitude", "notes"])
        out.writerows((i, d, t, "", lat, lon, "A note.") for i, d, t, lat, lon in rows)


def test_an_event_matches_within_a_day_and_25_km_of_the_same_kind(tmp_path):
    write_acled(tmp_path / "acled.csv")
    result = join(incident_features(), read_acled(tmp_path / "acled.csv"))
    [(ours, theirs, km, days)] = result.matched
    assert (ours["properties"]["incident_id"], theirs.id, days) == ("inc-a1", "IRQ1", 1)
    assert 2 < km < 4
    assert [f["properties"]["incident_id"] for f in result.only_ours] == ["inc-a2"]  # unplaced
    assert [r.id for r in result.only_theirs] == ["IRQ2", "IRQ3", "IRQ4"]
    assert result.only_theirs[0].row == {  # every column as written
        "event_id_cnty": "IRQ2", "event_date": "2024-03-04", "event_type":
        "Violence against civilians", "sub_event_type": "", "latitude": "33.34",
        "longitude": "44.40", "notes": "A note."}


def test_the_closest_of_two_candidates_wins(tmp_path):
    rows = [("IRQ9", "2024-03-04", "Battles", "36.40", "43.20"),  # compatible type, farther
            ("IRQ8", "2024-03-04", "Violence against civilians", "36.50", "43.30")]
    write_acled(tmp_path / "acled.csv", rows)
    result = join(incident_features(), read_acled(tmp_path / "acled.csv"))
    assert [t.id for _, t, _, _ in result.matched] == ["IRQ8"]  # same type first


def test_the_three_files_are_written_and_replaced(tmp_path):
    write_acled(tmp_path / "acled.csv")
    result = join(incident_features(), read_acled(tmp_path / "acled.csv"))
    out = tmp_path / "out"
    write_join(result, out)
    write_join(result, out)  # its own files are replaced without --force
    with (out / "matched.csv").open(encoding="utf-8", newline="") as fh:
        (row,) = csv.DictReader(fh)
    assert (row["event_id_cnty"], row["geomap_incident_id"], row["match_days"]) == (
        "IRQ1", "inc-a1", "1")
    assert (row["geomap_latitude"], row["geomap_longitude"], row["geomap_geocoded"]) == (
        "36.36", "43.15", "")
    with (out / "only-theirs.csv").open(encoding="utf-8", newline="") as fh:
        assert [r["event_id_cnty"] for r in csv.DictReader(fh)] == ["IRQ2", "IRQ3", "IRQ4"]
    assert (out / "only-ours.csv").read_text(encoding="utf-8").startswith("incident_id,")


def test_a_file_neither_acled_nor_ucdp_is_named(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("id,date\n1,2024-03-04\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"events\.csv: not an ACLED export .* nor a UCDP"):
        read_reference(path)


def test_an_acled_file_without_its_event_type_is_named(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("event_id_cnty,event_date\nIRQ1,2024-03-04\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"events\.csv: event_type: not an ACLED export"):
        read_acled(path)


@pytest.mark.parametrize(("row", "message"), [
    (("IRQ5", "soon", "Battles", "1", "2"), r"acled\.csv:6: event_date: not a date: 'soon'"),
    (("IRQ5", "2024-03-04", "Battles", "north", "2"),
     r"acled\.csv:6: latitude: not a number: 'north'"),
    (("IRQ5", "2024-03-04", "Battles", "36.3", ""), r"acled\.csv:6: longitude: not a number"),
    (("IRQ5", "2024-03-04", "Battles", "95", "43"), r"acled\.csv:6: latitude: '95' is not"),
])
def test_a_bad_row_names_file_line_and_column(tmp_path, row, message):
    write_acled(tmp_path / "acled.csv", [*ACLED, row])
    with pytest.raises(InputError, match=message):
        read_acled(tmp_path / "acled.csv")


def test_an_event_without_coordinates_is_placed_from_its_names(tmp_path, tiny_gazetteer):
    from geomap.resolve import GazetteerResolver, ResolverChain

    path = tmp_path / "acled.csv"
    path.write_text("event_id_cnty,event_date,event_type,location,admin1,country,latitude,"
                    "longitude\nIRQ7,2024-03-04,Battles,Mosul,Nineveh,Iraq,,\n"
                    "IRQ8,2024-03-04,Battles,Nowhere Farm,,,,\n", encoding="utf-8")
    chain = ResolverChain(GazetteerResolver(tiny_gazetteer), ())
    placed, unplaced = read_reference(path, chain=chain)
    assert (placed.lat, placed.lon) == (36.34, 43.13)
    assert placed.geocoded == "Mosul → Mosul, IQ (gazetteer, city)"
    assert placed.row["latitude"] == ""  # their row stays as written
    assert (unplaced.lat, unplaced.geocoded) == (None, "not placed: Nowhere Farm")
    result = join(incident_features(), [placed, unplaced])
    assert [(t.id, days) for _, t, _, days in result.matched] == [("IRQ7", 0)]
    assert [t.id for t in result.only_theirs] == ["IRQ8"]
