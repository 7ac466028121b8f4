"""Name → factory registries (recognisers, geocoders), looked up as geopy's
``get_geocoder_for_service`` does: case-insensitive, and an error that lists the valid names."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from geomap.errors import InputError

T = TypeVar("T")


def lookup(registry: Mapping[str, T], name: str, *, what: str, field: str) -> T:
    """The entry of ``registry`` called ``name`` (case-insensitive).

    Examples
    --------
    >>> lookup({"rules": 1}, "Rules", what="recognizer", field="recognizer")
    1

    Raises
    ------
    InputError
        Naming ``field`` and listing the valid names when ``name`` is not one of them.
    """
    try:
        return registry[name.lower()]
    except KeyError:
        raise InputError(f"unknown {what} {name!r}; choose one of: "
                         f"{', '.join(sorted(registry))}", field=field) from None
