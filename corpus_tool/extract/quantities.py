"""Quantities in Swedish and English text: digits, number words, approximations, ranges.

``find_quantities(text, lang)`` returns every quantity written in ``text`` with its
nominal value and the range it stands for ("ett tiotal" -> 10, 8-14, approximate;
"drygt 100" -> 100, 101-115).  Things written with digits that are not counts
(dates, times, phone numbers, codes, durations, ordinals, compounds like "19-åring")
are left out (``not_counts``); years are left to ``periods``.  Tokens and number words
come from ``tokens``, qualifiers and units from ``qualifiers``; fixed phrases ("ett par",
"a dozen") from ``approximations.tsv``.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..resources import read_tsv
from .not_counts import (
    age_apposition,
    clock,
    clock_time,
    coordinated_with_non_count,
    counted_noun_follows,
    counted_year,
    date_context,
    in_compound,
    in_name,
    label_after,
    metric_noun_follows,
    name_before,
    name_goes_on,
    phone_cue_before,
    street_number,
    suspended_compound,
    verb_follows,
)
from .qualifiers import (
    CURRENCY_SIGNS,
    apply_qualifier,
    currency_at,
    match_after,
    match_before,
    measure_at,
    percent_at,
    qualifiers,
    tal_rule,
)
from .tokens import (
    DATE,
    LETTERS,
    NEGATION_REACH,
    RANGE,
    YEAR_LIKE,
    Atom,
    Token,
    combine,
    context_words,
    digit_value,
    followed_by,
    is_year,
    lang_code,
    preceded_by,
    sentence_start,
    tokenize,
    word_atoms,
    word_follows,
)


@dataclass
class Quantity:
    """One quantity in a text; offsets are relative to the text searched."""

    surface: str
    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    qualifier: str | None = None
    unit: str | None = None


# What a reader at token i found: the quantity (None: words that are not one, skipped) and the
# token after them; None when nothing there reads as a number.
_Found = tuple[Quantity | None, int]


def _float(text: str) -> float | None:
    return float(text) if text != "" else None


@functools.cache
def phrases(lang: str) -> dict[str, tuple[tuple[tuple[str, ...], dict], ...]]:
    """Fixed phrases by their first word, longest first."""
    rows = [r for r in read_tsv("approximations.tsv") if r["lang"] == lang_code(lang)]
    by_first: dict[str, list] = {}
    for words, row in sorted(((tuple(r["phrase"].lower().split()), r) for r in rows), key=lambda p: -len(p[0])):
        by_first.setdefault(words[0], []).append((words, row))
    return {k: tuple(v) for k, v in by_first.items()}


# ---------------------------------------------------------------- finder


def find_quantities(text: str, lang: str | None = "sv", skip: Iterable[tuple[int, int]] = (),
                    keep_years: bool = False) -> list[Quantity]:
    """Every quantity in ``text`` in order; spans in ``skip`` (e.g. periods) are not read."""
    lang = lang_code(lang)
    starts = phrases(lang)
    if not _may_hold_quantity(text, lang, starts):
        return []  # most sentences: read without making their tokens
    skip = list(skip)
    tokens = tokenize(text, lang)
    out: list[Quantity] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "punct" or tok.kind == "word" and tok.low not in starts and not _may_be_number(tok.low, lang):
            i += 1  # no reader starts at punctuation or at a word that is no number and opens no phrase
            continue
        if skip and any(s <= tok.start < e for s, e in skip):
            i += 1
            continue
        found = _phrase_at(tokens, i, lang) or _tal_at(tokens, i, lang) or _number_at(tokens, i, lang, keep_years)
        if found is None:
            i += 1
            continue
        quantity, j = found
        if quantity is not None:
            quantity, j = _range(tokens, i, j, quantity, lang, keep_years)
            quantity, j = _qualify(text, tokens, i, j, quantity, lang)
            if not any(s < quantity.end and quantity.start < e for s, e in skip):
                quantity.surface = text[quantity.start:quantity.end]
                out.append(quantity)
        i = max(j, i + 1)
    return out


_DIGIT = re.compile(r"\d")
_CLOCK_END = re.compile(r"(?:[01]?\d|2[0-3])[.:][0-5]\d")  # an end of a span of hours ("15.30", "14.00")


def _may_hold_quantity(text: str, lang: str, starts: dict) -> bool:
    """Whether a reader of ``find_quantities`` may start anywhere in ``text``: a digit, a number or
    "-tal" word, or a fixed phrase's words in a row.  An article ("en", "a") alone never starts one:
    the number word it stands before does ("ett hundra", "a million")."""
    if _DIGIT.search(text):
        return True
    words = [w.lower() for w in LETTERS.findall(text)]
    kinds = _word_kinds.setdefault(lang, {})
    for k, low in enumerate(words):
        kind = kinds.get(low)
        if kind is None:
            kind = _word_kind(low, lang, starts)
            if len(kinds) < _WORD_KINDS_KEPT:
                kinds[low] = kind
        if kind == _STARTS or kind == _OPENS_PHRASE and any(
                tuple(words[k:k + len(phrase)]) == phrase for phrase, _ in starts[low]):
            return True
    return False


# What a word is to the test above, known once per word: read by no reader, a reader's start, or the
# first word of a fixed phrase (a start only with the phrase's other words after it).
_NONE, _STARTS, _OPENS_PHRASE = 0, 1, 2
_WORD_KINDS_KEPT = 200_000  # words of a corpus's vocabulary remembered per language
_word_kinds: dict[str, dict[str, int]] = {}


def _word_kind(low: str, lang: str, starts: dict) -> int:
    if low not in context_words(lang, "article_number") and _may_be_number(low, lang):
        return _STARTS
    return _OPENS_PHRASE if low in starts else _NONE


@functools.cache
def range_words(lang: str, role: str) -> frozenset:
    """The words of one role (to, between, and) of ``range_words.tsv``."""
    return frozenset(r["word"] for r in read_tsv("range_words.tsv")
                     if r["lang"] == lang_code(lang) and r["role"] == role)


def _range(tokens: list[Token], i: int, j: int, q: Quantity, lang: str, keep_years: bool) -> tuple[Quantity, int]:
    """"2 to 4 inches", "mellan 10 och 15 personer": one quantity with a range and no single value."""
    if q.value is None or q.low != q.high or j + 1 >= len(tokens):
        return q, j
    between = i > 0 and tokens[i - 1].low in range_words(lang, "between")
    joiner = tokens[j].low
    if not (joiner in range_words(lang, "to") or between and joiner in range_words(lang, "and")):
        return q, j
    found = _number_at(tokens, j + 1, lang, keep_years)
    if found is None:
        return q, j
    second, end = found
    if second is None or second.value is None or second.value <= q.value:
        return q, j
    start = tokens[i - 1].start if between else q.start
    return Quantity("", start, second.end, None, q.value, second.value, False, "range"), end


@functools.lru_cache(maxsize=65536)
def _may_be_number(low: str, lang: str) -> bool:
    """A word a number reader may start at: a number word, an article before one or a "-tal" word."""
    return (low.endswith(_tal_suffix()) or low in context_words(lang, "tal_article")
            or low in context_words(lang, "article_number") or word_atoms(low, lang) is not None)


def _phrase_at(tokens: list[Token], i: int, lang: str) -> _Found | None:
    """A fixed phrase from approximations.tsv starting at token i."""
    for words, row in phrases(lang).get(tokens[i].low, ()):
        if i + len(words) > len(tokens):
            continue
        if all(tokens[i + k].low == w for k, w in enumerate(words)):
            if words[0] in context_words(lang, "negatable") \
                    and any(t.low in context_words(lang, "negation") for t in tokens[max(0, i - NEGATION_REACH):i]):
                return None, i + len(words)  # "inte några", "kan inte hitta några"
            end = i + len(words)
            if i and tokens[i - 1].low in _question_words(lang) \
                    and " ".join((tokens[i - 1].low, *words)) in context_words(lang, "question"):
                return None, end  # "hur många personer": the question, not a count
            if row.get("needs_noun") == "1" and (not word_follows(tokens, end, lang)
                                                 or verb_follows(tokens, end, lang)):
                return None, end  # "stämmer ett par på grund av", "där ett par bråkat": a couple, not two
            if row.get("needs_noun") == "counted" and not counted_noun_follows(tokens, end, lang):
                return None, end  # "många faktorer", "drabbar många": many of nothing the police count
            if followed_by(tokens, end, context_words(lang, "not_count_after")):
                return None, end  # "några dagar", "a few hours": a duration
            value = _float(row["value"])
            q = Quantity("", tokens[i].start, tokens[end - 1].end, value, _float(row["low"]), _float(row["high"]),
                         row["approximate"] == "1", row["qualifier"] or None)
            return q, end
    return None


@functools.cache
def _question_words(lang: str) -> frozenset[str]:
    """The first words of ``question`` (number_context.tsv): "hur" of "hur många"."""
    return frozenset(q.split()[0] for q in context_words(lang, "question"))


@functools.lru_cache(maxsize=1)
def _tal_suffix() -> str:
    return tal_rule().words[0].lstrip("-")  # "tal"


def _tal_at(tokens: list[Token], i: int, lang: str) -> _Found | None:
    """Swedish "-tal" approximations: "ett tiotal", "ett femtontal", "ett 50-tal"."""
    if lang != "sv":
        return None
    suffix = _tal_suffix()
    start_i = i + 1 if tokens[i].low in context_words(lang, "tal_article") and i + 1 < len(tokens) else i
    tok = tokens[start_i]
    value, end_i = None, start_i + 1
    if tok.kind == "word" and tok.low.endswith(suffix) and len(tok.low) > len(suffix):
        atoms = word_atoms(tok.low[:-len(suffix)], lang)
        value = combine(atoms) if atoms else None
        if atoms and atoms[-1].kind == "dozen" and len(atoms) == 1:
            value = 12.0  # "ett dussintal"
    elif (tok.kind == "num" and start_i + 2 < len(tokens) and tokens[start_i + 1].text == "-"
          and tokens[start_i + 2].low in (suffix, suffix + "et") and tok.end == tokens[start_i + 1].start
          and tokens[start_i + 1].end == tokens[start_i + 2].start):
        if tokens[start_i + 2].low != suffix and not (
                start_i and tokens[start_i - 1].low in context_words(lang, "tal_definite_before")
                and word_follows(tokens, start_i + 3, lang)):
            return None  # "på 20-talet": a decade; but "Samtliga 20-talet förare"
        value, end_i = digit_value(tok.text, lang), start_i + 3
    if value is None or value == 0:
        return None
    rule = tal_rule()
    low, high = apply_qualifier(rule, value, value, whole=True)
    return Quantity("", tokens[i].start, tokens[end_i - 1].end, value, low, high, True, rule.name), end_i


def _number_at(tokens: list[Token], i: int, lang: str, keep_years: bool) -> _Found | None:
    tok = tokens[i]
    if tok.kind == "num":
        return _digits_at(tokens, i, lang, keep_years)
    if tok.kind == "word" and word_atoms(tok.text, lang):
        return _words_at(tokens, i, lang)
    # "a hundred", "a million": an English article before a multiplier is the number one (the Swedish
    # articles "en", "ett" are number words themselves, read above)
    if tok.low in context_words(lang, "article_number") and i + 1 < len(tokens):
        atoms = word_atoms(tokens[i + 1].text, lang)
        if atoms and atoms[0].kind in ("hundred", "scale"):
            found = _words_at(tokens, i + 1, lang, after_article=True)
            if found and found[0] is not None:
                found[0].start = tok.start
            return found
    return None


def _digits_at(tokens: list[Token], i: int, lang: str, keep_years: bool) -> _Found:
    tok = tokens[i]
    run = tok.text
    prev = tokens[i - 1] if i else None
    # the next token only when written right against the digits ("11million", "19-åring")
    nxt = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1].start == tok.end else None
    if run.startswith("+") or DATE.fullmatch(run):
        return None, i + 1
    if prev is not None and prev.end == tok.start and prev.kind == "word":
        return None, i + 1  # model and code names: F125, WW1
    if age_apposition(tokens, i):
        return None, i + 1
    if clock_time(tokens, i, lang):
        return None, i + 1  # "11.29", "kl. 23.05": a clock time
    if suspended_compound(tokens, i):
        return None, i + 2  # "i 60- och 25-årsåldern": the first half of a compound
    if nxt is not None and nxt.kind == "word":
        glued = word_atoms(nxt.text, lang)
        value = digit_value(run, lang)
        if glued and len(glued) == 1 and glued[0].kind == "scale" and value is not None:
            return Quantity("", tok.start, nxt.end, value * glued[0].value, value * glued[0].value,
                            value * glued[0].value), i + 2  # "£11million", "2.8bn"
        return None, i + 1  # 180ml, 1st, 10k
    if nxt is not None and nxt.text in "-–:" and i + 2 < len(tokens) and tokens[i + 2].kind == "word" \
            and tokens[i + 2].start == nxt.end:
        value = digit_value(run, lang)
        if lang == "en" and nxt.text == "-" and value is not None and not YEAR_LIKE.fullmatch(run) \
                and tokens[i + 2].low not in context_words(lang, "not_count_after") \
                and not followed_by(tokens, i + 3, frozenset("-")):
            return Quantity("", tok.start, tok.end, value, value, value), i + 1  # "a 281-store chain"
        return None, i + 3  # 19-åring, 50-talet, 3:e, a 34-year-old
    if prev is not None and prev.end == tok.start and prev.text in "§#/-":
        return None, i + 1
    if i + 2 < len(tokens) and tokens[i + 1].text in "-–" and tokens[i + 1].start > tok.end \
            and tokens[i + 2].kind == "word" and tokens[i + 2].start == tokens[i + 1].end:
        return None, i + 3  # "i 40 -årsåldern": a compound with a stray space, as "40-årsåldern"
    range_match = RANGE.fullmatch(run)
    value = digit_value(run, lang)
    if value is None and range_match:
        if lang == "sv" and any(_CLOCK_END.fullmatch(g) for g in range_match.groups()):
            return None, i + 1  # "mellan 9-15.30", "14.00-16.00": hours, not a range of counts
        low, high = (digit_value(g, lang) for g in range_match.groups())
        if low is None or high is None or low >= high or (is_year(low, range_match.group(1))):
            return None, i + 1
        if followed_by(tokens, i + 1, context_words(lang, "not_count_after")) \
                or preceded_by(tokens, i, context_words(lang, "not_count_before")):
            return None, i + 1  # "14-19 år", "kl 22-07"
        return Quantity("", tok.start, tok.end, None, low, high, False, "range"), i + 1
    if value is None:
        return None, i + 1  # phone numbers, codes, IP addresses
    if is_year(value, run) and not keep_years and not counted_year(tokens, i, lang):
        return None, i + 1
    j = i + 1
    atoms = [Atom(value, "digit")]
    best = (value, j)
    while j < len(tokens):
        k = j
        if tokens[k].low in context_words(lang, "connector") and k + 1 < len(tokens):
            k += 1
        if tokens[k].kind != "word":
            break
        more = word_atoms(tokens[k].text, lang)
        # after digits only a multiplier ("3 hundra", "2 miljoner"); after that any number word
        if not more or (len(atoms) == 1 and more[0].kind not in ("hundred", "scale", "dozen")):
            break
        atoms = atoms + more
        total = combine(atoms)
        if total is None:
            break
        best, j = (total, k + 1), k + 1
        # "3 hundra 21": digits may follow a hundred/scale word
        extra = digit_value(tokens[j].text, lang) if j < len(tokens) and tokens[j].kind == "num" else None
        if extra is not None:
            cand = combine(atoms + [Atom(extra, "digit")])
            if cand is not None and extra < 1000:
                atoms = atoms + [Atom(extra, "digit")]
                best, j = (cand, j + 1), j + 1
    value, j = best
    if followed_by(tokens, j, context_words(lang, "not_count_after")) \
            or preceded_by(tokens, i, context_words(lang, "not_count_before")):
        return None, j
    if date_context(tokens, i, j, lang) or street_number(tokens, i, lang) or clock(tokens, j, lang):
        return None, j
    if not word_follows(tokens, j, lang) and not followed_by(tokens, j, frozenset("%")) \
            and (phone_cue_before(tokens, i, lang) or name_before(tokens, i)
                 or tok.text in context_words(lang, "service_number")):
        return None, j  # "ring 116 123", "sjukhuset Louis Pasteur 2 i Nice", "ringer … 112"
    if label_after(tokens, i, lang):
        return None, j  # "gärningsperson 2", "bil 1"
    if lang == "sv" and i and len(tokens[i - 1].text) == 1 and tokens[i - 1].text.isupper() \
            and tokens[i - 1].end < tok.start:
        return None, j  # "E 20", "E 18": a road written apart
    if name_before(tokens, i) and name_goes_on(tokens, j, lang):
        return None, j  # "Peugeot 307 anträffades", "Radio 4 Desert Island Discs": a model or a name
    if coordinated_with_non_count(tokens, j, lang):
        return None, j  # "20 respektive 45 år", "mellan 20 till 40-årsåldern"
    return Quantity("", tok.start, tokens[j - 1].end, value, value, value), j


def _words_at(tokens: list[Token], i: int, lang: str, after_article: bool = False) -> _Found | None:
    atoms: list[Atom] = []
    best = None
    j = i
    last_word = i
    while j < len(tokens):
        k = j
        if atoms and tokens[k].low in context_words(lang, "connector") and k + 1 < len(tokens):
            k += 1
        more = word_atoms(tokens[k].text, lang) if tokens[k].kind == "word" else None
        if not more and tokens[k].kind == "num" and atoms and atoms[-1].kind in ("hundred", "scale"):
            value = digit_value(tokens[k].text, lang)
            more = [Atom(value, "digit")] if value is not None and value < 1000 else None
        if not more:
            break
        total = combine(atoms + more)
        if total is None:
            break
        atoms += more
        best, last_word, j = total, k, k + 1
    if best is None:
        return None
    tok, end = tokens[i], last_word + 1
    if len(atoms) == 1 and tok.low in context_words(lang, "article_number"):
        return None, end  # "en", "ett": articles, not counts
    if best == 2 and i and tokens[i - 1].low in context_words(lang, "two_word") \
            and not sentence_start(tokens, i - 1):
        return None, end  # "avvisar båda två": both, of a group named already ("Båda två grips" opens its own)
    if len(atoms) == 1 and tok.low in context_words(lang, "lone_one") and not metric_noun_follows(tokens, end, lang) \
            and not percent_at(tokens, end, lang):
        return None, end  # "en man", "one of them": an article or pronoun, not a count
    if len(atoms) == 1 and atoms[0].kind == "scale" and atoms[0].value >= 1e6 and not after_article:
        return None, end  # "millions", "flera miljoner": no number
    if tok.low in context_words(lang, "lone_one") and i and tokens[i - 1].low in context_words(lang, "determiner"):
        return None, end  # "the one you mentioned"
    if in_name(tokens, i, end) or in_compound(tokens, i, end):
        return None, end
    if len(atoms) == 1 and tok.low in context_words(lang, "ambiguous") and not word_follows(tokens, end, lang):
        return None, end  # "via sex och ...": the noun, not the number six
    if followed_by(tokens, end, context_words(lang, "not_count_after")) or clock(tokens, end, lang) \
            or preceded_by(tokens, i, context_words(lang, "not_count_before")) \
            or date_context(tokens, i, end, lang) or coordinated_with_non_count(tokens, end, lang):
        return None, end
    if label_after(tokens, i, lang):
        return None, end  # "gärningsperson två": a label
    return Quantity("", tok.start, tokens[last_word].end, best, best, best), end


# ---------------------------------------------------------------- qualifiers


def _qualify(text: str, tokens: list[Token], i: int, j: int, q: Quantity, lang: str) -> tuple[Quantity, int]:
    """Attach a unit ("63%", "three per cent"), a qualifier before ("drygt 100", "up to £120
    million") or after ("a dozen or so")."""
    unit_end = percent_at(tokens, j, lang)
    measure = None if unit_end else measure_at(tokens, j, lang)
    if unit_end:
        q.unit, q.end, j = "percent", tokens[unit_end - 1].end, unit_end
    elif measure is not None:
        q.unit, q.end, j = measure[0], tokens[measure[1] - 1].end, measure[1]  # "170 centimeter", "94 km/h"
    else:
        q.unit = currency_at(tokens, j, lang) or q.unit
    k = i - 1 if i > 0 and tokens[i - 1].text in CURRENCY_SIGNS and tokens[i - 1].end == tokens[i].start else i
    before = match_before(tokens, k, qualifiers(lang, "before"))
    if before is not None and q.value is not None:
        qual, start_i = before
        q.low, q.high = apply_qualifier(qual, q.low, q.high, whole=_whole(q))
        q.approximate = q.approximate or qual.approximate
        q.qualifier = qual.name if q.qualifier in (None, "range") else f"{qual.name} {q.qualifier}"
        q.start = tokens[start_i].start
    after = match_after(tokens, j, qualifiers(lang, "after"))
    if after is not None and q.value is not None:
        qual, j = after
        q.low, q.high = apply_qualifier(qual, q.low, q.high, whole=_whole(q))
        q.approximate = q.approximate or qual.approximate
        q.qualifier = qual.name if q.qualifier is None else f"{q.qualifier} {qual.name}"
        q.end = tokens[j - 1].end
    return q, j


def _whole(q: Quantity) -> bool:
    return q.value is not None and float(q.value).is_integer() and q.unit is None


def parse_quantity(text: str, lang: str | None = "sv") -> Quantity | None:
    """The quantity that is the whole of ``text`` ("ett tiotal", "drygt 100", "a dozen"), else None."""
    found = find_quantities(text.strip(), lang, keep_years=True)
    if len(found) == 1 and found[0].surface == text.strip():
        return found[0]
    return None


def parse_number(text: str, lang: str | None = "sv") -> float | None:
    """The value of a number written in words or digits ("tjugofyra", "12 500"), else None."""
    q = parse_quantity(text, lang)
    return q.value if q is not None else None
