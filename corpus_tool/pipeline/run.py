"""The run: read every input, skip what is unchanged, process the rest on an executor, store each.

Documents stream through the executor's workers (a local process pool, or a Dask cluster:
``pipeline.executors``) and are written one transaction each, in the order of the files, so
memory stays flat and an interrupted run leaves no half-written document.  The corpus stages
(``pipeline.corpus``) then rebuild the corpus-level tables.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from .. import store
from ..acquire.read import iter_input_files, read_bytes, read_document
from ..clean import BoilerplateCounter
from ..document import Document
from ..errors import DocumentOverMemory, DocumentTimeout
from ..extract.metrics import load_lemma_tables
from ..language import warm_up as warm_up_language
from ..settings import Settings, load_settings
from .corpus import run_corpus_stages
from .executors import Executor, make_executor
from .limits import call_with_limits
from .stages import DOCUMENT_STAGES, RunContext, Stage, StageFailure, StageReport, process_document, site_key

DEFAULT_DB = store.DEFAULT_DB


@dataclass
class Outcome:
    source: str
    status: str  # stored | skipped | failed | copy (the bytes of an earlier document of the run: not processed)
    document: Document | None = None
    stage: str = ""
    error: str = ""
    message: str = ""


@dataclass
class RunSummary:
    read: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    # documents read with the same bytes as one stored: recorded as one more of its names (document_names)
    duplicates: int = 0
    languages: Counter = field(default_factory=Counter)
    errors: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    corpus: dict[str, StageReport] = field(default_factory=dict)
    # Where the time went: seconds of each document stage summed over the documents this run
    # stored (in the workers, so with several workers they add up to more than the run took),
    # and of the one writer storing them.
    stage_seconds: dict[str, float] = field(default_factory=dict)
    write_seconds: float = 0.0
    survey_seconds: float = 0.0


@dataclass(frozen=True)
class _Worker:
    """What each worker process holds for the whole run (set once per worker, by the executor)."""

    ctx: RunContext
    stages: tuple[Stage, ...]


def stage_profile(summary: RunSummary) -> list[tuple[str, float]]:
    """(stage, seconds) of a run, in pipeline order: the survey, each document stage (summed over the
    documents stored), the writer, then each corpus stage."""
    rows = [("survey", summary.survey_seconds)]
    rows += [(name, seconds) for name, seconds in summary.stage_seconds.items()]
    rows.append(("write", summary.write_seconds))
    rows += [(name, report.seconds) for name, report in summary.corpus.items()]
    return rows


# Each worker runs the stages on these before its first document, so that what they load on first
# use (the language models, the NER model, the lemma tables) is loaded outside the document's time
# and memory limits and never counted in its stage times.  Done in the worker, not before the pool
# forks: the main process, which only writes and runs the corpus stages, holds none of them (a
# forked worker's shared pages count in its resident memory all the same).  The libraries they are
# loaded with (spaCy, trafilatura: ``Stage.libraries``) the local pool imports before it forks:
# importing spaCy costs each worker a third of a second of CPU, and this process 57 MB once.
# The texts are decided by their function words: the language models of the settings' other
# languages, which a worker may never need, load on first need (language.warm_up).
_WARM_UP_TEXTS = ("Polisen i Malmö: ett tiotal personer greps under natten och är nu anhållna för att de har "
                  "stört ordningen, säger Anna Lindqvist, presstalesperson.",
                  "About 20 people were arrested in the night and they are now held, says Anna Lindqvist, a police "
                  "spokesperson.")
def _warm_up_stages(worker: _Worker) -> None:
    """The executors' setup: run once in each worker (a process, or a Dask worker) before its tasks.
    Never raises (a pool worker failing its start would be started again and again): a model that
    cannot load fails the first document that needs it, in that document's own stage."""
    with contextlib.suppress(Exception):
        warm_up_language(worker.ctx.settings.language)
        load_lemma_tables()  # decompressed before the first document, outside its limits
    for text in _WARM_UP_TEXTS:
        doc = Document(source="<warm-up>", text=text, media_type="text/plain")
        # best effort: a real document that fails the same way reports its own failure
        with contextlib.suppress(Exception):
            process_document(doc, worker.ctx, worker.stages)


def _failed(source: str, exc: BaseException, stage: str) -> Outcome:
    if isinstance(exc, StageFailure):
        stage, exc_name, message = exc.stage, type(exc.exc).__name__, str(exc)
    else:
        exc_name, message = type(exc).__name__, str(exc)
    if source not in message:
        message = f"{source}: {message}"
    return Outcome(source, "failed", stage=stage, error=exc_name, message=message)


# A worker's task: a file, the hash stored under each of its names, and the names of its documents
# whose bytes an earlier document of the run has (which the writer records as that one's names).
_Task = tuple[str, dict[str, str], frozenset[str]]


def _work(worker: _Worker, task: _Task) -> list[Outcome]:
    """Worker: read, hash, skip if unchanged, else process (each document within its time limit). Never raises."""
    path, known, copies = task
    ctx = worker.ctx
    try:
        data = read_bytes(Path(path), ctx.settings.read.max_bytes)
        docs = read_document(path, data)
    except Exception as exc:  # a reader failure, expected or not, is one file's problem
        return [_failed(path, exc, "read")]
    outcomes = []
    for doc in docs:
        if known.get(doc.source) == doc.sha256 and not ctx.force:
            outcomes.append(Outcome(doc.source, "skipped"))
            continue
        if doc.source in copies:  # the same bytes as an earlier document: one more of its names, not processed
            doc.raw, doc.text = b"", ""
            outcomes.append(Outcome(doc.source, "copy", doc))
            continue
        try:
            doc = call_with_limits(ctx.settings.run.document_timeout_seconds, ctx.settings.run.document_memory_mb,
                                   process_document, doc, ctx, worker.stages)
            doc.raw, doc.blocks = b"", []  # the raw bytes stay on disk, the blocks are in the paragraphs: not shipped
            outcomes.append(Outcome(doc.source, "stored", doc))
        except (DocumentTimeout, DocumentOverMemory) as exc:  # the stage it was in is the last step, failed
            outcomes.append(_failed(doc.source, exc, doc.steps[-1].stage if doc.steps else "process"))
        except Exception as exc:
            outcomes.append(_failed(doc.source, exc, "process"))
    return outcomes


def _survey(paths: list[str], settings: Settings, force: bool,
            known_by_file: dict[str, dict[str, str]]) -> tuple[dict[str, frozenset[str]], list[_Task], int]:
    """One cheap pass over all inputs: boilerplate lines per site, and which files changed.

    Returns (repeated lines per site, the tasks: files to process, documents unchanged).  A document
    with the same bytes as an earlier one of the files to process is named in its file's task: it is
    stored as one more name of that one, not processed again.  Lines a site
    repeats on many pages are counted over every input, unchanged files too, since they are part
    of the site: the lines of a plain text, the text blocks of a whole HTML page (trafilatura
    keeps a site's disclaimer on some of its pages and not others; the count over whole pages
    knows it as furniture wherever it is kept).
    """
    counter = BoilerplateCounter(settings.clean)
    pending: list[_Task] = []
    unchanged = 0
    first_with: dict[str, str] = {}  # bytes (hash) -> the first document of the files to process with them
    for path in paths:
        known = known_by_file.get(path, {})
        try:
            docs = read_document(path, max_bytes=settings.read.max_bytes)
        except Exception:
            pending.append((path, known, frozenset()))  # the worker reports the error
            continue
        for doc in docs:
            counter.add_document(site_key(doc), doc)
        if not force and docs and all(known.get(d.source) == d.sha256 for d in docs):
            unchanged += len(docs)
            continue
        copies = []
        for doc in docs:
            if force or known.get(doc.source) != doc.sha256:
                if first_with.setdefault(doc.sha256, doc.source) != doc.source:
                    copies.append(doc.source)
        pending.append((path, known, frozenset(copies)))
    return {site: counter.repeated(site) for site in counter.documents}, pending, unchanged


# Bytes of the readable part of a cleaned-text file name (file systems allow 255 per name).
_NAME_BYTES = 150


def resolved(path: str | Path) -> str:
    """A file's identity: its absolute path with every symbolic link and ``..`` resolved, so that
    ``corpus/a.txt``, ``./corpus/a.txt`` and ``$PWD/corpus/a.txt`` are one document."""
    return os.path.realpath(path)


def _resolved_inputs(paths: Iterable[str | Path], db_path: Path) -> list[str]:
    """The input files, each once, without the run's own output: the cleaned texts it writes beside
    the database would otherwise come back as new documents when the database sits in the input."""
    outputs = resolved(cleaned_text_folder(db_path)) + os.sep
    seen: dict[str, None] = {}
    for path in iter_input_files(paths):
        name = resolved(path)
        if not name.startswith(outputs):
            seen.setdefault(name)
    return list(seen)


def _adopt_unresolved_sources(conn: sqlite3.Connection) -> None:
    """Documents an earlier version stored under a relative path take their resolved one (once)."""
    for (source,) in conn.execute("SELECT source FROM documents").fetchall():
        file, sep, rest = source.partition("#")
        if not os.path.isabs(file) and os.path.exists(file):
            store.rename_source(conn, source, resolved(file) + sep + rest)


def cleaned_text_folder(db_path: Path) -> Path:
    """The folder of the cleaned texts a run writes: ``text/`` beside its database."""
    return db_path.parent / "text"


def cleaned_text_path(db_path: Path, source: str) -> Path:
    """Where a document's cleaned text is written: a readable name from its source, suffixed with a
    hash of the whole source, so that two sources never share a file (``a b.txt``, ``a_b.txt``)."""
    name = re.sub(r"[^\w.\-]+", "_", source.strip("/")).strip("_")
    name = name.encode("utf-8")[-_NAME_BYTES:].decode("utf-8", "ignore")
    digest = hashlib.sha256(source.encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return cleaned_text_folder(db_path) / f"{name}-{digest}.txt"


def _write_cleaned(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)  # atomic: a reader never sees half a file


def run(paths: Iterable[str | Path] = ("raw",), db: str | Path = DEFAULT_DB, *, jobs: int | None = None,
        settings: Settings | None = None, force: bool = False,
        progress: Callable[[int, int], None] | None = None,
        on_error: Callable[[Outcome], None] | None = None, pairs: Sequence[tuple[str, str]] = (),
        corpus_stages: bool = True, stages: Sequence[Stage] = DOCUMENT_STAGES,
        executor: str | Executor = "local", scheduler: str | None = None) -> RunSummary:
    """Ingest files and folders into the database at ``db``; return a summary.

    ``progress(done, total)`` and ``on_error(outcome)`` are optional callbacks
    (the CLI draws a progress bar and prints one line per failure).  ``executor`` is where
    the documents are processed: ``local`` (a pool of ``jobs`` processes), ``dask`` (a Dask
    cluster at ``scheduler``, else a ``LocalCluster`` of ``jobs`` workers) or an executor
    object (``pipeline.cluster.DaskExecutor`` around a cluster of your own).
    """
    t0 = time.perf_counter()
    settings = settings or load_settings()
    # an unknown one fails before the store opens
    engine = make_executor(executor, jobs=jobs, scheduler=scheduler,
                           libraries=tuple(dict.fromkeys(name for stage in stages for name in stage.libraries)))
    db_path = Path(db)
    with store.writer_lock(db_path):  # one writer at a time: a second run is refused with one line
        conn = store.connect(db_path)
        _adopt_unresolved_sources(conn)
        known_by_file: dict[str, dict[str, str]] = {}
        for source, digest in store.known_names(conn).items():  # every name, a copy's too
            # an events file holds several documents: "file#id"
            known_by_file.setdefault(source.split("#")[0], {})[source] = digest
        t_survey = time.perf_counter()
        boilerplate, tasks, unchanged = _survey(
            _resolved_inputs(paths, db_path), settings, force, known_by_file)
        survey_seconds = time.perf_counter() - t_survey
        ctx = RunContext(settings, force=force, boilerplate=boilerplate)
        worker = _Worker(ctx, tuple(stages))
        summary = RunSummary(read=unchanged, skipped=unchanged, survey_seconds=survey_seconds)
        # copies whose first document was not stored (it failed): processed after the others, by file
        unprocessed: dict[str, set[str]] = {}

        def handle(outcomes: list[Outcome], task: _Task) -> None:
            for outcome in outcomes:
                summary.read += 1
                if outcome.status == "skipped":
                    summary.skipped += 1
                elif outcome.status == "copy" and outcome.document is not None:
                    if not store_outcome(outcome.document, processed=False):
                        summary.read -= 1  # read again when it is processed
                        unprocessed.setdefault(task[0], set()).add(outcome.source)
                elif outcome.status == "failed" or outcome.document is None:
                    summary.failed += 1
                    summary.errors.append(outcome)
                    store.record_error(conn, outcome.source, outcome.stage, outcome.error, outcome.message)
                    if on_error:
                        on_error(outcome)
                else:
                    store_outcome(outcome.document)

        def store_outcome(doc: Document, processed: bool = True) -> bool:
            """Store a processed document, or record a copy as a name of the stored one with its bytes;
            False for a copy (not processed) whose bytes are not stored."""
            # the document stored under this name before, when other names still hold its content, stays
            kept = store.keep_under_other_name(conn, doc.source, doc.sha256)
            if kept:
                kept_path = cleaned_text_path(db_path, kept)
                _write_cleaned(kept_path, conn.execute("SELECT text FROM documents WHERE source = ?",
                                                       (kept,)).fetchone()[0])
                store.set_cleaned_path(conn, kept, str(kept_path))
            same = store.document_with_content(conn, doc.sha256)
            if same and same[1] != doc.source:  # the same bytes are stored: one more name of them
                store.add_name(conn, same[0], doc.source, doc.url)
                summary.duplicates += 1
                return True
            if not processed:
                return False
            t_write = time.perf_counter()
            text_path = cleaned_text_path(db_path, doc.source)
            _write_cleaned(text_path, doc.text)
            store.write_document(conn, doc, str(text_path))
            summary.write_seconds += time.perf_counter() - t_write
            for step in doc.steps:
                summary.stage_seconds[step.stage] = summary.stage_seconds.get(step.stage, 0.0) + step.seconds
            summary.stored += 1
            summary.languages[doc.lang or "unknown"] += 1
            return True

        done = 0
        with engine:
            # A task the executor lost (its worker died) comes back as the exception that lost it.
            for task, result in engine.map(_work, worker, tasks, setup=_warm_up_stages):
                handle(result if isinstance(result, list) else [_failed(task[0], result, "run")], task)
                done += 1
                if progress:
                    progress(done, len(tasks))
            # Copies of a document that was not stored (it failed): processed themselves after the others
            # (the other documents of their file, stored already, are not written again).
            again: list[_Task] = [(path, known_by_file.get(path, {}), frozenset()) for path in unprocessed]
            for task, result in engine.map(_work, worker, again, setup=_warm_up_stages):
                outcomes = result if isinstance(result, list) else [_failed(task[0], result, "run")]
                handle([o for o in outcomes if o.source in unprocessed[task[0]] or o.source == task[0]], task)
            for source, target in pairs:
                store.add_explicit_pair(conn, resolved(source), resolved(target))
            if corpus_stages:
                summary.corpus = run_corpus_stages(conn, replace(ctx, joins=engine.joins),
                                                   changed=summary.stored > 0 or bool(pairs))
        conn.close()
    summary.seconds = time.perf_counter() - t0
    return summary
