"""Source and internal conflicts on real police reports, against hand judgements.

    .venv/bin/python benchmarks/findings_real.py               # all 6,000 development reports
    .venv/bin/python benchmarks/findings_real.py --limit 1000  # the first 1,000 by id
    .venv/bin/python benchmarks/findings_real.py --print       # every finding, to judge by hand
    .venv/bin/python benchmarks/findings_real.py --releases    # and the 1,500 government releases

The reports (polisen-events in the development data, read in place) are run into a database
(benchmarks/reports.py); every source-conflict and internal-conflict is listed with its sentences,
and matched to tests/eval/findings_judged.tsv (kind, report, other report, value, other value,
judgement true|false, cause).  Prints, per kind, the findings made, how many are judged, the
precision of the judged ones, and each false one with its cause; unjudged findings are listed.
"""
from __future__ import annotations

import argparse
import csv
import sqlite3
import tempfile
from collections import Counter
from pathlib import Path

from devdata import run_main
from reports import load_reports, release_corpus, report_corpus

from corpus_tool.store import connect, load_discrepancies

JUDGED = Path(__file__).resolve().parent.parent / "tests" / "eval" / "findings_judged.tsv"
KINDS = ("source-conflict", "internal-conflict")


def read_judged(path: Path = JUDGED) -> dict[tuple[str, str, str, str, str], dict]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return {(r["kind"], r["report"], r["other_report"], r["value"], r["other_value"]): r for r in rows}


def _report(path: str | None) -> str:
    name = Path(path or "").name
    return name.removeprefix("report_").removesuffix(".md")  # a report id, or release_NNNN


def findings_of(folder: Path, limit: int | None = None, releases: bool = False) -> list[dict]:
    """The conflict findings of the first ``limit`` reports (all without), each with its key."""
    reports = load_reports()
    ids = sorted(reports)[:limit] if limit else sorted(reports)
    db = folder / "findings.db"
    if releases:
        release_corpus(folder / "reports")
    report_corpus(reports, ids, folder / "reports", db)
    conn = connect(db)
    conn.row_factory = sqlite3.Row
    rows = [r for r in load_discrepancies(conn) if r["kind"] in KINDS]
    for r in rows:
        r["key"] = (r["kind"], _report(r["document"]), _report(r["other_document"]), r["value"] or "",
                    r["other_value"] or "")
    return rows


def score(rows: list[dict], judged: dict) -> dict[str, tuple[int, int, int]]:
    """Per kind: (findings, judged, judged true)."""
    out = {}
    for kind in KINDS:
        mine = [r for r in rows if r["kind"] == kind]
        known = [judged[r["key"]] for r in mine if r["key"] in judged]
        out[kind] = (len(mine), len(known), sum(1 for j in known if j["judgement"] == "true"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--print", dest="show", action="store_true", help="print every finding")
    parser.add_argument("--releases", action="store_true", help="add the government press releases")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = findings_of(Path(tmp), args.limit, args.releases)
    judged = read_judged()
    for kind, (made, known, true) in score(rows, judged).items():
        precision = f"{true / known:.3f}" if known else "n/a"
        print(f"{kind}: {made} findings, {known} judged, precision {precision} ({true}/{known})")
    for r in rows:
        j = judged.get(r["key"])
        if j is not None and j["judgement"] == "false":
            print(f"  FALSE {r['kind']} {r['key'][1]}/{r['key'][2]} '{r['value']}' vs '{r['other_value']}': "
                  f"{j['cause']}")
    unjudged = [r for r in rows if r["key"] not in judged]
    print(f"unjudged: {len(unjudged)}; severities: {Counter(round(r['severity']) for r in rows).most_common(8)}")
    for r in (rows if args.show else unjudged):
        print("\t".join(map(str, r["key"])) + f"\t{r['severity']}\n    {r['message']}\n    A: {r['sentence']}"
              f"\n    B: {r['other_sentence']}")


if __name__ == "__main__":
    run_main(main)
