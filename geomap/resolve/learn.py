"""Fit the candidate ranker's weights from gold places: training time only.

Each mention whose gold place is among its candidates gives pairs (the gold candidate's
signals minus another's, and the reverse); a logistic regression without intercept on those
differences learns weights under which the gold candidate scores highest (a pairwise ranking
model). Its coefficients are the shipped model: a linear score that
:class:`geomap.resolve.model.Model` computes with plain Python, so the run never imports the
training library. scikit-learn is imported inside :func:`fit` only (the ``train`` extra).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

__all__ = ["Group", "fit", "model_data", "model_file", "signal_names"]

#: One mention: every candidate's signals and the index of the gold candidate.
Group = tuple[Sequence[dict[str, float]], int]
#: Inverse regularisation strength of the logistic regression.
DEFAULT_C = 1.0
#: Decimals kept in the model file: enough for identical rankings, short enough to read.
DECIMALS = 6


def signal_names(groups: Sequence[Group]) -> list[str]:
    """Every signal any candidate has, sorted (a missing one counts as 0)."""
    return sorted({k for rows, _ in groups for row in rows for k in row})


def _pairs(groups: Sequence[Group], names: list[str]
           ) -> tuple[list[list[float]], list[int], list[float]]:
    """Difference vectors, their labels (1: gold first) and weights (each mention weighs
    one, however many rivals it has)."""
    x, y, w = [], [], []
    for rows, gold in groups:
        if len(rows) < 2:
            continue
        vec = [[row.get(k, 0.0) for k in names] for row in rows]
        share = 1.0 / (len(rows) - 1)
        for j, other in enumerate(vec):
            if j == gold:
                continue
            diff = [a - b for a, b in zip(vec[gold], other, strict=True)]
            x += [diff, [-d for d in diff]]
            y += [1, 0]
            w += [share, share]
    return x, y, w


def fit(groups: Sequence[Group], *, seed: int = 0, c: float = DEFAULT_C
        ) -> tuple[list[str], Any]:
    """The signal names and the fitted scikit-learn estimator (pairwise logistic regression).

    Raises
    ------
    ValueError
        When no mention has a rival to its gold candidate (nothing to learn from).
    ImportError
        When scikit-learn is not installed (``pip install geomap[train]``).
    """
    from sklearn.linear_model import LogisticRegression

    names = signal_names(groups)
    x, y, w = _pairs(groups, names)
    if not x:
        raise ValueError("no mention has a rival to its gold candidate")
    estimator = LogisticRegression(C=c, fit_intercept=False, max_iter=5000, random_state=seed)
    estimator.fit(x, y, sample_weight=w)
    return names, estimator


def model_data(names: list[str], estimator: Any, *, name: str = "learned",
               about: dict[str, Any] | None = None) -> dict[str, Any]:
    """The model file's content: its name, how it was trained, its rounded weights."""
    weights = {k: round(float(v), DECIMALS) for k, v in zip(names, estimator.coef_[0],
                                                           strict=True)}
    return {"name": name, "about": about or {}, "weights": weights}


def model_file(data: dict[str, Any]) -> str:
    """The model as the JSON text shipped (keys sorted, so equal models are equal files)."""
    return json.dumps(data, indent=1, sort_keys=True) + "\n"
