"""Tokens and number vocabulary: what the quantity finder reads.

The number words of ``numbers_sv.tsv`` / ``numbers_en.tsv`` and Swedish compounds
("etthundrasextioen"); the tokenizer that keeps digit groups ("12 500", "040-34 39 99")
together so that phone numbers can be told from counts; the words around a number
(``number_context.tsv``) and the small token tests built on them.
"""
from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..resources import read_tsv


@dataclass(frozen=True)
class Atom:
    value: float
    kind: str  # zero | unit | teen | ten | hundred | scale | dozen | digit


def lang_code(lang: str | None) -> str:
    """The vocabulary a language tag reads: "en" for English ("en", "en-GB"), else "sv"."""
    return "en" if (lang or "").startswith("en") else "sv"


@functools.cache
def number_words(lang: str) -> dict[str, Atom]:
    """Each number word of a language ("tjugo", "dozen") and its value and kind."""
    return {r["word"]: Atom(float(r["value"]), r["kind"]) for r in read_tsv(f"numbers_{lang_code(lang)}.tsv")}


# ---------------------------------------------------------------- number words


def word_atoms(word: str, lang: str) -> list[Atom] | None:
    """The number parts of one word ("etthundrasextioen" -> ett, hundra, sextio, en), else None."""
    atoms = _word_atoms(word.lower(), lang_code(lang))
    return list(atoms) if atoms is not None else None


@functools.lru_cache(maxsize=65536)
def _word_atoms(word: str, lang: str) -> tuple[Atom, ...] | None:
    lex = number_words(lang)
    if word in lex:
        return (lex[word],)
    if lang != "sv" or len(word) > 60 or not _compound_pattern(lang).fullmatch(word):
        return None  # the pattern: a word made of number words only, tried in one pass before the split
    atoms = _split_compound(word, lex)
    return tuple(atoms) if atoms is not None else None


@functools.cache
def _compound_pattern(lang: str) -> re.Pattern[str]:
    parts = sorted((w for w, a in number_words(lang).items() if a.kind != "dozen"), key=len, reverse=True)
    return re.compile("(?:" + "|".join(map(re.escape, parts)) + ")+")


def _split_compound(word: str, lex: dict[str, Atom]) -> list[Atom] | None:
    if not word:
        return []
    for size in range(min(len(word), 10), 1, -1):  # longest part first: "sextio" before "sex"
        head = word[:size]
        if head in lex and lex[head].kind != "dozen":
            rest = _split_compound(word[size:], lex)
            if rest is not None:
                return [lex[head]] + rest
    return None


def combine(atoms: Sequence[Atom]) -> float | None:
    """The value of a sequence of number parts, or None if they do not form one number."""
    if not atoms:
        return None
    if atoms[-1].kind == "dozen":
        if len(atoms) == 1:
            return None
        inner = combine(atoms[:-1])
        return None if inner is None else inner * 12
    if any(a.kind == "zero" for a in atoms):
        return 0.0 if len(atoms) == 1 else None
    total, group, small, hundreds, last_scale = 0.0, 0.0, None, False, math.inf
    for atom in atoms:
        kind, value = atom.kind, atom.value
        if kind in ("unit", "teen", "ten", "digit"):
            if kind == "unit" and small == "ten":
                small = "tenunit"
            elif small is None and not (kind == "digit" and value >= 1000 and (group or total)):
                small = kind
            else:
                return None
            group += value
        elif kind == "hundred":
            if hundreds or small == "tenunit" and group >= 100:
                return None
            group, hundreds, small = (group or 1) * 100, True, None
        elif kind == "scale":
            if value >= last_scale:
                return None
            total += (group or 1) * value
            group, hundreds, small, last_scale = 0.0, False, None, value
        else:
            return None
    return total + group


# ---------------------------------------------------------------- tokens

_NUM_RUN = r"\+?\d+(?:(?:[ \u00a0\u202f]|[-–/:.,])\d+)*"
_TOKEN = re.compile(rf"(?P<num>{_NUM_RUN})|(?P<word>[^\W\d_]+)|(?P<punct>\S)")
_GROUPED = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?")
_GROUPED_EN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN = re.compile(r"\d+(?:[.,]\d+)?")
RANGE = re.compile(r"(\d+(?:[.,]\d+)?)\s*[-–]\s*(\d+(?:[.,]\d+)?)")
DATE = re.compile(r"\d{4}-\d{1,2}(?:-\d{1,2})?(?:\s.*)?|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}:\d{2}(?::\d{2})?")
YEAR_LIKE = re.compile(r"(?:18|19|20)\d\d")
LETTERS = re.compile(r"[^\W\d_]+")  # a word token of ``tokenize``: a run of letters


class Token:
    """One token: its text, offsets, kind (num | word | punct) and lower-cased text.  A plain class
    with slots: a sentence's tokens are made for every sentence read, a hundred thousand a corpus."""

    __slots__ = ("text", "start", "end", "kind", "low")

    def __init__(self, text: str, start: int, end: int, kind: str):
        self.text, self.start, self.end, self.kind, self.low = text, start, end, kind, text.lower()

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end}, {self.kind!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and (self.text, self.start, self.end, self.kind) == (
            other.text, other.start, other.end, other.kind)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it was


def tokenize(text: str, lang: str = "sv") -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        run = m.group()
        if kind == "num" and _SPACE.search(run) and digit_value(run, lang) is None:
            tokens.extend(_split_run(run, m.start(), lang))
        else:
            assert kind is not None  # every alternative of _TOKEN is one named group
            append(Token(run, m.start(), m.end(), kind))
    return tokens


_SPACE = re.compile(r"[ \u00a0\u202f]")


def _split_run(run: str, offset: int, lang: str) -> list[Token]:
    """Digits joined by spaces that are not one number: several numbers, or a phone number.

    "2017 65" is a year then a count; "114 14", "040-34 39 99" and "+46 77 114 14 00" are phone
    numbers and stay one (unreadable) token.
    """
    pieces = [(m.group(), m.start()) for m in re.finditer(r"[^ \u00a0\u202f]+", run)]
    phone_like = run.startswith(("+", "0")) or all(p.isdigit() and len(p) <= 3 for p, _ in pieces)
    if phone_like:
        return [Token(run, offset, offset + len(run), "num")]
    out, k = [], 0
    while k < len(pieces):
        j = len(pieces)
        while j > k + 1 and digit_value(run[pieces[k][1]:pieces[j - 1][1] + len(pieces[j - 1][0])], lang) is None:
            j -= 1
        text = run[pieces[k][1]:pieces[j - 1][1] + len(pieces[j - 1][0])]
        out.append(Token(text, offset + pieces[k][1], offset + pieces[k][1] + len(text), "num"))
        k = j
    return out


def digit_value(run: str, lang: str) -> float | None:
    """The value of a digit run that is a plain number ("12 500", "4,8", "1,234,567"), else None."""
    if _GROUPED.fullmatch(run):
        return float(re.sub(r"[ \u00a0\u202f]", "", run).replace(",", "."))
    if lang_code(lang) == "en" and _GROUPED_EN.fullmatch(run):
        return float(run.replace(",", ""))
    if _PLAIN.fullmatch(run):
        if len(run) > 1 and run[0] == "0" and run[1] not in ".,":
            return None  # area codes, case numbers
        if lang_code(lang) == "sv" and re.fullmatch(r"\d{1,3}\.\d{3}", run):
            return float(run.replace(".", ""))
        return float(run.replace(",", "."))
    return None


def is_year(value: float, run: str) -> bool:
    """A four-digit run from 1800 to 2100."""
    return len(run) == 4 and run.isdigit() and 1800 <= value <= 2100


# ---------------------------------------------------------------- words around a number


@functools.cache
def _context() -> dict[str, frozenset]:
    out: dict[str, set] = {}
    for row in read_tsv("number_context.tsv"):
        for lang in ("sv", "en") if row["lang"] == "*" else (row["lang"],):
            out.setdefault(f"{lang}:{row['role']}", set()).add(row["word"])
    return {k: frozenset(v) for k, v in out.items()}


# How many words before a "some"/"any" word a negation makes it none ("ska inte röra sig om några").
NEGATION_REACH = 4


@functools.cache  # read for almost every token: one cached look-up
def context_words(lang: str, role: str) -> frozenset:
    """The words of one role in ``number_context.tsv`` (see its header)."""
    return _context().get(f"{lang_code(lang)}:{role}", frozenset())


@functools.cache
def _phrase_tokens(words: frozenset) -> tuple[tuple[str, ...], ...]:
    """Each word or phrase as the lower-case tokens it is read as ("a.m" -> a . m), longest first."""
    return tuple(sorted((tuple(t.low for t in tokenize(w)) for w in words), key=len, reverse=True))


def phrase_end(tokens: list[Token], j: int, words: frozenset) -> int:
    """The index after the word or phrase of ``words`` written from token j ("per cent", "a.m"), else 0."""
    for parts in _phrase_tokens(words):
        if j + len(parts) <= len(tokens) and all(tokens[j + k].low == part for k, part in enumerate(parts)):
            return j + len(parts)
    return 0


def followed_by(tokens: list[Token], j: int, words: frozenset) -> bool:
    return j < len(tokens) and tokens[j].low in words


def preceded_by(tokens: list[Token], i: int, words: frozenset) -> bool:
    """Token i comes after one of ``words`` (an abbreviation's dot or a colon may come between)."""
    k = i - 1
    while k >= 0 and tokens[k].kind == "punct" and tokens[k].text in ".:":
        k -= 1
    return k >= 0 and tokens[k].low in words


def word_follows(tokens: list[Token], j: int, lang: str) -> bool:
    """A content word (not punctuation, not a function word) comes next."""
    return j < len(tokens) and tokens[j].kind == "word" and tokens[j].low not in context_words(lang, "function")


def sentence_start(tokens: list[Token], i: int) -> bool:
    """Token i opens a sentence, a quotation or a list item."""
    return i == 0 or tokens[i - 1].kind == "punct" and tokens[i - 1].text in ".!?:;\"”“'–-•*(["


_COMPOUND_PERSON_HEAD = 6  # the shortest person noun that ends a compound ("fordons|förare", "mc-|förare")


def person_noun(word: str, lang: str) -> bool:
    """A word for a person (number_context.tsv person_noun), or a compound ending in one of six
    letters or more ("fordonsförare", "lastbilschauffören" no; "bilförare", "motorcyklist" yes)."""
    low, people = word.lower(), context_words(lang, "person_noun")
    if low in people:
        return True
    return any(low[k:] in people for k in range(3, len(low) - _COMPOUND_PERSON_HEAD + 1))
