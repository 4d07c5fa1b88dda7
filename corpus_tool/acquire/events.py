"""The Swedish Police's public events API format as a source of documents.

``https://polisen.se/api/events`` returns a JSON list of records::

    {"id": 512345, "datetime": "2024-1-12 9:05:00 +01:00",
     "name": "12 januari 09.05, Rån, Malmö", "summary": "...",
     "url": "/aktuellt/handelser/2024/januari/12/...", "type": "Rån",
     "location": {"name": "Malmö", "gps": "55.604981,13.003822"}}

Each record becomes one Document (text = name, blank line, summary).
Month and hour are not always zero-padded, so the timestamp is parsed by hand.

An archive of event pages (JSON Lines, one record a line, or a JSON list) holds the page's own
text instead: ``{"id": 409611, "title": "20 mars 16:30, Trafikolycka, Strömsund", "preamble":
"...", "body": "...", "first_seen": "2023-03-26T00:36:34+01:00", "url": ..., "datetime": ...}``;
its document's text is title, blank line, preamble, blank line, body, exactly as in the record
(the body's line breaks kept), and ``first_seen`` is kept for the event's year.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from pathlib import Path
from urllib.parse import urljoin

from ..document import Document
from ..errors import DecodeError, EmptyDocument, UnsupportedFormat
from .controls import remove_controls

SITE = "polisen"
BASE_URL = "https://polisen.se/"
_DATETIME = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?"
    r"\s*(Z|[+-]\d{1,2}:?\d{2})?\s*$")


def parse_event_datetime(value) -> str | None:
    """ISO 8601 timestamp from the API's ``datetime`` (``2024-1-12 9:05:00 +01:00``)."""
    if not isinstance(value, str):
        return None
    match = _DATETIME.match(value)
    if not match:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        date = _dt.date(int(year), int(month), int(day))
        if hour is None:
            return date.isoformat()
        moment = _dt.datetime(date.year, date.month, date.day, int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
    text = moment.isoformat()
    if zone:
        if zone == "Z":
            return text + "+00:00"
        sign, digits = zone[0], zone[1:].replace(":", "")
        return f"{text}{sign}{int(digits[:-2]):02d}:{digits[-2:]}"
    return text


def parse_events(data: bytes, source: str = "<events>") -> list:
    """The list of records in an events JSON file; raises InputError subclasses."""
    if not data or not data.strip():
        raise EmptyDocument(f"{source}: empty events file")
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"{source}: events JSON is not UTF-8 ({exc.reason})") from None
    try:
        payload = json.loads(decoded)
    except ValueError as exc:
        payload = _json_lines(decoded)
        if payload is None:
            raise UnsupportedFormat(f"{source}: not valid JSON ({exc})") from None
    if isinstance(payload, dict) and "id" in payload:  # one record: a JSON Lines file of one line
        payload = [payload]
    elif isinstance(payload, dict):  # tolerate a wrapper object {"events": [...]}
        payload = payload.get("events", payload.get("data"))
    if not isinstance(payload, list):
        raise UnsupportedFormat(f"{source}: expected a JSON list of police event records")
    return payload


def _json_lines(text: str) -> list | None:
    """The records of JSON Lines (one object a line); a line that is not one is kept as None (counted
    as skipped); None when no line is a JSON object (not JSON Lines at all)."""
    records: list = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except ValueError:
            records.append(None)
    return records if any(isinstance(r, dict) for r in records) else None


def _text(value) -> str:
    """A record's field as one line of text, without control characters (as any text read)."""
    return " ".join(remove_controls(str(value)).split()) if value not in (None, "") else ""


def _page_text(record: dict) -> str:
    """An archived page's text: title, preamble and body as written, a blank line between them."""
    parts = [remove_controls(record[key]) if isinstance(record.get(key), str) else ""
             for key in ("title", "preamble", "body")]
    return "\n\n".join(parts) if any(p.strip() for p in parts) else ""


def document_from_record(record: dict, source: str) -> Document | None:
    """One Document from one record, or None if the record has no id or no text."""
    if not isinstance(record, dict) or record.get("id") in (None, ""):
        return None
    if isinstance(record["id"], str):  # it names the document ("file#id"): no control characters either
        record = {**record, "id": remove_controls(record["id"])}
        if not record["id"]:
            return None
    archived = any(isinstance(record.get(key), str) and record[key].strip() for key in ("title", "preamble", "body"))
    if archived:
        name, text = _text(record.get("title")), _page_text(record)
    else:
        name, summary = _text(record.get("name")), _text(record.get("summary"))
        text = "\n\n".join(part for part in (name, summary) if part)
    if not text:
        return None
    raw = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
    timestamp = parse_event_datetime(record.get("datetime"))
    first_seen = record.get("first_seen") if isinstance(record.get("first_seen"), str) else None
    raw_location = record.get("location")
    location = raw_location if isinstance(raw_location, dict) else {}
    url = record.get("url")
    metadata = {
        "event_id": record["id"],
        "event_type": _text(record.get("type")) or None,
        "datetime": timestamp or record.get("datetime"),
        "location": _text(location.get("name")) or None,
        "gps": _text(location.get("gps")) or None,
    }
    published = timestamp[:10] if timestamp else None
    document_metadata: dict = {"raw_text": text, "title": name or None, "published": published,
                               "event": {k: v for k, v in metadata.items() if v is not None}}
    if archived:
        document_metadata["archive"] = {"first_seen": first_seen} if first_seen else {}
    return Document(
        source=f"{source}#{record['id']}",
        raw=raw,
        site=SITE,
        url=urljoin(BASE_URL, url) if isinstance(url, str) and url.strip() else None,
        title=name or None,
        published=published,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        media_type="text/plain",
        encoding="utf-8",
        # The cleaning stage takes title/published from metadata for plain text.
        metadata=document_metadata,
    )


def documents_from_events(data: bytes, source: str) -> list[Document]:
    """One Document per usable record of an events API response.

    Records without an id or without any text are skipped and counted in each
    document's ``metadata['event_file']``; a file with records but none usable
    is an error.
    """
    records = parse_events(data, source)
    documents, seen = [], set()
    for record in records:
        doc = document_from_record(record, source)
        if doc is None or doc.source in seen:  # the API repeats records across pages
            continue
        seen.add(doc.source)
        documents.append(doc)
    if records and not documents:
        raise UnsupportedFormat(f"{source}: {len(records)} records, none with an id and text"
                                " (expected police event records: id, datetime, name, summary, ...)")
    skipped = len(records) - len(documents)
    for doc in documents:
        doc.metadata["event_file"] = {"records": len(records), "skipped": skipped}
    return documents


def events_filename(fetched: str | None = None, query: str = "") -> str:
    """``events-<date>.json`` (fetch date, UTC), with a query slug when the API was filtered."""
    date = (fetched or _dt.datetime.now(_dt.UTC).isoformat())[:10]
    suffix = re.sub(r"[^a-z0-9]+", "-", query.lower()).strip("-")[:60]
    return f"events-{date}-{suffix}.json" if suffix else f"events-{date}.json"


def write_event_files(data: bytes, folder: str | Path, source: str = "<events>") -> list[Path]:
    """Split an events response into one raw JSON file per record (``event-<id>.json``).

    For users who prefer one evidence file per event; each file is itself a
    one-record list, so ``documents_from_events`` reads it the same way.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for record in parse_events(data, source):
        if not isinstance(record, dict) or not re.fullmatch(r"[\w-]{1,40}", str(record.get("id", ""))):
            continue
        path = folder / f"event-{record['id']}.json"
        path.write_bytes(json.dumps([record], ensure_ascii=False, indent=1).encode("utf-8"))
        written.append(path)
    return written
