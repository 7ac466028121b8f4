"""What every output writer is: a suffix, a way to serialise, and a mark to recognise."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Writer:
    """One output format.

    ``serialise`` turns the payload (a FeatureCollection, a page) into the file's text, which
    carries ``mark`` within its first bytes so that a later run may replace it.
    """

    suffix: str
    mark: str
    serialise: Callable[[Any], str]

    def made(self, head: str) -> bool:
        """True when a file starting with ``head`` was written by this writer."""
        return self.mark in head
