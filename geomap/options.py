"""CLI options shared by several commands, defined once as typer ``Annotated`` aliases."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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
