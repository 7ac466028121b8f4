"""Sentences and word tokens: spans that index the text, blingfire's pieces, line by line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import blingfire
from hypothesis import given, settings
from hypothesis import strategies as st

from geomap import segment
from geomap.recognize.context import _any_of
from geomap.recognize.recognizer import Recognizer
from geomap.segment import sentences, tokens, word_spans

TEXT = "Attack in Mosul\nA drone hit Deir ez-Zor on Monday. Two died.\r\n\nThe U.S. Army said so."


def test_sentences_stay_within_lines():
    assert [TEXT[a:b] for a, b in sentences(TEXT)] == [
        "Attack in Mosul", "A drone hit Deir ez-Zor on Monday.", "Two died.",
        "The U.S. Army said so."]


def test_a_line_with_no_full_stop_is_found_without_the_slow_offsets(monkeypatch):
    def slow(text):
        raise AssertionError(f"byte offsets mapped for {text!r}")

    monkeypatch.setattr(segment.blingfire, "text_to_sentences_and_offsets", slow)
    text = "Shelling near Kharkiv\r\nTwo died, officials said\nNo one else was hurt."
    assert [text[a:b] for a, b in sentences(text)] == [
        "Shelling near Kharkiv", "Two died, officials said", "No one else was hurt."]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab .,!?\n\r\x0b\x0c\x1c\x85\u2028 ")), max_size=80))
def test_no_sentence_holds_a_line_break(text):
    assert not any(set(text[a:b]) & set(segment.LINE_BREAKS) for a, b in sentences(text))


def test_tokens_are_blingfires_words_at_their_offsets():
    toks = tokens(TEXT, 16, 60)
    assert [t.text for t in toks] == blingfire.text_to_words(TEXT[16:60]).split(" ")
    assert all(TEXT[t.start:t.end] == t.text for t in toks)
    assert word_spans(TEXT, 16, 60) == ([t.text for t in toks], [t.start for t in toks],
                                        [t.end for t in toks])


def test_blank_pieces_have_no_tokens():
    assert tokens("a  \n ", 1, 5) == []
    assert word_spans("", 0, 0) == ([], [], [])


def test_a_rewritten_word_falls_back_to_blingfires_offsets(monkeypatch):
    text = "Fighting near Raqqa"
    monkeypatch.setattr(segment, "_words_of", lambda s: s.replace("Raqqa", "Raqqah"))
    assert [(t.start, t.end, t.text) for t in tokens(text, 0, len(text))] == [
        (0, 8, "Fighting"), (9, 13, "near"), (14, 19, "Raqqa")]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300) | st.text(alphabet=st.sampled_from(list("Ab .,-'’\n\tÉé\u00a0\x00")),
                                       max_size=600))
def test_the_native_calls_answer_as_blingfires_wrappers(text):
    assert segment._words_of(text) == blingfire.text_to_words(text)
    assert segment._sentences_of(text) == blingfire.text_to_sentences(text)


def test_the_wrappers_answer_where_the_native_library_is_not_found(monkeypatch):
    monkeypatch.setattr(segment, "_NATIVE", None)
    monkeypatch.setattr(segment.blingfire, "text_to_words", lambda s: "from the wrapper")
    assert segment._words_of("Fighting near Raqqa") == "from the wrapper"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab .,-'’\n\tÉé\u00a0")), max_size=40))
def test_any_text_gives_tokens_that_index_it(text):
    words, starts, ends = word_spans(text, 0, len(text))
    assert len(words) == len(starts) == len(ends)
    assert starts == sorted(starts)
    assert all(0 <= a <= b <= len(text) for a, b in zip(starts, ends, strict=True))
    assert all(0 <= a <= b <= len(text) for a, b in sentences(text))


def test_the_qualifier_union_matches_where_one_pattern_does():
    from geomap import rules

    union = _any_of(rules.qualifiers())
    assert union is not None
    for before in ["in eastern ", "5 km north of ", "near the border with ", "said ", "central",
                   "the city of  ", "outskirts of"]:
        one = any(p.search(before) for p, _ in rules.qualifiers())
        assert bool(union.search(before)) == one, before


def test_recognizer_spans_index_their_sentences():
    from geomap.gazetteer.index import Gazetteer
    from geomap.records import Article, Place

    gaz = Gazetteer.from_places([(Place("Mosul", 36.3, 43.1, 1, "P", "PPLA", "IQ"), [])])
    found = Recognizer(gaz).find(Article("a", TEXT))
    assert [(m.text, TEXT[m.sentence_start:m.sentence_end]) for m in found] == [
        ("Mosul", "Attack in Mosul")]


#: Imports geomap.segment in a fresh interpreter that believes it runs on MACHINE/PROCESSOR,
#: with ctypes' loader replaced by one that records the library asked for.
LOAD_AS = """
import ctypes, platform, sys
platform.machine = lambda: {machine!r}
platform.processor = lambda: {processor!r}
sys.platform = {system!r}
platform.system = lambda: {system!r}.title()
asked = []
ctypes.cdll.LoadLibrary = lambda path: asked.append(path) or object()
import geomap.segment
print(asked[0])
"""

#: ELF e_machine values: the architecture a shared library was built for.
ELF_MACHINE = {62: "x86-64", 183: "arm64"}


def _library_asked_for(machine: str, processor: str, system: str = "linux") -> Path:
    done = subprocess.run([sys.executable, "-c", LOAD_AS.format(
        machine=machine, processor=processor, system=system)],
        capture_output=True, text=True, check=True)
    return Path(done.stdout.strip())


def _elf_machine(path: Path) -> str:
    header = path.read_bytes()[:20]
    assert header[:4] == b"\x7fELF", path
    return ELF_MACHINE.get(int.from_bytes(header[18:20], "little"), "other")


def test_linux_arm64_loads_the_arm64_library_even_where_uname_p_says_unknown():
    # Debian's arm64 Python answers platform.processor() with "": blingfire2 alone would pick
    # its x86-64 library there
    library = _library_asked_for("aarch64", "")
    assert library.is_file()
    assert _elf_machine(library) == "arm64"


def test_x86_64_loads_the_x86_64_library():
    library = _library_asked_for("x86_64", "")
    assert library.is_file()
    assert _elf_machine(library) == "x86-64"


def test_apple_silicon_loads_the_arm64_library():
    library = _library_asked_for("arm64", "", system="darwin")
    assert library.is_file()
    assert library.read_bytes()[:4] == b"\xcf\xfa\xed\xfe"  # 64-bit Mach-O
    assert int.from_bytes(library.read_bytes()[4:8], "little") == 0x0100000C  # CPU_TYPE_ARM64
