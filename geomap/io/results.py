"""What the Python API returns: a run's incidents and mentions as GeoJSON features, ready to
become GeoDataFrames in geomap's declared schema.

geopandas is imported only inside the ``to_geodataframe`` methods, so ``import geomap``,
``geomap.extract`` and ``geomap.geoparse`` stay light for callers who want the records alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from geomap.incidents.roles import role_of
from geomap.io.geojson import feature_collection, incident_feature, mention_feature
from geomap.io.schema import TABLES

if TYPE_CHECKING:
    import geopandas
    import pandas

    from geomap.records import Article, Incident, Resolution


@dataclass
class Extraction:
    """Incidents and mentions found in texts, as GeoJSON features and as records.

    Examples
    --------
    >>> found = geomap.extract("Gunmen attacked a market in Mosul.")  # doctest: +SKIP
    >>> found.to_geodataframe()[["event_type", "location_name"]]  # doctest: +SKIP
    """

    incidents: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)
    #: The :class:`~geomap.records.Incident` records behind ``incidents``.
    records: list[Incident] = field(default_factory=list)

    @classmethod
    def from_run(cls, result: Any) -> Extraction:
        """From a :class:`geomap.pipeline.RunResult`, with each article's outlet and date."""
        articles = {a.article.id: a.article for a in result.articles}
        return cls([incident_feature(i, articles=articles) for i in result.incidents],
                   result.mentions_geojson(), list(result.incidents))

    def to_geojson(self, table: str = "incidents") -> dict[str, Any]:
        """The ``incidents`` or ``mentions`` as a FeatureCollection, as ``geomap run`` writes."""
        return feature_collection(self._features(table))

    def to_geodataframe(self, table: str = "incidents",
                        ) -> geopandas.GeoDataFrame | pandas.DataFrame:
        """The ``incidents``, ``mentions`` or ``quotes`` table, in EPSG:4326, every declared
        column in its declared type (quotes have no geometry: a DataFrame).

        Raises
        ------
        ValueError
            For a table name other than these three.
        """
        from geomap.io.schema import geoframe

        return geoframe(table, self._features(table))

    def _features(self, table: str) -> list[dict[str, Any]]:
        if table not in TABLES:
            raise ValueError(f"no table {table!r}; use one of {', '.join(TABLES)}")
        return self.mentions if table == "mentions" else self.incidents


@dataclass
class Geoparsed:
    """The place mentions of one text with their resolutions: geoparsing without incidents.

    Examples
    --------
    >>> found = geomap.geoparse("Shelling hit Kharkiv.")  # doctest: +SKIP
    >>> found.to_geodataframe()[["text", "name", "country_code"]]  # doctest: +SKIP
    """

    article: Article
    #: Every mention with its place (``place`` None when nothing placed it), in text order.
    resolutions: list[Resolution]
    #: The same as GeoJSON features, as mentions.geojson holds them.
    mentions: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_resolutions(cls, article: Article, resolutions: list[Resolution]) -> Geoparsed:
        """Features for ``resolutions``, each mention's role read from its sentence alone (the
        ``event_site`` role needs incidents: :func:`geomap.extract` gives it)."""
        text = article.text
        return cls(article, resolutions,
                   [mention_feature(r, role=role_of(text, r.mention, r.place), text=text)
                    for r in resolutions])

    def to_geojson(self) -> dict[str, Any]:
        """The mentions as a FeatureCollection."""
        return feature_collection(self.mentions)

    def to_geodataframe(self) -> geopandas.GeoDataFrame:
        """The mentions table in EPSG:4326, every declared column in its declared type; an
        unplaced mention has no geometry (None)."""
        from geomap.io.schema import geoframe

        return geoframe("mentions", self.mentions)
