"""Import folium without importing pandas, which the map never hands it.

folium imports pandas when it is installed, only to tell whether a location is a DataFrame;
pandas' import is about 0.4 s, a fifth of a small run's start-up. While folium is imported,
``pandas`` is a stand-in whose ``DataFrame`` is pandas' own once pandas has been imported (by
anyone), and until then a class nothing is an instance of, which is the same answer: no object
is a DataFrame while pandas is not loaded. Any other use of the stand-in imports pandas.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType
from typing import Any


class _NotLoaded:
    """What ``pandas.DataFrame`` is while pandas is not imported: nothing is one."""


class _PandasWhenImported(ModuleType):
    """``pandas`` as folium sees it: pandas itself once imported, never imported for an
    ``isinstance`` test."""

    def __getattr__(self, name: str) -> Any:
        real = sys.modules.get("pandas")
        if real is None or real is self:
            if name in ("DataFrame", "Series"):
                return _NotLoaded
            if sys.modules.get("pandas") is self:
                del sys.modules["pandas"]
            real = importlib.import_module("pandas")
        return getattr(real, name)


def import_folium() -> ModuleType:
    """The ``folium`` module, imported without pandas when pandas is not loaded yet."""
    if "folium" in sys.modules or "pandas" in sys.modules:
        return importlib.import_module("folium")
    stand_in = _PandasWhenImported("pandas")
    sys.modules["pandas"] = stand_in
    try:
        return importlib.import_module("folium")
    except ImportError:  # something wanted more of pandas than the stand-in gives
        for name in [n for n in sys.modules if n == "folium" or n.startswith("folium.")]:
            del sys.modules[name]
        if sys.modules.get("pandas") is stand_in:
            del sys.modules["pandas"]
        return importlib.import_module("folium")
    finally:
        if sys.modules.get("pandas") is stand_in:
            del sys.modules["pandas"]
