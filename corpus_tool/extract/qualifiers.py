"""Words that shape a quantity: qualifiers before or after it, and its unit.

A qualifier ("drygt 100", "up to £120 million", "a dozen or so", the Swedish "-tal") widens or
bounds the range a number stands for; the rules are the rows of ``qualifiers.tsv`` (its header
gives the conventions).  Units written after a number are percent ("63%", "three per cent")
and currencies ("kronor", "dollars").
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from ..resources import read_tsv
from .tokens import Token, context_words, lang_code, phrase_end, tokenize


@dataclass(frozen=True)
class Qualifier:
    words: tuple[str, ...]
    name: str
    approximate: bool
    low_factor: float | None
    low_offset: float
    high_factor: float | None
    high_offset: float


def _float(text: str) -> float | None:
    return float(text) if text != "" else None


@functools.cache
def qualifiers(lang: str, position: str) -> tuple[Qualifier, ...]:
    """The qualifiers written ``before`` or ``after`` a number in a language, longest first."""
    rows = [r for r in read_tsv("qualifiers.tsv") if r["lang"] == lang_code(lang) and r["position"] == position]
    quals = [Qualifier(tuple(r["phrase"].lower().split()), r["qualifier"], r["approximate"] == "1",
                       _float(r["low_factor"]), float(r["low_offset"] or 0),
                       _float(r["high_factor"]), float(r["high_offset"] or 0)) for r in rows]
    return tuple(sorted(quals, key=lambda q: -len(q.words)))


@functools.cache
def tal_rule() -> Qualifier:
    """The Swedish "-tal" rule: "ett tiotal", "ett 50-tal"."""
    return next(q for q in qualifiers("sv", "after") if q.words == ("-tal",))


def match_before(tokens: list[Token], i: int, quals: tuple[Qualifier, ...]) -> tuple[Qualifier, int] | None:
    """The qualifier whose words end right before token i, and the token it starts at;
    abbreviations may keep their dot ("ca. 30") and "c:a" is three tokens."""
    k = i
    if k >= 2 and tokens[k - 1].text == "." and tokens[k - 2].kind == "word" and len(tokens[k - 2].text) <= 6:
        k -= 1  # "ca." / "approx."
    if k == 0:
        return None
    candidates = _by_last_token(quals).get(tokens[k - 1].low)
    if not candidates:
        return None  # most numbers: no qualifier ends with the word before them
    joined = " ".join(t.low for t in tokens[max(0, k - 6):k]).replace(" : ", ":")
    for qual, phrase, used in candidates:
        if joined == phrase or joined.endswith(" " + phrase):
            return qual, k - used
    return None


def _by_last_token(quals: tuple[Qualifier, ...]) -> dict[str, list[tuple[Qualifier, str, int]]]:
    """The qualifiers by their last token ("a" of "c:a", "än" of "mer än"), in their order, each with
    its phrase and its number of tokens; kept by the tuple's identity (``qualifiers`` returns the same
    tuple each time, and hashing every qualifier of it per number would cost more than the lookup)."""
    kept = _BY_LAST.get(id(quals))
    if kept is not None and kept[0] is quals:
        return kept[1]
    out: dict[str, list[tuple[Qualifier, str, int]]] = {}
    for qual in quals:
        phrase = " ".join(qual.words)
        tokens = phrase.replace(":", " : ").split()
        out.setdefault(tokens[-1], []).append((qual, phrase, len(tokens)))
    _BY_LAST[id(quals)] = (quals, out)
    return out


_BY_LAST: dict[int, tuple[tuple[Qualifier, ...], dict[str, list[tuple[Qualifier, str, int]]]]] = {}


def match_after(tokens: list[Token], j: int, quals: tuple[Qualifier, ...]) -> tuple[Qualifier, int] | None:
    """The qualifier whose words start at token j, and the token after it ("-tal" is read elsewhere)."""
    for qual in quals:
        n = len(qual.words)
        if qual.words == ("-tal",) or j + n > len(tokens):
            continue
        if all(tokens[j + k].low == w for k, w in enumerate(qual.words)):
            return qual, j + n
    return None


def apply_qualifier(qual: Qualifier, low: float | None, high: float | None,
                    whole: bool) -> tuple[float | None, float | None]:
    """The range after a qualifier (see the header of qualifiers.tsv)."""
    new_low = new_high = None
    if qual.low_factor is not None and low is not None:
        new_low = qual.low_factor * low + (qual.low_offset if whole else 0)
        new_low = math.floor(round(new_low, 6)) if whole else round(new_low, 6)
    if qual.high_factor is not None and high is not None:
        new_high = qual.high_factor * high + (qual.high_offset if whole else 0)
        new_high = math.ceil(round(new_high, 6)) if whole else round(new_high, 6)
    return new_low, new_high


# ---------------------------------------------------------------- units

CURRENCY_SIGNS = frozenset("£$€")


def percent_at(tokens: list[Token], j: int, lang: str) -> int:
    """The token index after a percent sign or word at ``j`` ("%", "procent", "per cent"), else 0."""
    if j < len(tokens) and tokens[j].text == "%":
        return j + 1
    return phrase_end(tokens, j, context_words(lang, "percent"))


@functools.cache
def _measure_units(lang: str) -> tuple[frozenset[str], dict[tuple[str, ...], str], frozenset[str]]:
    rows = [r for r in read_tsv("measure_units.tsv") if r["lang"] in ("*", lang_code(lang))]
    words = frozenset(r["word"] for r in rows)
    units = {tuple(t.low for t in tokenize(r["word"])): r["unit"] for r in rows}
    return words, units, frozenset(parts[0] for parts in units)


def measure_at(tokens: list[Token], j: int, lang: str) -> tuple[str, int] | None:
    """The unit of measurement written from token j ("centimeter" -> cm, "kilometer i timmen" -> km/h)
    and the token index after it, else None."""
    words, units, first = _measure_units(lang)
    if j >= len(tokens) or tokens[j].low not in first:
        return None
    end = phrase_end(tokens, j, words)
    if not end:
        return None
    return units[tuple(t.low for t in tokens[j:end])], end


def currency_at(tokens: list[Token], j: int, lang: str) -> str | None:
    """The currency written at token j ("kronor" -> SEK, "dollars"), else None."""
    if j < len(tokens) and tokens[j].low in context_words(lang, "currency"):
        return "SEK" if tokens[j].low in context_words(lang, "kronor") else tokens[j].low
    if j + 1 < len(tokens) and tokens[j].low in context_words(lang, "cash_before") \
            and tokens[j + 1].low in context_words(lang, "cash"):
        return "SEK"  # "ca 40.000 i kontanter": cash in a Swedish text, kronor
    return None
