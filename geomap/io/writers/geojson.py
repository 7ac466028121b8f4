"""GeoJSON (RFC 7946) FeatureCollections, marked by a top-level ``generator`` member.

The files are indented by one space, as ``json.dumps(indent=1)`` writes them, so a diff of two
runs reads feature by feature. The standard library's indenting encoder is pure Python and was
a sixth of a whole run; :func:`dumps_indented` writes the same bytes with its strings escaped
by the C encoder, and :class:`FeatureStream` writes a collection one feature at a time, so a
run never holds a whole file in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from geomap.io.files import GENERATOR_MARK
from geomap.io.writers.base import Writer

_FLOAT_WORDS = {float("inf"): "Infinity", float("-inf"): "-Infinity"}


class _Unusual(Exception):
    """A value :func:`dumps_indented` does not handle itself: json.dumps writes it instead."""


def _scalar(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if value != value:
            return "NaN"
        return _FLOAT_WORDS.get(value) or float.__repr__(value)
    raise _Unusual


def _encode(value: Any, indent: str, out: list[str]) -> None:
    """Append ``value`` to ``out`` as ``json.dumps(indent=1)`` writes it at ``indent``.

    A string, a finite float or anything else scalar inside a container is written where it
    is met, without a call of its own: they are most of a feature's values.
    """
    kind = type(value)
    if kind is dict:
        if not value:
            out.append("{}")
            return
        inner = indent + " "
        sep = "{\n" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            kind = type(item)
            if kind is str:
                out.append(sep + encode_basestring(key) + ": " + encode_basestring(item))
            elif kind is dict or kind is list or kind is tuple:
                out.append(sep + encode_basestring(key) + ": ")
                _encode(item, inner, out)
            else:
                out.append(sep + encode_basestring(key) + ": " + _scalar(item))
            sep = ",\n" + inner
        out.append("\n" + indent + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = indent + " "
        sep = "[\n" + inner
        for item in value:
            kind = type(item)
            if kind is float and item - item == 0.0:  # finite: its repr
                out.append(sep + float.__repr__(item))
            elif kind is str:
                out.append(sep + encode_basestring(item))
            elif kind is dict or kind is list or kind is tuple:
                out.append(sep)
                _encode(item, inner, out)
            else:
                out.append(sep + _scalar(item))
            sep = ",\n" + inner
        out.append("\n" + indent + "]")
    else:
        out.append(_scalar(value))


def dumps_indented(value: Any, *, level: int = 0) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=1)``, byte for byte, faster; ``level``
    spaces of indentation already taken (a feature inside a collection is at level 2)."""
    out: list[str] = []
    try:
        _encode(value, " " * level, out)
    except _Unusual:  # a key or value type geomap never writes: the standard encoder's text
        text = json.dumps(value, ensure_ascii=False, indent=1)
        return text.replace("\n", "\n" + " " * level)
    return "".join(out)


def _serialise(collection: dict[str, Any]) -> str:
    return dumps_indented(collection) + "\n"


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
        text = dumps_indented({**self.head, "features": None})
        self._fh.write(text[:-len("null\n}")] + "[")
        return self

    def write(self, feature: dict[str, Any]) -> None:
        """Append one feature."""
        self.write_encoded(dumps_indented(feature, level=2))

    def write_encoded(self, text: str) -> None:
        """Append one feature already encoded as ``dumps_indented(feature, level=2)``."""
        assert self._fh is not None, "use FeatureStream as a context manager"
        self._fh.write(("\n  " if self.count == 0 else ",\n  ") + text)
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
                self._fh.write("\n ]\n}\n" if self.count else "]\n}\n")
        finally:
            self._fh.close()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close(complete=kind is None)


def read_features(path: Path) -> Iterator[dict[str, Any]]:
    """The features of a collection written as :data:`GEOJSON` writes it, one at a time.

    Each feature of such a file starts on a line ``  {`` and ends on one ``  }`` (or ``  },``):
    no string holds a line break and everything inside a feature is indented further.
    """
    lines: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if lines:
                lines.append(line)
                if line.rstrip("\n,") == "  }":
                    yield json.loads("".join(lines).rstrip().rstrip(","))
                    lines = []
            elif line == "  {\n":
                lines.append(line)
            elif line.rstrip("\n,") == "  {}":
                yield {}


GEOJSON = Writer(".geojson", f'"generator": "{GENERATOR_MARK}"', _serialise, name="geojson")
