"""Discrepancies: translation QA over aligned pairs, conflicting figures, names written two ways.

``find_discrepancies`` is a pure function over stored documents, pairs and
their alignments; the pipeline stores what it returns.  ``claims`` weighs a
journalist's claim against figures the caller looked up.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from ..document import Alignment, Document, Finding, Pair
from .claims import ClaimResult, claim_figure, claim_figures, combine, judge_claim
from .conflicts import Entry, FigureRow, SourceRows, Spellings, group_figures, internal_conflicts
from .translation import check_pair

KINDS = ("numbers", "omission", "addition", "terminology", "untranslated", "inconsistent-entities",
         "internal-conflict", "source-conflict", "name-variant")

__all__ = ["KINDS", "ClaimResult", "claim_figure", "claim_figures", "combine", "find_discrepancies", "judge_claim",
           "summarize"]


def find_discrepancies(documents: Mapping[int, Document], pairs: Iterable[tuple[Pair, list[Alignment]]],
                       aliases: Mapping[int, str],
                       group: Callable[[list[FigureRow]], list[list[Entry]]] = group_figures) -> list[Finding]:
    """Every finding over stored documents and pairs; ``group`` is the keyed grouping of source conflicts.

    The documents are read once, in order, after the pairs' (a mapping that reads them when asked
    for, such as ``store.StoredDocuments``, is never held whole): what is kept between them is the
    findings, the rows of the figures compared across documents and where each spelling of a
    person is first written.
    """
    findings: list[Finding] = []
    translations = set()
    for pair, alignments in pairs:
        translations.add(pair.target_document_id)
        findings += check_pair(pair, documents[pair.source_document_id], documents[pair.target_document_id],
                               alignments)
    rows, spellings = SourceRows(translations), Spellings()
    for doc in documents.values():
        findings += internal_conflicts(doc)
        rows.add(doc)
        spellings.add(doc)
    findings += rows.conflicts(group)
    findings += spellings.variants(aliases)
    return findings


def summarize(findings: list[Finding]) -> dict[str, int]:
    return dict(Counter(f.kind for f in findings).most_common())
