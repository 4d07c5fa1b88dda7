"""The figures stage: every count in a document's sentences and tables, with its meaning.

``extract_figures(doc)`` reads the segmented document (text, lang, published,
paragraphs, sentences) and returns one ``Figure`` per quantity written in it, in
text order.  A figure repeated in the text gives one row per occurrence.  This
module reads the figures of sentences: what is counted (``metric``) comes from the
counted noun or, for "24 personer har sökts upp", from the words around it
(``metrics``); the period from the nearest period expression in the same sentence
(``periods``); the place from the gazetteer (``gazetteer``).  Tables (a run of ``table_cell``
paragraphs, or ``Document.metadata["tables"]``) are read by ``tables``.

A police event report (``Document.event``, from the event stage) gives its figures their
defaults: the period is the event's day (a night report's runs to the next day) unless the text
names another, the place is the event's unless the sentence or its section names another
municipality or county.  An article or a "none" word is a count of one or zero when a metric
applies ("En gripen", "Inga personskador"); ``scope`` says whether a figure counts something in
the event (incident) or an aggregate over a period (statistic).
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable

from ..document import Document, Event, Figure, Paragraph, Sentence
from ..resources import read_tsv
from .figure_record import figure_record
from .gazetteer import Place, find_places, lookup_place
from .metrics import (
    CONJUNCTION,
    WORD,
    best_cue,
    cue_nouns,
    metric_from_cues,
    metric_of_noun,
    metric_of_phrase,
    noun_lemma,
)
from .periods import Period, find_periods, period_for
from .qualifiers import apply_qualifier, match_before, qualifiers
from .quantities import Quantity, find_quantities
from .tables import metadata_table_figures, table_figures, table_runs
from .tokens import LETTERS, NEGATION_REACH, context_words, lang_code, person_noun, tokenize, word_atoms

_CUE_WINDOW = 200  # characters either side of a number searched for cue words


def extract_figures(doc: Document) -> list[Figure]:
    """All figures of ``doc`` in text order (a pure function: ``doc`` is not changed)."""
    figures: list[Figure] = []
    table_paragraphs: set[int] = set()
    for run in table_runs(doc.paragraphs):
        found = table_figures(doc, run)
        if found is not None:
            figures.extend(found)
            table_paragraphs.update(p.position for p in run)
    if not any(p.kind == "table_cell" for p in doc.paragraphs):
        figures.extend(metadata_table_figures(doc))
    for figure in figures:  # tables name their place in a caption, if at all
        _set_place(figure, lookup_place(figure.place) if figure.place else None, doc.event)
        figure.scope = "statistic"
    published = doc.published or (doc.event.period_start if doc.event else None)
    section: Place | None = _county_report_place(doc)
    aggregate: _Aggregate | None = None
    # a summary with items ("01:40 centrala Linköping") sums up the period outside them: before the
    # first item, and after an "Övrigt:" or "Utöver detta" paragraph
    items = doc.event is not None and doc.event.summary and any(_item_header(p) for p in doc.paragraphs)
    overview = True
    summed: Place | None = None  # the place a summing-up heading names for the text after it
    for sentence in _sentences(doc):
        paragraph = _paragraph(doc, sentence)
        header = _header_place(doc, sentence, paragraph) if doc.event is not None else None
        if header is None and items and paragraph is not None and paragraph.start == sentence.start \
                and _LEADING_CLOCK.match(paragraph.text):
            # an item naming its place in its first sentence: "22.09 larmas polisen till Charlottenborg i Motala."
            named = _sentence_places(doc.text[sentence.start:sentence.end] if doc.text else sentence.text)
            header = named[0][1] if named else None
        if header is not None and not _in_event_county(header, doc.event):
            # "Sommarvägen, Norrmalm" in a report from Lycksele: not Stockholm's Norrmalm (nor "Sjöbo"
            # in Borås, "Storfors" in Piteå: names of localities that are also another county's municipality)
            header = None
        if header is not None:
            section = header
        if paragraph is not None and paragraph.position in table_paragraphs:
            continue
        if items and paragraph is not None and paragraph.start == sentence.start:
            # a heading that sums up there ("Polisens arbete under … i Luleå 2024:") opens the summing-up
            summing = _summing_heading(paragraph)
            overview = summing or _overview_after(doc, paragraph, overview)
            summed = header if summing else summed if overview else None
        # the summing-up text of a summary counts over the whole report's area (the county), not
        # the item before it: a place of its own sentence still wins
        whole = items and header is None and _whole_area_words().search(
            doc.text[sentence.start:sentence.end] if doc.text else sentence.text) is not None
        here = summed if items and (overview or whole) and header is None else section
        found = _sentence_figures(doc, sentence, paragraph, figures, published, here)
        if items and (overview or whole):
            for f in found:
                f.scope = "statistic"
        aggregate = _carry_aggregate(doc, sentence, found, aggregate)
        _resolve_anaphor(doc, sentence, figures)
        figures.extend(found)
    return sorted(figures, key=lambda f: (f.start, f.end))


_FIRST_WORD = re.compile(r"\s*([^\W\d_]+)")
_ANAPHOR_REACH = 60  # the characters of a sentence opening with a pronoun read for its cue ("De grips")


def _resolve_anaphor(doc: Document, sentence: Sentence, earlier: list[Figure]) -> None:
    """ "I samband med detta påträffas två utländska män. De grips": a sentence opening with a plural
    pronoun (number_context.tsv anaphor) and a cue on people gives that metric to the count of people
    of the sentence before, when it had none."""
    if not earlier or earlier[-1].sentence_position != sentence.position - 1:
        return  # no count in the sentence before
    text = doc.text[sentence.start:sentence.end] if doc.text else sentence.text
    first = _FIRST_WORD.match(text)
    lang = sentence.lang or doc.lang or "sv"
    if first is None or first.group(1).lower() not in context_words(lang, "anaphor"):
        return
    previous = [f for f in earlier if f.origin == "text" and f.sentence_position == sentence.position - 1]
    if len(previous) != 1 or previous[0].metric != "other" or previous[0].value is None or previous[0].value < 2 \
            or not previous[0].noun or not person_noun(previous[0].noun, lang):
        return
    start, end = _around(_breaks(lang_code(lang), "segment"), text, first.start(1))
    metric = metric_from_cues(text[start:min(end, start + _ANAPHOR_REACH)], first.start(1) - start, lang,
                              first.end(1) - start)
    if metric in _one_metrics("person"):
        previous[0].metric = metric


def _in_event_county(place: Place, event: Event | None) -> bool:
    """A header's place lies in the county of the report's own municipality or county (a report of a
    region or of the country takes any)."""
    if event is None or not event.place or event.place_level not in _FIGURE_LEVELS:
        return True
    own = lookup_place(event.place)
    return own is None or not own.county_code or place.county_code == own.county_code


def _item_header(paragraph: Paragraph) -> bool:
    """A paragraph that opens an item of a summary: it starts with a clock time ("01:40 centrala
    Linköping", "22.48. Föremål …"), or is a short header naming a place ("Avesta", "Karlstad, narkotikabrott")."""
    if paragraph.position == 0 and paragraph.kind == "heading":
        return False  # the report's title names its county
    if _LEADING_SPAN.match(paragraph.text):
        return False  # "Kl 00:00-07:00, fyra personer har omhändertagits": the period summed up
    if _LEADING_CLOCK.match(paragraph.text):
        return True
    if _colon_heading(paragraph) and "," in paragraph.text:
        return True  # an item's type and place: "Omhändertagande av berusad person, Vingåker:"
    # "Karlstad, narkotikabrott", "Skadegörelse i Norrköping", "Misshandel, Säter kl. 22.40."; not a
    # lead ("Jämtland, ett urval av nattens …")
    words = WORD.findall(_HEADER_CLOCK.sub("", paragraph.text.strip()).strip(" \t:.,"))
    return len(words) <= _ITEM_HEADER_WORDS and _section_place(paragraph) is not None


def _colon_heading(paragraph: Paragraph) -> bool:
    """A short paragraph ending with a colon that names a place: a heading of what follows."""
    return paragraph.text.rstrip().endswith(":") and _section_place(paragraph) is not None


def _summing_heading(paragraph: Paragraph) -> bool:
    """A heading naming a place, longer than an item's and with no item's type: the text after it sums
    up there ("Polisens arbete under Putte i Parken i Luleå 2024:" in a night summary; not "Umeå:")."""
    return "," not in paragraph.text and not _LEADING_CLOCK.match(paragraph.text) \
        and len(LETTERS.findall(paragraph.text)) > _ITEM_HEADER_WORDS and _colon_heading(paragraph)


_ITEM_HEADER_WORDS = 5  # the most words of an item header without a clock time
_HEADER_LENGTH = 60  # the longest paragraph read as a header naming a place


_LEADING_SPAN = re.compile(r"^\s*(?:kl\.?|klockan)?\s*\d{1,2}[.:]\d{2}\s*[-–]", re.I)


def _overview_after(doc: Document, paragraph: Paragraph, overview: bool) -> bool:
    """Whether a summary's text sums up its period from ``paragraph`` on: an item ends it, a paragraph
    opening the rest ("Övrigt:", "I övrigt", "Utöver detta", scope_words.tsv) begins it again, and so
    does a closing paragraph after an item's text whose first sentence names the period ("Under natten
    har patrullerna genomfört flera person- och fordonskontroller", "Två viltolyckor har anmälts till
    polisen under natten")."""
    if _item_header(paragraph) or _leading_place(paragraph.text) is not None:
        return False  # an item: "01:40 centrala Linköping", "Avesta 22.48. Föremål …"
    if _overview_words().search(paragraph.text[:80]):
        return True
    if paragraph.position > 0 and not _header_only(doc.paragraphs[paragraph.position - 1]) and (
            _closing_words().match(paragraph.text) or paragraph.position == len(doc.paragraphs) - 1
            and _scope_pattern("closing").search(_first_sentence(paragraph.text))):
        return True  # "Under natten har patrullerna …", last: "Två viltolyckor har anmälts under natten."
    return overview


def _first_sentence(text: str) -> str:
    end = re.search(r"[.!?]", text)
    return text[:end.start()] if end else text


def _header_only(paragraph: Paragraph) -> bool:
    """An item's header standing alone, its text in the paragraphs after it ("02:27 Misshandel, Umeå")."""
    return len(paragraph.text) <= _HEADER_LENGTH and _item_header(paragraph)


@functools.cache
def _scope_pattern(kind: str, lead: str = r"(?<!\w)") -> re.Pattern:
    """The phrases of one kind of ``scope_words.tsv``, longest first, any white space between their
    words, after ``lead`` (a word start; the closing words are matched at a paragraph's start)."""
    words = sorted((r"\s+".join(re.escape(w) for w in p) for p in _scope_words(kind)), key=len, reverse=True)
    return re.compile(rf"{lead}(?:{'|'.join(words)})(?!\w)", re.I)


def _overview_words() -> re.Pattern:
    return _scope_pattern("overview")


def _whole_area_words() -> re.Pattern:
    return _scope_pattern("whole_area")


def _closing_words() -> re.Pattern:
    return _scope_pattern("closing", r"\s*")


# The period a summary's aggregate sentence names, carried to the sentences after it in its paragraph:
# (paragraph position, period start, end).
_Aggregate = tuple[int, str, str]


def _carry_aggregate(doc: Document, sentence: Sentence, found: list[Figure],
                     aggregate: _Aggregate | None) -> _Aggregate | None:
    """A summary's totals run on after the sentence that names their period ("Under midsommarafton och
    natten har 19 personer omhändertagits. 31 personer har gripits."): figures of a later sentence of
    the same paragraph that name no period, place or clock time of their own are totals of that period
    too.  Returns the aggregate in force after ``sentence``."""
    if doc.event is None or not doc.event.summary:
        return None
    if aggregate is not None and aggregate[0] != sentence.paragraph_position:
        aggregate = None
    named = next((f for f in found if f.scope == "statistic" and f.period_text and f.period_start
                  and f.period_end and _holiday_and_night(f.period_text, doc.lang)), None)
    if named is not None:
        assert named.period_start is not None and named.period_end is not None
        return sentence.paragraph_position, named.period_start, named.period_end
    text = doc.text[sentence.start:sentence.end] if doc.text else sentence.text
    if aggregate is not None and not _CLOCK_ANY.search(text) and not _sentence_places(text):
        for f in found:
            if f.period_text is None and f.metric != "other":
                f.period_start, f.period_end, f.period_text = aggregate[1], aggregate[2], None
                f.scope = "statistic"
    return aggregate


def _holiday_and_night(text: str, lang: str | None) -> bool:
    """The words name a holiday and its night ("under midsommarafton och natten")."""
    return any(p.kind == "named_day_night" for p in find_periods(text, lang or "sv"))


# A clock time anywhere in a sentence ("03.22", "kl 14"): an item of a summary, not its totals.
_CLOCK_ANY = re.compile(r"\b\d{1,2}[.:]\d{2}\b|\bkl(?:\.|ockan)?\s*\d", re.I)


# ---------------------------------------------------------------- sentences


def _sentences(doc: Document) -> list[Sentence]:
    if doc.sentences:
        return doc.sentences
    # not segmented yet: the whole text as one sentence, so the stage still works on bare text
    return [Sentence(0, doc.text, 0, len(doc.text), doc.lang, 0)] if doc.text else []


def _paragraph(doc: Document, sentence: Sentence) -> Paragraph | None:
    if 0 <= sentence.paragraph_position < len(doc.paragraphs):
        return doc.paragraphs[sentence.paragraph_position]
    return None


def _sentence_figures(doc: Document, sentence: Sentence, paragraph: Paragraph | None,
                      earlier: list[Figure], published: str | None = None,
                      section: Place | None = None) -> list[Figure]:
    text = doc.text[sentence.start:sentence.end] if doc.text else sentence.text
    lang = sentence.lang or (paragraph.lang if paragraph else None) or doc.lang or "sv"
    quantities = find_quantities(text, lang)
    generic = _generic_of_type(doc.event, lang_code(lang))
    # an item's header run into its text ("05.01 Kungsbacka, rattfylleri På Kollavarvsvägen stoppades
    # en mopedist"): its words are no cue of the text's counts
    cues = _without_run_in_header(text) if doc.event is not None and doc.event.summary else text
    # an article or "none" word counts only when a metric applies ("En gripen", "Inga personskador")
    candidates, both = _ones_and_nones(text, lang, quantities)
    # "En bilist är misstänkt för brott" in a report of drunk driving: suspected of the report's crime
    suspected = _type_metric(doc.event, lang_code(lang))
    ones = [(_qualified_one(text, q, lang), decided) for q in candidates
            if (decided := _one_metric(cues, q, lang) or _suspect_of_the_type(cues, q, lang, suspected)) is not None
            and not _generic_noun(text[q.end:], lang, generic)]
    # "Det är två personer drabbade. Båda personerna …": the two of a sentence just before (an anaphor;
    # "… är två män inblandade. Anmälan tas upp. Båda männen avvisades" too)
    if both and not any(f.value == 2 and f.sentence_position is not None
                        and 0 < sentence.position - f.sentence_position <= _BOTH_REACH
                        and (f.noun is None or person_noun(f.noun, lang)) for f in earlier):
        ones += [(q, _one_metric(cues, q, lang) or ("other", noun)) for q, noun in both]
    if not quantities and not ones:
        return []
    periods = find_periods(text, lang, published)
    # words of a period are not counts: "de senaste tre månaderna", "under två veckor i maj"
    quantities = [q for q in quantities if not any(p.start < q.end and q.start < p.end for p in periods)]
    found: list[tuple[Quantity, str, str | None]] = []
    done: list[Figure] = []  # the metrics found so far in the sentence, for an antecedent
    for q in quantities:
        following, caption = text[q.end:], ""
        if not following.strip(" .:;!?") and text.strip() == q.surface:
            caption = " " + _next_paragraph_text(doc, paragraph)  # a stat card: "32%" then its caption
        metric, noun = _metric(cues, q, following + caption, lang, done, earlier, caption)
        if _generic_noun(following, lang, generic):
            metric = "other"  # "två olyckor" in a report of a workplace accident
        found.append((q, metric, noun))
        done.append(Figure(q.surface, q.start, q.end, q.value, metric=metric, origin="text"))
    found = sorted(found + [(q, *decided) for q, decided in ones], key=lambda item: item[0].start)
    mentions = _sentence_places(text)
    # a summary's sentence naming the day, night or holiday it counts over sums it up ("Under
    # midsommarafton och natten har 19 personer omhändertagits")
    statistic = _statistic(text, lang, doc.event is None or doc.event.summary) or bool(
        doc.event is not None and doc.event.summary and any(p.kind in _SUMMED_PERIODS for p in periods))
    outcome = _scope_pattern("outcome").search(text) is not None
    # a part of a day outside a summary: custody counted over an evening is its tally all the same
    # ("Under kvällen har två berusade män omhändertagits" in a report of drunkenness)
    shift = not statistic and _scope_pattern("shift").search(text) is not None
    out: list[Figure] = []
    asides = [(m.start(), m.end()) for m in _ASIDE.finditer(text)] if "(" in text else []
    for q, metric, noun in found:
        named = _place_for(text, mentions, q, lang)
        own = _own_periods(periods, asides, q)
        period = (period_for(_same_segment(text, own, q.start, lang), q.start, q.end)
                  or period_for(own, q.start, q.end))
        if doc.event is not None and period is not None and (
                period.kind in _POINT_PERIODS or _names_the_event(period, doc.event)):
            period = None  # "i nuläget", "natten till nyårsafton" in a report: the event's day
        figure = figure_record(q, sentence, paragraph, metric, noun, period, None, origin="text")
        if doc.event is not None and figure.period_start is None:
            figure.period_start, figure.period_end = doc.event.period_start, doc.event.period_end
        # fines to drivers, or to a number standing alone ("men fyra fick böter"): the control's tally
        tally = outcome and q.value != 1 and (noun is None or noun.lower() in _outcome_nouns()) \
            or shift and metric == "custody_lob"
        figure.scope = _scope(statistic or tally, period, metric, noun, q.value)
        _set_place(figure, named or section, doc.event)
        out.append(figure)
    return out


# A parenthesis: "34 skjutningar (40 i fjol)", "(fjolårets siffra: 20)".
_ASIDE = re.compile(r"\([^()]*\)")


def _own_periods(periods: list[Period], asides: list[tuple[int, int]], q: Quantity) -> list[Period]:
    """The periods that may be a number's: a period in parentheses is only the period of the numbers
    in them ("34 skjutningar (40 i fjol)": 40 is last year's, 34 is not); a number in parentheses with
    a period of its own there takes that one."""
    if not asides:
        return periods
    around = next(((s, e) for s, e in asides if s <= q.start and q.end <= e), None)
    if around is not None:
        inside = [p for p in periods if around[0] <= p.start and p.end <= around[1]]
        if inside:
            return inside
    return [p for p in periods if not any(s <= p.start and p.end <= e and (s, e) != around for s, e in asides)]


def _set_place(figure: Figure, place: Place | None, event: Event | None) -> None:
    """The figure's place: the one named for it, else its event's."""
    if place is not None:
        figure.place, figure.place_code, figure.place_level = place.name, place.code, place.level
    elif event is not None and event.place:
        figure.place, figure.place_code, figure.place_level = event.place, event.place_code, event.place_level
    else:
        figure.place = figure.place_code = figure.place_level = None


# The levels a sentence may name as a figure's place; a district stands for its municipality.
_FIGURE_LEVELS = ("municipality", "county")


def _as_figure_place(place: Place) -> Place | None:
    if place.level in _FIGURE_LEVELS:
        return place
    if place.level == "district" and place.municipality_code:
        municipality = _municipality(place.municipality_code)
        return municipality
    return None


@functools.lru_cache(maxsize=1024)
def _municipality(code: str) -> Place | None:
    for row in read_tsv("gazetteer.tsv"):
        if row["level"] == "municipality" and row["code"] == code:
            return lookup_place(row["name"])
    return None


@functools.lru_cache(maxsize=1024)  # asked of one sentence by the summary's, the item's and the figures' steps
def _sentence_places(text: str) -> tuple[tuple[int, Place], ...]:
    """The municipalities and counties a sentence places things in: "i Motala", "i Krokoms kommun"."""
    out = []
    for m in _at_place().finditer(text):
        # the `at` word is read with the name: "i Mora", where a name that is also a word needs it
        found = find_places(text[m.start():m.end() + 60])
        if found and found[0].start == m.end() - m.start():
            # "runt 15000 transporter varje dag i Sverige": the country a sentence names counts too
            place = found[0].place if found[0].place.level == "country" else _as_figure_place(found[0].place)
            if place is not None:
                out.append((m.end(), place))
            continue
        # a locality the gazetteer does not know, then its municipality: "i Tunadal, Sundsvall"
        locality = _LOCALITY_THEN_PLACE.match(text, m.end())
        if locality is not None:
            named = find_places(text[locality.end():locality.end() + 40])
            if named and named[0].start == 0:
                place = _as_figure_place(named[0].place)
                if place is not None:
                    out.append((m.end(), place))
    return tuple(out)


# A capitalised name (one or two words) and a comma: "Tunadal, ", "Södra Sunderbyn, ".
_LOCALITY_THEN_PLACE = re.compile(r"[A-ZÅÄÖ][\w-]+(?: [A-ZÅÄÖ][\w-]+)?,\s+")


@functools.lru_cache(maxsize=1)
def _at_place() -> re.Pattern:
    """An `at` word of place_words.tsv and the capital that follows it ("i Motala", "utanför Kalmar"),
    a `part` word between ("i centrala Ragunda")."""
    parts = _alternation(r["word"] for r in read_tsv("place_words.tsv") if r["role"] == "part")
    return re.compile(rf"(?<!\w)(?:{_alternation(_place_words())})\s+(?:(?:{parts})\s+)?(?=[^\W\d_])", re.I)


def _place_for(text: str, mentions: tuple[tuple[int, Place], ...], q: Quantity, lang: str) -> Place | None:
    """The place a sentence names for a number: the one in its segment ("en i Luleå och en i Piteå"),
    else the sentence's first."""
    if not mentions:
        return None
    start, end = _around(_breaks(lang_code(lang), "segment"), text, q.start)
    inside = [place for at, place in mentions if start <= at < end]
    return inside[0] if inside else mentions[0][1]


def _header_place(doc: Document, sentence: Sentence, paragraph: Paragraph | None) -> Place | None:
    """The place a report's item header gives the figures after it (a short paragraph, or the words that
    open a sentence), else None."""
    if paragraph is not None and paragraph.start == sentence.start:
        place = _section_place(paragraph)
        if place is not None:
            return place
    return _leading_place(doc.text[sentence.start:sentence.end] if doc.text else sentence.text)


def _section_place(paragraph: Paragraph | None) -> Place | None:
    """A short paragraph that names a place heads the figures after it, as the items of a night
    summary do ("Motala", "01:40 centrala Linköping", "Kl 04:15, Sundsvall", "19.22 Berg:")."""
    if paragraph is None or len(paragraph.text) > _HEADER_LENGTH:
        return None
    name = _HEADER_CLOCK.sub("", paragraph.text).strip(" \t:.,")
    place = _named_part(name)
    if place is None:
        found = find_places(paragraph.text)
        place = found[0].place if found else None
    return _as_figure_place(place) if place is not None else None


def _named_part(header: str) -> Place | None:
    """The place a header's comma-separated parts end with: "Länsväg 575, Svenstavik, Berg" -> Berg
    (a header names its place whole, so a name that is also a word, "Berg", counts here)."""
    for part in reversed(header.split(",")):
        place = lookup_place(part.strip(" \t:.")) if part.strip() else None
        if place is not None:
            return place
    return None


# A clock time opening or closing a section header: "01:40 centrala Linköping", "Kl 04:15, Sundsvall".
_CLOCK_WORDS = r"(?:kl\.?|klockan)?\s*\d{1,2}[.:]\d{2}\s*[.:,]?"
_HEADER_CLOCK = re.compile(rf"^\s*{_CLOCK_WORDS}|{_CLOCK_WORDS}\s*$", re.I)


# A clock time opening an item of a summary ("19.22 ", "Kl 04:15, "), and what may follow the place
# that opens one: a colon, a comma, a full stop, a clock time ("Berg:", "Falun 03.03.").
_LEADING_CLOCK = re.compile(rf"^\s*{_CLOCK_WORDS}\s*", re.I)
_ITEM_AFTER_PLACE = re.compile(r"\s*(?:(?P<clock>(?:kl\.?\s*)?\d{1,2}[.:]\d{2})|(?P<mark>[:,.]))", re.I)


# A clock time, a place, a comma and the lower-case words of an event type, then the text's first
# capitalised word: "05.01 Kungsbacka, rattfylleri På …", "21.01 Halmstad, grovt olaga hot En …".
_RUN_IN_HEADER = re.compile(
    rf"^\s*{_CLOCK_WORDS}\s*[A-ZÅÄÖ][\w-]*(?: [A-ZÅÄÖ][\w-]*)?,(?: [a-zåäö][\w/-]*){{1,4}} (?=[A-ZÅÄÖ])")


def _without_run_in_header(text: str) -> str:
    """``text`` with an item header run into it blanked (same length, so offsets hold)."""
    m = _RUN_IN_HEADER.match(text)
    return " " * m.end() + text[m.end():] if m else text


def _leading_place(text: str) -> Place | None:
    """A sentence that opens with a place heads an item of a summary: after a clock time ("19.22 Berg:
    Vid en trafikkontroll ...", "Kl 04:15, Sundsvall"), or before a colon or a clock time ("Falun 03.03.")."""
    clock = _LEADING_CLOCK.match(text)
    head = text[clock.end():] if clock else text
    if clock and ":" in head[:40]:
        named = _named_part(head[:head.index(":")])  # "19.22 Berg: Vid en trafikkontroll ..."
        if named is not None:
            return _as_figure_place(named)
    if clock and "," in head[:30]:
        # a header run into its text: "01:05 Trafikkontroll, Piteå Polisen har haft …"
        after_comma = head[head.index(",") + 1:].lstrip()
        found = find_places(after_comma[:40])
        if found and found[0].start == 0:
            return _as_figure_place(found[0].place)
    if not clock:
        # "Kristinehamn, sexuellt ofredande 22.03: …", "LOB i Linköping 01:29 Polisen …"
        inner = _CLOCK_ANY.search(text[:_HEADER_LENGTH])
        lead = text[:inner.start()] if inner is not None else ""
        found = find_places(lead) if lead and len(WORD.findall(lead)) <= _ITEM_HEADER_WORDS + 1 else []
        if found:
            return _as_figure_place(found[0].place)
    found = find_places(head[:80])
    if not found or head[:found[0].start].strip(" ,"):
        return None
    after = _ITEM_AFTER_PLACE.match(head, found[0].end)
    if after is None or not clock and not after.group("clock") and after.group("mark") != ":":
        return None
    return _as_figure_place(found[0].place)


def _county_report_place(doc: Document) -> Place | None:
    """A report titled with a county that names a municipality of it in its text ("i Varberg") is
    about that municipality."""
    event = doc.event
    if event is None or event.place_level != "county" or not event.place_code:
        return None
    for sentence in _sentences(doc)[1:]:
        text = doc.text[sentence.start:sentence.end] if doc.text else sentence.text
        for _, place in _sentence_places(text):
            if place.level == "municipality" and place.county_code == event.place_code:
                return place
    return None


@functools.lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    return frozenset(r["word"] for r in read_tsv("place_words.tsv") if r["role"] == "at")


@functools.cache
def _outcome_nouns() -> frozenset[str]:
    return frozenset(w for words in _scope_words("outcome_noun") for w in words)


@functools.cache
def _scope_words(kind: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(r["word"].split()) for r in read_tsv("scope_words.tsv") if r["kind"] == kind)


# "Kl 00:00-07:00", "22.00-07.00": a span of clock hours.
_CLOCK_SPAN = re.compile(r"\b\d{1,2}[.:]\d{2}\s*[-–]\s*\d{1,2}[.:]\d{2}\b")
# Periods that say when, not over how long: "i nuläget", "nyligen".
_POINT_PERIODS = frozenset({"now", "vague"})
# Periods of a day: in a report of that day (or the day next to it) they name the event's own period.
_DAY_PERIODS = frozenset({"day", "night", "named_day", "night_to_named", "weekday"})
# Periods of one day that date an incident ("måndagen den 17 juli", "i tisdags"), summing nothing up by
# themselves (a summary's sentence naming one does: _SUMMED_PERIODS).
_INCIDENT_DAYS = frozenset({"day", "weekday"})
# Periods a summary's totals are counted over: a day, a night, a holiday and its night.
_SUMMED_PERIODS = _DAY_PERIODS | {"named_day_night", "weekday"}


def _names_the_event(period: Period, event: Event) -> bool:
    """A day, night or named day within a day of the report's own period ("natten till nyårsafton")."""
    if period.kind not in _DAY_PERIODS or not (period.period_start and period.period_end
                                                and event.period_start and event.period_end):
        return False
    first, last = dt.date.fromisoformat(event.period_start), dt.date.fromisoformat(event.period_end)
    one = dt.timedelta(days=1)
    return (first - one <= dt.date.fromisoformat(period.period_start) <= last + one
            and first - one <= dt.date.fromisoformat(period.period_end) <= last + one)


def _scope_phrases() -> re.Pattern:
    return _scope_pattern("phrase")


def _statistic(text: str, lang: str, shifts: bool = True) -> bool:
    """The sentence sums up a period ("totalt", "Kl 00:00-07:00"; with ``shifts``, a summary's "under
    natten"): its figures are statistics."""
    return bool(_CLOCK_SPAN.search(text) or _scope_phrases().search(text)
                or shifts and _scope_pattern("shift").search(text))


def _scope(statistic: bool, period: Period | None, metric: str, noun: str | None, value: float | None) -> str:
    if statistic or period is not None and period.resolved and period.kind not in _POINT_PERIODS | _INCIDENT_DAYS:
        return "statistic"
    if value == 1:
        return "incident"  # "vid en trafikkontroll": one of them is an incident
    if (metric,) in _scope_words("metric") or noun is not None and (noun.lower(),) in _scope_words("noun"):
        return "statistic"
    return "incident"


@functools.cache
def _generic_words(lang: str) -> frozenset[str]:
    return frozenset(r["word"] for r in read_tsv("event_words.tsv") if r["role"] == "generic" and r["lang"] == lang)


def _generic_of_type(event: Event | None, lang: str) -> bool:
    """The report's type is a compound of a generic noun that names no metric of its own
    ("Arbetsplatsolycka"): that noun alone, in the report, is that kind of event (event_words.tsv)."""
    return event is not None and bool(event.type) and _generic_type(event.type, lang)


@functools.lru_cache(maxsize=256)  # asked for every sentence; a corpus has a few dozen report types
def _generic_type(event_type: str, lang: str) -> bool:
    generic = _generic_words(lang)
    return any(word != g and word.endswith(g) and metric_of_noun(word, lang) is None
               for word in WORD.findall(event_type.lower()) for g in generic)


def _generic_noun(following: str, lang: str, generic: bool) -> bool:
    """The counted word after a number is a generic noun ("olycka") in a report of another kind."""
    if not generic:
        return False
    word, _ = _counted_noun(following, lang)
    return word is not None and word.lower() in _generic_words(lang_code(lang))


# ---------------------------------------------------------------- counts of one and of none


@functools.cache
def _one_metrics(how: str) -> frozenset[str]:
    """The metrics an article counts one of: by their noun (``how`` "noun": both kinds of metrics.tsv's
    `one`), or also by a cue of the clause on a person ("person"), or by their noun with a cue of
    the clause on it ("cue": "påträffar en kniv")."""
    kinds = {"noun": ("noun", "person"), "person": ("person",), "cue": ("cue",)}[how]
    return frozenset(r["metric"] for r in read_tsv("metrics.tsv") if r["one"] in kinds)


@functools.cache
def _one_none_words(lang: str) -> re.Pattern:
    words = (context_words(lang, "one_word") | context_words(lang, "none_word")
             | context_words(lang, "none_if_negated") | context_words(lang, "two_word"))
    return re.compile(rf"(?<![\w-])(?:{_alternation(words)})(?![\w-])", re.I)


def _ones_and_nones(text: str, lang: str, quantities: list[Quantity]
                    ) -> tuple[list[Quantity], list[tuple[Quantity, str]]]:
    """Articles and "none" words ("En", "ett", "Inga", "no") that may count one or zero: candidates,
    kept only when a metric applies (``_one_metric``); and "Båda" before a person noun, a count of
    two with the noun it counts (``_both_people``)."""
    one, none = context_words(lang, "one_word"), context_words(lang, "none_word")
    some, two = context_words(lang, "none_if_negated"), context_words(lang, "two_word")
    out, both = [], []
    for m in _one_none_words(lang_code(lang)).finditer(text):
        word = m.group().lower()
        before = text[max(0, m.start() - 12):m.start()].split()
        if word in two:
            person = _both_people(text, m, before, lang)
            if person is not None:
                both.append(person)
            continue
        if word in one and before and before[-1].lower() in none:
            continue  # "no one": the "none" word counts
        if word in none and " ".join(w.lower() for w in before[-2:]) in context_words(lang, "purpose"):
            continue  # "för att ingen … ska skadas": a purpose, no count of none
        some_kind = negated = False
        if word in some:
            kind = text[m.end():m.end() + 12].split()[:1]
            some_kind = bool(kind) and kind[0].lower() in context_words(lang, "kind_of")
            negated = _negated(text, m.start(), m.end(), lang)
            if not negated and not some_kind:
                continue  # "någon" that no negation turns into none; but "någon slags explosion" is one
        if any(q.start < m.end() and m.start() < q.end for q in quantities):
            continue  # part of a quantity already ("ett tiotal", "en eller flera")
        if _apposition_of_counted(text, m.start(), lang, quantities):
            continue  # "två personer, en kvinna och en man, grips": the two are counted already
        value = 1.0 if word in one or (some_kind and not negated) else 0.0
        out.append(Quantity(m.group(), m.start(), m.end(), value, value, value))
    return out, both


_BOTH_REACH = 1  # the sentences back a "Båda" may name the two of


def _both_people(text: str, m: re.Match, before: list[str], lang: str) -> tuple[Quantity, str] | None:
    """"Båda förarna", "Båda parter": a count of two people (number_context.tsv two_word) when a
    person noun follows; not "två personer som båda …" or "De båda" (a group counted already), nor
    "båda riktningarna" (no people)."""
    if before and before[-1].lower() in context_words(lang, "group_before_two"):
        return None
    after = WORD.findall(text[m.end():m.end() + 40])
    if after and after[0][0].isalpha() and person_noun(after[0], lang):
        return Quantity(m.group(), m.start(), m.end(), 2.0, 2.0, 2.0), noun_lemma(after[0], lang)
    return None


_APPOSITION_HEAD_WORDS = 3  # the words of a counted head before its apposition ("två unga män, …")
_PARTITIVE_HEAD_WORDS = 6  # and of one counted from a group ("en av de misstänkta gärningsmännen, …")
_APPOSITION_CHAIN = 4  # the members of one apposition read back to its head


def _apposition_of_counted(text: str, at: int, lang: str, quantities: list[Quantity]) -> bool:
    """The article at ``at`` opens (or continues) an apposition to a counted group of people: the words
    before its comma end in a number or an article and a person noun ("två personer, en kvinna … och en
    man …", "En bilist, en man i 20-årsåldern, …"), or in a definite plural of people ("Personerna, en
    man …")."""
    comma = text.rfind(",", max(0, at - 80), at)
    if comma < 0:
        return False
    opening = text[comma + 1:at + 4].split(None, 1)
    one = context_words(lang, "one_word")
    if not opening or opening[0].lower().strip(".,;:") not in one:
        return False  # the apposition opens with an article: not "varav en av dem", "ingen kom till skada"
    head_start = max(text.rfind(",", 0, comma) + 1, text.rfind(".", 0, comma) + 1, 0)
    for _ in range(_APPOSITION_CHAIN):
        # "tre personer, en kvinna i 45-årsåldern, en man … och en man …": an earlier member of the
        # same apposition stands between; its head is further back
        segment = text[head_start:comma].split(None, 2)
        if len(segment) < 2 or segment[0].lower() not in one or not person_noun(segment[1], lang) \
                or head_start == 0 or text[head_start - 1] != ",":
            break
        comma = head_start - 1
        head_start = max(text.rfind(",", 0, comma) + 1, text.rfind(".", 0, comma) + 1, 0)
    head = list(WORD.finditer(text, head_start, comma))
    if not head:
        return False
    words = [w.group().lower() for w in head]
    if len(words) >= 3 and words[-3] in one and words[-2] in context_words(lang, "partitive_of") \
            and words[-1] in context_words(lang, "partitive_pronoun"):
        return True  # "En av dem, en man i 45-årsåldern, grips": one of them, counted already
    if not person_noun(words[-1], lang):
        return False
    if head[-1].group().lower() in context_words(lang, "definite_group"):
        return True  # "Personerna, en man … och en kvinna …, greps": a group named already
    for w in head[-_APPOSITION_HEAD_WORDS:-1]:
        if w.group().lower() in one or any(q.start <= w.start() < q.end for q in quantities):
            return True
    partitive = context_words(lang, "partitive_of")
    reach = head[-_PARTITIVE_HEAD_WORDS:-1]
    return any(a.group().lower() in one and b.group().lower() in partitive for a, b in zip(reach, reach[1:]))


_NONE_NEGATION_REACH = NEGATION_REACH + 1  # a "none" word's negation may stand a word further back than a
# quantity's ("som inte har mynnat ut i någon anmälan")


def _negated(text: str, start: int, end: int, lang: str) -> bool:
    """A negation within five words before or six after ("inte någon", "ska inte röra sig om några",
    "som inte har mynnat ut i någon anmälan", "Någon anmälan upprättades inte"); not one before a
    clause the word opens or before news ("inga uppgifter om att någon skadats", "inga uppgifter om
    några personskador": no news, not nobody)."""
    negation = context_words(lang, "negation")
    joiners = context_words(lang, "reason_joiner") | context_words(lang, "news_noun")
    before = [w.lower() for w in WORD.findall(text[max(0, start - 40):start])][-_NONE_NEGATION_REACH:]
    after = [w.lower() for w in WORD.findall(text[end:end + 80])][:6]
    # "inga uppgifter om några personskador": no news of them, not none
    negated_before = any(w in negation and not joiners & set(before[k + 1:]) for k, w in enumerate(before))
    return negated_before or any(w in negation for w in after)


@functools.cache
def _qualifier_ends(lang: str) -> frozenset[str]:
    return frozenset(q.words[-1] for q in qualifiers(lang, "before"))


def _qualified_one(text: str, q: Quantity, lang: str) -> Quantity:
    """ "minst en skadad", "at least one": a qualifier before a count of one shapes it."""
    before = text[max(0, q.start - 12):q.start].split()
    if not q.value or not before or before[-1].lower().rstrip(".") not in _qualifier_ends(lang_code(lang)):
        return q
    tokens = tokenize(text, lang)
    at = next((k for k, t in enumerate(tokens) if t.start == q.start), None)
    qualified = match_before(tokens, at, qualifiers(lang, "before")) if at is not None else None
    if qualified is None:
        return q
    qual, start_i = qualified
    low, high = apply_qualifier(qual, 1.0, 1.0, whole=True)
    if (low is None) == (high is None) or 1 not in (low, high):
        return q  # only a bound at one shapes an article: "under en kontroll", "runt en bil" are time or space
    q.low, q.high = (float(low) if low is not None else None), (float(high) if high is not None else None)
    q.approximate, q.qualifier, q.start = qual.approximate, qual.name, tokens[start_i].start
    q.surface = text[q.start:q.end]
    return q


def _one_metric(text: str, q: Quantity, lang: str) -> tuple[str, str | None] | None:
    """The metric an article or a "none" word counts one or zero of, else None (an article only):
    the noun after it names a metric ("En anmälan", "Inga personskador", "En gripen"), or it stands
    for a person ("en man", "Ingen", "En av männen") and a cue of its own clause names one."""
    before = text[max(0, q.start - 20):q.start].split()
    if q.value == 1 and before and before[-1].lower() in context_words(lang, "injuring_verb"):
        victim = WORD.findall(text[q.end:q.end + 40])
        if victim and (person_noun(victim[0], lang) or victim[0].lower() in context_words(lang, "partitive_of")):
            return "injured", _lemma_of(victim[0] if person_noun(victim[0], lang) else None, lang)
    if q.value == 1 and before and before[-1].lower() in context_words(lang, "call_about"):
        hurt = _hurt_person(text[q.end:], lang)
        if hurt is not None:  # "larm om en skadad man", "om en man med stick- eller skärskador"
            return "injured", _lemma_of(hurt, lang)
    if before and before[-1].lower() in context_words(lang, "reason_before") \
            and q.surface.lower() not in context_words(lang, "none_if_negated"):
        # "samtal om en hög smäll", "misshandel av en kvinna": what a call is about, a victim; but a
        # negated "några" denies it ("ska inte röra sig om några personskador")
        return None
    noun_word, noun_metric = _counted_noun(text[q.end:], lang, adjective=False)
    if noun_word is not None and noun_metric is None and not person_noun(noun_word, lang) \
            and text[q.end:q.end + 1].isspace():
        noun_word, noun_metric = _after_adjectives(text[q.end:], lang) or (noun_word, noun_metric)
    # the noun's lemma only for an article that counts: most do not, and a lemma may be a table search
    event = noun_metric is not None and noun_metric not in _one_metrics("person")
    if event and len(before) > 1 and before[-1].lower() in context_words(lang, "reason_joiner") \
            and before[-2].lower() in context_words(lang, "reason_before"):
        return None  # "samtal om att en smäll hade hörts": the event a call is about ("om att en skadad kvinna" counts)
    if event and before and before[-1].lower() in context_words(lang, "about"):
        return None  # "kontaktas polisen gällande en trafikolycka": the event a call is about
    if noun_metric and noun_word is not None and noun_word.lower() in context_words(lang, "single_check"):
        return None  # "En patrull gör en fordonskontroll": one stop, the report's own event (its driver counts)
    if noun_metric and noun_metric in _one_metrics("cue"):
        # "hittade en kniv", "ett luftvapen anträffas": found, while "hotade med en kniv" is none
        start, end = _clause(text, q.start, lang)
        found = best_cue(text[start:end], q.start - start, lang, q.end - start, noun_word)
        return (noun_metric, _lemma_of(noun_word, lang)) if found is not None and found[0].metric == noun_metric \
            else None
    if noun_metric:
        return (noun_metric, _lemma_of(noun_word, lang)) if noun_metric in _one_metrics("noun") else None
    harm = _no_injury_of_a_person(text, q, lang) if q.value == 0 else None
    if harm is not None:
        return "injured", noun_lemma(harm, lang)
    if q.surface.lower() in context_words(lang, "thing_word") and not (noun_word and person_noun(noun_word, lang)):
        return None  # "uppger att inget saknas": nothing, not nobody
    if noun_word is not None and not person_noun(noun_word, lang) \
            and noun_word.lower() not in context_words(lang, "partitive_of") \
            and metric_from_cues(noun_word, 0, lang, 0) not in _one_metrics("person") \
            and _own_cue(text[q.end:], noun_word, lang) not in _one_metrics("person"):
        return None  # "en bil", "ingen misstanke"; but "ingen skadades", "en försvunnen man", "En avförd med ambulans"
    if _partitive_of_things(text[q.end:], lang) or _of_a_thing(text[q.end:], noun_word, lang):
        return None  # "ett av fordonen är skadat", "en död älg", "ett skadat rådjur": things, no person
    start, end = _clause(text, q.start, lang)
    if before and before[-1].lower() in context_words(lang, "about"):
        # "kontaktades polisen gällande en 76-årig kvinna som saknas": what comes before "gällande" is the call's
        start = max(start, text.rfind(before[-1], 0, q.start))
    found = best_cue(text[start:end], q.start - start, lang, q.end - start, noun_word)
    if found is None or found[0].metric not in _one_metrics("person"):
        return None
    cue, crossed = found
    if _adjective_of_a_thing(text, start + cue.start, start + cue.end, lang):
        return None  # "en person hittat en död delfin": the cue is an adjective of a thing
    opening = WORD.findall(text[start + cue.start:start + cue.end])[0]
    if start + cue.start >= q.end and opening != noun_word and person_noun(opening, lang):
        return None  # "anmälaren, som är en man, misstänker att föraren är påverkad": the other's cue
    between = text[q.end:start + cue.start] if start + cue.start > q.end else ""
    if crossed and between and _own_subject(between, lang):
        return None  # "En bilförare och en cyklist krockar … och cyklisten, en man, skadas": another's cue
    if between and _other_relative(between, lang):
        return None  # "en bilist som kör på en älg som avlider": the cue of the other's relative clause
    if q.value and _cue_negated(text[start:start + cue.start], text[start + cue.start:start + cue.end], lang):
        return None  # "Föraren, en man, ska ej ha behövt föras till sjukhus": not one injured
    return cue.metric, _lemma_of(noun_word, lang)


_HURT_PERSON_WORDS = 4  # the most words before the person noun ("en mycket allvarligt skadad person")
_HURT_WITH_WORDS = 4  # the most words of what a person is "med" ("med stick- eller skärskador")


def _hurt_person(following: str, lang: str) -> str | None:
    """The person noun of a person whose own words say it is hurt, right after an article: "skadad man",
    "mycket allvarligt skadad person", "man med stick- eller skärskador"; else None."""
    words = LETTERS.findall(following[:120])
    k = next((k for k, w in enumerate(words[:_HURT_PERSON_WORDS + 1]) if person_noun(w, lang)), None)
    if k is None:
        return None
    own = " ".join(words[:k])
    if k + 1 < len(words) and words[k + 1].lower() in context_words(lang, "with"):
        own += " " + " ".join(words[k + 2:k + 2 + _HURT_WITH_WORDS])
    return words[k] if own and metric_from_cues(own, 0, lang, 0) == "injured" else None


def _a_thing(word: str, lang: str) -> bool:
    """A thing or an animal (number_context.tsv thing_noun, also ending a compound), not a person."""
    return _thing_noun(word, lang) and not person_noun(word, lang)


def _adjective_of_a_thing(text: str, cue_start: int, cue_end: int, lang: str) -> bool:
    """The cue stands between an article and a thing or an animal ("en död delfin")."""
    before = WORD.findall(text[max(0, cue_start - 12):cue_start])[-1:]
    after = re.match(r"\s+([^\W\d_]+)", text[cue_end:cue_end + 40])
    return bool(before and before[0].lower() in context_words(lang, "one_word") and after
                and _a_thing(after.group(1), lang))


@functools.lru_cache(maxsize=256)
def _type_metric_of(event_type: str, lang: str) -> str | None:
    metric = metric_of_phrase(event_type, lang)
    return metric if metric in _one_metrics("person") else None


def _type_metric(event: Event | None, lang: str) -> str | None:
    """The metric of people a report's type names ("Rattfylleri": drunk_driving), else None."""
    return _type_metric_of(event.type, lang) if event is not None and event.type else None


def _suspect_of_the_type(text: str, q: Quantity, lang: str, metric: str | None) -> tuple[str, str | None] | None:
    """An article before a person suspected of an unnamed crime ("En bilist är misstänkt för brott",
    "Misstänkt är en kvinna") in a report whose type names a metric of people: one of that metric."""
    if metric is None or not q.value:
        return None
    words = [w.lower() for w in WORD.findall(text[q.end:q.end + 80])]
    if not words or not person_noun(words[0], lang):
        return None
    suspect, crime = context_words(lang, "suspect_word"), context_words(lang, "unnamed_crime")
    before = [w.lower() for w in WORD.findall(text[max(0, q.start - 30):q.start])][-2:]
    if len(before) == 2 and before[0] in suspect and before[1] in context_words(lang, "copula"):
        return metric, noun_lemma(words[0], lang)  # "Misstänkt är en kvinna i 35-årsåldern"
    for k in range(1, min(len(words) - 2, 7)):
        if words[k] in suspect and words[k + 1] in context_words(lang, "suspect_of") and words[k + 2] in crime:
            return metric, noun_lemma(words[0], lang)
    return None


def _of_a_thing(following: str, word: str | None, lang: str) -> bool:
    """The word after the article is an adjective of a thing or an animal ("en död älg", "ett skadat
    rådjur"): a cue it carries is said of no person."""
    if word is None or person_noun(word, lang):
        return False
    words = [w for w in WORD.findall(following[:50]) if w[0].isalpha()]
    return len(words) > 1 and words[0] == word and _a_thing(words[1], lang)


def _no_injury_of_a_person(text: str, q: Quantity, lang: str) -> str | None:
    """ "Mannen har inga skador", "Målsäganden har inte fått några fysiska skador": a bare word for
    harm ("skador", number_context.tsv bare_injury, also damage to things) said to a person — a person
    noun or pronoun among the four words before it — is none injured ("Inga skador på bilen" is not):
    the word for harm, else None."""
    after = [w.lower() for w in WORD.findall(text[q.end:q.end + 40]) if w[0].isalpha()][:2]
    harm = context_words(lang, "bare_injury")
    if after and after[0] in harm:
        word = after[0]
    elif len(after) > 1 and after[0].endswith(tuple(context_words(lang, "adjective_ending"))) and after[1] in harm \
            and after[0] not in context_words(lang, "severe_adjective"):
        word = after[1]  # "några fysiska skador"; but "inte några allvarliga skador" may be lighter ones
    else:
        return None
    before = [w.lower() for w in WORD.findall(text[max(0, q.start - 50):q.start]) if w[0].isalpha()][-4:]
    if any(w in context_words(lang, "person_pronoun") or person_noun(w, lang) for w in before):
        return word
    return None


def _partitive_of_things(following: str, lang: str) -> bool:
    """The group after "En av" names things ("ett av fordonen", "en av bilarna"), not people."""
    words = [w for w in WORD.findall(following[:50]) if w[0].isalpha()]
    if not words or words[0].lower() not in context_words(lang, "partitive_of"):
        return False
    group = next((w for w in words[1:3] if not _function_word(w.lower(), lang)), None)
    return group is not None and _a_thing(group, lang)


def _own_cue(following: str, word: str, lang: str) -> str | None:
    """The metric of a cue of several words that opens with ``word``, the word after an article, when
    a function word follows it ("En avförd med ambulans", "Ingen förd till sjukhus": a participle
    standing for a person), else None."""
    at = following.find(word)
    clause = following[at:at + _ANAPHOR_REACH] if at >= 0 else word
    after = WORD.findall(clause)[1:2]
    if not after or not _function_word(after[0].lower(), lang):
        return None  # "ett positivt utandningsprov", "ett skadat rådjur": an adjective of a noun
    found = best_cue(clause, 0, lang, 0)
    return found[0].metric if found is not None and found[0].start == 0 else None


def _lemma_of(word: str | None, lang: str) -> str | None:
    return noun_lemma(word, lang) if word else None


def _cue_negated(before: str, cue: str, lang: str) -> bool:
    """A clause negation ("inte", "ej", "not") among the words right before a cue, or between the
    first and the last word of a cue of parts ("Föraren … är inte påverkad"); not one the cue opens
    with ("har inte återvänt" is a cue of its own)."""
    negation = context_words(lang, "clause_negation")
    words = [w.lower() for w in WORD.findall(before[-60:])][-NEGATION_REACH:] + [
        w.lower() for w in WORD.findall(cue)][1:-1]
    return any(w in negation for w in words)


_ADJECTIVES_BEFORE_NOUN = 3  # "en [till synes livlös] man", "en [fullt utvecklad] brand"


def _after_adjectives(following: str, lang: str) -> tuple[str, str | None] | None:
    """The person or event an article counts across the adjectives before it ("omhändertogs en
    berusad kvinna", "en fullt utvecklad brand", "en mindre detonation"), else None; never a check
    ("ett rutinmässigt utandningsprov", "en noggrann trafikkontroll": a routine, no count)."""
    adjectives = context_words(lang, "article_adjective")
    endings = tuple(context_words(lang, "article_adjective_ending"))
    first = following[:30].split(None, 1)
    if not first or not _article_adjective(first[0].lower(), adjectives, endings):
        return None  # the usual case, read without the word pattern
    words = WORD.findall(following[:60])
    for k, word in enumerate(words[:_ADJECTIVES_BEFORE_NOUN + 1]):
        if not word.isalpha() or not word.islower() or _function_word(word.lower(), lang):
            return None
        if k == 0 or _article_adjective(word.lower(), adjectives, endings):
            if k == _ADJECTIVES_BEFORE_NOUN:
                return None
            continue
        if person_noun(word, lang):
            return word, None
        metric = metric_of_noun(word.lower(), lang)
        return (word, metric) if metric in _one_metrics("noun") and metric != "drivers_checked" else None
    return None


def _article_adjective(low: str, adjectives: frozenset, endings: tuple[str, ...]) -> bool:
    """A listed adjective, or a word of a listed ending with a stem of three letters or more
    ("berusad", "stökig"; not "en rad viltolyckor", "en bostad")."""
    return low in adjectives or any(low.endswith(e) and len(low) - len(e) >= 3 for e in endings)


_COMPOUND_THING_PREFIX = 3  # the shortest first part of a compound thing ("person|bilar", "polis|bilen")


def _thing_noun(word: str, lang: str) -> bool:
    """A vehicle, building or other thing (number_context.tsv thing_noun), or a compound ending in
    one: what a cue on people ("skadade", "saknas", "omhändertogs") never counts."""
    low, things = word.lower(), context_words(lang, "thing_noun")
    return low in things or any(low[k:] in things for k in range(_COMPOUND_THING_PREFIX, len(low) - 2))


def _other_relative(between: str, lang: str) -> bool:
    """Between a count and its cue, another noun phrase with a relative clause of its own ("en
    bilist som kör på [en älg som] avlider")."""
    words = [w.lower() for w in WORD.findall(between)]
    counting, relative = context_words(lang, "one_word"), context_words(lang, "relative")
    coordination = context_words(lang, "coordination")
    # the count's own apposition is no other ("En av dem, en man som körde den ena bilen, förs …")
    comma = between.find(",")
    own = len(WORD.findall(between[:comma + 1])) if 0 <= comma < _OWN_APPOSITION else -1
    if any(w in counting and relative & set(words[k + 2:k + 4]) and (k == 0 or words[k - 1] not in coordination)
           and k != own for k, w in enumerate(words)):
        return True
    # a second person, not in apposition, with a relative clause: "… och pekat ut gärningsmannen som kan gripas"
    # (not "en mopedist i Nora, föraren som var en man …")
    return any(not m.group(1) and m.group(3).lower() in relative and _definite_person(m.group(2), lang)
               and any(person_noun(x, lang) for x in WORD.findall(between[:m.start()]))
               for m in _WORD_AND_NEXT.finditer(between))


_OWN_APPOSITION = 20  # the most characters between a count and the comma of its own apposition ("En| av dem,")
_WORD_AND_NEXT = re.compile(r"(,\s*)?([^\W\d_]+)\s+(?=([^\W\d_]+))")


def _own_subject(between: str, lang: str) -> bool:
    """The conjunct before a cue names a person of its own: a person noun after the last conjunction
    that no article or number counts ("… och cyklisten skadas"), not "… och en kvinna greps"."""
    conjunctions = list(CONJUNCTION.finditer(between))
    if not conjunctions:
        return False
    words = [w.lower() for w in WORD.findall(between[conjunctions[-1].end():])]
    counting = context_words(lang, "one_word")
    return any(_definite_person(w, lang) and (k == 0 or words[k - 1] not in counting
                                              and not word_atoms(words[k - 1], lang))
               for k, w in enumerate(words))


_DEFINITE_ENDINGS = ("en", "an", "na")  # "cyklisten", "kvinnan", "personerna"; not "misstänkt", "man"
_DEFINITE_SHORTEST = 5


def _definite_person(word: str, lang: str) -> bool:
    """A definite person noun ("cyklisten", "mannen", "föraren"), a subject of its own clause."""
    return len(word) >= _DEFINITE_SHORTEST and word.endswith(_DEFINITE_ENDINGS) and person_noun(word, lang)


def _next_paragraph_text(doc: Document, paragraph: Paragraph | None) -> str:
    if paragraph is None or paragraph.position + 1 >= len(doc.paragraphs):
        return ""
    following = doc.paragraphs[paragraph.position + 1]
    return following.text if len(following.text) < 120 else ""


# ---------------------------------------------------------------- metric


def _metric(text: str, q: Quantity, following: str, lang: str, same_sentence: list[Figure],
            earlier: list[Figure], caption: str = "") -> tuple[str, str | None]:
    """The metric and counted noun of a quantity: noun first, then cues, then the antecedent."""
    noun_word, noun_metric = _counted_noun(following, lang)
    if noun_metric:
        assert noun_word is not None  # a metric is only ever found for a word
        return noun_metric, noun_lemma(noun_word, lang)
    joined = _joined_metric(following, noun_word, lang)
    if joined is not None:
        return joined  # "ett flertal person och fordonskontroller", "flera fordons- och personkontroller"
    if caption:  # "32%" / "minskning av mord bland gruppmedlemmar": the caption's metric noun
        found = _first_metric_noun(caption, lang)
        if found is not None:
            word, caption_metric = found
            return caption_metric, noun_lemma(word, lang)
    clause_start, clause_end = _clause(text, q.start, lang)
    # cues within a window around the number: long run-on sentences stay linear
    clause_start, clause_end = max(clause_start, q.start - _CUE_WINDOW), min(clause_end, q.end + _CUE_WINDOW)
    clause = text[clause_start:clause_end] + caption
    coordinated = _coordinated_noun(following, noun_word, lang)
    cue_noun = (noun_word, coordinated) if noun_word and coordinated else noun_word
    cue_metric = metric_from_cues(clause, q.start - clause_start, lang, q.end - clause_start, cue_noun)
    noun = noun_lemma(noun_word, lang) if noun_word else None
    if cue_metric in _one_metrics("person") and noun_word is not None and _thing_noun(noun_word, lang):
        return "other", noun  # "två bilar är skadade": damaged cars, not injured people
    if cue_metric in _HARM and _agent(text, q.start, lang):
        return "other", noun  # "blivit påhoppad av två gärningsmän och … slagen": who did it, not the hurt
    if cue_metric:
        return cue_metric, noun
    if _partitive().match(following):  # "ett tjugotal av dessa": the metric of what came before
        antecedent = _last_known(same_sentence) or _last_known(earlier)
        if antecedent:
            return antecedent, noun
    if noun_word is None:  # "under 2017 inträffade 65": the noun of the figure before it
        antecedent = _last_known(same_sentence)
        if antecedent:
            return antecedent, noun
    return "other", noun


_HARM = frozenset({"injured", "killed"})


def _agent(text: str, at: int, lang: str) -> bool:
    """The number follows "av" after a participle: the doers of a passive ("påhoppad av två män",
    "skadad av tre personer"), never the ones it hurt."""
    before = WORD.findall(text[max(0, at - 40):at])
    if len(before) < 2 or before[-1].lower() not in context_words(lang, "agent"):
        return False
    verb = before[-2].lower()
    return len(verb) >= _PARTICIPLE_SHORTEST and verb.endswith(_PARTICIPLE_ENDINGS[lang_code(lang)])


_PARTICIPLE_ENDINGS = {"sv": ("d", "t", "ts", "des", "ades", "en", "ats"), "en": ("ed", "en")}
_PARTICIPLE_SHORTEST = 5  # "slagen", "skadad"; not "En av tre"


_JOINED = re.compile(r"\s*([^\W\d_]+)(-?)\s+(?:och|samt|eller|and|or)\s+([^\W\d_]+)", re.I)


def _joined_metric(following: str, noun_word: str | None, lang: str) -> tuple[str, str | None] | None:
    """A counted noun with no metric of its own joined to one that has one, whose metric it takes ("ett
    antal person samt fordonskontroller": checks, drivers_checked); a first part broken off a compound
    takes the second's head ("flera fordons- och personkontroller": fordonskontroller)."""
    m = _JOINED.match(following)
    if m is None or noun_word is None or noun_word not in (m.group(1), m.group(3)):
        return None  # (the counted noun of a broken-off first part is the second: "fordons- och personkontroller")
    second = m.group(3).lower()
    metric = metric_of_noun(second, lang)
    if metric is None and m.group(2):
        first = m.group(1).lower()
        for k in range(1, len(second) - 2):
            metric = metric_of_noun(first + second[k:], lang)
            if metric is not None:
                second = first + second[k:]
                break
    if metric is None or metric not in _one_metrics("noun"):
        return None
    return metric, noun_lemma(second, lang)


def _coordinated_noun(following: str, noun_word: str | None, lang: str) -> str | None:
    """The noun a counted noun is coordinated with when a cue is restricted to it: "åtta personer
    eller fordon", "flertalet bilister och personer" are checked as vehicles and their drivers
    (drivers_checked, the cue of higher priority), not people contacted."""
    if noun_word is None:
        return None
    at = following.find(noun_word, 0, 60)
    if at < 0:
        return None
    rest = following[at + len(noun_word):at + len(noun_word) + 40].split(None, 2)
    if len(rest) < 2 or rest[0].lower() not in context_words(lang, "coordination"):
        return None
    other = rest[1].strip(".,;:!?()").lower()
    return other if other in cue_nouns(lang) else None


def _last_known(figures: Iterable[Figure]) -> str | None:
    for figure in reversed(list(figures)):
        if figure.metric != "other" and figure.origin == "text":
            return figure.metric
    return None


def _counted_noun(following: str, lang: str, adjective: bool = True) -> tuple[str | None, str | None]:
    """The word counted after a number ("34 [skottlossningar]", "fyra nya [skjutningar]"); with
    ``adjective``, also a metric noun after any one word ("två anmälda [viltolyckor]"; an article's
    noun is read without: "lämna ett rutinmässigt utandningsprov" is no count of one)."""
    words = WORD.findall(following[:80])
    if len(words) > 1 and words[0].lower() in context_words(lang, "partitive_of"):
        # "några av trafikkontrollerna", "två av dagens trafikkontroller": counted from a group the
        # metric's noun names, after a genitive at most (not "En av dessa saknade behörighet")
        group = words[2] if len(words) > 2 and words[1].endswith("s") and words[1].islower() else words[1]
        metric = metric_of_noun(group.lower(), lang) if group[0].isalpha() else None
        if metric:
            return group, metric
    if len(words) >= 3 and words[1] == "-" and words[2].lower() in context_words(lang, "coordination"):
        words = words[3:]  # "flera person- och fordonskontroller": the noun is the last of the compounds
    elif len(words) >= 3 and words[1] == "-" and words[2].islower() and _BROKEN_COMPOUND.match(following):
        words = [words[0] + words[2]] + words[3:]  # "Inga person- skador": a compound broken at a line's end
    skip = _skip_words(lang)
    adjective_endings = tuple(context_words(lang, "adjective_ending"))
    first = None
    for k, word in enumerate(words[:4]):
        low = word.lower()
        if not word[0].isalpha():
            break
        metric = metric_of_noun(low, lang)
        if metric:
            return word, metric
        if low in skip:
            continue
        if _function_word(low, lang):
            break
        if first is not None:  # the content word after an adjective-like one is the noun
            return word, None
        first = word
        if not low.endswith(adjective_endings):
            # "ett fyrtiotal individuella [samtal]": an adjective ending looks one word further; any
            # word does when a metric noun follows it ("två anmälda [viltolyckor]")
            after = words[1] if adjective and k == 0 and len(words) > 1 and words[1][0].isalpha() else None
            after_metric = metric_of_noun(after, lang) if after is not None else None
            if after_metric and not (person_noun(word, lang) or _thing_noun(word, lang)):
                return after, after_metric  # not "en cyklist krockar": a noun, then a verb
            break
    return first, None


# A word, a hyphen and a space before the lower-case rest of the word: a compound broken as a line was.
_BROKEN_COMPOUND = re.compile(r"\s*[^\W\d_]+-[ \t]+[^\W\d_]")


def _first_metric_noun(text: str, lang: str) -> tuple[str, str] | None:
    """The first word of ``text`` that names a metric, and its metric."""
    for word in WORD.findall(text):
        metric = metric_of_noun(word, lang) if word[0].isalpha() else None
        if metric:
            return word, metric
    return None


def _function_word(word: str, lang: str) -> bool:
    if word in _stop_words(lang):
        return True
    return lang == "en" and word.endswith("ed")  # "65 occurred": a verb, not a counted noun


def _skip_words(lang: str) -> frozenset:
    return context_words(lang, "adjective")


def _stop_words(lang: str) -> frozenset:
    return context_words(lang, "function")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@functools.cache
def _breaks(lang: str, kind: str) -> re.Pattern:
    """Where a clause ends (";" or a clause word) or a segment ("," ";" or a segment word between
    spaces): the words of ``sentence_breaks.tsv``."""
    words = _alternation(r["word"] for r in read_tsv("sentence_breaks.tsv") if r["lang"] == lang and r["kind"] == kind)
    if kind == "clause":
        return re.compile(rf";|\b(?:{words})\b", re.I)
    return re.compile(rf"[,;]|\s(?:{words})\s", re.I)


@functools.lru_cache(maxsize=1)
def _partitive() -> re.Pattern:
    """A partitive right after a number, "av dessa", "of them" (``partitive_words.tsv``, both languages)."""
    rows = read_tsv("partitive_words.tsv")
    prepositions = _alternation(r["word"] for r in rows if r["role"] == "preposition")
    pronouns = _alternation(r["word"] for r in rows if r["role"] == "pronoun")
    return re.compile(rf"\s*,?\s*(?:{prepositions})\s+(?:{pronouns})\b", re.I)


def _same_segment(text: str, periods: list[Period], at: int, lang: str) -> list[Period]:
    """The periods between the same commas / conjunctions as offset ``at``."""
    start, end = _around(_breaks(lang_code(lang), "segment"), text, at)
    return [p for p in periods if p.start >= start and p.end <= end]


def _clause(text: str, at: int, lang: str) -> tuple[int, int]:
    return _around(_breaks(lang_code(lang), "clause"), text, at)


def _around(breaks: re.Pattern, text: str, at: int) -> tuple[int, int]:
    """The span between the nearest ``breaks`` before and after ``at`` (within the cue window)."""
    lo = max(0, at - _CUE_WINDOW)
    start, end = lo, min(len(text), at + _CUE_WINDOW)
    for m in breaks.finditer(text, lo, end):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            end = m.start()
            break
    return start, end
