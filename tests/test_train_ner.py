"""The NER training data conversion: `token TAG` lines without B-/I- prefixes to spaCy entities."""
from __future__ import annotations

import importlib.util
import json

import pytest
import spacy
from conftest import ROOT, needs_devdata

_spec = importlib.util.spec_from_file_location("train_ner", ROOT / "scripts" / "train_ner.py")
train_ner = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(train_ner)


def _sentences(tmp_path, text: str):
    path = tmp_path / "corpus.txt"
    path.write_text(text, encoding="utf-8")
    return train_ner.read_sentences(path)


@pytest.mark.parametrize("lines,entities", [
    ("Gunhild PER\nWestman PER\n, 0\ntidigare 0\nlektor 0\n", [("Gunhild Westman", "PER")]),
    # a run of one tag is one entity; a change of tag starts another
    ("Anna PER\nLund PER\nMalmö LOC\nstad LOC\n. 0\n", [("Anna Lund", "PER"), ("Malmö stad", "LOC")]),
    ("Polisen ORG\ni 0\nLund LOC\n", [("Polisen", "ORG"), ("Lund", "LOC")]),
    # a token without a tag (the corpus has one) is outside; an unknown tag too
    ("bn\nhär 0\nAnna PER\nX FOO\n", [("Anna", "PER")]),
])
def test_tags_become_entities(tmp_path, lines, entities):
    (sentence,) = _sentences(tmp_path, lines)
    doc = train_ner.to_doc(spacy.blank("sv"), sentence)
    assert [(e.text, e.label_) for e in doc.ents] == entities


def test_sentences_split_on_blank_lines_and_spacing(tmp_path):
    sentences = _sentences(tmp_path, "Hej 0\n, 0\nsa 0\nAnna PER\n. 0\n\n\nNästa 0\n")
    assert len(sentences) == 2
    doc = train_ner.to_doc(spacy.blank("sv"), sentences[0])
    assert doc.text == "Hej, sa Anna."


def test_shipped_metrics_report_per_scores():
    metrics = json.loads((ROOT / "training" / "ner" / "metrics.json").read_text())
    per = metrics["test"]["per_type"]["PER"]
    assert per["f"] >= 0.8 and metrics["size_mb"] < 15


def test_corpus_reads_to_the_recorded_sentence_counts():
    """The Swedish NER corpus, read in place, gives as many sentences as the shipped model was
    trained and scored on (training/ner/metrics.json)."""
    needs_devdata("swedish-ner")
    counts = json.loads((ROOT / "training" / "ner" / "metrics.json").read_text(encoding="utf-8"))["sentences"]
    train = train_ner.read_sentences(train_ner.ner_data("train_corpus.txt"))
    test = train_ner.read_sentences(train_ner.ner_data("test_corpus.txt"))
    assert (len(train), len(test)) == (counts["train"] + counts["dev"], counts["test"])
