"""Figures of tables: one figure per numeric cell, with the column's (or row's) metric and the year.

A table comes as a run of ``table_cell`` paragraphs (header cells first, then rows of as many
cells) or as ``Document.metadata["tables"]`` (rows of cell strings, found again in the text).
"""
from __future__ import annotations

import re

from ..document import Document, Figure, Paragraph, Sentence
from .figure_record import figure_record
from .gazetteer import find_places
from .metrics import WORD, metric_of_phrase, noun_lemma
from .periods import Period, find_periods
from .quantities import find_quantities
from .tokens import digit_value

_YEAR_CELL = re.compile(r"(?:18|19|20)\d\d")


def table_runs(paragraphs: list[Paragraph]) -> list[list[Paragraph]]:
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


def table_figures(doc: Document, cells: list[Paragraph]) -> list[Figure] | None:
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
    named = find_places(caption)
    place = named[0].place.name if named else None
    out = []
    for row in rows:
        row_period = _cell_period(row[year_column][0], lang, doc) if year_column is not None else None
        for column, (text, start, _cell) in enumerate(row):
            if column == year_column or column >= len(header) or (years_across and column == 0):
                continue
            quantities = find_quantities(text, lang)
            if len(quantities) != 1:
                continue
            label = row[0][0] if years_across else header[column]
            period = _cell_period(header[column], lang, doc) if years_across else row_period
            metric = metric_of_phrase(label, lang) or caption_metric or "other"
            words = WORD.findall(label)
            noun = noun_lemma(words[0], lang) if words and words[0][0].isalpha() else None
            out.append(figure_record(quantities[0], _sentence_of(doc, start), None, metric, noun, period, place,
                                     "table", offset=start))
    return out


def _cell_period(text: str, lang: str, doc: Document) -> Period | None:
    found = find_periods(text.strip(), lang, doc.published)
    return found[0] if found else None


def _year_column(header: list[str], rows: list[list[tuple]]) -> int | None:
    for column in range(len(header)):
        values = [row[column][0].strip() for row in rows if column < len(row)]
        if values and all(_YEAR_CELL.fullmatch(v) for v in values):
            return column
    return None


def _sentence_of(doc: Document, offset: int) -> Sentence:
    sentence = doc.sentence_at(offset)
    if sentence is None:
        return Sentence(-1, "", offset, offset)
    return sentence


def metadata_table_figures(doc: Document) -> list[Figure]:
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
