"""Find place mentions in article text, with character spans and sentences.

A gazetteer-driven recogniser: blingfire splits sentences and tokens, runs of capitalised tokens
are matched longest-first against the gazetteer's names, and the rule tables in ``geomap/data``
veto organisations and people ("Kataib Hezbollah", "Al Jazeera") and common words ("March").
Person names are caught by context (a title before, a first name before or a surname after a
town's name), a country or capital used as an adjective or for its government ("Iran-backed",
"US troops", "Washington said") becomes a demonym-kind mention (context, never an incident
site), and division words, compass words and state abbreviations shape the span ("Laurel
County", "South Charleston", "Charleston, W.Va."). A last pass (:mod:`geomap.recognize.evidence`)
keeps a village only where the text calls it a place and drops people's names that match
towns. It needs no model and no download.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence

from geomap import rules
from geomap.gazetteer.index import Gazetteer, class_rank
from geomap.normalize import ARABIC_ARTICLES
from geomap.parsed import ParsedArticle, parse
from geomap.recognize.context import (
    CONNECTORS,
    JOINERS,
    LOCATIVES,
    MAX_TOKENS,
    OPENERS,
    ContextRules,
    Words,
    after,
    can_end,
    continues,
    is_state,
    name_key,
    qualifier,
    token_after,
    type_word,
)
from geomap.recognize.evidence import Evidence, names_a_division
from geomap.recognize.organisations import outside_acronym_names
from geomap.records import Article, Mention
from geomap.segment import Token, sentences, tokens

__all__ = ["Recognizer", "Token", "name_key", "sentences", "tokens"]


class Recognizer(ContextRules):
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
        super().__init__(gazetteer)
        self.evidence = Evidence(gazetteer)
        # Names that are not in the gazetteer still start a run: the rule tables' own.
        extra = [*self.blocked, *self.continents]
        self._prefixes = frozenset(k[:n] for k in extra for n in range(1, len(k) + 1))
        self._abbreviation_firsts = frozenset(a[:1] for a in rules.abbreviations_written())
        self.type_words = rules.type_words()
        self._type_firsts = frozenset(c for w in self.type_words for c in (w[0], w[0].upper()))

    def find(self, article: Article) -> list[Mention]:
        """All place mentions in the article, in text order."""
        return list(self.parse(article).mentions)

    def parse(self, article: Article) -> ParsedArticle:
        """The article split into sentences and words once, with its mentions."""
        parsed = parse(article)
        return parsed.with_mentions(self.find_in(parsed))

    def find_in(self, parsed: ParsedArticle) -> list[Mention]:
        """The mentions of an article already split into sentences and words."""
        found: list[Mention] = []
        people: set[str] = set()
        article = parsed.article
        words, starts, ends = parsed.words, parsed.starts, parsed.ends
        # Only a capitalised word, or any word after a comma, may start a name.
        marks = [k for k, w in enumerate(words) if w[:1].isupper() or (k and words[k - 1] == ",")]
        typed = [starts[k] for k, w in enumerate(words)
                 if w[:1] in self._type_firsts and w.lower() in self.type_words]
        for s_start, s_end in parsed.sentences:
            lo, hi = bisect_left(starts, s_start), bisect_left(starts, s_end)
            toks = Words(words[lo:hi], starts[lo:hi], ends[lo:hi])
            # a type word counts only inside its sentence: most sentences have none to ask
            here = typed[bisect_left(typed, s_start):bisect_left(typed, s_end)]
            found.extend(self._in_sentence(article, s_start, s_end, toks,
                                           _starters(toks.text, marks, lo, hi), people,
                                           typed=here))
        # "Barack Obama ... Obama said": a name once part of a person's is a person's after.
        found = [m for m in found if m.kind != "toponym" or name_key(m.text) not in people]
        # "the UK Maritime Trade Operations (UKMTO)": no place inside an organisation's name
        return self.evidence.filter(article.text, outside_acronym_names(article.text, found))

    def _in_sentence(self, article: Article, s_start: int, s_end: int, toks: Words,
                     starters: list[int], people: set[str], *, typed: Sequence[int] = ()
                     ) -> Iterator[Mention]:
        text = article.text
        i, person_end = 0, -1
        for k in starters:
            if k < i:
                continue
            span = self._span_at(text, toks, k, person_end, typed)
            if span is None:
                continue
            j, kind, verdict = span
            if verdict == "person":
                person_end = toks.end[j - 1]
                people.update(self._person_words(toks, k, j))
            elif verdict == "place":
                start, end = toks.start[_article_start(toks, k)], toks.end[j - 1]
                yield Mention(article.id, start, end, text[start:end], kind=kind,
                              sentence_start=s_start, sentence_end=s_end,
                              qualifier=qualifier(text, start, s_start),
                              type_word=type_word(text, start, end, s_start, s_end,
                                                  positions=typed) if typed else None,
                              after=after(text, end, s_end))
            i = j

    def _span_at(self, text: str, toks: Words, i: int, person_end: int,
                 typed: Sequence[int] = ()) -> tuple[int, str, str] | None:
        """(end token, kind, verdict) of a name starting at token ``i``, or None.

        ``typed``: where the sentence's type words ("counties") start; one may make a name the
        gazetteer knows only with it a place ("Sarpy").

        The verdict is ``place``, ``person`` (part of a person's name: so is a name right after
        it) or ``other`` (an organisation or a common word).
        """
        words, start = toks.text, toks.start[i]
        hit = (self.abbreviation.match(text, start)
               if text[start:start + 1] in self._abbreviation_firsts else None)
        # "Columbia, S.C." anywhere after a comma; "S.C." and "W.Va." (two dots) anywhere
        if hit and ((i and words[i - 1] == ",") or hit.group().count(".") > 1):
            return token_after(toks.start, i, hit.end()), "toponym", "place"
        word = words[i]
        if not word[:1].isupper():
            return None
        key = name_key(word)
        match = self._longest_match(text, toks, i, key)
        if match and match[0] == i + 1 and _hyphenated_article(toks, i):
            return None  # "Al-Raqqa": the article names no place (Ål); the name after it does
        rule = self.common.get(key)
        # "South Charleston", "East Bank", "Lake Erie": one place, even when the gazetteer
        # lacks it...
        if (rule in ("compass", "prefix") and (match is None or match[0] == i + 1)
                and i + 1 < len(words) and words[i + 1][:1].isupper()
                and (after := self._longest_match(text, toks, i + 1, name_key(words[i + 1])))
                and (rule == "prefix" or not (after[2] and class_rank(after[2][0][0]) >= 4))):
            # ...but "Northeast Georgia" is the qualifier "Northeast" and Georgia
            return self._extend(toks, after[0]), after[1], "place" if after[2] else "other"
        if self._directs_an_unknown_name(text, toks, i, match):
            # "Eastern Ghouta": a name the gazetteer lacks, not Ghana's Eastern Region
            return i + 2, "toponym", "other"
        if match is None:
            if rule is not None:  # a common word starts no unknown name
                return None
            j = ((i + 1 < len(words) and words[i + 1][:1].isupper() and self._division(toks, i))
                 or self._cued(toks, i) or (typed and self._typed_division(text, toks, i, typed))
                 or self._before_division_word(toks, i))
            return (j, "toponym", "place") if j else None
        j, kind, hits = match
        if hits is None:
            return j, kind, "other"
        end = self._extend(toks, j)
        if (end < len(words) and self.context.get(words[end].lower()) == "eponym"
                and (kind == "demonym" or not any(p.feature_code == "ADM1" for p, _ in hits))):
            # "Marburg virus", "Spanish flu", "Hong Kong flu": a disease's name; "Texas flu
            # deaths": Texas, a state is rarely a disease's name
            return end, kind, "other"
        if self._is_person(toks, i, j, hits, person_end):
            return j, kind, "person"
        ok = end > j or self._accept(text, toks, i, j, hits)
        if ok and end == j and is_state(hits) and self._adjectival(toks, j):
            kind = "demonym"
        return end, kind, "place" if ok else "other"

    def _directs_an_unknown_name(self, text: str, toks: Words, i: int, match: tuple | None
                                 ) -> bool:
        """Whether token ``i`` is a direction word ("Eastern") that names a place only by
        itself, before a capitalised word that starts no known name, no place word and no
        abbreviation ("Eastern Ghouta"; not "North Island", "Northwest D.C.")."""
        words = toks.text
        if not (match and match[0] == i + 1 and words[i].lower() in DIRECTIONS
                and i + 1 < len(words) and words[i + 1][:1].isupper()
                and toks.start[i + 1] == toks.end[i] + 1):
            return False
        nxt = name_key(words[i + 1])
        return (nxt not in self.place_words and not self.abbreviation.match(text, toks.start[i + 1])
                and self._longest_match(text, toks, i + 1, nxt) is None)

    def _before_division_word(self, toks: Words, i: int) -> int:
        """End of a one-word name the gazetteer lacks right before a lowercase division word:
        "Baramulla district", "Komandjari province" (the resolver may find it respelled, or
        leave it to its country)."""
        words = toks.text
        if i + 1 >= len(words) or not words[i + 1].islower() or words[i].lower() in DIRECTIONS:
            return 0  # "the Central district" is no name
        typed = rules.type_words().get(words[i + 1])
        return i + 1 if typed is not None and typed == (words[i + 1], "division") and \
            words[i].isalpha() and len(words[i]) > 3 else 0

    def _typed_division(self, text: str, toks: Words, i: int, typed: Sequence[int]) -> int:
        """End of a one-word name the gazetteer knows only with a division word that the text
        gives elsewhere: "Sarpy" in "Douglas, Sarpy and Lancaster counties" (Sarpy County);
        0 otherwise."""
        start, end = toks.start[i], toks.end[i]
        word = type_word(text, start, end, toks.start[0], toks.end[-1], positions=typed)
        return i + 1 if names_a_division(self.gazetteer, toks.text[i], word) else 0

    def _adjectival(self, toks: Words, j: int) -> bool:
        """A name used as an adjective or for its government: "Iran-backed", "US-led", "US
        Secretary of State", "US troops", "Washington said" (``context_words.csv``).

        It points at its country like a demonym, and is context, never an incident site.
        """
        words, starts, ends = toks.text, toks.start, toks.end
        if j + 1 < len(words) and words[j] in JOINERS and starts[j] == ends[j - 1]:
            return starts[j + 1] == ends[j] and words[j + 1].islower()
        return j < len(words) and (name_key(words[j]) in self.titles or words[j] in self.context)

    def _longest_match(self, text: str, toks: Words, i: int, key: str
                       ) -> tuple[int, str, tuple | None] | None:
        """(end token, kind, gazetteer hits or None when blocked) of the longest name at ``i``.

        ``key`` is the name key of token ``i``. The run grows while some known name starts with
        it, then the longest part of it that is a name wins. Most capitalised words begin no
        place name: one cached range probe of the gazetteer says so, and saves a lookup for
        every longer run that starts with them.
        """
        # asked inline, not by a method: this runs for nearly every capitalised word
        prefixes, has_prefix = self._prefixes, self.gazetteer.has_prefix
        if key not in prefixes and not has_prefix(key):
            return None
        words, first, ends, keys = toks.text, toks.start[i], toks.end, [key]
        end, limit = i + 1, min(len(ends), i + MAX_TOKENS)
        # Most names are followed by a lowercase word that is no connector: the run ends there
        # (what continues() answers after a capitalised word, without the call).
        if end < limit and not (words[end][:1].islower()
                                and words[end].lower() not in CONNECTORS):
            while end < limit and continues(toks, i, end):
                key = name_key(text[first:ends[end]])
                if key not in prefixes and not has_prefix(key):
                    break
                keys.append(key)
                end += 1
        for j in range(end, i, -1):
            if not can_end(words[j - 1]):
                continue
            key = keys[j - 1 - i]  # the name of tokens i..j-1
            if key in self.blocked:
                return j, "toponym", None
            continent = self.continents.get(key)
            hits = (continent,) if continent else self.gazetteer.lookup(key)
            if hits and not self._city_of_an_organisation(words, i, j, key, hits):
                return j, _kind(hits), hits
        return None

    @staticmethod
    def _city_of_an_organisation(words: list[str], i: int, j: int, key: str, hits: tuple
                                 ) -> bool:
        """"Dublin City Schools", "Alexandria City Council": the town is named, and "City"
        belongs to the organisation, unless "X City" is a town's own name ("Kansas City"; the
        council area "Dublin City" does not count)."""
        return (j - i > 1 and words[j - 1] == "City" and j < len(words)
                and words[j][:1].isupper()
                and not any(name_key(p.name) == key and p.feature_class == "P" for p, _ in hits))

    def _extend(self, toks: Words, j: int) -> int:
        """Take in the words that end a place name: "Laurel County", "Red River", "Main St."."""
        words = toks.text
        if j < len(words) and words[j][:1].isupper() and name_key(words[j]) in self.place_words:
            after = words[j + 1] if j + 1 < len(words) else None
            if (self.place_words[name_key(words[j])] == "division" or after is None
                    or not after[:1].isupper()):  # not "Florida Highway Patrol"
                return j + 1 + self._abbreviation_dot(toks, j)
        return j

    def _abbreviation_dot(self, toks: Words, j: int) -> int:
        """1 when the street word at ``j`` is an abbreviation with its dot: "Main St."."""
        return int(j + 1 < len(toks.text) and toks.text[j + 1] == "."
                   and toks.start[j + 1] == toks.end[j] and len(toks.text[j]) <= 4
                   and self.place_words[name_key(toks.text[j])] == "street")

    def _accept(self, text: str, toks: Words, i: int, j: int, hits: tuple) -> bool:
        """Common words count only after a locative ("in Nice", not "Nice work"); a lone word
        at the start of a sentence only when it is a place's own name, not an alternate one,
        or a country's or a state's ("Britain", "DRC");
        an acronym only for a country or a state; a census first name never by an alternate
        name alone."""
        key = name_key(text[toks.start[i]:toks.end[j - 1]])
        if j - i == 1 and _acronym(toks, i) and not _names_a_state(hits):
            return False  # "FDA", "NATO", "PA" (the Palestinian Authority): not a village
        own = _own_name(key, hits)
        if (j - i == 1 and "given" in self.people.get(key, ()) and not own()
                and not any(d for _, d in hits)):
            return False  # "Ben" (Bern), "Robert" (Le Robert): a first name, not a place's
        if self.common.get(key) in ("locative", "compass", "prefix"):
            return i > 0 and toks.text[i - 1].lower() in LOCATIVES
        if _article_start(toks, i) < i:  # "al-Bab": the article makes it a name
            return True
        if j - i == 1 and (i == 0 or toks.text[i - 1] in OPENERS) and not hits[0][1]:
            return own() or _names_a_state(hits)
        return True


def _own_name(key: str, hits: tuple) -> Callable[[], bool]:
    """Whether ``key`` is some reading's own name, not only an alternate one: asked lazily,
    as most names need no answer."""
    return lambda: any(name_key(p.name) == key for p, _ in hits)


def _kind(hits: tuple) -> str:
    """``demonym`` when the name is some country's demonym ("Canadian", though Canadian,
    Texas exists): context, never an incident site; else ``toponym``."""
    return "demonym" if any(d and p.feature_code.startswith("PCL") for p, d in hits) or \
        all(d for _, d in hits) else "toponym"


#: Direction words that are also places' names ("Eastern", Ghana's region; "North").
DIRECTIONS = frozenset("north south east west northern southern eastern western central "
                       "northeast northwest southeast southwest".split())
#: Feature codes of the places an acronym may name: "US", "UK", "DRC", "NSW".
STATE_CODES = ("PCL", "TERR", "ADM1")


def _names_a_state(hits: tuple) -> bool:
    """Whether a reading is a country, a territory or a first-level division: "Texas flu",
    "US", not "Marburg virus" nor "FDA"."""
    return any(p.feature_code.startswith(STATE_CODES) for p, _ in hits)
#: Tokens after a capitalised word that opens a dateline ("HUME – A member...").
DATELINE_MARKS = frozenset(["-", "–", "—", "--", ","])


def _acronym(toks: Words, i: int) -> bool:
    """Whether token ``i`` is an acronym ("FDA", "NATO", "SOS"): 2 to 5 capitals, in a text
    that is not all capitals around it (a headline), and not opening a dateline ("OMAHA --").

    An acronym names an organisation far more often than the village whose name, or alternate
    name, it spells; only a country or a first-level division is taken ("US", "DRC").
    """
    words = toks.text
    if not (_capitals(words[i]) and 2 <= len(words[i]) <= 5):
        return False
    after = words[i + 1] if i + 1 < len(words) else ""
    if _capitals(after) or (i == 0 and after in DATELINE_MARKS):
        return False
    return not (i and _capitals(words[i - 1]))


def _capitals(word: str) -> bool:
    """Whether a word is written in capitals only ("FDA", "MOSUL")."""
    return word.isalpha() and word.isupper()


def _article_start(toks: Words, k: int) -> int:
    """Index of an Arabic article hyphenated to the name at ``k`` ("al-Bab", "el-Fasher",
    "Al-Raqqa"), else ``k``."""
    return k - 2 if k >= 2 and _hyphenated_article(toks, k - 2) else k  # k < len: attached


def _hyphenated_article(toks: Words, k: int) -> bool:
    """Whether token ``k`` is an Arabic article with a hyphen right after it ("Al-", "el-"),
    hyphenated to the next word when there is one."""
    words, starts, ends = toks.text, toks.start, toks.end
    return (k + 1 < len(words) and words[k].lower() in ARABIC_ARTICLES
            and words[k + 1] in JOINERS and ends[k] == starts[k + 1]
            and (k + 2 == len(words) or ends[k + 1] == starts[k + 2]))


def _starters(words: list[str], marks: list[int], lo: int, hi: int) -> list[int]:
    """Sentence-local indices of the words that may start a name: capitalised, or after a
    comma inside the sentence (``marks`` holds both kinds, as article-wide indices)."""
    found = marks[bisect_left(marks, lo):bisect_left(marks, hi)]
    if found and found[0] == lo and not words[0][:1].isupper():
        del found[0]
    return [k - lo for k in found]
