"""Where geomap's own files are: package data through ``importlib.resources``.

Every module asks here rather than building paths from ``__file__``, so the package works
from a wheel, an editable install or a zip alike. The curated gazetteer tables and the
shipped index sit in the wheel as ``geomap/_gazetteer``; in a checkout, beside the package
as ``gazetteer/``.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def package_file(*parts: str) -> Path:
    """A file shipped inside the ``geomap`` package, e.g. ``package_file("data", "x.csv")``."""
    return Path(str(files("geomap").joinpath(*parts)))


def gazetteer_dir() -> Path:
    """The curated tables and shipped index: the wheel's copy, else the checkout's folder."""
    wheel = package_file("_gazetteer")
    return wheel if wheel.is_dir() else package_file().parent / "gazetteer"


def checkout_root() -> Path:
    """The folder holding the package: a checkout's root (where ``npm ci`` puts node_modules)."""
    return package_file().parent
