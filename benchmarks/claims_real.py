"""Claims about real police reports: the verdicts of ``check_claim`` against hand-decided ones.

    .venv/bin/python benchmarks/claims_real.py            # accuracy and every wrong verdict
    .venv/bin/python benchmarks/claims_real.py --verbose  # every claim with its message
    .venv/bin/python benchmarks/claims_real.py --claims tests/eval/claims_heldout.tsv  # the held-out set

The claims of tests/eval/claims_real.tsv name the reports that decide them; a database is built
from those reports plus the distractors of the same places and days (benchmarks/reports.py), read
in place from the development data, and each claim is checked against it.  Prints the accuracy,
the confusion of expected and given verdicts, and each claim judged wrong.
"""
from __future__ import annotations

import argparse
import csv
import sqlite3
import tempfile
from collections import Counter
from pathlib import Path

from devdata import run_main
from reports import load_reports, report_corpus, with_distractors

from corpus_tool.api import check_claim
from corpus_tool.store import connect

CLAIMS = Path(__file__).resolve().parent.parent / "tests" / "eval" / "claims_real.tsv"


def read_claims(path: Path = CLAIMS) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def evaluate(folder: Path, path: Path = CLAIMS) -> tuple[float, list[tuple[dict, str, str]], int]:
    """(accuracy, [(claim row, verdict given, message)], reports in the database)."""
    claims = read_claims(path)
    reports = load_reports()
    cited = {int(x) for row in claims for x in row["sources"].split(",") if x.strip()}
    ids = with_distractors(reports, cited)
    db = folder / "claims.db"
    report_corpus(reports, ids, folder / "reports", db)
    conn = connect(db)
    conn.row_factory = sqlite3.Row
    results = []
    for row in claims:
        result = check_claim(conn, row["claim"])
        results.append((row, result.verdict, result.message))
    right = sum(1 for row, verdict, _ in results if verdict == row["expected"])
    return right / len(results), results, len(ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--claims", type=Path, default=CLAIMS, help="the claim set (default claims_real.tsv)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        accuracy, results, n = evaluate(Path(tmp), args.claims)
    print(f"claims: {len(results)}, reports in the database: {n}")
    print(f"accuracy: {accuracy:.3f} ({sum(1 for r, v, _ in results if v == r['expected'])}/{len(results)})")
    confusion = Counter((row["expected"], verdict) for row, verdict, _ in results)
    print("expected -> given:")
    for (expected, given), count in sorted(confusion.items()):
        print(f"  {expected:>13} -> {given:<14} {count}")
    for row, verdict, message in results:
        if args.verbose or verdict != row["expected"]:
            mark = "ok " if verdict == row["expected"] else "XX "
            print(f"{mark}[{row['expected']} / {verdict}] {row['claim']}\n      {message}")


if __name__ == "__main__":
    run_main(main)
