"""The figures stage: every count in a document's sentences and tables, with its meaning.

``extract_figures(doc)`` reads the segmented document (text, lang, published,
paragraphs, sentences) and returns one ``Figure`` per quantity written in it, in
text order.  A figure repeated in the text gives one row per occurrence.  This
module reads the figures of sentences: what is counted (``metric``) comes from the
counted noun or, for "24 personer har sökts upp", from the words around it
(``metrics``); the period from the nearest period expression in the same sentence
(``periods``); the place from ``places``.  Tables (a run of ``table_cell``
paragraphs, or ``Document.metadata["tables"]``) are read by ``tables``.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from ..document import Document, Figure, Paragraph, Sentence
from ..resources import read_tsv
from .figure_record import figure_record
from .metrics import WORD, lemma, metric_from_cues, metric_of_noun
from .periods import Period, find_periods, period_for
from .places import place_of
from .quantities import Quantity, find_quantities
from .tables import metadata_table_figures, table_figures, table_runs
from .tokens import context_words, lang_code

_CUE_WINDOW = 200  # characters either side of a number searched for cue words


def extract_figures(doc: Document) -> list[Figure]:
    """All figures of ``doc`` in text order (a pure function: ``doc`` is not changed)."""
    figures: list[Figure] = []
    table_paragraphs: set[int] = set()
    for run in table_runs(doc.paragraphs):
        found = table_figures(doc, run)
        if found is not None:
            figures.extend(found)
            table_paragraphs.update(p.position for p in run)
    if not any(p.kind == "table_cell" for p in doc.paragraphs):
        figures.extend(metadata_table_figures(doc))
    for sentence in _sentences(doc):
        paragraph = _paragraph(doc, sentence)
        if paragraph is not None and paragraph.position in table_paragraphs:
            continue
        figures.extend(_sentence_figures(doc, sentence, paragraph, figures))
    return sorted(figures, key=lambda f: (f.start, f.end))


# ---------------------------------------------------------------- sentences


def _sentences(doc: Document) -> list[Sentence]:
    if doc.sentences:
        return doc.sentences
    # not segmented yet: the whole text as one sentence, so the stage still works on bare text
    return [Sentence(0, doc.text, 0, len(doc.text), doc.lang, 0)] if doc.text else []


def _paragraph(doc: Document, sentence: Sentence) -> Paragraph | None:
    if 0 <= sentence.paragraph_position < len(doc.paragraphs):
        return doc.paragraphs[sentence.paragraph_position]
    return None


def _sentence_figures(doc: Document, sentence: Sentence, paragraph: Paragraph | None,
                      earlier: list[Figure]) -> list[Figure]:
    text = doc.text[sentence.start:sentence.end] if doc.text else sentence.text
    lang = sentence.lang or (paragraph.lang if paragraph else None) or doc.lang or "sv"
    quantities = find_quantities(text, lang)
    if not quantities:
        return []
    periods = find_periods(text, lang, doc.published)
    # words of a period are not counts: "de senaste tre månaderna", "under två veckor i maj"
    quantities = [q for q in quantities if not any(p.start < q.end and q.start < p.end for p in periods)]
    out: list[Figure] = []
    place = place_of(text) if quantities else None
    for q in quantities:
        following, caption = text[q.end:], ""
        if not following.strip(" .:;!?") and text.strip() == q.surface:
            caption = " " + _next_paragraph_text(doc, paragraph)  # a stat card: "32%" then its caption
        metric, noun = _metric(text, q, following + caption, lang, out, earlier, caption)
        period = (period_for(_same_segment(text, periods, q.start, lang), q.start, q.end)
                  or period_for(periods, q.start, q.end))
        out.append(figure_record(q, sentence, paragraph, metric, noun, period, place, origin="text"))
    return out


def _next_paragraph_text(doc: Document, paragraph: Paragraph | None) -> str:
    if paragraph is None or paragraph.position + 1 >= len(doc.paragraphs):
        return ""
    following = doc.paragraphs[paragraph.position + 1]
    return following.text if len(following.text) < 120 else ""


# ---------------------------------------------------------------- metric


def _metric(text: str, q: Quantity, following: str, lang: str, same_sentence: list[Figure],
            earlier: list[Figure], caption: str = "") -> tuple[str, str | None]:
    """The metric and counted noun of a quantity: noun first, then cues, then the antecedent."""
    noun_word, noun_metric = _counted_noun(following, lang)
    if noun_metric:
        assert noun_word is not None  # a metric is only ever found for a word
        return noun_metric, lemma(noun_word, lang)
    if caption:  # "32%" / "minskning av mord bland gruppmedlemmar": the caption's metric noun
        found = _first_metric_noun(caption, lang)
        if found is not None:
            word, caption_metric = found
            return caption_metric, lemma(word, lang)
    clause_start, clause_end = _clause(text, q.start, lang)
    # cues within a window around the number: long run-on sentences stay linear
    clause_start, clause_end = max(clause_start, q.start - _CUE_WINDOW), min(clause_end, q.end + _CUE_WINDOW)
    clause = text[clause_start:clause_end] + caption
    cue_metric = metric_from_cues(clause, q.start - clause_start, lang, q.end - clause_start)
    noun = lemma(noun_word, lang) if noun_word else None
    if cue_metric:
        return cue_metric, noun
    if _partitive().match(following):  # "ett tjugotal av dessa": the metric of what came before
        antecedent = _last_known(same_sentence) or _last_known(earlier)
        if antecedent:
            return antecedent, noun
    if noun_word is None:  # "under 2017 inträffade 65": the noun of the figure before it
        antecedent = _last_known(same_sentence)
        if antecedent:
            return antecedent, noun
    return "other", noun


def _last_known(figures: Iterable[Figure]) -> str | None:
    for figure in reversed(list(figures)):
        if figure.metric != "other" and figure.origin == "text":
            return figure.metric
    return None


def _counted_noun(following: str, lang: str) -> tuple[str | None, str | None]:
    """The word counted after a number ("34 [skottlossningar]", "fyra nya [skjutningar]")."""
    words = WORD.findall(following[:80])
    skip = _skip_words(lang)
    first = None
    for word in words[:4]:
        low = word.lower()
        if not word[0].isalpha():
            break
        metric = metric_of_noun(low, lang)
        if metric:
            return word, metric
        if low in skip:
            continue
        if first is None and not _function_word(low, lang):
            first = word
        break
    return first, None


def _first_metric_noun(text: str, lang: str) -> tuple[str, str] | None:
    """The first word of ``text`` that names a metric, and its metric."""
    for word in WORD.findall(text):
        metric = metric_of_noun(word, lang) if word[0].isalpha() else None
        if metric:
            return word, metric
    return None


def _function_word(word: str, lang: str) -> bool:
    if word in _stop_words(lang):
        return True
    return lang == "en" and word.endswith("ed")  # "65 occurred": a verb, not a counted noun


def _skip_words(lang: str) -> frozenset:
    return context_words(lang, "adjective")


def _stop_words(lang: str) -> frozenset:
    return context_words(lang, "function")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@functools.cache
def _breaks(lang: str, kind: str) -> re.Pattern:
    """Where a clause ends (";" or a clause word) or a segment ("," ";" or a segment word between
    spaces): the words of ``sentence_breaks.tsv``."""
    words = _alternation(r["word"] for r in read_tsv("sentence_breaks.tsv") if r["lang"] == lang and r["kind"] == kind)
    if kind == "clause":
        return re.compile(rf";|\b(?:{words})\b", re.I)
    return re.compile(rf"[,;]|\s(?:{words})\s", re.I)


@functools.lru_cache(maxsize=1)
def _partitive() -> re.Pattern:
    """A partitive right after a number, "av dessa", "of them" (``partitive_words.tsv``, both languages)."""
    rows = read_tsv("partitive_words.tsv")
    prepositions = _alternation(r["word"] for r in rows if r["role"] == "preposition")
    pronouns = _alternation(r["word"] for r in rows if r["role"] == "pronoun")
    return re.compile(rf"\s*,?\s*(?:{prepositions})\s+(?:{pronouns})\b", re.I)


def _same_segment(text: str, periods: list[Period], at: int, lang: str) -> list[Period]:
    """The periods between the same commas / conjunctions as offset ``at``."""
    start, end = _around(_breaks(lang_code(lang), "segment"), text, at)
    return [p for p in periods if p.start >= start and p.end <= end]


def _clause(text: str, at: int, lang: str) -> tuple[int, int]:
    return _around(_breaks(lang_code(lang), "clause"), text, at)


def _around(breaks: re.Pattern, text: str, at: int) -> tuple[int, int]:
    """The span between the nearest ``breaks`` before and after ``at`` (within the cue window)."""
    lo = max(0, at - _CUE_WINDOW)
    start, end = lo, min(len(text), at + _CUE_WINDOW)
    for m in breaks.finditer(text, lo, end):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            end = m.start()
            break
    return start, end
