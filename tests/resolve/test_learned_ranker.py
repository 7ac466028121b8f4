"""The learned ranker: a reproducible fit, a runtime score equal to the training library's, a
shipped model read without it, and answers that name the signals that decided them."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from geomap.gazetteer.index import Gazetteer
from geomap.resolve import GazetteerResolver
from geomap.resolve.model import HAND, Model, get_model, learned_model
from tests.resolve.test_ranking import _p, article


def _groups(seed: int = 7) -> list:
    """Thirty made-up mentions: the gold candidate is the one with the most people, unless
    another lies in the article's country."""
    rng = random.Random(seed)
    out = []
    for _ in range(30):
        rows = [{"population": rng.random(), "article_country": float(rng.random() < 0.3),
                 "name": float(rng.random() < 0.5)} for _ in range(rng.randint(2, 5))]
        gold = max(range(len(rows)), key=lambda i: rows[i]["population"]
                   + 2 * rows[i]["article_country"])
        out.append((rows, gold))
    return out


def test_two_fits_with_one_seed_write_the_same_file():
    learn = pytest.importorskip("geomap.resolve.learn")
    pytest.importorskip("sklearn")
    files = [learn.model_file(learn.model_data(*learn.fit(_groups(), seed=3))) for _ in range(2)]
    assert files[0] == files[1]
    assert json.loads(files[0])["weights"]["article_country"] > 0


def test_the_runtime_score_is_the_training_librarys():
    """A candidate pair's score difference is the estimator's decision on their difference."""
    learn = pytest.importorskip("geomap.resolve.learn")
    pytest.importorskip("sklearn")
    names, estimator = learn.fit(_groups(), seed=0)
    data = learn.model_data(names, estimator)
    model = Model(data["name"], data["weights"], learned=True)
    for rows, _ in _groups(seed=11)[:10]:
        a, b = rows[0], rows[1]
        diff = [[a.get(k, 0.0) - b.get(k, 0.0) for k in names]]
        assert model.score(a) - model.score(b) == pytest.approx(
            float(estimator.decision_function(diff)[0]), abs=1e-4)


def test_the_shipped_model_is_read_without_the_training_library():
    code = ("import sys; from geomap.resolve.model import learned_model; "
            "m = learned_model(); assert m.learned and m.weights; "
            "assert 'sklearn' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_an_unknown_ranker_is_refused():
    with pytest.raises(ValueError, match="hand, learned"):
        get_model("magic")
    assert get_model("hand") is HAND


def test_the_learned_ranker_places_homonyms_by_their_article_and_says_why():
    """Paris beside Memphis and Nashville is Paris, Tennessee; the answer names the signals
    (two of them) that lifted it over Paris, France."""
    rows = [
        (_p("Paris", 48.85, 2.35, 2988507, "PPLC", "FR", 2_100_000, admin1="11"), []),
        (_p("Paris", 36.3, -88.33, 4647963, "PPLA2", "US", 10_000, admin1="TN"), []),
        (_p("Memphis", 35.15, -90.05, 4641239, "PPLA2", "US", 650_000, admin1="TN"), []),
        (_p("Nashville", 36.17, -86.78, 4644585, "PPLA", "US", 530_000, admin1="TN"), []),
    ]
    resolver = GazetteerResolver(Gazetteer.from_places(rows), ranker=learned_model())
    out = resolver.resolve_article(article("Memphis", "Nashville", "Paris"))
    assert out[2].place.geonameid == 4647963
    assert "+" in out[2].signal
    assert 0.0 < out[2].confidence <= 1.0


def test_a_model_file_is_a_ranker(tmp_path):
    """A model fitted on one corpus, checked on another, is named by its file."""
    path = tmp_path / "one.json"
    path.write_text(json.dumps({"name": "one", "about": {}, "weights": {"population": 1.0}}))
    model = get_model(str(path))
    assert model.learned
    assert model.weights == {"population": 1.0}
