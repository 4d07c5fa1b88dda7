"""Segmentation: offsets are exact, abbreviations don't end sentences."""
from __future__ import annotations

import pytest

from corpus_tool import process_text
from corpus_tool.segment import sentences_of, split_sentences


@pytest.mark.parametrize("text, expected", [
    ("Det gäller t.ex. Malmö. Sedan Lund.", ["Det gäller t.ex. Malmö.", "Sedan Lund."]),
    ("Polisen har bl.a. gripit två. De häktades.", ["Polisen har bl.a. gripit två.", "De häktades."]),
    ("Det var ca. 40 personer. Alla greps.", ["Det var ca. 40 personer.", "Alla greps."]),
    ("Mötet börjar kl. 14 i dag. Välkomna!", ["Mötet börjar kl. 14 i dag.", "Välkomna!"]),
    ("Han heter J. Andersson. Han är polis.", ["Han heter J. Andersson.", "Han är polis."]),
    ("– Vi är nöjda. Det säger hon.", ["– Vi är nöjda.", "Det säger hon."]),
    ("Vad hände? Ingen vet. 47 skottlossningar skedde.", ["Vad hände?", "Ingen vet.", "47 skottlossningar skedde."]),
    ("He said, e.g. this. Then left.", ["He said, e.g. this.", "Then left."]),
])
def test_sentence_boundaries(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_offsets_slice_the_document_text(seed_docs):
    for doc in seed_docs.values():
        for p in doc.paragraphs:
            assert doc.text[p.start:p.end] == p.text
        for s in doc.sentences:
            assert doc.text[s.start:s.end] == s.text
            para = doc.paragraphs[s.paragraph_position]
            assert para.start <= s.start and s.end <= para.end


def test_seed_000_sentences(seed_docs):
    texts = [s.text for s in seed_docs["000"].sentences]
    assert "50-tal rättegångar" in texts
    assert "Sedan årets start har fyra skottlossningar inträffat i Malmö." in texts
    assert "Under 2019 inträffade totalt 34 skottlossningar." in texts


def test_headings_and_cells_are_single_sentences():
    doc = process_text("Rubrik. Med punkt\n\nEn mening här. En till mening här.")
    assert [s.text for s in doc.sentences][-2:] == ["En mening här.", "En till mening här."]


def test_sentences_of_plain_text():
    assert sentences_of("A first one. A second one.\n\nA third\nwrapped line.") == [
        "A first one.", "A second one.", "A third wrapped line."]
