"""The development passages (tests/data/incident_dev.jsonl) keep scoring at least 0.85."""

from __future__ import annotations

import importlib.util

import pytest

from geomap.pipeline import Pipeline
from tests.helpers import ROOT

DEV = ROOT / "tests" / "data" / "incident_dev.jsonl"


@pytest.fixture(scope="module")
def scores():
    spec = importlib.util.spec_from_file_location("score_incidents",
                                                  ROOT / "bench" / "score_incidents.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.score_dev(Pipeline(), DEV, misses=False)


def test_dev_set_is_large_and_varied():
    lines = DEV.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 30
    assert len({line.split('"id": "')[1][:2] for line in lines}) >= 10


@pytest.mark.parametrize("measure", ["type", "location", "date", "fatalities"])
def test_dev_set_accuracy(scores, measure):
    assert scores[measure] >= 0.85, scores
