"""Python regular expressions searched only where a DFA says they may match.

The incident rules search every sentence with alternations of dozens of phrases ("since the
war", "died of cholera", the trigger lexicon). Python's engine tries every phrase at every
word, though most sentences hold none; RE2 (Google's automaton engine) reads a sentence once,
whatever the number of phrases, about ten times as fast. It cannot run Python's patterns as
they are (no lookarounds) and its ``\\b``, ``\\w``, ``\\d`` and ``\\s`` are ASCII's, so
:func:`superset` rewrites a pattern into one RE2 runs that matches wherever Python's pattern
matches (and maybe elsewhere): its lookarounds and ``$`` dropped, ``\\s`` widened to
Python's whitespace. That holds on text whose letters and digits are all ASCII; on other text, and
wherever RE2 finds something, Python's own pattern decides, so every answer is Python's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

try:  # google-re2; without it every search is Python's (same answers, slower)
    import re2 as _re2
except ImportError:  # pragma: no cover - a platform without its wheel
    _re2 = None

#: A letter or digit outside ASCII: where RE2's ASCII classes and Python's differ.
_NOT_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")
#: What Python's ``\s`` matches in a str pattern beyond RE2's ``[\t\n\f\r ]``, for a class.
_SPACE = (r"\t\n\f\r \x{0b}\x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}"
          r"\x{2029}\x{202f}\x{205f}\x{3000}")
#: Escapes that mean the same in RE2 on text whose letters and digits are ASCII.
_SAME_ESCAPES = frozenset("bBdDwWS")
_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")


class _Unsupported(Exception):
    """A construct :func:`superset` does not rewrite (a back-reference, a conditional)."""


def superset(pattern: str) -> str | None:
    r"""``pattern`` in RE2's syntax, matching at least wherever Python's ``re`` matches it on
    text whose letters and digits are ASCII; None when it uses a construct not rewritten.

    >>> print(superset(r"(?i)\b(?<!no )attacks?\b"))
    (?i)\battacks?\b
    >>> superset(r"(\w)\1") is None
    True
    """
    try:
        return "".join(_rewrite(pattern))
    except _Unsupported:
        return None


def _rewrite(pattern: str) -> list[str]:
    out: list[str] = []
    k, in_class = 0, False
    while k < len(pattern):
        char = pattern[k]
        if char == "\\":
            out.append(_escape(pattern[k + 1:k + 2], in_class))
            k += 2
            continue
        if in_class:
            in_class = char != "]" or out[-1] in ("[", "[^")
            out.append(char)
        elif char == "[":
            in_class = True
            out.append("[^" if pattern.startswith("[^", k) else "[")
            k += len(out[-1])
            continue
        elif pattern.startswith(_LOOKAROUNDS, k):
            k = _group_end(pattern, k)
            continue
        elif char == "(" and pattern.startswith("(?", k) and not pattern.startswith(
                ("(?:", "(?i)", "(?i:", "(?-i:", "(?P<"), k):
            raise _Unsupported(pattern[k:k + 4])
        elif char == "$":
            pass  # RE2's end is Python's \Z, not "before a final line break": dropped
        elif char == "+" and out and out[-1] in ("*", "+", "?", "}"):
            raise _Unsupported("possessive quantifier")
        else:
            out.append(char)
        k += 1
    return out


def _escape(letter: str, in_class: bool) -> str:
    """One escape ``\\letter`` as RE2 reads it to the same (or a wider) effect."""
    if letter == "s":
        return _SPACE if in_class else f"[{_SPACE}]"
    if in_class and letter in "bB":
        raise _Unsupported("\\" + letter)  # a backspace in Python's class
    if letter in _SAME_ESCAPES or letter in "tnrf":
        return "\\" + letter
    if letter.isascii() and not letter.isalnum() and letter != " ":
        return "\\" + letter  # escaped punctuation
    if letter == " " or not letter.isascii():
        return f"\\x{{{ord(letter):x}}}"
    raise _Unsupported("\\" + letter)  # back-references, \Z, \x.., \u....


def _group_end(pattern: str, start: int) -> int:
    """The index after the group opened at ``start`` (escapes and classes skipped)."""
    depth, k, in_class = 0, start, False
    while k < len(pattern):
        char = pattern[k]
        if char == "\\":
            k += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            k += 2 if pattern.startswith(("[]", "[^"), k) else 1
            continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    raise _Unsupported("unbalanced group")


class Prefiltered:
    """A compiled Python pattern whose :meth:`search` first asks RE2 whether a match is
    possible at all; the answers are the pattern's own."""

    __slots__ = ("_fast", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._fast = _compiled([pattern])

    def may_match(self, text: str) -> bool:
        """False only where the pattern surely finds nothing in ``text``."""
        fast = self._fast
        return fast is None or fast.Match(text) is not None or _beyond_ascii(text)

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``."""
        return self.pattern.search(text) if self.may_match(text) else None


class AnyOf:
    """Several compiled Python patterns, and which of them may match a text: one RE2 pass
    for all of them (its ``Set``)."""

    __slots__ = ("_all", "_fast", "patterns")

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.patterns = tuple(patterns)
        self._all = frozenset(range(len(self.patterns)))
        self._fast = _compiled(self.patterns)

    def which(self, text: str) -> frozenset[int] | list[int]:
        """The indices of the patterns that may match ``text`` (every one where that cannot
        be told); those left out surely find nothing in it."""
        fast = self._fast
        if fast is None or _beyond_ascii(text):
            return self._all
        return fast.Match(text) or []


def _beyond_ascii(text: str) -> bool:
    """Whether ``text`` holds a letter or digit outside ASCII (RE2's classes are ASCII's)."""
    return not text.isascii() and _NOT_ASCII_WORD.search(text) is not None


def _rewritten(pattern: re.Pattern[str]) -> str | None:
    """:func:`superset` of a compiled pattern, its flags included; None for flags RE2 is not
    given here (multi-line, dot-all, verbose, ASCII-only)."""
    flags = pattern.flags & ~re.UNICODE
    if flags & ~re.IGNORECASE:
        return None
    rewritten = superset(pattern.pattern)
    if rewritten is None or not flags:
        return rewritten
    return "(?i)" + rewritten


def _compiled(patterns: Sequence[re.Pattern[str]]) -> Any:
    """RE2's automaton for supersets of ``patterns`` as a ``re2.Set``, whose ``Match`` tells
    only which of them match (no match object: a call per sentence costs less than the search
    itself), or None (no RE2, or a pattern not rewritten)."""
    if _re2 is None:
        return None
    rewritten = [_rewritten(p) for p in patterns]
    if not rewritten or None in rewritten:
        return None
    options = _re2.Options()
    options.max_mem = 64 << 20  # the trigger lexicon's automaton outgrows the 8 MB default
    automaton = _re2.Set.SearchSet(options)
    try:
        for text in rewritten:
            automaton.Add(text)
        automaton.Compile()
    except _re2.error:
        return None
    return automaton
