"""Translation-pair finding: precision and recall on a mixed corpus.

    .venv/bin/python benchmarks/pairing.py

The corpus mixes the five seeds (one pair: 000 ↔ 001), Swedish-only and
English-only documents (NTREX documents of which only one side is kept, and
PUD sentences grouped five documents at a time, the Swedish side of one half
and the English side of the other) and NTREX documents kept on both sides,
rebuilt press-style (merges, splits, drops; corpus_tool.align.press).  A
found pair is correct when it joins the two sides of the same document; the
direction is reported separately (the source should be the Swedish side,
since nothing in these texts tells the original).
"""
from __future__ import annotations

import csv
import time
from pathlib import Path

from devdata import devdata, run_main

from corpus_tool.align.pairing import find_pairs
from corpus_tool.align.press import as_document, distort, read_ntrex

ROOT = Path(__file__).resolve().parent.parent
PUD = ("parallel-sv-en", "pud", "pud_sv_en.tsv")


def pud_groups(size: int = 5) -> list[tuple[str, list[str], list[str]]]:
    with open(devdata(*PUD), encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    docs: dict[str, tuple[list[str], list[str]]] = {}
    for row in rows:
        pair = docs.setdefault(row["doc"], ([], []))
        pair[0].append(row["sv"])
        pair[1].append(row["en"])
    names = list(docs)
    groups = []
    for k in range(0, len(names), size):
        chunk = names[k:k + size]
        groups.append((f"pud:{chunk[0]}", [s for n in chunk for s in docs[n][0]],
                       [e for n in chunk for e in docs[n][1]]))
    return groups


def build_corpus(seed_docs=None):
    """(documents, expected pairs as frozensets of ids) for the mixed corpus."""
    documents, expected = [], set()

    def add(doc):
        doc.id = len(documents) + 1
        documents.append(doc)
        return doc.id

    if seed_docs is None:
        from corpus_tool.api import process_file

        seed_docs = {p.name[:3]: process_file(p) for p in sorted((ROOT / "raw").glob("0*.txt"))}
    seed_ids = {key: add(doc) for key, doc in sorted(seed_docs.items())}
    expected.add(frozenset((seed_ids["000"], seed_ids["001"])))
    ntrex = read_ntrex(devdata("parallel-sv-en", "ntrex"))
    for k, (name, sv, en) in enumerate(ntrex):
        if k % 3 == 0:  # both sides, rebuilt press-style
            doc = distort(name, sv, en)
            a = add(as_document(f"{name}.sv", "sv", doc.src))
            b = add(as_document(f"{name}.en", "en", doc.tgt))
            expected.add(frozenset((a, b)))
        elif k % 3 == 1:
            add(as_document(f"{name}.sv", "sv", sv))
        else:
            add(as_document(f"{name}.en", "en", en))
    for k, (name, sv, en) in enumerate(pud_groups()):
        add(as_document(f"{name}.sv", "sv", sv) if k % 2 == 0 else as_document(f"{name}.en", "en", en))
    return documents, expected


def evaluate(documents, expected) -> dict:
    t0 = time.perf_counter()
    pairs = find_pairs(documents)
    seconds = time.perf_counter() - t0
    by_id = {d.id: d for d in documents}
    found = {frozenset((p.source_document_id, p.target_document_id)) for p in pairs}
    correct = found & expected
    swedish_source = sum(1 for p in pairs if by_id[p.source_document_id].lang == "sv")
    return {
        "documents": len(documents), "expected": len(expected), "found": len(found),
        "correct": len(correct),
        "precision": len(correct) / len(found) if found else 0.0,
        "recall": len(correct) / len(expected) if expected else 0.0,
        "swedish_source": swedish_source / len(pairs) if pairs else 0.0,
        "seconds": seconds,
    }


def main() -> None:
    documents, expected = build_corpus()
    res = evaluate(documents, expected)
    print(f"documents {res['documents']}  expected pairs {res['expected']}  found {res['found']}  "
          f"correct {res['correct']}")
    print(f"precision {res['precision']:.3f}  recall {res['recall']:.3f}  "
          f"Swedish source {res['swedish_source']:.3f}  time {res['seconds']:.1f}s")


if __name__ == "__main__":
    run_main(main)
