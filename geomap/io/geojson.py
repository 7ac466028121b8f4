"""GeoJSON (RFC 7946) for mentions and incidents: the public interface other tools read.

Property names are stable; add, never rename. Inside geomap coordinates are (lat, lon);
:func:`lonlat` is the one place that turns them around.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from geomap.gazetteer.index import ATTRIBUTION
from geomap.io.output import GENERATOR_MARK, write
from geomap.records import Article, Incident, Mention, Place, Resolution

#: The longest quote a mention carries (a sentence is usually far shorter).
MAX_QUOTE_CHARS = 600


def lonlat(place: Place) -> list[float]:
    """GeoJSON position of a place: longitude first, as RFC 7946 requires."""
    return [place.lon, place.lat]


def _point(place: Place | None) -> dict[str, Any] | None:
    return {"type": "Point", "coordinates": lonlat(place)} if place else None


def mention_id(article_id: str, start: int, end: int) -> str:
    """A mention's stable id: its article and span, the same in every run and format."""
    return f"{article_id}:{start}:{end}"


def mention_feature(res: Resolution, *, role: str, text: str | None = None) -> dict[str, Any]:
    """One mention as a GeoJSON feature; unresolved mentions have ``geometry: null``.

    With the article ``text``, the mention carries its sentence as ``quote``, so a reviewer
    can place an unresolved mention by hand from the words that name it. ``mention_id`` comes
    last, so files written before it keep their property order.
    """
    m, p = res.mention, res.place
    start, end = quote_span(m)
    quote = ({"article_id": m.article_id, "start": start, "end": end, "text": text[start:end]}
             if text is not None and end > start else None)
    return {"type": "Feature", "geometry": _point(p), "properties": {
        "article_id": m.article_id, "start": m.start, "end": m.end, "text": m.text,
        "quote": quote,
        "kind": m.kind, "role": role, "qualifier": m.qualifier,
        "geonameid": p.geonameid if p else None, "name": p.name if p else None,
        "country_code": p.country_code if p else None,
        "feature_code": p.feature_code if p else None,
        "precision": p.precision if p else None, "resolver": res.resolver,
        "confidence": res.confidence, "signal": res.signal, "cached": res.cached,
        "error": res.error, "place_source": p.source if p else None,
        "candidates": [{"name": c.place.name, "geonameid": c.place.geonameid,
                        "country_code": c.place.country_code, "score": c.score,
                        "signal": c.signal} for c in res.candidates],
        "mention_id": mention_id(m.article_id, m.start, m.end)}}


def quote_span(mention: Mention) -> tuple[int, int]:
    """The span quoted with a mention: its sentence, or, in a sentence longer than
    :data:`MAX_QUOTE_CHARS` (a text with no full stop), the words around the mention, so a
    name repeated 10,000 times does not repeat its whole sentence 10,000 times."""
    start, end = mention.sentence_start, mention.sentence_end
    if end - start <= MAX_QUOTE_CHARS:
        return start, end
    half = (MAX_QUOTE_CHARS - (mention.end - mention.start)) // 2
    lo = max(start, mention.start - max(half, 0))
    return lo, min(end, max(mention.end, lo + MAX_QUOTE_CHARS))


def article_metadata(article_ids: Iterable[str],
                     articles: Mapping[str, Article] | None) -> dict[str, Any]:
    """Who published an incident's reports: ``source`` (every outlet, ``; ``-separated as ACLED
    writes them), ``url`` and ``title`` of the first article, ``published`` (the earliest
    date), and ``articles``, one record per article.

    Articles missing from ``articles`` (or ``articles`` None, when only incidents are at hand)
    give nulls, so the properties are there in every file.
    """
    found = [articles[a] for a in article_ids if articles and a in articles]
    outlets = list(dict.fromkeys(a.source for a in found if a.source))
    dates = sorted(a.published for a in found if a.published)
    return {"source": "; ".join(outlets) or None, "url": found[0].url if found else None,
            "title": found[0].title if found else None,
            "published": dates[0].isoformat() if dates else None,
            "articles": [{"article_id": a.id, "source": a.source, "url": a.url, "title": a.title,
                          "published": a.published.isoformat() if a.published else None}
                         for a in found]}


def incident_feature(inc: Incident, *,
                     articles: Mapping[str, Article] | None = None) -> dict[str, Any]:
    """One incident as a GeoJSON feature, with every quote that reports it and, given the
    ``articles`` by id, their outlet, URL, title and date (see :func:`article_metadata`)."""
    p, loc = inc.place, inc.location
    return {"type": "Feature", "id": inc.incident_id, "geometry": _point(p), "properties": {
        "incident_id": inc.incident_id, "article_ids": list(inc.article_ids),
        "source_count": len(inc.article_ids), "event_type": inc.event_type,
        "sub_event_type": inc.sub_event_type, "trigger": inc.trigger,
        "event_date": inc.date.value.isoformat() if inc.date.value else None,
        "time_precision": inc.date.precision if inc.date.value else None,
        "date_expression": inc.date.expression,
        "date_anchor": inc.date.anchor.isoformat() if inc.date.anchor else None,
        "actor1": inc.actor1, "actor2": inc.actor2, "fatalities": inc.fatalities,
        "fatalities_low": inc.fatalities_low, "fatalities_high": inc.fatalities_high,
        "wounded": inc.wounded,
        "location_name": p.name if p else None,
        "location_text": loc.mention.text if loc else None,
        "qualifier": loc.mention.qualifier if loc else None,
        "geonameid": p.geonameid if p else None, "country_code": p.country_code if p else None,
        "geo_precision": inc.geo_precision, "location_basis": inc.location_basis,
        "resolver": loc.resolver if loc else None,
        "evidence": dict(inc.evidence),
        "quotes": [{"article_id": q.article_id, "start": q.start, "end": q.end, "text": q.text}
                   for q in inc.quotes],
        "site_mentions": [{"article_id": m.article_id, "start": m.start, "end": m.end,
                           "text": m.text} for m in inc.site_mentions],
        **article_metadata(inc.article_ids, articles)}}


def feature_collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection marked as geomap's output, with the data attribution."""
    return {"type": "FeatureCollection", "generator": GENERATOR_MARK,
            "attribution": ATTRIBUTION, "features": list(features)}


def write_geojson(path: Path, features: Iterable[dict[str, Any]], *, force: bool = False) -> Path:
    """Write features as a GeoJSON FeatureCollection, atomically."""
    return write(path, feature_collection(features), force=force)
