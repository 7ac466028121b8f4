"""Hostile shapes, whole process: output size, memory and time stay proportional to meaning.

Usage::

    .venv/bin/python bench/robustness.py [--only repeats,nostop,big,merge,events,oneincident]
        [--big-mb 0.2,3,20] [--events-mb 0.1,0.2,0.4]

Every figure is one ``geomap run`` (or one merge script) in its own process, timed from
outside (wall clock, and CPU time and peak RSS from ``os.wait4``), beside a baseline run in the
same invocation, so the ratios hold on a busy machine:

- ``repeats``: one sentence naming Mosul 10,000 times (about 80 KB), with the default limits
  and with the limits lifted (``[limits]`` all 0), against the seed article: bytes written,
  peak memory, time;
- ``nostop``: 12 / 50 / 200 KB of clauses with no full stop (default limits); the CPU time
  beyond a one-line article's (start-up), per KB, against the 12 KB run (1.0 is linear);
- ``big``: 0.2 / 3 / 20 MB of ordinary sentences, with the default limits (the text beyond
  ``article_chars`` is not read) and with the limits lifted; the CPU time beyond start-up
  per MB against the 0.2 MB run; a run over ``--merge-limit`` CPU seconds is stopped;
- ``merge``: 1k / 10k / 100k distinct incidents (a year of dates, places over a 10° square)
  through ``merge_incidents`` (all in memory), and through the streaming ``IncidentMerger``
  of ``geomap run`` (spilling to disk past 4,096 kept, then read back), against building
  them without merging; time per incident against 1k.
- ``events``: an article's events folded (limits lifted), whole process: 0.1 / 0.2 / 0.4 MB
  of sentences each dated three days after the last (an event each), the same undated (a
  few events, each told by thousands of sentences) and the same opening "In a separate
  incident," (an undated event each); the CPU time beyond start-up per MB against the
  smallest. Then ``fold_events`` alone, in its own process, on 4k / 16k / 64k reports of
  one event: time per report against 4k.
- ``oneincident``: 1k / 4k / 16k reports of one event, each from its own article, through
  ``merge_incidents`` and through the streaming ``IncidentMerger``: time per report
  against 1k.

The texts are generated here from a few sentences of this script's own; nothing is read from
``../shared``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SENTENCES = (
    "A drone strike hit a checkpoint near Mosul on Monday, killing three soldiers.",
    "Residents of Erbil said shelling continued through the night.",
    "Officials in Baghdad condemned the attack and promised an inquiry.",
    "Two rockets landed near the airport in Kirkuk, wounding a guard.",
    "Protesters gathered in Basra to demand electricity and jobs.",
    "The ministry said militants had been pushed out of villages south of Tikrit.",
)
CLAUSES = ("gunmen attacked a convoy near Mosul", "residents of Erbil fled the shelling",
           "officials in Baghdad said nothing", "a rocket struck a house in Kirkuk",
           "the army moved north of Tikrit", "protesters marched in Basra")
MERGE_SCRIPT = """
import random, sys, time
from dataclasses import replace
from collections.abc import Callable
from datetime import date, timedelta
from geomap.incidents.merge import IncidentMerger, merge_incidents
from geomap.pipeline import Pipeline
n, how = int(sys.argv[1]), sys.argv[2]
seed = next(i for i in Pipeline().process(
    "A drone strike killed three people in Mosul on 3 May 2024.").incidents if i.place)
rng = random.Random(19)
made = []
for k in range(n):
    place = replace(seed.place, lat=30 + rng.random() * 10, lon=38 + rng.random() * 10,
                    name=f"Place {k}")
    when = replace(seed.date, value=date(2024, 1, 1) + timedelta(days=rng.randrange(366)))
    made.append(replace(seed, incident_id=f"inc-{k}", article_ids=(f"a{k}",), date=when,
                        location=replace(seed.location, place=place)))
if how.startswith("one-"):  # reports of one event, each from its own article
    how = how[4:]
    made = [replace(seed, incident_id=f"inc-{k}", article_ids=(f"a{k}",),
                    quotes=(replace(seed.quotes[0], article_id=f"a{k}"),),
                    site_mentions=tuple(replace(m, article_id=f"a{k}")
                                        for m in seed.site_mentions)) for k in range(n)]
def streamed(incidents):
    merger = IncidentMerger()
    try:
        merger.extend(incidents)
        return [1 for _ in merger]
    finally:
        merger.close()
start = time.process_time()
kept = {"merge": merge_incidents, "stream": streamed, "build": list}[how](made)
print(len(kept), time.process_time() - start)
"""
FOLD_SCRIPT = """
import sys, time
from dataclasses import replace
from geomap.incidents.events import fold_events
from geomap.pipeline import Pipeline
n = int(sys.argv[1])
seed = next(i for i in Pipeline().process(
    "Gunmen attacked the market in Mosul on 3 May 2024, killing two people.").incidents
    if i.place)
quote, (site, *_) = seed.quotes[0], seed.site_mentions
step = quote.end + 1
made = [replace(seed, quotes=(replace(quote, start=quote.start + k * step,
                                      end=quote.end + k * step),),
                site_mentions=(replace(site, start=site.start + k * step,
                                       end=site.end + k * step),)) for k in range(n)]
start = time.process_time()
(event,) = fold_events(made)
assert len(event.quotes) == n
print(len(event.quotes), time.process_time() - start)
"""


def measure(args: list[str], *, env: dict[str, str] | None = None,
            limit: float | None = None) -> dict[str, float]:
    """Run ``args``; wall seconds, CPU seconds and peak RSS (MB) of that process alone. A run
    still going after ``limit`` CPU seconds is stopped (``RLIMIT_CPU``): its figures then say
    ``stopped``."""
    import resource

    def cap() -> None:
        if limit:
            resource.setrlimit(resource.RLIMIT_CPU, (int(limit), int(limit) + 5))

    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "GEOMAP_OFFLINE": "1", **(env or {})},
                            preexec_fn=cap)
    _, status, usage = os.wait4(proc.pid, 0)
    if limit and os.WIFSIGNALED(status):
        return {"wall": time.perf_counter() - start, "cpu": usage.ru_utime + usage.ru_stime,
                "rss_mb": usage.ru_maxrss / 1024, "stdout": "", "stopped": True}
    wall = time.perf_counter() - start
    out = proc.stdout.read().decode() if proc.stdout else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed: {proc.stderr.read().decode()[-500:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024, "stdout": out}


def geomap_run(source: Path, out: Path, *, config: Path | None = None,
               limit: float | None = None) -> dict[str, float]:
    """One ``geomap run`` (GeoJSON only: the map's own scale is bench/map_scale.py's)."""
    args = [sys.executable, "-m", "geomap", "run", str(source), "--out", str(out), "-f",
            "geojson"]
    figures = measure(args, env={"GEOMAP_CONFIG": str(config)} if config else {}, limit=limit)
    if figures.get("stopped"):
        return figures
    figures["out_mb"] = sum(p.stat().st_size for p in out.iterdir() if p.is_file()) / 1e6
    return figures


def article(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def show(label: str, figures: dict[str, float], base: dict[str, float] | None = None,
         *, per: float | None = None, unit: str = "") -> None:
    line = (f"{label:<34} {figures['wall']:8.2f} s wall {figures['cpu']:8.2f} s cpu "
            f"{figures['rss_mb']:7.0f} MB peak")
    if "out_mb" in figures:
        line += f" {figures['out_mb']:9.2f} MB out"
    if base is not None:
        line += (f"   ×{figures['cpu'] / base['cpu']:.2f} cpu "
                 f"×{figures['rss_mb'] / base['rss_mb']:.2f} memory")
        if "out_mb" in figures and base.get("out_mb"):
            line += f" ×{figures['out_mb'] / base['out_mb']:.1f} output"
    if per is not None:
        line += f"   {figures['cpu'] / per:.3f} s cpu per {unit}"
    print(line, flush=True)


def bench_repeats(tmp: Path, lifted: Path) -> None:
    print("-- one sentence naming a place 10,000 times, against the seed article")
    base = geomap_run(SEEDS, tmp / "seed-out")
    show("seed article (3.4 KB)", base)
    text = "Shells fell on " + ", ".join(["Mosul"] * 10_000) + ".\n"
    source = article(tmp / "repeats", "repeats", text)
    show(f"10,000 repeats ({len(text) / 1000:.0f} KB), limits", geomap_run(source,
         tmp / "rep-out"), base)
    show("10,000 repeats, limits lifted", geomap_run(source, tmp / "rep-out-0", config=lifted),
         base)


def bench_nostop(tmp: Path) -> None:
    print("-- no full stop: clauses joined by commas (default limits); cpu beyond a one-line "
          "article's, per KB, against 12 KB")
    base = geomap_run(article(tmp / "nostop12", "one", CLAUSES[0] + ".\n"), tmp / "one-out")
    show("one clause (start-up)", base)
    first = None
    for kb in (12, 50, 200):
        rng = random.Random(kb)
        parts, size = [], 0
        while size < kb * 1000:
            parts.append(rng.choice(CLAUSES))
            size += len(parts[-1]) + 2
        source = article(tmp / f"nostop{kb}", f"nostop{kb}", ", ".join(parts) + "\n")
        figures = geomap_run(source, tmp / f"nostop{kb}-out")
        work = max(figures["cpu"] - base["cpu"], 1e-3)
        first = first or work / kb
        show(f"{kb} KB, no full stop", figures, base)
        print(f"{'':<34} {work:.2f} s of work, ×{work / kb / first:.2f} per KB against 12 KB")


def bench_big(tmp: Path, lifted: Path, sizes: list[float], limit: float) -> None:
    print("-- ordinary sentences: cpu beyond a one-line article's, per MB, against the smallest; "
          f"with the default limits, and with the limits lifted (stopped after {limit:.0f} s "
          "of CPU)")
    base = geomap_run(article(tmp / f"big{sizes[0]}", "one", SENTENCES[0] + "\n"),
                      tmp / "big-one-out")
    show("one sentence (start-up)", base)
    for config, label in ((None, "default limits"), (lifted, "limits lifted")):
        per_mb(sizes, label, base, limit, lambda mb, config=config, label=label: geomap_run(
            article(tmp / f"big{mb}", f"big{mb}", big_article(mb)),
            tmp / f"big{mb}-{label[:4]}", config=config, limit=limit))


def big_article(mb: float) -> str:
    """Ordinary sentences drawn at random (seeded by the size) to ``mb`` MB."""
    rng = random.Random(int(mb * 10))
    parts, size = [], 0
    while size < mb * 1e6:
        parts.append(rng.choice(SENTENCES))
        size += len(parts[-1]) + 1
    return " ".join(parts) + "\n"


def per_mb(sizes: list[float], label: str, base: dict, limit: float,
           run_at: Callable[[float], dict]) -> None:
    """Run ``run_at`` at each size and print its CPU beyond ``base`` per MB against the
    smallest; stop at the first run cut off after ``limit`` CPU seconds."""
    first = None
    for mb in sizes:
        figures = run_at(mb)
        if figures.get("stopped"):
            print(f"{mb} MB, {label}: stopped after {limit:.0f} s of CPU", flush=True)
            return
        work = max(figures["cpu"] - base["cpu"], 1e-3)
        first = first or work / mb
        show(f"{mb} MB, {label}", figures, base)
        print(f"{'':<34} {work:.2f} s of work, ×{work / mb / first:.2f} per MB against "
              f"{sizes[0]} MB", flush=True)


def bench_merge(limit: float) -> None:
    print("-- merging distinct incidents: CPU seconds of merge_incidents itself, per incident "
          "against 1k")
    for how, label in (("merge", "merge_incidents"), ("stream", "IncidentMerger")):
        first = None
        for n in (1_000, 10_000, 100_000):
            built = measure([sys.executable, "-c", MERGE_SCRIPT, str(n), "build"])
            merged = measure([sys.executable, "-c", MERGE_SCRIPT, str(n), how], limit=limit)
            if merged.get("stopped"):
                print(f"{n:,} incidents, {label}: stopped after {limit:.0f} s of CPU "
                      f"(building them took {built['cpu']:.1f} s)")
                break
            kept, seconds = merged["stdout"].split()
            seconds = float(seconds)
            first = first or seconds / n
            show(f"{n:,} incidents, {label} ({kept} kept)", merged, built)
            print(f"{'':<34} {seconds:.2f} s cpu, {seconds / n * 1e6:.0f} µs per incident, "
                  f"×{seconds / n / first:.2f} against 1k", flush=True)


def events_article(mb: float, how: str) -> str:
    """Clauses, each a sentence, to ``mb`` MB: dated three days after the last, undated, or
    undated and opening as a separate incident."""
    parts, size, day = [], 0, date(1990, 1, 1)
    while size < mb * 1e6:
        clause = CLAUSES[len(parts) % len(CLAUSES)]
        parts.append(f"On {day.day} {day:%B %Y}, {clause}." if how == "dated" else
                     f"In a separate incident, {clause}." if how == "separate" else
                     f"{clause[0].upper()}{clause[1:]}.")
        size += len(parts[-1]) + 1
        day += timedelta(days=3)
    return " ".join(parts) + "\n"


def bench_events(tmp: Path, lifted: Path, sizes: list[float], limit: float) -> None:
    print("-- an article's events folded (limits lifted): cpu beyond a one-line article's, per "
          "MB, against the smallest")
    base = geomap_run(article(tmp / "events-one", "one", CLAUSES[0] + ".\n"),
                      tmp / "events-one-out")
    show("one clause (start-up)", base)
    for how in ("dated", "undated", "separate"):
        per_mb(sizes, how, base, limit, lambda mb, how=how: geomap_run(
            article(tmp / f"events-{how}-{mb}", "events", events_article(mb, how)),
            tmp / f"events-{how}-{mb}-out", config=lifted, limit=limit))
    print("-- fold_events alone: reports of one event, CPU seconds, per report against 4k")
    first = None
    for n in (4_000, 16_000, 64_000):
        folded = measure([sys.executable, "-c", FOLD_SCRIPT, str(n)], limit=limit)
        if folded.get("stopped"):
            print(f"{n:,} reports of one event: stopped after {limit:.0f} s of CPU")
            break
        quotes, seconds = folded["stdout"].split()
        first = first or float(seconds) / n
        print(f"{n:,} reports of one event ({quotes} quotes)  {float(seconds):.2f} s cpu, "
              f"{float(seconds) / n * 1e6:.0f} µs per report, ×{float(seconds) / n / first:.2f} "
              "against 4k", flush=True)


def bench_one_incident(limit: float) -> None:
    print("-- reports of one event, each from its own article: CPU seconds of merging, per "
          "report against 1k")
    for how, label in (("one-merge", "merge_incidents"), ("one-stream", "IncidentMerger")):
        first = None
        for n in (1_000, 4_000, 16_000):
            merged = measure([sys.executable, "-c", MERGE_SCRIPT, str(n), how], limit=limit)
            if merged.get("stopped"):
                print(f"{n:,} reports, {label}: stopped after {limit:.0f} s of CPU")
                break
            kept, seconds = merged["stdout"].split()
            first = first or float(seconds) / n
            print(f"{n:,} reports, {label} ({kept} kept)  {float(seconds):.2f} s cpu, "
                  f"{float(seconds) / n * 1e6:.0f} µs per report, "
                  f"×{float(seconds) / n / first:.2f} against 1k", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="repeats,nostop,big,merge,events,oneincident")
    parser.add_argument("--big-mb", default="0.2,3,20")
    parser.add_argument("--events-mb", default="0.1,0.2,0.4")
    parser.add_argument("--merge-limit", type=float, default=600.0,
                        help="CPU seconds after which a merge or a big-article run is stopped")
    options = parser.parse_args()
    chosen = set(options.only.split(","))
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                         capture_output=True).stdout.strip()
    print(f"geomap at {rev}; {os.cpu_count()} cores; {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="geomap-robust-") as name:
        tmp = Path(name)
        for sub in ("repeats", "nostop12", "nostop50", "nostop200"):
            (tmp / sub).mkdir()
        lifted = tmp / "lifted.toml"
        lifted.write_text("[limits]\narticle_chars = 0\nsentence_chars = 0\nmentions = 0\n"
                          "incidents = 0\n", encoding="utf-8")
        if "repeats" in chosen:
            bench_repeats(tmp, lifted)
        if "nostop" in chosen:
            bench_nostop(tmp)
        if "big" in chosen:
            sizes = [float(s) for s in options.big_mb.split(",")]
            for mb in sizes:
                (tmp / f"big{mb}").mkdir()
            bench_big(tmp, lifted, sizes, options.merge_limit)
        if "merge" in chosen:
            bench_merge(options.merge_limit)
        if "events" in chosen:
            sizes = [float(s) for s in options.events_mb.split(",")]
            (tmp / "events-one").mkdir()
            for how in ("dated", "undated", "separate"):
                for mb in sizes:
                    (tmp / f"events-{how}-{mb}").mkdir(exist_ok=True)
            bench_events(tmp, lifted, sizes, options.merge_limit)
        if "oneincident" in chosen:
            bench_one_incident(options.merge_limit)
    print(json.dumps({"commit": rev}))


if __name__ == "__main__":
    main()
