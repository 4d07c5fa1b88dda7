"""The corpus stages' keyed joins, and where they run.

Two steps of the corpus stages are joins on a key, the part of them that grows with the corpus:
the blocking of translation pairing (documents joined on their rare anchors, ``align.pairing``)
and the grouping of figures that source conflicts compares (figures grouped by metric, unit and
period start, ``check.conflicts``).  ``LocalJoins`` runs them in this process; ``cluster.DaskJoins``
runs the same joins with ``dask.bag`` on the Dask cluster of a run.  Both give the same answer.
"""
from __future__ import annotations

from typing import Protocol

from ..align.pairing import AnchorJoin, AnchorRow, join_on_anchors
from ..check.conflicts import Entry, FigureRow, group_figures


class KeyedJoins(Protocol):
    name: str

    def anchor_join(self, rows: list[AnchorRow], n_docs: int) -> AnchorJoin: ...

    def figure_groups(self, rows: list[FigureRow]) -> list[list[Entry]]: ...


class LocalJoins:
    """The joins in this process (plain dictionaries)."""

    name = "local"

    def anchor_join(self, rows: list[AnchorRow], n_docs: int) -> AnchorJoin:
        return join_on_anchors(rows, n_docs)

    def figure_groups(self, rows: list[FigureRow]) -> list[list[Entry]]:
        return group_figures(rows)
