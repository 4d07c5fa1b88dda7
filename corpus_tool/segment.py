"""Paragraphs and sentences with character offsets into the cleaned text.

The cleaned text is the blocks joined by blank lines, so every paragraph and
sentence is a slice ``text[start:end]``.  Sentences end at . ! ? … followed by
a capital, digit, quote or dash — unless the period belongs to an abbreviation
in ``data/abbreviations.tsv`` ("t.ex.", "bl.a.", "ca.") or an initial ("J.").
"""
from __future__ import annotations

import functools
import re

from .document import Document, Paragraph, Sentence
from .resources import read_tsv

PARAGRAPH_SEPARATOR = "\n\n"
_BOUNDARY = re.compile(
    r"""(?P<end>[.!?…]+[”"»'’)\]]*)(?P<space>\s+)(?=[\"“”»«'‘(\[–—-]?\s?[A-ZÅÄÖÉÜ0-9])""")
_LAST_TOKEN = re.compile(r"(\S+)$")


@functools.lru_cache(maxsize=1)
def abbreviations() -> frozenset:
    return frozenset(row["abbreviation"].lower() for row in read_tsv("abbreviations.tsv"))


def _is_abbreviation(before: str) -> bool:
    match = _LAST_TOKEN.search(before)
    if not match:
        return False
    token = match.group(1).lstrip("(\"'“«").lower()
    if token in abbreviations():
        return True
    # A single capital letter with a period is an initial ("J. Smith"), not a sentence end.
    return len(token) == 2 and token[0].isalpha() and token[1] == "." and match.group(1)[0].isupper()


def split_sentences(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``, whitespace trimmed."""
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end("end")
        if match.group("end").startswith(".") and _is_abbreviation(text[start:match.start("end") + 1]):
            continue
        spans.append((start, end))
        start = match.end("space")
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def sentences_of(text: str, lang: str | None = None) -> list[str]:
    """The sentences of a plain text: blank lines separate paragraphs, lines are not sentences."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        block = re.sub(r"\s+", " ", block).strip()
        out.extend(block[s:e] for s, e in split_sentences(block, lang))
    return out


def segment(doc: Document) -> Document:
    """Build ``doc.text``, ``doc.paragraphs`` and ``doc.sentences`` from ``doc.blocks``."""
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    offset = 0
    for position, (kind, block_text) in enumerate(doc.blocks):
        if position:
            parts.append(PARAGRAPH_SEPARATOR)
            offset += len(PARAGRAPH_SEPARATOR)
        paragraphs.append(Paragraph(position, kind, block_text, offset, offset + len(block_text)))
        # Headings and table cells are one unit each, whatever their punctuation.
        spans = [(0, len(block_text))] if kind in ("heading", "table_cell") else split_sentences(block_text, doc.lang)
        for s, e in spans:
            sentences.append(Sentence(len(sentences), block_text[s:e], offset + s, offset + e,
                                      paragraph_position=position))
        parts.append(block_text)
        offset += len(block_text)
    doc.text = "".join(parts)
    doc.paragraphs, doc.sentences = paragraphs, sentences
    return doc
