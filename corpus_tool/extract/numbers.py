"""Number expressions in Swedish and English: digits, words, approximations, qualifiers.

``find_quantities(text, lang)`` returns every quantity written in ``text`` with its
nominal value and the range it stands for ("ett tiotal" -> 10, 8-14, approximate;
"drygt 100" -> 100, 101-115).  Things written with digits that are not counts
(dates, times, phone numbers, codes, durations, ordinals, compounds like "19-åring")
are left out; years are left to ``periods``.  All vocabulary lives in data files:
``numbers_sv.tsv``, ``numbers_en.tsv``, ``approximations.tsv``, ``qualifiers.tsv``.
"""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Iterable, Optional

from ..resources import read_tsv
from .months import month_number
from .number_words import (_CONNECTORS, _DATE, _RANGE, _YEAR_LIKE, Atom, Token, _is_year, _lang, combine,  # noqa: F401
                           digit_value, lexicon, tokenize, word_atoms)  # lexicon, word_atoms: re-exported


@dataclass
class Quantity:
    """One quantity in a text; offsets are relative to the text searched."""

    surface: str
    start: int
    end: int
    value: Optional[float]
    low: Optional[float] = None
    high: Optional[float] = None
    approximate: bool = False
    qualifier: Optional[str] = None
    unit: Optional[str] = None


@dataclass(frozen=True)
class Qualifier:
    words: tuple[str, ...]
    name: str
    approximate: bool
    low_factor: Optional[float]
    low_offset: float
    high_factor: Optional[float]
    high_offset: float


# ---------------------------------------------------------------- vocabulary


def _float(text: str) -> Optional[float]:
    return float(text) if text != "" else None


@functools.lru_cache(maxsize=None)
def qualifiers(lang: str, position: str) -> tuple[Qualifier, ...]:
    rows = [r for r in read_tsv("qualifiers.tsv") if r["lang"] == _lang(lang) and r["position"] == position]
    quals = [Qualifier(tuple(_words(r["phrase"])), r["qualifier"], r["approximate"] == "1",
                       _float(r["low_factor"]), float(r["low_offset"] or 0),
                       _float(r["high_factor"]), float(r["high_offset"] or 0)) for r in rows]
    return tuple(sorted(quals, key=lambda q: -len(q.words)))


@functools.lru_cache(maxsize=None)
def tal_rule() -> Qualifier:
    return next(q for q in qualifiers("sv", "after") if q.words == ("-tal",))


@functools.lru_cache(maxsize=None)
def phrases(lang: str) -> dict[str, tuple[tuple[tuple[str, ...], dict], ...]]:
    """Fixed phrases by their first word, longest first."""
    rows = [r for r in read_tsv("approximations.tsv") if r["lang"] == _lang(lang)]
    by_first: dict[str, list] = {}
    for words, row in sorted(((tuple(_words(r["phrase"])), r) for r in rows), key=lambda p: -len(p[0])):
        by_first.setdefault(words[0], []).append((words, row))
    return {k: tuple(v) for k, v in by_first.items()}


def _words(phrase: str) -> list[str]:
    return phrase.lower().split()


# ---------------------------------------------------------------- finder


@functools.lru_cache(maxsize=None)
def _stoplists() -> dict[str, frozenset]:
    out: dict[str, set] = {}
    for row in read_tsv("number_context.tsv"):
        out.setdefault(f"{row['lang']}:{row['role']}", set()).add(row["word"])
    return {k: frozenset(v) for k, v in out.items()}


def context_words(lang: str, role: str) -> frozenset:
    return _stoplists().get(f"{_lang(lang)}:{role}", frozenset())


def find_quantities(text: str, lang: Optional[str] = "sv", skip: Iterable[tuple[int, int]] = (),
                    keep_years: bool = False) -> list[Quantity]:
    """Every quantity in ``text`` in order; spans in ``skip`` (e.g. periods) are not read."""
    lang = _lang(lang)
    skip = list(skip)
    tokens = tokenize(text, lang)
    out: list[Quantity] = []
    i = 0
    while i < len(tokens):
        if any(s <= tokens[i].start < e for s, e in skip):
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


_RANGE_WORDS = {"sv": ("till", "-", "–"), "en": ("to", "-", "–")}
_BETWEEN = {"sv": ("mellan", "och"), "en": ("between", "and")}


def _range(tokens: list[Token], i: int, j: int, q: Quantity, lang: str, keep_years: bool):
    """"2 to 4 inches", "mellan 10 och 15 personer": one quantity with a range and no single value."""
    if q.value is None or q.low != q.high or j + 1 >= len(tokens):
        return q, j
    between = i > 0 and tokens[i - 1].low == _BETWEEN[lang][0]
    joiner = tokens[j].low
    if not (joiner in _RANGE_WORDS[lang] or between and joiner == _BETWEEN[lang][1]):
        return q, j
    found = _number_at(tokens, j + 1, lang, keep_years)
    if not found or found[0] is None or found[0].value is None or found[0].value <= q.value:
        return q, j
    second, end = found
    start = tokens[i - 1].start if between else q.start
    return Quantity("", start, second.end, None, q.value, second.value, False, "range"), end


def _phrase_at(tokens: list[Token], i: int, lang: str):
    """A fixed phrase from approximations.tsv starting at token i."""
    for words, row in phrases(lang).get(tokens[i].low, ()):
        if i + len(words) > len(tokens):
            continue
        if all(tokens[i + k].low == w for k, w in enumerate(words)):
            if words[0] in ("några", "any") and i > 0 and tokens[i - 1].low in context_words(lang, "negation"):
                return None, i + len(words)
            end = i + len(words)
            if row.get("needs_noun") == "1" and not _word_follows(tokens, end, lang):
                return None, end  # "stämmer ett par på grund av": a couple of people, not two of something
            if _followed_by(tokens, end, context_words(lang, "not_count_after")):
                return None, end  # "några dagar", "a few hours": a duration
            value = _float(row["value"])
            q = Quantity("", tokens[i].start, tokens[end - 1].end, value, _float(row["low"]), _float(row["high"]),
                         row["approximate"] == "1", row["qualifier"] or None)
            return q, end
    return None


def _tal_at(tokens: list[Token], i: int, lang: str):
    """Swedish "-tal" approximations: "ett tiotal", "ett femtontal", "ett 50-tal"."""
    if lang != "sv":
        return None
    start_i = i + 1 if tokens[i].low == "ett" and i + 1 < len(tokens) else i
    tok = tokens[start_i]
    value, end_i = None, start_i + 1
    if tok.kind == "word" and tok.low.endswith("tal") and len(tok.low) > 3:
        atoms = word_atoms(tok.low[:-3], lang)
        value = combine(atoms) if atoms else None
        if atoms and atoms[-1].kind == "dozen" and len(atoms) == 1:
            value = 12.0  # "ett dussintal"
    elif (tok.kind == "num" and start_i + 2 < len(tokens) and tokens[start_i + 1].text == "-"
          and tokens[start_i + 2].low == "tal" and tok.end == tokens[start_i + 1].start
          and tokens[start_i + 1].end == tokens[start_i + 2].start):
        value, end_i = digit_value(tok.text, lang), start_i + 3
    if value is None or value == 0:
        return None
    rule = tal_rule()
    low, high = _apply(rule, value, value, whole=True)
    return Quantity("", tokens[i].start, tokens[end_i - 1].end, value, low, high, True, rule.name), end_i


def _number_at(tokens: list[Token], i: int, lang: str, keep_years: bool):
    tok = tokens[i]
    if tok.kind == "num":
        return _digits_at(tokens, i, lang, keep_years)
    if tok.kind == "word" and word_atoms(tok.text, lang):
        return _words_at(tokens, i, lang)
    if lang == "en" and tok.low in ("a", "an") and i + 1 < len(tokens):
        atoms = word_atoms(tokens[i + 1].text, lang)
        if atoms and atoms[0].kind in ("hundred", "scale"):
            found = _words_at(tokens, i + 1, lang, after_article=True)
            if found and found[0] is not None:
                found[0].start = tok.start
            return found
    return None


def _digits_at(tokens: list[Token], i: int, lang: str, keep_years: bool):
    tok = tokens[i]
    run = tok.text
    prev = tokens[i - 1] if i else None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    adjacent_next = nxt is not None and nxt.start == tok.end
    if run.startswith("+") or _DATE.fullmatch(run):
        return None, i + 1
    if prev is not None and prev.end == tok.start and prev.kind == "word":
        return None, i + 1  # model and code names: F125, WW1
    if _age_apposition(tokens, i):
        return None, i + 1
    if adjacent_next and nxt.kind == "word":
        glued = word_atoms(nxt.text, lang)
        value = digit_value(run, lang)
        if glued and len(glued) == 1 and glued[0].kind == "scale" and value is not None:
            return Quantity("", tok.start, nxt.end, value * glued[0].value, value * glued[0].value,
                            value * glued[0].value), i + 2  # "£11million", "2.8bn"
        return None, i + 1  # 180ml, 1st, 10k
    if adjacent_next and nxt.text in "-–:" and i + 2 < len(tokens) and tokens[i + 2].kind == "word" \
            and tokens[i + 2].start == nxt.end:
        value = digit_value(run, lang)
        if lang == "en" and nxt.text == "-" and value is not None and not _YEAR_LIKE.fullmatch(run) \
                and tokens[i + 2].low not in context_words(lang, "not_count_after") \
                and not _followed_by(tokens, i + 3, frozenset("-")):
            return Quantity("", tok.start, tok.end, value, value, value), i + 1  # "a 281-store chain"
        return None, i + 3  # 19-åring, 50-talet, 3:e, a 34-year-old
    if prev is not None and prev.end == tok.start and prev.text in "§#/-":
        return None, i + 1
    range_match = _RANGE.fullmatch(run)
    value = digit_value(run, lang)
    if value is None and range_match:
        low, high = (digit_value(g, lang) for g in range_match.groups())
        if low is None or high is None or low >= high or (_is_year(low, range_match.group(1))):
            return None, i + 1
        return Quantity("", tok.start, tok.end, None, low, high, False, "range"), i + 1
    if value is None:
        return None, i + 1  # phone numbers, codes, IP addresses
    if _is_year(value, run) and not keep_years and not _counted_year(tokens, i, lang):
        return None, i + 1
    j = i + 1
    atoms = [Atom(value, "digit")]
    best = (value, j)
    while j < len(tokens):
        k = j
        if tokens[k].low in _CONNECTORS and k + 1 < len(tokens):
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
        if j < len(tokens) and tokens[j].kind == "num" and digit_value(tokens[j].text, lang) is not None:
            cand = combine(atoms + [Atom(digit_value(tokens[j].text, lang), "digit")])
            if cand is not None and digit_value(tokens[j].text, lang) < 1000:
                atoms = atoms + [Atom(digit_value(tokens[j].text, lang), "digit")]
                best, j = (cand, j + 1), j + 1
    value, j = best
    if _followed_by(tokens, j, context_words(lang, "not_count_after")) \
            or _preceded_by(tokens, i, context_words(lang, "not_count_before")):
        return None, j
    if _date_context(tokens, i, j, lang) or _street_number(tokens, i, lang) or _clock(tokens, j):
        return None, j
    if not _word_follows(tokens, j, lang) and not _followed_by(tokens, j, frozenset("%")) \
            and (_phone_cue_before(tokens, i, lang) or _name_before(tokens, i)):
        return None, j  # "ring 116 123", "sjukhuset Louis Pasteur 2 i Nice"
    return Quantity("", tok.start, tokens[j - 1].end, value, value, value), j


def _phone_cue_before(tokens: list[Token], i: int, lang: str) -> bool:
    cues = context_words(lang, "phone_cue")
    return any(t.low in cues for t in tokens[max(0, i - 5):i])


def _name_before(tokens: list[Token], i: int) -> bool:
    """A capitalised word (not the first of the sentence) right before: a name with a number."""
    return i >= 1 and tokens[i - 1].kind == "word" and tokens[i - 1].text[:1].isupper() \
        and not _sentence_start(tokens, i - 1)


def _age_apposition(tokens: list[Token], i: int) -> bool:
    """"Willoughby, 37, took ...": an age between commas after a name."""
    return (i >= 2 and tokens[i - 1].text == "," and tokens[i - 2].kind == "word"
            and tokens[i - 2].text[:1].isupper() and i + 1 < len(tokens) and tokens[i + 1].text == ",")


def _street_number(tokens: list[Token], i: int, lang: str) -> bool:
    """"Storgatan 12", "Baker Street 221": an address, not a count."""
    if i == 0 or tokens[i - 1].kind != "word" or not tokens[i - 1].text[:1].isupper():
        return False
    word = tokens[i - 1].low
    return any(word.endswith(suffix) or word == suffix for suffix in context_words(lang, "street_suffix"))


def _counted_year(tokens: list[Token], i: int, lang: str) -> bool:
    """A four-digit number like 2000 is a count only when a counted noun follows it."""
    if _preceded_by(tokens, i, context_words(lang, "period_before")):
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is not None and nxt.kind == "word" and nxt.low in context_words(lang, "counted_noun") \
        or nxt is not None and nxt.kind == "word" and _looks_counted(nxt.low, lang)


def _looks_counted(word: str, lang: str) -> bool:
    from .metrics import metric_of_noun  # local: metrics reads numbers' data lazily

    return metric_of_noun(word, lang) is not None


def _words_at(tokens: list[Token], i: int, lang: str, after_article: bool = False):
    atoms: list[Atom] = []
    best = None
    j = i
    last_word = i
    while j < len(tokens):
        k = j
        if atoms and tokens[k].low in _CONNECTORS and k + 1 < len(tokens):
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
    if len(atoms) == 1 and tok.low in context_words(lang, "lone_one") and not _metric_noun_follows(tokens, end, lang) \
            and not _percent_at(tokens, end, lang):
        return None, end  # "en man", "one of them": an article or pronoun, not a count
    if len(atoms) == 1 and atoms[0].kind == "scale" and atoms[0].value >= 1e6 and not after_article:
        return None, end  # "millions", "flera miljoner": no number
    if lang == "en" and tok.low == "one" and i and tokens[i - 1].low in context_words(lang, "determiner"):
        return None, end  # "the one you mentioned"
    if _in_name(tokens, i, end) or _in_compound(tokens, i, end):
        return None, end
    if len(atoms) == 1 and tok.low in context_words(lang, "ambiguous") and not _word_follows(tokens, end, lang):
        return None, end  # "via sex och ...": the noun, not the number six
    if _followed_by(tokens, end, context_words(lang, "not_count_after")) or _clock(tokens, end) \
            or _preceded_by(tokens, i, context_words(lang, "not_count_before")) \
            or _date_context(tokens, i, end, lang):
        return None, end
    return Quantity("", tok.start, tokens[last_word].end, best, best, best), end


def _metric_noun_follows(tokens: list[Token], j: int, lang: str) -> bool:
    from .metrics import metric_of_noun

    skip = context_words(lang, "adjective")
    while j < len(tokens) and tokens[j].low in skip:
        j += 1
    return j < len(tokens) and tokens[j].kind == "word" and metric_of_noun(tokens[j].low, lang) is not None


def _word_follows(tokens: list[Token], j: int, lang: str) -> bool:
    """A content word (not punctuation, not a function word) comes next."""
    return j < len(tokens) and tokens[j].kind == "word" and tokens[j].low not in context_words(lang, "function")


def _sentence_start(tokens: list[Token], i: int) -> bool:
    return i == 0 or tokens[i - 1].kind == "punct" and tokens[i - 1].text in ".!?:;\"”“'–-•*(["


def _in_name(tokens: list[Token], i: int, end: int) -> bool:
    """"the Four Corners", "Sju Sorters Kakor": a capitalised number word inside a name."""
    if not tokens[i].text[:1].isupper() or _sentence_start(tokens, i):
        return False
    return end < len(tokens) and tokens[end].kind == "word" and tokens[end].text[:1].isupper()


def _in_compound(tokens: list[Token], i: int, end: int) -> bool:
    """"mother-of-three", "three-year-old": a number word glued by hyphens to other words."""
    before = i >= 2 and tokens[i - 1].text == "-" and tokens[i - 1].end == tokens[i].start \
        and tokens[i - 2].end == tokens[i - 1].start and tokens[i - 2].kind == "word"
    after = end + 1 < len(tokens) and tokens[end].text == "-" and tokens[end].start == tokens[end - 1].end \
        and tokens[end + 1].start == tokens[end].end and tokens[end + 1].kind == "word"
    return before or after


def _clock(tokens: list[Token], j: int) -> bool:
    """"5 a.m.", "1 p.m.", "7am"."""
    if j < len(tokens) and tokens[j].low in ("am", "pm"):
        return True
    return j + 2 < len(tokens) and tokens[j].low in ("a", "p") and tokens[j + 1].text == "." \
        and tokens[j + 2].low == "m"


def _followed_by(tokens: list[Token], j: int, words: frozenset) -> bool:
    return j < len(tokens) and tokens[j].low in words


def _preceded_by(tokens: list[Token], i: int, words: frozenset) -> bool:
    k = i - 1
    while k >= 0 and tokens[k].kind == "punct" and tokens[k].text in ".:":
        k -= 1
    return k >= 0 and tokens[k].low in words


def _date_context(tokens: list[Token], i: int, j: int, lang: str) -> bool:
    """Day of month: "den 4 maj", "4 May", "May 4th"."""
    if j < len(tokens) and month_number(tokens[j].low) is not None:
        return True
    return lang == "en" and i > 0 and tokens[i - 1].text[:1].isupper() and month_number(tokens[i - 1].low) is not None


# ---------------------------------------------------------------- qualifiers


def _qualify(text: str, tokens: list[Token], i: int, j: int, q: Quantity, lang: str):
    """Attach a unit ("63%", "three per cent"), a qualifier before ("drygt 100", "up to £120
    million") or after ("a dozen or so")."""
    unit_end = _percent_at(tokens, j, lang)
    if unit_end:
        q.unit, q.end, j = "percent", tokens[unit_end - 1].end, unit_end
    elif j < len(tokens) and tokens[j].low in context_words(lang, "currency"):
        q.unit = "SEK" if tokens[j].low in ("kr", "kronor", "sek") else tokens[j].low
    k = i - 1 if i > 0 and tokens[i - 1].text in _CURRENCY_SIGNS and tokens[i - 1].end == tokens[i].start else i
    before = _match_before(tokens, k, qualifiers(lang, "before"))
    if before is not None and q.value is not None:
        qual, start_i = before
        q.low, q.high = _apply(qual, q.low, q.high, whole=_whole(q))
        q.approximate = q.approximate or qual.approximate
        q.qualifier = qual.name if q.qualifier in (None, "range") else f"{qual.name} {q.qualifier}"
        q.start = tokens[start_i].start
    after = _match_after(tokens, j, qualifiers(lang, "after"))
    if after is not None and q.value is not None:
        qual, j = after
        q.low, q.high = _apply(qual, q.low, q.high, whole=_whole(q))
        q.approximate = q.approximate or qual.approximate
        q.qualifier = qual.name if q.qualifier is None else f"{q.qualifier} {qual.name}"
        q.end = tokens[j - 1].end
    return q, j


_CURRENCY_SIGNS = frozenset("£$€")


def _percent_at(tokens: list[Token], j: int, lang: str) -> int:
    """The token index after a percent sign or word at ``j`` ("%", "procent", "per cent"), else 0."""
    if j < len(tokens) and (tokens[j].text == "%" or tokens[j].low in context_words(lang, "percent")):
        return j + 1
    if j + 1 < len(tokens) and tokens[j].low == "per" and tokens[j + 1].low == "cent":
        return j + 2
    return 0


def _match_before(tokens, i, quals):
    """The qualifier whose words end right before token i; abbreviations may keep their dot
    ("ca. 30") and "c:a" is three tokens."""
    k = i
    if k >= 2 and tokens[k - 1].text == "." and tokens[k - 2].kind == "word" and len(tokens[k - 2].text) <= 6:
        k -= 1  # "ca." / "approx."
    words = [t.low for t in tokens[max(0, k - 6):k]]
    joined = " ".join(words).replace(" : ", ":")
    for qual in quals:
        phrase = " ".join(qual.words)
        if joined == phrase or joined.endswith(" " + phrase):
            used = len(phrase.replace(":", " : ").split())
            return qual, k - used
    return None


def _match_after(tokens, j, quals):
    for qual in quals:
        n = len(qual.words)
        if qual.words == ("-tal",) or j + n > len(tokens):
            continue
        if all(tokens[j + k].low == w for k, w in enumerate(qual.words)):
            return qual, j + n
    return None


def _whole(q: Quantity) -> bool:
    return q.value is not None and float(q.value).is_integer() and q.unit is None


def _apply(qual: Qualifier, low: Optional[float], high: Optional[float], whole: bool):
    """The range after a qualifier (see the header of qualifiers.tsv)."""
    new_low = new_high = None
    if qual.low_factor is not None and low is not None:
        new_low = qual.low_factor * low + (qual.low_offset if whole else 0)
        new_low = math.floor(round(new_low, 6)) if whole else round(new_low, 6)
    if qual.high_factor is not None and high is not None:
        new_high = qual.high_factor * high + (qual.high_offset if whole else 0)
        new_high = math.ceil(round(new_high, 6)) if whole else round(new_high, 6)
    return new_low, new_high


def parse_quantity(text: str, lang: Optional[str] = "sv") -> Optional[Quantity]:
    """The quantity that is the whole of ``text`` ("ett tiotal", "drygt 100", "a dozen"), else None."""
    found = find_quantities(text.strip(), lang, keep_years=True)
    if len(found) == 1 and found[0].surface == text.strip():
        return found[0]
    return None


def parse_number(text: str, lang: Optional[str] = "sv") -> Optional[float]:
    """The value of a number written in words or digits ("tjugofyra", "12 500"), else None."""
    q = parse_quantity(text, lang)
    return q.value if q is not None else None
