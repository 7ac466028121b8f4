"""Publication dates as RSS feeds give them (RFC 2822) are read wherever ISO dates are."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import geomap
from geomap.cli import app
from geomap.errors import InputError
from geomap.io.articles import read_articles
from geomap.io.published import parse_date

FEED_DATE = "Tue, 03 Dec 2024 10:00:00 +0000"


@pytest.mark.parametrize(("text", "day"), [
    (FEED_DATE, date(2024, 12, 3)),
    ("03 Dec 2024 10:00:00 GMT", date(2024, 12, 3)),            # no weekday, a zone name
    ("Tue, 03 Dec 2024 23:30:00 -0500", date(2024, 12, 3)),     # the outlet's own day
    ("Wed, 04 Dec 2024 01:15:00 +0530", date(2024, 12, 4)),
    ("2024-12-03", date(2024, 12, 3)),
    ("2024-12-03T10:00:00Z", date(2024, 12, 3)),
])
def test_rfc_2822_and_iso_dates_give_the_day_written(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["last Tuesday", "Tue, 31 Feb 2024 10:00:00 +0000",
                                  "Dec 2024", "", "2024-13-01"])
def test_other_text_is_refused_naming_both_forms(text):
    with pytest.raises(ValueError, match="not an ISO 8601 or RFC 2822 date"):
        parse_date(text)


def test_a_feed_date_in_a_sidecar_and_in_json_lines_is_the_articles_date(tmp_path):
    (tmp_path / "a.txt").write_text("Shelling hit Kharkiv.", encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps({"published": FEED_DATE}), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(
        json.dumps({"id": "b", "text": "Shelling hit Kharkiv.", "published": FEED_DATE}) + "\n",
        encoding="utf-8")
    articles = list(read_articles([str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl")]))
    assert [a.published for a in articles] == [date(2024, 12, 3)] * 2


def test_extract_counts_relative_dates_from_a_feed_date():
    found = geomap.extract("Gunmen attacked a market in Mosul on Monday, killing four people.",
                           published="Tue, 05 Mar 2024 08:00:00 +0300")
    props = found.incidents[0]["properties"]
    assert (props["published"], props["event_date"]) == ("2024-03-05", "2024-03-04")


def test_run_reports_a_bad_date_on_one_line_and_keeps_the_other_articles(tmp_path):
    batch = tmp_path / "feed.jsonl"
    batch.write_text("\n".join(json.dumps(r) for r in [
        {"id": "good", "text": "A car bomb exploded in Kirkuk.", "published": FEED_DATE},
        {"id": "bad", "text": "A car bomb exploded in Kirkuk.", "published": "Tue, 3 Dec"},
    ]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["run", str(batch), "--out", str(tmp_path / "out"),
                                      "--format", "geojson"])
    assert result.exit_code == 1
    [error] = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert error == (f"Error: {batch}:2: published: not an ISO 8601 or RFC 2822 date: "
                     "'Tue, 3 Dec' (skipped)")
    written = json.loads((tmp_path / "out" / "incidents.geojson").read_text(encoding="utf-8"))
    assert [f["properties"]["article_ids"] for f in written["features"]] == [["good"]]


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),
       st.integers(min_value=-14 * 60, max_value=14 * 60))
def test_any_feed_date_reads_back_as_its_own_day(moment, offset_minutes):
    stamped = moment.replace(tzinfo=timezone(timedelta(minutes=offset_minutes)))
    assert parse_date(format_datetime(stamped)) == moment.date()


@given(st.text())
def test_any_text_is_a_date_or_one_error(text):
    try:
        parse_date(text)
        return
    except ValueError as err:
        message = str(err)
    assert message == f"not an ISO 8601 or RFC 2822 date: {text!r}"


@given(st.text())
def test_any_published_value_in_json_lines_is_a_date_or_an_error_naming_line_and_field(text):
    errors: list[InputError] = []
    line = json.dumps({"id": "x", "text": "Kirkuk.", "published": text})
    articles = list(read_articles(["-"], stdin=io.StringIO(line + "\n"),
                                  on_error=errors.append))
    assert len(articles) + len(errors) == 1
    assert [str(e).split(": ")[1:2] for e in errors] in ([], [["published"]])
