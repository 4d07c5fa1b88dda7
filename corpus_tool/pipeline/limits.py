"""A time limit per document that holds in any thread: a pool's worker process or a Dask worker's thread.

A timer thread raises an exception into the thread running the document when the limit passes
(``PyThreadState_SetAsyncExc``), so no signal is needed and the limit works where signals cannot
reach (Dask runs tasks in threads).  The exception lands between two Python instructions: a
stage stuck inside one long call into C is stopped when that call returns.  It derives from
``BaseException`` so that a stage's own ``except Exception`` does not swallow it.
"""
from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from typing import TypeVar

from ..errors import DocumentTimeout

T = TypeVar("T")


class _Expired(BaseException):
    """Raised into the thread whose document passed its limit; turned into ``DocumentTimeout``."""


def _raise_in(thread_id: int, exc_type: type[BaseException] | None) -> None:
    """Raise ``exc_type`` in thread ``thread_id`` at its next instruction; None withdraws a pending one."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exc_type) if exc_type else None)


def call_with_time_limit(seconds: float, func: Callable[..., T], *args) -> T:
    """``func(*args)``, or ``DocumentTimeout`` once it has run ``seconds`` (0 or less: no limit)."""
    if seconds <= 0:
        return func(*args)
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"running": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["running"]:
                state["fired"] = True
                _raise_in(target, _Expired)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        try:
            return func(*args)
        finally:
            with lock:
                state["running"] = False
            timer.cancel()
            if state["fired"]:
                _raise_in(target, None)  # fired as func returned: not delivered yet, withdrawn
    except _Expired:
        raise DocumentTimeout(f"passed its time limit of {seconds:g} s per document") from None
