"""Time ``geomap run`` whole process at 1,000 / 10,000 / 100,000 synthetic news articles.

Usage::

    .venv/bin/python bench/run_scale.py [--sizes 1000,10000,100000] [--jobs J] [--seed S]
                                        [--repeat R] [--dask] [--code DIR]

``--code build/compiled/src`` times the compiled build that ``make compiled`` makes.

For each size N a JSON Lines input of N articles is built in a temporary folder, seeded, from
the development corpora in ``../shared/eval``: LGL, TR-News and GeoVirus articles with every
gold toponym replaced by the name of a random town of GeoNames' ``cities15000`` (the same name
for the same toponym within an article, so an article stays coherent), and the conflict
reports of ``realnews-dev`` as they are; each gets a new id and a publication date spread
over two years. Then, one after the other on the same input:

* ``geomap run INPUT --out DIR --offline --jobs 1`` (map included), and
* the same with ``--jobs J`` (default: every core), and
* with ``--dask``, the same with ``--engine dask --jobs J`` (a local cluster of J workers,
  which read the input themselves), and
* geotext (``pip install 'geomap-news[bench]'``) over the same texts, in a process of its own,

each timed from outside (wall clock; CPU time and peak RSS from ``os.wait4``; with several
jobs the peak is the largest of the processes, not their sum). Each geomap run has an empty
cache folder of its own (``XDG_CACHE_HOME``), so both draw the map's context afresh: the
second no longer reads what the first cut, which made it look faster than its jobs make it.
It prints articles/s, peak RSS, the ratio of the all-cores run to one core, and geomap's rate
over geotext's.

Inputs of up to :data:`REPEAT_UP_TO` articles are timed ``--repeat`` times (default 3), the
one-core and all-cores runs taking turns, so a passing load slows both alike; each rate is
that of the fastest run (a shared machine only ever adds time), and the slowest is printed
beside it: one run of 1,000 articles varies by about 5% here, as much as the gap to a target.
Larger inputs (minutes a run) are timed once.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

# the same whole-process timing and environment as run_speed.py
from run_speed import Timing, env_for, timed

from geomap.parallel import cores

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SPANNED = [SHARED / "eval" / "jsonl" / f"{name}.jsonl" for name in ("lgl", "trnews", "geovirus")]
REPORTS = SHARED / "eval" / "realnews-dev" / "articles.jsonl"
TOWNS = SHARED / "data" / "geonames" / "cities15000.txt"
SIZES = (1000, 10000, 100000)
FIRST_DAY, DAYS = date(2023, 1, 1), 730

GEOTEXT = """
import json, sys
from geotext import GeoText
found = 0
with open(sys.argv[1], encoding="utf-8") as fh:
    for line in fh:
        found += len(GeoText(json.loads(line)["text"]).cities)
print(found)
"""


def templates() -> list[dict]:
    """The corpus articles the synthetic ones are made from."""
    rows = [json.loads(line) for path in [*SPANNED, REPORTS] if path.exists()
            for line in path.open(encoding="utf-8") if line.strip()]
    if not rows:
        raise SystemExit(f"no corpus found in {SHARED / 'eval'}")
    return rows


def town_names() -> list[str]:
    """Every town name of cities15000 (its ASCII name column)."""
    with TOWNS.open(encoding="utf-8") as fh:
        return [line.split("\t")[2] for line in fh if line.count("\t") > 3]


def synthetic(row: dict, towns: list[str], rng: random.Random, k: int) -> dict:
    """One article from ``row``: its toponyms renamed, a new id and publication date."""
    text = row["text"]
    spans = sorted((t["start"], t["end"]) for t in row.get("toponyms", ()))
    renamed: dict[str, str] = {}
    parts, at = [], 0
    for start, end in spans:
        if start < at:
            continue  # overlapping gold spans: keep the first
        name = text[start:end]
        renamed.setdefault(name, rng.choice(towns))
        parts += [text[at:start], renamed[name]]
        at = end
    parts.append(text[at:])
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    out = {"id": f"syn-{k:06d}", "text": "".join(parts), "published": day.isoformat()}
    for key in ("title", "url", "source"):
        if row.get(key):
            out[key] = row[key]
    return out


def build_input(path: Path, count: int, *, seed: int) -> None:
    """Write ``count`` synthetic articles to ``path``, the same ones for the same seed."""
    rng = random.Random(seed)
    rows, towns = templates(), town_names()
    with path.open("w", encoding="utf-8") as fh:
        for k in range(count):
            fh.write(json.dumps(synthetic(rng.choice(rows), towns, rng, k),
                                ensure_ascii=False) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="comma-separated article counts")
    parser.add_argument("--jobs", type=int, default=cores(), help="the all-cores run's jobs")
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="the checkout whose geomap runs (build/compiled/src: the compiled "
                             "build of `make compiled`)")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3,
                        help=f"runs of each input of up to {REPEAT_UP_TO:,} articles")
    parser.add_argument("--dask", action="store_true",
                        help="also time --engine dask (pip install 'geomap-news[dask]')")
    args = parser.parse_args()
    engines = {1: [], args.jobs: [], **({"dask": ["--engine", "dask"]} if args.dask else {})}
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    code = args.code.resolve()  # run from there: `python -m` reads its folder first
    env = env_for(code)
    try:
        import geotext  # noqa: F401
        has_geotext = True
    except ImportError:
        print("geotext is not installed (pip install 'geomap-news[bench]'): no comparison",
              file=sys.stderr)
        has_geotext = False
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="geomap-scale-") as tmp:
            work = Path(tmp)
            source = work / "news.jsonl"
            build_input(source, size, seed=args.seed)
            runs: dict[int | str, list[Timing]] = {}
            for attempt in range(args.repeat if size <= REPEAT_UP_TO else 1):
                for key, engine in engines.items():
                    jobs = args.jobs if key == "dask" else key
                    # each run with a cache folder of its own, empty: both cut the map's
                    # context divisions afresh, so neither reads what the other cut
                    cache = work / f"cache-{key}-{attempt}"
                    runs.setdefault(key, []).append(timed(
                        [sys.executable, "-m", "geomap", "run", str(source), "--out",
                         str(work / f"out-{key}"), "--offline", "--force", "--jobs", str(jobs),
                         *engine], size, {**env, "XDG_CACHE_HOME": str(cache)}, cwd=code))
            other = (timed([sys.executable, "-c", GEOTEXT, str(source)], size, env)
                     if has_geotext else None)
        one, many = (min(runs[j], key=lambda t: t.wall) for j in (1, args.jobs))
        slowest = {j: min(t.rate for t in runs[j]) for j in runs}
        row = {"articles": size, "runs": len(runs[1]), "jobs1_rate": one.rate,
               "jobs1_slowest_rate": slowest[1], "jobs1_rss_mb": max(t.rss_mb for t in runs[1]),
               "jobs1_cpu_s": one.cpu, "jobsN": args.jobs, "jobsN_rate": many.rate,
               "jobsN_slowest_rate": slowest[args.jobs],
               "jobsN_rss_mb": max(t.rss_mb for t in runs[args.jobs]),
               "speedup": many.rate / one.rate,
               "dask_rate": max(t.rate for t in runs["dask"]) if "dask" in runs else None,
               "geotext_rate": other.rate if other else None,
               "vs_geotext": one.rate / other.rate if other else None}
        rows.append(row)
        spread = {j: f" (slowest {slowest[j]:.1f})" if len(runs[j]) > 1 else "" for j in runs}
        print(f"{size:>7} articles, fastest of {row['runs']}  --jobs 1: {one.rate:6.1f} "
              f"articles/s{spread[1]}, peak RSS {row['jobs1_rss_mb']:5.0f} MB  |  "
              f"--jobs {args.jobs}: {many.rate:6.1f} articles/s{spread[args.jobs]} "
              f"({row['speedup']:.2f}x), peak RSS {row['jobsN_rss_mb']:5.0f} MB"
              + (f"  |  dask, {args.jobs} workers: {row['dask_rate']:6.1f} articles/s "
                 f"({row['dask_rate'] / one.rate:.2f}x)" if "dask" in runs else "")
              + (f"  |  geotext {other.rate:7.1f} articles/s, geomap/geotext "
                 f"{row['vs_geotext']:.2f}" if other else ""), flush=True)
    if len(rows) > 1:
        print(f"peak RSS, --jobs 1, {rows[-1]['articles']:,} / {rows[0]['articles']:,} "
              f"articles: {rows[-1]['jobs1_rss_mb'] / rows[0]['jobs1_rss_mb']:.2f}")
    for line in verdicts(rows):
        print(line)
    print(json.dumps(rows))
    return 0


#: Inputs of up to this many articles are timed ``--repeat`` times.
REPEAT_UP_TO = 10_000
#: Issue #16's targets: articles/s on one core, the all-cores run over it, peak memory of the
#: largest run over the smallest.
ONE_CORE, SPEEDUP, MEMORY = 300.0, 1.8, 2.0


def verdicts(rows: list[dict]) -> list[str]:
    """One line per target and size: met or not, with the figure."""
    def said(ok: bool) -> str:
        return "met" if ok else "NOT met"
    lines = []
    for row in rows:
        size = f"{row['articles']:,} articles"
        lines.append(f"target one core >= {ONE_CORE:.0f}/s at {size}: "
                     f"{said(row['jobs1_rate'] >= ONE_CORE)} ({row['jobs1_rate']:.1f})")
        if row["jobsN"] > 1:
            lines.append(f"target {row['jobsN']} jobs >= {SPEEDUP}x at {size}: "
                         f"{said(row['speedup'] >= SPEEDUP)} ({row['speedup']:.2f}x)")
    if len(rows) > 1:
        ratio = rows[-1]["jobs1_rss_mb"] / rows[0]["jobs1_rss_mb"]
        lines.append(f"target peak RSS within {MEMORY}x from {rows[0]['articles']:,} to "
                     f"{rows[-1]['articles']:,} articles: {said(ratio <= MEMORY)} ({ratio:.2f})")
    return lines


if __name__ == "__main__":
    sys.exit(main())
