"""Name normalisation shared by the gazetteer index and every lookup.

News spells the same place many ways: "Deir ez-Zor", "Dayr az Zawr", "Kata'ib"/"Kataib",
"al-Anbar"/"Anbar". Both sides of a lookup go through :func:`name_key`, so spelling variants meet
on one key; :func:`strip_article` gives the second key without the Arabic article.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = "'’‘`´ʼʻʿʾ′"
_DASHES = "-‐‑‒–—_/"
_PUNCT = ".,;:()[]\"“”"
#: Latin letters with no Unicode decomposition, folded as English news spells them.
_LETTERS = {"ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "æ": "ae", "œ": "oe"}
#: One pass for all: letters folded, apostrophes and punctuation dropped, dashes to spaces (no
#: replacement is itself replaced, so one table does what passes in turn would).
_TABLE = str.maketrans({**_LETTERS, **dict.fromkeys(_APOSTROPHES + _PUNCT),
                        **dict.fromkeys(_DASHES, " ")})
#: Arabic articles as news writes them before a name ("al-Bab", "el-Fasher", "ad-Dawr").
ARABIC_ARTICLES = frozenset("al el ad ar as ash at az an ed es et ez ul il".split())
#: Keys :func:`name_key` remembers: the recogniser asks it for every capitalised word, and news
#: repeats its words; a key costs about 200 bytes.
NAME_KEYS_KEPT = 1 << 14
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ad|ed|es|et|ez|ul|il)\s+(?=\S{2})")


@lru_cache(maxsize=NAME_KEYS_KEPT)
def name_key(name: str) -> str:
    """Fold case, diacritics, apostrophes, hyphens and dots so spelling variants compare equal.

    Case is folded before and after a pass that drops combining marks, and again after it,
    because casefolding can add a mark ("İ" → "i̇") or turn one into a letter (the combining
    iota "ͅ" → "ι"), and decomposing can add a capital ("ℌ" → "H"); the key is then idempotent.

    Examples
    --------
    >>> name_key("Dayr az-Zawr") == name_key("Dayr az Zawr")
    True
    >>> name_key("Kata'ib Hizballah")
    'kataib hizballah'
    """
    if name.isascii():  # no marks to strip, and casefold() is lower() (the common case)
        folded = name.lower()
    else:
        folded = _strip_marks(_strip_marks(name.casefold()).casefold())
    return " ".join(folded.translate(_TABLE).split())


def _strip_marks(text: str) -> str:
    """Compatibility-decompose and drop combining marks ("Ḩudaydah" → "Hudaydah")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def strip_article(key: str) -> str:
    """Drop a leading Arabic article ("al ", "el ", "ad "...) from a key made by :func:`name_key`.

    >>> strip_article("al anbar")
    'anbar'
    """
    return _ARTICLE.sub("", key, count=1)


#: Words written either way at the start of a name: "St. Paris" is GeoNames' "Saint Paris",
#: "Mount Vernon" is also "Mt. Vernon"; GeoNames lists only some places under both.
_SPELLINGS = {"st": "saint", "saint": "st", "mt": "mount", "mount": "mt", "ft": "fort",
              "fort": "ft", "ste": "sainte", "sainte": "ste",
              # "W. Columbia", "N. Little Rock": a compass word cut to its letter
              "n": "north", "s": "south", "e": "east", "w": "west"}
#: Last words written short: "Loudon Co." is Loudon County, "Madison Twp." Madison Township.
_LAST_SPELLINGS = {"co": "county", "twp": "township"}


def spellings(key: str) -> tuple[str, ...]:
    """A key made by :func:`name_key`, and the same key with its first word written the other way
    (or its last word written out, or an Arabic article inside it written the other ways).

    >>> spellings("st paris")
    ('st paris', 'saint paris')
    >>> spellings("loudon co")
    ('loudon co', 'loudon county')
    >>> spellings("baghdad")
    ('baghdad',)
    """
    head, _, rest = key.partition(" ")
    other = _SPELLINGS.get(head)
    first: tuple[str, ...] = (key, f"{other} {rest}") if other and rest else (key,)
    if " " in rest:
        first += tuple(_article_spellings(key))
    start, _, last = key.rpartition(" ")
    longer = _LAST_SPELLINGS.get(last)
    if not (longer and start):
        return first
    return first + tuple(f"{k.rpartition(' ')[0]} {longer}" for k in first)  # "st clair co"


#: The letters an Arabic article takes the sound of ("ash-Sham", "ad-Dawr"), longest first.
SUN_LETTERS = ("sh", "th", "dh", "t", "d", "r", "z", "s", "n")


def _article_spellings(key: str) -> list[str]:
    """The key with an Arabic article inside the name written the other ways transliterations
    write it: "al", "el", or joined to the sun letter after it ("Jisr al-Shughur" is GeoNames'
    "Jisr ash Shughur", "Deir al-Zor" its "Deir ez Zor").

    >>> _article_spellings("jisr al shughur")
    ['jisr ash shughur', 'jisr el shughur', 'jisr esh shughur']
    """
    words = key.split()
    found: list[str] = []
    for k in range(1, len(words) - 1):
        if words[k] not in ARABIC_ARTICLES:
            continue
        after = words[k + 1]
        sun = next((s for s in SUN_LETTERS if after.startswith(s)), None)
        forms = {"al", "el"} | ({"a" + sun, "e" + sun} if sun else set())
        found += [" ".join((*words[:k], form, *words[k + 1:]))
                  for form in sorted(forms - {words[k]})]
    return found


def is_latin(name: str) -> bool:
    """True when every letter is Latin script: the names English news can contain."""
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in name)


#: name_key is pure and called for every capitalised word and every candidate: one cache for
#: the recogniser, the evidence rules and the resolver.
cached_name_key = lru_cache(maxsize=1 << 16)(name_key)


#: Unicode's format characters (category Cf), as ranges: soft hyphen, zero-width space and
#: joiners, bidi marks, embeddings, overrides and isolates, word joiner, a byte-order mark inside
#: the text, tags. They show nothing, yet split a word for every matcher ("Bag\u200bhdad") or
#: reorder how a quote is displayed. A test holds the ranges to Python's own ``unicodedata``.
FORMAT_CHARACTERS = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]")


def strip_format_characters(text: str) -> str:
    """``text`` without invisible format characters; the same object when it has none.

    geomap removes them from every article as it is read, before recognition: the article's
    text is then the cleaned text, which every offset and quote indexes.

    >>> strip_format_characters("Bag\u200bhdad \u202eKirkuk\u202c")
    'Baghdad Kirkuk'
    """
    if text.isascii() or not FORMAT_CHARACTERS.search(text):
        return text
    return FORMAT_CHARACTERS.sub("", text)
