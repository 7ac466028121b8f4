"""The optional spaCy recogniser, on pipelines built in code: never a downloaded model.

spaCy is in the ``test`` extra, so these tests run in CI (``CI`` set: a missing spaCy fails
instead of skipping). Elsewhere, without spaCy installed, they skip.
"""

from __future__ import annotations

import json
import os
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from geomap.cli import app
from geomap.errors import InputError
from geomap.pipeline import Pipeline
from geomap.recognize import RECOGNIZERS, get_recognizer
from geomap.recognize.recognizer import sentences
from geomap.recognize.spacy_recognizer import SpacyRecognizer, load_model, trim
from geomap.records import Article

if os.environ.get("CI"):
    import spacy  # CI installs the test extra: these tests must run there
else:
    spacy = pytest.importorskip("spacy", reason="spaCy is not installed (pip install -e '.[test]')")

PATTERNS = [
    {"label": "GPE", "pattern": "Baghdad"},
    {"label": "GPE", "pattern": "Iraq"},
    {"label": "GPE", "pattern": [{"LOWER": "the"}, {"LOWER": "gaza"}, {"LOWER": "strip"}]},
    {"label": "LOC", "pattern": "Mosul"},
    {"label": "FAC", "pattern": [{"LOWER": "ain"}, {"LOWER": "al"}, {"ORTH": "-"},
                                 {"LOWER": "asad"}]},
    {"label": "FAC", "pattern": [{"LOWER": "qarzan"}, {"LOWER": "depot"}]},
    {"label": "NORP", "pattern": "Iraqi"},
    {"label": "NORP", "pattern": "Iraqis"},
    {"label": "NORP", "pattern": "Shiite"},
    {"label": "GPE", "pattern": "Hezbollah"},
    {"label": "ORG", "pattern": "Reuters"},
    {"label": "PERSON", "pattern": "Erbil"},
]


def blank_pipeline(*, sentencizer: bool = False):
    """spacy.blank("en") + an entity_ruler: a pipeline needing no model or download."""
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(PATTERNS)
    if sentencizer:
        nlp.add_pipe("sentencizer")
    return nlp


@pytest.fixture(scope="module")
def rec(tiny_gazetteer):
    return SpacyRecognizer(tiny_gazetteer, blank_pipeline())


def found(rec, text):
    return [(m.text, m.kind) for m in rec.find(Article("a", text))]


def test_spans_index_the_exact_characters(rec):
    text = "Réunion: “Iraqi” drones hit Baghdad 🚀.\r\nThen the Gaza Strip, near Ain al-Asad."
    mentions = rec.find(Article("a", text))
    assert [(m.text, m.kind) for m in mentions] == [
        ("Iraqi", "demonym"), ("Baghdad", "toponym"), ("Gaza Strip", "toponym"),
        ("Ain al-Asad", "toponym")]
    for m in mentions:
        assert text[m.start:m.end] == m.text
        assert m.article_id == "a"
        assert m.sentence_start <= m.start < m.end <= m.sentence_end
    assert text[mentions[2].start - 4:mentions[2].start] == "the "


def test_labels_map_to_kinds_and_unknown_norps_are_dropped(rec):
    assert found(rec, "Shiite and Iraqi fighters, Iraqis say, left Mosul.") == [
        ("Iraqi", "demonym"), ("Iraqis", "demonym"), ("Mosul", "toponym")]
    assert found(rec, "Reuters reported from Erbil.") == []  # ORG and PERSON are no places


@pytest.mark.parametrize("text", ["Hezbollah fired rockets.", "Kataib Hezbollah fired rockets.",
                                  "Lebanon's Hezbollah said."])
def test_not_places_veto_an_entity_even_inside_a_longer_name(rec, text):
    assert "Hezbollah" not in [t for t, _ in found(rec, text)]


def test_a_state_used_as_an_adjective_is_a_demonym(rec):
    assert found(rec, "Iraq-backed militias left Baghdad.") == [
        ("Iraq", "demonym"), ("Baghdad", "toponym")]


def test_qualifiers_are_kept_as_the_rules_recogniser_keeps_them(rec):
    (m,) = rec.find(Article("a", "A blast hit eastern Baghdad."))
    assert m.qualifier == "eastern"


def test_sentences_come_from_blingfire_when_the_pipeline_sets_none(rec):
    text = "Strikes hit Baghdad. Then Mosul.\nIraqi officials spoke."
    spans = sentences(text)
    assert [(m.sentence_start, m.sentence_end) for m in rec.find(Article("a", text))] == \
        [spans[0], spans[1], spans[2]]


def test_sentences_come_from_the_doc_when_it_sets_them(tiny_gazetteer):
    rec = SpacyRecognizer(tiny_gazetteer, blank_pipeline(sentencizer=True))
    text = "Strikes hit Baghdad. \r\nThen Mosul was hit."
    baghdad, mosul = rec.find(Article("a", text))
    assert text[baghdad.sentence_start:baghdad.sentence_end] == "Strikes hit Baghdad."
    assert text[mosul.sentence_start:mosul.sentence_end] == "Then Mosul was hit."


WORDS = ["Baghdad", "Iraq", "Iraqi", "Iraqis", "Hezbollah", "Kataib", "the", "The", "Gaza",
         "Strip", "'s", "-backed", "eastern", ".", ",", "“", "\r\n", "\n", "Mosul", "troops"]


@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=4), max_size=30),
       st.lists(st.sampled_from([" ", "", "  "]), min_size=30, max_size=30))
def test_any_text_gives_valid_spans(rec, words, gaps):
    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    for m in rec.find(Article("a", text)):
        assert text[m.start:m.end] == m.text
        assert m.text == m.text.strip()
        assert m.sentence_start <= m.start < m.end <= m.sentence_end <= len(text)


@pytest.mark.parametrize(("text", "expected"), [
    (" “Baghdad”, ", "Baghdad"), ("(Iraq's)", "Iraq"), ("U.S.", "U.S."), ("the", "the")])
def test_trim(text, expected):
    start, end = trim(text, 0, len(text))
    assert text[start:end] == expected


def test_a_leading_the_goes_unless_the_gazetteer_has_it(tiny_gazetteer):
    from geomap.gazetteer.index import Gazetteer
    from geomap.records import Place

    hague = Place("The Hague", 52.08, 4.3, 2747373, "P", "PPLG", "NL")
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([
        {"label": "GPE", "pattern": [{"LOWER": "the"}, {"LOWER": "hague"}]},
        {"label": "GPE", "pattern": [{"LOWER": "the"}, {"LOWER": "gaza"}, {"LOWER": "strip"}]}])
    rec = SpacyRecognizer(Gazetteer.from_places([(hague, [])]), nlp)
    assert found(rec, "The Hague and the Gaza Strip. The Gaza Strip.") == [
        ("The Hague", "toponym"), ("Gaza Strip", "toponym"), ("Gaza Strip", "toponym")]


def test_a_missing_model_says_how_to_install_it_through_spacys_channel():
    with pytest.raises(InputError) as err:
        load_model("no_such_geomap_model")
    message = str(err.value)
    assert "\n" not in message
    assert "spaCy model 'no_such_geomap_model' is not installed" in message
    assert "python -m spacy download no_such_geomap_model" in message


def test_missing_spacy_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy raises ImportError
    with pytest.raises(InputError, match=r"spaCy is not installed; run: pip install "
                       r"'geomap-news\[spacy\]' and then python -m spacy download en_core_web_sm"):
        load_model("en_core_web_sm")


def test_registry_names_its_choices(tiny_gazetteer):
    assert sorted(RECOGNIZERS) == ["rules", "spacy"]
    with pytest.raises(InputError, match="unknown recognizer 'stanza'; choose one of: rules, "
                                         "spacy"):
        get_recognizer("stanza")
    with pytest.raises(InputError, match="uses no model"):
        get_recognizer("rules")(tiny_gazetteer, model="en_core_web_sm")


@pytest.fixture
def fake_model(monkeypatch):
    """spacy.load answers with the blank+ruler pipeline, whatever the name, and records it."""
    asked: list[str] = []
    monkeypatch.setattr(spacy, "load", lambda name: asked.append(name) or blank_pipeline())
    return asked


def test_the_registry_builds_the_spacy_recognizer_with_spacys_loader(tiny_gazetteer,
                                                                     fake_model):
    rec = get_recognizer("SpaCy")(tiny_gazetteer)
    assert fake_model == ["en_core_web_sm"]
    assert found(rec, "Drones hit Baghdad.") == [("Baghdad", "toponym")]


def test_pipeline_takes_any_recogniser(tiny_gazetteer, rec):
    result = Pipeline(tiny_gazetteer, recognizer=rec).process(
        Article("a", "A drone strike hit eastern Baghdad on Sunday, Iraqi officials said."))
    assert [(r.mention.text, r.place and r.place.name) for r in result.resolutions] == [
        ("Baghdad", "Baghdad"), ("Iraqi", "Iraq")]
    assert result.incidents[0].location.mention.text == "Baghdad"


def test_cli_extract_and_run_use_the_spacy_recogniser(tmp_path, fake_model):
    article = tmp_path / "a.txt"
    article.write_text("A drone strike hit Qarzan Depot on Sunday. Hezbollah denied it.\n")
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(article), "--recognizer", "spacy",
                                 "--spacy-model", "my_model"])
    assert result.exit_code == 0, result.output
    assert fake_model == ["my_model"]
    mentions = json.loads(result.stdout)["mentions"]
    # a made-up FAC the gazetteer lacks: the rules recogniser does not find it
    assert [(f["properties"]["text"], f["properties"]["start"]) for f in mentions] == [
        ("Qarzan Depot", 19)]
    rules = runner.invoke(app, ["extract", str(article)])
    assert json.loads(rules.stdout)["mentions"] == []

    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(article), "-o", str(out), "--recognizer", "spacy"])
    assert result.exit_code == 0, result.output
    assert fake_model[-1] == "en_core_web_sm"
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert summary["mentions"] == 1
    assert summary["unresolved"] == 1


def test_cli_eval_scores_the_spacy_recogniser(tmp_path, fake_model):
    text = "Strikes hit Baghdad and Mosul. Basra was quiet."
    corpus = tmp_path / "tiny.jsonl"
    corpus.write_text(json.dumps({"id": "d", "text": text, "toponyms": [
        {"start": 12, "end": 19, "name": "Baghdad", "lat": 33.34, "lon": 44.4},
        {"start": 31, "end": 36, "name": "Basra", "lat": 30.5, "lon": 47.8}]}) + "\n")
    result = CliRunner().invoke(app, ["eval", str(corpus), "--json", "--recognizer", "spacy"])
    assert result.exit_code == 0, result.output
    rec = json.loads(result.stdout)["tiny"]["recognition"]
    assert (rec["precision"], rec["recall"]) == (0.5, 0.5)  # found Baghdad, Mosul


def test_cli_missing_model_is_one_line_and_exit_1(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Baghdad.\n")
    result = CliRunner().invoke(app, ["extract", str(article), "--recognizer", "spacy",
                                      "--spacy-model", "no_such_geomap_model"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: recognizer spacy: spaCy model 'no_such_geomap_model' is not installed; install "
        "it through spaCy's own channel: python -m spacy download no_such_geomap_model"]


def test_cli_rejects_an_unknown_recogniser():
    result = CliRunner().invoke(app, ["extract", "-", "--recognizer", "stanza"])
    assert result.exit_code == 2
