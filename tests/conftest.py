"""Shared fixtures: a ten-row gazetteer built in code, the seed article, a run over the seed,
and one headless Chromium per session with a fresh page per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from geomap.gazetteer.index import Gazetteer, default_index_path
from geomap.pipeline import run
from geomap.records import Place  # noqa: F401
from tests.helpers import SEEDS, place, require_browser
from tests.render.pages import CHROMIUM, FLAGS, new_page


def pytest_report_header(config: pytest.Config) -> list[str]:
    gaz = Gazetteer()
    info = gaz.info()
    return [f"geomap gazetteer: {info['path']} built {info['built']}, {info['places']} places",
            "network: offline (tests never leave 127.0.0.1)"]


@pytest.fixture(autouse=True)
def _collector_as_it_was():
    """``geomap run`` invoked in this process tunes its garbage collector for one batch
    (geomap/collector.py): each test gets the collector back as it found it."""
    import gc

    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


@pytest.fixture(scope="session")
def tiny_gazetteer() -> Gazetteer:
    """Ten places with the homonym traps the resolver must get right."""
    rows = [
        (place("Iraq", 33.0, 44.0, 99237, "PCLI", "IQ", 38_000_000, "A"), ["\0Iraqi"]),
        (place("Jordan", 31.0, 36.5, 248816, "PCLI", "JO", 10_000_000, "A"), ["\0Jordanian"]),
        (place("Baghdad", 33.34, 44.40, 98182, "PPLC", "IQ", 7_200_000), ["Bagdad"]),
        (place("Jordan", 40.97, -73.98, 5122534, "PPL", "US", 1_300), []),
        (place("Jordan", 10.6, 122.6, 1710000, "PPL", "PH", 30_000), []),
        (place("Erbil", 36.19, 44.01, 95446, "PPLA", "IQ", 930_000), ["Arbil", "Hewler"]),
        (place("Mosul", 36.34, 43.13, 99072, "PPLA", "IQ", 1_700_000), []),
        (place("Lebanon", 33.9, 35.9, 272103, "PCLI", "LB", 6_800_000, "A"), ["\0Lebanese"]),
        (place("Lebanon", 40.34, -76.41, 5197159, "PPL", "US", 26_000), []),
        (place("Deir ez-Zor", 35.33, 40.14, 170794, "PPLA", "SY", 240_000), ["Dayr az Zawr"]),
    ]
    return Gazetteer.from_places(rows)


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory):
    """One `geomap run seeds/` for every test that only reads its outputs."""
    out = tmp_path_factory.mktemp("maps")
    result = run([str(SEEDS)], out)
    return result, out


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A writable copy of the seeds folder."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


assert default_index_path().is_file(), "the shipped gazetteer index is missing"
# Maps drawn by tests (and by the commands they start) keep no context in the user's cache
# folder; tests/render/test_context_cache.py switches it on in a folder of its own.
os.environ["GEOMAP_CONTEXT_CACHE"] = "0"


# Timing has no place in unit tests: hypothesis' per-example deadline fails on a busy machine.
settings.register_profile("geomap", deadline=None)
settings.load_profile("geomap")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file():
        message = f"Chromium not found at {CHROMIUM} (make test installs Debian's chromium)"
        if require_browser():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    page = new_page(browser)
    yield page
    page.context.close()
