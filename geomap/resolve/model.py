"""How a candidate's signals are weighed: the hand-set weights, or a model learned from gold.

A model is a linear score over named signals, so each answer can still say which signals set
its place above the runner-up (the ``signal`` of a :class:`~geomap.records.Candidate`). The
learned model is a small JSON file of coefficients (``ranker.json`` beside this module), fitted
by :mod:`geomap.resolve.learn` at training time and read here with the standard library only:
no training library is imported in a run.

``GEOMAP_RANKER`` (``hand`` or ``learned``) picks the default for resolvers built without
one, so a benchmark can compare the two through an unchanged pipeline.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from geomap.resources import package_file

__all__ = ["CONTEXT_SIGNALS", "HAND", "RANKERS", "Model", "default_model", "get_model",
           "learned_model"]

#: Signals that change from round to round with the other names' picks.
CONTEXT_SIGNALS = ("article_country", "distance", "division_share")
#: Where the learned model's coefficients are shipped.
MODEL_FILE = package_file("resolve", "ranker.json")
#: The names ``GEOMAP_RANKER`` and the ``ranker`` option accept.
RANKERS = ("hand", "learned")
#: The ranker used when nothing names one.
DEFAULT_RANKER = "hand"


@dataclass(frozen=True)
class Model:
    """Weights over named signals; a signal a model does not weigh counts for nothing.

    ``learned`` models give a confidence from the softmax of the candidates' scores (their
    scores are log-odds); the hand model keeps its share-of-reachable-score confidence.

    Examples
    --------
    >>> Model("demo", {"name": 1.0, "population": 0.5}).score({"name": 1.0, "population": 0.2})
    1.1
    """

    name: str
    weights: dict[str, float]
    learned: bool = False
    fixed: dict[str, float] = field(init=False, repr=False)
    headroom: dict[str, float] = field(init=False, repr=False)
    #: The weights of :data:`CONTEXT_SIGNALS`, in that order.
    context: tuple[float, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        fixed = {k: w for k, w in self.weights.items() if k not in CONTEXT_SIGNALS}
        # the most the context signals (each in [0, 1]) can add to a candidate's score
        room = {k: max(0.0, self.weights.get(k, 0.0)) for k in CONTEXT_SIGNALS}
        object.__setattr__(self, "fixed", fixed)
        object.__setattr__(self, "headroom", room)
        object.__setattr__(self, "context", tuple(self.weight(k) for k in CONTEXT_SIGNALS))

    def score(self, signals: dict[str, float]) -> float:
        """The weighted sum of ``signals``."""
        return sum(w * signals[k] for k, w in self.weights.items() if k in signals)

    def fixed_score(self, signals: dict[str, float]) -> float:
        """The weighted sum of the signals that do not depend on the other names' picks."""
        return sum(w * signals[k] for k, w in self.fixed.items() if k in signals)

    def weight(self, signal: str) -> float:
        """The weight of ``signal`` (0 when the model does not use it)."""
        return self.weights.get(signal, 0.0)

    def confidence(self, scores: list[float]) -> float:
        """A learned model's probability that the best of ``scores`` is right (softmax)."""
        top = max(scores)
        return 1.0 / sum(math.exp(s - top) for s in scores)


#: The weights set by hand before the learned ranker; every signal is in [0, 1].
HAND = Model("hand", {"name": 0.075, "feature": 0.6, "population": 0.75,
                      "article_country": 0.525, "parent": 0.6, "distance": 0.1125,
                      "coherence": 0.45})


@cache
def learned_model(path: Path = MODEL_FILE) -> Model:
    """The model in ``path`` (written by :func:`geomap.resolve.learn.model_file`).

    Raises
    ------
    FileNotFoundError
        When the model file is missing.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Model(data["name"], {k: float(v) for k, v in data["weights"].items()}, learned=True)


def get_model(name: str | None = None) -> Model:
    """The model called ``name`` (``hand`` or ``learned``, or the path of a model file that
    ``bench/train_ranker.py`` wrote: a model fitted on one corpus, checked on another), else
    the default.

    Raises
    ------
    ValueError
        When ``name`` is none of :data:`RANKERS` nor a ``.json`` file.
    FileNotFoundError
        When the model file is missing.
    """
    name = name or os.environ.get("GEOMAP_RANKER") or DEFAULT_RANKER
    if name.endswith(".json"):
        return learned_model(Path(name))
    if name not in RANKERS:
        raise ValueError(f"unknown ranker {name!r}; choose from {', '.join(RANKERS)} "
                         "or a model file (.json)")
    return HAND if name == "hand" else learned_model()


def default_model() -> Model:
    """The model a resolver uses when none is given (``GEOMAP_RANKER`` or the default)."""
    return get_model(None)
