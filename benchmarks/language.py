"""How often the language stage is right, and its CPU per document, on text of known language.

Data (development data, read in place):
  * sentences: the 1,000 PUD pairs and the 1,997 NTREX lines (``parallel-sv-en``), each side
    alone as a document: its language (among the settings' twelve) against the side's;
  * documents: the 123 NTREX documents rebuilt from ``DOCUMENT_IDS.tsv``, one line a paragraph,
    Swedish and English: the document's language and each paragraph's;
  * mixed: each Swedish NTREX document with its third paragraph put back in English: the
    document must stay Swedish and that paragraph be English (the others Swedish);
  * reports: the 6,000 polisen.se event reports (Swedish), title, preamble and body as one text.

    .venv/bin/python benchmarks/language.py
"""
from __future__ import annotations

import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from devdata import devdata, run_main  # noqa: E402
from reports import load_reports  # noqa: E402

from corpus_tool import process_text  # noqa: E402
from corpus_tool.language import detect_languages  # noqa: E402
from corpus_tool.settings import load_settings  # noqa: E402

BEFORE = ("clean", "segment")


def ntrex_documents() -> list[tuple[list[str], list[str]]]:
    """(Swedish lines, English lines) of each NTREX document."""
    folder = devdata("parallel-sv-en", "ntrex")
    ids = (folder / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    sv = (folder / "newstest2019-ref.swe.txt").read_text(encoding="utf-8").splitlines()
    en = (folder / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    docs: dict[str, tuple[list[str], list[str]]] = {}
    for key, s, e in zip(ids, sv, en):
        docs.setdefault(key, ([], []))
        docs[key][0].append(s)
        docs[key][1].append(e)
    return list(docs.values())


def cases():
    """(set name, text, gold document language, gold paragraph languages or None)."""
    with devdata("parallel-sv-en", "pud", "pud_sv_en.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            yield "sentences", row["sv"], "sv", None
            yield "sentences", row["en"], "en", None
    documents = ntrex_documents()
    for sv, en in documents:
        for s, e in zip(sv, en):
            yield "sentences", s, "sv", None
            yield "sentences", e, "en", None
    for sv, en in documents:
        yield "documents", "\n\n".join(sv), "sv", ["sv"] * len(sv)
        yield "documents", "\n\n".join(en), "en", ["en"] * len(en)
    for sv, en in documents:
        if len(sv) >= 4:
            mixed = sv[:2] + [en[2]] + sv[3:]
            yield "mixed", "\n\n".join(mixed), "sv", ["sv", "sv", "en"] + ["sv"] * (len(sv) - 3)
    for r in load_reports().values():
        yield "reports", "\n\n".join(x for x in (r.get("title"), r.get("preamble"), r.get("body")) if x), "sv", None


def main() -> None:
    settings = load_settings().language
    detect_languages(process_text("Polisen i Malmö griper två män.", stages=BEFORE), settings)  # load models
    n = defaultdict(int)
    right = defaultdict(int)
    paragraphs = defaultdict(lambda: [0, 0])
    cpu = defaultdict(float)
    for name, text, lang, gold_paragraphs in cases():
        doc = process_text(text, stages=BEFORE)
        c0 = time.process_time()
        detect_languages(doc, settings)
        cpu[name] += time.process_time() - c0
        n[name] += 1
        right[name] += doc.lang == lang
        if gold_paragraphs is not None and len(gold_paragraphs) == len(doc.paragraphs):
            paragraphs[name][0] += sum(p.lang == g for p, g in zip(doc.paragraphs, gold_paragraphs))
            paragraphs[name][1] += len(gold_paragraphs)
    print(f"{'set':10s} {'texts':>6s} {'document right':>15s} {'paragraphs right':>17s} {'CPU ms/text':>12s}")
    for name in n:
        got, total = paragraphs[name]
        cell = f"{got}/{total} {got / total:.4f}" if total else "-"
        print(f"{name:10s} {n[name]:6d} {right[name]:6d} {right[name] / n[name]:.4f} {cell:>17s}"
              f" {1000 * cpu[name] / n[name]:12.3f}")


if __name__ == "__main__":
    run_main(main)
