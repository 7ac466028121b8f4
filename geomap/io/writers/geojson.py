"""GeoJSON (RFC 7946) FeatureCollections, marked by a top-level ``generator`` member.

A collection is written one feature per line, as GDAL writes GeoJSON: a diff of two runs
reads feature by feature, ``grep`` finds a feature whole, and every feature is one line of
compact JSON (the standard library's indenting encoder is pure Python, and writing indented
files took a sixth of a whole run). :class:`FeatureStream` writes a collection one feature
at a time, so a run never holds a whole file in memory.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

import orjson

from geomap.io.files import GENERATOR_MARK
from geomap.io.writers.base import Writer

#: The standard library's encoder, writing what orjson writes, for what orjson refuses.
_compact = json.JSONEncoder(ensure_ascii=False, check_circular=False,
                            separators=(",", ":")).encode


def encode_line(value: Any) -> str:
    """One line of compact JSON, non-ASCII text as written.

    orjson, not the standard library: encoding every mention feature was the largest single
    cost of a run after the stages themselves, and orjson does it in a sixth of the time. A
    number that is no number (NaN, infinity) is written ``null``, as JSON has no such number
    (the standard library wrote ``NaN``, which GDAL and browsers refuse). An integer beyond 64
    bits (a figure written out in an article) or a key that is no string goes to the standard
    library's encoder instead, which writes it exactly.
    """
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # orjson.JSONEncodeError is one
        return _compact(_finite(value))


def _finite(value: Any) -> Any:
    """``value`` with every NaN or infinity as None, as orjson writes them."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


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
