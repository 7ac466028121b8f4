"""Value objects passed between the pipeline's stages.

Articles become :class:`Mention` s, mentions become :class:`Resolution` s (a :class:`Place` or
none), and sentences become :class:`Incident` s. Every record is frozen and validated on
construction, as ``geopy.Point`` is, so a bad value fails where it is made, not in the map.
Coordinates inside geomap are ``(lat, lon)``; :func:`geomap.io.geojson.lonlat` is the one place that
turns them around for GeoJSON.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

#: Feature codes of areas besides countries and territories (see :attr:`Place.is_area`).
AREA_CODES = frozenset({"CONT", "RGN"})
#: Location precision derived from a place's feature code, coarse to fine.
PRECISIONS = ("continent", "region", "country", "admin1", "admin2", "city", "district", "point")
#: The resolver name of an answer given by the article's focus (a division or country).
FOCUS_RESOLVER = "focus"
#: Resolver names that never ask a network service (nor need its attribution).
LOCAL_RESOLVERS = frozenset({None, "", "gazetteer", "none", FOCUS_RESOLVER})


def _check_latlon(lat: float, lon: float) -> None:
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise ValueError(f"coordinates must be finite, got ({lat}, {lon})")
    if not -90 <= lat <= 90:
        raise ValueError(f"latitude must be in [-90, 90], got {lat}")
    if not -180 <= lon <= 180:
        raise ValueError(f"longitude must be in [-180, 180], got {lon}")


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: its verbatim text and optional metadata.

    Offsets of every mention and quote index into ``text`` exactly as read.
    """

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    source: str | None = None
    path: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("article id must not be empty")


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry (or a geocoder's answer): one record type for every query.

    ``geonameid`` is None for places from other sources (curated rows, online geocoders);
    ``source`` then says where the point came from.
    """

    name: str
    lat: float
    lon: float
    geonameid: int | None = None
    feature_class: str = ""
    feature_code: str = ""
    country_code: str = ""
    admin1: str = ""
    population: int = 0
    source: str = "geonames"

    def __post_init__(self) -> None:
        _check_latlon(self.lat, self.lon)

    @property
    def precision(self) -> str:
        """Precision implied by the feature code: country, admin1, city, ... (see PRECISIONS);
        a region spanning countries ("Middle East", "Sahel") is a ``region``."""
        if self.feature_code == "RGN" and not self.country_code:
            return "region"
        return precision_of(self.feature_code)

    @property
    def is_area(self) -> bool:
        """Countries, territories, continents and regions: too large to say that two names
        inside one lie together, or that the article is about one spot in it."""
        return self.feature_code.startswith(("PCL", "TERR")) or self.feature_code in AREA_CODES


def precision_of(feature_code: str) -> str:
    """Map a GeoNames feature code to one of :data:`PRECISIONS`."""
    code = feature_code.upper()
    if code == "CONT":
        return "continent"
    if code.startswith("PCL") or code in {"TERR", "ZN"}:
        return "country"
    if code in {"ADM1", "ADM1H", "RGN", "SEA", "GULF", "OCN", "BAY"}:
        return "admin1"
    if code.startswith("ADM"):
        return "admin2"
    if code.startswith("PPLX") or code == "PPLX":
        return "district"
    if code.startswith("PPL"):
        return "city"
    return "point"


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in an article, with its character span (end exclusive) and sentence.

    ``kind`` is ``toponym`` for a name ("Baghdad") and ``demonym`` for an adjective or people
    ("Iraqi"), which points at its country but is never an incident site. ``qualifier`` keeps
    words that narrow or widen the place ("eastern", "north of", "near"); ``type_word`` the
    word outside the span that says what kind of place it is ("counties" for Jackson in
    "Jackson and Barrow counties", "province" in "Idlib province", "city" in "the Jackson city
    council"), lowercase, as written. ``after`` keeps the sentence's next few characters
    after the name: what joins it to a name that follows (" village in " before "Idlib
    province", " (" before "Ariha District, Idlib"), so the resolver can read "X in Y".
    """

    article_id: str
    start: int
    end: int
    text: str
    kind: str = "toponym"
    sentence_start: int = 0
    sentence_end: int = 0
    qualifier: str | None = None
    type_word: str | None = None
    after: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"mention span needs 0 <= start < end, got {self.start}:{self.end}")
        if self.type_word is not None and not (self.type_word.isalpha()
                                               and self.type_word.islower()):
            raise ValueError(f"type_word must be one lowercase word, got {self.type_word!r}")
        if self.kind not in {"toponym", "demonym"}:
            raise ValueError(f"unknown mention kind {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place considered for a mention, with its score and the signal that decided it."""

    place: Place
    score: float
    signal: str


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a resolver answered for a mention: a place, or None with the reason.

    ``resolver`` names who answered (``gazetteer``, ``nominatim``...), ``cached`` whether it came
    from the cache, ``error`` a service failure (distinct from "not found", where it is None).
    """

    mention: Mention
    place: Place | None
    resolver: str
    confidence: float = 0.0
    candidates: tuple[Candidate, ...] = ()
    signal: str = ""
    cached: bool = False
    error: str | None = None
    raw: Any = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be in [0, 1], got {self.confidence}")


@dataclass(frozen=True, slots=True)
class Quote:
    """A verbatim span of an article that supports an incident."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class EventDate:
    """When an incident happened: the resolved date, its precision and the words that said so."""

    value: date | None
    precision: str | None = None  # "day", "week", "month", "year"
    expression: str | None = None
    anchor: date | None = None


@dataclass(frozen=True, slots=True)
class Incident:
    """One reported event, placed at a resolved mention, with the quotes that report it.

    ``geo_precision`` follows ACLED: 1 the town itself, 2 an area near or part of it, 3 a region
    or country. ``location_basis`` names the rule that chose the place. Fatalities stay None when
    none are reported, and when only a vague word is ("dozens"): ``fatalities_low``/
    ``fatalities_high`` then hold the range (``high`` None for "at least 20"). ``wounded`` is
    the exact count, or the low end of a vague one.
    """

    incident_id: str
    article_ids: tuple[str, ...]
    event_type: str
    sub_event_type: str
    trigger: str
    quotes: tuple[Quote, ...]
    location: Resolution | None
    geo_precision: int
    location_basis: str
    date: EventDate = EventDate(None)
    actor1: str | None = None
    actor2: str | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    wounded: int | None = None
    #: Every mention that reports this incident's place (several after a merge).
    site_mentions: tuple[Mention, ...] = ()
    #: Which words gave each field, and why the event counts as conflict:
    #: (("event_type", "attacked; target: villagers"), ("fatalities", "killing 12 people"), ...).
    evidence: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.geo_precision not in (1, 2, 3):
            raise ValueError(f"geo_precision must be 1, 2 or 3, got {self.geo_precision}")
        if not self.quotes:
            raise ValueError("an incident needs at least one quote")

    @property
    def place(self) -> Place | None:
        """The resolved place of the incident, if any."""
        return self.location.place if self.location else None
