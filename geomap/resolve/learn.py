"""Fit the candidate ranker's weights from gold places: training time only.

Each mention gives pairs of its candidates, a better one's signals minus a worse one's (and
the reverse): the gold place is better than a candidate near it (within 161 km: the right
town, another entry), which is better than one far away; a pair with a far candidate counts
more (:data:`NEAR_WEIGHT`), as placing a name in the wrong region is the worse mistake. A
logistic regression without intercept on those differences learns weights under which the
better candidate scores higher (a pairwise ranking model). Its coefficients are the shipped
model: a linear score that :class:`geomap.resolve.model.Model` computes with plain Python, so
the run never imports the training library. scikit-learn is imported inside :func:`fit` only
(the ``train`` extra).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

__all__ = ["Group", "fit", "grades", "model_data", "model_file", "signal_names"]

#: One mention: every candidate's signals and either the index of the gold candidate or each
#: candidate's grade (2 the gold place, 1 near it, 0 far from it).
Group = tuple[Sequence[dict[str, float]], "int | Sequence[int]"]
#: How much a pair of the gold place and a candidate near it counts, beside a far one.
NEAR_WEIGHT = 0.3
#: Inverse regularisation strength of the logistic regression (chosen by five-fold
#: cross-validation over the fitted corpora's documents).
DEFAULT_C = 3.0
#: Decimals kept in the model file: enough for identical rankings, short enough to read.
DECIMALS = 6


def signal_names(groups: Sequence[Group]) -> list[str]:
    """Every signal any candidate has, sorted (a missing one counts as 0)."""
    return sorted({k for rows, _ in groups for row in rows for k in row})


def grades(rows: Sequence[dict[str, float]], label: int | Sequence[int]) -> list[int]:
    """Each candidate's grade: a gold index makes the gold candidate 2 and the rest 0."""
    if isinstance(label, int):
        return [2 if i == label else 0 for i in range(len(rows))]
    return list(label)


def _pairs(groups: Sequence[Group], names: list[str]
           ) -> tuple[list[list[float]], list[int], list[float]]:
    """Difference vectors, their labels (1: the better first) and weights (each mention
    weighs one, however many candidates it has)."""
    x, y, w = [], [], []
    for rows, label in groups:
        grade = grades(rows, label)
        pairs = [(i, j, 1.0 if grade[j] == 0 else NEAR_WEIGHT)
                 for i in range(len(rows)) for j in range(len(rows)) if grade[i] > grade[j]]
        total = sum(p[2] for p in pairs)
        vec = [[row.get(k, 0.0) for k in names] for row in rows]
        for i, j, weight in pairs:
            diff = [a - b for a, b in zip(vec[i], vec[j], strict=True)]
            x += [diff, [-d for d in diff]]
            y += [1, 0]
            w += [weight / total] * 2
    return x, y, w


def fit(groups: Sequence[Group], *, seed: int = 0, c: float = DEFAULT_C
        ) -> tuple[list[str], Any]:
    """The signal names and the fitted scikit-learn estimator (pairwise logistic regression).

    Raises
    ------
    ValueError
        When no mention has a candidate better than another (nothing to learn from).
    ImportError
        When scikit-learn is not installed (``pip install 'geomap-news[train]'``).
    """
    from sklearn.linear_model import LogisticRegression

    names = signal_names(groups)
    x, y, w = _pairs(groups, names)
    if not x:
        raise ValueError("no mention has a candidate better than another")
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
