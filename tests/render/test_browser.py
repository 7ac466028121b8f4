"""The seed map in headless Chromium: no request leaves, the Baghdad pin shows the quote."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.render.pages import ARTIFACTS
from tests.render.pages import open_map as _open

pytestmark = pytest.mark.browser
def _outbound(page) -> list[str]:
    return [u for u in page.requests if not u.startswith(("file:", "data:"))]


def _toggle(page, label: str):
    page.locator(".leaflet-control-layers-overlays label", has_text=label).locator(
        "input").click()


def _click_at(page, lat: float, lon: float):
    point = page.evaluate(f"(() => {{ const p = window.geomapMap.latLngToContainerPoint([{lat}, "
                          f"{lon}]); const r = window.geomapMap.getContainer()"
                          ".getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; })()")
    page.mouse.click(*point)


def test_clicking_the_baghdad_pin_shows_the_strike_quote(page, seed_run):
    result, out = seed_run
    _open(page, out / "map.html")
    baghdad = next(i for i in result.incidents if i.place and i.place.name == "Baghdad")
    _click_at(page, baghdad.place.lat, baghdad.place.lon)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    assert "drone strike" in popup.inner_text()
    assert "Baghdad" in popup.inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "seed-map-baghdad-popup.png"))
    assert [u for u in page.requests if not u.startswith(("file:", "data:"))] == []
    assert page.console_errors == []


def test_quote_with_markup_shows_as_text_and_runs_nothing(page, tmp_path):
    from geomap.pipeline import run

    evil = ("A drone strike in Baghdad killed 2 people <script>window.pwned=1</script> "
            "<img src=x onerror=\"window.pwned=2\"> `${window.pwned=3}` \\20 </div> it's.")
    (tmp_path / "evil.txt").write_text(evil + "\n")
    (tmp_path / "evil.json").write_text(json.dumps(
        {"title": "<b>Title</b>", "url": "javascript:window.pwned=4", "source": "Wire"}))
    run([str(tmp_path / "evil.txt")], tmp_path / "out")
    _open(page, tmp_path / "out" / "map.html")
    _click_at(page, 33.3406, 44.4009)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    assert "<script>window.pwned=1</script>" in popup.inner_text()
    text = popup.inner_text()
    for fragment in ("<img src=x onerror=", "`${window.pwned=3}`", "\\20", "</div> it's"):
        assert fragment in text
    assert page.evaluate("() => window.pwned") is None
    assert popup.locator("img, script, b").count() == 0
    assert "<b>Title</b>" in text
    assert popup.locator(".geomap-source a").count() == 0  # only http/https sources are links
    assert popup.locator("a[href^=javascript]").count() == 0
    assert _outbound(page) == []
    assert page.console_errors == []


def test_seed_map_layers_toggle_and_mentions_start_hidden(page, seed_run):
    _, out = seed_run
    _open(page, out / "map.html")
    incidents = page.locator(".geomap-pin.geomap-incident")
    total = incidents.count()
    assert total > 0
    assert page.locator("path.geomap-mention").count() == 0
    _toggle(page, "Explosions/Remote violence")
    assert 0 < incidents.count() < total
    _toggle(page, "Explosions/Remote violence")
    assert incidents.count() == total
    _toggle(page, "Place mentions")
    assert page.locator("path.geomap-mention").count() > 0
    # a mention's popup: its place, how often, the spellings and who placed it
    page.locator("path.geomap-mention").first.dispatch_event("click")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    assert re.search(r"\(\d+ mentions\)", popup.inner_text())
    assert "Placed by" in popup.inner_text()
    assert "\u201c" in popup.inner_text()  # a spelling, quoted
    _toggle(page, "Countries: incident count")
    filled = page.evaluate("""() => [...document.querySelectorAll('path')].filter(
        p => p.getAttribute('fill') === '#7f2704').length""")
    assert filled >= 1
    assert _outbound(page) == []
    assert page.console_errors == []


def _synthetic_map(tmp_path, count: int, **options) -> Path:
    from geomap.render.map import build_map, save_map

    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [
        40 + (n % 10) / 10, 33 + (n // 10) / 10]}, "properties": {
        "event_type": "Battles" if n % 2 else "Protests", "sub_event_type": "x",
        "event_date": f"2024-01-{1 + n % 20:02d}", "time_precision": "day",
        "location_name": f"Town {n}", "geo_precision": 1 if n % 3 else 3, "country_code": "IQ",
        "quotes": [{"article_id": "a", "text": f"Quote {n}"}]}} for n in range(count)]
    html = build_map({"features": features}, {"features": []}, {}, **options)
    return save_map(tmp_path / "map.html", html)


def _shown(page) -> int:
    return int(page.locator(".geomap-status").inner_text().split()[1])


def _cluster_total(page) -> int:
    """Incidents the layers hold, checked against what the view draws (clusters + pins)."""
    held = page.evaluate("""() => Object.values(window.geomap.layers).reduce(
        (n, layer) => n + layer.members().length, 0)""")
    drawn = page.evaluate("""() => Object.values(window.geomap.layers).reduce((n, layer) =>
        n + layer.getLayers().reduce((k, m) => k + (m.geomapCount || 1), 0), 0)""")
    assert drawn == held
    return held


def test_clusters_follow_the_time_filter_and_the_precision_switch(page, tmp_path):
    _open(page, _synthetic_map(tmp_path, 200, cluster_above=50))
    assert page.locator(".geomap-cluster").count() > 0
    assert "200 incidents: pins are clustered" in page.locator(".geomap-notice").inner_text()
    assert _shown(page) == _cluster_total(page) == 200
    page.evaluate("""() => { const s = document.querySelector('.geomap-time-to');
        s.value = s.min; s.dispatchEvent(new Event('change')); }""")
    assert _shown(page) == _cluster_total(page) == 10
    assert "2024-01-01 \u2192 2024-01-01" in page.locator(".geomap-time-label").inner_text()
    page.locator(".geomap-precision-switch").click()
    assert _shown(page) == _cluster_total(page) == 6
    assert page.console_errors == []
    assert _outbound(page) == []


def test_over_the_size_budget_incidents_are_counted_by_area_and_the_map_says_so(page, tmp_path):
    _open(page, _synthetic_map(tmp_path, 100, max_data_bytes=1000))
    notice = page.locator(".geomap-notice")
    assert "exceed the map's size budget" in notice.inner_text()
    assert "aggregated" in notice.inner_text()
    assert page.locator(".geomap-pin").count() == 0
    assert page.locator("canvas.leaflet-heatmap-layer").count() == 0  # heat: off by default
    assert _aggregated(page) == 100
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "aggregated-map.png"))
    assert page.console_errors == []
    assert _outbound(page) == []


def _aggregated(page) -> int:
    """Incidents the aggregate layer's circles and dots count in the view."""
    return page.evaluate("""() => window.geomap.aggregate.getLayers().reduce(
        (n, m) => n + m.geomapCount, 0)""")


def test_a_cluster_of_one_place_lists_its_incidents_and_opens_each(page, tmp_path):
    from geomap.render.map import build_map, save_map

    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.4, 33.34]},
                 "properties": {"event_type": "Battles", "sub_event_type": f"<b>clash {n}</b>",
                                "location_name": "Baghdad", "geo_precision": 1,
                                "quotes": [{"article_id": "a", "text": f"Quote <i>{n}</i>"}]}}
                for n in range(3)]
    html = build_map({"features": features}, {"features": []}, {}, cluster_above=1)
    _open(page, save_map(tmp_path / "map.html", html))
    cluster = page.locator(".geomap-cluster")
    assert cluster.inner_text() == "3"
    cluster.click()
    items = page.locator(".leaflet-popup-content .geomap-list a")
    assert items.count() == 3
    assert "<b>clash 1</b>" in items.nth(1).inner_text()
    items.nth(1).click()
    assert "Quote <i>1</i>" in page.locator(".leaflet-popup-content .geomap-quote").inner_text()
    assert page.locator(".leaflet-popup-content b, .leaflet-popup-content i").count() == 0
    assert page.console_errors == []
    assert _outbound(page) == []


def test_clicking_a_cluster_zooms_in(page, tmp_path):
    _open(page, _synthetic_map(tmp_path, 200, cluster_above=50))
    zoom = page.evaluate("() => window.geomapMap.getZoom()")
    page.locator(".geomap-cluster").first.click()
    for _ in range(100):  # the zoom is animated
        if page.evaluate("() => window.geomapMap.getZoom()") > zoom:
            break
        page.wait_for_timeout(50)
    assert page.evaluate("() => window.geomapMap.getZoom()") > zoom
    assert page.console_errors == []


def test_event_types_named_like_object_keys_draw_without_errors(page, tmp_path):
    from geomap.render.map import build_map

    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.4, 33.3]},
                 "properties": {"event_type": name, "incident_id": name, "quotes": [],
                                "geo_precision": 1}}
                for name in ("__proto__", "constructor", "Battles")]
    html = build_map({"features": features}, {"features": []}, {})
    (tmp_path / "proto.html").write_text(html)
    _open(page, tmp_path / "proto.html")
    assert page.console_errors == []
    assert page.locator(".leaflet-control-layers-overlays label").count() >= 3


def test_an_event_type_with_markup_is_text_in_the_layer_control(page, seed_run, tmp_path):
    import subprocess
    import sys

    _, out = seed_run
    data = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))
    evil = ('<a href="https://evil.invalid/login">Log in</a><meta http-equiv="refresh" '
            'content="1;url=https://evil.invalid">')
    for feature in data["features"]:
        feature["properties"]["event_type"] = evil
    shared = tmp_path / "incidents.geojson"
    shared.write_text(json.dumps(data), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "geomap", "map", str(shared), "-o",
                           str(tmp_path / "map.html")], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    _open(page, tmp_path / "map.html")
    control = page.locator(".leaflet-control-layers")
    assert "Log in</a>" in control.inner_text()
    assert page.locator("a[href*='evil.invalid'], meta[http-equiv='refresh']").count() == 0
    assert _outbound(page) == []
