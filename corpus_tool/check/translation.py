"""Translation QA over an aligned pair: numbers, omissions, additions, terminology,
untranslated words and inconsistent entities (kinds named after W3C ITS 2.0
localization-quality issue types).

Every finding names both sentences and says in one sentence what is wrong.
"""
from __future__ import annotations

import functools
import gzip
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy_lookups_data
from rapidfuzz import fuzz

from ..document import Alignment, Document, Finding, Pair, Sentence
from ..resources import read_tsv
from .compare import describe, direction, ranges_overlap, severity
from .number_match import (
    YEAR,
    bracketed_conversion,
    converted,
    determiner,
    drop_conversions,
    durations_in,
    measures_in,
    present,
    stated_in_other_units,
    unmatched,
    values_in,
)
from .severities import severity_of

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Fuzzy score (0–100) above which a target phrase is taken as a (mis)rendering of a name.
NEAR_MISS = 80
# A name's rendering in one link: (target surface, source surface, source sentence id, target sentence id).
Rendering = tuple[str, str, int, int]


@functools.lru_cache(maxsize=1)
def glossary() -> tuple[dict, ...]:
    rows = []
    for row in read_tsv("glossary.tsv"):
        rows.append({**row, "sv_re": re.compile(rf"\b(?:{row['sv']})\b", re.I),
                     "en_re": re.compile(rf"\b(?:{row['en']})\b", re.I)})
    return tuple(rows)


# Languages whose number words, figures and glossary the checks know; other pairs get the
# language-independent checks (digits and years, omissions and additions, names, the user's terms).
KNOWN_LANGS = ("sv", "en")
_DIGIT_RUN = re.compile(r"\d+(?:[ \u00a0.,]\d{3})*(?:[.,]\d+)?")


def term_entry(src_pattern: str, tgt_pattern: str, preferred: str, kind: str = "term") -> dict:
    """A glossary entry for one direction: source and target regular expressions (case-insensitive,
    on word boundaries), the rendering to suggest, and the kind (term, name, keep)."""
    return {"key": src_pattern, "preferred": preferred, "kind": kind,
            "src_re": re.compile(rf"\b(?:{src_pattern})\b", re.I),
            "tgt_re": re.compile(rf"\b(?:{tgt_pattern})\b", re.I)}


def first_form(pattern: str) -> str:
    """A readable form of a pattern: its first alternative without regex suffixes ("frivård\\w*" → "frivård")."""
    first = pattern.split("|")[0]
    return re.sub(r"\\w\*|\\w\+|\(\?:[^)]*\)\??|\([^)]*\)\??|[?*+\\]", "", first).strip()


@functools.lru_cache(maxsize=4)
def glossary_for(src_lang: str | None, tgt_lang: str | None) -> tuple[dict, ...]:
    """The shipped glossary (sv–en) as entries for one direction; none for other pairs."""
    if (src_lang, tgt_lang) == ("sv", "en"):
        return tuple(term_entry(r["sv"], r["en"], r["preferred"], r["kind"]) for r in read_tsv("glossary.tsv"))
    if (src_lang, tgt_lang) == ("en", "sv"):
        # English → Swedish: the preferred English rendering (plural allowed) is the source term; the
        # acceptable English variants are too loose to look for ("left" for "hoppa av").
        return tuple(term_entry(rf"{re.escape(r['preferred'])}s?", r["sv"], first_form(r["sv"]), r["kind"])
                     for r in read_tsv("glossary.tsv") if r["kind"] != "keep")
    return ()


@functools.lru_cache(maxsize=1)
def places() -> dict[str, str]:
    return {row["sv"]: row["en"] for row in read_tsv("places.tsv")}


@functools.lru_cache(maxsize=1)
def swedish_forms() -> frozenset:
    """Inflected Swedish word forms (spacy-lookups-data), for spotting words left untranslated."""
    return frozenset(_lookup("sv_lemma_lookup.json.gz").keys())


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset:
    """English lemmas and inflected forms (spacy-lookups-data; small, loads in a fraction of a second)."""
    lookup = _lookup("en_lemma_lookup.json.gz")
    words = set(lookup) | set(lookup.values())
    for lemmas in _lookup("en_lemma_index.json.gz").values():
        words.update(lemmas)
    return frozenset(w.lower() for w in words)


def _lookup(name: str) -> dict:
    with gzip.open(Path(spacy_lookups_data.__file__).parent / "data" / name, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def _sentences(doc: Document) -> dict[int, Sentence]:
    """A stored document's sentences by id (alignments name sentences by id)."""
    return {s.id: s for s in doc.sentences if s.id is not None}


def _by_sentence(items: Iterable) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for item in items:
        if item.sentence_id is not None:
            out[item.sentence_id].append(item)
    return out


def _quote(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class PairChecker:
    """All translation checks of one aligned pair."""

    def __init__(self, pair: Pair, source: Document, target: Document, alignments: list[Alignment],
                 kinds: Iterable[str] | None = None, terms: Iterable[dict] = ()):
        self.pair, self.source, self.target, self.alignments = pair, source, target, alignments
        self.kinds = set(kinds) if kinds is not None else None
        # The shipped glossary for this direction, then the user's own terms (term_entry).
        self.terms = glossary_for(source.lang, target.lang) + tuple(terms)
        self.known = source.lang in KNOWN_LANGS and target.lang in KNOWN_LANGS
        self.src_sentences, self.tgt_sentences = _sentences(source), _sentences(target)
        self.src_figures, self.tgt_figures = _by_sentence(source.figures), _by_sentence(target.figures)
        self.src_mentions, self.tgt_mentions = _by_sentence(source.mentions), _by_sentence(target.mentions)
        self.findings: list[Finding] = []

    def finding(self, kind: str, sev: float, message: str, src_id: int | None = None, tgt_id: int | None = None,
                value: str | None = None, other_value: str | None = None) -> None:
        self.findings.append(Finding(
            kind=kind, severity=sev, document_id=self.source.stored_id, sentence_id=src_id,
            other_document_id=self.target.id, other_sentence_id=tgt_id, value=value,
            other_value=other_value, message=message, pair_id=self.pair.id))

    def run(self, renderings: dict[str, list[Rendering]] | None = None) -> list[Finding]:
        """All findings; with ``renderings`` the names' renderings are collected there for the caller
        to judge over many units (``two_way_renderings``) instead of within this pair alone."""
        name_renderings: dict[str, list[Rendering]] = defaultdict(list) if renderings is None else renderings
        for link in self.alignments:
            src_ids, tgt_ids = link.source_sentence_ids, link.target_sentence_ids
            if not tgt_ids:
                for sid in src_ids:
                    self.omission(sid)
                continue
            if not src_ids:
                for tid in tgt_ids:
                    self.addition(tid)
                continue
            src_text = " ".join(self.src_sentences[i].text for i in src_ids)
            tgt_text = " ".join(self.tgt_sentences[i].text for i in tgt_ids)
            if self.wanted("numbers"):
                if self.known:
                    self.numbers(src_ids, tgt_ids, src_text, tgt_text)
                else:
                    self.digits(src_ids, tgt_ids, src_text, tgt_text)
            if self.wanted("terminology"):
                self.terminology(src_ids, tgt_ids, src_text, tgt_text, name_renderings)
            if self.wanted("untranslated") and (self.source.lang, self.target.lang) == ("sv", "en"):
                self.untranslated(src_ids, tgt_ids, tgt_text)
            elif self.wanted("untranslated") and (self.source.lang, self.target.lang) == ("en", "sv"):
                self.untranslated_english(src_ids, tgt_ids, tgt_text)
            if self.wanted("inconsistent-entities"):
                self.entities(src_ids, tgt_ids, src_text, tgt_text)
        if renderings is None:
            self.name_consistency(name_renderings)
        return [f for f in self.findings if self.wanted(f.kind)]

    def wanted(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds

    # ------------------------------------------------------------ omission / addition
    def omission(self, sid: int) -> None:
        sentence = self.src_sentences[sid]
        kind = self.source.paragraphs[sentence.paragraph_position].kind
        figures = self.src_figures.get(sid, [])
        what = f" ({kind.replace('_', ' ')})" if kind != "paragraph" else ""
        extra = f", and with it {', '.join(repr(f.surface) for f in figures)}" if figures else ""
        self.finding("omission", severity_of("omission_with_figures" if figures else "omission"),
                     f"Source sentence '{_quote(sentence.text)}'{what} has no counterpart in the translation{extra}.",
                     src_id=sid, value=sentence.text)

    def addition(self, tid: int) -> None:
        sentence = self.tgt_sentences[tid]
        self.finding("addition", severity_of("addition"),
                     f"Translated sentence '{_quote(sentence.text)}' has no counterpart in the source.",
                     tgt_id=tid, other_value=sentence.text)

    # ------------------------------------------------------------ numbers
    def numbers(self, src_ids: list[int], tgt_ids: list[int], src_text: str, tgt_text: str) -> None:
        src = [f for i in src_ids for f in self.src_figures.get(i, [])]
        tgt = [f for i in tgt_ids for f in self.tgt_figures.get(i, [])]
        unmatched_src, unmatched_tgt = unmatched(src, tgt)
        # Same number, bounds pointing opposite ways ("upp till 30 000" / "upwards of 30,000").
        for f in list(unmatched_src):
            t = next((t for t in unmatched_tgt if f.value is not None and t.value == f.value
                      and direction(f) * direction(t) < 0), None)
            if t is not None:
                unmatched_src.remove(f)
                unmatched_tgt.remove(t)
                self.finding("numbers", severity_of("bound_reversed"),
                             f"'{f.surface}' ({describe(f)}) is translated as '{t.surface}' ({describe(t)}).",
                             src_id=f.sentence_id, tgt_id=t.sentence_id, value=f.surface, other_value=t.surface)
        # A number given again in brackets is a conversion of the one before ("300 km (190 miles)").
        unmatched_src = [f for f in unmatched_src if not bracketed_conversion(f, src_text, src)]
        unmatched_tgt = [t for t in unmatched_tgt if not bracketed_conversion(t, tgt_text, tgt)]
        # A figure whose number stands in the other side's text (as digits or words) is there, even
        # when the extractor read it differently or not as a count: "Nord Stream 2", "the age of 17",
        # "221 md" / "221bn", "sex" (six).  Only numbers absent from the other side are flagged.
        src_values = values_in(src_text, self.source.lang)
        tgt_values = values_in(tgt_text, self.target.lang)
        unmatched_src = [f for f in unmatched_src if not present(f, tgt_values)]
        unmatched_tgt = [t for t in unmatched_tgt if not present(t, src_values)]
        unmatched_src, unmatched_tgt = drop_conversions(unmatched_src, unmatched_tgt)
        src_measures, tgt_measures = measures_in(src_text), measures_in(tgt_text)
        unmatched_src = [f for f in unmatched_src if not stated_in_other_units(f, src_measures, tgt_measures)]
        unmatched_tgt = [t for t in unmatched_tgt if not stated_in_other_units(t, tgt_measures, src_measures)]
        src_vague = [f for f in unmatched_src if f.value is None]
        tgt_vague = [t for t in unmatched_tgt if t.value is None]
        unmatched_src = [f for f in unmatched_src if f.value is not None and not determiner(f)]
        unmatched_tgt = [t for t in unmatched_tgt if t.value is not None and not determiner(t)]
        for f, t in zip(unmatched_src, unmatched_tgt):  # in text order: the n-th unmatched with the n-th
            self.finding("numbers", severity(f, t),
                         f"'{f.surface}' ({describe(f)}) is translated as '{t.surface}' ({describe(t)}).",
                         src_id=f.sentence_id, tgt_id=t.sentence_id, value=f.surface, other_value=t.surface)
        for f in unmatched_src[len(unmatched_tgt):]:
            self.finding("numbers", severity(f, None),
                         f"'{f.surface}' ({describe(f)}) has no matching figure in the translation.",
                         src_id=f.sentence_id, tgt_id=tgt_ids[0], value=f.surface)
        for t in unmatched_tgt[len(unmatched_src):]:
            self.finding("numbers", severity(t, None),
                         f"'{t.surface}' ({describe(t)}) in the translation has no matching figure in the source.",
                         src_id=src_ids[0], tgt_id=t.sentence_id, other_value=t.surface)
        # Vague words lost or added are not worth a flag; vague words whose ranges exclude each
        # other ("hundratals" / "thousands of") are.
        for f, t in zip(src_vague, tgt_vague):
            if f.qualifier == t.qualifier == "range" and (f.low, f.high) != (t.low, t.high):
                # "mellan 10 och 15" / "between 10 and 50": a range's bounds are numbers as written.
                self.finding("numbers", severity_of("range_changed"),
                             f"'{f.surface}' ({describe(f)}) is translated as '{t.surface}' ({describe(t)}).",
                             src_id=f.sentence_id, tgt_id=t.sentence_id, value=f.surface, other_value=t.surface)
            elif not ranges_overlap(f, t):
                self.finding("numbers", severity_of("vague_ranges_exclude"),
                             f"'{f.surface}' ({describe(f)}) is translated as '{t.surface}' ({describe(t)}).",
                             src_id=f.sentence_id, tgt_id=t.sentence_id, value=f.surface, other_value=t.surface)
        self.durations(src_ids, tgt_ids, src_text, tgt_text)
        src_years, tgt_years = set(YEAR.findall(src_text)), set(YEAR.findall(tgt_text))
        for year in sorted(src_years - tgt_years):
            self.finding("numbers", severity_of("year_missing"),
                         f"The year {year} in the source is missing from the translation.",
                         src_id=src_ids[0], tgt_id=tgt_ids[0], value=year)
        for year in sorted(tgt_years - src_years):
            self.finding("numbers", severity_of("year_missing"),
                         f"The year {year} in the translation is not in the source.",
                         src_id=src_ids[0], tgt_id=tgt_ids[0], other_value=year)

    def durations(self, src_ids: list[int], tgt_ids: list[int], src_text: str, tgt_text: str) -> None:
        """A prison term, an age or a duration ("i 2–4 år" / "2–6 years") is no figure, but a changed
        one is an error: when both sides state lengths of time, each one the other side lacks (within
        rounding) is flagged, the n-th of the source against the n-th of the translation."""
        src, tgt = durations_in(src_text), durations_in(tgt_text)
        if not src or not tgt:  # rephrased without a number ("i ett halvår"): nothing to compare
            return
        missing = [a for a in src if not any(converted(a, b, tolerance=0.05) for b in tgt)]
        added = [b for b in tgt if not any(converted(a, b, tolerance=0.05) for a in src)]
        for a, b in zip(missing, added):
            self.finding("numbers", severity_of("figure_unmatched"),
                         f"A length of time of {_days(a)} is translated as {_days(b)}.",
                         src_id=src_ids[0], tgt_id=tgt_ids[0], value=_days(a), other_value=_days(b))

    def digits(self, src_ids: list[int], tgt_ids: list[int], src_text: str, tgt_text: str) -> None:
        """Numbers for a pair of languages without number words here: digits must agree, as a multiset
        (separators ignored: "12 500" = "12,500" = "12.500")."""
        def runs(text: str) -> Counter[str]:
            return Counter(re.sub(r"[ \u00a0.,]", "", m.group(0)) for m in _DIGIT_RUN.finditer(text))

        src, tgt = runs(src_text), runs(tgt_text)
        for number in sorted((src - tgt).elements()):
            self.finding("numbers", severity_of("figure_unmatched"),
                         f"The number {number} of the source is not in the translation.",
                         src_id=src_ids[0], tgt_id=tgt_ids[0], value=number)
        for number in sorted((tgt - src).elements()):
            self.finding("numbers", severity_of("figure_unmatched"),
                         f"The number {number} in the translation is not in the source.",
                         src_id=src_ids[0], tgt_id=tgt_ids[0], other_value=number)

    # ------------------------------------------------------------ terminology
    def terminology(self, src_ids: list[int], tgt_ids: list[int], src_text: str, tgt_text: str,
                    name_renderings: dict[str, list[Rendering]]) -> None:
        # A term's rendering inside a rendered name does not count ("Stop Shooting" is no "shootings").
        names_masked = tgt_text
        for entry in self.terms:
            if entry["kind"] in ("name", "keep"):
                names_masked = entry["tgt_re"].sub(lambda m: "#" * len(m.group(0)), names_masked)
        for entry in self.terms:
            searched = tgt_text if entry["kind"] in ("name", "keep") else names_masked
            for match in entry["src_re"].finditer(src_text):
                rendered = entry["tgt_re"].search(searched)
                surface = None
                if entry["kind"] in ("name", "keep"):
                    surface = rendered.group(0) if rendered else self._near_miss(entry, tgt_text)
                    if surface:
                        name_renderings.setdefault(entry["key"], []).append(
                            (surface, match.group(0), src_ids[0], tgt_ids[0]))
                # A near miss of a name ("Stop Shoot") is judged by name_consistency, against the others.
                if rendered or surface:
                    continue
                self.finding("terminology", severity_of("terminology"),
                             f"'{match.group(0)}' is not rendered as expected ('{entry['preferred']}') in "
                             f"'{_quote(tgt_text)}'.",
                             src_id=src_ids[0], tgt_id=tgt_ids[0], value=match.group(0), other_value=tgt_text)
                break  # one finding per glossary entry and link

    def _near_miss(self, entry: dict, tgt_text: str) -> str | None:
        """A run of target words close to the preferred rendering of a name ("Stop Shoot")."""
        preferred = entry["preferred"].lower().split()
        words = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(tgt_text)]
        best, best_score = None, 0.0
        for n in {max(1, len(preferred) - 1), len(preferred), len(preferred) + 1}:
            for i in range(len(words) - n + 1):
                window = words[i:i + n]
                score = fuzz.ratio(" ".join(preferred), " ".join(w.lower() for w, _, _ in window))
                if score > best_score:
                    best, best_score = tgt_text[window[0][1]:window[-1][2]], score
        return best if best_score >= NEAR_MISS else None

    def name_consistency(self, renderings: dict[str, list[Rendering]]) -> None:
        for surface, sv_surface, usual, (sid, tid) in two_way_renderings(
                {k: [(r[0], r[1], (r[2], r[3])) for r in found] for k, found in renderings.items()}):
            self.finding("terminology", severity_of("terminology_two_ways"),
                         two_ways_message(sv_surface, surface, usual),
                         src_id=sid, tgt_id=tid, value=sv_surface, other_value=surface)

    # ------------------------------------------------------------ untranslated
    def untranslated(self, src_ids: list[int], tgt_ids: list[int], tgt_text: str) -> None:
        protected: set[str] = set()
        for tid in tgt_ids:
            for m in self.tgt_mentions.get(tid, []):
                protected.update(w.lower() for w in _WORD.findall(m.name_as_written))
        for sid in src_ids:
            for m in self.src_mentions.get(sid, []):
                protected.update(w.lower() for w in _WORD.findall(m.name_as_written))
        for name_sv, name_en in places().items():
            protected.update(w.lower() for w in _WORD.findall(f"{name_sv} {name_en}"))
        for entry in self.terms:
            if entry["kind"] in ("keep", "name"):
                for m in entry["tgt_re"].finditer(tgt_text):
                    protected.update(w.lower() for w in _WORD.findall(m.group(0)))
        # A word left untranslated usually stands in the source too ("Frivården"); a word with å/ä/ö
        # is Swedish wherever it stands.  Either must be a Swedish word form, not a shared name.
        src_words = {w.lower() for i in src_ids for w in _WORD.findall(self.src_sentences[i].text)}
        seen: set[str] = set()
        for word in _WORD.findall(tgt_text):
            low = word.lower()
            if low in protected or low in seen or len(low) < 4:
                continue
            if re.search(r"[åäö]", low) or (low in src_words and low not in english_words()
                                              and low in swedish_forms()):
                seen.add(low)
                self.finding("untranslated", severity_of("untranslated"),
                             f"'{word}' is Swedish, left untranslated in '{_quote(tgt_text)}'.",
                             src_id=src_ids[0], tgt_id=tgt_ids[0], other_value=word)

    def untranslated_english(self, src_ids: list[int], tgt_ids: list[int], tgt_text: str) -> None:
        """An English word of the source left in a Swedish target: an English word form, not a Swedish
        one, lower-case (capitalised words are taken as names) and at least four letters."""
        src_words = {w for i in src_ids for w in _WORD.findall(self.src_sentences[i].text)}
        seen: set[str] = set()
        for word in _WORD.findall(tgt_text):
            low = word.lower()
            if word != low or low in seen or len(low) < 4 or word not in src_words:
                continue
            if low in english_words() and low not in swedish_forms():
                seen.add(low)
                self.finding("untranslated", severity_of("untranslated"),
                             f"'{word}' is English, left untranslated in '{_quote(tgt_text)}'.",
                             src_id=src_ids[0], tgt_id=tgt_ids[0], other_value=word)

    # ------------------------------------------------------------ entities
    def entities(self, src_ids: list[int], tgt_ids: list[int], src_text: str, tgt_text: str) -> None:
        names = {m.name_as_written for i in src_ids for m in self.src_mentions.get(i, [])}
        for name in sorted(names):
            if name in tgt_text:
                continue
            result = fuzz.partial_ratio_alignment(name, tgt_text)
            if result and result.score >= NEAR_MISS:
                written = tgt_text[result.dest_start:result.dest_end].strip()
                self.finding("inconsistent-entities", severity_of("entity_misspelt"),
                             f"The name '{name}' is written '{written}' in the translation.",
                             src_id=src_ids[0], tgt_id=tgt_ids[0], value=name, other_value=written)
            else:
                self.finding("inconsistent-entities", severity_of("entity_missing"),
                             f"The name '{name}' is missing from the translation '{_quote(tgt_text)}'.",
                             src_id=src_ids[0], tgt_id=tgt_ids[0], value=name)
        for name_sv, name_en in places().items():
            if re.search(rf"\b{re.escape(name_sv)}\b", src_text) and not re.search(
                    rf"\b({re.escape(name_sv)}|{re.escape(name_en)})\b", tgt_text):
                self.finding("inconsistent-entities", severity_of("place_missing"),
                             f"The place '{name_sv}' is missing from the translation '{_quote(tgt_text)}'.",
                             src_id=src_ids[0], tgt_id=tgt_ids[0], value=name_sv)


def two_way_renderings(renderings: dict[str, list[tuple[str, str, Any]]]) -> list[tuple[str, str, str, Any]]:
    """Names rendered two ways: for each rendering other than the usual (most frequent) one, its first
    occurrence as (surface, source surface, usual surface, the caller's tag for where it is)."""
    out = []
    for found in renderings.values():
        forms: dict[str, tuple[str, str, Any]] = {}
        for surface, sv_surface, tag in found:
            forms.setdefault(surface.lower(), (surface, sv_surface, tag))
        if len(forms) < 2:
            continue
        counts: Counter[str] = Counter(surface.lower() for surface, _, _ in found)
        usual = max(counts, key=counts.__getitem__)
        for key, (surface, sv_surface, tag) in forms.items():
            if key != usual:
                out.append((surface, sv_surface, forms[usual][0], tag))
    return out


def two_ways_message(sv_surface: str, surface: str, usual: str) -> str:
    return f"'{sv_surface}' is translated two ways in one document: '{surface}' here, '{usual}' elsewhere."


def check_pair(pair: Pair, source: Document, target: Document, alignments: list[Alignment]) -> list[Finding]:
    return PairChecker(pair, source, target, alignments).run()


def check_unit(source: Document, target: Document, kinds: Iterable[str] | None = ("numbers",),
               links: list[tuple[list[int], list[int]]] | None = None, terms: Iterable[dict] = (),
               renderings: dict[str, list[Rendering]] | None = None) -> list[Finding]:
    """Translation QA of one aligned unit: a source and its translation, one 1:1 link.

    Both documents come segmented, with their language set and figures extracted (as in a
    sentence-aligned parallel corpus); they get ids 1 and 2 here, without a database.
    """
    for doc_id, doc in ((1, source), (2, target)):
        doc.id = doc_id
        for s in doc.sentences:
            s.id = doc_id * 100_000 + s.position
        for f in doc.figures:
            f.sentence_id = doc_id * 100_000 + (f.sentence_position or 0)
    if links is None:
        alignments = [Alignment(0, 0, [s.id for s in source.sentences], [s.id for s in target.sentences], 1.0)]
    else:  # sentence links inside the unit (by sentence position): omissions and additions show
        alignments = [Alignment(0, n, [100_000 + i for i in src], [200_000 + j for j in tgt], 1.0)
                      for n, (src, tgt) in enumerate(links)]
    for doc_id, doc in ((1, source), (2, target)):
        for m in doc.mentions:
            m.sentence_id = doc_id * 100_000 + (m.sentence_position or 0)
    return PairChecker(Pair(1, 2, 1.0, "given", id=0), source, target, alignments, kinds, terms).run(renderings)


def _days(value: float) -> str:
    """A length in days as a reader says it: "4 years", "6 months", "3 days"."""
    for unit, days in (("years", 365.0), ("months", 30.44), ("weeks", 7.0), ("days", 1.0)):
        if value >= days and abs(value / days - round(value / days)) < 0.05:
            return f"{round(value / days)} {unit}"
    return f"{value:g} days"
