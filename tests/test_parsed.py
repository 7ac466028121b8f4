"""One parsed article: split once, and every stage reads the recogniser's sentences."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from geomap import segment
from geomap.parsed import ParsedArticle, parse, parse_with
from geomap.pipeline import Pipeline
from geomap.recognize.recognizer import Recognizer
from geomap.records import Article

TEXT = ("Gunmen attacked a checkpoint in Mosul on Monday; two soldiers died.\n"
        "Separately, a drone strike hit a car in Erbil.")


def test_words_and_sentences_index_the_text():
    parsed = parse(Article("a", TEXT))
    assert [TEXT[a:b] for a, b in parsed.sentences] == TEXT.split("\n")
    assert [t.text for t in parsed.tokens(*parsed.sentences[1])][:3] == ["Separately", ",", "a"]
    assert parsed.sentence_at(TEXT.index("Erbil")) == parsed.sentences[1]
    assert parsed.sentence_at(len(TEXT) + 5) == (0, len(TEXT))


@given(st.text(max_size=200), st.integers(0, 220), st.integers(0, 220))
def test_tokens_lie_inside_the_span_asked_for(text, start, end):
    parsed = parse(Article("a", text))
    for token in parsed.tokens(start, end):
        assert start <= token.start < token.end <= end
        assert text[token.start:token.end] == token.text


def test_a_run_splits_the_text_once(tiny_gazetteer, monkeypatch):
    calls = {"sentences": 0, "words": 0}
    split_sentences, split_words = segment._sentences_of, segment._words_of

    def sentences(text):
        calls["sentences"] += 1
        return split_sentences(text)

    def words(text):
        calls["words"] += 1
        return split_words(text)

    monkeypatch.setattr(segment, "_sentences_of", sentences)
    monkeypatch.setattr(segment, "_words_of", words)
    result = Pipeline(tiny_gazetteer).process(Article("a", TEXT))
    assert {i.location.mention.text for i in result.incidents} == {"Mosul", "Erbil"}
    # blingfire splits each line into sentences once, and the whole text into words once
    assert calls == {"sentences": 2, "words": 1}


class SemicolonSplitter:
    """A recogniser whose sentences end at semicolons too, as a parser's may."""

    def __init__(self, gazetteer):
        self.rules = Recognizer(gazetteer)

    def find(self, article):
        return list(self.parse(article).mentions)

    def parse(self, article) -> ParsedArticle:
        text, spans, start = article.text, [], 0
        for k, ch in enumerate(text):
            if ch in ";\n":
                spans.append((start, k + (ch == ";")))
                start = k + 1
        spans.append((start, len(text)))
        parsed = parse(article, sentence_spans=[(a + (text[a] == " "), b) for a, b in spans])
        return parsed.with_mentions(self.rules.find_in(parsed))


def test_incidents_quote_the_recognisers_own_sentences(tiny_gazetteer):
    result = Pipeline(tiny_gazetteer, recognizer=SemicolonSplitter(tiny_gazetteer)).process(
        Article("a", TEXT))
    mosul = next(i for i in result.incidents if i.location.mention.text == "Mosul")
    assert mosul.quotes[0].text == "Gunmen attacked a checkpoint in Mosul on Monday;"
    mention = next(r.mention for r in result.resolutions if r.mention.text == "Mosul")
    assert (mention.sentence_start, mention.sentence_end) == (0, TEXT.index(";") + 1)


def test_a_recogniser_with_find_only_still_works(tiny_gazetteer):
    class FindOnly:
        def find(self, article):
            return Recognizer(tiny_gazetteer).find(article)

    parsed = parse_with(FindOnly(), Article("a", TEXT))
    assert [m.text for m in parsed.mentions] == ["Mosul", "Erbil"]
    assert len(parsed.sentences) == 2
