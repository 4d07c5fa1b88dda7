"""Plain dataclasses that flow through the pipeline.

A ``Document`` enters with its raw bytes and leaves with its paragraphs,
sentences, figures and mentions filled in.  Offsets (``start``/``end``) are
always character offsets into ``Document.text`` (the cleaned text).  Stages
refer to sentences by their ``position`` in ``Document.sentences``; database
ids exist only once the store has written the document.
"""
from __future__ import annotations

import operator
import time
from dataclasses import dataclass, field, fields

# A block of cleaned text before segmentation: (kind, text), kind as in ``Paragraph.kind``.
Block = tuple[str, str]


@dataclass
class Step:
    """One stage's trace on a document: what ran, how long, with what outcome."""

    stage: str
    seconds: float = 0.0
    outcome: str = "ok"  # ok | skipped | failed
    reason: str = ""


def _pickled_by_fields(cls: type) -> type:
    """Pickle instances of a slotted dataclass as its constructor and its fields in order, not as
    slots by name: half the time each way, for the many a worker sends to the writer."""
    values = operator.attrgetter(*(f.name for f in fields(cls)))

    def __reduce__(self: object) -> tuple[type, tuple]:
        return cls, values(self)

    cls.__reduce__ = __reduce__  # type: ignore[assignment,method-assign]
    return cls


@_pickled_by_fields
@dataclass(slots=True)  # a document may hold a million: no per-object dict
class Sentence:
    position: int
    text: str
    start: int
    end: int
    lang: str | None = None
    paragraph_position: int = 0
    id: int | None = None  # database id, set when loaded from the store


@_pickled_by_fields
@dataclass(slots=True)
class Paragraph:
    position: int
    kind: str  # heading | paragraph | list_item | table_cell
    text: str
    start: int
    end: int
    lang: str | None = None
    id: int | None = None


@dataclass
class Figure:
    """A count found in the text, with its meaning, period and uncertainty."""

    surface: str
    start: int
    end: int
    value: float | None
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    qualifier: str | None = None
    unit: str | None = None
    metric: str = "other"
    noun: str | None = None
    place: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    period_text: str | None = None
    sentence_position: int | None = None
    in_heading: bool = False
    origin: str = "text"  # text | table
    place_code: str | None = None  # the gazetteer's code of ``place`` (SCB for municipalities, counties)
    place_level: str | None = None  # district | municipality | county | police_area | region | country
    scope: str | None = None  # incident (counts something in this event) | statistic (over a period)
    id: int | None = None
    document_id: int | None = None
    sentence_id: int | None = None


@dataclass
class Mention:
    """A person named in a document, with the title and organisation given there."""

    name_as_written: str
    start: int
    end: int
    title: str | None = None
    title_en: str | None = None
    organization: str | None = None
    place: str | None = None
    quote: str | None = None
    sentence_position: int | None = None
    source: str = "rules"  # rules | model | rules+model | pair
    id: int | None = None
    person_id: int | None = None
    document_id: int | None = None
    sentence_id: int | None = None


@dataclass(frozen=True)
class Event:
    """What a police event report is about: when, what and where, from its title, URL and metadata.

    ``time`` is ISO 8601, a date ("2023-03-20") or a date and time ("2023-03-20T16:30");
    ``period_start``/``period_end`` the days it covers (a night summary runs to the next day);
    ``place`` is the gazetteer's name, with its ``place_code`` and ``place_level``; ``summary``
    says the report sums up a period (its figures are statistics, not one incident).
    """

    time: str | None = None
    type: str | None = None
    place: str | None = None
    place_code: str | None = None
    place_level: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    summary: bool = False


@dataclass
class Document:
    source: str  # file path or URL as given
    raw: bytes = b""
    site: str | None = None
    url: str | None = None
    title: str | None = None
    lang: str | None = None
    published: str | None = None  # ISO 8601: 2020-05 or 2020-05-12
    text: str = ""
    sha256: str = ""
    media_type: str = "text/plain"  # text/plain | text/markdown | text/html
    encoding: str | None = None
    metadata: dict = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)  # from cleaning, before segmentation
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    event: Event | None = None  # a police event report's date, type and place (the event stage)
    steps: list[Step] = field(default_factory=list)
    id: int | None = None

    @property
    def stored_id(self) -> int:
        """The database id of a stored document; ValueError for one not (yet) stored."""
        if self.id is None:
            raise ValueError(f"document {self.source!r} has no id: it is not stored")
        return self.id

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing character ``offset`` of ``text``."""
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None

    def paragraph_of(self, sentence: Sentence) -> Paragraph:
        return self.paragraphs[sentence.paragraph_position]


@dataclass
class Pair:
    """Two documents, one a translation of the other."""

    source_document_id: int
    target_document_id: int
    score: float
    method: str  # blocked-anchors+embeddings | explicit | ...
    id: int | None = None


@dataclass
class Link:
    """One alignment link: source and target sentence indices (0-based, in order)."""

    src: tuple
    tgt: tuple
    score: float = 0.0


@dataclass
class Alignment:
    pair_id: int
    position: int
    source_sentence_ids: list
    target_sentence_ids: list
    score: float


@dataclass
class Finding:
    """A discrepancy: one row of the ``discrepancies`` table."""

    kind: str
    severity: float
    document_id: int
    message: str
    sentence_id: int | None = None
    other_document_id: int | None = None
    other_sentence_id: int | None = None
    value: str | None = None
    other_value: str | None = None
    pair_id: int | None = None


class timed:
    """Context manager appending a ``Step`` to a document."""

    def __init__(self, document: Document, stage: str):
        self.document = document
        self.stage = stage

    def __enter__(self):
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, exc_type, exc, tb):
        step = Step(self.stage, time.perf_counter() - self.t0)
        if exc is not None:
            step.outcome, step.reason = "failed", f"{exc_type.__name__}: {exc}"
        self.document.steps.append(step)
        return False
