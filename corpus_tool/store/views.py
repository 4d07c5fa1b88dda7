"""Views that make the common research joins one ``SELECT`` away.

Part of the public SQL interface next to the tables in ``schema.py``: add
columns, never rename them.  Every view is recreated by ``create_views`` (called
from ``store.ensure_schema``) so that a changed definition reaches old
databases too.  Each view carries the provenance a journalist needs to find
the sentence behind a number: document source, URL, publication date and the
sentence text with its character offsets.
"""
from __future__ import annotations

import sqlite3

# The year a figure's period starts in; NULL when the period is unknown.  CAST
# gives the column INTEGER affinity, so ``year = '2019'`` and ``year = 2019``
# both match.
_YEAR = "CAST(NULLIF(substr(f.period_start, 1, 4), '') AS INTEGER)"

# Concatenated text of the sentences whose ids are in a JSON array column,
# in array order (alignments store ids as JSON lists: 1:n and n:1 links).
_JOINED_SENTENCES = (
    "(SELECT group_concat(text, ' ') FROM (SELECT s.text AS text FROM json_each({ids}) j"
    " JOIN sentences s ON s.id = j.value ORDER BY j.key))"
)

VIEWS: dict[str, str] = {
    "figures_with_source": f"""
SELECT f.id AS figure_id, f.metric, f.value, f.low, f.high, f.approximate, f.qualifier,
       f.unit, f.noun, f.place, f.place_code, f.place_level, f.scope,
       f.period_start, f.period_end, f.period_text,
       {_YEAR} AS year,
       f.surface, f.start, f."end", f.in_heading, f.origin,
       f.sentence_id, s.text AS sentence_text,
       f.document_id, d.title AS document_title, d.lang, d.published, d.source, d.url, d.site,
       d.event_time, d.event_type
FROM figures f
JOIN documents d ON d.id = f.document_id
LEFT JOIN sentences s ON s.id = f.sentence_id""",
    "mentions_with_person": """
SELECT m.id AS mention_id, m.person_id, COALESCE(p.name, m.name_as_written) AS person_name,
       m.name_as_written, m.title, m.title_en, m.organization, m.place, m.quote,
       m.start, m."end", m.source AS found_by,
       m.sentence_id, s.text AS sentence_text,
       m.document_id, d.title AS document_title, d.lang, d.published, d.source, d.url, d.site
FROM mentions m
JOIN documents d ON d.id = m.document_id
LEFT JOIN people p ON p.id = m.person_id
LEFT JOIN sentences s ON s.id = m.sentence_id""",
    "discrepancies_with_text": """
SELECT x.id AS discrepancy_id, x.kind, x.severity, x.message, x.value, x.other_value,
       x.pair_id,
       x.document_id, d.title AS document_title, d.lang, d.source, d.url,
       x.sentence_id, s.text AS sentence_text, s.start, s."end",
       x.other_document_id, od.title AS other_document_title, od.lang AS other_lang,
       od.source AS other_source, od.url AS other_url,
       x.other_sentence_id, os.text AS other_sentence_text,
       os.start AS other_start, os."end" AS other_end
FROM discrepancies x
JOIN documents d ON d.id = x.document_id
LEFT JOIN sentences s ON s.id = x.sentence_id
LEFT JOIN documents od ON od.id = x.other_document_id
LEFT JOIN sentences os ON os.id = x.other_sentence_id""",
    "aligned_sentences": f"""
SELECT a.id AS alignment_id, a.pair_id, a.position, a.score,
       p.source_document_id, sd.source AS source_document, sd.lang AS source_lang,
       p.target_document_id, td.source AS target_document, td.lang AS target_lang,
       a.source_sentence_ids, a.target_sentence_ids,
       {_JOINED_SENTENCES.format(ids="a.source_sentence_ids")} AS source_text,
       {_JOINED_SENTENCES.format(ids="a.target_sentence_ids")} AS target_text
FROM alignments a
JOIN translation_pairs p ON p.id = a.pair_id
JOIN documents sd ON sd.id = p.source_document_id
JOIN documents td ON td.id = p.target_document_id""",
}


def _definition(name: str) -> str:
    return f"CREATE VIEW {name} AS {VIEWS[name].strip()}"


def create_views(conn: sqlite3.Connection) -> None:
    """Create missing views and replace changed ones; a no-op on an up-to-date database.

    Untouched views leave the schema alone, so concurrent readers are not
    made to re-prepare their statements on every connect.
    """
    existing = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'").fetchall())
    stale = [name for name in VIEWS if existing.get(name) != _definition(name)]
    if not stale:
        return
    conn.executescript("".join(
        f"DROP VIEW IF EXISTS {name};\n{_definition(name)};\n" for name in stale))
