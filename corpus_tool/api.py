"""The library's doors: what the command line wraps, as plain functions.

Each function here joins stages (which never reach back up) to the store and the reports.
There is one way to process a bare text, ``process_text``; figures of a string, QA of a
sentence pair, aligning two files and checking a claim all go through it.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from . import store
from .acquire.read import decode, read_bytes, read_document, sha256
from .align.embedders import Embedder
from .align.sentences import align
from .check.claims import ClaimResult, claim_figure, judge_claim, not_understood
from .check.translation import check_unit
from .document import Document, Figure, Finding
from .errors import AlignmentError, ClaimParseError, CorpusToolError, EmptyDocument, InputError
from .language import assign_language, text_language
from .pipeline.stages import DOCUMENT_STAGES, RunContext, Stage, process_document, stages_named
from .report.links import render_links
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
    """Does the corpus in ``conn`` support ``claim`` ("Malmö had 34 shootings in 2019")?"""
    doc = process_text(claim, source="<claim>", stages=("clean", "segment", "language"))
    try:
        figure, place = claim_figure(doc)
    except ClaimParseError as exc:
        return not_understood(claim, exc)
    candidates = (store.figures_for(conn, figure.metric, figure.unit, figure.period_start, figure.period_end)
                  if figure.period_start else [])
    return judge_claim(claim, figure, place, candidates, store.document_places(conn), store.translation_sources(conn))


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
