"""Time ``geomap run`` end to end, whole process, against an earlier revision in the same run.

Usage::

    .venv/bin/python bench/run_speed.py [--articles N] [--against REV] [--jobs J] [--cold]
    .venv/bin/python bench/run_speed.py --profile [--articles N]
    .venv/bin/python bench/run_speed.py --stages [--articles N]

A news-like JSON Lines input is built in a temporary folder: the LGL, TR-News and GeoVirus
articles of ``../shared/eval/jsonl`` repeated (each copy under a new id) to ``N`` articles
(default 5,000). ``REV`` (default: where this branch left ``main``) is checked out into a
temporary git worktree, as ``bench/same_outputs.py`` does, and both versions run ``geomap run
INPUT --out DIR --offline`` in their own processes with the same Python, one after the other,
so both see the same machine load; with ``--repeat K`` they take turns K times and the run of
each with the least CPU time counts. Each run is timed from outside (wall clock, and the CPU
time and peak RSS of the process and its children from ``os.wait4``); the ratio is this
checkout's articles/s over the baseline's. With ``--jobs J``, this checkout also runs with
``--jobs J`` (the baseline may not know the option), and that run's ratio to its one-process
run is printed too, and whether their outputs are the same bytes. Every run but the ``--jobs
J`` one is given ``--jobs 1`` (when its version knows the option).
The map's context divisions are kept by box in the user's cache folder
(``geomap/render/context_cache.py``), so from its second run on this checkout reads them
back; ``--cold`` turns that cache off (``GEOMAP_CONTEXT_CACHE=0``) to time a first map of a
new box. ``--profile`` instead runs this checkout once under cProfile and prints the functions
with the most cumulative and own time; ``--stages`` runs each article through this checkout's
stages in this process, without a profiler, and prints the CPU time of each (splitting into
sentences and words, recognition, resolution, the incident stage), which is what the
per-article part of a run is made of.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "eval" / "jsonl"
CORPORA = [SHARED / f"{name}.jsonl" for name in ("lgl", "trnews", "geovirus")]
TARGET = 5000


@dataclass
class Timing:
    """One whole-process run: wall and CPU seconds, peak RSS in MB, articles done."""

    wall: float
    cpu: float
    rss_mb: float
    articles: int

    @property
    def rate(self) -> float:
        """Articles per wall-clock second."""
        return self.articles / self.wall


def build_input(path: Path, articles: int) -> int:
    """Write ``articles`` corpus articles (repeated, ids made unique) to ``path``; the count.

    Every copy keeps its text and metadata: the repeats are what a feed of similar news
    looks like to the pipeline (the same places, the same kind of events).
    """
    rows = [json.loads(line) for c in CORPORA for line in c.open(encoding="utf-8")
            if line.strip()]
    with path.open("w", encoding="utf-8") as fh:
        for k in range(articles):
            row = dict(rows[k % len(rows)])
            row["id"] = f"{row['id']}-r{k // len(rows)}"
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return articles


#: Extra environment of every timed run (``--cold`` adds ``GEOMAP_CONTEXT_CACHE=0``).
EXTRA_ENV: dict[str, str] = {}


def env_for(code: Path) -> dict[str, str]:
    """The environment of a run of the package in ``code``: offline, assets from this tree,
    and its modules compiled to bytecode beforehand, as ``pip install`` leaves them.

    Where ``PYTHONDONTWRITEBYTECODE`` is set (some sandboxes and CI images set it), a run
    from a checkout would compile every geomap module from source each time it starts, in
    every worker that imports one later too: a cost no installed copy pays.
    """
    env = {**os.environ, "PYTHONPATH": str(code), "GEOMAP_OFFLINE": "1",
           "GEOMAP_ASSETS": os.environ.get("GEOMAP_ASSETS", str(ROOT)), **EXTRA_ENV}
    env.pop("GEOMAP_GAZETTEER", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "geomap")], env=env,
                   check=True, stdout=subprocess.DEVNULL)
    return env


def timed_run(code: Path, source: Path, out: Path, count: int, extra: list[str]) -> Timing:
    """Run ``geomap run`` from ``code`` once; time it from outside the process."""
    args = [sys.executable, "-m", "geomap", "run", str(source), "--out", str(out),
            "--offline", "--force", *extra]
    return timed(args, count, env_for(code), cwd=code)


def timed(args: list[str], count: int, env: dict[str, str], *, cwd: Path = ROOT) -> Timing:
    """Run ``args`` once, timed from outside the process; a failure stops the bench."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    assert proc.stderr is not None
    stderr = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args[:4])} failed in {cwd}: {stderr.decode()[-2000:]}")
    # ru_maxrss is in kilobytes on Linux: the largest of the process and its waited children
    return Timing(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, count)


def profile(source: Path, out: Path) -> None:
    """Run this checkout once under cProfile and print where the time goes."""
    stats = out.parent / "run.prof"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(stats), "-m", "geomap", "run",
                    str(source), "--out", str(out), "--offline", "--force", "--jobs", "1"],
                   env=env_for(ROOT), cwd=ROOT, check=True, stderr=subprocess.DEVNULL)
    import pstats

    # geomap's own functions by time spent inside them and their callees, then everything by
    # its own time
    pstats.Stats(str(stats)).sort_stats("cumulative").print_stats(r"geomap/", 50)
    pstats.Stats(str(stats)).sort_stats("tottime").print_stats(30)


def stages(source: Path) -> None:
    """CPU seconds of each per-article stage of this checkout over ``source``, no profiler.

    Recognition splits the text itself, so it is timed whole and the split alone is timed
    apart and taken off it.
    """
    sys.path.insert(0, str(ROOT))
    from geomap.incidents.extract import extract_reported, not_about_conflict
    from geomap.parsed import parse, parse_with
    from geomap.pipeline import Pipeline
    from geomap.records import Article

    rows = [json.loads(line) for line in source.open(encoding="utf-8") if line.strip()]
    pipeline = Pipeline()
    pipeline.process(Article("warm", rows[0]["text"]))  # open the index, load the tables
    spent = dict.fromkeys(("split", "recognition", "resolution", "incidents"), 0.0)
    clock = time.process_time
    for row in rows:
        article = pipeline.limits.text(Article(row["id"], row["text"]))
        t0 = clock()
        parse(article)
        t1 = clock()
        parsed = pipeline.limits.parsed(parse_with(pipeline.recognizer, article))
        t2 = clock()
        parsed = parsed.with_resolutions(pipeline.chain.resolve_article(list(parsed.mentions)))
        t3 = clock()
        if not_about_conflict(parsed) is None:
            extract_reported(parsed)
        t4 = clock()
        spent["split"] += t1 - t0
        spent["recognition"] += (t2 - t1) - (t1 - t0)
        spent["resolution"] += t3 - t2
        spent["incidents"] += t4 - t3
    total = sum(spent.values())
    for stage, seconds in spent.items():
        print(f"{stage:<12} {seconds:7.2f} s CPU  {100 * seconds / total:5.1f}%")
    print(f"{'all':<12} {total:7.2f} s CPU  {len(rows) / total:.1f} articles per CPU second "
          "(the stages alone: no reading, writing, merging or map)")


def baseline_rev() -> str:
    """Where this branch left ``main`` (HEAD when there is no ``main``)."""
    found = subprocess.run(["git", "-C", str(ROOT), "merge-base", "HEAD", "main"],
                           capture_output=True, text=True, check=False)
    return found.stdout.strip() or "HEAD"


def baseline_jobs(code: Path) -> list[str]:
    """``--jobs 1`` when the baseline's ``geomap run`` knows the option, else nothing."""
    source = (code / "geomap" / "cli.py").read_text(encoding="utf-8")
    return ["--jobs", "1"] if '"--jobs"' in source else []


def report(label: str, timing: Timing) -> None:
    print(f"{label:<10} {timing.articles} articles  {timing.wall:7.1f} s wall  "
          f"{timing.cpu:7.1f} s CPU  {timing.rate:6.1f} articles/s  "
          f"peak RSS {timing.rss_mb:6.0f} MB")


def rounds(work: Path, rev: str, count: int, jobs: int | None,
           repeat: int) -> dict[str, Timing]:
    """The best of ``repeat`` rounds for each command, run in turn within each round so
    that a burst of load elsewhere on the machine hits them alike; the run with the least CPU
    time counts (CPU time is what load elsewhere inflates least)."""
    source = work / "news.jsonl"
    # one process each: this tree's default is every core (the baseline's may be one)
    commands = {rev[:10]: (work / "old", baseline_jobs(work / "old")),
                "this tree": (ROOT, ["--jobs", "1"])}
    if jobs:
        commands[f"--jobs {jobs}"] = (ROOT, ["--jobs", str(jobs)])
    best: dict[str, Timing] = {}
    for _ in range(repeat):
        for k, (label, (code, extra)) in enumerate(commands.items()):
            timing = timed_run(code, source, work / f"out-{k}", count, extra)
            if label not in best or timing.cpu < best[label].cpu:
                best[label] = timing
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=TARGET)
    parser.add_argument("--against", default=None, help="baseline revision")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=1, help="rounds; the least CPU time counts")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--stages", action="store_true", help="CPU time of each stage")
    parser.add_argument("--cold", action="store_true",
                        help="no map context cache: every map cuts its divisions afresh")
    args = parser.parse_args()
    if args.cold:
        EXTRA_ENV["GEOMAP_CONTEXT_CACHE"] = "0"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        count = build_input(work / "news.jsonl", args.articles)
        if args.profile:
            profile(work / "news.jsonl", work / "out-prof")
            return 0
        if args.stages:
            stages(work / "news.jsonl")
            return 0
        rev = args.against or baseline_rev()
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q",
                        str(work / "old"), rev], check=True)
        try:
            best = rounds(work, rev, count, args.jobs, args.repeat)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(work / "old")], check=True)
        same = args.jobs and all(filecmp.cmp(a, work / "out-2" / a.name, shallow=False)
                                 for a in (work / "out-1").iterdir())
    for label, timing in best.items():
        report(label, timing)
    old, new = best[rev[:10]], best["this tree"]
    print(f"ratio (this tree / baseline, articles/s): {new.rate / old.rate:.2f}  "
          f"(CPU: {old.cpu / new.cpu:.2f})")
    if args.jobs:
        jobs = best[f"--jobs {args.jobs}"]
        print(f"ratio (--jobs {args.jobs} / this tree, articles/s): {jobs.rate / new.rate:.2f}  "
              f"outputs {'the same' if same else 'DIFFERENT'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
