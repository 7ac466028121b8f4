"""Helpers for the geocoder tests, as geopy's ``test/geocoders/util.py``: mentions and a chain."""

from __future__ import annotations

from geomap.records import Mention
from geomap.resolve import ResolverChain


def mention(text: str, article: str = "a1") -> Mention:
    return Mention(article, 0, len(text), text)


def resolve_all(chain: ResolverChain, *names: str):
    return chain.resolve_article([mention(n) for n in names])
