"""``python -m geomap`` runs the CLI."""

from geomap.cli import app

app(prog_name="geomap")
