"""The small Swedish NER model shipped in ``corpus_tool/models/ner_sv``: loading it, and the person
(PER) spans it finds around given places of a document.  Without the model the officials stage works
on rules alone."""
from __future__ import annotations

import bisect
import functools
import logging
import re
from pathlib import Path

from ..document import Document

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "ner_sv"

# Words (runs of non-space) of context the model reads on each side of a place it is asked about.
# Measured, not derived: from eight words down to two, the mentions found (names, offsets, titles,
# sources) are the same on 1,500 government releases and 6,000 police reports, and the stage's F1
# on the 2,453 NER test sentences stays 0.903; one word changes 8 mentions.  Three keeps a word of
# margin; each word fewer is less matrix work for the model.
CONTEXT_WORDS = 3
_WORD = re.compile(r"\S+")


@functools.lru_cache(maxsize=1)
def ner_model():
    """The shipped Swedish NER pipeline, or None when it is missing (rules still work)."""
    if not (MODEL_DIR / "meta.json").exists():
        log.warning("Swedish NER model missing at %s; using rules only", MODEL_DIR)
        return None
    import spacy  # lazy: spaCy takes seconds to import, and only this stage needs it

    return spacy.load(MODEL_DIR)


def context_windows(text: str, places: list[tuple[int, int, int, int]],
                    words: int = CONTEXT_WORDS) -> list[tuple[int, int]]:
    """(start, end) of the text the model reads for each place ``(start, end, block_start,
    block_end)``: ``words`` words either side, within the place's block (paragraph); windows that
    meet are merged."""
    windows: list[tuple[int, int]] = []
    starts: dict[int, list[int]] = {}  # each block's word starts, found once however many names it holds
    for start, end, a, b in sorted(places, key=lambda p: (p[2], p[0])):
        block = starts.get(a)
        if block is None:
            block = starts[a] = [m.start() for m in _WORD.finditer(text, a, b)]
        before = bisect.bisect_left(block, start)  # the words that start before the place
        left = block[before - words] if before >= words else a
        right = b
        for n, m in enumerate(_WORD.finditer(text, end, b), 1):
            if n == words:
                right = m.end()
                break
        if windows and windows[-1][1] >= left and windows[-1][0] >= a:  # same block, overlapping
            windows[-1] = (windows[-1][0], max(windows[-1][1], right))
        else:
            windows.append((left, right))
    return windows


def person_spans(doc: Document, windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) in ``doc.text`` of each PER entity the model finds in the windows (parts of
    paragraphs), all of a document's windows read in one batch."""
    nlp = ner_model()
    if nlp is None or not windows:
        return []
    spans = []
    texts = [doc.text[a:b] for a, b in windows]
    for (a, _), parsed in zip(windows, nlp.pipe(texts, batch_size=64)):
        spans += [(a + e.start_char, a + e.end_char) for e in parsed.ents if e.label_ == "PER"]
    return spans
