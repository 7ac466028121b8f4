"""The review map: one self-contained, deterministic HTML file drawn from the incidents' GeoJSON.

Folium gives the page, the map and the element tree. The layers and controls (pins per event
type, heat, countries, mentions, legend, filters, layer control) are elements of their own in
:mod:`geomap.render.layers`, walked in the order of ``LAYERS``; each draws in the browser, by
its own script, from one compact columnar payload (:mod:`geomap.render.data`) decoded once by
the shared view (:mod:`geomap.render.view`). So no article text is ever parsed as HTML and a
100,000-incident map stays near 0.3 KB per incident. Libraries are inlined (never fetched);
offline, a Natural Earth basemap replaces tiles. Element ids derive from the content, so the same
input gives byte-identical HTML.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from html import escape as html_escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from branca.element import Element, Figure
from jinja2.utils import htmlsafe_json_dumps

from geomap.event_types import map_styles
from geomap.gazetteer.index import ATTRIBUTION
from geomap.io.output import GENERATOR_MARK, write_atomic
from geomap.records import LOCAL_RESOLVERS, Article
from geomap.render import assets, layers
from geomap.render.data import country_totals, encode_incidents
from geomap.render.folium_import import import_folium
from geomap.render.layers import MapContext
from geomap.render.places_mentioned import PlacesMentioned
from geomap.render.static_html import static_html
from geomap.render.view import PLACEHOLDER, GeomapView, fill_payload

if TYPE_CHECKING:
    import folium
else:
    folium = import_folium()

TILES = "OpenStreetMap"
#: Online geocoders whose answers are OpenStreetMap data (ODbL: attribution required).
OSM_GEOCODERS = frozenset({"nominatim", "photon", "openmapquest", "pickpoint", "geocodeearth"})
TILES_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap'
                     '</a> contributors')
#: Above this many incidents pins are clustered (first degradation).
CLUSTER_ABOVE = 1000
#: Above this many bytes of embedded data the incidents are aggregated into counts by area and
#: their details left out (second degradation).
MAX_DATA_BYTES = 60_000_000


def to_json(data: Any) -> str:
    """Compact JSON safe inside ``<script>`` (what ``|tojson`` does, without the spaces).

    Characters beyond ASCII are escaped: a few bytes more per accented letter or curly quote,
    but the payload, and the page around it, stay one byte per character in memory (one such
    character makes Python store a whole string at two or four bytes each).
    """
    return str(htmlsafe_json_dumps(data, dumps=json.dumps, separators=(",", ":")))


def build_map(incidents: Mapping[str, Any], mentions: Mapping[str, Any],
              articles: Iterable[Article] | Mapping[str, Mapping[str, Any]], *,
              offline: bool = True, cluster_above: int = CLUSTER_ABOVE,
              max_data_bytes: int = MAX_DATA_BYTES, places: PlacesMentioned | None = None
              ) -> str:
    """Render the map to an HTML string; the same input always gives the same string.

    Parameters
    ----------
    incidents, mentions
        FeatureCollections as written to ``incidents.geojson`` and ``mentions.geojson``; their
        ``features`` are read a few times, one at a time, so they may be re-readable streams
        of the files (:class:`geomap.io.stream.StreamedFeatures`) rather than lists.
    articles
        The articles (or their metadata by id) for the popups' source lines.
    offline
        Draw the Natural Earth basemap instead of tiles; no request ever leaves the page.
    cluster_above, max_data_bytes
        The size budget: more incidents than ``cluster_above`` are clustered; data larger
        than ``max_data_bytes`` is aggregated into counts by area, without the details. The
        map says which it did.
    places
        The places layer already gathered from ``mentions``' features (a run gathers it as
        it writes them): ``mentions`` is then not read.

    Raises
    ------
    AssetsMissingError
        When the JavaScript/CSS libraries are not installed (see :mod:`geomap.render.assets`).
    """
    if places is None:  # the credits' resolvers are read with the places
        places = PlacesMentioned().extend(mentions.get("features", []))
    resolvers = set(places.resolvers)
    extra = {"places": places.columns(), "styles": map_styles()}
    data, payload = _layers_data(incidents["features"], article_meta(articles), extra,
                                 cluster_above=cluster_above, max_data_bytes=max_data_bytes)
    # every incident's details and the places are in the payload now; the layers choose
    # their options from what _for_layers keeps, and the rest is freed before the page is
    # rendered (tens of MB for tens of thousands of incidents and places)
    del extra
    data = _for_layers(data)
    fmap = folium.Map(location=[20, 20], zoom_start=2, tiles=None, control_scale=True)
    fmap.default_js, fmap.default_css = [], []
    _inline_assets(fmap)
    if not offline:
        folium.TileLayer(TILES, attr=f"{TILES_ATTRIBUTION} | {ATTRIBUTION}").add_to(fmap)
    view = GeomapView(payload).add_to(fmap)
    context = MapContext(data=data, offline=offline)
    for layer_class in layers.LAYERS:
        layer = layer_class.for_map(context)
        if layer is not None:
            view.add_child(layer)
    resolvers |= {f["properties"].get("resolver") for f in incidents["features"]
                  if f.get("properties")}
    credits = html_escape(credits_for(resolvers))
    cast(Figure, fmap.get_root()).html.add_child(Element(
        f'<div class="geomap-attribution" data-mode="{data["mode"]}">{credits}</div>'))
    html = _stable_ids(fmap.get_root().render(), salt=payload)
    html = _page_head(html, title=f"geomap review map: {len(data['lat']):,} incidents")
    # the policy is made before the payload goes in, so the page is never copied whole with it
    return fill_payload(_with_csp(html, offline=offline, payload=payload), payload)


def attribution(*collections: Iterable[Mapping[str, Any]]) -> str:
    """The data credits this map owes: GeoNames and Natural Earth always, plus every online
    geocoder that placed a pin (OpenStreetMap's ODbL for Nominatim and Photon)."""
    return credits_for(f["properties"].get("resolver") for features in collections
                       for f in features if f.get("properties"))


def credits_for(resolvers: Iterable[str | None]) -> str:
    """:func:`attribution` of the features whose resolvers are ``resolvers``."""
    services = sorted(r for r in set(resolvers) - LOCAL_RESOLVERS if r is not None)
    credits = [ATTRIBUTION]
    for service in services:
        osm = service in OSM_GEOCODERS
        credits.append(f"Geocoding by {service}" + (
            ": data © OpenStreetMap contributors, ODbL." if osm else "."))
    return " ".join(credits)


def _inline_assets(fmap: folium.Map) -> None:
    header = cast(Figure, fmap.get_root()).header
    header.add_child(static_html(f'<meta name="generator" content="{GENERATOR_MARK}">'),
                     index=0)
    header.add_child(static_html(
        f"<style>{assets.stylesheets()}\n{assets.own('geomap.css')}</style>"))
    own = [assets.own(name) for name in ("geomap.js", *layers.scripts())]
    for script in [*assets.scripts(), *own]:  # not compiled as templates: hundreds of KB
        header.add_child(static_html(f"<script>{script}</script>"))


def _layers_data(features: Iterable[Mapping[str, Any]], meta: Mapping[str, Mapping[str, Any]],
                 extra: Mapping[str, Any], *, cluster_above: int, max_data_bytes: int,
                 ) -> tuple[dict[str, Any], str]:
    """Encode the incidents, pick the drawing mode the size budget allows, serialise once."""
    data = encode_incidents(features, meta)
    count = len(data["lat"])
    data.update(extra, mode="pins", notice=None)
    if count > cluster_above:
        data.update(mode="cluster", notice=f"{count:,} incidents: pins are clustered (zoom in "
                                           "or click a cluster).")
    payload = to_json(data)
    if len(payload) > max_data_bytes:
        size = len(payload)
        del data, payload  # the details are left out: free them before the counts are made
        data = encode_incidents(features, meta, details=False)
        data.update(extra, mode="aggregate", notice=(
            f"{count:,} incidents exceed the map's size budget ({size / 1e6:.1f} MB of data > "
            f"{max_data_bytes / 1e6:.1f} MB): they are aggregated, each circle counting the "
            "incidents in its area (zoom in to split it); the details are in "
            "incidents.geojson."))
        payload = to_json(data)
    return data, payload


def _for_layers(data: Mapping[str, Any]) -> dict[str, Any]:
    """What the layers read of the encoded incidents (:class:`MapContext`): where they are,
    how they are drawn, and the countries that have any."""
    return {"lat": data["lat"], "lon": data["lon"], "mode": data["mode"],
            "notice": data["notice"], "countries": sorted(country_totals(data))}


def article_meta(articles: Iterable[Article] | Mapping[str, Mapping[str, Any]],
                 ) -> dict[str, dict[str, Any]]:
    """Title, link, source and publication date per article id."""
    if isinstance(articles, Mapping):
        return {str(k): dict(v) for k, v in articles.items()}
    return {a.id: {"title": a.title, "url": a.url, "source": a.source,
                   "published": a.published.isoformat() if a.published else None}
            for a in articles}


def save_map(path: Path, html: str, *, force: bool = False) -> Path:
    """Write the map atomically."""
    return write_atomic(path, html, force=force)


def _stable_ids(html: str, *, salt: str = "") -> str:
    """Replace branca's random element ids by ones derived from the content (diffable maps)."""
    ids = sorted(set(element_ids(html)), key=html.index)
    normalised = html
    for number, old in enumerate(ids):
        normalised = normalised.replace(old, f"{{id{number}}}")
    digest = hashlib.blake2b(normalised.encode("utf-8"), digest_size=8)
    digest.update(salt.encode("utf-8"))
    seed = digest.hexdigest()
    for number, old in enumerate(ids):
        html = html.replace(old, f"{seed}{number:016x}")
    return html


#: The end of an element id, "_" and 32 hex digits: found by the "_" it starts with.
_ID_TAIL = re.compile(r"_([0-9a-f]{32})\b")
_ID_NAME = frozenset("abcdefghijklmnopqrstuvwxyz_")


def element_ids(html: str) -> list[str]:
    r"""The hex of every ``\b[a-z_]+_([0-9a-f]{32})\b`` (branca's ``map_<uuid>`` names), in
    order: what that pattern's ``findall`` gives, found from each id's ``_`` back to its name's
    start, since the pattern itself is tried at every character of a page of megabytes."""
    found = []
    for tail in _ID_TAIL.finditer(html):
        start = at = tail.start()
        while start and html[start - 1] in _ID_NAME:
            start -= 1
        if start < at and (start == 0 or not html[start - 1].isalnum()):
            found.append(tail.group(1))
    return found


#: Characters of the payload encoded at a time to hash it: its bytes are never all held.
_HASH_CHUNK = 1 << 20


def _script_hash(script: str, payload: str) -> str:
    """Base64 SHA-256 of ``script`` (UTF-8) with its first placeholder, if any, replaced by
    ``payload``: what the browser hashes, worked out without building that text."""
    digest = hashlib.sha256()
    head, found, tail = script.partition(PLACEHOLDER)
    digest.update(head.encode("utf-8"))
    if found:
        for at in range(0, len(payload), _HASH_CHUNK):
            digest.update(payload[at:at + _HASH_CHUNK].encode("utf-8"))
        digest.update(tail.encode("utf-8"))
    return base64.b64encode(digest.digest()).decode()


#: Folium's viewport forbids zooming the page; a reader on a phone must be able to pinch-zoom.
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def _page_head(html: str, *, title: str) -> str:
    """The page's language, a ``<title>`` and a viewport that allows pinch-zoom."""
    html = html.replace("<html>", '<html lang="en">', 1)
    html = re.sub(r'<meta name="viewport"[^>]*>', VIEWPORT, html, count=1)
    generator = f'<meta name="generator" content="{GENERATOR_MARK}">'
    return html.replace(generator, f"{generator}\n<title>{html_escape(title)}</title>", 1)


def _inline_scripts(html: str) -> list[str]:
    """The text of each ``<script>...</script>`` in ``html``, in order: what
    ``re.findall(r"<script>(.*?)</script>", html, flags=re.S)`` gives, found by ``str.find``
    (the lazy pattern steps through megabytes of inlined libraries a character at a time)."""
    found = []
    start = html.find("<script>")
    while start >= 0:
        end = html.find("</script>", start + len("<script>"))
        if end < 0:
            break
        found.append(html[start + len("<script>"):end])
        start = html.find("<script>", end + len("</script>"))
    return found


def _with_csp(html: str, *, offline: bool, payload: str = "") -> str:
    """Add a Content-Security-Policy allowing exactly this page's inline scripts, as they
    will be once ``payload`` replaces the view's placeholder (:func:`fill_payload`)."""
    hashes = " ".join(f"'sha256-{_script_hash(s, payload)}'" for s in _inline_scripts(html))
    images = "data:" if offline else "data: https:"
    policy = (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
              f"img-src {images}; connect-src 'none'; base-uri 'none'; form-action 'none'")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    generator = f'<meta name="generator" content="{GENERATOR_MARK}">'
    return html.replace(generator, generator + "\n" + meta, 1)
