"""The declared schema of geomap's tables: incidents, mentions and the quotes of incidents.

Every writer with typed columns (GeoPackage, FlatGeobuf, GeoParquet, CSV...) builds its table
here, so a column has the same name and type in every format and every run: a column that is
null in one run keeps its declared type instead of one guessed from no values. The GeoJSON
properties (:mod:`geomap.io.geojson`) are the source; here they become flat scalar columns,
lists and records as JSON text, and the quotes also as a child table keyed by ``incident_id``.
Dates are ISO 8601 text (``2024-03-02``), which every format and spreadsheet keeps as written;
empty text is written as null, since no flat format tells the two apart.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import geopandas
    import pandas

#: Declared types and the pandas dtype each becomes (nullable, so a null keeps the type).
DTYPES = {"str": "object", "int": "Int64", "float": "Float64", "bool": "boolean",
          "json": "object"}


@dataclass(frozen=True)
class Field:
    """One column: its name, declared type, whether it may be null, its unit and meaning.

    ``type`` is one of :data:`DTYPES`: ``json`` is a list or record written as JSON text.
    """

    name: str
    type: str
    nullable: bool = True
    unit: str = ""
    doc: str = ""


def _fields(spec: str) -> tuple[Field, ...]:
    """Fields from ``name type [!] [unit=...] # doc`` lines (``!``: never null)."""
    out = []
    for line in spec.strip().splitlines():
        head, _, doc = line.partition("#")
        name, kind, *rest = head.split()
        unit = next((r[5:] for r in rest if r.startswith("unit=")), "")
        out.append(Field(name, kind, "!" not in rest, unit.replace("_", " "), doc.strip()))
    return tuple(out)


INCIDENT_FIELDS = _fields("""
incident_id str ! # stable id, the same in every run over the same articles
article_ids json ! # ids of the articles reporting it
source_count int ! unit=articles # articles merged into the incident
event_type str ! # ACLED event type
sub_event_type str # ACLED sub-event type
trigger str # the event word
event_date str unit=ISO_8601_date # when it happened, as resolved
time_precision str # day, week, month or year
date_expression str # the words that gave the date
date_anchor str unit=ISO_8601_date # the publication date a relative date was resolved against
actor1 str # the first actor
actor2 str # the second actor or target
fatalities int unit=people # null when none reported
fatalities_low int unit=people # low end of a vague count
fatalities_high int unit=people # high end of a vague count, null when open
wounded int unit=people # wounded, or the low end of a vague count
location_name str # the resolved place's name
location_text str # the words naming the place
qualifier str # words narrowing the place (near, north of)
geonameid int # GeoNames id of the place
country_code str # ISO 3166 alpha-2
geo_precision int ! # ACLED: 1 town, 2 part of or near, 3 region or country
location_basis str ! # the rule that chose the place
resolver str # who placed it: gazetteer, a geocoder, focus
evidence json ! # which words gave each field
quotes json ! # every quote: [{article_id, start, end, text}]
site_mentions json ! # every mention naming the place
source str # the outlets, separated by '; '
url str # the first article's URL
title str # the first article's title
published str unit=ISO_8601_date # the earliest publication date
articles json ! # [{article_id, source, url, title, published}]
latitude float unit=degrees_WGS_84 # the point, also as a column for tools that read no geometry
longitude float unit=degrees_WGS_84 # the point, also as a column
""")

MENTION_FIELDS = _fields("""
mention_id str ! # stable id: article_id:start:end
article_id str ! # the article
start int ! unit=characters # offset of the first character
end int ! unit=characters # offset after the last character
text str ! # the words as written
quote json # the sentence: {article_id, start, end, text}
kind str ! # toponym or demonym
role str ! # event_site, actor_origin or context
qualifier str # words narrowing the place
geonameid int # GeoNames id of the place
name str # the place's name
country_code str # ISO 3166 alpha-2
feature_code str # GeoNames feature code
precision str # continent, region, country, admin1, admin2, city, district, point
resolver str ! # who answered: gazetteer, a geocoder, focus, none
confidence float ! unit=0_to_1 # how sure the resolver is
signal str # what decided it
cached bool ! # the answer came from the geocoder cache
error str # a service failure, distinct from not found
place_source str # where the point came from
candidates json ! # the places considered, with scores
latitude float unit=degrees_WGS_84 # the point, also as a column
longitude float unit=degrees_WGS_84 # the point, also as a column
""")

QUOTE_FIELDS = _fields("""
incident_id str ! # the incident the quote reports
quote_index int ! # its place among the incident's quotes, from 0
article_id str ! # the article quoted
start int ! unit=characters # offset of the first character
end int ! unit=characters # offset after the last character
text str ! # the words as written
""")

#: The tables by name, in the order multi-layer formats hold them.
TABLES: dict[str, tuple[Field, ...]] = {"incidents": INCIDENT_FIELDS, "quotes": QUOTE_FIELDS,
                                        "mentions": MENTION_FIELDS}


def _cell(field: Field, value: Any) -> Any:
    if field.type == "json":
        return None if value is None else json.dumps(value, ensure_ascii=False)
    return None if value == "" else value  # no format tells empty text from null


def rows(table: str, features: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flat rows of ``table`` from GeoJSON features, one value per declared field.

    ``quotes`` gives one row per quote of each incident feature.
    """
    if table == "quotes":
        return [{"incident_id": f["properties"]["incident_id"], "quote_index": k, **q}
                for f in features for k, q in enumerate(f["properties"].get("quotes") or [])]
    out = []
    for feature in features:
        props = dict(feature.get("properties") or {})
        geometry = feature.get("geometry")
        lon, lat = geometry["coordinates"][:2] if geometry else (None, None)
        props.update(latitude=lat, longitude=lon)
        out.append({f.name: _cell(f, props.get(f.name)) for f in TABLES[table]})
    return out


def frame(table: str, features: Iterable[dict[str, Any]]) -> pandas.DataFrame:
    """A DataFrame of ``table`` with every declared column in its declared dtype."""
    import pandas as pd

    fields = TABLES[table]
    data = rows(table, features)
    return pd.DataFrame({f.name: pd.Series([r[f.name] for r in data], dtype=DTYPES[f.type])
                         for f in fields})


def geoframe(table: str,
             features: list[dict[str, Any]]) -> geopandas.GeoDataFrame | pandas.DataFrame:
    """:func:`frame` with the points as geometry in EPSG:4326 (quotes have none: a table).

    Raises
    ------
    MissingExtraError
        Without geopandas (the ``formats`` extra), with the line that installs it.
    """
    from geomap.extras import require

    require(("geopandas", "pandas"), extra="formats", purpose=".to_geodataframe()")
    import geopandas as gpd
    import shapely

    df = frame(table, features)
    if table == "quotes":
        return df
    points = [None if missing(lat) else shapely.Point(lon, lat)
              for lat, lon in zip(df["latitude"], df["longitude"], strict=True)]
    return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(points, crs="EPSG:4326"))


def missing(value: Any) -> bool:
    """True for None, NaN, pandas' NA and the empty text a CSV gives for null."""
    import pandas as pd

    if value is None or isinstance(value, str):
        return not value
    return not isinstance(value, list | dict) and bool(pd.isna(value))


def table_of(features: list[dict[str, Any]]) -> str:
    """``incidents`` or ``mentions``: which table GeoJSON features belong to."""
    first = (features[0].get("properties") or {}) if features else {}
    return "mentions" if "start" in first else "incidents"


def coerce(table: str, df: pandas.DataFrame) -> pandas.DataFrame:
    """A table read back from any format, its columns in their declared dtypes.

    Readers call this so a CSV (all text) and a GeoPackage (typed) give the same values.
    """

    out = df.copy()
    for f in TABLES[table]:
        if f.name in out:
            out[f.name] = _coerce_column(f, out[f.name].astype(object))
    return out


def _coerce_column(field: Field, col: pandas.Series) -> pandas.Series:
    import pandas as pd

    values = [None if missing(v) else _value(field, v) for v in col]
    if field.type in ("int", "float"):
        values = list(pd.to_numeric(pd.Series(values, dtype=object)))
    return pd.Series(values, index=col.index, dtype=DTYPES[field.type])


def _value(field: Field, value: Any) -> Any:
    """One value read back, in its field's Python type."""
    if field.type == "bool":
        return str(value).lower() in ("1", "true")
    if field.type == "json" and not isinstance(value, str):
        # some readers parse JSON text back into lists and records
        plain = value.tolist() if hasattr(value, "tolist") else value
        return json.dumps(plain, ensure_ascii=False)
    if field.type in ("int", "float"):
        return value
    if hasattr(value, "strftime"):  # a reader that saw a date in ISO text
        return value.strftime("%Y-%m-%d")
    return str(value)
