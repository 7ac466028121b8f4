"""The build's treatment of Natural Earth's disputed areas: their names and their duplicates."""

from __future__ import annotations

from geomap.gazetteer_build import Row, _without_duplicate_territories
from geomap.gazetteer_sources import _own_label


def _row(name: str, fcode: str, source: str, cc: str = "UA") -> Row:
    return Row(name=name, lat=45.0, lon=34.0, geonameid=None, fclass="L", fcode=fcode, cc=cc,
               admin1="", population=0, source=source, names={name})


def test_a_claimants_name_is_no_name_of_the_disputed_area():
    assert _own_label({"BRK_NAME": "Abkhazia", "NAME": "Georgia"}) == set()
    assert _own_label({"BRK_NAME": "Rockall I.", "NAME": "Scotland"}) == set()
    assert _own_label({"BRK_NAME": "Korean Demilitarized Zone (south)",
                       "NAME": "Korean DMZ (south)"}) == {"Korean DMZ (south)"}
    assert _own_label({"BRK_NAME": "Gaza"}) == set()


def test_a_territory_another_area_already_names_is_left_out():
    """Crimea is a GeoNames division: Natural Earth's Crimea would be a second entry for it;
    a territory named like a town (Gaza) stays."""
    rows = [_row("Crimea", "ADM1", "geonames"), _row("Crimea", "TERR", "naturalearth"),
            _row("Gaza", "PPLA", "geonames", "PS"), _row("Gaza", "TERR", "naturalearth", "PS"),
            _row("Golan Heights", "AREA", "curated:curated_places.csv", "SY"),
            _row("Golan Heights", "TERR", "naturalearth", "IL")]
    kept = [(r.name, r.source) for r in _without_duplicate_territories(rows)]
    assert kept == [("Crimea", "geonames"), ("Gaza", "geonames"), ("Gaza", "naturalearth"),
                    ("Golan Heights", "curated:curated_places.csv")]
