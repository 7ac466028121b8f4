"""The distribution's name and its optional parts: what to ``pip install`` for a missing one.

geomap is imported as ``geomap`` but published on PyPI as ``geomap-news`` (``geomap`` there is
an unrelated project), so every install line geomap prints is built here. Optional libraries
are looked up without importing them, so a run can refuse a format it cannot write before it
reads a single article.
"""

from __future__ import annotations

import importlib.util

from geomap.errors import MissingExtraError

#: The name on PyPI: ``pip install geomap-news``.
DISTRIBUTION = "geomap-news"


def install_line(extra: str | None = None) -> str:
    """The command that installs geomap with ``extra``.

    >>> install_line("formats")
    "pip install 'geomap-news[formats]'"
    """
    return f"pip install '{DISTRIBUTION}[{extra}]'" if extra else f"pip install {DISTRIBUTION}"


def installed(module: str) -> bool:
    """True when the top-level ``module`` can be imported (it is not imported here)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a broken install, or a module without a spec
        return False


def require(modules: tuple[str, ...], *, extra: str, purpose: str) -> None:
    """Check that ``modules`` are installed before work that needs them starts.

    Raises
    ------
    MissingExtraError
        Naming the first missing module and the install line of ``extra``, e.g.
        ``--format gpkg needs pyogrio, which is not installed: pip install
        'geomap-news[formats]'``.
    """
    for module in modules:
        if not installed(module):
            raise MissingExtraError(f"{purpose} needs {module}, which is not installed: "
                                    f"{install_line(extra)}")
