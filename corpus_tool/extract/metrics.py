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
def _lemma_table(lang: str) -> dict:
    """spaCy's lemma lookup table (spacy-lookups-data), read as a plain dict: ~1 s once per process."""
    try:
        path = resources.files("spacy_lookups_data") / "data" / f"{lang}_lemma_lookup.json.gz"
        return json.loads(gzip.decompress(path.read_bytes()))
    except Exception:  # lookups missing: nouns are kept as written
        return {}


def lemma(word: str, lang: str | None) -> str:
    """The dictionary form of a word from spaCy's lookup tables (spacy-lookups-data)."""
    low = word.lower()
    return _lemma_table(lang_code(lang)).get(low, low)
