"""Static HTML in the page without a template: the page branca's templates would give."""

from __future__ import annotations

import doctest

import jinja2
import pytest
from branca.element import Element, Figure, MacroElement
from hypothesis import given
from hypothesis import strategies as st

import geomap.render.static_html as static_module
from geomap.render.layers.base import MapLayer
from geomap.render.static_html import StaticHtml, static_html


@given(st.text(alphabet="ab{}%#-\r\n é", max_size=40))
def test_static_html_renders_what_the_template_of_its_text_renders(text):
    try:
        expected = Element(text).render()
    except jinja2.TemplateError:  # the element is the plain one, and fails alike: when made
        with pytest.raises(jinja2.TemplateError):  # ("{%"), or when rendered ("{{a-a}}")
            static_html(text).render()
        return
    assert static_html(text).render() == expected


def test_text_with_template_syntax_stays_a_template():
    assert type(static_html("a {# b #} c")) is Element
    assert type(static_html("<script>var a = {b: 1};\r\n</script>\n")) is StaticHtml


class _Layer(MapLayer):
    layer = "demo"
    scripts = ()


class _Plain(MacroElement):
    _template = MapLayer._template

    def __init__(self, **options):
        super().__init__()
        self._name = "_Layer"
        self.layer = "demo"
        self.options = options


def _page(element):
    figure = Figure()
    figure._id = "0" * 32
    figure.add_child(element)
    element._id = "1" * 32
    return figure.render()


def test_a_layer_renders_as_branca_would_render_it():
    options = {"names": ["Baghdad", "{ a: 1 }", "50%", "#3"], "n": 2}
    page = _page(_Layer(**options))
    assert page == _page(_Plain(**options))
    assert 'add("demo", {"n": 2, "names": ["Baghdad"' in page


def test_the_module_examples_hold():
    assert doctest.testmod(static_module).failed == 0
