"""Writing the database: each document in one transaction, each corpus table replaced in one.

The only module that writes.  ``write_document`` sets the database ids on the document it
writes; the ``replace_*`` functions rebuild a corpus-level table from what a corpus stage
computed.
"""
from __future__ import annotations

import datetime as _dt
import json
import sqlite3
from collections.abc import Iterable

from ..document import Alignment, Document, Finding, Pair
from ..people import PeopleLinks


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def _inserted_id(cur: sqlite3.Cursor) -> int:
    """The rowid of the row an INSERT through ``cur`` just added."""
    assert cur.lastrowid is not None  # None only before a cursor's first INSERT
    return cur.lastrowid


def _next_id(conn: sqlite3.Connection, table: str) -> int:
    """The id SQLite gives the next row of ``table`` (one past the largest; a look-up of the last key)."""
    return (conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0) + 1


def write_document(conn: sqlite3.Connection, doc: Document, cleaned_path: str | None = None) -> int:
    """Write (or replace) one document and everything extracted from it, atomically."""
    with conn:  # one transaction: all or nothing
        # The other names of the document it replaces stay its names (``keep_under_other_name`` has moved
        # away a document whose other names hold other content); a name of another document it was, it no
        # longer is.
        names = conn.execute("SELECT n.source, n.url, n.first_seen FROM document_names n JOIN documents d"
                             " ON d.id = n.document_id WHERE d.source = ? AND n.source != ?",
                             (doc.source, doc.source)).fetchall()
        conn.execute("DELETE FROM documents WHERE source = ?", (doc.source,))
        conn.execute("DELETE FROM document_names WHERE source = ?", (doc.source,))
        # stored now: an error an earlier run recorded for it (or for its file) no longer holds
        conn.execute("DELETE FROM ingest_errors WHERE source IN (?, ?)", (doc.source, doc.source.split("#")[0]))
        event = doc.event
        cur = conn.execute(
            "INSERT INTO documents (source, site, url, title, lang, published, text, sha256,"
            " media_type, encoding, cleaned_path, metadata, ingested,"
            " event_time, event_type, place, place_code, place_level)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.source, doc.site, doc.url, doc.title, doc.lang, doc.published, doc.text,
             doc.sha256, doc.media_type, doc.encoding, cleaned_path,
             json.dumps(doc.metadata, ensure_ascii=False, default=str), _now(),
             event.time if event else None, event.type if event else None, event.place if event else None,
             event.place_code if event else None, event.place_level if event else None),
        )
        doc_id = _inserted_id(cur)
        # the full-text indexes' entries of a row are written with it (schema.FTS: not by a trigger)
        conn.execute("INSERT INTO documents_fts (rowid, title, text) VALUES (?,?,?)", (doc_id, doc.title, doc.text))
        now = _now()
        conn.executemany("INSERT INTO document_names (document_id, source, url, first_seen) VALUES (?,?,?,?)",
                         [(doc_id, doc.source, doc.url, now), *((doc_id, *tuple(n)) for n in names)])
        # The rows of each table in one statement, with the ids SQLite would give them one by one (the
        # next after the largest: no table has AUTOINCREMENT, and this writer holds the database).
        paragraph_ids: list[int] = []
        first = _next_id(conn, "paragraphs")
        for k, p in enumerate(doc.paragraphs):
            p.id = first + k
            paragraph_ids.append(p.id)
        conn.executemany(
            'INSERT INTO paragraphs (id, document_id, position, kind, text, lang, start, "end")'
            " VALUES (?,?,?,?,?,?,?,?)",
            [(p.id, doc_id, p.position, p.kind, p.text, p.lang, p.start, p.end) for p in doc.paragraphs])
        # Looked up by the sentence_position of figures and mentions, which may be None.
        sentence_id: dict[int | None, int] = {}
        first = _next_id(conn, "sentences")
        for k, s in enumerate(doc.sentences):
            s.id = first + k
            sentence_id[s.position] = s.id
        conn.executemany(
            'INSERT INTO sentences (id, document_id, paragraph_id, position, text, lang, start, "end")'
            " VALUES (?,?,?,?,?,?,?,?)",
            [(s.id, doc_id, paragraph_ids[s.paragraph_position], s.position, s.text, s.lang, s.start, s.end)
             for s in doc.sentences])
        conn.executemany("INSERT INTO sentences_fts (rowid, text) VALUES (?,?)",
                         [(s.id, s.text) for s in doc.sentences])
        first = _next_id(conn, "figures")
        for k, f in enumerate(doc.figures):
            f.id, f.document_id, f.sentence_id = first + k, doc_id, sentence_id.get(f.sentence_position)
        conn.executemany(
            "INSERT INTO figures (id, document_id, sentence_id, metric, value, low, high,"
            " approximate, qualifier, unit, noun, place, period_start, period_end,"
            ' period_text, surface, start, "end", in_heading, origin, place_code, place_level, scope)'
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [(f.id, doc_id, f.sentence_id, f.metric, f.value, f.low, f.high, int(f.approximate),
              f.qualifier, f.unit, f.noun, f.place, f.period_start, f.period_end,
              f.period_text, f.surface, f.start, f.end, int(f.in_heading), f.origin,
              f.place_code, f.place_level, f.scope) for f in doc.figures])
        first = _next_id(conn, "mentions")
        for k, m in enumerate(doc.mentions):
            m.id, m.document_id, m.sentence_id = first + k, doc_id, sentence_id.get(m.sentence_position)
        conn.executemany(
            "INSERT INTO mentions (id, document_id, sentence_id, name_as_written, title, title_en,"
            ' organization, place, quote, start, "end", source) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
            [(m.id, doc_id, m.sentence_id, m.name_as_written, m.title, m.title_en, m.organization,
              m.place, m.quote, m.start, m.end, m.source) for m in doc.mentions])
        conn.executemany(
            "INSERT INTO steps (document_id, stage, seconds, outcome, reason) VALUES (?,?,?,?,?)",
            [(doc_id, s.stage, round(s.seconds, 6), s.outcome, s.reason) for s in doc.steps],
        )
        doc.id = doc_id
    return doc_id


def keep_under_other_name(conn: sqlite3.Connection, source: str, sha256: str) -> str | None:
    """Before ``source`` is given content ``sha256``: when the document stored under it holds other
    content and has other names (files with its old bytes), it stays stored, under the first of them
    (returned); else None, and the document under ``source`` is left to be replaced."""
    with conn:
        row = conn.execute("SELECT id, sha256 FROM documents WHERE source = ?", (source,)).fetchone()
        if row is None or row[1] == sha256:
            return None
        other = conn.execute("SELECT source, url FROM document_names WHERE document_id = ? AND source != ?"
                             " ORDER BY id LIMIT 1", (row[0], source)).fetchone()
        if other is None:
            return None
        conn.execute("DELETE FROM document_names WHERE source = ?", (source,))
        conn.execute("UPDATE documents SET source = ?, url = ? WHERE id = ?", (other[0], other[1], row[0]))
        return other[0]


def add_name(conn: sqlite3.Connection, document_id: int, source: str, url: str | None = None) -> None:
    """Record ``source`` as one more name of the stored document ``document_id`` (the same bytes), in
    place of whatever was stored under it before."""
    with conn:
        conn.execute("DELETE FROM documents WHERE source = ?", (source,))
        conn.execute("DELETE FROM ingest_errors WHERE source IN (?, ?)", (source, source.split("#")[0]))
        conn.execute("INSERT INTO document_names (document_id, source, url, first_seen) VALUES (?,?,?,?)"
                     " ON CONFLICT (source) DO UPDATE SET document_id = excluded.document_id, url = excluded.url",
                     (document_id, source, url, _now()))


def set_cleaned_path(conn: sqlite3.Connection, source: str, cleaned_path: str) -> None:
    with conn:
        conn.execute("UPDATE documents SET cleaned_path = ? WHERE source = ?", (cleaned_path, source))


def record_error(conn: sqlite3.Connection, source: str, stage: str, error: str, message: str) -> None:
    """Record why ``source`` failed; a re-run that fails again updates its row instead of adding one."""
    with conn:
        conn.execute(
            "INSERT INTO ingest_errors (source, stage, error, message, occurred) VALUES (?,?,?,?,?)"
            " ON CONFLICT (source) DO UPDATE SET stage = excluded.stage, error = excluded.error,"
            " message = excluded.message, occurred = excluded.occurred",
            (source, stage, error, message, _now()),
        )


def replace_people(conn: sqlite3.Connection, links: PeopleLinks) -> None:
    """Rebuild ``people``/``person_aliases`` and point mentions at them, in one transaction."""
    with conn:
        conn.execute("UPDATE mentions SET person_id = NULL")
        conn.execute("DELETE FROM person_aliases")
        conn.execute("DELETE FROM people")
        conn.executemany("INSERT INTO people (id, name) VALUES (?, ?)", [(p.id, p.name) for p in links.people])
        conn.executemany("INSERT INTO person_aliases (person_id, name, reason) VALUES (?,?,?)",
                         [(a.person_id, a.name, a.reason) for a in links.aliases])
        conn.executemany("UPDATE mentions SET person_id = ? WHERE id = ?",
                         [(a.person_id, a.mention_id) for a in links.assignments])


def rename_source(conn: sqlite3.Connection, old: str, new: str) -> None:
    """Give the document stored as ``old`` the source ``new`` (a row already at ``new`` wins)."""
    with conn:
        if conn.execute("SELECT 1 FROM documents WHERE source = ?", (new,)).fetchone():
            conn.execute("DELETE FROM documents WHERE source = ?", (old,))
        else:
            conn.execute("UPDATE documents SET source = ? WHERE source = ?", (new, old))
        conn.execute("DELETE FROM document_names WHERE source = ? AND EXISTS"
                     " (SELECT 1 FROM document_names WHERE source = ?)", (old, new))
        conn.execute("UPDATE document_names SET source = ? WHERE source = ?", (new, old))
        conn.execute("UPDATE OR IGNORE explicit_pairs SET source = ? WHERE source = ?", (new, old))
        conn.execute("UPDATE OR IGNORE explicit_pairs SET target = ? WHERE target = ?", (new, old))


def add_explicit_pair(conn: sqlite3.Connection, source: str, target: str) -> None:
    with conn:
        conn.execute("INSERT OR IGNORE INTO explicit_pairs (source, target) VALUES (?, ?)", (source, target))


def set_figure_periods(conn: sqlite3.Connection, periods: list[tuple[int, str, str]]) -> None:
    """Give figures the period their words mean (figure id, start, end): a translation's, dated by its source."""
    with conn:
        conn.executemany("UPDATE figures SET period_start = ?, period_end = ? WHERE id = ?",
                         [(start, end, figure_id) for figure_id, start, end in periods])


def replace_pairs(conn: sqlite3.Connection, pairs_with_links: list[tuple[Pair, list[Alignment]]]) -> None:
    """Replace translation pairs and their alignments; sets ``Pair.id`` and ``Alignment.pair_id``."""
    with conn:
        conn.execute("DELETE FROM discrepancies")
        conn.execute("DELETE FROM alignments")
        conn.execute("DELETE FROM translation_pairs")
        for pair, alignments in pairs_with_links:
            cur = conn.execute(
                "INSERT INTO translation_pairs (source_document_id, target_document_id, score, method)"
                " VALUES (?,?,?,?)",
                (pair.source_document_id, pair.target_document_id, pair.score, pair.method))
            pair.id = pair_id = _inserted_id(cur)
            for a in alignments:
                a.pair_id = pair_id
                conn.execute(
                    "INSERT INTO alignments (pair_id, position, source_sentence_ids,"
                    " target_sentence_ids, score) VALUES (?,?,?,?,?)",
                    (pair_id, a.position, json.dumps(a.source_sentence_ids),
                     json.dumps(a.target_sentence_ids), a.score))


def replace_findings(conn: sqlite3.Connection, findings: Iterable[Finding]) -> None:
    with conn:
        conn.execute("DELETE FROM discrepancies")
        conn.executemany(
            "INSERT INTO discrepancies (kind, severity, document_id, sentence_id, other_document_id,"
            " other_sentence_id, value, other_value, message, pair_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(f.kind, f.severity, f.document_id, f.sentence_id, f.other_document_id,
              f.other_sentence_id, f.value, f.other_value, f.message, f.pair_id) for f in findings])


def mark_corpus_incomplete(conn: sqlite3.Connection) -> None:
    """The corpus stages are starting: until ``mark_corpus_complete``, their tables are not to be trusted."""
    with conn:
        conn.execute("DELETE FROM corpus_state")


def mark_corpus_complete(conn: sqlite3.Connection, fingerprint: str) -> None:
    with conn:
        conn.execute("INSERT OR REPLACE INTO corpus_state (id, fingerprint, completed) VALUES (1, ?, ?)",
                     (fingerprint, _now()))
