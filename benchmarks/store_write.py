"""Write speed of the store: documents written per second, first write and re-write.

    .venv/bin/python benchmarks/store_write.py [--documents 500] [--repeats 3]

The throughput corpus (benchmarks/throughput.py, seed 7) is processed once by the document
stages; then only ``store.write_document`` is timed, into a fresh temporary database each repeat
(medians printed), and again for re-writing the first tenth into the filled database (what a
re-run with changed pages or ``--force`` does: the old rows are deleted, cascading, then written).
This is the measurement behind the store's choice of hand-written sqlite3 over sqlite-utils
(docs/architecture.md).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import build_corpus

from corpus_tool import store
from corpus_tool.acquire.read import read_document
from corpus_tool.pipeline import RunContext, process_document


def processed(n: int) -> list:
    ctx = RunContext.default()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        return [process_document(doc, ctx) for path in build_corpus(folder, n) for doc in read_document(path)]


def write_all(docs: list, db: Path) -> tuple[float, float]:
    conn = store.connect(db)
    t0 = time.perf_counter()
    for doc in docs:
        store.write_document(conn, doc)
    first = time.perf_counter() - t0
    again = docs[: max(1, len(docs) // 10)]
    t0 = time.perf_counter()
    for doc in again:
        store.write_document(conn, doc)
    rewrite = time.perf_counter() - t0
    conn.close()
    return len(docs) / first, len(again) / rewrite


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    t0 = time.perf_counter()
    docs = processed(args.documents)
    rows = sum(1 + len(d.paragraphs) + len(d.sentences) + len(d.figures) + len(d.mentions) + len(d.steps)
               for d in docs)
    print(f"{len(docs)} documents processed in {time.perf_counter() - t0:.1f} s ({rows / len(docs):.0f} rows each)")
    firsts, rewrites = [], []
    for i in range(args.repeats):
        with tempfile.TemporaryDirectory() as tmp:
            first, rewrite = write_all(docs, Path(tmp) / f"c{i}.db")
        firsts.append(first)
        rewrites.append(rewrite)
    print(f"first write: {statistics.median(firsts):,.0f} documents/s (median of {args.repeats})")
    print(f"re-write into the filled database: {statistics.median(rewrites):,.1f} documents/s")


if __name__ == "__main__":
    main()
