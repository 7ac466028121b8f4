"""CLI options shared by several commands, defined once as typer ``Annotated`` aliases.

Options that are settings default to None, meaning "not given": :func:`geomap.settings.
load_settings` then takes the environment's value, else the config file's, else the default
named in the help. The choices come from static name tuples, so building the CLI imports no
geocoder and no recogniser.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from geomap.geocoders import NAMES as GEOCODER_NAMES
from geomap.recognize import RECOGNIZER_NAMES

Inputs = Annotated[list[str], typer.Argument(
    help="Article files (.txt with optional NAME.json metadata, .jsonl; either may be .gz, .bz2 "
    "or .xz), folders, quoted patterns ('dumps/*.jsonl.gz'), or - for stdin.",
    show_default=False)]
Force = Annotated[bool, typer.Option(
    "--force", help="Overwrite output files geomap did not write.")]
Offline = Annotated[bool | None, typer.Option(
    "--offline/--online", show_default=False,
    help="Offline (the default; env GEOMAP_OFFLINE): no geocoding service and no map tiles, "
         "so no network at all. --online turns both on; --geocoding/--no-geocoding and "
         "--tiles/--no-tiles set one each and win over it.")]
Geocoding = Annotated[bool | None, typer.Option(
    "--geocoding/--no-geocoding", show_default=False,
    help="Ask the online geocoder for the places the gazetteer misses (default: off; env "
         "GEOMAP_GEOCODING; config geocode.online). Tiles are left as they are.")]
Tiles = Annotated[bool | None, typer.Option(
    "--tiles/--no-tiles", show_default=False,
    help="Draw the map on online OpenStreetMap tiles; --no-tiles inlines a Natural Earth "
         "basemap (default: no tiles; env GEOMAP_TILES; config map.tiles). Geocoding is left "
         "as it is.")]
GazetteerPath = Annotated[Path | None, typer.Option(
    "--gazetteer", show_default=False,
    help="Gazetteer index to use instead of the shipped one (env GEOMAP_GAZETTEER; config "
         "run.gazetteer).")]
Places = Annotated[Path | None, typer.Option(
    "--places", show_default=False,
    help="CSV of your own places (name,lat,lon[,alternate_names,...]); they win (env "
         "GEOMAP_PLACES; config run.places).")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
Config = Annotated[Path | None, typer.Option(
    "--config", show_default=False,
    help="TOML config file with run, geocode and map tables (env GEOMAP_CONFIG; default: "
         "config.toml in the user config folder, when it exists).")]

#: ``--geocoder`` choices: every geocoder name, and "none" to turn the fallback off.
# (members built at import, from the registry: mypy cannot list them, hence the ignore)
GeocoderName = Enum(  # type: ignore[misc]
    "GeocoderName", {n: n for n in [*GEOCODER_NAMES, "none"]}, type=str)

# Online geocoding behind the gazetteer (used with --online or --geocoding; see geomap.settings).
Geocoder = Annotated[GeocoderName | None, typer.Option(
    "--geocoder", show_default=False, case_sensitive=False,
    help="Online geocoder for places the gazetteer misses, with --online or --geocoding: "
         "nominatim (default), photon, arcgis, opencage... any geopy service, or none (env "
         "GEOMAP_GEOCODER).")]
UserAgent = Annotated[str | None, typer.Option(
    "--user-agent", show_default=False,
    help="Identifies you to the geocoder: 'APP/VERSION (E-MAIL or URL)'. Nominatim requires it "
         "(env GEOMAP_USER_AGENT).")]
GeocodeCache = Annotated[Path | None, typer.Option(
    "--cache", show_default=False,
    help="Geocoder answers cache (SQLite; default in the user cache folder; env "
         "GEOMAP_GEOCODE_CACHE). Runs without geocoding answer from it when it is named.")]
GeocoderOptions = Annotated[list[str] | None, typer.Option(
    "--geocoder-option", show_default=False,
    help="KEY=VALUE for the geocoder's constructor (domain=..., timeout=5, api_key=...); "
         "repeatable.")]

#: ``--recognizer`` choices: the recogniser names.
RecognizerName = Enum(  # type: ignore[misc]
    "RecognizerName", {n: n for n in sorted(RECOGNIZER_NAMES)}, type=str)

# Which recogniser finds the mentions (see geomap.recognize).
RecognizerChoice = Annotated[RecognizerName | None, typer.Option(
    "--recognizer", case_sensitive=False, show_default=False,
    help="What finds place mentions: rules (the default: gazetteer and rule tables, no model) "
         "or spacy (a spaCy model's entities, filtered by the same rules; needs pip install "
         "'geomap-news[spacy]' and a model from python -m spacy download en_core_web_sm). Env "
         "GEOMAP_RECOGNIZER.")]
SpacyModel = Annotated[str | None, typer.Option(
    "--spacy-model", show_default=False,
    help="spaCy model (installed package name or pipeline folder) for --recognizer spacy; "
         "default en_core_web_sm.")]

# The last resolution stage (see geomap.resolve.focus.at_focus).
CountryFallback = Annotated[bool | None, typer.Option(
    "--country-fallback/--no-country-fallback", show_default=False,
    help="Put a place name nothing could place in its article's focus (resolver 'focus'): "
         "the first-level division, else the country, holding most of its placed names "
         "(default: on).")]

# The map's degradation thresholds (see geomap.render.map.build_map).
ClusterAbove = Annotated[int | None, typer.Option(
    "--cluster-above", min=0, show_default=False,
    help="Cluster pins when there are more incidents than this (default 1000).")]
MaxDataMb = Annotated[float | None, typer.Option(
    "--max-data-mb", min=0.0, max=1e6, show_default=False,
    help="Size budget: above it incidents are counted by area (default 60).")]
