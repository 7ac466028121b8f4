"""The resolver chain: the gazetteer first, then each fallback for what it could not place.

Every resolver has one call, ``resolve(mention, *, country=None) -> Resolution | None``: None
means no match, an exception means it could not be asked. The chain keeps the two apart, so a
geocoder that timed out is never reported as "not found", and one failing service does not
stop the batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from geomap.records import Mention, Resolution
from geomap.resolve.containment import CONTAINED
from geomap.resolve.focus import at_focus
from geomap.resolve.gazetteer_resolver import GazetteerResolver
from geomap.resolve.respelled import respelled


class Resolver(Protocol):
    """Anything that can place a single mention."""

    name: str

    def resolve(self, mention: Mention, *, country: str | None = None) -> Resolution | None:
        """A resolution for ``mention`` or None when there is no match."""


class ResolverChain:
    """The gazetteer, then the fallbacks in order, for mentions the gazetteer could not place.

    ``fallback_below`` also sends toponyms the gazetteer placed with a confidence under it (a weak
    answer) to the fallbacks; the gazetteer's answer stays when they find nothing. A fallback that
    cannot be asked (geopy's ``GeocoderServiceError``: timeout, 429, 5xx, a bad reply) is
    recorded in ``Resolution.error``, never as "not found", and the batch goes on. A name the
    gazetteer placed only at the area the text puts it in ("X village in Y province",
    :mod:`.containment`) is asked too, within that area's country.
    """

    def __init__(self, gazetteer: GazetteerResolver, fallbacks: Sequence[Resolver] = (), *,
                 fallback_below: float = 0.0, focus_country: bool = True) -> None:
        self.gazetteer = gazetteer
        self.fallbacks = list(fallbacks)
        self.fallback_below = fallback_below
        self.focus_country = focus_country
        self._places = gazetteer.gazetteer

    def resolve_article(self, mentions: Sequence[Mention]) -> list[Resolution]:
        """One resolution per mention; unresolved ones carry ``place=None``."""
        local = self.gazetteer.resolve_article(mentions)
        countries = sorted({r.place.country_code for r in local
                            if r and r.place and r.place.country_code})
        out = []
        for mention, found in zip(mentions, local, strict=True):
            if self._wants_fallback(mention, found):
                found = self._fallback(mention, countries, found)
            out.append(found or Resolution(mention, None, "none", 0.0, signal="not found"))
        out = respelled(out, self._places)
        if self.focus_country:
            out = at_focus(out, self._places)
        return out

    def _wants_fallback(self, mention: Mention, found: Resolution | None) -> bool:
        if mention.kind != "toponym" or not self.fallbacks:
            return False
        return found is None or found.place is None or found.confidence < self.fallback_below \
            or found.signal.startswith(CONTAINED)

    def _fallback(self, mention: Mention, countries: list[str],
                  local: Resolution | None) -> Resolution | None:
        """The first fallback answer with a place; else the local one, or the last "no match"."""
        from geopy.exc import GeocoderServiceError

        if local is not None and local.place is not None and local.signal.startswith(CONTAINED):
            countries = [local.place.country_code]  # "X village in Y": ask within Y's country
        country = ",".join(countries) if countries else None
        best = local
        for resolver in self.fallbacks:
            try:
                found = resolver.resolve(mention, country=country)
            except GeocoderServiceError as err:
                best = self._service_error(mention, resolver.name, err, best)
                continue
            if found is not None and found.place is not None:
                return found
            if found is not None and (best is None or (best.place is None and not best.error)):
                best = found
        return best

    @staticmethod
    def _service_error(mention: Mention, name: str, err: Exception,
                       best: Resolution | None) -> Resolution:
        """Record that ``name`` could not be asked, keeping any place already found."""
        error = f"{name}: {type(err).__name__}: {err}"
        if best is not None and best.place is not None:
            return replace(best, error=error)
        return Resolution(mention, None, name, candidates=best.candidates if best else (),
                          signal="service error", error=error)

