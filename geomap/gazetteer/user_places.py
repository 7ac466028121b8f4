"""Users' own places in the curated CSV form: ``--places FILE``, ``$GEOMAP_PLACES`` or a file
``places.csv`` in geomap's configuration folder.

A newsroom knows places no gazetteer has (a checkpoint, a camp, a base's local name). They list
them in the same CSV form as ``gazetteer/curated_places.csv``; the gazetteer lists them before
its own places for every name they carry, so theirs win.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

from geomap.errors import InputError
from geomap.records import Place

USER_PLACE_COLUMNS = ("name", "lat", "lon")
#: Environment variable naming user place files (several joined with os.pathsep), the
#: configuration for library use and every command that builds a gazetteer.
PLACES_ENV = "GEOMAP_PLACES"


def config_places_path() -> Path:
    """The per-user places file: ``places.csv`` in geomap's configuration folder.

    ``~/.config/geomap/places.csv`` on Linux (platformdirs' ``user_config_path``).
    """
    from platformdirs import user_config_path

    return user_config_path("geomap") / "places.csv"


def user_place_files(explicit: Path | str | None = None) -> list[Path]:
    """The user place files to load, the first rule that applies winning.

    ``explicit`` (``--places``) if given; else the files in ``$GEOMAP_PLACES`` if it is set
    (set it empty to load none); else :func:`config_places_path` if that file exists.
    """
    if explicit:
        return [Path(explicit)]
    if PLACES_ENV in os.environ:
        return [Path(p) for p in os.environ[PLACES_ENV].split(os.pathsep) if p.strip()]
    config = config_places_path()
    return [config] if config.is_file() else []


def read_user_places(path: Path) -> list[tuple[Place, list[str]]]:
    """Read places in the curated CSV form (name, lat, lon required; the rest optional).

    Optional columns: ``alternate_names`` (separated by ``|``), ``feature_class``,
    ``feature_code``, ``country_code``, ``admin1``, ``population``.

    Examples
    --------
    >>> read_user_places(Path("my_places.csv"))  # doctest: +SKIP
    [(Place(name='Camp Alpha', lat=33.1, lon=44.2, ...), ['Alpha base'])]

    Raises
    ------
    InputError
        Naming the file, line and field of a malformed row, or the file when it is unreadable.
    """
    try:
        fh = path.open(encoding="utf-8-sig", newline="")  # -sig: spreadsheets write a BOM
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path=str(path)) from err
    with fh:
        reader = csv.DictReader(fh)
        try:
            missing = [c for c in USER_PLACE_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(f"missing column(s) {', '.join(missing)}", path=str(path),
                                 line=1)
            # reader.line_num is the line a row ends on: right with blank lines and quoted
            # line breaks, where counting rows is not
            return [_user_place(rec, path, reader.line_num) for rec in reader]
        except UnicodeDecodeError as err:
            raise InputError(f"not UTF-8: {err.reason}", path=str(path)) from err


def _user_place(rec: dict[str, str | None], path: Path, line: int) -> tuple[Place, list[str]]:
    if None in rec:
        raise InputError("more fields than the header", path=str(path), line=line)
    values = {k: (v or "").strip() for k, v in rec.items()}
    if not values["name"]:
        raise InputError("empty", path=str(path), line=line, field="name")
    numbers = {}
    for column, kind in (("lat", float), ("lon", float), ("population", int)):
        raw = values.get(column, "")
        if not raw and column != "population":
            raise InputError("empty", path=str(path), line=line, field=column)
        try:
            numbers[column] = kind(raw or 0)
        except ValueError as err:
            raise InputError(f"not a number: {raw!r}", path=str(path), line=line,
                             field=column) from err
    try:
        place = Place(name=values["name"], lat=numbers["lat"], lon=numbers["lon"],
                      feature_class=values.get("feature_class") or "S",
                      feature_code=values.get("feature_code") or "",
                      country_code=(values.get("country_code") or "").upper(),
                      admin1=values.get("admin1") or "", population=int(numbers["population"]),
                      source=f"user:{path.name}")
    except ValueError as err:
        raise InputError(str(err), path=str(path), line=line, field="lat/lon") from err
    alternates = [a.strip() for a in values.get("alternate_names", "").split("|") if a.strip()]
    return place, alternates
