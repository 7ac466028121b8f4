"""The review map: one self-contained HTML file drawn from the incidents' GeoJSON.

Folium gives the page, the map and the element tree; the markers, popups, legend and layer
control are drawn in the browser by ``static/geomap.js`` from data embedded with ``|tojson``
(which escapes ``<``, ``>`` and ``&``), so no article text is ever parsed as HTML and the page
stays small. Offline, Leaflet is inlined and a Natural Earth basemap replaces tiles.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from geomap import assets
from geomap.gazetteer import ATTRIBUTION
from geomap.output import GENERATOR_MARK, write_atomic
from geomap.records import Article

BASEMAP = Path(__file__).resolve().parent / "data" / "basemap_110m.geojson"
#: Colour per ACLED event type.
EVENT_STYLES = {
    "Battles": {"color": "#d62728"},
    "Explosions/Remote violence": {"color": "#ff7f0e"},
    "Violence against civilians": {"color": "#9467bd"},
    "Protests": {"color": "#2ca02c"},
    "Riots": {"color": "#8c564b"},
    "Strategic developments": {"color": "#1f77b4"},
    "_default": {"color": "#555555"},
}
TILES_ATTRIBUTION = "&copy; OpenStreetMap contributors"


class GeomapLayers(MacroElement):
    """Incident layers per event type, place mentions, legend and layer control.

    Parameters
    ----------
    data : dict
        ``incidents`` (a FeatureCollection), ``places`` (mention points), ``articles``
        (metadata per article id) and ``styles``; reaches JavaScript only through ``tojson``.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        geomapRender({{ this._parent.get_name() }}, {{ this.data|tojson }});
        {% endmacro %}
    """)

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self._name = "GeomapLayers"
        self.data = data


class Basemap(MacroElement):
    """Country borders from Natural Earth, drawn in place of tiles when offline."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        geomapBasemap({{ this._parent.get_name() }}, {{ this.countries|tojson }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "Basemap"
        self.countries = _basemap()


@cache
def _basemap() -> dict[str, Any]:
    return json.loads(BASEMAP.read_text(encoding="utf-8"))


def build_map(incidents: dict[str, Any], mentions: dict[str, Any], articles: list[Article],
              *, offline: bool = True) -> str:
    """Render the map to an HTML string.

    Raises
    ------
    AssetsMissingError
        When Leaflet is not installed (see :mod:`geomap.assets`).
    """
    fmap = folium.Map(location=[20, 20], zoom_start=2, tiles=None, control_scale=True)
    fmap.default_js, fmap.default_css = [], []
    header = fmap.get_root().header
    header.add_child(Element(f'<meta name="generator" content="{GENERATOR_MARK}">'), index=0)
    header.add_child(Element(f"<style>{assets.leaflet_css()}{assets.own('geomap.css')}</style>"))
    header.add_child(Element(f"<script>{assets.leaflet_js()}</script>"))
    header.add_child(Element(f"<script>{assets.own('geomap.js')}</script>"))
    if offline:
        Basemap().add_to(fmap)
    else:
        folium.TileLayer("OpenStreetMap", attr=TILES_ATTRIBUTION).add_to(fmap)
    GeomapLayers({"incidents": incidents, "places": _places(mentions),
                  "articles": _articles(articles), "styles": EVENT_STYLES}).add_to(fmap)
    fmap.get_root().html.add_child(Element(
        f'<div class="geomap-attribution" style="position:absolute;bottom:0;left:0;'
        f'z-index:1000;background:#fff8;padding:2px 6px">{ATTRIBUTION}</div>'))
    return _with_csp(_stable_ids(fmap.get_root().render()), offline=offline)


def save_map(path: Path, html: str, *, force: bool = False) -> Path:
    """Write the map atomically."""
    return write_atomic(path, html, force=force)


def _places(mentions: dict[str, Any]) -> list[dict[str, Any]]:
    """One point per resolved place mentioned, with its count and spellings."""
    grouped: dict[tuple[float, float], dict[str, Any]] = {}
    texts: dict[tuple[float, float], set[str]] = defaultdict(set)
    for feature in mentions["features"]:
        if feature["geometry"] is None:
            continue
        lon, lat = feature["geometry"]["coordinates"]
        props = feature["properties"]
        entry = grouped.setdefault((lat, lon), {
            "lat": lat, "lon": lon, "name": props["name"], "count": 0,
            "resolver": props["resolver"], "feature_code": props["feature_code"]})
        entry["count"] += 1
        texts[(lat, lon)].add(props["text"])
    return [dict(entry, texts=sorted(texts[key])) for key, entry in sorted(grouped.items())]


def _articles(articles: list[Article]) -> dict[str, dict[str, str | None]]:
    return {a.id: {"title": a.title, "url": a.url, "source": a.source,
                   "published": a.published.isoformat() if a.published else None}
            for a in articles}


def _stable_ids(html: str) -> str:
    """Replace branca's random element ids by ones derived from the content (diffable maps)."""
    ids = sorted(set(re.findall(r"\b(?:[a-z_]+)_([0-9a-f]{32})\b", html)), key=html.index)
    seed = hashlib.blake2b(html.encode("utf-8"), digest_size=8).hexdigest()
    for number, old in enumerate(ids):
        html = html.replace(old, f"{seed}{number:016x}")
    return html


def _with_csp(html: str, *, offline: bool) -> str:
    """Add a Content-Security-Policy allowing exactly this page's inline scripts."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
        for s in re.findall(r"<script>(.*?)</script>", html, flags=re.S))
    images = "data:" if offline else "data: https:"
    policy = (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
              f"img-src {images}; connect-src 'none'; base-uri 'none'; form-action 'none'")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    return html.replace("<head>", "<head>\n" + meta, 1)
