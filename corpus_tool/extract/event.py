"""The event stage: a police event report's date and time, type and place.

A polisen.se report says what happened, when and where in its title ("20 mars 16:30,
Trafikolycka, Strömsund"); the year comes from the URL path (".../handelser/2023/mars/20/...")
or the events API's ``datetime``, else from the publication date or the archive's ``first_seen``
(the year before when that date would lie after it: a December event first seen in January).
The place is the title's last part looked up in the gazetteer, else the API's ``location``.  A
document that is not an event report gets no event (None).
"""
from __future__ import annotations

import datetime as _dt
import functools
import re

from ..document import Document, Event
from ..resources import read_tsv
from .gazetteer import lookup_place
from .months import month_alternation, month_number


@functools.lru_cache(maxsize=1)
def _title_re() -> re.Pattern:
    """ "20 mars 16:30, Trafikolycka, personskada, Strömsund": day, month, clock, type, place."""
    return re.compile(rf"^\s*(\d{{1,2}})\s+({month_alternation()})\s+(\d{{1,2}})[:.](\d{{2}})\s*,\s*(.+?)\s*,"
                      rf"\s*([^,]+?)\s*$", re.I)


@functools.lru_cache(maxsize=1)
def _url_re() -> re.Pattern:
    return re.compile(rf"/handelser/(\d{{4}})/({month_alternation(in_text=False)})/(\d{{1,2}})/", re.I)


@functools.cache
def _words(role: str) -> frozenset[str]:
    return frozenset(r["word"] for r in read_tsv("event_words.tsv") if r["role"] == role)


def _date(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def _iso_date(value: object) -> _dt.date | None:
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value) if isinstance(value, str) else None
    return _date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def _year_for(month: int, day: int, known: _dt.date | None, reference: _dt.date | None) -> int | None:
    """The year of "day month": that of a known date of the event, else of the reference date, or the
    year before when the day would lie after it."""
    if known is not None:
        return known.year
    if reference is None:
        return None
    candidate = _date(reference.year, month, day)
    if candidate is not None and candidate > reference + _dt.timedelta(days=1):
        return reference.year - 1
    return reference.year


def event_of(title: str | None, *, url: str | None = None, published: str | None = None,
             api: dict | None = None, first_seen: str | None = None) -> Event | None:
    """The event a report's title, URL and metadata give, else None (not an event report)."""
    api = api or {}
    m = _title_re().match(title or "")
    url_m = _url_re().search(url or "")
    url_date = _date(int(url_m.group(1)), month_number(url_m.group(2), in_text=False) or 0,
                     int(url_m.group(3))) if url_m else None
    api_date = _iso_date(api.get("datetime"))
    if m is None and api_date is None and not api.get("event_type"):
        return None
    kind = m.group(5) if m else (api.get("event_type") or None)
    place_name = m.group(6) if m else api.get("location")
    time = None
    if m:
        month, day_of_month = month_number(m.group(2)) or 0, int(m.group(1))
        reference = _iso_date(published) or _iso_date(first_seen)
        year = _year_for(month, day_of_month, url_date or api_date, reference)
        date = _date(year, month, day_of_month) if year else None
        hour, minute = int(m.group(3)), int(m.group(4))
        if date is not None:
            time = f"{date.isoformat()}T{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else date.isoformat()
    elif isinstance(api.get("datetime"), str):
        time = api["datetime"][:16] if "T" in api["datetime"] else api["datetime"][:10]
    day = _iso_date(time)
    type_words = set(re.findall(r"\w+", (kind or "").lower()))
    end = day + _dt.timedelta(days=1) if day and type_words & _words("night") else day
    place = lookup_place(place_name) if place_name else None
    return Event(time=time, type=kind, place=place.name if place else (place_name or None),
                 place_code=place.code if place else None, place_level=place.level if place else None,
                 period_start=day.isoformat() if day else None, period_end=end.isoformat() if end else None,
                 summary=bool(type_words & _words("summary")))


def event_of_document(doc: Document) -> Event | None:
    """The event of a document: its title (or its first heading, when the page's title carries the
    site's name: "20 mars 16:30, Trafikolycka, Strömsund | Polismyndigheten"), URL, publication date
    and the record it was read from."""
    metadata = doc.metadata or {}
    api = metadata["event"] if isinstance(metadata.get("event"), dict) else {}
    archive = metadata["archive"] if isinstance(metadata.get("archive"), dict) else {}
    titles = [t for t in (doc.title, metadata.get("title")) if isinstance(t, str) and t.strip()]
    titles += [text for kind, text in doc.blocks[:3] if kind == "heading"]
    found = None
    for title in titles:
        event = event_of(title, url=doc.url, published=doc.published, api=api, first_seen=archive.get("first_seen"))
        if event is not None and event.place_code:
            return event
        found = found or event
    return found or event_of(None, url=doc.url, published=doc.published, api=api,
                             first_seen=archive.get("first_seen"))
