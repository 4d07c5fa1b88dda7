"""Reading the database back: documents with their ids, pairs, alignments, figures, findings."""
from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping

from ..document import Alignment, Document, Event, Figure, Mention, Pair, Paragraph, Sentence


def known_hash(conn: sqlite3.Connection, source: str) -> str | None:
    row = conn.execute("SELECT sha256 FROM documents WHERE source = ?", (source,)).fetchone()
    return row["sha256"] if row else None


def document_with_content(conn: sqlite3.Connection, sha256: str) -> tuple[int, str] | None:
    """(id, source) of the first document stored with these bytes, or None."""
    row = conn.execute("SELECT id, source FROM documents WHERE sha256 = ? ORDER BY id LIMIT 1", (sha256,)).fetchone()
    return (row[0], row[1]) if row else None


def known_names(conn: sqlite3.Connection) -> dict[str, str]:
    """Every name stored or recorded (``document_names``, and each document's own source) -> its hash."""
    known = {r[0]: r[1] for r in conn.execute(
        "SELECT n.source, d.sha256 FROM document_names n JOIN documents d ON d.id = n.document_id")}
    known.update((r[0], r[1]) for r in conn.execute("SELECT source, sha256 FROM documents"))
    return known


def document_ids(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY id")]


# The parts of a stored document besides its row; a corpus stage loads only those it reads.
PARTS = frozenset({"paragraphs", "sentences", "figures", "mentions"})


def load_document(conn: sqlite3.Connection, document_id: int, parts: Iterable[str] = PARTS) -> Document:
    """A stored document with its paragraphs, sentences, figures and mentions (or only the ``parts`` named)."""
    parts = frozenset(parts)
    row = conn.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
    if row is None:
        raise KeyError(f"no document with id {document_id}")
    doc = Document(
        source=row["source"], site=row["site"], url=row["url"], title=row["title"],
        lang=row["lang"], published=row["published"], text=row["text"], sha256=row["sha256"],
        media_type=row["media_type"] or "text/plain", encoding=row["encoding"],
        metadata=json.loads(row["metadata"] or "{}"), id=row["id"],
    )
    if row["event_time"] or row["event_type"] or row["place"]:
        doc.event = Event(time=row["event_time"], type=row["event_type"], place=row["place"],
                          place_code=row["place_code"], place_level=row["place_level"])
    pos_of_paragraph = {}
    if "paragraphs" in parts:
        for r in conn.execute("SELECT * FROM paragraphs WHERE document_id = ? ORDER BY position", (document_id,)):
            pos_of_paragraph[r["id"]] = r["position"]
            doc.paragraphs.append(Paragraph(r["position"], r["kind"], r["text"], r["start"], r["end"], r["lang"],
                                            r["id"]))
    elif "sentences" in parts:
        pos_of_paragraph = dict(conn.execute("SELECT id, position FROM paragraphs WHERE document_id = ?",
                                             (document_id,)).fetchall())
    pos_of_sentence = {}
    if "sentences" in parts:
        for r in conn.execute("SELECT * FROM sentences WHERE document_id = ? ORDER BY position", (document_id,)):
            pos_of_sentence[r["id"]] = r["position"]
            doc.sentences.append(Sentence(r["position"], r["text"], r["start"], r["end"], r["lang"],
                                          pos_of_paragraph[r["paragraph_id"]], r["id"]))
    elif parts & {"figures", "mentions"}:
        pos_of_sentence = dict(conn.execute("SELECT id, position FROM sentences WHERE document_id = ?",
                                            (document_id,)).fetchall())
    if "figures" in parts:
        for r in conn.execute("SELECT * FROM figures WHERE document_id = ? ORDER BY start, id", (document_id,)):
            figure = _figure(r)
            figure.sentence_position = pos_of_sentence.get(r["sentence_id"])
            doc.figures.append(figure)
    if "mentions" in parts:
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
        origin=r["origin"], id=r["id"], document_id=r["document_id"], sentence_id=r["sentence_id"],
        place_code=r["place_code"], place_level=r["place_level"], scope=r["scope"])


def iter_documents(conn: sqlite3.Connection, parts: Iterable[str] = PARTS) -> Iterator[Document]:
    """Every stored document, one at a time (with only the ``parts`` named)."""
    parts = frozenset(parts)
    for document_id in document_ids(conn):
        yield load_document(conn, document_id, parts)


class StoredDocuments(Mapping[int, Document]):
    """The stored documents by id, read from the store when asked for, never all held at once:
    iterating reads them one at a time, and the last ``keep`` looked up by id stay in memory."""

    def __init__(self, conn: sqlite3.Connection, parts: Iterable[str] = PARTS, keep: int = 64):
        self.conn, self.parts, self.keep = conn, frozenset(parts), keep
        self._ids = document_ids(conn)
        self._id_set = set(self._ids)
        self._recent: OrderedDict[int, Document] = OrderedDict()

    def __getitem__(self, document_id: int) -> Document:
        if document_id in self._recent:
            self._recent.move_to_end(document_id)
            return self._recent[document_id]
        if document_id not in self._id_set:
            raise KeyError(document_id)
        doc = self._recent[document_id] = load_document(self.conn, document_id, self.parts)
        if len(self._recent) > self.keep:
            self._recent.popitem(last=False)
        return doc

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def explicit_pairs(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    rows = conn.execute(
        "SELECT s.id, t.id FROM explicit_pairs e JOIN documents s ON s.source = e.source"
        " JOIN documents t ON t.source = e.target")
    return [(r[0], r[1]) for r in rows]


def pair_ids(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM translation_pairs ORDER BY id")]


def load_pairs(conn: sqlite3.Connection) -> list[Pair]:
    return [Pair(r["source_document_id"], r["target_document_id"], r["score"], r["method"], r["id"])
            for r in conn.execute("SELECT * FROM translation_pairs ORDER BY id")]


def load_alignments(conn: sqlite3.Connection, pair_id: int) -> list[Alignment]:
    return [Alignment(r["pair_id"], r["position"], json.loads(r["source_sentence_ids"]),
                      json.loads(r["target_sentence_ids"]), r["score"])
            for r in conn.execute("SELECT * FROM alignments WHERE pair_id = ? ORDER BY position", (pair_id,))]


def figures_for(conn: sqlite3.Connection, metric: str, unit: str | None, period_start: str | None,
                period_end: str | None) -> list[tuple[Figure, dict]]:
    """Stored figures of a metric (and period, when given), each with its provenance."""
    sql = ("SELECT f.*, d.source, d.title, d.published, d.url, d.event_time, d.event_type,"
           " d.place AS event_place, s.text AS sentence FROM figures f"
           " JOIN documents d ON d.id = f.document_id LEFT JOIN sentences s ON s.id = f.sentence_id"
           " WHERE f.metric = ? AND coalesce(f.unit, '') = coalesce(?, '')")
    params: list = [metric, unit]
    if period_start:
        sql += " AND f.period_start = ? AND f.period_end = ?"
        params += [period_start, period_end]
    out = []
    for r in conn.execute(sql + " ORDER BY d.id, f.start", params):
        out.append((_figure(r), {"source": r["source"], "title": r["title"], "published": r["published"],
                             "url": r["url"], "sentence": r["sentence"], "event_time": r["event_time"],
                             "event_type": r["event_type"], "event_place": r["event_place"]}))
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


def load_discrepancies(conn: sqlite3.Connection, kind: str | None = None,
                       document_id: int | None = None, pair_id: int | None = None) -> list[dict]:
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


def pairs_with_alignments(conn: sqlite3.Connection) -> list[tuple[Pair, list[Alignment]]]:
    return [(pair, load_alignments(conn, pair.id)) for pair in load_pairs(conn) if pair.id is not None]


def translation_sources(conn: sqlite3.Connection) -> dict[int, int]:
    """Target document id -> its source document id, for every stored translation pair."""
    return {r[0]: r[1] for r in conn.execute("SELECT target_document_id, source_document_id FROM translation_pairs")}


def aliases_by_person(conn: sqlite3.Connection) -> dict[int, str]:
    """Person id -> the reasons of its merges, joined (what a name-variant finding explains)."""
    rows = conn.execute("SELECT person_id, group_concat(reason, '; ') AS reasons FROM person_aliases"
                        " GROUP BY person_id")
    return {r["person_id"]: r["reasons"] for r in rows}


def people_with_spellings(conn: sqlite3.Connection) -> list[tuple[int, str, int, list[tuple[str, str]]]]:
    """Each person: (id, canonical name, number of mentions, [(spelling, reason), …] in order)."""
    spellings: dict[int, list[tuple[str, str]]] = {}
    for r in conn.execute("SELECT person_id, name, reason FROM person_aliases ORDER BY person_id, id"):
        spellings.setdefault(r["person_id"], []).append((r["name"], r["reason"]))
    rows = conn.execute("SELECT p.id, p.name, (SELECT count(*) FROM mentions m WHERE m.person_id = p.id) AS n"
                        " FROM people p ORDER BY p.id")
    return [(r["id"], r["name"], r["n"], spellings.get(r["id"], [])) for r in rows]


def corpus_fingerprint(conn: sqlite3.Connection) -> str:
    """What the corpus tables are computed from: every document's id and hash, and the explicit pairs."""
    digest = hashlib.sha256()
    for row in conn.execute("SELECT id, sha256 FROM documents ORDER BY id"):
        digest.update(f"{row[0]}:{row[1]}\n".encode())
    for row in conn.execute("SELECT source, target FROM explicit_pairs ORDER BY source, target"):
        digest.update(f"pair:{row[0]}\t{row[1]}\n".encode())
    return digest.hexdigest()


def corpus_complete(conn: sqlite3.Connection) -> bool:
    """Whether the corpus stages finished over the documents now stored."""
    row = conn.execute("SELECT fingerprint FROM corpus_state WHERE id = 1").fetchone()
    return row is not None and row[0] == corpus_fingerprint(conn)
