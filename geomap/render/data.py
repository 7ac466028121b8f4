"""Compact, columnar map data: what ``static/geomap.js`` needs for popups, and nothing more.

A Folium marker with a popup costs about 1.1 KB of HTML; a 100,000-incident map must stay near
0.3 KB per incident, quote included. So the incidents' GeoJSON is turned into one array per
field, every repeated string (event type, actor, place, date, resolver, article title...) is
stored once in a string table and referred to by its index, and only the fields a popup shows
are kept. Index 0 of the string table is ``null``. Above a size budget the per-incident details
are dropped and only what the heat layer and the country layer need is kept.

Examples
--------
>>> encode_incidents([], {})["lat"]
[]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

#: Columns holding an index into the string table, and the incident property each comes from.
STRING_COLUMNS = {
    "type": "event_type", "sub": "sub_event_type", "date": "event_date",
    "tprec": "time_precision", "expr": "date_expression", "place": "location_name",
    "qual": "qualifier", "a1": "actor1", "a2": "actor2", "basis": "location_basis",
    "res": "resolver", "cc": "country_code",
}
#: Columns holding a number (or null) as it is.
NUMBER_COLUMNS = {"prec": "geo_precision", "fat": "fatalities", "wnd": "wounded",
                  "src": "source_count", "gid": "geonameid"}
#: Columns holding a value as it is: unique per incident, so a string table would only add.
#: ``rev`` is a reviewer's correction applied by ``--corrections`` (null for most incidents).
PLAIN_COLUMNS = {"id": "incident_id", "rev": "review"}
#: What a heat-only map keeps: enough for the heat layer, the filters and the country layer.
HEAT_ONLY_COLUMNS = ("type", "date", "cc", "prec", "fat")
#: Coordinates are rounded to 5 decimals (about 1 m), as in the GeoJSON.
DIGITS = 5


class StringTable:
    """Strings stored once and referred to by index; index 0 is ``None``."""

    def __init__(self) -> None:
        self.values: list[str | None] = [None]
        self._index: dict[str | None, int] = {None: 0}

    def __call__(self, value: Any) -> int:
        """The index of ``value`` (as a string), added on first use."""
        key = None if value is None or value == "" else str(value)
        if key not in self._index:
            self._index[key] = len(self.values)
            self.values.append(key)
        return self._index[key]


def encode_incidents(features: Iterable[Mapping[str, Any]],
                     articles: Mapping[str, Mapping[str, Any]], *,
                     details: bool = True) -> dict[str, Any]:
    """Columnar incidents with quotes and the articles they cite.

    Parameters
    ----------
    features
        Incident features as written to ``incidents.geojson``; those without a geometry (no
        place found) cannot be drawn and are counted in ``unplaced``.
    articles
        Metadata per article id (``title``, ``url``, ``source``, ``published``).
    details
        False keeps only the heat/filter columns (:data:`HEAT_ONLY_COLUMNS`).
    """
    strings = StringTable()
    columns: dict[str, list[Any]] = {"lat": [], "lon": []}
    columns.update({name: [] for name in (*STRING_COLUMNS, *NUMBER_COLUMNS, *PLAIN_COLUMNS,
                                          "q")})
    quotes = _Quotes(strings, articles)
    unplaced = 0
    for feature in features:
        if not feature.get("geometry"):
            unplaced += 1
            continue
        lon, lat = feature["geometry"]["coordinates"][:2]
        props = feature.get("properties") or {}
        columns["lat"].append(round(float(lat), DIGITS))
        columns["lon"].append(round(float(lon), DIGITS))
        for name, prop in STRING_COLUMNS.items():
            columns[name].append(strings(props.get(prop)))
        for name, prop in NUMBER_COLUMNS.items():
            columns[name].append(props.get(prop))
        for name, prop in PLAIN_COLUMNS.items():
            columns[name].append(props.get(prop))
        columns["q"].append(quotes.add(props.get("quotes") or []))
    if not details:
        columns = {k: v for k, v in columns.items() if k in ("lat", "lon", *HEAT_ONLY_COLUMNS)}
        return {**columns, "strings": strings.values, "unplaced": unplaced, "details": False}
    return {**columns, **quotes.columns(), "strings": strings.values, "unplaced": unplaced,
            "details": True}


class _Quotes:
    """Quote texts and the articles they come from, each stored once."""

    def __init__(self, strings: StringTable, articles: Mapping[str, Mapping[str, Any]]) -> None:
        self.strings, self.articles = strings, articles
        self.quote_index: dict[tuple[str, str], int] = {}
        self.article_index: dict[str, int] = {}

    def add(self, quotes: list[Mapping[str, Any]]) -> int | list[int]:
        """Indexes of an incident's quotes: one int for one quote (the common case), else a list."""
        ids = [self._quote(str(q.get("article_id", "")), str(q.get("text", ""))) for q in quotes]
        return ids[0] if len(ids) == 1 else ids

    def _quote(self, article_id: str, text: str) -> int:
        key = (article_id, text)
        if key not in self.quote_index:
            self.article_index.setdefault(article_id, len(self.article_index))
            self.quote_index[key] = len(self.quote_index)
        return self.quote_index[key]

    def columns(self) -> dict[str, Any]:
        """``qt``/``qa`` (quote text, article) and ``art`` (article columns)."""
        ids = list(self.article_index)
        meta = [self.articles.get(a) or {} for a in ids]
        art = {"id": [self.strings(a) for a in ids]}
        art.update({key: [self.strings(m.get(key)) for m in meta]
                    for key in ("title", "url", "source", "published")})
        return {"qt": [text for _, text in self.quote_index],
                "qa": [self.article_index[a] for a, _ in self.quote_index], "art": art}


def country_totals(columns: Mapping[str, Any]) -> dict[str, list[int]]:
    """Incident count and fatalities per ISO country code (for tests and the notice)."""
    totals: dict[str, list[int]] = {}
    for cc, fat in zip(columns["cc"], columns["fat"], strict=True):
        code = columns["strings"][cc]
        if code:
            entry = totals.setdefault(code, [0, 0])
            entry[0] += 1
            entry[1] += fat or 0
    return totals
