"""A small, varied set of incidents for the reviewer's map tests, built in code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: (id, type, sub, actor1, actor2, country, fatalities, precision, date, place, lat, lon, quote)
ROWS = [
    ("inc-a01", "Battles", "Armed clash", "Army", "Rebels", "IQ", 3, 1, "2024-01-03", "Mosul",
     36.34, 43.13, "Soldiers clashed with rebels near the old bridge in Mosul."),
    ("inc-a02", "Battles", "Armed clash", "Army", "Militia", "IQ", 0, 2, "2024-01-05", "Tikrit",
     34.6, 43.68, "A firefight broke out on the outskirts of Tikrit."),
    ("inc-a03", "Explosions/Remote violence", "Air/drone strike", "Air force", None, "SY", 12, 1,
     "2024-01-09", "Idlib", 35.93, 36.63, "An air strike hit a market in Idlib, killing twelve."),
    ("inc-a04", "Explosions/Remote violence", "Shelling/artillery/missile attack", "Army", None,
     "SY", None, 3, "2024-01-12", "Aleppo", 36.2, 37.16, "Shelling was reported across Aleppo."),
    ("inc-a05", "Violence against civilians", "Attack", "Militia", "Civilians", "IQ", 5, 1,
     "2024-01-15", "Baghdad", 33.34, 44.4, "Gunmen attacked villagers in eastern Baghdad."),
    ("inc-a06", "Protests", "Peaceful protest", "Protesters", None, "IQ", None, 1, "2024-01-20",
     "Basra", 30.51, 47.78, "Hundreds marched peacefully in Basra over water shortages."),
    ("inc-a07", "Battles", "Armed clash", "Rebels", "Militia", "SY", 7, 1, "2024-01-25",
     "Homs", 34.73, 36.72, "Rebels and militia fought for the <b>citadel</b> of Homs."),
    ("inc-a08", "Explosions/Remote violence", "Remote explosive/landmine/IED", "Rebels", None,
     "SY", 2, 2, None, "Raqqa", 35.95, 39.01, "A roadside bomb exploded near Raqqa."),
]
ARTICLES = {"art-1": {"title": "Fighting in Iraq and Syria", "url": "https://example.org/1",
                      "source": "Wire", "published": "2024-01-26"}}


def features() -> list[dict[str, Any]]:
    """The incidents as ``incidents.geojson`` features."""
    out = []
    for n, (iid, kind, sub, a1, a2, cc, fat, prec, day, place, lat, lon, quote) in enumerate(ROWS):
        out.append({"type": "Feature", "id": iid, "geometry": {
            "type": "Point", "coordinates": [lon, lat]}, "properties": {
            "incident_id": iid, "event_type": kind, "sub_event_type": sub, "actor1": a1,
            "actor2": a2, "country_code": cc, "fatalities": fat, "geo_precision": prec,
            "event_date": day, "time_precision": "day" if day else None, "location_name": place,
            "geonameid": 1000 + n, "resolver": "gazetteer", "location_basis": "syntactic",
            "source_count": 1, "quotes": [{"article_id": "art-1", "text": quote}]}})
    return out


def review_map(folder: Path, **options: Any) -> Path:
    """Build and save the map of :data:`ROWS` in ``folder``."""
    from geomap.render.map import build_map, save_map

    html = build_map({"features": features()}, {"features": []}, ARTICLES, **options)
    return save_map(folder / "map.html", html, force=True)
