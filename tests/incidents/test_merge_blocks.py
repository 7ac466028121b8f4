"""Cross-article merging compares an incident only with those near it."""

from __future__ import annotations

from datetime import date

from geomap.incidents import merge
from geomap.incidents.merge import merge_incidents
from geomap.records import EventDate, Incident, Mention, Place, Quote, Resolution


def _incident(k: int, lat: float, lon: float) -> Incident:
    place = Place(name=f"p{k}", lat=lat, lon=lon, feature_class="P", feature_code="PPL",
                  country_code="IQ")
    return Incident(incident_id=str(k), article_ids=(str(k),), event_type="Battles",
                    sub_event_type="Armed clash", trigger="clash",
                    quotes=(Quote(str(k), 0, 3, "abc"),),
                    location=Resolution(Mention(str(k), 0, 3, "abc"), place, "gazetteer"),
                    geo_precision=1, location_basis="syntactic", date=EventDate(date(2024, 1, 1)))


def test_far_incidents_are_never_compared(monkeypatch):
    compared = []
    original = merge.same_incident
    monkeypatch.setattr(merge, "same_incident",
                        lambda a, b: compared.append(1) or original(a, b))
    far = [_incident(k, -60 + k, -170 + 3 * k) for k in range(100)]
    assert len(merge_incidents(far)) == 100
    assert compared == []


def test_near_reports_still_merge_across_a_cell_border():
    a, b = _incident(1, 33.999, 44.0), _incident(2, 34.001, 44.0)  # two cells, 220 m apart
    (merged,) = merge_incidents([a, b])
    assert merged.article_ids == ("1", "2")
