"""Score the `numbers` translation check against the hand labels in ``numbers_labels.tsv``.

    .venv/bin/python tests/eval/score_numbers.py            # Swedish as source (default)
    .venv/bin/python tests/eval/score_numbers.py --en-source # English as source, Swedish as target

Pair level: a pair is *flagged* when ``check_sentences`` returns at least one ``numbers`` finding
for it, and *positive* when its label is ``mismatch``.  Precision = flagged positives / flagged,
recall = flagged positives / positives.  Prints the figures, per-corpus counts, and every false
positive and false negative with the findings.  Reads only the labels file (no shared data).
"""
from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LABELS = Path(__file__).resolve().parent / "numbers_labels.tsv"


def read_labels(path: Path = LABELS) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        if row["label"] not in ("ok", "mismatch"):
            raise ValueError(f"bad label {row['label']!r} for {row['corpus']} {row['id']}")
    return rows


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    false_positives: list = field(default_factory=list)   # (row, findings)
    false_negatives: list = field(default_factory=list)   # (row, findings=[])

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def findings_for(row: dict, en_source: bool = False) -> list:
    from corpus_tool.api import check_sentences

    if en_source:
        return check_sentences(row["en"], row["sv"], "en", "sv")
    return check_sentences(row["sv"], row["en"], "sv", "en")


def score(rows: list[dict], en_source: bool = False) -> tuple[Scores, dict[str, Scores]]:
    """Overall scores and scores per corpus."""
    total, by_corpus = Scores(), {}
    for row in rows:
        findings = [f for f in findings_for(row, en_source) if f.kind == "numbers"]
        flagged, positive = bool(findings), row["label"] == "mismatch"
        for s in (total, by_corpus.setdefault(row["corpus"], Scores())):
            if flagged and positive:
                s.tp += 1
            elif flagged:
                s.fp += 1
                s.false_positives.append((row, findings))
            elif positive:
                s.fn += 1
                s.false_negatives.append((row, findings))
            else:
                s.tn += 1
    return total, by_corpus


def _line(name: str, s: Scores) -> str:
    return (f"{name:<8} precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}  "
            f"(TP {s.tp}, FP {s.fp}, FN {s.fn}, TN {s.tn}; flagged {s.tp + s.fp}, "
            f"mismatch {s.tp + s.fn}, pairs {s.tp + s.fp + s.fn + s.tn})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--en-source", action="store_true",
                        help="check English as the source and Swedish as the target")
    parser.add_argument("--labels", type=Path, default=LABELS)
    args = parser.parse_args(argv)
    total, by_corpus = score(read_labels(args.labels), args.en_source)
    print(f"numbers check, {'en→sv' if args.en_source else 'sv→en'}, labels {args.labels.name}")
    print(_line("all", total))
    for corpus in sorted(by_corpus):
        print(_line(corpus, by_corpus[corpus]))
    for title, items in (("False positives", total.false_positives),
                         ("False negatives", total.false_negatives)):
        print(f"\n{title} ({len(items)}):")
        for row, findings in items:
            print(f"- {row['corpus']} {row['id']}: {row['note']}")
            for f in findings:
                print(f"    flag: {f.message}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
