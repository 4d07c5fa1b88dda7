"""The small Swedish NER model shipped in ``corpus_tool/models/ner_sv``: loading it, and the person
(PER) spans it finds in a document.  Without the model the officials stage works on rules alone."""
from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

from ..document import Document

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "ner_sv"
_INNER_CAPITAL = re.compile(r"\s[A-ZÅÄÖÉÜ][a-zåäöéü]")


@functools.lru_cache(maxsize=1)
def ner_model():
    """The shipped Swedish NER pipeline, or None when it is missing (rules still work)."""
    if not (MODEL_DIR / "meta.json").exists():
        log.warning("Swedish NER model missing at %s; using rules only", MODEL_DIR)
        return None
    import spacy  # lazy: spaCy takes seconds to import, and only this stage needs it

    return spacy.load(MODEL_DIR)


def person_spans(doc: Document, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) in ``doc.text`` of each PER entity the model finds in the blocks (paragraphs)."""
    nlp = ner_model()
    if nlp is None:
        return []
    spans = []
    # The model is most of this stage's time; a block without a capitalised word after its first
    # (a table cell, "År", a heading of common words) cannot hold a full name, so it is skipped.
    blocks = [(a, b) for a, b in blocks if _INNER_CAPITAL.search(doc.text, a + 1, b)]
    texts = [doc.text[a:b] for a, b in blocks]
    for (a, _), parsed in zip(blocks, nlp.pipe(texts, batch_size=32)):
        spans += [(a + e.start_char, a + e.end_char) for e in parsed.ents if e.label_ == "PER"]
    return spans
