"""Claim checking: does the corpus support "Malmö had 34 shootings in 2019"?

The claim is read with the same figure extractor as the corpus (Swedish or
English), so "ett trettiotal skjutningar" in a claim means what it means in a
release.  The figures that decide are those of the same metric and the same
period, in the same place (a figure whose document names no place counts as
the document's place).  A claimed day or night is met only by figures of that
day or night, never widened to the year; a figure for a part of a claimed
period (one night in a month, a count up to October of a year) makes it at most
partly true.  ``claim_figures`` reads a processed claim, ``judge_claim`` weighs
the stored figures the caller looked up, ``combine`` joins the verdicts of a
claim of several figures; none touches a database (``corpus_tool.api.check_claim``
joins them to the store).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ..document import Document, Figure, Paragraph, Sentence
from ..errors import ClaimParseError
from ..extract.figures import extract_figures
from .comparable import (
    Event,
    Where,
    article_one,
    claim_place,
    days,
    event_from,
    is_statistic,
    night_end,
    period_of,
    person_nouns,
    place_named,
    scope,
    where,
)
from .compare import conflicting, describe


@dataclass
class Evidence:
    verdict: str  # supports | contradicts | partly supports
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
    why: str = ""  # why this figure is comparable with the claim (metric, place, period)
    metric: str | None = None


@dataclass
class ClaimResult:
    claim: str
    verdict: str  # supported | contradicted | partly | not found | not understood
    message: str
    metric: str | None = None
    value: float | None = None
    description: str | None = None
    place: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    parts: list[ClaimResult] = field(default_factory=list)  # one result per figure of a claim with several
    start: int | None = None  # where the claim is in a checked article
    end: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def claim_figures(doc: Document) -> tuple[list[Figure], Where]:
    """The claimed figures (those that count something) and the place of a claim processed as a document.

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
    if len(counted) > 1:  # "efter en brand", "after a fire": an article counting the event is context, not a claim
        counted = [f for f in counted if not _context_one(f, doc.lang)] or counted
    place = claim_place(claim)
    if not counted:
        understood = []
        if figures:
            understood.append(f"the number '{figures[0].surface}' (counting '{figures[0].noun or '?'}')")
        if place.name:
            understood.append(f"the place {place.name}")
        years = re.findall(r"\b(?:19|20)\d\d\b", claim)
        if years:
            understood.append(f"the year {years[0]}")
        missing = "what is counted (shootings, explosions, killed, injured, …)" if figures else \
            "a number and what it counts"
        raise ClaimParseError(f"understood {', '.join(understood) or 'nothing'}; missing {missing}")
    return counted, place


def _context_one(f: Figure, lang: str | None) -> bool:
    """One written as an article ("en brand", "a fire") before a word that is no person: context of a claim."""
    return article_one(f, lang) and (not f.noun or f.noun.casefold() not in person_nouns())


def claim_figure(doc: Document) -> tuple[Figure, str | None]:
    """The first claimed figure and the claim's place name (see ``claim_figures``)."""
    figures, place = claim_figures(doc)
    return figures[0], figures[0].place or place.name


def not_understood(claim: str, exc: ClaimParseError) -> ClaimResult:
    return ClaimResult(claim, "not understood", f"Could not check the claim: {exc.args[0]}.")


# ---------------------------------------------------------------- comparability with the claim


def _date(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def period_relation(figure: Figure, candidate: Figure, event: Event | None) -> tuple[str, str] | None:
    """How a candidate's period stands to the claimed one: ("same" | "part", why), or None.

    A claimed day or night is met by the figures of that day or night (a night summary of the
    morning covers the night to it); a longer claimed period by figures of exactly that period
    (deciding) or of a part of it (a day's count, a count up to a date: only partly).
    """
    if not (figure.period_start and figure.period_end and candidate.period_start and candidate.period_end):
        return None
    cs, ce, fs, fe = (_date(figure.period_start), _date(figure.period_end),
                      _date(candidate.period_start), _date(candidate.period_end))
    if (cs, ce) == (fs, fe):
        return "same", f"the same period ({figure.period_start}..{figure.period_end})"
    claim_days, span = (ce - cs).days + 1, (fe - fs).days + 1
    if claim_days == 1 and span <= 2 and fs == cs:
        return "same", f"a report of that day ({candidate.period_start})"
    if claim_days == 2 and span <= 2:
        if span == 2 and night_end(candidate, event) == ce:
            return "same", f"a summary of the same night (to {figure.period_end})"
        if span == 1 and (fs == ce or (fs == cs and event is not None and event.time is not None
                                       and event.time.hour >= 18)):
            return "same", f"an event of that night ({candidate.period_start})"
        return None
    if claim_days > 2 and cs <= fs and fe <= ce:
        if fs == cs and span > 2:
            return "part", f"a count for part of the period ({candidate.period_start}..{candidate.period_end})"
        return "part", f"one {'day' if span == 1 else 'night' if span == 2 else 'part'} inside the period " \
                       f"({candidate.period_start}..{candidate.period_end}), not a total for it"
    return None


def place_relation(place: Where, candidate: Where, short: bool) -> str | None:
    """Why a candidate's place meets the claim's, or None: the same place, or an incident inside it."""
    if place.key() is None:
        return "the claim names no place"
    if candidate.key() is None:
        return None
    if place.key() == candidate.key():
        return f"the same place ({candidate.describe()})"
    if short and place.contains(candidate):
        return f"{candidate.name} lies in {place.name}"
    return None


def judge_claim(claim: str, figure: Figure, place: Where | str | None,
                candidates: Sequence[tuple[Figure, Mapping[str, Any]]],
                document_places: Mapping[int, str | Where], translated_from: Mapping[int, int]) -> ClaimResult:
    """The verdict on one claimed figure, from the stored figures of its metric and unit.

    ``candidates`` are (figure, provenance) pairs of the claim's metric and unit (provenance:
    source, title, published, sentence); ``document_places`` each document's place;
    ``translated_from`` target → source document id of each translation pair (a translation
    repeats its source: not a second source).
    """
    where_claim = place if isinstance(place, Where) else claim_place(place or "") if place else Where(None)
    result = ClaimResult(claim, "not found", "", metric=figure.metric, value=figure.value,
                         description=describe(figure), place=where_claim.name, period_start=figure.period_start,
                         period_end=figure.period_end, start=figure.start, end=figure.end)
    what_metric = figure.metric.replace("_", " ")
    if not figure.period_start:
        result.message = (f"Understood {describe(figure)} {what_metric}"
                          f"{' in ' + where_claim.name if where_claim.name else ''}, but no period: "
                          f"say which year or dates.")
        result.verdict = "not understood"
        return result
    decisive_incident: list[Evidence] = []
    for candidate, info in candidates:
        document_id = candidate.document_id
        if document_id is None:
            raise ValueError(f"claim evidence must be a stored figure; '{candidate.surface}' has no document id")
        if candidate.metric != figure.metric or (candidate.unit or "") != (figure.unit or ""):
            continue
        if candidate.value is None and figure.value is not None:
            continue  # "flera", "ett antal": a vague count neither supports nor contradicts a number
        event = event_from(info)
        period = period_of(candidate, event)
        if period is None:
            continue
        if (candidate.period_start, candidate.period_end) != period:  # the report's day, inherited
            candidate = replace(candidate, period_start=period[0], period_end=period[1])
        short = (days(candidate) or 99) <= 2
        doc_place = document_places.get(document_id)
        fallback = doc_place if isinstance(doc_place, Where) else place_named(doc_place) if doc_place else None
        if event is not None and event.place and candidate.place is None:
            fallback = place_named(event.place)
        candidate_place = where(candidate, fallback)
        place_why = place_relation(where_claim, candidate_place, short)
        if place_why is None:
            continue
        relation = period_relation(figure, candidate, event)
        if relation is None:
            continue
        kind, period_why = relation
        clash = conflicting(figure, candidate)
        if kind == "part":
            if clash:
                continue  # a part of the period may count less (or more, another way): never a contradiction
            verdict = "partly supports"
        else:
            verdict = "contradicts" if clash else "supports"
        evidence = Evidence(
            verdict=verdict, document=info["source"], title=info["title"], published=info["published"],
            sentence=(info["sentence"] if candidate.origin != "table" else
                      f"[table cell] {candidate.noun or candidate.metric}, {candidate.period_text or '?'}: "
                      f"{candidate.surface}"),
            surface=candidate.surface, value=candidate.value,
            description=describe(candidate), place=candidate_place.name,
            period=candidate.period_text or f"{candidate.period_start}..{candidate.period_end}",
            document_id=document_id, sentence_id=candidate.sentence_id,
            start=candidate.start, end=candidate.end, metric=candidate.metric,
            why=f"same metric ({candidate.metric}); {place_why}; {period_why}"
                f"{'; ' + (scope(candidate) or '') if scope(candidate) else ''}")
        result.evidence.append(evidence)
        if kind == "same" and not is_statistic(candidate):
            decisive_incident.append(evidence)
    present = {e.document_id for e in result.evidence}
    for e in result.evidence:
        if translated_from.get(e.document_id) in present:
            e.translation_of = translated_from[e.document_id]
    _decide(result, figure, where_claim, decisive_incident)
    return result


def _decide(result: ClaimResult, figure: Figure, place: Where, incidents: list[Evidence]) -> None:
    """The verdict from the evidence: the claimed period's figures decide, parts only make it partly true."""
    what = f"{describe(figure)} {figure.metric.replace('_', ' ')}{' in ' + place.name if place.name else ''}" \
           f" for {figure.period_start}..{figure.period_end}"
    supports = [e for e in result.evidence if e.verdict == "supports"]
    contradicts = [e for e in result.evidence if e.verdict == "contradicts"]
    parts = [e for e in result.evidence if e.verdict == "partly supports"]
    if supports:
        # Another incident of the same day that counts otherwise is another event, and another figure of a
        # report that says the claimed count counts a part of it ("två av dem"): neither contradicts.
        supporting = {e.document_id for e in supports}
        others = [e for e in contradicts if e in incidents or e.document_id in supporting]
        contradicts = [e for e in contradicts if e not in others]
        for e in others:
            e.verdict = "another event" if e.document_id not in supporting else "another figure of a supporting report"

    def docs(items: list[Evidence]) -> int:
        return len({e.document_id for e in items if e.translation_of is None})

    if supports and contradicts:
        result.verdict = "partly"
        result.message = (f"The sources disagree on {what}: {docs(supports)} document(s) support it, "
                          f"{docs(contradicts)} give another value ({_values(contradicts)}).")
    elif supports:
        result.verdict = "supported"
        result.message = f"Supported by {docs(supports)} independent document(s): {what}."
    elif contradicts:
        result.verdict = "contradicted"
        result.message = f"Contradicted: the sources give {_values(contradicts)}, not {describe(figure)} ({what})."
    elif parts:
        result.verdict = "partly"
        result.message = (f"Partly: {docs(parts)} document(s) give {describe(figure)} for a part of the period "
                          f"({', '.join(sorted({e.period or '?' for e in parts}))}), none for all of {what}.")
    else:
        result.message = f"No comparable figure in the corpus for {what}."


def _values(items: list[Evidence]) -> str:
    return ", ".join(sorted({e.description for e in items}))


def combine(claim: str, parts: list[ClaimResult]) -> ClaimResult:
    """One verdict for a claim of several figures ("tre dödades och nio skadades"): each judged alone."""
    if len(parts) == 1:
        return parts[0]
    verdicts = [p.verdict for p in parts]
    if all(v == verdicts[0] for v in verdicts):
        verdict = verdicts[0]
    elif all(v in ("not found", "not understood") for v in verdicts):
        verdict = "not found"
    else:
        verdict = "partly"
    message = f"{len(parts)} figures: " + " ".join(f"[{p.description} {(p.metric or '').replace('_', ' ')}: "
                                                    f"{p.verdict}] {p.message}" for p in parts)
    first = parts[0]
    return ClaimResult(claim, verdict, message, metric=first.metric, value=first.value,
                       description=first.description, place=first.place, period_start=first.period_start,
                       period_end=first.period_end, evidence=[e for p in parts for e in p.evidence], parts=parts,
                       start=first.start, end=parts[-1].end)
