"""Find the JavaScript/CSS libraries an offline map inlines (Leaflet, from the npm registry).

They are installed at set-up time, never committed: ``make map`` runs ``npm install`` from the
project's ``package.json``; a user who only ran ``pip install geomap`` runs
``npm install --prefix DIR leaflet@1.9.4`` and points ``GEOMAP_ASSETS`` at ``DIR``.
"""

from __future__ import annotations

import base64
import os
import re
from functools import cache
from pathlib import Path

from platformdirs import user_data_dir

from geomap.errors import AssetsMissingError

LEAFLET = "leaflet@1.9.4"
STATIC = Path(__file__).resolve().parent / "static"


def search_path() -> list[Path]:
    """Folders searched for ``node_modules``: $GEOMAP_ASSETS, the checkout, the user data dir."""
    roots = [Path(os.environ["GEOMAP_ASSETS"])] if os.environ.get("GEOMAP_ASSETS") else []
    roots += [Path(__file__).resolve().parent.parent, Path(user_data_dir("geomap"))]
    return [r / "node_modules" if (r / "node_modules").is_dir() else r for r in roots]


def _find(relative: str) -> Path:
    for root in search_path():
        if (root / relative).is_file():
            return root / relative
    raise AssetsMissingError(
        f"{relative} not found in {', '.join(str(r) for r in search_path())}; install it with "
        f"`npm install --prefix DIR {LEAFLET}` and set GEOMAP_ASSETS=DIR (`make map` does this)")


@cache
def leaflet_js() -> str:
    """Leaflet's minified script."""
    return _find("leaflet/dist/leaflet.js").read_text(encoding="utf-8")


@cache
def leaflet_css() -> str:
    """Leaflet's style sheet with its images inlined as data: URIs, so no request leaves."""
    path = _find("leaflet/dist/leaflet.css")
    css = path.read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        image = path.parent / match.group(1)
        data = base64.b64encode(image.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)


@cache
def own(name: str) -> str:
    """One of geomap's own static files (geomap.js, geomap.css)."""
    return (STATIC / name).read_text(encoding="utf-8")
