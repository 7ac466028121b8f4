"""The map's places layer: one point per place the articles mention, gathered a mention at a
time, so a run hands them over as it writes ``mentions.geojson`` instead of the map reading
the file back."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from geomap.records import FOCUS_RESOLVER


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
        self._grouped: dict[tuple[float, float], dict[str, Any]] = {}
        self._texts: dict[tuple[float, float], set[str]] = defaultdict(set)
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
        entry = self._grouped.setdefault((lat, lon), {
            "lat": lat, "lon": lon, "name": props.get("name"), "count": 0,
            "resolver": props.get("resolver"), "feature_code": props.get("feature_code")})
        entry["count"] += 1
        text = str(props.get("text"))
        if props.get("resolver") == FOCUS_RESOLVER:  # a name placed only by its article's area
            area = "country" if str(props.get("feature_code")).startswith("PCL") else "area"
            text += f" (not found; put in its article's {area})"
        self._texts[(lat, lon)].add(text)

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

    def rows(self) -> list[dict[str, Any]]:
        """One point per place, in coordinate order, with its count and sorted spellings."""
        return [dict(entry, texts=sorted(self._texts[key]))
                for key, entry in sorted(self._grouped.items())]
