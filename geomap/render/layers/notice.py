"""The size budget's notice: the map says when it clustered pins or aggregated them."""

from __future__ import annotations

from geomap.render.layers.base import MapContext, MapLayer


class Notice(MapLayer):
    """A highlighted box with the data's ``notice`` (set by the size budget), if it has one.

    Parameters
    ----------
    position
        The map corner (Leaflet's control positions).
    """

    layer = "notice"
    scripts = ("geomap-notice.js",)

    def __init__(self, *, position: str = "topright") -> None:
        super().__init__(position=position)

    @classmethod
    def for_map(cls, context: MapContext) -> Notice | None:
        """Only on a map the size budget changed."""
        return cls() if context.data.get("notice") else None
