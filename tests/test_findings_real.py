"""Findings on real police reports against the hand judgements of tests/eval/findings_judged.tsv."""
from __future__ import annotations

import sqlite3

from conftest import needs_devdata
from findings_real import read_judged
from reports import load_reports, report_corpus, with_distractors

from corpus_tool.store import connect, load_discrepancies

FLOOR = 0.9


def test_every_judged_finding_has_a_judgement_and_a_cause():
    judged = read_judged()
    assert judged and all(j["judgement"] in ("true", "false") and j["cause"] for j in judged.values())


def test_the_judged_findings_on_their_reports_and_distractors(tmp_path):
    needs_devdata("polisen-events", "events.jsonl")
    judged = read_judged()
    reports = load_reports()
    ids = with_distractors(reports, {int(k[1]) for k in judged if k[1].isdigit()})
    report_corpus(reports, ids, tmp_path / "reports", tmp_path / "f.db")
    conn = connect(tmp_path / "f.db")
    conn.row_factory = sqlite3.Row
    made = {(r["kind"], r["document"].rsplit("_", 1)[-1].removesuffix(".md"),
             (r["other_document"] or "").rsplit("_", 1)[-1].removesuffix(".md"), r["value"], r["other_value"])
            for r in load_discrepancies(conn) if r["kind"] in ("source-conflict", "internal-conflict")}
    true = {k for k, j in judged.items() if j["judgement"] == "true"}
    assert true <= made  # the genuine ones are still found
    right = sum(1 for k in made if k in true)
    assert made and right / len(made) >= FLOOR, made - true
