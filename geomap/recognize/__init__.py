"""Mention recognisers by name: ``rules`` (the default, no model) and ``spacy`` (optional).

Shaped like geopy's ``get_geocoder_for_service``: :data:`RECOGNIZERS` maps a name to a factory
``factory(gazetteer, *, model=None)``, and :func:`get_recognizer` names the valid choices when
given another. ``--recognizer`` takes its choices from :data:`RECOGNIZER_NAMES`. Every
recogniser has one call, ``find(article) -> list[Mention]``. Importing this package imports no
recogniser (nor blingfire or spaCy): each factory imports its module when it is called.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from geomap.errors import InputError
from geomap.registry import lookup

if TYPE_CHECKING:
    from geomap.gazetteer.index import Gazetteer
    from geomap.records import Article, Mention


class MentionFinder(Protocol):
    """What the pipeline needs of a recogniser."""

    def find(self, article: Article) -> list[Mention]:
        """All place mentions in the article, in text order."""
        ...


def rules_recognizer(gazetteer: Gazetteer, *, model: str | None = None) -> MentionFinder:
    """The gazetteer-driven rules recogniser (:class:`geomap.recognize.recognizer.Recognizer`).

    Raises
    ------
    InputError
        When a model is named: this recogniser uses none.
    """
    if model is not None:
        raise InputError(f"the rules recognizer uses no model (got {model!r}); choose the spacy "
                         "recognizer to use one", field="recognizer")
    from geomap.recognize.recognizer import Recognizer

    return Recognizer(gazetteer)


def spacy_recognizer(gazetteer: Gazetteer, *, model: str | None = None) -> MentionFinder:
    """spaCy's entities, filtered by geomap's rules (:class:`.mentions_spacy.SpacyRecognizer`).

    ``model`` defaults to ``en_core_web_sm``, which the user installs through spaCy's channel.

    Raises
    ------
    InputError
        When spaCy or the model is not installed, saying how to install it.
    """
    from geomap.recognize.spacy_recognizer import DEFAULT_MODEL, SpacyRecognizer

    return SpacyRecognizer(gazetteer, model or DEFAULT_MODEL)


#: Recogniser factories by name; ``--recognizer`` takes its choices from here.
RECOGNIZERS: dict[str, Callable[..., MentionFinder]] = {
    "rules": rules_recognizer, "spacy": spacy_recognizer}
#: The recognisers' names, for ``--recognizer`` and the settings.
RECOGNIZER_NAMES = tuple(RECOGNIZERS)


def get_recognizer(name: str) -> Callable[..., MentionFinder]:
    """The factory registered under ``name`` (case-insensitive).

    Examples
    --------
    >>> get_recognizer("rules")(Gazetteer()).find(article)  # doctest: +SKIP

    Raises
    ------
    InputError
        Listing the valid names when ``name`` is not one of them.
    """
    return lookup(RECOGNIZERS, name, what="recognizer", field="recognizer")
