"""Translation pairs among documents, each aligned sentence by sentence (no database here)."""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

from ..document import Alignment, Document, Pair
from ..extract.periods import find_periods
from .embedders import Embedder
from .pairing import AnchorJoin, AnchorRow, Documents, join_on_anchors, pairs_with_explicit
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


def periods_from_sources(documents: Sequence[Document], pairs: Sequence[Pair]) -> list[tuple[int, str, str]]:
    """A translation with no date takes its source's date for its periods: (figure id, start, end)
    for each figure of an undated document of a pair whose period words ("sedan årets start", "last
    year") resolve against the other document's publication date."""
    by_id = {d.id: d for d in documents}
    out = []
    for pair in pairs:
        a, b = by_id.get(pair.source_document_id), by_id.get(pair.target_document_id)
        if a is None or b is None or bool(a.published) == bool(b.published):
            continue
        undated, dated = (a, b) if not a.published else (b, a)
        for figure in undated.figures:
            if figure.id is None or figure.period_start is not None or not figure.period_text:
                continue
            lang = (undated.sentences[figure.sentence_position].lang
                    if figure.sentence_position is not None and figure.sentence_position < len(undated.sentences)
                    else None) or undated.lang
            found = [p for p in find_periods(figure.period_text.split(" … ")[-1], lang, dated.published) if p.resolved]
            if found and found[0].period_start and found[0].period_end:
                out.append((figure.id, found[0].period_start, found[0].period_end))
    return out


def align_documents(documents: Documents, explicit: Sequence[tuple[int, int]] = (),
                    embedder: Embedder | None = None,
                    join: Callable[[list[AnchorRow], int], AnchorJoin] = join_on_anchors,
                    ) -> list[tuple[Pair, list[Alignment]]]:
    """Translation pairs among ``documents`` (found, or ``explicit`` by id), each aligned.

    ``join`` finds the candidate pairs (``pairing.join_on_anchors``, or the same join on a cluster).
    ``documents`` is a sequence, or a mapping of ids to documents read when asked for (pairing then
    holds a bounded number of them, ``pairing.find_pairs``).
    """
    by_id: Mapping[int, Document] | dict[int | None, Document] = documents if isinstance(documents, Mapping) else \
        {d.id: d for d in documents}
    rows = []
    for pair in pairs_with_explicit(documents if isinstance(documents, Mapping) else list(documents),
                                    list(explicit), join=join):
        rows.append((pair, align_pair(by_id[pair.source_document_id], by_id[pair.target_document_id], embedder)))
    log.info("translation pairs: %d", len(rows))
    return rows
