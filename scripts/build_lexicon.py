"""Build the Swedish–English word lexicon the sentence aligner starts from.

    .venv/bin/python scripts/build_lexicon.py   # writes corpus_tool/data/lexicon_sv_en.tsv

Source: the 1,000 PUD sentence pairs, ``parallel-sv-en/pud/pud_sv_en.tsv`` in
the development data folder (benchmarks/devdata.py, docs/data.md; CC BY-SA
4.0; the lexicon is derived from them and carries the same licence, see
NOTICE.md).  The method is the aligner's own bootstrap (hunalign's idea,
``corpus_tool.align.features.learn_lexicon``): a Swedish and an English word
that keep occurring in the same sentence pairs, and rarely apart, are taken
as translations.  The pairs are not benchmark data: the alignment benchmark
is built from NTREX.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

from corpus_tool.align.features import cooccurrence, learn_lexicon

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT / "benchmarks"))
from devdata import devdata, run_main  # noqa: E402

PUD = ("parallel-sv-en", "pud", "pud_sv_en.tsv")
OUT = ROOT / "corpus_tool" / "data" / "lexicon_sv_en.tsv"
# Seen together in at least two pairs: one pair cannot tell a translation from a neighbour.
MIN_COUNT = 2
MIN_DICE = 0.5


def main() -> None:
    with devdata(*PUD).open(encoding="utf-8", newline="") as fh:
        pairs = [(row["sv"], row["en"]) for row in csv.DictReader(fh, delimiter="\t")]
    lexicon = learn_lexicon(pairs, MIN_COUNT, MIN_DICE)
    _, _, together = cooccurrence(pairs)
    rows = sorted((a, b, together[(a, b)]) for a, targets in lexicon.items() for b in targets)
    with OUT.open("w", encoding="utf-8") as fh:
        fh.write("# Swedish–English word translations learnt from the PUD sentence pairs (CC BY-SA 4.0),\n"
                 "# written by scripts/build_lexicon.py; `pairs` = sentence pairs holding both words.\n")
        fh.write("sv\ten\tpairs\n")
        for a, b, n in rows:
            fh.write(f"{a}\t{b}\t{n}\n")
    print(f"{len(rows)} word pairs, {len(lexicon)} Swedish words -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    run_main(main)
