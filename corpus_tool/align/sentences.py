"""Sentence alignment of a text and its translation: monotonic, 1:1 to 1:4, with omissions.

One aligner serves both the pipeline (pairs of documents) and ``corpus-tool
align`` (two files).  Each candidate link ("bead") is scored by

* sentence length (Gale & Church: translations have proportional lengths),
* shared anchors (numbers, names, 4-letter cognate prefixes, punctuation),
  weighted by how rare they are in the document (``features.FeatureTable``),
* word translations: shipped for known language pairs (``features.shipped_lexicon``,
  sv–en) and learnt from a first pass over the same document
  (``features.learn_lexicon``, after hunalign) for long documents,
* optionally, cross-lingual sentence embeddings (``embedders``).

Speed and memory stay near-linear: long documents are first aligned at half
resolution (pairs of sentences merged), recursively, and the full-resolution
dynamic programme only explores a narrow band around that coarse path.  With
an embedder, length and anchors align everything first; only the stretches
where that alignment is unsure (another path through the same rows costs
almost as much: forward and backward costs of the same programme) are
embedded and re-aligned, so each sentence is embedded at most once and many
are never embedded at all.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..document import Link
from .features import FeatureTable, learn_lexicon, merge_lexicons, shipped_lexicon

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
EMBED_SHARE = 0.7  # share of the embedding similarity in the mixed similarity
GC_VARIANCE = 6.8  # Gale & Church's variance of target chars per source char
FULL_DP_CELLS = 10_000  # below this many DP cells, no banding
BAND = 6  # half-width, in sentences, of the band around the coarse path
# A 1:1 bead needs no embedding when every alignment avoiding its rows costs
# at least this much more (cost units; forward + backward programme).
SURE_MARGIN = 1.0
SINGLE_SLICE = 200_000  # band cells scored per call when caching 1:1 similarities
COMPONENT_WEIGHT = 4.0  # see AlignOptions.component_weight; on when a lexicon is shipped
LEXICON_MAX_PAIRS = 2000
LEXICON_MIN_SENTENCES = 50  # fewer pairs teach no reliable word translations

# The band of one programme: lo, hi (node columns of each row), offsets (first cell of
# each row), rows, cols (row and column of each cell).
Band = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
# What one programme leaves for the margins: best cost of each cell, offsets, lo, hi.
Programme = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@dataclass
class AlignOptions:
    beads: tuple = tuple(BEAD_PENALTY) + ((1, 0), (0, 1))
    skip_cost: float = SKIP_COST
    length_weight: float = LENGTH_WEIGHT
    sim_weight: float = SIM_WEIGHT
    embed_share: float = EMBED_SHARE
    learn_lexicon: bool = True
    # Where embeddings tell translations apart, omissions may be cheaper.
    embed_skip_cost: float = 1.8
    embed_length_weight: float = 0.2
    # With a word lexicon, a sentence of a merged bead that shares (almost)
    # nothing with the other side is more likely left untranslated than part
    # of the merge (a heading before its paragraph).  Without one, short
    # sentences often have no anchors at all, so the rule stays off.
    component_weight: float = 0.0
    component_floor: float = 0.1


def _neg_log_erfc(x: np.ndarray) -> np.ndarray:
    """-log(erfc(x)) for x >= 0, stable for large x (Abramowitz & Stegun 7.1.26)."""
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return x * x - np.log(poly)


class _Scorer:
    """Costs of beads src[i:i+a] ~ tgt[j:j+b] from length, anchors and embeddings, vectorised."""

    def __init__(self, table: FeatureTable, options: AlignOptions,
                 src_vectors: np.ndarray | None = None, tgt_vectors: np.ndarray | None = None,
                 ratio: float | None = None):
        self.table = table
        self.options = options
        if ratio is None:
            total_src = float(self.table.src_len.sum()) or 1.0
            total_tgt = float(self.table.tgt_len.sum()) or 1.0
            # Clipped: when one side has many unaligned sentences the raw ratio misleads.
            ratio = min(max(total_tgt / total_src, 0.5), 2.0)
        self.ratio = ratio
        self.src_vectors = src_vectors
        self.tgt_vectors = tgt_vectors
        self.embed_base = 0.0
        self.skip_cost = options.embed_skip_cost if src_vectors is not None else options.skip_cost
        self._vector_spans: dict[tuple[int, int], np.ndarray] = {}
        self.band: Band | None = None  # of the programme being run
        self._single_band: np.ndarray | None = None
        self.dp: Programme | None = None  # of the last programme run, for the path's margins
        if src_vectors is not None and tgt_vectors is not None and len(src_vectors) and len(tgt_vectors):
            # Unrelated sentences are far from orthogonal in e5 space; measure
            # the background similarity on random pairs and score above it.
            rng = np.random.default_rng(0)
            si = rng.integers(0, len(src_vectors), 64)
            ti = rng.integers(0, len(tgt_vectors), 64)
            base = float(np.mean(np.sum(src_vectors[si] * tgt_vectors[ti], axis=1)))
            self.embed_base = min(base, 0.9)

    def length_cost(self, ls: np.ndarray, lt: np.ndarray) -> np.ndarray:
        mean = np.maximum((ls * self.ratio + lt) / 2.0, 1.0)
        delta = np.abs(lt - ls * self.ratio) / np.sqrt(GC_VARIANCE * mean)
        return np.minimum(_neg_log_erfc(delta / math.sqrt(2.0)), 30.0)

    def _vector_span(self, side: int, size: int) -> np.ndarray:
        key = (side, size)
        if key not in self._vector_spans:
            base = self.src_vectors if side == 0 else self.tgt_vectors
            assert base is not None  # embeddings are scored only by a scorer given both sides' vectors
            count = max(len(base) - size + 1, 0)
            summed = np.zeros((count, base.shape[1]), dtype=np.float32)
            for k in range(size):
                summed += base[k:k + count]
            norms = np.linalg.norm(summed, axis=1, keepdims=True)
            self._vector_spans[key] = summed / np.where(norms == 0, 1, norms)
        return self._vector_spans[key]

    def embed_similarity(self, si: np.ndarray, a: int, tj: np.ndarray, b: int) -> np.ndarray:
        x, y = self._vector_span(0, a), self._vector_span(1, b)
        cos = np.einsum("ij,ij->i", x[si], y[tj])
        return np.maximum(0.0, (cos - self.embed_base) / (1.0 - self.embed_base))

    def costs(self, si: np.ndarray, a: int, tj: np.ndarray, b: int) -> np.ndarray:
        """Cost of the bead shape (a, b) starting at each (si, tj); lower is better."""
        o = self.options
        if a == 0 or b == 0:
            return np.full(len(si), self.skip_cost * (a + b))
        _, ls = self.table.spans(0, a)
        _, lt = self.table.spans(1, b)
        size = (a + b) / 2.0
        length_weight = o.embed_length_weight if self.src_vectors is not None else o.length_weight
        cost = BEAD_PENALTY[(a, b)] + length_weight * self.length_cost(ls[si], lt[tj])
        sim = self.table.similarity(si, a, tj, b)
        if self.src_vectors is not None:
            # A mix, not a sum: the balance against omissions stays as tuned.
            sim = (1 - o.embed_share) * sim + o.embed_share * self.embed_similarity(si, a, tj, b)
        cost = cost + o.sim_weight * (0.5 - sim) * size
        if o.component_weight and a + b > 2:
            cost = cost + o.component_weight * self._unshared_components(si, a, tj, b)
        return cost

    def _unshared_components(self, si: np.ndarray, a: int, tj: np.ndarray, b: int) -> np.ndarray:
        """How far each sentence of a merged bead falls below the floor of shared anchors.

        A sentence's share with the other side is its best 1:1 similarity with
        one of the other side's sentences, read from the band's 1:1 scores
        (computed once per programme, not once per bead shape).
        """
        floor, total = self.options.component_floor, np.zeros(len(si))
        if a > 1:
            for k in range(a):
                best = np.max([self._single(si + k, tj + l) for l in range(b)], axis=0)
                total += np.maximum(0.0, floor - best)
        if b > 1:
            for l in range(b):
                best = np.max([self._single(si + k, tj + l) for k in range(a)], axis=0)
                total += np.maximum(0.0, floor - best)
        return total

    def _single(self, si: np.ndarray, tj: np.ndarray) -> np.ndarray:
        """1:1 anchor similarity of src[si] and tgt[tj] inside the band (0 outside it)."""
        assert self.band is not None  # _dp sets it before it asks for any cost
        lo, hi, offsets, rows, cols = self.band
        if self._single_band is None:
            n, m = len(self.table.src), len(self.table.tgt)
            self._single_band = np.zeros(len(rows))
            # In slices: one call over millions of band cells would double peak memory.
            for c0 in range(0, len(rows), SINGLE_SLICE):
                r, c = rows[c0:c0 + SINGLE_SLICE], cols[c0:c0 + SINGLE_SLICE]
                inside = (r < n) & (c < m)
                self._single_band[c0:c0 + SINGLE_SLICE][inside] = self.table.similarity(r[inside], 1, c[inside], 1)
        out = np.zeros(len(si))
        ok = (si < len(lo)) & (tj >= 0)
        ok[ok] &= (tj[ok] >= lo[si[ok]]) & (tj[ok] <= hi[si[ok]])
        out[ok] = self._single_band[offsets[si[ok]] + tj[ok] - lo[si[ok]]]
        return out


def _dp(n: int, m: int, scorer: _Scorer, beads: Sequence[tuple], lo: np.ndarray, hi: np.ndarray):
    """Cheapest monotonic path from (0, 0) to (n, m) through nodes lo[i] <= j <= hi[i].

    Node (i, j) means i source and j target sentences consumed.  Costs of all
    beads ending in the band are computed at once; the recursion then runs row
    by row with numpy, the 0:1 chain within a row by a running minimum.
    """
    widths = hi - lo + 1
    offsets = np.concatenate([[0], np.cumsum(widths)])
    rows = np.repeat(np.arange(n + 1), widths)
    cols = np.concatenate([np.arange(lo[i], hi[i] + 1) for i in range(n + 1)])
    scorer.band, scorer._single_band = (lo, hi, offsets, rows, cols), None
    skip = scorer.skip_cost
    shaped = [(a, b) for a, b in beads if a >= 1]  # 0:1 is handled within rows
    total = len(rows)
    sentinel = total  # an extra cell that stays at infinity: "no predecessor"
    pred = np.full((len(shaped), total), sentinel, dtype=np.int64)
    bead_costs = np.full((len(shaped), total), np.inf)
    for t, (a, b) in enumerate(shaped):
        si, tj = rows - a, cols - b
        ok = (si >= 0) & (tj >= 0) & (si + a <= n) & (tj + b <= m)
        if not ok.any():
            continue
        prev_row = np.where(ok, si, 0)
        ok &= (tj >= lo[prev_row]) & (tj <= hi[prev_row])
        pred[t, ok] = offsets[si[ok]] + tj[ok] - lo[si[ok]]
        bead_costs[t, ok] = scorer.costs(si[ok], a, tj[ok], b)
    best = np.full(total + 1, np.inf)
    back = np.full(total, -1, dtype=np.int8)  # index into shaped, or -2 for 0:1
    for i in range(n + 1):
        s0, s1 = offsets[i], offsets[i + 1]
        if i > 0:
            cand = best[pred[:, s0:s1]] + bead_costs[:, s0:s1]
            choice = np.argmin(cand, axis=0)
            best[s0:s1] = cand[choice, np.arange(s1 - s0)]
            back[s0:s1] = choice
        elif lo[0] == 0:
            best[s0] = 0.0
        # 0:1 beads: row[k] = min over k' <= k of row[k'] + skip * (k - k').
        row = best[s0:s1]
        steps = np.arange(s1 - s0) * skip
        chained = np.minimum.accumulate(row - steps) + steps
        better = chained < row - 1e-12
        row[better] = chained[better]
        back[s0:s1][better] = -2
    if not np.isfinite(best[offsets[n] + m - lo[n]]):
        raise RuntimeError("no alignment path inside the band")
    scorer.dp = (best[:total], offsets, lo, hi)  # kept for the path's margins
    path, i, j = [], n, m
    while i > 0 or j > 0:
        t = back[offsets[i] + j - lo[i]]
        a, b = (0, 1) if t == -2 else shaped[t]
        i, j = i - a, j - b
        path.append((i, a, j, b))
    path.reverse()
    return path


def _band_from_coarse(coarse_path, n: int, m: int, factor: int, width: int):
    """Row ranges of a band around a coarse path projected to full resolution."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for ci, ca, cj, cb in coarse_path:
        i0, i1 = min(ci * factor, n), min((ci + ca) * factor, n)
        j0, j1 = min(cj * factor, m), min((cj + cb) * factor, m)
        r0, r1 = max(i0 - width, 0), min(i1 + width, n) + 1
        lo[r0:r1] = np.minimum(lo[r0:r1], max(j0 - width, 0))
        hi[r0:r1] = np.maximum(hi[r0:r1], min(j1 + width, m))
    lo[0], hi[n] = 0, m
    lo = np.minimum(lo, hi)
    return lo, hi


def _merge_vectors(vectors: np.ndarray) -> np.ndarray:
    merged = np.add.reduceat(vectors, np.arange(0, len(vectors), 2), axis=0)
    norms = np.linalg.norm(merged, axis=1, keepdims=True)
    return merged / np.where(norms == 0, 1, norms)


def _align_path(table: FeatureTable, options: AlignOptions, src_vectors=None, tgt_vectors=None, ratio=None):
    n, m = len(table.src), len(table.tgt)
    scorer = _Scorer(table, options, src_vectors, tgt_vectors, ratio)
    if (n + 1) * (m + 1) <= FULL_DP_CELLS or n < 4 or m < 4:
        lo, hi = np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)
    else:
        vectors: tuple[np.ndarray | None, np.ndarray | None] = (None, None)
        if src_vectors is not None:
            vectors = (_merge_vectors(src_vectors), _merge_vectors(tgt_vectors))
        coarse, _ = _align_path(table.coarse(), options, *vectors, ratio=scorer.ratio)
        lo, hi = _band_from_coarse(coarse, n, m, 2, BAND)
    return _dp(n, m, scorer, options.beads, lo, hi), scorer


def _row_margins(path, scorer: _Scorer) -> np.ndarray:
    """For each row i: how much dearer the best path avoiding the chosen nodes of row i is.

    Forward costs come from the alignment itself; backward costs from the
    same programme run on the reversed document.  A small margin means
    another alignment of that stretch is almost as good.
    """
    assert scorer.dp is not None  # the scorer of an aligned path has run its programme
    best, offsets, lo, hi = scorer.dp
    t = scorer.table
    n, m = len(t.src), len(t.tgt)
    reverse = FeatureTable(t.src[::-1], t.tgt[::-1], t.src_len[::-1], t.tgt_len[::-1], t.column_weight,
                           t.src_extra[::-1], t.tgt_extra[::-1])
    back_scorer = _Scorer(reverse, scorer.options, ratio=scorer.ratio)
    lo_r, hi_r = (m - hi[::-1]).copy(), (m - lo[::-1]).copy()
    _dp(n, m, back_scorer, scorer.options.beads, lo_r, hi_r)
    assert back_scorer.dp is not None  # just set by _dp
    back_best, back_offsets, _, _ = back_scorer.dp
    total_best = best[offsets[n] + m - lo[n]]
    on_path: dict = {}
    for i, _a, j, _b in path:
        on_path.setdefault(i, set()).add(j)
    on_path.setdefault(n, set()).add(m)
    margins = np.full(n + 1, np.inf)
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        forward = best[offsets[i]:offsets[i + 1]]
        ri = n - i
        backward = back_best[back_offsets[ri] + (m - js) - lo_r[ri]]
        through = forward + backward
        off = ~np.isin(js, list(on_path.get(i, ())))
        if off.any():
            margins[i] = float(through[off].min() - total_best)
    return margins


def _path_similarity(path, scorer: _Scorer) -> list[float]:
    """Anchor similarity of each bead of a path (0 for omissions)."""
    out = [0.0] * len(path)
    by_shape: dict = {}
    for k, (i, a, j, b) in enumerate(path):
        if a and b:
            by_shape.setdefault((a, b), []).append((k, i, j))
    for (a, b), items in by_shape.items():
        ks, si, tj = (np.array(x) for x in zip(*items))
        for k, v in zip(ks, scorer.table.similarity(si, a, tj, b)):
            out[k] = float(v)
    return out


def _unsure_windows(path, sure: list[bool]) -> list[tuple[int, int]]:
    """Runs of beads (index ranges into ``path``) that length and anchors did not settle."""
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


def align(src: Sequence[str], tgt: Sequence[str], *, embedder=None, src_lang: str | None = None,
          tgt_lang: str | None = None, options: AlignOptions | None = None) -> list[Link]:
    """Align two lists of sentences; returns monotonic links covering every sentence once.

    ``embedder`` (see ``embedders``) is optional; without it alignment uses
    length, anchors and word translations only.  The languages (ISO codes)
    select a shipped word lexicon when there is one for the pair; every other
    score is language independent.
    """
    src, tgt = [s or "" for s in src], [t or "" for t in tgt]
    if not src or not tgt:
        return [Link((i,), (), 0.0) for i in range(len(src))] + \
               [Link((), (j,), 0.0) for j in range(len(tgt))]
    known = shipped_lexicon(src_lang, tgt_lang)
    if options is None:
        options = AlignOptions(component_weight=COMPONENT_WEIGHT if known else 0.0)
    path, scorer = _align_path(FeatureTable.from_texts(src, tgt, known), options)
    if options.learn_lexicon and min(len(src), len(tgt)) >= LEXICON_MIN_SENTENCES:
        # Second pass with word translations learnt from the first.
        # Distinct pairs: a repeated pair (boilerplate) is no new evidence, and
        # would make every word of it look like a translation of every other.
        ones = list(dict.fromkeys((src[i], tgt[j]) for i, a, j, b in path if (a, b) == (1, 1)))
        # An even sample is enough evidence and keeps memory flat on huge documents.
        step = max(1, len(ones) // LEXICON_MAX_PAIRS)
        learnt = learn_lexicon(ones[::step])
        if learnt:
            lexicon = merge_lexicons(known, learnt)
            path, scorer = _align_path(FeatureTable.from_texts(src, tgt, lexicon), options)
    sims = _path_similarity(path, scorer)
    if embedder is not None:
        refined = _refine_with_embeddings(path, sims, scorer, src, tgt, options, embedder)
        if refined is not path:
            path, sims = refined, _path_similarity(refined, scorer)
    return [Link(tuple(range(i, i + a)), tuple(range(j, j + b)), round(sim, 4))
            for (i, a, j, b), sim in zip(path, sims)]


def _refine_with_embeddings(path, sims, scorer, src, tgt, options, embedder):
    """Re-align, with embeddings, only the stretches that length and anchors left unsure."""
    margins = _row_margins(path, scorer)
    sure = [(a, b) == (1, 1) and min(margins[i], margins[i + 1]) >= SURE_MARGIN for i, a, j, b in path]
    windows = _unsure_windows(path, sure)
    if not windows:
        return path
    spans = []
    for k0, k1 in windows:
        last = path[k1 - 1]
        spans.append((k0, k1, path[k0][0], last[0] + last[1], path[k0][2], last[2] + last[3]))
    # Every sentence of every unsure stretch, embedded in one batch per side.
    src_needed = sorted({i for _, _, i0, i1, _, _ in spans for i in range(i0, i1)})
    tgt_needed = sorted({j for _, _, _, _, j0, j1 in spans for j in range(j0, j1)})
    src_vec = dict(zip(src_needed, embedder.embed([src[i] for i in src_needed])))
    tgt_vec = dict(zip(tgt_needed, embedder.embed([tgt[j] for j in tgt_needed])))
    out, done = [], 0
    for k0, k1, i0, i1, j0, j1 in spans:
        out.extend(path[done:k0])
        if i1 > i0 and j1 > j0:
            sv = np.stack([src_vec[i] for i in range(i0, i1)])
            tv = np.stack([tgt_vec[j] for j in range(j0, j1)])
            sub, _ = _align_path(scorer.table.window(i0, i1, j0, j1), options, sv, tv, ratio=scorer.ratio)
            out.extend((i + i0, a, j + j0, b) for i, a, j, b in sub)
        else:
            out.extend(path[k0:k1])
        done = k1
    out.extend(path[done:])
    return out
