"""Research access at corpus scale: view queries, full-text search and export times.

    .venv/bin/python benchmarks/research.py [copies]     # default 200 copies of the 5 seeds

Runs the seeds through the pipeline once, then writes ``copies`` renamed copies
of each processed document (figures, mentions and all) into a fresh database,
and times, on the read-only layer: each configured Datasette query, a Swedish
full-text search, the research views in full, and ``export`` of everything as
CSV and JSON Lines.  Prints figures; never asserts.
"""
from __future__ import annotations

import dataclasses
import sys
import tempfile
import time
from pathlib import Path

from corpus_tool import store
from corpus_tool.api import process_file
from corpus_tool.report.datasette import load_metadata
from corpus_tool.report.export import export
from corpus_tool.store.query import query

ROOT = Path(__file__).resolve().parent.parent
PARAMS = {"metric": "shootings", "year": "2019", "place": "Malmö", "value": "34",
          "document_id": "1", "person": "Sjögren", "pair_id": "1"}


def build(db: Path, copies: int) -> int:
    seeds = [process_file(p) for p in sorted((ROOT / "raw").glob("0*.txt"))]
    conn = store.connect(db)
    for i in range(copies):
        for doc in seeds:
            copy = dataclasses.replace(doc, source=f"{doc.source}#{i}", id=None)
            store.write_document(conn, copy)
    n = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    conn.close()
    return n


def timed(label: str, func, repeat: int = 3) -> None:
    best, rows = float("inf"), 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        rows = func()
        best = min(best, time.perf_counter() - t0)
    print(f"  {label:<42} {best * 1000:8.1f} ms  ({rows} rows)")


def main(copies: int = 200) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "corpus.db"
        t0 = time.perf_counter()
        documents = build(db, copies)
        print(f"database: {documents} documents, {db.stat().st_size / 1e6:.1f} MB,"
              f" built in {time.perf_counter() - t0:.1f} s")
        counts = query(db, "SELECT (SELECT count(*) FROM sentences), (SELECT count(*) FROM figures),"
                           " (SELECT count(*) FROM mentions)").rows[0]
        print(f"  {counts[0]} sentences, {counts[1]} figures, {counts[2]} mentions")
        print("configured queries (best of 3):")
        for name, q in load_metadata()["databases"]["corpus"]["queries"].items():
            params = {p: PARAMS[p] for p in q["params"]}
            timed(name, lambda q=q, params=params: len(query(db, q["sql"], params).rows))
        print("search and views:")
        timed("FTS sentences MATCH 'skottlossningar'", lambda: len(query(
            db, "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH 'skottlossningar'").rows))
        for view in ("figures_with_source", "mentions_with_person"):
            timed(f"SELECT * FROM {view}", lambda view=view: len(query(db, f"SELECT * FROM {view}").rows))
        print("export (all, csv + jsonl):")
        timed("export", lambda: sum(export(db, Path(tmp) / "export").values()), repeat=1)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
