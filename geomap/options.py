"""CLI options shared by several commands, defined once as typer ``Annotated`` aliases."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from geomap.geocoders.services import RESOLVERS
from geomap.recognize import RECOGNIZERS

Inputs = Annotated[list[str], typer.Argument(
    help="Article files (.txt with optional NAME.json metadata, .jsonl), folders, or - for stdin.",
    show_default=False)]
Force = Annotated[bool, typer.Option(
    "--force", help="Overwrite output files geomap did not write.")]
Offline = Annotated[bool, typer.Option(
    "--offline/--online", envvar="GEOMAP_OFFLINE",
    help="Offline: inline every asset, draw a Natural Earth basemap, never use the network.")]
GazetteerPath = Annotated[Path | None, typer.Option(
    "--gazetteer", envvar="GEOMAP_GAZETTEER",
    help="Gazetteer index to use instead of the shipped one.")]
Places = Annotated[Path | None, typer.Option(
    "--places", help="CSV of your own places (name,lat,lon[,alternate_names,...]); they win.")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]

#: ``--geocoder`` choices: the resolver registry, and "none" to turn the fallback off.
GeocoderName = Enum("GeocoderName", {n: n for n in [*sorted(RESOLVERS), "none"]}, type=str)

# Online geocoding behind the gazetteer (used with --online; see geomap.geocoders.config).
Geocoder = Annotated[GeocoderName | None, typer.Option(
    "--geocoder", envvar="GEOMAP_GEOCODER", show_default=False, case_sensitive=False,
    help="Online geocoder for places the gazetteer misses, with --online: nominatim (default), "
         "photon, arcgis, opencage... any geopy service, or none.")]
UserAgent = Annotated[str | None, typer.Option(
    "--user-agent", envvar="GEOMAP_USER_AGENT", show_default=False,
    help="Identifies you to the geocoder: 'APP/VERSION (E-MAIL or URL)'. Nominatim requires it.")]
GeocodeCache = Annotated[Path | None, typer.Option(
    "--cache", envvar="GEOMAP_GEOCODE_CACHE", show_default=False,
    help="Geocoder answers cache (SQLite; default in the user cache folder). Offline runs answer "
         "from it when it is named.")]
GeocodeConfig = Annotated[Path | None, typer.Option(
    "--config", envvar="GEOMAP_CONFIG", show_default=False,
    help="TOML config file with a [geocode] table (default: config.toml in the user config "
         "folder, when it exists).")]
GeocoderOptions = Annotated[list[str] | None, typer.Option(
    "--geocoder-option", show_default=False,
    help="KEY=VALUE for the geocoder's constructor (domain=..., timeout=5, api_key=...); "
         "repeatable.")]

#: ``--recognizer`` choices: the recogniser registry.
RecognizerName = Enum("RecognizerName", {n: n for n in sorted(RECOGNIZERS)}, type=str)

# Which recogniser finds the mentions (see geomap.recognize).
RecognizerChoice = Annotated[RecognizerName, typer.Option(
    "--recognizer", envvar="GEOMAP_RECOGNIZER", case_sensitive=False,
    help="What finds place mentions: rules (gazetteer and rule tables, no model) or spacy "
         "(a spaCy model's entities, filtered by the same rules; needs pip install "
         "'geomap[spacy]' and a model from python -m spacy download en_core_web_sm).")]
SpacyModel = Annotated[str | None, typer.Option(
    "--spacy-model", show_default=False,
    help="spaCy model (installed package name or pipeline folder) for --recognizer spacy; "
         "default en_core_web_sm.")]

# The last resolution stage (see geomap.resolve.focus.at_focus).
CountryFallback = Annotated[bool, typer.Option(
    "--country-fallback/--no-country-fallback",
    help="Put a place name nothing could place in its article's focus (resolver 'focus'): "
         "the first-level division, else the country, holding most of its placed names.")]
