"""Real police event reports (polisen-events in the development data) as a small corpus to run.

A fixed subset is chosen (the reports named, plus the reports of the same place within a few
days and of the same day: the distractors a claim or a conflict must not be fooled by), written
as Markdown files with front matter (title, first-seen date) into a temporary folder, and run
through the pipeline into a database.  The texts are read in place and never kept.

    from reports import load_reports, report_corpus
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path

from devdata import devdata

from corpus_tool.extract.event import event_of
from corpus_tool.pipeline import run


def load_reports() -> dict[int, dict]:
    """Every development report by id (events.jsonl of polisen-events)."""
    path = devdata("polisen-events", "events.jsonl")
    with path.open(encoding="utf-8") as fh:
        return {r["id"]: r for r in map(json.loads, fh)}


def event_day(record: dict) -> dt.date | None:
    """The day of a report's event, as the pipeline's event stage reads it (title and first-seen date)."""
    event = event_of(record.get("title"), first_seen=record.get("first_seen"))
    return dt.date.fromisoformat(event.time[:10]) if event and event.time else None


def event_place(record: dict) -> str | None:
    """The place of a report's event (the title's, by the gazetteer's name where it knows it)."""
    event = event_of(record.get("title"), first_seen=record.get("first_seen"))
    return event.place if event else None


def with_distractors(reports: dict[int, dict], ids: Iterable[int], days: int = 2, same_day: int = 4) -> list[int]:
    """``ids`` plus the reports of the same place within ``days`` days and ``same_day`` others of the same day."""
    chosen = set(ids)
    keys = [(event_place(reports[i]), event_day(reports[i])) for i in chosen if i in reports]
    by_day: dict[dt.date, list[int]] = {}
    for rid in sorted(reports):
        day = event_day(reports[rid])
        if day is not None:
            by_day.setdefault(day, []).append(rid)
    for place, day in keys:
        if day is None:
            continue
        for offset in range(-days, days + 1):
            for rid in by_day.get(day + dt.timedelta(days=offset), []):
                if event_place(reports[rid]) == place:
                    chosen.add(rid)
        chosen.update(by_day.get(day, [])[:same_day])
    return sorted(chosen)


def markdown(record: dict) -> str:
    """A report as Markdown: front matter (title, date), the title as heading, preamble and body lines."""
    lines = [line for line in (record.get("body") or "").split("\n") if line.strip()]
    title = (record.get("title") or "").replace('"', "'")
    parts = [f"---\ntitle: \"{title}\"\ndate: {(record.get('first_seen') or '')[:10]}\n---\n",
             f"# {record.get('title') or ''}\n"]
    if (record.get("preamble") or "").strip():
        parts.append(record["preamble"].strip() + "\n")
    parts += [line.strip() + "\n" for line in lines]
    return "\n".join(parts)


def report_corpus(reports: dict[int, dict], ids: Iterable[int], folder: Path, db: Path) -> dict[str, int]:
    """Write the reports ``ids`` into ``folder`` and run them into ``db``; file name → report id."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    for rid in ids:
        name = f"report_{rid}.md"
        (folder / name).write_text(markdown(reports[rid]), encoding="utf-8")
        names[name] = rid
    run([folder], db, jobs=1)
    return names


def release_corpus(folder: Path) -> dict[str, str]:
    """The 1,500 government press releases (regeringen-press) as Markdown files in ``folder``, dated by
    their path's year and month; file name → release path."""
    folder.mkdir(parents=True, exist_ok=True)
    names = {}
    with devdata("regeringen-press", "releases.jsonl").open(encoding="utf-8") as fh:
        for i, record in enumerate(map(json.loads, fh)):
            m = re.search(r"/(\d{4})/(\d{2})/", record.get("path") or "")
            date = f"{m.group(1)}-{m.group(2)}" if m else ""
            name = f"release_{i:04d}.md"
            (folder / name).write_text(f"---\ndate: {date}\n---\n\n{record.get('markdown') or ''}", encoding="utf-8")
            names[name] = record.get("path") or ""
    return names
