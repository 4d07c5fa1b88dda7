"""The Dask executor: the same database as the local pool, a killed worker loses no document, time limits.

One two-worker ``LocalCluster`` serves the whole module (starting one costs seconds); the test
that kills a worker comes last.
"""
from __future__ import annotations

import copy
import os
import shutil
import signal
import sqlite3
import sys
import time
from dataclasses import replace

import pytest
from conftest import RAW

from corpus_tool import connect, run
from corpus_tool.align.pairing import anchor_rows, document_anchors
from corpus_tool.check.conflicts import figure_rows
from corpus_tool.errors import ExecutorError
from corpus_tool.pipeline import DOCUMENT_STAGES, Stage
from corpus_tool.pipeline.joins import LocalJoins
from corpus_tool.settings import RunSettings, load_settings

distributed = pytest.importorskip("distributed", reason="the cluster extra is not installed")

from corpus_tool.pipeline.cluster import DaskExecutor, DaskJoins, start_local_cluster  # noqa: E402

# Column values that differ between two runs of the same corpus: when, and where the text went.
VOLATILE = {"ingested", "occurred", "cleaned_path", "seconds"}
TABLES = ("documents", "paragraphs", "sentences", "figures", "mentions", "people", "person_aliases",
          "translation_pairs", "alignments", "discrepancies", "steps", "ingest_errors")


@pytest.fixture(scope="module")
def cluster():
    with start_local_cluster(2) as cluster:
        yield cluster


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seeds, and made-up releases that disagree on a year's count and run a timeline backwards."""
    folder = tmp_path_factory.mktemp("corpus") / "raw"
    shutil.copytree(RAW, folder)
    for i, n in enumerate([40, 40, 40, 52, 55]):
        (folder / f"d{i}.txt").write_text(
            f"Rapport nummer {i} från polisen i Göteborg.\n\nUnder 2019 inträffade {n} skottlossningar i Göteborg.")
    (folder / "t1.txt").write_text("date 2020-05\n\nSedan årets start har 30 skottlossningar inträffat i Malmö.")
    (folder / "t2.txt").write_text("date 2021-01\n\nUnder 2020 inträffade 20 skottlossningar i Malmö.")
    return folder


def content(db) -> dict[str, list[tuple]]:
    """Every row of every table the run writes, ids included, without the volatile columns."""
    conn = sqlite3.connect(db)
    out = {}
    for table in TABLES:
        cur = conn.execute(f"SELECT * FROM {table} ORDER BY id")
        keep = [i for i, d in enumerate(cur.description) if d[0] not in VOLATILE]
        out[table] = [tuple(row[i] for i in keep) for row in cur]
    conn.close()
    return out


def test_a_two_worker_cluster_gives_the_same_database_as_the_local_pool(tmp_path, cluster, corpus):
    local = run([corpus], tmp_path / "local" / "c.db", jobs=1)
    dask = run([corpus], tmp_path / "dask" / "c.db", executor=DaskExecutor(cluster))
    assert (dask.stored, dask.failed) == (local.stored, local.failed) == (12, 0)
    ours, theirs = content(tmp_path / "local" / "c.db"), content(tmp_path / "dask" / "c.db")
    for table in TABLES:
        assert ours[table] == theirs[table], table
    kinds = {row[1] for row in ours["discrepancies"]}
    assert {"numbers", "source-conflict"} <= kinds and ours["translation_pairs"] and ours["alignments"]
    # Re-run on the cluster: everything is unchanged (SHA-256), nothing is sent to it.
    again = run([corpus], tmp_path / "dask" / "c.db", executor=DaskExecutor(cluster))
    assert (again.stored, again.skipped) == (0, 12)


def test_the_keyed_joins_give_the_same_answer_on_the_cluster(cluster, seed_docs):
    docs = copy.deepcopy(list(seed_docs.values()))
    anchors = [document_anchors(d) for d in docs]
    # Each document on both sides, repeated: rare anchors, common ones (in every document), pairs.
    rows = anchor_rows(anchors * 3, anchors * 2)
    with distributed.Client(cluster, set_as_default=False) as client:
        joins = DaskJoins(client, rows_per_partition=200)
        assert joins.anchor_join(rows, 25) == LocalJoins().anchor_join(rows, 25)
        for i, doc in enumerate(docs):
            doc.id = i + 1
        figures = figure_rows(docs * 4, translations={2})
        assert figures and joins.figure_groups(figures) == LocalJoins().figure_groups(figures)


def _slow_on_002(doc, ctx):
    if "002_" in doc.source:
        while True:  # a stage that never ends on one document
            time.sleep(0.01)
    return doc


@pytest.mark.parametrize("executor", ["local", "dask"])
def test_a_document_over_its_time_limit_is_recorded_and_the_rest_stored(tmp_path, cluster, executor):
    settings = replace(load_settings(), run=RunSettings(document_timeout_seconds=0.5))
    stages = DOCUMENT_STAGES + (Stage("slow", _slow_on_002, (), ()),)
    chosen = DaskExecutor(cluster) if executor == "dask" else "local"
    summary = run([RAW], tmp_path / "c.db", jobs=1, settings=settings, stages=stages, executor=chosen,
                  corpus_stages=False)
    assert (summary.stored, summary.failed) == (4, 1)
    [row] = connect(tmp_path / "c.db").execute("SELECT source, stage, error, message FROM ingest_errors")
    assert "002_" in row["source"] and row["stage"] == "slow" and row["error"] == "DocumentTimeout"
    assert "002_" in row["message"] and "time limit of 0.5 s" in row["message"]


class Interrupted(Exception):
    pass


def test_a_run_interrupted_mid_way_is_finished_by_running_it_again(tmp_path, cluster):
    def stop_after_two(done, total):
        if done == 2:
            raise Interrupted  # the driver stops (killed, out of time) after storing two documents

    with pytest.raises(Interrupted):
        run([RAW], tmp_path / "c.db", executor=DaskExecutor(cluster), progress=stop_after_two)
    assert connect(tmp_path / "c.db").execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    again = run([RAW], tmp_path / "c.db", executor=DaskExecutor(cluster), corpus_stages=False)
    assert (again.stored, again.skipped, again.failed) == (3, 2, 0)


def test_an_unknown_executor_or_a_scheduler_without_dask_is_one_clear_error(tmp_path):
    with pytest.raises(ExecutorError, match="unknown executor 'spark'"):
        run([RAW], tmp_path / "c.db", executor="spark")
    with pytest.raises(ExecutorError, match="--executor dask"):
        run([RAW], tmp_path / "c.db", scheduler="tcp://127.0.0.1:8786")


def test_without_the_cluster_extra_the_error_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails, as when not installed
    with pytest.raises(ExecutorError, match=r"corpus-tool\[cluster\]"):
        run([RAW], tmp_path / "c.db", executor="dask")
    assert not (tmp_path / "c.db").exists()


def test_cli_runs_on_a_scheduler_by_its_address(tmp_path, cluster):
    from typer.testing import CliRunner

    from corpus_tool.cli import app

    result = CliRunner().invoke(app, ["run", str(RAW), "--db", str(tmp_path / "c.db"), "--executor", "dask",
                                      "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert "sv 4, en 1" in result.output
    bad = CliRunner().invoke(app, ["run", str(RAW), "--db", str(tmp_path / "d.db"), "--executor", "spark"])
    assert bad.exit_code == 1 and "unknown executor 'spark'" in bad.output and not (tmp_path / "d.db").exists()


def _kill_on_002(doc, ctx):
    if "002_" in doc.source:
        os.kill(os.getpid(), signal.SIGKILL)  # the worker process dies, as under the out-of-memory killer
    return doc


def test_a_worker_killed_mid_run_loses_no_document(tmp_path, cluster):
    stages = DOCUMENT_STAGES + (Stage("killer", _kill_on_002, (), ()),)
    summary = run([RAW], tmp_path / "c.db", stages=stages, executor=DaskExecutor(cluster), corpus_stages=False)
    assert (summary.stored, summary.failed) == (4, 1)
    conn = connect(tmp_path / "c.db")
    stored = [r[0] for r in conn.execute("SELECT source FROM documents")]
    assert len(stored) == 4 and not any("002_" in s for s in stored)
    [row] = conn.execute("SELECT source, error, message FROM ingest_errors")
    assert "002_" in row["source"] and row["error"] == "WorkerDied" and "alone" in row["message"]
    # The interrupted document is what a re-run (without the fault) processes, and only it.
    again = run([RAW], tmp_path / "c.db", executor=DaskExecutor(cluster), corpus_stages=False)
    assert (again.stored, again.skipped) == (1, 4)
