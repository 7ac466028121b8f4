"""Retrain the learned candidate ranker from the fitted corpora and write its model file.

Usage::

    python bench/train_ranker.py [--eval DIR] [--seed N] [--c C] [--out FILE] [--fit lgl,trnews]

Fits on LGL and TR-News only (gold GeoNames ids): every gold span is resolved with its
article as ``geomap eval`` resolves it, and each span with a candidate at its gold id or
near its gold point gives one training group (every candidate's signals and grade). The
regularisation was chosen by five-fold cross-validation over the fitted corpora's documents,
never on the checked ones. The contexts the
signals are read in come from a first model with the hand weights; a second pass reads them
again with the model just fitted, and fits once more, so training sees the contexts the shipped
model will rank in. GeoVirus, UCDP and realnews-dev are never read here: they are the check.
``--fit lgl`` (or ``trnews``) fits on one corpus only, to check on the other (rotation); the
shipped model is fitted on both.
Needs scikit-learn (``pip install 'geomap-news[train]'``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geomap.eval import ACC_KM, gold_mentions, read_corpus
from geomap.gazetteer.index import Gazetteer
from geomap.geometry import km_between
from geomap.resolve import GazetteerResolver
from geomap.resolve.learn import DEFAULT_C, Group, fit, model_data, model_file
from geomap.resolve.model import HAND, MODEL_FILE, Model

ROOT = Path(__file__).resolve().parent.parent
FITTED = ("lgl", "trnews")
PASSES = 2


def groups(resolver: GazetteerResolver, path: Path) -> list[tuple[str, Group]]:
    """(document id, group) for each distinct gold span with a candidate at its gold id or
    within 161 km of its gold point; a name repeated in one article with one gold place
    counts once. Grades: 2 the gold id, 1 within 161 km, 0 beyond."""
    out: list[tuple[str, Group]] = []
    for doc in read_corpus(path):
        tops = [t for t in doc.toponyms if t.lat is not None and t.lon is not None]
        if not tops:
            continue
        mentions = gold_mentions(doc.id, doc.text, tops)
        seen = set()
        for top, row in zip(tops, resolver.candidate_signals(mentions), strict=True):
            if row is None:
                continue
            places, signals = row
            grade = [2 if p.geonameid == top.geonameid else
                     int(km_between((top.lat, top.lon), (p.lat, p.lon)) <= ACC_KM)
                     for p in places]
            key = (id(places[0]), top.geonameid, top.lat, top.lon, len(places))
            if max(grade) > 0 and key not in seen:
                seen.add(key)
                out.append((doc.id, (signals, grade)))
    return out


def train(folder: Path, *, seed: int, c: float, gazetteer: Gazetteer | None = None,
          fitted: tuple[str, ...] = FITTED) -> dict:
    """The model data after :data:`PASSES` passes over the ``fitted`` corpora (see the
    module's docstring)."""
    gazetteer = gazetteer or Gazetteer()
    model = Model("bootstrap", HAND.weights, learned=True)
    data: dict = {}
    for _ in range(PASSES):
        resolver = GazetteerResolver(gazetteer, ranker=model)
        rows = [g for name in fitted for _, g in groups(resolver, folder / f"{name}.jsonl")]
        names, estimator = fit(rows, seed=seed, c=c)
        data = model_data(names, estimator, about={
            "fitted_on": list(fitted), "seed": seed, "c": c, "passes": PASSES,
            "groups": len(rows), "script": "bench/train_ranker.py"})
        model = Model(data["name"], data["weights"], learned=True)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared/eval/jsonl")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--c", type=float, default=DEFAULT_C)
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument("--fit", default=",".join(FITTED), help="Corpora to fit on.")
    args = parser.parse_args(argv)
    data = train(args.eval, seed=args.seed, c=args.c, fitted=tuple(args.fit.split(",")))
    args.out.write_text(model_file(data), encoding="utf-8")
    top = sorted(data["weights"].items(), key=lambda kv: -abs(kv[1]))
    print(f"wrote {args.out} from {data['about']['groups']} groups; weights:")
    for k, v in top:
        print(f"  {k:18} {v:+.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
