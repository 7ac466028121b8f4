"""Maps of huge runs: above the size budget the incidents are counted by area, on purpose,
the map says so where it can be seen, and the page stays one offline file within budget."""

from __future__ import annotations

import random
import re

import pytest

from geomap.io.writers.geojson import FeatureStream, read_features
from geomap.render.map import build_map, save_map
from tests.render.pages import ARTIFACTS, new_page, open_map, outbound
from tests.render.test_review_access import CONTROLS, PHONE, overlaps

COUNT = 20_000
BUDGET = 1_000_000  # bytes of embedded data: the details of 20,000 incidents need about 5 MB


def huge_run(count: int = COUNT) -> dict:
    """``count`` incidents over Iraq and Syria, each with its own quote, dated over 2024."""
    rng = random.Random(18)
    kinds = ["Battles", "Protests", "Explosions/Remote violence", "Riots"]
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [
            round(rng.uniform(36, 47), 4), round(rng.uniform(30, 37), 4)]},
         "properties": {"incident_id": f"inc-{n:06d}", "event_type": rng.choice(kinds),
                        "sub_event_type": "Armed clash", "geo_precision": rng.choice([1, 2]),
                        "event_date": f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}",
                        "time_precision": "day", "country_code": rng.choice(["IQ", "SY"]),
                        "location_name": f"Village {n % 700}", "fatalities": n % 7,
                        "quotes": [{"article_id": f"a{n // 4}",
                                    "text": f"Report {n}: fighters clashed near village "
                                            f"{n % 700}, residents said, and {n % 7} died."}]}}
        for n in range(count)]}


@pytest.fixture(scope="module")
def huge_map(tmp_path_factory):
    html = build_map(huge_run(), {"features": []}, {}, max_data_bytes=BUDGET)
    return save_map(tmp_path_factory.mktemp("huge") / "map.html", html), html


def test_over_budget_the_page_aggregates_and_keeps_within_the_budget(huge_map):
    _, html = huge_map
    assert 'data-mode="aggregate"' in html
    assert 'add("aggregate"' in html
    assert "Report 12345:" not in html  # the details are left in incidents.geojson
    data = re.search(r"geomapRender\([^,]+, (\{.*?\})\);\n", html, flags=re.S).group(1)
    assert len(data.encode("utf-8")) <= BUDGET
    assert "20,000 incidents exceed the map" in html
    assert "<script src=" not in html  # still one offline file


def _counted(page) -> int:
    return page.evaluate("""() => window.geomap.aggregate.getLayers().reduce(
        (n, m) => n + m.geomapCount, 0)""")


@pytest.mark.browser
@pytest.mark.parametrize("screen", [{}, PHONE], ids=["desktop", "phone"])
def test_the_map_says_it_aggregated_where_it_can_be_seen(browser, huge_map, screen):
    path, _ = huge_map
    page = new_page(browser, **screen)
    open_map(page, path)
    notice = page.locator(".geomap-notice")
    assert notice.is_visible()
    assert "aggregated" in notice.inner_text()
    box = notice.bounding_box()
    size = page.viewport_size
    assert box["x"] >= 0
    assert box["y"] >= 0
    assert box["x"] + box["width"] <= size["width"]
    assert box["y"] + box["height"] <= size["height"]
    assert overlaps(page.evaluate(CONTROLS)) == []
    assert page.locator(".geomap-aggregate").count() > 0
    assert page.locator(".geomap-pin").count() == 0
    assert _counted(page) == COUNT
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"aggregated-{'phone' if screen else 'desktop'}.png"))
    assert page.console_errors == []
    assert outbound(page) == []
    page.context.close()


@pytest.mark.browser
def test_the_counts_follow_the_filters_and_a_key_splits_a_circle(page, huge_map):
    path, _ = huge_map
    open_map(page, path)
    page.evaluate("""() => { const s = document.querySelector('.geomap-time-to');
        s.value = s.min; s.dispatchEvent(new Event('change')); }""")
    january_first = sum(1 for n in range(COUNT) if n % 12 == 0 and n % 28 == 0)
    assert _counted(page) == january_first
    page.evaluate("""() => { const s = document.querySelector('.geomap-time-to');
        s.value = s.max; s.dispatchEvent(new Event('change')); }""")
    assert _counted(page) == COUNT
    zoom = page.evaluate("() => window.geomapMap.getZoom()")
    page.locator(".geomap-aggregate").first.focus()
    label = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert re.fullmatch(r"\d+ incidents in this area: open to zoom in", label)
    page.keyboard.press("Enter")
    for _ in range(100):  # the zoom is animated
        if page.evaluate("() => window.geomapMap.getZoom()") > zoom:
            break
        page.wait_for_timeout(50)
    assert page.evaluate("() => window.geomapMap.getZoom()") > zoom
    assert page.console_errors == []


class _ReadOnce:
    """Features that can be iterated only by reading them again from the file each time,
    as ``geomap run`` hands them to the map, counting how often they were read."""

    def __init__(self, path):
        self.path, self.reads = path, 0

    def __iter__(self):
        self.reads += 1
        return read_features(self.path)


@pytest.mark.parametrize("budget", [60_000_000, 100_000], ids=["pins", "aggregate"])
def test_a_map_drawn_from_the_written_file_as_a_stream_is_the_one_drawn_from_a_list(
        tmp_path, budget):
    # a big run's map reads incidents.geojson feature by feature, holding no list of them
    run = huge_run(1500)
    path = tmp_path / "incidents.geojson"
    with FeatureStream(path, {"type": "FeatureCollection"}) as stream:
        stream.extend(run["features"])
    streamed = _ReadOnce(path)
    html = build_map({"features": streamed}, {"features": []}, {}, max_data_bytes=budget)
    assert html == build_map(run, {"features": []}, {}, max_data_bytes=budget)
    assert ('data-mode="aggregate"' in html) == (budget < 1_000_000)
    assert streamed.reads >= 2  # read again for the credits (and the aggregate), not kept
