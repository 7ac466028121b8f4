"""Find place mentions in article text, with character spans and sentences.

A gazetteer-driven recogniser: blingfire splits sentences and tokens, runs of capitalised tokens
are matched longest-first against the gazetteer's names, and the rule tables in ``geomap/data``
veto organisations and people ("Kataib Hezbollah", "Al Jazeera") and common words ("March").
Person names are caught by context (a title before, a first name before or a surname after a
town's name), a country or capital used as an adjective or for its government ("Iran-backed",
"US troops", "Washington said") becomes a demonym-kind mention (context, never an incident
site), and division words, compass words and state abbreviations shape the span ("Laurel
County", "South Charleston", "Charleston, W.Va."). It needs no model and no download.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import NamedTuple

import blingfire

from geomap import rules
from geomap.gazetteer import Gazetteer, class_rank
from geomap.mention_evidence import Evidence
from geomap.normalize import name_key as _name_key
from geomap.records import Article, Mention

MAX_TOKENS = 7
#: name_key is pure and called for every capitalised run: cache it.
name_key = lru_cache(maxsize=1 << 16)(_name_key)
#: Lowercase words that may sit inside a multi-word place name ("Strait of Hormuz", "Deir ez-Zor").
CONNECTORS = frozenset("of al el ez az ad as ash ar an at de la le du des da do di del dos das "
                       "bin ibn abu umm bani and the on upon".split())
#: Prepositions after which a common word ("Nice", "Reading") is taken as a place.
LOCATIVES = frozenset("in at near from to into outside around across toward towards via".split())
JOINERS = frozenset("-‐‑'’")
#: Tokens after which a word is capitalised as if it began a sentence.
OPENERS = frozenset(["\"", "“", "‘", "'", "(", "[", "-", "–", "—", ":", "--"])


class Token(NamedTuple):
    """A token's span in the article text (a tuple: made for every word, it must be cheap)."""

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
            found = _aligned(line, blingfire.text_to_sentences(line).split("\n"),
                             blingfire.text_to_sentences_and_offsets)
            spans.extend((offset + a, offset + b) for a, b in found)
        offset += len(line)
    return spans


def tokens(text: str, start: int, end: int) -> list[Token]:
    """Word tokens of ``text[start:end]`` with offsets into ``text``."""
    piece = text[start:end]
    if not piece.strip():
        return []
    out, pos, find = [], 0, piece.find
    for word in blingfire.text_to_words(piece).split(" "):  # aligned as in _aligned, inline
        k = find(word, pos) if word else -1
        if k < 0:
            spans = blingfire.text_to_words_with_offsets(piece)[1]
            return [Token(start + a, start + b, piece[a:b]) for a, b in spans]
        pos = k + len(word)
        out.append(Token(start + k, start + pos, word))
    return out


def _aligned(text: str, pieces: list[str], with_offsets: Callable) -> list[tuple[int, int]]:
    """Offsets of blingfire's pieces in ``text``, found in order by a forward search.

    blingfire's ``*_with_offsets`` maps bytes to characters in Python, which costs more than
    the splitting itself. Its pieces are nearly always verbatim substrings; when one is not (it
    rewrote a character), the slow exact mapping is used for the whole text instead.
    """
    spans, pos = [], 0
    for piece in pieces:
        k = text.find(piece, pos) if piece else -1
        if k < 0:
            return list(with_offsets(text)[1])
        spans.append((k, k + len(piece)))
        pos = k + len(piece)
    return spans


class Recognizer:
    """Find :class:`Mention` s of places known to ``gazetteer`` in articles.

    The context rules come from the tables in ``geomap/data``: ``not_places.csv`` (organisations
    and people), ``common_words.csv`` (words that are places only after "in", or first names),
    ``titles.csv`` (a name after "Sen." is a person), ``place_words.csv`` (words that end a
    place name: "County", "River", "Street") and ``abbreviations.csv`` ("Charleston, W.Va.").

    Examples
    --------
    >>> rec = Recognizer(Gazetteer())  # doctest: +SKIP
    >>> [m.text for m in rec.find(article)]  # doctest: +SKIP
    ['Iraq', 'Baghdad', ...]
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.blocked = rules.not_place_keys()
        self.common = rules.common_words()
        self.titles = rules.title_keys()
        self.place_words = rules.place_words()
        self.context = rules.context_words()
        self.qualifiers = rules.qualifiers()
        self.abbreviation = _abbreviation_pattern(rules.abbreviations_written())
        self.continents = rules.continents()
        self.evidence = Evidence(gazetteer)
        # Names that are not in the gazetteer still start a run: the rule tables' own.
        extra = [*self.blocked, *self.continents]
        self._prefixes = frozenset(k[:n] for k in extra for n in range(1, len(k) + 1))

    def find(self, article: Article) -> list[Mention]:
        """All place mentions in the article, in text order."""
        found: list[Mention] = []
        people: set[str] = set()
        toks = tokens(article.text, 0, len(article.text))
        starts = [t.start for t in toks]
        for s_start, s_end in sentences(article.text):
            inside = toks[bisect_left(starts, s_start):bisect_left(starts, s_end)]
            found.extend(self._in_sentence(article, s_start, s_end, inside, people))
        # "Barack Obama ... Obama said": a name once part of a person's is a person's after.
        found = [m for m in found if m.kind != "toponym" or name_key(m.text) not in people]
        return self.evidence.filter(article.text, found)

    def _in_sentence(self, article: Article, s_start: int, s_end: int, toks: list[Token],
                     people: set[str]) -> Iterator[Mention]:
        text = article.text
        i, person_end = 0, -1
        while i < len(toks):
            first = toks[i].text[:1]
            span = (self._span_at(text, toks, i, person_end)
                    if first.isupper() or (i and toks[i - 1].text == ",") else None)
            if span is None:
                i += 1
                continue
            j, kind, verdict = span
            if verdict == "person":
                person_end = toks[j - 1].end
                people.update(self._person_words(toks, i, j))
            elif verdict == "place":
                start, end = toks[i].start, toks[j - 1].end
                yield Mention(article.id, start, end, text[start:end], kind=kind,
                              sentence_start=s_start, sentence_end=s_end,
                              qualifier=self._qualifier(text, start, s_start))
            i = j

    def _span_at(self, text: str, toks: list[Token], i: int, person_end: int
                 ) -> tuple[int, str, str] | None:
        """(end token, kind, verdict) of a name starting at token ``i``, or None.

        The verdict is ``place``, ``person`` (part of a person's name: so is a name right after
        it) or ``other`` (an organisation or a common word).
        """
        hit = self.abbreviation.match(text, toks[i].start)
        # "Columbia, S.C." anywhere after a comma; "S.C." and "W.Va." (two dots) anywhere
        if hit and ((i and toks[i - 1].text == ",") or hit.group().count(".") > 1):
            return _token_after(toks, i, hit.end()), "toponym", "place"
        if not _can_start(toks[i]):
            return None
        match = self._longest_match(text, toks, i)
        # "South Charleston", "East Bank": one place, even when the gazetteer lacks it
        if (self.common.get(_key(toks[i])) == "compass" and (match is None or match[0] == i + 1)
                and i + 1 < len(toks) and toks[i + 1].text[:1].isupper()
                and (after := self._longest_match(text, toks, i + 1))
                and not (after[2] and class_rank(after[2][0][0]) >= 4)):
            # ...but "Northeast Georgia" is the qualifier "Northeast" and Georgia
            return self._extend(toks, after[0]), after[1], "place" if after[2] else "other"
        if match is None:
            j = self._division(toks, i) or self._cued(text, toks, i)
            return (j, "toponym", "place") if j else None
        j, kind, hits = match
        if hits is None:
            return j, kind, "other"
        end = self._extend(toks, j)
        if self._is_person(toks, i, j, hits, person_end):
            return j, kind, "person"
        ok = end > j or self._accept(text, toks, i, j, hits)
        if ok and end == j and _is_state(hits) and self._adjectival(toks, j):
            kind = "demonym"
        return end, kind, "place" if ok else "other"

    def _adjectival(self, toks: list[Token], j: int) -> bool:
        """A name used as an adjective or for its government: "Iran-backed", "US-led", "US
        Secretary of State", "US troops", "Washington said" (``context_words.csv``).

        It points at its country like a demonym, and is context, never an incident site.
        """
        if j + 1 < len(toks) and toks[j].text in JOINERS and toks[j].start == toks[j - 1].end:
            return toks[j + 1].start == toks[j].end and toks[j + 1].text.islower()
        return j < len(toks) and (_key(toks[j]) in self.titles or toks[j].text in self.context)

    def _longest_match(self, text: str, toks: list[Token], i: int
                       ) -> tuple[int, str, tuple | None] | None:
        """(end token, kind, gazetteer hits or None when blocked) of the longest name at ``i``."""
        limit = min(len(toks), i + MAX_TOKENS)
        end = i
        while end < limit and _continues(text, toks, i, end) and (
                end == i or self._begins_name(name_key(text[toks[i].start:toks[end].end]))):
            end += 1
        if not self._begins_name(name_key(toks[i].text)):
            return None
        for j in range(end, i, -1):
            if not _can_end(toks[j - 1]):
                continue
            key = name_key(text[toks[i].start:toks[j - 1].end])
            if key in self.blocked:
                return j, "toponym", None
            hits = self.continents.get(key)
            hits = (hits,) if hits else self.gazetteer.lookup(key)
            if hits:
                kind = "demonym" if all(d for _, d in hits) else "toponym"
                return j, kind, hits
        return None

    def _begins_name(self, key: str) -> bool:
        """Whether some known name starts with ``key``: stops a capitalised run early.

        Most capitalised words begin no place name; one cached range probe of the gazetteer
        says so and saves a lookup for every longer run that starts with them.
        """
        return key in self._prefixes or self.gazetteer.has_prefix(key)

    def _extend(self, toks: list[Token], j: int) -> int:
        """Take in the words that end a place name: "Laurel County", "Red River", "Main St."."""
        if j < len(toks) and toks[j].text[:1].isupper() and _key(toks[j]) in self.place_words:
            after = toks[j + 1] if j + 1 < len(toks) else None
            if (self.place_words[_key(toks[j])] == "division" or after is None
                    or not after.text[:1].isupper()):  # not "Florida Highway Patrol"
                return j + 1
        return j

    def _division(self, toks: list[Token], i: int) -> int:
        """End of "Henry County"-like names the gazetteer lacks: capitalised words + a division."""
        if _key(toks[i]) in self.common:
            return 0
        for j in range(i + 1, min(len(toks), i + 4)):
            if not toks[j].text[:1].isupper():
                return 0
            if self.place_words.get(_key(toks[j])) == "division":
                return j + 1
            if not toks[j].text[:1].isupper() or _key(toks[j]) in self.common:
                return 0
        return 0

    def _cued(self, text: str, toks: list[Token], i: int) -> int:
        """End of a name the gazetteer lacks but the words around it call a place: "the village
        of Umm al-Kheir", "Zamzam camp". It stays unresolved offline and goes to the geocoder
        online; 0 when there is no such cue."""
        before = i >= 2 and toks[i - 1].text == "of" and toks[i - 2].text.islower() and \
            self.place_words.get(_key(toks[i - 2])) == "settlement"
        window = toks[i + 1:i + 5]
        facility = any(t.text.islower() and self.place_words.get(_key(t)) == "facility"
                       for t in window)
        if not (before or facility) or _key(toks[i]) in self.common:
            return 0
        end = i + 1
        while end < min(len(toks), i + 4) and _continues(text, toks, i, end):
            end += 1
        while end > i + 1 and not _can_end(toks[end - 1]):
            end -= 1
        if before:
            return end
        after = toks[end] if end < len(toks) else None
        if after is not None and after.text.islower() and \
                self.place_words.get(_key(after)) == "facility":
            return end + 1
        return 0

    def _is_person(self, toks: list[Token], i: int, j: int, hits: tuple, person_end: int
                   ) -> bool:
        """A town's or first name's match that is really part of a person's name.

        "Chad Smith", "Tom Moore": a surname follows; "Sen. Lincoln", "Barack Obama": a title
        or a first name comes before. Countries, provinces and capitals are kept ("Iraq War").
        """
        if hits[0][1]:
            return False
        name_like = self.common.get(_key(toks[i])) == "name" and j - i == 1
        if class_rank(hits[0][0]) > 3 and not name_like:
            return False
        if i and toks[i].start - person_end in (1, 2):
            return True
        before = [t for t in toks[max(0, i - 2):i] if t.text != "."]
        if before and _key(before[-1]) in self.titles:
            return True
        prev = toks[i - 1] if i else None
        if (prev and prev.end + 1 == toks[i].start and class_rank(hits[0][0]) <= 2
                and self._name_word(prev)):  # "Barack Obama"; not "Metropolitan Atlanta"
            return True
        nxt = toks[j] if j < len(toks) else None
        return (nxt is not None and nxt.start == toks[j - 1].end + 1 and self._name_word(nxt)
                and _key(nxt) not in self.place_words)

    def _person_words(self, toks: list[Token], i: int, j: int) -> Iterator[str]:
        """A surname found at ``i:j`` after a title ("Sen. Lincoln"), for later bare mentions.

        Only a title makes it sure: a name vetoed for the capitalised word before or after it
        is as often in an organisation ("Metropolitan Atlanta", "Charleston Gazette").
        """
        prev = [t for t in toks[max(0, i - 2):i] if t.text != "."]
        if prev and _key(prev[-1]) in self.titles:
            yield name_key(" ".join(t.text for t in toks[i:j]))

    def _name_word(self, tok: Token) -> bool:
        """A capitalised word that is neither a place, a common word nor a title: a name."""
        key = _key(tok)
        return (tok.text.isalpha() and tok.text[:1].isupper() and key not in self.common
                and key not in self.titles and not self.gazetteer.lookup(key))

    def _accept(self, text: str, toks: list[Token], i: int, j: int, hits: tuple) -> bool:
        """Common words count only after a locative ("in Nice", not "Nice work"); a lone word
        at the start of a sentence only when it is a place's own name, not an alternate one."""
        key = name_key(text[toks[i].start:toks[j - 1].end])
        if self.common.get(key) in ("locative", "compass"):
            return i > 0 and toks[i - 1].text.lower() in LOCATIVES
        if j - i == 1 and (i == 0 or toks[i - 1].text in OPENERS) and not hits[0][1]:
            return any(name_key(p.name) == key for p, _ in hits)
        return True

    def _qualifier(self, text: str, start: int, s_start: int) -> str | None:
        before = text[max(s_start, start - 40):start]
        for pattern, _relation in self.qualifiers:
            hit = pattern.search(before)
            if hit:
                return hit.group(0).strip()
        return None


def _is_state(hits: tuple) -> bool:
    """Whether the best reading of a name is a country or a capital (a state's metonym)."""
    code = hits[0][0].feature_code
    return code.startswith("PCL") or code == "PPLC"


def _key(tok: Token) -> str:
    return name_key(tok.text)


def _token_after(toks: list[Token], i: int, offset: int) -> int:
    """Index of the first token at or after character ``offset``."""
    while i < len(toks) and toks[i].start < offset:
        i += 1
    return i


def _abbreviation_pattern(written: Sequence[str]) -> re.Pattern[str]:
    """Regex for state abbreviations as written ("W.Va.", "Ky.", "KY"), longest first."""
    alts = sorted(written, key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(a) for a in alts) + r")(?![\w.])")


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
    if tok.text == "." and attached and len(prev.text) <= 2 and prev.text[:1].isupper():
        return end + 1 < len(toks) and toks[end + 1].text[:1].isupper()  # "St. Petersburg"
    if tok.text[:1] in "'’" or not (tok.text[:1].isalnum()):
        return False
    if attached and prev.text in JOINERS:
        return True
    if prev.text == "." and end >= 2 and len(toks[end - 2].text) <= 2:
        return tok.text[:1].isupper()
    return tok.text[:1].isupper() or tok.text.lower() in CONNECTORS
