"""Sentences and word tokens with character offsets, from blingfire.

blingfire splits and tokenises; this module only finds its pieces in the text again, so every
span indexes the article as written. It is shared by the recogniser, the incident extractor,
the actor finder and the evaluation.
"""

from __future__ import annotations

import importlib
import platform
import sys
from collections.abc import Callable
from ctypes import Array, c_char
from functools import partial
from operator import add
from types import ModuleType
from typing import NamedTuple


def _import_blingfire() -> ModuleType:
    """blingfire, made to load the native library built for this machine.

    blingfire2 picks its x86-64 or arm64 library by ``platform.processor()``, which is empty
    where ``uname -p`` says "unknown" (Debian, and the Docker images built on it): on a Linux
    arm64 machine it would load the x86-64 library and fail. For the import only, the answer
    it reads is the one it expects for this machine's architecture.
    """
    machine = platform.machine().lower()
    if sys.platform.startswith("linux") and machine in ("aarch64", "arm64"):
        expected = "aarch64"
    elif sys.platform == "darwin" and machine == "arm64":
        expected = "arm"
    else:
        return importlib.import_module("blingfire")
    processor = platform.processor
    platform.processor = lambda: expected
    try:
        return importlib.import_module("blingfire")
    finally:
        platform.processor = processor


blingfire = _import_blingfire()
#: The native library whose functions blingfire's own wrappers call (None: use the wrappers).
_NATIVE = getattr(blingfire, "blingfire", None)
#: Output buffer types by size, kept: see :func:`_native`.
_BUFFERS: dict[int, type[Array[c_char]]] = {}


def _native(function: str, text: str, times: int, wrapper: Callable[[str], str]) -> str:
    """What blingfire's ``wrapper`` gives for ``text``, from the native ``function`` it calls.

    The wrapper allocates an output buffer of ``times`` the text's UTF-8 length with
    ``create_string_buffer``: ctypes makes a new array class for each new length (a few
    microseconds, and a cycle the garbage collector must find once the class is unused), for
    every line and sentence. Here the buffers come in powers of two, whose classes are made
    once; the function is told the same capacity as by the wrapper, and the answer read alike.
    """
    if _NATIVE is None:
        return wrapper(text)
    data = text.encode("utf-8")
    capacity = len(data) * times
    size = 1 << max(8, (capacity - 1).bit_length())
    kind = _BUFFERS.get(size)
    if kind is None:
        kind = _BUFFERS.setdefault(size, c_char * size)
    out = kind()
    written = getattr(_NATIVE, function)(data, len(data), out, capacity)
    if written == -1 or written > capacity:
        return ""
    return out.value.decode("utf-8")


def _sentences_of(line: str) -> str:
    """``blingfire.text_to_sentences(line)``: one sentence a line."""
    return _native("TextToSentences", line, 2, blingfire.text_to_sentences)


def _words_of(piece: str) -> str:
    """``blingfire.text_to_words(piece)``: words separated by spaces."""
    return _native("TextToWords", piece, 3, blingfire.text_to_words)


class Token(NamedTuple):
    """A token's span in the article text (a tuple: made for every word, it must be cheap)."""

    start: int
    end: int
    text: str


#: Builds a Token from a (start, end, text) tuple in C, with no Python call per word.
_token = partial(tuple.__new__, Token)


#: The characters ``str.splitlines`` ends a line at (and "\r\n", two of them, ends one).
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end exclusive) of ``text``: blingfire's, within each line.

    News text breaks paragraphs and headlines with newlines and no full stop, so each line is
    split on its own; a headline never runs into the first sentence. (blingfire reads a newline
    as a space, so splitting the whole text at once would join them.) A line is split without
    its line break, which belongs to no sentence: given one, blingfire ends a line with no full
    stop in a space, which is not in the text.

    >>> sentences("Attack in Mosul\\nA drone hit Baghdad. Two died.")
    [(0, 15), (16, 36), (37, 46)]
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip(LINE_BREAKS)
        if body.strip() and any(ch.isalnum() for ch in body):
            found = _aligned(body, _sentences_of(body).split("\n"),
                             blingfire.text_to_sentences_and_offsets)
            spans.extend((offset + a, offset + b) for a, b in found)
        offset += len(line)
    return spans


def tokens(text: str, start: int, end: int) -> list[Token]:
    """Word tokens of ``text[start:end]`` with offsets into ``text``.

    >>> [t.text for t in tokens("Fighting near Deir ez-Zor.", 0, 26)]
    ['Fighting', 'near', 'Deir', 'ez', '-', 'Zor', '.']
    """
    words, starts, ends = word_spans(text, start, end)
    return list(map(_token, zip(starts, ends, words, strict=True)))


def word_spans(text: str, start: int, end: int) -> tuple[list[str], list[int], list[int]]:
    """The words of :func:`tokens` as three parallel lists: texts, starts and ends.

    The recogniser reads them so, and makes no object per word.
    """
    piece = text[start:end]
    if not piece.strip():
        return [], [], []
    words = _words_of(piece).split(" ")
    starts = _starts(text, words, start, end) if "" not in words else None
    if starts is None:  # blingfire rewrote a character: map its byte offsets exactly
        spans = blingfire.text_to_words_with_offsets(piece)[1]
        return ([piece[a:b] for a, b in spans], [start + a for a, _ in spans],
                [start + b for _, b in spans])
    return words, starts, list(map(add, starts, map(len, words)))


def _starts(text: str, words: list[str], start: int, end: int) -> list[int] | None:
    """Offsets of ``words`` in ``text[start:end]``, found in order; None when one is missing."""
    found: list[int] = []
    pos, find = start, text.find
    append = found.append
    for word in words:
        pos = find(word, pos, end)
        if pos < 0:
            return None
        append(pos)
        pos += len(word)
    return found


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
