"""Build press-style Swedish–English test documents, with their gold alignment, from NTREX.

NTREX gives news documents translated line by line (gold 1:1).  Real press
translations are not that tidy, so each document is rebuilt reproducibly
(fixed seed): adjacent sentences are merged on one side (gold 2:1 / 1:2), a
few sentences are split at a clause boundary on one side, and about 5 % of
the sentences are dropped on either side (gold 1:0 / 0:1).
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..document import Document, Paragraph, Sentence

_CLAUSE_BREAK = re.compile(r"[,;:] ")


@dataclass
class ParallelDoc:
    name: str
    src: list[str] = field(default_factory=list)
    tgt: list[str] = field(default_factory=list)
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)


def read_ntrex(folder: str | Path, src_file: str = "newstest2019-ref.swe.txt",
               tgt_file: str = "newstest2019-src.eng.txt") -> list[tuple[str, list[str], list[str]]]:
    """NTREX documents as (document id, Swedish sentences, English sentences), in file order."""
    folder = Path(folder)
    ids = folder.joinpath("DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    sv = folder.joinpath(src_file).read_text(encoding="utf-8").splitlines()
    en = folder.joinpath(tgt_file).read_text(encoding="utf-8").splitlines()
    docs: dict[str, tuple[list[str], list[str]]] = {}
    for doc_id, s, e in zip(ids, sv, en):
        pair = docs.setdefault(doc_id.strip(), ([], []))
        pair[0].append(s.strip())
        pair[1].append(e.strip())
    return [(name, s, e) for name, (s, e) in docs.items()]


def _split(text: str) -> tuple[str, str] | None:
    """Cut a sentence at the clause break nearest its middle, if both halves are substantial."""
    cuts = [m.end() for m in _CLAUSE_BREAK.finditer(text)]
    cuts = [c for c in cuts if 25 <= c <= len(text) - 25]
    if not cuts:
        return None
    cut = min(cuts, key=lambda c: abs(c - len(text) / 2))
    return text[:cut].strip(), text[cut:].strip()


def distort(name: str, src: list[str], tgt: list[str], *, seed: int = 13, merge: float = 0.08,
            split: float = 0.04, drop: float = 0.05) -> ParallelDoc:
    """Rebuild one 1:1 document with merges, splits and drops, keeping the gold alignment."""
    rng = random.Random(f"{seed}:{name}")
    doc = ParallelDoc(name)
    k, n = 0, min(len(src), len(tgt))

    def add(src_parts: list[str], tgt_parts: list[str]) -> None:
        s0, t0 = len(doc.src), len(doc.tgt)
        doc.src.extend(src_parts)
        doc.tgt.extend(tgt_parts)
        doc.gold.append((tuple(range(s0, s0 + len(src_parts))), tuple(range(t0, t0 + len(tgt_parts)))))

    while k < n:
        r = rng.random()
        side = rng.random() < 0.5
        if r < drop:
            add([src[k]], []) if side else add([], [tgt[k]])
            k += 1
        elif r < drop + merge and k + 1 < n:
            if side:
                add([f"{src[k]} {src[k + 1]}"], [tgt[k], tgt[k + 1]])
            else:
                add([src[k], src[k + 1]], [f"{tgt[k]} {tgt[k + 1]}"])
            k += 2
        elif r < drop + merge + split and (halves := _split(src[k] if side else tgt[k])):
            if side:
                add(list(halves), [tgt[k]])
            else:
                add([src[k]], list(halves))
            k += 1
        else:
            add([src[k]], [tgt[k]])
            k += 1
    return doc


def build_press_set(folder: str | Path, *, seed: int = 13, limit: int | None = None) -> list[ParallelDoc]:
    """All (or the first ``limit``) NTREX documents, distorted reproducibly."""
    docs = read_ntrex(folder)[:limit] if limit else read_ntrex(folder)
    return [distort(name, s, e, seed=seed) for name, s, e in docs]


def as_document(name: str, lang: str, sentences: list[str], doc_id: int | None = None) -> Document:
    """A Document made of given sentences (one paragraph each), for pairing tests and benchmarks."""
    doc = Document(source=name, lang=lang, id=doc_id)
    offset = 0
    parts: list[str] = []
    for k, text in enumerate(sentences):
        if k:
            parts.append("\n\n")
            offset += 2
        doc.paragraphs.append(Paragraph(k, "paragraph", text, offset, offset + len(text), lang))
        doc.sentences.append(Sentence(k, text, offset, offset + len(text), lang, k))
        parts.append(text)
        offset += len(text)
    doc.text = "".join(parts)
    return doc
