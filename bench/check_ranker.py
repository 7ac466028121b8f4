"""Compare the hand-set and the learned candidate ranker, fitted corpora beside checked ones.

Usage::

    python bench/check_ranker.py [--rankers hand,learned,FILE.json] [--eval DIR] [--limit N]

For each ranker (chosen through ``GEOMAP_RANKER``, so the pipeline is the one users run):

* ``geomap eval`` resolution on LGL, TR-News and GeoVirus, each marked fitted or checked by
  what the ranker was fitted on (a model file records it; the hand weights were set on LGL
  and TR-News);
* UCDP GED where-descriptions (checked): the share whose event point (the first incident's
  place, else the article's focus, as ``bench/score_incidents.py`` scores it) lies within
  25 km of UCDP's;
* realnews-dev, the half ``bench/score_incidents.py`` calls ``fit`` (checked here: the ranker
  never reads it): event recall within 25 km, and the share of events with any resolved
  place of the article within 25 km (what the geoparser leaves reachable).

Reads ``../shared/eval``; never needed by the unit tests.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from datetime import date
from pathlib import Path

from geopy.distance import great_circle

from geomap.eval import evaluate
from geomap.pipeline import Pipeline
from geomap.records import Article
from geomap.resolve.model import MODEL_FILE

ROOT = Path(__file__).resolve().parent.parent
KM = 25.0
HAND_FITTED = ("lgl", "trnews")


def _incident_scorer():
    """bench/score_incidents.py as a module (bench is no package)."""
    spec = importlib.util.spec_from_file_location("score_incidents",
                                                  ROOT / "bench/score_incidents.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def realnews_sites(pipeline: Pipeline, folder: Path, scorer) -> dict[str, float]:
    """Event recall and reachable share on realnews-dev's ``fit`` half."""
    articles, events = scorer._realnews(folder)
    n = found = reachable = 0
    for row in articles:
        if scorer.realnews_part(row["id"]) != "fit" or row["id"] not in events:
            continue
        article = Article(id=row["id"], text=row["text"], title=row.get("title"),
                          published=date.fromisoformat(row["published"])
                          if row.get("published") else None)
        result = pipeline.process(article)
        incidents = scorer.merge_incidents(result.incidents)
        points = [(r.place.lat, r.place.lon) for r in result.resolutions if r.place]
        for pair in scorer._realnews_pairs(events[row["id"]], incidents):
            target = (float(pair[0]["lat"]), float(pair[0]["lon"]))
            n += 1
            found += pair[1] is not None
            reachable += any(great_circle(p, target).km <= KM for p in points)
    return {"events": n, "recall": found / (n or 1), "reachable": reachable / (n or 1)}


def fitted_on(ranker: str) -> tuple[str, ...]:
    """The corpora a ranker was fitted on: a model file says; the hand weights were set
    while reading LGL's and TR-News's errors."""
    if ranker == "hand":
        return HAND_FITTED
    path = MODEL_FILE if ranker == "learned" else Path(ranker)
    return tuple(json.loads(path.read_text(encoding="utf-8"))["about"]["fitted_on"])


def check(ranker: str, folder: Path, limit: int | None) -> dict[str, str]:
    """One ranker's figures, as printable text per corpus."""
    os.environ["GEOMAP_RANKER"] = ranker
    out = {}
    fitted = fitted_on(ranker)
    corpora = [folder / f"{name}.jsonl" for name in ("lgl", "trnews", "geovirus")]
    for name, figures in evaluate(corpora).items():
        r = figures["resolution"]
        part = "fitted" if name in fitted else "checked"
        out[f"{name} ({part})"] = (f"exact {r['exact_geonameid']:.1%} country {r['country']:.1%}"
                                   f" <=161km {r['acc_161km']:.1%}")
    scorer = _incident_scorer()
    pipeline = Pipeline()
    ucdp = scorer.score_ucdp(pipeline, folder / "ucdp_ged_sample_where.jsonl", limit=limit)
    out["ucdp where (checked)"] = (f"within 25km {ucdp['within_25km']:.3f} "
                                   f"any mention {ucdp['any_mention_within_25km']:.3f}")
    real = realnews_sites(pipeline, folder.parent / "realnews-dev", scorer)
    out["realnews fit half (checked)"] = (f"recall {real['recall']:.3f} reachable "
                                          f"{real['reachable']:.3f} of {real['events']}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rankers", default="hand,learned")
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared/eval/jsonl")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    for ranker in args.rankers.split(","):
        for name, text in check(ranker, args.eval, args.limit).items():
            print(f"{ranker:8} {name:28} {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
