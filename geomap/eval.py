"""Score geoparsing on annotated corpora, the way Mordecai 3's README reports it.

Two separate measures per corpus, so each stage can be judged on its own:

- recognition: the recogniser's spans (toponyms and demonyms: the corpora annotate both)
  against the gold spans (precision, recall, F1),
  by exact span and by overlap;
- resolution on the gold spans: each gold span becomes a :class:`~geomap.records.Mention`, the
  article's gold spans are resolved together (so they give each other context), and the answer
  is compared with the gold GeoNames id, country and coordinates.

The corpus form is one JSON object per line:
``{"id", "text", "toponyms": [{"start", "end", "name", "lat", "lon", "geonameid"}]}``.
"""

from __future__ import annotations

import json
import math
import statistics
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from geomap.errors import InputError
from geomap.gazetteer.index import Gazetteer
from geomap.geometry import km_between
from geomap.recognize import MentionFinder
from geomap.recognize.context import after, qualifier, type_word
from geomap.recognize.recognizer import Recognizer
from geomap.records import Article, Mention, Place, Resolution
from geomap.resolve import GazetteerResolver, ResolverChain
from geomap.resources import package_file
from geomap.segment import sentences

#: Mordecai 3's threshold for a "correct" point: 100 miles.
ACC_KM = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """An annotated toponym: span, and where the annotator put it."""

    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    geonameid: int | None


@dataclass(frozen=True, slots=True)
class GoldDoc:
    """An annotated article."""

    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass
class Tally:
    """Running counts for one corpus; :meth:`summary` turns them into Mordecai 3's columns."""

    gold: int = 0
    found: int = 0
    exact: int = 0
    overlap_gold: int = 0
    overlap_found: int = 0
    n: int = 0
    same_id: int = 0
    same_country: int = 0
    within: int = 0
    no_answer: int = 0
    errors_km: list[float] = field(default_factory=list)
    division_known: int = 0
    same_division: int = 0

    def summary(self, *, detail: bool = False) -> dict[str, dict[str, float | int | None]]:
        """The corpus figures: ``recognition`` and ``resolution``, shares in [0, 1].

        ``detail=True`` adds overlap scores and raw counts to ``recognition``, and to
        ``resolution`` the share in the right first-level division (``admin1``, Mordecai 3's
        "correct ADM1", over the ``admin1_n`` gold toponyms whose GeoNames id the gazetteer
        holds); without it the keys are exactly the ones ``geomap eval --json`` promises.
        """
        p, r = _ratio(self.exact, self.found), _ratio(self.exact, self.gold)
        recognition: dict[str, float | int | None] = {"precision": p, "recall": r, "f1": _f1(p, r)}
        if detail:
            op = _ratio(self.overlap_found, self.found)
            orec = _ratio(self.overlap_gold, self.gold)
            recognition.update(overlap_precision=op, overlap_recall=orec,
                               overlap_f1=_f1(op, orec), gold=self.gold, found=self.found)
        answered = self.errors_km
        resolution: dict[str, float | int | None] = {
            "n": self.n, "exact_geonameid": _ratio(self.same_id, self.n),
            "country": _ratio(self.same_country, self.n), "acc_161km": _ratio(self.within, self.n),
            "mean_km": round(statistics.fmean(answered), 1) if answered else None,
            "median_km": round(statistics.median(answered), 1) if answered else None,
            "no_answer": _ratio(self.no_answer, self.n)}
        if detail:
            resolution.update(admin1=_ratio(self.same_division, self.division_known)
                              if self.division_known else None, admin1_n=self.division_known)
        return {"recognition": recognition, "resolution": resolution}


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _f1(p: float, r: float) -> float:
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def read_corpus(path: Path | str) -> Iterator[GoldDoc]:
    """Annotated documents from a corpus file, checked as they are read.

    Raises
    ------
    InputError
        Naming the file, line and field of a record that is not valid JSON, lacks a field, or
        whose span does not match its name.
    """
    path = Path(path)
    try:
        fh = path.open(encoding="utf-8")
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(path)) from err
    with fh:
        for line_no, line in enumerate(fh, start=1):
            if line.strip():
                yield _gold_doc(line, path, line_no)


def _gold_doc(line: str, path: Path, line_no: int) -> GoldDoc:
    where: dict[str, Any] = {"path": str(path), "line": line_no}
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(f"not valid JSON: {err.msg}", **where) from err
    if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
        raise InputError("missing or non-string", field="text", **where)
    text = rec["text"]
    tops = []
    for i, t in enumerate(rec.get("toponyms") or []):
        try:
            top = GoldToponym(int(t["start"]), int(t["end"]), str(t["name"]),
                              _opt_float(t.get("lat")), _opt_float(t.get("lon")),
                              int(t["geonameid"]) if t.get("geonameid") else None)
        except (KeyError, TypeError, ValueError) as err:
            raise InputError(f"bad toponym: {err}", field=f"toponyms[{i}]", **where) from err
        if text[top.start:top.end] != top.name:
            raise InputError(f"span {top.start}:{top.end} is not {top.name!r}",
                             field=f"toponyms[{i}]", **where)
        tops.append(top)
    return GoldDoc(str(rec.get("id", line_no)), text, tuple(tops))


def _opt_float(value: object) -> float | None:
    return None if value is None or value == "" else float(value)  # type: ignore[arg-type]


class Evaluator:
    """Score a recogniser and a resolver that share one gazetteer, corpus by corpus.

    Examples
    --------
    >>> Evaluator(Gazetteer()).score(read_corpus("lgl.jsonl"))["resolution"]["country"]
    ... # doctest: +SKIP
    0.97
    """

    def __init__(self, gazetteer: Gazetteer, *, recognizer: MentionFinder | None = None) -> None:
        self.gazetteer = gazetteer
        self.recognizer = recognizer or Recognizer(gazetteer)
        # what `geomap run` does offline: the gazetteer, then the article's focus area
        self.resolver = ResolverChain(GazetteerResolver(gazetteer))
        self._towns: _TownGrid | None = None

    def score(self, docs: Iterable[GoldDoc], *, detail: bool = False
              ) -> dict[str, dict[str, float | int | None]]:
        """Recognition and resolution figures over ``docs`` (see :meth:`Tally.summary`)."""
        tally = Tally()
        for doc in docs:
            self._recognition(doc, tally)
            self._resolution(doc, tally)
        return tally.summary(detail=detail)

    def _recognition(self, doc: GoldDoc, tally: Tally) -> None:
        found = self.recognizer.find(Article(doc.id, doc.text))
        gold = {(t.start, t.end) for t in doc.toponyms}
        spans = {(m.start, m.end) for m in found}
        tally.gold += len(gold)
        tally.found += len(spans)
        tally.exact += len(gold & spans)
        tally.overlap_gold += sum(any(_overlaps(g, s) for s in spans) for g in gold)
        tally.overlap_found += sum(any(_overlaps(s, g) for g in gold) for s in spans)

    def _resolution(self, doc: GoldDoc, tally: Tally) -> None:
        tops = [t for t in doc.toponyms if t.lat is not None and t.lon is not None]
        if not tops:
            return
        mentions = gold_mentions(doc.id, doc.text, tops)
        for top, res in zip(tops, self.resolver.resolve_article(mentions), strict=True):
            self._judge(top, res, tally)

    def _judge(self, top: GoldToponym, res: Resolution | None, tally: Tally) -> None:
        tally.n += 1
        place = res.place if res else None
        known = self._known(top)
        if known is not None:
            tally.division_known += 1
            tally.same_division += place is not None and (
                place.country_code, place.admin1) == (known.country_code, known.admin1)
        if place is None:
            tally.no_answer += 1
            return
        km = km_between((top.lat, top.lon), (place.lat, place.lon))  # type: ignore[arg-type]
        tally.errors_km.append(km)
        tally.within += km <= ACC_KM
        same = top.geonameid is not None and place.geonameid == top.geonameid
        tally.same_id += same
        # The right entry is in the right country, even a continent that has no country code.
        tally.same_country += same or place.country_code == self.gold_country(top, known)

    def _known(self, top: GoldToponym) -> Place | None:
        """The gazetteer's entry for the gold GeoNames id, if it holds it."""
        return self.gazetteer.by_id(top.geonameid) if top.geonameid is not None else None

    def gold_country(self, top: GoldToponym, known: Place | None = None) -> str | None:
        """The gold toponym's country: from its GeoNames id (``known``, its entry, when the
        caller has it), else the place nearest its point."""
        known = known or self._known(top)
        if known is not None:
            return known.country_code
        if self._towns is None:
            self._towns = _TownGrid(self.gazetteer)
        return self._towns.country(top.lat, top.lon)  # type: ignore[arg-type]


#: A gold point this close to a populated place is that place: its country is the place's.
TOWN_KM = 25.0


class _TownGrid:
    """Every populated place's point and country in 1° cells, read once, for gold countries.

    A gold point within TOWN_KM of a populated place takes that place's country (towns by the
    border or the sea, which Natural Earth's 1:110m outlines miss); any other takes the
    country whose outline holds it (a country's own point in the Libyan desert has no town
    within 2°), else the nearest place's in a 2° box. One full read beats a box query per
    toponym on a 235,000-place index.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
        for lat, lon, cc in gazetteer.con.execute(
                "SELECT lat, lon, cc FROM places WHERE fclass = 'P' AND cc != ''"):
            self.cells.setdefault((math.floor(lat), math.floor(lon)), []).append((lat, lon, cc))

    def country(self, lat: float, lon: float) -> str | None:
        """Country of (lat, lon): a town's within TOWN_KM, its outline's, else the nearest
        populated place's within 2°, else None."""
        rows = [r for y in range(math.floor(lat - 2), math.floor(lat + 2) + 1)
                for x in range(math.floor(lon - 2), math.floor(lon + 2) + 1)
                for r in self.cells.get((y, x), ())
                if abs(r[0] - lat) <= 2 and abs(r[1] - lon) <= 2]
        nearest = min(rows, key=lambda r: km_between((lat, lon), (r[0], r[1])), default=None)
        if nearest and km_between((lat, lon), nearest[:2]) <= TOWN_KM:
            return nearest[2]
        return _outline_country(lat, lon) or (nearest[2] if nearest else None)


@cache
def _outlines() -> tuple[Any, list[str]]:
    """The basemap's country outlines (Natural Earth 1:110m) in a spatial index, with codes."""
    import shapely
    from shapely.geometry import shape


    basemap = package_file("data", "basemap_110m.geojson").read_text(encoding="utf-8")
    features = [f for f in json.loads(basemap)["features"]
                if len(str(f["properties"].get("iso") or "")) == 2]
    tree = shapely.STRtree([shape(f["geometry"]) for f in features])
    return tree, [f["properties"]["iso"] for f in features]


def _outline_country(lat: float, lon: float) -> str | None:
    """The ISO code of the country outline holding (lat, lon), or None (at sea, or a small
    country the 1:110m outlines leave out)."""
    from shapely.geometry import Point

    tree, codes = _outlines()
    hits = tree.query(Point(lon, lat), predicate="within")
    return codes[int(hits[0])] if len(hits) else None


def gold_mentions(article_id: str, text: str, tops: Sequence[GoldToponym]) -> list[Mention]:
    """Mentions for gold spans, with their sentences and the qualifier and type word the
    recogniser would give them ("the outskirts of", "counties" after "Jackson and Barrow"),
    so the resolver sees them in the context the pipeline gives its own mentions."""
    spans = sentences(text) or [(0, len(text))]
    out = []
    for t in tops:
        s = next(((a, b) for a, b in spans if a <= t.start < b), (0, len(text)))
        out.append(Mention(article_id, t.start, t.end, t.name, sentence_start=s[0],
                           sentence_end=s[1], qualifier=qualifier(text, t.start, s[0]),
                           type_word=type_word(text, t.start, t.end, s[0], s[1]),
                           after=after(text, t.end, s[1])))
    return out


def evaluate(paths: Sequence[Path | str], *, gazetteer: Gazetteer | None = None,
             detail: bool = False, recognizer: MentionFinder | None = None
             ) -> dict[str, dict[str, dict[str, float | int | None]]]:
    """Figures per corpus file, keyed by the file's stem ("lgl", "trnews").

    ``recognizer`` is scored instead of the rules recogniser when given.

    Raises
    ------
    InputError
        When a corpus file cannot be read or holds a malformed record.
    """
    evaluator = Evaluator(gazetteer or Gazetteer(), recognizer=recognizer)
    return {Path(p).stem: evaluator.score(read_corpus(p), detail=detail) for p in paths}
