"""Translation pairs among documents, each aligned sentence by sentence (no database here)."""
from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from ..document import Alignment, Document, Pair
from .embedders import Embedder
from .pairing import AnchorJoin, AnchorRow, join_on_anchors, pairs_with_explicit
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


def align_documents(documents: Sequence[Document], explicit: Sequence[tuple[int, int]] = (),
                    embedder: Embedder | None = None,
                    join: Callable[[list[AnchorRow], int], AnchorJoin] = join_on_anchors,
                    ) -> list[tuple[Pair, list[Alignment]]]:
    """Translation pairs among ``documents`` (found, or ``explicit`` by id), each aligned.

    ``join`` finds the candidate pairs (``pairing.join_on_anchors``, or the same join on a cluster).
    """
    by_id = {d.id: d for d in documents}
    rows = []
    for pair in pairs_with_explicit(list(documents), list(explicit), join=join):
        rows.append((pair, align_pair(by_id[pair.source_document_id], by_id[pair.target_document_id], embedder)))
    log.info("translation pairs: %d", len(rows))
    return rows
