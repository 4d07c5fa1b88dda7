"""How well the officials stage finds people in unseen Swedish news: the NER test split.

Gold = every PER entity of two or more tokens in ``swedish-ner/test_corpus.txt`` (development data)
(the stage only reports full names, or surnames that refer back to one).  Each test sentence
is one document; a predicted mention is correct when its span equals a gold span.  Printed
for the whole stage and for the shipped model alone (its PER spans of 2+ tokens).

    .venv/bin/python benchmarks/officials_ner.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from devdata import run_main  # noqa: E402
from train_ner import NO_SPACE_AFTER, NO_SPACE_BEFORE, ner_data, person_runs, read_sentences  # noqa: E402

from corpus_tool.document import Document, Paragraph, Sentence  # noqa: E402
from corpus_tool.extract.ner import ner_model  # noqa: E402
from corpus_tool.extract.officials import extract_mentions  # noqa: E402


def detokenize(tokens: list[tuple[str, str]]) -> tuple[str, set[tuple[int, int]]]:
    """Text of a tokenised sentence and the character spans of its multi-token PER entities."""
    text, spans, starts = "", set(), []
    for i, (token, _) in enumerate(tokens):
        if i and token not in NO_SPACE_BEFORE and tokens[i - 1][0] not in NO_SPACE_AFTER:
            text += " "
        starts.append(len(text))
        text += token
    for i, j in person_runs(tokens):
        spans.add((starts[i], starts[j - 1] + len(tokens[j - 1][0])))
    return text, spans


def prf(correct: int, predicted: int, gold: int) -> str:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (correct {correct}, predicted {predicted}, gold {gold})"


def main() -> None:
    sentences = read_sentences(ner_data("test_corpus.txt"))
    nlp = ner_model()
    stage = {"correct": 0, "predicted": 0}
    model = {"correct": 0, "predicted": 0}
    gold_total = 0
    t0 = time.perf_counter()
    for tokens in sentences:
        text, gold = detokenize(tokens)
        gold_total += len(gold)
        doc = Document(source="ner-test", text=text, lang="sv",
                       paragraphs=[Paragraph(0, "paragraph", text, 0, len(text))],
                       sentences=[Sentence(0, text, 0, len(text), "sv", 0)])
        found = {(m.start, m.end) for m in extract_mentions(doc) if len(m.name_as_written.split()) >= 2}
        stage["predicted"] += len(found)
        stage["correct"] += len(found & gold)
        per = {(e.start_char, e.end_char) for e in nlp(text).ents if e.label_ == "PER" and len(e) >= 2}
        model["predicted"] += len(per)
        model["correct"] += len(per & gold)
    print(f"{len(sentences)} test sentences, {gold_total} multi-token PER names, {time.perf_counter() - t0:.1f} s")
    print("officials stage:", prf(stage["correct"], stage["predicted"], gold_total))
    print("model alone:    ", prf(model["correct"], model["predicted"], gold_total))


if __name__ == "__main__":
    run_main(main)
