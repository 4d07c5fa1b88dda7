"""One ``Stage`` type for the document stages and the corpus stages, and their order.

A document stage is ``(Document, RunContext) -> Document``: a pure function of one
document.  A corpus stage is ``(sqlite3.Connection, RunContext) -> StageReport``: it reads
the stored corpus and rewrites its own tables.  Each declares what it requires and what it
assigns (document fields, or tables), and the order is checked before anything runs.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..clean import clean
from ..document import Document, timed
from ..errors import CorpusToolError, StageError
from ..extract.event import event_of_document
from ..extract.figures import extract_figures
from ..extract.officials import extract_mentions
from ..language import detect_languages
from ..segment import segment
from ..settings import Settings, load_settings
from .joins import KeyedJoins, LocalJoins

# What a document has when it is read, before any stage.
INPUT_FIELDS = frozenset({"source", "text", "media_type", "metadata", "published"})


@dataclass(frozen=True)
class RunContext:
    """What a stage may read besides its input: the settings and the state of this run."""

    settings: Settings
    force: bool = False
    # Lines each site repeats on many pages (site key -> lines), counted over the whole run.
    boilerplate: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Where the corpus stages' keyed joins run: this process, or the run's Dask cluster.
    joins: KeyedJoins = field(default_factory=LocalJoins, compare=False)

    @classmethod
    def default(cls) -> RunContext:
        return cls(load_settings())


@dataclass(frozen=True)
class StageReport:
    """What a corpus stage did: counts by name (pairs, people, findings by kind …)."""

    stage: str
    counts: Mapping[str, int]
    seconds: float = 0.0


@dataclass(frozen=True)
class Stage:
    name: str
    func: Callable[[Any, RunContext], Any]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    # The heavy libraries the stage imports on first use: a local pool imports them before it forks,
    # so that its workers inherit them instead of each importing them (spaCy: a third of a second).
    libraries: tuple[str, ...] = ()


def check_order(stages: Sequence[Stage], available: frozenset[str] = INPUT_FIELDS) -> None:
    """Every stage's requirements are available at the start or assigned by an earlier stage."""
    have = set(available)
    for stage in stages:
        missing = [r for r in stage.requires if r not in have]
        if missing:
            raise CorpusToolError(f"stage '{stage.name}' requires {missing}, which no earlier stage assigns")
        have.update(stage.assigns)


def site_key(doc: Document) -> str:
    """The site a document belongs to, for boilerplate counts: its site, else its folder."""
    return doc.site or str(Path(doc.source.split("#")[0]).parent)


def _clean(doc: Document, ctx: RunContext) -> Document:
    return clean(doc, ctx.settings.clean, ctx.boilerplate.get(site_key(doc), frozenset()))


def _event(doc: Document, ctx: RunContext) -> Document:
    doc.event = event_of_document(doc)
    return doc


def _segment(doc: Document, ctx: RunContext) -> Document:
    return segment(doc)


def _language(doc: Document, ctx: RunContext) -> Document:
    return detect_languages(doc, ctx.settings.language)


def _figures(doc: Document, ctx: RunContext) -> Document:
    doc.figures = extract_figures(doc)
    return doc


def _officials(doc: Document, ctx: RunContext) -> Document:
    doc.mentions = extract_mentions(doc)
    return doc


DOCUMENT_STAGES: tuple[Stage, ...] = (
    Stage("clean", _clean, ("text", "media_type"), ("blocks", "title", "published", "site"), ("trafilatura",)),
    Stage("event", _event, ("title", "published", "metadata"), ("event",)),
    Stage("segment", _segment, ("blocks",), ("text", "paragraphs", "sentences")),
    Stage("language", _language, ("blocks", "paragraphs", "sentences"), ("lang",)),
    Stage("figures", _figures, ("text", "sentences", "paragraphs", "lang", "published"), ("figures",)),
    Stage("officials", _officials, ("text", "sentences", "paragraphs", "lang"), ("mentions",), ("spacy",)),
)
check_order(DOCUMENT_STAGES)


class StageFailure(StageError):
    """A document stage raised: the stage and the original exception are kept."""

    def __init__(self, stage: str, exc: Exception):
        self.stage, self.exc = stage, exc
        super().__init__(f"stage '{stage}' failed: {type(exc).__name__}: {exc}")


def process_document(doc: Document, ctx: RunContext | None = None,
                     stages: Sequence[Stage] = DOCUMENT_STAGES) -> Document:
    """Run the document stages on ``doc``; a failing stage raises with the stage named."""
    ctx = ctx or RunContext.default()
    for stage in stages:
        with timed(doc, stage.name):
            try:
                doc = stage.func(doc, ctx)
            except CorpusToolError:
                raise
            except Exception as exc:
                raise StageFailure(stage.name, exc) from exc
    return doc


def stages_named(names: Sequence[str], stages: Sequence[Stage] = DOCUMENT_STAGES) -> tuple[Stage, ...]:
    """The stages of ``names``, in pipeline order; an unknown name is an error."""
    unknown = set(names) - {s.name for s in stages}
    if unknown:
        raise CorpusToolError(f"unknown stage {sorted(unknown)[0]!r}; stages: {', '.join(s.name for s in stages)}")
    return tuple(s for s in stages if s.name in names)
