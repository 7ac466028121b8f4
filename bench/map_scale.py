"""How geomap's map scales: 100,000 synthetic incidents against plain Folium at 10,000.

Run ``.venv/bin/python bench/map_scale.py`` (needs the npm assets and /usr/bin/chromium). It
prints, for geomap at ``--incidents`` and for plain Folium (``Marker`` + ``Popup`` in a
``FeatureGroup``, the same popup facts as escaped HTML) at ``--baseline`` incidents:

- build seconds (features in memory → HTML string),
- HTML bytes per incident (Folium's as it writes it, with CDN links, not inlined assets),
- headless-Chromium seconds from navigation until a pin answers a click with its popup,

and each geomap figure as a ratio to Folium's, per incident. Targets (issue 5): build ≥ 20×
faster per incident, ≤ 0.35 KB per incident, the 100k map answers a click within 5 s.

The synthetic data is deterministic: 5,000 places in the Middle East and Africa, 200 actors,
dates over two years, one article (own title and URL) per 3 incidents, and a unique quote of
about 120 characters per incident. Folium's popups need jQuery's ``$(html)``; offline the
benchmark gives it a three-line stand-in, which only makes Folium faster.
"""

from __future__ import annotations

import argparse
import html
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import folium

from geomap.event_types import event_type_names
from geomap.render import assets
from geomap.render.map import build_map

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TYPES = list(event_type_names())
JQUERY_STANDIN = ("window.$ = function (h) { var t = document.createElement('template'); "
                  "t.innerHTML = h; return [t.content.firstChild]; };")


def synthetic(count: int, *, seed: int = 5) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``count`` incident features and their articles' metadata, always the same for a seed."""
    rng = random.Random(seed)
    places = [(f"Town {k}", round(rng.uniform(-5, 38), 5), round(rng.uniform(-10, 60), 5),
               rng.choice(["IQ", "SY", "YE", "SD", "ML", "NG", "SO", "LY", "CD", "ET"]))
              for k in range(5000)]
    actors = [f"Armed group {k}" for k in range(200)]
    start = date(2023, 1, 1)
    features, articles = [], {}
    for i in range(count):
        name, lat, lon, cc = rng.choice(places)
        kind, day = rng.choice(TYPES), start + timedelta(days=rng.randrange(730))
        article = f"article-{i // 3:06d}"
        articles[article] = {"title": f"Clashes reported near {name} as fighting spreads {i // 3}",
                             "url": f"https://news.example.org/2024/{i // 3:06d}/report.html",
                             "source": f"Outlet {i % 50}", "published": day.isoformat()}
        killed = rng.choice([None, 0, 1, 2, 3, 5, 8, 12])
        quote = (f"On {day:%A}, fighters of {rng.choice(actors)} attacked positions in {name}, "
                 f"killing {killed or 'no'} people, residents said (report {i}).")
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [
            lon, lat]}, "properties": {
            "incident_id": f"inc-{i:08x}", "article_ids": [article], "source_count": 1,
            "event_type": kind, "sub_event_type": "Armed clash", "event_date": day.isoformat(),
            "time_precision": "day", "date_expression": f"on {day:%A}",
            "actor1": rng.choice(actors), "actor2": rng.choice([*actors, None]),
            "fatalities": killed, "wounded": None, "location_name": name, "qualifier": None,
            "country_code": cc, "geo_precision": rng.choice([1, 1, 1, 2, 3]),
            "location_basis": "syntactic", "resolver": "gazetteer",
            "quotes": [{"article_id": article, "start": 0, "end": len(quote), "text": quote}]}})
    return features, articles


def folium_map(features: list[dict[str, Any]], articles: dict[str, Any]) -> folium.Map:
    """The plain-Folium way: one Marker with an escaped-HTML Popup per incident."""
    fmap = folium.Map(location=[20, 20], zoom_start=3, tiles=None)
    group = folium.FeatureGroup(name="Incidents").add_to(fmap)
    for f in features:
        p, (lon, lat) = f["properties"], f["geometry"]["coordinates"]
        meta = articles[p["quotes"][0]["article_id"]]
        facts = "".join(f"<tr><th>{k}</th><td>{html.escape(str(p[k]))}</td></tr>" for k in (
            "event_date", "location_name", "geo_precision", "resolver", "actor1", "actor2",
            "fatalities"))
        body = (f"<b>{html.escape(p['event_type'])}</b><blockquote>"
                f"{html.escape(p['quotes'][0]['text'])}</blockquote><a href="
                f"\"{html.escape(meta['url'])}\">{html.escape(meta['title'])}</a><table>{facts}"
                "</table>")
        folium.Marker([lat, lon], popup=folium.Popup(body, max_width=400),
                      tooltip=html.escape(p["location_name"])).add_to(group)
    return fmap


def timed(func, *args, **kwargs) -> tuple[float, Any]:
    start = time.perf_counter()
    value = func(*args, **kwargs)
    return time.perf_counter() - start, value


def offline_folium_html(fmap: folium.Map) -> str:
    """Folium's page with Leaflet inlined (and jQuery's stand-in) so it opens offline."""
    fmap.default_js, fmap.default_css = [], []
    page = fmap.get_root().render()
    inline = (f"<style>{assets.stylesheets()}</style><script>{assets.scripts()[0]}</script>"
              f"<script>{JQUERY_STANDIN}</script>")
    return page.replace("<head>", "<head>" + inline, 1)


def click_seconds(browser, path: Path, *, geomap: bool) -> float:
    """Seconds from navigation until a click on a pin has opened its popup."""
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.route("**/*", lambda r: r.abort() if not r.request.url.startswith(("file:", "data:"))
               else r.continue_())
    start = time.perf_counter()
    page.goto(path.as_uri(), timeout=120_000)
    if geomap:
        while not page.evaluate("() => window.geomap !== undefined"):  # CSP forbids eval
            time.sleep(0.01)
        point = page.evaluate("""() => new Promise(done => window.geomap.reveal(0, m => {
            const p = window.geomapMap.latLngToContainerPoint(m.getLatLng());
            const r = window.geomapMap.getContainer().getBoundingClientRect();
            done([p.x + r.left, p.y + r.top]); }))""")
        page.mouse.click(*point)
    else:
        page.locator(".leaflet-marker-icon").last.click(force=True, timeout=120_000)
    # the pin's popup or, where pins overlap (geomap asks which one), the chooser: either answers
    page.locator(".leaflet-popup-content").first.wait_for(timeout=120_000)
    seconds = time.perf_counter() - start
    page.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--baseline", type=int, default=10_000)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    ours_f, ours_a = synthetic(args.incidents)
    base_f, base_a = synthetic(args.baseline)
    assets.scripts(), assets.stylesheets()  # load the libraries once, outside the timings
    build_ours, ours_html = timed(build_map, {"features": ours_f}, {"features": []}, ours_a)
    build_base, base_map = timed(lambda: folium_map(base_f, base_a).get_root().render())
    rows = [("build seconds", build_ours, build_base),
            ("HTML bytes", len(ours_html.encode()), len(base_map.encode()))]
    if not args.no_browser:
        rows.append(("seconds to a clicked pin", *browser_seconds(ours_html, base_f, base_a)))
    print(f"geomap: {args.incidents:,} incidents; plain Folium: {args.baseline:,} incidents")
    for label, ours, base in rows:
        per_ours, per_base = ours / args.incidents, base / args.baseline
        print(f"{label:>26}: geomap {ours:,.2f} ({per_ours:.3g}/incident)  folium {base:,.2f} "
              f"({per_base:.3g}/incident)  folium/geomap per incident: {per_base / per_ours:.1f}×"
              .replace(".00 (", " ("))
    print(f"{'KB per incident':>26}: geomap {len(ours_html.encode()) / args.incidents / 1024:.3f}"
          f"  folium {len(base_map.encode()) / args.baseline / 1024:.3f}")


def browser_seconds(ours_html: str, base_f, base_a) -> tuple[float, float]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        ours_path, base_path = Path(tmp) / "geomap.html", Path(tmp) / "folium.html"
        ours_path.write_text(ours_html, encoding="utf-8")
        base_path.write_text(offline_folium_html(folium_map(base_f, base_a)), encoding="utf-8")
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            return (click_seconds(browser, ours_path, geomap=True),
                    click_seconds(browser, base_path, geomap=False))
        finally:
            browser.close()


if __name__ == "__main__":
    main()
