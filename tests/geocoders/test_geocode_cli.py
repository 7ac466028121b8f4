"""`geomap geocode`, and the geocoding options of `run`: offline by default, config, errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from geomap.cli import app

runner = CliRunner()
UA = "geomap-tests/1.0 (tests@geomap.invalid)"


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """No user config or cache and no GEOMAP_* setting leaks into these tests."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "usercache"))
    for name in ("GEOMAP_OFFLINE", "GEOMAP_GEOCODER", "GEOMAP_USER_AGENT",
                 "GEOMAP_GEOCODE_CACHE", "GEOMAP_CONFIG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def no_network_geocoder(monkeypatch):
    import geopy.geocoders

    def refuse(*args, **kwargs):
        raise AssertionError("the network geocoder was built offline")

    monkeypatch.setattr(geopy.geocoders.Nominatim, "__init__", refuse)


def online(server, cache_path, *extra: str) -> list[str]:
    return ["--online", "--user-agent", UA, "--cache", str(cache_path),
            "--geocoder-option", f"domain={server.domain}", "--geocoder-option", "scheme=http",
            "--geocoder-option", "timeout=0.3", *extra]


def test_offline_geocode_answers_from_the_gazetteer(no_network_geocoder):
    result = runner.invoke(app, ["geocode", "Baghdad", "--json"])
    assert result.exit_code == 0, result.output
    (answer,) = json.loads(result.stdout)
    assert answer["resolver"] == "gazetteer"
    assert answer["place"]["geonameid"] == 98182
    assert answer["candidates"]


def test_offline_geocode_of_an_unknown_place_exits_1(no_network_geocoder):
    result = runner.invoke(app, ["geocode", "Camp Nowhere Junction"])
    assert result.exit_code == 1
    assert "not found" in result.stdout


def test_online_geocode_shows_resolver_cache_status_and_candidates(server, cache_path):
    args = ["geocode", "Husaybah Crossing", "Nowhere Junction", "Baghdad", "--json"]
    first = runner.invoke(app, [*args, *online(server, cache_path)])
    assert first.exit_code == 1  # one name stays unplaced
    crossing, nowhere, baghdad = json.loads(first.stdout)
    assert (crossing["resolver"], crossing["cached"], crossing["place"]["name"]) == (
        "nominatim", False, "Husaybah Crossing")
    assert crossing["place"]["feature_code"] == "PSTB"
    assert [c["country_code"] for c in crossing["candidates"]] == ["IQ", "SY"]
    assert (nowhere["place"], nowhere["signal"], nowhere["error"]) == (None, "no match", None)
    assert baghdad["resolver"] == "gazetteer"
    asked = server.count()
    assert asked == 2
    again = json.loads(runner.invoke(app, [*args, *online(server, cache_path)]).stdout)
    assert [a["cached"] for a in again] == [True, True, False]
    assert server.count() == asked


def test_text_output_names_the_resolver_and_cache_status(server, cache_path):
    runner.invoke(app, ["geocode", "Camp Ashraf", *online(server, cache_path)])
    result = runner.invoke(app, ["geocode", "Camp Ashraf", *online(server, cache_path)])
    assert result.exit_code == 0
    line = result.stdout.splitlines()[0].split("\t")
    assert line[0] == "Camp Ashraf"
    assert line[4:6] == ["nominatim", "cached"]


def test_service_error_is_shown_as_an_error(server, cache_path):
    server.script("Broken Bridge", "malformed")
    result = runner.invoke(app, ["geocode", "Broken Bridge", "--json",
                                 *online(server, cache_path)])
    assert result.exit_code == 1
    (answer,) = json.loads(result.stdout)
    assert answer["error"].startswith("nominatim: GeocoderParseError")


def test_offline_with_a_named_cache_reuses_its_answers(server, cache_path, monkeypatch):
    runner.invoke(app, ["geocode", "Camp Ashraf", *online(server, cache_path)])
    import geopy.geocoders

    def refuse(*args, **kwargs):
        raise AssertionError("the network geocoder was built offline")

    monkeypatch.setattr(geopy.geocoders.Nominatim, "__init__", refuse)
    result = runner.invoke(app, ["geocode", "Camp Ashraf", "--json", "--cache", str(cache_path),
                                 "--geocoder-option", f"domain={server.domain}"])
    assert result.exit_code == 0, result.output
    (answer,) = json.loads(result.stdout)
    assert (answer["resolver"], answer["cached"]) == ("nominatim", True)
    assert server.count() == 1


@pytest.mark.parametrize("agent", [None, "my-application", "geomap/0.1 (you@example.org)"])
def test_online_without_an_identifying_user_agent_is_one_clear_error(agent, tmp_path):
    args = ["geocode", "Camp Ashraf", "--online", "--cache", str(tmp_path / "c.sqlite")]
    result = runner.invoke(app, [*args, *(["--user-agent", agent] if agent else [])])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: user_agent: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--user-agent" in result.stderr


def test_run_online_without_a_user_agent_writes_nothing(seed_copy, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(seed_copy), "--out", str(out), "--online"])
    assert result.exit_code == 1
    assert "Error: user_agent: nominatim requires an identifying user agent" in result.stderr
    assert not out.exists()


def test_offline_run_never_builds_the_geocoder(seed_copy, tmp_path, monkeypatch,
                                               no_network_geocoder):
    monkeypatch.setenv("GEOMAP_GEOCODER", "nominatim")
    monkeypatch.setenv("GEOMAP_USER_AGENT", UA)
    result = runner.invoke(app, ["run", str(seed_copy), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stderr.strip().splitlines()[-1])
    assert summary["service_errors"] == 0
    assert summary["by_fallback"] == 0


def test_geocoder_none_turns_the_fallback_off_online(server, cache_path):
    result = runner.invoke(app, ["geocode", "Camp Ashraf", "--geocoder", "none",
                                 *online(server, cache_path)])
    assert result.exit_code == 1
    assert server.count() == 0


def test_unknown_geocoder_is_a_usage_error():
    result = runner.invoke(app, ["geocode", "Baghdad", "--geocoder", "nominatimm"])
    assert result.exit_code == 2
    assert "nominatim" in result.output


def test_bad_geocoder_option_is_one_clear_error():
    result = runner.invoke(app, ["geocode", "Baghdad", "--geocoder-option", "timeout"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: --geocoder-option: expected KEY=VALUE, got 'timeout'")


def test_config_file_supplies_geocoder_agent_cache_and_options(server, tmp_path):
    config = tmp_path / "geomap.toml"
    cache = tmp_path / "from-config.sqlite"
    config.write_text(f'[geocode]\ngeocoder = "nominatim"\nuser_agent = "{UA}"\n'
                      f'cache = "{cache}"\n\n[geocode.nominatim]\ndomain = "{server.domain}"\n'
                      'scheme = "http"\ntimeout = 0.3\n')
    result = runner.invoke(app, ["geocode", "Camp Ashraf", "--online", "--config", str(config),
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["resolver"] == "nominatim"
    assert cache.is_file()
    assert server.requests[0]["headers"]["User-Agent"] == UA


def test_cli_options_win_over_the_config_file(server, tmp_path, cache_path):
    config = tmp_path / "geomap.toml"
    config.write_text('[geocode]\nuser_agent = "my-application"\n')
    result = runner.invoke(app, ["geocode", "Camp Ashraf", "--config", str(config),
                                 *online(server, cache_path)])
    assert result.exit_code == 0, result.output


def test_default_config_file_is_read_from_the_user_config_folder(server, tmp_path, cache_path):
    folder = tmp_path / "config" / "geomap"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('[geocode]\ngeocoder = "none"\n')
    result = runner.invoke(app, ["geocode", "Camp Ashraf", *online(server, cache_path)])
    assert result.exit_code == 1
    assert server.count() == 0


@pytest.mark.parametrize(("text", "message"), [
    ("[geocode\n", "not valid TOML"),
    ('[geocode]\nusr_agent = "x"\n', "geocode: unknown setting(s) usr_agent"),
])
def test_bad_config_file_is_one_clear_error(tmp_path, text, message):
    config = tmp_path / "geomap.toml"
    config.write_text(text)
    result = runner.invoke(app, ["geocode", "Baghdad", "--config", str(config)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {config}: ")
    assert message in result.stderr


def test_missing_named_config_file_is_an_error(tmp_path):
    result = runner.invoke(app, ["geocode", "Baghdad", "--config", str(tmp_path / "no.toml")])
    assert result.exit_code == 1
    assert "cannot read config" in result.stderr


@pytest.mark.parametrize(("option", "expected"), [
    ("timeout=2.5", ("timeout", 2.5)), ("limit=3", ("limit", 3)),
    ("api_key=0123", ("api_key", "0123")), ("domain=h:8080", ("domain", "h:8080")),
])
def test_geocoder_options_are_typed_by_name(option, expected):
    from geomap.settings import parse_option as _option

    assert _option(option) == expected


def test_a_non_numeric_timeout_is_one_clear_error():
    result = runner.invoke(app, ["geocode", "Baghdad", "--geocoder-option", "timeout=soon"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: --geocoder-option: timeout must be a number, got 'soon'"


def test_an_option_the_geocoder_does_not_take_is_one_clear_error(tmp_path):
    result = runner.invoke(app, ["geocode", "Baghdad", "--online", "--user-agent", UA,
                                 "--cache", str(tmp_path / "c.sqlite"),
                                 "--geocoder-option", "api_key=x"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: geocoder options: nominatim: ")
    assert "api_key" in result.stderr
