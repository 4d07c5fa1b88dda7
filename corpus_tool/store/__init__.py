"""SQLite storage: open (``connect``), write (``write``), read back (``read``), read-only SQL (``query``).

Each document is written in one transaction (``write_document``); corpus-level results
(people, pairs, alignments, discrepancies) are replaced in one transaction each.  Readers
get ``Document`` objects back with database ids set (``load_document``).
"""
from __future__ import annotations

from .connect import DEFAULT_DB, connect, ensure_schema, writer_lock
from .embeddings import EmbeddingCache
from .read import (
    StoredDocuments,
    aliases_by_person,
    corpus_complete,
    corpus_fingerprint,
    document_ids,
    document_places,
    document_with_content,
    explicit_pairs,
    figures_for,
    iter_documents,
    known_hash,
    known_names,
    load_alignments,
    load_discrepancies,
    load_document,
    load_pairs,
    pair_ids,
    pairs_with_alignments,
    people_with_spellings,
    translation_sources,
)
from .write import (
    add_explicit_pair,
    add_name,
    keep_under_other_name,
    mark_corpus_complete,
    mark_corpus_incomplete,
    record_error,
    rename_source,
    replace_findings,
    replace_pairs,
    replace_people,
    set_cleaned_path,
    set_figure_periods,
    write_document,
)

__all__ = [
    "DEFAULT_DB", "EmbeddingCache", "StoredDocuments", "add_explicit_pair", "add_name", "corpus_complete",
    "document_with_content", "keep_under_other_name", "known_names", "set_cleaned_path", "set_figure_periods",
    "corpus_fingerprint", "mark_corpus_complete",
    "mark_corpus_incomplete", "aliases_by_person", "connect", "document_ids", "document_places", "ensure_schema",
    "explicit_pairs", "figures_for", "iter_documents", "known_hash", "load_alignments", "load_discrepancies",
    "load_document", "load_pairs", "pair_ids", "pairs_with_alignments", "people_with_spellings", "record_error",
    "rename_source", "replace_findings", "replace_pairs", "replace_people", "translation_sources", "write_document",
    "writer_lock",
]
