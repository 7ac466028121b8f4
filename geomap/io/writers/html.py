"""HTML pages (the review map), marked by a ``<meta name="generator">`` in the head."""

from __future__ import annotations

from geomap.io.files import GENERATOR_MARK
from geomap.io.writers.base import Writer

#: The element every page geomap writes carries at the start of its head.
GENERATOR_META = f'<meta name="generator" content="{GENERATOR_MARK}">'

HTML = Writer(".html", f'name="generator" content="{GENERATOR_MARK}"', str, name="html",
              aliases=("map",))
