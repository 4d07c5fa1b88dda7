"""Figures that disagree: inside one document, and between documents; names written two ways."""
from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from itertools import combinations

from ..document import Document, Figure, Finding, Mention
from .compare import conflicting, describe, severity
from .severities import severity_of

# A figure compared across documents, with the id of the document stating it.
Entry = tuple[int, Figure]


def _comparable(f: Figure, doc: Document) -> bool:
    """Counts worth comparing: "other" figures count unrelated things, and the counts of one incident
    of an event report ("två personer greps", dated by the report) are no totals another figure of the
    day could contradict: a night summary's items, two reports of one day."""
    return f.metric != "other" and (f.value is not None or f.low is not None) \
        and not (doc.event is not None and f.scope == "incident")


def _name(doc: Document) -> str:
    return os.path.basename(doc.source) if doc.source else f"document {doc.id}"


def _period(f: Figure) -> str:
    return f.period_text or (f"{f.period_start}..{f.period_end}" if f.period_start else "no stated period")


def internal_conflicts(doc: Document) -> list[Finding]:
    """One document giving two values for the same metric and period.

    A heading has no period of its own: it summarises the text below it, so a
    heading figure is compared with the body's figures of the same metric and
    flagged when none of them agrees with it.
    """
    findings = []
    figures = [f for f in doc.figures if _comparable(f, doc)]
    by_key = defaultdict(list)
    for f in figures:
        if f.period_start and not f.in_heading:
            by_key[(f.metric, f.unit, f.place, f.period_start, f.period_end)].append(f)
    for group in by_key.values():
        for a, b in combinations(group, 2):
            if a.sentence_id != b.sentence_id and conflicting(a, b):
                findings.append(_internal(doc, a, b))
    # Percentages in headings are headline results ("63% färre mord") of places and periods the
    # heading leaves unsaid; only counts are held against the body.
    for heading in (f for f in figures if f.in_heading and not f.period_start and f.unit != "percent"):
        body = [f for f in figures if not f.in_heading and f.metric == heading.metric and f.unit == heading.unit]
        if body and all(conflicting(heading, f) for f in body):
            nearest = min(body, key=lambda f: abs(f.start - heading.start))
            findings.append(_internal(doc, heading, nearest))
    return findings


def _internal(doc: Document, a: Figure, b: Figure) -> Finding:
    where_a = "the heading" if a.in_heading else "one sentence"
    return Finding(
        kind="internal-conflict", severity=severity(a, b), document_id=doc.stored_id, sentence_id=a.sentence_id,
        other_document_id=doc.id, other_sentence_id=b.sentence_id, value=a.surface, other_value=b.surface,
        message=f"{_name(doc)} gives two values for {a.metric.replace('_', ' ')}: '{a.surface}' "
                f"({describe(a)}) in {where_a} and '{b.surface}' ({describe(b)}) in another.")


# The grouping key of a figure compared across documents: metric, unit, start of its period.
FigureKey = tuple[str, str | None, str]
# A figure to group: its key, its place in the corpus (document order, then figure order), its entry.
FigureRow = tuple[FigureKey, int, Entry]


def figure_rows(documents: Iterable[Document], translations: set[int]) -> list[FigureRow]:
    """The figures compared across documents, as rows keyed by metric, unit and period start.

    Translations (``translations``: their document ids) repeat their source and are left out.
    """
    rows: list[FigureRow] = []
    for doc in documents:
        doc_id = doc.stored_id
        if doc_id in translations:
            continue
        for f in doc.figures:
            if _comparable(f, doc) and f.period_start and f.period_end and not f.in_heading:
                rows.append(((f.metric, f.unit, f.period_start), len(rows), (doc_id, f)))
    return rows


def in_corpus_order(groups: Iterable[list[FigureRow]]) -> list[list[Entry]]:
    """Groups of rows as entries, each group in corpus order and the groups by their first row."""
    ordered = sorted((sorted(group, key=lambda r: r[1]) for group in groups), key=lambda g: g[0][1])
    return [[entry for _, _, entry in group] for group in ordered]


def group_figures(rows: Iterable[FigureRow]) -> list[list[Entry]]:
    """The keyed grouping of ``source_conflicts``: figures of one metric, unit and period start.

    ``pipeline.cluster`` groups the same rows with ``dask.bag`` on a cluster; both give the same groups.
    """
    groups: dict[FigureKey, list[FigureRow]] = defaultdict(list)
    for row in rows:
        groups[row[0]].append(row)
    return in_corpus_order(groups.values())


def source_conflicts(documents: Iterable[Document], translations: set[int],
                     group: Callable[[list[FigureRow]], list[list[Entry]]] = group_figures) -> list[Finding]:
    """Documents giving different values for the same metric, place and period.

    Periods must be equal: year-to-date figures from releases of different dates
    are a timeline, not a conflict — unless the timeline runs backwards (a count
    for part of a period above the count for the whole of it).  Translations
    (``translations``: their document ids) repeat their source and are checked by
    the translation QA instead.

    Figures of one period are grouped by agreement; each figure outside the
    largest group is one finding, held against one figure of that group.  So n
    documents that disagree give n findings, not n² — and the finding says what
    most sources say.  ``group`` is the keyed grouping (``group_figures``, or the same
    grouping on a cluster).
    """
    documents = list(documents)
    docs = {doc.stored_id: doc for doc in documents if doc.stored_id not in translations}
    findings = []
    for entries in group(figure_rows(documents, translations)):
        for place_entries in _by_place(entries):
            by_end: dict[str, list[Entry]] = defaultdict(list)
            for doc_id, f in place_entries:
                assert f.period_end is not None  # only figures with both period ends are grouped (above)
                by_end[f.period_end].append((doc_id, f))
            consensus: dict[str, list[Entry]] = {}
            for period_end, same_period in by_end.items():
                groups = _agreeing_groups(same_period)
                consensus[period_end] = groups[0]
                reference = groups[0][0]
                for other in groups[1:]:
                    for doc_id, f in other:
                        findings.append(_source_finding(docs, (doc_id, f), reference, "for the same period"))
            ends = sorted(consensus)
            for i, inner_end in enumerate(ends):
                for entry in consensus[inner_end]:
                    # One finding per figure, against the widest period it exceeds.
                    exceeded = [consensus[e][0] for e in ends[i + 1:]
                                if consensus[e][0][0] != entry[0] and _runs_backwards(entry[1], consensus[e][0][1])]
                    if exceeded:
                        findings.append(_source_finding(
                            docs, entry, exceeded[-1], "and the part-period count exceeds the whole-period count"))
    return findings


def _by_place(entries: list[Entry]) -> list[list[Entry]]:
    """Entries per named place; figures that name no place are compared within every place."""
    named: dict[str, list[Entry]] = defaultdict(list)
    unnamed: list[Entry] = []
    for entry in entries:
        (named[entry[1].place] if entry[1].place else unnamed).append(entry)
    if not named:
        return [unnamed]
    return [group + unnamed for group in named.values()]


def _agreeing_groups(entries: list[Entry]) -> list[list[Entry]]:
    """Entries grouped with those they do not conflict with; the largest group (most documents) first."""
    groups: list[list[Entry]] = []
    for entry in entries:
        home = next((g for g in groups if not any(conflicting(entry[1], other) for _, other in g)), None)
        if home is None:
            groups.append([entry])
        else:
            home.append(entry)
    return sorted(groups, key=lambda g: (-len({doc_id for doc_id, _ in g}), g[0][1].start))


def _source_finding(docs: dict[int, Document], entry: Entry, reference: Entry, problem: str) -> Finding:
    (da, a), (db, b) = entry, reference
    return Finding(
        kind="source-conflict", severity=severity(a, b), document_id=da, sentence_id=a.sentence_id,
        other_document_id=db, other_sentence_id=b.sentence_id, value=a.surface, other_value=b.surface,
        message=f"{_name(docs[da])} says '{a.surface}' ({describe(a)}) and {_name(docs[db])} says "
                f"'{b.surface}' ({describe(b)}) {a.metric.replace('_', ' ')} {problem} "
                f"({_period(a)} / {_period(b)}).")


def _runs_backwards(a: Figure, b: Figure) -> bool:
    assert a.period_end is not None and b.period_end is not None  # source_conflicts compares only these
    inner, outer = (a, b) if a.period_end < b.period_end else (b, a)
    inner_low = inner.low if inner.low is not None else inner.value
    outer_high = outer.high if outer.high is not None else outer.value
    return inner_low is not None and outer_high is not None and inner_low > outer_high


def name_variants(documents: Iterable[Document], aliases: Mapping[int, str]) -> list[Finding]:
    """One person (as linked by the people stage) written two ways across documents.

    ``aliases`` maps person id → the recorded reason for merging the spellings.
    """
    first_by_spelling: dict[int, dict[str, tuple[Document, Mention]]] = defaultdict(dict)
    for doc in documents:
        for m in doc.mentions:
            if m.person_id is not None:
                first_by_spelling[m.person_id].setdefault(m.name_as_written, (doc, m))
    findings = []
    for person_id, spellings in first_by_spelling.items():
        if len(spellings) < 2:
            continue
        (name_a, (doc_a, m_a)), *others = sorted(spellings.items(), key=lambda kv: (kv[1][0].id, kv[1][1].start))
        for name_b, (doc_b, m_b) in others:
            reason = aliases.get(person_id, "")
            findings.append(Finding(
                kind="name-variant", severity=severity_of("name_variant"), document_id=doc_a.stored_id,
                sentence_id=m_a.sentence_id,
                other_document_id=doc_b.id, other_sentence_id=m_b.sentence_id, value=name_a, other_value=name_b,
                message=f"One person is written '{name_a}' in {_name(doc_a)} and '{name_b}' in {_name(doc_b)}"
                        + (f" ({reason})." if reason else ".")))
    return findings
