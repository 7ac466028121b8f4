"""Merging as a stream, blocked by cell and day, with incidents spilled to disk, gives what
comparing every new report with every kept incident gives."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from geomap.geometry import around, cell
from geomap.incidents.actors import actor_rank
from geomap.incidents.merge import (
    IncidentMerger,
    _better_date,
    _max,
    merge_incidents,
    same_incident,
)
from geomap.records import Candidate, EventDate, Incident, Mention, Place, Quote, Resolution

DAY = date(2024, 3, 1)
TYPES = ("Battles", "Explosions/Remote violence")


def _all_pairs(incidents: list[Incident]) -> list[Incident]:
    """The definition: each report joins the first kept incident near it that is the same."""
    merged: list[Incident] = []
    for incident in incidents:
        near = set(around(incident.place)) if incident.place else set()
        index = next((k for k, kept in enumerate(merged) if kept.place and incident.place
                      and cell(kept.place) in near and same_incident(kept, incident)), None)
        if index is None:
            merged.append(incident)
        else:
            merged[index] = _fold_as_first_written(merged[index], incident)
    return merged


def _fold_as_first_written(a: Incident, b: Incident) -> Incident:
    """A report folded into an incident by extending each of its tuples with the records of
    the report's it lacks."""
    actor1 = a.actor1 or b.actor1
    others = [x for x in (a.actor2, b.actor2, b.actor1) if x and x != actor1]
    better = a if a.geo_precision <= b.geo_precision else b
    return replace(
        a, quotes=a.quotes + tuple(q for q in b.quotes if q not in a.quotes),
        article_ids=a.article_ids + tuple(x for x in b.article_ids if x not in a.article_ids),
        site_mentions=a.site_mentions + tuple(m for m in b.site_mentions
                                              if m not in a.site_mentions),
        actor1=actor1, actor2=min(others, key=actor_rank, default=None),
        date=_better_date(a.date, b.date), location=better.location,
        geo_precision=better.geo_precision, location_basis=better.location_basis,
        fatalities=_max(a.fatalities, b.fatalities),
        fatalities_low=_max(a.fatalities_low, b.fatalities_low),
        fatalities_high=_max(a.fatalities_high, b.fatalities_high),
        wounded=_max(a.wounded, b.wounded))


#: Corners of the world where a grid of degrees and the Earth's shape disagree most: a 1°
#: cell border (34° N), near the pole (89.9° N) and beside the antimeridian.
ORIGINS = ((33.98, 44.0), (89.9, 10.0), (-10.0, 179.9), (-10.0, -179.999))


#: Strategies drawn from per report, built once (building them per draw was most of the time).
_DAY_OR_NONE = st.none() | st.integers(0, 4).map(lambda d: DAY + timedelta(days=d))
_SHARED, _COUNT = st.none() | st.integers(0, 2), st.none() | st.integers(0, 9)


@st.composite
def reports(draw: st.DrawFn) -> list[Incident]:
    count = draw(st.integers(1, 40))
    origin = draw(st.sampled_from(ORIGINS))
    out = []
    for k in range(count):
        articles = (f"a{draw(st.integers(0, max(count // 3, 1)))}",)
        if draw(st.integers(0, 7)) == 0:  # a report already merged from two articles
            articles += (f"b{draw(st.integers(0, 2))}",)
        article = articles[0]
        placed = draw(st.booleans()) or k % 5
        # a few places 0-9 km apart, on both sides of a cell border, some far away
        lat = origin[0] + draw(st.integers(0, 8)) * 0.01 + draw(st.sampled_from((0, 0, -5)))
        lon = origin[1] + draw(st.integers(0, 8)) * 0.012
        place = Place(name=f"p{lat}", lat=lat, lon=lon, feature_class="P",
                      feature_code="PPL", country_code="IQ") if placed else None
        value, anchor = draw(_DAY_OR_NONE), draw(_DAY_OR_NONE)
        mention = Mention(article, k, k + 3, "abc")
        # some reports quote a sentence, or name a site, that another report gives too
        quote = Quote(article, k, k + 3, f"q{k}")
        shared = draw(_SHARED)
        if shared is not None:
            quote, mention = Quote("w", shared, 9, "wire"), Mention("w", shared, 3, "abc")
        out.append(Incident(
            incident_id=f"i{k}", article_ids=articles, event_type=draw(st.sampled_from(TYPES)),
            sub_event_type="x", trigger="t", quotes=(quote, Quote(article, 0, 1, "q")),
            location=Resolution(mention, place, "gazetteer") if place else None,
            geo_precision=draw(st.integers(1, 3)), location_basis="syntactic",
            date=EventDate(value, "day" if value else None, None, anchor),
            actor1=draw(st.sampled_from((None, "Army", "Rebels"))),
            actor2=draw(st.sampled_from((None, "Civilians"))),
            fatalities=draw(_COUNT), wounded=draw(_COUNT), site_mentions=(mention,)))
    return out


@settings(max_examples=300, deadline=None)
@given(reports(), st.integers(1, 6))
def test_blocked_and_spilled_merging_equals_all_pairs(incidents, hot):
    merger = IncidentMerger(hot=hot)
    try:
        merger.extend(incidents)
        assert list(merger) == _all_pairs(incidents)
    finally:
        merger.close()


def test_merge_incidents_is_the_merger_read_back():
    a = _report("a", DAY, 33.5)
    b = _report("b", DAY + timedelta(days=1), 33.5)
    c = _report("c", DAY + timedelta(days=9), 33.5)
    assert [i.article_ids for i in merge_incidents([a, b, c])] == [("a", "b"), ("c",)]


def test_the_spill_file_is_removed_on_close(tmp_path):
    merger = IncidentMerger(hot=1, spill_dir=tmp_path)
    merger.extend(_report(str(k), DAY + timedelta(days=3 * k), 33.5) for k in range(5))
    assert any(tmp_path.iterdir())
    assert [i.article_ids for i in merger] == [(str(k),) for k in range(5)]
    merger.close()
    assert not any(tmp_path.iterdir())


def _report(article: str, day: date, lat: float) -> Incident:
    place = Place(name="p", lat=lat, lon=44.0, feature_class="P", feature_code="PPL",
                  country_code="IQ")
    mention = Mention(article, 0, 3, "abc")
    return Incident(incident_id=article, article_ids=(article,), event_type="Battles",
                    sub_event_type="x", trigger="t", quotes=(Quote(article, 0, 3, "abc"),),
                    location=Resolution(mention, place, "gazetteer"), geo_precision=1,
                    location_basis="syntactic", date=EventDate(day, "day"))


def test_a_spilled_incident_comes_back_whole(tmp_path):
    place = Place(name="Mosul", lat=36.3, lon=43.1, geonameid=99072, feature_class="P",
                  feature_code="PPLA", country_code="IQ", population=1)
    mention = Mention("a", 0, 5, "Mosul", sentence_end=9, qualifier="near", after=" on")
    full = Incident(
        incident_id="i", article_ids=("a", "b"), event_type="Battles", sub_event_type="x",
        trigger="t", quotes=(Quote("a", 0, 9, "Mosul ..."),),
        location=Resolution(mention, place, "nominatim", 0.5, (Candidate(place, 1.0, "name"),),
                            raw={"osm_id": 7, "names": ["Mosul"]}),
        geo_precision=2, location_basis="syntactic",
        date=EventDate(DAY, "day", "on 1 March", DAY), actor1="Army", fatalities=3,
        site_mentions=(mention,), evidence=(("date", "on 1 March"),))
    far = [_report(str(k), DAY + timedelta(days=3 * k), 33.5) for k in range(3)]
    merger = IncidentMerger(hot=1, spill_dir=tmp_path)
    merger.extend([full, *far])
    back = list(merger)
    merger.close()
    assert back[0] == full
    assert back[0].location.raw == {"osm_id": 7, "names": ["Mosul"]}
