"""GeoJSON (RFC 7946) FeatureCollections, marked by a top-level ``generator`` member.

A collection is written one feature per line, as GDAL writes GeoJSON: a diff of two runs
reads feature by feature, ``grep`` finds a feature whole, and every feature is encoded by the
standard library's C encoder (its indenting encoder is pure Python, and writing indented
files took a sixth of a whole run). :class:`FeatureStream` writes a collection one feature
at a time, so a run never holds a whole file in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from geomap.io.files import GENERATOR_MARK
from geomap.io.writers.base import Writer

#: One line of JSON, non-ASCII text as written (the C encoder: no indent).
encode_line = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _opening(head: dict[str, Any]) -> str:
    """The collection's members before its features, one per line, and the features' ``[``."""
    members = "".join(f"{encode_line(key)}: {encode_line(value)},\n"
                      for key, value in head.items() if key != "features")
    return "{\n" + members + '"features": ['


def _serialise(collection: dict[str, Any]) -> str:
    features = collection.get("features") or []
    lines = ",\n".join(map(encode_line, features))
    return _opening(collection) + ("\n" + lines + "\n" if features else "") + "]\n}\n"


class FeatureStream:
    """Write a FeatureCollection to ``path`` one feature at a time.

    The file holds exactly what :data:`GEOJSON` writes for the same collection; ``head`` is
    the collection without its features (``type``, ``generator``, ``attribution``), which come
    first, as in :func:`geomap.io.geojson.feature_collection`.

    Examples
    --------
    >>> with FeatureStream(path, head) as stream:  # doctest: +SKIP
    ...     stream.extend(features)
    """

    def __init__(self, path: Path, head: dict[str, Any]) -> None:
        self.path = path
        self.head = head
        self.count = 0
        self._fh: TextIO | None = None

    def __enter__(self) -> FeatureStream:
        self._fh = self.path.open("w", encoding="utf-8")
        self._fh.write(_opening(self.head))
        return self

    def write(self, feature: dict[str, Any]) -> None:
        """Append one feature."""
        self.write_encoded(encode_line(feature))

    def write_encoded(self, text: str) -> None:
        """Append one feature already encoded as ``encode_line(feature)``."""
        assert self._fh is not None, "use FeatureStream as a context manager"
        self._fh.write(("\n" if self.count == 0 else ",\n") + text)
        self.count += 1

    def extend(self, features: Iterable[dict[str, Any]]) -> None:
        """Append every feature of ``features``."""
        for feature in features:
            self.write(feature)

    def close(self, *, complete: bool = True) -> None:
        """End the collection (unless ``complete`` is False: a failed run) and close the file;
        closing twice does nothing."""
        if self._fh is None or self._fh.closed:
            return
        try:
            if complete:
                self._fh.write("\n]\n}\n" if self.count else "]\n}\n")
        finally:
            self._fh.close()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close(complete=kind is None)


def read_features(path: Path) -> Iterator[dict[str, Any]]:
    """The features of a collection written as :data:`GEOJSON` writes it, one at a time: each
    is a line of its own that opens with ``{"`` (or is ``{}``), the collection's own members
    and brackets are not."""
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith(("{\"", "{}")):
                yield json.loads(line.rstrip().removesuffix(","))


GEOJSON = Writer(".geojson", f'"generator": "{GENERATOR_MARK}"', _serialise, name="geojson")
