"""Language per document and per paragraph; short lines follow their document."""
from __future__ import annotations

import pytest

from corpus_tool import process_text
from corpus_tool.language import decisive_language, detect


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


ALL = ("sv", "en", "da", "nb", "de", "fi", "fr", "es", "pl", "ar", "so", "fa")


@pytest.mark.parametrize("text,codes,least,lang", [
    # Swedish's own words, among all twelve languages
    ("Polisen har gripit två män och det är inte klart när de släpps från häktet.", ALL, 5, "sv"),
    ("The police said that two men were arrested after the shooting and one of them was injured.", ALL, 5, "en"),
    # words Danish and Norwegian write too speak for Swedish only against English
    ("Polisen har gripit en man på platsen med hjälp av en hundpatrull.", ("sv", "en"), 2, "sv"),
    ("Polisen har gripit en man på platsen med hjälp av en hundpatrull.", ALL, 5, None),
    # Danish: its own words count against Swedish and English
    ("Politiet har anholdt to mænd, og de er ikke løsladt endnu efter skyderiet.", ALL, 5, None),
    ("Politiet har anholdt to mænd, og de er ikke løsladt endnu efter skyderiet.", ("da", "sv", "en"), 2, "da"),
    # both languages' words: the detector decides
    ("Ford T utropades till den mest inflytelserika bilen vid Car of the Century-utmärkelsen.", ("sv", "en"), 2, None),
    # too few, or too small a share of the words
    ("Två män greps.", ALL, 5, None),
    ("Polisen och " + "Malmö " * 80, ("sv", "en"), 2, None),
])
def test_function_words_decide_only_when_decisive(text, codes, least, lang):
    assert decisive_language(text, codes, least) == lang


def test_a_decisive_text_is_what_the_detector_says():
    texts = ["Polisen har gripit två män och det är inte klart när de släpps från häktet.",
             "The police said that two men were arrested after the shooting and one of them was injured.",
             "Vi ser mycket allvarligt på det här och har förstärkt närvaron i området, säger Karin Holm."]
    for text in texts:
        assert decisive_language(text, ("sv", "en"), 2) == detect(text, ("sv", "en"))
        assert decisive_language(text, ALL, 5) in (None, detect(text, ALL))
