"""Maps of huge runs: above the size budget, incidents are counted by area, on purpose."""

from __future__ import annotations

from geomap.render.layers.base import MapContext, MapLayer


class Aggregate(MapLayer):
    """Circles counting the incidents the filters show in each area, split as the reader
    zooms in (supercluster over every type at once), drawn when the data exceed the size
    budget and the per-incident details were left out; the notice says so.

    Parameters
    ----------
    label
        The name in the layer control.
    """

    layer = "aggregate"
    scripts = ("geomap-aggregate.js",)

    def __init__(self, *, label: str = "Incidents, counted by area") -> None:
        super().__init__(label=label)

    @classmethod
    def for_map(cls, context: MapContext) -> Aggregate | None:
        """Only on a map over the size budget."""
        return cls() if context.data.get("mode") == "aggregate" else None
