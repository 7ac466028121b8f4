"""Geoparse the development corpora end to end and compare speed with geotext.

Usage: python bench/geoparse.py [CORPUS.jsonl ...]   (default: ../shared/eval/jsonl/{lgl,trnews})

The gazetteer is loaded and warmed once, then every text is recognised and resolved (mentions →
resolutions with article context), on one core. A second pass times recognition alone (its
gazetteer caches are warm by then). geotext (PyPI, `pip install geotext`) runs in the same process
over the same texts; the ratios are geomap's articles/s over geotext's. Times are CPU time of
this process (time.process_time), so a busy machine skews them less than wall time.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from geomap.gazetteer import Gazetteer
from geomap.mentions import Recognizer
from geomap.records import Article
from geomap.resolve import GazetteerResolver

SHARED = Path(__file__).resolve().parents[2] / "shared" / "eval" / "jsonl"
DEFAULT = [SHARED / "lgl.jsonl", SHARED / "trnews.jsonl"]


def load(paths: list[Path]) -> list[str]:
    """The article texts of the corpora."""
    texts = []
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            texts.extend(json.loads(line)["text"] for line in fh if line.strip())
    return texts


def timed(func, texts: list[str]) -> float:
    start = time.process_time()
    for text in texts:
        func(text)
    return time.process_time() - start


def main(argv: list[str]) -> None:
    texts = load([Path(a) for a in argv] or DEFAULT)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    gazetteer = Gazetteer()
    recognizer, resolver = Recognizer(gazetteer), GazetteerResolver(gazetteer)

    def geomap(text: str) -> None:
        resolver.resolve_article(recognizer.find(Article("a", text)))

    timed(geomap, texts[:50])  # open the index, fill the lookup cache a little
    ours = timed(geomap, texts)
    alone = timed(lambda text: recognizer.find(Article("a", text)), texts)
    rows = [("geomap", ours), ("  recognise only", alone)]
    try:
        from geotext import GeoText
    except ImportError:
        print("geotext is not installed (pip install geotext): no comparison", file=sys.stderr)
    else:
        GeoText("warm up")
        rows.append(("geotext", timed(GeoText, texts)))
    print(f"{len(texts)} articles, {megabytes:.2f} MB, one core")
    for name, seconds in rows:
        print(f"{name:16} {len(texts) / seconds:8.1f} articles/s {megabytes / seconds:7.3f} MB/s")
    if len(rows) == 3:
        print(f"geomap / geotext speed ratio: {rows[2][1] / ours:.2f} "
              f"(recognition alone: {rows[2][1] / rows[1][1]:.2f})")


if __name__ == "__main__":
    main(sys.argv[1:])
