"""SQLite storage: the only module that writes the database.

Each document is written in one transaction (``write_document``); corpus-level
results (people, pairs, alignments, discrepancies) are replaced in one
transaction each (``replace_corpus_tables``).  Readers get ``Document``
objects back with database ids set (``load_document``).
"""
from __future__ import annotations

import datetime as _dt
import json
import sqlite3
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..document import Alignment, Document, Figure, Finding, Mention, Pair, Paragraph, Sentence
from .schema import FTS, SCHEMA_VERSION, TABLES
from .views import create_views


def connect(path: str | Path = ":memory:", *, readonly: bool = False) -> sqlite3.Connection:
    """Open (and create if needed) a corpus database."""
    if readonly:
        uri = f"file:{Path(path).resolve()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    else:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL") if str(path) != ":memory:" else None
        ensure_schema(conn)
    return conn


def ensure_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(TABLES + FTS)
    create_views(conn)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.commit()


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def known_hash(conn: sqlite3.Connection, source: str) -> Optional[str]:
    row = conn.execute("SELECT sha256 FROM documents WHERE source = ?", (source,)).fetchone()
    return row["sha256"] if row else None


def write_document(conn: sqlite3.Connection, doc: Document, cleaned_path: Optional[str] = None) -> int:
    """Write (or replace) one document and everything extracted from it, atomically."""
    with conn:  # one transaction: all or nothing
        conn.execute("DELETE FROM documents WHERE source = ?", (doc.source,))
        cur = conn.execute(
            "INSERT INTO documents (source, site, url, title, lang, published, text, sha256,"
            " media_type, encoding, cleaned_path, metadata, ingested)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (doc.source, doc.site, doc.url, doc.title, doc.lang, doc.published, doc.text,
             doc.sha256, doc.media_type, doc.encoding, cleaned_path,
             json.dumps(doc.metadata, ensure_ascii=False, default=str), _now()),
        )
        doc_id = cur.lastrowid
        paragraph_ids = []
        for p in doc.paragraphs:
            cur = conn.execute(
                'INSERT INTO paragraphs (document_id, position, kind, text, lang, start, "end")'
                " VALUES (?,?,?,?,?,?,?)",
                (doc_id, p.position, p.kind, p.text, p.lang, p.start, p.end),
            )
            p.id = cur.lastrowid
            paragraph_ids.append(p.id)
        for s in doc.sentences:
            cur = conn.execute(
                'INSERT INTO sentences (document_id, paragraph_id, position, text, lang, start, "end")'
                " VALUES (?,?,?,?,?,?,?)",
                (doc_id, paragraph_ids[s.paragraph_position], s.position, s.text, s.lang,
                 s.start, s.end),
            )
            s.id = cur.lastrowid
        sentence_id = {s.position: s.id for s in doc.sentences}
        for f in doc.figures:
            f.document_id, f.sentence_id = doc_id, sentence_id.get(f.sentence_position)
            cur = conn.execute(
                "INSERT INTO figures (document_id, sentence_id, metric, value, low, high,"
                " approximate, qualifier, unit, noun, place, period_start, period_end,"
                ' period_text, surface, start, "end", in_heading, origin)'
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc_id, f.sentence_id, f.metric, f.value, f.low, f.high, int(f.approximate),
                 f.qualifier, f.unit, f.noun, f.place, f.period_start, f.period_end,
                 f.period_text, f.surface, f.start, f.end, int(f.in_heading), f.origin),
            )
            f.id = cur.lastrowid
        for m in doc.mentions:
            m.document_id, m.sentence_id = doc_id, sentence_id.get(m.sentence_position)
            cur = conn.execute(
                "INSERT INTO mentions (document_id, sentence_id, name_as_written, title, title_en,"
                ' organization, place, quote, start, "end", source) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
                (doc_id, m.sentence_id, m.name_as_written, m.title, m.title_en, m.organization,
                 m.place, m.quote, m.start, m.end, m.source),
            )
            m.id = cur.lastrowid
        conn.executemany(
            "INSERT INTO steps (document_id, stage, seconds, outcome, reason) VALUES (?,?,?,?,?)",
            [(doc_id, s.stage, round(s.seconds, 6), s.outcome, s.reason) for s in doc.steps],
        )
        doc.id = doc_id
    return doc_id


def record_error(conn: sqlite3.Connection, source: str, stage: str, error: str, message: str) -> None:
    with conn:
        conn.execute(
            "INSERT INTO ingest_errors (source, stage, error, message, occurred) VALUES (?,?,?,?,?)",
            (source, stage, error, message, _now()),
        )


def document_ids(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]


def load_document(conn: sqlite3.Connection, document_id: int) -> Document:
    """A stored document with its paragraphs, sentences, figures and mentions."""
    row = conn.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
    if row is None:
        raise KeyError(f"no document with id {document_id}")
    doc = Document(
        source=row["source"], site=row["site"], url=row["url"], title=row["title"],
        lang=row["lang"], published=row["published"], text=row["text"], sha256=row["sha256"],
        media_type=row["media_type"] or "text/plain", encoding=row["encoding"],
        metadata=json.loads(row["metadata"] or "{}"), id=row["id"],
    )
    pos_of_paragraph = {}
    for r in conn.execute("SELECT * FROM paragraphs WHERE document_id = ? ORDER BY position", (document_id,)):
        pos_of_paragraph[r["id"]] = r["position"]
        doc.paragraphs.append(Paragraph(r["position"], r["kind"], r["text"], r["start"], r["end"], r["lang"], r["id"]))
    pos_of_sentence = {}
    for r in conn.execute("SELECT * FROM sentences WHERE document_id = ? ORDER BY position", (document_id,)):
        pos_of_sentence[r["id"]] = r["position"]
        doc.sentences.append(Sentence(r["position"], r["text"], r["start"], r["end"], r["lang"],
                                      pos_of_paragraph[r["paragraph_id"]], r["id"]))
    for r in conn.execute("SELECT * FROM figures WHERE document_id = ? ORDER BY start, id", (document_id,)):
        figure = _figure(r)
        figure.sentence_position = pos_of_sentence.get(r["sentence_id"])
        doc.figures.append(figure)
    for r in conn.execute("SELECT * FROM mentions WHERE document_id = ? ORDER BY start, id", (document_id,)):
        doc.mentions.append(Mention(
            name_as_written=r["name_as_written"], start=r["start"], end=r["end"], title=r["title"],
            title_en=r["title_en"], organization=r["organization"], place=r["place"], quote=r["quote"],
            sentence_position=pos_of_sentence.get(r["sentence_id"]), source=r["source"] or "rules",
            id=r["id"], person_id=r["person_id"], document_id=document_id, sentence_id=r["sentence_id"]))
    return doc


def _figure(r: sqlite3.Row) -> Figure:
    return Figure(
        surface=r["surface"], start=r["start"], end=r["end"], value=r["value"], low=r["low"],
        high=r["high"], approximate=bool(r["approximate"]), qualifier=r["qualifier"], unit=r["unit"],
        metric=r["metric"], noun=r["noun"], place=r["place"], period_start=r["period_start"],
        period_end=r["period_end"], period_text=r["period_text"], in_heading=bool(r["in_heading"]),
        origin=r["origin"], id=r["id"], document_id=r["document_id"], sentence_id=r["sentence_id"])


def iter_documents(conn: sqlite3.Connection) -> Iterator[Document]:
    for document_id in document_ids(conn):
        yield load_document(conn, document_id)


def replace_people(conn: sqlite3.Connection, people: Iterable[tuple], aliases: Iterable[tuple],
                   assignments: Iterable[tuple]) -> None:
    """Rebuild ``people``/``person_aliases`` and point mentions at them, in one transaction.

    people: (id, name); aliases: (person_id, name, reason); assignments: (mention_id, person_id).
    """
    with conn:
        conn.execute("UPDATE mentions SET person_id = NULL")
        conn.execute("DELETE FROM person_aliases")
        conn.execute("DELETE FROM people")
        conn.executemany("INSERT INTO people (id, name) VALUES (?, ?)", list(people))
        conn.executemany("INSERT INTO person_aliases (person_id, name, reason) VALUES (?,?,?)", list(aliases))
        conn.executemany("UPDATE mentions SET person_id = ? WHERE id = ?",
                         [(pid, mid) for mid, pid in assignments])


def add_explicit_pair(conn: sqlite3.Connection, source: str, target: str) -> None:
    with conn:
        conn.execute("INSERT OR IGNORE INTO explicit_pairs (source, target) VALUES (?, ?)", (source, target))


def explicit_pairs(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    rows = conn.execute(
        "SELECT s.id, t.id FROM explicit_pairs e JOIN documents s ON s.source = e.source"
        " JOIN documents t ON t.source = e.target")
    return [(r[0], r[1]) for r in rows]


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
            pair.id = cur.lastrowid
            for a in alignments:
                a.pair_id = pair.id
                conn.execute(
                    "INSERT INTO alignments (pair_id, position, source_sentence_ids,"
                    " target_sentence_ids, score) VALUES (?,?,?,?,?)",
                    (pair.id, a.position, json.dumps(a.source_sentence_ids),
                     json.dumps(a.target_sentence_ids), a.score))


def load_pairs(conn: sqlite3.Connection) -> list[Pair]:
    return [Pair(r["source_document_id"], r["target_document_id"], r["score"], r["method"], r["id"])
            for r in conn.execute("SELECT * FROM translation_pairs ORDER BY id")]


def load_alignments(conn: sqlite3.Connection, pair_id: int) -> list[Alignment]:
    return [Alignment(r["pair_id"], r["position"], json.loads(r["source_sentence_ids"]),
                      json.loads(r["target_sentence_ids"]), r["score"])
            for r in conn.execute("SELECT * FROM alignments WHERE pair_id = ? ORDER BY position", (pair_id,))]


def replace_findings(conn: sqlite3.Connection, findings: Iterable[Finding]) -> None:
    with conn:
        conn.execute("DELETE FROM discrepancies")
        conn.executemany(
            "INSERT INTO discrepancies (kind, severity, document_id, sentence_id, other_document_id,"
            " other_sentence_id, value, other_value, message, pair_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(f.kind, f.severity, f.document_id, f.sentence_id, f.other_document_id,
              f.other_sentence_id, f.value, f.other_value, f.message, f.pair_id) for f in findings])


def figures_for(conn: sqlite3.Connection, metric: str, unit: Optional[str], period_start: Optional[str],
                period_end: Optional[str]) -> list[tuple[Figure, dict]]:
    """Stored figures of a metric (and period, when given), each with its provenance."""
    sql = ("SELECT f.*, d.source, d.title, d.published, d.url, s.text AS sentence FROM figures f"
           " JOIN documents d ON d.id = f.document_id LEFT JOIN sentences s ON s.id = f.sentence_id"
           " WHERE f.metric = ? AND coalesce(f.unit, '') = coalesce(?, '')")
    params: list = [metric, unit]
    if period_start:
        sql += " AND f.period_start = ? AND f.period_end = ?"
        params += [period_start, period_end]
    out = []
    for r in conn.execute(sql + " ORDER BY d.id, f.start", params):
        out.append((_figure(r), {"source": r["source"], "title": r["title"], "published": r["published"],
                             "url": r["url"], "sentence": r["sentence"]}))
    return out


def document_places(conn: sqlite3.Connection) -> dict[int, str]:
    """Each document's most frequent figure place: the place a figure without one most likely means."""
    rows = conn.execute(
        "SELECT document_id, place, count(*) AS n FROM figures WHERE place IS NOT NULL"
        " GROUP BY document_id, place ORDER BY document_id, n DESC")
    out: dict[int, str] = {}
    for r in rows:
        out.setdefault(r["document_id"], r["place"])
    return out


def load_discrepancies(conn: sqlite3.Connection, kind: Optional[str] = None,
                       document_id: Optional[int] = None, pair_id: Optional[int] = None) -> list[dict]:
    """Discrepancies with the documents and sentence texts they point at, most severe first."""
    sql = ("SELECT x.*, d.source AS document, s.text AS sentence, od.source AS other_document,"
           " os.text AS other_sentence FROM discrepancies x JOIN documents d ON d.id = x.document_id"
           " LEFT JOIN sentences s ON s.id = x.sentence_id LEFT JOIN documents od ON od.id = x.other_document_id"
           " LEFT JOIN sentences os ON os.id = x.other_sentence_id WHERE 1")
    params: list = []
    for column, value in (("x.kind", kind), ("x.document_id", document_id), ("x.pair_id", pair_id)):
        if value is not None:
            sql += f" AND {column} = ?"
            params.append(value)
    return [dict(r) for r in conn.execute(sql + " ORDER BY x.severity DESC, x.id", params)]
