"""Sentence alignment of a text and its translation: monotonic, 1:1 to 1:4, with omissions.

One aligner serves both the pipeline (pairs of documents) and ``corpus-tool
align`` (two files).  Each candidate link ("bead") is scored by

* sentence length (Gale & Church: translations have proportional lengths),
* shared anchors (numbers, names, 4-letter cognate prefixes, punctuation),
  weighted by how rare they are in the document (``features.FeatureTable``),
* optionally, cross-lingual sentence embeddings (``embedders``).

Speed and memory stay near-linear: long documents are first aligned at half
resolution (pairs of sentences merged), recursively, and the full-resolution
dynamic programme only explores a narrow band around that coarse path.  With
an embedder, length and anchors align everything first; only the stretches
where that alignment is unsure are embedded and re-aligned, so each sentence
is embedded at most once and most are never embedded at all.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Optional, Sequence

import numpy as np

from ..document import Link
from .features import FeatureTable

# Bead shapes (source sentences, target sentences) and their prior cost:
# 1:1 is by far the most common; omissions and wide merges are rare.
BEAD_PENALTY = {
    (1, 1): 0.0,
    (1, 2): 1.6, (2, 1): 1.6,
    (2, 2): 3.2,
    (1, 3): 2.8, (3, 1): 2.8,
    (2, 3): 4.0, (3, 2): 4.0,
    (1, 4): 4.0, (4, 1): 4.0,
}
SKIP_COST = 2.4  # one sentence left unaligned (1:0 or 0:1)
LENGTH_WEIGHT = 0.3
SIM_WEIGHT = 4.0
EMBED_WEIGHT = 6.0
GC_VARIANCE = 6.8  # Gale & Church's variance of target chars per source char
FULL_DP_CELLS = 40_000  # below this many DP cells, no banding
BAND = 6  # half-width, in sentences, of the band around the coarse path
CONFIDENT_SIM = 0.22  # a 1:1 bead with this much anchor overlap needs no embedding


@dataclass
class AlignOptions:
    beads: tuple = tuple(BEAD_PENALTY) + ((1, 0), (0, 1))
    skip_cost: float = SKIP_COST
    length_weight: float = LENGTH_WEIGHT
    sim_weight: float = SIM_WEIGHT
    embed_weight: float = EMBED_WEIGHT


class _Scorer:
    """Cost of a bead src[i:i+a] ~ tgt[j:j+b] from length, anchors and embeddings."""

    def __init__(self, src: Sequence[str], tgt: Sequence[str], options: AlignOptions,
                 src_vectors: Optional[np.ndarray] = None, tgt_vectors: Optional[np.ndarray] = None):
        self.table = FeatureTable(list(src), list(tgt))
        self.options = options
        total_src = sum(self.table.src_len) or 1
        total_tgt = sum(self.table.tgt_len) or 1
        self.ratio = total_tgt / total_src
        self.src_vectors = src_vectors
        self.tgt_vectors = tgt_vectors
        self.embed_base = 0.0
        if src_vectors is not None and tgt_vectors is not None and len(src_vectors) and len(tgt_vectors):
            # Unrelated sentences are far from orthogonal in e5 space; measure
            # the background similarity on shifted pairs and score above it.
            rng = np.random.default_rng(0)
            n = min(64, len(src_vectors) * len(tgt_vectors))
            si = rng.integers(0, len(src_vectors), n)
            ti = rng.integers(0, len(tgt_vectors), n)
            base = float(np.mean(np.sum(src_vectors[si] * tgt_vectors[ti], axis=1)))
            self.embed_base = min(base, 0.9)

    def length_cost(self, ls: int, lt: int) -> float:
        mean = (ls * self.ratio + lt) / 2.0
        if mean <= 0:
            return 0.0
        delta = abs(lt - ls * self.ratio) / math.sqrt(GC_VARIANCE * mean)
        tail = math.erfc(delta / math.sqrt(2.0))
        return min(-math.log(tail) if tail > 0 else 30.0, 30.0)

    def embed_similarity(self, i: int, a: int, j: int, b: int) -> float:
        x = self.src_vectors[i:i + a].sum(axis=0)
        y = self.tgt_vectors[j:j + b].sum(axis=0)
        nx, ny = float(np.linalg.norm(x)), float(np.linalg.norm(y))
        if nx == 0 or ny == 0:
            return 0.0
        cos = float(x @ y) / (nx * ny)
        return max(0.0, (cos - self.embed_base) / (1.0 - self.embed_base))

    def similarity(self, i: int, a: int, j: int, b: int) -> float:
        sim = self.table.similarity(i, a, j, b)
        if self.src_vectors is not None:
            sim = max(sim, self.embed_similarity(i, a, j, b))
        return sim

    def cost(self, i: int, a: int, j: int, b: int) -> float:
        o = self.options
        if a == 0 or b == 0:
            return o.skip_cost * (a + b)
        _, _, ls = self.table.span(0, i, a)
        _, _, lt = self.table.span(1, j, b)
        size = (a + b) / 2.0
        lex = self.table.similarity(i, a, j, b)
        cost = BEAD_PENALTY[(a, b)] + o.length_weight * self.length_cost(ls, lt)
        cost += o.sim_weight * (0.5 - lex) * size
        if self.src_vectors is not None:
            cost += o.embed_weight * (0.5 - self.embed_similarity(i, a, j, b)) * size
        return cost


def _dp(n: int, m: int, cost: Callable, beads: Sequence[tuple], lo: list[int], hi: list[int]):
    """Cheapest monotonic path from (0, 0) to (n, m) through cells lo[i] <= j <= hi[i]."""
    inf = math.inf
    best = [[inf] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    back: list[list] = [[None] * (hi[i] - lo[i] + 1) for i in range(n + 1)]
    best[0][0 - lo[0]] = 0.0 if lo[0] == 0 else inf
    for i in range(n + 1):
        row, row_back, lo_i = best[i], back[i], lo[i]
        for j in range(lo_i, hi[i] + 1):
            if i == 0 and j == 0:
                continue
            here, arg = inf, None
            for a, b in beads:
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0 or pj < lo[pi] or pj > hi[pi]:
                    continue
                prev = best[pi][pj - lo[pi]]
                if prev == inf:
                    continue
                c = prev + cost(pi, a, pj, b)
                if c < here:
                    here, arg = c, (a, b)
            row[j - lo_i], row_back[j - lo_i] = here, arg
    if best[n][m - lo[n]] == inf:
        raise RuntimeError("no alignment path inside the band")
    path, i, j = [], n, m
    while i > 0 or j > 0:
        a, b = back[i][j - lo[i]]
        i, j = i - a, j - b
        path.append((i, a, j, b))
    path.reverse()
    return path


def _band_from_coarse(coarse_path, n: int, m: int, factor: int, width: int):
    """Row ranges of a band around a coarse path projected to full resolution."""
    lo = [m] * (n + 1)
    hi = [0] * (n + 1)
    for ci, ca, cj, cb in coarse_path:
        i0, i1 = min(ci * factor, n), min((ci + ca) * factor, n)
        j0, j1 = min(cj * factor, m), min((cj + cb) * factor, m)
        for i in range(max(i0 - width, 0), min(i1 + width, n) + 1):
            lo[i] = min(lo[i], max(j0 - width, 0))
            hi[i] = max(hi[i], min(j1 + width, m))
    lo[0], hi[n] = 0, m
    for i in range(n + 1):
        lo[i] = min(lo[i], hi[i])
    return lo, hi


def _merge_pairs(texts: Sequence[str]) -> list[str]:
    return [" ".join(texts[k:k + 2]) for k in range(0, len(texts), 2)]


def _align_path(src, tgt, options: AlignOptions, src_vectors=None, tgt_vectors=None):
    n, m = len(src), len(tgt)
    scorer = _Scorer(src, tgt, options, src_vectors, tgt_vectors)
    if (n + 1) * (m + 1) <= FULL_DP_CELLS or n < 4 or m < 4:
        lo, hi = [0] * (n + 1), [m] * (n + 1)
    else:
        coarse_vectors = None
        if src_vectors is not None:
            coarse_vectors = (_merge_vectors(src_vectors), _merge_vectors(tgt_vectors))
        coarse, _ = _align_path(_merge_pairs(src), _merge_pairs(tgt), options,
                             *(coarse_vectors or (None, None)))
        lo, hi = _band_from_coarse(coarse, n, m, 2, BAND)
    return _dp(n, m, scorer.cost, options.beads, lo, hi), scorer


def _merge_vectors(vectors: np.ndarray) -> np.ndarray:
    merged = np.add.reduceat(vectors, np.arange(0, len(vectors), 2), axis=0)
    norms = np.linalg.norm(merged, axis=1, keepdims=True)
    return merged / np.where(norms == 0, 1, norms)


def _unsure_windows(path, scorer: _Scorer) -> list[tuple[int, int]]:
    """Runs of beads (as index ranges into ``path``) that length and anchors did not settle."""
    sure = []
    for i, a, j, b in path:
        ok = (a, b) == (1, 1) and scorer.table.similarity(i, 1, j, 1) >= CONFIDENT_SIM
        sure.append(ok)
    windows, k = [], 0
    while k < len(path):
        if sure[k]:
            k += 1
            continue
        start = k
        while k < len(path) and not sure[k]:
            k += 1
        # Let the stretch's borders move by one bead on each side.
        windows.append((max(start - 1, 0), min(k + 1, len(path))))
    merged: list[tuple[int, int]] = []
    for w in windows:
        if merged and w[0] <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], w[1]))
        else:
            merged.append(w)
    return merged


def align(src: Sequence[str], tgt: Sequence[str], *, embedder=None, src_lang: Optional[str] = None,
          tgt_lang: Optional[str] = None, options: Optional[AlignOptions] = None) -> list[Link]:
    """Align two lists of sentences; returns monotonic links covering every sentence once.

    ``embedder`` (see ``embedders``) is optional; without it alignment uses
    length and anchors only.  Languages are accepted for callers' symmetry;
    the scores themselves are language independent.
    """
    src, tgt = [s or "" for s in src], [t or "" for t in tgt]
    options = options or AlignOptions()
    if not src or not tgt:
        return [Link((i,), (), 0.0) for i in range(len(src))] + \
               [Link((), (j,), 0.0) for j in range(len(tgt))]
    path, scorer = _align_path(src, tgt, options)
    if embedder is not None:
        path = _refine_with_embeddings(path, scorer, src, tgt, options, embedder)
    return [_link(scorer, step) for step in path]


def _refine_with_embeddings(path, scorer, src, tgt, options, embedder):
    windows = _unsure_windows(path, scorer)
    if not windows:
        return path
    spans = []
    for k0, k1 in windows:
        i0, j0 = path[k0][0], path[k0][2]
        last = path[k1 - 1]
        spans.append((k0, k1, i0, last[0] + last[1], j0, last[2] + last[3]))
    # Embed every sentence of every unsure stretch in one batch per side.
    src_needed = sorted({i for *_, i0, i1, _, _ in spans for i in range(i0, i1)})
    tgt_needed = sorted({j for *_, j0, j1 in spans for j in range(j0, j1)})
    src_vec = dict(zip(src_needed, embedder.embed([src[i] for i in src_needed])))
    tgt_vec = dict(zip(tgt_needed, embedder.embed([tgt[j] for j in tgt_needed])))
    out, done = [], 0
    for k0, k1, i0, i1, j0, j1 in spans:
        out.extend(path[done:k0])
        sub_src, sub_tgt = src[i0:i1], tgt[j0:j1]
        if sub_src and sub_tgt:
            sv = np.stack([src_vec[i] for i in range(i0, i1)])
            tv = np.stack([tgt_vec[j] for j in range(j0, j1)])
            sub_path, _ = _align_path(sub_src, sub_tgt, options, sv, tv)
            out.extend((i + i0, a, j + j0, b) for i, a, j, b in sub_path)
        else:
            out.extend(path[k0:k1])
        done = k1
    out.extend(path[done:])
    return out


def _link(scorer: _Scorer, step) -> Link:
    i, a, j, b = step
    score = scorer.table.similarity(i, a, j, b) if a and b else 0.0
    return Link(tuple(range(i, i + a)), tuple(range(j, j + b)), round(score, 4))
