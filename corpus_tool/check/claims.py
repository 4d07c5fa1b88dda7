"""Claim checking: does the corpus support "Malmö had 34 shootings in 2019"?

The claim is read with the same figure extractor as the corpus (Swedish or
English), so "ett trettiotal skjutningar" in a claim means what it means in a
release.  The figures that decide are those of the same metric and the same
period, in the same place (a figure whose document names no place counts as
the document's usual place).  ``claim_figure`` reads a processed claim,
``judge_claim`` weighs the stored figures the caller looked up; neither touches
a database (``corpus_tool.api.check_claim`` joins them to the store).
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from ..document import Document, Figure, Paragraph, Sentence
from ..errors import ClaimParseError
from ..extract.figures import extract_figures
from .compare import conflicting, describe
from .translation import places


@dataclass
class Evidence:
    verdict: str  # supports | contradicts
    document: str
    title: str | None
    published: str | None
    sentence: str | None
    surface: str
    value: float | None
    description: str
    place: str | None
    period: str | None
    document_id: int
    sentence_id: int | None
    start: int
    end: int
    translation_of: int | None = None  # document id of the source this translation repeats


@dataclass
class ClaimResult:
    claim: str
    verdict: str  # supported | contradicted | disputed | not found | not understood
    message: str
    metric: str | None = None
    value: float | None = None
    description: str | None = None
    place: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def claim_figure(doc: Document) -> tuple[Figure, str | None]:
    """The claimed figure and place of a claim cleaned and segmented as a document.

    Raises ClaimParseError saying what was understood and what was not.
    """
    claim = doc.text
    # A one-line claim is too short for a sure language guess: read it as each language in turn.
    figures: list[Figure] = []
    counted: list[Figure] = []
    for lang in dict.fromkeys(c for c in (doc.lang, "en", "sv") if c in ("sv", "en")):
        doc.lang = lang
        units: list[Paragraph | Sentence] = [*doc.paragraphs, *doc.sentences]
        for unit in units:
            unit.lang = lang
        found = [f for f in extract_figures(doc) if f.value is not None or f.low is not None]
        figures = figures or found
        counted = [f for f in found if f.metric != "other"]
        if counted:
            break
    place = _place(claim)
    if not counted:
        understood = []
        if figures:
            understood.append(f"the number '{figures[0].surface}' (counting '{figures[0].noun or '?'}')")
        if place:
            understood.append(f"the place {place}")
        years = re.findall(r"\b(?:19|20)\d\d\b", claim)
        if years:
            understood.append(f"the year {years[0]}")
        missing = "what is counted (shootings, explosions, killed, injured, …)" if figures else \
            "a number and what it counts"
        raise ClaimParseError(f"understood {', '.join(understood) or 'nothing'}; missing {missing}")
    figure = counted[0]
    return figure, figure.place or place


def _place(text: str) -> str | None:
    for name_sv, name_en in places().items():
        if re.search(rf"\b({re.escape(name_sv)}|{re.escape(name_en)})\b", text):
            return name_sv
    return None


def not_understood(claim: str, exc: ClaimParseError) -> ClaimResult:
    return ClaimResult(claim, "not understood", f"Could not check the claim: {exc.args[0]}.")


def judge_claim(claim: str, figure: Figure, place: str | None,
                candidates: Sequence[tuple[Figure, Mapping[str, Any]]],
                document_places: Mapping[int, str], translated_from: Mapping[int, int]) -> ClaimResult:
    """The verdict on a claimed figure, from the stored figures of its metric and period.

    ``candidates`` are (figure, provenance) pairs of the claim's metric, unit and period;
    ``document_places`` each document's usual place; ``translated_from`` target → source
    document id of each translation pair (a translation repeats its source: not a second source).
    """
    result = ClaimResult(claim, "not found", "", metric=figure.metric, value=figure.value,
                         description=describe(figure), place=place, period_start=figure.period_start,
                         period_end=figure.period_end)
    if not figure.period_start:
        result.message = (f"Understood {describe(figure)} {figure.metric.replace('_', ' ')}"
                          f"{' in ' + place if place else ''}, but no period: say which year or dates.")
        result.verdict = "not understood"
        return result
    for candidate, info in candidates:
        document_id = candidate.document_id
        if document_id is None:
            raise ValueError(f"claim evidence must be a stored figure; '{candidate.surface}' has no document id")
        candidate_place = candidate.place or document_places.get(document_id)
        if place and candidate_place and candidate_place != place:
            continue
        verdict = "contradicts" if conflicting(figure, candidate) else "supports"
        result.evidence.append(Evidence(
            verdict=verdict, document=info["source"], title=info["title"], published=info["published"],
            sentence=(info["sentence"] if candidate.origin != "table" else
                      f"[table cell] {candidate.noun or candidate.metric}, {candidate.period_text or '?'}: "
                      f"{candidate.surface}"),
            surface=candidate.surface, value=candidate.value,
            description=describe(candidate), place=candidate_place,
            period=candidate.period_text or f"{candidate.period_start}..{candidate.period_end}",
            document_id=document_id, sentence_id=candidate.sentence_id,
            start=candidate.start, end=candidate.end))
    supports = [e for e in result.evidence if e.verdict == "supports"]
    contradicts = [e for e in result.evidence if e.verdict == "contradicts"]
    what = f"{describe(figure)} {figure.metric.replace('_', ' ')}{' in ' + place if place else ''}" \
           f" for {figure.period_start}..{figure.period_end}"
    present = {e.document_id for e in result.evidence}
    for e in result.evidence:
        if translated_from.get(e.document_id) in present:
            e.translation_of = translated_from[e.document_id]

    def docs(items: list[Evidence]) -> int:
        return len({e.document_id for e in items if e.translation_of is None})

    if supports and contradicts:
        result.verdict = "disputed"
        result.message = (f"The sources disagree on {what}: {docs(supports)} document(s) support it, "
                          f"{docs(contradicts)} give another value.")
    elif supports:
        result.verdict = "supported"
        result.message = f"Supported by {docs(supports)} independent document(s): {what}."
    elif contradicts:
        result.verdict = "contradicted"
        values = sorted({e.description for e in contradicts})
        result.message = f"Contradicted: the sources give {', '.join(values)}, not {describe(figure)}."
    else:
        result.message = f"No figure in the corpus for {what}."
    return result
