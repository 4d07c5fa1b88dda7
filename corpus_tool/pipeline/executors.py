"""Where the document stages run: the local process pool (the default) or a Dask cluster.

An executor runs ``work(state, task)`` for every task and yields each task with what it
returned, in the order of the tasks, so the one writer stores documents in the same order
whatever runs them (and a database is the same, ids included, from either executor).  ``state``
is what each worker holds for the whole run (set once per worker process); ``setup(state)``
prepares each worker process (or this one, when it runs the tasks itself) before its first task.  A task whose worker
died is yielded with the exception that lost it instead of a result.

An executor is a context manager: it holds its workers (a Dask client) for the run, and its
``joins`` compute the corpus stages' keyed joins where it runs them.
"""
from __future__ import annotations

import contextlib
import gc
import importlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

from ..errors import ExecutorError
from .cluster import DaskExecutor
from .joins import KeyedJoins, LocalJoins

EXECUTORS = ("local", "dask")

# Set in each pool worker by its initializer: (work, state).
_LOCAL: list[Any] = []


class Executor(Protocol):
    name: str
    joins: KeyedJoins

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc: object) -> None: ...

    def map(self, work: Callable[[Any, Any], Any], state: Any, tasks: Sequence[Any],
            setup: Callable[[Any], None] | None = None) -> Iterator[tuple[Any, Any]]: ...


def _init_local(work: Callable, state: Any, setup: Callable | None) -> None:
    _LOCAL[:] = [work, state]
    if setup:
        setup(state)
    gc.freeze()  # what it inherited and loaded lives as long as the worker: its collections skip them


def _call_local(task: Any) -> Any:
    work, state = _LOCAL
    return work(state, task)


class LocalExecutor:
    """A process pool on this machine (``jobs`` processes; one runs in this process).

    ``libraries`` are modules the work imports (spaCy, trafilatura): imported here before the pool
    forks, so that the workers inherit them instead of each importing them; their models each
    worker loads itself (``setup``), so that this process holds none."""

    name = "local"

    def __init__(self, jobs: int | None = None, libraries: Sequence[str] = ()):
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.libraries = tuple(libraries)
        self.joins: KeyedJoins = LocalJoins()

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, work: Callable[[Any, Any], Any], state: Any, tasks: Sequence[Any],
            setup: Callable[[Any], None] | None = None) -> Iterator[tuple[Any, Any]]:
        if self.jobs == 1 or len(tasks) < 2:
            if setup and tasks:
                setup(state)
            for task in tasks:
                yield task, work(state, task)
            return
        spawn = os.name == "nt"
        context = multiprocessing.get_context("spawn" if spawn else "fork")
        for library in () if spawn else self.libraries:
            with contextlib.suppress(Exception):  # one that cannot be imported fails in the stage that needs it
                importlib.import_module(library)
        # setup in each worker as it starts, not in this process before forking: the main process
        # (the writer) loads no model it does not use.  The objects the workers inherit are frozen
        # for the garbage collector, so that a collection in a worker never walks them (60 ms each
        # time, and every page it touches copied): gc.freeze before fork, as Python's documentation has it.
        gc.freeze()
        try:
            with context.Pool(min(self.jobs, len(tasks)), initializer=_init_local,
                              initargs=(work, state, setup)) as pool:
                yield from zip(tasks, pool.imap(_call_local, tasks, chunksize=2))
        finally:
            gc.unfreeze()


def make_executor(executor: str | Executor = "local", *, jobs: int | None = None,
                  scheduler: str | None = None, libraries: Sequence[str] = ()) -> Executor:
    """An executor by name (``local``, ``dask``), or the one given; ``libraries``: see ``LocalExecutor``."""
    if not isinstance(executor, str):
        return executor
    if executor == "local":
        if scheduler:
            raise ExecutorError("--scheduler is for the dask executor: add --executor dask")
        return LocalExecutor(jobs, libraries)
    if executor == "dask":
        return DaskExecutor(scheduler, workers=jobs)
    raise ExecutorError(f"unknown executor {executor!r}: choose from {', '.join(EXECUTORS)}")
