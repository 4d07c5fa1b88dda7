"""Time and memory of alignment as documents grow (no embedder, sv–en lexicon): near-linear by design.

    .venv/bin/python benchmarks/alignment_scaling.py

The whole NTREX Swedish–English set (1,997 sentence pairs, rebuilt press-style)
is concatenated into one document and repeated to reach each size; each size
runs in a fresh process so peak memory (max RSS) is its own.
"""
from __future__ import annotations

import resource
import subprocess
import sys
import time

from devdata import devdata, run_main

SIZES = (1000, 4000, 16000, 27000)


def one(size: int) -> None:
    from corpus_tool.align.press import build_press_set
    from corpus_tool.align.sentences import align

    src, tgt = [], []
    while len(src) < size:
        for doc in build_press_set(devdata("parallel-sv-en", "ntrex")):
            src += doc.src
            tgt += doc.tgt
    src, tgt = src[:size], tgt[:size]
    t0, c0 = time.perf_counter(), time.process_time()
    links = align(src, tgt, src_lang="sv", tgt_lang="en")  # with the shipped lexicon, as users get it
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{size:>7} sentences a side  {len(links):>7} links  wall {wall:6.1f}s  cpu {cpu:6.1f}s  "
          f"{size / cpu:6.0f} sentences/cpu-s  max RSS {rss:5.0f} MB", flush=True)


def main() -> None:
    if len(sys.argv) > 1:
        one(int(sys.argv[1]))
        return
    devdata("parallel-sv-en", "ntrex")  # one message here rather than one per size
    for size in SIZES:
        subprocess.run([sys.executable, __file__, str(size)], check=True)


if __name__ == "__main__":
    run_main(main)
