"""The library's doors: what the command line wraps, as plain functions.

Each function here joins stages (which never reach back up) to the store and the reports.
There is one way to process a bare text, ``process_text``; figures of a string, QA of a
sentence pair, aligning two files and checking a claim all go through it.
"""
from __future__ import annotations

import functools
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import store
from .acquire.read import decode, read_bytes, read_document, sha256
from .align.embedders import Embedder
from .align.sentences import align
from .check.claims import ClaimResult, claim_figures, combine, judge_claim, not_understood
from .check.qa import (
    QA_KINDS,
    Decisions,
    QAIssue,
    gap_explains_length,
    issue_key,
    read_decisions,
    write_decisions,
)
from .check.severities import severity_of
from .check.translation import KNOWN_LANGS, check_unit, two_way_renderings, two_ways_message
from .document import Document, Figure, Finding
from .errors import AlignmentError, ClaimParseError, CorpusToolError, EmptyDocument, InputError
from .language import assign_language, sentence_language, text_language
from .pipeline.stages import DOCUMENT_STAGES, RunContext, Stage, process_document, stages_named
from .report.bilingual import Bilingual, annotate, issues_csv, parse_bilingual, read_bilingual
from .report.links import render_links
from .report.qa_page import render_qa_html
from .report.tbx import read_termbase
from .report.tmx import units_from_links
from .report.xliff import xliff_string
from .settings import Settings, load_settings

# The stages a bare text goes through when the caller asks for all of them.
ALL_STAGES = tuple(s.name for s in DOCUMENT_STAGES)


def _context(settings: Settings | None) -> RunContext:
    return RunContext(settings or load_settings())


def process_text(text: str, *, source: str = "<text>", media_type: str = "text/plain", published: str | None = None,
                 lang: str | None = None, stages: Sequence[str] = ALL_STAGES,
                 settings: Settings | None = None) -> Document:
    """Process a string as a document, through ``stages`` (all by default).

    With ``lang`` the language is the caller's: the language stage sets it instead of
    detecting it (a one-line text is too short for a sure guess).
    """
    if not isinstance(text, str):
        raise InputError(f"expected text, got {type(text).__name__}")
    doc = Document(source=source, text=text, media_type=media_type, sha256=sha256(text.encode()))
    if published:
        doc.metadata["published"] = published
    chosen: tuple[Stage, ...] = stages_named(stages)
    if lang:
        given = lang

        def _given_language(d: Document, ctx: RunContext) -> Document:
            return assign_language(d, given)

        chosen = tuple(replace(s, func=_given_language) if s.name == "language" else s for s in chosen)
    return process_document(doc, _context(settings), chosen)


def process_file(path: str | Path, settings: Settings | None = None) -> Document:
    """Read and process one file that holds one document (the common case)."""
    docs = process_source(path, settings)
    if len(docs) != 1:
        raise CorpusToolError(f"{path}: holds {len(docs)} documents; use process_source")
    return docs[0]


def process_source(path: str | Path, settings: Settings | None = None) -> list[Document]:
    """Read and process every document a file holds (an events file holds many)."""
    ctx = _context(settings)
    return [process_document(doc, ctx) for doc in read_document(path, max_bytes=ctx.settings.read.max_bytes)]


def figures_of_text(text: str, lang: str = "sv", published: str | None = None) -> list[Figure]:
    """Figures of a bare string (a claim, a sentence) in a language the caller gives."""
    return process_text(text, lang=lang, published=published,
                        stages=("clean", "segment", "language", "figures")).figures


def check_sentences(source_text: str, target_text: str, source_lang: str = "sv",
                    target_lang: str = "en", kinds: tuple[str, ...] = ("numbers",)) -> list[Finding]:
    """Translation QA of one source text against its translation, without a database.

    Both texts are taken as one aligned unit (1:1 link), as in a sentence-aligned
    parallel corpus.  Useful for QA of a single segment and for measuring the checks.
    """
    # One unit, whatever its line breaks: the caller aligned it already.
    source, target = (process_text(text.replace("\n", " "), source=name, lang=lang,
                                   stages=("clean", "segment", "language", "figures"))
                      for text, lang, name in ((source_text, source_lang, "<source>"),
                                               (target_text, target_lang, "<target>")))
    return check_unit(source, target, kinds)


def check_claim(conn: sqlite3.Connection, claim: str) -> ClaimResult:
    """Does the corpus in ``conn`` support ``claim`` ("Malmö had 34 shootings in 2019")?

    A claim of several figures ("tre dödades och nio skadades") is judged figure by figure and
    the parts joined (``ClaimResult.parts``).
    """
    return _ClaimJudge(conn).check(claim)


class _ClaimJudge:
    """What judging claims against one corpus reads once, however many claims (an article's): the
    settings, each document's usual place and the translations' sources."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn, self.settings = conn, load_settings()

    @functools.cached_property  # read when a claim is understood, not for one that is not
    def places(self) -> dict[int, str]:
        return store.document_places(self.conn)

    @functools.cached_property
    def sources(self) -> dict[int, int]:
        return store.translation_sources(self.conn)

    def check(self, claim: str) -> ClaimResult:
        if not claim.strip():
            return not_understood(claim, ClaimParseError("understood nothing; missing the whole claim (it is empty)"))
        among = self.settings.language
        lang = sentence_language(claim, among.claim_languages, among.claim_sure)
        doc = process_text(claim, source="<claim>", stages=("clean", "segment", "language"), lang=lang,
                           settings=self.settings)
        try:
            figures, place = claim_figures(doc)
        except ClaimParseError as exc:
            return not_understood(claim, exc)
        conn = self.conn
        parts = [judge_claim(claim, figure, place,
                             store.figures_for(conn, figure.metric, figure.unit, None, None)
                             if figure.period_start else [],
                             self.places, self.sources)
                 for figure in figures]
        return combine(claim, parts)


def check_article(conn: sqlite3.Connection, text: str, *,
                  published: str | None = None) -> tuple[str, list[ClaimResult]]:
    """Every checkable statistic of a news text (Swedish or English), each judged as a claim.

    The article is cleaned and segmented; each sentence that counts something (a figure of a
    known metric) is checked as a claim with ``check_claim``, its result placed at the
    sentence's offsets in the returned cleaned text (``ClaimResult.start``/``end``).  Sentences
    whose figures have no period the sentence states are returned as ``not understood``.
    """
    doc = process_text(text, source="<article>", published=published,
                       stages=("clean", "segment", "language", "figures"))
    results, judge = [], _ClaimJudge(conn)
    for sentence in doc.sentences:
        counted = [f for f in doc.figures if sentence.start <= f.start < sentence.end and f.metric != "other"
                   and (f.value is not None or f.low is not None)]
        if not counted:
            continue
        result = judge.check(doc.text[sentence.start:sentence.end])
        result.start, result.end = sentence.start, sentence.end
        results.append(result)
    return doc.text, results


@dataclass
class SideText:
    """One side of a pair of files to align: its sentences and language."""

    sentences: list[str]
    lang: str | None


def read_side(path: str | Path, *, presplit: bool = False, lang: str | None = None,
              settings: Settings | None = None) -> SideText:
    """Sentences (and detected language) of one file; an empty file has none.

    Without ``presplit`` the file goes through the pipeline's clean, segment and language
    stages, so a pair aligned from its two files gets exactly the sentences the pipeline
    stores.  With ``presplit`` each line is one sentence, as in alignment benchmarks.
    """
    path = Path(path)
    if not path.is_file():
        raise AlignmentError(f"not a file: {path}")
    ctx = _context(settings)
    try:
        data = read_bytes(path)
    except EmptyDocument:
        return SideText([], lang)
    if presplit:
        text, _ = decode(data, None, str(path))
        # The language picks the word lexicon (sv–en); detected when not given.
        return SideText(text.splitlines(), lang or text_language(text, ctx.settings.language))
    # Language detection only when the language is not given (loading it costs seconds).
    wanted = ("clean", "segment") if lang else ("clean", "segment", "language")
    try:
        docs = read_document(path, data)
        if len(docs) != 1:
            raise AlignmentError(f"{path}: holds {len(docs)} documents, expected one text")
        doc = process_document(docs[0], ctx, stages_named(wanted))
    except EmptyDocument:
        return SideText([], lang)
    return SideText([s.text for s in doc.sentences], lang or doc.lang)


def align_files(src_path: str | Path, tgt_path: str | Path, *, presplit: bool = False,
                src_lang: str | None = None, tgt_lang: str | None = None, fmt: str = "links",
                embedder: Embedder | None = None) -> str:
    """Align two text files and render the links as ``links``, ``tsv``, ``tmx`` or ``xliff``."""
    render_links([], [], [], fmt)  # an unknown format fails before any file is read
    src = read_side(src_path, presplit=presplit, lang=src_lang)
    tgt = read_side(tgt_path, presplit=presplit, lang=tgt_lang)
    links = align(src.sentences, tgt.sentences, embedder=embedder, src_lang=src.lang, tgt_lang=tgt.lang)
    return render_links(links, src.sentences, tgt.sentences, fmt, src.lang, tgt.lang)


# ---------------------------------------------------------------- translators' QA of bilingual files

def _unit_issues(n: int, unit_id: str, source_text: str, target_text: str, src_lang: str, tgt_lang: str,
                 kinds: Sequence[str], terms: Sequence[dict], gaps: bool,
                 names: dict[str, list[tuple[str, str, Any]]]) -> list[QAIssue]:
    """The issues of one unit: its sentences aligned inside it, then every translation check."""
    known = src_lang in KNOWN_LANGS and tgt_lang in KNOWN_LANGS
    stages = ("clean", "segment", "language", "figures", "officials") if known else ("clean", "segment", "language")
    docs = [process_text(text.replace("\n", " "), source=name, lang=lang, stages=stages)
            if text.strip() else None
            for text, lang, name in ((source_text, src_lang, "<source>"), (target_text, tgt_lang, "<target>"))]
    source, target = docs
    issues: list[QAIssue] = []

    def add(kind: str, severity: float, message: str, sentence: str, value: str | None = None,
            other_value: str | None = None) -> None:
        issue = QAIssue(issue_key(kind, sentence, value, other_value), n,
                        unit_id, kind, severity, message, source_text, target_text, value, other_value)
        if all(i.id != issue.id for i in issues):
            issues.append(issue)

    if source is None or target is None or not source.sentences or not target.sentences:
        # One side empty: in a CAT file an untranslated segment is work to do, not an issue; in
        # aligned plain files and tables it is a sentence lost or added.
        if gaps and source is not None and source.sentences and "omission" in kinds:
            case = "omission_with_figures" if source.figures else "omission"
            add("omission", severity_of(case), f"Source '{source_text.strip()}' has no counterpart in the "
                "translation.", source_text, value=source_text.strip())
        elif gaps and target is not None and target.sentences and "addition" in kinds:
            add("addition", severity_of("addition"), f"Translated '{target_text.strip()}' has no counterpart "
                "in the source.", target_text, other_value=target_text.strip())
        return issues
    links = None
    if len(source.sentences) > 1 or len(target.sentences) > 1:
        links = [(list(link.src), list(link.tgt)) for link in
                 align([s.text for s in source.sentences], [s.text for s in target.sentences],
                       src_lang=src_lang, tgt_lang=tgt_lang)]
    renderings: dict = {}
    findings = check_unit(source, target, kinds, links=links, terms=terms, renderings=renderings)
    texts = {s.id: s.text for doc in (source, target) for s in doc.sentences}
    for key, found in renderings.items():  # names are judged over the whole file (qa_units)
        names.setdefault(key, []).extend((surface, sv, (n, unit_id, source_text, target_text, texts.get(sid)))
                                         for surface, sv, sid, _ in found)
    for f in findings:
        sentence = texts.get(f.sentence_id) if f.sentence_id is not None else texts.get(f.other_sentence_id)
        if f.kind == "omission" and not gap_explains_length(len(source_text), len(target_text), len(sentence or "")):
            continue
        if f.kind == "addition" and not gap_explains_length(len(target_text), len(source_text), len(sentence or "")):
            continue
        add(f.kind, f.severity, f.message, sentence or source_text, f.value, f.other_value)
    return issues


@dataclass
class QAResult:
    """The QA of one bilingual file: its issues (dismissed ones marked), the file as read, what was written."""

    issues: list[QAIssue]
    bilingual: Bilingual
    src_lang: str
    tgt_lang: str
    decisions: Decisions
    written: dict[str, Path]

    @property
    def open_issues(self) -> list[QAIssue]:
        return [i for i in self.issues if not i.dismissed]


def qa_units(units: Sequence[tuple[str, str]], src_lang: str, tgt_lang: str, *,
             kinds: Sequence[str] = QA_KINDS, terms: Sequence[dict] = (), gaps: bool = False,
             unit_ids: Sequence[str] | None = None) -> list[QAIssue]:
    """Every translation check on each (source, target) unit; ``gaps``: an empty side is an omission/addition."""
    issues: list[QAIssue] = []
    names: dict[str, list[tuple[str, str, Any]]] = {}
    for n, (source, target) in enumerate(units):
        issues += _unit_issues(n, unit_ids[n] if unit_ids else str(n + 1), source, target, src_lang, tgt_lang,
                               kinds, terms, gaps, names)
    if "terminology" in kinds:  # a name rendered two ways in one file ("Stop Shoot" / "Stop Shooting")
        for surface, sv_surface, usual, tag in two_way_renderings(names):
            at, at_id, src_text, tgt_text, sentence = tag
            key = issue_key("terminology", sentence or src_text, sv_surface, surface)
            issues.append(QAIssue(key, at, at_id, "terminology", severity_of("terminology_two_ways"),
                                  two_ways_message(sv_surface, surface, usual), src_text, tgt_text, sv_surface,
                                  surface))
        issues.sort(key=lambda i: i.unit)
    return issues


def _language(texts: Sequence[str], settings: Settings) -> str:
    return text_language(" ".join(texts)[:5000], settings.language) or "und"


def default_decisions_path(path: str | Path) -> Path:
    """Where the decisions of a file live unless told: beside it, ``NAME.decisions.json``."""
    path = Path(path)
    return path.with_name(path.name + ".decisions.json")


def qa_file(path: str | Path, target_path: str | Path | None = None, *, src_lang: str | None = None,
            tgt_lang: str | None = None, glossary: str | Path | None = None,
            decisions: str | Path | None = None, out_dir: str | Path | None = None,
            kinds: Sequence[str] = QA_KINDS, dismiss: Sequence[str] = (),
            settings: Settings | None = None) -> QAResult:
    """Translators' QA of a bilingual file (XLIFF 1.2/2.x, TMX, two-column TSV/CSV), or of two plain
    files aligned first.  With ``out_dir`` it writes the same file with ITS 2.0 quality-issue
    annotations, the HTML page and the issues as CSV.  ``dismiss`` adds issue ids to the decisions
    file (default ``NAME.decisions.json`` beside the file) and saves it."""
    settings = settings or load_settings()
    unknown = set(kinds) - set(QA_KINDS)
    if unknown:
        raise InputError(f"unknown kind {sorted(unknown)[0]!r}; choose from {', '.join(QA_KINDS)}")
    if target_path is not None:
        src, tgt = read_side(path, lang=src_lang, settings=settings), read_side(target_path, lang=tgt_lang,
                                                                               settings=settings)
        sl, tl = src.lang or "und", tgt.lang or "und"
        links = align(src.sentences, tgt.sentences, src_lang=sl, tgt_lang=tl)
        bilingual = parse_bilingual(xliff_string(units_from_links(links, src.sentences, tgt.sentences), sl, tl,
                                                 original=Path(path).name).encode("utf-8"), "aligned.xlf")
        gaps = True
    else:
        bilingual = read_bilingual(path)
        if not bilingual.units:
            raise InputError(f"{path}: no translation units")
        sl = src_lang or bilingual.src_lang or _language([u.source for u in bilingual.units], settings)
        tl = tgt_lang or bilingual.tgt_lang or _language([u.target for u in bilingual.units], settings)
        gaps = bilingual.format in ("tsv", "csv")
    sl, tl = (lang.lower().replace("_", "-").split("-")[0] for lang in (sl, tl))
    terms = read_termbase(glossary, sl, tl) if glossary else []
    issues = qa_units([(u.source, u.target) for u in bilingual.units], sl, tl, kinds=kinds, terms=terms,
                      gaps=gaps, unit_ids=[u.id for u in bilingual.units])
    decisions_path = Path(decisions) if decisions else default_decisions_path(path)
    chosen = read_decisions(decisions_path)
    if dismiss:
        by_id = {i.id: i for i in issues}
        for issue_id in dismiss:
            if issue_id not in by_id and issue_id not in chosen:
                raise InputError(f"no issue with id {issue_id!r} in {path}")
            chosen.dismiss(issue_id, by_id.get(issue_id))
        write_decisions(decisions_path, chosen)
    for issue in issues:
        issue.dismissed = issue.id in chosen
    written: dict[str, Path] = {}
    if out_dir is not None:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        name = Path(path).name
        suffix = ".xlf" if target_path is not None else Path(path).suffix or ".txt"
        stem = Path(path).stem
        written["annotated"] = out / f"{stem}.qa{suffix}"
        written["annotated"].write_bytes(annotate(bilingual, issues))
        written["html"] = out / f"{stem}.qa.html"
        written["html"].write_text(render_qa_html(issues, title=name, src_lang=sl, tgt_lang=tl,
                                                  units=len(bilingual.units), decisions=chosen,
                                                  decisions_name=decisions_path.name), encoding="utf-8")
        written["csv"] = out / f"{stem}.qa-issues.csv"
        written["csv"].write_text(issues_csv(issues), encoding="utf-8")
    return QAResult(issues, bilingual, sl, tl, chosen, written)
