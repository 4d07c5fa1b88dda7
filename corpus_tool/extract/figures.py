"""The figures stage: every count in a document's sentences and tables, with its meaning.

``extract_figures(doc)`` reads the segmented document (text, lang, published,
paragraphs, sentences) and returns one ``Figure`` per quantity written in it, in
text order.  A figure repeated in the text gives one row per occurrence.  What is
counted (``metric``) comes from the counted noun or, for "24 personer har sökts
upp", from the words around it (``metrics.tsv``); the period from the nearest
period expression in the same sentence (``periods``); tables (a run of
``table_cell`` paragraphs, or ``Document.metadata["tables"]``) give one figure
per numeric cell, with the column's metric and the row's year.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

from ..document import Document, Figure, Paragraph, Sentence
from ..errors import InputError
from ..resources import read_tsv
from .metrics import lemma, metric_from_cues, metric_of_noun, metric_of_phrase
from .months import month_number
from .periods import Period, find_periods, period_for
from .quantities import Quantity, find_quantities
from .tokens import context_words, digit_value

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|[^\w\s]|\d+")
_CLAUSE_BREAK = {"sv": re.compile(r";|\b(?:medan|men|samtidigt som)\b", re.I),
                 "en": re.compile(r";|\b(?:while|but|whereas)\b", re.I)}
_PARTITIVE = re.compile(r"\s*,?\s*(?:av|of)\s+(?:dessa|dem|de|these|them|those)\b", re.I)
_YEAR_CELL = re.compile(r"(?:18|19|20)\d\d")
_CUE_WINDOW = 200  # characters either side of a number searched for cue words
_PLACE = re.compile(r"\b(?:i|in|från|from)\s+((?:[A-ZÅÄÖ][\w-]+)(?:\s+(?:stad|kommun|län))?)")


def extract_figures(doc: Document) -> list[Figure]:
    """All figures of ``doc`` in text order (a pure function: ``doc`` is not changed)."""
    figures: list[Figure] = []
    table_paragraphs: set[int] = set()
    for run in _table_runs(doc.paragraphs):
        found = _table_figures(doc, run)
        if found is not None:
            figures.extend(found)
            table_paragraphs.update(p.position for p in run)
    if not any(p.kind == "table_cell" for p in doc.paragraphs):
        figures.extend(_metadata_table_figures(doc))
    for sentence in _sentences(doc):
        paragraph = _paragraph(doc, sentence)
        if paragraph is not None and paragraph.position in table_paragraphs:
            continue
        figures.extend(_sentence_figures(doc, sentence, paragraph, figures))
    return sorted(figures, key=lambda f: (f.start, f.end))


def figures_of_text(text: str, lang: str = "sv", published: Optional[str] = None) -> list[Figure]:
    """Figures of a bare string (a claim, a sentence): blank lines part paragraphs."""
    if not isinstance(text, str):
        raise InputError(f"expected text, got {type(text).__name__}")
    try:
        from ..segment import split_sentences
    except ImportError:  # segmentation not available: one sentence per paragraph
        split_sentences = None
    doc = Document(source="<text>", text=text, lang=lang, published=published)
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        paragraph = Paragraph(len(doc.paragraphs), "paragraph", m.group(), m.start(), m.end(), lang)
        doc.paragraphs.append(paragraph)
        spans = split_sentences(m.group(), lang) if split_sentences else [(0, len(m.group()))]
        for start, end in spans or [(0, len(m.group()))]:
            doc.sentences.append(Sentence(len(doc.sentences), m.group()[start:end], m.start() + start,
                                          m.start() + end, lang, paragraph.position))
    return extract_figures(doc)


# ---------------------------------------------------------------- sentences


def _sentences(doc: Document) -> list[Sentence]:
    if doc.sentences:
        return doc.sentences
    # not segmented yet: the whole text as one sentence, so the stage still works on bare text
    return [Sentence(0, doc.text, 0, len(doc.text), doc.lang, 0)] if doc.text else []


def _paragraph(doc: Document, sentence: Sentence) -> Optional[Paragraph]:
    if 0 <= sentence.paragraph_position < len(doc.paragraphs):
        return doc.paragraphs[sentence.paragraph_position]
    return None


def _sentence_figures(doc: Document, sentence: Sentence, paragraph: Optional[Paragraph],
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
    place = _place(text) if quantities else None
    for q in quantities:
        following, caption = text[q.end:], ""
        if not following.strip(" .:;!?") and text.strip() == q.surface:
            caption = " " + _next_paragraph_text(doc, paragraph)  # a stat card: "32%" then its caption
        metric, noun = _metric(text, q, following + caption, lang, out, earlier, caption)
        period = period_for(_same_segment(text, periods, q.start, lang), q.start, q.end) or period_for(periods, q.start, q.end)
        out.append(_figure(q, sentence, paragraph, metric, noun, period, place, origin="text"))
    return out


def _figure(q: Quantity, sentence: Sentence, paragraph: Optional[Paragraph], metric: str,
            noun: Optional[str], period: Optional[Period], place: Optional[str], origin: str,
            offset: Optional[int] = None) -> Figure:
    base = sentence.start if offset is None else offset
    return Figure(
        surface=q.surface, start=base + q.start, end=base + q.end, value=q.value, low=q.low, high=q.high,
        approximate=q.approximate, qualifier=q.qualifier, unit=q.unit, metric=metric, noun=noun,
        place=place, period_start=period.period_start if period else None,
        period_end=period.period_end if period else None, period_text=period.text if period else None,
        sentence_position=sentence.position, in_heading=bool(paragraph and paragraph.kind == "heading"),
        origin=origin)


def _next_paragraph_text(doc: Document, paragraph: Optional[Paragraph]) -> str:
    if paragraph is None or paragraph.position + 1 >= len(doc.paragraphs):
        return ""
    following = doc.paragraphs[paragraph.position + 1]
    return following.text if len(following.text) < 120 else ""


# ---------------------------------------------------------------- metric


def _metric(text: str, q: Quantity, following: str, lang: str, same_sentence: list[Figure],
            earlier: list[Figure], caption: str = "") -> tuple[str, Optional[str]]:
    """The metric and counted noun of a quantity: noun first, then cues, then the antecedent."""
    noun_word, noun_metric = _counted_noun(following, lang)
    if noun_metric:
        return noun_metric, lemma(noun_word, lang)
    if caption:  # "32%" / "minskning av mord bland gruppmedlemmar": the caption's metric noun
        word, caption_metric = _first_metric_noun(caption, lang)
        if caption_metric:
            return caption_metric, lemma(word, lang)
    clause_start, clause_end = _clause(text, q.start, lang)
    # cues within a window around the number: long run-on sentences stay linear
    clause_start, clause_end = max(clause_start, q.start - _CUE_WINDOW), min(clause_end, q.end + _CUE_WINDOW)
    clause = text[clause_start:clause_end] + caption
    cue_metric = metric_from_cues(clause, q.start - clause_start, lang, q.end - clause_start)
    noun = lemma(noun_word, lang) if noun_word else None
    if cue_metric:
        return cue_metric, noun
    if _PARTITIVE.match(following):  # "ett tjugotal av dessa": the metric of what came before
        antecedent = _last_known(same_sentence) or _last_known(earlier)
        if antecedent:
            return antecedent, noun
    if noun_word is None:  # "under 2017 inträffade 65": the noun of the figure before it
        antecedent = _last_known(same_sentence)
        if antecedent:
            return antecedent, noun
    return "other", noun


def _lang(lang: Optional[str]) -> str:
    return "en" if (lang or "").startswith("en") else "sv"


def _last_known(figures: Iterable[Figure]) -> Optional[str]:
    for figure in reversed(list(figures)):
        if figure.metric != "other" and figure.origin == "text":
            return figure.metric
    return None


def _counted_noun(following: str, lang: str) -> tuple[Optional[str], Optional[str]]:
    """The word counted after a number ("34 [skottlossningar]", "fyra nya [skjutningar]")."""
    words = _WORD.findall(following[:80])
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


def _first_metric_noun(text: str, lang: str) -> tuple[Optional[str], Optional[str]]:
    for word in _WORD.findall(text):
        metric = metric_of_noun(word, lang) if word[0].isalpha() else None
        if metric:
            return word, metric
    return None, None


def _function_word(word: str, lang: str) -> bool:
    if word in _stop_words(lang):
        return True
    return lang == "en" and word.endswith("ed")  # "65 occurred": a verb, not a counted noun


def _skip_words(lang: str) -> frozenset:
    return context_words(lang, "adjective")


def _stop_words(lang: str) -> frozenset:
    return context_words(lang, "function")


_SEGMENT_BREAK = {"sv": re.compile(r"[,;]|\s(?:och|men|medan)\s", re.I),
                  "en": re.compile(r"[,;]|\s(?:and|but|while)\s", re.I)}


def _same_segment(text: str, periods: list[Period], at: int, lang: str) -> list[Period]:
    """The periods between the same commas / conjunctions as offset ``at``."""
    start, end = _around(_SEGMENT_BREAK[_lang(lang)], text, at)
    return [p for p in periods if p.start >= start and p.end <= end]


def _clause(text: str, at: int, lang: str) -> tuple[int, int]:
    return _around(_CLAUSE_BREAK[_lang(lang)], text, at)


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


def _place(text: str) -> Optional[str]:
    for m in _PLACE.finditer(text):
        name = m.group(1)
        if month_number(name) is None and not _is_season(name):
            return name
    return None


def _is_season(word: str) -> bool:
    return any(r["word"] == word.lower() for r in read_tsv("seasons.tsv"))


# ---------------------------------------------------------------- tables


def _table_runs(paragraphs: list[Paragraph]) -> list[list[Paragraph]]:
    runs, run = [], []
    for p in paragraphs:
        if p.kind == "table_cell":
            run.append(p)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def _is_numeric(text: str, lang: str) -> bool:
    return digit_value(text.strip().rstrip("%").strip(), lang) is not None


def _table_figures(doc: Document, cells: list[Paragraph]) -> Optional[list[Figure]]:
    """Figures of a flattened table: header cells first, then rows of as many cells.

    The header is the run of non-numeric cells ("År", "Skjutningar", ...), or a corner cell
    and a run of years when the years run across the top ("", "2019", "2020", then rows
    "Skjutningar", "34", "20").
    """
    lang = cells[0].lang or doc.lang or "sv"
    header: list[str] = []
    for cell in cells:
        if _is_numeric(cell.text, lang):
            break
        header.append(cell.text)
    body = cells[len(header):]
    if len(header) <= 1:
        years = []
        for cell in body:
            if not _YEAR_CELL.fullmatch(cell.text.strip()):
                break
            years.append(cell.text)
        if len(years) >= 2:
            header, body = (header or [""]) + years, body[len(years):]
    width = len(header)
    if width < 2 or len(body) < width:
        return None
    rows = [body[k:k + width] for k in range(0, len(body) - len(body) % width, width)]
    caption = _caption(doc, cells[0])
    return _grid_figures(doc, header, [[(c.text, c.start, c) for c in row] for row in rows], caption, lang)


def _caption(doc: Document, first_cell: Paragraph) -> str:
    position = first_cell.position - 1
    if 0 <= position < len(doc.paragraphs) and doc.paragraphs[position].kind != "table_cell":
        return doc.paragraphs[position].text
    return ""


def _grid_figures(doc: Document, header: list[str], rows: list[list[tuple]], caption: str,
                  lang: str) -> list[Figure]:
    """One figure per numeric cell: metric from the column (or row) label, period from the year."""
    year_column = _year_column(header, rows)
    years_across = year_column is None and len(header) > 2 and all(
        _YEAR_CELL.fullmatch(h.strip()) for h in header[1:])
    caption_metric = metric_of_phrase(caption, lang)
    place = _place(caption)
    out = []
    for row in rows:
        row_period = _cell_period(row[year_column][0], lang, doc) if year_column is not None else None
        for column, (text, start, cell) in enumerate(row):
            if column == year_column or column >= len(header) or (years_across and column == 0):
                continue
            quantities = find_quantities(text, lang)
            if len(quantities) != 1:
                continue
            label = row[0][0] if years_across else header[column]
            period = _cell_period(header[column], lang, doc) if years_across else row_period
            metric = metric_of_phrase(label, lang) or caption_metric or "other"
            words = _WORD.findall(label)
            noun = lemma(words[0], lang) if words and words[0][0].isalpha() else None
            out.append(_figure(quantities[0], _sentence_of(doc, start), None, metric, noun, period, place,
                               "table", offset=start))
    return out


def _cell_period(text: str, lang: str, doc: Document) -> Optional[Period]:
    found = find_periods(text.strip(), lang, doc.published)
    return found[0] if found else None


def _year_column(header: list[str], rows: list[list[tuple]]) -> Optional[int]:
    for column in range(len(header)):
        values = [row[column][0].strip() for row in rows if column < len(row)]
        if values and all(re.fullmatch(r"(?:18|19|20)\d\d", v) for v in values):
            return column
    return None


def _sentence_of(doc: Document, offset: int) -> Sentence:
    sentence = doc.sentence_at(offset)
    if sentence is None:
        return Sentence(-1, "", offset, offset)
    return sentence


def _metadata_table_figures(doc: Document) -> list[Figure]:
    """Tables given as ``metadata["tables"]`` (rows of cell strings), located in the text."""
    tables = doc.metadata.get("tables") if isinstance(doc.metadata, dict) else None
    if not tables or not isinstance(tables, list):
        return []
    if all(isinstance(row, list) and all(isinstance(c, str) for c in row) for row in tables):
        tables = [tables]  # one table given as its rows
    out: list[Figure] = []
    cursor = 0
    lang = doc.lang or "sv"
    for table in tables:
        if not isinstance(table, list) or len(table) < 2 or not all(isinstance(r, list) for r in table):
            continue
        header = [str(c) for c in table[0]]
        rows = []
        for row in table[1:]:
            located = []
            for cell in row:
                cell = str(cell)
                at = doc.text.find(cell, cursor) if cell.strip() else -1
                if at >= 0:
                    cursor = at + len(cell)
                located.append((cell, at, None))
            rows.append(located)
        for figure in _grid_figures(doc, header, rows, "", lang):
            if figure.start >= 0:
                out.append(figure)
    return out
