"""Score officials extraction against ``officials_gold.tsv``: precision and recall per field.

    .venv/bin/python tests/eval/score_officials.py

Mentions are matched per document by name in order of occurrence.  For a field, precision is
correct non-empty predictions over all non-empty predictions (of matched and unmatched
mentions), recall is correct predictions over non-empty gold values.  Values compare case-
and space-insensitively; ``quote`` is correct when the predicted quote starts with the gold words.
"""
from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLD = Path(__file__).resolve().parent / "officials_gold.tsv"
FIELDS = ("name", "title", "organization", "place", "quote")


def read_gold(path: Path = GOLD) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(lines, delimiter="\t")]


def _norm(value) -> str:
    return " ".join((value or "").casefold().split())


def _value(mention, field: str) -> str:
    return _norm(mention.name_as_written if field == "name" else getattr(mention, field))


def score(gold: list[dict], predicted: dict[str, list]) -> dict[str, dict[str, float]]:
    """predicted: doc number -> mentions in text order. Returns {field: {precision, recall, ...}}."""
    gold_by = defaultdict(list)
    for row in gold:
        gold_by[(row["doc"], _norm(row["name_as_written"]))].append(row)
    pred_by = defaultdict(list)
    for doc, mentions in predicted.items():
        for m in sorted(mentions, key=lambda x: x.start):
            pred_by[(doc, _norm(m.name_as_written))].append(m)
    counts = {f: {"correct": 0, "predicted": 0, "gold": 0} for f in FIELDS}
    for key in set(gold_by) | set(pred_by):
        golds, preds = gold_by.get(key, []), pred_by.get(key, [])
        for i in range(max(len(golds), len(preds))):
            g = golds[i] if i < len(golds) else None
            p = preds[i] if i < len(preds) else None
            for field in FIELDS:
                gv = _norm(g["name_as_written"] if field == "name" else g.get(
                    "quote_start" if field == "quote" else field)) if g else ""
                pv = _value(p, field) if p else ""
                counts[field]["gold"] += bool(gv)
                counts[field]["predicted"] += bool(pv)
                if gv and pv and (pv.startswith(gv) if field == "quote" else pv == gv):
                    counts[field]["correct"] += 1
    out = {}
    for field, c in counts.items():
        precision = c["correct"] / c["predicted"] if c["predicted"] else 1.0
        recall = c["correct"] / c["gold"] if c["gold"] else 1.0
        out[field] = {**c, "precision": round(precision, 3), "recall": round(recall, 3)}
    return out


def seed_predictions() -> dict[str, list]:
    sys.path.insert(0, str(ROOT))
    from corpus_tool import process_file
    from corpus_tool.extract.officials import extract_mentions

    return {p.name[:3]: extract_mentions(process_file(p)) for p in sorted((ROOT / "raw").glob("0*.txt"))}


def main() -> None:
    result = score(read_gold(), seed_predictions())
    print(f"{'field':<14}{'precision':>10}{'recall':>8}{'correct':>9}{'predicted':>11}{'gold':>6}")
    for field, r in result.items():
        print(f"{field:<14}{r['precision']:>10.3f}{r['recall']:>8.3f}{r['correct']:>9}{r['predicted']:>11}{r['gold']:>6}")


if __name__ == "__main__":
    main()
