"""folium imported for the map without pandas or requests: the same folium, each loaded if used."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest


def run_python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


def test_drawing_a_map_does_not_import_pandas():
    pytest.importorskip("pandas")
    out = run_python("""
        import sys
        from geomap.render.map import build_map
        from tests.render.reviewdata import ARTICLES, features
        build_map({"features": features()}, {"features": []}, ARTICLES)
        print("pandas" in sys.modules)
    """)
    assert out == "False"


def test_folium_still_takes_a_dataframe_once_pandas_is_imported():
    pytest.importorskip("pandas")
    out = run_python("""
        import geomap.render.map
        import folium.utilities
        import pandas
        print(folium.utilities.validate_location(pandas.DataFrame([[33.3, 44.4]])))
    """)
    assert out == "[33.3, 44.4]"


def test_with_pandas_already_imported_folium_gets_pandas_itself():
    pytest.importorskip("pandas")
    out = run_python("""
        import pandas
        import geomap.render.map
        import folium.utilities
        print(folium.utilities.pd is pandas)
    """)
    assert out == "True"


def test_drawing_a_map_does_not_import_requests():
    out = run_python("""
        import sys
        from geomap.render.map import build_map
        from tests.render.reviewdata import ARTICLES, features
        build_map({"features": features()}, {"features": []}, ARTICLES)
        print("requests" in sys.modules, "urllib3" in sys.modules)
    """)
    assert out == "False False"


def test_folium_fetches_a_geojson_url_with_requests_itself():
    out = run_python("""
        import geomap.render.map
        import folium.features
        get = folium.features.requests.get
        import requests
        print(get is requests.get, folium.features.requests.Session is requests.Session)
    """)
    assert out == "True True"


def test_with_requests_already_imported_folium_gets_requests_itself():
    out = run_python("""
        import requests
        import geomap.render.map
        import folium.features
        print(folium.features.requests is requests)
    """)
    assert out == "True"
