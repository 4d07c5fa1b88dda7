"""Language per document and per paragraph; short lines follow their document."""
from __future__ import annotations

from corpus_tool import process_text


def test_seed_languages(seed_docs):
    assert {k: d.lang for k, d in seed_docs.items()} == {"000": "sv", "001": "en", "002": "sv", "003": "sv", "004": "sv"}


def test_short_lines_take_the_document_language(seed_docs):
    doc = seed_docs["004"]
    cells = [p for p in doc.paragraphs if p.kind == "table_cell"]
    assert {p.lang for p in cells} == {"sv"}  # "År", "2016", "61" …
    boston = next(p for p in doc.paragraphs if p.text == "Boston")
    assert boston.lang == "sv"


def test_mixed_document_marks_the_foreign_paragraph():
    doc = process_text(
        "Polisen i Malmö har under helgen gripit flera personer efter en rad skottlossningar i staden.\n\n"
        "The police in Malmö arrested several people this weekend after a series of shootings in the city.\n\n"
        "Polisen fortsätter arbetet med att förebygga grovt våld tillsammans med kommunen.")
    assert doc.lang == "sv"
    assert [p.lang for p in doc.paragraphs] == ["sv", "en", "sv"]
    assert doc.sentences[1].lang == "en"


def test_other_languages_are_reported_not_forced():
    doc = process_text("Politiet i København har anholdt to mænd efter et skyderi på Nørrebro i nat. "
                       "Politiet efterlyser vidner, der har set noget i området omkring midnat.")
    assert doc.lang == "da"
    german = process_text("Die Polizei hat in der Nacht zwei Männer nach einer Schießerei in Berlin festgenommen.")
    assert german.lang == "de"
