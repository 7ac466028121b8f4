"""The recogniser's rule tables and the context rules that read the words around a name.

:class:`Words` holds one sentence's tokens as parallel lists (texts, starts, ends), so that no
object is made per word. :class:`ContextRules` loads the tables in ``geomap/data`` once and
answers the questions :class:`.recognizer.Recognizer` asks about the words around a name:
is it part of a person's name, does a division word ("Henry County") or a cue ("the village of
Umm al-Kheir", "Zamzam camp") make it a place the gazetteer lacks.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache

from geomap import rules
from geomap.gazetteer.index import Gazetteer, class_rank
from geomap.normalize import cached_name_key as name_key
from geomap.prefilter import Prefiltered
from geomap.recognize.evidence import cased_alike, is_minor

MAX_TOKENS = 7
#: A token of initials: "J.M.", "J.R.R.".
_INITIALS = re.compile(r"(?:[A-Z]\.){2,}")
#: Lowercase words that may sit inside a multi-word place name ("Strait of Hormuz", "Deir ez-Zor").
CONNECTORS = frozenset("of al el es ez az ad as ash ar an at de la le las los du des da do di del "
                       "dos das bin ibn abu umm bani and the on upon".split())
#: Prepositions after which a common word ("Nice", "Reading") is taken as a place.
LOCATIVES = frozenset("in at near from to into outside around across toward towards via".split())
JOINERS = frozenset("-‐‑'’")
#: Words before "X village" that make X a site's name: the locatives, and "on" ("an attack on").
_SITE_LOCATIVES = LOCATIVES | {"on"}
#: Words between a name and "camp" that say what camp it is ("Pangonkuei cattle camp").
_CAMP_KINDS = frozenset("refugee refugees displacement displaced idp cattle army military police "
                        "border training detention transit migrant migrants".split())
#: Tokens after which a word is capitalised as if it began a sentence.
OPENERS = frozenset(["\"", "“", "‘", "'", "(", "[", "-", "–", "—", ":", "--"])


#: Words that begin a sentence before a division's name but are no part of it.
DETERMINERS = frozenset("the a an this that these those every each all both some no one two "
                        "three four five six seven eight nine ten".split())


class Words:
    """The tokens of one sentence: ``text[k]`` spans ``start[k]:end[k]`` of the article."""

    __slots__ = ("end", "start", "text")

    def __init__(self, text: list[str], start: list[int], end: list[int]) -> None:
        self.text, self.start, self.end = text, start, end


class ContextRules:
    """The rule tables, and the rules that look at the words before and after a name."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.blocked = rules.not_place_keys()
        self.common = rules.common_words()
        self.titles = rules.title_keys()
        self.people = rules.person_names()
        self.place_words = rules.place_words()
        self.context = rules.context_words()
        self.qualifiers = rules.qualifiers()
        self.abbreviation = _abbreviation_pattern(rules.abbreviations_written())
        self.continents = rules.continents()
        facilities = frozenset(k for k, v in self.place_words.items() if v == "facility")
        #: Whether a word is a lowercase facility word ("camp", "checkpoint"), memoised per word.
        self._facility = lru_cache(maxsize=1 << 14)(
            lambda word: word.islower() and name_key(word) in facilities)
        settlements = frozenset(k for k, v in self.place_words.items() if v == "settlement")
        #: Whether a word is a lowercase settlement word ("village"), memoised per word.
        self._settlement = lru_cache(maxsize=1 << 14)(
            lambda word: word.islower() and name_key(word) in settlements)

    def _division(self, toks: Words, i: int) -> int:
        """End of "Henry County"-like names the gazetteer lacks: capitalised words + a division.

        Token ``i`` is capitalised and not a common word (the caller checks); a determiner
        or a number starts no name ("The Tarrant County", "Three Eastland County deputies").
        """
        words, common = toks.text, self.common
        if words[i].lower() in DETERMINERS:
            return 0
        for j in range(i + 1, min(len(words), i + 4)):
            if not words[j][:1].isupper():
                return 0
            key = name_key(words[j])
            if self.place_words.get(key) == "division":
                return j + 1
            if key in common:
                return 0
        return 0

    def _cued(self, toks: Words, i: int) -> int:
        """End of a name the gazetteer lacks but the words around it call a place: "the village
        of Umm al-Kheir", "Zamzam camp", "Tell Qarah village in Idlib province". The resolver
        places it in the area the text names (or leaves it unresolved offline) and the
        geocoder looks for it online; 0 when there is no such cue. Token ``i`` is not a common
        word (the caller checks)."""
        words = toks.text
        if words[i].lower() in DETERMINERS:
            return 0  # "The village in Idlib was hit": no village named "The"
        before = i >= 2 and words[i - 1] == "of" and self._settlement(words[i - 2])
        # "at village Kalantara Kandi": the settlement word right before, after a locative
        before = before or (i >= 2 and words[i - 2] in LOCATIVES
                            and self._settlement(words[i - 1]))
        # "at Mararani village", "an attack on Khuafo village": after a locative, before one
        located = i >= 1 and words[i - 1] in _SITE_LOCATIVES
        window = words[i + 1:i + 5]
        if not before and not any(map(self._facility, window)) and (
                not any(map(self._settlement, window))  # _settled_in needs one of these
                or not any(map(self._settled_in, range(i + 1, min(len(words), i + 5)),
                               [words] * 4, [located] * 4))):
            return 0
        end, n = i + 1, len(words)
        # "the village of Kfar Kila and Aita al-Shaab" names two villages, not one
        while end < min(n, i + 4) and words[end] != "and" and continues(toks, i, end):
            end += 1
        while end > i + 1 and not can_end(words[end - 1]):
            end -= 1
        if before or self._settled_in(end, words) or (
                self._settled_in(end, words, located)
                and not any(w in CONNECTORS for w in words[i:end])):  # not "in PD8 of Kabul city"
            return end
        if end < n and self._facility(words[end]):
            return end + 1
        # "Pangonkuei cattle camp", "Nur Shams refugee camp": a word says what camp it is
        kind = end + 1 < n and words[end] in _CAMP_KINDS and self._facility(words[end + 1])
        return end + 2 if kind else 0

    def _settled_in(self, k: int, words: list[str], located: bool = False) -> bool:
        """Whether word ``k`` is a lowercase settlement word followed by "in" ("X village in"),
        or anywhere when the name came after a locative (``located``: "at X village,")."""
        return k < len(words) and (located or (k + 1 < len(words) and words[k + 1] == "in")) \
            and self._settlement(words[k])

    def _is_person(self, toks: Words, i: int, j: int, hits: tuple, person_end: int) -> bool:
        """A town's or first name's match that is really part of a person's name.

        "Chad Smith", "Tom Moore": a surname follows; "Sen. Lincoln", "Barack Obama": a title
        or a first name comes before. Countries, provinces and capitals are kept ("Iraq War").
        """
        if hits[0][1]:
            return False
        words, starts, ends = toks.text, toks.start, toks.end
        if j - i > 1 and name_key(words[j - 1]) in self.place_words:
            return False  # "Walker County Fair", "Laurel County Clerk": no one's name
        name_like = self.common.get(name_key(words[i])) == "name" and j - i == 1
        rank = class_rank(hits[0][0])
        # "Moazuddin Ahmadi", "Simon Hoth Dual": a name only a big city's other name
        # (Al Ahmadi, Douala) may be a surname too; asked only when it decides
        def alternate() -> bool:
            key = name_key(" ".join(words[i:j]))
            return not any(name_key(p.name) == key for p, _ in hits)

        if rank > 3 and not name_like and not alternate():
            return False
        if i and starts[i] - person_end in (1, 2):
            return True
        if self._after_title(words, i) or self._after_initial(toks, i) or \
                self._before_initial(toks, j):
            return True
        # "Barack Obama"; not "Metropolitan Atlanta"
        if (i and ends[i - 1] + 1 == starts[i] and cased_alike(words[i - 1], words[i])
                and (rank <= 2 or alternate()) and self._name_word(words[i - 1])):
            return True
        # "Chad Smith", "Brent Ching"; not "Oxford GP"
        return (j < len(words) and starts[j] == ends[j - 1] + 1
                and cased_alike(words[j], words[j - 1])
                and self._name_word(words[j], village=True)
                and name_key(words[j]) not in self.place_words)

    def _after_title(self, words: list[str], i: int) -> bool:
        """Whether the word before ``i`` (skipping a ".", two words back at most) is a title."""
        if i >= 1 and words[i - 1] != ".":
            return name_key(words[i - 1]) in self.titles
        return i >= 2 and words[i - 2] != "." and name_key(words[i - 2]) in self.titles

    def _after_initial(self, toks: Words, i: int) -> bool:
        """Whether a middle or first initial comes right before ``i``: "Matthew D. Flores",
        "J.M. Barrie" (not a compass letter, "N. Charleston", nor a place, "U.S.")."""
        words = toks.text
        if i >= 2 and words[i - 1] == "." and toks.end[i - 2] == toks.start[i - 1]:
            return len(words[i - 2]) == 1 and words[i - 2].isupper() and words[i - 2] not in "NSEW"
        return i >= 1 and _INITIALS.fullmatch(words[i - 1]) is not None \
            and not self.gazetteer.lookup(name_key(words[i - 1]))

    def _before_initial(self, toks: Words, j: int) -> bool:
        """Whether a middle initial and a surname follow: "Keith D. Johnson" (not a state's
        abbreviation, "Charleston W. Va.")."""
        words, starts, ends = toks.text, toks.start, toks.end
        return (j + 2 < len(words) and len(words[j]) == 1 and words[j].isupper()
                and starts[j] == ends[j - 1] + 1 and words[j + 1] == "."
                and starts[j + 1] == ends[j] and words[j + 2][:1].isupper()
                and name_key(words[j] + words[j + 2]) not in rules.abbreviations())

    def _person_words(self, toks: Words, i: int, j: int) -> Iterator[str]:
        """A surname found at ``i:j`` after a title, a census first name or an initial ("Sen.
        Lincoln", "Andrew Trapani", "Ashley L. Evans"), for later bare mentions.

        Only these make it sure: a name vetoed for another capitalised word before or after
        it is as often in an organisation ("Metropolitan Atlanta", "Charleston Gazette").
        """
        words = toks.text
        key = name_key(" ".join(words[i:j]))
        if self._after_title(words, i) or self.common.get(key) == "name" \
                or self._after_initial(toks, i) or (
                    i and toks.end[i - 1] + 1 == toks.start[i]
                    and "given" in self.people.get(name_key(words[i - 1]), ())):
            yield key  # "Sen. Lincoln"; "Georgia Stevens": Georgia is her, later on too

    def _name_word(self, word: str, *, village: bool = False) -> bool:
        """A capitalised word that reads as a person's name: a census given name or surname,
        or no English word ("Barack"); not a place, a common word nor a title. "Gainesville
        Public Utilities" and "Laurel County Clerk" keep their place. With ``village``, a word
        that is only a village's name may be a surname too: "Brent Ching", "Teresa Bach"."""
        key = name_key(word)
        if not (word.isalpha() and word[:1].isupper()) or key in self.common \
                or key in self.titles:
            return False
        if "surname" in self.people.get(key, ()):
            return True  # "Stevens", "Smith": a surname even where a town bears it
        if word.lower() in rules.english_words():
            return False
        hits = self.gazetteer.lookup(key)
        return not hits or (village and is_minor(hits))


def is_state(hits: tuple) -> bool:
    """Whether the best reading of a name is a country or a capital (a state's metonym)."""
    code = hits[0][0].feature_code
    return code.startswith("PCL") or code == "PPLC"


def token_after(starts: list[int], i: int, offset: int) -> int:
    """Index of the first token at or after character ``offset``."""
    while i < len(starts) and starts[i] < offset:
        i += 1
    return i


def _abbreviation_pattern(written: Sequence[str]) -> re.Pattern[str]:
    """Regex for state abbreviations as written ("W.Va.", "Ky.", "KY"), longest first; one
    may end a sentence ("Erie, PA."), not run into more letters ("KY.Z")."""
    alts = sorted(written, key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(a) for a in alts) + r")(?!\w|\.\w)")


def can_end(word: str) -> bool:
    """Whether a name may end with ``word``: a letter, a digit or a dot ("St.") ends it."""
    return word[-1:].isalnum() or word.endswith(".")


def continues(toks: Words, i: int, end: int) -> bool:
    """Whether token ``end`` may belong to a name that starts at token ``i``."""
    if end == i:
        return True
    words = toks.text
    word, prev = words[end], words[end - 1]
    attached = toks.end[end - 1] == toks.start[end]
    if word in ("'", "’") and attached and prev.endswith("s") and end + 1 < len(words):
        # "Kurdistan Workers' Party", "Martyrs' Square": a plural possessive inside a name
        return toks.start[end + 1] == toks.end[end] + 1 and words[end + 1][:1].isupper()
    if word in JOINERS:
        return attached and end + 1 < len(words) and toks.start[end + 1] == toks.end[end]
    if word == "." and attached and len(prev) <= 2 and prev[:1].isupper():
        return end + 1 < len(words) and words[end + 1][:1].isupper()  # "St. Petersburg"
    if word[:1] in "'’" or not (word[:1].isalnum()):
        return False
    if attached and prev in JOINERS:
        return True
    if prev == "." and end >= 2 and len(words[end - 2]) <= 2:
        return word[:1].isupper()
    return word[:1].isupper() or word.lower() in CONNECTORS


#: A capitalised name of up to three words, as listed before a plural type word.
_LISTED = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}"
#: How far before a name a type word with "of" is looked for ("the western province of").
_BEFORE_CHARS = 40
#: How far (characters) from a name a type word may say what it is.
_REACH = 200


@cache
def _type_patterns() -> tuple[re.Pattern[str], ...]:
    """(a list ending in a plural type word, a lowercase singular right after, a singular with
    "of" right before, a plural that opens a list before, any type word), from
    ``type_words.csv``."""
    words = rules.type_words()
    plural = "|".join(sorted({re.escape(w) for w, (one, _) in words.items() if w != one},
                             key=len, reverse=True)) or "(?!)"
    single = "|".join(sorted({re.escape(one) for one, _ in words.values()}, key=len,
                             reverse=True))
    listed = re.compile(rf"(?:\s*,\s*{_LISTED})*\s*,?\s+(?:and|or|&|to|through)\s+{_LISTED}"
                        rf"\s+(?i:({plural}))\b")
    # not "the Hunan city of Yueyang": the word is the next name's
    after = re.compile(rf"\s+({single}|{plural})\b(?!\s+of\b)")
    # "the western province of Aydin", not "the Adhamiyah district of Baghdad" (its parent)
    before = re.compile(rf"(?:^|[^\w\s’'.-]|\b[a-z]\w*)\s*\b((?i:{single}))\s+of\s+(?:the\s+)?$")
    # "the provinces of Anhui, Guangdong and Hubei", "counties such as Douglas and Sarpy"
    opening = re.compile(rf"\b((?i:{plural}))\s*(?:of|such\s+as|like|including|[:—–”\"-])\s*"
                         rf"(?:the\s+)?(?:{_LISTED}(?:\s*,|,?\s+(?:and|or)\b)\s+)*$")
    firsts = "".join(sorted({re.escape(w[0]) for w in words}))
    anywhere = re.compile(rf"(?i)\b(?=[{firsts}])(?:{single}|{plural})\b")
    return listed, after, before, opening, anywhere


#: A name and a list connector right before a name: the last of a list ("Jackson and Barrow").
_LAST_LISTED = re.compile(r"[A-Z][\w'’.-]*\s*(?:,|\band|\bor|\bto|&)\s+$")


def type_word(text: str, start: int, end: int, s_start: int, s_end: int, *,
              positions: Sequence[int] | None = None) -> str | None:
    """The word around the span ``start:end`` (inside its sentence) that says what kind of
    place it names, lowercase as written, or None.

    "Jackson, Madison and Barrow counties": every name of the list is a county, though the
    word follows the last; so is every name in "the counties of Douglas, Sarpy and Lancaster";
    "Idlib province", "the province of Aydin", "the Jackson city council". A plural right
    after a name that ends no list ("Texas counties") is the counties *of* Texas, no cue.
    The recogniser and the evaluation's gold spans both ask this, so both are resolved with
    the same context. ``positions``, where the text's type words start (the recogniser knows),
    spares the patterns that could not match; without it one search finds them near the span.
    """
    listed, after, before, opening, anywhere = _type_patterns()
    if positions is None:
        positions = [m.start() for m in anywhere.finditer(
            text, max(s_start, start - _REACH), min(s_end, end + _REACH))]
    if _any_within(positions, end, min(s_end, end + _REACH)):
        tail = text[end:min(s_end, end + _REACH)]
        hit = listed.match(tail)
        if hit:
            return hit.group(1).lower()
        hit = after.match(tail)
        if hit:
            word = hit.group(1)
            singular = rules.type_words()[word][0] == word
            if singular or _LAST_LISTED.search(text[max(s_start, start - 30):start]):
                return word
    hit = None
    if _any_within(positions, max(s_start, start - _BEFORE_CHARS), start):
        hit = before.search(text[max(s_start, start - _BEFORE_CHARS):start])
    if hit is None and _any_within(positions, max(s_start, start - _REACH), start):
        hit = opening.search(text[max(s_start, start - _REACH):start])
    return hit.group(1).lower() if hit else None


def _any_within(positions: Sequence[int], lo: int, hi: int) -> bool:
    """Whether some sorted position lies in [lo, hi)."""
    return bisect_left(positions, lo) < bisect_left(positions, hi)


#: Characters kept after a name (:func:`after`): enough for " village in the " or " (".
AFTER_CHARS = 24


def after(text: str, end: int, s_end: int) -> str:
    """The sentence's text right after a name, up to :data:`AFTER_CHARS` characters: what
    joins it to the next name ("Kafr Zibad village in Idlib province", "Syria's Idlib")."""
    return text[end:min(s_end, end + AFTER_CHARS)]


def qualifier(text: str, start: int, s_start: int) -> str | None:
    """The first qualifier pattern (``qualifiers.csv``) that ends right before the name
    ("eastern", "near", "the outskirts of"): one function for the recogniser and the gold
    spans of the evaluation."""
    before = text[max(s_start, start - 40):start]
    union = _qualifier_union()
    if union is not None and not union.search(before):
        return None
    for pattern, _relation in rules.qualifiers():
        hit = pattern.search(before)
        if hit:
            return hit.group(0).strip()
    return None


@cache
def _qualifier_union() -> Prefiltered | None:
    """The union of ``qualifiers.csv``'s patterns, built once; RE2 tells where none of them
    can match (most names have no qualifier)."""
    union = _any_of(rules.qualifiers())
    return None if union is None else Prefiltered(union)


@lru_cache(maxsize=4)
def _any_of(qualifiers: tuple[tuple[re.Pattern[str], str], ...]) -> re.Pattern[str] | None:
    """One regex that matches where any of the qualifier patterns does, to skip the loop.

    The patterns are ``(?i)`` alternatives without groups, so their union is exact; None when
    one is not of that shape (the loop alone then decides).
    """
    bodies = []
    for pattern, _relation in qualifiers:
        if pattern.groups or not pattern.pattern.startswith("(?i)"):
            return None
        bodies.append(pattern.pattern[4:])
    return re.compile("(?i)" + "|".join(f"(?:{b})" for b in bodies)) if bodies else None
