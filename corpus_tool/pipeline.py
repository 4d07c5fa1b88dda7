"""The pipeline: document stages in order, corpus stages after, errors recorded.

A document flows read → clean → segment → language → figures → officials; each
stage is a function ``(Document, settings) -> Document`` that declares what it
requires and assigns, and the order is checked at import.  Documents stream
through a pool of worker processes and are written one transaction each, so
memory stays flat and an interrupted run leaves no half-written document.
Corpus stages (people, translation pairs and alignment, discrepancies) then run
over the stored corpus.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from . import store
from .acquire.read import iter_input_files, read_bytes, read_document, sha256
from .clean import BoilerplateCounter, clean
from .document import Document, timed
from .errors import CorpusToolError
from .language import detect_languages, warm_up as warm_up_language
from .segment import segment
from .settings import load_settings

log = logging.getLogger(__name__)
DEFAULT_DB = Path("processed/corpus.db")
INPUT_FIELDS = frozenset({"source", "text", "media_type", "metadata", "published"})


@dataclass(frozen=True)
class Stage:
    name: str
    func: Callable[[Document, dict], Document]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


def _clean(doc: Document, settings: dict) -> Document:
    return clean(doc, settings["clean"], settings.get("_boilerplate", {}).get(_site_key(doc), frozenset()))


def _segment(doc: Document, settings: dict) -> Document:
    return segment(doc)


def _language(doc: Document, settings: dict) -> Document:
    return detect_languages(doc, settings["language"])


def _figures(doc: Document, settings: dict) -> Document:
    from .extract.figures import extract_figures

    doc.figures = extract_figures(doc)
    return doc


def _officials(doc: Document, settings: dict) -> Document:
    from .extract.officials import extract_mentions

    doc.mentions = extract_mentions(doc)
    return doc


DOCUMENT_STAGES: tuple[Stage, ...] = (
    Stage("clean", _clean, ("text", "media_type"), ("blocks", "title", "published", "site")),
    Stage("segment", _segment, ("blocks",), ("text", "paragraphs", "sentences")),
    Stage("language", _language, ("blocks", "paragraphs", "sentences"), ("lang",)),
    Stage("figures", _figures, ("text", "sentences", "paragraphs", "lang", "published"), ("figures",)),
    Stage("officials", _officials, ("text", "sentences", "paragraphs", "lang"), ("mentions",)),
)


def check_order(stages: Sequence[Stage]) -> None:
    """Every stage's requirements are inputs or assigned by an earlier stage."""
    available = set(INPUT_FIELDS)
    for stage in stages:
        missing = [r for r in stage.requires if r not in available]
        if missing:
            raise CorpusToolError(f"stage '{stage.name}' requires {missing}, which no earlier stage assigns")
        available.update(stage.assigns)


check_order(DOCUMENT_STAGES)


def _site_key(doc: Document) -> str:
    return doc.site or str(Path(doc.source.split("#")[0]).parent)


def process_document(doc: Document, settings: dict, stages: Sequence[Stage] = DOCUMENT_STAGES) -> Document:
    """Run the document stages on ``doc``; a failing stage raises with the stage named."""
    for stage in stages:
        with timed(doc, stage.name):
            try:
                doc = stage.func(doc, settings)
            except CorpusToolError:
                raise
            except Exception as exc:
                raise StageFailure(stage.name, exc) from exc
    return doc


class StageFailure(CorpusToolError):
    code = "E200"

    def __init__(self, stage: str, exc: Exception):
        self.stage, self.exc = stage, exc
        super().__init__(f"stage '{stage}' failed: {type(exc).__name__}: {exc}")


def process_file(path: str | Path, settings: Optional[dict] = None) -> Document:
    """Read and process one file that holds one document (the common case)."""
    docs = process_source(path, settings)
    if len(docs) != 1:
        raise CorpusToolError(f"{path}: holds {len(docs)} documents; use process_source")
    return docs[0]


def process_source(path: str | Path, settings: Optional[dict] = None) -> list[Document]:
    settings = settings or load_settings()
    return [process_document(doc, settings) for doc in read_document(path, max_bytes=settings["read"]["max_bytes"])]


def process_text(text: str, *, source: str = "<text>", media_type: str = "text/plain",
                 published: Optional[str] = None, settings: Optional[dict] = None) -> Document:
    """Process a string as a document (for the library API and tests)."""
    doc = Document(source=source, text=text, media_type=media_type, sha256=sha256(text.encode()))
    if published:
        doc.metadata["published"] = published
    return process_document(doc, settings or load_settings())


# --------------------------------------------------------------------------- run


@dataclass
class Outcome:
    source: str
    status: str  # stored | skipped | failed
    document: Optional[Document] = None
    stage: str = ""
    error: str = ""
    message: str = ""


@dataclass
class RunSummary:
    read: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    languages: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)
    seconds: float = 0.0
    corpus: dict = field(default_factory=dict)


_WORKER_SETTINGS: dict = {}


def _init_worker(settings: dict) -> None:
    _WORKER_SETTINGS.clear()
    _WORKER_SETTINGS.update(settings)


def _failed(source: str, exc: BaseException, stage: str) -> Outcome:
    if isinstance(exc, StageFailure):
        stage, exc_name, message = exc.stage, type(exc.exc).__name__, str(exc)
    else:
        exc_name, message = type(exc).__name__, str(exc)
    if source not in message:
        message = f"{source}: {message}"
    return Outcome(source, "failed", stage=stage, error=exc_name, message=message)


def _work(task: tuple[str, dict]) -> list[Outcome]:
    """Worker: read, hash, skip if unchanged, else process. Never raises."""
    path, known = task
    settings = _WORKER_SETTINGS
    try:
        data = read_bytes(Path(path), settings["read"]["max_bytes"])
        docs = read_document(path, data)
    except CorpusToolError as exc:
        return [_failed(path, exc, "read")]
    except Exception as exc:  # an unexpected reader failure is still one file's problem
        return [_failed(path, exc, "read")]
    outcomes = []
    for doc in docs:
        if known.get(doc.source) == doc.sha256 and not settings.get("_force"):
            outcomes.append(Outcome(doc.source, "skipped"))
            continue
        try:
            doc = process_document(doc, settings)
            doc.raw = b""  # the raw bytes stay on disk; don't ship them between processes
            outcomes.append(Outcome(doc.source, "stored", doc))
        except Exception as exc:
            outcomes.append(_failed(doc.source, exc, "process"))
    return outcomes


def _survey(paths: list[str], settings: dict, known_by_file: dict[str, dict]) -> tuple[dict, list[str], int]:
    """One cheap pass over all inputs: boilerplate lines per site, and which files changed.

    Returns (repeated lines per site, files to process, documents unchanged).  Lines a site
    repeats on many pages are counted over plain-text inputs only (trafilatura handles HTML
    furniture), and over unchanged files too, since they are part of the site.
    """
    counter = BoilerplateCounter(settings["clean"])
    pending, unchanged = [], 0
    for path in paths:
        try:
            docs = read_document(path, max_bytes=settings["read"]["max_bytes"])
        except Exception:
            pending.append(path)  # the worker reports the error
            continue
        for doc in docs:
            if doc.media_type != "text/html":
                counter.add(_site_key(doc), doc.text)
        known = known_by_file.get(path, {})
        if not settings.get("_force") and docs and all(known.get(d.source) == d.sha256 for d in docs):
            unchanged += len(docs)
        else:
            pending.append(path)
    return {site: counter.repeated(site) for site in counter.documents}, pending, unchanged


def cleaned_text_path(db_path: Path, source: str) -> Path:
    name = re.sub(r"[^\w.\-]+", "_", source.strip("/")).strip("_")[-180:]
    return db_path.parent / "text" / f"{name}.txt"


def _write_cleaned(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)  # atomic: a reader never sees half a file


def run(paths: Iterable[str | Path] = ("raw",), db: str | Path = DEFAULT_DB, *, jobs: Optional[int] = None,
        settings: Optional[dict] = None, force: bool = False, progress: Optional[Callable] = None,
        on_error: Optional[Callable[[Outcome], None]] = None, pairs: Sequence[tuple[str, str]] = (),
        corpus_stages: bool = True) -> RunSummary:
    """Ingest files and folders into the database at ``db``; return a summary.

    ``progress(done, total)`` and ``on_error(outcome)`` are optional callbacks
    (the CLI draws a progress bar and prints one line per failure).
    """
    t0 = time.perf_counter()
    settings = dict(settings or load_settings())
    db_path = Path(db)
    conn = store.connect(db_path)
    settings["_force"] = force
    known_by_file: dict[str, dict] = {}
    for source, digest in conn.execute("SELECT source, sha256 FROM documents"):
        # an events file holds several documents: "file#id"
        known_by_file.setdefault(source.split("#")[0], {})[source] = digest
    settings["_boilerplate"], files, unchanged = _survey(
        [str(p) for p in iter_input_files(paths)], settings, known_by_file)
    summary = RunSummary(read=unchanged, skipped=unchanged)
    jobs = max(1, jobs or os.cpu_count() or 1)
    tasks = ((path, known_by_file.get(path, {})) for path in files)

    def handle(outcomes: list[Outcome]) -> None:
        for outcome in outcomes:
            summary.read += 1
            if outcome.status == "skipped":
                summary.skipped += 1
            elif outcome.status == "failed":
                summary.failed += 1
                summary.errors.append(outcome)
                store.record_error(conn, outcome.source, outcome.stage, outcome.error, outcome.message)
                if on_error:
                    on_error(outcome)
            else:
                doc = outcome.document
                text_path = cleaned_text_path(db_path, doc.source)
                _write_cleaned(text_path, doc.text)
                store.write_document(conn, doc, str(text_path))
                summary.stored += 1
                summary.languages[doc.lang or "unknown"] += 1

    done = 0
    if jobs == 1 or len(files) < 2:
        _init_worker(settings)
        for task in tasks:
            handle(_work(task))
            done += 1
            if progress:
                progress(done, len(files))
    else:
        # Load the language models once before forking: the workers share them copy-on-write.
        warm_up_language(settings["language"])
        context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
        with context.Pool(min(jobs, len(files)), initializer=_init_worker, initargs=(settings,)) as pool:
            for outcomes in pool.imap_unordered(_work, tasks, chunksize=2):
                handle(outcomes)
                done += 1
                if progress:
                    progress(done, len(files))
    for source, target in pairs:
        store.add_explicit_pair(conn, str(source), str(target))
    if corpus_stages:
        summary.corpus = run_corpus_stages(conn, settings, changed=summary.stored > 0 or bool(pairs))
    conn.close()
    summary.seconds = time.perf_counter() - t0
    return summary


def run_corpus_stages(conn, settings: dict, changed: bool = True) -> dict:
    """People, translation pairs and alignments, discrepancies: rebuilt from the stored corpus."""
    report: dict = {}
    if not changed and conn.execute("SELECT count(*) FROM documents").fetchone()[0]:
        # Nothing new: the corpus tables stand as they are; report them without recomputing.
        kinds = conn.execute("SELECT kind, count(*) FROM discrepancies GROUP BY kind ORDER BY 2 DESC, 1")
        return {"discrepancies": dict(kinds.fetchall())}
    for name, func in CORPUS_STAGES:
        t0 = time.perf_counter()
        report[name] = func(conn, settings)
        log.info("corpus stage %s took %.2fs", name, time.perf_counter() - t0)
    return report


def _people(conn, settings: dict) -> dict:
    from .extract.people import rebuild_people

    return rebuild_people(conn)


def _translations(conn, settings: dict) -> dict:
    from .align.corpus import align_corpus

    return align_corpus(conn, settings)


def _discrepancies(conn, settings: dict) -> dict:
    from .check import check_corpus

    return check_corpus(conn, settings)


# In order: people are confirmed through aligned translation pairs; discrepancies need both.
CORPUS_STAGES: list[tuple[str, Callable]] = [
    ("translations", _translations),
    ("people", _people),
    ("discrepancies", _discrepancies),
]
