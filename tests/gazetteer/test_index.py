"""Gazetteer logic on data built in code: queries, ordering, user places, the text matcher, and
the index builder run on GeoNames-format dump files written by the test."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap.errors import GazetteerError, InputError
from geomap.gazetteer.build.builder import build
from geomap.gazetteer.index import Gazetteer, class_rank
from geomap.gazetteer.user_places import read_user_places
from geomap.records import Place
from tests.helpers import country_row as _country_row
from tests.helpers import geonames_row as _geonames_row

# --- queries on the ten-row gazetteer (tests/conftest.py) ------------------------------------


def test_countries_come_before_towns_of_the_same_name(tiny_gazetteer):
    for name, cc in (("Jordan", "JO"), ("Lebanon", "LB")):
        places = tiny_gazetteer.by_name(name)
        assert places[0].country_code == cc
        assert places[0].feature_code == "PCLI"
        assert {p.country_code for p in places[1:]} >= {"US"}


def test_spelling_variants_reach_the_same_place(tiny_gazetteer):
    for name in ("Erbil", "ERBIL", "Arbil", "Hewler", "Dayr az-Zawr", "deir ez zor", "Bagdad"):
        assert tiny_gazetteer.by_name(name), name
    assert tiny_gazetteer.by_name("Hewler")[0].geonameid == 95446
    assert tiny_gazetteer.by_name("dayr az zawr")[0].geonameid == 170794


def test_an_arabic_article_is_optional(tiny_gazetteer):
    assert tiny_gazetteer.by_name("al-Mosul")[0].geonameid == 99072
    assert tiny_gazetteer.by_name("Al Baghdad")[0].geonameid == 98182


def test_demonym_points_at_its_country_and_is_not_a_toponym(tiny_gazetteer):
    assert tiny_gazetteer.demonym("Iraqi").country_code == "IQ"
    assert tiny_gazetteer.demonym("Baghdad") is None
    assert tiny_gazetteer.by_name("Iraqi") == []
    assert tiny_gazetteer.by_name("Iraqi", demonyms=True)[0].geonameid == 99237


def test_country_filter(tiny_gazetteer):
    assert [p.geonameid for p in tiny_gazetteer.by_name("Jordan", country="US")] == [5122534]
    assert tiny_gazetteer.by_name("Jordan", country="IQ") == []


def test_by_id_country_admin1_and_in_country():
    gaz = Gazetteer.from_places([
        (Place("Iraq", 33.0, 44.0, 99237, "A", "PCLI", "IQ", population=38_000_000), []),
        (Place("Erbil", 36.19, 44.01, 95445, "A", "ADM1", "IQ", "11"), []),
        (Place("Erbil", 36.19, 44.01, 95446, "P", "PPLA", "IQ", "11", 930_000), []),
        (Place("Soran", 36.65, 44.54, 94298, "P", "PPL", "IQ", "11", 100_000), []),
    ])
    assert gaz.by_id(95446).name == "Erbil"
    assert gaz.by_id(1) is None
    assert gaz.country("iq").geonameid == 99237
    assert gaz.country("SY") is None
    assert gaz.admin1("IQ", "11").geonameid == 95445
    assert [p.geonameid for p in gaz.in_country("IQ", limit=2)] == [99237, 95446]


def test_country_and_admin1_take_the_first_place_in_pid_order_and_nothing_else():
    gaz = Gazetteer.from_places([
        (Place("Kurdistan", 36.0, 44.0, 95449, "A", "ADM1", "IQ", "11"), []),
        (Place("Erbil", 36.19, 44.01, 95445, "A", "ADM1", "IQ", "11"), []),
        (Place("Iraq", 33.0, 44.0, 99237, "A", "PCLI", "IQ", population=38_000_000), []),
        (Place("Erbil", 36.19, 44.01, 95446, "P", "PPLA", "IQ", "12", 930_000), []),
    ])
    assert gaz.admin1("iq", "11").geonameid == 95445
    assert gaz.admin1("IQ", "12") is None  # a town is no division
    assert gaz.admin1("IQ", "") is None
    assert gaz.country("IQ").name == "Iraq"


def test_saint_mount_and_fort_are_found_written_either_way():
    gaz = Gazetteer.from_places([
        (Place("Saint Paris", 40.13, -83.96, 4520, "P", "PPL", "US", "OH", 2_000), []),
        (Place("Mt. Vernon", 38.3, -88.9, 4245, "P", "PPL", "US", "IL", 15_000), []),
        (Place("St Albans", 51.75, -0.33, 2638867, "P", "PPL", "GB", population=80_000), []),
        (Place("Saint Albans", 44.8, -73.08, 5240, "P", "PPL", "US", "VT", 6_900), []),
    ])
    assert [p.geonameid for p in gaz.by_name("St. Paris")] == [4520]
    assert [p.geonameid for p in gaz.by_name("Mount Vernon")] == [4245]
    assert gaz.find_names("Fire in Mt. Vernon and St. Paris") == [(8, 18), (23, 32)]
    # the spelling as written comes first; the other only when it names nothing
    assert [p.geonameid for p in gaz.by_name("St Albans")] == [2638867]


def test_a_division_named_like_its_seat_follows_the_seat():
    gaz = Gazetteer.from_places([
        (Place("Erbil", 36.2, 44.0, 95445, "A", "ADM1", "IQ", "11"), []),
        (Place("Erbil", 36.19, 44.01, 95446, "P", "PPLA", "IQ", "11", 930_000), []),
        (Place("Al Anbar", 33.4, 43.3, 99592, "A", "ADM1", "IQ", "01"), ["Anbar"]),
        (Place("Ambar", 38.0, 41.0, 1, "P", "PPL", "TR", "21", 500), []),
    ])
    assert [p.feature_code for p in gaz.by_name("Erbil")] == ["PPLA", "ADM1"]
    assert gaz.by_name("Anbar")[0].geonameid == 99592


def test_a_sea_outranks_a_division_named_after_it():
    sea = Place("Red Sea", 20.27, 38.53, 350155, "H", "SEA")
    gaz = Gazetteer.from_places([
        (Place("Red Sea", 26.0, 33.9, 361468, "A", "ADM1", "EG", "02"), []),
        (sea, []),
        (Place("Red Sea", 19.6, 37.2, 408646, "A", "ADM1", "SD", "36"), []),
    ])
    assert gaz.by_name("Red Sea")[0] == sea
    assert class_rank(sea) > class_rank(gaz.by_name("Red Sea")[1])


# --- user places ------------------------------------------------------------------------------


def _write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.fixture
def user_csv(tmp_path) -> Path:
    return _write_csv(tmp_path / "mine.csv", [
        ["name", "lat", "lon", "alternate_names", "feature_code", "country_code"],
        ["Jordan", "31.95", "35.93", "Camp Jordan|CJ base", "INSM", "jo"],
        ["Al Omar oil field", "35.05", "40.60", "", "", "SY"],
    ])


def test_user_places_win_for_every_name_they_carry(tiny_gazetteer, user_csv):
    gaz = Gazetteer.from_places([])
    gaz.add_places(read_user_places(user_csv))
    assert gaz.by_name("Camp Jordan")[0].source == "user:mine.csv"
    assert gaz.by_name("Omar oil field")[0].country_code == "SY"  # article stripped
    tiny = Gazetteer.from_places([(Place("Jordan", 31.0, 36.5, 248816, "A", "PCLI", "JO"), [])])
    tiny.add_places(read_user_places(user_csv))
    first = tiny.by_name("Jordan")[0]
    assert (first.feature_code, first.country_code) == ("INSM", "JO")
    assert tiny.by_name("Jordan")[1].geonameid == 248816


def test_user_places_from_the_environment(tmp_path, user_csv, monkeypatch):
    monkeypatch.setenv("GEOMAP_PLACES", str(user_csv))
    gaz = Gazetteer()
    assert gaz.by_name("CJ base")[0].source == "user:mine.csv"
    assert gaz.by_name("Jordan")[0].feature_code == "INSM"
    explicit = _write_csv(tmp_path / "other.csv", [["name", "lat", "lon"], ["Zulu", "1", "2"]])
    gaz = Gazetteer(places_csv=explicit)
    assert gaz.lookup("zulu")
    assert not gaz.lookup("cj base")  # --places replaces $GEOMAP_PLACES


def test_user_places_from_the_config_folder(tmp_path, monkeypatch, user_csv):
    import geomap.gazetteer.user_places as places

    config = tmp_path / "config" / "places.csv"
    monkeypatch.setattr(places, "config_places_path", lambda: config)
    monkeypatch.delenv("GEOMAP_PLACES", raising=False)
    assert Gazetteer().user_files == []
    config.parent.mkdir()
    config.write_text(user_csv.read_text(encoding="utf-8"), encoding="utf-8")
    gaz = Gazetteer()
    assert gaz.by_name("CJ base")[0].source == "user:places.csv"
    assert gaz.info()["user_places"] == [str(config)]
    monkeypatch.setenv("GEOMAP_PLACES", "")  # set but empty: no user places at all
    assert Gazetteer().user_files == []


def test_in_admin1():
    gaz = Gazetteer.from_places([
        (Place("Erbil", 36.2, 44.0, 95445, "A", "ADM1", "IQ", "11"), []),
        (Place("Erbil", 36.19, 44.01, 95446, "P", "PPLA", "IQ", "11", 930_000), []),
        (Place("Soran", 36.65, 44.54, 94298, "P", "PPL", "IQ", "11", 100_000), []),
        (Place("Mosul", 36.34, 43.13, 99072, "P", "PPLA", "IQ", "15", 1_700_000), []),
    ])
    assert [p.name for p in gaz.in_admin1("iq", "11")] == ["Erbil", "Soran"]


@pytest.mark.parametrize(("rows", "message"), [
    ([["name", "lat"], ["X", "1"]], "mine.csv:1: missing column(s) lon"),
    ([["name", "lat", "lon"], ["X", "north", "2"]], "mine.csv:2: lat: not a number: 'north'"),
    ([["name", "lat", "lon"], ["X", "1", "2"], ["Y", "95", "2"]],
     "mine.csv:3: lat/lon: latitude must be in [-90, 90], got 95.0"),
    ([["name", "lat", "lon"], ["", "1", "2"]], "mine.csv:2: name: empty"),
    ([["name", "lat", "lon"], ["X", "", "2"]], "mine.csv:2: lat: empty"),
    ([["name", "lat", "lon", "population"], ["X", "1", "2", "many"]],
     "mine.csv:2: population: not a number: 'many'"),
    ([["name", "lat", "lon"], ["X", "1", "2", "extra"]], "mine.csv:2: more fields than the header"),
])
def test_bad_user_places_name_file_line_and_field(tmp_path, rows, message):
    path = _write_csv(tmp_path / "mine.csv", rows)
    with pytest.raises(InputError) as err:
        read_user_places(path)
    assert str(err.value) == f"{path.parent}/{message}"


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("name,latoLN\"|\n\r 0123456789.-éx")),
               max_size=80))
def test_user_places_reader_either_reads_or_names_the_problem(tmp_path, content):
    path = tmp_path / "fuzz.csv"
    path.write_text("name,lat,lon\n" + content, encoding="utf-8")
    try:
        places, problem = read_user_places(path), ""
    except InputError as err:
        places, problem = [], str(err)
    assert not problem or problem.startswith(f"{path}:")
    assert all(-90 <= p.lat <= 90 and p.name for p, _ in places)


def test_missing_user_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match=r"nope\.csv: cannot read"):
        Gazetteer(places_csv=tmp_path / "nope.csv")


def test_missing_or_foreign_index_fails_on_first_query(tmp_path):
    with pytest.raises(GazetteerError, match="gazetteer index not found"):
        Gazetteer(tmp_path / "none.sqlite").by_name("Baghdad")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(GazetteerError, match="not a geomap gazetteer index"):
        Gazetteer(junk).by_name("Baghdad")


# --- the text matcher -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def matcher() -> Gazetteer:
    return Gazetteer.from_places([
        (Place("Deir ez-Zor", 35.33, 40.14, 170794, "P", "PPLA", "SY"), ["Dayr az Zawr"]),
        (Place("Deir", 35.0, 40.0, 1, "P", "PPL", "SY"), []),
        (Place("Strait of Hormuz", 26.57, 56.25, None, "H", "STRT"), []),
        (Place("Baghdad", 33.34, 44.40, 98182, "P", "PPLC", "IQ"), []),
        (Place("Kata'ib", 1.0, 1.0, 2, "P", "PPL", "IQ"), []),
        (Place("New York City", 40.7, -74.0, 5128581, "P", "PPL", "US"), []),
        (Place("St. Petersburg", 59.9, 30.3, 498817, "P", "PPLA", "RU"), []),
    ])


def _found(gaz: Gazetteer, text: str, **options) -> list[str]:
    return [text[a:b] for a, b in gaz.find_names(text, **options)]


def test_matcher_takes_the_longest_name(matcher):
    text = "Drones struck Deir ez-Zor, then Deir and the Strait of Hormuz near Baghdad."
    assert _found(matcher, text) == ["Deir ez-Zor", "Deir", "Strait of Hormuz", "Baghdad"]


def test_matcher_backs_off_to_a_shorter_name(matcher):
    assert _found(matcher, "Deir ez Qaim, New York") == ["Deir"]


def test_matcher_does_not_join_across_punctuation(matcher):
    assert _found(matcher, "Deir. Ez-Zor") == ["Deir"]
    assert _found(matcher, "Deir, ez-Zor") == ["Deir"]
    assert _found(matcher, "in St. Petersburg.") == ["St. Petersburg"]


def test_matcher_capitalisation_and_apostrophes(matcher):
    assert _found(matcher, "the baghdad office") == []
    assert _found(matcher, "the baghdad office", capitalised=False) == ["baghdad"]
    assert _found(matcher, "Kata’ib fighters") == ["Kata’ib"]


def test_matcher_sees_user_places(matcher, tmp_path):
    gaz = Gazetteer.from_places([])
    gaz.add_places([(Place("Camp Alpha North", 1.0, 2.0), [])])
    assert _found(gaz, "Troops left Camp Alpha North at dawn.") == ["Camp Alpha North"]
    assert _found(gaz, "Troops left Camp Alpha at dawn.") == []


# --- the builder on GeoNames-format files written here ----------------------------------------


@pytest.fixture(scope="module")
def dumps(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("dumps")
    (root / "countryInfo.txt").write_text(
        "#ISO\tISO3\t...\n" + _country_row("IQ", "Iraq", 99237, 38_000_000, "SY,TR")
        + _country_row("US", "United States", 6252001, 330_000_000), encoding="utf-8")
    (root / "cities15000.txt").write_text(
        _geonames_row(98182, "Baghdad", "Bagdad,Baghdād,بغداد,BGW", 33.34, 44.40, "P", "PPLC",
                      "IQ", "07", 7_200_000)
        + _geonames_row(95446, "Erbil", "Arbil,Hewler", 36.19, 44.01, "P", "PPLA", "IQ", "11",
                        930_000)
        + _geonames_row(4140963, "Washington", "", 38.9, -77.04, "P", "PPLC", "US", "DC",
                        690_000), encoding="utf-8")
    (root / "cities500.txt").write_text(
        _geonames_row(99999, "Rawah", "Rāwah", 34.48, 41.91, "P", "PPL", "IQ", "01", 20_000)
        + _geonames_row(88888, "Smallville", "", 40.0, -90.0, "P", "PPL", "US", "IL", 600),
        encoding="utf-8")
    (root / "admin1CodesASCII.txt").write_text(
        "IQ.11\tErbil\tErbil\t95445\nIQ.07\tBaghdad\tBaghdad\t98180\n", encoding="utf-8")
    (root / "no-country.txt").write_text(
        _geonames_row(350155, "Red Sea", "Mar Rosso", 20.27, 38.53, "H", "SEA", "", "", 0)
        + _geonames_row(2960000, "West Bank", "", 54.0, 2.0, "U", "BNK", "", "", 0),
        encoding="utf-8")
    curated = root / "curated"
    curated.mkdir()
    (curated / "demonyms.csv").write_text("demonym,country_code,source\nIraqi,IQ,test\n",
                                          encoding="utf-8")
    (curated / "aliases.csv").write_text("alias,geonameid,source\nHawler,95446,test\n",
                                         encoding="utf-8")
    (curated / "admin1_names.csv").write_text(
        "code,geonameid,name,alternate_names,source\n"
        "IQ.11,95445,Erbil,Hewler Governorate|Erbil Governorate,test\n", encoding="utf-8")
    (curated / "regions.csv").write_text(
        "name,alternate_names,demonyms,members,source\n"
        "Kurdistan,Kurdistan Region,,IQ.11,test\n"
        "Mesopotamia,,Mesopotamian,IQ.11|IQ.07,test\n"
        "Far Away,,,IQ|US|ZZ,test\n"
        "Atlantis,,,ZZ.99,test\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(dumps, tmp_path_factory) -> tuple[Gazetteer, dict[str, int]]:
    out = tmp_path_factory.mktemp("index") / "g.sqlite"
    counts = build(dumps, out, extra_dirs=[dumps / "curated"], small_place_countries={"IQ"})
    return Gazetteer(out), counts


def test_build_keeps_each_countrys_neighbours(built):
    """countryInfo's neighbours column reaches the index, for the resolver's country signal."""
    gaz, _counts = built
    assert gaz.neighbours["IQ"] == frozenset({"SY", "TR"})
    assert "US" not in gaz.neighbours


def test_build_counts_each_source(built):
    _gaz, counts = built
    assert counts["countries"] == 2
    assert counts["cities"] == 4  # three cities15000 rows and Rawah; Smallville is filtered out
    assert counts["water"] == 1  # the sea; the undersea bank (class U) is not a place


def test_build_indexes_names_aliases_and_admin1_names(built):
    gaz, _ = built
    assert gaz.by_name("Baghdād")[0].geonameid == 98182
    assert gaz.by_name("Bagdad")[0].geonameid == 98182
    assert gaz.by_name("بغداد") == []  # non-Latin alternates are not kept
    assert gaz.by_name("BGW") == []  # nor airport codes
    assert gaz.by_name("Hawler")[0].geonameid == 95446
    assert gaz.by_name("Hewler Governorate")[0].feature_code == "ADM1"
    assert gaz.by_name("Erbil")[0].feature_code == "PPLA"
    assert gaz.by_name("Rawah")[0].country_code == "IQ"
    assert gaz.by_name("Smallville") == []
    assert gaz.by_name("Red Sea")[0].feature_class == "H"
    assert gaz.by_name("West Bank") == []
    assert gaz.demonym("Iraqi").geonameid == 99237


def test_build_places_countries_and_divisions(built):
    gaz, _ = built
    iraq = gaz.country("IQ")
    assert (iraq.lat, iraq.lon) == (33.34, 44.4)  # no Natural Earth file: at the capital
    erbil = gaz.admin1("IQ", "11")
    assert (erbil.lat, erbil.lon) == (36.19, 44.01)  # at its seat, the PPLA


def test_build_records_sources_and_dates(built):
    gaz, _ = built
    info = gaz.info()
    files = {s["file"]: s for s in info["sources"]}
    assert files["cities15000.txt"]["data_date"] == "2025-11-19"
    assert files["aliases.csv"]["bytes"] > 0
    assert info["counts"]["water"] == 1
    assert info["places"] == sum(info["counts"].values())  # names-only rows add no place
    json.dumps(info)


def test_build_without_cities500_filter_keeps_every_country(dumps, tmp_path):
    counts = build(dumps, tmp_path / "all.sqlite", extra_dirs=[], small_place_countries=None)
    assert counts["cities"] == 5


def test_build_keeps_every_country_by_default_and_trims_small_places_names(dumps, tmp_path):
    small = tmp_path / "small"
    small.mkdir()
    for name in ("countryInfo.txt", "cities15000.txt", "admin1CodesASCII.txt"):
        (small / name).write_text((dumps / name).read_text(encoding="utf-8"), encoding="utf-8")
    (small / "cities500.txt").write_text(
        _geonames_row(99999, "Rawah", "Rāwah,Rawa,Ana Rawa", 34.48, 41.91, "P", "PPL", "IQ",
                      "01", 2_000)
        + _geonames_row(88888, "Smallville", "Smolvil,Small Ville", 40.0, -90.0, "P", "PPL",
                        "US", "IL", 600)
        + _geonames_row(4140963, "Washington", "Vashington", 38.9, -77.04, "P", "PPLC", "US",
                        "DC", 690_000), encoding="utf-8")
    gaz = Gazetteer(tmp_path / "g.sqlite")
    counts = build(small, gaz.path, extra_dirs=[])
    assert counts["cities"] == 5  # cities500 rows of every country
    assert gaz.by_name("Smallville")[0].population == 600  # small: population and code tell
    assert gaz.by_name("Small Ville") == []  # alternate names of small places are dropped...
    assert gaz.by_name("Ana Rawa")[0].geonameid == 99999  # ...except in conflict countries
    assert gaz.by_name("Vashington")[0].geonameid == 4140963  # and for cities15000 places
    build(small, gaz.path, extra_dirs=[], named_countries=None)
    gaz = Gazetteer(gaz.path)
    assert gaz.by_name("Small Ville")[0].geonameid == 88888


def test_build_places_regions_by_their_members(built):
    """A region is at the middle of its members, coded with the country and division they
    share; members the build lacks are skipped, and a region with none is left out."""
    gaz, counts = built
    kurdistan = gaz.by_name("Kurdistan Region")[0]
    erbil = gaz.admin1("IQ", "11")
    assert (kurdistan.name, kurdistan.feature_code, kurdistan.country_code,
            kurdistan.admin1) == ("Kurdistan", "RGN", "IQ", "11")
    assert (kurdistan.lat, kurdistan.lon) == (erbil.lat, erbil.lon)
    mesopotamia = gaz.by_name("Mesopotamia")[0]
    assert (mesopotamia.country_code, mesopotamia.admin1) == ("IQ", "")  # two divisions
    assert mesopotamia.precision == "admin1"
    assert gaz.demonym("Mesopotamian").name == "Mesopotamia"
    far = gaz.by_name("Far Away")[0]
    assert (far.country_code, far.precision) == ("", "region")  # spans two countries
    assert far.population == 38_000_000 + 330_000_000
    assert far.lat == pytest.approx((33.34 + 38.9) / 2)  # the countries sit at their capitals
    assert gaz.by_name("Atlantis") == []
    assert counts["regions:curated"] == 3


@pytest.mark.parametrize(("members", "source", "message"), [
    ("IQ|Iraq", "x", "regions.csv:2: members: not a country code, admin1 code or GeoNames id: "
     "'Iraq'"),
    ("", "x", "regions.csv:2: members: not a country code, admin1 code or GeoNames id: ''"),
    ("IQ", "", "regions.csv:2: source: empty"),
])
def test_build_names_the_bad_region_line(dumps, tmp_path, members, source, message):
    curated = tmp_path / "curated"
    curated.mkdir()
    (curated / "regions.csv").write_text(
        f"name,alternate_names,demonyms,members,source\nMesopotamia,,,{members},{source}\n",
        encoding="utf-8")
    with pytest.raises(GazetteerError) as err:
        build(dumps, tmp_path / "x.sqlite", extra_dirs=[curated])
    assert str(err.value) == f"{curated}/{message}"


def test_build_reports_the_bad_line(dumps, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    for name in ("countryInfo.txt", "admin1CodesASCII.txt"):
        (bad / name).write_text((dumps / name).read_text(encoding="utf-8"), encoding="utf-8")
    good = (dumps / "cities15000.txt").read_text(encoding="utf-8")
    (bad / "cities15000.txt").write_text(good + "123\tonly three\tcolumns\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"cities15000.txt:4: expected 19 tab-separated"):
        build(bad, tmp_path / "x.sqlite", extra_dirs=[])
    (bad / "cities15000.txt").write_text(good.replace("33.34", "north"), encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"cities15000.txt:1: latitude: not a number"):
        build(bad, tmp_path / "x.sqlite", extra_dirs=[])


def test_build_rejects_bad_curated_rows(dumps, tmp_path):
    curated = tmp_path / "curated"
    curated.mkdir()
    (curated / "aliases.csv").write_text("alias,geonameid,source\nHawler,95446,\n",
                                         encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"aliases.csv:2: source: empty"):
        build(dumps, tmp_path / "x.sqlite", extra_dirs=[curated])
    (curated / "aliases.csv").write_text("alias,geonameid,source\nHawler,Erbil,x\n",
                                         encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"aliases.csv:2: geonameid: not a GeoNames id"):
        build(dumps, tmp_path / "x.sqlite", extra_dirs=[curated])


@pytest.mark.parametrize(("table", "content", "message"), [
    ("aliases.csv", "name,geonameid,source\nHawler,95446,x\n",
     "aliases.csv:1: missing column(s) alias"),
    ("curated_places.csv",
     "name,alternate_names,lat,lon,feature_class,feature_code,country_code,admin1,population,"
     "source\nBase,,33.1,444.0,S,INSM,IQ,,,cited\n",
     "curated_places.csv:2: lat/lon: out of range: 33.1, 444.0"),
    ("curated_places.csv",
     "name,alternate_names,lat,lon,feature_class,feature_code,country_code,admin1,population,"
     "source\nBase,,33.1,44.0,S,INSM,IQ,,,\n", "curated_places.csv:2: source: empty"),
    ("demonyms.csv", "demonym,country_code,source\nMartian,XX,x\n",
     "demonyms.csv:2: country_code: unknown code 'XX'"),
])
def test_build_names_the_bad_curated_line(dumps, tmp_path, table, content, message):
    curated = tmp_path / "curated"
    curated.mkdir()
    (curated / table).write_text(content, encoding="utf-8")
    with pytest.raises(GazetteerError) as err:
        build(dumps, tmp_path / "x.sqlite", extra_dirs=[curated])
    assert str(err.value) == f"{curated}/{message}"


def test_build_needs_country_info(tmp_path):
    with pytest.raises(GazetteerError, match=r"countryInfo\.txt is missing"):
        build(tmp_path, tmp_path / "x.sqlite", extra_dirs=[])


def test_user_places_name_the_real_line_and_accept_a_bom(tmp_path):
    from geomap.errors import InputError
    from geomap.gazetteer.user_places import read_user_places

    path = tmp_path / "p.csv"
    path.write_text("name,lat,lon\nCamp X,33.1,44.2\n\nCamp Y,abc,44\n")
    with pytest.raises(InputError, match=r"p.csv:4: lat"):
        read_user_places(path)
    path.write_bytes(b"\xef\xbb\xbfname,lat,lon\nCamp Z,33.1,44.2\n")
    assert read_user_places(path)[0][0].name == "Camp Z"


def test_prefix_probe_takes_any_prefix(tiny_gazetteer):
    """Every key starts with ""; "bagh" starts Baghdad's; "zzz" starts nothing."""
    assert tiny_gazetteer.has_prefix("")
    assert tiny_gazetteer.has_prefix("bagh")
    assert not tiny_gazetteer.has_prefix("zzz")


def test_an_index_damaged_inside_its_pages_is_one_error(tmp_path):
    """A torn copy: the header and schema read fine, the name pages are garbage."""
    from geomap.gazetteer.index import default_index_path

    damaged = tmp_path / "geomap.sqlite"
    data = bytearray(default_index_path().read_bytes())
    for offset in range(len(data) // 4, len(data), 4096 * 3):
        data[offset:offset + 200] = b"\xff" * 200
    damaged.write_bytes(bytes(data))
    gaz = Gazetteer(damaged)

    def use() -> None:
        for name in ("Baghdad", "Mosul", "Kirkuk", "Aleppo", "Kabul", "Sanaa", "Tripoli"):
            gaz.by_name(name)
            gaz.has_prefix(name[:3].lower())
        gaz.info()

    with pytest.raises(GazetteerError, match=f"^{damaged}: gazetteer index damaged"):
        use()


def test_the_index_is_read_through_a_memory_map():
    """Read-only and immutable, the index is mapped: SQLite reads its pages in place."""
    from geomap.gazetteer.index import default_index_path

    gaz = Gazetteer(default_index_path())
    assert gaz.con.execute("PRAGMA mmap_size").fetchone()[0] > default_index_path().stat().st_size
    assert gaz.by_name("Mosul")[0].country_code == "IQ"
