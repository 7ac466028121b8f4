"""Settings: config file < environment < flags, the old [geocode] keys, offline split in two."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from geomap.errors import InputError
from geomap.settings import Settings, load_settings


@pytest.fixture
def config(tmp_path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('[run]\nrecognizer = "spacy"\ncountry_fallback = false\n'
                    'gazetteer = "~/g.sqlite"\n\n'
                    '[geocode]\ngeocoder = "photon"\nuser_agent = "from-file/1 (a@b.org)"\n'
                    'online = true\nfallback_below = 0.25\n\n'
                    '[geocode.photon]\ntimeout = 4\ndomain = "photon.example.net"\n\n'
                    '[map]\ntiles = true\ncluster_above = 50\nmax_data_mb = 2.5\n')
    return path


def test_defaults_are_offline_rules_and_nominatim(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # no user config file
    assert load_settings(env={}) == Settings()


def test_the_config_file_sets_every_table(config):
    got = load_settings(config, env={})
    assert (got.recognizer, got.country_fallback, got.gazetteer) == (
        "spacy", False, Path("~/g.sqlite").expanduser())
    assert (got.geocoder, got.user_agent, got.geocoding, got.fallback_below) == (
        "photon", "from-file/1 (a@b.org)", True, 0.25)
    assert got.geocoder_options == {"timeout": 4, "domain": "photon.example.net"}
    assert (got.tiles, got.cluster_above, got.max_data_mb) == (True, 50, 2.5)


def test_the_environment_wins_over_the_file_and_flags_over_both(config):
    env = {"GEOMAP_CONFIG": str(config), "GEOMAP_GEOCODER": "Nominatim",
           "GEOMAP_RECOGNIZER": "rules", "GEOMAP_TILES": "0"}
    got = load_settings(env=env)
    assert (got.geocoder, got.recognizer, got.tiles) == ("nominatim", "rules", False)
    assert got.geocoder_options == {}  # [geocode.photon] is not nominatim's
    flagged = load_settings(env=env, geocoder="photon", tiles=True, options=["timeout=1"])
    assert (flagged.geocoder, flagged.tiles) == ("photon", True)
    assert flagged.geocoder_options == {"timeout": 1.0, "domain": "photon.example.net"}


@pytest.mark.parametrize(("env", "flags", "expected"), [
    ({}, {}, (False, False)),
    ({"GEOMAP_OFFLINE": "0"}, {}, (True, True)),
    ({"GEOMAP_OFFLINE": "0", "GEOMAP_TILES": "false"}, {}, (True, False)),
    ({"GEOMAP_OFFLINE": "1"}, {"geocoding": True}, (True, False)),
    ({}, {"offline": False, "tiles": False}, (True, False)),
    ({"GEOMAP_GEOCODING": "1"}, {"offline": True}, (False, False)),
    ({}, {"offline": True, "tiles": True}, (False, True)),
])
def test_offline_sets_both_and_the_specific_setting_wins(env, flags, expected):
    got = load_settings(env=env, **flags)
    assert (got.geocoding, got.tiles) == expected


def test_a_cache_named_anywhere_is_given(tmp_path):
    assert not load_settings(env={}).cache_given
    assert load_settings(env={"GEOMAP_GEOCODE_CACHE": "c.sqlite"}).cache_given
    assert load_settings(env={}, cache=tmp_path / "c.sqlite").cache_given


def test_empty_environment_values_count_as_unset(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert load_settings(env={"GEOMAP_GEOCODER": "", "GEOMAP_OFFLINE": ""}) == Settings()


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("GEOMAP_OFFLINE", "maybe", "GEOMAP_OFFLINE: expected true or false, got 'maybe'"),
    ("GEOMAP_GEOCODER", "nominatimm", "GEOMAP_GEOCODER: unknown 'nominatimm'; choose one of"),
    ("GEOMAP_RECOGNIZER", "regex", "GEOMAP_RECOGNIZER: unknown 'regex'; choose one of: rules"),
])
def test_a_bad_environment_value_names_the_variable(variable, value, message):
    with pytest.raises(InputError) as err:
        load_settings(env={variable: value})
    assert str(err.value).startswith(message)


@pytest.mark.parametrize(("text", "field", "message"), [
    ('[map]\ncluster_above = -1\n', "map.cluster_above", "expected a whole number"),
    ('[map]\ntiles = 1\n', "map.tiles", "expected true or false"),
    ('[run]\nrecogniser = "rules"\n', "run", "unknown setting(s) recogniser"),
    ('[geocode]\nfallback_below = 2\n', "geocode.fallback_below", "from 0 to 1"),
    ('run = 3\n', "run", "expected a table"),
])
def test_bad_config_values_name_the_file_and_key(tmp_path, text, field, message):
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        load_settings(path, env={})
    assert str(err.value).startswith(f"{path}: {field}: ")
    assert message in str(err.value)


def test_settings_import_no_geopy_and_no_recogniser():
    code = ("import sys, geomap.settings; print(sorted(m for m in sys.modules if m.startswith("
            "('geopy', 'blingfire', 'spacy', 'geomap.recognize.', 'geomap.geocoders.'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(("text", "field", "message"), [
    ('[geocode.nominatim]\nmin_delay_seconds = nan\n', "geocode.nominatim.min_delay_seconds",
     "must be a number ≥ 0"),
    ('[geocode.nominatim]\ntimeout = -inf\n', "geocode.nominatim.timeout", "must be a number"),
    ('[geocode.nominatim]\nscheme = "ftp"\n', "geocode.nominatim.scheme", "http, https"),
    ('[limits]\nmentions = -5\n', "limits.mentions", "expected a whole number"),
])
def test_bad_geocoder_options_in_the_file_are_one_error(tmp_path, text, field, message):
    path = tmp_path / "config.toml"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        load_settings(path, env={})
    assert str(err.value).startswith(f"{path}: {field}: ")
    assert message in str(err.value)


@pytest.mark.parametrize("option", ["min_delay_seconds=nan", "timeout=inf", "scheme=ftp",
                                    "limit=-3"])
def test_bad_geocoder_option_flags_are_one_error(option):
    with pytest.raises(InputError, match="--geocoder-option"):
        load_settings(env={}, options=[option])


@pytest.mark.parametrize("text", ["[run\nrecognizer = 'rules'\n", "[map]\ntiles = \n",
                                  "[map]\ntiles = true\ntiles = false\n", "\ufeff= 3\n"])
def test_a_malformed_config_line_is_one_error_naming_the_file(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "geomap", "run", "nowhere.txt", "--out",
                             str(tmp_path / "out"), "--config", str(path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert result.stderr.startswith(f"Error: {path}: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_limits_table_reaches_the_pipeline_bounds(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[limits]\narticle_chars = 500\nsentence_chars = 0\nmentions = 7\n"
                    "incidents = 3\n")
    limits = load_settings(path, env={}).limits
    assert (limits.article_chars, limits.sentence_chars, limits.mentions, limits.incidents) == (
        500, 0, 7, 3)
