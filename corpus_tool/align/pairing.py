"""Find which documents translate which, without comparing every document with every other.

1. Blocking: each document is indexed by its anchors (numbers of two digits
   or more, and names: capitalised words not starting a sentence).  Only
   documents in the two languages of a pair (sv↔en by default) that share
   enough rare anchors become candidates.
2. Scoring: a candidate pair is scored by the weighted overlap of its anchors
   and by how much of both documents the sentence aligner can line up
   (share of sentences in links with shared anchors), with a penalty when
   the documents' lengths do not match.
3. Each document is paired at most once, best score first; pairs below
   ``MIN_SCORE`` are dropped, so a corpus without translations has no pairs.

The source of a pair is the original when it can be told (metadata
``original_lang``/``translated_from``, or an earlier publication date),
otherwise the Swedish document.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence

from ..document import Document, Pair
from ..errors import AlignmentError
from .features import Feature, sentence_features
from .sentences import align

MIN_SHARED_ANCHORS = 2
MIN_SCORE = 0.45  # measured: translations >= 0.47, same-event articles <= 0.42 (benchmarks/pairing.py)
MAX_ANCHOR_SHARE = 0.2  # anchors in more than this share of documents do not block
# Nor do anchors in more than this many documents, however large the corpus: a name or number that
# a hundred releases share is not what tells a translation from its source, and the pairs an anchor
# links grow with the square of its documents.  (benchmarks/pairing.py finds all its 42 pairs with
# a limit of 10.)
MAX_ANCHOR_DOCUMENTS = 100
# Each document is scored (aligned) against at most this many candidates, those sharing the most
# anchor weight with it: the scoring is most of the stage's time, and a translation shares more
# than most other documents do.  (benchmarks/pairing.py: with 1, 41 of its 42 pairs are found; with
# 2 or more, all 42.)
MAX_CANDIDATES = 8
METHOD = "blocked-anchors+alignment"


def document_anchors(doc: Document) -> frozenset[Feature]:
    """Numbers and names of a document, as language-independent keys."""
    texts = [s.text for s in doc.sentences] or [doc.text]
    anchors: set[Feature] = set()
    for text in texts:
        for kind, value in sentence_features(text):
            if kind in ("n", "name"):
                anchors.add((kind, value))
    return frozenset(anchors)


def _sentences(doc: Document) -> list[str]:
    if doc.sentences:
        return [s.text for s in doc.sentences]
    return [line for line in doc.text.splitlines() if line.strip()]


def _length_agreement(a: Document, b: Document) -> float:
    la, lb = len(a.text) or 1, len(b.text) or 1
    ratio = max(la, lb) / min(la, lb)
    # Translations between European languages stay within ~1.3x in length.
    return 1.0 if ratio <= 1.3 else max(0.0, 1.0 - 2.0 * (ratio - 1.3))


def _aligned_share(a: Document, b: Document) -> float:
    """Share of both documents' sentences that the aligner links with shared anchors."""
    src, tgt = _sentences(a), _sentences(b)
    if not src or not tgt:
        return 0.0
    covered = 0
    for link in align(src, tgt):
        if link.src and link.tgt and link.score > 0.05:
            covered += len(link.src) + len(link.tgt)
    return covered / (len(src) + len(tgt))


def pair_score(a: Document, b: Document, weights: dict | None = None,
               anchors: dict | None = None) -> float:
    """How likely ``b`` translates ``a`` (or the reverse), in [0, 1]."""
    fa = anchors[id(a)] if anchors else document_anchors(a)
    fb = anchors[id(b)] if anchors else document_anchors(b)
    weights = weights or {}
    w = lambda f: weights.get(f, 1.0)  # noqa: E731
    total = sum(map(w, fa)) + sum(map(w, fb))
    overlap = 2 * sum(map(w, fa & fb)) / total if total else 0.0
    share = _aligned_share(a, b)
    return round((0.4 * overlap + 0.6 * share) * _length_agreement(a, b), 4)


def _stored_id(doc: Document) -> int:
    """The database id a pair refers to a document by."""
    if doc.id is None:
        raise AlignmentError(f"{doc.source}: a document needs an id (from the store) to be paired")
    return doc.id


def _original_first(a: Document, b: Document) -> tuple[Document, Document]:
    for doc, other in ((a, b), (b, a)):
        told = doc.metadata.get("original_lang") or other.metadata.get("translated_from")
        if told and told == doc.lang:
            return doc, other
    if a.published and b.published and a.published != b.published:
        return (a, b) if a.published < b.published else (b, a)
    if b.lang == "sv" and a.lang != "sv":
        return b, a
    return a, b


# One anchor of one document: (anchor, side, position), side 0 for the first language of the
# pair, 1 for the second, position the document's index among the documents of its side.
AnchorRow = tuple[Feature, int, int]
# The keyed join's answer: documents per anchor, and the (first, second) pairs of candidates.
AnchorJoin = tuple[dict[Feature, int], list[tuple[int, int]]]


def anchor_rows(first: Sequence[frozenset[Feature]], second: Sequence[frozenset[Feature]]) -> list[AnchorRow]:
    """The anchors of both sides as rows to join on (each document's anchors once)."""
    return [(f, side, k) for side, sets in enumerate((first, second)) for k, anchors in enumerate(sets)
            for f in anchors]


def common_limit(n_docs: int) -> float:
    """An anchor in more documents than this is too common to block on."""
    return max(2, min(MAX_ANCHOR_SHARE * n_docs, MAX_ANCHOR_DOCUMENTS))


def anchor_group(anchor: Feature, rows: Iterable[AnchorRow], n_docs: int) -> tuple[Feature, int, list[tuple[int, int]]]:
    """One anchor's group of the join: its document count and, when rare, the pairs it links."""
    sides: tuple[list[int], list[int]] = ([], [])
    for _, side, k in rows:
        sides[side].append(k)
    count = len(sides[0]) + len(sides[1])
    if count > common_limit(n_docs):
        return anchor, count, []
    return anchor, count, [(i, k) for i in sides[0] for k in sides[1]]


def shared_enough(pair_counts: Iterable[tuple[tuple[int, int], int]]) -> list[tuple[int, int]]:
    """Candidates: pairs that share at least ``MIN_SHARED_ANCHORS`` rare anchors, sorted."""
    return sorted(pair for pair, count in pair_counts if count >= MIN_SHARED_ANCHORS)


def join_on_anchors(rows: Iterable[AnchorRow], n_docs: int) -> AnchorJoin:
    """The blocking as a keyed join on the anchor: rows grouped by anchor, pairs counted.

    ``pipeline.cluster`` runs the same join with ``dask.bag`` on a cluster; both give the same answer.
    """
    groups: dict[Feature, list[AnchorRow]] = defaultdict(list)
    for row in rows:
        groups[row[0]].append(row)
    df: dict[Feature, int] = {}
    shared: Counter = Counter()
    for anchor, members in groups.items():
        _, df[anchor], pairs = anchor_group(anchor, members, n_docs)
        shared.update(pairs)
    return df, shared_enough(shared.items())


def best_candidates(candidates: Sequence[tuple[int, int]], first: Sequence[frozenset[Feature]],
                    second: Sequence[frozenset[Feature]], weights: dict[Feature, float],
                    limit: int = MAX_CANDIDATES) -> list[tuple[int, int]]:
    """The candidates among the ``limit`` of either document that share the most anchor weight, in order."""
    shared = {(i, k): sum(weights.get(f, 1.0) for f in first[i] & second[k]) for i, k in candidates}
    kept: set[tuple[int, int]] = set()
    for side in (0, 1):
        by_doc: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for pair in candidates:
            by_doc[pair[side]].append(pair)
        for pairs in by_doc.values():
            kept.update(sorted(pairs, key=lambda p: (-shared[p], p))[:limit])
    return [pair for pair in candidates if pair in kept]


def find_pairs(documents: Sequence[Document], *, languages: tuple[str, str] = ("sv", "en"),
               min_score: float = MIN_SCORE,
               join: Callable[[list[AnchorRow], int], AnchorJoin] = join_on_anchors) -> list[Pair]:
    """Translation pairs among ``documents`` (which need ``id``, ``lang`` and sentences).

    ``join`` is the keyed join that finds the candidates (``join_on_anchors``, or the same join
    on a cluster).
    """
    first = [d for d in documents if d.lang == languages[0]]
    second = [d for d in documents if d.lang == languages[1]]
    if not first or not second:
        return []
    anchors = {id(d): document_anchors(d) for d in first + second}
    n_docs = len(first) + len(second)
    df, candidates = join(anchor_rows([anchors[id(d)] for d in first], [anchors[id(d)] for d in second]), n_docs)
    weights = {f: math.log(1 + n_docs / c) for f, c in df.items()}
    scored = []
    for i, k in best_candidates(candidates, [anchors[id(d)] for d in first], [anchors[id(d)] for d in second],
                                weights):
        a, b = first[i], second[k]
        score = pair_score(a, b, weights, anchors)
        if score >= min_score:
            scored.append((score, id(a), id(b), a, b))
    scored.sort(key=lambda t: (-t[0], str(t[3].source), str(t[4].source)))
    used: set = set()
    pairs = []
    for score, ka, kb, a, b in scored:
        if ka in used or kb in used:
            continue
        used.update((ka, kb))
        source, target = _original_first(a, b)
        pairs.append(Pair(_stored_id(source), _stored_id(target), score, METHOD))
    return pairs


def explicit_pair(source: Document, target: Document) -> Pair:
    """A pair named by the user: kept as given, scored for information."""
    return Pair(_stored_id(source), _stored_id(target), pair_score(source, target), "explicit")


def pairs_with_explicit(documents: Iterable[Document], explicit: Iterable[tuple[int, int]],
                        **kwargs) -> list[Pair]:
    """Found pairs, with user-named pairs replacing any found pair that uses their documents."""
    documents = list(documents)
    by_id = {d.id: d for d in documents}
    named = [explicit_pair(by_id[s], by_id[t]) for s, t in explicit if s in by_id and t in by_id]
    taken = {p.source_document_id for p in named} | {p.target_document_id for p in named}
    found = [p for p in find_pairs(documents, **kwargs)
             if p.source_document_id not in taken and p.target_document_id not in taken]
    return named + found
