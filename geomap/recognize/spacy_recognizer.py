"""Find place mentions with a spaCy pipeline: an optional recogniser behind the same interface.

spaCy's entity recogniser proposes the names: GPE, LOC and FAC entities are toponyms; NORP
entities ("Iraqi") are demonyms when the gazetteer knows them as one and are dropped otherwise
("Shiite", "Republicans"). geomap's rule tables still decide what is not a place: a name in
``not_places.csv`` is vetoed, also when the entity is only part of it ("Hezbollah" inside
"Kataib Hezbollah"), a leading "the" is stripped, qualifiers ("eastern") are kept, and a
country or capital used as an adjective ("US troops") is a demonym, as in
:class:`.recognizer.Recognizer`, whose helpers are reused. The rules recogniser's last
pass (:mod:`geomap.recognize.evidence`: villages need the text to call them places, people's names
are not towns) is not applied: the model has already read the context it judges.

geomap never depends on a spaCy model: spaCy's models are not published on PyPI (the uploads
there are unofficial). Install spaCy with ``pip install 'geomap-news[spacy]'`` and a model through
spaCy's own channel (``python -m spacy download en_core_web_sm``); the default recogniser
needs neither.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from typing import Any

from geomap.errors import InputError
from geomap.gazetteer.index import Gazetteer
from geomap.parsed import ParsedArticle, parse
from geomap.recognize.context import Words, after, is_state, qualifier, type_word
from geomap.recognize.recognizer import MAX_TOKENS, Recognizer, name_key
from geomap.records import Article, Mention
from geomap.segment import Token

logger = logging.getLogger(__name__)

#: The model ``SpacyRecognizer`` loads when given none.
DEFAULT_MODEL = "en_core_web_sm"
#: spaCy entity label → mention kind. NORP is a demonym only when the gazetteer knows it.
LABEL_KINDS = {"GPE": "toponym", "LOC": "toponym", "FAC": "toponym", "NORP": "demonym"}
_THE = re.compile(r"(?i)the\s+")
_LEAD = " \t\r\n\"'“”‘’(["
_TRAIL = " \t\r\n\"'“”‘’)],;:"


def load_model(name: str = DEFAULT_MODEL) -> Any:
    """The spaCy pipeline called ``name`` (an installed model package or a pipeline folder).

    spaCy is imported here, not when geomap is, so the default recogniser never needs it.

    Raises
    ------
    InputError
        In one line saying what to install, when spaCy or the model is missing.
    """
    try:
        import spacy
    except ImportError as err:
        raise InputError("spaCy is not installed; run: pip install 'geomap-news[spacy]' and then "
                         f"python -m spacy download {name}", field="recognizer spacy") from err
    try:
        return spacy.load(name)
    except (OSError, ImportError) as err:
        raise InputError(f"spaCy model {name!r} is not installed; install it through spaCy's own "
                         f"channel: python -m spacy download {name}",
                         field="recognizer spacy") from err


class SpacyRecognizer:
    """Find :class:`Mention` s with a spaCy pipeline's entities, filtered by geomap's rules.

    ``nlp`` is a loaded pipeline (``spacy.load(...)``, or one built in code) or the name of an
    installed model. Its sentences are used when it sets them (a parser or ``sentencizer``),
    geomap's blingfire splitter otherwise.

    Examples
    --------
    >>> rec = SpacyRecognizer(Gazetteer(), "en_core_web_sm")  # doctest: +SKIP
    >>> [(m.text, m.kind) for m in rec.find(article)]  # doctest: +SKIP
    [('Iraqi', 'demonym'), ('Baghdad', 'toponym')]

    Raises
    ------
    InputError
        When ``nlp`` names a model and spaCy or that model is not installed.
    """

    def __init__(self, gazetteer: Gazetteer, nlp: Any = DEFAULT_MODEL) -> None:
        self.gazetteer = gazetteer
        self.nlp = load_model(nlp) if isinstance(nlp, str) else nlp
        self.rules = Recognizer(gazetteer)  # the rule tables and their helpers

    def find(self, article: Article) -> list[Mention]:
        """All place mentions in the article, in text order."""
        return list(self.parse(article).mentions)

    def parse(self, article: Article) -> ParsedArticle:
        """The article split once, by the model's sentences when it sets them, with mentions.

        Every later stage reads these sentences, so incidents agree with the mentions on
        where a sentence ends.
        """
        doc = self.nlp(article.text)
        parsed = parse(article, sentence_spans=doc_sentences(doc) or None)
        return parsed.with_mentions(self._mentions(parsed, doc))

    def _mentions(self, parsed: ParsedArticle, doc: Any) -> list[Mention]:
        text, article, spans = parsed.text, parsed.article, list(parsed.sentences)
        found = []
        for ent in doc.ents:
            label_kind = LABEL_KINDS.get(ent.label_)
            if label_kind is None:
                continue
            start, end = self._without_the(text, *trim(text, ent.start_char, ent.end_char))
            if start >= end:
                continue
            s_start, s_end = _sentence_of(spans, start, end)
            kind = self._kind(parsed, start, end, label_kind, (s_start, s_end))
            if kind is not None:
                found.append(Mention(article.id, start, end, text[start:end], kind=kind,
                                     sentence_start=s_start, sentence_end=s_end,
                                     qualifier=qualifier(text, start, s_start),
                                     type_word=type_word(text, start, end, s_start, s_end),
                                     after=after(text, end, s_end)))
        return found

    def _without_the(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Drop a leading "the" ("the Gaza Strip"), unless the name has it ("The Hague")."""
        hit = _THE.match(text, start, end)
        if hit and hit.end() < end and not self._hits(name_key(text[start:end])):
            return hit.end(), end
        return start, end

    def _kind(self, parsed: ParsedArticle, start: int, end: int, label_kind: str,
              sentence: tuple[int, int]) -> str | None:
        """The mention's kind, or None when the rules veto the entity."""
        text = parsed.text
        toks = parsed.tokens(*sentence)
        if self._vetoed(text, toks, start, end):
            return None
        key = name_key(text[start:end])
        if label_kind == "demonym":
            return "demonym" if self._demonym(key) else None
        hits = self._hits(key)
        if hits and all(d for _, d in hits):
            return "demonym"  # the model called an adjective a place
        if hits and is_state(hits):  # "US troops", "Iran-backed", "Washington said"
            j = bisect_left([t.start for t in toks], end)
            words = Words([t.text for t in toks], [t.start for t in toks], [t.end for t in toks])
            if j > 0 and toks[j - 1].end == end and self.rules._adjectival(words, j):
                return "demonym"
        return "toponym"

    def _hits(self, key: str) -> tuple:
        hit = self.rules.continents.get(key)
        return (hit,) if hit else self.gazetteer.lookup(key)

    def _demonym(self, key: str) -> bool:
        """Whether the gazetteer knows ``key`` as a demonym ("iraqi", or plural "iraqis")."""
        return any(d for k in (key, key[:-1] if key.endswith("s") else "")
                   if k for _, d in self._hits(k))

    def _vetoed(self, text: str, toks: list[Token], start: int, end: int) -> bool:
        """Whether the entity is, or lies inside, a name of ``not_places.csv``."""
        if name_key(text[start:end]) in self.rules.blocked:
            return True
        first = bisect_left([t.start for t in toks], start)
        last = bisect_right([t.end for t in toks], end)  # tokens first:last lie in the entity
        for a in range(first, max(-1, last - MAX_TOKENS - 1), -1):
            for b in range(max(last, a + 1), min(len(toks), a + MAX_TOKENS) + 1):
                if name_key(text[toks[a].start:toks[b - 1].end]) in self.rules.blocked:
                    return True
        return False


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """An entity's span without edge spaces, quotes, brackets or a possessive "'s".

    A final dot stays: it belongs to the name ("U.S.", "Washington, D.C.").
    """
    while start < end and text[start] in _LEAD:
        start += 1
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    if end - start > 2 and text[end - 2:end] in ("'s", "’s"):
        end -= 2
    return start, end


def doc_sentences(doc: Any) -> list[tuple[int, int]]:
    """The doc's sentence spans without edge whitespace; [] when the pipeline sets none."""
    if not doc.has_annotation("SENT_START"):
        return []
    spans = []
    for sent in doc.sents:
        piece = sent.text
        start = sent.start_char + len(piece) - len(piece.lstrip())
        end = sent.start_char + len(piece.rstrip())
        if start < end:
            spans.append((start, end))
    return spans


def _sentence_of(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``start``, stretched to hold ``end``; the entity itself if none."""
    i = bisect_right([a for a, _ in spans], start) - 1
    if i < 0 or spans[i][1] <= start:
        return start, end
    return spans[i][0], max(spans[i][1], end)
