"""Per-article bounds: what is beyond them is cut, and a warning names the article."""

from __future__ import annotations

import logging
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geomap.io.limits import ArticleLimits, split_long
from geomap.pipeline import Pipeline
from geomap.records import Article

WARNING = "geomap.io.limits"


def _run(gazetteer, text, limits, caplog):
    with caplog.at_level(logging.WARNING, logger=WARNING):
        return Pipeline(gazetteer, limits=limits).process(Article("feed-7", text, path="in.jsonl"))


def test_mentions_over_the_limit_are_cut_and_reported(tiny_gazetteer, caplog):
    text = "Mortars hit " + ", ".join(["Mosul"] * 40) + "."
    result = _run(tiny_gazetteer, text, ArticleLimits(mentions=10), caplog)
    assert len(result.resolutions) == 10
    assert "in.jsonl (feed-7): 40 place mentions, over the limit of 10" in caplog.text


def test_an_article_over_the_size_limit_is_cut_at_a_space_and_reported(tiny_gazetteer, caplog):
    text = "A drone struck Mosul. " + "Then nothing happened. " * 100 + "Erbil was shelled."
    result = _run(tiny_gazetteer, text, ArticleLimits(article_chars=200), caplog)
    assert len(result.article.text) <= 200
    assert not result.article.text.endswith("Then nothin")
    assert [r.mention.text for r in result.resolutions] == ["Mosul"]
    assert "over the limit of 200" in caplog.text


def test_incidents_over_the_limit_are_cut_and_reported(tiny_gazetteer, caplog):
    text = " ".join(f"A drone strike killed {k} people in Mosul on {k} May 2024."
                    for k in range(2, 12))
    unbounded = Pipeline(tiny_gazetteer).process(Article("feed-7", text, path="in.jsonl")).incidents
    assert len(unbounded) > 1
    result = _run(tiny_gazetteer, text, ArticleLimits(incidents=1), caplog)
    assert result.incidents == unbounded[:1]
    assert f"{len(unbounded)} incidents, over the limit of 1" in caplog.text


def test_ordinary_news_hits_no_limit(tiny_gazetteer, caplog):
    _run(tiny_gazetteer, "A drone struck Baghdad on Monday, killing two. Erbil was calm.",
         ArticleLimits(), caplog)
    assert caplog.text == ""


def test_a_long_sentence_is_cut_for_the_clause_passes(tiny_gazetteer, caplog):
    text = "Shelling hit Mosul, " + "and the market burned, " * 200 + "and Erbil was calm"
    result = _run(tiny_gazetteer, text, ArticleLimits(sentence_chars=300), caplog)
    assert all(end - start <= 300 for start, end in result.parsed.sentences)
    assert result.parsed.sentences[0][0] == 0
    assert result.parsed.sentences[-1][1] == len(text)
    assert "a sentence over 300 characters" in caplog.text


def test_zero_lifts_a_bound(tiny_gazetteer, caplog):
    text = "Mortars hit " + ", ".join(["Mosul"] * 40) + "."
    result = _run(tiny_gazetteer, text, ArticleLimits(mentions=0, sentence_chars=0), caplog)
    assert len(result.resolutions) == 40


@given(st.text(alphabet=st.sampled_from("ab ,;.\n"), max_size=400),
       st.integers(min_value=1, max_value=60))
def test_split_long_covers_the_span_in_pieces_within_the_bound(text, most):
    pieces = split_long(text, 0, len(text), most)
    assert pieces[0][0] == 0
    assert pieces[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in pairwise(pieces))
    assert all(0 < end - start <= most for start, end in pieces) or text == ""


@pytest.mark.parametrize("mark", ["\u200b", "\u202e", "\u00ad"])
def test_api_articles_are_cleaned_too(tiny_gazetteer, mark):
    result = Pipeline(tiny_gazetteer).process(Article("a", f"Shells hit Mo{mark}sul."))
    assert result.article.text == "Shells hit Mosul."


def test_a_number_of_4301_digits_is_no_count_and_no_crash(tiny_gazetteer):
    text = f"A drone strike killed {'9' * 4301} people in Mosul on 3 May 2024."
    result = Pipeline(tiny_gazetteer).process(Article("a", text))
    assert result.incidents
    assert all(i.fatalities is None for i in result.incidents)
