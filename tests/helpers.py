"""Factories and paths shared by the tests: one place for what several test modules build."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from geomap.records import Place

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TEST_DATA = ROOT / "tests" / "data"


def place(name: str, lat: float, lon: float, gid: int, code: str, cc: str, pop: int = 0,
          fclass: str = "P", admin1: str = "") -> Place:
    """A gazetteer place, argument order as tests read best: name, point, id, code, country."""
    return Place(name=name, lat=lat, lon=lon, geonameid=gid, feature_class=fclass,
                 feature_code=code, country_code=cc, admin1=admin1, population=pop)


def require_browser() -> bool:
    """CI sets GEOMAP_REQUIRE_BROWSER=1 so a missing Chromium fails instead of skipping."""
    return os.environ.get("GEOMAP_REQUIRE_BROWSER") == "1"


def geonames_row(gid, name, alternates, lat, lon, fclass, fcode, cc, admin1, pop) -> str:
    """One line of a GeoNames dump (``cities15000.txt``'s 19 columns)."""
    cols = [gid, name, name, alternates, lat, lon, fclass, fcode, cc, "", admin1, "", "", "",
            pop, "", "0", "Asia/Baghdad", "2025-11-19"]
    return "\t".join(str(c) for c in cols) + "\n"


def country_row(iso, name, gid, pop, neighbours="") -> str:
    """One line of GeoNames' ``countryInfo.txt``."""
    cols = [iso, iso + "Q", "368", iso, name, "", "1", pop, "AS", "", "", "", "", "", "", "ar",
            gid, neighbours, ""]
    return "\t".join(str(c) for c in cols) + "\n"


def csv_text(rows: Iterable[Iterable[str]]) -> str:
    """CSV records with every cell quoted, as any CSV reader reads them: Python 3.10's csv
    module cannot write a NUL, which the hypothesis tests draw (reading one is an error geomap
    must report)."""
    return "".join(",".join('"' + cell.replace('"', '""') + '"' for cell in row) + "\r\n"
                   for row in rows)
