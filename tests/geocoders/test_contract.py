"""Every registered resolver keeps the contract (geopy's ``test/geocoders/__init__.py``).

Exported by its module, registered under its name, options keyword-only and documented,
buildable offline without building a network geocoder, and answering through
``resolve(mention, *, country)``; every service module states its country parameter and
attribution. The registry itself imports nothing until asked, and its names cannot drift from
geopy's.
"""

from __future__ import annotations

import importlib
import inspect
import re
import subprocess
import sys
from functools import partial

import pytest
from geopy.geocoders import SERVICE_TO_GEOCODER

import geomap.geocoders.geopy_services as geopy_services
from geomap import geocoders
from geomap.errors import InputError
from geomap.geocoders import NAMES, RESOLVERS, SERVICES, get_resolver
from geomap.geocoders.base import GeopyResolver
from geomap.resolve import Resolver

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


def test_the_static_names_are_geopys():
    assert set(geocoders.GEOPY_SERVICE_NAMES) == set(SERVICE_TO_GEOCODER)
    assert len(geocoders.GEOPY_SERVICE_NAMES) == len(SERVICE_TO_GEOCODER)
    assert list(NAMES) == sorted(RESOLVERS)


def test_importing_the_registry_imports_no_geopy_and_no_service():
    code = ("import sys, geomap.geocoders as g; g.NAMES; "
            "print(sorted(m for m in sys.modules if m.startswith(('geopy', 'geomap.geocoders.'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_unknown_geocoder_lists_the_valid_names():
    with pytest.raises(InputError, match=r"choose one of: .*nominatim.*photon"):
        get_resolver("nominatimm")


def test_registered_under_its_name(registered):
    name, factory = registered
    assert get_resolver(name) is factory
    assert get_resolver(name.upper()) is factory


def test_factory_is_exported(registered):
    _, factory = registered
    func = underlying(factory)
    module = sys.modules[func.__module__]
    assert func.__name__ in module.__all__
    assert getattr(module, func.__name__) is func


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_service_modules_state_their_facts(name):
    module = importlib.import_module(SERVICES[name].partition(":")[0])
    assert {"COUNTRY_PARAM", "OSM_DATA", "ATTRIBUTION", "confidence"} <= set(module.__all__)
    assert get_resolver(name)(offline=True).country_param == module.COUNTRY_PARAM
    assert geocoders.attribution(name) == module.ATTRIBUTION
    assert 0 <= module.confidence({"raw": {}}) <= 1


def test_osm_services_are_those_the_map_credits():
    from geomap.render.map import OSM_GEOCODERS

    assert {n for n in NAMES if geocoders.osm_data(n)} == OSM_GEOCODERS
    assert "OpenStreetMap" in geocoders.attribution("nominatim")
    assert geocoders.attribution("bing") is None


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
    monkeypatch.setattr(geopy_services, "get_geocoder_for_service",
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
