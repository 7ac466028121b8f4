"""How fast the gazetteer answers its first lookup in a fresh process, against a pandas baseline.

Each timing runs in a new Python process (``subprocess``), so nothing is warm but the OS file
cache, as for a user who types ``geomap gazetteer lookup Baghdad``. The baseline is what most
geoparsing scripts do first: read ``cities15000.txt`` with pandas. The target is a first lookup
in at most 300 ms.

With ``--corpus FILE.jsonl`` (a toponym corpus from ``../shared/eval/jsonl``), it also times the
text matcher (:meth:`Gazetteer.find_names`) against the recogniser's n-gram
lookups (:class:`~geomap.recognize.recognizer.Recognizer`) and reports how many gold spans
each finds exactly.

Usage::

    python bench/gazetteer_load.py [--data ../shared/data] [--runs 5] [--corpus FILE.jsonl]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 300.0

FIRST_LOOKUP = """
import time
t0 = time.perf_counter()
from geomap.gazetteer.index import Gazetteer
first = Gazetteer().by_name("Baghdad")[0]
t1 = time.perf_counter()
assert first.country_code == "IQ", first
print((t1 - t0) * 1000)
"""

PANDAS_READ = """
import sys, time
t0 = time.perf_counter()
import pandas as pd
t1 = time.perf_counter()
frame = pd.read_csv(sys.argv[1], sep="\\t", header=None, quoting=3, low_memory=False,
                    keep_default_na=False)
t2 = time.perf_counter()
assert len(frame) > 30000
print((t2 - t0) * 1000, (t2 - t1) * 1000)
"""


def fresh(code: str, *args: str) -> tuple[float, list[float]]:
    """Run ``code`` in a new interpreter: (wall-clock ms of the process, numbers it printed)."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True,
                         text=True, cwd=ROOT).stdout
    return (time.perf_counter() - start) * 1000, [float(x) for x in out.split()]


def median_of(runs: int, code: str, *args: str) -> list[float]:
    """Median over ``runs`` fresh processes of (wall ms, printed numbers...)."""
    samples = [fresh(code, *args) for _ in range(runs)]
    columns = zip(*[(wall, *numbers) for wall, numbers in samples], strict=True)
    return [statistics.median(column) for column in columns]


def load_report(data: Path, runs: int) -> dict[str, float]:
    cities = data / "geonames" / "cities15000.txt"
    if not cities.is_file():
        cities = data / "cities15000.txt"
    fresh(FIRST_LOOKUP)  # warm the OS file cache for both sides alike
    fresh(PANDAS_READ, str(cities))
    wall_g, lookup = median_of(runs, FIRST_LOOKUP)
    wall_p, pandas_total, pandas_read = median_of(runs, PANDAS_READ, str(cities))
    return {"first_lookup_ms": round(lookup, 1), "process_ms": round(wall_g, 1),
            "pandas_import_and_read_ms": round(pandas_total, 1),
            "pandas_read_only_ms": round(pandas_read, 1), "pandas_process_ms": round(wall_p, 1),
            "ratio_to_pandas_import_and_read": round(lookup / pandas_total, 3),
            "ratio_to_pandas_read_only": round(lookup / pandas_read, 3),
            "target_ms": TARGET_MS, "meets_target": lookup <= TARGET_MS}


def matcher_report(corpus: Path, limit: int) -> dict[str, float]:
    from geomap.gazetteer.index import Gazetteer
    from geomap.recognize.recognizer import Recognizer
    from geomap.records import Article

    docs = [json.loads(line) for line in corpus.open(encoding="utf-8")][:limit]
    gold = {(d["id"], t["start"], t["end"]) for d in docs for t in d.get("toponyms", [])}
    chars = sum(len(d["text"]) for d in docs)
    results = {}
    for label in ("find_names", "recognizer"):
        gaz = Gazetteer()
        rec = Recognizer(gaz)
        start = time.perf_counter()
        if label == "find_names":
            found = {(d["id"], a, b) for d in docs for a, b in gaz.find_names(d["text"])}
        else:
            found = {(d["id"], m.start, m.end) for d in docs
                     for m in rec.find(Article(id=d["id"], text=d["text"]))}
        seconds = time.perf_counter() - start
        results[label] = {"seconds": round(seconds, 3), "chars_per_s": round(chars / seconds),
                          "spans": len(found), "gold_found": len(found & gold),
                          "gold": len(gold)}
    return {"corpus": corpus.name, "docs": len(docs), **results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, help="toponym corpus (.jsonl) for the matcher")
    parser.add_argument("--docs", type=int, default=200, help="documents of the corpus to use")
    args = parser.parse_args()
    report = {"load": load_report(args.data, args.runs)}
    if args.corpus:
        report["matcher"] = matcher_report(args.corpus, args.docs)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
