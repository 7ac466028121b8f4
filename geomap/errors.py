"""One error hierarchy for geomap, shaped like ``geopy.exc``.

Every error the library raises on purpose is a :class:`GeomapError`; the CLI catches that root,
prints one line and exits non-zero. Subclasses also inherit the builtin they mean, so callers that
only know Python's own exceptions still catch them.
"""

from __future__ import annotations


class GeomapError(Exception):
    """Root of every error geomap raises on purpose."""


class InputError(GeomapError, ValueError):
    """Raised when an article, record or option given by the user cannot be read.

    The message names the file, line and field where it can (``FILE:LINE: FIELD: problem``).
    """

    def __init__(self, problem: str, *, path: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.problem, self.path, self.line, self.field = problem, path, line, field
        super().__init__(self._format())

    def _format(self) -> str:
        where = [str(p) for p in (self.path, self.line) if p is not None]
        parts = [":".join(where)] if where else []
        if self.field:
            parts.append(self.field)
        parts.append(self.problem)
        return ": ".join(parts)


class GazetteerError(GeomapError, RuntimeError):
    """Raised when the gazetteer index is missing, unreadable or built from bad dump files."""


class OutputError(GeomapError, OSError):
    """Raised when an output file exists and may not be overwritten, or cannot be written."""


class MissingExtraError(GeomapError, ImportError):
    """Raised when a feature needs an optional library that is not installed; the message
    gives the ``pip install`` line of the extra that brings it."""


class AssetsMissingError(GeomapError, FileNotFoundError):
    """Raised when the JavaScript/CSS libraries an offline map inlines are not installed."""


class RunInterrupted(KeyboardInterrupt):
    """Raised when a run is interrupted (Ctrl-C) before its outputs were switched in: its
    output folder holds what it held before. A ``KeyboardInterrupt``, so that code that stops
    on one still stops on it."""
