"""The progress line: counts on a terminal after a delay, nothing otherwise; --jobs defaults to
every core."""

from __future__ import annotations

import io
import json

from rich.console import Console
from typer.testing import CliRunner

from geomap.cli import app
from geomap.pipeline import RunResult
from geomap.progress import RunProgress

runner = CliRunner()


def _result(articles: int, incidents: int) -> RunResult:
    result = RunResult(incident_count=incidents)
    result.counts["articles"] = articles
    return result


def _terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=120), out


def test_a_long_run_shows_articles_rate_incidents_and_the_dashboard():
    console, out = _terminal()
    with RunProgress(enabled=True, delay=0, console=console) as progress:
        progress.dashboard("http://127.0.0.1:8787/status")
        progress(_result(1234, 56))
    shown = out.getvalue()
    assert "1,234 articles" in shown
    assert "articles/s" in shown
    assert "56 incidents" in shown
    assert "Dask dashboard: http://127.0.0.1:8787/status" in shown


def test_the_dashboard_keeps_the_line_whole_in_80_columns():
    """The address goes on a line of its own, whether it comes before the counts show or
    after: beside them, rich cut every column short ("1,018 art…")."""
    for early in (True, False):
        out = io.StringIO()
        console = Console(file=out, force_terminal=True, width=80)
        link = "http://127.0.0.1:35983/status"
        with RunProgress(enabled=True, delay=0, console=console) as progress:
            assert progress.meter is not None
            progress.meter.total, progress.meter.done = 4_000_000, 1_000_000
            if early:
                progress.dashboard(link)
            progress(_result(1018, 202))
            if not early:
                progress.dashboard(link)
            progress(_result(1500, 250))
        shown = out.getvalue()
        assert f"Dask dashboard: {link}" in shown
        assert "1,500 articles" in shown
        assert "250 incidents" in shown
        assert "…" not in shown


def test_an_input_of_known_size_shows_a_bar_and_the_time_left():
    console, out = _terminal()
    with RunProgress(enabled=True, delay=0, console=console) as progress:
        assert progress.meter is not None
        progress.meter.total, progress.meter.done = 4_000_000, 1_000_000
        progress(_result(250, 3))
    shown = out.getvalue()
    assert "250 articles" in shown
    assert "25%" in shown
    assert "left" in shown


def test_a_quiet_run_measures_nothing():
    with RunProgress(enabled=False) as progress:
        assert progress.meter is None


def test_a_short_run_shows_nothing():
    console, out = _terminal()
    with RunProgress(enabled=True, delay=60, console=console) as progress:
        progress(_result(3, 1))
    assert out.getvalue() == ""


def test_quiet_or_not_a_terminal_shows_nothing():
    console, out = _terminal()
    with RunProgress(enabled=False, delay=0, console=console) as progress:
        progress(_result(3, 1))
    plain = io.StringIO()
    with RunProgress(delay=0, console=Console(file=plain)) as progress:
        progress(_result(3, 1))
    assert out.getvalue() == plain.getvalue() == ""


def test_run_uses_every_core_by_default_and_takes_quiet(tmp_path, monkeypatch):
    import geomap.parallel
    import geomap.pipeline

    seen = {}

    def fake_run(inputs, out, **options):
        seen.update(options)
        return RunResult()

    monkeypatch.setattr(geomap.parallel, "cores", lambda: 7)
    monkeypatch.setattr(geomap.pipeline, "run", fake_run)
    done = runner.invoke(app, ["run", str(tmp_path), "-o", str(tmp_path / "out"), "-q"])
    assert done.exit_code == 0, done.output
    assert seen["jobs"] == 7
    assert seen["keep"] is False
    assert seen["meter"] is None  # no line to show: the input is not even measured
    runner.invoke(app, ["run", str(tmp_path), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert seen["jobs"] == 1


def test_a_run_off_a_terminal_prints_only_its_summary(tmp_path):
    (tmp_path / "a.txt").write_text("A drone strike hit Baghdad on Monday, killing 3 people.",
                                    encoding="utf-8")
    done = runner.invoke(app, ["run", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"),
                               "-f", "geojson"])
    assert done.exit_code == 0, done.output
    *wrote, summary = done.output.strip().splitlines()
    assert all(line.startswith("Wrote ") for line in wrote)
    assert json.loads(summary)["articles"] == 1
