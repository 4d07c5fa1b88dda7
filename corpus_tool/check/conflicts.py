"""Figures that disagree: inside one document, and between documents; names written two ways."""
from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from itertools import combinations

from ..document import Document, Figure, Finding, Paragraph
from ..extract.metrics import metric_from_cues, metric_of_noun
from .comparable import (
    Event,
    article_one,
    disagree,
    event_of,
    is_statistic,
    is_summary,
    people_metrics,
    person_nouns,
    same_event,
    where,
    year_to_date,
)
from .compare import conflicting, describe, statement
from .severities import severity_of

# A figure compared across documents, with the id of the document stating it.
Entry = tuple[int, Figure]


def _comparable(f: Figure) -> bool:
    """Counts worth comparing: "other" figures count unrelated things."""
    return f.metric != "other" and (f.value is not None or f.low is not None)


def _name(doc: Document) -> str:
    return os.path.basename(doc.source) if doc.source else f"document {doc.id}"


def _period(f: Figure) -> str:
    return f.period_text or (f"{f.period_start}..{f.period_end}" if f.period_start else "no stated period")


def internal_conflicts(doc: Document) -> list[Finding]:
    """A heading or lead whose figure disagrees with the body's, and two body statistics that disagree.

    A heading (or the lead paragraph under the title) summarises the text below it: its figure is
    held against the body's figures of the same metric and the same counted noun, whether or not
    it names a period, and flagged when none of them agrees with it.  Body figures after an
    update line ("Uppdatering 20:13: Totalt fyra ...") are a timeline of the event, not a
    disagreement.  Two body figures are held against each other only when both are statistics
    (totals, not one incident's count) for the same metric, noun, place and period, in different
    sentences.
    """
    findings = []
    figures = [f for f in doc.figures if _comparable(f)]
    lead = _lead_paragraph(doc)
    update_at = _first_update(doc)

    def summary(f: Figure) -> bool:
        return f.in_heading or (lead is not None and lead.start <= f.start < lead.end)

    body = [f for f in figures if not summary(f) and (update_at is None or f.start < update_at)]
    by_key = defaultdict(list)
    for f in body:
        if f.period_start and is_statistic(f):
            by_key[(f.metric, f.unit, _noun(f), where(f).key(), f.period_start, f.period_end)].append(f)
    section = _sections(doc)
    for group in by_key.values():
        for a, b in combinations(group, 2):
            if section(a) != section(b):
                continue  # "15.15 Kramfors: Åtta förare …" and "16.22 Kramfors: Elva förare …": two events
            if a.sentence_id != b.sentence_id and a.sentence_position != b.sentence_position and disagree(a, b):
                findings.append(_internal(doc, a, b, "internal_conflict_body",
                                          f"both totals (statistics) for {_period(a)} in the body"))
    # Percentages in headings are headline results ("63% färre mord") of places and periods the
    # heading leaves unsaid; only counts are held against the body.
    for top in (f for f in figures if summary(f) and f.unit != "percent"):
        same = [f for f in body if f.metric == top.metric and f.unit == top.unit
                and _same_noun(top, f, doc.lang) and not _other_periods(top, f)
                # "Två trafikolyckor" over "en trafikolycka på Furudalsvägen": the body names one of them
                and not (article_one(f, doc.lang) and (top.value or 0) > 1)
                # a lead is prose: its period may be in the sentence before, so one stated alone is not comparable
                and (top.in_heading or bool(top.period_text) == bool(f.period_text))]
        if same and all(disagree(top, f) for f in same) and not _sums_to(top, body):
            nearest = min(same, key=lambda f: abs(f.start - top.start))
            case = "internal_conflict_heading" if top.in_heading else "internal_conflict_lead"
            findings.append(_internal(doc, top, nearest, case,
                                      f"the {'heading' if top.in_heading else 'lead'} sums up the body, "
                                      f"and no body figure of {_metric(top)} '{_noun(top)}' agrees with it"))
    return findings


def _sums_to(top: Figure, body: list[Figure]) -> bool:
    """The figures of one body sentence add up to the heading's: "Tre män grips" over "Två män … och en man"."""
    if top.value is None:
        return False
    by_sentence: dict[int | None, float] = defaultdict(float)
    for f in body:
        if f.metric == top.metric and f.unit == top.unit and f.value is not None:
            by_sentence[f.sentence_position] += f.value
    return any(abs(total - top.value) < 1e-9 for total in by_sentence.values())


def _other_periods(a: Figure, b: Figure) -> bool:
    """Both figures name their periods, and the periods differ ("de senaste veckorna" / "i maj")."""
    return bool(a.period_text and b.period_text) and (a.period_start, a.period_end) != (b.period_start, b.period_end)


# A section header of a report: a clock time (and a place) on a line of its own, "15.15 Kramfors:".
_SECTION_HEADER = re.compile(r"^\s*(?:kl\.?\s*)?\d{1,2}[.:]\d{2}\b", re.I)
_COLON_HEADER = 120  # the longest line closed by a colon read as a section header


def _sections(doc: Document) -> Callable[[Figure], int]:
    """Which section of a report each figure stands in: sections begin at a header line with no count,
    a clock time ("15.15 Kramfors:") or a line closed by a colon ("Övrigt:", "Sammanfattning av polisens
    arbete under Midnight Sun Meet i Gällivare:")."""
    counted = {f.start for f in doc.figures}
    starts = [p.start for p in doc.paragraphs
              if (len(p.text) <= 80 and _SECTION_HEADER.match(p.text)
                  or len(p.text) <= _COLON_HEADER and p.text.rstrip().endswith(":"))
              and not any(p.start <= at < p.end for at in counted)]

    def section(f: Figure) -> int:
        return sum(1 for start in starts if start <= f.start)
    return section


def _same_noun(a: Figure, b: Figure, lang: str | None) -> bool:
    """Do two figures of one metric count the same noun: the same lemma, both people, or the metric itself?

    "Två gripna" and "tre personer grips" both count people arrested: a counted word that names the
    metric ("gripna", "skadade") stands for whoever the body counts.
    """
    na, nb = _noun(a), _noun(b)
    if na is None or nb is None:
        return False
    if na == nb:
        return True
    if a.metric not in people_metrics():
        return False  # things counted ("nykterhetskontroller", "bilbrand") must be the same things
    people = person_nouns()
    if na in people and nb in people:
        return True
    return any(metric_of_noun(n, lang) == a.metric or metric_from_cues(n, 0, lang) == a.metric for n in (na, nb))


def _noun(f: Figure) -> str | None:
    return f.noun.casefold() if f.noun else None


def _metric(f: Figure) -> str:
    return f.metric.replace("_", " ")


def _lead_paragraph(doc: Document) -> Paragraph | None:
    """The lead of an event report: its one-sentence first paragraph under the title, more text after it.

    A release's first paragraph often counts a part of what the body counts ("24 personer har
    sökts upp" over a year's "drygt 100"), so only an event report's lead is read as a summary.
    """
    event = event_of(doc)
    if event.type is None or is_summary(event):
        return None  # a night summary's lead is a total over the night; its body a selection of events
    paragraphs = [p for p in doc.paragraphs if p.kind != "table_cell"]
    if not paragraphs or paragraphs[0].kind != "heading":
        return None
    rest = paragraphs[1:]
    first = next((i for i, p in enumerate(rest) if p.kind != "heading"), None)
    if first is None or first + 1 >= len(rest):
        return None
    lead = rest[first]
    if sum(1 for x in doc.sentences if lead.start <= x.start < lead.end) > 1:
        return None
    return lead


def _first_update(doc: Document) -> int | None:
    m = _UPDATE_LINE.search(doc.text)
    return m.start() if m else None


_UPDATE_LINE = re.compile(r"(?m)^\s*(?:Uppdatering|Uppdaterad|Update)\b")


def _internal(doc: Document, a: Figure, b: Figure, case: str, why: str) -> Finding:
    where_a = "the heading" if a.in_heading else ("the lead" if case == "internal_conflict_lead" else "one sentence")
    return Finding(
        kind="internal-conflict", severity=_sureness(case, a, b), document_id=doc.stored_id,
        sentence_id=a.sentence_id, other_document_id=doc.id, other_sentence_id=b.sentence_id, value=a.surface,
        other_value=b.surface,
        message=f"{_name(doc)} gives two values for {_metric(a)}: '{a.surface}' "
                f"({describe(a)}) in {where_a} and '{b.surface}' ({describe(b)}) in another. "
                f"Comparable: same metric ({a.metric}) and counted noun ('{_noun(a)}'); {why}.")


def _sureness(case: str, a: Figure, b: Figure) -> float:
    """How sure the finding is (severities.tsv), a little surer the larger the difference."""
    base = severity_of(case)
    if a.approximate or b.approximate or a.value is None or b.value is None:
        base -= severity_of("approximate_doubt")
        return round(base, 1)
    relative = abs(a.value - b.value) / max(abs(a.value), abs(b.value), 1.0)
    return round(min(100.0, base + severity_of("difference_bonus") * relative), 1)


# The grouping key of a figure compared across documents: metric, unit, start of its period.
FigureKey = tuple[str, str | None, str]
# A figure to group: its key, its place in the corpus (document order, then figure order), its entry.
FigureRow = tuple[FigureKey, int, Entry]


def figure_rows(documents: Iterable[Document], translations: set[int]) -> list[FigureRow]:
    """The figures compared across documents, as rows keyed by metric, unit and period start.

    Only statistics with a period and a place are compared; translations (``translations``:
    their document ids) repeat their source and are left out.
    """
    rows: list[FigureRow] = []
    for doc in documents:
        rows += _document_rows(doc, translations, len(rows))
    return rows


def _document_rows(doc: Document, translations: set[int], first: int) -> list[FigureRow]:
    """One document's rows of ``figure_rows``, numbered in the corpus from ``first``."""
    doc_id = doc.stored_id
    rows: list[FigureRow] = []
    if doc_id in translations:
        return rows
    for f in doc.figures:
        if (_comparable(f) and f.period_start and f.period_end and not f.in_heading and is_statistic(f)
                and where(f).key() is not None):
            start = f.period_start
            ytd = year_to_date(f, doc.published)
            if ytd is not None:  # a year still running when published: a count up to then
                f = replace(f, period_end=ytd[1], period_text=f"{f.period_text} (to {ytd[1]})")
            rows.append(((f.metric, f.unit, start), first + len(rows), (doc_id, f)))
    return rows


class SourceRows:
    """Source conflicts, kept of a corpus read one document at a time: the rows of its compared
    figures, and the event and name of each document that has any (not the documents).

    Two documents giving different values for one statistic: same metric, place and period.
    Only two documents ever conflict (never two figures of one document), and only statistics
    in the same place by the gazetteer (code and level) for the same period.  Two reports of one
    event (same type and place, close in time, or an update) are a timeline.  Year-to-date figures
    from releases of different dates are a timeline too — unless the timeline runs backwards (a
    count for part of a period above the count for the whole of it).  Translations
    (``translations``: their document ids) repeat their source and are checked by the
    translation QA instead.

    Figures of one period are grouped by agreement; each figure outside the largest group is one
    finding, held against one figure of that group from another document.  So n documents that
    disagree give n findings, not n² — and the finding says what most sources say.
    """

    def __init__(self, translations: set[int]):
        self.translations = translations
        self.rows: list[FigureRow] = []
        self.events: dict[int, Event] = {}
        self.names: dict[int, str] = {}

    def add(self, doc: Document) -> None:
        rows = _document_rows(doc, self.translations, len(self.rows))
        if rows:
            self.rows += rows
            self.events[doc.stored_id] = event_of(doc)
            self.names[doc.stored_id] = _name(doc)

    def conflicts(self, group: Callable[[list[FigureRow]], list[list[Entry]]] | None = None) -> list[Finding]:
        """The findings over the documents added (``group``: ``group_figures`` unless another keyed
        grouping is given, e.g. the same grouping on a cluster)."""
        return _conflicts_in((group or group_figures)(self.rows), self.events, self.names)


def in_corpus_order(groups: Iterable[list[FigureRow]]) -> list[list[Entry]]:
    """Groups of rows as entries, each group in corpus order and the groups by their first row."""
    ordered = sorted((sorted(group, key=lambda r: r[1]) for group in groups), key=lambda g: g[0][1])
    return [[entry for _, _, entry in group] for group in ordered]


def group_figures(rows: Iterable[FigureRow]) -> list[list[Entry]]:
    """The keyed grouping of source conflicts: figures of one metric, unit and period start.

    ``pipeline.cluster`` groups the same rows with ``dask.bag`` on a cluster; both give the same groups.
    """
    groups: dict[FigureKey, list[FigureRow]] = defaultdict(list)
    for row in rows:
        groups[row[0]].append(row)
    return in_corpus_order(groups.values())


def _conflicts_in(groups: Iterable[list[Entry]], events: Mapping[int, Event],
                  names: Mapping[int, str]) -> list[Finding]:
    """The findings of ``SourceRows`` in its groups of figures (``events``, ``names``: of their documents)."""
    findings = []
    for entries in groups:
        for place_entries in _by_place(entries):
            by_end: dict[str, list[Entry]] = defaultdict(list)
            for doc_id, f in place_entries:
                assert f.period_end is not None  # only figures with both period ends are grouped (above)
                by_end[f.period_end].append((doc_id, f))
            consensus: dict[str, list[Entry]] = {}
            for period_end, same_period in by_end.items():
                agreeing = _agreeing_groups(same_period)
                consensus[period_end] = agreeing[0]
                for other in agreeing[1:]:
                    for entry in other:
                        reference = _reference(entry, agreeing[0], events)
                        if reference is not None:
                            findings.append(_source_finding(names, events, entry, reference, "source_conflict",
                                                            "for the same period"))
            ends = sorted(consensus)
            for i, inner_end in enumerate(ends):
                for entry in consensus[inner_end]:
                    # One finding per figure, against the widest period it exceeds.
                    exceeded = [ref for e in ends[i + 1:]
                                if (ref := _reference(entry, consensus[e], events)) is not None
                                and _runs_backwards(entry[1], ref[1])]
                    if exceeded:
                        findings.append(_source_finding(
                            names, events, entry, exceeded[-1], "source_conflict_backwards",
                            "and the part-period count exceeds the whole-period count"))
    return findings


def _reference(entry: Entry, group: list[Entry], events: Mapping[int, Event]) -> Entry | None:
    """The first figure of ``group`` from another document that is not a report of the same event."""
    doc_id = entry[0]
    for other in group:
        if other[0] != doc_id and same_event(events[doc_id], events[other[0]]) is None:
            return other
    return None


def _by_place(entries: list[Entry]) -> list[list[Entry]]:
    """Entries per place (gazetteer code and level, else the name): no figure meets another place's."""
    named: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        key = where(entry[1]).key()
        if key is not None:
            named[key].append(entry)
    return list(named.values())


def _agreeing_groups(entries: list[Entry]) -> list[list[Entry]]:
    """Entries grouped with those they do not conflict with; the largest group (most documents) first.

    A figure is held against one figure of each way of stating the count found in a group
    (``compare.statement``: what ``conflicting`` reads), not against every member: the same grouping,
    in time that grows with the distinct statements rather than with the documents."""
    groups: list[list[Entry]] = []
    statements: list[dict[tuple, Figure]] = []  # per group: one figure of each distinct statement
    for entry in entries:
        home = next((i for i, stated in enumerate(statements)
                     if not any(conflicting(entry[1], other) for other in stated.values())), None)
        if home is None:
            groups.append([entry])
            statements.append({statement(entry[1]): entry[1]})
        else:
            groups[home].append(entry)
            statements[home].setdefault(statement(entry[1]), entry[1])
    return sorted(groups, key=lambda g: (-len({doc_id for doc_id, _ in g}), g[0][1].start))


def _source_finding(names: Mapping[int, str], events: Mapping[int, Event], entry: Entry, reference: Entry,
                    case: str, problem: str) -> Finding:
    (da, a), (db, b) = entry, reference
    place = where(a)
    if is_summary(events[da]) and is_summary(events[db]):
        reports = (f"two summaries of that period, neither an update of the other "
                   f"({events[da].describe()} / {events[db].describe()})")
    else:
        reports = f"the two reports are not one event ({events[da].describe()} / {events[db].describe()})"
    why = (f"both count {_metric(a)} ({a.metric}), both statistics, in {place.describe()}, "
           f"for {_dates(a)}, and {reports}")
    return Finding(
        kind="source-conflict", severity=_sureness(case, a, b), document_id=da, sentence_id=a.sentence_id,
        other_document_id=db, other_sentence_id=b.sentence_id, value=a.surface, other_value=b.surface,
        message=f"{names[da]} says '{a.surface}' ({describe(a)}) and {names[db]} says "
                f"'{b.surface}' ({describe(b)}) {_metric(a)} {problem} "
                f"({_period(a)} / {_period(b)}). Comparable: {why}.")


def _dates(f: Figure) -> str:
    return f"{f.period_start}..{f.period_end}" if f.period_start else "no stated period"


def _runs_backwards(a: Figure, b: Figure) -> bool:
    assert a.period_end is not None and b.period_end is not None  # source conflicts compare only these
    inner, outer = (a, b) if a.period_end < b.period_end else (b, a)
    inner_low = inner.low if inner.low is not None else inner.value
    outer_high = outer.high if outer.high is not None else outer.value
    return inner_low is not None and outer_high is not None and inner_low > outer_high


# Where a spelling is first written: (document id, document name, mention start, sentence id).
_Written = tuple[int, str, int, int | None]


class Spellings:
    """Name variants, kept of a corpus read one document at a time: where each person's each spelling
    is first written (not the documents).  One person (as linked by the people stage) written two
    ways across documents is one finding; ``aliases`` (``variants``) maps person id → the recorded
    reason for merging the spellings."""

    def __init__(self) -> None:
        self.first: dict[int, dict[str, _Written]] = defaultdict(dict)

    def add(self, doc: Document) -> None:
        for m in doc.mentions:
            if m.person_id is not None and m.name_as_written not in self.first[m.person_id]:
                self.first[m.person_id][m.name_as_written] = (doc.stored_id, _name(doc), m.start, m.sentence_id)

    def variants(self, aliases: Mapping[int, str]) -> list[Finding]:
        findings = []
        for person_id, spellings in self.first.items():
            if len(spellings) < 2:
                continue
            (name_a, (doc_a, shown_a, _, sentence_a)), *others = sorted(
                spellings.items(), key=lambda kv: (kv[1][0], kv[1][2]))
            for name_b, (doc_b, shown_b, _, sentence_b) in others:
                reason = aliases.get(person_id, "")
                findings.append(Finding(
                    kind="name-variant", severity=severity_of("name_variant"), document_id=doc_a,
                    sentence_id=sentence_a, other_document_id=doc_b, other_sentence_id=sentence_b,
                    value=name_a, other_value=name_b,
                    message=f"One person is written '{name_a}' in {shown_a} and '{name_b}' in {shown_b}"
                            + (f" ({reason})." if reason else ".")))
        return findings
