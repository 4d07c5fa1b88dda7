"""What a figure counts: the metric vocabulary of ``metrics.tsv`` and noun lemmas."""
from __future__ import annotations

import functools
import gzip
import json
import re
from dataclasses import dataclass
from importlib import resources

from ..resources import read_tsv
from .tokens import lang_code

# A word (hyphenated compounds whole), a punctuation mark or a digit run: the words after a
# number and of a table label are read in these pieces for their counted noun.
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|[^\w\s]|\d+")


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern
    metric: str
    priority: int


@functools.cache
def _nouns(lang: str) -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((re.compile(r["pattern"]), r["metric"]) for r in read_tsv("metrics.tsv")
                 if r["lang"] == lang and r["kind"] == "noun")


@functools.cache
def _cues(lang: str) -> tuple[Cue, ...]:
    return tuple(Cue(re.compile(r["pattern"], re.I), r["metric"], int(r["priority"] or 0))
                 for r in read_tsv("metrics.tsv") if r["lang"] == lang and r["kind"] == "cue")


@functools.lru_cache(maxsize=65536)
def metric_of_noun(word: str, lang: str | None) -> str | None:
    """The metric a counted word names ("skottlossningar" -> shootings), else None."""
    word = word.lower()
    for pattern, metric in _nouns(lang_code(lang)):
        if pattern.fullmatch(word):
            return metric
    return None


def metric_of_phrase(text: str, lang: str | None) -> str | None:
    """The first metric noun among the words of ``text`` (a table header, a caption)."""
    for word in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text):
        metric = metric_of_noun(word, lang)
        if metric:
            return metric
    return None


def metric_from_cues(clause: str, at: int, lang: str | None, until: int | None = None) -> str | None:
    """The metric the words of ``clause`` give a number at ``at..until`` (priority, then nearness)."""
    until = at if until is None else until
    best = None
    for cue in _cues(lang_code(lang)):
        for m in cue.pattern.finditer(clause):
            distance = m.start() - until if m.start() >= until else max(at - m.end(), 0)
            key = (-cue.priority, abs(distance))
            if best is None or key < best[0]:
                best = (key, cue.metric)
    return best[1] if best else None


@functools.cache
def _lemma_text(lang: str) -> str:
    """spaCy's lemma lookup table (spacy-lookups-data) as its JSON text: a tenth of a second."""
    try:
        path = resources.files("spacy_lookups_data") / "data" / f"{lang}_lemma_lookup.json.gz"
        return gzip.decompress(path.read_bytes()).decode("utf-8")
    except Exception:  # lookups missing: nouns are kept as written
        return "{}"


@functools.cache
def _lemma_table(lang: str) -> dict:
    """The same table as a plain dict: ~0.4 s, paid once the lookups are many (a run, not a claim)."""
    table = json.loads(_lemma_text(lang))
    _lemma_text.cache_clear()  # the text is not searched again: don't keep it beside the dict
    return table


# Lookups of one language answered by searching the table's text before it is read as a dict: a
# command that reads a sentence or two (a claim, ``corpus-tool figures``) never pays for the dict.
_SEARCHES_BEFORE_TABLE = 8
_searches: dict[str, int] = {}


def lemma(word: str, lang: str | None) -> str:
    """The dictionary form of a word from spaCy's lookup tables (spacy-lookups-data)."""
    low, code = word.lower(), lang_code(lang)
    if _searches.get(code, 0) >= _SEARCHES_BEFORE_TABLE:
        return _lemma_table(code).get(low, low)
    _searches[code] = _searches.get(code, 0) + 1
    return _search_lemma(_lemma_text(code), low)


def _search_lemma(text: str, low: str) -> str:
    """The value of key ``low`` in the table's JSON text: the key quoted, after "{" or ","."""
    key = json.dumps(low, ensure_ascii=False)
    at = text.find(key)
    while at >= 0:
        before = at - 1
        while before >= 0 and text[before].isspace():
            before -= 1
        colon = _SPACES.match(text, at + len(key)).end()  # type: ignore[union-attr]
        if before >= 0 and text[before] in "{," and text.startswith(":", colon):
            value, _ = _DECODER.raw_decode(text, _SPACES.match(text, colon + 1).end())  # type: ignore[union-attr]
            return value if isinstance(value, str) else low
        at = text.find(key, at + 1)
    return low


_SPACES = re.compile(r"\s*")
_DECODER = json.JSONDecoder()
