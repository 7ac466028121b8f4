"""HTML put into the page as written, without compiling it as a template.

branca compiles the text of every ``Element`` as a jinja template: the map's inlined
libraries (hundreds of KB), and what each layer's macros render, which it wraps in a new
``Element`` (``MacroElement.render``): the context layer's options are megabytes of JSON,
lexed again in about 0.4 s a map. Text with no template syntax renders as itself with its
line breaks written ``\\n`` and one final line break dropped (jinja's defaults);
:func:`static_html` gives an element that renders that text directly, and a plain
``Element`` for any text that has template syntax, so the page is the same either way.
"""

from __future__ import annotations

import re
from typing import Any

from branca.element import Element, Figure, MacroElement

#: What opens a jinja variable, block or comment (the defaults; line statements are off).
_SYNTAX = ("{{", "{%", "{#")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class StaticHtml(Element):
    """An element rendering ``text`` as jinja renders a template of it with no syntax."""

    def __init__(self, text: str) -> None:
        super().__init__()
        lines = _LINE_BREAK.split(text)
        if lines[-1] == "":  # jinja's keep_trailing_newline=False
            del lines[-1]
        self._text = "\n".join(lines)

    def render(self, **kwargs: Any) -> str:
        """The text, as the template would have rendered it."""
        del kwargs
        return self._text


def static_html(text: str) -> Element:
    """An element that puts ``text`` into the page: a :class:`StaticHtml` when the text holds
    no template syntax, else branca's own ``Element`` (which renders it as a template).

    >>> static_html("<b>x</b>\\n").render()
    '<b>x</b>'
    >>> type(static_html("{{ 1 + 1 }}")).__name__
    'Element'
    """
    if any(mark in text for mark in _SYNTAX):
        return Element(text)
    return StaticHtml(text)


class StaticMacroElement(MacroElement):
    """A ``MacroElement`` whose macros' output goes into the page through :func:`static_html`:
    what ``MacroElement.render`` does (header, html and script macros, then the children),
    without compiling that output as a template again."""

    # branca's MacroElement.render returns None, its annotation (Element's) says str
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Put the macros' output into the page's header, body and script, then render the
        children."""
        figure = self.get_root()
        assert isinstance(figure, Figure), "render an element inside a Figure"
        macros = self._template.module.__dict__
        for part, target in (("header", figure.header), ("html", figure.html),
                             ("script", figure.script)):
            macro = macros.get(part)
            if macro is not None:
                target.add_child(static_html(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)
