"""What the Python API returns: a run's incidents and mentions as GeoJSON features, ready to
become GeoDataFrames in geomap's declared schema.

geopandas is imported only inside :meth:`Extraction.to_geodataframe`, so ``import geomap`` and
``geomap.extract`` stay light for callers who want the records alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from geomap.io.geojson import feature_collection, incident_feature
from geomap.io.schema import TABLES

if TYPE_CHECKING:
    import geopandas
    import pandas

    from geomap.records import Incident


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
