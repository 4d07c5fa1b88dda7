"""Language-independent anchors of a sentence: numbers, names, cognates, punctuation.

Two sentences that translate each other share numbers and proper names
verbatim, share many 4-letter word prefixes (cognates: polisen/police,
Regierung/régime does not, but Himalaya/himalayen does) and end with the same
punctuation.  None of this needs a dictionary, so it works for any pair of
languages written in the Latin (or any shared) script.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

_WORD = re.compile(r"\w+", re.UNICODE)
# "8847,60", "1 000", "10.5" are one number; thousands spaces are dropped.
_NUMBER = re.compile(r"\d+(?:[ \u00a0.,]\d{3})*(?:[.,]\d+)?")
_PUNCT_MARKS = "?!:;()\"«»“”%"
COGNATE_PREFIX = 4
MIN_COGNATE_WORD = 4


@dataclass(frozen=True)
class Anchors:
    """Weighted-feature view of one sentence (or several merged)."""

    features: frozenset  # ("n", "34"), ("c", "poli"), ("p", "?") ...
    length: int  # characters, without surrounding space


def _normalise_number(surface: str) -> str:
    digits = re.sub(r"[ \u00a0]", "", surface)
    # "8847,60" and "8847.60" are the same number; "1,000" and "1.000" too.
    if re.fullmatch(r"\d{1,3}([.,]\d{3})+", digits):
        return re.sub(r"[.,]", "", digits)
    return digits.replace(",", ".")


def sentence_features(text: str) -> frozenset:
    feats: set = set()
    for m in _NUMBER.finditer(text):
        value = _normalise_number(m.group())
        # Single digits are too common to anchor anything.
        if len(value) > 1:
            feats.add(("n", value))
    words = _WORD.findall(text)
    for k, w in enumerate(words):
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


class FeatureTable:
    """Features of every sentence on both sides, with inverse-frequency weights.

    A feature that occurs in many sentences of a document (a prefix such as
    "the " or "som ") tells little about which sentence is which, so it weighs
    less; a number or a name seen once on each side weighs most.
    """

    def __init__(self, src: list[str], tgt: list[str]):
        self.src = [sentence_features(s) for s in src]
        self.tgt = [sentence_features(t) for t in tgt]
        self.src_len = [len(s.strip()) for s in src]
        self.tgt_len = [len(t.strip()) for t in tgt]
        df_src = Counter(f for fs in self.src for f in fs)
        df_tgt = Counter(f for fs in self.tgt for f in fs)
        n_src, n_tgt = max(len(src), 1), max(len(tgt), 1)
        self.weight: dict = {}
        for f in set(df_src) | set(df_tgt):
            # Frequency on the more frequent side decides (a feature common on
            # either side is a weak anchor).
            share = max(df_src.get(f, 0) / n_src, df_tgt.get(f, 0) / n_tgt)
            w = max(0.05, -math.log(max(share, 1e-6)) / 3.0)
            if f[0] == "n":
                w *= 2.0
            elif f[0] == "name":
                w *= 1.5
            elif f[0] == "p":
                w *= 0.5
            self.weight[f] = w
        self._span_cache: dict = {}

    def span(self, side: int, start: int, size: int) -> tuple[frozenset, float, int]:
        """Union of features, their total weight and total length of a span of sentences."""
        key = (side, start, size)
        hit = self._span_cache.get(key)
        if hit is not None:
            return hit
        feats_list = self.src if side == 0 else self.tgt
        lens = self.src_len if side == 0 else self.tgt_len
        feats = frozenset().union(*feats_list[start:start + size])
        weight = sum(self.weight.get(f, 0.0) for f in feats)
        hit = (feats, weight, sum(lens[start:start + size]) + max(size - 1, 0))
        self._span_cache[key] = hit
        return hit

    def similarity(self, i: int, a: int, j: int, b: int) -> float:
        """Weighted Dice overlap of the anchors of src[i:i+a] and tgt[j:j+b], in [0, 1]."""
        fs, ws, _ = self.span(0, i, a)
        ft, wt, _ = self.span(1, j, b)
        if ws + wt == 0:
            return 0.0
        shared = fs & ft
        if not shared:
            return 0.0
        return 2.0 * sum(self.weight[f] for f in shared) / (ws + wt)
