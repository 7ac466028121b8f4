"""Every registered resolver keeps the contract (geopy's ``test/geocoders/__init__.py``).

Exported, registered under its name, options keyword-only and documented, buildable offline
without building a network geocoder, and answering through ``resolve(mention, *, country)``.
"""

from __future__ import annotations

import inspect
import re
from functools import partial

import pytest
from geopy.geocoders import SERVICE_TO_GEOCODER

import geomap.geocoders.services as geocode
from geomap.errors import InputError
from geomap.geocoders.services import RESOLVERS, GeopyResolver, get_resolver
from geomap.resolve import Resolver
from tests.nominatim_server import USER_AGENT

SECTION = re.compile(r"\n\s*Parameters\n\s*-+\n(.*?)(?:\n\s*\n\s*[A-Z]\w+\n\s*-+\n|\Z)", re.S)


def documented(func) -> set[str]:
    """Names in the numpydoc Parameters section (``a, b : type`` and ``**options`` lines)."""
    match = SECTION.search(inspect.getdoc(func) or "")
    assert match, f"{func.__qualname__} has no Parameters section"
    names: set[str] = set()
    for line in match.group(1).splitlines():
        if line and not line.startswith(" "):
            names.update(n.strip().lstrip("*") for n in line.split(" : ")[0].split(","))
    return names


def underlying(factory):
    return factory.func if isinstance(factory, partial) else factory


@pytest.fixture(params=sorted(RESOLVERS))
def registered(request):
    return request.param, RESOLVERS[request.param]


def test_every_geopy_service_is_registered():
    assert set(SERVICE_TO_GEOCODER) <= set(RESOLVERS)


def test_registered_under_its_name(registered):
    name, factory = registered
    assert get_resolver(name) is factory
    assert get_resolver(name.upper()) is factory


def test_factory_is_exported(registered):
    _, factory = registered
    func = underlying(factory)
    assert func.__name__ in geocode.__all__
    assert getattr(geocode, func.__name__) is func


def test_options_are_keyword_only(registered):
    _, factory = registered
    kinds = {p.kind for p in inspect.signature(factory).parameters.values()}
    assert kinds <= {inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_KEYWORD}


def test_every_parameter_is_documented(registered):
    _, factory = registered
    func = underlying(factory)
    assert set(inspect.signature(func).parameters) <= documented(func)
    assert "Raises" in inspect.getdoc(func)


def test_builds_offline_without_a_network_geocoder(registered, monkeypatch):
    name, factory = registered
    monkeypatch.setattr(geocode, "get_geocoder_for_service",
                        lambda s: pytest.fail(f"{s} geocoder built offline"))
    resolver = factory(offline=True)
    assert isinstance(resolver, GeopyResolver)
    assert resolver.geocoder is None
    assert resolver.name == name


def test_resolvers_satisfy_the_resolver_protocol():
    resolve = inspect.signature(GeopyResolver.resolve)
    protocol = inspect.signature(Resolver.resolve)
    assert list(resolve.parameters) == list(protocol.parameters) == ["self", "mention",
                                                                     "country"]
    assert resolve.parameters["country"].kind is inspect.Parameter.KEYWORD_ONLY
    assert resolve.parameters["country"].default is None


def test_resolver_class_documents_its_options():
    params = set(inspect.signature(GeopyResolver.__init__).parameters) - {"self"}
    assert params <= documented(GeopyResolver)
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY
               for n, p in inspect.signature(GeopyResolver.__init__).parameters.items()
               if n not in ("self", "geocoder"))


def test_other_services_are_built_with_geopys_own_class():
    from geopy.geocoders import ArcGIS

    resolver = get_resolver("arcgis")(user_agent=USER_AGENT, timeout=3)
    assert isinstance(resolver.geocoder, ArcGIS)
    assert resolver.geocoder.headers["User-Agent"] == USER_AGENT


def test_a_missing_api_key_is_one_clear_error():
    with pytest.raises(InputError, match=r"opencage: .*api_key"):
        get_resolver("opencage")(user_agent=USER_AGENT)


def test_an_unknown_option_is_one_clear_error():
    with pytest.raises(InputError, match=r"arcgis: .*colour"):
        get_resolver("arcgis")(colour="red")
