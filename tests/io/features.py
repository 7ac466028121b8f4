"""Incident and mention features built in code from short sentences of our own."""

from __future__ import annotations

from datetime import date
from typing import Any

from geomap.io.geojson import incident_feature, mention_feature
from geomap.records import Article, EventDate, Incident, Mention, Quote, Resolution
from tests.helpers import place

TEXT = "Gunmen attacked a market in Mosul on Monday, killing four people."
OTHER = "A drone struck a convoy near Erbil."
MOSUL = place("Mosul", 36.34, 43.13, 99072, "PPLA", "IQ", 1_700_000, admin1="15")
ARTICLES = {"a1": Article("a1", TEXT, title="Market attack", published=date(2024, 3, 5),
                          url="https://news.example/a1", source="Example News"),
            "a2": Article("a2", OTHER)}


def mention(article_id: str = "a1", text: str = TEXT, word: str = "Mosul", *,
            placed: bool = True) -> Resolution:
    start = text.index(word)
    m = Mention(article_id, start, start + len(word), word, sentence_end=len(text))
    return Resolution(m, MOSUL if placed else None, "gazetteer" if placed else "none",
                      confidence=0.9 if placed else 0.0)


def incident(*, fatalities: int | None = 4, placed: bool = True, dated: bool = True,
             article_id: str = "a1", two_quotes: bool = False) -> Incident:
    text = ARTICLES[article_id].text
    quotes = (Quote(article_id, 0, len(text), text),)
    if two_quotes:
        quotes += (Quote(article_id, 0, 6, text[:6]),)
    return Incident(
        incident_id=f"inc-{article_id}", article_ids=(article_id,),
        event_type="Violence against civilians", sub_event_type="Attack", trigger="attacked",
        quotes=quotes, location=mention(article_id, text) if placed and article_id == "a1"
        else None, geo_precision=1 if placed else 3, location_basis="syntactic",
        date=EventDate(date(2024, 3, 4), "day", "on Monday", date(2024, 3, 5)) if dated
        else EventDate(None), actor1="Gunmen", fatalities=fatalities)


def incident_features(**kwargs: Any) -> list[dict[str, Any]]:
    """Two incidents: one placed, dated and sourced; one with nulls wherever they may be."""
    return [incident_feature(incident(two_quotes=True, **kwargs), articles=ARTICLES),
            incident_feature(incident(fatalities=None, placed=False, dated=False,
                                      article_id="a2"), articles=ARTICLES)]


def mention_features() -> list[dict[str, Any]]:
    """A placed mention and an unplaced one."""
    return [mention_feature(mention(), role="event_site", text=TEXT),
            mention_feature(mention("a2", OTHER, "Erbil", placed=False), role="context",
                            text=OTHER)]
