"""The Dask executor: the document stages on a Dask cluster, the corpus stages' keyed joins with ``dask.bag``.

Dask is an optional extra (``pip install 'corpus-tool[cluster]'``), imported only here and only
when a run asks for it.  The driver (the process that calls ``run``) surveys the inputs, sends
one task per file to the cluster and stores what comes back through the one writer, in the
order of the files; the workers read the files themselves (a shared filesystem, same paths) and
run the document stages.  What each worker holds for the run (settings, stages, site
boilerplate) goes to it once, as a worker plugin, also to a worker that joins or is restarted
mid-run; the plugin loads the language models before the worker's first document.

Faults: a worker that dies fails the tasks it held.  Those tasks are run again at the end of the
run, one at a time, alone on the cluster: a task whose worker dies again, alone, is the cause
and is recorded (``WorkerDied``); the others are stored.  A ``LocalCluster`` is started without
Dask's own retries (``allowed_failures=0``), so a document that kills its worker kills two
workers in all; a cluster of your own retries as its scheduler is configured
(``distributed.scheduler.allowed-failures``, 3 by default) before the task comes back here.
"""
from __future__ import annotations

import logging
import math
import operator
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..align.pairing import AnchorJoin, AnchorRow, anchor_group, shared_enough
from ..check.conflicts import Entry, FigureRow, in_corpus_order
from ..errors import ExecutorError, WorkerDied
from .joins import KeyedJoins, LocalJoins

CLUSTER_EXTRA = "pip install 'corpus-tool[cluster]'"
_LOST = object()  # a task whose worker died, to run again alone at the end


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ExecutorError(f"the dask executor needs Dask and dask.distributed: {CLUSTER_EXTRA}") from None
    return distributed


def start_local_cluster(workers: int | None = None) -> Any:
    """A ``LocalCluster`` on this machine: ``workers`` processes of one thread each, on the loopback.

    One thread per process because the document stages hold the GIL.  Dask does not retry a
    task whose worker died (``allowed_failures=0``): the executor does, alone.
    """
    distributed = _distributed()
    return distributed.LocalCluster(
        n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, silence_logs=logging.ERROR, scheduler_kwargs={"allowed_failures": 0})


def _run_state_plugin(work: Callable, state: Any, setup: Callable | None) -> Any:
    """A worker plugin holding the run's work function and state on each worker."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class RunState(WorkerPlugin):
        def __init__(self, work: Callable, state: Any, prepare: Callable | None):
            self.work, self.state, self.prepare = work, state, prepare

        def setup(self, worker: Any) -> None:
            if self.prepare:
                self.prepare(self.state)

    return RunState(work, state, setup)


def _run_task(plugin_name: str, task: Any) -> Any:
    """On a worker: ``work(state, task)`` with the state its plugin holds."""
    from distributed import get_worker

    plugin: Any = get_worker().plugins[plugin_name]
    return plugin.work(plugin.state, task)


def _anchor_group(item: tuple[Any, list[AnchorRow]], n_docs: int) -> tuple[Any, int, list[tuple[int, int]]]:
    return anchor_group(item[0], item[1], n_docs)


def _df_item(group: tuple[Any, int, list]) -> tuple[Any, int]:
    return group[0], group[1]


class DaskJoins:
    """The corpus stages' keyed joins as ``dask.bag`` group-bys on a cluster.

    ``client`` is a ``Client``, or a function that connects one when a join first needs it.
    """

    name = "dask"

    def __init__(self, client: Any, rows_per_partition: int = 20_000, max_partitions: int = 256):
        self._client = client
        self.rows_per_partition, self.max_partitions = rows_per_partition, max_partitions

    @property
    def client(self) -> Any:
        if not isinstance(self._client, _distributed().Client):
            self._client = self._client()
        return self._client

    def _bag(self, rows: Sequence) -> Any:
        import dask.bag

        partitions = max(1, min(self.max_partitions, math.ceil(len(rows) / self.rows_per_partition)))
        return dask.bag.from_sequence(rows, npartitions=partitions)

    def anchor_join(self, rows: list[AnchorRow], n_docs: int) -> AnchorJoin:
        if not rows:
            return {}, []
        groups = self._bag(rows).groupby(operator.itemgetter(0), shuffle="tasks").map(_anchor_group, n_docs)
        counts = groups.map(_df_item)
        pairs = groups.pluck(2).flatten().frequencies()
        df, pair_counts = self.client.compute([counts, pairs], sync=True)
        return dict(df), shared_enough(pair_counts)

    def figure_groups(self, rows: list[FigureRow]) -> list[list[Entry]]:
        if not rows:
            return []
        groups = self._bag(rows).groupby(operator.itemgetter(0), shuffle="tasks").pluck(1)
        return in_corpus_order(self.client.compute(groups, sync=True))


class DaskExecutor:
    """The document stages on a Dask cluster.

    ``scheduler`` is a scheduler's address (``tcp://host:8786``), a Dask cluster object
    (``SLURMCluster``, ``KubeCluster`` …) or a ``Client``; None starts a ``LocalCluster`` of
    ``workers`` processes for the run.  ``window`` is how many tasks are on the cluster at once
    (default: four per worker thread, at least 16), so a run of millions of files does not
    hand the scheduler millions of tasks.
    """

    name = "dask"

    def __init__(self, scheduler: Any = None, *, workers: int | None = None, window: int | None = None):
        _distributed()  # without the cluster extra, say so before anything starts
        self.scheduler, self.workers, self.window = scheduler, workers, window
        self.client: Any = None
        self.joins: KeyedJoins = LocalJoins()
        self._owned: list[Any] = []

    def __enter__(self) -> DaskExecutor:
        self.joins = DaskJoins(self.connect)  # connects when a join first runs
        return self

    def connect(self) -> Any:
        """The run's client: connected (a ``LocalCluster`` started) on first use, not before."""
        if self.client is not None:
            return self.client
        distributed = _distributed()
        if isinstance(self.scheduler, distributed.Client):
            self.client = self.scheduler
            return self.client
        target = self.scheduler
        if target is None:
            target = start_local_cluster(self.workers)
            self._owned.append(target)
        try:
            self.client = distributed.Client(target, set_as_default=False)
        except OSError as exc:
            self.__exit__()
            raise ExecutorError(f"cannot reach the Dask scheduler {target}: {exc}") from None
        self._owned.insert(0, self.client)
        return self.client

    def __exit__(self, *exc: object) -> None:
        for owned in self._owned:
            owned.close()
        self._owned.clear()
        self.client, self.joins = None, LocalJoins()

    def map(self, work: Callable[[Any, Any], Any], state: Any, tasks: Sequence[Any],
            setup: Callable[[Any], None] | None = None) -> Iterator[tuple[Any, Any]]:
        if not tasks:
            return
        self.connect()
        name = f"corpus-tool-run-{uuid.uuid4().hex[:12]}"
        self.client.register_plugin(_run_state_plugin(work, state, setup), name=name)
        try:
            yield from self._in_order(name, tasks)
        finally:
            self.client.unregister_worker_plugin(name)

    def _in_order(self, name: str, tasks: Sequence[Any]) -> Iterator[tuple[Any, Any]]:
        """Results in the order of the tasks; those whose worker died, run again alone at the end."""
        distributed = _distributed()
        client = self.client
        threads = sum(client.nthreads().values()) or 1
        window = self.window or max(16, 4 * threads)
        index_of: dict[str, int] = {}
        done: dict[int, Any] = {}
        lost: list[int] = []
        running = distributed.as_completed(loop=client.loop)

        def submit(i: int) -> None:
            future = client.submit(_run_task, name, tasks[i], pure=False, key=f"{name}-{i}")
            index_of[future.key] = i
            running.add(future)

        submitted = min(window, len(tasks))
        for i in range(submitted):
            submit(i)
        head = 0
        for future in running:
            i = index_of.pop(future.key)
            result = _result(distributed, future)
            if isinstance(result, distributed.KilledWorker):
                lost.append(i)
                result = _LOST
            done[i] = result
            if submitted < len(tasks):
                submit(submitted)
                submitted += 1
            while head in done:
                result = done.pop(head)
                if result is not _LOST:
                    yield tasks[head], result
                head += 1
        for i in lost:  # alone: if its worker dies now, it is this task that kills it
            future = client.submit(_run_task, name, tasks[i], pure=False, key=f"{name}-{i}-alone")
            result = _result(distributed, future)
            if isinstance(result, distributed.KilledWorker):
                result = WorkerDied("its worker died while processing it, also when it ran alone on the cluster")
            yield tasks[i], result


def _result(distributed: Any, future: Any) -> Any:
    """What a finished task returned, or the exception that ended it (a worker's death)."""
    try:
        return future.result()
    except Exception as exc:  # KilledWorker, or a cancelled task: the caller decides
        return exc
    finally:
        future.release()
