"""geomap join: our incidents against an ACLED-format CSV written here."""

from __future__ import annotations

import csv

import pytest

from geomap.errors import InputError
from geomap.io.join import join, read_acled, write_join
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
    assert (ours["properties"]["incident_id"], theirs["event_id_cnty"], days) == ("inc-a1",
                                                                                   "IRQ1", 1)
    assert 2 < km < 4
    assert [f["properties"]["incident_id"] for f in result.only_ours] == ["inc-a2"]  # unplaced
    assert [r["event_id_cnty"] for r in result.only_theirs] == ["IRQ2", "IRQ3", "IRQ4"]


def test_the_closest_of_two_candidates_wins(tmp_path):
    rows = [("IRQ9", "2024-03-04", "Battles", "36.40", "43.20"),  # compatible type, farther
            ("IRQ8", "2024-03-04", "Violence against civilians", "36.50", "43.30")]
    write_acled(tmp_path / "acled.csv", rows)
    result = join(incident_features(), read_acled(tmp_path / "acled.csv"))
    assert [t["event_id_cnty"] for _, t, _, _ in result.matched] == ["IRQ8"]  # same type first


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
    with (out / "only-theirs.csv").open(encoding="utf-8", newline="") as fh:
        assert [r["event_id_cnty"] for r in csv.DictReader(fh)] == ["IRQ2", "IRQ3", "IRQ4"]
    assert (out / "only-ours.csv").read_text(encoding="utf-8").startswith("incident_id,")


def test_a_file_without_acleds_columns_is_named(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("id,date\n1,2024-03-04\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"events\.csv: event_id_cnty: not an ACLED export"):
        read_acled(path)


def test_a_bad_date_names_the_line(tmp_path):
    write_acled(tmp_path / "acled.csv", [*ACLED, ("IRQ5", "soon", "Battles", "1", "2")])
    with pytest.raises(InputError, match=r"acled\.csv:6: cannot read"):
        read_acled(tmp_path / "acled.csv")
