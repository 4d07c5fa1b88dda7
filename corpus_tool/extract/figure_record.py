"""One ``Figure`` row from a quantity and what was found about it (metric, noun, period, place)."""
from __future__ import annotations

from ..document import Figure, Paragraph, Sentence
from .periods import Period
from .quantities import Quantity


def figure_record(q: Quantity, sentence: Sentence, paragraph: Paragraph | None, metric: str,
                  noun: str | None, period: Period | None, place: str | None, origin: str,
                  offset: int | None = None) -> Figure:
    """The figure of ``q``; its offsets, relative to the sentence (or to ``offset``), become the document's."""
    base = sentence.start if offset is None else offset
    return Figure(
        surface=q.surface, start=base + q.start, end=base + q.end, value=q.value, low=q.low, high=q.high,
        approximate=q.approximate, qualifier=q.qualifier, unit=q.unit, metric=metric, noun=noun,
        place=place, period_start=period.period_start if period else None,
        period_end=period.period_end if period else None, period_text=period.text if period else None,
        sentence_position=sentence.position, in_heading=bool(paragraph and paragraph.kind == "heading"),
        origin=origin)
