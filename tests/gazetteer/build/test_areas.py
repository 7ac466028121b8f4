"""Second-level divisions: placed from their places, and named as English news names them."""

from __future__ import annotations

from geomap.gazetteer.build.areas import admin2_rows
from geomap.gazetteer.build.rows import Row


def _town(name: str, admin2: str, lat: float) -> Row:
    return Row(name=name, lat=lat, lon=122.5, geonameid=hash(name) % 10**6, fclass="P",
               fcode="PPL", cc="PH", admin1="06", population=900, source="geonames",
               names={name}, admin2=admin2)


def _rows(tmp_path, *lines: str) -> list[Row]:
    path = tmp_path / "admin2Codes.txt"
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    towns = [_town("Alpha", "30", 10.9), _town("Beta", "30", 11.1), _town("Gamma", "31", 10.0)]
    return list(admin2_rows(path, towns))


def test_a_division_named_type_first_is_also_indexed_by_its_bare_name(tmp_path):
    """"Province of Iloilo" is what English news calls "Iloilo province"."""
    (row,) = _rows(tmp_path, "PH.06.30\tProvince of Iloilo\tProvince of Iloilo\t1711004")
    assert row.names == {"Province of Iloilo", "Iloilo"}
    assert row.lat == 11.0


def test_french_and_portuguese_type_words_come_off_with_their_articles(tmp_path):
    rows = _rows(tmp_path, "PH.06.30\tProvince de la Komandjoari\tProvince de la Komandjoari\t1",
                 "PH.06.31\tCircunscrição de Macomia\tCircunscricao de Macomia\t2")
    assert [sorted(r.names) for r in rows] == [
        ["Komandjoari", "Province de la Komandjoari"],
        ["Circunscricao de Macomia", "Circunscrição de Macomia", "Macomia"]]



def test_a_division_named_with_a_type_word_after_it_is_also_indexed_by_its_bare_name(tmp_path):
    """"Masisi Territory", "Kurram District", "Volnovakha Raion": news writes "in Masisi"."""
    rows = _rows(tmp_path, "PH.06.30\tMasisi Territory\tMasisi Territory\t1",
                 "PH.06.31\tVolnovakha Raion\tVolnovakha Raion\t2")
    assert [sorted(r.names) for r in rows] == [["Masisi", "Masisi Territory"],
                                               ["Volnovakha", "Volnovakha Raion"]]

def test_a_name_without_type_words_first_gains_no_other_name(tmp_path):
    """"Distrito Capital" is not "Capital"; "Laurel County" keeps its own handling (a bare
    county name would be a second reading of thousands of US towns)."""
    rows = _rows(tmp_path, "PH.06.30\tDistrito Capital\tDistrito Capital\t1",
                 "PH.06.31\tLaurel County\tLaurel County\t2")
    assert [r.names for r in rows] == [{"Distrito Capital"}, {"Laurel County"}]


def test_french_compass_words_of_a_division_are_also_english():
    """Burkina Faso's "Est" region is the "East Region" of English reports."""
    from geomap.gazetteer.build.areas import english_compass

    assert english_compass("Est") == "East"
    assert english_compass("Centre-Nord") == "Centre-North"
    assert english_compass("Sud-Ouest") == "South-West"
    assert english_compass("Estado de Sahel") == "Estado de Sahel"
