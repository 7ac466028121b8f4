"""The map's layers: one module and one script each, walked from one list, in its order."""

from __future__ import annotations

import inspect
import re

import pytest

from geomap.render import layers
from geomap.render.assets import STATIC
from geomap.render.layers import LAYERS, MapLayer
from geomap.render.layers.notice import Notice
from geomap.render.map import build_map

EMPTY = {"features": []}


def added(html: str) -> list[str]:
    """The layers the page adds to its view, in order."""
    return re.findall(r'\bgeomap_view_\w+\.add\("(\w+)"', html)


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.__name__)
def test_each_layer_is_a_documented_element_in_its_own_module(layer):
    assert issubclass(layer, MapLayer)
    assert layer.__module__ == f"geomap.render.layers.{layer.layer}"
    assert inspect.getdoc(layer)
    parameters = list(inspect.signature(layer.__init__).parameters.values())[1:]
    assert all(p.kind in (p.KEYWORD_ONLY, p.VAR_KEYWORD) for p in parameters)


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.__name__)
def test_each_layer_script_exists_and_registers_the_layers_name(layer):
    for name in layer.scripts:
        assert (STATIC / name).is_file()
    own = (STATIC / layer.scripts[-1]).read_text(encoding="utf-8")
    assert f'Geomap.register("{layer.layer}", ' in own


def test_layer_names_are_unique_and_the_layer_control_follows_the_layers():
    names = [layer.layer for layer in LAYERS]
    assert len(set(names)) == len(names)
    assert names.index("layer_control") > max(
        names.index(n) for n in ("incidents", "heat", "countries", "mentions"))


def test_the_page_inlines_each_script_once_and_adds_the_layers_in_order():
    html = build_map(EMPTY, EMPTY, {}, cluster_above=-1)
    order = [layer.layer for layer in LAYERS]
    # the context needs incidents to surround, the aggregate a map over the size budget
    assert added(html) == [name for name in order if name not in ("context", "aggregate")]
    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.4, 33.3]},
             "properties": {"event_type": "Battles", "quotes": []}}
    assert added(build_map({"features": [point]}, EMPTY, {}, max_data_bytes=10)) == order
    for name in ("geomap.js", *layers.scripts()):
        assert html.count((STATIC / name).read_text(encoding="utf-8")) == 1


def test_a_layer_can_leave_itself_out_of_a_map():
    assert "notice" not in added(build_map(EMPTY, EMPTY, {}))


def test_a_new_layer_is_one_line_in_the_list(monkeypatch):
    class Extra(MapLayer):
        """A layer added at the end."""

        layer = "notice"
        scripts = Notice.scripts

    monkeypatch.setattr(layers, "LAYERS", (*LAYERS, Extra))
    assert added(build_map(EMPTY, EMPTY, {}))[-1] == "notice"
