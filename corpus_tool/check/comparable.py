"""When two figures may be held against each other, and why: metric, place, period, scope, event.

A conflict or a verdict a journalist has to dismiss costs more than one that is missed, so two
figures are comparable only when everything that could make both true is ruled out: they count
the same thing (custody under LOB is not an arrest), in the same place at the same level of the
gazetteer (a county's figure never meets a municipality's), over the same period, and both are
statistics (two incidents of one night count different events).  Two reports of one event (same
type and place, close in time, or one an update of the other) are a timeline, not two sources.
Every test here returns its reason as words, so findings and verdicts can say why.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..document import Document, Figure
from ..document import Event as ReportEvent
from ..extract.gazetteer import find_places, lookup_place
from ..extract.months import month_number
from ..extract.tokens import context_words
from ..resources import read_tsv
from .compare import conflicting

# The time window within which two reports of the same type and place are taken for one event.
UPDATE_WINDOW = dt.timedelta(hours=12)
_UPDATE = re.compile(r"\bUppdatering\b|\bUppdaterad\b|\bUpdate[ds]?\b", re.I)
# "20 mars 16:30, Trafikolycka, Strömsund": a police event report's title (date, type, place).
_TITLE = re.compile(r"^\s*(\d{1,2})\s+([^\W\d_]+)\s+(\d{1,2})[.:](\d{2})\s*,\s*(.+?)\s*,\s*([^,]+?)\s*$")


@dataclass(frozen=True)
class Where:
    """A figure's place as the gazetteer knows it: name, code, level and where it lies (any may be missing)."""

    name: str | None
    code: str | None = None
    level: str | None = None
    county_code: str | None = None
    municipality_code: str | None = None

    def key(self) -> str | None:
        """What two figures must share to be in the same place: the code and level, else the name."""
        if self.code:
            return f"{self.level or ''}:{self.code}"
        return self.name.casefold() if self.name else None

    def describe(self) -> str:
        if not self.name:
            return "no stated place"
        detail = " ".join(x for x in (self.level, self.code) if x)
        return f"{self.name} ({detail})" if detail else self.name

    def contains(self, other: Where) -> bool:
        """The same place, a county holding its municipalities and districts, a municipality its districts."""
        if self.key() is not None and self.key() == other.key():
            return True
        if not self.code:
            return False
        if self.level == "county":
            return other.county_code == self.code
        if self.level == "municipality":
            return other.level == "district" and other.municipality_code == self.code
        return self.level == "country" and other.name is not None


def place_named(name: str | None, code: str | None = None, level: str | None = None) -> Where:
    """A place name read through the gazetteer (its code, level and county), else kept as written."""
    if not name:
        return Where(None)
    place = lookup_place(name)
    if place is None or (code and place.code != code):
        return Where(name, code, level)
    return Where(place.name, place.code, place.level, place.county_code or None, place.municipality_code or None)


def where(figure: Figure, document_place: Where | None = None) -> Where:
    """The place of a figure: its own, else its document's."""
    if figure.place:
        return place_named(figure.place, figure.place_code, figure.place_level)
    return document_place or Where(None)


def scope(figure: Figure) -> str | None:
    """incident | statistic, when the figures stage says (None when it does not)."""
    return figure.scope or None


def is_statistic(figure: Figure) -> bool:
    """An aggregate over a period: said so by the figures stage, else a period the text names itself."""
    known = scope(figure)
    if known is not None:
        return known == "statistic"
    return bool(figure.period_text)


def days(figure: Figure) -> int | None:
    """How many days a figure's period spans (1 for a day, 2 for a night), None without one."""
    if not figure.period_start or not figure.period_end:
        return None
    try:
        return (dt.date.fromisoformat(figure.period_end) - dt.date.fromisoformat(figure.period_start)).days + 1
    except ValueError:
        return None


# ---------------------------------------------------------------- the event of a report


@dataclass(frozen=True)
class Event:
    """What a police event report is about: its type, place and time (any may be missing)."""

    type: str | None
    place: str | None
    time: dt.datetime | None
    update: bool

    def describe(self) -> str:
        when = self.time.strftime("%Y-%m-%d %H:%M") if self.time else "no time"
        return f"{self.type or 'no type'}, {self.place or 'no place'}, {when}"


def event_of(doc: Document) -> Event:
    """The event a document reports: from the figures stage's fields when set, else its title."""
    stored = doc.event  # the event stage's reading, where it ran
    etype = stored.type if stored else None
    place = stored.place if stored else None
    time = _parse_time(stored.time if stored else None)
    title = doc.title or (doc.text.split("\n", 1)[0] if doc.text else "")
    m = _TITLE.match(title or "")
    if m and (etype is None or place is None or time is None):
        etype = etype or m.group(5)
        place = place or m.group(6)
        if time is None:
            time = _title_time(m, doc.published)
    update = bool(_UPDATE.search((doc.title or "") + " " + (etype or ""))) or \
        bool(_UPDATE.match(_lead_text(doc)))
    if etype:
        etype = _UPDATE.sub("", etype).strip(" ,:") or etype
    return Event(etype, place, time, update)


def _lead_text(doc: Document) -> str:
    for p in doc.paragraphs:
        if p.kind != "heading":
            return p.text
    return ""


def _parse_time(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        try:
            moment = dt.datetime.combine(dt.date.fromisoformat(value[:10]), dt.time())
        except ValueError:
            return None
    return moment.replace(tzinfo=None)


def _title_time(m: re.Match[str], published: str | None) -> dt.datetime | None:
    month = month_number(m.group(2))
    if month is None or not published or not published[:4].isdigit():
        return None
    year = int(published[:4])
    if month == 12 and published[5:7] == "01":  # a late-December event first seen in January
        year -= 1
    try:
        return dt.datetime(year, month, int(m.group(1)), int(m.group(3)), int(m.group(4)))
    except ValueError:
        return None


def same_event(a: Event, b: Event) -> str | None:
    """Why two reports are one event (the later one an update), or None when they are not.

    Only reports of an incident are one event by type, place and time: two summaries of one night or
    holiday in one region ("Sammanfattning natt") are two sources for the same period's totals, so
    their totals disagreeing is a conflict, not a timeline, unless one says it updates the other.
    """
    if not (a.type and b.type and a.place and b.place):
        return None
    if a.type.casefold() != b.type.casefold() or a.place.casefold() != b.place.casefold():
        return None
    if is_summary(a) and not (a.update or b.update):
        return None
    if a.time and b.time and abs(a.time - b.time) <= UPDATE_WINDOW:
        return f"two reports of one event ({a.type}, {a.place}, {abs(a.time - b.time)} apart)"
    if (a.update or b.update) and a.time and b.time and abs(a.time - b.time) <= 3 * UPDATE_WINDOW:
        return f"an update of one event ({a.type}, {a.place})"
    return None


def period_of(figure: Figure, event: Event | None) -> tuple[str, str] | None:
    """A figure's period: its own, else its report's day (a summary's night: that day to the next)."""
    if figure.period_start and figure.period_end:
        return figure.period_start, figure.period_end
    if event is None or event.time is None:
        return None
    day = event.time.date()
    if is_summary(event):
        return day.isoformat(), (day + dt.timedelta(days=1)).isoformat()
    return day.isoformat(), day.isoformat()


# A report that sums up a period (a night, an evening) rather than one incident.
SUMMARY = re.compile(r"(?i)sammanfattning|summary")


def article_one(f: Figure, lang: str | None) -> bool:
    """A count of one written as an article ("en trafikolycka", "a fire")."""
    return f.value == 1 and f.surface.strip().lower() in context_words(lang or "sv", "article_number") | {"a", "an"}


def is_summary(event: Event) -> bool:
    """The report sums up a night, an evening or a holiday rather than reporting one incident."""
    return bool(event.type and SUMMARY.search(event.type))


def year_to_date(figure: Figure, published: str | None) -> tuple[str, str] | None:
    """A whole calendar year stated in a text published before that year ended: the year up to then.

    "Under 2021 har 18 skjutningar inträffat", published 2021-11-15, counts 2021-01-01..2021-11-15.
    """
    start, end = figure.period_start, figure.period_end
    if not (start and end and published and len(published) >= 10 and published[:4] == start[:4]):
        return None
    if start.endswith("-01-01") and end == f"{start[:4]}-12-31" and published[:10] < end:
        return start, published[:10]
    return None


# Nominal values of two approximate figures this far apart disagree though their ranges touch:
# "ett sextiotal" (48-84) over "ett fyrtiotal" (32-56) is a disagreement a reader sees.
APPROXIMATE_APART = 0.25


def disagree(a: Figure, b: Figure) -> bool:
    """Two statements of one count that cannot both be meant: they conflict, or two approximations far apart."""
    if conflicting(a, b):
        return True
    if (a.unit or "") != (b.unit or "") or a.value is None or b.value is None:
        return False
    if a.approximate and b.approximate:
        return abs(a.value - b.value) / max(abs(a.value), abs(b.value), 1.0) >= APPROXIMATE_APART
    return False


def night_end(figure: Figure, event: Event | None) -> dt.date | None:
    """The morning a two-day (night) figure's night ends: a morning report covers the night before."""
    if days(figure) != 2:
        return None
    assert figure.period_start is not None and figure.period_end is not None  # days() checked both
    start = dt.date.fromisoformat(figure.period_start)
    if event and event.time and event.time.hour >= 12:
        return start + dt.timedelta(days=1)  # an evening report: the night after its day
    return start  # "Sammanfattning natt" at 07:00: the night to that morning


def event_from(info: Mapping[str, Any]) -> Event | None:
    """The event of a stored document from its provenance row: the stored event, else its title (for claims)."""
    if not (info.get("title") or info.get("event_time")):
        return None
    stored = ReportEvent(time=info.get("event_time"), type=info.get("event_type"), place=info.get("event_place")) \
        if info.get("event_time") or info.get("event_type") else None
    return event_of(Document(source="", title=info.get("title"), published=info.get("published"), event=stored))


@functools.cache
def person_nouns() -> frozenset[str]:
    """Lemmas of nouns that name people (``person_nouns.tsv``): "personer", "män", "people" count one thing."""
    return frozenset(r["word"] for r in read_tsv("person_nouns.tsv") if r["role"] == "noun")


@functools.cache
def people_metrics() -> frozenset[str]:
    """The metrics that count people (``person_nouns.tsv``): arrests, custody, injured, killed …"""
    return frozenset(r["word"] for r in read_tsv("person_nouns.tsv") if r["role"] == "metric")


def claim_place(text: str) -> Where:
    """The place a claim names, Swedish or English ("Gothenburg", "Uppsala county", "Skåne"), by the gazetteer."""
    for mention in find_places(text):
        if mention.place.level != "country":
            p = mention.place
            return Where(p.name, p.code, p.level, p.county_code or None, p.municipality_code or None)
    return Where(None)
