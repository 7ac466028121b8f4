"""The build's treatment of Natural Earth's disputed areas: their names and their duplicates."""

from __future__ import annotations

import json

from geomap.gazetteer.build.builder import Row, _name_rows
from geomap.gazetteer.build.regions import _own_label, disputed_rows


def _row(name: str, fcode: str, source: str, cc: str = "UA") -> Row:
    return Row(name=name, lat=45.0, lon=34.0, geonameid=None, fclass="L", fcode=fcode, cc=cc,
               admin1="", population=0, source=source, names={name})


def _feature(name: str, label: str, lon: float) -> dict:
    square = [[lon, 45.0], [lon + 1, 45.0], [lon + 1, 46.0], [lon, 46.0], [lon, 45.0]]
    return {"type": "Feature", "properties": {"BRK_NAME": name, "NAME": label, "ISO_A2": "UA"},
            "geometry": {"type": "Polygon", "coordinates": [square]}}


def test_a_claimants_name_is_no_name_of_the_disputed_area():
    assert _own_label({"BRK_NAME": "Abkhazia", "NAME": "Georgia"}) == set()
    assert _own_label({"BRK_NAME": "Rockall I.", "NAME": "Scotland"}) == set()
    assert _own_label({"BRK_NAME": "Korean Demilitarized Zone (south)",
                       "NAME": "Korean DMZ (south)"}) == {"Korean DMZ (south)"}
    assert _own_label({"BRK_NAME": "Gaza"}) == set()


def test_a_territory_another_area_already_names_is_left_out(tmp_path):
    """Crimea is a GeoNames division: Natural Earth's Crimea would be a second entry for it;
    a territory named only like a town ("Gaza" beside Gaza City) stays."""
    path = tmp_path / "disputed.json"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        _feature("Crimea", "Crimea", 33.0), _feature("Gaza", "Gaza", 34.0),
        _feature("Donbass", "Ukraine", 38.0)]}), encoding="utf-8")
    built = {1: _row("Crimea", "ADM1", "geonames"), 2: _row("Gaza", "PPLA", "geonames", "PS")}
    rows = list(disputed_rows(path, built=built))
    assert [(r.name, r.names) for r in rows] == [("Gaza", {"Gaza"}), ("Donbass", {"Donbass"})]


def test_a_bare_type_word_names_no_place_and_compass_names_are_written_both_ways():
    """One source gives Togo's Maritime region the alternate name "Région": indexed, every
    "the Southwest Region" elsewhere became "Region" in Togo. Cameroon's "South-West" is
    written "Southwest" as often."""
    keys = {key for key, _pid, _demonym in _name_rows(7, {"Région", "Maritime", "South-West"})}
    assert keys == {"maritime", "south west", "southwest"}
