"""Discrepancies: translation QA over aligned pairs, conflicting figures, names written two ways.

``find_discrepancies`` is a pure function over stored documents, pairs and
their alignments; the pipeline stores what it returns.  ``check_claim``
answers a journalist's claim from the database.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

from ..document import Alignment, Document, Finding, Pair
from .claims import ClaimResult, check_claim, parse_claim
from .conflicts import internal_conflicts, name_variants, source_conflicts
from .translation import check_pair

KINDS = ("numbers", "omission", "addition", "terminology", "untranslated", "inconsistent-entities",
         "internal-conflict", "source-conflict", "name-variant")

__all__ = ["KINDS", "ClaimResult", "check_claim", "find_discrepancies", "parse_claim", "summarize"]


def find_discrepancies(documents: dict[int, Document], pairs: Iterable[tuple[Pair, list[Alignment]]],
                       aliases: dict[int, str]) -> list[Finding]:
    findings: list[Finding] = []
    translations = set()
    for pair, alignments in pairs:
        translations.add(pair.target_document_id)
        findings += check_pair(pair, documents[pair.source_document_id], documents[pair.target_document_id],
                               alignments)
    for doc in documents.values():
        findings += internal_conflicts(doc)
    findings += source_conflicts(documents.values(), translations)
    findings += name_variants(documents.values(), aliases)
    return findings


def summarize(findings: list[Finding]) -> dict:
    return dict(Counter(f.kind for f in findings).most_common())


def check_corpus(conn, settings: dict | None = None) -> dict:
    """Corpus stage: rebuild the ``discrepancies`` table from the stored corpus."""
    from .. import store

    documents = {doc.id: doc for doc in store.iter_documents(conn)}
    pairs = [(pair, store.load_alignments(conn, pair.id)) for pair in store.load_pairs(conn)]
    aliases = {}
    for row in conn.execute("SELECT person_id, group_concat(reason, '; ') AS reasons FROM person_aliases"
                            " GROUP BY person_id"):
        aliases[row["person_id"]] = row["reasons"]
    findings = find_discrepancies(documents, pairs, aliases)
    store.replace_findings(conn, findings)
    return summarize(findings)
