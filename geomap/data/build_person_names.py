"""Rebuild ``person_names.csv`` from the 1990 US Census name lists (see README.md).

Usage: ``python geomap/data/build_person_names.py DIR``, where DIR holds ``dist.male.first``,
``dist.female.first`` and ``dist.all.last`` (for example the ``names/`` folder of the PyPI sdist
``names`` 0.3.0). Keeps the names held by at least 0.005% of people, so the table stays small
and lists only names common enough to be worth a rule; writes the file byte for byte the same
for the same input.
"""

from __future__ import annotations

import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent / "person_names.csv"
MIN_PERCENT = 0.005
SOURCES = {"given": ("dist.male.first", "dist.female.first"), "surname": ("dist.all.last",)}


def read_names(path: Path) -> list[str]:
    """Names (title case) whose share of people is at least MIN_PERCENT."""
    out = []
    for line in path.read_text(encoding="ascii").splitlines():
        name, percent, *_ = line.split()
        if float(percent) >= MIN_PERCENT:
            out.append(name.title())
    return out


def build(folder: Path) -> str:
    """The CSV text: ``name,kind`` rows, given names first, each kind sorted."""
    rows = ["name,kind"]
    for kind, files in SOURCES.items():
        names = sorted({n for f in files for n in read_names(folder / f)})
        rows.extend(f"{n},{kind}" for n in names)
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    TARGET.write_text(build(Path(sys.argv[1])), encoding="utf-8")
