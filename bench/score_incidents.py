"""Score incident extraction: our development passages, then real corpora nobody here wrote.

Usage::

    .venv/bin/python bench/score_incidents.py [--dev FILE] [--eval DIR] [--limit N] [--misses]

* ``tests/data/incident_dev.jsonl`` (written for geomap): each expected incident is paired with
  at most one extracted incident of the same passage (greedy, best agreement first); an expected
  incident with no partner counts as wrong on every measure. Prints event-type, location (within
  25 km), date and fatality accuracy, plus how many extracted incidents matched nothing.
* ``ucdp_ged_sample_where.jsonl`` / ``ucdp_ged_sample_mideast.jsonl`` (UCDP GED): the text goes
  through the pipeline; the event point is the first incident's place, else the article's
  focus; correct when within 25 km of UCDP's point.
* ``event_location.jsonl``: the annotated event word is linked to a place by the incident rules
  (:func:`geomap.incidents.extract.site_for_span`); correct when the chosen mention overlaps
  an annotated event-location span, or when there is none and nothing was chosen.

Reads ``../shared/eval`` (never needed by the unit tests).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from geopy.distance import great_circle

from geomap.incidents.linking import focus_site, site_for_span
from geomap.incidents.merge import merge_incidents
from geomap.pipeline import Pipeline
from geomap.records import Article, Incident

ROOT = Path(__file__).resolve().parent.parent
KM = 25.0
FIELDS = ("type", "location", "date", "fatalities")


def _km(inc: Incident, lat: float, lon: float) -> float:
    return great_circle((inc.place.lat, inc.place.lon), (lat, lon)).km if inc.place else 1e9


def _day(inc: Incident) -> str | None:
    """The incident's date when known to the day: coarser dates ("last month") count as none."""
    return inc.date.value.isoformat() if inc.date.value and inc.date.precision == "day" else None


def _agreement(exp: dict, inc: Incident) -> tuple[bool, bool, bool, bool]:
    return (inc.event_type == exp["event_type"], _km(inc, exp["lat"], exp["lon"]) <= KM,
            _day(inc) == exp["date"],
            inc.fatalities == exp["fatalities"])


def _pair(expected: list[dict], found: list[Incident]) -> list[tuple[dict, Incident | None]]:
    """Greedy one-to-one pairing, most agreeing pairs first (location weighs most)."""
    weights = (1.0, 2.0, 0.5, 0.5)
    scored = sorted(((sum(w for w, ok in zip(weights, _agreement(e, f), strict=True) if ok), i, j)
                     for i, e in enumerate(expected) for j, f in enumerate(found)), reverse=True)
    used_e, used_f, pairs = set(), set(), {}
    for _score, i, j in scored:
        if i not in used_e and j not in used_f:
            used_e.add(i)
            used_f.add(j)
            pairs[i] = found[j]
    return [(e, pairs.get(i)) for i, e in enumerate(expected)]


def score_dev(pipeline: Pipeline, path: Path, *, misses: bool) -> dict[str, float]:
    """Accuracy of each field over the expected incidents of the development set."""
    totals, n, spurious, extracted = Counter(), 0, 0, 0
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        article = Article(id=row["id"], text=row["text"],
                          published=date.fromisoformat(row["published"])
                          if row.get("published") else None)
        found = merge_incidents(pipeline.process(article).incidents)
        extracted += len(found)
        pairs = _pair(row["incidents"], found)
        spurious += len(found) - sum(f is not None for _, f in pairs)
        for exp, inc in pairs:
            n += 1
            ok = _agreement(exp, inc) if inc else (False,) * 4
            totals.update(k for k, good in zip(FIELDS, ok, strict=True) if good)
            if misses and not all(ok):
                _show_miss(row["id"], exp, inc, ok)
    result = {k: totals[k] / n for k in FIELDS}
    result.update(expected=n, extracted=extracted, unmatched_extracted=spurious)
    return result


def _show_miss(row_id: str, exp: dict, inc: Incident | None, ok) -> None:
    got = None if inc is None else (inc.event_type, inc.place.name if inc.place else None,
                                    _day(inc), inc.fatalities)
    print(f"  miss {row_id} {[k for k, g in zip('TLDF', ok, strict=True) if not g]} expected "
          f"{(exp['event_type'], exp['location'], exp['date'], exp['fatalities'])} got {got}",
          file=sys.stderr)


def _rows(path: Path, limit: int | None):
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh):
            if limit is not None and number >= limit:
                return
            yield json.loads(line)


def score_ucdp(pipeline: Pipeline, path: Path, *, limit: int | None) -> dict[str, float]:
    """Share of UCDP events whose text leads to a point within 25 km of UCDP's.

    ``any_mention_within_25km`` is the ceiling the geoparser leaves: the share where at least
    one resolved mention is that close, whichever the incident rules choose.
    """
    hits = answered = reachable = n = 0
    for row in _rows(path, limit):
        n += 1
        result = pipeline.process(Article(id=row["id"], text=row["text"]))
        site = (result.incidents[0].place if result.incidents and result.incidents[0].place
                else _place(focus_site(result.resolutions)))
        target = (row["lat"], row["lon"])
        reachable += any(r.place and great_circle((r.place.lat, r.place.lon), target).km <= KM
                         for r in result.resolutions)
        if site is None:
            continue
        answered += 1
        hits += great_circle((site.lat, site.lon), target).km <= KM
    return {"within_25km": hits / n, "answered": answered / n,
            "any_mention_within_25km": reachable / n, "events": n}


def _place(resolution):
    return resolution.place if resolution is not None else None


def score_event_location(pipeline: Pipeline, path: Path, *, limit: int | None
                         ) -> dict[str, float]:
    """Is the mention chosen for the annotated event word the annotated event-location span?"""
    good = Counter()
    total = Counter()
    for row in _rows(path, limit):
        article = Article(id=row["id"], text=row["text"])
        parsed = pipeline.process(article).parsed
        verb = row["event_verb"]
        chosen = site_for_span(parsed, verb["start"], verb["end"])
        gold = [(t["start"], t["end"]) for t in row["toponyms"]]
        kind = "with_location" if gold else "without_location"
        total[kind] += 1
        if chosen is None:
            good[kind] += not gold
        else:
            m = chosen.mention
            good[kind] += any(m.start < end and start < m.end for start, end in gold)
    result = {k: good[k] / total[k] for k in total}
    result["all"] = sum(good.values()) / sum(total.values())
    result["sentences"] = sum(total.values())
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev", type=Path, default=ROOT / "tests/data/incident_dev.jsonl")
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared/eval/jsonl")
    parser.add_argument("--limit", type=int, default=None, help="Rows per real corpus.")
    parser.add_argument("--misses", action="store_true", help="List dev-set misses on stderr.")
    parser.add_argument("--dev-only", action="store_true")
    args = parser.parse_args(argv)
    pipeline = Pipeline()
    report = {"incident_dev": score_dev(pipeline, args.dev, misses=args.misses)}
    if not args.dev_only:
        for name in ("ucdp_ged_sample_where", "ucdp_ged_sample_mideast"):
            report[name] = score_ucdp(pipeline, args.eval / f"{name}.jsonl", limit=args.limit)
        report["event_location"] = score_event_location(
            pipeline, args.eval / "event_location.jsonl", limit=args.limit)
    for name, figures in report.items():
        shown = ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                          for k, v in figures.items())
        print(f"{name}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
