"""What ``geomap map`` draws: GeoJSON written by ``geomap run``, or articles (run through
the pipeline).

A ``.geojson`` input is an incidents or a mentions FeatureCollection (told apart by their
properties) and is checked before it is drawn, so a hand-edited file gives one line naming the
file and the field instead of a blank map. Any other input is read as articles: alone they are
processed by the pipeline; next to GeoJSON they only supply titles and links for the popups.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geomap.errors import InputError
from geomap.records import Article


@dataclass
class MapInputs:
    """Incident and mention features, plus the articles they cite."""

    incidents: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)


def read_map_inputs(inputs: Sequence[str], *, pipeline_factory: Callable[[], Any],
                    on_error: Callable[[InputError], None] | None = None) -> MapInputs:
    """Read every input; run the pipeline only when no incidents GeoJSON was given.

    Raises
    ------
    InputError
        When a GeoJSON file is unreadable or malformed, or nothing could be read at all.
    """
    from geomap.io.articles import read_articles
    from geomap.io.geojson import incident_feature

    result = MapInputs()
    geojson = [p for p in inputs if p.endswith(".geojson")]
    for path in geojson:
        kind, features = read_feature_collection(Path(path))
        getattr(result, kind).extend(features)
    others = [p for p in inputs if not p.endswith(".geojson")]
    if others:
        reading = read_articles(others, on_error=on_error) if on_error else read_articles(others)
        result.articles = list(reading)
    if not geojson:
        if not result.articles:
            raise InputError(f"no readable article or GeoJSON in {', '.join(inputs)}")
        run = pipeline_factory().run(result.articles)
        result.incidents = [incident_feature(i) for i in run.incidents]
        result.mentions = run.mentions_geojson()
    return result


#: Incident properties the map computes with: a number or null, never text.
NUMERIC_PROPERTIES = ("fatalities", "wounded", "geo_precision", "source_count")


def read_feature_collection(path: Path) -> tuple[str, list[dict[str, Any]]]:
    """``("incidents" | "mentions", features)`` from a checked GeoJSON file.

    Raises
    ------
    InputError
        Naming the file, the line (for JSON syntax) and the field at fault.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(path)) from err
    except UnicodeDecodeError as err:
        raise InputError(f"not UTF-8: {err.reason}", path=str(path)) from err
    except json.JSONDecodeError as err:
        raise InputError(f"not JSON: {err.msg}", path=str(path), line=err.lineno) from err
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or \
            not isinstance(data.get("features"), list):
        raise InputError("expected a GeoJSON FeatureCollection with a features list",
                         path=str(path), field="type")
    features = data["features"]
    first = features[0] if features and isinstance(features[0], dict) else {}
    kind = "mentions" if "start" in (first.get("properties") or {}) else "incidents"
    for number, feature in enumerate(features):
        _check_feature(feature, kind, path=str(path), where=f"features[{number}]")
    return kind, features


def _check_feature(feature: Any, kind: str, *, path: str, where: str) -> None:
    if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
        raise InputError("expected a Feature with properties", path=path, field=where)
    geometry = feature.get("geometry")
    if geometry is not None:
        coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if not _valid_point(geometry, coords):
            raise InputError("expected a Point [lon, lat] within [-180, 180] × [-90, 90]",
                             path=path, field=f"{where}.geometry")
    required = ("event_type",) if kind == "incidents" else ("text",)
    for name in required:
        if not isinstance(feature["properties"].get(name), str):
            raise InputError("missing or not text", path=path,
                             field=f"{where}.properties.{name}")
    for name in NUMERIC_PROPERTIES:
        value = feature["properties"].get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise InputError("expected a number or null", path=path,
                             field=f"{where}.properties.{name}")
    quotes = feature["properties"].get("quotes", [])
    if not isinstance(quotes, list) or not all(
            isinstance(q, dict) and isinstance(q.get("text"), str) for q in quotes):
        raise InputError("expected a list of {article_id, text}", path=path,
                         field=f"{where}.properties.quotes")


def _valid_point(geometry: dict[str, Any], coords: Any) -> bool:
    if geometry.get("type") != "Point" or not isinstance(coords, list) or len(coords) < 2:
        return False
    lon, lat = coords[:2]
    if isinstance(lon, bool) or isinstance(lat, bool) or \
            not all(isinstance(v, int | float) and math.isfinite(v) for v in (lon, lat)):
        return False
    return -180 <= lon <= 180 and -90 <= lat <= 90
