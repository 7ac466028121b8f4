"""The map's places layer: one point per place the articles mention, gathered a mention at a
time, so a run hands them over as it writes ``mentions.geojson`` instead of the map reading
the file back.

A run of many articles mentions tens of thousands of places, and this layer grows with them
until the map is drawn: each place is a row of columns (numbers in arrays, strings shared),
not a dict and a set of its own, which took about 1 KB a place.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping
from typing import Any

from geomap.records import FOCUS_RESOLVER

#: The columns of :meth:`PlacesMentioned.columns`, and the keys of each of its rows.
COLUMNS = ("lat", "lon", "name", "count", "resolver", "feature_code", "texts")


class PlacesMentioned:
    """Resolved places mentioned, with their counts and spellings, and every mention's resolver
    (the map's credits), from mention features (as ``mentions.geojson`` holds them).

    Examples
    --------
    >>> places = PlacesMentioned()
    >>> places.add({"geometry": {"coordinates": [44.4, 33.3]}, "properties": {
    ...     "name": "Baghdad", "text": "Bagdad", "resolver": "gazetteer"}})
    >>> [(p["name"], p["count"], p["texts"]) for p in places.rows()]
    [('Baghdad', 1, ['Bagdad'])]
    """

    def __init__(self) -> None:
        #: Each place's row, by its point as one complex number (lon + lat·i): one small object
        #: a place for the key, where a tuple of two floats took three.
        self._row: dict[complex, int] = {}
        self._lat, self._lon = array("d"), array("d")
        self._count = array("q")
        self._name: list[str | None] = []
        self._resolver: list[str | None] = []
        self._code: list[str | None] = []
        #: Each place's spellings: one string, or a set when it has several (few places do).
        self._texts: list[str | set[str]] = []
        #: One copy of each resolver and feature code (a run has a few dozen of them).
        self._shared: dict[str | None, str | None] = {}
        #: The resolver of every mention added, placed or not.
        self.resolvers: set[str | None] = set()

    def add(self, feature: Mapping[str, Any]) -> None:
        """Count one mention feature."""
        props = feature.get("properties")
        if props:
            self.resolvers.add(props.get("resolver"))
        if not feature.get("geometry"):
            return
        lon, lat = feature["geometry"]["coordinates"][:2]
        assert props is not None
        text = str(props.get("text"))
        if props.get("resolver") == FOCUS_RESOLVER:  # a name placed only by its article's area
            area = "country" if str(props.get("feature_code")).startswith("PCL") else "area"
            text += f" (not found; put in its article's {area})"
        row = self._row.setdefault(complex(lon, lat), len(self._name))
        if row == len(self._name):
            self._lat.append(lat)
            self._lon.append(lon)
            self._count.append(1)
            self._name.append(props.get("name"))
            self._resolver.append(self._share(props.get("resolver")))
            self._code.append(self._share(props.get("feature_code")))
            self._texts.append(text)
            return
        self._count[row] += 1
        texts = self._texts[row]
        if isinstance(texts, set):
            texts.add(text)
        elif texts != text:
            self._texts[row] = {texts, text}

    def _share(self, value: str | None) -> str | None:
        return self._shared.setdefault(value, value)

    @staticmethod
    def essentials(feature: Mapping[str, Any]) -> dict[str, Any]:
        """What :meth:`add` reads of a mention feature: all a worker process need send."""
        props = feature.get("properties") or {}
        return {"geometry": feature.get("geometry"), "properties": {
            key: props.get(key) for key in ("name", "text", "resolver", "feature_code")}}

    def extend(self, features: Iterable[Mapping[str, Any]]) -> PlacesMentioned:
        """Count every feature of ``features``; this object."""
        for feature in features:
            self.add(feature)
        return self

    def columns(self) -> dict[str, list[Any]]:
        """The places in coordinate order as one list per :data:`COLUMNS` name (the map's
        payload: no keys repeated per place), each place's spellings sorted."""
        order = sorted(range(len(self._name)), key=lambda k: (self._lat[k], self._lon[k]))
        fields: dict[str, Any] = {
            "lat": self._lat, "lon": self._lon, "name": self._name, "count": self._count,
            "resolver": self._resolver, "feature_code": self._code, "texts": [
                [t] if isinstance(t, str) else sorted(t) for t in self._texts]}
        return {name: [fields[name][k] for k in order] for name in COLUMNS}

    def rows(self) -> list[dict[str, Any]]:
        """:meth:`columns` as one dict per place."""
        columns = self.columns()
        return [dict(zip(COLUMNS, row, strict=True))
                for row in zip(*(columns[name] for name in COLUMNS), strict=True)]
