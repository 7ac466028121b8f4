"""Import folium without importing pandas or requests, which the map never uses.

folium imports pandas when it is installed, only to tell whether a location is a DataFrame;
pandas' import is about 0.4 s, a fifth of a small run's start-up. It imports requests (some
25 ms with urllib3) only to fetch a GeoJSON layer given as a URL, which the map never is. While
folium is imported, each of them that is not loaded yet is a stand-in that imports the real
module, and answers from it, once anyone asks it for a name; until pandas has been imported
(by anyone), its stand-in's ``DataFrame`` is a class nothing is an instance of, which is the
same answer: no object is a DataFrame while pandas is not loaded.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping
from types import ModuleType
from typing import Any


class _ImportedWhenUsed(ModuleType):
    """A module as folium sees it: imported (and then itself) once a name of it is used."""

    def __getattr__(self, name: str) -> Any:
        real = sys.modules.get(self.__name__)
        if real is None or real is self:
            if real is self:
                del sys.modules[self.__name__]
            real = importlib.import_module(self.__name__)
        return getattr(real, name)


class _NotLoaded:
    """What ``pandas.DataFrame`` is while pandas is not imported: nothing is one."""


class _PandasWhenImported(_ImportedWhenUsed):
    """``pandas`` as folium sees it: pandas itself once imported, never imported for an
    ``isinstance`` test."""

    def __getattr__(self, name: str) -> Any:
        real = sys.modules.get("pandas")
        if (real is None or real is self) and name in ("DataFrame", "Series"):
            return _NotLoaded
        return super().__getattr__(name)


#: The modules folium imports and the map does not use, with their stand-ins' kinds.
_DEFERRED = {"pandas": _PandasWhenImported, "requests": _ImportedWhenUsed}


def import_folium() -> ModuleType:
    """The ``folium`` module, imported without pandas or requests when they are not loaded."""
    if "folium" in sys.modules:
        return importlib.import_module("folium")
    stand_ins = {name: kind(name) for name, kind in _DEFERRED.items() if name not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        return importlib.import_module("folium")
    except ImportError:  # something wanted more of a module than its stand-in gives
        for name in [n for n in sys.modules if n == "folium" or n.startswith("folium.")]:
            del sys.modules[name]
        _remove(stand_ins)
        return importlib.import_module("folium")
    finally:
        _remove(stand_ins)


def _remove(stand_ins: Mapping[str, ModuleType]) -> None:
    """Take the stand-ins still in ``sys.modules`` out: a later import gets the module."""
    for name, stand_in in stand_ins.items():
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
