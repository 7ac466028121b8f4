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

* ``realnews-dev/`` (real wire and outlet reports, hand-read events, negative articles): event
  recall (an incident of the article within 25 km of each real event), precision (the
  article's incidents within 25 km of one of its real events; every incident of a negative
  article counts against it), type, day, fatalities and actor agreement on the matched events,
  and the share of negative articles with no incident; ``reachable``, the share of real events
  for which some name of the article has a reading in the index within 25 km (the recall any
  site rule could reach with this index); ``named``, the share of real events whose site's own
  name is a mention of the article, placed or not (what an online geocoder could look up).
  Reported for the fitted half, the
  checked half (split by a hash of the article id, so it never moves) and all.
* ``geovirus.jsonl`` (disease-outbreak news, with a few articles that also report violence or
  protests): the share of articles that give no incident, a check that deaths, outbreaks and
  culls are not taken for armed conflict.

Reads ``../shared/eval`` (never needed by the unit tests).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import zlib
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

from geopy.distance import great_circle

from geomap.gazetteer import Gazetteer
from geomap.geometry import km_between
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


def realnews_part(article_id: str) -> str:
    """``fit`` or ``check``: a fixed split of realnews-dev by a hash of the article id."""
    return "fit" if zlib.crc32(article_id.encode("utf-8")) % 2 == 0 else "check"


def _realnews(folder: Path) -> tuple[list[dict], dict[str, list[dict]]]:
    articles = [json.loads(line) for line in
                (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    events: dict[str, list[dict]] = {}
    with (folder / "events.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row["event"] != "NONE":
                events.setdefault(row["article_id"], []).append(row)
    return articles, events


def _words(text: str | None) -> set[str]:
    """Words of 4+ letters of an actor's name but the generic ones, a country's name and its
    demonym read as one word: "Israeli forces" and "Military Forces of Israel" share
    ``country_il``; "gunmen in military fatigues" and "Military Forces of Mali" share none."""
    words = {_country(w) or w.lower() for w in re.findall(r"[A-Za-z]+", text or "")
             if len(w) >= 4 or (len(w) == 3 and w.isupper())}  # and acronyms: "ELN", "RSF"
    return words - {"forces", "group", "military", "armed"}


@cache
def _country(word: str) -> str | None:
    """``country_<code>`` when the word is a country's name or demonym in the gazetteer."""
    gazetteer = _gazetteer()
    place = gazetteer.demonym(word) or next(
        (p for p in gazetteer.by_name(word)[:1] if p.feature_code.startswith("PCL")), None)
    return f"country_{place.country_code.lower()}" if place and place.country_code else None


@cache
def _gazetteer() -> Gazetteer:
    return Gazetteer()


def _realnews_pairs(gold: list[dict], found: list[Incident]
                    ) -> list[tuple[dict, Incident | None]]:
    """Each real event with an incident within 25 km not given to another event: one that
    quotes the event's reporting sentence first, then the nearest (two strikes in one city
    are told apart by their sentences, not by a few hundred metres)."""
    scored = sorted((not _quotes(f, e["quote"]), _km(f, float(e["lat"]), float(e["lon"])), i, j)
                    for i, e in enumerate(gold) for j, f in enumerate(found))
    used_e, used_f, pairs = set(), set(), {}
    for _, km, i, j in scored:
        if km <= KM and i not in used_e and j not in used_f:
            used_e.add(i)
            used_f.add(j)
            pairs[i] = found[j]
    return [(e, pairs.get(i)) for i, e in enumerate(gold)]


def _names_site(resolutions, site: str) -> bool:
    """Whether a mention of the article, placed or not, is the real site's own name ("Khuafo"
    in "Khuafo village, just north of Thantlang"): what an online geocoder could look up."""
    own = site.split(",")[0].lower()
    return any(len(r.mention.text) > 3 and r.mention.text.lower() in own for r in resolutions)


def _quotes(incident: Incident, sentence: str) -> bool:
    """Whether the incident quotes the sentence (or the sentence holds one of its quotes)."""
    said = " ".join(sentence.split())
    return any(q and (q in said or said in q)
               for q in (" ".join(quote.text.split()) for quote in incident.quotes))


def score_realnews(pipeline: Pipeline, folder: Path, *, misses: bool = False
                   ) -> dict[str, dict[str, float]]:
    """Recall, precision, field agreement and negatives of realnews-dev, per part."""
    articles, events = _realnews(folder)
    tally: dict[str, Counter] = {"fit": Counter(), "check": Counter(), "all": Counter()}
    for row in articles:
        article = Article(id=row["id"], text=row["text"], title=row.get("title"),
                          published=date.fromisoformat(row["published"])
                          if row.get("published") else None)
        processed = pipeline.process(article)
        found = merge_incidents(processed.incidents)
        gold = events.get(row["id"], [])
        # every point the index offers for a name of the article: what any site rule could pick
        offered = {(c.place.lat, c.place.lon) for r in processed.resolutions
                   for c in r.candidates} | {(r.place.lat, r.place.lon)
                                             for r in processed.resolutions if r.place}
        show = misses and realnews_part(row["id"]) == "fit"  # the check half is never read
        counts = Counter(incidents=len(found))
        if not gold:
            counts.update(negatives=1, clean=not found)
        counts["on_event"] = sum(any(_km(f, float(e["lat"]), float(e["lon"])) <= KM
                                     for e in gold) for f in found)
        for exp, inc in _realnews_pairs(gold, found):
            counts["events"] += 1
            reachable = any(km_between((float(exp["lat"]), float(exp["lon"])), point) <= KM
                            for point in offered)
            counts["reachable"] += reachable
            counts["named"] += _names_site(processed.resolutions, exp["site"])
            if inc is None:
                if show:
                    print(f"  missed {row['id']} {exp['event']} {exp['site']}"
                          f"{' (reachable)' if reachable else ''}", file=sys.stderr)
                continue
            counts["found"] += 1
            counts["type"] += inc.event_type == exp["event_type"]
            counts["date"] += _day(inc) == exp["event_date"]
            counts["fatalities"] += str(inc.fatalities if inc.fatalities is not None else 0) \
                == (exp["fatalities"] or "0")
            counts["actors"] += bool(_words(inc.actor1) & _words(exp["actor1"]))
            if show:
                got = (inc.event_type, _day(inc), inc.fatalities, inc.actor1)
                want = (exp["event_type"], exp["event_date"], exp["fatalities"], exp["actor1"])
                print(f"  matched {row['id']} {exp['event']} got {got} want {want}",
                      file=sys.stderr)
        if show:
            for f in found:
                if not any(_km(f, float(e["lat"]), float(e["lon"])) <= KM for e in gold):
                    print(f"  spurious {row['id']} {f.event_type} at "
                          f"{f.place.name if f.place else None}: {f.quotes[0].text[:90]!r}",
                          file=sys.stderr)
        for part in (realnews_part(row["id"]), "all"):
            tally[part].update(counts)
    return {part: _realnews_figures(c) for part, c in tally.items()}


def _realnews_figures(c: Counter) -> dict[str, float]:
    found = c["found"] or 1
    return {"recall": c["found"] / (c["events"] or 1),
            "reachable": c["reachable"] / (c["events"] or 1),
            "named": c["named"] / (c["events"] or 1),
            "precision": c["on_event"] / (c["incidents"] or 1),
            "type": c["type"] / found, "date": c["date"] / found,
            "fatalities": c["fatalities"] / found, "actor1": c["actors"] / found,
            "negatives_clean": c["clean"] / (c["negatives"] or 1),
            "events": c["events"], "incidents": c["incidents"]}


def score_quiet_news(pipeline: Pipeline, path: Path, *, limit: int | None
                     ) -> dict[str, float]:
    """The share of a corpus' articles that give no incident (for news mostly not about
    conflict)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()][:limit]
    quiet = sum(not pipeline.process(Article(id=row["id"], text=row["text"])).incidents
                for row in rows)
    return {"no_incident": quiet / len(rows), "articles": len(rows)}


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
        realnews = score_realnews(pipeline, args.eval.parent / "realnews-dev",
                                  misses=args.misses)
        report.update({f"realnews_{part}": figures for part, figures in realnews.items()})
        for name in ("ucdp_ged_sample_where", "ucdp_ged_sample_mideast"):
            report[name] = score_ucdp(pipeline, args.eval / f"{name}.jsonl", limit=args.limit)
        report["event_location"] = score_event_location(
            pipeline, args.eval / "event_location.jsonl", limit=args.limit)
        report["geovirus_disease_news"] = score_quiet_news(
            pipeline, args.eval / "geovirus.jsonl", limit=args.limit)
    for name, figures in report.items():
        shown = ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}"
                          for k, v in figures.items())
        print(f"{name}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
