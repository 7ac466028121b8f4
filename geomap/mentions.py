"""Find place mentions in article text, with character spans and sentences.

A gazetteer-driven recogniser: blingfire splits sentences and tokens, runs of capitalised tokens
are matched longest-first against the gazetteer's names, and the rule tables in ``geomap/data``
veto organisations and people ("Kataib Hezbollah", "Al Jazeera") and common words ("March").
It needs no model and no download, and reads each token once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import blingfire

from geomap import rules
from geomap.gazetteer import Gazetteer
from geomap.normalize import name_key
from geomap.records import Article, Mention

MAX_TOKENS = 7
#: Lowercase words that may sit inside a multi-word place name ("Strait of Hormuz", "Deir ez-Zor").
CONNECTORS = frozenset("of al el ez az ad as ash ar an at de la le du des da do di del dos das "
                       "bin ibn abu umm bani and the on upon".split())
#: Prepositions after which a common word ("Nice", "Reading") is taken as a place.
LOCATIVES = frozenset("in at near from to into outside around across toward towards via".split())
JOINERS = frozenset("-‐‑'’")


@dataclass(frozen=True, slots=True)
class Token:
    """A token's span in the article text."""

    start: int
    end: int
    text: str


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end exclusive) of ``text``: blingfire's, within each line.

    News text breaks paragraphs and headlines with newlines and no full stop, so each line is
    split on its own; a headline never runs into the first sentence.
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip() and any(ch.isalnum() for ch in line):
            found = blingfire.text_to_sentences_and_offsets(line)[1]
            spans.extend((offset + a, offset + b) for a, b in found)
        offset += len(line)
    return spans


def tokens(text: str, start: int, end: int) -> list[Token]:
    """Word tokens of ``text[start:end]`` with offsets into ``text``."""
    piece = text[start:end]
    if not piece.strip():
        return []
    spans = blingfire.text_to_words_with_offsets(piece)[1]
    return [Token(start + a, start + b, piece[a:b]) for a, b in spans]


class Recognizer:
    """Find :class:`Mention` s of places known to ``gazetteer`` in articles.

    Examples
    --------
    >>> rec = Recognizer(Gazetteer())  # doctest: +SKIP
    >>> [m.text for m in rec.find(article)]  # doctest: +SKIP
    ['Iraq', 'Baghdad', ...]
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.blocked = rules.not_place_keys()
        self.common = rules.common_word_keys()
        self.qualifiers = rules.qualifiers()

    def find(self, article: Article) -> list[Mention]:
        """All place mentions in the article, in text order."""
        found: list[Mention] = []
        for s_start, s_end in sentences(article.text):
            found.extend(self._in_sentence(article, s_start, s_end))
        return found

    def _in_sentence(self, article: Article, s_start: int, s_end: int) -> Iterator[Mention]:
        toks = tokens(article.text, s_start, s_end)
        i = 0
        while i < len(toks):
            match = self._longest_match(article.text, toks, i) if _can_start(toks[i]) else None
            if match is None:
                i += 1
                continue
            j, kind, blocked = match
            if not blocked and self._accept(article.text, toks, i, s_start):
                start, end = toks[i].start, toks[j - 1].end
                yield Mention(article.id, start, end, article.text[start:end], kind=kind,
                              sentence_start=s_start, sentence_end=s_end,
                              qualifier=self._qualifier(article.text, start, s_start))
            i = j

    def _longest_match(self, text: str, toks: list[Token], i: int
                       ) -> tuple[int, str, bool] | None:
        """(end token, kind, blocked) of the longest name starting at token ``i``."""
        limit = min(len(toks), i + MAX_TOKENS)
        end = i
        while end < limit and _continues(text, toks, i, end):
            end += 1
        for j in range(end, i, -1):
            if not _can_end(toks[j - 1]):
                continue
            key = name_key(text[toks[i].start:toks[j - 1].end])
            if key in self.blocked:
                return j, "toponym", True
            hits = self.gazetteer.lookup(key)
            if hits:
                kind = "demonym" if all(d for _, d in hits) else "toponym"
                return j, kind, False
        return None

    def _accept(self, text: str, toks: list[Token], i: int, s_start: int) -> bool:
        """Common words count only after a locative preposition ("in Nice", not "Nice work")."""
        if name_key(toks[i].text) not in self.common:
            return True
        return i > 0 and toks[i - 1].text.lower() in LOCATIVES

    def _qualifier(self, text: str, start: int, s_start: int) -> str | None:
        before = text[max(s_start, start - 40):start]
        for pattern, _relation in self.qualifiers:
            hit = pattern.search(before)
            if hit:
                return hit.group(0).strip()
        return None


def _can_start(tok: Token) -> bool:
    return tok.text[:1].isupper()


def _can_end(tok: Token) -> bool:
    return tok.text[-1:].isalnum() or tok.text.endswith(".")


def _continues(text: str, toks: list[Token], i: int, end: int) -> bool:
    """Whether token ``end`` may belong to a name that starts at token ``i``."""
    tok = toks[end]
    if end == i:
        return True
    prev = toks[end - 1]
    attached = prev.end == tok.start
    if tok.text in JOINERS:
        return attached and end + 1 < len(toks) and toks[end + 1].start == tok.end
    if tok.text[:1] in "'’" or not (tok.text[:1].isalnum()):
        return False
    if attached and prev.text in JOINERS:
        return True
    return tok.text[:1].isupper() or tok.text.lower() in CONNECTORS
