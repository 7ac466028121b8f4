"""One parsed article, built once and handed from stage to stage.

The recogniser splits the text into sentences and words; resolution adds a place to each
mention; incident extraction reads all of it. Carrying one :class:`ParsedArticle` through the
stages means the text is split once, and every stage agrees on where a sentence starts and
ends, whichever recogniser split it (blingfire's rules, or a spaCy model's parser).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from geomap.records import Article, Mention, Resolution
from geomap.segment import Token, sentences, word_spans


@dataclass(frozen=True)
class ParsedArticle:
    """An article with its sentences, words, mentions and their resolutions.

    ``words``, ``starts`` and ``ends`` are the whole text's word tokens as parallel lists
    (no object per word). ``sentences`` are (start, end) spans in text order.

    Examples
    --------
    >>> parsed = parse(Article("a", "Shelling hit Mosul. Two died."))
    >>> parsed.sentences
    ((0, 19), (20, 29))
    >>> [t.text for t in parsed.tokens(0, 19)]
    ['Shelling', 'hit', 'Mosul', '.']
    """

    article: Article
    sentences: tuple[tuple[int, int], ...]
    words: list[str] = field(repr=False)
    starts: list[int] = field(repr=False)
    ends: list[int] = field(repr=False)
    mentions: tuple[Mention, ...] = ()
    resolutions: tuple[Resolution, ...] = ()

    @property
    def text(self) -> str:
        """The article's text, which every span indexes."""
        return self.article.text

    def tokens(self, start: int, end: int) -> list[Token]:
        """The words lying wholly inside ``text[start:end]``, with their offsets."""
        lo, hi = bisect_left(self.starts, start), bisect_left(self.starts, end)
        while hi > lo and self.ends[hi - 1] > end:
            hi -= 1
        return [Token(self.starts[k], self.ends[k], self.words[k]) for k in range(lo, hi)]

    def sentence_at(self, position: int) -> tuple[int, int]:
        """The sentence holding ``position``; the whole text when none does."""
        k = bisect_right(self.sentences, (position, len(self.text) + 1)) - 1
        if k >= 0 and self.sentences[k][0] <= position < self.sentences[k][1]:
            return self.sentences[k]
        return (0, len(self.text))

    def with_mentions(self, mentions: Sequence[Mention]) -> ParsedArticle:
        """This article with its mentions found."""
        return replace(self, mentions=tuple(mentions))

    def with_resolutions(self, resolutions: Sequence[Resolution]) -> ParsedArticle:
        """This article with its mentions resolved."""
        return replace(self, resolutions=tuple(resolutions))


def parse(article: Article, *,
          sentence_spans: Sequence[tuple[int, int]] | None = None) -> ParsedArticle:
    """Split ``article`` into sentences and words once.

    ``sentence_spans`` are used when given (a spaCy model's sentences); otherwise blingfire's
    (:func:`geomap.segment.sentences`).
    """
    text = article.text
    words, starts, ends = word_spans(text, 0, len(text))
    spans = tuple(sentence_spans) if sentence_spans is not None else tuple(sentences(text))
    return ParsedArticle(article, spans, words, starts, ends)


class _Finder(Protocol):
    def find(self, article: Article) -> list[Mention]: ...


def parse_with(recognizer: _Finder, article: Article) -> ParsedArticle:
    """The article parsed by ``recognizer``: by its own ``parse`` when it has one (so its
    sentences are everyone's), else split here and given the mentions its ``find`` returns."""
    own = getattr(recognizer, "parse", None)
    if callable(own):
        parsed: ParsedArticle = own(article)
        return parsed
    return parse(article).with_mentions(recognizer.find(article))
