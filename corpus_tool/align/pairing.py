"""Find which documents translate which, without comparing every document with every other.

1. Blocking: each document is indexed by its anchors (numbers of two digits
   or more, and names: capitalised words not starting a sentence).  Only
   documents in the two languages of a pair (sv↔en by default) that share
   enough rare anchors become candidates.  Anchors too common to block alone
   (in more documents than ``common_limit``) are not dropped: each document's
   rarest few of them (fewest documents first, as inverse document frequency
   ranks them) block two at a time, since a combination of common anchors is
   rare where each alone is not.
2. Scoring: a candidate pair is scored by the weighted overlap of its anchors
   and by how much of both documents the sentence aligner can line up
   (share of sentences in links with shared anchors), with a penalty when
   the documents' lengths do not match.
3. Each document is paired at most once, best score first; pairs below
   ``MIN_SCORE`` are dropped, so a corpus without translations has no pairs.

The source of a pair is the original when it can be told (metadata
``original_lang``/``translated_from``, or an earlier publication date),
otherwise the Swedish document.

The documents are read twice, never held all at once: once for their anchors
(kept as sets of shared keys), then, for scoring, each candidate's sentences
again (the last ``TEXTS_KEPT`` read are kept).  Given a mapping of ids to
documents that reads them when asked (``store.StoredDocuments``), pairing
holds the anchors of the corpus and a bounded number of texts.
"""
from __future__ import annotations

import math
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import combinations

from ..document import Document, Pair
from ..errors import AlignmentError
from .features import Feature, sentence_features
from .sentences import align

MIN_SHARED_ANCHORS = 2
MIN_SCORE = 0.45  # measured: translations >= 0.47, same-event articles <= 0.42 (benchmarks/pairing.py)
MAX_ANCHOR_SHARE = 0.2  # anchors in more than this share of documents do not block alone
# Nor do anchors in more than this many documents, however large the corpus: the pairs an anchor
# links grow with the square of its documents, so a common anchor alone would make the blocking
# quadratic.  (benchmarks/pairing.py finds all its 42 pairs with a limit of 10.)
MAX_ANCHOR_DOCUMENTS = 100
# A common anchor is not dropped: each document's this many rarest common anchors (those in both
# languages, fewest documents first) block two at a time, as keys of their own under the same limit.
# In a large corpus every single name and number is common (a place, a spokesperson, "2021"), but
# the four numbers and two names a release shares with its translation are rare together.
COMMON_RANKED = 6
# Each document is scored (aligned) against at most this many candidates, those sharing the most
# anchor weight with it: the scoring is most of the stage's time, and a translation shares more
# than most other documents do.  (benchmarks/pairing.py: with 1, 41 of its 42 pairs are found; with
# 2 or more, all 42.)
MAX_CANDIDATES = 8
# The sentences of this many documents stay in memory while candidates are scored (the rest are
# read again when a candidate needs them).
TEXTS_KEPT = 2048
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


def _length_agreement(la: int, lb: int) -> float:
    ratio = max(la or 1, lb or 1) / min(la or 1, lb or 1)
    # Translations between European languages stay within ~1.3x in length.
    return 1.0 if ratio <= 1.3 else max(0.0, 1.0 - 2.0 * (ratio - 1.3))


def _aligned_share(src: Sequence[str], tgt: Sequence[str]) -> float:
    """Share of both documents' sentences that the aligner links with shared anchors."""
    if not src or not tgt:
        return 0.0
    covered = 0
    for link in align(list(src), list(tgt)):
        if link.src and link.tgt and link.score > 0.05:
            covered += len(link.src) + len(link.tgt)
    return covered / (len(src) + len(tgt))


# What scoring reads of a document: its sentences' texts and the length of its text.
_Texts = tuple[list[str], int]


def _score(fa: frozenset[Feature], fb: frozenset[Feature], ta: _Texts, tb: _Texts,
           weights: Mapping[Feature, float]) -> float:
    w = lambda f: weights.get(f, 1.0)  # noqa: E731
    total = sum(map(w, fa)) + sum(map(w, fb))
    overlap = 2 * sum(map(w, fa & fb)) / total if total else 0.0
    share = _aligned_share(ta[0], tb[0])
    return round((0.4 * overlap + 0.6 * share) * _length_agreement(ta[1], tb[1]), 4)


def pair_score(a: Document, b: Document, weights: dict | None = None,
               anchors: dict | None = None) -> float:
    """How likely ``b`` translates ``a`` (or the reverse), in [0, 1]."""
    fa = anchors[id(a)] if anchors else document_anchors(a)
    fb = anchors[id(b)] if anchors else document_anchors(b)
    return _score(fa, fb, (_sentences(a), len(a.text)), (_sentences(b), len(b.text)), weights or {})


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
    """An anchor in more documents than this is too common to block on alone."""
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


def ranked_common(anchors: frozenset[Feature], counts: tuple[Mapping[Feature, int], Mapping[Feature, int]],
                  limit: float, keep: int = COMMON_RANKED) -> list[Feature]:
    """A document's ``keep`` rarest common anchors: in more than ``limit`` documents and in both
    languages, fewest documents first (ties by the anchor)."""
    common = [(counts[0].get(f, 0) + counts[1].get(f, 0), f) for f in anchors
              if counts[0].get(f, 0) and counts[1].get(f, 0)
              and counts[0].get(f, 0) + counts[1].get(f, 0) > limit]
    return [f for _, f in sorted(common)[:keep]]


def combined(a: Feature, b: Feature) -> Feature:
    """Two common anchors as one blocking key."""
    return ("both", f"{a[0]}:{a[1]}\x1f{b[0]}:{b[1]}")


def common_rows(first: Sequence[frozenset[Feature]], second: Sequence[frozenset[Feature]],
                counts: tuple[Mapping[Feature, int], Mapping[Feature, int]], limit: float) -> list[AnchorRow]:
    """Rows of the combined keys: each document's rarest common anchors, two at a time."""
    rows: list[AnchorRow] = []
    for side, sets in enumerate((first, second)):
        for k, anchors in enumerate(sets):
            ranked = ranked_common(anchors, counts, limit)
            rows += [(combined(a, b), side, k) for a, b in combinations(sorted(ranked), 2)]
    return rows


def best_candidates(candidates: Sequence[tuple[int, int]], first: Sequence[frozenset[Feature]],
                    second: Sequence[frozenset[Feature]], weights: Mapping[Feature, float],
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


Documents = Sequence[Document] | Mapping[int, Document]


class _Side:
    """The documents of one language: what pairing keeps of each (a document without its text or
    parts, its anchors) and how to read one again."""

    def __init__(self) -> None:
        self.heads: list[Document] = []
        self.anchors: list[frozenset[Feature]] = []
        self.keys: list[int] = []  # the document's id in a mapping, else its position in the sequence


def _head(doc: Document) -> Document:
    """What the pairs are built from: the document's identity, language, date and metadata."""
    return Document(source=doc.source, lang=doc.lang, published=doc.published, metadata=doc.metadata, id=doc.id)


def find_pairs(documents: Documents, *, languages: tuple[str, str] = ("sv", "en"),
               min_score: float = MIN_SCORE,
               join: Callable[[list[AnchorRow], int], AnchorJoin] = join_on_anchors) -> list[Pair]:
    """Translation pairs among ``documents`` (which need ``id``, ``lang`` and sentences).

    ``documents`` is a sequence, or a mapping of ids to documents read when asked for (such as
    ``store.StoredDocuments``): then no more than ``TEXTS_KEPT`` documents' sentences are held.
    ``join`` is the keyed join that finds the candidates (``join_on_anchors``, or the same join
    on a cluster).
    """
    by_key: Callable[[int], Document]
    if isinstance(documents, Mapping):
        stream: Iterable[tuple[int, Document]] = documents.items()
        by_key = documents.__getitem__
    else:
        documents = documents if isinstance(documents, Sequence) else list(documents)
        stream = enumerate(documents)
        by_key = documents.__getitem__
    sides = (_Side(), _Side())
    shared_keys: dict[Feature, Feature] = {}  # one object per anchor, however many documents hold it
    texts: OrderedDict[int, _Texts] = OrderedDict()

    def keep(key: int, doc: Document) -> _Texts:
        found = texts[key] = (_sentences(doc), len(doc.text))
        texts.move_to_end(key)
        if len(texts) > TEXTS_KEPT:
            texts.popitem(last=False)
        return found

    for key, doc in stream:
        if doc.lang not in languages:
            continue
        side = sides[languages.index(doc.lang)]
        side.heads.append(_head(doc))
        side.anchors.append(frozenset(shared_keys.setdefault(f, f) for f in document_anchors(doc)))
        side.keys.append(key)
        keep(key, doc)
    first, second = sides
    if not first.heads or not second.heads:
        return []
    n_docs = len(first.heads) + len(second.heads)
    df, candidates = join(anchor_rows(first.anchors, second.anchors), n_docs)
    counts = (Counter(f for a in first.anchors for f in a), Counter(f for a in second.anchors for f in a))
    _, also = join(common_rows(first.anchors, second.anchors, counts, common_limit(n_docs)), n_docs)
    if also:
        candidates = sorted(set(candidates) | set(also))
    del counts, also
    weights = {f: math.log(1 + n_docs / c) for f, c in df.items()}

    def texts_of(key: int) -> _Texts:
        if key in texts:
            texts.move_to_end(key)
            return texts[key]
        return keep(key, by_key(key))

    scored = []
    for i, k in best_candidates(candidates, first.anchors, second.anchors, weights):
        score = _score(first.anchors[i], second.anchors[k], texts_of(first.keys[i]), texts_of(second.keys[k]),
                       weights)
        if score >= min_score:
            a, b = first.heads[i], second.heads[k]
            scored.append((score, str(a.source), str(b.source), i, k))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_first: set[int] = set()
    used_second: set[int] = set()
    pairs = []
    for score, _, _, i, k in scored:
        if i in used_first or k in used_second:
            continue
        used_first.add(i)
        used_second.add(k)
        source, target = _original_first(first.heads[i], second.heads[k])
        pairs.append(Pair(_stored_id(source), _stored_id(target), score, METHOD))
    return pairs


def explicit_pair(source: Document, target: Document) -> Pair:
    """A pair named by the user: kept as given, scored for information."""
    return Pair(_stored_id(source), _stored_id(target), pair_score(source, target), "explicit")


def pairs_with_explicit(documents: Documents, explicit: Iterable[tuple[int, int]], **kwargs) -> list[Pair]:
    """Found pairs, with user-named pairs replacing any found pair that uses their documents.

    ``documents`` as for ``find_pairs``: a sequence, or a mapping of ids to documents.
    """
    if isinstance(documents, Mapping):
        by_id: Mapping = documents
    else:
        documents = list(documents)
        by_id = {d.id: d for d in documents}
    named = [explicit_pair(by_id[s], by_id[t]) for s, t in explicit if s in by_id and t in by_id]
    taken = {p.source_document_id for p in named} | {p.target_document_id for p in named}
    found = [p for p in find_pairs(documents, **kwargs)
             if p.source_document_id not in taken and p.target_document_id not in taken]
    return named + found
