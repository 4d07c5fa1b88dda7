"""Language-independent anchors of a sentence: numbers, names, cognates, punctuation.

Two sentences that translate each other share numbers and proper names
verbatim, share many 4-letter word prefixes (cognates: polisen/police,
Himalaya/himalayen) and often the same punctuation.  None of this needs a
dictionary, so it works for any pair of languages in a shared script.  Word
translations add to it: learnt from a first pass over the document
(``learn_lexicon``) and, for language pairs with a shipped lexicon
(``data/lexicon_sv_en.tsv``), known from the start (``shipped_lexicon``).

For speed each sentence becomes a binary vector over the features found on
both sides; a bead's similarity is then a weighted dot product, computed for
thousands of candidate beads at once with numpy.
"""
from __future__ import annotations

import functools
import math
import re
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence, Set

import numpy as np

from ..resources import read_tsv

_WORD = re.compile(r"\w+", re.UNICODE)
# "8847,60", "1 000", "10.5" are one number each.
_NUMBER = re.compile(r"\d+(?:[ \u00a0.,]\d{3})*(?:[.,]\d+)?")
_PUNCT_MARKS = "?!:;()\"«»“”%"
COGNATE_PREFIX = 4
MIN_COGNATE_WORD = 4
MAX_COLUMNS = 1024  # shared features kept apart; beyond, they share hashed columns
SPAN_BLOCK = 4096  # rows per block when summing span weights
KIND_WEIGHT = {"n": 2.0, "name": 1.5, "c": 1.0, "p": 0.5, "x": 1.0}

Feature = tuple[str, str]  # (kind, value): ("n", "34"), ("c", "poli"), ...


def _normalise_number(surface: str) -> str:
    digits = re.sub(r"[ \u00a0]", "", surface)
    # "1,000" and "1.000" are the same number; "8847,60" and "8847.60" too.
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", digits):
        return re.sub(r"[.,]", "", digits)
    return digits.replace(",", ".")


# Pairing scores each candidate pair by aligning it, so one document's sentences are featured once
# per candidate it is in: the features of the sentences seen last are kept (a bounded memory).
@functools.lru_cache(maxsize=1 << 16)
def sentence_features(text: str) -> frozenset[Feature]:
    """("n", "34"), ("c", "poli"), ("name", "malmö"), ("p", "?") … of one sentence."""
    feats: set[Feature] = set()
    for m in _NUMBER.finditer(text):
        value = _normalise_number(m.group())
        if len(value) > 1:  # single digits are too common to anchor anything
            feats.add(("n", value))
    for k, w in enumerate(_WORD.findall(text)):
        if w.isdigit():
            continue
        low = w.lower()
        if len(w) >= MIN_COGNATE_WORD:
            feats.add(("c", low[:COGNATE_PREFIX]))
        # A capitalised word after the first one is probably a name.
        if k > 0 and w[:1].isupper() and len(w) > 1:
            feats.add(("c", low[:COGNATE_PREFIX]))
            feats.add(("name", low))
    for ch in _PUNCT_MARKS:
        if ch in text:
            feats.add(("p", ch))
    return frozenset(feats)


@functools.lru_cache(maxsize=65536)
def _bucket(feature: tuple) -> int:
    return zlib.crc32(f"{feature[0]}\x00{feature[1]}".encode())


def _pairs_merged(matrix: np.ndarray, lengths: np.ndarray, extra: np.ndarray):
    """Rows 2k and 2k+1 merged into one (features OR-ed, lengths and extra weights added)."""
    if len(matrix) % 2:
        matrix = np.vstack([matrix, np.zeros((1, matrix.shape[1]), dtype=matrix.dtype)])
        lengths = np.append(lengths, -1.0)  # the missing partner adds no length or space
        extra = np.append(extra, 0.0)
    return (np.maximum(matrix[0::2], matrix[1::2]), lengths[0::2] + lengths[1::2] + 1,
            extra[0::2] + extra[1::2])


def content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) >= 3 and not w.isdigit()}


def cooccurrence(pairs: list[tuple[str, str]]) -> tuple[Counter[str], Counter[str], Counter[tuple[str, str]]]:
    """Sentence pairs holding each source word, each target word, and each (source, target) pair."""
    src_count: Counter[str] = Counter()
    tgt_count: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    for s, t in pairs:
        ws, wt = content_words(s), content_words(t)
        src_count.update(ws)
        tgt_count.update(wt)
        both.update((a, b) for a in ws for b in wt)
    return src_count, tgt_count, both


def learn_lexicon(pairs: list[tuple[str, str]], min_count: int = 3, min_dice: float = 0.5) -> dict:
    """Word translations learnt from sentence pairs of one document (hunalign's bootstrap idea).

    A source and a target word that keep occurring in the same aligned
    sentence pairs, and rarely apart, are taken as translations:
    Dice(s, t) = 2·c(s,t) / (c(s) + c(t)).  Returns {source word: {target words}}.
    """
    src_count, tgt_count, both = cooccurrence(pairs)
    lexicon: dict = {}
    for (a, b), c in both.items():
        if c >= min_count and a != b and 2 * c / (src_count[a] + tgt_count[b]) >= min_dice:
            lexicon.setdefault(a, set()).add(b)
    return lexicon


def shipped_lexicon(src_lang: str | None, tgt_lang: str | None) -> dict:
    """Word translations shipped for a language pair (``data/lexicon_<a>_<b>.tsv``), else {}.

    Either direction of a file serves: ``lexicon_sv_en.tsv`` also aligns
    English sources with Swedish targets.  Returned as {source word: {target words}}.
    """
    if not src_lang or not tgt_lang or src_lang == tgt_lang:
        return {}
    return _shipped_lexicon(src_lang, tgt_lang)


@functools.cache
def _shipped_lexicon(src_lang: str, tgt_lang: str) -> dict:
    for a, b in ((src_lang, tgt_lang), (tgt_lang, src_lang)):
        try:
            rows = read_tsv(f"lexicon_{a}_{b}.tsv")
        except FileNotFoundError:
            continue
        lexicon: dict = {}
        for row in rows:
            source, target = (row[a], row[b]) if a == src_lang else (row[b], row[a])
            lexicon.setdefault(source, set()).add(target)
        return lexicon
    return {}


def merge_lexicons(*lexicons: dict) -> dict:
    merged: dict = {}
    for lexicon in lexicons:
        for word, targets in lexicon.items():
            merged.setdefault(word, set()).update(targets)
    return merged


def _with_lexicon(src: Sequence[str], tgt: Sequence[str], src_feats: Sequence[frozenset[Feature]],
                  tgt_feats: Sequence[frozenset[Feature]], lexicon: Mapping[str, Set[str]],
                  ) -> tuple[list[frozenset[Feature]], list[frozenset[Feature]]]:
    """Add a shared feature for each learnt word pair found on both sides."""
    wanted = {b for targets in lexicon.values() for b in targets}
    src_out: list[frozenset[Feature]] = []
    tgt_out: list[frozenset[Feature]] = []
    for text, fs in zip(src, src_feats):
        extra = {("x", f"{a}|{b}") for a in content_words(text) & lexicon.keys() for b in lexicon[a]}
        src_out.append(fs | extra)
    reverse: dict[str, set[str]] = {}
    for a, targets in lexicon.items():
        for b in targets:
            reverse.setdefault(b, set()).add(a)
    for text, fs in zip(tgt, tgt_feats):
        extra = {("x", f"{a}|{b}") for b in content_words(text) & wanted for a in reverse[b]}
        tgt_out.append(fs | extra)
    return src_out, tgt_out


class FeatureTable:
    """Features of every sentence on both sides as bucket matrices, with rarity weights.

    A feature that occurs in many sentences of the document (a prefix such as
    "that" or "som ") tells little about which sentence is which, so it
    weighs less; a number or a name seen once on each side weighs most.
    """

    def __init__(self, src: np.ndarray, tgt: np.ndarray, src_len: np.ndarray, tgt_len: np.ndarray,
                 column_weight: np.ndarray, src_extra: np.ndarray, tgt_extra: np.ndarray):
        self.src, self.tgt = src, tgt  # sentence x shared-feature indicator matrices
        self.src_len, self.tgt_len = src_len, tgt_len
        self.column_weight = column_weight
        # Weight of each sentence's features found on one side only: they can
        # never match, but they make a sentence less similar to anything.
        self.src_extra, self.tgt_extra = src_extra, tgt_extra
        self._spans: dict = {}

    @classmethod
    def from_texts(cls, src: list[str], tgt: list[str], lexicon: dict | None = None) -> FeatureTable:
        src_feats = [sentence_features(s) for s in src]
        tgt_feats = [sentence_features(t) for t in tgt]
        if lexicon:
            src_feats, tgt_feats = _with_lexicon(src, tgt, src_feats, tgt_feats, lexicon)
        df_src = Counter(f for fs in src_feats for f in fs)
        df_tgt = Counter(f for fs in tgt_feats for f in fs)
        n_src, n_tgt = max(len(src), 1), max(len(tgt), 1)
        weight = {}
        for f in set(df_src) | set(df_tgt):
            share = max(df_src.get(f, 0) / n_src, df_tgt.get(f, 0) / n_tgt)
            weight[f] = max(0.05, -math.log(max(share, 1e-6)) / 3.0) * KIND_WEIGHT[f[0]]
        # Only features present on both sides can match: they get a column
        # each (hashed into MAX_COLUMNS when a huge document has more).
        shared = sorted(set(df_src) & set(df_tgt))
        if len(shared) <= MAX_COLUMNS:
            column = {f: k for k, f in enumerate(shared)}
        else:
            column = {f: _bucket(f) % MAX_COLUMNS for f in shared}
        column_weight = np.zeros(max(min(len(shared), MAX_COLUMNS), 1), dtype=np.float32)
        for f, c in column.items():
            column_weight[c] = max(column_weight[c], weight[f])

        def matrix(feats):
            m = np.zeros((len(feats), len(column_weight)), dtype=np.uint8)  # 0/1, compact
            extra = np.zeros(len(feats))
            for row, fs in enumerate(feats):
                cols = [column[f] for f in fs if f in column]
                m[row, cols] = 1.0
                extra[row] = sum(weight[f] for f in fs if f not in column)
            return m, extra

        src_m, src_extra = matrix(src_feats)
        tgt_m, tgt_extra = matrix(tgt_feats)
        return cls(src_m, tgt_m, np.array([len(s.strip()) for s in src], dtype=np.float64),
                   np.array([len(t.strip()) for t in tgt], dtype=np.float64), column_weight,
                   src_extra, tgt_extra)

    def coarse(self) -> FeatureTable:
        """The same document at half resolution: pairs of adjacent sentences merged."""
        src, src_len, src_extra = _pairs_merged(self.src, self.src_len, self.src_extra)
        tgt, tgt_len, tgt_extra = _pairs_merged(self.tgt, self.tgt_len, self.tgt_extra)
        return FeatureTable(src, tgt, src_len, tgt_len, self.column_weight, src_extra, tgt_extra)

    def window(self, i0: int, i1: int, j0: int, j1: int) -> FeatureTable:
        return FeatureTable(self.src[i0:i1], self.tgt[j0:j1], self.src_len[i0:i1], self.tgt_len[j0:j1],
                            self.column_weight, self.src_extra[i0:i1], self.tgt_extra[j0:j1])

    def _span_rows(self, side: int, size: int, r0: int, r1: int) -> np.ndarray:
        """Features (OR, 0/1) of the spans of ``size`` sentences starting at r0..r1-1."""
        base = self.src if side == 0 else self.tgt
        out = base[r0:r1].copy()
        for k in range(1, size):
            np.maximum(out, base[r0 + k:r1 + k], out=out)
        return out

    def spans(self, side: int, size: int) -> tuple[np.ndarray, np.ndarray]:
        """For every start k: total feature weight and length of sentences k..k+size-1.

        Span feature rows are not kept (a float matrix per span size is too
        large for long documents); ``similarity`` rebuilds them per block.
        """
        key = (side, size)
        if key not in self._spans:
            base = self.src if side == 0 else self.tgt
            lens = self.src_len if side == 0 else self.tgt_len
            extra = self.src_extra if side == 0 else self.tgt_extra
            count = max(len(base) - size + 1, 0)
            length = np.zeros(count)
            weight = np.zeros(count)
            for k in range(size):
                length += lens[k:k + count]
                weight += extra[k:k + count]
            for r0 in range(0, count, SPAN_BLOCK):
                r1 = min(r0 + SPAN_BLOCK, count)
                weight[r0:r1] += self._span_rows(side, size, r0, r1).astype(np.float32) @ self.column_weight
            length += size - 1  # the spaces that join merged sentences
            self._spans[key] = (weight, length)
        return self._spans[key]

    def similarity(self, si: np.ndarray, a: int, tj: np.ndarray, b: int, block: int = 64) -> np.ndarray:
        """Weighted Dice overlap of src[si:si+a] and tgt[tj:tj+b] for arrays of starts, in [0, 1].

        Candidate beads lie in a band along the diagonal, so the overlaps are
        computed as small dense matrix products, one per block of source rows.
        """
        ws, _ = self.spans(0, a)
        wt, _ = self.spans(1, b)
        out = np.zeros(len(si), dtype=np.float64)
        if not len(si):
            return out
        order = np.argsort(si, kind="stable")
        si_sorted = si[order]
        cuts = np.searchsorted(si_sorted, np.arange(si_sorted[0], si_sorted[-1] + block + 1, block))
        for c0, c1 in zip(cuts[:-1], cuts[1:]):
            if c0 == c1:
                continue
            idx = order[c0:c1]
            x, y = si[idx], tj[idx]
            r0, t0 = x.min(), y.min()
            fs = self._span_rows(0, a, r0, x.max() + 1)
            ft = self._span_rows(1, b, t0, y.max() + 1)
            # Only features present on both sides of the block can be shared.
            active = np.flatnonzero(fs.any(axis=0) & ft.any(axis=0))
            fs = fs[:, active].astype(np.float32)
            ft = ft[:, active] * self.column_weight[active]
            # einsum, not @: small products are faster without BLAS threads on a busy machine.
            shared = np.einsum("ik,jk->ij", fs, ft)
            total = ws[x] + wt[y]
            out[idx] = np.where(total > 0, 2.0 * shared[x - r0, y - t0] / np.maximum(total, 1e-9), 0.0)
        return out
