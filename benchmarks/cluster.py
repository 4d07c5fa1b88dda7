"""Documents per second on the local pool against a Dask LocalCluster, and what a cluster run would take.

Builds the throughput corpus (benchmarks/throughput.py: N HTML pages), then, each in a fresh
interpreter and on the same number of workers:
  1. the document phase on the local process pool (`run(..., executor="local")`);
  2. the same on a Dask LocalCluster (`run(..., executor=DaskExecutor(cluster))`), the cluster's
     start-up timed apart;
and from the stored `steps` the per-document cost of the stages.  Then the driver's own work per
document (the survey that reads every file once, and the one writer), and the corpus stages'
keyed joins locally and with dask.bag.  The estimate: documents per hour per worker, and the
number of workers past which the one writer, not the cluster, sets the pace.

    .venv/bin/python benchmarks/cluster.py --documents 1000 [--workers 2]

On a two-core machine Dask is not expected to be faster: the figures show its overhead.
"""
from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from throughput import build_corpus

from corpus_tool import store
from corpus_tool.acquire.read import iter_input_files
from corpus_tool.align.pairing import anchor_rows, document_anchors
from corpus_tool.check.conflicts import figure_rows
from corpus_tool.pipeline.cluster import DaskExecutor, DaskJoins, start_local_cluster
from corpus_tool.pipeline.joins import LocalJoins
from corpus_tool.pipeline.run import _survey, run
from corpus_tool.settings import load_settings


def one_run(executor: str, folder: str, db: str, workers: int) -> dict:
    """The document phase of one run (no corpus stages); for Dask the cluster start apart."""
    if executor == "local":
        t0 = time.perf_counter()
        summary = run([folder], db, jobs=workers, corpus_stages=False)
        return {"seconds": time.perf_counter() - t0, "stored": summary.stored, "startup": 0.0}
    t0 = time.perf_counter()
    with start_local_cluster(workers) as cluster:
        startup = time.perf_counter() - t0
        t0 = time.perf_counter()
        summary = run([folder], db, corpus_stages=False, executor=DaskExecutor(cluster))
        seconds = time.perf_counter() - t0
        import distributed

        with distributed.Client(cluster, set_as_default=False) as client:
            rss = max(client.run(_rss).values())
    return {"seconds": seconds, "stored": summary.stored, "startup": startup, "worker_mb": rss}


def _rss() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def measure(executor: str, folder: Path, db: Path, workers: int) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--one", executor, str(folder), str(db), str(workers)],
                          capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def stage_costs(db: Path) -> list[float]:
    """Seconds of the document stages per stored document (from ``steps``)."""
    conn = sqlite3.connect(db)
    costs = [r[0] for r in conn.execute("SELECT sum(seconds) FROM steps GROUP BY document_id")]
    conn.close()
    return costs


def driver_costs(folder: Path, db: Path, repeats: int = 3) -> dict:
    """The driver's work per document: the survey over every file, and writing into a fresh store
    (best of ``repeats``: what the driver can do when nothing else runs beside it)."""
    paths = [str(p) for p in iter_input_files([folder])]
    docs = list(store.iter_documents(store.connect(db)))
    survey, write = [], []
    for k in range(repeats):
        t0 = time.perf_counter()
        _survey(paths, load_settings(), False, {})
        survey.append((time.perf_counter() - t0) / len(paths))
        with tempfile.TemporaryDirectory() as tmp:
            conn = store.connect(Path(tmp) / f"w{k}.db")
            t0 = time.perf_counter()
            for doc in docs:
                store.write_document(conn, doc)
            write.append((time.perf_counter() - t0) / len(docs))
            conn.close()
    return {"survey": min(survey), "write": min(write), "documents": docs}


def _nothing(i: int) -> int:
    return i


def joins_times(docs: list, workers: int) -> tuple[list[tuple[str, float, float, int]], float]:
    """The corpus stages' keyed joins on the stored documents: seconds locally and with dask.bag;
    and Dask's own cost of one task (an empty one, submitted and gathered), in seconds."""
    first = [document_anchors(d) for d in docs if d.lang == "sv"]
    second = [document_anchors(d) for d in docs if d.lang == "en"]
    anchors = anchor_rows(first, second)
    figures = figure_rows(docs, set())
    import distributed

    out = []
    with start_local_cluster(workers) as cluster, distributed.Client(cluster, set_as_default=False) as client:
        dask_joins, local = DaskJoins(client), LocalJoins()
        for name, rows, local_call, dask_call in (
                ("pairing candidates (anchor join)", anchors, lambda r: local.anchor_join(r, len(docs)),
                 lambda r: dask_joins.anchor_join(r, len(docs))),
                ("conflict groups (figure grouping)", figures, local.figure_groups, dask_joins.figure_groups)):
            t0 = time.perf_counter()
            expected = local_call(rows)
            t_local = time.perf_counter() - t0
            t0 = time.perf_counter()
            got = dask_call(rows)
            t_dask = time.perf_counter() - t0
            assert got == expected, name
            out.append((name, t_local, t_dask, len(rows)))
        client.gather(client.map(_nothing, range(100)))
        t0 = time.perf_counter()
        client.gather(client.map(_nothing, range(2000), pure=False))
        per_task = (time.perf_counter() - t0) / 2000
    return out, per_task


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--one", nargs=4, metavar=("EXECUTOR", "FOLDER", "DB", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        executor, folder, db, workers = args.one
        print(json.dumps(one_run(executor, folder, db, int(workers))))
        return
    w = args.workers
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        build_corpus(folder, args.documents)
        local = measure("local", folder, Path(tmp) / "local" / "c.db", w)
        dask = measure("dask", folder, Path(tmp) / "dask" / "c.db", w)
        costs = stage_costs(Path(tmp) / "local" / "c.db")
        driver = driver_costs(folder, Path(tmp) / "local" / "c.db")
        joins, per_task = joins_times(driver.pop("documents"), w)
    n = local["stored"]
    assert dask["stored"] == n, (local, dask)
    print(f"{n} documents, {w} workers, {os.cpu_count()} cores; load average before {load[0]:.1f},"
          f" after {os.getloadavg()[0]:.1f} (other work on the machine slows both executors)\n")
    print(f"{'executor':34s} {'docs/s':>8s} {'seconds':>8s}  start-up")
    print(f"{'local process pool':34s} {n / local['seconds']:8.1f} {local['seconds']:8.1f}  -")
    print(f"{'Dask LocalCluster':34s} {n / dask['seconds']:8.1f} {dask['seconds']:8.1f}  {dask['startup']:.1f} s"
          f"  (a worker's memory after the run: {dask['worker_mb']:.0f} MB)")
    stage = statistics.mean(costs)
    per_worker = {name: r["seconds"] * w / n for name, r in (("local", local), ("dask", dask))}
    print("\nper document (seconds)")
    print(f"  stages, in one worker          mean {stage:.4f}  median {statistics.median(costs):.4f}"
          f"  p95 {sorted(costs)[int(0.95 * len(costs))]:.4f}  max {max(costs):.4f}")
    print(f"  wall x workers / documents     local {per_worker['local']:.4f}  dask {per_worker['dask']:.4f}"
          f"  (dask's overhead {per_worker['dask'] - per_worker['local']:+.4f} s a document)")
    print(f"  Dask's own cost of an empty task {per_task:.4f}")
    print(f"  driver: survey {driver['survey']:.4f}  write {driver['write']:.4f}"
          f"  (one driver: {1 / (driver['survey'] + driver['write']):.0f} documents/s at most)")
    print("\ncorpus stages' keyed joins, same answer local and dask.bag")
    for name, t_local, t_dask, rows in joins:
        print(f"  {name:36s} {rows:7d} rows  local {t_local:.3f} s  dask.bag {t_dask:.3f} s")
    # On a cluster a worker has its core to itself (here the driver and scheduler share them): its
    # cost per document is the stages' plus Dask's per task; the measured wall cost is the bound below.
    cluster_cost = stage + per_task
    ceiling = 1 / (driver["survey"] + driver["write"])
    print(f"\nestimate: {3600 / cluster_cost:,.0f} documents per hour per Dask worker with a core of its own"
          f" ({3600 / per_worker['dask']:,.0f} measured here, sharing {os.cpu_count()} cores with the driver);"
          f"\nthe one driver (survey and writer) keeps up with about {ceiling * cluster_cost:.0f} workers:")
    for total in (10**6, 10**7):
        for workers in (16, 64):
            rate = min(workers / cluster_cost, ceiling)
            print(f"  {total:>10,} documents on {workers:3d} workers: {total / rate / 3600:6.1f} hours"
                  f"{'  (writer-bound)' if rate == ceiling else ''}")


if __name__ == "__main__":
    main()
