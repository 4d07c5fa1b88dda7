"""Figures stage speed, and sv/en agreement of figures on unseen news text.

    .venv/bin/python benchmarks/figures.py               # 200 copies of the seeds + NTREX
    .venv/bin/python benchmarks/figures.py --copies 50   # smaller

Speed: the five seed documents are segmented once by the pipeline, then
replicated ``--copies`` times; ``extract_figures`` runs on every copy (one
process, warm caches) and figures, documents and characters per second of
stage time are printed.  The same is done on the 1,997 English and Swedish
NTREX sentences (parallel-sv-en/ntrex in the development data, CC BY-SA 4.0),
one document per news story, the median of seven passes.

Agreement: for each NTREX sentence pair (English source, human Swedish
translation) the values of the figures found on both sides are compared; the
share of pairs with any figure whose value multisets are equal is printed.  It
is a lower bound on parser quality: translators do write "fyra av tio" for
"Four in 10", and drop or add numbers.
"""
from __future__ import annotations

import argparse
import copy
import gc
import time
from collections import Counter
from pathlib import Path

from devdata import devdata, run_main

from corpus_tool.document import Document, Paragraph, Sentence
from corpus_tool.extract.figures import extract_figures

ROOT = Path(__file__).resolve().parent.parent


def seed_documents() -> list[Document]:
    from corpus_tool.acquire.read import read_document
    from corpus_tool.pipeline import RunContext, process_document, stages_named

    ctx = RunContext.default()
    stages = stages_named(("clean", "segment", "language"))
    return [process_document(doc, ctx, stages) for path in sorted((ROOT / "raw").glob("*.txt"))
            for doc in read_document(path, max_bytes=ctx.settings.read.max_bytes)]


def line_document(lines: list[str], lang: str, name: str) -> Document:
    """A document with one paragraph and one sentence per line (NTREX is sentence-aligned)."""
    doc = Document(source=name, text="\n\n".join(lines), lang=lang)
    start = 0
    for position, line in enumerate(lines):
        doc.paragraphs.append(Paragraph(position, "paragraph", line, start, start + len(line), lang))
        doc.sentences.append(Sentence(position, line, start, start + len(line), lang, position))
        start += len(line) + 2
    return doc


def ntrex() -> tuple[list[str], list[str], list[str]]:
    folder = devdata("parallel-sv-en", "ntrex")
    en = folder.joinpath("newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    sv = folder.joinpath("newstest2019-ref.swe.txt").read_text(encoding="utf-8").splitlines()
    ids = [line.split("\t")[0] for line in folder.joinpath("DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()]
    return en, sv, ids[-len(en):]


def by_story(lines: list[str], ids: list[str], lang: str) -> list[Document]:
    stories: dict[str, list[str]] = {}
    for line, story in zip(lines, ids):
        stories.setdefault(story, []).append(line)
    return [line_document(v, lang, f"ntrex:{lang}:{k}") for k, v in stories.items()]


def speed(docs: list[Document]) -> tuple[int, float]:
    # a full collection of what an earlier part left alive falls inside one part's time or another's
    # by chance (up to a tenth of a small part): each part starts from a collected heap
    gc.collect()
    t0 = time.perf_counter()
    figures = sum(len(extract_figures(doc)) for doc in docs)
    return figures, time.perf_counter() - t0


def agreement(en: list[str], sv: list[str]) -> tuple[int, int]:
    with_figures = agree = 0
    for e, s in zip(en, sv):
        ve = Counter(f.value for f in extract_figures(line_document([e], "en", "e")) if f.value is not None)
        vs = Counter(f.value for f in extract_figures(line_document([s], "sv", "s")) if f.value is not None)
        if ve or vs:
            with_figures += 1
            agree += ve == vs
    return agree, with_figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=200)
    parser.add_argument("--ntrex-passes", type=int, default=7, help="passes over the NTREX stories (median)")
    args = parser.parse_args()

    seeds = seed_documents()
    extract_figures(seeds[0])  # load data files and the lemma tables outside the timing
    extract_figures(line_document(["Two men."], "en", "warm-up"))
    corpus = [copy.deepcopy(doc) for _ in range(args.copies) for doc in seeds]
    chars = sum(len(d.text) for d in corpus)
    figures, seconds = speed(corpus)
    print(f"seeds x{args.copies}: {len(corpus)} documents, {chars / 1e6:.1f} M characters, {figures} figures "
          f"in {seconds:.2f} s: {figures / seconds:,.0f} figures/s, {len(corpus) / seconds:,.0f} documents/s, "
          f"{chars / seconds / 1e6:.2f} M characters/s")
    del corpus  # not kept alive through the parts after it

    en, sv, ids = ntrex()
    for lang, lines in (("en", en), ("sv", sv)):
        docs = by_story(lines, ids, lang)
        # a part of a sixth of a second: the median of several passes (the first one reads each word for
        # the first time), each over fresh copies
        runs = sorted((speed([copy.deepcopy(d) for d in docs]) for _ in range(args.ntrex_passes)),
                      key=lambda run: run[0] / run[1])
        figures, seconds = runs[len(runs) // 2]
        print(f"NTREX {lang}: {len(docs)} stories, {len(lines)} sentences, {figures} figures in {seconds:.2f} s: "
              f"{figures / seconds:,.0f} figures/s, {len(lines) / seconds:,.0f} sentences/s "
              f"(median of {args.ntrex_passes} passes)")
    agree, with_figures = agreement(en, sv)
    print(f"NTREX sv/en agreement: {agree}/{with_figures} sentence pairs with figures have the same values "
          f"({agree / max(with_figures, 1):.1%})")


if __name__ == "__main__":
    run_main(main)
