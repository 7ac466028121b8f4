"""Geoparse the development corpora end to end and compare speed with geotext.

Usage: python bench/geoparse.py [CORPUS.jsonl ...]   (default: ../shared/eval/jsonl/{lgl,trnews})

The gazetteer is loaded and warmed once, then every text is recognised and resolved as
`geomap run` does offline (mentions → ``ResolverChain``: the gazetteer with article context, then
the focus stage), on one core. A second pass times recognition alone (its gazetteer caches are
warm by then), a third blingfire's sentence and word splitting alone: the floor under both.
geotext (PyPI, `pip install geotext`) runs in the same process over the same texts; the ratios
are geomap's articles/s over geotext's. Times are CPU time of this process
(time.process_time), so a busy machine skews them less than wall time.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from geomap.gazetteer.index import Gazetteer
from geomap.recognize.recognizer import Recognizer
from geomap.records import Article
from geomap.resolve import GazetteerResolver, ResolverChain
from geomap.segment import sentences, word_spans

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


def _split(text: str) -> None:
    """blingfire's share of recognition, as the recogniser asks: words and sentences."""
    word_spans(text, 0, len(text))
    sentences(text)


def main(argv: list[str]) -> None:
    texts = load([Path(a) for a in argv] or DEFAULT)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    gazetteer = Gazetteer()
    recognizer, resolver = Recognizer(gazetteer), ResolverChain(GazetteerResolver(gazetteer))

    def geomap(text: str) -> None:
        resolver.resolve_article(recognizer.find(Article("a", text)))

    timed(geomap, texts[:50])  # open the index, fill the lookup cache a little
    ours = timed(geomap, texts)
    alone = timed(lambda text: recognizer.find(Article("a", text)), texts)
    split = timed(_split, texts)
    rows = [("geomap", ours), ("  recognise only", alone), ("  split only", split)]
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
    if len(rows) == 4:
        print(f"geomap / geotext speed ratio: {rows[3][1] / ours:.3f} "
              f"(recognition alone: {rows[3][1] / alone:.3f}, splitting alone: "
              f"{rows[3][1] / split:.3f})")


if __name__ == "__main__":
    main(sys.argv[1:])
