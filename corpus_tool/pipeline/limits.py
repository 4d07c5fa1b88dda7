"""A time limit and a memory limit per document that hold in any thread: a pool's worker process or a
Dask worker's thread.

A watchdog thread raises an exception into the thread running the document when the time limit
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


def call_with_time_limit(seconds: float, func: Callable[..., T], *args) -> T:
    """``func(*args)``, or ``DocumentTimeout`` once it has run ``seconds`` (0 or less: no limit)."""
    return call_with_limits(seconds, 0, func, *args)


def call_with_limits(seconds: float, memory_mb: float, func: Callable[..., T], *args) -> T:
    """``func(*args)``, or ``DocumentTimeout`` once it has run ``seconds``, or ``DocumentOverMemory`` once
    the process has grown by ``memory_mb`` megabytes while it runs (0 or less: no such limit)."""
    start_memory = resident_bytes() if memory_mb > 0 else None
    if seconds <= 0 and start_memory is None:
        return func(*args)
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"running": True, "fired": False}
    done = threading.Event()
    deadline = time.monotonic() + seconds if seconds > 0 else None
    most = start_memory + memory_mb * 1024 * 1024 if start_memory is not None else None

    def watch() -> None:
        while not done.wait(_WATCH_SECONDS):
            over_time = deadline is not None and time.monotonic() >= deadline
            now = resident_bytes() if most is not None else None
            over_memory = now is not None and most is not None and now > most
            if over_time or over_memory:
                with lock:
                    if state["running"]:
                        state["fired"] = True
                        _raise_in(target, _Expired if over_time else _OverMemory)
                return

    watchdog = threading.Thread(target=watch, daemon=True)
    watchdog.start()
    try:
        try:
            return func(*args)
        finally:
            with lock:
                state["running"] = False
            done.set()
            if state["fired"]:
                _raise_in(target, None)  # fired as func returned: not delivered yet, withdrawn
    except _Expired:
        raise DocumentTimeout(f"passed its time limit of {seconds:g} s per document") from None
    except _OverMemory:
        raise DocumentOverMemory(f"took more than its memory limit of {memory_mb:g} MB per document"
                                 " ([run] document_memory_mb)") from None
