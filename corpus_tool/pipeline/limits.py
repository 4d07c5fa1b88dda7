"""A time limit and a memory limit per document that hold in any thread: a pool's worker process or a
Dask worker's thread.

A watchdog thread (one per process, watching every document running in it) raises an exception
into the thread running the document when the time limit
passes, or when the process has grown by more than the memory limit since the document started
(its resident memory, read from ``/proc``; where there is none, no memory limit) — by
``PyThreadState_SetAsyncExc``, so no signal is needed and the limits work where signals cannot
reach (Dask runs tasks in threads; there, documents running side by side share the growth).  The
exception lands between two Python instructions: a stage stuck inside one long call into C is
stopped when that call returns.  It derives from ``BaseException`` so that a stage's own
``except Exception`` does not swallow it.
"""
from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from ..errors import DocumentOverMemory, DocumentTimeout

T = TypeVar("T")


class _Expired(BaseException):
    """Raised into the thread whose document passed its limit; turned into ``DocumentTimeout``."""


class _OverMemory(BaseException):
    """Raised into the thread whose document passed its memory limit; turned into ``DocumentOverMemory``."""


# How often the watchdog looks at the clock and the memory, in seconds.
_WATCH_SECONDS = 0.05
_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes() -> int | None:
    """This process's resident memory now, or None where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE_BYTES
    except (OSError, ValueError, IndexError):
        return None


def _raise_in(thread_id: int, exc_type: type[BaseException] | None) -> None:
    """Raise ``exc_type`` in thread ``thread_id`` at its next instruction; None withdraws a pending one."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exc_type) if exc_type else None)


class _Watch:
    """One call being watched: its thread, its deadline, its memory ceiling, whether it still runs."""

    __slots__ = ("target", "deadline", "most", "running", "fired", "lock")

    def __init__(self, target: int, deadline: float | None, most: int | None):
        self.target, self.deadline, self.most = target, deadline, most
        self.running, self.fired = True, False
        self.lock = threading.Lock()


class _Watchdog:
    """One thread per process looks at every watched call each ``_WATCH_SECONDS`` (started on first
    use, again in a forked child): a document costs a registration, not a thread of its own."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.wake = threading.Condition(self.lock)
        self.watches: dict[int, _Watch] = {}
        self.pid = 0

    def add(self, watch: _Watch) -> None:
        with self.lock:
            if self.pid != os.getpid():  # not started yet, or this is a forked child, which has no thread
                self.pid = os.getpid()
                threading.Thread(target=self._run, name="corpus-tool-watchdog", daemon=True).start()
            if not self.watches:
                self.wake.notify()  # the thread waits for a first watch
            self.watches[id(watch)] = watch

    def remove(self, watch: _Watch) -> None:
        with self.lock:
            self.watches.pop(id(watch), None)

    def _run(self) -> None:
        while True:
            with self.lock:
                while not self.watches:
                    self.wake.wait()
            time.sleep(_WATCH_SECONDS)
            with self.lock:
                watches = list(self.watches.values())
            now = time.monotonic()
            memory = resident_bytes() if any(w.most is not None for w in watches) else None
            for watch in watches:
                over_time = watch.deadline is not None and now >= watch.deadline
                over_memory = memory is not None and watch.most is not None and memory > watch.most
                if over_time or over_memory:
                    with watch.lock:
                        if watch.running and not watch.fired:
                            watch.fired = True
                            _raise_in(watch.target, _Expired if over_time else _OverMemory)
                    self.remove(watch)


_WATCHDOG = _Watchdog()


def _reset_after_fork() -> None:
    global _WATCHDOG
    _WATCHDOG = _Watchdog()  # a forked child has none of the parent's watchdog thread, nor its locks


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


def call_with_limits(seconds: float, memory_mb: float, func: Callable[..., T], *args) -> T:
    """``func(*args)``, or ``DocumentTimeout`` once it has run ``seconds``, or ``DocumentOverMemory`` once
    the process has grown by ``memory_mb`` megabytes while it runs (0 or less: no such limit)."""
    start_memory = resident_bytes() if memory_mb > 0 else None
    if seconds <= 0 and start_memory is None:
        return func(*args)
    deadline = time.monotonic() + seconds if seconds > 0 else None
    most = int(start_memory + memory_mb * 1024 * 1024) if start_memory is not None else None
    watch = _Watch(threading.get_ident(), deadline, most)
    watchdog = _WATCHDOG
    watchdog.add(watch)
    try:
        try:
            return func(*args)
        finally:
            with watch.lock:
                watch.running = False
            watchdog.remove(watch)
            if watch.fired:
                _raise_in(watch.target, None)  # fired as func returned: not delivered yet, withdrawn
    except _Expired:
        raise DocumentTimeout(f"passed its time limit of {seconds:g} s per document") from None
    except _OverMemory:
        raise DocumentOverMemory(f"took more than its memory limit of {memory_mb:g} MB per document"
                                 " ([run] document_memory_mb)") from None
