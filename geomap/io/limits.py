"""Per-article bounds, so work and output follow what an article says, not how it is shaped.

A news report is a few kilobytes naming a few dozen places. A hostile or broken input (a whole
archive pasted as one article, one place named ten thousand times, a table with no full stop)
would otherwise cost minutes and write gigabytes. Each bound below cuts what is beyond it and
says so in a warning naming the article; none is hit by ordinary news. The values come from
the ``[limits]`` table of the settings (:mod:`geomap.settings`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from geomap.normalize import strip_format_characters
from geomap.records import Article, Incident

if TYPE_CHECKING:  # settings import this module, and must not load the segmenter
    from geomap.parsed import ParsedArticle

__all__ = ["ArticleLimits", "split_long"]

logger = logging.getLogger(__name__)

#: Where a long sentence is best cut: after a clause's punctuation; else after any space.
_CLAUSE_END = re.compile(r"[;:,)\]]\s")
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class ArticleLimits:
    """The most one article may hold; a value of 0 lifts that bound.

    Parameters
    ----------
    article_chars : int
        Characters of text read; the rest (from the last space before the bound) is dropped.
    sentence_chars : int
        Longest sentence the clause-level passes (event words, actors, places) see at once; a
        longer one is cut into pieces of at most this length at clause or word boundaries.
    mentions : int
        Place mentions kept, the first in text order.
    incidents : int
        Incidents kept, the first in text order.

    Examples
    --------
    >>> ArticleLimits().text(Article("a", "Bag\\u200bhdad")).text
    'Baghdad'
    """

    article_chars: int = 300_000
    sentence_chars: int = 2_000
    mentions: int = 2_000
    incidents: int = 500

    def text(self, article: Article) -> Article:
        """``article`` with invisible format characters removed and its text within bounds."""
        text = strip_format_characters(article.text)
        title = strip_format_characters(article.title) if article.title else article.title
        if self.article_chars and len(text) > self.article_chars:
            cut = text.rfind(" ", 0, self.article_chars + 1)
            text = text[:cut if cut > self.article_chars // 2 else self.article_chars]
            _warn(article, f"{len(article.text):,} characters, over the limit of "
                           f"{self.article_chars:,}; the text after character {len(text):,} is "
                           "not read")
        if text is article.text and title is article.title:
            return article
        return replace(article, text=text, title=title)

    def parsed(self, parsed: ParsedArticle) -> ParsedArticle:
        """``parsed`` with at most :attr:`mentions` mentions and no sentence over
        :attr:`sentence_chars`."""
        article = parsed.article
        if self.mentions and len(parsed.mentions) > self.mentions:
            _warn(article, f"{len(parsed.mentions):,} place mentions, over the limit of "
                           f"{self.mentions:,}; the first {self.mentions:,} are kept")
            parsed = parsed.with_mentions(parsed.mentions[:self.mentions])
        if self.sentence_chars and any(e - s > self.sentence_chars for s, e in parsed.sentences):
            spans = tuple(piece for s, e in parsed.sentences
                          for piece in split_long(parsed.text, s, e, self.sentence_chars))
            _warn(article, f"a sentence over {self.sentence_chars:,} characters; cut into "
                           "pieces at clause or word boundaries")
            parsed = replace(parsed, sentences=spans)
        return parsed

    def incidents_of(self, article: Article, incidents: list[Incident]) -> list[Incident]:
        """The first :attr:`incidents` incidents of ``article``."""
        if not self.incidents or len(incidents) <= self.incidents:
            return incidents
        _warn(article, f"{len(incidents):,} incidents, over the limit of {self.incidents:,}; "
                       f"the first {self.incidents:,} are kept")
        return incidents[:self.incidents]


def split_long(text: str, start: int, end: int, most: int) -> list[tuple[int, int]]:
    """``(start, end)`` cut into spans of at most ``most`` characters, each ending after a
    clause's punctuation or a space where there is one (the last in its window).

    >>> split_long("one, two, three", 0, 15, 6)
    [(0, 5), (5, 10), (10, 15)]
    """
    pieces = []
    while end - start > most:
        window = text[start:start + most]
        cut = max((m.end() for m in _CLAUSE_END.finditer(window)), default=0)
        if cut <= most // 2:
            cut = max((m.end() for m in _SPACE.finditer(window)), default=0)
        cut = cut if cut > most // 2 else most
        pieces.append((start, start + cut))
        start += cut
    pieces.append((start, end))
    return pieces


def _warn(article: Article, problem: str) -> None:
    where = f"{article.path} ({article.id})" if article.path else article.id
    logger.warning("Warning: %s: %s", where, problem)
