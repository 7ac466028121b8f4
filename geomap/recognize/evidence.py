"""A second look at the recogniser's finds: small places and people's names need evidence.

With every village of 500 people in the gazetteer, surnames ("Taylor"), given names
("Michael"), months and plain words ("Section") all match some place. Two rules, driven by the
tables in ``geomap/data``:

- A *minor* place (every reading a village or town under 15,000 people) stays only where the
  text says it is a place: a locative before it ("in", "near", "of"), its parent named right
  after it ("Harwinton, Conn."), or a major place of the same article in the same first-level
  division or one or two degrees away (the local paper's state). A plain English word needs the
  locative or the parent; a day or a month needs the parent; half of a hyphenated name
  ("Wal-Mart") is no place, nor is the tail of an unknown name ("Meadow Grove" after
  "Meadow"). A place word after it ("Magburaka town") counts as a locative,
  and a text of a few words is a location string (a dataset's location field): its places
  need no more evidence. A bigger town named by an English word ("Liberal", Kansas) needs a
  locative, its parent or a place word too, unless it has 250,000 people.
- A name that is also a person's is a person's next to a given name ("Michael Eneramo",
  "David Hopkins"), after a title ("Capt. Nelson") or beside a speech cue ("Nelson said"); a
  census name found so is a person's for the rest of the article. Countries, capitals, seas
  and divisions not named like people are never taken for a person.
- A division word beside a name the gazetteer knows with it ("Barrow" in "Jackson and Barrow
  counties": Barrow County) vouches for it: it is a place, whatever the two rules say.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cached_property

from geomap import rules
from geomap.gazetteer.index import Gazetteer, class_rank
from geomap.geometry import around, cell
from geomap.normalize import ARABIC_ARTICLES
from geomap.normalize import cached_name_key as name_key
from geomap.records import Mention, Place

#: Below this population a populated place is minor: it needs evidence to be a place.
MINOR_POPULATION = 15_000
#: Words before a minor place that say a place follows (unlike the recogniser's locatives,
#: "of" and "between" count, and "to" does not: "went to Taylor" is as often a person).
PLACE_LOCATIVES = frozenset("in at near from into outside around across toward towards via of "
                            "between".split())
HYPHENS = "-‐‑"
#: A text this short is a location string ("Dalbandin", "Zepce town"), not an article.
LOCATION_STRING_WORDS = 12
#: A capital this big is a place even when it is also a person's name ("Washington").
BIG_CAPITAL = 100_000
#: A town this big is a place even when its name is an English word ("Boston", "Mobile").
BIG_TOWN = 250_000
#: Readings of a major name that lend support (the gazetteer lists the likeliest first).
MAX_READINGS = 40
#: Spaces within a line (a no-break space too), between a name and the word beside it.
SPACES = " \t\u00a0\u202f"
_WORD_AFTER = re.compile(r"[ \t\u00a0\u202f]+([A-Za-z][\w'’]*)")
_PARENT_GAP = re.compile(r",[ \t\u00a0\u202f]*")
#: A hyphenated Arabic article and a name right after a name: "Bab al-Sharji", "Jisr
#: al-Shughur" go on past it.
_ARTICLES = "|".join(sorted(ARABIC_ARTICLES))
_ARABIC_TAIL = re.compile(rf"[ \u00a0](?i:{_ARTICLES})[-‐‑][A-Z]\w*(?:['’]\w+)?")
#: A name hyphenated to an Arabic article ("al-Ain") and the capitalised word before it.
_ARABIC_HEAD = re.compile(rf"(?i:{_ARTICLES})[-‐‑]")
_NAME_BEFORE = re.compile(r"(?:^|[ \u00a0(])([A-Z]\w*)[ \u00a0]$")
_POSSESSIVE = re.compile(r"['’]s$")

Hits = tuple[tuple[Place, bool], ...]


def is_minor(hits: Hits) -> bool:
    """Whether every reading of a name is a village or small town (and none a demonym)."""
    return bool(hits) and all(
        not demonym and place.feature_class == "P" and place.feature_code not in ("PPLC", "PPLA")
        and place.population < MINOR_POPULATION for place, demonym in hits[:MAX_READINGS])


def names_a_division(gazetteer: Gazetteer, name: str, word: str | None) -> bool:
    """Whether ``word`` is a division word ("counties") and the gazetteer knows ``name`` with
    it as a division ("Barrow County")."""
    singular, kind = rules.type_words().get(word or "", ("", ""))
    return kind == "division" and any(
        p.feature_class == "A" for p, _ in gazetteer.lookup(name_key(f"{name} {singular}")))


def cased_alike(word: str, name: str) -> bool:
    """Whether ``word`` may be part of a person's name with ``name``: a word in capitals only
    is in text all in capitals ("ABBEY ROY"), not beside a name that is not ("Oxford GP")."""
    return not word.isupper() or name.isupper()


class _Article:
    """One article's text, mentions and their readings, and the reach of its major places
    (worked out once, when a minor place first needs it)."""

    def __init__(self, text: str, mentions: list[Mention], hits: list[Hits]) -> None:
        self.text, self.mentions, self.hits = text, mentions, hits
        self._reach: tuple[set[tuple[str, str]], set[tuple[int, int]]] | None = None

    @cached_property
    def words(self) -> int:
        """How many words the text has (a short one is a location string)."""
        return len(self.text.split())

    def reach(self) -> tuple[set[tuple[str, str]], set[tuple[int, int]]]:
        """First-level divisions and 1° cells of the article's major places."""
        if self._reach is None:
            divisions: set[tuple[str, str]] = set()
            cells: set[tuple[int, int]] = set()
            for found in self.hits:
                if not found or is_minor(found):
                    continue
                for place, _ in found[:MAX_READINGS]:
                    if place.feature_code.startswith("PCL") or not place.country_code:
                        continue
                    if place.admin1:
                        divisions.add((place.country_code, place.admin1))
                    if place.feature_code != "ADM1":
                        cells.add(cell(place))
            self._reach = divisions, cells
        return self._reach


class Evidence:
    """Filter a recogniser's mentions of one article (see the module docstring).

    Examples
    --------
    >>> Evidence(gazetteer).filter(text, mentions)  # doctest: +SKIP
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.people = rules.person_names()
        self.cues = rules.person_cues()
        self.titles = rules.title_keys()
        self.place_words = rules.place_words()
        self.common = rules.common_words()
        self.abbreviations = rules.abbreviations()

    def filter(self, text: str, mentions: Sequence[Mention]) -> list[Mention]:
        """The mentions that keep their evidence, in the order given."""
        article = _Article(text, list(mentions), [self._hits(m) for m in mentions])
        vouched = {i for i, m in enumerate(mentions) if self._vouched(m)}
        whole, tails = self._whole_arabic_names(article)
        kept = [i for i in range(len(mentions)) if i not in tails and (
                i in whole or i in vouched or self._place_ok(article, i))]
        people = set(self._not_people(article, [i for i in kept if i not in vouched]))
        return [whole.get(i, mentions[i]) for i in kept if i in vouched or i in people]

    def _vouched(self, mention: Mention) -> bool:
        """A division word beside a name the gazetteer knows with it: "Barrow" in "Jackson and
        Barrow counties" (Barrow County) is a place, though Barrow is also a surname."""
        return mention.kind == "toponym" and names_a_division(self.gazetteer, mention.text,
                                                             mention.type_word)

    def _hits(self, mention: Mention) -> Hits:
        """The name's readings; a demonym-kind mention has them too when it is a capital
        standing for its government ("Washington said"), so a small one can be a person."""
        return self.gazetteer.lookup(name_key(mention.text)) if mention.kind in (
            "toponym", "demonym") else ()

    # -- minor places ------------------------------------------------------------------------

    def _place_ok(self, article: _Article, i: int) -> bool:
        mention, found = article.mentions[i], article.hits[i]
        key = name_key(mention.text)
        parent = self._parent_follows(article, i)
        if self.common.get(key) == "calendar" and found and not parent:
            return False
        minor = is_minor(found)
        if found and not minor and _in_hyphenated(article.text, mention) and \
                not self._strong(key, found) and \
                not any(name_key(p.name) == key for p, _ in found):
            return False  # "Wal-Mart": "Wal" only by another place's alternate name
        if found and not minor and not parent and self._word_first(key, found) \
                and not self._place_cue(article, i):
            return False  # "Liberal Party", "the Lakes": a word first, a town second
        return not minor or parent or self._minor_ok(article, i, key)

    def _whole_arabic_names(self, article: _Article) -> tuple[dict[int, Mention], set[int]]:
        """Mentions that are the head or the tail of a longer Arabic name the gazetteer lacks,
        made whole ("Bab" in "Bab al-Sharji" is no Al Bab, "al-Ain" in "Ras al-Ain" no Al Ain),
        and the tails dropped because the name before them stands for the whole ("Baghdad
        al-Jadida" is in Baghdad). A name that is the own name of a reading larger than a
        village is no head ("Baghdad"; "Tal" in "Tal al-Zaatar" is); a
        tail after a title or a first name is a person's ("President al-Assad", "Ahmed
        al-Sharaa"), and "In al-Bab" is no tail."""
        text, mentions = article.text, article.mentions
        whole: dict[int, Mention] = {}
        dropped: set[int] = set()
        ends = {m.end: k for k, m in enumerate(mentions)}
        for k, mention in enumerate(mentions):
            tail = _ARABIC_TAIL.match(text, mention.end)
            if tail and mention.kind == "toponym" and tail.end() <= mention.sentence_end \
                    and not any(mention.end < m.start < tail.end() for m in mentions):
                key = name_key(mention.text)
                if not any(name_key(p.name) == key and not is_minor(((p, d),))
                           for p, d in article.hits[k]):
                    whole[k] = replace(mention, end=tail.end(), text=text[mention.start:tail.end()],
                                       after=mention.after[tail.end() - mention.end:])
                continue
            if not _ARABIC_HEAD.match(mention.text):
                continue
            before = _NAME_BEFORE.search(text, max(0, mention.start - 40), mention.start)
            if before is None:
                continue
            if ends.get(before.end(1)) is not None:
                dropped.add(k)  # the name before is a mention: it stands for the whole
                continue
            word = name_key(before.group(1))
            if word in self.titles or word in self.people:
                dropped.add(k)  # a person's name
                continue
            if before.start(1) == mention.sentence_start and word in rules.english_words():
                continue  # "In al-Bab"
            whole[k] = replace(mention, start=before.start(1),
                               text=text[before.start(1):mention.end])
        return whole, dropped

    def _word_first(self, key: str, found: Hits) -> bool:
        """A plain English word that names only towns under BIG_TOWN people ("Liberal",
        "Lakes"), not a state abbreviation ("Kan.") nor anything strong ("Turkey")."""
        return (" " not in key and key in rules.english_words()
                and key not in self.abbreviations and not self._strong(key, found)
                and all(p.population < BIG_TOWN for p, _ in found[:MAX_READINGS]))

    def _place_cue(self, article: _Article, i: int) -> bool:
        """A locative before the name or a place word after it: "in Liberal", "Liberal city"."""
        mention = article.mentions[i]
        before, _ = _word_before(article.text, mention.start)
        after = _WORD_AFTER.match(article.text, mention.end)
        return before.lower() in PLACE_LOCATIVES or bool(
            after and after.group(1).islower() and after.group(1) in self.place_words)

    def _parent_follows(self, article: _Article, i: int) -> bool:
        """Whether a division follows after a comma: "Harwinton, Conn.", "Ligao, Albay"."""
        if i + 1 >= len(article.mentions):
            return False
        mention, nxt = article.mentions[i], article.mentions[i + 1]
        if not _PARENT_GAP.fullmatch(article.text, mention.end, nxt.start):
            return False
        return name_key(nxt.text) in self.abbreviations or any(
            p.feature_code.startswith(("PCL", "ADM1", "ADM2", "TERR"))
            for p, _ in article.hits[i + 1])

    def _minor_ok(self, article: _Article, i: int, key: str) -> bool:
        text, mention, found = article.text, article.mentions[i], article.hits[i]
        if _in_hyphenated(text, mention):
            return False
        before, dotted = _word_before(text, mention.start)
        if before[:1].isupper() and not dotted and name_key(before) not in self.titles and \
                len(text[mention.sentence_start:mention.start].split()) > 1:
            return False  # the tail of a name geomap does not know: "the Meadow Grove road"
        if self._place_cue(article, i):
            return key not in self.people  # "in Ligao", "Magburaka town"
        if key in self.people or (" " not in key and key in rules.english_words()):
            return False
        if article.words <= LOCATION_STRING_WORDS:
            return True  # the text is a location, as in a dataset's location field
        divisions, cells = article.reach()
        return any((p.country_code, p.admin1) in divisions or not cells.isdisjoint(around(p))
                   for p, _ in found)

    # -- people ------------------------------------------------------------------------------

    def _not_people(self, article: _Article, kept: list[int]) -> list[int]:
        people: set[str] = set()
        out = []
        for i in kept:
            mention, found = article.mentions[i], article.hits[i]
            key = name_key(mention.text)
            if not found or any(d for _, d in found) or self._strong(key, found):
                out.append(i)
            elif self._is_person(article.text, mention, key, people):
                if key in self.people:
                    people.add(key)
            else:
                out.append(i)
        return [i for i in out if name_key(article.mentions[i].text) not in people
                or self._strong(name_key(article.mentions[i].text), article.hits[i])]

    def _strong(self, key: str, found: Hits) -> bool:
        """Countries, seas, and capitals and divisions not named like people are never persons;
        a small capital named like one is ("Police Chief Robert Douglas")."""
        named_like_people = key in self.people
        return any(p.feature_code.startswith("PCL") or p.feature_class == "H"
                   or (p.feature_code == "PPLC" and (not named_like_people
                                                     or p.population >= BIG_CAPITAL))
                   or (class_rank(p) >= 4 and not named_like_people) for p, _ in found)

    def _is_person(self, text: str, mention: Mention, key: str, people: set[str]) -> bool:
        prev, dotted = _word_before(text, mention.start)
        after = _WORD_AFTER.match(text, mention.end)
        nxt = after.group(1) if after else ""
        prev_key, next_key = name_key(prev), name_key(nxt)
        if prev.lower() in PLACE_LOCATIVES:  # "a police source in Erbil said"
            return False
        if "given" in self.people.get(key, ()) and cased_alike(nxt, mention.text) and \
                self._surname_like(nxt, next_key):
            if next_key in self.people:
                people.add(next_key)  # "Michael Trapani": Trapani is him, later on too
            return True
        # "Capt. Nelson", "Robert Douglas"; a given name ending the last sentence is no part
        if prev[:1].isupper() and (prev_key in self.titles or (
                not dotted and "given" in self.people.get(prev_key, ()))):
            return True
        # "Nelson said" for any town's name; "said Nelson", "Clinton spoke" for a census name
        cues_after, cues_before = self.cues.get(nxt, ()), self.cues.get(prev.lower(), ())
        return "after" in cues_after or (key in self.people and (
            ("before" in cues_before and not nxt[:1].isupper())  # not "said Monroe Mayor"
            or "after_census" in cues_after))

    def _surname_like(self, word: str, key: str) -> bool:
        """"Eneramo", "Hopkins": a census surname, or a capitalised word that is neither an
        English word nor a place ("Alexandria Commonwealth's Attorney" is no person)."""
        word = _POSSESSIVE.sub("", word)
        key = name_key(word)
        if not word[:1].isupper() or key in self.place_words:
            return False
        if "surname" in self.people.get(key, ()):
            return True
        return word.lower() not in rules.english_words() and not self.gazetteer.lookup(key)


def _word_before(text: str, start: int) -> tuple[str, bool]:
    """The word right before ``start`` across spaces on the same line ("in"; "Sen" of "Sen."),
    else "", and whether a dot came between (a title's, or a sentence's end)."""
    piece = text[max(0, start - 30):start]
    stripped = piece.rstrip(SPACES)
    if len(stripped) == len(piece) or not stripped or stripped[-1].isspace():
        return "", False  # not right before, or across a line break
    dotted = stripped.endswith(".")
    stripped = stripped.removesuffix(".")
    i = len(stripped)
    while i and (stripped[i - 1].isalnum() or stripped[i - 1] in "_'’"):
        i -= 1
    run = stripped[i:]
    first = next((k for k, ch in enumerate(run) if ch.isascii() and ch.isalpha()), len(run))
    return run[first:], dotted


def _in_hyphenated(text: str, mention: Mention) -> bool:
    """Half of a hyphenated capitalised name: "Wal-Mart", "Hewlett-Packard"; not a name after
    a lowercase article ("al-Bab", "el-Fasher")."""
    after = text[mention.end:mention.end + 2]
    if len(after) == 2 and after[0] in HYPHENS and after[1].isupper():
        return True
    if mention.start < 2 or text[mention.start - 1] not in HYPHENS:
        return False
    k = mention.start - 1
    while k and text[k - 1].isalpha():
        k -= 1
    return k < mention.start - 1 and text[k].isupper()
